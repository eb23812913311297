/* render_test.h — charts built in memory for the engine's tests: templates from strings, a
 * top-level scope with .Release and .Values, and a rendered file found by name. */
#ifndef CT_TEST_RENDER_TEST_H
#define CT_TEST_RENDER_TEST_H
#include <string.h>

#include "chartctl/render.h"

typedef struct tfile {
  const char *name, *text;
} tfile;

static inline ct_chart *mk_chart(ct_arena *a, const char *name, const tfile *t, size_t n,
                                 ct_chart *parent) {
  ct_chart *c = ct_arena_alloc(a, sizeof *c);
  c->arena = a;
  c->meta.name = name;
  c->meta.version = "0.1.0";
  c->meta.api_version = "v2";
  c->meta.type = "";
  c->templates = ct_arena_alloc(a, (n + 1) * sizeof *c->templates);
  for (size_t i = 0; i < n; i++) {
    c->templates[i].name = t[i].name;
    c->templates[i].data = t[i].text;
    c->templates[i].len = strlen(t[i].text);
  }
  c->ntemplates = n;
  c->values = ct_map_new(a, CT_MAP, 0);
  c->parent = parent;
  if (parent) {
    parent->deps = ct_arena_realloc(a, parent->deps, parent->ndeps * sizeof *parent->deps,
                                    (parent->ndeps + 1) * sizeof *parent->deps);
    parent->deps[parent->ndeps++] = c;
  }
  return c;
}

static inline ct_value *top_for(ct_arena *a, ct_value *values) {
  ct_value *top = ct_map_new(a, CT_MAP, 4);
  ct_value *rel = ct_map_new(a, CT_MAP, 4);
  ct_map_setc(a, rel, "Name", ct_cstring(a, "rel"));
  ct_map_setc(a, rel, "Namespace", ct_cstring(a, "ns"));
  ct_map_setc(a, top, "Release", rel);
  ct_map_setc(a, top, "Values", values);
  return top;
}

static inline const char *find(const ct_rendered *r, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(r[i].name, name)) return r[i].text;
  return NULL;
}

/* The include memo's tests' .Values: x "one", names [zeta alpha mid] (a list of type
 * NAMES_TYPE: CT_LIST as YAML gives, CT_STRLIST for sortAlpha's in-place sort), nested {k v}. */
static inline ct_value *memo_values(ct_arena *a, ct_type names_type) {
  ct_value *v = ct_map_new(a, CT_MAP, 4);
  ct_map_setc(a, v, "x", ct_cstring(a, "one"));
  ct_value *names = ct_list_new(a, names_type, 3);
  ct_list_push(a, names, ct_cstring(a, "zeta"));
  ct_list_push(a, names, ct_cstring(a, "alpha"));
  ct_list_push(a, names, ct_cstring(a, "mid"));
  ct_map_setc(a, v, "names", names);
  ct_value *nested = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, nested, "k", ct_cstring(a, "v"));
  ct_map_setc(a, v, "nested", nested);
  return v;
}

#endif
