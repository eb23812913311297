/* toml_parse.c — Helm's fromToml: TOML 1.0 into ct_value as BurntSushi/toml decodes into
 * map[string]interface{} (integers int64, floats float64, tables maps, arrays lists), with its
 * "toml: line N: ..." error texts for the common mistakes. Datetimes stay strings. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/gofmt.h"
#include "codec/codec_int.h"

enum { TF_EXPLICIT = 1, TF_IMPLICIT = 2, TF_FROZEN = 4, TF_AOT = 8, TF_DOTTED = 16 };

typedef struct tflag {
  const ct_value *v;
  int flags;
} tflag;

typedef struct tp {
  const char *s;
  size_t i, n;
  int line;
  ct_arena *a;
  ct_buf *err;
  ct_value *root, *cur;
  tflag *flags;
  size_t nflags, capflags;
  ct_buf last_key; /* for "(last key ...)": the key being set, else the table's path */
  ct_buf ctx;      /* path of the current [table] */
  int depth;
} tp;

static int flags_of(tp *p, const ct_value *v) {
  for (size_t k = 0; k < p->nflags; k++)
    if (p->flags[k].v == v) return p->flags[k].flags;
  return 0;
}

static void set_flags(tp *p, const ct_value *v, int f) {
  for (size_t k = 0; k < p->nflags; k++)
    if (p->flags[k].v == v) {
      p->flags[k].flags = f;
      return;
    }
  if (p->nflags == p->capflags) {
    size_t nc = p->capflags ? p->capflags * 2 : 16;
    p->flags = ct_arena_realloc(p->a, p->flags, p->capflags * sizeof *p->flags, nc * sizeof *p->flags);
    p->capflags = nc;
  }
  p->flags[p->nflags].v = v;
  p->flags[p->nflags].flags = f;
  p->nflags++;
}

static int fail(tp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(tp *p, const char *fmt, ...) {
  if (p->err->len) return -1;
  ct_buf msg = CT_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  ct_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  /* the lexer reports errors met at the end of input on the previous line */
  const char *m = ct_buf_str(&msg);
  bool eof_err = p->i >= p->n && (strstr(m, "EOF") || strstr(m, "end of file") || strstr(m, "\\x00"));
  ct_buf_printf(p->err, "toml: line %d", eof_err ? p->line - 1 : p->line);
  if (p->last_key.len) {
    ct_buf_puts(p->err, " (last key ");
    ct_gofmt_quote(p->err, p->last_key.ptr, p->last_key.len);
    ct_buf_putc(p->err, ')');
  }
  ct_buf_puts(p->err, ": ");
  ct_buf_puts(p->err, m);
  ct_buf_dispose(&msg);
  return -1;
}

/* %q of the rune at the cursor (Go quoting), or the EOF forms. */
static const char *qrune(tp *p, char *buf, size_t cap) {
  if (p->i >= p->n) return "'\\x00'";
  uint32_t r;
  int w = ct_gofmt_utf8_decode(p->s + p->i, p->n - p->i, &r);
  ct_buf q = CT_BUF_INIT;
  char tmp[4];
  ct_gofmt_quote(&q, tmp, (size_t)ct_gofmt_utf8_encode(tmp, r));
  (void)w;
  snprintf(buf, cap, "'%.*s'", (int)(q.len - 2), q.ptr + 1);
  ct_buf_dispose(&q);
  return buf;
}

static char peekc(tp *p) { return p->i < p->n ? p->s[p->i] : 0; }

static bool at_eof(tp *p) { return p->i >= p->n; }

static void skip_ws(tp *p) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t')) p->i++;
}

static void skip_comment(tp *p) {
  if (peekc(p) == '#')
    while (p->i < p->n && p->s[p->i] != '\n') p->i++;
}

/* whitespace, newlines and comments (inside arrays) */
static void skip_all(tp *p) {
  for (;;) {
    skip_ws(p);
    skip_comment(p);
    if (peekc(p) == '\n') {
      p->i++;
      p->line++;
    } else if (peekc(p) == '\r' && p->i + 1 < p->n && p->s[p->i + 1] == '\n') {
      p->i += 2;
      p->line++;
    } else {
      return;
    }
  }
}

