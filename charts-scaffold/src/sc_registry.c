/* sc_registry.c — the modules folder as sextant reads it: each folder with a module.json is a
 * namespace, each NAME_X.Y.Z.tpl in it a module version whose dependencies module.json gives. */
#include <stdlib.h>
#include <string.h>

#include "sc_int.h"

int ct_scaffold__parse_version(const char *s, int v[3]) {
  int parts = 0;
  v[0] = v[1] = v[2] = 0;
  const char *p = s;
  for (;;) {
    if (parts == 3 || *p < '0' || *p > '9') return -1;
    long x = 0;
    while (*p >= '0' && *p <= '9') {
      x = x * 10 + (*p++ - '0');
      if (x > 1000000000L) return -1;
    }
    v[parts++] = (int)x;
    if (*p == 0) break;
    if (*p++ != '.') return -1;
  }
  return parts >= 2 ? parts : -1;
}

int ct_scaffold__split_req(ct_arena *a, const char *req, char **ns, char **name, char **ver) {
  const char *colon = strchr(req, ':');
  const char *dot = strchr(req, '.');
  if (!colon || strchr(colon + 1, ':') || !dot || dot > colon || dot == req ||
      memchr(dot + 1, '.', (size_t)(colon - dot - 1)) || colon == dot + 1)
    return ct_error_set(CT_EINVAL,
                        "dependency '%s' is not in the format 'namespace.module:version'", req);
  int v[3];
  if (ct_scaffold__parse_version(colon + 1, v) < 0)
    return ct_error_set(CT_EINVAL, "dependency '%s': a version should have format X.Y[.Z]", req);
  *ns = ct_arena_strndup(a, req, (size_t)(dot - req));
  *name = ct_arena_strndup(a, dot + 1, (size_t)(colon - dot - 1));
  *ver = ct_arena_strdup(a, colon + 1);
  return CT_OK;
}

typedef struct growing {
  ct_sc_module *v;
  size_t n, cap;
} growing;

static void push(ct_arena *a, growing *g, ct_sc_module m) {
  if (g->n == g->cap) {
    size_t nc = g->cap ? g->cap * 2 : 32;
    g->v = ct_arena_realloc(a, g->v, g->cap * sizeof *g->v, nc * sizeof *g->v);
    g->cap = nc;
  }
  g->v[g->n++] = m;
}

/* One namespace folder DIR (holding module.json). */
static int load_namespace(ct_arena *a, growing *g, const char *dir) {
  char *mj = ct_scaffold__path_join(a, dir, "module.json");
  ct_value *info;
  int rc = ct_scaffold__json_load_file(&info, a, mj);
  if (rc) return rc;
  ct_value *mods = ct_is_map(info) ? ct_map_getc(info, "modules") : NULL;
  if (!ct_is_list(mods)) return ct_error_set(CT_EINVAL, "%s: no \"modules\" list", mj);
  const char *ns = ct_arena_strdup(a, ct_scaffold__basename(dir));
  size_t n;
  char **names = ct_scaffold__list_dir(a, dir, &n);
  if (!names) return CT_EIO;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(names[i]);
    if (len < 5 || strcmp(names[i] + len - 4, ".tpl") != 0) continue;
    char *stem = ct_arena_strndup(a, names[i], len - 4);
    char *us = strchr(stem, '_');
    if (!us || strchr(us + 1, '_')) continue; /* sextant: NAME_VERSION exactly */
    *us = 0;
    int v[3];
    if (ct_scaffold__parse_version(us + 1, v) < 0) continue;
    /* the first module.json entry with this name and a compatible (major.minor) version */
    ct_value *entry = NULL;
    for (size_t k = 0; k < mods->list->len && !entry; k++) {
      ct_value *e = mods->list->items[k];
      const char *en = ct_scaffold__str(ct_map_getc(e, "name"));
      const char *ev = ct_scaffold__str(ct_map_getc(e, "version"));
      int w[3];
      if (en && ev && !strcmp(en, stem) && ct_scaffold__parse_version(ev, w) > 0 && w[0] == v[0] &&
          w[1] == v[1])
        entry = e;
    }
    if (!entry) continue; /* sextant skips versions module.json does not register */
    ct_sc_module m;
    memset(&m, 0, sizeof m);
    m.ns = ns;
    m.name = stem;
    m.major = v[0];
    m.minor = v[1];
    m.patch = v[2];
    m.version = ct_arena_sprintf(a, "%d.%d.%d", v[0], v[1], v[2]);
    m.path = ct_scaffold__path_join(a, dir, names[i]);
    ct_value *deps = ct_map_getc(entry, "depends");
    if (ct_is_list(deps)) {
      const char **d = ct_arena_alloc(a, (deps->list->len + 1) * sizeof *d);
      for (size_t k = 0; k < deps->list->len; k++) {
        const char *s = ct_scaffold__str(deps->list->items[k]);
        if (!s)
          return ct_error_set(CT_EINVAL, "%s: %s.%s: dependencies must be strings", mj, ns, stem);
        d[m.ndeps++] = s;
      }
      m.deps = d;
    }
    push(a, g, m);
  }
  return CT_OK;
}

static int walk(ct_arena *a, growing *g, const char *dir, int depth) {
  if (depth > 32) return CT_OK;
  char *mj = ct_scaffold__path_join(a, dir, "module.json");
  if (ct_scaffold__is_file(mj)) {
    int rc = load_namespace(a, g, dir);
    if (rc) return rc;
  }
  size_t n;
  char **names = ct_scaffold__list_dir(a, dir, &n);
  if (!names) return CT_EIO;
  for (size_t i = 0; i < n; i++) {
    if (names[i][0] == '.') continue;
    char *sub = ct_scaffold__path_join(a, dir, names[i]);
    if (!ct_scaffold__is_dir(sub)) continue;
    int rc = walk(a, g, sub, depth + 1);
    if (rc) return rc;
  }
  return CT_OK;
}

ct_sc_registry *ct_scaffold_registry_load(ct_arena *a, const char *modules_dir) {
  if (!ct_scaffold__is_dir(modules_dir)) {
    ct_error_set(CT_ENOTFOUND, "modules folder %s not found", modules_dir);
    return NULL;
  }
  growing g = {0};
  if (walk(a, &g, modules_dir, 0) != CT_OK) return NULL;
  ct_sc_registry *r = ct_arena_alloc(a, sizeof *r);
  r->mods = g.v;
  r->n = g.n;
  r->root = ct_arena_strdup(a, modules_dir);
  return r;
}

const ct_sc_module *ct_scaffold_registry_newest(const ct_sc_registry *r, const char *ns,
                                                const char *name, const char *version) {
  int want[3];
  int parts = ct_scaffold__parse_version(version, want);
  if (parts < 0) return NULL;
  const ct_sc_module *best = NULL;
  for (size_t i = 0; i < r->n; i++) {
    const ct_sc_module *m = &r->mods[i];
    if (strcmp(m->ns, ns) || strcmp(m->name, name)) continue;
    if (m->major != want[0] || m->minor != want[1] || (parts == 3 && m->patch != want[2])) continue;
    if (!best || m->patch > best->patch) best = m;
  }
  return best;
}

const ct_sc_module *ct_scaffold_registry_exact(const ct_sc_registry *r, const char *ns,
                                               const char *name, const char *version) {
  int want[3];
  if (ct_scaffold__parse_version(version, want) != 3) return NULL;
  return ct_scaffold_registry_newest(r, ns, name, version);
}
