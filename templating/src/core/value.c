/* value.c — constructors, lists, Go-style maps (hash index + insertion order, sorted
 * iteration), type names, truthiness, deep copy and equality for ct_value. */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/stack.h"
#include "chartctl/value.h"

struct ct_map {
  ct_map_entry *entries; /* insertion order */
  size_t len, cap;
  uint32_t *index; /* open addressing: entry index + 1, 0 = empty; NULL while small */
  size_t icap;
  bool in_order; /* entries are already in sorted key order */
  bool watched;  /* its entries' reads are counted (ct_map_watch_reads) */
};

/* Reads of watched maps' entries (a thread's, as the guard is). */
static _Thread_local uint64_t watched_reads;
#define NOTE_READ(m) ((m)->watched ? (void)watched_reads++ : (void)0)

void ct_map_watch_reads(ct_value *map) {
  if (ct_is_map(map)) map->map->watched = true;
}
uint64_t ct_map_watched_reads(void) { return watched_reads; }
void ct_map_note_watched_read(void) { watched_reads++; }

#define INDEX_FROM 8

static ct_value *mk(ct_arena *a, ct_type t) {
  ct_value *v = ct_arena_alloc(a, sizeof *v);
  v->type = t;
  v->is_nil = 0;
  v->gotype = CT_GO_PLAIN;
  return v;
}

ct_value *ct_bool(ct_arena *a, bool b) {
  ct_value *v = mk(a, CT_BOOL);
  v->b = b;
  return v;
}
ct_value *ct_int(ct_arena *a, ct_type t, int64_t i) {
  ct_value *v = mk(a, t);
  v->i = i;
  return v;
}
ct_value *ct_uint(ct_arena *a, ct_type t, uint64_t u) {
  ct_value *v = mk(a, t);
  v->u = u;
  return v;
}
ct_value *ct_float(ct_arena *a, double f) {
  ct_value *v = mk(a, CT_FLOAT64);
  v->f = f;
  return v;
}
ct_value *ct_string(ct_arena *a, const char *s, size_t len) {
  ct_value *v = mk(a, CT_STRING);
  v->s.ptr = ct_arena_strndup(a, s, len);
  v->s.len = len;
  return v;
}
ct_value *ct_cstring(ct_arena *a, const char *s) { return ct_string(a, s, strlen(s)); }
ct_value *ct_string_nocopy(ct_arena *a, const char *s, size_t len) {
  ct_value *v = mk(a, CT_STRING);
  v->s.ptr = s;
  v->s.len = len;
  return v;
}
ct_value *ct_bytes(ct_arena *a, const char *s, size_t len) {
  ct_value *v = ct_string(a, s, len);
  v->type = CT_BYTES;
  return v;
}
ct_value *ct_list_new(ct_arena *a, ct_type t, size_t cap) {
  ct_value *v = mk(a, t);
  v->list = ct_arena_alloc(a, sizeof *v->list);
  if (cap) {
    v->list->items = ct_arena_alloc(a, cap * sizeof(ct_value *));
    v->list->cap = cap;
  }
  return v;
}
ct_value *ct_map_new(ct_arena *a, ct_type t, size_t cap) {
  ct_value *v = mk(a, t);
  v->map = ct_arena_alloc(a, sizeof *v->map);
  v->map->in_order = true;
  if (cap) {
    v->map->entries = ct_arena_alloc(a, cap * sizeof(ct_map_entry));
    v->map->cap = cap;
  }
  return v;
}
ct_value *ct_object(ct_arena *a, const ct_object_class *cls, void *data) {
  ct_value *v = mk(a, CT_OBJECT);
  v->obj.cls = cls;
  v->obj.data = data;
  return v;
}

ct_value *ct_named_int(ct_arena *a, ct_gotype g, int64_t i) {
  ct_value *v = mk(a, g == CT_GO_DURATION ? CT_INT64 : CT_INT);
  v->i = i;
  v->gotype = (uint8_t)g;
  return v;
}

