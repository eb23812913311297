/* tree_codec.c — parse trees as bytes free of addresses, and back: what ct_tpl_parse_record
 * writes for one template file, ct_tpl_load_record turns into the same trees in another
 * process (the persistent parse cache's payload, docs/parse-cache.md).
 *
 * A record: the number of trees, then per tree (in the order the parse associated them) a
 * flag byte (1: its name is the file's name), its name otherwise, def_start, def_len and its
 * root as a preorder stream of nodes. A node is its type byte (NODE_NULL for an absent
 * optional child), its position in the file's text, then what its type holds. Spans of the
 * text (text nodes, quoted strings) are lengths only: they start at the node's position, as
 * the lexer makes them. Integers are LEB128; a number's int, uint and float are stored raw
 * (native order: an entry is only read by the build that wrote it). The lists of an if, range
 * or with are NODE_BRANCH, their length in 4 bytes, then the list: they are decoded where they
 * are first walked (N_LAZY), so a branch a render does not take costs nothing. */
#include <string.h>

#include "tpl/tpl_int.h"

#define NODE_NULL 0xFF
#define NODE_BRANCH 0xFE
#define MIN_STACK (64 * 1024)

/* ---- writing ---- */
typedef struct enc {
  ct_buf *b;
  const char *text; /* the file's text */
  size_t text_len;
  int64_t delta; /* the tree's pos_delta */
  unsigned depth;
  bool ok;
} enc;

/* The writers append to B without its calls (a record has a few bytes per node): W_ROOM
 * makes room first, then the bytes go in directly (REC's NUL terminator is not kept: a
 * record is bytes, never a string). */
static inline void w_room(ct_buf *b, size_t n) {
  if (b->len + n + 1 > b->cap) ct_buf_reserve(b, n);
}

static inline void w_byte(ct_buf *b, unsigned c) { b->ptr[b->len++] = (char)c; }

static inline void w_u(ct_buf *b, uint64_t v) {
  while (v >= 0x80) {
    b->ptr[b->len++] = (char)(v | 0x80);
    v >>= 7;
  }
  b->ptr[b->len++] = (char)v;
}

static void put_u(ct_buf *b, uint64_t v) {
  w_room(b, 10);
  w_u(b, v);
}

static void put_byte(ct_buf *b, unsigned c) {
  w_room(b, 1);
  w_byte(b, c);
}

static void put_raw(ct_buf *b, const void *p) {
  w_room(b, 8);
  memcpy(b->ptr + b->len, p, 8);
  b->len += 8;
}

/* A length-prefixed byte string and a NUL: the decoder hands it out where it lies. */
static void put_bytes(ct_buf *b, const char *s, size_t n) {
  w_room(b, 11 + n);
  w_u(b, n);
  memcpy(b->ptr + b->len, s, n);
  b->len += n;
  b->ptr[b->len++] = 0;
}

static void put_str(ct_buf *b, const char *s) { put_bytes(b, s, strlen(s)); }

/* Whether S (N bytes, from a node at POS) is the file's text at POS. */
static bool is_span(enc *e, int64_t pos, const char *s, size_t n) {
  if ((size_t)pos > e->text_len || n > e->text_len - (size_t)pos) return false;
  return s == e->text + pos || memcmp(s, e->text + pos, n) == 0;
}

static void enc_node(enc *e, const ct_tpl__node *n);

/* A branch's list (NULL: an absent else): NODE_BRANCH, its record's length, the record. */
static void enc_branch(enc *e, const ct_tpl__node *l) {
  if (!l) {
    put_byte(e->b, NODE_NULL);
    return;
  }
  put_byte(e->b, NODE_BRANCH);
  w_room(e->b, 4);
  size_t at = e->b->len;
  e->b->len += 4;
  enc_node(e, l);
  size_t len = e->b->len - at - 4;
  if (len > UINT32_MAX) e->ok = false;
  uint32_t n32 = (uint32_t)len;
  memcpy(e->b->ptr + at, &n32, 4);
}

