/* workloads.c — the workloads a rollout moves: canary/preview copies of the new revision's
 * Deployments and StatefulSets, scaling and restoring the stable ones, their pods. */
#include <stdlib.h>
#include <string.h>

#include "action/resources.h"
#include "chartctl/buf.h"
#include "chartctl/errors.h"
#include "rollout/rollout_int.h"

static const char *sget(const json_t *o, const char *a, const char *b) {
  const json_t *x = json_object_get(o, a);
  if (b) x = json_object_get(x, b);
  return json_string_value(x);
}

static bool is_workload(const char *kind) { return kind && (!strcmp(kind, "Deployment") || !strcmp(kind, "StatefulSet")); }

const json_t *ct_rollout__find(const json_t *objs, const char *kind, const char *name) {
  size_t i;
  json_t *o;
  json_array_foreach(objs, i, o) {
    const char *k = sget(o, "kind", NULL), *n = sget(o, "metadata", "name");
    if (k && n && !strcmp(k, kind) && !strcmp(n, name)) return o;
  }
  return NULL;
}

static long replicas_of(const json_t *o) {
  const json_t *rep = json_object_get(json_object_get(o, "spec"), "replicas");
  return json_is_integer(rep) ? (long)json_integer_value(rep) : 1;
}

json_t *ct_rollout__workloads(const json_t *old_objs, const json_t *new_objs) {
  json_t *out = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(new_objs, i, o) {
    const char *kind = sget(o, "kind", NULL), *name = sget(o, "metadata", "name");
    if (!is_workload(kind) || !name || !ct_rollout__find(old_objs, kind, name)) continue;
    json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:I}", "apiVersion", sget(o, "apiVersion", NULL), "kind", kind, "name",
                                         name, "total", (json_int_t)replicas_of(o)));
  }
  return out;
}

static const char *suffix(const char *track) {
  return !strcmp(track, "preview") ? CT_ROLLOUT_PREVIEW_SUFFIX : CT_ROLLOUT_CANARY_SUFFIX;
}

static json_t *ensure(json_t *o, const char *key) {
  json_t *x = json_object_get(o, key);
  if (!json_is_object(x)) json_object_set_new(o, key, x = json_object());
  return x;
}

static char *extra_name(const json_t *w, const char *track) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_printf(&b, "%s%s", ct_rollout__str(w, "name"), suffix(track));
  char *s = strdup(ct_buf_str(&b));
  ct_buf_dispose(&b);
  return s;
}

int ct_rollout__apply_extra(ct_rollout__run *r, const json_t *w, const char *track, long replicas) {
  const json_t *src = ct_rollout__find(r->new_objs, ct_rollout__str(w, "kind"), ct_rollout__str(w, "name"));
  if (!src) return ct_error_set(CT_ENOTFOUND, "%s %s is not in the new manifest", ct_rollout__str(w, "kind"), ct_rollout__str(w, "name"));
  json_t *o = json_deep_copy(src);
  json_t *meta = ensure(o, "metadata");
  char *nm = extra_name(w, track);
  json_object_set_new(meta, "name", json_string(nm));
  json_object_del(meta, "namespace");
  json_t *labels = ensure(meta, "labels");
  json_object_set_new(labels, CT_ROLLOUT_OF_LABEL, json_string(r->name));
  json_object_set_new(labels, CT_ROLLOUT_TRACK_LABEL, json_string(track));
  json_t *spec = ensure(o, "spec");
  json_object_set_new(spec, "replicas", json_integer(replicas));
  json_object_set_new(ensure(ensure(spec, "selector"), "matchLabels"), CT_ROLLOUT_TRACK_LABEL, json_string(track));
  json_object_set_new(ensure(ensure(ensure(spec, "template"), "metadata"), "labels"), CT_ROLLOUT_TRACK_LABEL, json_string(track));
  ct_res_set_owner(o, r->name, r->ns);
  json_t *res = NULL;
  int rc = ct_kube_apply(r->c->cfg->kube, o, r->ns, "chartctl", true, false, &res);
  json_decref(res);
  json_decref(o);
  if (rc) rc = ct_error_wrap(rc, "applying %s %s", ct_rollout__str(w, "kind"), nm);
  free(nm);
  return rc;
}

int ct_rollout__delete_extra(ct_rollout__run *r, const json_t *w, const char *track) {
  char *nm = extra_name(w, track);
  int rc = ct_kube_delete(r->c->cfg->kube, ct_rollout__str(w, "apiVersion"), ct_rollout__str(w, "kind"), r->ns, nm, "Background");
  if (rc == CT_ENOTFOUND) rc = CT_OK;
  if (rc) rc = ct_error_wrap(rc, "deleting %s %s", ct_rollout__str(w, "kind"), nm);
  free(nm);
  return rc;
}

int ct_rollout__scale_stable(ct_rollout__run *r, const json_t *w, long replicas) {
  ct_kube *k = r->c->cfg->kube;
  int rc = CT_OK;
  for (int attempt = 0; attempt < 5; attempt++) {
    json_t *live = NULL;
    rc = ct_kube_get(k, ct_rollout__str(w, "apiVersion"), ct_rollout__str(w, "kind"), r->ns, ct_rollout__str(w, "name"), &live);
    if (rc) return ct_error_wrap(rc, "reading the stable %s %s", ct_rollout__str(w, "kind"), ct_rollout__str(w, "name"));
    json_object_set_new(ensure(live, "spec"), "replicas", json_integer(replicas));
    json_object_del(live, "status");
    json_t *res = NULL;
    rc = ct_kube_update(k, live, r->ns, &res);
    json_decref(res);
    json_decref(live);
    if (rc != CT_ECONFLICT) break;
  }
  return rc ? ct_error_wrap(rc, "scaling the stable %s %s", ct_rollout__str(w, "kind"), ct_rollout__str(w, "name")) : CT_OK;
}