static bool is_bare(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

static int hexdigits(tp *p, int n, uint32_t *out) {
  uint32_t v = 0;
  for (int k = 0; k < n; k++) {
    char c = peekc(p);
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return fail(p, "expected %s hexadecimal digits after '\\%c', but got %.*s instead",
                     n == 4 ? "four" : "eight", n == 4 ? 'u' : 'U', k + 1, p->s + p->i - k);
    v = v * 16 + (uint32_t)d;
    p->i++;
  }
  *out = v;
  return 0;
}

/* Basic ("...") or multi-line basic ("""...""") string body after the opening quotes. */
static int basic_string(tp *p, ct_buf *out, bool multi) {
  if (multi) {
    if (peekc(p) == '\n') p->i++, p->line++;
    else if (peekc(p) == '\r' && p->i + 1 < p->n && p->s[p->i + 1] == '\n') p->i += 2, p->line++;
  }
  for (;;) {
    if (at_eof(p)) return fail(p, "unexpected EOF; expected '\"'");
    char c = p->s[p->i];
    if (multi && c == '"' && p->i + 2 < p->n + 0 && p->s[p->i + 1] == '"' && p->s[p->i + 2] == '"') {
      p->i += 3;
      /* up to two more quotes belong to the content */
      for (int k = 0; k < 2 && peekc(p) == '"'; k++) {
        ct_buf_putc(out, '"');
        p->i++;
      }
      return 0;
    }
    if (!multi && c == '"') {
      p->i++;
      return 0;
    }
    if (c == '\n') {
      if (!multi) return fail(p, "strings cannot contain newlines");
      p->line++;
      ct_buf_putc(out, '\n');
      p->i++;
      continue;
    }
    if (c == '\\') {
      p->i++;
      char e = peekc(p);
      p->i++;
      uint32_t r = 0;
      switch (e) {
      case 'b': ct_buf_putc(out, '\b'); break;
      case 't': ct_buf_putc(out, '\t'); break;
      case 'n': ct_buf_putc(out, '\n'); break;
      case 'f': ct_buf_putc(out, '\f'); break;
      case 'r': ct_buf_putc(out, '\r'); break;
      case '"': ct_buf_putc(out, '"'); break;
      case '\\': ct_buf_putc(out, '\\'); break;
      case 'u':
      case 'U': {
        if (hexdigits(p, e == 'u' ? 4 : 8, &r) < 0) return -1;
        if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
          return fail(p, "invalid escape: '\\%c%0*X'", e, e == 'u' ? 4 : 8, (unsigned)r);
        char tmp[4];
        ct_buf_put(out, tmp, (size_t)ct_gofmt_utf8_encode(tmp, r));
        break;
      }
      case ' ':
      case '\t':
      case '\r':
      case '\n':
        if (multi) {
          /* line-ending backslash: trim whitespace and newlines */
          p->i--;
          size_t j = p->i;
          while (j < p->n && (p->s[j] == ' ' || p->s[j] == '\t')) j++;
          if (j < p->n && (p->s[j] == '\n' || p->s[j] == '\r')) {
            while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i]) {
              if (p->s[p->i] == '\n') p->line++;
              p->i++;
            }
            break;
          }
        }
        /* fall through */
      default:
        return fail(p, "invalid escape character %s; only the following escape characters are "
                       "allowed: \\b, \\t, \\n, \\f, \\r, \\\", \\\\, \\uXXXX, and \\UXXXXXXXX",
                    e == 0 ? "'\\x00'" : ct_arena_sprintf(p->a, "'%c'", e));
      }
      continue;
    }
    ct_buf_putc(out, c);
    p->i++;
  }
}

static int literal_string(tp *p, ct_buf *out, bool multi) {
  if (multi) {
    if (peekc(p) == '\n') p->i++, p->line++;
    else if (peekc(p) == '\r' && p->i + 1 < p->n && p->s[p->i + 1] == '\n') p->i += 2, p->line++;
  }
  for (;;) {
    if (at_eof(p)) return fail(p, "unexpected EOF; expected \"'\"");
    char c = p->s[p->i];
    if (multi && c == '\'' && p->i + 2 < p->n + 0 && p->s[p->i + 1] == '\'' && p->s[p->i + 2] == '\'') {
      p->i += 3;
      for (int k = 0; k < 2 && peekc(p) == '\''; k++) {
        ct_buf_putc(out, '\'');
        p->i++;
      }
      return 0;
    }
    if (!multi && c == '\'') {
      p->i++;
      return 0;
    }
    if (c == '\n') {
      if (!multi) return fail(p, "strings cannot contain newlines");
      p->line++;
    }
    ct_buf_putc(out, c);
    p->i++;
  }
}

