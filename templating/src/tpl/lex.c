/* lex.c — the template lexer, after Go's text/template/parse/lex.go (Go 1.23): text, actions
 * with custom delimiters and trim markers, comments, strings, numbers, fields, variables. */
#include <stdarg.h>
#include <string.h>

#include "chartctl/gofmt.h"

#include "tpl/tpl_int.h"

#define EOF_RUNE (-1)

typedef int (*state_fn)(ct_tpl__lexer *l); /* returns the next state id */

enum { S_DONE, S_TEXT, S_LDELIM, S_COMMENT, S_RDELIM, S_INSIDE, S_SPACE, S_IDENT, S_FIELD,
       S_VARIABLE, S_CHAR, S_NUMBER, S_QUOTE, S_RAWQUOTE };

/* ---- UTF-8 ---- */
static int decode_rune(const unsigned char *s, size_t n, int *width) {
  if (n == 0) {
    *width = 0;
    return EOF_RUNE;
  }
  uint32_t r;
  *width = ct_gofmt_utf8_decode((const char *)s, n, &r);
  return (int)r;
}

static bool is_space(int r) { return r == ' ' || r == '\t' || r == '\r' || r == '\n'; }

/* unicode.IsLetter / IsDigit: ASCII exactly; any non-ASCII rune that is not punctuation or
 * space in the common blocks counts as a letter (identifiers in templates are ASCII in
 * practice). */
static bool is_alnum(int r) {
  if (r == '_') return true;
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
  if (r == 0xFFFD || r == EOF_RUNE) return false;
  if (r < 0xC0) return r == 0xAA || r == 0xB5 || r == 0xBA;
  if (r == 0xD7 || r == 0xF7) return false;
  if (r >= 0x2000 && r <= 0x206F) return false; /* general punctuation */
  if (r >= 0x3000 && r <= 0x303F) return false; /* CJK punctuation */
  return true;
}

static int lnext(ct_tpl__lexer *l) {
  if (l->pos >= l->len) {
    l->at_eof = true;
    return EOF_RUNE;
  }
  int w;
  int r = decode_rune((const unsigned char *)l->input + l->pos, l->len - l->pos, &w);
  l->pos += (size_t)w;
  if (r == '\n') l->line++;
  return r;
}

static void lbackup(ct_tpl__lexer *l) {
  if (!l->at_eof && l->pos > 0) {
    /* step back one rune */
    size_t p = l->pos - 1;
    while (p > 0 && ((unsigned char)l->input[p] & 0xC0) == 0x80 && l->pos - p < 4) p--;
    int w;
    int r = decode_rune((const unsigned char *)l->input + p, l->len - p, &w);
    if ((size_t)w != l->pos - p) {
      p = l->pos - 1;
      r = (unsigned char)l->input[p];
    }
    l->pos = p;
    if (r == '\n') l->line--;
  }
  l->at_eof = false;
}

static int lpeek(ct_tpl__lexer *l) {
  int r = lnext(l);
  lbackup(l);
  return r;
}

static size_t count_nl(const char *s, size_t n) {
  size_t c = 0;
  for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + n - p))) != NULL; p++) c++;
  return c;
}

