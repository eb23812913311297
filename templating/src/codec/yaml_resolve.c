/* yaml_resolve.c — go-yaml's resolve(): what a YAML 1.1 scalar means (null, bool, int, float,
 * timestamp, string), Go's ParseInt/ParseFloat rules included; used to decode and to quote. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codec/codec_int.h"

#define TAG_STR CT_YAML_TAG_PREFIX "str"
#define TAG_BOOL CT_YAML_TAG_PREFIX "bool"
#define TAG_INT CT_YAML_TAG_PREFIX "int"
#define TAG_FLOAT CT_YAML_TAG_PREFIX "float"
#define TAG_NULL CT_YAML_TAG_PREFIX "null"
#define TAG_TIMESTAMP CT_YAML_TAG_PREFIX "timestamp"
#define TAG_BINARY CT_YAML_TAG_PREFIX "binary"

const char *ct_codec__short_tag(const char *tag) {
  static const char prefix[] = CT_YAML_TAG_PREFIX;
  if (tag && strncmp(tag, prefix, sizeof prefix - 1) == 0) {
    /* "!!" + rest, in a small rotating static buffer set (messages only) */
    static __thread char bufs[4][64];
    static __thread int k;
    char *b = bufs[k++ & 3];
    size_t n = strlen(tag + sizeof prefix - 1);
    if (n > sizeof bufs[0] - 3) n = sizeof bufs[0] - 3;
    b[0] = '!', b[1] = '!';
    memcpy(b + 2, tag + sizeof prefix - 1, n);
    b[n + 2] = 0;
    return b;
  }
  return tag ? tag : "";
}

static const char *tag_of(yres_kind k) {
  switch (k) {
  case YR_NULL: return TAG_NULL;
  case YR_BOOL: return TAG_BOOL;
  case YR_INT:
  case YR_UINT: return TAG_INT;
  case YR_FLOAT: return TAG_FLOAT;
  case YR_TIMESTAMP: return TAG_TIMESTAMP;
  case YR_BINARY: return TAG_BINARY;
  default: return TAG_STR;
  }
}

/* ---- Go's strconv.ParseUint / ParseInt with base 0 (no underscores: already removed) ---- */

static int digit_val(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

static bool go_parse_uint(const char *s, size_t n, uint64_t *out) {
  if (n == 0) return false;
  unsigned base = 10;
  if (s[0] == '0') {
    char l = n >= 2 ? (char)(s[1] | 0x20) : 0;
    if (n >= 3 && l == 'b') base = 2, s += 2, n -= 2;
    else if (n >= 3 && l == 'o') base = 8, s += 2, n -= 2;
    else if (n >= 3 && l == 'x') base = 16, s += 2, n -= 2;
    else base = 8, s += 1, n -= 1;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    int d = digit_val(s[i]);
    if (d >= (int)base) return false;
    if (v > (UINT64_MAX - (uint64_t)d) / base) return false;
    v = v * base + (uint64_t)d;
  }
  *out = v;
  return true;
}

static bool go_parse_int(const char *s, size_t n, int64_t *out) {
  if (n == 0) return false;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s++, n--;
  }
  uint64_t u;
  if (!go_parse_uint(s, n, &u)) return false;
  if (!neg && u > (uint64_t)INT64_MAX) return false;
  if (neg && u > (uint64_t)INT64_MAX + 1) return false;
  *out = neg ? (int64_t)(0 - u) : (int64_t)u;
  return true;
}

static bool isdig(char c) { return c >= '0' && c <= '9'; }

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) i++;
  if (i < n && s[i] == '.') {
    i++;
    size_t st = i;
    while (i < n && isdig(s[i])) i++;
    if (i == st) return false;
  } else {
    size_t st = i;
    while (i < n && isdig(s[i])) i++;
    if (i == st) return false;
    if (i < n && s[i] == '.') {
      i++;
      while (i < n && isdig(s[i])) i++;
    }
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    size_t st = i;
    while (i < n && isdig(s[i])) i++;
    if (i == st) return false;
  }
  return i == n;
}

