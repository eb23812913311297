/* verbs.c — the API verbs releases use: server-side apply, get, list, create, update,
 * replace, delete, each mapped through discovery to the resource's URL. */
#include "chartctl/dl_curl.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/errors.h"
#include "kube/kube.h"

int ct_kube_path(char *buf, size_t len, const ct_kube_resource *r, const char *ns, const char *name) {
  const char *prefix = strchr(r->group_version, '/') ? "/apis/" : "/api/";
  int n;
  if (r->namespaced && ns)
    n = snprintf(buf, len, "%s%s/namespaces/%s/%s%s%s", prefix, r->group_version, ns, r->name, name ? "/" : "",
                 name ? name : "");
  else
    n = snprintf(buf, len, "%s%s/%s%s%s", prefix, r->group_version, r->name, name ? "/" : "", name ? name : "");
  return n < 0 || (size_t)n >= len ? ct_error_set(CT_EINVAL, "object path too long") : CT_OK;
}

static const char *str_at(const json_t *o, const char *a, const char *b) {
  const json_t *x = json_object_get(o, a);
  return json_string_value(b ? json_object_get(x, b) : x);
}

static int object_target(ct_kube *k, const json_t *obj, const char *ns, ct_kube_resource *r, const char **name,
                         const char **out_ns) {
  const char *av = str_at(obj, "apiVersion", NULL), *kind = str_at(obj, "kind", NULL);
  *name = str_at(obj, "metadata", "name");
  if (!av || !kind) return ct_error_set(CT_EINVAL, "object has no apiVersion or kind");
  int rc = ct_kube_resolve(k, av, kind, r);
  if (rc) return rc;
  const char *ons = str_at(obj, "metadata", "namespace");
  *out_ns = ons ? ons : ns ? ns : ct_kube_namespace(k);
  return CT_OK;
}

static int finish(long st, json_t *resp, json_t **out) {
  if (st >= 200 && st < 300) {
    if (out) *out = resp;
    else json_decref(resp);
    return CT_OK;
  }
  int rc = ct_kube_status_error(st, resp);
  json_decref(resp);
  return rc;
}

static int call(ct_kube *k, const char *method, const char *path, const char *ctype, const json_t *body, json_t **out) {
  char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
  long st;
  json_t *resp = NULL;
  int rc = ct_kube_request(k, method, path, ctype, text, text ? strlen(text) : 0, &st, &resp);
  free(text);
  if (rc) return rc;
  return finish(st, resp, out);
}

int ct_kube_apply(ct_kube *k, const json_t *obj, const char *ns, const char *manager, bool force, bool dry_run,
                  json_t **out) {
  ct_kube_resource r;
  const char *name, *ons;
  int rc = object_target(k, obj, ns, &r, &name, &ons);
  if (rc) return rc;
  if (!name) return ct_error_set(CT_EINVAL, "object %s has no metadata.name", r.kind);
  char path[1024];
  if ((rc = ct_kube_path(path, sizeof path - 128, &r, ons, name))) return rc;
  size_t l = strlen(path);
  snprintf(path + l, sizeof path - l, "?fieldManager=%s%s%s", manager ? manager : "chartctl", force ? "&force=true" : "",
           dry_run ? "&dryRun=All" : "");
  return call(k, "PATCH", path, "application/apply-patch+yaml", obj, out);
}

int ct_kube_get(ct_kube *k, const char *api_version, const char *kind, const char *ns, const char *name, json_t **out) {
  ct_kube_resource r;
  int rc = ct_kube_resolve(k, api_version, kind, &r);
  if (rc) return rc;
  char path[1024];
  if ((rc = ct_kube_path(path, sizeof path, &r, ns ? ns : ct_kube_namespace(k), name))) return rc;
  return call(k, "GET", path, NULL, NULL, out);
}