static void enc_list(enc *e, const ct_tpl__nlist *l) {
  put_u(e->b, l->n);
  for (uint32_t i = 0; i < l->n; i++)
    enc_node(e, l->items[i]);
}

static void enc_node(enc *e, const ct_tpl__node *n) {
  ct_buf *b = e->b;
  if (!e->ok) return;
  if (!n) {
    put_byte(b, NODE_NULL);
    return;
  }
  int64_t pos = (int64_t)n->pos + e->delta;
  if (pos < 0 || (size_t)pos > e->text_len ||
      ((++e->depth & 63) == 0 && ct_tpl__stack_left() < MIN_STACK)) {
    e->ok = false;
    return;
  }
  w_room(b, 32); /* the type, the position and a few counts or flags */
  w_byte(b, n->type);
  w_u(b, (uint64_t)pos);
  switch ((ct_tpl__ntype)n->type) {
  case N_TEXT:
  case N_COMMENT:
    if (!is_span(e, pos, n->text.s, n->text.len)) e->ok = false;
    put_u(b, n->text.len);
    break;
  case N_LIST:
  case N_COMMAND: enc_list(e, &n->list); break;
  case N_PIPE:
    w_byte(b, n->ndecl);
    w_byte(b, n->is_assign);
    for (unsigned i = 0; i < n->ndecl; i++)
      enc_node(e, n->pipe.decl[i]);
    enc_list(e, &n->pipe.cmds);
    break;
  case N_ACTION: enc_node(e, n->action); break;
  case N_IF:
  case N_RANGE:
  case N_WITH:
    enc_node(e, n->branch.pipe);
    enc_branch(e, n->branch.list);
    enc_branch(e, n->branch.else_list);
    break;
  case N_TEMPLATE:
    put_str(b, n->tmpl.name);
    enc_node(e, n->tmpl.pipe);
    break;
  case N_IDENT: put_str(b, n->ident.name); break;
  case N_FIELD:
  case N_VARIABLE:
    put_u(b, n->field.n);
    for (size_t i = 0; i < n->field.n; i++)
      put_str(b, n->field.idents[i]);
    break;
  case N_CHAIN:
    enc_node(e, n->chain.node);
    put_u(b, n->chain.n);
    for (size_t i = 0; i < n->chain.n; i++)
      put_str(b, n->chain.fields[i]);
    break;
  case N_BOOL: put_byte(b, n->b); break;
  case N_NUMBER: {
    const ct_tpl__num *num = n->num;
    put_u(b, (uint64_t)num->flags);
    put_raw(b, &num->i);
    put_raw(b, &num->u);
    put_raw(b, &num->f);
    put_str(b, num->text);
    double re, im;
    if (!num->ideal) {
      put_byte(b, 0);
    } else if (num->ideal->type == CT_INT) {
      put_byte(b, 1);
      put_raw(b, &num->ideal->i);
    } else if (num->ideal->type == CT_FLOAT64) {
      put_byte(b, 2);
      put_raw(b, &num->ideal->f);
    } else if (ct_tpl__complex_parts(num->ideal, &re, &im)) {
      put_byte(b, 3);
      put_raw(b, &re);
      put_raw(b, &im);
    } else {
      e->ok = false;
    }
    break;
  }
  case N_STRING: {
    if (!is_span(e, pos, n->str.quoted, n->str.qlen) || n->str.qlen < 2) e->ok = false;
    put_u(b, n->str.qlen);
    put_bytes(b, n->str.val->s.ptr, n->str.val->s.len); /* the value, unquoted */
    break;
  }
  case N_DOT:
  case N_NIL:
  case N_BREAK:
  case N_CONTINUE: break;
  default: e->ok = false; /* N_ELSE and N_END never stay in a tree */
  }
  e->depth--;
}