int ct_rollout__restore_stable(ct_rollout__run *r, const json_t *w) {
  const json_t *src = ct_rollout__find(r->old_objs, ct_rollout__str(w, "kind"), ct_rollout__str(w, "name"));
  if (!src) return CT_OK;
  json_t *one = json_array();
  json_array_append(one, (json_t *)src);
  int rc = ct_res_apply(r->c->cfg->kube, one, r->name, r->ns, false, r->c->cfg->log);
  json_decref(one);
  return rc;
}

char *ct_rollout__selector(ct_rollout__run *r, const json_t *w, const char *track) {
  bool stable = !strcmp(track, "stable");
  const json_t *src = ct_rollout__find(stable ? r->old_objs : r->new_objs, ct_rollout__str(w, "kind"), ct_rollout__str(w, "name"));
  const json_t *ml = json_object_get(json_object_get(json_object_get(src, "spec"), "selector"), "matchLabels");
  ct_buf b = CT_BUF_INIT;
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)ml, key, v) {
    if (!strcmp(key, CT_ROLLOUT_TRACK_LABEL)) continue;
    ct_buf_printf(&b, "%s%s=%s", b.len ? "," : "", key, json_string_value(v) ? json_string_value(v) : "");
  }
  if (stable) ct_buf_printf(&b, "%s!%s", b.len ? "," : "", CT_ROLLOUT_TRACK_LABEL);
  else ct_buf_printf(&b, "%s%s=%s", b.len ? "," : "", CT_ROLLOUT_TRACK_LABEL, track);
  char *s = strdup(ct_buf_str(&b));
  ct_buf_dispose(&b);
  return s;
}

void ct_rollout__pods(ct_rollout__run *r, const json_t *w, const char *track, long *total, long *ready, long *restarts,
                      char *why, size_t len) {
  *total = *ready = *restarts = 0;
  if (why && len) why[0] = 0;
  char *sel = ct_rollout__selector(r, w, track);
  json_t *list = NULL;
  if (ct_kube_list(r->c->cfg->kube, "v1", "Pod", r->ns, sel, &list)) {
    if (why) snprintf(why, len, "listing pods: %s", ct_error_last());
    free(sel);
    return;
  }
  free(sel);
  size_t i;
  json_t *p;
  json_array_foreach(json_object_get(list, "items"), i, p) {
    if (json_object_get(json_object_get(p, "metadata"), "deletionTimestamp")) continue;
    (*total)++;
    char reason[256];
    ct_readiness rd = ct_kube_readiness(p, reason, sizeof reason);
    if (rd == CT_READY) (*ready)++;
    else if (why && len && !why[0]) snprintf(why, len, "pod %s: %s", sget(p, "metadata", "name"), reason);
    size_t j;
    json_t *cs;
    json_array_foreach(json_object_get(json_object_get(p, "status"), "containerStatuses"), j, cs) {
      long n = (long)json_integer_value(json_object_get(cs, "restartCount"));
      *restarts += n;
      if (n > 0 && why && len && !why[0]) snprintf(why, len, "pod %s: container %s restarted %ld times", sget(p, "metadata", "name"),
                                                   json_string_value(json_object_get(cs, "name")), n);
    }
  }
  json_decref(list);
}

int ct_rollout__wait_track(ct_rollout__run *r, const json_t *w, const char *track, double timeout_s) {
  ct_kube *k = r->c->cfg->kube;
  bool stable = !strcmp(track, "stable");
  char *nm = stable ? strdup(ct_rollout__str(w, "name")) : extra_name(w, track);
  double deadline = ct_rollout__now() + timeout_s;
  int rc = CT_OK;
  for (;;) {
    json_t *live = NULL;
    char reason[512] = "";
    ct_readiness rd = CT_IN_PROGRESS;
    int grc = ct_kube_get(k, ct_rollout__str(w, "apiVersion"), ct_rollout__str(w, "kind"), r->ns, nm, &live);
    if (grc == CT_OK) rd = ct_kube_readiness(live, reason, sizeof reason);
    else snprintf(reason, sizeof reason, "%s", grc == CT_ENOTFOUND ? "not found" : ct_error_last());
    json_decref(live);
    long total, ready, restarts;
    char why[512];
    ct_rollout__pods(r, w, track, &total, &ready, &restarts, why, sizeof why);
    ct_rollout__view(r, false);
    ct_rollout__heartbeat(r);
    if (!stable && restarts > 0) {
      rc = ct_error_set(CT_ERROR, "%s pods of %s %s are restarting: %s", track, ct_rollout__str(w, "kind"), nm, why);
      break;
    }
    if (rd == CT_READY) break;
    if (rd == CT_FAILED || ct_rollout__now() >= deadline) {
      rc = ct_error_set(rd == CT_FAILED ? CT_ERROR : CT_ETIMEOUT, "%s %s %s not ready%s: %s%s%s", track, ct_rollout__str(w, "kind"), nm,
                        rd == CT_FAILED ? "" : " before the timeout", reason, why[0] ? "; " : "", why);
      break;
    }
    ct_rollout__sleep(0.25);
  }
  free(nm);
  return rc;
}
