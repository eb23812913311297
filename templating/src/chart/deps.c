/* deps.c — chartutil.ProcessDependenciesWithMerge (conditions, tags, aliases, import-values
 * incl. exports) on a view of the chart, and action.CheckDependencies. */
#include <string.h>

#include "chart/chart_int.h"
#include "chartctl/gofmt.h"
#include "chartctl/values.h"

int ct_chart_check_dependencies(const ct_chart *c) {
  if (!c->meta.deps) return CT_OK;
  ct_buf miss = CT_BUF_INIT;
  for (size_t i = 0; i < c->meta.ndeps; i++) {
    const ct_chart_dep *r = &c->meta.deps[i];
    bool found = false;
    for (size_t j = 0; j < c->ndeps && !found; j++)
      if (!strcmp(ct_chart_name(c->deps[j]), r->name)) found = true;
    if (!found) {
      if (miss.len) ct_buf_puts(&miss, ", ");
      ct_buf_puts(&miss, r->name);
    }
  }
  int rc = CT_OK;
  if (miss.len)
    rc = ct_error_set(CT_ENOTFOUND,
                      "An error occurred while checking for chart dependencies. You may need to run "
                      "`helm dependency build` to fetch missing dependencies: found in Chart.yaml, but "
                      "missing in charts/ directory: %s",
                      ct_buf_str(&miss));
  ct_buf_dispose(&miss);
  return rc;
}

/* Values.PathValue: true with *out when PATH names a non-table value */
static bool path_value(ct_value *v, const char *path, ct_value **out, ct_arena *a) {
  const char *dot = strrchr(path, '.');
  ct_value *t = v, *x = NULL;
  const char *key = path;
  if (dot) {
    const char *ek;
    char *tp = ct_arena_strndup(a, path, (size_t)(dot - path));
    t = ct_chart__values_table(v, tp, &ek, a);
    if (!t) return false;
    key = dot + 1;
  }
  if (!ct_map_get(t, key, strlen(key), &x)) return false;
  if (x && x->type == CT_MAP) return false;
  *out = x;
  return true;
}

static void process_tags(ct_chart_dep *reqs, size_t n, ct_value *cvals, FILE *warn, ct_arena *a) {
  const char *ek;
  ct_value *vt = ct_chart__values_table(cvals, "tags", &ek, a);
  if (!vt) return;
  for (size_t i = 0; i < n; i++) {
    ct_chart_dep *r = &reqs[i];
    bool has_true = false, has_false = false;
    for (size_t k = 0; k < r->ntags; k++) {
      ct_value *b = NULL;
      if (ct_map_get(vt, r->tags[k], strlen(r->tags[k]), &b)) {
        if (b && b->type == CT_BOOL) {
          if (b->b) has_true = true;
          else has_false = true;
        } else {
          ct_chart__logf(warn, "dependencies.go:94", "Warning: Tag '%s' for chart %s returned non-bool value",
                         r->tags[k], r->name);
        }
      }
    }
    if (!has_true && has_false) r->enabled = false;
    else if (has_true || (!has_true && !has_false)) r->enabled = true;
  }
}

static void process_conditions(ct_chart_dep *reqs, size_t n, ct_value *cvals, const char *cpath,
                               FILE *warn, ct_arena *a) {
  for (size_t i = 0; i < n; i++) {
    ct_chart_dep *r = &reqs[i];
    /* strings.Split(strings.TrimSpace(cond), ",") */
    const char *s = r->condition;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f') s++;
    size_t l = strlen(s);
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\n' || s[l - 1] == '\r' ||
                 s[l - 1] == '\v' || s[l - 1] == '\f'))
      l--;
    char *cond = ct_arena_strndup(a, s, l);
    char *p = cond;
    for (;;) {
      char *comma = strchr(p, ',');
      if (comma) *comma = 0;
      if (*p) {
        ct_value *vv = NULL;
        char *full = ct_arena_sprintf(a, "%s%s", cpath, p);
        if (path_value(cvals, full, &vv, a)) {
          if (vv && vv->type == CT_BOOL) {
            r->enabled = vv->b;
            break;
          }
          ct_chart__logf(warn, "dependencies.go:63",
                         "Warning: Condition path '%s' for chart %s returned non-bool value", p, r->name);
        }
      }
      if (!comma) break;
      p = comma + 1;
    }
  }
}