/* strconv.ParseFloat of a string already known to be decimal syntax; false on overflow. */
static bool parse_float(const char *s, size_t n, double *out) {
  char stackbuf[64];
  char *tmp = n < sizeof stackbuf ? stackbuf : malloc(n + 1);
  if (!tmp) abort();
  memcpy(tmp, s, n);
  tmp[n] = 0;
  double f = strtod(tmp, NULL);
  if (tmp != stackbuf) free(tmp);
  if (isinf(f)) return false;
  *out = f;
  return true;
}

/* ---- go-yaml's parseTimestamp with Go's time.Parse on its four layouts ---- */

static bool getnum(const char **p, const char *end, int *out) {
  const char *s = *p;
  if (s >= end || !isdig(s[0])) return false;
  if (s + 1 >= end || !isdig(s[1])) {
    *out = s[0] - '0';
    *p = s + 1;
    return true;
  }
  *out = (s[0] - '0') * 10 + (s[1] - '0');
  *p = s + 2;
  return true;
}

static int days_in(int month, int year) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return d[month - 1];
}

/* layout: 0 "2006-1-2T15:4:5.999999999Z07:00", 1 same with 't', 2 "2006-1-2 15:4:5.999999999",
 * 3 "2006-1-2" */
static bool time_parse(const char *s, size_t n, int layout) {
  const char *p = s, *end = s + n;
  if (n < 4) return false;
  int year = atoi((char[]){s[0], s[1], s[2], s[3], 0});
  p += 4;
  int month, day;
  if (p >= end || *p++ != '-') return false;
  if (!getnum(&p, end, &month)) return false;
  if (p >= end || *p++ != '-') return false;
  if (!getnum(&p, end, &day)) return false;
  if (layout <= 2) {
    char sep = layout == 0 ? 'T' : layout == 1 ? 't' : ' ';
    int h, m, sec;
    if (p >= end || *p++ != sep) return false;
    if (!getnum(&p, end, &h)) return false;
    if (p >= end || *p++ != ':') return false;
    if (!getnum(&p, end, &m)) return false;
    if (p >= end || *p++ != ':') return false;
    if (!getnum(&p, end, &sec)) return false;
    if (end - p >= 2 && (*p == '.' || *p == ',') && isdig(p[1])) {
      p++;
      int nd = 0;
      while (p < end && isdig(*p)) p++, nd++;
      if (nd > 9) return false;
    }
    if (h >= 24 || m >= 60 || sec >= 60) return false;
    if (layout <= 1) {
      if (p < end && *p == 'Z') {
        p++;
      } else {
        if (end - p < 6 || p[3] != ':' || (p[0] != '+' && p[0] != '-')) return false;
        if (!isdig(p[1]) || !isdig(p[2]) || !isdig(p[4]) || !isdig(p[5])) return false;
        int hh = (p[1] - '0') * 10 + (p[2] - '0'), mm = (p[4] - '0') * 10 + (p[5] - '0');
        if (hh > 24 || mm > 60) return false;
        p += 6;
      }
    }
  }
  if (p != end) return false;
  if (month < 1 || month > 12) return false;
  if (day < 1 || day > days_in(month, year)) return false;
  return true;
}

static bool parse_timestamp(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && isdig(s[i])) i++;
  if (i != 4 || i == n || s[i] != '-') return false;
  for (int l = 0; l < 4; l++)
    if (time_parse(s, n, l)) return true;
  return false;
}

/* ---- resolve ---- */

typedef struct mapitem {
  const char *s;
  size_t len;
  yres_kind kind;
  int val; /* bool value, or sign of infinity, or 0 for NaN */
} mapitem;

