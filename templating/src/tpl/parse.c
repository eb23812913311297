/* parse.c — the template parser, after Go's text/template/parse/parse.go (Go 1.23): builds
 * trees of nodes with positions, checks functions and variables, reports Go's exact errors. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tpl/tpl_int.h"

#define MAX_EXPR_DEPTH 10000 /* Go's maxStackDepth */

typedef struct treeset {
  ct_tpl__tree **items;
  size_t n, cap;
} treeset;

/* Nodes are carved from slabs of NODE_SLAB (one arena call per slab, not per node; a parse
 * leaves at most one slab partly unused). */
#define NODE_SLAB 32
typedef struct nodeslab {
  ct_tpl__node *next;
  size_t left;
} nodeslab;

typedef struct nstack {
  ct_tpl__node **v;
  size_t n, cap;
} nstack;

typedef struct parser {
  ct_tpl__lexer *lex;
  ct_tpl__item token[3];
  int peek_count;
  const char **vars;
  size_t nvars, capvars;
  ct_tpl__tree *tree;
  treeset *ts;
  ct_tpl_set *set;
  ct_arena *a;
  int action_line;
  int range_depth;
  int *stack_depth; /* shared across nested definitions */
  nodeslab *slab;   /* shared too */
  nstack *ns;       /* the node-list stack, shared too */
  jmp_buf *jb;
  ct_buf *err;
} parser;

/* ---- errors ---- */
static void p_errorf(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void p_errorf(parser *p, const char *fmt, ...) {
  ct_buf_reset(p->err);
  ct_buf_printf(p->err, "template: %s:%d: ", p->tree->parse_name, p->token[0].line);
  va_list ap;
  va_start(ap, fmt);
  ct_buf_vprintf(p->err, fmt, ap);
  va_end(ap);
  longjmp(*p->jb, 1);
}

/* item.String() */
static void item_string(ct_buf *out, const ct_tpl__item *it) {
  if (it->typ == IT_EOF) {
    ct_buf_puts(out, "EOF");
  } else if (it->typ == IT_ERROR) {
    ct_buf_put(out, it->val, it->len);
  } else if (it->typ > IT_KEYWORD) {
    ct_buf_putc(out, '<');
    ct_buf_put(out, it->val, it->len);
    ct_buf_putc(out, '>');
  } else {
    /* %q, or %.10q... when longer than 10 bytes (precision counts runes) */
    if (it->len > 10) {
      size_t k = 0, runes = 0;
      while (k < it->len && runes < 10) {
        k++;
        while (k < it->len && ((unsigned char)it->val[k] & 0xC0) == 0x80) k++;
        runes++;
      }
      ct_tpl__quote(out, it->val, k);
      ct_buf_puts(out, "...");
    } else {
      ct_tpl__quote(out, it->val, it->len);
    }
  }
}

static void p_unexpected(parser *p, const ct_tpl__item *tok, const char *context) __attribute__((noreturn));
static void p_unexpected(parser *p, const ct_tpl__item *tok, const char *context) {
  ct_buf s = CT_BUF_INIT;
  item_string(&s, tok);
  char *ts = ct_arena_strndup(p->a, ct_buf_str(&s), s.len);
  ct_buf_dispose(&s);
  if (tok->typ == IT_ERROR) {
    const char *extra = "";
    if (p->action_line != 0 && p->action_line != tok->line) {
      bool action_suffix = tok->len >= 7 && memcmp(tok->val + tok->len - 7, " action", 7) == 0;
      extra = ct_arena_sprintf(p->a, "%s started at %s:%d", action_suffix ? "" : " in action",
                               p->tree->parse_name, p->action_line);
    }
    p_errorf(p, "%s%s", ts, extra);
  }
  p_errorf(p, "unexpected %s in %s", ts, context);
}

/* ---- tokens ---- */
/* Tokens are handed out as pointers into the lookahead buffer: valid until the next call
 * that reads or backs up a token (copy one to keep it longer). */
static inline const ct_tpl__item *p_next(parser *p) {
  if (p->peek_count > 0) {
    p->peek_count--;
  } else {
    ct_tpl__lex_advance(p->lex);
    p->token[0] = p->lex->item;
  }
  return &p->token[p->peek_count];
}
static void p_backup(parser *p) { p->peek_count++; }
static void p_backup2(parser *p, ct_tpl__item t1) {
  p->token[1] = t1;
  p->peek_count = 2;
}
static void p_backup3(parser *p, ct_tpl__item t2, ct_tpl__item t1) {
  p->token[1] = t1;
  p->token[2] = t2;
  p->peek_count = 3;
}
static inline const ct_tpl__item *p_peek(parser *p) {
  if (p->peek_count > 0) return &p->token[p->peek_count - 1];
  p->peek_count = 1;
  ct_tpl__lex_advance(p->lex);
  p->token[0] = p->lex->item;
  return &p->token[0];
}
static inline const ct_tpl__item *p_next_nonspace(parser *p) {
  const ct_tpl__item *t;
  do t = p_next(p);
  while (t->typ == IT_SPACE);
  return t;
}
static inline const ct_tpl__item *p_peek_nonspace(parser *p) {
  const ct_tpl__item *t = p_next_nonspace(p);
  p_backup(p); /* the token stays where T points */
  return t;
}
static ct_tpl__item p_expect(parser *p, ct_tpl__itype want, const char *context) {
  ct_tpl__item t = *p_next_nonspace(p);
  if (t.typ != want) p_unexpected(p, &t, context);
  return t;
}

/* ---- nodes ---- */
static ct_tpl__node *new_node(parser *p, ct_tpl__ntype t, size_t pos) {
  nodeslab *sl = p->slab;
  if (!sl->left) {
    sl->next = ct_arena_alloc(p->a, NODE_SLAB * sizeof *sl->next); /* zeroed */
    sl->left = NODE_SLAB;
  }
  ct_tpl__node *n = sl->next++;
  sl->left--;
  n->type = (uint8_t)t;
  n->pos = (uint32_t)pos;
  return n;
}

/* Node lists are gathered on one stack per parse, shared by every list being built (lists
 * nest: an inner list is finished before its parent takes its next item), and copied to the
 * arena at exactly their size when finished: no arrays outgrown and left in the arena. */
static size_t nl_begin(parser *p) { return p->ns->n; }

static void nl_push(parser *p, ct_tpl__node *n) {
  nstack *ns = p->ns;
  if (ns->n == ns->cap) {
    size_t nc = ns->cap ? ns->cap * 2 : 256;
    ct_tpl__node **v = realloc(ns->v, nc * sizeof *v);
    if (!v) abort();
    ns->v = v;
    ns->cap = nc;
  }
  ns->v[ns->n++] = n;
}

/* Ends the list begun at MARK: its items move from the stack into L. */
static void nl_end(parser *p, ct_tpl__nlist *l, size_t mark) {
  nstack *ns = p->ns;
  size_t k = ns->n - mark;
  l->n = (uint32_t)k;
  l->items = NULL;
  if (k) {
    l->items = ct_arena_alloc(p->a, k * sizeof *l->items);
    memcpy(l->items, ns->v + mark, k * sizeof *l->items);
  }
  ns->n = mark;
}

static void push_var(parser *p, const char *name) {
  if (p->nvars == p->capvars) {
    size_t nc = p->capvars ? p->capvars * 2 : 8;
    p->vars = ct_arena_realloc(p->a, p->vars, p->capvars * sizeof *p->vars, nc * sizeof *p->vars);
    p->capvars = nc;
  }
  p->vars[p->nvars++] = name;
}

/* Splits "a.b.c" (or "$x.a") into idents: one NUL-separated copy of the text. */
static void split_idents(parser *p, ct_tpl__node *n, const char *s, size_t len) {
  size_t cnt = 1;
  for (const char *d = s; (d = memchr(d, '.', (size_t)(s + len - d))) != NULL; d++) cnt++;
  /* the pointers, then the text */
  n->field.idents = ct_arena_alloc(p->a, cnt * sizeof(char *) + len + 1);
  char *copy = (char *)(n->field.idents + cnt);
  memcpy(copy, s, len);
  copy[len] = 0;
  size_t k = 0;
  char *st = copy;
  for (char *d = copy; (d = memchr(d, '.', (size_t)(copy + len - d))) != NULL; d++) {
    *d = 0;
    n->field.idents[k++] = st;
    st = d + 1;
  }
  n->field.idents[k++] = st;
  n->field.n = k;
}

static ct_tpl__node *new_variable(parser *p, size_t pos, const char *s, size_t len) {
  ct_tpl__node *n = new_node(p, N_VARIABLE, pos);
  split_idents(p, n, s, len);
  return n;
}

static ct_tpl__node *new_field(parser *p, size_t pos, const char *s, size_t len) {
  ct_tpl__node *n = new_node(p, N_FIELD, pos);
  split_idents(p, n, s + 1, len - 1); /* drop the leading '.' */
  return n;
}

/* ---- strconv ---- */
static int unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int utf8_decode(const unsigned char *s, size_t n, int *w) {
  unsigned c = s[0];
  int need;
  unsigned r;
  if (c < 0x80) {
    *w = 1;
    return (int)c;
  }
  if ((c & 0xE0) == 0xC0) {
    need = 1;
    r = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    need = 2;
    r = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    need = 3;
    r = c & 0x07;
  } else {
    *w = 1;
    return -1;
  }
  if ((size_t)need >= n) {
    *w = 1;
    return -1;
  }
  for (int i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *w = 1;
      return -1;
    }
    r = (r << 6) | (s[i] & 0x3F);
  }
  if ((need == 1 && r < 0x80) || (need == 2 && r < 0x800) || (need == 3 && r < 0x10000) ||
      r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
    *w = 1;
    return -1;
  }
  *w = need + 1;
  return (int)r;
}

