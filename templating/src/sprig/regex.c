/* regex.c — Sprig's regex functions (regexMatch regexFind regexFindAll regexReplaceAll
 * regexReplaceAllLiteral regexSplit regexQuoteMeta and must* variants) with Go's RE2 syntax
 * and semantics on top of PCRE2: Go-only syntax is checked and translated, and matching loops,
 * `$name` expansion and error strings follow Go's regexp package. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "sprig/sprig_int.h"

/* ---- translation of Go (RE2) syntax to PCRE2 ---- */

typedef struct {
  ct_buf out;
  const char *src;
  size_t n;
  ct_arena *a;
  const char *err; /* Go's message, in the arena */
} xlat;

static int fail(xlat *x, const char *what, const char *expr, size_t elen) {
  x->err = ct_arena_sprintf(x->a, "error parsing regexp: %s: `%.*s`", what, (int)elen, expr);
  return -1;
}

static bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
static bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Whether a \\p escape names a class PCRE2 (and so, as far as we check, Go) knows. */
static bool property_known(const char *esc, size_t n) {
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *c = pcre2_compile((PCRE2_SPTR)esc, n, PCRE2_UTF, &ec, &eo, NULL);
  if (!c) return false;
  pcre2_code_free(c);
  return true;
}

/* One escape at x->src[*i] == '\\'. IN_CLASS: inside [...]. */
static int xlat_escape(xlat *x, size_t *i, bool in_class) {
  const char *s = x->src;
  size_t n = x->n, at = *i;
  if (at + 1 >= n) return fail(x, "trailing backslash at end of expression", "", 0);
  char c = s[at + 1];
  size_t end = at + 2;
  switch (c) {
  case '1': case '2': case '3': case '4': case '5': case '6': case '7':
    if (end >= n || s[end] < '0' || s[end] > '7') return fail(x, "invalid escape sequence", s + at, 2);
    /* fallthrough */
  case '0': {
    unsigned v = (unsigned)(c - '0');
    for (int k = 0; k < 2 && end < n && s[end] >= '0' && s[end] <= '7'; k++) v = v * 8 + (unsigned)(s[end++] - '0');
    ct_buf_printf(&x->out, "\\x{%x}", v);
    *i = end;
    return 0;
  }
  case 'x': {
    /* Go's parseEscape: the error shows what was consumed */
    if (end >= n) return fail(x, "invalid escape sequence", s + at, n - at);
    if (s[end] == '{') {
      size_t k = end + 1;
      unsigned long v = 0;
      size_t nhex = 0;
      for (;;) {
        if (k >= n) return fail(x, "invalid escape sequence", s + at, n - at);
        char ch = s[k++];
        if (ch == '}') break;
        if (!is_hex(ch)) return fail(x, "invalid escape sequence", s + at, k - at);
        v = v * 16 + (unsigned long)(ch <= '9' ? ch - '0' : (ch | 32) - 'a' + 10);
        if (v > 0x10ffff) return fail(x, "invalid escape sequence", s + at, k - at);
        nhex++;
      }
      if (nhex == 0) return fail(x, "invalid escape sequence", s + at, k - at);
      ct_buf_printf(&x->out, "\\x{%lx}", v);
      *i = k;
      return 0;
    }
    if (end + 1 >= n) return fail(x, "invalid escape sequence", s + at, n - at);
    if (!is_hex(s[end]) || !is_hex(s[end + 1])) return fail(x, "invalid escape sequence", s + at, end + 2 - at);
    ct_buf_put(&x->out, s + at, 4);
    *i = at + 4;
    return 0;
  }
  case 'a': ct_buf_puts(&x->out, "\\x07"); *i = end; return 0;
  case 'f': case 't': case 'n': case 'r': ct_buf_put(&x->out, s + at, 2); *i = end; return 0;
  case 'v': ct_buf_puts(&x->out, "\\x0b"); *i = end; return 0;
  case 's':
    ct_buf_puts(&x->out, in_class ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
    *i = end;
    return 0;
  case 'S':
    ct_buf_puts(&x->out, in_class ? "\\x00-\\x08\\x0b\\x0e-\\x1f!-\\x{10ffff}" : "[^\\t\\n\\f\\r ]");
    *i = end;
    return 0;
  case 'd': /* Go's Perl classes are ASCII-only */
    ct_buf_puts(&x->out, in_class ? "0-9" : "[0-9]");
    *i = end;
    return 0;
  case 'w':
    ct_buf_puts(&x->out, in_class ? "0-9A-Za-z_" : "[0-9A-Za-z_]");
    *i = end;
    return 0;
  case 'D':
    ct_buf_puts(&x->out, in_class ? "[:^digit:]" : "[^0-9]");
    *i = end;
    return 0;
  case 'W':
    ct_buf_puts(&x->out, in_class ? "[:^word:]" : "[^0-9A-Za-z_]");
    *i = end;
    return 0;
  case 'A': case 'z': case 'b': case 'B':
    if (in_class) return fail(x, "invalid escape sequence", s + at, 2);
    ct_buf_puts(&x->out, "(?:"); /* Go lets assertions be repeated; PCRE2 wants a group */
    ct_buf_put(&x->out, s + at, 2);
    ct_buf_putc(&x->out, ')');
    *i = end;
    return 0;
  case 'p': case 'P': {
    if (end >= n) return fail(x, "invalid character class range", s + at, 2);
    size_t k = end;
    if (s[k] == '{') {
      while (k < n && s[k] != '}') k++;
      if (k >= n) return fail(x, "invalid character class range", s + at, n - at);
      k++;
    } else {
      k++;
    }
    if (!property_known(s + at, k - at)) return fail(x, "invalid character class range", s + at, k - at);
    ct_buf_put(&x->out, s + at, k - at);
    *i = k;
    return 0;
  }
  case 'Q': {
    const char *e = NULL;
    for (size_t k = end; k + 1 < n; k++)
      if (s[k] == '\\' && s[k + 1] == 'E') { e = s + k; break; }
    size_t stop = e ? (size_t)(e - s) : n;
    for (size_t k = end; k < stop; k++) {
      unsigned char ch = (unsigned char)s[k];
      if (ch < 0x80 && !is_word((char)ch)) ct_buf_putc(&x->out, '\\');
      ct_buf_putc(&x->out, (char)ch);
    }
    *i = e ? stop + 2 : n;
    return 0;
  }
  default:
    if ((unsigned char)c < 0x80 && !is_word(c)) {
      ct_buf_put(&x->out, s + at, 2);
      *i = end;
      return 0;
    }
    {
      size_t len = 2;
      if ((unsigned char)c >= 0x80) /* whole rune for the message */
        while (at + len < n && ((unsigned char)s[at + len] & 0xc0) == 0x80) len++;
      return fail(x, "invalid escape sequence", s + at, len);
    }
  }
}

static size_t utf8_len(const char *s, size_t n) {
  unsigned char b = (unsigned char)s[0];
  size_t l = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
  return l <= n ? l : n;
}
static uint32_t utf8_cp(const char *s, size_t l) {
  uint32_t v = l == 1 ? (unsigned char)s[0] : (unsigned char)s[0] & (0x7f >> l);
  for (size_t i = 1; i < l; i++) v = (v << 6) | ((unsigned char)s[i] & 0x3f);
  return v;
}

static int xlat_class(xlat *x, size_t *i) {
  const char *s = x->src;
  size_t n = x->n, start = *i, k = *i + 1;
  ct_buf_putc(&x->out, '[');
  if (k < n && s[k] == '^') {
    ct_buf_putc(&x->out, '^');
    k++;
  }
  bool first = true;
  while (k < n && (s[k] != ']' || first)) {
    if (s[k] == '[' && k + 1 < n && s[k + 1] == ':') {
      const char *e = strstr(s + k + 2, ":]");
      if (e) {
        static const char *const names[] = {"alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph",
                                            "lower", "print", "punct", "space", "upper", "word", "xdigit"};
        const char *nm = s + k + 2;
        if (*nm == '^') nm++;
        size_t nl = (size_t)(e - nm);
        bool known = false;
        for (size_t q = 0; q < sizeof names / sizeof names[0]; q++)
          if (strlen(names[q]) == nl && !memcmp(names[q], nm, nl)) known = true;
        if (!known) return fail(x, "invalid character class range", s + k, (size_t)(e + 2 - (s + k)));
        ct_buf_put(&x->out, s + k, (size_t)(e + 2 - (s + k)));
        k = (size_t)(e + 2 - s);
        first = false;
        continue;
      }
    }
    if (s[k] != '[' && k + 3 < n && s[k + 1] == '-' && s[k + 2] == '\\' && strchr("dDsSwWpP", s[k + 3]))
      return fail(x, "invalid escape sequence", s + k + 2, 2);
    if (s[k] != '\\' && s[k] != '[' && k + 2 < n && s[k + 1] == '-' && s[k + 2] != ']' &&
        s[k + 2] != '\\' && s[k + 2] != '[') {
      size_t l1 = utf8_len(s + k, n - k), l2 = utf8_len(s + k + 2, n - k - 2);
      if (utf8_cp(s + k, l1) > utf8_cp(s + k + 2, l2))
        return fail(x, "invalid character class range", s + k, l1 + 1 + l2);
    }
    if (s[k] == '\\') {
      if (xlat_escape(x, &k, true) < 0) return -1;
    } else if (s[k] == '[') {
      ct_buf_puts(&x->out, "\\[");
      k++;
    } else {
      ct_buf_putc(&x->out, s[k]);
      k++;
    }
    first = false;
  }
  if (k >= n) return fail(x, "missing closing ]", s + start, n - start);
  ct_buf_putc(&x->out, ']');
  *i = k + 1;
  return 0;
}

/* A repetition operator at s[*i]; PREV_REPEAT_AT is where the previous operator began (or
 * SIZE_MAX when the previous item was not a repetition); ATOM whether there is an operand. */
static int xlat_repeat(xlat *x, size_t *i, size_t *prev_repeat_at, bool atom, bool *ok) {
  const char *s = x->src;
  size_t n = x->n, at = *i, k = at;
  *ok = true;
  if (s[k] == '{') {
    size_t j = k + 1, lo = 0, hi = 0;
    bool has_lo = false, comma = false, has_hi = false;
    while (j < n && s[j] >= '0' && s[j] <= '9') { lo = lo < 100000 ? lo * 10 + (size_t)(s[j] - '0') : lo; j++; has_lo = true; }
    if (j < n && s[j] == ',') {
      comma = true;
      j++;
      while (j < n && s[j] >= '0' && s[j] <= '9') { hi = hi < 100000 ? hi * 10 + (size_t)(s[j] - '0') : hi; j++; has_hi = true; }
    }
    if (!has_lo || j >= n || s[j] != '}') { /* not a repetition: literal { */
      *ok = false;
      return 0;
    }
    k = j + 1;
    if (!atom) return fail(x, "missing argument to repetition operator", s + at, k - at);
    if (lo > 1000 || (has_hi && hi > 1000) || (comma && has_hi && hi < lo))
      return fail(x, "invalid repeat count", s + at, k - at);
  } else {
    k++;
    if (!atom) return fail(x, "missing argument to repetition operator", s + at, 1);
  }
  if (k < n && s[k] == '?') k++; /* non-greedy */
  if (*prev_repeat_at != (size_t)-1) {
    size_t p = *prev_repeat_at;
    return fail(x, "invalid nested repetition operator", s + p, k - p);
  }
  ct_buf_put(&x->out, s + at, k - at);
  *prev_repeat_at = at;
  *i = k;
  return 0;
}

static bool valid_name(const char *s, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++)
    if (!is_word(s[i])) return false;
  return true;
}

