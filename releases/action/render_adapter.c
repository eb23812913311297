/* render_adapter.c — renders a chart for a release over the templating engine, as Helm's
 * action.renderResources: values, capabilities, manifests sorted in install order, hooks,
 * NOTES.txt, and the chart as Helm stores it in the record. */
#include "chartctl/dl_crypto.h"
#include <stdlib.h>
#include <string.h>

#include "action/action.h"
#include "chartctl/buf.h"
#include "chartctl/chart.h"
#include "chartctl/errors.h"
#include "chartctl/render.h"
#include "chartctl/values.h"
#include "repo/repo.h"

json_t *ct_action_value_to_json(const ct_value *v, ct_arena *a) {
  if (!v) return json_null();
  switch (v->type) {
  case CT_BOOL: return json_boolean(v->b);
  case CT_INT:
  case CT_INT64:
  case CT_INT32: return json_integer(v->i);
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: return json_integer((json_int_t)v->u);
  case CT_FLOAT64: return json_real(v->f);
  case CT_STRING: return json_stringn(v->s.ptr, v->s.len);
  case CT_BYTES: {
    char *b = malloc(4 * ((v->s.len + 2) / 3) + 1);
    EVP_EncodeBlock((unsigned char *)b, (const unsigned char *)v->s.ptr, (int)v->s.len);
    json_t *j = json_string(b);
    free(b);
    return j;
  }
  case CT_LIST:
  case CT_STRLIST: {
    json_t *arr = json_array();
    for (size_t i = 0; i < v->list->len; i++) json_array_append_new(arr, ct_action_value_to_json(v->list->items[i], a));
    return arr;
  }
  case CT_MAP:
  case CT_STRMAP: {
    json_t *obj = json_object();
    size_t n;
    const ct_map_entry *e = ct_map_sorted(a, v, &n);
    for (size_t i = 0; i < n; i++) json_object_setn_new(obj, e[i].key.ptr, e[i].key.len, ct_action_value_to_json(e[i].value, a));
    return obj;
  }
  case CT_OBJECT:
    if (v->obj.cls->marshal) return ct_action_value_to_json(v->obj.cls->marshal(v, a), a);
    return json_object();
  }
  return json_null();
}

ct_value *ct_action_json_to_value(const json_t *j, ct_arena *a) {
  if (!j) return NULL;
  switch (json_typeof(j)) {
  case JSON_NULL: return NULL;
  case JSON_TRUE: return ct_bool(a, true);
  case JSON_FALSE: return ct_bool(a, false);
  case JSON_INTEGER: return ct_int(a, CT_INT64, json_integer_value(j));
  case JSON_REAL: return ct_float(a, json_real_value(j));
  case JSON_STRING: return ct_string(a, json_string_value(j), json_string_length(j));
  case JSON_ARRAY: {
    ct_value *l = ct_list_new(a, CT_LIST, json_array_size(j));
    size_t i;
    json_t *x;
    json_array_foreach(j, i, x) ct_list_push(a, l, ct_action_json_to_value(x, a));
    return l;
  }
  case JSON_OBJECT: {
    ct_value *m = ct_map_new(a, CT_MAP, json_object_size(j));
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)j, k, x) ct_map_setc(a, m, k, ct_action_json_to_value(x, a));
    return m;
  }
  }
  return NULL;
}

static json_t *files_json(const ct_chart_file *files, size_t n) {
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    char *b = malloc(4 * ((files[i].len + 2) / 3) + 1);
    EVP_EncodeBlock((unsigned char *)b, (const unsigned char *)files[i].data, (int)files[i].len);
    json_array_append_new(arr, json_pack("{s:s,s:s}", "name", files[i].name, "data", b));
    free(b);
  }
  return arr;
}

/* A copy of O with the keys in ORDER first (a Go struct's field order), the rest after. */
static json_t *in_order(const json_t *o, const char *const *order) {
  if (!json_is_object(o)) return json_deep_copy(o);
  json_t *r = json_object();
  for (size_t i = 0; order[i]; i++) {
    json_t *v = json_object_get(o, order[i]);
    if (v) json_object_set(r, order[i], v);
  }
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)o, k, v) if (!json_object_get(r, k)) json_object_set(r, k, v);
  return r;
}

/* chart.Metadata, Maintainer and Dependency in encoding/json's (struct field) order. */
static json_t *metadata_json(json_t *md) {
  static const char *const meta[] = {"name", "home", "sources", "version", "description", "keywords", "maintainers",
                                     "icon", "apiVersion", "condition", "tags", "appVersion", "deprecated",
                                     "annotations", "kubeVersion", "dependencies", "type", NULL};
  static const char *const maint[] = {"name", "email", "url", NULL};
  static const char *const dep[] = {"name", "version", "repository", "condition", "tags", "enabled",
                                    "import-values", "alias", NULL};
  json_t *r = in_order(md, meta);
  const char *lists[2] = {"maintainers", "dependencies"};
  for (int l = 0; l < 2; l++) {
    json_t *arr = json_object_get(r, lists[l]);
    if (!json_is_array(arr)) continue;
    json_t *na = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) json_array_append_new(na, in_order(x, l ? dep : maint));
    json_object_set_new(r, lists[l], na);
  }
  json_decref(md);
  return r;
}