static void put_rune(ct_buf *b, unsigned r) {
  char e[4];
  if (r < 0x80) {
    ct_buf_putc(b, (char)r);
  } else if (r < 0x800) {
    e[0] = (char)(0xC0 | (r >> 6));
    e[1] = (char)(0x80 | (r & 0x3F));
    ct_buf_put(b, e, 2);
  } else if (r < 0x10000) {
    e[0] = (char)(0xE0 | (r >> 12));
    e[1] = (char)(0x80 | ((r >> 6) & 0x3F));
    e[2] = (char)(0x80 | (r & 0x3F));
    ct_buf_put(b, e, 3);
  } else {
    e[0] = (char)(0xF0 | (r >> 18));
    e[1] = (char)(0x80 | ((r >> 12) & 0x3F));
    e[2] = (char)(0x80 | ((r >> 6) & 0x3F));
    e[3] = (char)(0x80 | (r & 0x3F));
    ct_buf_put(b, e, 4);
  }
}

/* strconv.UnquoteChar: returns bytes consumed (0 on syntax error); *r the value,
 * *multibyte whether it must be UTF-8 encoded. */
static size_t unquote_char(const char *s, size_t n, char quote, long *r, bool *multibyte) {
  *multibyte = false;
  if (n == 0) return 0;
  unsigned char c = (unsigned char)s[0];
  if (c == (unsigned char)quote && (quote == '\'' || quote == '"')) return 0;
  if (c >= 0x80) {
    int w;
    int v = utf8_decode((const unsigned char *)s, n, &w);
    *r = v < 0 ? 0xFFFD : v;
    *multibyte = true;
    return (size_t)w;
  }
  if (c != '\\') {
    *r = c;
    return 1;
  }
  if (n <= 1) return 0;
  char e = s[1];
  size_t used = 2;
  switch (e) {
  case 'a': *r = '\a'; break;
  case 'b': *r = '\b'; break;
  case 'f': *r = '\f'; break;
  case 'n': *r = '\n'; break;
  case 'r': *r = '\r'; break;
  case 't': *r = '\t'; break;
  case 'v': *r = '\v'; break;
  case 'x':
  case 'u':
  case 'U': {
    size_t k = e == 'x' ? 2 : e == 'u' ? 4 : 8;
    if (n - 2 < k) return 0;
    long v = 0;
    for (size_t j = 0; j < k; j++) {
      int x = unhex(s[2 + j]);
      if (x < 0) return 0;
      v = (v << 4) | x;
    }
    used += k;
    if (e != 'x') {
      if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
      *multibyte = true;
    }
    *r = v;
    break;
  }
  case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
    long v = e - '0';
    if (n - 2 < 2) return 0;
    for (size_t j = 0; j < 2; j++) {
      int x = s[2 + j] - '0';
      if (x < 0 || x > 7) return 0;
      v = (v << 3) | x;
    }
    used += 2;
    if (v > 255) return 0;
    *r = v;
    break;
  }
  case '\\': *r = '\\'; break;
  case '\'':
  case '"':
    if (e != quote) return 0;
    *r = e;
    break;
  default: return 0;
  }
  return used;
}