static int xlat_all(xlat *x) {
  const char *s = x->src;
  size_t n = x->n, i = 0, depth = 0;
  size_t prev_repeat = (size_t)-1;
  bool atom = false; /* there is something a repetition can apply to */
  while (i < n) {
    char c = s[i];
    if (c == '*' || c == '+' || c == '?' || c == '{') {
      size_t save = i;
      bool ok;
      if (xlat_repeat(x, &i, &prev_repeat, atom, &ok) < 0) return -1;
      if (ok) continue;
      i = save; /* literal '{' */
      ct_buf_puts(&x->out, "\\{");
      i++;
      atom = true;
      prev_repeat = (size_t)-1;
      continue;
    }
    prev_repeat = (size_t)-1;
    switch (c) {
    case '\\':
      if (xlat_escape(x, &i, false) < 0) return -1;
      atom = true;
      break;
    case '[':
      if (xlat_class(x, &i) < 0) return -1;
      atom = true;
      break;
    case '(':
      if (i + 1 < n && s[i + 1] == '?') {
        size_t k = i + 2;
        if (k < n && (s[k] == '<' || (s[k] == 'P' && k + 1 < n && s[k + 1] == '<'))) {
          size_t nm = s[k] == 'P' ? k + 2 : k + 1;
          const char *gt = memchr(s + nm, '>', n - nm);
          {
            if (!gt) return fail(x, "invalid named capture", s + i, n - i);
            if (!valid_name(s + nm, (size_t)(gt - (s + nm))))
              return fail(x, "invalid named capture", s + i, (size_t)(gt + 1 - (s + i)));
            ct_buf_puts(&x->out, "(?<");
            ct_buf_put(&x->out, s + nm, (size_t)(gt - (s + nm)));
            ct_buf_putc(&x->out, '>');
            i = (size_t)(gt + 1 - s);
            depth++;
            atom = false;
            break;
          }
        }
        /* flags as Go's parsePerlFlags: (?flags) or (?flags:re), flags from imsU */
        int sign = 1;
        bool saw = false;
        size_t j = k;
        bool done = false;
        while (j < n && !done) {
          char f = s[j++];
          if (f == 'i' || f == 'm' || f == 's' || f == 'U') {
            saw = true;
          } else if (f == '-' && sign > 0) {
            sign = -1;
            saw = false;
          } else if ((f == ':' || f == ')') && (sign > 0 || saw)) {
            done = true;
          } else {
            break;
          }
        }
        if (!done) return fail(x, "invalid or unsupported Perl syntax", s + i, j - i);
        ct_buf_put(&x->out, s + i, j - i);
        if (s[j - 1] == ':') {
          depth++;
          atom = false;
        }
        i = j;
        break;
      }
      ct_buf_putc(&x->out, '(');
      depth++;
      i++;
      atom = false;
      break;
    case ')':
      if (depth == 0) return fail(x, "unexpected )", s, n);
      depth--;
      ct_buf_putc(&x->out, ')');
      i++;
      atom = true;
      break;
    case '|':
      ct_buf_putc(&x->out, '|');
      i++;
      atom = false;
      break;
    case '^': case '$':
      ct_buf_puts(&x->out, c == '^' ? "(?:^)" : "(?:$)");
      i++;
      atom = true;
      break;
    case '#': case ' ':
      ct_buf_putc(&x->out, c);
      i++;
      atom = true;
      break;
    default:
      ct_buf_putc(&x->out, c);
      i++;
      atom = true;
    }
  }
  if (depth > 0) return fail(x, "missing closing )", s, n);
  return 0;
}

