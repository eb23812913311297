/* hooks.c — Helm hooks: run the hooks of an event in weight order, wait for Jobs and Pods
 * to finish, record last_run, apply delete policies (before-hook-creation by default). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "action/action.h"
#include "action/resources.h"
#include "chartctl/errors.h"

static bool has(const json_t *arr, const char *s) {
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), s)) return true;
  return false;
}

static int by_weight(const void *a, const void *b) {
  const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  long wx = (long)json_integer_value(json_object_get(x, "weight")), wy = (long)json_integer_value(json_object_get(y, "weight"));
  if (wx != wy) return wx < wy ? -1 : 1;
  return strcmp(json_string_value(json_object_get(x, "name")), json_string_value(json_object_get(y, "name")));
}

static void set_phase(json_t *hook, const char *phase, bool start) {
  json_t *lr = json_object_get(hook, "last_run");
  if (!json_is_object(lr)) json_object_set_new(hook, "last_run", lr = json_object());
  char now[64];
  ct_release_now(now, sizeof now);
  if (start) {
    json_object_set_new(lr, "started_at", json_string(now));
    json_object_set_new(lr, "completed_at", json_string(""));
  } else {
    json_object_set_new(lr, "completed_at", json_string(now));
  }
  json_object_set_new(lr, "phase", json_string(phase));
}

/* A Pod hook is done when its phase is Succeeded (Failed fails it), as Helm's watchUntilReady. */
static int wait_pod_done(ct_action_cfg *cfg, const json_t *objs, const char *ns, double timeout_s) {
  const json_t *o = json_array_get(objs, 0);
  const char *name = json_string_value(json_object_get(json_object_get(o, "metadata"), "name"));
  for (double waited = 0;; waited += 0.2) {
    json_t *live = NULL;
    int rc = ct_kube_get(cfg->kube, "v1", "Pod", ns, name, &live);
    const char *phase = rc ? NULL : json_string_value(json_object_get(json_object_get(live, "status"), "phase"));
    bool ok = phase && !strcmp(phase, "Succeeded"), bad = phase && !strcmp(phase, "Failed");
    json_decref(live);
    if (ok) return CT_OK;
    if (bad) return ct_error_set(CT_ERROR, "pod %s failed", name);
    if (rc && rc != CT_ENOTFOUND) return rc;
    if (waited >= timeout_s) return ct_error_set(CT_ETIMEOUT, "timed out waiting for the condition: pod %s is %s", name, phase ? phase : "missing");
    struct timespec ts = {0, 200 * 1000000L};
    nanosleep(&ts, NULL);
  }
}

int ct_action_run_hooks(ct_action_cfg *cfg, json_t *rel, const char *event, double timeout_s) {
  json_t *hooks = json_object_get(rel, "hooks");
  size_t n = json_array_size(hooks), m = 0;
  if (!n) return CT_OK;
  json_t **sel = malloc(n * sizeof *sel);
  for (size_t i = 0; i < n; i++) {
    json_t *h = json_array_get(hooks, i);
    if (has(json_object_get(h, "events"), event)) sel[m++] = h;
  }
  qsort(sel, m, sizeof *sel, by_weight);
  const char *ns = json_string_value(json_object_get(rel, "namespace"));
  const char *relname = json_string_value(json_object_get(rel, "name"));
  int rc = CT_OK;
  for (size_t i = 0; i < m && !rc; i++) {
    json_t *h = sel[i];
    json_t *pol = json_object_get(h, "delete_policies");
    bool default_policy = json_array_size(pol) == 0;
    json_t *objs = NULL;
    if ((rc = ct_res_parse(&objs, json_string_value(json_object_get(h, "manifest"))))) break;
    if (default_policy || has(pol, "before-hook-creation")) ct_res_delete(cfg->kube, objs, ns, NULL);
    set_phase(h, "Running", true);
    if (cfg->log) fprintf(cfg->log, "running %s hook %s\n", event, json_string_value(json_object_get(h, "name")));
    rc = ct_res_apply(cfg->kube, objs, relname, ns, false, NULL);
    const char *kind = json_string_value(json_object_get(h, "kind"));
    if (!rc && kind && !strcmp(kind, "Job")) rc = ct_res_wait(cfg->kube, objs, ns, timeout_s, true);
    if (!rc && kind && !strcmp(kind, "Pod")) rc = wait_pod_done(cfg, objs, ns, timeout_s);
    set_phase(h, rc ? "Failed" : "Succeeded", false);
    if (rc) {
      rc = ct_error_wrap(rc, "%s hook %s failed", event, json_string_value(json_object_get(h, "path")));
      if (has(pol, "hook-failed")) ct_res_delete(cfg->kube, objs, ns, NULL);
    } else if (has(pol, "hook-succeeded")) {
      ct_res_delete(cfg->kube, objs, ns, NULL);
    }
    json_decref(objs);
  }
  free(sel);
  return rc;
}