static ct_chart *get_alias_dependency(ct_arena *a, ct_chart **charts, size_t n, const ct_chart_dep *dep) {
  for (size_t i = 0; i < n; i++) {
    const ct_chart *c = charts[i];
    if (!c || strcmp(ct_chart_name(c), dep->name)) continue;
    if (!ct_chart__semver_in_range(dep->version, c->meta.version)) continue;
    ct_chart *out = ct_chart__clone_shallow(a, c);
    if (*dep->alias) out->meta.name = dep->alias;
    return out;
  }
  return NULL;
}

static int process_enabled(ct_arena *a, ct_chart *c, ct_value *v, const char *path, FILE *warn) {
  if (!c->meta.deps) return CT_OK;
  size_t nreq = c->meta.ndeps;
  ct_chart **cd = ct_arena_alloc(a, (c->ndeps + nreq + 1) * sizeof *cd);
  size_t ncd = 0;
  for (size_t i = 0; i < c->ndeps; i++) {
    ct_chart *ex = c->deps[i];
    bool matched = false;
    for (size_t j = 0; j < nreq && !matched; j++)
      if (c->meta.deps[j].name && !strcmp(ct_chart_name(ex), c->meta.deps[j].name) &&
          ct_chart__semver_in_range(c->meta.deps[j].version, ex->meta.version))
        matched = true;
    if (!matched) cd[ncd++] = ct_chart__clone_shallow(a, ex);
  }
  ct_chart_dep *reqs = ct_arena_alloc(a, (nreq + 1) * sizeof *reqs);
  memcpy(reqs, c->meta.deps, nreq * sizeof *reqs);
  for (size_t j = 0; j < nreq; j++) {
    ct_chart *ad = get_alias_dependency(a, c->deps, c->ndeps, &reqs[j]);
    if (ad) cd[ncd++] = ad;
    if (*reqs[j].alias) reqs[j].name = reqs[j].alias;
  }
  c->meta.deps = reqs;
  c->deps = cd;
  c->ndeps = ncd;
  for (size_t i = 0; i < ncd; i++) cd[i]->parent = c;
  for (size_t j = 0; j < nreq; j++) reqs[j].enabled = true;
  ct_value *cvals = NULL;
  int rc = ct_values_coalesce(&cvals, a, c, v, warn);
  if (rc < 0) return rc;
  process_tags(reqs, nreq, cvals, warn, a);
  process_conditions(reqs, nreq, cvals, path, warn, a);
  /* remove disabled charts */
  ct_chart **keep = ct_arena_alloc(a, (ncd + 1) * sizeof *keep);
  size_t nk = 0;
  for (size_t i = 0; i < ncd; i++) {
    bool rm = false;
    for (size_t j = 0; j < nreq && !rm; j++)
      if (!reqs[j].enabled && !strcmp(reqs[j].name, ct_chart_name(cd[i]))) rm = true;
    if (!rm) keep[nk++] = cd[i];
  }
  ct_chart_dep *kreq = ct_arena_alloc(a, (nreq + 1) * sizeof *kreq);
  size_t nkr = 0;
  for (size_t j = 0; j < nreq; j++) {
    bool rm = false;
    for (size_t q = 0; q < nreq && !rm; q++)
      if (!reqs[q].enabled && !strcmp(reqs[q].name, reqs[j].name)) rm = true;
    if (!rm) kreq[nkr++] = reqs[j];
  }
  for (size_t i = 0; i < nk; i++) {
    const char *sub = ct_arena_sprintf(a, "%s%s.", path, ct_chart_name(keep[i]));
    rc = process_enabled(a, keep[i], cvals, sub, warn);
    if (rc < 0) return rc;
  }
  c->meta.deps = kreq;
  c->meta.ndeps = nkr;
  c->deps = keep;
  c->ndeps = nk;
  return CT_OK;
}

/* path "a.b" → {a: {b: data}}; "." → data */
static ct_value *path_to_map(ct_arena *a, const char *path, ct_value *data) {
  if (!strcmp(path, ".")) return data;
  ct_value *cur = data;
  const char *end = path + strlen(path);
  while (end >= path) {
    const char *st = end;
    while (st > path && st[-1] != '.') st--;
    ct_value *m = ct_map_new(a, CT_MAP, 1);
    ct_map_set(a, m, st, (size_t)(end - st), cur);
    cur = m;
    if (st == path) break;
    end = st - 1;
  }
  return cur;
}