/* Written once per type with the same pointer (by the code that makes the values), read by
 * the engine and fmt: relaxed atomics keep concurrent renders well defined. */
static _Atomic(const ct_object_class *) named_classes[CT_GO__COUNT];

void ct_named_register(ct_gotype g, const ct_object_class *cls) {
  if (g < CT_GO__COUNT) atomic_store_explicit(&named_classes[g], cls, memory_order_relaxed);
}

const ct_object_class *ct_named_class(const ct_value *v) {
  if (!v || !v->gotype || !ct_is_int(v)) return NULL;
  return atomic_load_explicit(&named_classes[v->gotype], memory_order_relaxed);
}

ct_value *ct_list_new_nil(ct_arena *a, ct_type t) {
  ct_value *v = ct_list_new(a, t, 0);
  v->is_nil = 1;
  return v;
}
ct_value *ct_map_new_nil(ct_arena *a, ct_type t) {
  ct_value *v = ct_map_new(a, t, 0);
  v->is_nil = 1;
  return v;
}
ct_value *ct_value_as(ct_arena *a, const ct_value *v, ct_gotype g) {
  if (!v) return NULL;
  ct_value *c = mk(a, v->type);
  *c = *v;
  c->gotype = (uint8_t)g;
  return c;
}

void ct_list_push(ct_arena *a, ct_value *list, ct_value *item) {
  list->is_nil = 0; /* append to a nil slice makes a new one */
  ct_list *l = list->list;
  if (l->len == l->cap) {
    size_t ncap = l->cap ? l->cap * 2 : 4;
    l->items = ct_arena_realloc(a, l->items, l->cap * sizeof(ct_value *), ncap * sizeof(ct_value *));
    l->cap = ncap;
    l->items[l->len++] = item;
    ct_arena_note_write(l); /* after the growth: it is part of what an older list now holds */
    return;
  }
  l->items[l->len++] = item;
  ct_arena_note_store(l, item);
}

/* ---- maps ---- */

static uint32_t hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

static int keycmp(const char *a, size_t an, const char *b, size_t bn) {
  int c = memcmp(a, b, an < bn ? an : bn);
  if (c) return c;
  return an < bn ? -1 : an > bn;
}

static void reindex(ct_arena *a, ct_map *m) {
  size_t icap = 16;
  while (icap < m->len * 2 + 2) icap *= 2;
  if (!m->index || icap > m->icap) {
    m->index = ct_arena_alloc(a, icap * sizeof(uint32_t));
    m->icap = icap;
  } else {
    memset(m->index, 0, m->icap * sizeof(uint32_t));
  }
  for (size_t i = 0; i < m->len; i++) {
    size_t slot = hash(m->entries[i].key.ptr, m->entries[i].key.len) & (m->icap - 1);
    while (m->index[slot]) slot = (slot + 1) & (m->icap - 1);
    m->index[slot] = (uint32_t)i + 1;
  }
}

static long find(const ct_map *m, const char *key, size_t klen) {
  if (!m->index) {
    for (size_t i = 0; i < m->len; i++)
      if (m->entries[i].key.len == klen && memcmp(m->entries[i].key.ptr, key, klen) == 0) return (long)i;
    return -1;
  }
  size_t slot = hash(key, klen) & (m->icap - 1);
  while (m->index[slot]) {
    const ct_map_entry *e = &m->entries[m->index[slot] - 1];
    if (e->key.len == klen && memcmp(e->key.ptr, key, klen) == 0) return (long)m->index[slot] - 1;
    slot = (slot + 1) & (m->icap - 1);
  }
  return -1;
}

size_t ct_map_len(const ct_value *map) { return map && ct_is_map(map) ? map->map->len : 0; }

bool ct_map_get(const ct_value *map, const char *key, size_t klen, ct_value **out) {
  if (!map || !ct_is_map(map)) {
    if (out) *out = NULL;
    return false;
  }
  NOTE_READ(map->map);
  long i = find(map->map, key, klen);
  if (out) *out = i < 0 ? NULL : map->map->entries[i].value;
  return i >= 0;
}

