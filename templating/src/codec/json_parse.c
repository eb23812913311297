/* json_parse.c — encoding/json.Unmarshal into interface{}: Go's scanner (same syntax errors,
 * "invalid character 'x' looking for beginning of value", "unexpected end of JSON input"),
 * then objects → CT_MAP, arrays → CT_LIST, every number float64, strings unescaped as Go. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/gofmt.h"
#include "chartctl/stack.h"
#include "codec/codec_int.h"

bool ct_codec__json_reference;

/* ---- the validating scanner (encoding/json/scanner.go) ---- */

typedef enum pstate { P_OBJKEY, P_OBJVAL, P_ARRVAL } pstate;

typedef enum sstate {
  S_BEGIN_VALUE, S_BEGIN_STRING_OR_EMPTY, S_BEGIN_STRING, S_BEGIN_VALUE_OR_EMPTY, S_END_VALUE,
  S_END_TOP, S_IN_STRING, S_IN_STRING_ESC, S_ESC_U, S_ESC_U1, S_ESC_U12, S_ESC_U123, S_NEG,
  S_1, S_0, S_DOT, S_DOT0, S_E, S_ESIGN, S_E0, S_T, S_TR, S_TRU, S_F, S_FA, S_FAL, S_FALS,
  S_N, S_NU, S_NUL, S_ERROR
} sstate;

typedef struct scanner {
  sstate step;
  pstate *stack;
  size_t n, cap;
  bool end_top;
  ct_buf *err;
} scanner;

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* From I, the first byte of S (N bytes) that may end or change a string's plain run: a
 * quote, a backslash, a control character or a byte past ASCII; N when none. Eight bytes at
 * a time. */
static size_t plain_end(const char *s, size_t i, size_t n) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  for (; !ct_codec__json_reference && i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    uint64_t hit = (w | ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs;
    if (hit) break;
  }
  for (; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return i;
  }
  return n;
}

static void quote_char(ct_buf *b, unsigned char c) {
  if (c == '\'') {
    ct_buf_puts(b, "'\\''");
    return;
  }
  if (c == '"') {
    ct_buf_puts(b, "'\"'");
    return;
  }
  /* strconv.Quote(string(rune(c))) without its double quotes */
  ct_buf q = CT_BUF_INIT;
  char tmp[4];
  int w = ct_gofmt_utf8_encode(tmp, c);
  ct_gofmt_quote(&q, tmp, (size_t)w);
  ct_buf_putc(b, '\'');
  ct_buf_put(b, q.ptr + 1, q.len - 2);
  ct_buf_putc(b, '\'');
  ct_buf_dispose(&q);
}

static int serr(scanner *s, unsigned char c, const char *context) {
  if (s->err->len == 0) {
    ct_buf_puts(s->err, "invalid character ");
    quote_char(s->err, c);
    ct_buf_putc(s->err, ' ');
    ct_buf_puts(s->err, context);
  }
  s->step = S_ERROR;
  return -1;
}

static int push(scanner *s, pstate p, unsigned char c) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    pstate *ns = realloc(s->stack, s->cap * sizeof *ns);
    if (!ns) abort();
    s->stack = ns;
  }
  s->stack[s->n++] = p;
  if (s->n > 10000) return serr(s, c, "exceeded max depth");
  return 0;
}

static void pop(scanner *s) {
  s->n--;
  if (s->n == 0) {
    s->step = S_END_TOP;
    s->end_top = true;
  } else {
    s->step = S_END_VALUE;
  }
}