/* ---- compiled pattern cache ---- */

typedef struct {
  char *pat;
  size_t len;
  pcre2_code *code;
  unsigned long stamp;
  unsigned uses;
  bool jit; /* pcre2_jit_compile was called (pcre2_match then runs the machine code) */
} cache_ent;

/* JIT-compiling a pattern costs more than a Helm chart's typical use of it saves (one match
 * on a short string: thumbor's one regexFind renders 40 us faster without it), so a pattern is
 * JIT-compiled once it is used often (a batch, a range over many items) or given a long
 * subject. Results are the same either way. */
#define JIT_AFTER_USES 8
#define JIT_SUBJECT_BYTES 4096
static _Thread_local size_t jit_compiles;

size_t ct_sprig__regex_jit_compiles(void) { return jit_compiles; }

static void maybe_jit(cache_ent *e, size_t subject_len) {
  if (e->jit || (e->uses < JIT_AFTER_USES && subject_len < JIT_SUBJECT_BYTES)) return;
  e->jit = true;
  pcre2_jit_compile(e->code, PCRE2_JIT_COMPLETE);
  jit_compiles++;
}

#define CACHE_N 64
static _Thread_local cache_ent cache[CACHE_N];
static _Thread_local unsigned long cache_clock;

/* Compiles Go regexp PAT, to be matched against a subject of SUBJECT_LEN bytes; NULL with
 * Go's message (in arena A) in *ERR. */