static ct_tpl__item this_item(ct_tpl__lexer *l, ct_tpl__itype t) {
  ct_tpl__item i = {t, l->start, l->input + l->start, l->pos - l->start, l->start_line};
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

static bool has_prefix(const ct_tpl__lexer *l, size_t at, const char *p, size_t n) {
  return at <= l->len && l->len - at >= n && memcmp(l->input + at, p, n) == 0;
}

static int errorf(ct_tpl__lexer *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int errorf(ct_tpl__lexer *l, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = ct_arena_vsprintf(l->arena, fmt, ap);
  va_end(ap);
  l->item = (ct_tpl__item){IT_ERROR, l->start, msg, strlen(msg), l->start_line};
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

static bool at_right_delim(ct_tpl__lexer *l, bool *trim) {
  *trim = false;
  if (has_prefix(l, l->pos, l->rdelim, l->rdlen)) return true;
  if (has_right_trim(l, l->pos) && has_prefix(l, l->pos + 2, l->rdelim, l->rdlen)) {
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

static const char *find(const char *h, size_t hn, const char *n, size_t nn) {
  if (nn == 0) return h;
  return memmem(h, hn, n, nn);
}

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
    return S_LDELIM;
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

static bool is_print_ascii(int r) { return r >= 0x20 && r < 0x7F; }

static int lex_inside(ct_tpl__lexer *l) {
  bool trim;
  if (at_right_delim(l, &trim)) {
    if (l->paren_depth == 0) return S_RDELIM;
    return errorf(l, "unclosed left paren");
  }
  int r = lnext(l);
  if (r == EOF_RUNE) return errorf(l, "unclosed action");
  if (is_space(r)) {
    lbackup(l);
    return S_SPACE;
  }
  switch (r) {
  case '=': return emit(l, IT_ASSIGN);
  case ':':
    if (lnext(l) != '=') return errorf(l, "expected :=");
    return emit(l, IT_DECLARE);
  case '|': return emit(l, IT_PIPE);
  case '"': return S_QUOTE;
  case '`': return S_RAWQUOTE;
  case '$': return S_VARIABLE;
  case '\'': return S_CHAR;
  case '.':
    if (l->pos < l->len) {
      char c = l->input[l->pos];
      if (c < '0' || c > '9') return S_FIELD;
    }
    lbackup(l);
    return S_NUMBER;
  case '(':
    l->paren_depth++;
    return emit(l, IT_LPAREN);
  case ')':
    l->paren_depth--;
    if (l->paren_depth < 0) return errorf(l, "unexpected right paren");
    return emit(l, IT_RPAREN);
  default: break;
  }
  if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
    lbackup(l);
    return S_NUMBER;
  }
  if (is_alnum(r)) {
    lbackup(l);
    return S_IDENT;
  }
  if (r < 0x80 && is_print_ascii(r)) return emit(l, IT_CHAR);
  return errorf(l, "unrecognized character in action: %s", fmt_rune(l, r));
}

static int lex_space(ct_tpl__lexer *l) {
  int n = 0;
  while (is_space(lpeek(l))) {
    lnext(l);
    n++;
  }
  if (has_right_trim(l, l->pos - 1) && has_prefix(l, l->pos - 1 + 2, l->rdelim, l->rdlen)) {
    lbackup(l);
    if (n == 1) return S_RDELIM;
  }
  return emit(l, IT_SPACE);
}

static bool at_terminator(ct_tpl__lexer *l) {
  int r = lpeek(l);
  if (is_space(r)) return true;
  switch (r) {
  case EOF_RUNE:
  case '.':
  case ',':
  case '|':
  case ':':
  case ')':
  case '(': return true;
  default: break;
  }
  int w;
  int rd = decode_rune((const unsigned char *)l->rdelim, l->rdlen, &w);
  return rd == r;
}

static const struct {
  const char *w;
  ct_tpl__itype t;
} keywords[] = {
    {".", IT_DOT},        {"block", IT_BLOCK}, {"break", IT_BREAK}, {"continue", IT_CONTINUE},
    {"define", IT_DEFINE}, {"else", IT_ELSE},   {"end", IT_END},     {"if", IT_IF},
    {"range", IT_RANGE},  {"nil", IT_NIL},     {"template", IT_TEMPLATE}, {"with", IT_WITH},
};

static int lex_identifier(ct_tpl__lexer *l) {
  for (;;) {
    int r = lnext(l);
    if (is_alnum(r)) continue;
    lbackup(l);
    const char *word = l->input + l->start;
    size_t wn = l->pos - l->start;
    if (!at_terminator(l)) return errorf(l, "bad character %s", fmt_rune(l, r));
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
      if (strlen(keywords[k].w) == wn && memcmp(keywords[k].w, word, wn) == 0) {
        ct_tpl__itype t = keywords[k].t;
        if ((t == IT_BREAK && !l->break_ok) || (t == IT_CONTINUE && !l->continue_ok))
          return emit(l, IT_IDENT);
        return emit(l, t);
      }
    }
    if (word[0] == '.') return emit(l, IT_FIELD);
    if ((wn == 4 && memcmp(word, "true", 4) == 0) || (wn == 5 && memcmp(word, "false", 5) == 0))
      return emit(l, IT_BOOL);
    return emit(l, IT_IDENT);
  }
}

static int lex_field_or_variable(ct_tpl__lexer *l, ct_tpl__itype typ) {
  if (at_terminator(l)) {
    return emit(l, typ == IT_VARIABLE ? IT_VARIABLE : IT_DOT);
  }
  int r;
  for (;;) {
    r = lnext(l);
    if (!is_alnum(r)) {
      lbackup(l);
      break;
    }
  }
  if (!at_terminator(l)) return errorf(l, "bad character %s", fmt_rune(l, r));
  return emit(l, typ);
}

static int lex_variable(ct_tpl__lexer *l) {
  if (at_terminator(l)) return emit(l, IT_VARIABLE);
  return lex_field_or_variable(l, IT_VARIABLE);
}

static int lex_char(ct_tpl__lexer *l) {
  for (;;) {
    int r = lnext(l);
    if (r == '\\') {
      r = lnext(l);
      if (r != EOF_RUNE && r != '\n') continue;
      return errorf(l, "unterminated character constant");
    }
    if (r == EOF_RUNE || r == '\n') return errorf(l, "unterminated character constant");
    if (r == '\'') break;
  }
  return emit(l, IT_CHARCONST);
}

static bool accept(ct_tpl__lexer *l, const char *valid) {
  int r = lnext(l);
  if (r > 0 && r < 0x80 && strchr(valid, r)) return true;
  lbackup(l);
  return false;
}
static void accept_run(ct_tpl__lexer *l, const char *valid) {
  for (;;) {
    int r = lnext(l);
    if (!(r > 0 && r < 0x80 && strchr(valid, r))) break;
  }
  lbackup(l);
}

static bool scan_number(ct_tpl__lexer *l) {
  accept(l, "+-");
  const char *digits = "0123456789_";
  if (accept(l, "0")) {
    if (accept(l, "xX"))
      digits = "0123456789abcdefABCDEF_";
    else if (accept(l, "oO"))
      digits = "01234567_";
    else if (accept(l, "bB"))
      digits = "01_";
  }
  accept_run(l, digits);
  if (accept(l, ".")) accept_run(l, digits);
  size_t dn = strlen(digits);
  if (dn == 11 && accept(l, "eE")) {
    accept(l, "+-");
    accept_run(l, "0123456789_");
  }
  if (dn == 23 && accept(l, "pP")) {
    accept(l, "+-");
    accept_run(l, "0123456789_");
  }
  accept(l, "i");
  if (is_alnum(lpeek(l))) {
    lnext(l);
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
  int sign = lpeek(l);
  if (sign == '+' || sign == '-') {
    if (!scan_number(l) || l->input[l->pos - 1] != 'i') return bad_number(l);
    return emit(l, IT_COMPLEX);
  }
  return emit(l, IT_NUMBER);
}

static int lex_quote(ct_tpl__lexer *l) {
  for (;;) {
    int r = lnext(l);
    if (r == '\\') {
      r = lnext(l);
      if (r != EOF_RUNE && r != '\n') continue;
      return errorf(l, "unterminated quoted string");
    }
    if (r == EOF_RUNE || r == '\n') return errorf(l, "unterminated quoted string");
    if (r == '"') break;
  }
  return emit(l, IT_STRING);
}

static int lex_raw_quote(ct_tpl__lexer *l) {
  for (;;) {
    int r = lnext(l);
    if (r == EOF_RUNE) return errorf(l, "unterminated raw quoted string");
    if (r == '`') break;
  }
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
  l->line = 1;
  l->start_line = 1;
  l->break_ok = true;
  l->continue_ok = true;
  l->arena = a;
}

ct_tpl__item ct_tpl__lex_next(ct_tpl__lexer *l) {
  l->item = (ct_tpl__item){IT_EOF, l->pos, "EOF", 3, l->start_line};
  int st = l->inside_action ? S_INSIDE : S_TEXT;
  for (;;) {
    switch (st) {
    case S_DONE: return l->item;
    case S_TEXT: st = lex_text(l); break;
    case S_LDELIM: st = lex_left_delim(l); break;
    case S_COMMENT: st = lex_comment(l); break;
    case S_RDELIM: st = lex_right_delim(l); break;
    case S_INSIDE: st = lex_inside(l); break;
    case S_SPACE: st = lex_space(l); break;
    case S_IDENT: st = lex_identifier(l); break;
    case S_FIELD: st = lex_field_or_variable(l, IT_FIELD); break;
    case S_VARIABLE: st = lex_variable(l); break;
    case S_CHAR: st = lex_char(l); break;
    case S_NUMBER: st = lex_number(l); break;
    case S_QUOTE: st = lex_quote(l); break;
    case S_RAWQUOTE: st = lex_raw_quote(l); break;
    default: return l->item;
    }
  }
}
