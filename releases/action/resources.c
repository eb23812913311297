/* resources.c — applying, deleting and waiting for the objects of a release manifest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "action/resources.h"
#include "chartctl/buf.h"
#include "chartctl/errors.h"

static const char *str(const json_t *o, const char *a, const char *b) {
  const json_t *x = json_object_get(o, a);
  if (b) x = json_object_get(x, b);
  return json_string_value(x);
}

int ct_res_parse(json_t **out, const char *manifest) {
  int rc = ct_kube_yaml_to_json(out, manifest, strlen(manifest));
  if (rc) return ct_error_wrap(rc, "unable to build kubernetes objects from release manifest");
  size_t i;
  json_t *o;
  json_array_foreach(*out, i, o) {
    if (!json_is_object(o) || !str(o, "kind", NULL) || !str(o, "apiVersion", NULL)) {
      json_decref(*out);
      *out = NULL;
      return ct_error_set(CT_EINVAL,
                          "unable to build kubernetes objects from release manifest: document %zu has no apiVersion or kind",
                          i + 1);
    }
  }
  return CT_OK;
}

static void obj_key(char *buf, size_t len, const json_t *o) {
  snprintf(buf, len, "%s/%s/%s/%s", str(o, "apiVersion", NULL), str(o, "kind", NULL),
           str(o, "metadata", "namespace") ? str(o, "metadata", "namespace") : "",
           str(o, "metadata", "name") ? str(o, "metadata", "name") : "");
}

json_t *ct_res_removed(const json_t *old_objs, const json_t *new_objs) {
  json_t *gone = json_array();
  size_t i, j;
  json_t *o, *n;
  json_array_foreach(old_objs, i, o) {
    char ko[1024], kn[1024];
    obj_key(ko, sizeof ko, o);
    bool kept = false;
    json_array_foreach(new_objs, j, n) {
      obj_key(kn, sizeof kn, n);
      if (!strcmp(ko, kn)) {
        kept = true;
        break;
      }
    }
    if (!kept) json_array_append(gone, o);
  }
  return gone;
}

void ct_res_set_owner(json_t *obj, const char *release, const char *ns) {
  json_t *meta = json_object_get(obj, "metadata");
  if (!meta) json_object_set_new(obj, "metadata", meta = json_object());
  json_t *labels = json_object_get(meta, "labels");
  if (!json_is_object(labels)) json_object_set_new(meta, "labels", labels = json_object());
  json_object_set_new(labels, "app.kubernetes.io/managed-by", json_string("Helm"));
  json_t *ann = json_object_get(meta, "annotations");
  if (!json_is_object(ann)) json_object_set_new(meta, "annotations", ann = json_object());
  json_object_set_new(ann, "meta.helm.sh/release-name", json_string(release));
  json_object_set_new(ann, "meta.helm.sh/release-namespace", json_string(ns));
}

static const char *target_ns(ct_kube *k, const json_t *o, const char *ns, bool *namespaced) {
  ct_kube_resource r;
  *namespaced = true;
  if (ct_kube_resolve(k, str(o, "apiVersion", NULL), str(o, "kind", NULL), &r) == CT_OK) *namespaced = r.namespaced;
  const char *ons = str(o, "metadata", "namespace");
  return ons ? ons : ns;
}

int ct_res_check_owner(ct_kube *k, const json_t *objs, const char *release, const char *ns, bool take_ownership) {
  size_t i;
  json_t *o;
  json_array_foreach(objs, i, o) {
    bool namespaced;
    const char *ons = target_ns(k, o, ns, &namespaced);
    json_t *live = NULL;
    int rc = ct_kube_get(k, str(o, "apiVersion", NULL), str(o, "kind", NULL), ons, str(o, "metadata", "name"), &live);
    if (rc == CT_ENOTFOUND) continue;
    if (rc) return rc;
    const char *mb = str(json_object_get(live, "metadata"), "labels", NULL) ? NULL : NULL;
    json_t *lm = json_object_get(live, "metadata");
    mb = json_string_value(json_object_get(json_object_get(lm, "labels"), "app.kubernetes.io/managed-by"));
    const char *rn = json_string_value(json_object_get(json_object_get(lm, "annotations"), "meta.helm.sh/release-name"));
    const char *rns =
        json_string_value(json_object_get(json_object_get(lm, "annotations"), "meta.helm.sh/release-namespace"));
    ct_buf why = CT_BUF_INIT;
    if (!mb || strcmp(mb, "Helm"))
      ct_buf_printf(&why, "label validation error: %s key \"app.kubernetes.io/managed-by\": must be set to \"Helm\"",
                    mb ? "invalid" : "missing");
    if (!rn || strcmp(rn, release))
      ct_buf_printf(&why, "%sannotation validation error: %s key \"meta.helm.sh/release-name\": must be set to \"%s\"",
                    why.len ? "; " : "", rn ? "invalid" : "missing", release);
    if (!rns || strcmp(rns, ns))
      ct_buf_printf(&why, "%sannotation validation error: %s key \"meta.helm.sh/release-namespace\": must be set to \"%s\"",
                    why.len ? "; " : "", rns ? "invalid" : "missing", ns);
    json_decref(live);
    if (why.len && !take_ownership) {
      rc = ct_error_set(CT_ECONFLICT,
                        "%s \"%s\" in "
                        "namespace \"%s\" exists and cannot be imported into the current release: invalid ownership metadata; %s",
                        str(o, "kind", NULL), str(o, "metadata", "name"), namespaced ? ons : "", ct_buf_str(&why));
      ct_buf_dispose(&why);
      return rc;
    }
    ct_buf_dispose(&why);
  }
  return CT_OK;
}

int ct_res_apply(ct_kube *k, const json_t *objs, const char *release, const char *ns, bool dry_run, FILE *log) {
  size_t i;
  json_t *o;
  json_array_foreach(objs, i, o) {
    json_t *c = json_deep_copy(o);
    ct_res_set_owner(c, release, ns);
    bool namespaced;
    const char *ons = target_ns(k, c, ns, &namespaced);
    json_t *res = NULL;
    int rc = ct_kube_apply(k, c, namespaced ? ons : NULL, "chartctl", true, dry_run, &res);
    if (rc) {
      rc = ct_error_wrap(rc, "failed to apply %s \"%s\"", str(c, "kind", NULL), str(c, "metadata", "name"));
      json_decref(c);
      return rc;
    }
    if (log) fprintf(log, "applied %s/%s\n", str(c, "kind", NULL), str(c, "metadata", "name"));
    json_decref(res);
    json_decref(c);
  }
  return CT_OK;
}

int ct_res_update(ct_kube *k, const json_t *objs, const char *release, const char *ns, bool force, FILE *log) {
  ct_buf errs = CT_BUF_INIT;
  size_t i;
  json_t *o;
  int first = CT_OK;
  json_array_foreach(objs, i, o) {
    json_t *c = json_deep_copy(o);
    ct_res_set_owner(c, release, ns);
    bool namespaced;
    const char *ons = target_ns(k, c, ns, &namespaced);
    const char *kind = str(c, "kind", NULL), *name = str(c, "metadata", "name");
    json_t *live = NULL, *res = NULL;
    int rc = ct_kube_get(k, str(c, "apiVersion", NULL), kind, namespaced ? ons : NULL, name, &live);
    json_decref(live);
    if (rc && rc != CT_ENOTFOUND) {
      rc = ct_error_wrap(rc, "could not get information about the resource");
      json_decref(c);
      ct_buf_dispose(&errs);
      return rc;
    }
    if (rc == CT_ENOTFOUND) { /* created, and a failure stops the update at once */
      rc = force ? ct_kube_replace(k, c, namespaced ? ons : NULL, false, NULL, &res)
                 : ct_kube_apply(k, c, namespaced ? ons : NULL, "chartctl", true, false, &res);
      json_decref(res);
      if (rc) {
        rc = ct_error_wrap(rc, "failed to create resource");
        json_decref(c);
        ct_buf_dispose(&errs);
        return rc;
      }
      if (log) fprintf(log, "created %s/%s\n", kind, name);
      json_decref(c);
      continue;
    }
    /* an existing object: --force replaces it whole (PUT), else chartctl applies it; errors
     * are collected and the others still updated, as Helm's Update */
    rc = force ? ct_kube_replace(k, c, namespaced ? ons : NULL, false, NULL, &res)
               : ct_kube_apply(k, c, namespaced ? ons : NULL, "chartctl", true, false, &res);
    json_decref(res);
    if (rc) {
      if (!first) first = rc;
      if (errs.len) ct_buf_puts(&errs, " && ");
      if (force) ct_buf_printf(&errs, "failed to replace object: %s", ct_error_last());
      else ct_buf_printf(&errs, "cannot patch \"%s\" with kind %s: %s", name, kind, ct_error_last());
    } else if (log) {
      fprintf(log, "%s %s/%s\n", force ? "replaced" : "applied", kind, name);
    }
    json_decref(c);
  }
  int rc = first ? ct_error_set(first, "%s", ct_buf_str(&errs)) : CT_OK;
  ct_buf_dispose(&errs);
  return rc;
}

