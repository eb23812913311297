/* lex.c — the template lexer, after Go's text/template/parse/lex.go (Go 1.23): text, actions
 * with custom delimiters and trim markers, comments, strings, numbers, fields, variables. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "chartctl/scan.h"

#include "codec/codec_int.h"

#include "tpl/tpl_int.h"

#define EOF_RUNE (-1)

/* A state lexes on and returns S_DONE once it has set l->item, or the next state for the
 * driver loop (only the text/comment cycle goes back to it: the other states call the next
 * one directly, a tail call). */

enum { S_DONE, S_TEXT, S_COMMENT };

/* ---- runes: ASCII bytes are runes; only bytes >= 0x80 are decoded as UTF-8 ---- */
static int decode_rune(const unsigned char *s, size_t n, int *width) {
  if (n == 0) {
    *width = 0;
    return EOF_RUNE;
  }
  if (s[0] < 0x80) {
    *width = 1;
    return s[0];
  }
  uint32_t r;
  *width = ct_gofmt_utf8_decode((const char *)s, n, &r);
  return (int)r;
}

/* The rune at l->pos (EOF_RUNE past the end) and its width; the position does not move. */
static inline int peek_rune(const ct_tpl__lexer *l, int *w) {
  if (l->pos >= l->len) {
    *w = 0;
    return EOF_RUNE;
  }
  unsigned char c = (unsigned char)l->input[l->pos];
  if (c < 0x80) {
    *w = 1;
    return c;
  }
  return decode_rune((const unsigned char *)l->input + l->pos, l->len - l->pos, w);
}

static inline bool is_space(int r) { return r == ' ' || r == '\t' || r == '\r' || r == '\n'; }

