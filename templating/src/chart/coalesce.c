/* coalesce.c — chartutil.CoalesceValues / MergeValues as Helm 3.17 does them: chart defaults
 * under user values, subchart scoping, global propagation, null deletion, Helm's warnings. */
#include <string.h>

#include "chart/chart_int.h"
#include "chartctl/gofmt.h"
#include "chartctl/values.h"

void ct_chart__fmt_v(ct_buf *out, const ct_value *v) { ct_gofmt_value(out, v); }

ct_value *ct_chart__copy(ct_arena *a, const ct_value *v) {
  if (!v) return NULL;
  if (v->type == CT_MAP || v->type == CT_STRMAP) return ct_map_copy(a, v, ct_chart__copy);
  if (v->type == CT_LIST || v->type == CT_STRLIST) {
    ct_value *l = ct_list_new(a, v->type, v->list->len);
    for (size_t i = 0; i < v->list->len; i++) ct_list_push(a, l, ct_chart__copy(a, v->list->items[i]));
    return l;
  }
  return (ct_value *)v; /* scalars are immutable */
}

static bool istable(const ct_value *v) { return v && v->type == CT_MAP; }

static const char *concat(ct_arena *a, const char *p, const char *k) {
  if (!*p) return k;
  return ct_arena_sprintf(a, "%s.%s", p, k);
}

/* Where a table lies, for Helm's warnings: KEY under UP (the root: UP NULL, KEY the prefix
 * given). The dotted path is joined only when a warning prints it: coalescing walks every
 * table of every chart's values, and warns of almost none. */
typedef struct vpath {
  const struct vpath *up;
  const char *key;
} vpath;

static const char *vpath_str(ct_arena *a, const vpath *p) {
  return p->up ? concat(a, vpath_str(a, p->up), p->key) : p->key;
}

static void warn_v(FILE *w, const char *where, const char *pre, const char *key, const char *mid,
                   const ct_value *v) {
  ct_buf b = CT_BUF_INIT;
  ct_chart__fmt_v(&b, v);
  ct_chart__logf(w, where, "%s%s%s%s)", pre, key, mid, ct_buf_str(&b));
  ct_buf_dispose(&b);
}

/* COPY: SRC is a chart's own values (Helm coalesces a deep copy of them), so what is taken
 * from it into DST is copied as it is taken; else SRC's tables go into DST as they are (Helm
 * shares them there too). */
static ct_value *coalesce_tables(ct_arena *a, ct_value *dst, ct_value *src, const vpath *at,
                                 bool merge, bool copy, FILE *warn) {
  if (!src) return dst;
  if (!dst) return copy ? ct_chart__copy(a, src) : src;
  size_t n;
  const ct_map_entry *e = ct_map_entries(src, &n);
  if (!copy && n) {
    /* snapshot: dst may be src's alias in pathological cases (a chart's values never are) */
    ct_map_entry *snap = ct_arena_alloc(a, n * sizeof *snap);
    memcpy(snap, e, n * sizeof *snap);
    e = snap;
  }
  for (size_t i = 0; i < n; i++) {
    const char *key = e[i].key.ptr;
    size_t kl = e[i].key.len;
    ct_value *val = e[i].value, *dv = NULL;
    bool ok = ct_map_get(dst, key, kl, &dv);
    if (ok && !merge && !dv) {
      ct_map_delete(dst, key, kl);
    } else if (!ok) {
      ct_map_set(a, dst, key, kl, copy ? ct_chart__copy(a, val) : val);
    } else if (istable(val)) {
      vpath fk = {at, key};
      if (istable(dv))
        coalesce_tables(a, dv, val, &fk, merge, copy, warn);
      else
        warn_v(warn, "coalesce.go:298", "warning: cannot overwrite table with non table for ",
               vpath_str(a, &fk), " (", val);
    } else if (istable(dv) && val) {
      vpath fk = {at, key};
      warn_v(warn, "coalesce.go:301", "warning: destination for ", vpath_str(a, &fk),
             " is a table. Ignoring non-table value (", val);
    }
  }
  return dst;
}

ct_value *ct_chart__coalesce_tables(ct_arena *a, ct_value *dst, ct_value *src, const char *prefix,
                                    bool merge, FILE *warn) {
  vpath root = {NULL, prefix};
  return coalesce_tables(a, dst, src, &root, merge, false, warn);
}

static bool child_chart(const ct_chart *c, const char *key) {
  for (size_t i = 0; i < c->ndeps; i++)
    if (!strcmp(ct_chart_name(c->deps[i]), key)) return true;
  return false;
}

static void coalesce_values(ct_arena *a, const ct_chart *c, ct_value *v, const vpath *at,
                            bool merge, FILE *warn) {
  vpath sub = {at, ct_chart_name(c)};
  /* Helm walks a deep copy of the chart's values; here each part taken into V is copied as
   * it is taken, and parts V overrides are never copied. V never holds the chart's own
   * tables (all it takes from them are copies), so they do not change under the walk. */
  const ct_value *vc = c->values;
  if (!vc) return;
  size_t n;
  const ct_map_entry *e = ct_map_entries(vc, &n);
  for (size_t i = 0; i < n; i++) {
    const char *key = e[i].key.ptr;
    size_t kl = e[i].key.len;
    ct_value *val = e[i].value, *value = NULL;
    if (ct_map_get(v, key, kl, &value)) {
      if (!value && !merge) {
        ct_map_delete(v, key, kl);
      } else if (istable(value)) {
        if (!istable(val)) {
          if (val)
            ct_chart__logf(warn, "coalesce.go:237",
                           "warning: skipped value for %s.%s: Not a table.", vpath_str(a, &sub),
                           key);
        } else {
          bool m2 = child_chart(c, key) ? true : merge;
          vpath fk = {&sub, key};
          coalesce_tables(a, value, val, &fk, m2, true, warn);
        }
      }
    } else {
      ct_map_set(a, v, key, kl, ct_chart__copy(a, val));
    }
  }
}

