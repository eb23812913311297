/* bluegreen.c — blue/green without a controller: Services pinned to the stable pods by their
 * pod-template-hash, a full-size preview workload and preview Service, an exact selector
 * switch (and switch back), and the final hand-over to the release's own workloads. */
#include <stdlib.h>
#include <string.h>

#include "action/resources.h"
#include "chartctl/buf.h"
#include "chartctl/errors.h"
#include "rollout/rollout_int.h"

static bool subset(const json_t *sel, const json_t *labels) {
  if (!json_is_object(sel) || !json_object_size(sel) || !json_is_object(labels)) return false;
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)sel, k, v) {
    const char *lv = json_string_value(json_object_get(labels, k));
    if (!lv || !json_is_string(v) || strcmp(lv, json_string_value(v))) return false;
  }
  return true;
}

static const json_t *tpl_labels(const json_t *o) {
  return json_object_get(json_object_get(json_object_get(json_object_get(o, "spec"), "template"), "metadata"), "labels");
}

/* The Services of the stable revision that select a rolled-out workload's pods, with the
 * stable pods' template hash (recorded once, so the switch back is exact). */
static int find_services(ct_rollout__run *r) {
  if (json_is_array(json_object_get(r->ro, "services"))) return CT_OK;
  json_t *svcs = json_array();
  size_t i, j;
  json_t *o, *w;
  json_array_foreach(r->old_objs, i, o) {
    const char *kind = json_string_value(json_object_get(o, "kind"));
    if (!kind || strcmp(kind, "Service")) continue;
    const json_t *sel = json_object_get(json_object_get(o, "spec"), "selector");
    json_array_foreach(json_object_get(r->ro, "workloads"), j, w) {
      const json_t *src = ct_rollout__find(r->old_objs, ct_rollout__str(w, "kind"), ct_rollout__str(w, "name"));
      if (!subset(sel, tpl_labels(src))) continue;
      const char *hkey = !strcmp(ct_rollout__str(w, "kind"), "StatefulSet") ? "controller-revision-hash" : "pod-template-hash";
      char *ps = ct_rollout__selector(r, w, "stable");
      json_t *pods = NULL;
      int rc = ct_kube_list(r->c->cfg->kube, "v1", "Pod", r->ns, ps, &pods);
      free(ps);
      if (rc) {
        json_decref(svcs);
        return rc;
      }
      const char *hash = NULL;
      size_t k;
      json_t *p;
      json_array_foreach(json_object_get(pods, "items"), k, p) {
        if (ct_kube_readiness(p, NULL, 0) != CT_READY) continue;
        hash = json_string_value(json_object_get(json_object_get(json_object_get(p, "metadata"), "labels"), hkey));
        if (hash) break;
      }
      if (!hash) {
        json_decref(pods);
        json_decref(svcs);
        return ct_error_set(CT_ERROR, "no ready stable pod of %s %s carries a %s label: cannot pin Service %s to it",
                            ct_rollout__str(w, "kind"), ct_rollout__str(w, "name"), hkey,
                            json_string_value(json_object_get(json_object_get(o, "metadata"), "name")));
      }
      json_array_append_new(svcs, json_pack("{s:O,s:O,s:s,s:s,s:i}", "name", json_object_get(json_object_get(o, "metadata"), "name"),
                                            "selector", sel, "hashKey", hkey, "hash", hash, "workload", (int)j));
      json_decref(pods);
      break;
    }
  }
  json_object_set_new(r->ro, "services", svcs);
  return ct_rollout__save(r);
}

/* MODE: "stable" (pinned to the old pods), "preview" (the new pods), "orig" (the stable
 * revision's selector), "new" (the new revision's). */
static int set_selector(ct_rollout__run *r, const json_t *svc, const char *mode) {
  ct_kube *k = r->c->cfg->kube;
  int rc = CT_OK;
  for (int attempt = 0; attempt < 5; attempt++) {
    json_t *live = NULL;
    rc = ct_kube_get(k, "v1", "Service", r->ns, ct_rollout__str(svc, "name"), &live);
    if (rc) break;
    json_t *sel = json_deep_copy(json_object_get(svc, "selector"));
    if (!strcmp(mode, "stable")) json_object_set_new(sel, ct_rollout__str(svc, "hashKey"), json_string(ct_rollout__str(svc, "hash")));
    else if (!strcmp(mode, "preview")) json_object_set_new(sel, CT_ROLLOUT_TRACK_LABEL, json_string("preview"));
    else if (!strcmp(mode, "new")) {
      const json_t *ns = json_object_get(json_object_get(ct_rollout__find(r->new_objs, "Service", ct_rollout__str(svc, "name")), "spec"), "selector");
      if (json_is_object(ns)) {
        json_decref(sel);
        sel = json_deep_copy(ns);
      }
    }
    json_object_set_new(json_object_get(live, "spec"), "selector", sel);
    json_object_del(live, "status");
    json_t *res = NULL;
    rc = ct_kube_update(k, live, r->ns, &res);
    json_decref(res);
    json_decref(live);
    if (rc != CT_ECONFLICT) break;
  }
  return rc ? ct_error_wrap(rc, "setting the selector of Service %s", ct_rollout__str(svc, "name")) : CT_OK;
}

static int all_selectors(ct_rollout__run *r, const char *mode) {
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(r->ro, "services"), i, s) {
    int rc = set_selector(r, s, mode);
    if (rc) return rc;
  }
  return CT_OK;
}