static bool is_hex(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int step(scanner *s, unsigned char c);

static int begin_value(scanner *s, unsigned char c) {
  if (is_space(c)) return 0;
  switch (c) {
  case '{':
    s->step = S_BEGIN_STRING_OR_EMPTY;
    return push(s, P_OBJKEY, c);
  case '[':
    s->step = S_BEGIN_VALUE_OR_EMPTY;
    return push(s, P_ARRVAL, c);
  case '"': s->step = S_IN_STRING; return 0;
  case '-': s->step = S_NEG; return 0;
  case '0': s->step = S_0; return 0;
  case 't': s->step = S_T; return 0;
  case 'f': s->step = S_F; return 0;
  case 'n': s->step = S_N; return 0;
  default:
    if (c >= '1' && c <= '9') {
      s->step = S_1;
      return 0;
    }
    return serr(s, c, "looking for beginning of value");
  }
}

static int end_value(scanner *s, unsigned char c) {
  if (s->n == 0) {
    s->step = S_END_TOP;
    s->end_top = true;
    return step(s, c);
  }
  if (is_space(c)) {
    s->step = S_END_VALUE;
    return 0;
  }
  switch (s->stack[s->n - 1]) {
  case P_OBJKEY:
    if (c == ':') {
      s->stack[s->n - 1] = P_OBJVAL;
      s->step = S_BEGIN_VALUE;
      return 0;
    }
    return serr(s, c, "after object key");
  case P_OBJVAL:
    if (c == ',') {
      s->stack[s->n - 1] = P_OBJKEY;
      s->step = S_BEGIN_STRING;
      return 0;
    }
    if (c == '}') {
      pop(s);
      return 0;
    }
    return serr(s, c, "after object key:value pair");
  case P_ARRVAL:
    if (c == ',') {
      s->step = S_BEGIN_VALUE;
      return 0;
    }
    if (c == ']') {
      pop(s);
      return 0;
    }
    return serr(s, c, "after array element");
  }
  return 0;
}

static int literal(scanner *s, unsigned char c, char want, sstate next, const char *ctx) {
  if (c == (unsigned char)want) {
    s->step = next;
    return 0;
  }
  return serr(s, c, ctx);
}

static int step(scanner *s, unsigned char c) {
  switch (s->step) {
  case S_BEGIN_VALUE: return begin_value(s, c);
  case S_BEGIN_STRING_OR_EMPTY:
    if (is_space(c)) return 0;
    if (c == '}') {
      s->stack[s->n - 1] = P_OBJVAL;
      return end_value(s, c);
    }
    s->step = S_BEGIN_STRING;
    return step(s, c);
  case S_BEGIN_STRING:
    if (is_space(c)) return 0;
    if (c == '"') {
      s->step = S_IN_STRING;
      return 0;
    }
    return serr(s, c, "looking for beginning of object key string");
  case S_BEGIN_VALUE_OR_EMPTY:
    if (is_space(c)) return 0;
    if (c == ']') return end_value(s, c);
    return begin_value(s, c);
  case S_END_VALUE: return end_value(s, c);
  case S_END_TOP:
    if (!is_space(c)) return serr(s, c, "after top-level value");
    return 0;
  case S_IN_STRING:
    if (c == '"') {
      s->step = S_END_VALUE;
      return 0;
    }
    if (c == '\\') {
      s->step = S_IN_STRING_ESC;
      return 0;
    }
    if (c < 0x20) return serr(s, c, "in string literal");
    return 0;
  case S_IN_STRING_ESC:
    switch (c) {
    case 'b': case 'f': case 'n': case 'r': case 't': case '\\': case '/': case '"':
      s->step = S_IN_STRING;
      return 0;
    case 'u': s->step = S_ESC_U; return 0;
    default: return serr(s, c, "in string escape code");
    }
  case S_ESC_U:
  case S_ESC_U1:
  case S_ESC_U12:
  case S_ESC_U123:
    if (!is_hex(c)) return serr(s, c, "in \\u hexadecimal character escape");
    s->step = s->step == S_ESC_U123 ? S_IN_STRING : (sstate)(s->step + 1);
    return 0;
  case S_NEG:
    if (c == '0') {
      s->step = S_0;
      return 0;
    }
    if (c >= '1' && c <= '9') {
      s->step = S_1;
      return 0;
    }
    return serr(s, c, "in numeric literal");
  case S_1:
    if (c >= '0' && c <= '9') return 0;
    /* fall through */
  case S_0:
    if (c == '.') {
      s->step = S_DOT;
      return 0;
    }
    if (c == 'e' || c == 'E') {
      s->step = S_E;
      return 0;
    }
    return end_value(s, c);
  case S_DOT:
    if (c >= '0' && c <= '9') {
      s->step = S_DOT0;
      return 0;
    }
    return serr(s, c, "after decimal point in numeric literal");
  case S_DOT0:
    if (c >= '0' && c <= '9') return 0;
    if (c == 'e' || c == 'E') {
      s->step = S_E;
      return 0;
    }
    return end_value(s, c);
  case S_E:
    if (c == '+' || c == '-') {
      s->step = S_ESIGN;
      return 0;
    }
    /* fall through */
  case S_ESIGN:
    if (c >= '0' && c <= '9') {
      s->step = S_E0;
      return 0;
    }
    return serr(s, c, "in exponent of numeric literal");
  case S_E0:
    if (c >= '0' && c <= '9') return 0;
    return end_value(s, c);
  case S_T: return literal(s, c, 'r', S_TR, "in literal true (expecting 'r')");
  case S_TR: return literal(s, c, 'u', S_TRU, "in literal true (expecting 'u')");
  case S_TRU: return literal(s, c, 'e', S_END_VALUE, "in literal true (expecting 'e')");
  case S_F: return literal(s, c, 'a', S_FA, "in literal false (expecting 'a')");
  case S_FA: return literal(s, c, 'l', S_FAL, "in literal false (expecting 'l')");
  case S_FAL: return literal(s, c, 's', S_FALS, "in literal false (expecting 's')");
  case S_FALS: return literal(s, c, 'e', S_END_VALUE, "in literal false (expecting 'e')");
  case S_N: return literal(s, c, 'u', S_NU, "in literal null (expecting 'u')");
  case S_NU: return literal(s, c, 'l', S_NUL, "in literal null (expecting 'l')");
  case S_NUL: return literal(s, c, 'l', S_END_VALUE, "in literal null (expecting 'l')");
  case S_ERROR: return -1;
  }
  return 0;
}

/* checkValid: 0 when SRC is one valid JSON value, else -1 with Go's message in ERR. */
static int check_valid(const char *src, size_t len, ct_buf *err) {
  scanner s = {S_BEGIN_VALUE, NULL, 0, 0, false, err};
  int rc = 0;
  for (size_t i = 0; i < len && rc == 0; i++) {
    /* runs the state machine would take byte by byte without changing state: a string's
     * plain bytes, and blanks between tokens (not after the top-level value, where the first
     * blank ends it) */
    if (s.step == S_IN_STRING) {
      i = plain_end(src, i, len);
      while (i < len && (unsigned char)src[i] >= 0x80) /* past ASCII: plain too */
        i = plain_end(src, i + 1, len);
    } else if (s.step <= S_END_VALUE && (s.step != S_END_VALUE || s.n > 0)) {
      while (i < len && is_space((unsigned char)src[i]))
        i++;
    }
    if (i == len) break;
    rc = step(&s, (unsigned char)src[i]);
  }
  if (rc == 0 && !s.end_top) {
    rc = step(&s, ' ');
    if (rc == 0 && !s.end_top) {
      ct_buf_puts(err, "unexpected end of JSON input");
      rc = -1;
    }
  }
  free(s.stack);
  return rc;
}

/* ---- building values from valid input ---- */

typedef struct parser {
  const char *s;
  size_t i, n;
  ct_arena *a;
  ct_buf *err;    /* first UnmarshalTypeError (number out of range) */
  ct_buf scratch; /* a string with escapes or bytes past ASCII, unquoted */
  unsigned collections; /* opened so far: the stack is looked at every 64 */
  bool too_deep;        /* nested deeper than the stack allows: the parse unwinds */
} parser;

/* Before reading a collection's items: false when the stack is too short to go deeper (the
 * scanner allows 10,000 levels, as Go's decoder, which a small stack cannot hold). */
static bool enter(parser *p) {
  if ((++p->collections & 63) == 0 && ct_stack_low()) {
    p->too_deep = true;
    ct_buf_reset(p->err);
    ct_buf_puts(p->err, "json: document nested too deeply for the stack");
  }
  return !p->too_deep;
}

static void skip_ws(parser *p) {
  while (p->i < p->n && is_space((unsigned char)p->s[p->i])) p->i++;
}

static unsigned hexval(char c) {
  if (c >= '0' && c <= '9') return (unsigned)(c - '0');
  if (c >= 'a' && c <= 'f') return (unsigned)(c - 'a' + 10);
  return (unsigned)(c - 'A' + 10);
}

static uint32_t getu4(const char *s) {
  return hexval(s[0]) << 12 | hexval(s[1]) << 8 | hexval(s[2]) << 4 | hexval(s[3]);
}

/* Unquotes the string at p->i (on the opening quote) into OUT. */
static void parse_string(parser *p, ct_buf *out) {
  p->i++;
  const char *s = p->s;
  while (p->i < p->n && s[p->i] != '"') {
    unsigned char c = (unsigned char)s[p->i];
    if (c == '\\') {
      char e = s[p->i + 1];
      p->i += 2;
      switch (e) {
      case 'b': ct_buf_putc(out, '\b'); break;
      case 'f': ct_buf_putc(out, '\f'); break;
      case 'n': ct_buf_putc(out, '\n'); break;
      case 'r': ct_buf_putc(out, '\r'); break;
      case 't': ct_buf_putc(out, '\t'); break;
      case 'u': {
        uint32_t r = getu4(s + p->i);
        p->i += 4;
        if (r >= 0xD800 && r < 0xE000) {
          uint32_t r2 = 0xFFFD;
          bool pair = false;
          if (r < 0xDC00 && p->i + 6 <= p->n && s[p->i] == '\\' && s[p->i + 1] == 'u') {
            uint32_t lo = getu4(s + p->i + 2);
            if (lo >= 0xDC00 && lo < 0xE000) {
              r2 = 0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00);
              pair = true;
            }
          }
          if (pair) p->i += 6;
          r = r2;
        }
        char tmp[4];
        ct_buf_put(out, tmp, (size_t)ct_gofmt_utf8_encode(tmp, r));
        break;
      }
      default: ct_buf_putc(out, e); break; /* \\ \/ \" */
      }
      continue;
    }
    if (c < 0x80) { /* a run of plain ASCII, copied at once (valid input: no controls) */
      size_t j = plain_end(s, p->i + 1, p->n);
      ct_buf_put(out, s + p->i, j - p->i);
      p->i = j;
      continue;
    }
    uint32_t r;
    int w = ct_gofmt_utf8_decode(s + p->i, p->n - p->i, &r);
    if (w == 1) ct_buf_puts(out, "\xEF\xBF\xBD");
    else ct_buf_put(out, s + p->i, (size_t)w);
    p->i += (size_t)w;
  }
  p->i++; /* closing quote */
}