static const mapitem v2_map[] = {
    {"y", 1, YR_BOOL, 1},      {"Y", 1, YR_BOOL, 1},      {"yes", 3, YR_BOOL, 1},   {"Yes", 3, YR_BOOL, 1},
    {"YES", 3, YR_BOOL, 1},    {"true", 4, YR_BOOL, 1},   {"True", 4, YR_BOOL, 1},  {"TRUE", 4, YR_BOOL, 1},
    {"on", 2, YR_BOOL, 1},     {"On", 2, YR_BOOL, 1},     {"ON", 2, YR_BOOL, 1},    {"n", 1, YR_BOOL, 0},
    {"N", 1, YR_BOOL, 0},      {"no", 2, YR_BOOL, 0},     {"No", 2, YR_BOOL, 0},    {"NO", 2, YR_BOOL, 0},
    {"false", 5, YR_BOOL, 0},  {"False", 5, YR_BOOL, 0},  {"FALSE", 5, YR_BOOL, 0}, {"off", 3, YR_BOOL, 0},
    {"Off", 3, YR_BOOL, 0},    {"OFF", 3, YR_BOOL, 0},    {"~", 1, YR_NULL, 0},     {"null", 4, YR_NULL, 0},
    {"Null", 4, YR_NULL, 0},   {"NULL", 4, YR_NULL, 0},   {".nan", 4, YR_FLOAT, 0}, {".NaN", 4, YR_FLOAT, 0},
    {".NAN", 4, YR_FLOAT, 0},  {".inf", 4, YR_FLOAT, 1},  {".Inf", 4, YR_FLOAT, 1}, {".INF", 4, YR_FLOAT, 1},
    {"+.inf", 5, YR_FLOAT, 1}, {"+.Inf", 5, YR_FLOAT, 1}, {"+.INF", 5, YR_FLOAT, 1}, {"-.inf", 5, YR_FLOAT, -1},
    {"-.Inf", 5, YR_FLOAT, -1}, {"-.INF", 5, YR_FLOAT, -1},
};

static bool map_lookup(yres *out, const char *in, size_t len, bool v3) {
  if (len > 6) return false;
  for (size_t k = 0; k < sizeof v2_map / sizeof v2_map[0]; k++) {
    const mapitem *m = &v2_map[k];
    if (m->len != len || m->s[0] != in[0] || memcmp(m->s, in, len) != 0) continue;
    if (v3 && m->kind == YR_BOOL) {
      /* yaml.v3 only knows true/false spellings */
      if (in[0] != 't' && in[0] != 'T' && in[0] != 'f' && in[0] != 'F') return false;
    }
    out->kind = m->kind;
    if (m->kind == YR_BOOL) out->b = m->val != 0;
    else if (m->kind == YR_FLOAT) out->f = m->val == 0 ? NAN : m->val > 0 ? INFINITY : -INFINITY;
    return true;
  }
  return false;
}

static char hint_of(const char *in, size_t len) {
  if (len == 0) return 'N';
  switch (in[0]) {
  case '+':
  case '-': return 'S';
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
  case '8':
  case '9': return 'D';
  case 'y':
  case 'Y':
  case 'n':
  case 'N':
  case 't':
  case 'T':
  case 'f':
  case 'F':
  case 'o':
  case 'O':
  case '~': return 'M';
  case '.': return '.';
  default: return 0;
  }
}

/* Whether S (N bytes, starting with a letter or '~') is one of the words go-yaml v2 resolves
 * to a bool or null (its resolve table). */
static bool bool_or_null_word(const char *s, size_t n) {
  /* the words of each length, run together, each in its spellings (lower, capitalised, upper) */
  static const char *const by_len[] = {"",
                                       "yYnN~",
                                       "noNoNOonOnON",
                                       "yesYesYESoffOffOFF",
                                       "trueTrueTRUEnullNullNULL",
                                       "falseFalseFALSE"};
  if (n >= sizeof by_len / sizeof by_len[0]) return false;
  for (const char *w = by_len[n]; *w; w += n)
    if (!memcmp(s, w, n)) return true;
  return false;
}

bool ct_codec__plain_string(const char *s, size_t n) {
  if (!n) return false; /* the empty scalar is null */
  char hint = hint_of(s, n);
  return hint == 0 || (hint == 'M' && !bool_or_null_word(s, n));
}

