/* strvals.c — Helm's pkg/strvals: --set, --set-string, --set-json, --set-file and
 * --set-literal parsing into a values map, with strvals' exact error messages. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart/chart_int.h"
#include "chartctl/codec.h"
#include "chartctl/gofmt.h"
#include "chartctl/values.h"

enum { R_OK = 0, R_EOF = 1, R_NOTLIST = 2, R_ERR = -1 };

#define MAX_INDEX 65536
#define MAX_NESTED 30

typedef struct parser {
  const char *s;
  size_t pos, len;
  ct_arena *a;
  ct_strvals_mode mode;
  ct_strvals_file_reader reader;
  void *udata;
  int depth; /* recursion guard */
} parser;

static int errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int errf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ct_buf b = CT_BUF_INIT;
  ct_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  ct_error_set(CT_EINVAL, "%s", ct_buf_str(&b));
  ct_buf_dispose(&b);
  return R_ERR;
}

static const char *quoted(ct_arena *a, const char *s, size_t n) {
  ct_buf b = CT_BUF_INIT;
  ct_gofmt_quote(&b, s, n);
  char *r = ct_arena_strdup(a, ct_buf_str(&b));
  ct_buf_dispose(&b);
  return r;
}

/* reads one rune (as its UTF-8 bytes; invalid bytes become U+FFFD); returns its length, 0 at EOF */
static size_t read_rune(parser *p, char out[4], int *cp) {
  if (p->pos >= p->len) return 0;
  const unsigned char *u = (const unsigned char *)p->s + p->pos;
  size_t rem = p->len - p->pos;
  size_t n = 1;
  int c = u[0];
  if (u[0] >= 0x80) {
    size_t need = (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = need && need <= rem;
    for (size_t i = 1; ok && i < need; i++)
      if ((u[i] & 0xC0) != 0x80) ok = false;
    if (ok) {
      n = need;
      memcpy(out, u, n);
      *cp = 0x80; /* non-ASCII: never a stop rune */
      p->pos += n;
      return n;
    }
    memcpy(out, "\xEF\xBF\xBD", 3);
    *cp = 0xFFFD;
    p->pos += 1;
    return 3;
  }
  out[0] = (char)c;
  *cp = c;
  p->pos += n;
  return n;
}

/* runesUntil: *last is the stop rune; returns R_OK or R_EOF */
static int runes_until(parser *p, const char *stop, ct_buf *v, int *last, bool escapes) {
  ct_buf_reset(v);
  ct_buf_put(v, "", 0);
  for (;;) {
    char rb[4];
    int cp;
    size_t n = read_rune(p, rb, &cp);
    if (n == 0) { *last = 0; return R_EOF; }
    if (cp < 0x80 && cp && strchr(stop, cp)) { *last = cp; return R_OK; }
    if (escapes && cp == '\\') {
      n = read_rune(p, rb, &cp);
      if (n == 0) { *last = 0; return R_EOF; }
    }
    ct_buf_put(v, rb, n);
  }
}

static void set(parser *p, ct_value *data, const ct_buf *k, ct_value *v) {
  if (k->len == 0) return;
  ct_map_set(p->a, data, k->ptr, k->len, v);
}

/* %q of a []rune: ['a' 'b'] */
static const char *quoted_runes(ct_arena *a, const char *s, size_t n) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_putc(&b, '[');
  for (size_t i = 0; i < n;) {
    if (i) ct_buf_putc(&b, ' ');
    unsigned char c = (unsigned char)s[i];
    size_t l = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + l > n) l = n - i;
    ct_buf_putc(&b, '\'');
    if (c == '\'' || c == '\\') { ct_buf_putc(&b, '\\'); ct_buf_putc(&b, (char)c); }
    else if (c == '\n') ct_buf_puts(&b, "\\n");
    else if (c == '\t') ct_buf_puts(&b, "\\t");
    else if (c == '\r') ct_buf_puts(&b, "\\r");
    else if (c < 0x20 || c == 0x7f) ct_buf_printf(&b, "\\x%02x", c);
    else ct_buf_put(&b, s + i, l);
    ct_buf_putc(&b, '\'');
    i += l;
  }
  ct_buf_putc(&b, ']');
  char *r = ct_arena_strdup(a, ct_buf_str(&b));
  ct_buf_dispose(&b);
  return r;
}

