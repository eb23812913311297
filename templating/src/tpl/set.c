/* set.c — template sets (Go's common template map: named trees, delimiters, function tables
 * with builtins underneath), overlays for Helm's tpl, signature strings; the stack budget is
 * core's (stack.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/stack.h"
#include "tpl/tpl_int.h"

/* ---- name hashing ---- */
static uint64_t hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ULL;
  }
  return h;
}

/* ---- function maps ---- */
static ct_tpl__fentry *fmap_slot(ct_tpl__fmap *m, const char *name, size_t len) {
  size_t mask = m->cap - 1;
  for (size_t i = hash(name, len) & mask;; i = (i + 1) & mask) {
    ct_tpl__fentry *e = &m->slots[i];
    if (!e->name || (e->nlen == len && memcmp(e->name, name, len) == 0)) return e;
  }
}

static const ct_tpl__fentry *fmap_get(const ct_tpl__fmap *m, const char *name, size_t len) {
  if (!m->cap) return NULL;
  const ct_tpl__fentry *e = fmap_slot((ct_tpl__fmap *)m, name, len);
  return e->name ? e : NULL;
}

/* Grows M so that it holds WANT entries at most half full. */
/* Slots come from A when given (a set's table: mapped zeroed, no clearing), else malloc. */
static void fmap_reserve(ct_tpl__fmap *m, size_t want, ct_arena *a) {
  if (want * 2 <= m->cap) return;
  size_t nc = m->cap ? m->cap : 64;
  while (want * 2 > nc) nc *= 2;
  ct_tpl__fentry *old = m->slots;
  size_t oc = m->cap;
  bool old_in_arena = m->in_arena;
  m->slots = a ? ct_arena_alloc(a, nc * sizeof *m->slots) : calloc(nc, sizeof *m->slots);
  if (!m->slots) abort();
  m->in_arena = a != NULL;
  m->cap = nc;
  m->n = 0;
  for (size_t i = 0; i < oc; i++)
    if (old[i].name) {
      *fmap_slot(m, old[i].name, old[i].nlen) = old[i];
      m->n++;
    }
  if (!old_in_arena) free(old);
}

static void fmap_put(ct_tpl__fmap *m, const ct_tpl__fentry *ent, ct_arena *a) {
  fmap_reserve(m, m->n + 1, a);
  ct_tpl__fentry *e = fmap_slot(m, ent->name, ent->nlen);
  if (!e->name) m->n++;
  *e = *ent;
}

/* ---- builtins ---- */
static const struct {
  const char *name;
  ct_tpl__builtin id;
  const char *sig;
} builtin_defs[] = {
    {"and", B_AND, "value,...value->value"},
    {"call", B_CALL, "value,...value->value,error"},
    {"html", B_HTML, "...any->string"},
    {"index", B_INDEX, "value,...value->value,error"},
    {"slice", B_SLICE, "value,...value->value,error"},
    {"js", B_JS, "...any->string"},
    {"len", B_LEN, "value->int,error"},
    {"not", B_NOT, "value->bool"},
    {"or", B_OR, "value,...value->value"},
    {"print", B_PRINT, "...any->string"},
    {"printf", B_PRINTF, "string,...any->string"},
    {"println", B_PRINTLN, "...any->string"},
    {"urlquery", B_URLQUERY, "...any->string"},
    {"eq", B_EQ, "value,...value->bool,error"},
    {"ge", B_GE, "value,value->bool,error"},
    {"gt", B_GT, "value,value->bool,error"},
    {"le", B_LE, "value,value->bool,error"},
    {"lt", B_LT, "value,value->bool,error"},
    {"ne", B_NE, "value,value->bool,error"},
};

static ct_tpl__fmap builtins;
static pthread_once_t builtins_once = PTHREAD_ONCE_INIT;

static ct_tpl__sig builtin_sigs[sizeof builtin_defs / sizeof builtin_defs[0]];