/* One key part: bare, "basic" or 'literal'. */
static int key_part(tp *p, ct_buf *out) {
  char c = peekc(p);
  if (c == '"') {
    p->i++;
    return basic_string(p, out, false);
  }
  if (c == '\'') {
    p->i++;
    return literal_string(p, out, false);
  }
  size_t st = p->i;
  while (p->i < p->n && is_bare(p->s[p->i])) p->i++;
  if (p->i == st) {
    char q[16];
    if (at_eof(p)) return fail(p, "unexpected EOF; expected value");
    return fail(p, "expected value but found %s instead", qrune(p, q, sizeof q));
  }
  ct_buf_put(out, p->s + st, p->i - st);
  return 0;
}

typedef struct keypath {
  ct_buf parts[64];
  size_t n;
} keypath;

static void keypath_free(keypath *k) {
  for (size_t i = 0; i < k->n; i++) ct_buf_dispose(&k->parts[i]);
  k->n = 0;
}

/* A dotted key up to (not including) TERM ('=' for key/values, ']' for headers). */
static int parse_key(tp *p, keypath *k, char term) {
  k->n = 0;
  skip_ws(p);
  char c = peekc(p);
  if (term == '=') {
    if (c == '=' || at_eof(p)) return fail(p, "unexpected '=': key name appears blank");
    if (c == '.') return fail(p, "unexpected '.': keys cannot start with a '.'");
  } else {
    if (c == ']' || at_eof(p)) return fail(p, "unexpected end of table name (table names cannot be empty)");
    if (c == '.') return fail(p, "unexpected table separator (table names cannot be empty)");
  }
  for (;;) {
    if (k->n == sizeof k->parts / sizeof k->parts[0]) return fail(p, "key has too many parts");
    ct_buf_init(&k->parts[k->n]);
    k->n++;
    if (key_part(p, &k->parts[k->n - 1]) < 0) return -1;
    skip_ws(p);
    c = peekc(p);
    if (c == '.') {
      p->i++;
      skip_ws(p);
      if (term == '=' && (peekc(p) == '=' || at_eof(p))) return fail(p, "unexpected '='");
      if (peekc(p) == '.') return fail(p, term == '=' ? "unexpected '.'" : "unexpected table separator (table names cannot be empty)");
      continue;
    }
    if (c == term) return 0;
    char q[16];
    if (term == '=') {
      if (at_eof(p)) return fail(p, "unexpected EOF; expected key separator '='");
      return fail(p, "expected '.' or '=', but got %s instead", qrune(p, q, sizeof q));
    }
    return fail(p, "expected '.' or ']' to end table name, but got %s instead", qrune(p, q, sizeof q));
  }
}

static void key_string(ct_buf *out, const keypath *k, size_t upto) {
  for (size_t i = 0; i < upto; i++) {
    if (i) ct_buf_putc(out, '.');
    bool bare = k->parts[i].len > 0;
    for (size_t j = 0; j < k->parts[i].len; j++)
      if (!is_bare(k->parts[i].ptr[j])) bare = false;
    if (bare) ct_buf_put(out, k->parts[i].ptr, k->parts[i].len);
    else ct_gofmt_quote(out, ct_buf_str(&k->parts[i]), k->parts[i].len);
  }
}

static int already(tp *p, const keypath *k, size_t upto) {
  ct_buf s = CT_BUF_INIT;
  key_string(&s, k, upto);
  fail(p, "Key '%s' has already been defined.", ct_buf_str(&s));
  ct_buf_dispose(&s);
  return -1;
}

static int parse_value(tp *p, ct_value **out);

static bool digit(char c) { return c >= '0' && c <= '9'; }