int ct_tpl_parse_record(ct_tpl_set *s, const char *name, const char *text, size_t len, ct_buf *err,
                        ct_buf *rec, bool *recorded) {
  ct_tpl__tree **trees = NULL;
  size_t n = 0;
  *recorded = false;
  int rc = ct_tpl__parse_trees(s, name, text, len, err, &trees, &n);
  if (rc != 0) return rc;
  enc e = {.b = rec, .text = text, .text_len = len, .ok = true};
  put_u(rec, len);
  put_u(rec, n);
  for (size_t i = 0; i < n && e.ok; i++) {
    const ct_tpl__tree *t = trees[i];
    bool file_name = strcmp(t->name, name) == 0;
    put_byte(rec, file_name);
    if (!file_name) put_str(rec, t->name);
    if (t->def_start > len || t->def_len > len - t->def_start) e.ok = false;
    put_u(rec, t->def_start);
    put_u(rec, t->def_len);
    e.delta = t->pos_delta;
    if (!t->root || t->root->type != N_LIST) e.ok = false;
    put_byte(rec, e.ok && ct_tpl__is_empty_tree(t->root));
    w_room(rec, 4); /* the root's length, known once it is written */
    size_t at = rec->len;
    rec->len += 4;
    enc_node(&e, t->root);
    size_t n_root = rec->len - at - 4;
    if (n_root > UINT32_MAX) e.ok = false;
    uint32_t n32 = (uint32_t)n_root;
    memcpy(rec->ptr + at, &n32, 4);
  }
  *recorded = e.ok;
  return 0;
}

/* ---- reading ---- */

/* What decoding an N_LAZY node later needs of the decode that made it. */
struct ct_tpl__lazy_ctx {
  ct_arena *a;
  const char *text;
  size_t text_len;
  ct_tpl__slab *slab;
};

typedef struct dec {
  const unsigned char *p, *end;
  ct_arena *a;
  const char *text;
  size_t text_len;
  ct_tpl__node *slab; /* nodes are carved from slabs as the parser does */
  size_t left;
  unsigned depth;
  bool ok;
  ct_tpl__slab *home;           /* where SLAB and LEFT are kept between decodes */
  const ct_tpl__lazy_ctx *lazy; /* what this decode's N_LAZY nodes share (made at the first) */
} dec;

#define NODE_SLAB 128 /* a page of nodes */

static bool fail(dec *d) {
  d->ok = false;
  d->p = d->end; /* every later read fails too */
  return false;
}

static inline uint64_t get_u(dec *d) {
  if (d->p < d->end && *d->p < 0x80) return *d->p++;
  uint64_t v = 0;
  for (unsigned sh = 0; d->p < d->end && sh < 64; sh += 7) {
    unsigned c = *d->p++;
    v |= (uint64_t)(c & 0x7F) << sh;
    if (!(c & 0x80)) return v;
  }
  fail(d);
  return 0;
}

static unsigned get_byte(dec *d) {
  if (d->p >= d->end) return fail(d), 0;
  return *d->p++;
}

static void get_raw(dec *d, void *out) {
  if (d->end - d->p < 8) {
    fail(d);
    memset(out, 0, 8);
    return;
  }
  memcpy(out, d->p, 8);
  d->p += 8;
}

/* A length-prefixed byte string with its NUL, where it lies in the record (which outlives
 * the set: no copy); *LEN: its length. */
static char *get_str(dec *d, size_t *len) {
  uint64_t n = get_u(d);
  if (n >= (uint64_t)(d->end - d->p) || d->p[n] != 0) {
    fail(d);
    if (len) *len = 0;
    return (char *)"";
  }
  char *s = (char *)d->p;
  d->p += n + 1;
  if (len) *len = (size_t)n;
  return s;
}

/* A count of items each at least MIN bytes long in what is left. */
static uint64_t get_count(dec *d, size_t min) {
  uint64_t n = get_u(d);
  if (n > (uint64_t)(d->end - d->p) / min) return fail(d), 0;
  return n;
}

static ct_tpl__node *new_node(dec *d) {
  if (!d->left) {
    d->slab = ct_arena_alloc(d->a, NODE_SLAB * sizeof *d->slab); /* zeroed */
    d->left = NODE_SLAB;
  }
  d->left--;
  return d->slab++;
}