static void init_builtins(void) {
  for (size_t i = 0; i < sizeof builtin_defs / sizeof builtin_defs[0]; i++) {
    if (!ct_tpl__parse_sig(&builtin_sigs[i], builtin_defs[i].sig)) abort();
    ct_tpl__fentry e = {.name = builtin_defs[i].name,
                        .sig = &builtin_sigs[i],
                        .nlen = (uint32_t)strlen(builtin_defs[i].name),
                        .builtin = builtin_defs[i].id};
    fmap_put(&builtins, &e, NULL);
  }
}

unsigned ct_tpl__func_gen = 1;
static _Atomic uint64_t last_lookup_key; /* keys start at 1: a node's zeroed cache matches none */

uint64_t ct_tpl__lookup_key(ct_tpl_set *s) {
  if (!s->lookup_key || s->lookup_gen != ct_tpl__func_gen) {
    s->lookup_key = ++last_lookup_key;
    s->lookup_gen = ct_tpl__func_gen;
  }
  return s->lookup_key;
}

/* A table function's signature, parsed the first time the function is looked up (a set
 * registers a few hundred functions; a chart calls a few dozen). */
static const ct_tpl__fentry *sig_ready(const ct_tpl__fentry *ce, ct_arena *a) {
  ct_tpl__fentry *e = (ct_tpl__fentry *)ce; /* the set's own table, written by its thread */
  ct_tpl__sig *sig = ct_arena_alloc(a, sizeof *sig);
  if (!ct_tpl__parse_sig(sig, e->fn->sig)) {
    /* an unreadable signature takes anything */
    sig->nparams = 1;
    sig->ptypes[0] = PT_ANY;
    sig->variadic = true;
    sig->ret_error = true;
  }
  e->sig = sig;
  return e;
}

const ct_tpl__fentry *ct_tpl__find_func(const ct_tpl_set *s, const char *name, size_t len) {
  for (const ct_tpl_set *x = s; x; x = x->parent) {
    const ct_tpl__fentry *e = fmap_get(&x->funcs, name, len);
    if (e) return e->sig ? e : sig_ready(e, x->arena);
  }
  pthread_once(&builtins_once, init_builtins);
  return fmap_get(&builtins, name, len);
}

/* ---- signatures ---- */
static const struct {
  const char *name;
  int pt;
} ptype_names[] = {
    {"any", PT_ANY},
    {"interface{}", PT_ANY},
    {"value", PT_VALUE},
    {"string", PT_STRING},
    {"int", PT_INT},
    {"int64", PT_INT64},
    {"float64", PT_FLOAT64},
    {"bool", PT_BOOL},
    {"[]any", PT_LIST},
    {"[]interface{}", PT_LIST},
    {"[]string", PT_STRLIST},
    {"map[string]any", PT_MAP},
    {"map[string]interface{}", PT_MAP},
    {"map[string]string", PT_STRMAP},
    {"bytes", PT_BYTES},
    {"[]byte", PT_BYTES},
    {"[]uint8", PT_BYTES},
    {"time.Duration", PT_GO_DURATION},
    {"time.Time", PT_GO_TIME},
    {"*time.Location", PT_GO_LOCATION},
    {"*semver.Version", PT_GO_SEMVER},
};

static int ptype_of(const char *s, size_t n) {
  for (size_t i = 0; i < sizeof ptype_names / sizeof ptype_names[0]; i++)
    if (strlen(ptype_names[i].name) == n && memcmp(ptype_names[i].name, s, n) == 0) return ptype_names[i].pt;
  return 0;
}

const char *ct_tpl__ptype_name(int pt) {
  switch (pt) {
  case PT_ANY: return "interface {}";
  case PT_VALUE: return "reflect.Value";
  case PT_STRING: return "string";
  case PT_INT: return "int";
  case PT_INT64: return "int64";
  case PT_FLOAT64: return "float64";
  case PT_BOOL: return "bool";
  case PT_LIST: return "[]interface {}";
  case PT_STRLIST: return "[]string";
  case PT_MAP: return "map[string]interface {}";
  case PT_STRMAP: return "map[string]string";
  case PT_BYTES: return "[]uint8";
  case PT_GO_DURATION: return "time.Duration";
  case PT_GO_TIME: return "time.Time";
  case PT_GO_LOCATION: return "*time.Location";
  case PT_GO_SEMVER: return "*semver.Version";
  default: return "?";
  }
}