/* chart.Chart as encoding/json writes it (subcharts are not part of the record). */
static json_t *chart_json(const ct_chart *c, const ct_chart *view, ct_arena *a) {
  json_t *j = json_object();
  /* metadata and values as the dependency processing left them (enabled flags, aliases,
   * imported and subchart values), as Helm stores the chart it rendered */
  json_t *md = ct_action_value_to_json(ct_chart_metadata_value(a, view ? view : c), a);
  json_object_del(md, "IsRoot"); /* a method of Helm's Chart, not a Metadata field */
  json_object_set_new(j, "metadata", metadata_json(md));
  json_object_set_new(j, "lock", json_null());
  if (c->lock) {
    json_t *lock = json_object();
    json_object_set_new(lock, "generated", json_string(c->lock->generated));
    json_object_set_new(lock, "digest", json_string(c->lock->digest));
    json_t *deps = json_array();
    for (size_t i = 0; i < c->lock->ndeps; i++)
      json_array_append_new(deps, json_pack("{s:s,s:s,s:s}", "name", c->lock->deps[i].name, "version",
                                            c->lock->deps[i].version, "repository", c->lock->deps[i].repository));
    json_object_set_new(lock, "dependencies", deps);
    json_object_set_new(j, "lock", lock);
  }
  /* nil slices and a nil Values map (no values.yaml) are null in encoding/json */
  json_object_set_new(j, "templates", c->ntemplates ? files_json(c->templates, c->ntemplates) : json_null());
  const ct_value *vals = view && c->ndeps ? view->values : c->values;
  bool nil_values = !c->raw_values && (!vals || ct_map_len(vals) == 0);
  json_object_set_new(j, "values", nil_values ? json_null() : ct_action_value_to_json(vals, a));
  if (c->schema) {
    json_t *s = files_json(c->schema, 1);
    json_object_set(j, "schema", json_object_get(json_array_get(s, 0), "data"));
    json_decref(s);
  } else {
    json_object_set_new(j, "schema", json_null());
  }
  json_object_set_new(j, "files", c->nfiles ? files_json(c->files, c->nfiles) : json_null());
  return j;
}

static void collect_crds(ct_buf *out, const ct_chart *c, ct_arena *a) {
  size_t n;
  const ct_chart_file **f = ct_chart_crds(c, a, &n);
  for (size_t i = 0; i < n; i++) {
    ct_buf_puts(out, "\n---\n");
    ct_buf_put(out, f[i]->data, f[i]->len);
    ct_buf_putc(out, '\n');
  }
  for (size_t i = 0; i < c->ndeps; i++) collect_crds(out, c->deps[i], a);
}

/* Helm's engine lookup over the release's cluster: one object (an empty map when it does not
 * exist) or, without a name, the list (all namespaces when NS is empty). */
static int cluster_lookup(ct_value **out, ct_arena *a, const char *api_version, const char *kind, const char *ns,
                          const char *name, void *udata, ct_buf *err) {
  ct_kube *k = udata;
  ct_kube_resource r;
  if (ct_kube_resolve(k, api_version, kind, &r)) {
    ct_buf_printf(err, "%s", ct_error_last());
    return -1;
  }
  char path[1024];
  if (ct_kube_path(path, sizeof path, &r, ns && *ns ? ns : NULL, name && *name ? name : NULL)) {
    ct_buf_printf(err, "%s", ct_error_last());
    return -1;
  }
  long st = 0;
  json_t *resp = NULL;
  if (ct_kube_request(k, "GET", path, NULL, NULL, 0, &st, &resp)) {
    ct_buf_printf(err, "%s", ct_error_last());
    return -1;
  }
  if (st == 404) {
    json_decref(resp);
    *out = NULL; /* Helm: an empty map, so templates can test `if not (lookup ...)` */
    return 0;
  }
  if (st < 200 || st >= 300) {
    ct_kube_status_error(st, resp);
    json_decref(resp);
    ct_buf_printf(err, "%s", ct_error_last());
    return -1;
  }
  *out = ct_action_json_to_value(resp, a);
  json_decref(resp);
  return 0;
}

static bool is_notes(const char *name) {
  size_t n = strlen(name);
  return n >= 9 && !strcmp(name + n - 9, "NOTES.txt");
}

