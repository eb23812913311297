/* yaml_load.c — YAML text to node trees with libyaml, as go-yaml's parser.go builds them
 * (anchors, aliases, tags, first-document-only reads) and its exact error messages. */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "chartctl/stack.h"
#include "codec/codec_int.h"

typedef struct loader {
  const char *src;
  size_t len;
  size_t ci_cache, bi_cache; /* libyaml marks count characters: last char → byte mapping */
  size_t ascii_end;          /* bytes before the first non-ASCII byte, +1 (0: not known yet) */
  yaml_parser_t parser;
  yaml_event_t event;
  bool have_event;
  ct_arena *a;
  ct_buf *err;
  /* anchors of the current document */
  const char **anchor_names;
  ynode **anchor_nodes;
  size_t nanchors, anchor_cap;
  int depth;
} loader;

/* go-yaml's parser.fail(): "line N: " from the problem (or context) mark, then the problem. */
static int fail_parser(loader *l) {
  yaml_parser_t *p = &l->parser;
  size_t line = 0;
  if (p->problem_mark.line != 0) {
    line = p->problem_mark.line;
    if (p->error == YAML_SCANNER_ERROR) line++;
  } else if (p->context_mark.line != 0) {
    line = p->context_mark.line;
  }
  ct_buf_puts(l->err, "yaml: ");
  if (line != 0) ct_buf_printf(l->err, "line %zu: ", line);
  if (p->problem && *p->problem) ct_buf_puts(l->err, p->problem);
  else ct_buf_puts(l->err, "unknown problem parsing YAML content");
  return -1;
}

static int peek(loader *l, yaml_event_type_t *type) {
  if (!l->have_event) {
    if (!yaml_parser_parse(&l->parser, &l->event)) return fail_parser(l);
    l->have_event = true;
  }
  *type = l->event.type;
  return 0;
}

static void consume(loader *l) {
  if (l->have_event) {
    yaml_event_delete(&l->event);
    l->have_event = false;
  }
}

static int expect(loader *l, yaml_event_type_t want) {
  yaml_event_type_t t;
  if (peek(l, &t) < 0) return -1;
  if (t != want) {
    ct_buf_printf(l->err, "yaml: expected event %d, got %d", (int)want, (int)t);
    return -1;
  }
  consume(l);
  return 0;
}

static ynode *new_node(loader *l, ynode_kind kind) {
  ynode *n = ct_arena_alloc(l->a, sizeof *n);
  n->kind = kind;
  n->line = (int)l->event.start_mark.line;
  n->column = (int)l->event.start_mark.column;
  return n;
}

static const char *dup(loader *l, const yaml_char_t *s) {
  return s ? ct_arena_strdup(l->a, (const char *)s) : NULL;
}

static void set_anchor(loader *l, ynode *n, const yaml_char_t *anchor) {
  if (!anchor) return;
  n->anchor = dup(l, anchor);
  for (size_t i = 0; i < l->nanchors; i++) {
    if (strcmp(l->anchor_names[i], n->anchor) == 0) {
      l->anchor_nodes[i] = n;
      return;
    }
  }
  if (l->nanchors == l->anchor_cap) {
    size_t cap = l->anchor_cap ? l->anchor_cap * 2 : 8;
    l->anchor_names = ct_arena_realloc(l->a, l->anchor_names, l->anchor_cap * sizeof(char *),
                                       cap * sizeof(char *));
    l->anchor_nodes = ct_arena_realloc(l->a, l->anchor_nodes, l->anchor_cap * sizeof(ynode *),
                                       cap * sizeof(ynode *));
    l->anchor_cap = cap;
  }
  l->anchor_names[l->nanchors] = n->anchor;
  l->anchor_nodes[l->nanchors] = n;
  l->nanchors++;
}

static void add_child(loader *l, ynode *parent, ynode *child, size_t *cap) {
  if (parent->n == *cap) {
    size_t nc = *cap ? *cap * 2 : 4;
    parent->children = ct_arena_realloc(l->a, parent->children, *cap * sizeof(ynode *),
                                        nc * sizeof(ynode *));
    *cap = nc;
  }
  parent->children[parent->n++] = child;
}

static int parse_node(loader *l, ynode **out);

/* The length of the ASCII prefix of S. */
static size_t ascii_prefix(const char *s, size_t n) {
  size_t i = 0;
  const uint64_t highs = 0x8080808080808080ull;
  for (; n - i >= 8; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (w & highs) break;
  }
  while (i < n && !((unsigned char)s[i] & 0x80))
    i++;
  return i;
}

/* The byte offset of character CI (libyaml's mark.index counts characters, after a BOM):
 * O(1) in the ASCII prefix of the text, else walked from the last answer (marks mostly grow). */