int ct_kube_list(ct_kube *k, const char *api_version, const char *kind, const char *ns, const char *label_selector,
                 json_t **out) {
  ct_kube_resource r;
  int rc = ct_kube_resolve(k, api_version, kind, &r);
  if (rc) return rc;
  char path[2048];
  if ((rc = ct_kube_path(path, 1024, &r, ns ? ns : ct_kube_namespace(k), NULL))) return rc;
  if (label_selector && *label_selector) {
    char *esc = curl_easy_escape(NULL, label_selector, 0);
    size_t l = strlen(path);
    snprintf(path + l, sizeof path - l, "?labelSelector=%s", esc);
    curl_free(esc);
  }
  return call(k, "GET", path, NULL, NULL, out);
}

int ct_kube_create(ct_kube *k, const json_t *obj, const char *ns, json_t **out) {
  ct_kube_resource r;
  const char *name, *ons;
  int rc = object_target(k, obj, ns, &r, &name, &ons);
  if (rc) return rc;
  char path[1024];
  if ((rc = ct_kube_path(path, sizeof path, &r, ons, NULL))) return rc;
  return call(k, "POST", path, "application/json", obj, out);
}

int ct_kube_update(ct_kube *k, const json_t *obj, const char *ns, json_t **out) {
  ct_kube_resource r;
  const char *name, *ons;
  int rc = object_target(k, obj, ns, &r, &name, &ons);
  if (rc) return rc;
  char path[1024];
  if ((rc = ct_kube_path(path, sizeof path, &r, ons, name))) return rc;
  return call(k, "PUT", path, "application/json", obj, out);
}

int ct_kube_replace(ct_kube *k, const json_t *obj, const char *ns, bool dry_run, bool *created, json_t **out) {
  ct_kube_resource r;
  const char *name, *ons;
  int rc = object_target(k, obj, ns, &r, &name, &ons);
  if (rc) return rc;
  if (!name) return ct_error_set(CT_EINVAL, "object %s has no metadata.name", r.kind);
  char path[1024];
  if ((rc = ct_kube_path(path, sizeof path - 32, &r, ons, name))) return rc;
  json_t *live = NULL;
  rc = call(k, "GET", path, NULL, NULL, &live);
  if (created) *created = rc == CT_ENOTFOUND;
  const char *q = dry_run ? "?dryRun=All" : "";
  if (rc == CT_ENOTFOUND) {
    char coll[1024];
    if ((rc = ct_kube_path(coll, sizeof coll - 32, &r, ons, NULL))) return rc;
    strcat(coll, q);
    return call(k, "POST", coll, "application/json", obj, out);
  }
  if (rc) return rc;
  /* resource.Helper.Replace(overwrite=true): the live resourceVersion, then PUT */
  json_t *body = json_deep_copy(obj);
  json_t *meta = json_object_get(body, "metadata");
  json_t *rv = json_object_get(json_object_get(live, "metadata"), "resourceVersion");
  if (json_is_object(meta) && json_is_string(rv)) json_object_set(meta, "resourceVersion", rv);
  json_decref(live);
  strcat(path, q);
  rc = call(k, "PUT", path, "application/json", body, out);
  json_decref(body);
  return rc;
}

int ct_kube_delete(ct_kube *k, const char *api_version, const char *kind, const char *ns, const char *name,
                   const char *propagation) {
  ct_kube_resource r;
  int rc = ct_kube_resolve(k, api_version, kind, &r);
  if (rc) return rc;
  char path[1024];
  if ((rc = ct_kube_path(path, sizeof path, &r, ns ? ns : ct_kube_namespace(k), name))) return rc;
  json_t *body = NULL;
  if (propagation)
    body = json_pack("{s:s,s:s,s:s}", "kind", "DeleteOptions", "apiVersion", "v1", "propagationPolicy", propagation);
  rc = call(k, "DELETE", path, body ? "application/json" : NULL, body, NULL);
  json_decref(body);
  return rc;
}
