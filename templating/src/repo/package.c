/* package.c — `helm package`: a loaded chart written back as NAME-VERSION.tgz the way
 * chartutil.Save lays it out (Chart.yaml re-marshaled, Chart.lock, values, schema, templates,
 * files, subcharts expanded), reproducibly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/values.h"
#include "repo/repo_int.h"

/* yaml.Marshal of the metadata (v1 charts drop dependencies, as writeTarContents). */
static int chart_yaml(ct_buf *out, const ct_chart *c, ct_arena *a) {
  ct_value *obj = ct_chart_metadata_value(a, c);
  ct_value *m = obj->obj.cls->marshal(obj, a);
  ct_map_delete(m, "IsRoot", 6);
  if (!strcmp(c->meta.api_version, "v1")) ct_map_delete(m, "dependencies", 12);
  ct_buf err = CT_BUF_INIT;
  int rc = ct_yaml_emit(out, m, &err);
  if (rc < 0) rc = ct_error_set(CT_EINVAL, "Chart.yaml: %s", ct_buf_str(&err));
  ct_buf_dispose(&err);
  return rc;
}

ct_value *ct_repo__dep_value(ct_arena *a, const ct_chart_dep *d) {
  if (!d->name) return NULL; /* a null list item stays null */
  ct_value *o = ct_map_new(a, CT_MAP, 8);
  ct_map_setc(a, o, "name", ct_cstring(a, d->name));
  if (*d->version) ct_map_setc(a, o, "version", ct_cstring(a, d->version));
  ct_map_setc(a, o, "repository", ct_cstring(a, d->repository));
  if (*d->condition) ct_map_setc(a, o, "condition", ct_cstring(a, d->condition));
  if (d->ntags) {
    ct_value *l = ct_list_new(a, CT_LIST, d->ntags);
    for (size_t i = 0; i < d->ntags; i++) ct_list_push(a, l, ct_cstring(a, d->tags[i]));
    ct_map_setc(a, o, "tags", l);
  }
  if (d->enabled) ct_map_setc(a, o, "enabled", ct_bool(a, true));
  if (d->import_values && d->import_values->list->len) ct_map_setc(a, o, "import-values", d->import_values);
  if (*d->alias) ct_map_setc(a, o, "alias", ct_cstring(a, d->alias));
  return o;
}

int ct_repo__lock_yaml(ct_buf *out, const ct_chart_lock *l, ct_arena *a) {
  ct_value *m = ct_map_new(a, CT_MAP, 3);
  ct_map_setc(a, m, "generated", ct_cstring(a, *l->generated ? l->generated : "0001-01-01T00:00:00Z"));
  ct_map_setc(a, m, "digest", ct_cstring(a, l->digest));
  ct_value *deps = ct_list_new(a, CT_LIST, l->ndeps);
  for (size_t i = 0; i < l->ndeps; i++) ct_list_push(a, deps, ct_repo__dep_value(a, &l->deps[i]));
  ct_map_setc(a, m, "dependencies", l->deps ? deps : NULL); /* [] and nil differ */
  ct_buf err = CT_BUF_INIT;
  int rc = ct_yaml_emit(out, m, &err);
  if (rc < 0) rc = ct_error_set(CT_EINVAL, "Chart.lock: %s", ct_buf_str(&err));
  ct_buf_dispose(&err);
  return rc;
}

static int add(ct_repo__tar *t, const char *base, const char *name, const char *data, size_t len) {
  char *p = ct_repo__join(base, name);
  int rc = ct_repo__tar_add(t, p, data, len);
  free(p);
  return rc;
}

static int write_contents(ct_repo__tar *t, const ct_chart *c, const char *prefix, ct_arena *a) {
  const char *name = ct_chart_name(c);
  if (!*name || strchr(name, '/') || !strcmp(name, "..") || !strcmp(name, "."))
    return ct_error_set(CT_EINVAL, "chart name %s is not valid for an archive", name);
  char *base = *prefix ? ct_repo__join(prefix, name) : strdup(name);
  ct_buf b = CT_BUF_INIT;
  int rc = chart_yaml(&b, c, a);
  if (!rc) rc = add(t, base, "Chart.yaml", b.ptr, b.len);
  if (!rc && !strcmp(c->meta.api_version, "v2") && c->lock) {
    ct_buf_reset(&b);
    rc = ct_repo__lock_yaml(&b, c->lock, a);
    if (!rc) rc = add(t, base, "Chart.lock", b.ptr, b.len);
  }
  ct_buf_dispose(&b);
  if (!rc && c->raw_values) rc = add(t, base, "values.yaml", c->raw_values->data, c->raw_values->len);
  if (!rc && c->schema) {
    ct_value *v;
    ct_buf err = CT_BUF_INIT;
    if (ct_json_parse(&v, a, c->schema->data, c->schema->len, &err) < 0)
      rc = ct_error_set(CT_EINVAL, "Invalid JSON in values.schema.json");
    ct_buf_dispose(&err);
    if (!rc) rc = add(t, base, "values.schema.json", c->schema->data, c->schema->len);
  }
  for (size_t i = 0; !rc && i < c->ntemplates; i++)
    rc = add(t, base, c->templates[i].name, c->templates[i].data, c->templates[i].len);
  for (size_t i = 0; !rc && i < c->nfiles; i++)
    rc = add(t, base, c->files[i].name, c->files[i].data, c->files[i].len);
  if (!rc && c->ndeps) {
    char *charts = ct_repo__join(base, "charts");
    for (size_t i = 0; !rc && i < c->ndeps; i++) rc = write_contents(t, c->deps[i], charts, a);
    free(charts);
  }
  free(base);
  return rc;
}