static int parse_number_or_date(tp *p, ct_value **out) {
  size_t st = p->i;
  /* datetimes: 4 digits and '-', or 2 digits and ':' */
  if ((p->n - st >= 5 && digit(p->s[st]) && digit(p->s[st + 1]) && digit(p->s[st + 2]) &&
       digit(p->s[st + 3]) && p->s[st + 4] == '-') ||
      (p->n - st >= 3 && digit(p->s[st]) && digit(p->s[st + 1]) && p->s[st + 2] == ':')) {
    while (p->i < p->n) {
      char c = p->s[p->i];
      if (digit(c) || strchr("-:.TtZz+", c)) {
        p->i++;
      } else if (c == ' ' && p->i + 1 < p->n && digit(p->s[p->i + 1]) && p->i - st == 10) {
        p->i++;
      } else {
        break;
      }
    }
    *out = ct_string(p->a, p->s + st, p->i - st);
    return 0;
  }
  while (p->i < p->n && (digit(p->s[p->i]) || strchr("+-_.eExXoObBabcdefABCDEFinfa", p->s[p->i]) ) &&
         p->s[p->i])
    p->i++;
  size_t len = p->i - st;
  char *raw = ct_arena_strndup(p->a, p->s + st, len);
  /* specials */
  const char *r = raw;
  bool neg = false;
  if (*r == '+' || *r == '-') neg = *r == '-', r++;
  if (strcmp(r, "inf") == 0) {
    *out = ct_float(p->a, neg ? -INFINITY : INFINITY);
    return 0;
  }
  if (strcmp(r, "nan") == 0) {
    *out = ct_float(p->a, neg ? -NAN : NAN);
    return 0;
  }
  /* underscores must sit between digits */
  char *clean = ct_arena_alloc(p->a, len + 1);
  size_t cn = 0;
  for (size_t k = 0; k < len; k++) {
    if (raw[k] == '_') {
      bool ok = k > 0 && k + 1 < len && (digit(raw[k - 1]) || isxdigit((unsigned char)raw[k - 1])) &&
                (digit(raw[k + 1]) || isxdigit((unsigned char)raw[k + 1]));
      if (!ok) return fail(p, "invalid use of '_' in number: %s", raw);
      continue;
    }
    clean[cn++] = raw[k];
  }
  clean[cn] = 0;
  if (r[0] == '0' && (r[1] == 'x' || r[1] == 'o' || r[1] == 'b')) {
    if (r != raw) return fail(p, "Invalid integer %s: signs are not allowed on hex, octal, or binary", ct_arena_sprintf(p->a, "%s", raw));
    int base = r[1] == 'x' ? 16 : r[1] == 'o' ? 8 : 2;
    char *end;
    errno = 0;
    unsigned long long u = strtoull(clean + 2, &end, base);
    if (*end || end == clean + 2) return fail(p, "Invalid integer %s", ct_arena_sprintf(p->a, "%s", raw));
    if (errno || u > INT64_MAX) return fail(p, "Integer '%s' is out of the range of 64-bit signed integers.", raw);
    *out = ct_int(p->a, CT_INT64, (int64_t)u);
    return 0;
  }
  bool is_float = strpbrk(clean, ".eE") != NULL;
  const char *d = clean;
  if (*d == '+' || *d == '-') d++;
  if (!digit(*d)) return fail(p, "expected value but found %s instead", ct_arena_sprintf(p->a, "'%c'", *d ? *d : '?'));
  if (d[0] == '0' && digit(d[1])) return fail(p, "Invalid integer \"%s\": cannot have leading zeroes", raw);
  if (is_float) {
    /* digits '.' digits, exponent with digits */
    const char *q = d;
    while (digit(*q)) q++;
    if (*q == '.') {
      q++;
      if (!digit(*q)) return fail(p, "Invalid float %s: '.' must be followed by one or more digits", ct_arena_sprintf(p->a, "\"%s\"", raw));
      while (digit(*q)) q++;
    }
    if (*q == 'e' || *q == 'E') {
      q++;
      if (*q == '+' || *q == '-') q++;
      if (!digit(*q)) return fail(p, "Invalid float value: %s", ct_arena_sprintf(p->a, "\"%s\"", raw));
      while (digit(*q)) q++;
    }
    if (*q) return fail(p, "Invalid float value: %s", ct_arena_sprintf(p->a, "\"%s\"", raw));
    double f = strtod(clean, NULL);
    if (isinf(f)) return fail(p, "Float '%s' is out of the range of 64-bit IEEE-754 floating-point numbers.", raw);
    *out = ct_float(p->a, f);
    return 0;
  }
  for (const char *q = d; *q; q++)
    if (!digit(*q)) return fail(p, "Invalid integer \"%s\"", raw);
  errno = 0;
  long long v = strtoll(clean, NULL, 10);
  if (errno) return fail(p, "%s is out of range for int64", raw);
  *out = ct_int(p->a, CT_INT64, (int64_t)v);
  return 0;
}