/* WANT: the type the child must have (-1: any operand); NULLABLE: it may be absent. */
static ct_tpl__node *dec_node(dec *d, int want, bool nullable);

/* A branch's list as enc_branch wrote it: an N_LAZY node over its bytes (checked to start
 * as a list), NULL for an absent else (NULLABLE). */
static ct_tpl__node *dec_branch(dec *d, bool nullable) {
  unsigned mark = get_byte(d);
  if (!d->ok) return NULL;
  if (mark == NODE_NULL) {
    if (!nullable) fail(d);
    return NULL;
  }
  uint32_t len = 0;
  if (mark != NODE_BRANCH || d->end - d->p < 4) return fail(d), NULL;
  memcpy(&len, d->p, 4);
  d->p += 4;
  if (len < 3 || len > (size_t)(d->end - d->p) || *d->p != N_LIST) return fail(d), NULL;
  if (!d->lazy) {
    ct_tpl__lazy_ctx *c = ct_arena_alloc(d->a, sizeof *c);
    *c = (ct_tpl__lazy_ctx){d->a, d->text, d->text_len, d->home};
    d->lazy = c;
  }
  ct_tpl__node *n = new_node(d);
  n->type = N_LAZY;
  n->lazy.rec = d->p;
  n->lazy.len = len;
  n->lazy.ctx = d->lazy;
  d->p += len;
  return n;
}

static void dec_list(dec *d, ct_tpl__nlist *l, int want) {
  uint64_t n = get_count(d, 2);
  l->n = (uint32_t)n;
  if (!n) return;
  l->items = ct_arena_alloc(d->a, (size_t)n * sizeof *l->items);
  for (uint64_t i = 0; i < n && d->ok; i++)
    l->items[i] = dec_node(d, want, false);
}

/* Idents of a field or variable: the pointers, each to its string in the record. */
static void dec_idents(dec *d, ct_tpl__node *n) {
  uint64_t cnt = get_count(d, 2);
  if (!cnt) {
    fail(d);
    return;
  }
  n->field.idents = ct_arena_alloc(d->a, (size_t)cnt * sizeof(char *));
  for (uint64_t i = 0; i < cnt && d->ok; i++)
    n->field.idents[i] = get_str(d, NULL);
  n->field.n = (size_t)cnt;
}

static bool is_operand(int t) {
  switch (t) {
  case N_BOOL:
  case N_CHAIN:
  case N_DOT:
  case N_FIELD:
  case N_IDENT:
  case N_NIL:
  case N_NUMBER:
  case N_PIPE:
  case N_STRING:
  case N_VARIABLE: return true;
  default: return false;
  }
}

static bool is_list_item(int t) {
  switch (t) {
  case N_TEXT:
  case N_ACTION:
  case N_IF:
  case N_RANGE:
  case N_WITH:
  case N_TEMPLATE:
  case N_COMMENT:
  case N_BREAK:
  case N_CONTINUE: return true;
  default: return false;
  }
}

enum { WANT_OPERAND = -1, WANT_ITEM = -2 };