int ct_repo_archive(ct_buf *out, const ct_chart *c) {
  ct_arena *a = ct_arena_new();
  ct_repo__tar t;
  ct_repo__tar_init(&t);
  int rc = write_contents(&t, c, "", a);
  if (rc) ct_buf_dispose(&t.tar);
  else rc = ct_repo__tar_finish(&t, out);
  ct_arena_free(a);
  return rc;
}

int ct_repo__save(char **out, const ct_chart *c, const char *dir) {
  if (!*c->meta.name) return ct_error_set(CT_EINVAL, "chart validation: validation: chart.metadata.name is required");
  if (!*c->meta.version)
    return ct_error_set(CT_EINVAL, "chart validation: validation: chart.metadata.version is required");
  if (ct_repo__exists(dir) && !ct_repo__is_dir(dir)) return ct_error_set(CT_EINVAL, "is not a directory: %s", dir);
  int rc = ct_repo__mkdirs(dir, 0755);
  if (rc) return rc;
  ct_buf data = CT_BUF_INIT;
  rc = ct_repo_archive(&data, c);
  if (rc) {
    ct_buf_dispose(&data);
    return ct_error_wrap(rc, "failed to save");
  }
  char fname[1024];
  size_t need = (size_t)snprintf(fname, sizeof fname, "%s-%s.tgz", c->meta.name, c->meta.version);
  char *fn = malloc(need + 1);
  if (!fn) abort();
  snprintf(fn, need + 1, "%s-%s.tgz", c->meta.name, c->meta.version);
  char *path = ct_repo__join(dir, fn);
  free(fn);
  rc = ct_repo__write_atomic(path, data.ptr, data.len, 0644);
  ct_buf_dispose(&data);
  if (rc) {
    free(path);
    return ct_error_wrap(rc, "failed to save");
  }
  *out = path;
  return CT_OK;
}

/* ct_chart_check_dependencies: chartctl/values.h */

int ct_repo_package(char **out_path, const char *chart_dir, const ct_repo_package_opts *o) {
  *out_path = NULL;
  if (!ct_repo__exists(chart_dir)) return ct_error_set(CT_ENOTFOUND, "stat %s: no such file or directory", chart_dir);
  if (!ct_repo__is_dir(chart_dir))
    return ct_error_set(CT_EINVAL, "%s is not a directory", chart_dir);
  int rc;
  if (o->dependency_update) {
    rc = ct_repo_dep_update(chart_dir, o->out ? o->out : stdout, false);
    if (rc) return rc;
  }
  ct_chart *c = NULL;
  rc = ct_chart_load(&c, chart_dir);
  if (rc) return rc;
  if (o->version && *o->version) c->meta.version = ct_arena_strdup(c->arena, o->version);
  if (!ct_chart_version_valid(c->meta.version)) { /* semver.NewVersion, as helm package */
    ct_chart_free(c);
    return ct_error_set(CT_EINVAL, "Invalid Semantic Version");
  }
  if (o->app_version && *o->app_version) c->meta.app_version = ct_arena_strdup(c->arena, o->app_version);
  if (c->meta.ndeps && (rc = ct_chart_check_dependencies(c))) {
    /* helm package reports CheckDependencies' own words, without template's preface */
    const char *m = ct_error_last(), *k = strstr(m, "dependencies: found in");
    if (k) rc = ct_error_set(rc, "%s", k + strlen("dependencies: "));
    ct_chart_free(c);
    return rc;
  }
  rc = ct_repo__save(out_path, c, o->destination && *o->destination ? o->destination : ".");
  ct_chart_free(c);
  return rc;
}