static bool valid_utf8(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    int w;
    if (utf8_decode((const unsigned char *)s + i, n - i, &w) < 0) return false;
    i += (size_t)w;
  }
  return true;
}

/* strconv.Unquote of a "..." or `...` token. Returns false on a syntax error. */
static bool unquote(parser *p, const char *q, size_t n, ct_value **out) {
  if (n < 2 || q[n - 1] != q[0]) return false;
  const char *s = q + 1;
  size_t len = n - 2;
  if (q[0] == '`') {
    if (!memchr(s, '\r', len)) {
      *out = ct_string_nocopy(p->a, ct_arena_strndup(p->a, s, len), len);
      return true;
    }
    ct_buf b = CT_BUF_INIT;
    for (size_t i = 0; i < len; i++)
      if (s[i] != '\r') ct_buf_putc(&b, s[i]);
    *out = ct_string(p->a, b.ptr ? b.ptr : "", b.len);
    ct_buf_dispose(&b);
    return true;
  }
  if (!memchr(s, '\\', len) && !memchr(s, '\n', len) && !memchr(s, '"', len) && valid_utf8(s, len)) {
    *out = ct_string_nocopy(p->a, ct_arena_strndup(p->a, s, len), len);
    return true;
  }
  ct_buf b = CT_BUF_INIT;
  size_t i = 0;
  bool ok = true;
  while (i < len) {
    if (s[i] == '\n') {
      ok = false;
      break;
    }
    long r;
    bool mb;
    size_t used = unquote_char(s + i, len - i, '"', &r, &mb);
    if (!used) {
      ok = false;
      break;
    }
    if (r < 0x80 || !mb)
      ct_buf_putc(&b, (char)r);
    else
      put_rune(&b, (unsigned)r);
    i += used;
  }
  if (ok) *out = ct_string(p->a, b.ptr ? b.ptr : "", b.len);
  ct_buf_dispose(&b);
  return ok;
}

static char lower(char c) { return (char)(c | ('x' - 'X')); }

static bool underscore_ok(const char *s, size_t n) {
  char saw = '^';
  size_t i = 0;
  if (n >= 1 && (s[0] == '-' || s[0] == '+')) {
    s++;
    n--;
  }
  bool hex = false;
  if (n >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) == 'x';
  }
  for (; i < n; i++) {
    if ((s[i] >= '0' && s[i] <= '9') || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
      saw = '0';
      continue;
    }
    if (s[i] == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

/* strconv.ParseUint(s, 0, 64) */
static bool parse_uint0(const char *s, size_t n, uint64_t *out) {
  if (n == 0) return false;
  int base = 10;
  const char *orig = s;
  size_t on = n;
  if (s[0] == '0') {
    if (n >= 3 && lower(s[1]) == 'b') {
      base = 2;
      s += 2;
      n -= 2;
    } else if (n >= 3 && lower(s[1]) == 'o') {
      base = 8;
      s += 2;
      n -= 2;
    } else if (n >= 3 && lower(s[1]) == 'x') {
      base = 16;
      s += 2;
      n -= 2;
    } else {
      base = 8;
      s++;
      n--;
    }
  }
  uint64_t v = 0;
  bool underscores = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    int d;
    if (c == '_') {
      underscores = true;
      continue;
    }
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (lower(c) >= 'a' && lower(c) <= 'z')
      d = lower(c) - 'a' + 10;
    else
      return false;
    if (d >= base) return false;
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) return false;
    v = v * (uint64_t)base + (uint64_t)d;
  }
  if (underscores && !underscore_ok(orig, on)) return false;
  *out = v;
  return true;
}

/* strconv.ParseInt(s, 0, 64) */
static bool parse_int0(const char *s, size_t n, int64_t *out) {
  if (n == 0) return false;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s++;
    n--;
  }
  uint64_t u;
  if (!parse_uint0(s, n, &u)) return false;
  if (!neg && u > (uint64_t)INT64_MAX) return false;
  if (neg && u > (uint64_t)INT64_MAX + 1) return false;
  *out = neg ? (int64_t)(0 - u) : (int64_t)u;
  return true;
}

/* strconv.ParseFloat(s, 64) for the syntax the lexer lets through. */
static bool parse_float(const char *s, size_t n, double *out) {
  if (n == 0) return false;
  bool has_us = memchr(s, '_', n) != NULL;
  if (has_us && !underscore_ok(s, n)) return false;
  char *tmp = malloc(n + 1);
  if (!tmp) return false;
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] != '_') tmp[k++] = s[i];
  tmp[k] = 0;
  const char *t = tmp;
  if (*t == '+' || *t == '-') t++;
  bool hex = t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
  bool ok = true;
  if (hex && !strpbrk(t, "pP")) ok = false;
  if (!hex) {
    /* only digits, one '.', exponent */
    bool digit = false;
    for (const char *c = t; *c; c++) {
      if (*c >= '0' && *c <= '9') digit = true;
      else if (*c == 'e' || *c == 'E') break;
      else if (*c != '.') ok = false;
    }
    if (!digit) ok = false;
  }
  if ((t[0] == 'i' || t[0] == 'I' || t[0] == 'n' || t[0] == 'N')) ok = false;
  if (ok) {
    char *end;
    errno = 0;
    double d = strtod(tmp, &end);
    if (*end != 0) ok = false;
    else if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL)) ok = false;
    *out = d;
  }
  free(tmp);
  return ok;
}