static void coalesce_globals(ct_arena *a, ct_value *dest, ct_value *src, const vpath *at,
                             FILE *warn) {
  ct_value *dg = NULL, *sg = NULL, *x = NULL;
  if (!ct_map_get(dest, "global", 6, &x)) {
    dg = ct_map_new(a, CT_MAP, 4);
  } else if (!istable(x)) {
    ct_chart__logf(warn, "coalesce.go:139", "warning: skipping globals because destination global is not a table.");
    return;
  } else {
    dg = x;
  }
  if (!ct_map_get(src, "global", 6, &x)) {
    sg = ct_map_new(a, CT_MAP, 0);
  } else if (!istable(x)) {
    ct_chart__logf(warn, "coalesce.go:145", "warning: skipping globals because source global is not a table.");
    return;
  } else {
    sg = x;
  }
  size_t n;
  const ct_map_entry *e = ct_map_entries(sg, &n);
  for (size_t i = 0; i < n; i++) {
    const char *key = e[i].key.ptr;
    size_t kl = e[i].key.len;
    ct_value *val = e[i].value, *destv = NULL;
    if (istable(val)) {
      /* copyMap: shallow */
      size_t m;
      const ct_map_entry *ve = ct_map_entries(val, &m);
      ct_value *vv = ct_map_new(a, CT_MAP, m);
      for (size_t j = 0; j < m; j++) ct_map_set(a, vv, ve[j].key.ptr, ve[j].key.len, ve[j].value);
      if (!ct_map_get(dg, key, kl, &destv)) {
        ct_map_set(a, dg, key, kl, vv);
      } else if (!istable(destv)) {
        ct_buf q = CT_BUF_INIT;
        ct_gofmt_quote(&q, key, kl);
        ct_chart__logf(warn, "coalesce.go:161", "Conflict: cannot merge map onto non-map for %s. Skipping.", ct_buf_str(&q));
        ct_buf_dispose(&q);
      } else {
        vpath fk = {at, key};
        coalesce_tables(a, vv, destv, &fk, true, false, warn);
        ct_map_set(a, dg, key, kl, vv);
      }
    } else if (ct_map_get(dg, key, kl, &destv) && istable(destv)) {
      ct_chart__logf(warn, "coalesce.go:171", "key %s is table. Skipping", key);
    } else {
      ct_map_set(a, dg, key, kl, val);
    }
  }
  ct_map_setc(a, dest, "global", dg);
}

static int coalesce(ct_arena *a, const ct_chart *c, ct_value *dest, const vpath *at, bool merge,
                    FILE *warn);

static int coalesce_deps(ct_arena *a, const ct_chart *c, ct_value *dest, const vpath *at,
                         bool merge, FILE *warn) {
  for (size_t i = 0; i < c->ndeps; i++) {
    const ct_chart *sc = c->deps[i];
    const char *nm = ct_chart_name(sc);
    ct_value *cur = NULL;
    if (!ct_map_get(dest, nm, strlen(nm), &cur)) {
      cur = ct_map_new(a, CT_MAP, 4);
      ct_map_setc(a, dest, nm, cur);
    } else if (!istable(cur)) {
      ct_buf b = CT_BUF_INIT;
      ct_value *args[1] = {cur};
      ct_gofmt_sprintf(&b, "%t", 2, args, 1);
      int rc = ct_error_set(CT_EINVAL, "type mismatch on %s: %s", nm, ct_buf_str(&b));
      ct_buf_dispose(&b);
      return rc;
    }
    vpath sp = {at, ct_chart_name(c)};
    coalesce_globals(a, cur, dest, &sp, warn);
    int rc = coalesce(a, sc, cur, &sp, merge, warn);
    if (rc < 0) return rc;
  }
  return CT_OK;
}

static int coalesce(ct_arena *a, const ct_chart *c, ct_value *dest, const vpath *at, bool merge,
                    FILE *warn) {
  coalesce_values(a, c, dest, at, merge, warn);
  return coalesce_deps(a, c, dest, at, merge, warn);
}

int ct_chart__coalesce(ct_arena *a, const ct_chart *c, ct_value *dest, const char *prefix,
                       bool merge, FILE *warn) {
  vpath root = {NULL, prefix};
  return coalesce(a, c, dest, &root, merge, warn);
}

int ct_values_coalesce(ct_value **out, ct_arena *a, const ct_chart *c, const ct_value *user_values,
                       FILE *warn) {
  ct_value *v = user_values ? ct_chart__copy(a, user_values) : NULL;
  if (!v) v = ct_map_new(a, CT_MAP, 0);
  int rc = ct_chart__coalesce(a, c, v, "", false, warn);
  if (rc < 0) return rc;
  *out = v;
  return CT_OK;
}

ct_value *ct_chart__values_table(ct_value *v, const char *path, const char **errkey, ct_arena *a) {
  ct_value *t = v;
  const char *p = path;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t l = dot ? (size_t)(dot - p) : strlen(p);
    ct_value *x = NULL;
    if (!t || !ct_map_get(t, p, l, &x) || !istable(x)) {
      *errkey = ct_arena_strndup(a, p, l);
      return NULL;
    }
    t = x;
    if (!dot) return t;
    p = dot + 1;
  }
}