int ct_res_delete(ct_kube *k, const json_t *objs, const char *ns, FILE *log) {
  int first_err = CT_OK;
  for (size_t i = json_array_size(objs); i-- > 0;) {
    const json_t *o = json_array_get(objs, i);
    bool namespaced;
    const char *ons = target_ns(k, o, ns, &namespaced);
    int rc = ct_kube_delete(k, str(o, "apiVersion", NULL), str(o, "kind", NULL), ons, str(o, "metadata", "name"),
                            "Background");
    if (rc == CT_ENOTFOUND) continue;
    if (rc && !first_err) first_err = rc;
    if (!rc && log) fprintf(log, "deleted %s/%s\n", str(o, "kind", NULL), str(o, "metadata", "name"));
  }
  return first_err;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ct_res_wait(ct_kube *k, const json_t *objs, const char *ns, double timeout_s, bool wait_jobs) {
  double deadline = now_s() + timeout_s;
  for (;;) {
    ct_buf pending = CT_BUF_INIT;
    bool failed = false;
    size_t i;
    json_t *o;
    json_array_foreach(objs, i, o) {
      const char *kind = str(o, "kind", NULL);
      if (!wait_jobs && !strcmp(kind, "Job")) continue;
      bool namespaced;
      const char *ons = target_ns(k, o, ns, &namespaced);
      json_t *live = NULL;
      int rc = ct_kube_get(k, str(o, "apiVersion", NULL), kind, ons, str(o, "metadata", "name"), &live);
      char why[256] = "";
      ct_readiness r = CT_IN_PROGRESS;
      if (rc == CT_OK) r = ct_kube_readiness(live, why, sizeof why);
      else snprintf(why, sizeof why, "%s", rc == CT_ENOTFOUND ? "not found" : ct_error_last());
      json_decref(live);
      if (r != CT_READY) {
        ct_buf_printf(&pending, "%s%s/%s: %s", pending.len ? ", " : " ", kind, str(o, "metadata", "name"), why);
        if (r == CT_FAILED) failed = true;
      }
    }
    if (!pending.len) return CT_OK;
    if (failed || now_s() >= deadline) {
      int rc = ct_error_set(failed ? CT_ERROR : CT_ETIMEOUT, "%s; resources not ready:%s",
                            failed ? "resource failed" : "context deadline exceeded", ct_buf_str(&pending));
      ct_buf_dispose(&pending);
      return rc;
    }
    ct_buf_dispose(&pending);
    struct timespec ts = {0, 250 * 1000000L};
    nanosleep(&ts, NULL);
  }
}
