/* sc_vendor.c — vendoring a chart's modules: package.json → package.lock (or the lock as is),
 * copies into templates/vendor/NS/, pruning of stale files, the change report, and the
 * Chart.yaml version bump sextant does after a re-vendor. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sc_int.h"

typedef struct old_entry {
  const char *ns, *name, *version;
} old_entry;

/* Entries of an existing lock without looking them up (they may be gone from the registry). */
static old_entry *read_old_lock(ct_arena *a, const char *path, size_t *n) {
  *n = 0;
  ct_value *v;
  if (!ct_scaffold__is_file(path) || ct_scaffold__json_load_file(&v, a, path) != CT_OK ||
      !ct_is_list(v)) {
    ct_error_clear();
    return NULL;
  }
  old_entry *e = ct_arena_alloc(a, (v->list->len + 1) * sizeof *e);
  for (size_t i = 0; i < v->list->len; i++) {
    ct_value *x = v->list->items[i];
    const char *ns = ct_scaffold__str(ct_map_getc(x, "namespace"));
    const char *mod = ct_scaffold__str(ct_map_getc(x, "module"));
    const char *ver = ct_scaffold__str(ct_map_getc(x, "version"));
    if (ns && mod && ver) e[(*n)++] = (old_entry){ns, mod, ver};
  }
  return e;
}

static void report_changes(ct_buf *report, const old_entry *old, size_t nold,
                           const ct_sc_resolution *res) {
  for (size_t i = 0; i < res->n; i++) {
    const ct_sc_module *m = res->items[i].mod;
    const old_entry *o = NULL;
    for (size_t k = 0; k < nold && !o; k++)
      if (!strcmp(old[k].ns, m->ns) && !strcmp(old[k].name, m->name)) o = &old[k];
    if (!o)
      ct_buf_printf(report, "+ %s.%s %s\n", m->ns, m->name, m->version);
    else if (strcmp(o->version, m->version) != 0)
      ct_buf_printf(report, "~ %s.%s %s -> %s\n", m->ns, m->name, o->version, m->version);
  }
  for (size_t k = 0; k < nold; k++) {
    bool kept = false;
    for (size_t i = 0; i < res->n && !kept; i++)
      kept = !strcmp(old[k].ns, res->items[i].mod->ns) &&
             !strcmp(old[k].name, res->items[i].mod->name);
    if (!kept) ct_buf_printf(report, "- %s.%s %s\n", old[k].ns, old[k].name, old[k].version);
  }
}

static int prune(ct_arena *a, const char *dir, const char *const *keep, size_t nkeep,
                 ct_buf *report, bool *changed) {
  size_t n;
  char **names = ct_scaffold__list_dir(a, dir, &n);
  if (!names) {
    ct_error_clear();
    return CT_OK;
  }
  for (size_t i = 0; i < n; i++) {
    char *p = ct_scaffold__path_join(a, dir, names[i]);
    if (ct_scaffold__is_dir(p)) {
      int rc = prune(a, p, keep, nkeep, report, changed);
      if (rc) return rc;
      continue;
    }
    size_t len = strlen(names[i]);
    if (len < 4 || strcmp(names[i] + len - 4, ".tpl") != 0) continue;
    bool wanted = false;
    for (size_t k = 0; k < nkeep && !wanted; k++)
      wanted = !strcmp(keep[k], p);
    if (wanted) continue;
    int rc = ct_scaffold__rm_rf(p);
    if (rc) return rc;
    if (report) ct_buf_printf(report, "pruned %s\n", p);
    *changed = true;
  }
  return CT_OK;
}