int ct_action_render(ct_relrender *out, const ct_render_req *req) {
  memset(out, 0, sizeof *out);
  ct_chart *chart = NULL;
  int rc = ct_chart_load(&chart, req->chart_path);
  const char *p = req->chart_path;
  if (rc == CT_ENOTFOUND && p[0] != '/' && p[0] != '.' && strchr(p, '/')) {
    /* repo/name or an http(s) URL, from the repositories `chartctl repo add` knows */
    char *local = NULL;
    if ((rc = ct_repo_locate_chart(&local, p, "")) == CT_OK) {
      rc = ct_chart_load(&chart, local);
      free(local);
    }
  }
  if (rc) return rc;
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT, text = CT_BUF_INIT;
  if (ct_chart_is_library(chart)) {
    rc = ct_error_set(CT_EINVAL, "validation: chart.metadata.type must be application to be installable");
    goto done;
  }
  if ((rc = ct_chart_check_dependencies(chart))) goto done;
  ct_value *user = ct_action_json_to_value(req->user_values ? req->user_values : json_object(), a);
  if (!user) user = ct_map_new(a, CT_MAP, 0);
  ct_release_opts ro = {.name = req->name, .namespace = req->namespace_, .revision = req->revision,
                        .is_upgrade = req->is_upgrade, .is_install = !req->is_upgrade};
  ct_chart *view = NULL;
  ct_value *top = NULL;
  if ((rc = ct_values_prepare(&view, &top, a, chart, user, &ro, stderr))) goto done;
  const char **extra = NULL;
  size_t nextra = json_array_size(req->api_versions);
  if (nextra) {
    extra = ct_arena_alloc(a, nextra * sizeof *extra);
    for (size_t i = 0; i < nextra; i++) extra[i] = json_string_value(json_array_get(req->api_versions, i));
  }
  ct_caps *caps = ct_caps_default(a, extra, nextra);
  if (req->kube_version && *req->kube_version && (rc = ct_caps_set_kube_version(caps, a, req->kube_version))) goto done;
  ct_rendered *files = NULL;
  size_t nfiles = 0;
  ct_render_opts opts = {.lookup = req->kube ? cluster_lookup : NULL, .lookup_udata = req->kube};
  if (ct_render_chart(&files, &nfiles, a, view, top, caps, &opts, &err)) {
    rc = ct_error_set(CT_EINVAL, "%s", ct_buf_str(&err));
    goto done;
  }
  /* NOTES.txt of the top chart; other notes are dropped as Helm does without --render-subchart-notes */
  char *top_notes = ct_arena_sprintf(a, "%s/templates/NOTES.txt", ct_chart_name(chart));
  ct_rendered *keep = ct_arena_alloc(a, (nfiles ? nfiles : 1) * sizeof *keep);
  size_t nkeep = 0;
  for (size_t i = 0; i < nfiles; i++) {
    if (is_notes(files[i].name)) {
      if (!strcmp(files[i].name, top_notes)) out->notes = strndup(files[i].text, files[i].len);
      continue;
    }
    keep[nkeep++] = files[i];
  }
  ct_manifest *mans = NULL, *hooks = NULL;
  size_t nmans = 0, nhooks = 0;
  if (ct_manifests_sort(&mans, &nmans, &hooks, &nhooks, a, keep, nkeep, &err)) {
    rc = ct_error_set(CT_EINVAL, "%s", ct_buf_str(&err));
    goto done;
  }
  for (size_t i = 0; i < nmans; i++) {
    ct_buf_printf(&text, "---\n# Source: %s\n", mans[i].name);
    ct_buf_put(&text, mans[i].doc, mans[i].doc_len);
    ct_buf_putc(&text, '\n');
  }
  out->manifest = ct_buf_steal(&text);
  out->hooks = json_array();
  for (size_t i = 0; i < nhooks; i++) {
    json_t *ev = json_array(), *dp = json_array();
    for (size_t e = 0; e < hooks[i].nevents; e++) json_array_append_new(ev, json_string(hooks[i].events[e]));
    for (size_t e = 0; e < hooks[i].ndelete_policies; e++) json_array_append_new(dp, json_string(hooks[i].delete_policies[e]));
    json_t *h = json_object();
    json_object_set_new(h, "name", json_string(hooks[i].res_name ? hooks[i].res_name : ""));
    json_object_set_new(h, "kind", json_string(hooks[i].kind ? hooks[i].kind : ""));
    json_object_set_new(h, "path", json_string(hooks[i].name));
    json_object_set_new(h, "manifest", json_stringn(hooks[i].doc, hooks[i].doc_len));
    json_object_set_new(h, "events", ev);
    json_object_set_new(h, "last_run", json_pack("{s:s,s:s,s:s}", "started_at", "", "completed_at", "", "phase", ""));
    /* weight and delete_policies are omitempty in Helm's Hook */
    if (hooks[i].weight) json_object_set_new(h, "weight", json_integer(hooks[i].weight));
    if (json_array_size(dp)) json_object_set_new(h, "delete_policies", dp);
    else json_decref(dp);
    json_array_append_new(out->hooks, h);
  }
  if (!out->notes) out->notes = strdup("");
  /* crds/ of the chart and its enabled subcharts, as Helm's CRDObjects */
  ct_buf crd = CT_BUF_INIT;
  collect_crds(&crd, view, a);
  out->crds = ct_buf_steal(&crd);
  out->chart = chart_json(chart, view, a);
  out->config = json_deep_copy(req->user_values ? req->user_values : json_object());
  rc = CT_OK;
done:
  if (rc) ct_relrender_dispose(out);
  ct_buf_dispose(&err);
  ct_buf_dispose(&text);
  ct_arena_free(a);
  ct_chart_free(chart);
  return rc;
}