static pcre2_code *compile(const char *pat, size_t len, size_t subject_len, ct_arena *a,
                           const char **err) {
  cache_ent *victim = &cache[0];
  for (int k = 0; k < CACHE_N; k++) {
    cache_ent *e = &cache[k];
    if (e->code && e->len == len && memcmp(e->pat, pat, len) == 0) {
      e->stamp = ++cache_clock;
      e->uses++;
      maybe_jit(e, subject_len);
      return e->code;
    }
    if (e->stamp < victim->stamp) victim = e;
  }
  xlat x = {.src = pat, .n = len, .a = a};
  ct_buf_init(&x.out);
  if (xlat_all(&x) < 0) {
    *err = x.err;
    ct_buf_dispose(&x.out);
    return NULL;
  }
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)ct_buf_str(&x.out), x.out.len,
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_DUPNAMES,
                                   &ec, &eo, NULL);
  ct_buf_dispose(&x.out);
  if (!code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(ec, msg, sizeof msg);
    *err = ct_arena_sprintf(a, "error parsing regexp: %s: `%.*s`", (const char *)msg, (int)len, pat);
    return NULL;
  }
  if (victim->code) {
    pcre2_code_free(victim->code);
    free(victim->pat);
  }
  victim->pat = malloc(len + 1);
  if (!victim->pat) abort();
  memcpy(victim->pat, pat, len);
  victim->pat[len] = 0;
  victim->len = len;
  victim->code = code;
  victim->stamp = ++cache_clock;
  victim->uses = 1;
  victim->jit = false;
  maybe_jit(victim, subject_len);
  return code;
}