int ct_scaffold_vendor(const char *chart_dir, const ct_sc_registry *r, ct_sc_vendor_mode mode,
                       bool bump_version, ct_buf *report, bool *changed_out) {
  ct_arena *a = ct_arena_new();
  int rc = CT_OK;
  bool changed = false;
  char *pkg = ct_scaffold__path_join(a, chart_dir, "package.json");
  char *lock = ct_scaffold__path_join(a, chart_dir, "package.lock");
  struct stat sp, sl;
  if (stat(pkg, &sp) != 0) {
    rc = ct_error_set(CT_ENOTFOUND, "%s has no package.json", chart_dir);
    goto done;
  }
  ct_sc_resolution res;
  bool use_lock =
      mode == CT_SC_VENDOR_LOCK && stat(lock, &sl) == 0 &&
      (sl.st_mtim.tv_sec > sp.st_mtim.tv_sec ||
       (sl.st_mtim.tv_sec == sp.st_mtim.tv_sec && sl.st_mtim.tv_nsec >= sp.st_mtim.tv_nsec));
  if (use_lock) {
    rc = ct_scaffold_lock_read(&res, a, r, lock);
    if (rc) goto done;
  } else {
    const char **reqs;
    size_t nreqs;
    rc = ct_scaffold_package_read(&reqs, &nreqs, a, pkg);
    if (rc) goto done;
    rc = ct_scaffold_resolve(&res, a, r, reqs, nreqs);
    if (rc) {
      ct_error_wrap(rc, "%s", pkg);
      goto done;
    }
    size_t nold;
    old_entry *old = read_old_lock(a, lock, &nold);
    if (report) report_changes(report, old, nold, &res);
    ct_buf text = CT_BUF_INIT;
    ct_scaffold_lock_format(&text, &res);
    rc = ct_scaffold__write_file(lock, ct_buf_str(&text), text.len);
    ct_buf_dispose(&text);
    if (rc) goto done;
  }
  char *vendor = ct_scaffold__path_join(a, chart_dir, "templates/vendor");
  const char **keep = ct_arena_alloc(a, (res.n + 1) * sizeof *keep);
  for (size_t i = 0; i < res.n; i++) {
    const ct_sc_module *m = res.items[i].mod;
    char *dir = ct_scaffold__path_join(a, vendor, m->ns);
    rc = ct_scaffold__mkdir_p(dir);
    if (rc) goto done;
    char *target = ct_scaffold__path_join(a, dir, ct_scaffold__basename(m->path));
    keep[i] = target;
    if (ct_scaffold__is_file(target) && ct_scaffold__same_content(m->path, target)) continue;
    rc = ct_scaffold__copy_file(m->path, target);
    if (rc) goto done;
    changed = true;
  }
  rc = prune(a, vendor, keep, res.n, report, &changed);
  if (rc) goto done;
  if (changed && bump_version) {
    char *nv = NULL;
    rc = ct_scaffold_bump_chart_version(chart_dir, &nv);
    if (rc) goto done;
    if (report) ct_buf_printf(report, "chart version bumped to %s\n", nv);
    free(nv);
  }
done:
  if (changed_out) *changed_out = changed;
  ct_arena_free(a);
  return rc;
}

int ct_scaffold_bump_chart_version(const char *chart_dir, char **new_version) {
  ct_arena *a = ct_arena_new();
  char *path = ct_scaffold__path_join(a, chart_dir, "Chart.yaml");
  char *src;
  size_t n;
  int rc = ct_scaffold__read_file(&src, &n, a, path);
  if (rc) goto done;
  char *line = src;
  while (line && strncmp(line, "version:", 8) != 0) {
    line = strchr(line, '\n');
    if (line) line++;
  }
  if (!line) {
    rc = ct_error_set(CT_EINVAL, "chart version could not be determined from %s", path);
    goto done;
  }
  char *p = line + 8;
  while (*p == ' ' || *p == '\t')
    p++;
  char quote = (*p == '"' || *p == '\'') ? *p : 0;
  if (quote) p++;
  char *start = p;
  while (*p && *p != '\n' && *p != quote && *p != ' ' && *p != '#' && *p != '\r')
    p++;
  char *ver = ct_arena_strndup(a, start, (size_t)(p - start));
  int v[3];
  if (ct_scaffold__parse_version(ver, v) != 3) {
    rc = ct_error_set(CT_EINVAL, "%s: version %s is not X.Y.Z", path, ver);
    goto done;
  }
  char *nv = ct_arena_sprintf(a, "%d.%d.%d", v[0], v[1], v[2] + 1);
  ct_buf out = CT_BUF_INIT;
  ct_buf_put(&out, src, (size_t)(start - src));
  ct_buf_puts(&out, nv);
  ct_buf_puts(&out, p);
  rc = ct_scaffold__write_file(path, ct_buf_str(&out), out.len);
  ct_buf_dispose(&out);
  if (!rc && new_version) *new_version = strdup(nv);
done:
  ct_arena_free(a);
  return rc;
}