static const char *conv_type(const ct_value *v) { return v ? ct_type_name(v) : "nil"; }

static ct_value *typed_val(parser *p, const char *s, size_t n) {
  if (p->mode == CT_STRVALS_STRING || p->mode == CT_STRVALS_LITERAL) return ct_string(p->a, s, n);
  if (n == 4 && !strncasecmp(s, "true", 4)) return ct_bool(p->a, true);
  if (n == 5 && !strncasecmp(s, "false", 5)) return ct_bool(p->a, false);
  if (n == 4 && !strncasecmp(s, "null", 4)) return NULL;
  if (n == 1 && s[0] == '0') return ct_int(p->a, CT_INT64, 0);
  if (n && s[0] != '0') {
    /* strconv.ParseInt(s, 10, 64): optional sign, digits only */
    size_t i = 0;
    bool neg = false;
    if (s[0] == '+' || s[0] == '-') { neg = s[0] == '-'; i = 1; }
    if (i < n) {
      unsigned long long acc = 0;
      bool ok = true;
      for (size_t j = i; j < n; j++) {
        if (s[j] < '0' || s[j] > '9') { ok = false; break; }
        unsigned long long nx = acc * 10 + (unsigned long long)(s[j] - '0');
        if (nx / 10 != acc || nx > 9223372036854775808ULL) { ok = false; break; }
        acc = nx;
      }
      if (ok && (neg || acc <= 9223372036854775807ULL)) {
        int64_t v = neg ? (int64_t)(0 - acc) : (int64_t)acc;
        return ct_int(p->a, CT_INT64, v);
      }
    }
  }
  return ct_string(p->a, s, n);
}

/* the value reader: typed value, or file contents */
static int read_val(parser *p, const char *s, size_t n, ct_value **out) {
  if (p->mode == CT_STRVALS_FILE) {
    char *path = ct_arena_strndup(p->a, s, n);
    *out = ct_string(p->a, "", 0);
    int rc = p->reader(out, p->a, path, p->udata);
    if (rc < 0) return R_ERR;
    return R_OK;
  }
  *out = typed_val(p, s, n);
  return R_OK;
}

static int key(parser *p, ct_value *data, int level);

/* Go's strconv.Atoi with its error text */
static int key_index(parser *p, int *out) {
  ct_buf v = CT_BUF_INIT;
  int last;
  int rc = runes_until(p, "]", &v, &last, p->mode != CT_STRVALS_LITERAL);
  if (rc == R_EOF) {
    ct_buf_dispose(&v);
    ct_error_set(CT_EINVAL, "EOF");
    return R_ERR;
  }
  const char *s = ct_buf_str(&v);
  size_t n = v.len, i = 0;
  bool neg = false, ok = n > 0;
  if (ok && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; i = 1; ok = n > 1; }
  long long acc = 0;
  bool range = false;
  for (size_t j = i; ok && j < n; j++) {
    if (s[j] < '0' || s[j] > '9') { ok = false; break; }
    if (acc > (9223372036854775807LL - (s[j] - '0')) / 10) range = true;
    else acc = acc * 10 + (s[j] - '0');
  }
  if (!ok || range) {
    ct_error_set(CT_EINVAL, "strconv.Atoi: parsing %s: %s", quoted(p->a, s, n),
                 ok ? "value out of range" : "invalid syntax");
    ct_buf_dispose(&v);
    return R_ERR;
  }
  ct_buf_dispose(&v);
  if (neg) acc = -acc;
  if (acc > 2147483647LL * 1024 || acc < -2147483647LL * 1024) acc = neg ? -MAX_INDEX - 1 : MAX_INDEX + 1;
  *out = (int)(acc > 0x7fffffff ? 0x7fffffff : acc < -0x7fffffff ? -0x7fffffff : acc);
  return R_OK;
}