/* ---- Go's matching loops ---- */

typedef struct {
  pcre2_code *code;
  pcre2_match_data *md;
  const char *s;
  size_t n;
} matcher;

/* Leftmost-first match at or after POS; returns the ovector (2*groups entries, unset
 * groups PCRE2_UNSET) or NULL. */
static PCRE2_SIZE *match_at(matcher *m, size_t pos) {
  int rc = pcre2_match(m->code, (PCRE2_SPTR)m->s, m->n, pos, 0, m->md, NULL);
  if (rc < 0) return NULL;
  return pcre2_get_ovector_pointer(m->md);
}

/* Width of the rune at POS as Go's utf8.DecodeRuneInString sees it: 0 at the end, 1 for
 * an invalid byte. */
static size_t rune_width(const char *s, size_t n, size_t pos) {
  if (pos >= n) return 0;
  unsigned char b = (unsigned char)s[pos];
  size_t need;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) need = 2;
  else if (b >= 0xf0 && b <= 0xf4) need = 3;
  else return 1;
  for (size_t k = 1; k <= need; k++)
    if (pos + k >= n || ((unsigned char)s[pos + k] & 0xc0) != 0x80) return 1;
  return need + 1;
}

static int matcher_init(ct_call *c, matcher *m, const ct_value *re, const ct_value *s, const char **err) {
  const char *p = re && re->type == CT_STRING ? re->s.ptr : "";
  size_t pl = re && re->type == CT_STRING ? re->s.len : 0;
  m->s = s && s->type == CT_STRING ? s->s.ptr : "";
  m->n = s && s->type == CT_STRING ? s->s.len : 0;
  m->code = compile(p, pl, m->n, ct_call_arena(c), err);
  if (!m->code) return -1;
  m->md = pcre2_match_data_create_from_pattern(m->code, NULL);
  if (!m->md) abort();
  return 0;
}