static ct_tpl__node *new_number(parser *p, const ct_tpl__item *tok) {
  ct_tpl__node *n = new_node(p, N_NUMBER, tok->pos);
  n->num = ct_arena_alloc(p->a, sizeof *n->num); /* zeroed */
  const char *text = ct_arena_strndup(p->a, tok->val, tok->len);
  size_t len = tok->len;
  n->num->text = text;
  if (tok->typ == IT_CHARCONST) {
    long r;
    bool mb;
    size_t used = unquote_char(text + 1, len - 1, '\'', &r, &mb);
    if (!used) p_errorf(p, "invalid syntax");
    if (!(len - 1 - used == 1 && text[1 + used] == '\'')) p_errorf(p, "malformed character constant: %s", text);
    n->num->flags = NUM_INT | NUM_UINT | NUM_FLOAT;
    n->num->i = r;
    n->num->u = (uint64_t)r;
    n->num->f = (double)r;
    n->num->ideal = ct_int(p->a, CT_INT, r);
    return n;
  }
  if (tok->typ == IT_COMPLEX || (len > 0 && text[len - 1] == 'i')) {
    double re = 0, im = 0;
    bool ok;
    if (tok->typ == IT_COMPLEX) {
      /* "re+imi": split at the last sign that does not belong to an exponent */
      size_t k = len - 1;
      while (k > 0 && !((text[k] == '+' || text[k] == '-') && !strchr("eEpP", text[k - 1]))) k--;
      ok = k > 0 && parse_float(text, k, &re) && parse_float(text + k, len - 1 - k, &im);
      if (!ok) p_errorf(p, "expected integer");
    } else {
      ok = parse_float(text, len - 1, &im);
    }
    if (ok) {
      n->num->flags = NUM_COMPLEX;
      if (im == 0) { /* simplifyComplex */
        n->num->flags |= NUM_FLOAT;
        n->num->f = re;
        if (re >= -9223372036854775808.0 && re < 9223372036854775808.0 && (double)(int64_t)re == re) {
          n->num->flags |= NUM_INT;
          n->num->i = (int64_t)re;
        }
        if (re >= 0 && re < 18446744073709551616.0 && (double)(uint64_t)re == re) {
          n->num->flags |= NUM_UINT;
          n->num->u = (uint64_t)re;
        }
      }
      n->num->ideal = ct_tpl__complex(p->a, re, im);
      return n;
    }
  }
  uint64_t u = 0;
  int64_t i;
  if (parse_uint0(text, len, &u)) {
    n->num->flags |= NUM_UINT;
    n->num->u = u;
  }
  if (parse_int0(text, len, &i)) {
    n->num->flags |= NUM_INT;
    n->num->i = i;
    if (i == 0) {
      n->num->flags |= NUM_UINT;
      n->num->u = u;
    }
  }
  if (n->num->flags & NUM_INT) {
    n->num->flags |= NUM_FLOAT;
    n->num->f = (double)n->num->i;
  } else if (n->num->flags & NUM_UINT) {
    n->num->flags |= NUM_FLOAT;
    n->num->f = (double)n->num->u;
  } else {
    double f;
    if (parse_float(text, len, &f)) {
      if (!strpbrk(text, ".eEpP")) {
        ct_buf q = CT_BUF_INIT;
        ct_tpl__quote(&q, text, len);
        char *qs = ct_arena_strndup(p->a, ct_buf_str(&q), q.len);
        ct_buf_dispose(&q);
        p_errorf(p, "integer overflow: %s", qs);
      }
      n->num->flags |= NUM_FLOAT;
      n->num->f = f;
      if (f >= -9223372036854775808.0 && f < 9223372036854775808.0 && (double)(int64_t)f == f) {
        n->num->flags |= NUM_INT;
        n->num->i = (int64_t)f;
      }
      if (f >= 0 && f < 18446744073709551616.0 && (double)(uint64_t)f == f) {
        n->num->flags |= NUM_UINT;
        n->num->u = (uint64_t)f;
      }
    }
  }
  if (!n->num->flags) {
    ct_buf q = CT_BUF_INIT;
    ct_tpl__quote(&q, text, len);
    char *qs = ct_arena_strndup(p->a, ct_buf_str(&q), q.len);
    ct_buf_dispose(&q);
    p_errorf(p, "illegal number syntax: %s", qs);
  }
  /* the untyped constant (exec's idealConstant) */
  bool hex_int = len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') && !strpbrk(text, "pP");
  if ((n->num->flags & NUM_FLOAT) && !hex_int && strpbrk(text, ".eEpP"))
    n->num->ideal = ct_float(p->a, n->num->f);
  else if (n->num->flags & NUM_INT)
    n->num->ideal = ct_int(p->a, CT_INT, n->num->i);
  return n;
}

/* ---- grammar ---- */
static ct_tpl__node *p_pipeline(parser *p, const char *context, ct_tpl__itype end);
static ct_tpl__node *p_if_control(parser *p);
static ct_tpl__node *p_with_control(parser *p);
static void p_item_list(parser *p, ct_tpl__node **list, ct_tpl__node **next);

static bool has_function(parser *p, const char *name, size_t len) {
  return ct_tpl__find_func(p->set, name, len) != NULL;
}

static ct_tpl__node *use_var(parser *p, size_t pos, const char *name, size_t len) {
  ct_tpl__node *v = new_variable(p, pos, name, len);
  for (size_t i = 0; i < p->nvars; i++)
    if (strcmp(p->vars[i], v->field.idents[0]) == 0) return v;
  ct_buf q = CT_BUF_INIT;
  ct_tpl__quote(&q, v->field.idents[0], strlen(v->field.idents[0]));
  char *qs = ct_arena_strndup(p->a, ct_buf_str(&q), q.len);
  ct_buf_dispose(&q);
  p_errorf(p, "undefined variable %s", qs);
}