ct_value *ct_map_getc(const ct_value *map, const char *key) {
  ct_value *v;
  ct_map_get(map, key, strlen(key), &v);
  return v;
}

void ct_map_set(ct_arena *a, ct_value *map, const char *key, size_t klen, ct_value *v) {
  map->is_nil = 0;
  ct_map *m = map->map;
  long i = find(m, key, klen);
  if (i >= 0) {
    ct_value *old = m->entries[i].value;
    m->entries[i].value = v;
    ct_arena_note_replace(m, &m->entries[i].value, old, v);
    return;
  }
  if (m->len == m->cap) {
    size_t ncap = m->cap ? m->cap * 2 : 4;
    m->entries = ct_arena_realloc(a, m->entries, m->cap * sizeof(ct_map_entry), ncap * sizeof(ct_map_entry));
    m->cap = ncap;
  }
  ct_map_entry *e = &m->entries[m->len];
  e->key.ptr = ct_arena_strndup(a, key, klen);
  e->key.len = klen;
  e->value = v;
  if (m->len && m->in_order) {
    const ct_map_entry *p = &m->entries[m->len - 1];
    if (keycmp(p->key.ptr, p->key.len, key, klen) > 0) m->in_order = false;
  }
  m->len++;
  if (m->len > INDEX_FROM) {
    if (!m->index || m->len * 2 + 2 > m->icap) {
      reindex(a, m);
    } else {
      size_t slot = hash(key, klen) & (m->icap - 1);
      while (m->index[slot]) slot = (slot + 1) & (m->icap - 1);
      m->index[slot] = (uint32_t)m->len;
    }
  }
  ct_arena_note_write(m); /* after the key copy and any growth of the entries or index */
}

ct_value *ct_map_copy(ct_arena *a, const ct_value *map,
                      ct_value *(*copy)(ct_arena *a, const ct_value *v)) {
  const ct_map *src = map->map;
  NOTE_READ(src);
  ct_value *out = ct_map_new(a, map->type, 0);
  ct_map *m = out->map;
  if (src->len) {
    m->entries = ct_arena_alloc(a, src->len * sizeof *m->entries);
    memcpy(m->entries, src->entries, src->len * sizeof *m->entries); /* keys shared */
    m->len = m->cap = src->len;
    for (size_t i = 0; i < m->len; i++)
      m->entries[i].value = copy(a, src->entries[i].value);
  }
  if (src->index) {
    m->index = ct_arena_alloc(a, src->icap * sizeof *m->index);
    memcpy(m->index, src->index, src->icap * sizeof *m->index);
    m->icap = src->icap;
  }
  m->in_order = src->in_order;
  ct_arena_note_write(m);
  return out;
}

void ct_map_setc(ct_arena *a, ct_value *map, const char *key, ct_value *v) {
  ct_map_set(a, map, key, strlen(key), v);
}

bool ct_map_delete(ct_value *map, const char *key, size_t klen) {
  if (!map || !ct_is_map(map)) return false;
  ct_map *m = map->map;
  long i = find(m, key, klen);
  if (i < 0) return false;
  memmove(&m->entries[i], &m->entries[i + 1], (m->len - (size_t)i - 1) * sizeof(ct_map_entry));
  m->len--;
  if (m->index) {
    memset(m->index, 0, m->icap * sizeof(uint32_t));
    for (size_t j = 0; j < m->len; j++) {
      size_t slot = hash(m->entries[j].key.ptr, m->entries[j].key.len) & (m->icap - 1);
      while (m->index[slot]) slot = (slot + 1) & (m->icap - 1);
      m->index[slot] = (uint32_t)j + 1;
    }
  }
  ct_arena_note_change(m);
  return true;
}