/* Resolution of an untagged (or str/int/... tagged) scalar. */
static void resolve_plain(yres *out, const char *tag, const char *in, size_t len, bool v3) {
  memset(out, 0, sizeof *out);
  out->kind = YR_STR;
  char hint = hint_of(in, len);
  if (hint == 0 || (tag && strcmp(tag, TAG_STR) == 0)) return;
  if (len == 0) {
    out->kind = YR_NULL;
    return;
  }
  if (map_lookup(out, in, len, v3)) return;
  switch (hint) {
  case '.': {
    /* strconv.ParseFloat: only ".digits[e±digits]" can start with '.' */
    if (yaml_style_float(in, len) && parse_float(in, len, &out->f)) out->kind = YR_FLOAT;
    return;
  }
  case 'D':
  case 'S': {
    if ((!tag || !*tag || strcmp(tag, TAG_TIMESTAMP) == 0) && parse_timestamp(in, len)) {
      out->kind = YR_TIMESTAMP;
      return;
    }
    char stackbuf[80];
    char *plain = len < sizeof stackbuf ? stackbuf : malloc(len + 1);
    if (!plain) abort();
    size_t pn = 0;
    for (size_t i = 0; i < len; i++)
      if (in[i] != '_') plain[pn++] = in[i];
    plain[pn] = 0;
    if (go_parse_int(plain, pn, &out->i)) {
      out->kind = YR_INT;
    } else if (go_parse_uint(plain, pn, &out->u)) {
      out->kind = YR_UINT;
    } else if (yaml_style_float(plain, pn) && parse_float(plain, pn, &out->f)) {
      out->kind = YR_FLOAT;
    } else if (pn > 2 && plain[0] == '0' && plain[1] == 'b') {
      /* already covered by base-0 parsing; kept for go-yaml's explicit branch */
    }
    if (plain != stackbuf) free(plain);
    return;
  }
  default: return;
  }
}

static bool resolvable(const char *tag) {
  if (!tag || !*tag) return true;
  return strcmp(tag, TAG_STR) == 0 || strcmp(tag, TAG_BOOL) == 0 || strcmp(tag, TAG_INT) == 0 ||
         strcmp(tag, TAG_FLOAT) == 0 || strcmp(tag, TAG_NULL) == 0 ||
         strcmp(tag, TAG_TIMESTAMP) == 0;
}

int ct_codec__resolve(yres *out, const char *tag, const char *in, size_t len, bool v3, ct_buf *err) {
  if (!resolvable(tag)) {
    memset(out, 0, sizeof *out);
    out->kind = (tag && strcmp(tag, TAG_BINARY) == 0) ? YR_BINARY : YR_OTHER;
    return 0;
  }
  resolve_plain(out, tag, in, len, v3);
  if (!tag || !*tag || strcmp(tag, TAG_STR) == 0) return 0;
  const char *rtag = tag_of(out->kind);
  if (strcmp(rtag, tag) == 0) return 0;
  if (strcmp(tag, TAG_FLOAT) == 0 && out->kind == YR_INT) {
    out->kind = YR_FLOAT;
    out->f = (double)out->i;
    return 0;
  }
  ct_buf_printf(err, "cannot decode %s `", ct_codec__short_tag(rtag));
  ct_buf_put(err, in, len);
  ct_buf_printf(err, "` as a %s", ct_codec__short_tag(tag));
  return -1;
}

/* ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ */
static bool is_base60_float(const char *s, size_t n) {
  if (n == 0) return false;
  char c = s[0];
  if (!(c == '+' || c == '-' || isdig(c)) || !memchr(s, ':', n)) return false;
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-') i++;
  if (i >= n || !isdig(s[i])) return false;
  i++;
  while (i < n && (isdig(s[i]) || s[i] == '_')) i++;
  int groups = 0;
  while (i < n && s[i] == ':') {
    i++;
    /* [0-5]?[0-9] */
    if (i + 1 < n && s[i] >= '0' && s[i] <= '5' && isdig(s[i + 1])) i += 2;
    else if (i < n && isdig(s[i])) i++;
    else return false;
    groups++;
  }
  if (groups == 0) return false;
  if (i < n && s[i] == '.') {
    i++;
    while (i < n && (isdig(s[i]) || s[i] == '_')) i++;
  }
  return i == n;
}

static bool is_old_bool(const char *s, size_t n) {
  static const char *const olds[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
                                     "n", "N", "no", "No", "NO", "off", "Off", "OFF"};
  for (size_t k = 0; k < sizeof olds / sizeof olds[0]; k++)
    if (strlen(olds[k]) == n && memcmp(olds[k], s, n) == 0) return true;
  return false;
}

bool ct_codec__plain_is_str(const char *s, size_t len, bool v3) {
  yres r;
  resolve_plain(&r, NULL, s, len, v3);
  if (r.kind != YR_STR) return false;
  if (is_base60_float(s, len)) return false;
  if (v3 && is_old_bool(s, len)) return false;
  return true;
}