static int process_import_values(ct_arena *a, ct_chart *c, FILE *warn) {
  if (!c->meta.deps) return CT_OK;
  ct_value *cvals = ct_map_new(a, CT_MAP, 0);
  int rc = ct_chart__coalesce(a, c, cvals, "", true, warn);
  if (rc < 0) return rc;
  ct_value *b = ct_map_new(a, CT_MAP, 0);
  for (size_t i = 0; i < c->meta.ndeps; i++) {
    ct_chart_dep *r = &c->meta.deps[i];
    ct_value *outiv = NULL;
    if (!r->import_values) continue;
    outiv = ct_list_new(a, CT_LIST, r->import_values->list->len);
    for (size_t k = 0; k < r->import_values->list->len; k++) {
      ct_value *iv = r->import_values->list->items[k];
      if (iv && iv->type == CT_MAP) {
        ct_value *ch = ct_map_getc(iv, "child"), *pa = ct_map_getc(iv, "parent");
        if (!ch || ch->type != CT_STRING || !pa || pa->type != CT_STRING)
          return ct_error_set(CT_EINVAL, "import-values of dependency %s: child and parent must be strings",
                              r->name);
        ct_value *m = ct_map_new(a, CT_STRMAP, 2);
        ct_map_setc(a, m, "child", ch);
        ct_map_setc(a, m, "parent", pa);
        ct_list_push(a, outiv, m);
        const char *ek;
        ct_value *vv = ct_chart__values_table(cvals, ct_arena_sprintf(a, "%s.%s", r->name, ch->s.ptr), &ek, a);
        if (!vv) {
          ct_chart__logf(warn, "dependencies.go:269", "Warning: ImportValues missing table from chart %s: \"%s\" is not a table",
                         r->name, ek);
          continue;
        }
        ct_chart__coalesce_tables(a, b, path_to_map(a, pa->s.ptr, vv) /* shared, as Helm (aliasing is visible) */, "", true, warn);
      } else if (iv && iv->type == CT_STRING) {
        const char *child = ct_arena_sprintf(a, "exports.%s", iv->s.ptr);
        ct_value *m = ct_map_new(a, CT_STRMAP, 2);
        ct_map_setc(a, m, "child", ct_cstring(a, child));
        ct_map_setc(a, m, "parent", ct_cstring(a, "."));
        ct_list_push(a, outiv, m);
        const char *ek;
        ct_value *vm = ct_chart__values_table(cvals, ct_arena_sprintf(a, "%s.%s", r->name, child), &ek, a);
        if (!vm) {
          ct_chart__logf(warn, "dependencies.go:286", "Warning: ImportValues missing table: \"%s\" is not a table", ek);
          continue;
        }
        ct_chart__coalesce_tables(a, b, vm, "", true, warn);
      }
    }
    r->import_values = outiv;
  }
  /* Helm deep-copies cvals first: tables imported into b may be cvals' own, and the merge
   * must not tie the two together. With nothing imported the merge leaves cvals as it is,
   * and nothing else holds it: the copy would only untie tables that coalescing globals
   * shared within it, and every later reader of a chart's values copies what it takes. */
  if (ct_map_len(b) == 0) {
    c->values = cvals;
    return CT_OK;
  }
  cvals = ct_chart__copy(a, cvals);
  c->values = ct_chart__coalesce_tables(a, cvals, b, "", true, warn);
  return CT_OK;
}

static int process_imports(ct_arena *a, ct_chart *c, FILE *warn) {
  for (size_t i = 0; i < c->ndeps; i++) {
    int rc = process_imports(a, c->deps[i], warn);
    if (rc < 0) return rc;
  }
  return process_import_values(a, c, warn);
}

/* every chart of the view owned by the view (so parent links and aliases are consistent) */
static void own_tree(ct_arena *a, ct_chart *c) {
  ct_chart **d = ct_arena_alloc(a, (c->ndeps + 1) * sizeof *d);
  for (size_t i = 0; i < c->ndeps; i++) {
    ct_chart *x = c->deps[i];
    if (x->parent != c) {
      x = ct_chart__clone_shallow(a, x);
      x->parent = c;
    }
    d[i] = x;
    own_tree(a, x);
  }
  c->deps = d;
}

int ct_chart_process_dependencies(ct_chart **out, ct_arena *a, const ct_chart *c,
                                  const ct_value *user_values, FILE *warn) {
  ct_chart *top = ct_chart__clone_shallow(a, c);
  top->parent = NULL;
  ct_value *v = user_values ? (ct_value *)user_values : ct_map_new(a, CT_MAP, 0);
  int rc = process_enabled(a, top, v, "", warn);
  if (rc < 0) return rc;
  own_tree(a, top);
  rc = process_imports(a, top, warn);
  if (rc < 0) return rc;
  *out = top;
  return CT_OK;
}