static int entry_cmp(const void *x, const void *y) {
  const ct_map_entry *a = x, *b = y;
  return keycmp(a->key.ptr, a->key.len, b->key.ptr, b->key.len);
}

const ct_map_entry *ct_map_sorted(ct_arena *a, const ct_value *map, size_t *n) {
  if (!map || !ct_is_map(map)) {
    *n = 0;
    return NULL;
  }
  ct_map *m = map->map;
  NOTE_READ(m);
  *n = m->len;
  if (m->in_order || map->gotype == CT_GO_STRUCT_FIELDS) return m->entries;
  ct_map_entry *s = ct_arena_alloc(a, m->len * sizeof *s);
  memcpy(s, m->entries, m->len * sizeof *s);
  qsort(s, m->len, sizeof *s, entry_cmp);
  return s;
}

const ct_map_entry *ct_map_entries(const ct_value *map, size_t *n) {
  if (!map || !ct_is_map(map)) {
    *n = 0;
    return NULL;
  }
  NOTE_READ(map->map);
  *n = map->map->len;
  return map->map->entries;
}

/* ---- questions ---- */

static const char *gotype_name(ct_gotype g) {
  switch (g) {
  case CT_GO_VALUES: return "chartutil.Values";
  case CT_GO_INT_SLICE: return "[]int";
  case CT_GO_LIST_SLICE: return "[][]interface {}";
  case CT_GO_MAINTAINER_SLICE: return "[]*chart.Maintainer";
  case CT_GO_DEPENDENCY_SLICE: return "[]*chart.Dependency";
  case CT_GO_MONTH: return "time.Month";
  case CT_GO_WEEKDAY: return "time.Weekday";
  case CT_GO_DURATION: return "time.Duration";
  case CT_GO_STRUCT_FIELDS:
  case CT_GO_PLAIN:
  case CT_GO__COUNT: break;
  }
  return NULL;
}

const char *ct_type_name(const ct_value *v) {
  if (!v) return "<nil>";
  if (v->gotype != CT_GO_PLAIN && v->type != CT_OBJECT) {
    const char *g = gotype_name((ct_gotype)v->gotype);
    if (g) return g;
  }
  switch (v->type) {
  case CT_BOOL: return "bool";
  case CT_INT: return "int";
  case CT_INT64: return "int64";
  case CT_INT32: return "int32";
  case CT_UINT8: return "uint8";
  case CT_UINT: return "uint";
  case CT_UINT64: return "uint64";
  case CT_FLOAT64: return "float64";
  case CT_STRING: return "string";
  case CT_BYTES: return "[]uint8";
  case CT_LIST: return "[]interface {}";
  case CT_STRLIST: return "[]string";
  case CT_MAP: return "map[string]interface {}";
  case CT_STRMAP: return "map[string]string";
  case CT_OBJECT: return v->obj.cls->go_type;
  }
  return "?";
}

const char *ct_kind_name(const ct_value *v) {
  if (!v) return "invalid";
  switch (v->type) {
  case CT_BYTES:
  case CT_LIST:
  case CT_STRLIST: return "slice";
  case CT_MAP:
  case CT_STRMAP: return "map";
  case CT_OBJECT: return v->obj.cls->go_type[0] == '*' ? "ptr" : "struct";
  case CT_INT: return "int"; /* also a named integer's kind (time.Month is an int) */
  case CT_INT64: return "int64";
  default: return ct_type_name(v);
  }
}

bool ct_truth(const ct_value *v) {
  if (!v) return false;
  switch (v->type) {
  case CT_BOOL: return v->b;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: return v->i != 0;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: return v->u != 0;
  case CT_FLOAT64: return v->f != 0;
  case CT_STRING:
  case CT_BYTES: return v->s.len != 0;
  case CT_LIST:
  case CT_STRLIST: return v->list->len != 0;
  case CT_MAP:
  case CT_STRMAP: return v->map->len != 0;
  case CT_OBJECT: return true;
  }
  return false;
}

/* ---- values that reach themselves ---- */