static ct_tpl__node *p_term(parser *p) {
  ct_tpl__item tok = *p_next_nonspace(p);
  switch (tok.typ) {
  case IT_IDENT: {
    if (!has_function(p, tok.val, tok.len)) {
      ct_buf q = CT_BUF_INIT;
      ct_tpl__quote(&q, tok.val, tok.len);
      char *qs = ct_arena_strndup(p->a, ct_buf_str(&q), q.len);
      ct_buf_dispose(&q);
      p_errorf(p, "function %s not defined", qs);
    }
    ct_tpl__node *n = new_node(p, N_IDENT, tok.pos);
    n->ident.name = ct_arena_strndup(p->a, tok.val, tok.len);
    return n;
  }
  case IT_DOT: return new_node(p, N_DOT, tok.pos);
  case IT_NIL: return new_node(p, N_NIL, tok.pos);
  case IT_VARIABLE: return use_var(p, tok.pos, tok.val, tok.len);
  case IT_FIELD: return new_field(p, tok.pos, tok.val, tok.len);
  case IT_BOOL: {
    ct_tpl__node *n = new_node(p, N_BOOL, tok.pos);
    n->b = tok.len == 4;
    return n;
  }
  case IT_CHARCONST:
  case IT_COMPLEX:
  case IT_NUMBER: return new_number(p, &tok);
  case IT_LPAREN: {
    if (++*p->stack_depth >= MAX_EXPR_DEPTH || ct_tpl__stack_left() < 64 * 1024)
      p_errorf(p, "max expression depth exceeded");
    ct_tpl__node *n = p_pipeline(p, "parenthesized pipeline", IT_RPAREN);
    --*p->stack_depth;
    return n;
  }
  case IT_STRING:
  case IT_RAWSTRING: {
    ct_value *v;
    if (!unquote(p, tok.val, tok.len, &v)) p_errorf(p, "invalid syntax");
    ct_tpl__node *n = new_node(p, N_STRING, tok.pos);
    n->str.quoted = tok.val;
    n->str.qlen = tok.len;
    n->str.val = v;
    return n;
  }
  default: break;
  }
  p_backup(p);
  return NULL;
}

static ct_tpl__node *p_operand(parser *p) {
  ct_tpl__node *node = p_term(p);
  if (!node) return NULL;
  if (p_peek(p)->typ == IT_FIELD) {
    size_t cpos = p_peek(p)->pos;
    if (node->type == N_FIELD || node->type == N_VARIABLE) {
      /* Go prints the chain and splits it again: the term and its fields are adjacent
       * tokens, so that is the source text from the term to the last field */
      const char *from = p->lex->input + node->pos, *to = from;
      while (p_peek(p)->typ == IT_FIELD) {
        const ct_tpl__item *f = p_next(p);
        to = f->val + f->len;
      }
      size_t len = (size_t)(to - from);
      return node->type == N_FIELD ? new_field(p, cpos, from, len) : new_variable(p, cpos, from, len);
    }
    ct_tpl__node *chain = new_node(p, N_CHAIN, cpos);
    chain->chain.node = node;
    size_t cap = 0;
    while (p_peek(p)->typ == IT_FIELD) {
      ct_tpl__item f = *p_next(p);
      if (chain->chain.n == cap) {
        size_t nc = cap ? cap * 2 : 4;
        chain->chain.fields = ct_arena_realloc(p->a, chain->chain.fields, cap * sizeof(char *), nc * sizeof(char *));
        cap = nc;
      }
      chain->chain.fields[chain->chain.n++] = ct_arena_strndup(p->a, f.val + 1, f.len - 1);
    }
    switch (node->type) {
    case N_BOOL:
    case N_STRING:
    case N_NUMBER:
    case N_NIL:
    case N_DOT: {
      ct_buf s = CT_BUF_INIT, q = CT_BUF_INIT;
      ct_tpl__node_string(&s, node);
      ct_tpl__quote(&q, ct_buf_str(&s), s.len);
      char *qs = ct_arena_strndup(p->a, ct_buf_str(&q), q.len);
      ct_buf_dispose(&s);
      ct_buf_dispose(&q);
      p_errorf(p, "unexpected . after term %s", qs);
    }
    default: return chain;
    }
  }
  return node;
}

static ct_tpl__node *p_command(parser *p) {
  ct_tpl__node *cmd = new_node(p, N_COMMAND, p_peek_nonspace(p)->pos);
  size_t mark = nl_begin(p);
  for (;;) {
    p_peek_nonspace(p);
    ct_tpl__node *op = p_operand(p);
    if (op) nl_push(p, op);
    const ct_tpl__item *tok = p_next(p);
    if (tok->typ == IT_SPACE) continue;
    if (tok->typ == IT_RDELIM || tok->typ == IT_RPAREN)
      p_backup(p);
    else if (tok->typ != IT_PIPE)
      p_unexpected(p, tok, "operand");
    break;
  }
  nl_end(p, &cmd->list, mark);
  if (cmd->list.n == 0) p_errorf(p, "empty command");
  return cmd;
}

static void check_pipeline(parser *p, ct_tpl__node *pipe, const char *context) {
  if (pipe->pipe.cmds.n == 0) p_errorf(p, "missing value for %s", context);
  for (size_t i = 1; i < pipe->pipe.cmds.n; i++) {
    switch (pipe->pipe.cmds.items[i]->list.items[0]->type) {
    case N_BOOL:
    case N_DOT:
    case N_NIL:
    case N_NUMBER:
    case N_STRING: p_errorf(p, "non executable command in pipeline stage %zu", i + 1);
    default: break;
    }
  }
}

static void add_decl(parser *p, ct_tpl__node *pipe, const ct_tpl__item *v) {
  ct_tpl__node *var = new_variable(p, v->pos, v->val, v->len);
  pipe->pipe.decl = ct_arena_realloc(p->a, pipe->pipe.decl, pipe->ndecl * sizeof(ct_tpl__node *),
                                     (pipe->ndecl + 1) * sizeof(ct_tpl__node *));
  pipe->pipe.decl[pipe->ndecl++] = var;
  push_var(p, var->field.idents[0]);
}