static int set_key(tp *p, ct_value *table, const keypath *k, ct_value *v);

static void key_started(tp *p, const keypath *k);

static int inline_table_body(tp *p, ct_value **out, const ct_buf *pathp) {
  ct_value *t = ct_map_new(p->a, CT_MAP, 0);
  const ct_buf path = *pathp;
  p->i++; /* { */
  skip_ws(p);
  if (peekc(p) == '}') {
    p->i++;
    set_flags(p, t, TF_FROZEN);
    *out = t;
    return 0;
  }
  for (;;) {
    skip_ws(p);
    if (peekc(p) == '\n') return fail(p, "newlines not allowed within inline tables");
    if (peekc(p) == ',') return fail(p, "unexpected comma");
    keypath k;
    if (parse_key(p, &k, '=') < 0) {
      keypath_free(&k);
      return -1;
    }
    p->i++; /* = */
    skip_ws(p);
    /* inside an inline table the context is the table's own key */
    ct_buf saved_ctx = p->ctx;
    ct_buf_init(&p->ctx);
    ct_buf_put(&p->ctx, ct_buf_str(&path), path.len);
    key_started(p, &k);
    ct_value *v;
    int rc = parse_value(p, &v);
    if (rc == 0) rc = set_key(p, t, &k, v);
    ct_buf_dispose(&p->ctx);
    p->ctx = saved_ctx;
    keypath_free(&k);
    if (rc < 0) return -1;
    skip_ws(p);
    char c = peekc(p);
    if (c == ',') {
      p->i++;
      skip_ws(p);
      if (peekc(p) == '}') return fail(p, "trailing comma not allowed in inline tables");
      continue;
    }
    if (c == '}') {
      p->i++;
      break;
    }
    if (c == '\n') return fail(p, "newlines not allowed within inline tables");
    char q[16];
    return fail(p, "expected a comma or an inline table terminator '}', but got %s instead",
                at_eof(p) ? "end of file" : qrune(p, q, sizeof q));
  }
  set_flags(p, t, TF_FROZEN);
  *out = t;
  return 0;
}

static int parse_inline_table(tp *p, ct_value **out) {
  ct_buf path = CT_BUF_INIT;
  ct_buf_put(&path, ct_buf_str(&p->last_key), p->last_key.len);
  int rc = inline_table_body(p, out, &path);
  ct_buf_dispose(&path);
  return rc;
}

static int parse_array(tp *p, ct_value **out) {
  ct_value *l = ct_list_new(p->a, CT_LIST, 0);
  p->i++; /* [ */
  for (;;) {
    skip_all(p);
    if (peekc(p) == ']') {
      p->i++;
      break;
    }
    if (peekc(p) == ',') return fail(p, "unexpected comma");
    ct_value *v;
    if (parse_value(p, &v) < 0) return -1;
    ct_list_push(p->a, l, v);
    skip_all(p);
    char c = peekc(p);
    if (c == ',') {
      p->i++;
      continue;
    }
    if (c == ']') {
      p->i++;
      break;
    }
    char q[16];
    return fail(p, "expected a comma (',') or array terminator (']'), but got %s",
                at_eof(p) ? "end of file" : qrune(p, q, sizeof q));
  }
  *out = l;
  return 0;
}