static _Thread_local uint64_t cycles, too_deep;
void ct_value_note_cycle(void) { cycles++; }
uint64_t ct_value_cycles(void) { return cycles; }
void ct_value_note_too_deep(void) { too_deep++; }
uint64_t ct_value_too_deep(void) { return too_deep; }

bool ct_value_stack_low(int depth) { return (depth & 63) == 63 && ct_stack_low(); }

/* Containers met by a depth-first walk: 1 on the current path, 2 done. */
typedef struct seen_set {
  const void **key;
  unsigned char *state;
  size_t cap, n;
} seen_set;

static size_t seen_slot(const seen_set *s, const void *k) {
  size_t i = (size_t)(((uintptr_t)k >> 4) * 0x9E3779B97F4A7C15ull) & (s->cap - 1);
  while (s->key[i] && s->key[i] != k)
    i = (i + 1) & (s->cap - 1);
  return i;
}

static bool seen_grow(seen_set *s) {
  seen_set b = {calloc(s->cap * 2, sizeof *b.key), calloc(s->cap * 2, 1), s->cap * 2, s->n};
  if (!b.key || !b.state) {
    free(b.key), free(b.state);
    return false;
  }
  for (size_t i = 0; i < s->cap; i++) {
    if (!s->key[i]) continue;
    size_t j = seen_slot(&b, s->key[i]);
    b.key[j] = s->key[i];
    b.state[j] = s->state[i];
  }
  free(s->key), free(s->state);
  *s = b;
  return true;
}

static size_t child_count(const ct_value *v) {
  if (!v) return 0;
  if (v->type == CT_LIST || v->type == CT_STRLIST) return v->list->len;
  if (v->type == CT_MAP || v->type == CT_STRMAP) return v->map->len;
  return 0;
}

static const ct_value *child_at(const ct_value *v, size_t i) {
  return v->type == CT_LIST || v->type == CT_STRLIST ? v->list->items[i] : v->map->entries[i].value;
}

static const void *container_of(const ct_value *v) {
  return v->type == CT_LIST || v->type == CT_STRLIST ? (const void *)v->list : (const void *)v->map;
}

bool ct_value_cyclic(const ct_value *v) {
  if (!child_count(v)) return false;
  typedef struct frame {
    const ct_value *v;
    size_t next;
  } frame;
  size_t nf = 0, capf = 64;
  frame *st = malloc(capf * sizeof *st);
  seen_set s = {calloc(256, sizeof(void *)), calloc(256, 1), 256, 0};
  bool cyclic = false, ok = st && s.key && s.state;
  if (ok) {
    size_t i = seen_slot(&s, container_of(v));
    s.key[i] = container_of(v), s.state[i] = 1, s.n = 1;
    st[nf++] = (frame){v, 0};
  }
  while (ok && nf && !cyclic) {
    frame *f = &st[nf - 1];
    if (f->next == child_count(f->v)) {
      s.state[seen_slot(&s, container_of(f->v))] = 2;
      nf--;
      continue;
    }
    const ct_value *c = child_at(f->v, f->next++);
    if (!child_count(c)) continue;
    const void *k = container_of(c);
    size_t i = seen_slot(&s, k);
    if (s.key[i]) {
      cyclic = s.state[i] == 1;
      continue;
    }
    if ((s.n + 1) * 2 > s.cap && !(ok = seen_grow(&s))) break;
    i = seen_slot(&s, k);
    s.key[i] = k, s.state[i] = 1, s.n++;
    if (nf == capf) {
      frame *g = realloc(st, capf * 2 * sizeof *st);
      if (!(ok = g != NULL)) break;
      st = g, capf *= 2;
    }
    st[nf++] = (frame){c, 0};
  }
  free(st), free(s.key), free(s.state);
  return cyclic || !ok; /* out of memory: as if it did (the caller stops) */
}

/* ct_value_copy below CT_VALUE_DEEP checks TOP once (*STATE: 0 unchecked, 1 fine, 2 cyclic,
 * 3 too deep for the stack). */