static ct_tpl__node *p_pipeline(parser *p, const char *context, ct_tpl__itype end) {
  const ct_tpl__item *tok = p_peek_nonspace(p);
  ct_tpl__node *pipe = new_node(p, N_PIPE, tok->pos);
decls:;
  if (p_peek_nonspace(p)->typ == IT_VARIABLE) {
    ct_tpl__item v = *p_next(p);
    ct_tpl__item after = *p_peek(p);
    ct_tpl__item nx = *p_peek_nonspace(p);
    if (nx.typ == IT_ASSIGN || nx.typ == IT_DECLARE) {
      pipe->is_assign = nx.typ == IT_ASSIGN;
      p_next_nonspace(p);
      add_decl(p, pipe, &v);
    } else if (nx.typ == IT_CHAR && nx.len == 1 && nx.val[0] == ',') {
      p_next_nonspace(p);
      add_decl(p, pipe, &v);
      if (strcmp(context, "range") == 0 && pipe->ndecl < 2) {
        ct_tpl__itype t = p_peek_nonspace(p)->typ;
        if (t == IT_VARIABLE || t == IT_RDELIM || t == IT_RPAREN) goto decls;
        p_errorf(p, "range can only initialize variables");
      }
      p_errorf(p, "too many declarations in %s", context);
    } else if (after.typ == IT_SPACE) {
      p_backup3(p, v, after);
    } else {
      p_backup2(p, v);
    }
  }
  size_t mark = nl_begin(p);
  for (;;) {
    const ct_tpl__item *t = p_next_nonspace(p);
    if (t->typ == end) {
      nl_end(p, &pipe->pipe.cmds, mark);
      check_pipeline(p, pipe, context);
      return pipe;
    }
    switch (t->typ) {
    case IT_BOOL:
    case IT_CHARCONST:
    case IT_COMPLEX:
    case IT_DOT:
    case IT_FIELD:
    case IT_IDENT:
    case IT_NUMBER:
    case IT_NIL:
    case IT_RAWSTRING:
    case IT_STRING:
    case IT_VARIABLE:
    case IT_LPAREN:
      p_backup(p);
      nl_push(p, p_command(p));
      break;
    default: p_unexpected(p, t, context);
    }
  }
}

static void p_parse_control(parser *p, const char *context, ct_tpl__node *n) {
  size_t mark = p->nvars;
  ct_tpl__node *pipe = p_pipeline(p, context, IT_RDELIM);
  bool is_range = strcmp(context, "range") == 0;
  if (is_range) p->range_depth++;
  ct_tpl__node *list, *next;
  p_item_list(p, &list, &next);
  if (is_range) p->range_depth--;
  ct_tpl__node *else_list = NULL;
  if (next->type == N_ELSE) {
    if (strcmp(context, "if") == 0 && p_peek(p)->typ == IT_IF) {
      p_next(p);
      else_list = new_node(p, N_LIST, next->pos);
      size_t emark = nl_begin(p);
      nl_push(p, p_if_control(p));
      nl_end(p, &else_list->list, emark);
    } else if (strcmp(context, "with") == 0 && p_peek(p)->typ == IT_WITH) {
      p_next(p);
      else_list = new_node(p, N_LIST, next->pos);
      size_t emark = nl_begin(p);
      nl_push(p, p_with_control(p));
      nl_end(p, &else_list->list, emark);
    } else {
      p_item_list(p, &else_list, &next);
      if (next->type != N_END) {
        ct_buf s = CT_BUF_INIT;
        ct_tpl__node_string(&s, next);
        char *ss = ct_arena_strndup(p->a, ct_buf_str(&s), s.len);
        ct_buf_dispose(&s);
        p_errorf(p, "expected end; found %s", ss);
      }
    }
  }
  p->nvars = mark;
  n->pos = pipe->pos;
  n->branch.pipe = pipe;
  n->branch.list = list;
  n->branch.else_list = else_list;
}

static ct_tpl__node *p_if_control(parser *p) {
  ct_tpl__node *n = new_node(p, N_IF, 0);
  p_parse_control(p, "if", n);
  return n;
}
static ct_tpl__node *p_range_control(parser *p) {
  ct_tpl__node *n = new_node(p, N_RANGE, 0);
  p_parse_control(p, "range", n);
  return n;
}
static ct_tpl__node *p_with_control(parser *p) {
  ct_tpl__node *n = new_node(p, N_WITH, 0);
  p_parse_control(p, "with", n);
  return n;
}

static const char *p_template_name(parser *p, const ct_tpl__item *tok, const char *context) {
  if (tok->typ == IT_STRING || tok->typ == IT_RAWSTRING) {
    ct_value *v;
    if (!unquote(p, tok->val, tok->len, &v)) p_errorf(p, "invalid syntax");
    return v->s.ptr;
  }
  p_unexpected(p, tok, context);
}

static void tree_add(parser *p, ct_tpl__tree *t);
static void p_item_list(parser *p, ct_tpl__node **list, ct_tpl__node **next);

static ct_tpl__node *p_block_control(parser *p);

static ct_tpl__node *p_template_control(parser *p) {
  const char *context = "template clause";
  ct_tpl__item tok = *p_next_nonspace(p);
  const char *name = p_template_name(p, &tok, context);
  ct_tpl__node *pipe = NULL;
  if (p_next_nonspace(p)->typ != IT_RDELIM) {
    p_backup(p);
    pipe = p_pipeline(p, context, IT_RDELIM);
  }
  ct_tpl__node *n = new_node(p, N_TEMPLATE, tok.pos);
  n->tmpl.name = name;
  n->tmpl.pipe = pipe;
  return n;
}

static void sub_parser(parser *sub, parser *p, const char *name) {
  memset(sub, 0, sizeof *sub);
  sub->lex = p->lex;
  sub->ts = p->ts;
  sub->set = p->set;
  sub->a = p->a;
  sub->jb = p->jb;
  sub->err = p->err;
  sub->stack_depth = p->stack_depth;
  sub->slab = p->slab;
  sub->ns = p->ns;
  sub->tree = ct_arena_alloc(p->a, sizeof *sub->tree);
  sub->tree->name = name;
  sub->tree->parse_name = p->tree->parse_name;
  sub->tree->text = p->tree->text;
  sub->tree->text_len = p->tree->text_len;
  push_var(sub, "$");
}

