/* conv.c — Sprig's shared value conversions: strval, spf13/cast's ToInt64/ToFloat64 (with
 * Go's strconv.ParseInt base 0 / ParseFloat syntax) and strslice. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "sprig/sprig_int.h"

const char *ct_sprig__strval(ct_arena *a, const ct_value *v, size_t *len) {
  if (v && (v->type == CT_STRING || v->type == CT_BYTES)) {
    *len = v->s.len;
    return v->s.ptr;
  }
  ct_buf b = CT_BUF_INIT;
  ct_gofmt_value(&b, v);
  char *s = ct_arena_strndup(a, ct_buf_str(&b), b.len);
  *len = b.len;
  ct_buf_dispose(&b);
  return s;
}

/* Go's underscoreOK: '_' only between digits or after a base prefix. */
static bool underscore_ok(const char *s, size_t n) {
  char saw = '^';
  size_t i = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  bool hex = false;
  if (n - i >= 2 && s[i] == '0' && s[i + 1] && strchr("bBoOxX", s[i + 1])) {
    hex = s[i + 1] == 'x' || s[i + 1] == 'X';
    i += 2;
    saw = '0';
  }
  for (; i < n; i++) {
    char c = s[i];
    if (isdigit((unsigned char)c) || (hex && isxdigit((unsigned char)c))) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

/* strconv.ParseInt(s, 0, 64). Returns false on syntax or range error. */
static bool parse_int_base0(const char *s, size_t n, int64_t *out) {
  size_t i = 0;
  bool neg = false;
  if (n == 0) return false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    i = 1;
  }
  if (i == n) return false;
  int base = 10;
  if (s[i] == '0') {
    char p = (char)(n - i >= 3 ? tolower((unsigned char)s[i + 1]) : 0);
    if (p == 'b')
      base = 2, i += 2;
    else if (p == 'o')
      base = 8, i += 2;
    else if (p == 'x')
      base = 16, i += 2;
    else
      base = 8, i += 1;
  }
  bool underscores = false;
  uint64_t acc = 0;
  const uint64_t limit = neg ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1;
  bool overflow = false;
  for (; i < n; i++) {
    char c = s[i];
    int d;
    if (c == '_') {
      underscores = true;
      continue;
    }
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z')
      d = c - 'A' + 10;
    else
      return false;
    if (d >= base) return false;
    if (acc > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
      overflow = true;
    else
      acc = acc * (uint64_t)base + (uint64_t)d;
  }
  if (underscores && !underscore_ok(s, n)) return false;
  if (overflow || acc > limit) return false;
  *out = neg ? (int64_t)(0 - acc) : (int64_t)acc;
  return true;
}

/* cast's trimZeroDecimal: "12.000" → "12"; anything else unchanged. */
static size_t trim_zero_decimal(const char *s, size_t n) {
  bool zero = false;
  for (size_t i = n; i > 0; i--) {
    char c = s[i - 1];
    if (c == '.') {
      if (zero) return i - 1;
    } else if (c == '0') {
      zero = true;
    } else {
      return n;
    }
  }
  return n;
}

static bool ieq(const char *s, size_t n, const char *w) {
  return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* strconv.ParseFloat(s, 64) syntax check + value; false on syntax error. Range errors give
 * ±Inf with an error in Go, which cast turns into 0 → false as well. */
static bool parse_float(const char *s, size_t n, double *out) {
  size_t i = 0;
  if (n == 0) return false;
  /* specials */
  {
    size_t j = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (ieq(s + j, n - j, "inf") || ieq(s + j, n - j, "infinity")) {
      *out = s[0] == '-' ? -INFINITY : INFINITY;
      return true;
    }
    if (ieq(s, n, "nan")) {
      *out = NAN;
      return true;
    }
  }
  if (s[i] == '+' || s[i] == '-') i++;
  bool hex = false;
  if (n - i >= 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) hex = true, i += 2;
  bool digits = false, dot = false, underscores = false;
  for (; i < n; i++) {
    char c = s[i];
    if (c == '_') {
      underscores = true;
      continue;
    }
    if (c == '.') {
      if (dot) return false;
      dot = true;
      continue;
    }
    if (isdigit((unsigned char)c) || (hex && isxdigit((unsigned char)c))) {
      digits = true;
      continue;
    }
    break;
  }
  if (!digits) return false;
  if (i < n) {
    char c = s[i];
    if (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E')) {
      i++;
      if (i < n && (s[i] == '+' || s[i] == '-')) i++;
      bool ed = false;
      for (; i < n; i++) {
        if (isdigit((unsigned char)s[i]))
          ed = true;
        else if (s[i] == '_')
          underscores = true;
        else
          break;
      }
      if (!ed) return false;
    } else {
      return false;
    }
  } else if (hex) {
    return false; /* hex mantissa needs a 'p' exponent */
  }
  if (i != n) return false;
  if (underscores && !underscore_ok(s, n)) return false;
  char *tmp = malloc(n + 1);
  if (!tmp) abort();
  size_t k = 0;
  for (size_t j = 0; j < n; j++)
    if (s[j] != '_') tmp[k++] = s[j];
  tmp[k] = 0;
  errno = 0;
  double d = strtod(tmp, NULL);
  int e = errno;
  free(tmp);
  if (e == ERANGE && isinf(d)) return false;
  *out = d;
  return true;
}

/* Go's int64(f) as amd64 does it: out of range and NaN give math.MinInt64. */
static int64_t f2i(double f) {
  if (isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0) return INT64_MIN;
  return (int64_t)f;
}

/* spf13/cast knows time.Month and time.Weekday (as ints) but no other named integer type:
 * a time.Duration falls to its default case, an error Sprig turns into 0. */
static bool cast_unknown(const ct_value *v) { return v->gotype == CT_GO_DURATION; }

int64_t ct_sprig__toint64(const ct_value *v) {
  if (!v || cast_unknown(v)) return 0;
  switch (v->type) {
  case CT_BOOL: return v->b ? 1 : 0;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: return v->i;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: return (int64_t)v->u;
  case CT_FLOAT64: return f2i(v->f);
  case CT_STRING: {
    size_t n = trim_zero_decimal(v->s.ptr, v->s.len);
    int64_t r;
    return parse_int_base0(v->s.ptr, n, &r) ? r : 0;
  }
  default: return 0;
  }
}

double ct_sprig__tofloat64(const ct_value *v) {
  if (!v || cast_unknown(v)) return 0;
  switch (v->type) {
  case CT_BOOL: return v->b ? 1 : 0;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: return (double)v->i;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: return (double)v->u;
  case CT_FLOAT64: return v->f;
  case CT_STRING: {
    double d;
    return parse_float(v->s.ptr, v->s.len, &d) ? d : 0;
  }
  default: return 0;
  }
}

ct_value *ct_sprig__strslice(ct_arena *a, const ct_value *v) {
  if (v && v->type == CT_STRLIST) return (ct_value *)v;
  ct_value *out = ct_list_new(a, CT_STRLIST, 0);
  if (!v) return out;
  size_t len;
  const char *s;
  if (v->type == CT_LIST) {
    for (size_t i = 0; i < v->list->len; i++) {
      ct_value *it = v->list->items[i];
      if (!it) continue;
      s = ct_sprig__strval(a, it, &len);
      ct_list_push(a, out, it->type == CT_STRING ? it : ct_string_nocopy(a, s, len));
    }
    return out;
  }
  if (v->type == CT_BYTES) { /* a []uint8 is a slice: each byte as a number */
    for (size_t i = 0; i < v->s.len; i++) {
      char *d = ct_arena_sprintf(a, "%u", (unsigned)(unsigned char)v->s.ptr[i]);
      ct_list_push(a, out, ct_string_nocopy(a, d, strlen(d)));
    }
    return out;
  }
  s = ct_sprig__strval(a, v, &len);
  ct_list_push(a, out, v->type == CT_STRING ? (ct_value *)v : ct_string_nocopy(a, s, len));
  return out;
}