static size_t byte_at(loader *l, size_t ci) {
  if (!l->ascii_end) l->ascii_end = ascii_prefix(l->src, l->len) + 1;
  if (ci < l->ascii_end - 1) return ci; /* (a BOM is not ASCII: the prefix is then empty) */
  if (ci < l->ci_cache || (l->ci_cache == 0 && l->bi_cache == 0)) {
    l->ci_cache = 0;
    l->bi_cache = l->len >= 3 && memcmp(l->src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  }
  size_t b = l->bi_cache;
  for (size_t c = l->ci_cache; c < ci && b < l->len;) {
    uint64_t w;
    if (ci - c >= 8 && l->len - b >= 8 && (memcpy(&w, l->src + b, 8), !(w & 0x8080808080808080ull))) {
      c += 8, b += 8; /* eight ASCII characters */
      continue;
    }
    unsigned char u = (unsigned char)l->src[b];
    b += u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
    c++;
  }
  if (b > l->len) b = l->len;
  l->ci_cache = ci;
  l->bi_cache = b;
  return b;
}

/* libyaml 0.2.5 accepts "\/" (YAML 1.2) in double quotes; go-yaml v2 does not. */
static int check_escapes(loader *l) {
  size_t start = byte_at(l, l->event.start_mark.index), end = byte_at(l, l->event.end_mark.index);
  size_t line = l->event.start_mark.line;
  for (size_t i = start; i < end; i++) {
    char c = l->src[i];
    if (c == '\n') line++;
    if (c != '\\' || i + 1 >= end) continue;
    if (l->src[i + 1] == '/') {
      /* scanner error: problem mark at the escape, context mark at the scalar */
      size_t shown = line != 0 ? line + 1 : l->event.start_mark.line;
      ct_buf_puts(l->err, "yaml: ");
      if (shown) ct_buf_printf(l->err, "line %zu: ", shown);
      ct_buf_puts(l->err, "found unknown escape character");
      return -1;
    }
    if (l->src[i + 1] == '\n') line++;
    i++;
  }
  return 0;
}

/* go-yaml v2 only reads %YAML 1.1 documents (libyaml 0.2.5 also takes 1.2). */
static int check_version(loader *l) {
  yaml_version_directive_t *vd = l->event.data.document_start.version_directive;
  if (!vd || (vd->major == 1 && vd->minor == 1)) return 0;
  /* the line of the %YAML directive: the last one before the document start */
  size_t line = 0, cur = 0;
  size_t end = byte_at(l, l->event.end_mark.index);
  if (end > l->len) end = l->len;
  for (size_t i = 0; i < end; i++) {
    if ((i == 0 || l->src[i - 1] == '\n') && l->len - i >= 5 && memcmp(l->src + i, "%YAML", 5) == 0)
      line = cur;
    if (l->src[i] == '\n') cur++;
  }
  ct_buf_puts(l->err, "yaml: ");
  if (line) ct_buf_printf(l->err, "line %zu: ", line);
  ct_buf_puts(l->err, "found incompatible YAML document");
  return -1;
}

static int parse_collection(loader *l, ynode *n, yaml_event_type_t end) {
  size_t cap = 0;
  for (;;) {
    yaml_event_type_t t;
    if (peek(l, &t) < 0) return -1;
    if (t == end) break;
    ynode *child;
    if (parse_node(l, &child) < 0) return -1;
    add_child(l, n, child, &cap);
  }
  consume(l);
  return 0;
}

static int parse_node(loader *l, ynode **out) {
  yaml_event_type_t t;
  if (peek(l, &t) < 0) return -1;
  if (++l->depth > 10000) {
    ct_buf_puts(l->err, "yaml: exceeded max depth of 10000");
    return -1;
  }
  if (ct_stack_low()) { /* a small stack: an error, not a crash */
    ct_buf_puts(l->err, "yaml: document nested too deeply for the stack");
    return -1;
  }
  ynode *n = NULL;
  int rc = 0;
  switch (t) {
  case YAML_SCALAR_EVENT: {
    if (l->event.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && check_escapes(l) < 0) {
      rc = -1;
      break;
    }
    n = new_node(l, YN_SCALAR);
    n->len = l->event.data.scalar.length;
    n->value = ct_arena_strndup(l->a, (const char *)l->event.data.scalar.value, n->len);
    n->tag = dup(l, l->event.data.scalar.tag);
    n->implicit = l->event.data.scalar.plain_implicit != 0;
    n->quoted = l->event.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    set_anchor(l, n, l->event.data.scalar.anchor);
    consume(l);
    break;
  }
  case YAML_ALIAS_EVENT: {
    n = new_node(l, YN_ALIAS);
    n->value = dup(l, l->event.data.alias.anchor);
    n->len = strlen(n->value);
    for (size_t i = 0; i < l->nanchors; i++)
      if (strcmp(l->anchor_names[i], n->value) == 0) n->alias = l->anchor_nodes[i];
    if (!n->alias) {
      ct_buf_printf(l->err, "yaml: unknown anchor '%s' referenced", n->value);
      rc = -1;
      break;
    }
    consume(l);
    break;
  }
  case YAML_SEQUENCE_START_EVENT: {
    n = new_node(l, YN_SEQ);
    n->tag = dup(l, l->event.data.sequence_start.tag);
    set_anchor(l, n, l->event.data.sequence_start.anchor);
    consume(l);
    rc = parse_collection(l, n, YAML_SEQUENCE_END_EVENT);
    break;
  }
  case YAML_MAPPING_START_EVENT: {
    n = new_node(l, YN_MAP);
    n->tag = dup(l, l->event.data.mapping_start.tag);
    set_anchor(l, n, l->event.data.mapping_start.anchor);
    consume(l);
    rc = parse_collection(l, n, YAML_MAPPING_END_EVENT);
    break;
  }
  default:
    ct_buf_printf(l->err, "yaml: attempted to parse unknown event: %d", (int)t);
    rc = -1;
    break;
  }
  l->depth--;
  *out = n;
  return rc;
}

static int parse_document(loader *l, ynode **out) {
  ynode *doc = new_node(l, YN_DOC);
  l->nanchors = 0;
  yaml_event_type_t t;
  if (peek(l, &t) < 0) return -1;
  if (t == YAML_DOCUMENT_START_EVENT && check_version(l) < 0) return -1;
  if (expect(l, YAML_DOCUMENT_START_EVENT) < 0) return -1;
  ynode *root;
  if (parse_node(l, &root) < 0) return -1;
  doc->children = ct_arena_alloc(l->a, sizeof(ynode *));
  doc->children[0] = root;
  doc->n = 1;
  if (expect(l, YAML_DOCUMENT_END_EVENT) < 0) return -1;
  *out = doc;
  return 0;
}

static int load(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src, size_t len,
                size_t max_docs, ct_buf *err, size_t *bad_escape);

int ct_codec__yaml_load(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src, size_t len,
                        size_t max_docs, ct_buf *err) {
  if (ct_codec__yaml_fast(docs, ndocs, a, src, len)) return 0;
  return ct_codec__yaml_load_libyaml(docs, ndocs, a, src, len, max_docs, err);
}

int ct_codec__yaml_load_libyaml(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src,
                                size_t len, size_t max_docs, ct_buf *err) {
  /* go-yaml v2 reads \' in double quotes as ' where libyaml 0.2.5 refuses it: on that refusal,
   * spell the escape \x27 and read again. */
  char *patched = NULL;
  size_t plen = len;
  int rc;
  for (int tries = 0;; tries++) {
    size_t bad = (size_t)-1;
    size_t mark = err->len;
    rc = load(docs, ndocs, a, patched ? patched : src, plen, max_docs, err, &bad);
    if (rc == 0 || bad == (size_t)-1 || tries > 10000) break;
    const char *cur = patched ? patched : src;
    char *np = malloc(plen + 3);
    if (!np) abort();
    memcpy(np, cur, bad);
    memcpy(np + bad, "\\x27", 4);
    memcpy(np + bad + 4, cur + bad + 2, plen - bad - 2);
    free(patched);
    patched = np;
    plen += 2;
    ct_buf_truncate(err, mark);
  }
  if (patched) {
    /* node strings live in the arena; only the text was needed while parsing */
    free(patched);
  }
  return rc;
}

static int load(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src, size_t len,
                size_t max_docs, ct_buf *err, size_t *bad_escape) {
  loader l;
  memset(&l, 0, sizeof l);
  l.a = a;
  l.err = err;
  *docs = NULL;
  *ndocs = 0;
  if (!yaml_parser_initialize(&l.parser)) {
    ct_buf_puts(err, "yaml: out of memory");
    return -1;
  }
  static const char newline[] = "\n";
  if (len == 0) src = newline, len = 1;
  l.src = src;
  l.len = len;
  yaml_parser_set_input_string(&l.parser, (const unsigned char *)src, len);
  int rc = expect(&l, YAML_STREAM_START_EVENT);
  size_t cap = 0;
  while (rc == 0) {
    yaml_event_type_t t;
    if ((rc = peek(&l, &t)) < 0) break;
    if (t == YAML_STREAM_END_EVENT) break;
    ynode *doc;
    if ((rc = parse_document(&l, &doc)) < 0) break;
    if (*ndocs == cap) {
      size_t nc = cap ? cap * 2 : 2;
      *docs = ct_arena_realloc(a, *docs, cap * sizeof(ynode *), nc * sizeof(ynode *));
      cap = nc;
    }
    (*docs)[(*ndocs)++] = doc;
    if (max_docs && *ndocs >= max_docs) break;
  }
  if (rc < 0 && l.parser.error == YAML_SCANNER_ERROR && l.parser.problem &&
      strcmp(l.parser.problem, "found unknown escape character") == 0) {
    size_t b = byte_at(&l, l.parser.problem_mark.index);
    if (b + 1 < l.len && l.src[b] == '\\' && l.src[b + 1] == '\'') *bad_escape = b;
  }
  consume(&l);
  yaml_parser_delete(&l.parser);
  return rc;
}