static int parse_value(tp *p, ct_value **out) {
  if (++p->depth > 5000) return fail(p, "nesting too deep");
  int rc;
  char c = peekc(p);
  ct_buf b = CT_BUF_INIT;
  if (c == '"') {
    bool multi = p->i + 2 < p->n && p->s[p->i + 1] == '"' && p->s[p->i + 2] == '"';
    p->i += multi ? 3 : 1;
    rc = basic_string(p, &b, multi);
    if (rc == 0) *out = ct_string(p->a, ct_buf_str(&b), b.len);
  } else if (c == '\'') {
    bool multi = p->i + 2 < p->n && p->s[p->i + 1] == '\'' && p->s[p->i + 2] == '\'';
    p->i += multi ? 3 : 1;
    rc = literal_string(p, &b, multi);
    if (rc == 0) *out = ct_string(p->a, ct_buf_str(&b), b.len);
  } else if (c == '[') {
    rc = parse_array(p, out);
  } else if (c == '{') {
    rc = parse_inline_table(p, out);
  } else if (digit(c) || c == '+' || c == '-' || (c == 'i' && p->n - p->i >= 3 && !strncmp(p->s + p->i, "inf", 3)) ||
             (c == 'n' && p->n - p->i >= 3 && !strncmp(p->s + p->i, "nan", 3))) {
    rc = parse_number_or_date(p, out);
  } else if (p->n - p->i >= 4 && !strncmp(p->s + p->i, "true", 4) && !is_bare(p->i + 4 < p->n ? p->s[p->i + 4] : ' ')) {
    p->i += 4;
    *out = ct_bool(p->a, true);
    rc = 0;
  } else if (p->n - p->i >= 5 && !strncmp(p->s + p->i, "false", 5) && !is_bare(p->i + 5 < p->n ? p->s[p->i + 5] : ' ')) {
    p->i += 5;
    *out = ct_bool(p->a, false);
    rc = 0;
  } else if (c == '.') {
    rc = fail(p, "floats must start with a digit, not '.'");
  } else if (at_eof(p) || c == '\n') {
    rc = fail(p, "unexpected EOF; expected value");
  } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    size_t st = p->i;
    while (p->i < p->n && is_bare(p->s[p->i])) p->i++;
    rc = fail(p, "expected value but found \"%.*s\" instead", (int)(p->i - st), p->s + st);
  } else {
    char q[16];
    rc = fail(p, "expected value but found %s instead", qrune(p, q, sizeof q));
  }
  ct_buf_dispose(&b);
  p->depth--;
  return rc;
}

/* The table a path segment leads to (creating implicit ones), for headers and dotted keys. */
static int descend(tp *p, ct_value *table, const keypath *k, size_t upto, bool dotted, ct_value **out) {
  ct_value *t = table;
  for (size_t i = 0; i < upto; i++) {
    ct_value *next;
    const ct_buf *part = &k->parts[i];
    if (ct_map_get(t, ct_buf_str(part), part->len, &next)) {
      if (next && next->type == CT_LIST && (flags_of(p, next) & TF_AOT)) {
        next = next->list->items[next->list->len - 1];
      } else if (!next || !ct_is_map(next)) {
        return already(p, k, i + 1);
      } else if (flags_of(p, next) & TF_FROZEN) {
        return already(p, k, i + 1);
      } else if (dotted && (flags_of(p, next) & TF_EXPLICIT)) {
        return already(p, k, i + 1);
      }
    } else {
      next = ct_map_new(p->a, CT_MAP, 0);
      ct_map_set(p->a, t, ct_buf_str(part), part->len, next);
      set_flags(p, next, dotted ? TF_DOTTED : TF_IMPLICIT);
    }
    t = next;
  }
  *out = t;
  return 0;
}

static void key_started(tp *p, const keypath *k) {
  ct_buf_reset(&p->last_key);
  if (p->ctx.len) {
    ct_buf_put(&p->last_key, p->ctx.ptr, p->ctx.len);
    ct_buf_putc(&p->last_key, '.');
  }
  key_string(&p->last_key, k, k->n);
}

static void key_done(tp *p) {
  ct_buf_reset(&p->last_key);
  ct_buf_put(&p->last_key, ct_buf_str(&p->ctx), p->ctx.len);
}

static int set_key(tp *p, ct_value *table, const keypath *k, ct_value *v) {
  ct_value *t;
  if (descend(p, table, k, k->n - 1, true, &t) < 0) return -1;
  const ct_buf *last = &k->parts[k->n - 1];
  ct_value *old;
  if (ct_map_get(t, ct_buf_str(last), last->len, &old)) {
    /* BurntSushi lets a key "redefine" a table that was only implied (by a dotted key or a
     * deeper header) once: the new value is dropped and the table stops being implicit. */
    int f = old ? flags_of(p, old) : 0;
    if (old && ct_is_map(old) && (f & (TF_IMPLICIT | TF_DOTTED))) {
      set_flags(p, old, f & ~(TF_IMPLICIT | TF_DOTTED));
      return 0;
    }
    return already(p, k, k->n);
  }
  ct_map_set(p->a, t, ct_buf_str(last), last->len, v);
  return 0;
}