bool ct_tpl__parse_sig(ct_tpl__sig *out, const char *sig) {
  memset(out, 0, sizeof *out);
  if (!sig) return false;
  const char *arrow = strstr(sig, "->");
  if (!arrow) return false;
  const char *p = sig;
  while (p < arrow) {
    const char *e = p;
    while (e < arrow && *e != ',') e++;
    const char *t = p;
    size_t tn = (size_t)(e - p);
    while (tn && *t == ' ') {
      t++;
      tn--;
    }
    while (tn && t[tn - 1] == ' ') tn--;
    if (tn) {
      bool var = tn > 3 && memcmp(t, "...", 3) == 0;
      if (var) {
        t += 3;
        tn -= 3;
      }
      int pt = ptype_of(t, tn);
      if (!pt || out->nparams >= CT_TPL_MAXPARAMS || out->variadic) return false;
      out->ptypes[out->nparams++] = (unsigned char)pt;
      out->variadic = var;
    }
    p = e < arrow ? e + 1 : e;
  }
  const char *r = arrow + 2;
  const char *comma = strchr(r, ',');
  if (comma && strstr(comma, "error")) out->ret_error = true;
  for (const char *q = r; *q;) { /* results: count them, keep the second's type */
    const char *e = strchr(q, ',');
    size_t n = e ? (size_t)(e - q) : strlen(q);
    if (n && out->nresults < 255 && ++out->nresults == 2) {
      out->ret2 = q;
      out->ret2len = (unsigned char)(n < 255 ? n : 255);
    }
    q += n + (e ? 1 : 0);
  }
  return true;
}

/* ---- template maps ---- */
static ct_tpl__tree **tmap_slot(ct_tpl__tmap *m, const char *name) {
  size_t mask = m->cap - 1;
  for (size_t i = hash(name, strlen(name)) & mask;; i = (i + 1) & mask) {
    ct_tpl__tree **e = &m->slots[i];
    if (!*e || strcmp((*e)->name, name) == 0) return e;
  }
}

static void tmap_put(ct_tpl__tmap *m, ct_tpl__tree *t) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t nc = m->cap ? m->cap * 2 : 64;
    ct_tpl__tree **old = m->slots;
    size_t oc = m->cap;
    m->slots = calloc(nc, sizeof *m->slots);
    if (!m->slots) abort();
    m->cap = nc;
    m->n = 0;
    for (size_t i = 0; i < oc; i++)
      if (old[i]) {
        *tmap_slot(m, old[i]->name) = old[i];
        m->n++;
      }
    free(old);
  }
  ct_tpl__tree **e = tmap_slot(m, t->name);
  if (!*e) m->n++;
  *e = t;
}

ct_tpl__tree *ct_tpl__lookup(const ct_tpl_set *s, const char *name) {
  for (const ct_tpl_set *x = s; x; x = x->parent) {
    if (!x->tmpls.cap) continue;
    ct_tpl__tree *t = *tmap_slot((ct_tpl__tmap *)&x->tmpls, name);
    if (t && !t->root && t->lazy) ct_tpl__materialize(x->arena, (ct_tpl__slab *)&x->slab, t);
    if (t) return t;
  }
  return NULL;
}

void ct_tpl__associate(ct_tpl_set *s, ct_tpl__tree *tree) {
  /* no lookup: it would decode a lazy tree this may replace */
  const ct_tpl__tree *old = NULL;
  for (const ct_tpl_set *x = s; x && !old; x = x->parent)
    if (x->tmpls.cap) old = *tmap_slot((ct_tpl__tmap *)&x->tmpls, tree->name);
  if (old && ct_tpl__tree_empty(tree) && (old->root || old->lazy)) return;
  tmap_put(&s->tmpls, tree);
}