static int preview_services(ct_rollout__run *r, bool remove) {
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(r->ro, "services"), i, s) {
    ct_buf nm = CT_BUF_INIT;
    ct_buf_printf(&nm, "%s%s", ct_rollout__str(s, "name"), CT_ROLLOUT_PREVIEW_SUFFIX);
    int rc;
    if (remove) {
      rc = ct_kube_delete(r->c->cfg->kube, "v1", "Service", r->ns, ct_buf_str(&nm), "Background");
      if (rc == CT_ENOTFOUND) rc = CT_OK;
    } else {
      const json_t *src = ct_rollout__find(r->new_objs, "Service", ct_rollout__str(s, "name"));
      if (!src) src = ct_rollout__find(r->old_objs, "Service", ct_rollout__str(s, "name"));
      json_t *o = json_deep_copy(src);
      json_t *meta = json_object_get(o, "metadata");
      json_object_set_new(meta, "name", json_string(ct_buf_str(&nm)));
      json_object_del(meta, "namespace");
      json_t *labels = json_object_get(meta, "labels");
      if (!json_is_object(labels)) json_object_set_new(meta, "labels", labels = json_object());
      json_object_set_new(labels, CT_ROLLOUT_OF_LABEL, json_string(r->name));
      json_t *spec = json_object_get(o, "spec");
      json_object_del(spec, "clusterIP");
      json_object_del(spec, "clusterIPs");
      json_object_set_new(spec, "type", json_string("ClusterIP"));
      size_t j;
      json_t *port;
      json_array_foreach(json_object_get(spec, "ports"), j, port) json_object_del(port, "nodePort");
      json_t *sel = json_deep_copy(json_object_get(s, "selector"));
      json_object_set_new(sel, CT_ROLLOUT_TRACK_LABEL, json_string("preview"));
      json_object_set_new(spec, "selector", sel);
      ct_res_set_owner(o, r->name, r->ns);
      json_t *res = NULL;
      rc = ct_kube_apply(r->c->cfg->kube, o, r->ns, "chartctl", true, false, &res);
      json_decref(res);
      json_decref(o);
    }
    if (rc) {
      rc = ct_error_wrap(rc, "%s preview Service %s", remove ? "deleting" : "applying", ct_buf_str(&nm));
      ct_buf_dispose(&nm);
      return rc;
    }
    ct_buf_dispose(&nm);
  }
  return CT_OK;
}

int ct_rollout__bg_prepare(ct_rollout__run *r) {
  int rc = find_services(r);
  if (!rc) rc = all_selectors(r, "stable");
  if (rc) return rc;
  double timeout = ct_rollout__num(r->ro, "timeout", 300);
  size_t i;
  json_t *w;
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    json_object_set_new(w, "canaryPods", json_integer((json_int_t)ct_rollout__num(w, "total", 1)));
    json_object_set_new(w, "stablePods", json_integer((json_int_t)ct_rollout__num(w, "total", 1)));
    if ((rc = ct_rollout__apply_extra(r, w, "preview", (long)ct_rollout__num(w, "total", 1)))) return rc;
  }
  if ((rc = preview_services(r, false))) return rc;
  ct_rollout__save(r);
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    if ((rc = ct_rollout__wait_track(r, w, "preview", timeout))) return rc;
  }
  return CT_OK;
}

int ct_rollout__bg_switch(ct_rollout__run *r, bool to_preview) { return all_selectors(r, to_preview ? "preview" : "stable"); }

int ct_rollout__bg_finish(ct_rollout__run *r) {
  ct_action_cfg *cfg = r->c->cfg;
  double timeout = ct_rollout__num(r->ro, "timeout", 300);
  /* the release's workloads take the new template while the Services still select only
   * the preview pods; then the Services get the chart's selectors back */
  json_t *rest = json_array(), *svcs = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(r->new_objs, i, o) {
    const char *kind = json_string_value(json_object_get(o, "kind"));
    json_array_append(kind && !strcmp(kind, "Service") ? svcs : rest, o);
  }
  int rc = ct_res_apply(cfg->kube, rest, r->name, r->ns, false, cfg->log);
  if (!rc) rc = ct_res_wait(cfg->kube, rest, r->ns, timeout, false);
  if (!rc) rc = ct_res_apply(cfg->kube, svcs, r->name, r->ns, false, cfg->log);
  if (!rc) rc = all_selectors(r, "new");
  if (!rc) {
    json_t *gone = ct_res_removed(r->old_objs, r->new_objs);
    rc = ct_res_delete(cfg->kube, gone, r->ns, cfg->log);
    json_decref(gone);
  }
  json_t *w;
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    if (!rc) rc = ct_rollout__delete_extra(r, w, "preview");
  }
  if (!rc) rc = preview_services(r, true);
  json_decref(rest);
  json_decref(svcs);
  return rc;
}

int ct_rollout__bg_abort(ct_rollout__run *r) {
  if (!json_is_array(json_object_get(r->ro, "services"))) return CT_OK; /* nothing was pinned */
  /* instant switch back to the old pods, then the preview goes, then the chart's selectors */
  int rc = all_selectors(r, "stable");
  if (rc) return rc;
  ct_rollout__event(r, "switched", "services switched back to revision %d", (int)ct_rollout__num(r->ro, "stableRevision", 0));
  size_t i;
  json_t *w;
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    if ((rc = ct_rollout__delete_extra(r, w, "preview"))) return rc;
  }
  if ((rc = preview_services(r, true))) return rc;
  return all_selectors(r, "orig");
}