static ct_value *copy_value(ct_arena *a, const ct_value *v, int depth, const ct_value *top,
                            int *state);

ct_value *ct_value_copy(ct_arena *a, const ct_value *v) {
  int state = 0;
  return copy_value(a, v, 0, v, &state);
}

static ct_value *copy_value(ct_arena *a, const ct_value *v, int depth, const ct_value *top,
                            int *state) {
  if (!v) return NULL;
  if (depth >= CT_VALUE_DEEP && *state == 0) {
    *state = ct_value_cyclic(top) ? 2 : 1;
    if (*state == 2) ct_value_note_cycle();
  }
  if (*state == 1 && ct_value_stack_low(depth)) {
    *state = 3;
    ct_value_note_too_deep();
  }
  if (*state >= 2) return NULL;
  switch (v->type) {
  case CT_STRING:
  case CT_BYTES: {
    ct_value *c = ct_string(a, v->s.ptr, v->s.len);
    c->type = v->type;
    c->is_nil = v->is_nil;
    c->gotype = v->gotype;
    return c;
  }
  case CT_LIST:
  case CT_STRLIST: {
    ct_value *c = ct_list_new(a, v->type, v->list->len);
    for (size_t i = 0; i < v->list->len; i++)
      c->list->items[i] = copy_value(a, v->list->items[i], depth + 1, top, state);
    c->list->len = v->list->len;
    c->is_nil = v->is_nil;
    c->gotype = v->gotype;
    return c;
  }
  case CT_MAP:
  case CT_STRMAP: {
    ct_value *c = ct_map_new(a, v->type, v->map->len);
    NOTE_READ(v->map);
    for (size_t i = 0; i < v->map->len; i++) {
      const ct_map_entry *e = &v->map->entries[i];
      ct_map_set(a, c, e->key.ptr, e->key.len, copy_value(a, e->value, depth + 1, top, state));
    }
    c->is_nil = v->is_nil;
    c->gotype = v->gotype;
    return c;
  }
  default: {
    ct_value *c = mk(a, v->type);
    *c = *v;
    return c;
  }
  }
}

static bool deep_equal(const ct_value *x, const ct_value *y, int depth);

bool ct_value_deep_equal(const ct_value *x, const ct_value *y) { return deep_equal(x, y, 0); }

static bool deep_equal(const ct_value *x, const ct_value *y, int depth) {
  if (!x || !y) return x == y;
  if (ct_value_stack_low(depth)) {
    ct_value_note_too_deep();
    return false;
  }
  if (x->type != y->type) return false;
  if (x->type != CT_OBJECT && (x->gotype != y->gotype || x->is_nil != y->is_nil)) return false;
  switch (x->type) {
  case CT_BOOL: return x->b == y->b;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: return x->i == y->i;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: return x->u == y->u;
  case CT_FLOAT64: return x->f == y->f;
  case CT_STRING:
  case CT_BYTES: return x->s.len == y->s.len && memcmp(x->s.ptr, y->s.ptr, x->s.len) == 0;
  case CT_LIST:
  case CT_STRLIST:
    if (x->list->len != y->list->len) return false;
    for (size_t i = 0; i < x->list->len; i++)
      if (!deep_equal(x->list->items[i], y->list->items[i], depth + 1)) return false;
    return true;
  case CT_MAP:
  case CT_STRMAP:
    if (x->map->len != y->map->len) return false;
    NOTE_READ(x->map);
    for (size_t i = 0; i < x->map->len; i++) {
      const ct_map_entry *e = &x->map->entries[i];
      ct_value *o;
      if (!ct_map_get(y, e->key.ptr, e->key.len, &o)) return false;
      if (!deep_equal(e->value, o, depth + 1)) return false;
    }
    return true;
  case CT_OBJECT: return x->obj.cls == y->obj.cls && x->obj.data == y->obj.data;
  }
  return false;
}