static int set_index(parser *p, ct_value **list, int index, ct_value *val) {
  if (index < 0) return errf("negative %d index not allowed", index);
  if (index > MAX_INDEX)
    return errf("index of %d is greater than maximum supported index of %d", index, MAX_INDEX);
  if (!*list) *list = ct_list_new(p->a, CT_LIST, (size_t)index + 1);
  while ((*list)->list->len <= (size_t)index) ct_list_push(p->a, *list, NULL);
  (*list)->list->items[index] = val;
  return R_OK;
}

/* emptyVal: skip spaces; true at EOF or ',' (consumed) */
static bool empty_val(parser *p) {
  while (p->pos < p->len) {
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c == ',') { p->pos++; return true; }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') { p->pos++; continue; }
    return false;
  }
  return true;
}

/* extent of one JSON value at p->pos (after spaces); returns end offset or 0 on error */
static size_t json_extent(const char *s, size_t i, size_t n) {
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
  if (i >= n) return 0;
  char c = s[i];
  if (c == '{' || c == '[') {
    int depth = 0;
    for (; i < n; i++) {
      char d = s[i];
      if (d == '"') {
        for (i++; i < n && s[i] != '"'; i++)
          if (s[i] == '\\') i++;
        if (i >= n) return 0;
      } else if (d == '{' || d == '[') {
        if (++depth > 10000) return 0;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return 0;
  }
  if (c == '"') {
    for (i++; i < n && s[i] != '"'; i++)
      if (s[i] == '\\') i++;
    return i < n ? i + 1 : 0;
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    size_t j = i + 1;
    while (j < n && (strchr("0123456789.eE+-", s[j]))) j++;
    return j;
  }
  const char *lits[] = {"true", "false", "null"};
  for (int k = 0; k < 3; k++) {
    size_t l = strlen(lits[k]);
    if (n - i >= l && !strncmp(s + i, lits[k], l)) return i + l;
  }
  return 0;
}

static int json_value(parser *p, ct_value **out) {
  size_t end = json_extent(p->s, p->pos, p->len);
  if (end == 0) return errf("invalid JSON value");
  ct_buf err = CT_BUF_INIT;
  int rc = ct_json_parse(out, p->a, p->s + p->pos, end - p->pos, &err);
  if (rc < 0) {
    ct_error_set(CT_EINVAL, "%s", ct_buf_str(&err));
    ct_buf_dispose(&err);
    return R_ERR;
  }
  ct_buf_dispose(&err);
  p->pos = end;
  return R_OK;
}

/* valList: `{a,b}` */
static int val_list(parser *p, ct_value **out) {
  if (p->pos >= p->len) return R_EOF;
  if (p->s[p->pos] != '{') return R_NOTLIST;
  p->pos++;
  ct_value *list = ct_list_new(p->a, CT_LIST, 4);
  ct_buf rs = CT_BUF_INIT;
  int rc;
  for (;;) {
    int last;
    if (runes_until(p, ",}", &rs, &last, true) == R_EOF) {
      rc = errf("list must terminate with '}'");
      break;
    }
    ct_value *v = NULL;
    if (last == '}') {
      if (p->pos < p->len && p->s[p->pos] == ',') p->pos++;
      rc = read_val(p, rs.ptr, rs.len, &v);
      ct_list_push(p->a, list, v);
      break;
    }
    rc = read_val(p, rs.ptr, rs.len, &v);
    if (rc != R_OK) break;
    ct_list_push(p->a, list, v);
  }
  ct_buf_dispose(&rs);
  *out = list;
  return rc;
}

/* val: runes until ',' (or to the end for literals) */
static void read_rest(parser *p, ct_buf *v, bool literal) {
  int last;
  runes_until(p, literal ? "" : ",", v, &last, !literal);
}

static int list_item(parser *p, ct_value **list, int i, int level) {
  if (i < 0) return errf("negative %d index not allowed", i);
  bool lit = p->mode == CT_STRVALS_LITERAL;
  ct_buf k = CT_BUF_INIT;
  int last;
  int rc = runes_until(p, "[.=", &k, &last, !lit);
  if (k.len > 0) {
    rc = errf("unexpected data at end of array index: %s", quoted_runes(p->a, k.ptr, k.len));
    goto done;
  }
  if (rc == R_EOF) goto done;
  if (last == '=') {
    if (lit) {
      ct_buf v = CT_BUF_INIT;
      read_rest(p, &v, true);
      rc = set_index(p, list, i, ct_string(p->a, ct_buf_str(&v), v.len));
      ct_buf_dispose(&v);
      goto done;
    }
    if (p->mode == CT_STRVALS_JSON) {
      if (empty_val(p)) { rc = set_index(p, list, i, NULL); goto done; }
      ct_value *jv = NULL;
      if ((rc = json_value(p, &jv)) != R_OK) goto done;
      if ((rc = set_index(p, list, i, jv)) != R_OK) goto done;
      empty_val(p);
      rc = R_OK;
      goto done;
    }
    ct_value *vl = NULL;
    int e = val_list(p, &vl);
    if (e == R_OK) rc = set_index(p, list, i, vl);
    else if (e == R_EOF) rc = set_index(p, list, i, ct_string(p->a, "", 0));
    else if (e == R_NOTLIST) {
      ct_buf v = CT_BUF_INIT;
      read_rest(p, &v, false);
      ct_value *x = NULL;
      rc = read_val(p, ct_buf_str(&v), v.len, &x);
      ct_buf_dispose(&v);
      if (rc == R_OK) rc = set_index(p, list, i, x);
    } else rc = e;
    goto done;
  }
  if (last == '[') {
    int next;
    if (key_index(p, &next) != R_OK) {
      rc = ct_error_wrap(R_ERR, "error parsing index");
      goto done;
    }
    ct_value *crt = NULL;
    if (*list && (*list)->list->len > (size_t)i && (*list)->list->items[i]) {
      crt = (*list)->list->items[i];
      if (crt->type != CT_LIST) {
        rc = errf("unable to parse key: interface conversion: interface {} is %s, not []interface {}",
                  conv_type(crt));
        goto done;
      }
    }
    if (++p->depth > 1000) { rc = errf("nesting too deep"); goto done; }
    rc = list_item(p, &crt, next, level);
    p->depth--;
    if (rc != R_OK) goto done;
    rc = set_index(p, list, i, crt);
    goto done;
  }
  if (last == '.') {
    ct_value *inner = NULL;
    if (*list && (*list)->list->len > (size_t)i) {
      inner = (*list)->list->items[i];
      if (!inner || inner->type != CT_MAP) {
        inner = ct_map_new(p->a, CT_MAP, 4);
        (*list)->list->items[i] = inner;
      }
    } else {
      inner = ct_map_new(p->a, CT_MAP, 4);
    }
    rc = key(p, inner, level);
    if (rc != R_OK) goto done;
    rc = set_index(p, list, i, inner);
    goto done;
  }
  rc = errf("parse error: unexpected token %d", last);
done:
  ct_buf_dispose(&k);
  return rc;
}

static int key(parser *p, ct_value *data, int level) {
  bool lit = p->mode == CT_STRVALS_LITERAL;
  ct_buf k = CT_BUF_INIT;
  int last, rc;
  if (++p->depth > 1000) { rc = errf("nesting too deep"); goto out; }
  rc = runes_until(p, lit ? "=[." : "=[,.", &k, &last, !lit);
  if (rc == R_EOF) {
    if (k.len == 0) { rc = R_EOF; goto out; }
    rc = errf("key %s has no value", quoted(p->a, k.ptr, k.len));
    goto out;
  }
  if (last == '[') {
    int i;
    if (key_index(p, &i) != R_OK) { rc = ct_error_wrap(R_ERR, "error parsing index"); goto out; }
    ct_value *list = NULL, *cur = NULL;
    if (ct_map_get(data, k.ptr, k.len, &cur)) {
      if (!cur || cur->type != CT_LIST) {
        rc = errf("unable to parse key: interface conversion: interface {} is %s, not []interface {}",
                  conv_type(cur));
        goto out;
      }
      list = cur;
    } else {
      list = ct_list_new(p->a, CT_LIST, 0);
    }
    rc = list_item(p, &list, i, level);
    set(p, data, &k, list);
    goto out;
  }
  if (last == '=') {
    if (lit) {
      ct_buf v = CT_BUF_INIT;
      read_rest(p, &v, true);
      set(p, data, &k, ct_string(p->a, ct_buf_str(&v), v.len));
      ct_buf_dispose(&v);
      rc = R_OK;
      goto out;
    }
    if (p->mode == CT_STRVALS_JSON) {
      if (empty_val(p)) { set(p, data, &k, NULL); rc = R_OK; goto out; }
      ct_value *jv = NULL;
      if ((rc = json_value(p, &jv)) != R_OK) goto out;
      set(p, data, &k, jv);
      empty_val(p);
      rc = R_OK;
      goto out;
    }
    ct_value *vl = NULL;
    int e = val_list(p, &vl);
    if (e == R_OK) { set(p, data, &k, vl); rc = R_OK; }
    else if (e == R_EOF) { set(p, data, &k, ct_string(p->a, "", 0)); rc = R_EOF; }
    else if (e == R_NOTLIST) {
      ct_buf v = CT_BUF_INIT;
      read_rest(p, &v, false);
      ct_value *x = NULL;
      rc = read_val(p, ct_buf_str(&v), v.len, &x);
      ct_buf_dispose(&v);
      set(p, data, &k, x);
    } else rc = e;
    goto out;
  }
  if (last == ',') {
    set(p, data, &k, ct_string(p->a, "", 0));
    rc = errf("key %s has no value (cannot end with ,)", quoted(p->a, k.ptr, k.len));
    goto out;
  }
  /* '.' */
  if (++level > MAX_NESTED) {
    rc = errf("value name nested level is greater than maximum supported nested level of %d", MAX_NESTED);
    goto out;
  }
  ct_value *inner = NULL, *cur = NULL;
  if (ct_map_get(data, k.ptr, k.len, &cur)) {
    if (!cur || cur->type != CT_MAP) {
      rc = errf("unable to parse key: interface conversion: interface {} is %s, not map[string]interface {}",
                conv_type(cur));
      goto out;
    }
    inner = cur;
  } else {
    inner = ct_map_new(p->a, CT_MAP, 4);
  }
  rc = key(p, inner, level);
  if (rc == R_OK && ct_map_len(inner) == 0) {
    rc = errf("key map %s has no value", quoted(p->a, k.ptr, k.len));
    goto out;
  }
  if (ct_map_len(inner) != 0) set(p, data, &k, inner);
out:
  p->depth--;
  ct_buf_dispose(&k);
  return rc;
}

static int disk_reader(ct_value **out, ct_arena *a, const char *path, void *udata) {
  (void)udata;
  FILE *f = fopen(path, "rb");
  if (!f) {
    char m[128];
    snprintf(m, sizeof m, "%s", strerror(errno));
    if (m[0] >= 'A' && m[0] <= 'Z') m[0] = (char)(m[0] + 32);
    return ct_error_set(CT_ENOTFOUND, "open %s: %s", path, m);
  }
  ct_buf b = CT_BUF_INIT;
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) ct_buf_put(&b, tmp, n);
  fclose(f);
  *out = ct_string(a, b.ptr ? b.ptr : "", b.len);
  ct_buf_dispose(&b);
  return CT_OK;
}

int ct_strvals_parse(ct_value *dest, ct_arena *a, const char *s, ct_strvals_mode mode,
                     ct_strvals_file_reader reader, void *udata) {
  parser p = {.s = s, .len = strlen(s), .a = a, .mode = mode, .reader = reader ? reader : disk_reader,
              .udata = udata};
  for (;;) {
    int rc = key(&p, dest, 0);
    if (rc == R_OK) continue;
    if (rc == R_EOF) return CT_OK;
    return CT_EINVAL;
  }
}