static ct_tpl__node *dec_node(dec *d, int want, bool nullable) {
  unsigned type = get_byte(d);
  if (!d->ok) return NULL;
  if (type == NODE_NULL) {
    if (!nullable) fail(d);
    return NULL;
  }
  if (want == WANT_OPERAND ? !is_operand((int)type)
      : want == WANT_ITEM  ? !is_list_item((int)type)
                           : (int)type != want) {
    fail(d);
    return NULL;
  }
  /* the stack is checked every 64 levels (a frame is far below 1 KiB) */
  if ((++d->depth & 63) == 0 && ct_tpl__stack_left() < MIN_STACK) {
    fail(d);
    return NULL;
  }
  uint64_t pos = get_u(d);
  if (pos > d->text_len) {
    fail(d);
    return NULL;
  }
  ct_tpl__node *n = new_node(d);
  n->type = (uint8_t)type;
  n->pos = (uint32_t)pos;
  switch ((ct_tpl__ntype)type) {
  case N_TEXT:
  case N_COMMENT: {
    uint64_t len = get_u(d);
    if (len > d->text_len - pos) return fail(d), NULL;
    n->text.s = d->text + pos;
    n->text.len = (size_t)len;
    break;
  }
  case N_LIST: dec_list(d, &n->list, WANT_ITEM); break;
  case N_COMMAND:
    dec_list(d, &n->list, WANT_OPERAND);
    if (!n->list.n) fail(d);
    break;
  case N_PIPE: {
    unsigned ndecl = get_byte(d);
    unsigned assign = get_byte(d);
    if (ndecl > 2 || assign > 1) return fail(d), NULL;
    n->ndecl = (uint8_t)ndecl;
    n->is_assign = assign;
    if (ndecl) {
      n->pipe.decl = ct_arena_alloc(d->a, ndecl * sizeof *n->pipe.decl);
      for (unsigned i = 0; i < ndecl && d->ok; i++)
        n->pipe.decl[i] = dec_node(d, N_VARIABLE, false);
    }
    dec_list(d, &n->pipe.cmds, N_COMMAND);
    break;
  }
  case N_ACTION: n->action = dec_node(d, N_PIPE, false); break;
  case N_IF:
  case N_RANGE:
  case N_WITH:
    n->branch.pipe = dec_node(d, N_PIPE, false);
    n->branch.list = dec_branch(d, false);
    n->branch.else_list = dec_branch(d, true);
    break;
  case N_TEMPLATE:
    n->tmpl.name = get_str(d, NULL);
    n->tmpl.pipe = dec_node(d, N_PIPE, true);
    break;
  case N_IDENT: n->ident.name = get_str(d, NULL); break;
  case N_FIELD:
  case N_VARIABLE:
    dec_idents(d, n);
    if (d->ok && type == N_VARIABLE && n->field.idents[0][0] != '$') fail(d);
    break;
  case N_CHAIN: {
    n->chain.node = dec_node(d, WANT_OPERAND, false);
    uint64_t k = get_count(d, 1);
    if (k) {
      n->chain.fields = ct_arena_alloc(d->a, (size_t)k * sizeof(char *));
      for (uint64_t i = 0; i < k && d->ok; i++)
        n->chain.fields[i] = get_str(d, NULL);
    }
    n->chain.n = (size_t)k;
    break;
  }
  case N_BOOL: {
    unsigned b = get_byte(d);
    if (b > 1) fail(d);
    n->b = b;
    break;
  }
  case N_NUMBER: {
    ct_tpl__num *num = ct_arena_alloc(d->a, sizeof *num);
    uint64_t flags = get_u(d);
    if (!flags || flags > (NUM_INT | NUM_UINT | NUM_FLOAT | NUM_COMPLEX)) return fail(d), NULL;
    num->flags = (int)flags;
    get_raw(d, &num->i);
    get_raw(d, &num->u);
    get_raw(d, &num->f);
    num->text = get_str(d, NULL);
    unsigned tag = get_byte(d);
    if (tag == 1) {
      int64_t i;
      get_raw(d, &i);
      num->ideal = ct_int(d->a, CT_INT, i);
    } else if (tag == 2) {
      double f;
      get_raw(d, &f);
      num->ideal = ct_float(d->a, f);
    } else if (tag == 3) {
      double re, im;
      get_raw(d, &re);
      get_raw(d, &im);
      num->ideal = ct_tpl__complex(d->a, re, im);
    } else if (tag != 0) {
      fail(d);
    }
    n->num = num;
    break;
  }
  case N_STRING: {
    uint64_t qlen = get_u(d);
    if (qlen < 2 || qlen > d->text_len - pos) return fail(d), NULL;
    n->str.quoted = d->text + pos;
    n->str.qlen = (size_t)qlen;
    size_t len = 0;
    const char *s = get_str(d, &len);
    n->str.val = ct_string_nocopy(d->a, s, len);
    break;
  }
  case N_DOT:
  case N_NIL:
  case N_BREAK:
  case N_CONTINUE: break;
  default: return fail(d), NULL;
  }
  d->depth--;
  return d->ok ? n : NULL;
}