/* Go's allMatches: calls DELIVER for each accepted match, at most N (N < 0: all). */
typedef void (*deliver_fn)(void *ctx, const PCRE2_SIZE *ov);
static void all_matches(matcher *m, long long n, deliver_fn deliver, void *ctx) {
  if (n < 0) n = (long long)m->n + 1;
  size_t pos = 0;
  long long i = 0;
  size_t prev_end = (size_t)-1;
  while (i < n && pos <= m->n) {
    PCRE2_SIZE *ov = match_at(m, pos);
    if (!ov) break;
    bool accept = true;
    if (ov[1] == pos) {
      if (ov[0] == prev_end) accept = false;
      size_t w = rune_width(m->s, m->n, pos);
      pos = w > 0 ? pos + w : m->n + 1;
    } else {
      pos = ov[1];
    }
    prev_end = ov[1];
    if (accept) {
      deliver(ctx, ov);
      i++;
    }
  }
}

typedef struct {
  ct_arena *a;
  const char *s;
  ct_value *list;
  size_t count;
  PCRE2_SIZE *spans; /* for split: pairs */
  size_t cap;
} collect;

static void deliver_str(void *ctx, const PCRE2_SIZE *ov) {
  collect *k = ctx;
  if (!k->list) k->list = ct_list_new(k->a, CT_STRLIST, 4);
  ct_list_push(k->a, k->list, ct_string(k->a, k->s + ov[0], ov[1] - ov[0]));
}

static void deliver_span(void *ctx, const PCRE2_SIZE *ov) {
  collect *k = ctx;
  if (k->count == k->cap) {
    size_t nc = k->cap ? k->cap * 2 : 16;
    k->spans = ct_arena_realloc(k->a, k->spans, k->cap * 2 * sizeof *k->spans, nc * 2 * sizeof *k->spans);
    k->cap = nc;
  }
  k->spans[2 * k->count] = ov[0];
  k->spans[2 * k->count + 1] = ov[1];
  k->count++;
}

/* ---- the functions ---- */

/* A bad pattern: must* variants return Go's error; the others call regexp.MustCompile,
 * whose panic text/template turns into "regexp: Compile(`PAT`): ERR". */
static int regex_error(ct_call *c, bool must, const ct_value *re, const char *err) {
  if (must) return ct_call_errorf(c, "%s", err);
  const char *p = re && re->type == CT_STRING ? re->s.ptr : "";
  size_t pl = re && re->type == CT_STRING ? re->s.len : 0;
  bool backquote = true;
  for (size_t i = 0; i < pl; i++) {
    unsigned char ch = (unsigned char)p[i];
    if (ch == '`' || ch == 0x7f || (ch < ' ' && ch != '\t') || (ch == 0xef && i + 2 < pl &&
        (unsigned char)p[i + 1] == 0xbb && (unsigned char)p[i + 2] == 0xbf))
      backquote = false;
  }
  if (backquote) return ct_call_errorf(c, "regexp: Compile(`%s`): %s", p, err);
  ct_buf q = CT_BUF_INIT;
  ct_gofmt_quote(&q, p, pl);
  int rc = ct_call_errorf(c, "regexp: Compile(%s): %s", ct_buf_str(&q), err);
  ct_buf_dispose(&q);
  return rc;
}

static int do_match(ct_call *c, ct_value **out, ct_value *const *args, bool must) {
  const char *err = NULL;
  matcher m;
  ct_arena *a = ct_call_arena(c);
  if (matcher_init(c, &m, args[0], args[1], &err) < 0) {
    if (must) return ct_call_errorf(c, "%s", err);
    *out = ct_bool(a, false); /* regexp.MatchString's error is dropped */
    return 0;
  }
  *out = ct_bool(a, match_at(&m, 0) != NULL);
  pcre2_match_data_free(m.md);
  return 0;
}
static int f_match(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_match(c, out, args, false);
}
static int f_must_match(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_match(c, out, args, true);
}

static int do_find(ct_call *c, ct_value **out, ct_value *const *args, bool must) {
  const char *err = NULL;
  matcher m;
  ct_arena *a = ct_call_arena(c);
  if (matcher_init(c, &m, args[0], args[1], &err) < 0) return regex_error(c, must, args[0], err);
  PCRE2_SIZE *ov = match_at(&m, 0);
  *out = ov ? ct_string(a, m.s + ov[0], ov[1] - ov[0]) : ct_cstring(a, "");
  pcre2_match_data_free(m.md);
  return 0;
}
static int f_find(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_find(c, out, args, false);
}
static int f_must_find(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_find(c, out, args, true);
}