static ct_tpl__node *p_block_control(parser *p) {
  const char *context = "block clause";
  ct_tpl__item tok = *p_next_nonspace(p);
  const char *name = p_template_name(p, &tok, context);
  ct_tpl__node *pipe = p_pipeline(p, context, IT_RDELIM);
  parser sub;
  sub_parser(&sub, p, name);
  ct_tpl__node *end;
  p_item_list(&sub, &sub.tree->root, &end);
  if (end->type != N_END) {
    ct_buf s = CT_BUF_INIT;
    ct_tpl__node_string(&s, end);
    char *ss = ct_arena_strndup(p->a, ct_buf_str(&s), s.len);
    ct_buf_dispose(&s);
    p_errorf(p, "unexpected %s in %s", ss, context);
  }
  tree_add(&sub, sub.tree);
  ct_tpl__node *n = new_node(p, N_TEMPLATE, tok.pos);
  n->tmpl.name = name;
  n->tmpl.pipe = pipe;
  return n;
}

static ct_tpl__node *p_action(parser *p) {
  ct_tpl__item tok = *p_next_nonspace(p);
  switch (tok.typ) {
  case IT_BLOCK: return p_block_control(p);
  case IT_BREAK:
  case IT_CONTINUE: {
    bool brk = tok.typ == IT_BREAK;
    ct_tpl__item t = *p_next_nonspace(p);
    if (t.typ != IT_RDELIM) p_unexpected(p, &t, brk ? "{{break}}" : "{{continue}}");
    if (p->range_depth == 0) p_errorf(p, brk ? "{{break}} outside {{range}}" : "{{continue}} outside {{range}}");
    return new_node(p, brk ? N_BREAK : N_CONTINUE, tok.pos);
  }
  case IT_ELSE: {
    ct_tpl__item pk = *p_peek_nonspace(p);
    if (pk.typ == IT_IF || pk.typ == IT_WITH) return new_node(p, N_ELSE, pk.pos);
    ct_tpl__item t = p_expect(p, IT_RDELIM, "else");
    return new_node(p, N_ELSE, t.pos);
  }
  case IT_END: {
    ct_tpl__item t = p_expect(p, IT_RDELIM, "end");
    return new_node(p, N_END, t.pos);
  }
  case IT_IF: return p_if_control(p);
  case IT_RANGE: return p_range_control(p);
  case IT_TEMPLATE: return p_template_control(p);
  case IT_WITH: return p_with_control(p);
  default: break;
  }
  p_backup(p);
  const ct_tpl__item *t = p_peek(p);
  ct_tpl__node *n = new_node(p, N_ACTION, t->pos);
  n->action = p_pipeline(p, "command", IT_RDELIM);
  return n;
}

static ct_tpl__node *p_text_or_action(parser *p) {
  if (ct_tpl__stack_left() < 64 * 1024) p_errorf(p, "max expression depth exceeded");
  const ct_tpl__item *tok = p_next_nonspace(p);
  switch (tok->typ) {
  case IT_TEXT: {
    ct_tpl__node *n = new_node(p, N_TEXT, tok->pos);
    n->text.s = tok->val;
    n->text.len = tok->len;
    return n;
  }
  case IT_LDELIM: {
    p->action_line = tok->line;
    ct_tpl__node *n = p_action(p);
    p->action_line = 0;
    return n;
  }
  default: p_unexpected(p, tok, "input");
  }
}

static void p_item_list(parser *p, ct_tpl__node **list, ct_tpl__node **next) {
  ct_tpl__node *l = new_node(p, N_LIST, p_peek_nonspace(p)->pos);
  size_t mark = nl_begin(p);
  while (p_peek_nonspace(p)->typ != IT_EOF) {
    ct_tpl__node *n = p_text_or_action(p);
    if (n->type == N_END || n->type == N_ELSE) {
      nl_end(p, &l->list, mark);
      *list = l;
      *next = n;
      return;
    }
    nl_push(p, n);
  }
  p_errorf(p, "unexpected EOF");
}

static void tree_add(parser *p, ct_tpl__tree *t) {
  treeset *ts = p->ts;
  for (size_t i = 0; i < ts->n; i++) {
    if (strcmp(ts->items[i]->name, t->name) == 0) {
      if (ct_tpl__is_empty_tree(ts->items[i]->root)) {
        ts->items[i] = t;
        return;
      }
      if (!ct_tpl__is_empty_tree(t->root)) {
        ct_buf q = CT_BUF_INIT;
        ct_tpl__quote(&q, t->name, strlen(t->name));
        char *qs = ct_arena_strndup(p->a, ct_buf_str(&q), q.len);
        ct_buf_dispose(&q);
        p_errorf(p, "template: multiple definition of template %s", qs);
      }
      return;
    }
  }
  if (ts->n == ts->cap) {
    size_t nc = ts->cap ? ts->cap * 2 : 4;
    ts->items = ct_arena_realloc(p->a, ts->items, ts->cap * sizeof *ts->items, nc * sizeof *ts->items);
    ts->cap = nc;
  }
  ts->items[ts->n++] = t;
}

/* The tree of the set that an identical earlier definition made, when T (a definition
 * just parsed, its text at T->def_start) may share its nodes: same text, delimiters and
 * functions, and no definition of that name earlier in this parse (Go's multiple-definition
 * check). Only in a set of its own (a tpl overlay's parse runs during execution). */
static const ct_tpl__tree *identical_definition(parser *p, const ct_tpl__tree *t) {
  if (p->set->parent || p->set->borrowed_arena) return NULL;
  const ct_tpl__tree *old = ct_tpl__lookup(p->set, t->name);
  if (!old || old->def_len != t->def_len || old->func_gen != t->func_gen ||
      old->ldelim != t->ldelim || old->rdelim != t->rdelim)
    return NULL;
  if (memcmp(old->text + old->def_start, t->text + t->def_start, t->def_len) != 0) return NULL;
  for (size_t i = 0; i < p->ts->n; i++)
    if (strcmp(p->ts->items[i]->name, t->name) == 0) return NULL;
  return old;
}

