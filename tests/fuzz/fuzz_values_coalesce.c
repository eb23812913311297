/* fuzz_values_coalesce.c — libFuzzer target: Helm's values preparation (ProcessDependencies:
 * conditions, tags, aliases, import-values; CoalesceValues: subchart scoping, globals, null
 * deletion) on arbitrary values files and dependency lists, for a chart p with subcharts a
 * and b, b with its own subchart c. The input is six parts separated by NUL bytes: lines
 * added to p's Chart.yaml (its dependencies), then the values of p, a, b and c, then the
 * user's values. Beyond not crashing, a successful preparation must share no table with any
 * chart's values: changing every table of the result leaves the charts' values as they were
 * loaded, and preparing again gives the same values. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/buf.h"
#include "chartctl/chart.h"
#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "chartctl/values.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { PARTS = 6, MAX_DEPTH = 64 };

static const char *const DEFAULT_DEPS = "dependencies:\n- name: a\n  version: 0.1.0\n"
                                        "- name: b\n  version: 0.2.0\n";

static ct_chart *chart(ct_arena *a, const char *yaml, size_t len, const char *values, size_t vlen) {
  ct_chart *c = ct_arena_alloc(a, sizeof *c);
  c->arena = a;
  if (ct_chart_parse_metadata(&c->meta, a, yaml, len) != CT_OK) return NULL;
  ct_buf err = CT_BUF_INIT;
  int rc = ct_yaml_parse_values(&c->values, a, values, vlen, &err);
  ct_buf_dispose(&err);
  return rc == 0 ? c : NULL;
}

static void add_dep(ct_arena *a, ct_chart *parent, ct_chart *sub) {
  ct_chart **d = ct_arena_alloc(a, (parent->ndeps + 1) * sizeof *d);
  if (parent->ndeps) memcpy(d, parent->deps, parent->ndeps * sizeof *d);
  d[parent->ndeps++] = sub;
  parent->deps = d;
  sub->parent = parent;
}

/* The values as YAML, or "" when they cannot be emitted (the same both times either way). */
static char *yaml_of(ct_arena *a, const ct_value *v) {
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  char *s = ct_arena_strdup(a, ct_yaml_emit(&out, v, &err) == 0 ? ct_buf_str(&out) : "");
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  return s;
}

/* Adds a key to every table under V (tables reached twice are changed twice, harmlessly). */
static void mutate_tables(ct_arena *a, ct_value *v, int depth) {
  if (!v || depth > MAX_DEPTH) return;
  if (v->type == CT_MAP) {
    size_t n;
    const ct_map_entry *e = ct_map_entries(v, &n);
    for (size_t i = 0; i < n; i++)
      mutate_tables(a, e[i].value, depth + 1);
    ct_map_setc(a, v, "\x01mutated", ct_cstring(a, "yes"));
  } else if (v->type == CT_LIST && v->list) {
    for (size_t i = 0; i < v->list->len; i++)
      mutate_tables(a, v->list->items[i], depth + 1);
  }
}

static char *prepare(ct_arena *a, ct_chart *top, const ct_value *user, FILE *warn,
                     ct_value **values) {
  ct_release_opts rel = {.name = "r", .namespace = "default", .revision = 1, .is_install = true};
  ct_chart *view = NULL;
  ct_value *rtop = NULL;
  if (ct_values_prepare(&view, &rtop, a, top, user, &rel, warn) != CT_OK) return NULL;
  *values = ct_map_getc(rtop, "Values");
  return yaml_of(a, *values);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *part[PARTS] = {""};
  size_t plen[PARTS] = {0};
  const char *p = (const char *)data, *end = p + size;
  for (int i = 0; i < PARTS; i++) {
    const char *nul = memchr(p, 0, (size_t)(end - p));
    const char *stop = i < PARTS - 1 && nul ? nul : end;
    part[i] = p;
    plen[i] = (size_t)(stop - p);
    p = stop < end ? stop + 1 : end;
  }
  ct_arena *a = ct_arena_new();
  FILE *warn = fopen("/dev/null", "w");
  ct_buf py = CT_BUF_INIT;
  ct_buf_puts(&py, "apiVersion: v2\nname: p\nversion: 1.0.0\n");
  if (plen[0])
    ct_buf_put(&py, part[0], plen[0]);
  else
    ct_buf_puts(&py, DEFAULT_DEPS);
  static const char by[] = "apiVersion: v2\nname: b\nversion: 0.2.0\ndependencies:\n"
                           "- name: c\n  version: 0.3.0\n  condition: c.enabled\n";
  ct_chart *top = chart(a, py.ptr, py.len, part[1], plen[1]);
  ct_chart *ca = chart(a, "apiVersion: v2\nname: a\nversion: 0.1.0\n", 38, part[2], plen[2]);
  ct_chart *cb = chart(a, by, sizeof by - 1, part[3], plen[3]);
  ct_chart *cc = chart(a, "apiVersion: v2\nname: c\nversion: 0.3.0\n", 38, part[4], plen[4]);
  ct_value *user = NULL;
  ct_buf err = CT_BUF_INIT;
  bool user_ok = ct_yaml_parse_values(&user, a, part[5], plen[5], &err) == 0;
  ct_buf_dispose(&err);
  if (top && ca && cb && cc && user_ok) {
    add_dep(a, top, ca);
    add_dep(a, top, cb);
    add_dep(a, cb, cc);
    ct_chart *all[] = {top, ca, cb, cc};
    char *loaded[4];
    for (int i = 0; i < 4; i++)
      loaded[i] = yaml_of(a, all[i]->values);
    ct_value *vals = NULL, *again = NULL;
    char *first = prepare(a, top, user, warn, &vals);
    if (first) {
      mutate_tables(a, vals, 0);
      for (int i = 0; i < 4; i++)
        if (strcmp(yaml_of(a, all[i]->values), loaded[i])) abort(); /* a chart's values changed */
      char *second = prepare(a, top, user, warn, &again);
      if (!second || strcmp(first, second)) abort(); /* the first render leaked into the second */
    }
  }
  ct_buf_dispose(&py);
  if (warn) fclose(warn);
  ct_arena_free(a);
  ct_error_clear();
  return 0;
}