/* ASCII letters, digits and '_' */
static const unsigned char word_ascii[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['_'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1,
    ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1,
    ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1,
    ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* R: an ASCII rune (0..127) */
static inline bool is_alnum_ascii(int r) { return word_ascii[r]; }

/* Go's isAlphaNumeric: '_', unicode.IsLetter or unicode.IsDigit. */
static bool is_alnum(int r) {
  if (r < 0x80) return r >= 0 && is_alnum_ascii(r);
  return ct_codec__is_letter((uint32_t)r) || ct_codec__is_digit((uint32_t)r);
}

/* Skips the run of alphanumeric runes at l->pos; returns the rune that ended it (EOF_RUNE at
 * the end of the input), which stays unread. */
static int skip_alnum(ct_tpl__lexer *l) {
  const unsigned char *in = (const unsigned char *)l->input;
  for (;;) {
    size_t pos = l->pos, len = l->len;
    while (pos < len && in[pos] < 0x80 && word_ascii[in[pos]]) pos++;
    l->pos = pos;
    if (pos >= len) return EOF_RUNE;
    unsigned char c = in[pos];
    if (c < 0x80) return c;
    int w;
    int r = decode_rune(in + l->pos, l->len - l->pos, &w);
    if (!is_alnum(r)) return r;
    l->pos += (size_t)w;
  }
}

static size_t count_nl(const char *s, size_t n) { return ct_count_byte(s, n, '\n'); }

static ct_tpl__item this_item(ct_tpl__lexer *l, ct_tpl__itype t) {
  ct_tpl__item i = {.typ = t, .line = l->start_line, .pos = l->start, .val = l->input + l->start, .len = l->pos - l->start};
  l->start = l->pos;
  l->start_line = l->line;
  return i;
}

static int emit_item(ct_tpl__lexer *l, ct_tpl__item i) {
  l->item = i;
  return S_DONE;
}

static int emit(ct_tpl__lexer *l, ct_tpl__itype t) { return emit_item(l, this_item(l, t)); }

static void ignore(ct_tpl__lexer *l) {
  l->line += (int)count_nl(l->input + l->start, l->pos - l->start);
  l->start = l->pos;
  l->start_line = l->line;
}

/* Whether the input has P (N bytes: a delimiter or marker, short) at AT. */
static inline bool has_prefix(const ct_tpl__lexer *l, size_t at, const char *p, size_t n) {
  if (at > l->len || l->len - at < n) return false;
  const char *in = l->input + at;
  for (size_t i = 0; i < n; i++)
    if (in[i] != p[i]) return false;
  return true;
}

static int errorf(ct_tpl__lexer *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int errorf(ct_tpl__lexer *l, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = ct_arena_vsprintf(l->arena, fmt, ap);
  va_end(ap);
  l->item = (ct_tpl__item){.typ = IT_ERROR, .line = l->start_line, .pos = l->start, .val = msg, .len = strlen(msg)};
  l->start = 0;
  l->pos = 0;
  l->len = 0;
  return S_DONE;
}

/* %#U of a rune: U+0041 'A' */
static char *fmt_rune(ct_tpl__lexer *l, int r) {
  if (r == EOF_RUNE) return ct_arena_strdup(l->arena, "U+FFFFFFFFFFFFFFFF");
  if (r >= 0x20 && r != 0x7F && !(r >= 0x80 && r < 0xA0)) {
    char enc[5] = {0};
    if (r < 0x80)
      enc[0] = (char)r;
    else if (r < 0x800) {
      enc[0] = (char)(0xC0 | (r >> 6));
      enc[1] = (char)(0x80 | (r & 0x3F));
    } else if (r < 0x10000) {
      enc[0] = (char)(0xE0 | (r >> 12));
      enc[1] = (char)(0x80 | ((r >> 6) & 0x3F));
      enc[2] = (char)(0x80 | (r & 0x3F));
    } else {
      enc[0] = (char)(0xF0 | (r >> 18));
      enc[1] = (char)(0x80 | ((r >> 12) & 0x3F));
      enc[2] = (char)(0x80 | ((r >> 6) & 0x3F));
      enc[3] = (char)(0x80 | (r & 0x3F));
    }
    return ct_arena_sprintf(l->arena, "U+%04X '%s'", (unsigned)r, enc);
  }
  return ct_arena_sprintf(l->arena, "U+%04X", (unsigned)r);
}

static bool has_left_trim(const ct_tpl__lexer *l, size_t at) {
  return l->len >= at + 2 && l->input[at] == '-' && is_space((unsigned char)l->input[at + 1]);
}
static bool has_right_trim(const ct_tpl__lexer *l, size_t at) {
  return l->len >= at + 2 && is_space((unsigned char)l->input[at]) && l->input[at + 1] == '-';
}

static inline bool at_right_delim(const ct_tpl__lexer *l, bool *trim) {
  *trim = false;
  size_t pos = l->pos;
  if (pos >= l->len) return false;
  char c = l->input[pos];
  if (c == l->rdelim[0] && has_prefix(l, pos, l->rdelim, l->rdlen)) return true;
  if (is_space((unsigned char)c) && has_right_trim(l, pos) && has_prefix(l, pos + 2, l->rdelim, l->rdlen)) {
    *trim = true;
    return true;
  }
  return false;
}

static size_t right_trim_len(const char *s, size_t n) {
  size_t k = n;
  while (k > 0 && is_space((unsigned char)s[k - 1])) k--;
  return n - k;
}
static size_t left_trim_len(const char *s, size_t n) {
  size_t k = 0;
  while (k < n && is_space((unsigned char)s[k])) k++;
  return k;
}

/* First occurrence of N (NN >= 1 bytes) in H: memchr for its first byte, then compare. */
static const char *find(const char *h, size_t hn, const char *n, size_t nn) {
  if (nn == 0) return h;
  const char *end = h + hn;
  char c0 = n[0];
  while ((size_t)(end - h) >= nn) {
    const char *x = memchr(h, c0, (size_t)(end - h) - nn + 1);
    if (!x) return NULL;
    if (memcmp(x + 1, n + 1, nn - 1) == 0) return x;
    h = x + 1;
  }
  return NULL;
}

static int lex_left_delim(ct_tpl__lexer *l);
static int lex_right_delim(ct_tpl__lexer *l);
static int lex_space(ct_tpl__lexer *l);
static int lex_identifier(ct_tpl__lexer *l);
static int lex_field_or_variable(ct_tpl__lexer *l, ct_tpl__itype typ);
static int lex_char(ct_tpl__lexer *l);
static int lex_number(ct_tpl__lexer *l);
static int lex_quote(ct_tpl__lexer *l);
static int lex_raw_quote(ct_tpl__lexer *l);

static int lex_text(ct_tpl__lexer *l) {
  const char *x = find(l->input + l->pos, l->len - l->pos, l->ldelim, l->ldlen);
  if (x) {
    size_t off = (size_t)(x - (l->input + l->pos));
    if (off > 0) {
      l->pos += off;
      size_t trim = 0;
      if (has_left_trim(l, l->pos + l->ldlen)) trim = right_trim_len(l->input + l->start, l->pos - l->start);
      l->pos -= trim;
      l->line += (int)count_nl(l->input + l->start, l->pos - l->start);
      ct_tpl__item i = this_item(l, IT_TEXT);
      l->pos += trim;
      ignore(l);
      if (i.len > 0) return emit_item(l, i);
    }
    return lex_left_delim(l);
  }
  l->pos = l->len;
  if (l->pos > l->start) {
    l->line += (int)count_nl(l->input + l->start, l->pos - l->start);
    return emit(l, IT_TEXT);
  }
  return emit(l, IT_EOF);
}

static int lex_left_delim(ct_tpl__lexer *l) {
  l->pos += l->ldlen;
  bool trim = has_left_trim(l, l->pos);
  size_t after = trim ? 2 : 0;
  if (has_prefix(l, l->pos + after, "/*", 2)) {
    l->pos += after;
    ignore(l);
    return S_COMMENT;
  }
  ct_tpl__item i = this_item(l, IT_LDELIM);
  l->inside_action = true;
  l->pos += after;
  ignore(l);
  l->paren_depth = 0;
  return emit_item(l, i);
}

static int lex_comment(ct_tpl__lexer *l) {
  l->pos += 2;
  const char *x = find(l->input + l->pos, l->len - l->pos, "*/", 2);
  if (!x) return errorf(l, "unclosed comment");
  l->pos = (size_t)(x - l->input) + 2;
  bool trim;
  if (!at_right_delim(l, &trim)) return errorf(l, "comment ends before closing delimiter");
  l->line += (int)count_nl(l->input + l->start, l->pos - l->start);
  (void)this_item(l, IT_COMMENT);
  if (trim) l->pos += 2;
  l->pos += l->rdlen;
  if (trim) l->pos += left_trim_len(l->input + l->pos, l->len - l->pos);
  ignore(l);
  return S_TEXT;
}

static int lex_right_delim(ct_tpl__lexer *l) {
  bool trim;
  (void)at_right_delim(l, &trim);
  if (trim) {
    l->pos += 2;
    ignore(l);
  }
  l->pos += l->rdlen;
  ct_tpl__item i = this_item(l, IT_RDELIM);
  if (trim) {
    l->pos += left_trim_len(l->input + l->pos, l->len - l->pos);
    ignore(l);
  }
  l->inside_action = false;
  return emit_item(l, i);
}

static int lex_inside(ct_tpl__lexer *l) {
  bool trim;
  if (at_right_delim(l, &trim)) {
    if (l->paren_depth == 0) return lex_right_delim(l);
    return errorf(l, "unclosed left paren");
  }
  if (l->pos >= l->len) return errorf(l, "unclosed action");
  unsigned char c = (unsigned char)l->input[l->pos];
  switch (c) {
  case ' ': case '\t': case '\r': case '\n': return lex_space(l);
  case '=': l->pos++; return emit(l, IT_ASSIGN);
  case ':':
    l->pos++;
    if (l->pos >= l->len || l->input[l->pos] != '=') return errorf(l, "expected :=");
    l->pos++;
    return emit(l, IT_DECLARE);
  case '|': l->pos++; return emit(l, IT_PIPE);
  case '"': l->pos++; return lex_quote(l);
  case '`': l->pos++; return lex_raw_quote(l);
  case '$': l->pos++; return lex_field_or_variable(l, IT_VARIABLE);
  case '\'': l->pos++; return lex_char(l);
  case '.':
    if (l->pos + 1 < l->len) {
      char d = l->input[l->pos + 1];
      if (d < '0' || d > '9') {
        l->pos++;
        return lex_field_or_variable(l, IT_FIELD);
      }
    }
    return lex_number(l);
  case '(':
    l->pos++;
    l->paren_depth++;
    return emit(l, IT_LPAREN);
  case ')':
    l->pos++;
    l->paren_depth--;
    if (l->paren_depth < 0) return errorf(l, "unexpected right paren");
    return emit(l, IT_RPAREN);
  case '+': case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6':
  case '7': case '8': case '9': return lex_number(l);
  default: break;
  }
  if (c < 0x80) {
    if (is_alnum_ascii(c)) return lex_identifier(l);
    l->pos++;
    if (c >= 0x20 && c < 0x7F) return emit(l, IT_CHAR);
    return errorf(l, "unrecognized character in action: %s", fmt_rune(l, c));
  }
  int w;
  int r = decode_rune((const unsigned char *)l->input + l->pos, l->len - l->pos, &w);
  if (is_alnum(r)) return lex_identifier(l);
  l->pos += (size_t)w;
  return errorf(l, "unrecognized character in action: %s", fmt_rune(l, r));
}

static int lex_space(ct_tpl__lexer *l) {
  int n = 0;
  while (l->pos < l->len && is_space((unsigned char)l->input[l->pos])) {
    if (l->input[l->pos] == '\n') l->line++;
    l->pos++;
    n++;
  }
  /* a "-" right after the spaces may be a trim marker: " -}}" */
  if (l->pos < l->len && l->input[l->pos] == '-' && has_prefix(l, l->pos + 1, l->rdelim, l->rdlen)) {
    l->pos--; /* before the space */
    if (l->input[l->pos] == '\n') l->line--;
    if (n == 1) return lex_right_delim(l);
  }
  return emit(l, IT_SPACE);
}

/* Whether rune R (the one after a word) ends it: space, EOF, punctuation, the right delim. */
static bool is_terminator(const ct_tpl__lexer *l, int r) {
  switch (r) {
  case ' ':
  case '\t':
  case '\r':
  case '\n':
  case EOF_RUNE:
  case '.':
  case ',':
  case '|':
  case ':':
  case ')':
  case '(': return true;
  default: return r == l->rd_rune;
  }
}

static bool at_terminator(const ct_tpl__lexer *l) {
  int w;
  return is_terminator(l, peek_rune(l, &w));
}

static bool word_is(const char *w, size_t n, const char *kw, size_t kn) {
  return n == kn && memcmp(w, kw, kn) == 0;
}

/* The keyword item type of WORD, or IT_ERROR when it is none. */
static ct_tpl__itype keyword(const char *w, size_t n) {
  switch (w[0]) {
  case '.': return n == 1 ? IT_DOT : IT_ERROR;
  case 'b': return word_is(w, n, "block", 5) ? IT_BLOCK : word_is(w, n, "break", 5) ? IT_BREAK : IT_ERROR;
  case 'c': return word_is(w, n, "continue", 8) ? IT_CONTINUE : IT_ERROR;
  case 'd': return word_is(w, n, "define", 6) ? IT_DEFINE : IT_ERROR;
  case 'e': return word_is(w, n, "else", 4) ? IT_ELSE : word_is(w, n, "end", 3) ? IT_END : IT_ERROR;
  case 'i': return word_is(w, n, "if", 2) ? IT_IF : IT_ERROR;
  case 'n': return word_is(w, n, "nil", 3) ? IT_NIL : IT_ERROR;
  case 'r': return word_is(w, n, "range", 5) ? IT_RANGE : IT_ERROR;
  case 't': return word_is(w, n, "template", 8) ? IT_TEMPLATE : IT_ERROR;
  case 'w': return word_is(w, n, "with", 4) ? IT_WITH : IT_ERROR;
  default: return IT_ERROR;
  }
}

static int lex_identifier(ct_tpl__lexer *l) {
  int r = skip_alnum(l);
  const char *word = l->input + l->start;
  size_t wn = l->pos - l->start;
  if (!is_terminator(l, r)) return errorf(l, "bad character %s", fmt_rune(l, r));
  ct_tpl__itype t = keyword(word, wn);
  if (t != IT_ERROR) {
    if ((t == IT_BREAK && !l->break_ok) || (t == IT_CONTINUE && !l->continue_ok)) return emit(l, IT_IDENT);
    return emit(l, t);
  }
  if (word[0] == '.') return emit(l, IT_FIELD);
  if (word_is(word, wn, "true", 4) || word_is(word, wn, "false", 5)) return emit(l, IT_BOOL);
  return emit(l, IT_IDENT);
}

static int lex_field_or_variable(ct_tpl__lexer *l, ct_tpl__itype typ) {
  if (at_terminator(l)) return emit(l, typ == IT_VARIABLE ? IT_VARIABLE : IT_DOT);
  int r = skip_alnum(l);
  if (!is_terminator(l, r)) return errorf(l, "bad character %s", fmt_rune(l, r));
  return emit(l, typ);
}

/* The body of a quoted string or char constant after its opening QUOTE: a backslash escapes
 * the next rune; a newline or the end of the input leaves it unterminated. */
static bool scan_quoted(ct_tpl__lexer *l, char quote) {
  const char *in = l->input;
  size_t pos = l->pos, len = l->len;
  for (;;) {
    if (pos >= len) break;
    char c = in[pos++];
    if (c == '\\') {
      if (pos >= len || in[pos] == '\n') break;
      pos++; /* a multibyte rune's other bytes are never special */
      continue;
    }
    if (c == '\n') break;
    if (c == quote) {
      l->pos = pos;
      return true;
    }
  }
  l->pos = pos;
  return false;
}

static int lex_char(ct_tpl__lexer *l) {
  if (!scan_quoted(l, '\'')) return errorf(l, "unterminated character constant");
  return emit(l, IT_CHARCONST);
}

/* VALID: a set of ASCII bytes */
static inline bool accept(ct_tpl__lexer *l, const char *valid) {
  if (l->pos < l->len) {
    char c = l->input[l->pos];
    if (c > 0 && strchr(valid, c)) {
      l->pos++;
      return true;
    }
  }
  return false;
}

static bool is_digit_in(char c, int base) {
  switch (base) {
  case 16: return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '_';
  case 8: return (c >= '0' && c <= '7') || c == '_';
  case 2: return c == '0' || c == '1' || c == '_';
  default: return (c >= '0' && c <= '9') || c == '_';
  }
}

static void accept_digits(ct_tpl__lexer *l, int base) {
  while (l->pos < l->len && is_digit_in(l->input[l->pos], base)) l->pos++;
}

static bool scan_number(ct_tpl__lexer *l) {
  accept(l, "+-");
  int base = 10;
  if (accept(l, "0")) {
    if (accept(l, "xX"))
      base = 16;
    else if (accept(l, "oO"))
      base = 8;
    else if (accept(l, "bB"))
      base = 2;
  }
  accept_digits(l, base);
  if (accept(l, ".")) accept_digits(l, base);
  if (base == 10 && accept(l, "eE")) {
    accept(l, "+-");
    accept_digits(l, 10);
  }
  if (base == 16 && accept(l, "pP")) {
    accept(l, "+-");
    accept_digits(l, 10);
  }
  accept(l, "i");
  int w;
  if (is_alnum(peek_rune(l, &w))) {
    l->pos += (size_t)w;
    return false;
  }
  return true;
}

static int bad_number(ct_tpl__lexer *l) {
  ct_buf q = CT_BUF_INIT;
  ct_tpl__quote(&q, l->input + l->start, l->pos - l->start);
  char *s = ct_arena_strndup(l->arena, ct_buf_str(&q), q.len);
  ct_buf_dispose(&q);
  return errorf(l, "bad number syntax: %s", s);
}

static int lex_number(ct_tpl__lexer *l) {
  if (!scan_number(l)) return bad_number(l);
  if (l->pos < l->len && (l->input[l->pos] == '+' || l->input[l->pos] == '-')) {
    if (!scan_number(l) || l->input[l->pos - 1] != 'i') return bad_number(l);
    return emit(l, IT_COMPLEX);
  }
  return emit(l, IT_NUMBER);
}

static int lex_quote(ct_tpl__lexer *l) {
  if (!scan_quoted(l, '"')) return errorf(l, "unterminated quoted string");
  return emit(l, IT_STRING);
}

static int lex_raw_quote(ct_tpl__lexer *l) {
  const char *x = memchr(l->input + l->pos, '`', l->len - l->pos);
  if (!x) return errorf(l, "unterminated raw quoted string");
  size_t end = (size_t)(x - l->input) + 1;
  l->line += (int)count_nl(l->input + l->pos, end - l->pos);
  l->pos = end;
  return emit(l, IT_RAWSTRING);
}

void ct_tpl__lex_init(ct_tpl__lexer *l, const char *input, size_t len, const char *ldelim,
                      const char *rdelim, ct_arena *a) {
  memset(l, 0, sizeof *l);
  l->input = input;
  l->len = len;
  l->ldelim = ldelim && *ldelim ? ldelim : "{{";
  l->rdelim = rdelim && *rdelim ? rdelim : "}}";
  l->ldlen = strlen(l->ldelim);
  l->rdlen = strlen(l->rdelim);
  int w;
  l->rd_rune = decode_rune((const unsigned char *)l->rdelim, l->rdlen, &w);
  l->line = 1;
  l->start_line = 1;
  l->break_ok = true;
  l->continue_ok = true;
  l->arena = a;
}

void ct_tpl__lex_advance(ct_tpl__lexer *l) {
  /* every state that returns S_DONE has set l->item */
  int st = l->inside_action ? lex_inside(l) : lex_text(l);
  while (st != S_DONE) {
    switch (st) {
    case S_TEXT: st = lex_text(l); break;
    case S_COMMENT: st = lex_comment(l); break;
    default: abort();
    }
  }
}

ct_tpl__item ct_tpl__lex_next(ct_tpl__lexer *l) {
  ct_tpl__lex_advance(l);
  return l->item;
}