/* START: where the definition's {{ is; MARK and SLAB: the arena and node slab before its
 * parse began, given back when an identical definition's tree can be shared. */
static void p_definition(parser *p, size_t start, ct_arena_mark mark, nodeslab slab) {
  const char *context = "define clause";
  ct_tpl__item name = *p_next_nonspace(p);
  if (name.typ != IT_STRING && name.typ != IT_RAWSTRING) p_unexpected(p, &name, context);
  ct_value *v;
  if (!unquote(p, name.val, name.len, &v)) p_errorf(p, "invalid syntax");
  p->tree->name = v->s.ptr;
  p_expect(p, IT_RDELIM, context);
  ct_tpl__node *end;
  p_item_list(p, &p->tree->root, &end);
  if (end->type != N_END) {
    ct_buf s = CT_BUF_INIT;
    ct_tpl__node_string(&s, end);
    char *ss = ct_arena_strndup(p->a, ct_buf_str(&s), s.len);
    ct_buf_dispose(&s);
    p_errorf(p, "unexpected %s in %s", ss, context);
  }
  ct_tpl__tree *t = p->tree;
  size_t stop = end->pos + p->lex->rdlen;
  t->def_start = start;
  t->def_len = (stop < t->text_len ? stop : t->text_len) - start;
  t->ldelim = p->set->ldelim;
  t->rdelim = p->set->rdelim;
  t->func_gen = ct_tpl__func_gen;
  const ct_tpl__tree *same = identical_definition(p, t);
  if (same) { /* what this parse allocated goes back; the new tree shares SAME's nodes */
    ct_tpl__tree keep = *t;
    ct_arena_release(p->a, mark);
    *p->slab = slab; /* its free nodes (older than MARK) may have been used since: cleared */
    if (slab.left) memset(slab.next, 0, slab.left * sizeof *slab.next);
    t = ct_arena_alloc(p->a, sizeof *t);
    *t = *same;
    t->parse_name = keep.parse_name;
    t->text = keep.text;
    t->text_len = keep.text_len;
    t->def_start = keep.def_start;
    t->pos_delta = same->pos_delta + (int64_t)keep.def_start - (int64_t)same->def_start;
    p->tree = t;
  }
  tree_add(p, t);
}

static void p_parse(parser *p) {
  p->tree->root = new_node(p, N_LIST, p_peek(p)->pos);
  size_t mark = nl_begin(p);
  while (p_peek(p)->typ != IT_EOF) {
    if (p_peek(p)->typ == IT_LDELIM) {
      ct_tpl__item delim = *p_next(p);
      if (p_next_nonspace(p)->typ == IT_DEFINE) {
        ct_arena_mark before = ct_arena_mark_here(p->a);
        nodeslab slab = *p->slab;
        parser sub;
        sub_parser(&sub, p, "definition");
        p_definition(&sub, delim.pos, before, slab);
        continue;
      }
      p_backup2(p, delim);
    }
    ct_tpl__node *n = p_text_or_action(p);
    if (n->type == N_END || n->type == N_ELSE) {
      ct_buf s = CT_BUF_INIT;
      ct_tpl__node_string(&s, n);
      char *ss = ct_arena_strndup(p->a, ct_buf_str(&s), s.len);
      ct_buf_dispose(&s);
      p_errorf(p, "unexpected %s", ss);
    }
    nl_push(p, n);
  }
  nl_end(p, &p->tree->root->list, mark);
}

_Static_assert(sizeof(ct_tpl__node) == 32, "a node is 32 bytes");

int ct_tpl_parse(ct_tpl_set *s, const char *name, const char *text, size_t len, ct_buf *err) {
  return ct_tpl__parse_trees(s, name, text, len, err, NULL, NULL);
}

int ct_tpl__parse_trees(ct_tpl_set *s, const char *name, const char *text, size_t len, ct_buf *err,
                        ct_tpl__tree ***trees, size_t *ntrees) {
  if (len > UINT32_MAX) { /* positions are 32-bit */
    if (err) {
      ct_buf_reset(err);
      ct_buf_printf(err, "template: %s: template text of 4 GiB or more", name);
    }
    return -1;
  }
  ct_buf localerr = CT_BUF_INIT;
  if (!err) err = &localerr;
  ct_tpl__lexer lex;
  ct_tpl__lex_init(&lex, text, len, s->ldelim, s->rdelim, s->arena);
  lex.break_ok = ct_tpl__find_func(s, "break", 5) == NULL;
  lex.continue_ok = ct_tpl__find_func(s, "continue", 8) == NULL;
  treeset ts = {0};
  jmp_buf jb;
  int depth = 0;
  parser p;
  memset(&p, 0, sizeof p);
  p.lex = &lex;
  p.ts = &ts;
  p.set = s;
  p.a = s->arena;
  p.jb = &jb;
  p.err = err;
  p.stack_depth = &depth;
  nodeslab slab = {0};
  p.slab = &slab;
  p.tree = ct_arena_alloc(s->arena, sizeof *p.tree);
  p.tree->name = ct_arena_strdup(s->arena, name);
  p.tree->parse_name = p.tree->name;
  p.tree->text = text;
  p.tree->text_len = len;
  push_var(&p, "$");
  nstack ns = {0};
  p.ns = &ns;
  if (setjmp(jb)) {
    free(ns.v);
    ct_buf_dispose(&localerr);
    return -1;
  }
  p_parse(&p);
  free(ns.v);
  ns.v = NULL; /* tree_add may still fail */
  tree_add(&p, p.tree);
  for (size_t i = 0; i < ts.n; i++) ct_tpl__associate(s, ts.items[i]);
  if (trees) {
    *trees = ts.items;
    *ntrees = ts.n;
  }
  ct_buf_dispose(&localerr);
  return 0;
}
