/* sc_resolve.c — dependency resolution of a chart's package.json as sextant does it (depth
 * first, newest patch of each X.Y, first occurrence wins), conflict checks, and the
 * package.json/package.lock files. */
#include <string.h>

#include "sc_int.h"

typedef struct state {
  ct_arena *a;
  const ct_sc_registry *r;
  ct_sc_resolved *v;
  size_t n, cap;
  int depth;
} state;

static const char *mod_id(ct_arena *a, const ct_sc_module *m) {
  return ct_arena_sprintf(a, "%s.%s:%s", m->ns, m->name, m->version);
}

static int fetch(state *s, const char *const *reqs, size_t nreqs, const ct_sc_module *root) {
  if (++s->depth > 1000) return ct_error_set(CT_EINVAL, "dependency chain too deep");
  for (size_t i = 0; i < nreqs; i++) {
    char *ns, *name, *ver;
    int rc = ct_scaffold__split_req(s->a, reqs[i], &ns, &name, &ver);
    if (rc) {
      if (root) ct_error_wrap(rc, "module %s", mod_id(s->a, root));
      return rc;
    }
    const ct_sc_module *m = ct_scaffold_registry_newest(s->r, ns, name, ver);
    if (!m) {
      if (root)
        return ct_error_set(CT_ENOTFOUND, "could not find the module %s (required by %s)", reqs[i],
                            mod_id(s->a, root));
      return ct_error_set(CT_ENOTFOUND, "could not find the module %s", reqs[i]);
    }
    bool seen = false;
    for (size_t k = 0; k < s->n && !seen; k++)
      seen = s->v[k].mod == m;
    if (seen) continue;
    if (s->n == s->cap) {
      size_t nc = s->cap ? s->cap * 2 : 16;
      s->v = ct_arena_realloc(s->a, s->v, s->cap * sizeof *s->v, nc * sizeof *s->v);
      s->cap = nc;
    }
    s->v[s->n].mod = m;
    s->v[s->n++].required_by = root ? mod_id(s->a, root) : NULL;
    rc = fetch(s, m->deps, m->ndeps, m);
    if (rc) return rc;
  }
  s->depth--;
  return CT_OK;
}

static const char *describe(ct_arena *a, const ct_sc_resolved *x) {
  return x->required_by
             ? ct_arena_sprintf(a, "%s (required by %s)", mod_id(a, x->mod), x->required_by)
             : ct_arena_sprintf(a, "%s (required by package.json)", mod_id(a, x->mod));
}

int ct_scaffold_resolve(ct_sc_resolution *out, ct_arena *a, const ct_sc_registry *r,
                        const char *const *reqs, size_t nreqs) {
  state s = {a, r, NULL, 0, 0, 0};
  out->items = NULL;
  out->n = 0;
  int rc = fetch(&s, reqs, nreqs, NULL);
  if (rc) return rc;
  for (size_t i = 0; i < s.n; i++)
    for (size_t k = i + 1; k < s.n; k++) {
      const ct_sc_module *x = s.v[i].mod, *y = s.v[k].mod;
      if (strcmp(x->ns, y->ns) || strcmp(x->name, y->name)) continue;
      if (x->major == y->major && x->minor == y->minor) continue;
      return ct_error_set(CT_ECONFLICT,
                          "dependency conflict: module %s is incompatible with module %s",
                          describe(a, &s.v[i]), describe(a, &s.v[k]));
    }
  out->items = s.v;
  out->n = s.n;
  return CT_OK;
}

void ct_scaffold_lock_format(ct_buf *out, const ct_sc_resolution *res) {
  if (res->n == 0) {
    ct_buf_puts(out, "[]");
    return;
  }
  ct_buf_puts(out, "[\n");
  for (size_t i = 0; i < res->n; i++) {
    const ct_sc_module *m = res->items[i].mod;
    ct_buf_puts(out, "    {\n        \"namespace\": ");
    ct_scaffold__json_pystr(out, m->ns);
    ct_buf_puts(out, ",\n        \"module\": ");
    ct_scaffold__json_pystr(out, m->name);
    ct_buf_puts(out, ",\n        \"version\": ");
    ct_scaffold__json_pystr(out, m->version);
    ct_buf_puts(out, i + 1 < res->n ? "\n    },\n" : "\n    }\n");
  }
  ct_buf_puts(out, "]");
}

void ct_scaffold_package_format(ct_buf *out, const char *const *reqs, size_t n) {
  if (n == 0) {
    ct_buf_puts(out, "[]");
    return;
  }
  ct_buf_puts(out, "[\n");
  for (size_t i = 0; i < n; i++) {
    ct_buf_puts(out, "    ");
    ct_scaffold__json_pystr(out, reqs[i]);
    ct_buf_puts(out, i + 1 < n ? ",\n" : "\n");
  }
  ct_buf_puts(out, "]");
}

int ct_scaffold_package_read(const char ***out, size_t *n, ct_arena *a, const char *path) {
  ct_value *v;
  int rc = ct_scaffold__json_load_file(&v, a, path);
  if (rc) return rc;
  if (!ct_is_list(v)) return ct_error_set(CT_EINVAL, "%s: expected a JSON list of modules", path);
  const char **reqs = ct_arena_alloc(a, (v->list->len + 1) * sizeof *reqs);
  for (size_t i = 0; i < v->list->len; i++) {
    reqs[i] = ct_scaffold__str(v->list->items[i]);
    if (!reqs[i]) return ct_error_set(CT_EINVAL, "%s: item %zu is not a string", path, i + 1);
  }
  *out = reqs;
  *n = v->list->len;
  return CT_OK;
}

int ct_scaffold_lock_read(ct_sc_resolution *out, ct_arena *a, const ct_sc_registry *r,
                          const char *path) {
  ct_value *v;
  int rc = ct_scaffold__json_load_file(&v, a, path);
  if (rc) return rc;
  if (!ct_is_list(v)) return ct_error_set(CT_EINVAL, "%s: expected a JSON list", path);
  out->items = ct_arena_alloc(a, (v->list->len + 1) * sizeof *out->items);
  out->n = 0;
  for (size_t i = 0; i < v->list->len; i++) {
    ct_value *e = v->list->items[i];
    const char *ns = ct_scaffold__str(ct_map_getc(e, "namespace"));
    const char *mod = ct_scaffold__str(ct_map_getc(e, "module"));
    const char *ver = ct_scaffold__str(ct_map_getc(e, "version"));
    if (!ns || !mod || !ver)
      return ct_error_set(CT_EINVAL, "%s: entry %zu needs namespace, module and version", path,
                          i + 1);
    const ct_sc_module *m = ct_scaffold_registry_exact(r, ns, mod, ver);
    if (!m)
      return ct_error_set(CT_ENOTFOUND, "%s: module %s.%s:%s is not in the modules folder", path,
                          ns, mod, ver);
    out->items[out->n].mod = m;
    out->items[out->n++].required_by = NULL;
  }
  return CT_OK;
}