static int table_header(tp *p) {
  bool aot = p->i + 1 < p->n && p->s[p->i + 1] == '[';
  p->i += aot ? 2 : 1;
  keypath k;
  int rc = parse_key(p, &k, ']');
  if (rc == 0) {
    p->i++;
    if (aot) {
      if (peekc(p) != ']') {
        char q[16];
        rc = fail(p, "expected end of table array name delimiter ']', but got %s instead",
                  at_eof(p) ? "'\\x00'" : qrune(p, q, sizeof q));
      } else {
        p->i++;
      }
    }
  }
  if (rc == 0) {
    ct_buf_reset(&p->last_key);
    key_string(&p->last_key, &k, k.n - 1);
    ct_value *parent;
    rc = descend(p, p->root, &k, k.n - 1, false, &parent);
    if (rc == 0) {
      const ct_buf *last = &k.parts[k.n - 1];
      ct_value *old;
      bool have = ct_map_get(parent, ct_buf_str(last), last->len, &old);
      if (aot) {
        ct_value *t = ct_map_new(p->a, CT_MAP, 0);
        set_flags(p, t, TF_EXPLICIT);
        if (!have) {
          ct_value *l = ct_list_new(p->a, CT_LIST, 1);
          set_flags(p, l, TF_AOT);
          ct_list_push(p->a, l, t);
          ct_map_set(p->a, parent, ct_buf_str(last), last->len, l);
        } else if (old && old->type == CT_LIST && (flags_of(p, old) & TF_AOT)) {
          ct_list_push(p->a, old, t);
        } else {
          rc = already(p, &k, k.n);
        }
        p->cur = t;
      } else {
        if (!have) {
          ct_value *t = ct_map_new(p->a, CT_MAP, 0);
          set_flags(p, t, TF_EXPLICIT);
          ct_map_set(p->a, parent, ct_buf_str(last), last->len, t);
          p->cur = t;
        } else if (old && ct_is_map(old) && (flags_of(p, old) & (TF_IMPLICIT | TF_DOTTED))) {
          set_flags(p, old, TF_EXPLICIT);
          p->cur = old;
        } else {
          rc = already(p, &k, k.n);
        }
      }
    }
  }
  if (rc == 0) {
    ct_buf_reset(&p->ctx);
    key_string(&p->ctx, &k, k.n);
    key_done(p);
  }
  keypath_free(&k);
  return rc;
}

/* After a top-level item: only whitespace, a comment, a newline or EOF. */
static int end_of_line(tp *p) {
  skip_ws(p);
  skip_comment(p);
  if (at_eof(p)) return 0;
  if (peekc(p) == '\n') {
    p->i++;
    p->line++;
    return 0;
  }
  if (peekc(p) == '\r' && p->i + 1 < p->n && p->s[p->i + 1] == '\n') {
    p->i += 2;
    p->line++;
    return 0;
  }
  char q[16];
  return fail(p, "expected a top-level item to end with a newline, comment, or EOF, but got %s instead",
              qrune(p, q, sizeof q));
}

int ct_toml_parse(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err) {
  tp p;
  memset(&p, 0, sizeof p);
  p.s = src;
  p.n = len;
  p.line = 1;
  p.a = a;
  p.err = err;
  p.root = p.cur = ct_map_new(a, CT_MAP, 0);
  int rc = 0;
  while (rc == 0) {
    skip_all(&p);
    if (at_eof(&p)) break;
    char c = peekc(&p);
    if (c == '[') {
      rc = table_header(&p);
    } else {
      keypath k;
      rc = parse_key(&p, &k, '=');
      if (rc == 0) {
        p.i++;
        skip_ws(&p);
        key_started(&p, &k);
        ct_value *v;
        rc = parse_value(&p, &v);
        if (rc == 0) rc = set_key(&p, p.cur, &k, v);
        if (rc == 0) key_done(&p);
      }
      keypath_free(&k);
    }
    if (rc == 0) rc = end_of_line(&p);
  }
  ct_buf_dispose(&p.last_key);
  ct_buf_dispose(&p.ctx);
  *out = rc == 0 ? p.root : NULL;
  return rc;
}