/* regexFindAll returns Go's nil []string when nothing matches (NULL here). */
static int do_find_all(ct_call *c, ct_value **out, ct_value *const *args, bool must) {
  const char *err = NULL;
  matcher m;
  ct_arena *a = ct_call_arena(c);
  if (matcher_init(c, &m, args[0], args[1], &err) < 0) return regex_error(c, must, args[0], err);
  collect k = {.a = a, .s = m.s};
  all_matches(&m, args[2] ? args[2]->i : 0, deliver_str, &k);
  *out = k.list;
  pcre2_match_data_free(m.md);
  return 0;
}
static int f_find_all(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_find_all(c, out, args, false);
}
static int f_must_find_all(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_find_all(c, out, args, true);
}

static bool name_char(unsigned char ch) { return ch >= 0x80 || is_word((char)ch); }

/* Go's Regexp.expand of TEMPLATE for match OV. */
static void expand(ct_buf *b, pcre2_code *code, const char *tpl, size_t tn, const char *src,
                   const PCRE2_SIZE *ov, uint32_t ngroups) {
  size_t i = 0;
  while (i < tn) {
    const char *d = memchr(tpl + i, '$', tn - i);
    if (!d) break;
    ct_buf_put(b, tpl + i, (size_t)(d - (tpl + i)));
    i = (size_t)(d - tpl) + 1;
    if (i < tn && tpl[i] == '$') {
      ct_buf_putc(b, '$');
      i++;
      continue;
    }
    /* extract */
    size_t k = i;
    bool brace = false;
    if (k < tn && tpl[k] == '{') {
      brace = true;
      k++;
    }
    size_t ns = k;
    while (k < tn && name_char((unsigned char)tpl[k])) k++;
    size_t nl = k - ns;
    if (nl == 0 || (brace && (k >= tn || tpl[k] != '}'))) {
      ct_buf_putc(b, '$');
      continue;
    }
    if (brace) k++;
    const char *name = tpl + ns;
    long num = 0;
    for (size_t q = 0; q < nl; q++) {
      if (name[q] < '0' || name[q] > '9' || num >= 100000000) {
        num = -1;
        break;
      }
      num = num * 10 + (name[q] - '0');
    }
    if (name[0] == '0' && nl > 1) num = -1;
    i = k;
    long g = -1;
    if (num >= 0) {
      g = num;
    } else {
      /* the first group of that name that took part in the match, as Go */
      uint32_t count = 0, esz = 0;
      PCRE2_SPTR table = NULL;
      pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
      pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &esz);
      pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
      long best = -1;
      for (uint32_t e = 0; e < count; e++) {
        PCRE2_SPTR ent = table + (size_t)e * esz;
        long gn = (long)((ent[0] << 8) | ent[1]);
        const char *en = (const char *)ent + 2;
        if (strlen(en) == nl && !memcmp(en, name, nl) && (uint32_t)gn < ngroups && ov[2 * gn] != PCRE2_UNSET &&
            (best < 0 || gn < best))
          best = gn;
      }
      g = best;
    }
    if (g >= 0 && (uint32_t)g < ngroups && ov[2 * g] != PCRE2_UNSET)
      ct_buf_put(b, src + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
  }
  ct_buf_put(b, tpl + i, tn - i);
}