/* ---- public ---- */
ct_tpl_set *ct_tpl_set_new(void) {
  ct_tpl_set *s = calloc(1, sizeof *s);
  if (!s) abort();
  s->arena = ct_arena_new();
  s->name = "";
  return s;
}

ct_tpl_set *ct_tpl_set_overlay(ct_tpl_set *parent) {
  ct_tpl_set *s = calloc(1, sizeof *s);
  if (!s) abort();
  /* constants parsed into the overlay (strings, numbers) may end up in values that outlive
   * it (Sprig's set on .Values inside tpl): they live in the root set's arena */
  s->arena = parent->arena;
  s->borrowed_arena = true;
  s->parent = parent;
  s->ldelim = parent->ldelim;
  s->rdelim = parent->rdelim;
  s->name = parent->name;
  return s;
}

void ct_tpl_set_free(ct_tpl_set *s) {
  if (!s) return;
  if (!s->funcs.in_arena) free(s->funcs.slots);
  free(s->tmpls.slots);
  if (!s->borrowed_arena) ct_arena_free(s->arena);
  free(s);
}

void ct_tpl_set_funcs(ct_tpl_set *s, const ct_func *funcs, size_t n) {
  ct_tpl__func_gen++;
  fmap_reserve(&s->funcs, s->funcs.n + n, s->arena);
  for (size_t i = 0; i < n; i++) {
    ct_tpl__fentry e = {.name = funcs[i].name,
                        .fn = &funcs[i],
                        .nlen = (uint32_t)strlen(funcs[i].name),
                        .builtin = B_NONE};
    fmap_put(&s->funcs, &e, s->arena);
  }
}

void ct_tpl_set_direct(ct_tpl_set *s, const ct_func_direct *d, size_t n) {
  for (size_t i = 0; i < n && s->ndirect < CT_TPL__DIRECT_MAX; i++) {
    const ct_tpl__fentry *e = fmap_get(&s->funcs, d[i].name, strlen(d[i].name));
    if (e && e->fn) s->direct[s->ndirect++] = (ct_tpl__direct){e->fn, d[i].print, d[i].filter};
  }
}

const ct_tpl__direct *ct_tpl__direct_of(const ct_tpl_set *s, const ct_tpl__fentry *f) {
  if (!f->fn) return NULL;
  for (; s; s = s->parent)
    for (size_t i = 0; i < s->ndirect; i++)
      if (s->direct[i].fn == f->fn) return &s->direct[i];
  return NULL;
}

void ct_tpl_set_delims(ct_tpl_set *s, const char *left, const char *right) {
  /* a NULL or "" side means the default, as Go's Delims */
  s->ldelim = left && *left ? ct_arena_strdup(s->arena, left) : NULL;
  s->rdelim = right && *right ? ct_arena_strdup(s->arena, right) : NULL;
}

void ct_tpl_set_name(ct_tpl_set *s, const char *name) {
  s->name = ct_arena_strdup(s->arena, name ? name : "");
}

bool ct_tpl_has(const ct_tpl_set *s, const char *name) {
  ct_tpl__tree *t = ct_tpl__lookup(s, name);
  return t && t->root;
}

bool ct_tpl_text_only(const ct_tpl_set *s, const char *name, const char **text, size_t *len) {
  ct_tpl__tree *t = ct_tpl__lookup(s, name);
  if (!t || !t->root || t->root->type != N_LIST) return false;
  const ct_tpl__nlist *l = &t->root->list;
  if (l->n == 0) {
    *text = "";
    *len = 0;
    return true;
  }
  if (l->n != 1 || l->items[0]->type != N_TEXT) return false;
  *text = l->items[0]->text.s;
  *len = l->items[0]->text.len;
  return true;
}

size_t ct_tpl__stack_left(void) { return ct_stack_left(); }