/* The string at p->i (on the opening quote), unquoted: where it lies in the input when it
 * has no escapes and is valid UTF-8 (most keys and values), else in p->scratch. */
static const char *string_at(parser *p, size_t *len) {
  size_t j = plain_end(p->s, p->i + 1, p->n);
  while (j < p->n && (unsigned char)p->s[j] >= 0x80) { /* valid UTF-8 stays as it is */
    uint32_t r;
    int w = ct_gofmt_utf8_decode(p->s + j, p->n - j, &r);
    if (w == 1) break;
    j = plain_end(p->s, j + (size_t)w, p->n);
  }
  if (!ct_codec__json_reference && j < p->n && p->s[j] == '"') {
    const char *at = p->s + p->i + 1;
    *len = j - p->i - 1;
    p->i = j + 1;
    return at;
  }
  ct_buf_reset(&p->scratch);
  parse_string(p, &p->scratch);
  *len = p->scratch.len;
  return ct_buf_str(&p->scratch);
}

static ct_value *parse_value(parser *p) {
  skip_ws(p);
  char c = p->s[p->i];
  switch (c) {
  case '{': {
    if (!enter(p)) return NULL;
    ct_value *m = ct_map_new(p->a, CT_MAP, 0);
    p->i++;
    skip_ws(p);
    if (p->s[p->i] == '}') {
      p->i++;
      return m;
    }
    for (;;) {
      skip_ws(p);
      size_t klen;
      const char *key = string_at(p, &klen);
      if (key == p->scratch.ptr) /* the value's parse reuses the scratch buffer */
        key = ct_arena_strndup(p->a, key, klen);
      skip_ws(p);
      p->i++; /* ':' */
      ct_value *v = parse_value(p);
      if (p->too_deep) return NULL;
      ct_map_set(p->a, m, key, klen, v);
      skip_ws(p);
      if (p->s[p->i++] == '}') return m;
    }
  }
  case '[': {
    if (!enter(p)) return NULL;
    ct_value *l = ct_list_new(p->a, CT_LIST, 0);
    p->i++;
    skip_ws(p);
    if (p->s[p->i] == ']') {
      p->i++;
      return l;
    }
    for (;;) {
      ct_value *v = parse_value(p);
      if (p->too_deep) return NULL;
      ct_list_push(p->a, l, v);
      skip_ws(p);
      if (p->s[p->i++] == ']') return l;
    }
  }
  case '"': {
    size_t len;
    const char *str = string_at(p, &len);
    return ct_string(p->a, str, len);
  }
  case 't': p->i += 4; return ct_bool(p->a, true);
  case 'f': p->i += 5; return ct_bool(p->a, false);
  case 'n': p->i += 4; return NULL;
  default: {
    size_t st = p->i;
    while (p->i < p->n && strchr("+-0123456789.eE", p->s[p->i]) && p->s[p->i]) p->i++;
    char stackbuf[64];
    size_t len = p->i - st;
    char *num = len < sizeof stackbuf ? stackbuf : malloc(len + 1);
    if (!num) abort();
    memcpy(num, p->s + st, len);
    num[len] = 0;
    double f = strtod(num, NULL);
    ct_value *v = NULL;
    if (isinf(f)) {
      if (p->err->len == 0)
        ct_buf_printf(p->err, "json: cannot unmarshal number %s into Go value of type float64", num);
    } else {
      v = ct_float(p->a, f);
    }
    if (num != stackbuf) free(num);
    return v;
  }
  }
}

int ct_json_parse(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err) {
  *out = NULL;
  if (check_valid(src, len, err) < 0) return -1;
  ct_buf terr = CT_BUF_INIT;
  parser p = {src, 0, len, a, &terr, CT_BUF_INIT, 0, false};
  *out = parse_value(&p);
  ct_buf_dispose(&p.scratch);
  int rc = 0;
  if (terr.len) {
    ct_buf_put(err, terr.ptr, terr.len);
    rc = -1;
  }
  ct_buf_dispose(&terr);
  return rc;
}