static int do_replace(ct_call *c, ct_value **out, ct_value *const *args, bool must, bool literal) {
  const char *err = NULL;
  matcher m;
  ct_arena *a = ct_call_arena(c);
  if (matcher_init(c, &m, args[0], args[1], &err) < 0) return regex_error(c, must, args[0], err);
  const char *repl = args[2] && args[2]->type == CT_STRING ? args[2]->s.ptr : "";
  size_t rl = args[2] && args[2]->type == CT_STRING ? args[2]->s.len : 0;
  uint32_t ngroups = 0;
  pcre2_pattern_info(m.code, PCRE2_INFO_CAPTURECOUNT, &ngroups);
  ngroups++;
  ct_buf b = CT_BUF_INIT;
  size_t last = 0, pos = 0;
  while (pos <= m.n) {
    PCRE2_SIZE *ov = match_at(&m, pos);
    if (!ov) break;
    ct_buf_put(&b, m.s + last, ov[0] - last);
    if (ov[1] > last || ov[0] == 0) {
      if (literal) ct_buf_put(&b, repl, rl);
      else expand(&b, m.code, repl, rl, m.s, ov, ngroups);
    }
    last = ov[1];
    size_t w = rune_width(m.s, m.n, pos);
    if (pos + w > ov[1]) pos += w;
    else if (pos + 1 > ov[1]) pos++;
    else pos = ov[1];
  }
  ct_buf_put(&b, m.s + last, m.n - last);
  *out = ct_string(a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  pcre2_match_data_free(m.md);
  return 0;
}
static int f_replace(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_replace(c, out, args, false, false);
}
static int f_must_replace(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_replace(c, out, args, true, false);
}
static int f_replace_lit(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_replace(c, out, args, false, true);
}
static int f_must_replace_lit(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_replace(c, out, args, true, true);
}

/* Go's Regexp.Split. */
static int do_split(ct_call *c, ct_value **out, ct_value *const *args, bool must) {
  const char *err = NULL;
  matcher m;
  ct_arena *a = ct_call_arena(c);
  if (matcher_init(c, &m, args[0], args[1], &err) < 0) return regex_error(c, must, args[0], err);
  long long n = args[2] ? args[2]->i : 0;
  *out = NULL;
  if (n == 0) goto done;
  ct_value *list = ct_list_new(a, CT_STRLIST, 4);
  *out = list;
  if (args[0]->s.len > 0 && m.n == 0) {
    ct_list_push(a, list, ct_cstring(a, ""));
    goto done;
  }
  collect k = {.a = a, .s = m.s};
  all_matches(&m, n, deliver_span, &k);
  size_t beg = 0, end = 0;
  for (size_t q = 0; q < k.count; q++) {
    if (n > 0 && (long long)list->list->len == n - 1) break;
    end = k.spans[2 * q];
    if (k.spans[2 * q + 1] != 0) ct_list_push(a, list, ct_string(a, m.s + beg, end - beg));
    beg = k.spans[2 * q + 1];
  }
  if (end != m.n) ct_list_push(a, list, ct_string(a, m.s + beg, m.n - beg));
done:
  pcre2_match_data_free(m.md);
  return 0;
}
static int f_split(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_split(c, out, args, false);
}
static int f_must_split(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return do_split(c, out, args, true);
}

/* regexp.QuoteMeta: backslash before each of \.+*?()|[]{}^$ */
static int f_quote_meta(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const ct_value *v = args[0];
  const char *s = v && v->type == CT_STRING ? v->s.ptr : "";
  size_t n = v && v->type == CT_STRING ? v->s.len : 0;
  ct_arena *a = ct_call_arena(c);
  char *o = ct_arena_alloc(a, 2 * n + 1);
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    if (strchr("\\.+*?()|[]{}^$", s[i]) && s[i]) o[w++] = '\\';
    o[w++] = s[i];
  }
  *out = ct_string_nocopy(a, o, w);
  return 0;
}

static const ct_func funcs[] = {
    {"regexMatch", "string,string->bool", f_match, NULL},
    {"mustRegexMatch", "string,string->bool,error", f_must_match, NULL},
    {"regexFindAll", "string,string,int->[]string", f_find_all, NULL},
    {"mustRegexFindAll", "string,string,int->[]string,error", f_must_find_all, NULL},
    {"regexFind", "string,string->string", f_find, NULL},
    {"mustRegexFind", "string,string->string,error", f_must_find, NULL},
    {"regexReplaceAll", "string,string,string->string", f_replace, NULL},
    {"mustRegexReplaceAll", "string,string,string->string,error", f_must_replace, NULL},
    {"regexReplaceAllLiteral", "string,string,string->string", f_replace_lit, NULL},
    {"mustRegexReplaceAllLiteral", "string,string,string->string,error", f_must_replace_lit, NULL},
    {"regexSplit", "string,string,int->[]string", f_split, NULL},
    {"mustRegexSplit", "string,string,int->[]string,error", f_must_split, NULL},
    {"regexQuoteMeta", "string->string", f_quote_meta, NULL},
};

const ct_func *ct_sprig__regex(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