bool ct_tpl_load_record(ct_tpl_set *s, const char *name, const char *text, size_t text_len,
                        const unsigned char *rec, size_t len, size_t *off) {
  if (*off > len) return false;
  dec d = {.p = rec + *off,
           .end = rec + len,
           .a = s->arena,
           .text = text,
           .text_len = text_len,
           .ok = true};
  if (get_u(&d) != text_len || !d.ok) return false;
  uint64_t nt = get_count(&d, 8);
  if (!nt) return false;
  const char *fname = ct_arena_strdup(s->arena, name);
  for (uint64_t i = 0; i < nt && d.ok; i++) {
    unsigned file_name = get_byte(&d);
    ct_tpl__tree *t = ct_arena_alloc(s->arena, sizeof *t);
    t->name = file_name == 1 ? fname : file_name == 0 ? get_str(&d, NULL) : (fail(&d), fname);
    uint64_t start = get_u(&d), dlen = get_u(&d);
    if (start > text_len || dlen > text_len - start) fail(&d);
    unsigned empty = get_byte(&d);
    uint32_t n_root = 0;
    if (d.end - d.p >= 4) memcpy(&n_root, d.p, 4);
    if (empty > 1 || d.end - d.p < 4 || n_root < 3 || n_root > (size_t)(d.end - d.p) - 4 ||
        *(d.p + 4) != N_LIST)
      fail(&d);
    if (!d.ok) break;
    t->parse_name = fname;
    t->text = text;
    t->text_len = text_len;
    t->def_start = (size_t)start;
    t->def_len = (size_t)dlen;
    t->ldelim = s->ldelim;
    t->rdelim = s->rdelim;
    t->func_gen = ct_tpl__func_gen;
    /* the nodes are decoded at the first lookup: a render executes about half of what it
     * parses (defines nobody includes) */
    t->lazy = d.p + 4;
    t->lazy_len = n_root;
    t->lazy_empty = empty;
    d.p += 4 + (size_t)n_root;
    ct_tpl__associate(s, t);
  }
  if (!d.ok) return false;
  *off = (size_t)(d.p - rec);
  return true;
}

void ct_tpl__materialize(ct_arena *arena, ct_tpl__slab *slab, ct_tpl__tree *t) {
  dec d = {.p = t->lazy,
           .end = t->lazy + t->lazy_len,
           .a = arena,
           .text = t->text,
           .text_len = t->text_len,
           .slab = slab->next,
           .left = slab->left,
           .ok = true,
           .home = slab};
  t->lazy = NULL; /* decoded once, or never if the bytes are bad */
  ct_tpl__node *root = dec_node(&d, N_LIST, false);
  slab->next = d.slab, slab->left = d.left; /* the rest of the block, for the next tree */
  if (d.ok && d.p == d.end && ct_tpl__is_empty_tree(root) == t->lazy_empty) t->root = root;
}

bool ct_tpl__decode_lazy(ct_tpl__node *n) {
  if (n->type != N_LAZY) return true;
  const ct_tpl__lazy_ctx *c = n->lazy.ctx;
  dec d = {.p = n->lazy.rec,
           .end = n->lazy.rec + n->lazy.len,
           .a = c->a,
           .text = c->text,
           .text_len = c->text_len,
           .slab = c->slab->next,
           .left = c->slab->left,
           .ok = true,
           .home = c->slab,
           .lazy = c};
  ct_tpl__node *l = dec_node(&d, N_LIST, false);
  c->slab->next = d.slab, c->slab->left = d.left;
  if (d.ok && l && d.p == d.end) {
    *n = *l;
    return true;
  }
  n->type = N_LIST;
  n->list = (ct_tpl__nlist){0};
  return false;
}
