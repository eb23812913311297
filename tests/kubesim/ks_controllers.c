/* kubesim: controllers run on every tick — Deployment→ReplicaSet→Pod rollouts, pod
 * lifecycle, StatefulSets, DaemonSets, Jobs, Service Endpoints and PVC binding. */
#include "ks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *pod_born;  /* pod uid -> creation time (ms) as seen by the simulator */
static json_t *progress;  /* deployment uid -> {"sig":..., "t":ms} */
static unsigned pod_ip_counter;

static const ks_resource *R_POD, *R_RS, *R_DEP, *R_STS, *R_DS, *R_JOB, *R_SVC, *R_EP, *R_PVC;

static void init_refs(void) {
  if (R_POD) return;
  R_POD = ks_resource_find("", "v1", "pods");
  R_RS = ks_resource_find("apps", "v1", "replicasets");
  R_DEP = ks_resource_find("apps", "v1", "deployments");
  R_STS = ks_resource_find("apps", "v1", "statefulsets");
  R_DS = ks_resource_find("apps", "v1", "daemonsets");
  R_JOB = ks_resource_find("batch", "v1", "jobs");
  R_SVC = ks_resource_find("", "v1", "services");
  R_EP = ks_resource_find("", "v1", "endpoints");
  R_PVC = ks_resource_find("", "v1", "persistentvolumeclaims");
  pod_born = json_object();
  progress = json_object();
}

void ks_pod_forget(const char *uid) {
  if (pod_born) json_object_del(pod_born, uid);
}

/* ---- helpers ---- */
static int collect_cb(json_t *obj, void *ud) {
  json_array_append((json_t *)ud, obj);
  return 0;
}

static json_t *all_of(const ks_resource *r, const char *ns) {
  json_t *a = json_array();
  ks_store_each(r, ns, collect_cb, a);
  return a;
}

static int owned_by(json_t *obj, const char *uid) {
  size_t i;
  json_t *ref;
  json_array_foreach(ks_jpath(obj, "metadata.ownerReferences"), i, ref) {
    const char *u = ks_jstr(ref, "uid");
    if (u && !strcmp(u, uid)) return 1;
  }
  return 0;
}

static json_t *owned(const ks_resource *r, json_t *owner) {
  json_t *all = all_of(r, ks_jstr(owner, "metadata.namespace"));
  json_t *out = json_array();
  const char *uid = ks_jstr(owner, "metadata.uid");
  size_t i;
  json_t *o;
  json_array_foreach(all, i, o) {
    if (uid && owned_by(o, uid)) json_array_append(out, o);
  }
  json_decref(all);
  return out;
}

static json_t *owner_ref(json_t *owner, const char *av, const char *kind) {
  return json_pack("[{s:s, s:s, s:O, s:O, s:b, s:b}]", "apiVersion", av, "kind", kind, "name",
                   ks_jpath(owner, "metadata.name"), "uid", ks_jpath(owner, "metadata.uid"), "controller", 1,
                   "blockOwnerDeletion", 1);
}

static int pod_ready(json_t *pod) {
  size_t i;
  json_t *c;
  json_array_foreach(ks_jpath(pod, "status.conditions"), i, c) {
    const char *t = ks_jstr(c, "type"), *s = ks_jstr(c, "status");
    if (t && s && !strcmp(t, "Ready")) return !strcmp(s, "True");
  }
  return 0;
}

static int pod_terminal(json_t *pod) {
  const char *p = ks_jstr(pod, "status.phase");
  return p && (!strcmp(p, "Succeeded") || !strcmp(p, "Failed"));
}

static void put_if_changed(const ks_resource *r, json_t *old, json_t *n) {
  if (json_equal(old, n)) {
    json_decref(n);
    return;
  }
  ks_obj_ctrl_put(r, n, 0);
}

/* Drop nulls and empty objects/arrays, as decoding into Go structs does, so templates that
 * differ only by `creationTimestamp: null` or `resources: {}` hash alike. */
static void normalize(json_t *v) {
  if (json_is_object(v)) {
    const char *k;
    json_t *c;
    void *tmp;
    json_object_foreach_safe(v, tmp, k, c) {
      normalize(c);
      if (json_is_null(c) || (json_is_object(c) && !json_object_size(c)) || (json_is_array(c) && !json_array_size(c)))
        json_object_del(v, k);
    }
  } else if (json_is_array(v)) {
    size_t i;
    json_t *c;
    json_array_foreach(v, i, c) normalize(c);
  }
}

static char *template_hash(json_t *tmpl) {
  json_t *t = json_deep_copy(tmpl);
  normalize(t);
  json_t *labels = ks_jpath(t, "metadata.labels");
  if (json_is_object(labels)) json_object_del(labels, "pod-template-hash");
  char *d = json_dumps(t, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(t);
  char out[16];
  ks_safe_encode(out, sizeof out, ks_fnv32(d ? d : ""));
  free(d);
  return strdup(out);
}

static int64_t int_or_percent(json_t *v, int64_t total, int round_up, int64_t dflt) {
  if (json_is_integer(v)) return json_integer_value(v);
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    double p = strtod(s, NULL);
    if (strchr(s, '%')) {
      double x = p * (double)total / 100.0;
      return (int64_t)(round_up ? ceil(x) : floor(x));
    }
    return (int64_t)p;
  }
  return dflt;
}

/* Creates a pod from a template with the given name/labels/owner (steals labels, refs). */
static void create_pod(json_t *tmpl, const char *ns, const char *name, json_t *extra_labels, json_t *refs) {
  json_t *meta = json_deep_copy(json_object_get(tmpl, "metadata"));
  if (!json_is_object(meta)) {
    json_decref(meta);
    meta = json_object();
  }
  json_t *labels = ks_jobj_ensure(meta, "labels");
  if (extra_labels) json_object_update(labels, extra_labels);
  json_object_set_new(meta, "name", json_string(name));
  json_object_set_new(meta, "namespace", json_string(ns));
  if (refs) json_object_set_new(meta, "ownerReferences", refs);
  json_object_del(meta, "creationTimestamp");
  json_t *spec = json_deep_copy(json_object_get(tmpl, "spec"));
  if (!spec) spec = json_object();
  json_t *pod = json_pack("{s:s, s:s, s:o, s:o}", "apiVersion", "v1", "kind", "Pod", "metadata", meta, "spec", spec);
  json_decref(extra_labels);
  ks_obj_ctrl_put(R_POD, pod, 1);
}

/* ---- pods ---- */
static int contains_ci(const char *hay, const char *needle) { return hay && strstr(hay, needle) != NULL; }

static int pod_flag(json_t *pod, const char *annotation, const char *image_word) {
  const char *a = ks_jstr(json_object_get(ks_jpath(pod, "metadata.annotations"), annotation), "");
  json_t *av = json_object_get(ks_jpath(pod, "metadata.annotations"), annotation);
  (void)a;
  if (json_is_string(av) && !strcmp(json_string_value(av), "true")) return 1;
  size_t i;
  json_t *c;
  json_array_foreach(ks_jpath(pod, "spec.containers"), i, c) {
    if (contains_ci(ks_jstr(c, "image"), image_word)) return 1;
  }
  return 0;
}

static void pod_tick(json_t *pod, int64_t now) {
  const char *uid = ks_jstr(pod, "metadata.uid");
  if (!uid || ks_jstr(pod, "metadata.deletionTimestamp")) return;
  json_t *born = json_object_get(pod_born, uid);
  int64_t created;
  if (!born) {
    /* a pod we have not seen (new, or restored from disk) */
    const char *phase = ks_jstr(pod, "status.phase");
    created = phase && strcmp(phase, "Pending") ? now - ks_cfg.pod_ready_delay_ms : now;
    json_object_set_new(pod_born, uid, json_integer(created));
  } else {
    created = json_integer_value(born);
  }
  json_t *n = json_deep_copy(pod);
  json_t *spec = ks_jobj_ensure(n, "spec");
  json_t *status = ks_jobj_ensure(n, "status");
  if (!ks_jstr(n, "spec.nodeName")) json_object_set_new(spec, "nodeName", json_string("kubesim-node"));
  char start[32];
  ks_rfc3339(start, created / 1000);
  if (!ks_jstr(status, "podIP")) {
    pod_ip_counter++;
    char ip[32];
    snprintf(ip, sizeof ip, "10.244.%u.%u", (pod_ip_counter / 250) % 250, pod_ip_counter % 250 + 2);
    json_object_set_new(status, "podIP", json_string(ip));
    json_object_set_new(status, "podIPs", json_pack("[{s:s}]", "ip", ip));
    json_object_set_new(status, "hostIP", json_string("10.0.0.10"));
    json_object_set_new(status, "hostIPs", json_pack("[{s:s}]", "ip", "10.0.0.10"));
    json_object_set_new(status, "startTime", json_string(start));
  }
  int64_t age = now - created;
  int started = age >= ks_cfg.pod_ready_delay_ms;
  const char *rp = ks_jstr(spec, "restartPolicy");
  int run_to_completion = rp && strcmp(rp, "Always");
  int fail = pod_flag(n, "kubesim.io/fail", "fail");
  int never_ready = pod_flag(n, "kubesim.io/never-ready", "crashloop");
  const char *phase;
  int ready = 0;
  json_t *cstatuses = json_array();
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(spec, "containers"), i, c) {
    json_t *cs = json_pack("{s:O*, s:O*, s:s, s:s, s:b, s:b}", "name", json_object_get(c, "name"), "image",
                           json_object_get(c, "image"), "imageID", "", "containerID", "", "ready", 0, "started", 0);
    json_object_set_new(cs, "restartCount", json_integer(0));
    json_array_append_new(cstatuses, cs);
  }
  if (!started) {
    phase = "Pending";
    json_array_foreach(cstatuses, i, c)
        json_object_set_new(c, "state", json_pack("{s:{s:s}}", "waiting", "reason", "ContainerCreating"));
  } else if (run_to_completion) {
    phase = fail ? "Failed" : "Succeeded";
    json_array_foreach(cstatuses, i, c) {
      json_object_set_new(c, "state",
                          json_pack("{s:{s:i, s:s, s:s, s:s}}", "terminated", "exitCode", fail ? 1 : 0, "reason",
                                    fail ? "Error" : "Completed", "startedAt", start, "finishedAt", start));
      json_object_set_new(c, "containerID", json_string("containerd://kubesim"));
    }
  } else if (never_ready || fail) {
    phase = "Running";
    int64_t restarts = 1 + (age - ks_cfg.pod_ready_delay_ms) / (ks_cfg.tick_ms * 5 > 500 ? ks_cfg.tick_ms * 5 : 500);
    json_array_foreach(cstatuses, i, c) {
      json_object_set_new(c, "state",
                          json_pack("{s:{s:s, s:s}}", "waiting", "reason", "CrashLoopBackOff", "message",
                                    "back-off restarting failed container (kubesim)"));
      json_object_set_new(c, "lastState",
                          json_pack("{s:{s:i, s:s, s:s, s:s}}", "terminated", "exitCode", 1, "reason", "Error",
                                    "startedAt", start, "finishedAt", start));
      json_object_set_new(c, "restartCount", json_integer(restarts));
      json_object_set_new(c, "containerID", json_string("containerd://kubesim"));
    }
  } else {
    phase = "Running";
    ready = 1;
    json_array_foreach(cstatuses, i, c) {
      json_object_set_new(c, "state", json_pack("{s:{s:s}}", "running", "startedAt", start));
      json_object_set_new(c, "ready", json_true());
      json_object_set_new(c, "started", json_true());
      json_object_set_new(c, "containerID", json_string("containerd://kubesim"));
    }
  }
  json_object_set_new(status, "phase", json_string(phase));
  json_object_set_new(status, "containerStatuses", cstatuses);
  const char *rs = ready ? "True" : "False";
  json_t *conds = json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]", "type",
                            "PodScheduled", "status", "True", "lastTransitionTime", start, "type", "Initialized",
                            "status", "True", "lastTransitionTime", start, "type", "ContainersReady", "status", rs,
                            "lastTransitionTime", start, "type", "Ready", "status", rs, "lastTransitionTime", start);
  if (!ready && started) {
    json_t *cr;
    size_t k;
    json_array_foreach(conds, k, cr) {
      if (k >= 2) {
        json_object_set_new(cr, "reason", json_string(run_to_completion ? "PodCompleted" : "ContainersNotReady"));
      }
    }
  }
  json_object_set_new(status, "conditions", conds);
  put_if_changed(R_POD, pod, n);
}

/* ---- replicasets ---- */
static int cmp_newest_unready_first(const void *a, const void *b) {
  json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  int rx = pod_ready(x), ry = pod_ready(y);
  if (rx != ry) return rx - ry; /* unready first */
  const char *cx = ks_jstr(x, "metadata.creationTimestamp"), *cy = ks_jstr(y, "metadata.creationTimestamp");
  return -strcmp(cx ? cx : "", cy ? cy : "");
}

static void rs_tick(json_t *rs) {
  const char *ns = ks_jstr(rs, "metadata.namespace"), *name = ks_jstr(rs, "metadata.name");
  json_t *pods = owned(R_POD, rs);
  json_t *alive = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(pods, i, p) {
    if (!pod_terminal(p) || 1) json_array_append(alive, p);
  }
  int64_t want = ks_jint(rs, "spec.replicas", 1);
  int64_t have = (int64_t)json_array_size(alive);
  if (have < want) {
    json_t *tmpl = ks_jpath(rs, "spec.template");
    for (int64_t k = have; k < want; k++) {
      char suf[8];
      ks_rand_suffix(suf, 5);
      char *pname = ks_strdup_printf("%s-%s", name, suf);
      create_pod(tmpl, ns, pname, NULL, owner_ref(rs, "apps/v1", "ReplicaSet"));
      free(pname);
    }
  } else if (have > want) {
    size_t n = json_array_size(alive);
    json_t **v = malloc(n * sizeof *v);
    for (size_t k = 0; k < n; k++) v[k] = json_array_get(alive, k);
    qsort(v, n, sizeof *v, cmp_newest_unready_first);
    for (int64_t k = 0; k < have - want; k++)
      ks_obj_ctrl_delete(R_POD, ns, ks_jstr(v[k], "metadata.name"));
    free(v);
  }
  json_decref(pods);
  json_decref(alive);
  pods = owned(R_POD, rs);
  int64_t count = 0, ready = 0;
  json_array_foreach(pods, i, p) {
    count++;
    if (pod_ready(p)) ready++;
  }
  json_decref(pods);
  json_t *n = json_deep_copy(rs);
  json_t *st = ks_jobj_ensure(n, "status");
  json_object_set_new(st, "replicas", json_integer(count));
  json_object_set_new(st, "fullyLabeledReplicas", json_integer(count));
  json_object_set_new(st, "readyReplicas", json_integer(ready));
  json_object_set_new(st, "availableReplicas", json_integer(ready));
  json_object_set_new(st, "observedGeneration", json_integer(ks_jint(rs, "metadata.generation", 1)));
  put_if_changed(R_RS, rs, n);
}

/* ---- deployments ---- */
static int64_t revision_of(json_t *o) {
  const char *r = ks_jstr(json_object_get(ks_jpath(o, "metadata.annotations"), "deployment.kubernetes.io/revision"), "");
  json_t *v = json_object_get(ks_jpath(o, "metadata.annotations"), "deployment.kubernetes.io/revision");
  (void)r;
  return json_is_string(v) ? strtoll(json_string_value(v), NULL, 10) : 0;
}

static void set_rs_replicas(json_t *rs, int64_t replicas) {
  if (ks_jint(rs, "spec.replicas", 1) == replicas) return;
  json_t *n = json_deep_copy(rs);
  json_object_set_new(ks_jobj_ensure(n, "spec"), "replicas", json_integer(replicas));
  ks_obj_ctrl_put(R_RS, n, 0);
}

static json_t *cond(const char *type, const char *status, const char *reason, const char *msg, const char *t_update,
                    const char *t_trans) {
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", type, "status", status, "lastUpdateTime", t_update,
                   "lastTransitionTime", t_trans, "reason", reason, "message", msg);
}

static const char *old_cond_time(json_t *obj, const char *type, const char *status, const char *field) {
  size_t i;
  json_t *c;
  json_array_foreach(ks_jpath(obj, "status.conditions"), i, c) {
    if (!strcmp(ks_jstr(c, "type") ? ks_jstr(c, "type") : "", type) &&
        !strcmp(ks_jstr(c, "status") ? ks_jstr(c, "status") : "", status))
      return ks_jstr(c, field);
  }
  return NULL;
}

static void deployment_tick(json_t *d, int64_t now) {
  const char *ns = ks_jstr(d, "metadata.namespace"), *name = ks_jstr(d, "metadata.name");
  const char *duid = ks_jstr(d, "metadata.uid");
  json_t *tmpl = ks_jpath(d, "spec.template");
  if (!json_is_object(tmpl) || !duid) return;
  int64_t want = ks_jint(d, "spec.replicas", 1);
  char *hash = template_hash(tmpl);
  char *rsname = ks_strdup_printf("%s-%s", name, hash);
  json_t *rss = owned(R_RS, d);
  json_t *newrs = NULL;
  int64_t maxrev = 0;
  size_t i;
  json_t *r;
  json_array_foreach(rss, i, r) {
    if (!strcmp(ks_jstr(r, "metadata.name"), rsname)) newrs = r;
    int64_t rv = revision_of(r);
    if (rv > maxrev) maxrev = rv;
  }
  int paused = json_is_true(ks_jpath(d, "spec.paused"));
  const char *stype = ks_jstr(d, "spec.strategy.type");
  int recreate = stype && !strcmp(stype, "Recreate");
  int64_t surge = int_or_percent(ks_jpath(d, "spec.strategy.rollingUpdate.maxSurge"), want, 1, 1);
  int64_t unavail = int_or_percent(ks_jpath(d, "spec.strategy.rollingUpdate.maxUnavailable"), want, 0, 0);
  if (recreate) surge = 0, unavail = want;
  if (surge == 0 && unavail == 0) unavail = 1;
  if (!newrs && !paused) {
    json_t *labels = json_deep_copy(ks_jpath(tmpl, "metadata.labels"));
    if (!json_is_object(labels)) {
      json_decref(labels);
      labels = json_object();
    }
    json_object_set_new(labels, "pod-template-hash", json_string(hash));
    json_t *t2 = json_deep_copy(tmpl);
    json_object_set(ks_jobj_ensure(t2, "metadata"), "labels", labels);
    json_t *sel = json_deep_copy(ks_jpath(d, "spec.selector"));
    if (!json_is_object(sel)) {
      json_decref(sel);
      sel = json_object();
    }
    json_object_set_new(ks_jobj_ensure(sel, "matchLabels"), "pod-template-hash", json_string(hash));
    int64_t total = 0;
    json_array_foreach(rss, i, r) total += ks_jint(r, "spec.replicas", 0);
    int64_t initial = recreate ? 0 : want + surge - total;
    if (initial > want) initial = want;
    if (initial < 0) initial = 0;
    char rev[24], wants[24], maxs[24];
    snprintf(rev, sizeof rev, "%lld", (long long)(maxrev + 1));
    snprintf(wants, sizeof wants, "%lld", (long long)want);
    snprintf(maxs, sizeof maxs, "%lld", (long long)(want + surge));
    json_t *annotations = json_pack("{s:s, s:s, s:s}", "deployment.kubernetes.io/revision", rev,
                                    "deployment.kubernetes.io/desired-replicas", wants,
                                    "deployment.kubernetes.io/max-replicas", maxs);
    json_t *obj = json_pack("{s:s, s:s, s:{s:s, s:s, s:o, s:o, s:o}, s:{s:I, s:o, s:o, s:i}}", "apiVersion",
                            "apps/v1", "kind", "ReplicaSet", "metadata", "name", rsname, "namespace", ns, "labels",
                            json_deep_copy(labels), "annotations", annotations, "ownerReferences",
                            owner_ref(d, "apps/v1", "Deployment"), "spec", "replicas", (json_int_t)initial,
                            "selector", sel, "template", t2, "minReadySeconds", 0);
    json_decref(labels);
    ks_obj_ctrl_put(R_RS, obj, 1);
    json_decref(rss);
    rss = owned(R_RS, d);
    json_array_foreach(rss, i, r) {
      if (!strcmp(ks_jstr(r, "metadata.name"), rsname)) newrs = r;
    }
  } else if (newrs && revision_of(newrs) < maxrev && !paused) {
    /* rollback to an older template: it becomes the newest revision */
    json_t *n = json_deep_copy(newrs);
    char rev[24];
    snprintf(rev, sizeof rev, "%lld", (long long)(maxrev + 1));
    json_object_set_new(ks_jobj_ensure(ks_jobj_ensure(n, "metadata"), "annotations"), "deployment.kubernetes.io/revision",
                        json_string(rev));
    ks_obj_ctrl_put(R_RS, n, 0);
    json_decref(rss);
    rss = owned(R_RS, d);
    newrs = NULL;
    json_array_foreach(rss, i, r) {
      if (!strcmp(ks_jstr(r, "metadata.name"), rsname)) newrs = r;
    }
  }
  if (newrs && !paused) {
    int64_t all_pods = 0, all_avail = 0, total_spec = 0, old_pods = 0;
    json_array_foreach(rss, i, r) {
      all_pods += ks_jint(r, "status.replicas", 0);
      all_avail += ks_jint(r, "status.availableReplicas", 0);
      total_spec += ks_jint(r, "spec.replicas", 0);
      if (r != newrs) old_pods += ks_jint(r, "status.replicas", 0) + ks_jint(r, "spec.replicas", 0);
    }
    int64_t new_spec = ks_jint(newrs, "spec.replicas", 0);
    if (recreate) {
      json_array_foreach(rss, i, r) if (r != newrs) set_rs_replicas(r, 0);
      if (old_pods == 0) set_rs_replicas(newrs, want);
    } else {
      if (new_spec < want) {
        int64_t allowed = want + surge - total_spec;
        if (allowed > 0) set_rs_replicas(newrs, new_spec + allowed < want ? new_spec + allowed : want);
      } else if (new_spec > want) {
        set_rs_replicas(newrs, want);
      }
      int64_t min_avail = want - unavail;
      int64_t new_unavail = ks_jint(newrs, "spec.replicas", 0) - ks_jint(newrs, "status.availableReplicas", 0);
      if (new_unavail < 0) new_unavail = 0;
      int64_t max_down = all_pods - min_avail - new_unavail;
      /* first drop unhealthy old replicas, then healthy ones down to minAvailable */
      json_array_foreach(rss, i, r) {
        if (r == newrs || max_down <= 0) continue;
        int64_t spec = ks_jint(r, "spec.replicas", 0);
        int64_t unhealthy = spec - ks_jint(r, "status.availableReplicas", 0);
        if (unhealthy <= 0) continue;
        int64_t down = unhealthy < max_down ? unhealthy : max_down;
        set_rs_replicas(r, spec - down);
        max_down -= down;
      }
      int64_t can_down = all_avail - min_avail;
      json_array_foreach(rss, i, r) {
        if (r == newrs || can_down <= 0) continue;
        json_t *cur = ks_store_get(R_RS, ns, ks_jstr(r, "metadata.name"));
        int64_t spec = ks_jint(cur, "spec.replicas", 0);
        if (spec <= 0) continue;
        int64_t down = spec < can_down ? spec : can_down;
        set_rs_replicas(cur, spec - down);
        can_down -= down;
      }
    }
  }
  /* status from the (possibly updated) replica sets */
  json_decref(rss);
  rss = owned(R_RS, d);
  newrs = NULL;
  int64_t replicas = 0, ready = 0, avail = 0, updated = 0;
  json_array_foreach(rss, i, r) {
    replicas += ks_jint(r, "status.replicas", 0);
    ready += ks_jint(r, "status.readyReplicas", 0);
    avail += ks_jint(r, "status.availableReplicas", 0);
    if (!strcmp(ks_jstr(r, "metadata.name"), rsname)) {
      newrs = r;
      updated = ks_jint(r, "status.replicas", 0);
    }
  }
  json_t *n = json_deep_copy(d);
  json_t *st = ks_jobj_ensure(n, "status");
  json_object_set_new(st, "observedGeneration", json_integer(ks_jint(d, "metadata.generation", 1)));
  json_object_set_new(st, "replicas", json_integer(replicas));
  json_object_set_new(st, "updatedReplicas", json_integer(updated));
  json_object_set_new(st, "readyReplicas", json_integer(ready));
  json_object_set_new(st, "availableReplicas", json_integer(avail));
  if (replicas - avail > 0)
    json_object_set_new(st, "unavailableReplicas", json_integer(replicas - avail));
  else
    json_object_del(st, "unavailableReplicas");
  if (!ready) json_object_del(st, "readyReplicas");
  char nowstr[32];
  ks_now_rfc3339(nowstr);
  int complete = updated == want && replicas == want && avail >= want;
  char sig[128];
  snprintf(sig, sizeof sig, "%s/%lld/%lld/%lld/%lld", rsname, (long long)replicas, (long long)updated,
           (long long)ready, (long long)avail);
  json_t *pg = json_object_get(progress, duid);
  if (!pg || strcmp(ks_jstr(pg, "sig") ? ks_jstr(pg, "sig") : "", sig)) {
    json_object_set_new(progress, duid, json_pack("{s:s, s:I}", "sig", sig, "t", (json_int_t)now));
    pg = json_object_get(progress, duid);
  }
  int64_t last_progress = ks_jint(pg, "t", now);
  int64_t deadline = ks_jint(d, "spec.progressDeadlineSeconds", 600);
  const char *avs = avail >= want - unavail ? "True" : "False";
  const char *at = old_cond_time(d, "Available", avs, "lastTransitionTime");
  const char *au = old_cond_time(d, "Available", avs, "lastUpdateTime");
  json_t *conds = json_array();
  json_array_append_new(conds, cond("Available", avs, !strcmp(avs, "True") ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                                    !strcmp(avs, "True") ? "Deployment has minimum availability."
                                                         : "Deployment does not have minimum availability.",
                                    au ? au : nowstr, at ? at : nowstr));
  char msg[400];
  const char *preason, *pstatus = "True";
  if (paused) {
    preason = "DeploymentPaused";
    snprintf(msg, sizeof msg, "Deployment is paused");
    pstatus = "Unknown";
  } else if (complete) {
    preason = "NewReplicaSetAvailable";
    snprintf(msg, sizeof msg, "ReplicaSet \"%s\" has successfully progressed.", rsname);
  } else if (now - last_progress > deadline * 1000) {
    preason = "ProgressDeadlineExceeded";
    pstatus = "False";
    snprintf(msg, sizeof msg, "ReplicaSet \"%s\" has timed out progressing.", rsname);
  } else {
    preason = newrs && ks_jint(newrs, "metadata.generation", 1) == 1 && updated == 0 ? "NewReplicaSetCreated"
                                                                                     : "ReplicaSetUpdated";
    if (!strcmp(preason, "NewReplicaSetCreated"))
      snprintf(msg, sizeof msg, "Created new replica set \"%s\"", rsname);
    else
      snprintf(msg, sizeof msg, "ReplicaSet \"%s\" is progressing.", rsname);
  }
  const char *pt = old_cond_time(d, "Progressing", pstatus, "lastTransitionTime");
  const char *pu = NULL;
  {
    size_t k;
    json_t *c;
    json_array_foreach(ks_jpath(d, "status.conditions"), k, c) {
      if (!strcmp(ks_jstr(c, "type") ? ks_jstr(c, "type") : "", "Progressing") &&
          !strcmp(ks_jstr(c, "reason") ? ks_jstr(c, "reason") : "", preason) &&
          !strcmp(ks_jstr(c, "message") ? ks_jstr(c, "message") : "", msg))
        pu = ks_jstr(c, "lastUpdateTime");
    }
  }
  json_array_append_new(conds, cond("Progressing", pstatus, preason, msg, pu ? pu : nowstr, pt ? pt : nowstr));
  json_object_set_new(st, "conditions", conds);
  if (newrs) {
    char rev[24];
    snprintf(rev, sizeof rev, "%lld", (long long)revision_of(newrs));
    json_object_set_new(ks_jobj_ensure(ks_jobj_ensure(n, "metadata"), "annotations"), "deployment.kubernetes.io/revision",
                        json_string(rev));
  }
  put_if_changed(R_DEP, d, n);
  /* prune old, empty replica sets beyond revisionHistoryLimit */
  int64_t limit = ks_jint(d, "spec.revisionHistoryLimit", 10);
  int64_t old_count = 0;
  json_array_foreach(rss, i, r) if (r != newrs && ks_jint(r, "spec.replicas", 0) == 0 && ks_jint(r, "status.replicas", 0) == 0) old_count++;
  while (old_count > limit) {
    json_t *oldest = NULL;
    json_array_foreach(rss, i, r) {
      if (r == newrs || ks_jint(r, "spec.replicas", 0) || ks_jint(r, "status.replicas", 0)) continue;
      if (!ks_store_get(R_RS, ns, ks_jstr(r, "metadata.name"))) continue;
      if (!oldest || revision_of(r) < revision_of(oldest)) oldest = r;
    }
    if (!oldest) break;
    ks_obj_ctrl_delete(R_RS, ns, ks_jstr(oldest, "metadata.name"));
    old_count--;
  }
  json_decref(rss);
  free(hash);
  free(rsname);
}

/* ---- statefulsets ---- */
static void statefulset_tick(json_t *s) {
  const char *ns = ks_jstr(s, "metadata.namespace"), *name = ks_jstr(s, "metadata.name");
  json_t *tmpl = ks_jpath(s, "spec.template");
  if (!json_is_object(tmpl)) return;
  int64_t want = ks_jint(s, "spec.replicas", 1);
  char *hash = template_hash(tmpl);
  char *rev = ks_strdup_printf("%s-%s", name, hash);
  const char *pmp = ks_jstr(s, "spec.podManagementPolicy");
  int parallel = pmp && !strcmp(pmp, "Parallel");
  json_t *pods = owned(R_POD, s);
  int all_ready_below = 1;
  for (int64_t k = 0; k < want; k++) {
    char pname[300];
    snprintf(pname, sizeof pname, "%s-%lld", name, (long long)k);
    json_t *p = ks_store_get(R_POD, ns, pname);
    if (!p) {
      if (!parallel && !all_ready_below) break;
      size_t i;
      json_t *vct;
      json_t *vols = json_array();
      json_array_foreach(ks_jpath(s, "spec.volumeClaimTemplates"), i, vct) {
        const char *tn = ks_jstr(vct, "metadata.name");
        if (!tn) continue;
        char *claim = ks_strdup_printf("%s-%s-%lld", tn, name, (long long)k);
        if (!ks_store_get(R_PVC, ns, claim)) {
          json_t *pvc = json_pack("{s:s, s:s, s:{s:s, s:s, s:O*}, s:O*}", "apiVersion", "v1", "kind",
                                  "PersistentVolumeClaim", "metadata", "name", claim, "namespace", ns, "labels",
                                  ks_jpath(tmpl, "metadata.labels"), "spec", json_object_get(vct, "spec"));
          if (!json_object_get(pvc, "spec")) json_object_set_new(pvc, "spec", json_object());
          ks_obj_ctrl_put(R_PVC, pvc, 1);
        }
        json_array_append_new(vols, json_pack("{s:s, s:{s:s}}", "name", tn, "persistentVolumeClaim", "claimName", claim));
        free(claim);
      }
      json_t *t2 = json_deep_copy(tmpl);
      json_t *spec = ks_jobj_ensure(t2, "spec");
      json_object_set_new(spec, "hostname", json_string(pname));
      if (ks_jstr(s, "spec.serviceName")) json_object_set(spec, "subdomain", ks_jpath(s, "spec.serviceName"));
      if (json_array_size(vols)) {
        json_t *v = json_object_get(spec, "volumes");
        if (!json_is_array(v)) json_object_set_new(spec, "volumes", v = json_array());
        json_array_extend(v, vols);
      }
      json_decref(vols);
      char ord[24];
      snprintf(ord, sizeof ord, "%lld", (long long)k);
      create_pod(t2, ns, pname,
                 json_pack("{s:s, s:s, s:s}", "controller-revision-hash", rev, "statefulset.kubernetes.io/pod-name",
                           pname, "apps.kubernetes.io/pod-index", ord),
                 owner_ref(s, "apps/v1", "StatefulSet"));
      json_decref(t2);
      all_ready_below = 0;
      if (!parallel) break;
    } else if (!pod_ready(p)) {
      all_ready_below = 0;
    }
  }
  /* scale down: remove the highest ordinal beyond replicas */
  size_t i;
  json_t *p;
  json_array_foreach(pods, i, p) {
    const char *pn = ks_jstr(p, "metadata.name");
    const char *dash = strrchr(pn, '-');
    if (dash && strtoll(dash + 1, NULL, 10) >= want) ks_obj_ctrl_delete(R_POD, ns, pn);
  }
  json_decref(pods);
  pods = owned(R_POD, s);
  int64_t count = 0, ready = 0, updated = 0;
  json_t *stale = NULL;
  int64_t stale_ord = -1;
  json_array_foreach(pods, i, p) {
    count++;
    if (pod_ready(p)) ready++;
    const char *h = ks_jstr(json_object_get(ks_jpath(p, "metadata.labels"), "controller-revision-hash"), "");
    json_t *hv = json_object_get(ks_jpath(p, "metadata.labels"), "controller-revision-hash");
    (void)h;
    if (json_is_string(hv) && !strcmp(json_string_value(hv), rev))
      updated++;
    else {
      const char *dash = strrchr(ks_jstr(p, "metadata.name"), '-');
      int64_t ord = dash ? strtoll(dash + 1, NULL, 10) : 0;
      if (ord > stale_ord) {
        stale_ord = ord;
        stale = p;
      }
    }
  }
  const char *ustype = ks_jstr(s, "spec.updateStrategy.type");
  if (stale && ready == count && count == want && !(ustype && !strcmp(ustype, "OnDelete")))
    ks_obj_ctrl_delete(R_POD, ns, ks_jstr(stale, "metadata.name"));
  json_decref(pods);
  json_t *n = json_deep_copy(s);
  json_t *st = ks_jobj_ensure(n, "status");
  json_object_set_new(st, "observedGeneration", json_integer(ks_jint(s, "metadata.generation", 1)));
  json_object_set_new(st, "replicas", json_integer(count));
  json_object_set_new(st, "readyReplicas", json_integer(ready));
  json_object_set_new(st, "availableReplicas", json_integer(ready));
  json_object_set_new(st, "updatedReplicas", json_integer(updated));
  json_object_set_new(st, "currentReplicas", json_integer(updated == want && ready == want ? updated : count - updated));
  json_object_set_new(st, "updateRevision", json_string(rev));
  if (!ks_jstr(st, "currentRevision") || (updated == want && ready == want))
    json_object_set_new(st, "currentRevision", json_string(rev));
  json_object_set_new(st, "collisionCount", json_integer(0));
  put_if_changed(R_STS, s, n);
  free(hash);
  free(rev);
}

/* ---- daemonsets (one simulated node) ---- */
static void daemonset_tick(json_t *ds) {
  const char *ns = ks_jstr(ds, "metadata.namespace"), *name = ks_jstr(ds, "metadata.name");
  json_t *tmpl = ks_jpath(ds, "spec.template");
  if (!json_is_object(tmpl)) return;
  char *hash = template_hash(tmpl);
  json_t *pods = owned(R_POD, ds);
  size_t i;
  json_t *p;
  int have_current = 0;
  json_array_foreach(pods, i, p) {
    json_t *hv = json_object_get(ks_jpath(p, "metadata.labels"), "controller-revision-hash");
    if (json_is_string(hv) && !strcmp(json_string_value(hv), hash))
      have_current = 1;
    else
      ks_obj_ctrl_delete(R_POD, ns, ks_jstr(p, "metadata.name"));
  }
  if (!have_current) {
    char suf[8];
    ks_rand_suffix(suf, 5);
    char *pname = ks_strdup_printf("%s-%s", name, suf);
    create_pod(tmpl, ns, pname, json_pack("{s:s}", "controller-revision-hash", hash), owner_ref(ds, "apps/v1", "DaemonSet"));
    free(pname);
  }
  json_decref(pods);
  pods = owned(R_POD, ds);
  int64_t count = 0, ready = 0, updated = 0;
  json_array_foreach(pods, i, p) {
    count++;
    if (pod_ready(p)) ready++;
    json_t *hv = json_object_get(ks_jpath(p, "metadata.labels"), "controller-revision-hash");
    if (json_is_string(hv) && !strcmp(json_string_value(hv), hash)) updated++;
  }
  json_decref(pods);
  json_t *n = json_deep_copy(ds);
  json_t *st = ks_jobj_ensure(n, "status");
  json_object_set_new(st, "observedGeneration", json_integer(ks_jint(ds, "metadata.generation", 1)));
  json_object_set_new(st, "desiredNumberScheduled", json_integer(1));
  json_object_set_new(st, "currentNumberScheduled", json_integer(count));
  json_object_set_new(st, "numberMisscheduled", json_integer(0));
  json_object_set_new(st, "numberReady", json_integer(ready));
  json_object_set_new(st, "numberAvailable", json_integer(ready));
  json_object_set_new(st, "updatedNumberScheduled", json_integer(updated));
  if (ready < 1)
    json_object_set_new(st, "numberUnavailable", json_integer(1 - ready));
  else
    json_object_del(st, "numberUnavailable");
  put_if_changed(R_DS, ds, n);
  free(hash);
}

/* ---- jobs ---- */
static int job_finished(json_t *j) {
  size_t i;
  json_t *c;
  json_array_foreach(ks_jpath(j, "status.conditions"), i, c) {
    const char *t = ks_jstr(c, "type"), *s = ks_jstr(c, "status");
    if (t && s && !strcmp(s, "True") && (!strcmp(t, "Complete") || !strcmp(t, "Failed"))) return 1;
  }
  return 0;
}

static void job_tick(json_t *j) {
  if (job_finished(j) || json_is_true(ks_jpath(j, "spec.suspend"))) return;
  const char *ns = ks_jstr(j, "metadata.namespace"), *name = ks_jstr(j, "metadata.name");
  json_t *pods = owned(R_POD, j);
  int64_t succeeded = 0, failed = 0, active = 0, ready = 0;
  size_t i;
  json_t *p;
  json_array_foreach(pods, i, p) {
    const char *ph = ks_jstr(p, "status.phase");
    if (ph && !strcmp(ph, "Succeeded"))
      succeeded++;
    else if (ph && !strcmp(ph, "Failed"))
      failed++;
    else {
      active++;
      if (pod_ready(p)) ready++;
    }
  }
  json_decref(pods);
  int64_t completions = ks_jint(j, "spec.completions", 1), parallelism = ks_jint(j, "spec.parallelism", 1);
  int64_t backoff = ks_jint(j, "spec.backoffLimit", 6);
  json_t *n = json_deep_copy(j);
  json_t *st = ks_jobj_ensure(n, "status");
  char now[32];
  ks_now_rfc3339(now);
  if (!ks_jstr(st, "startTime")) json_object_set_new(st, "startTime", json_string(now));
  if (succeeded >= completions) {
    active = 0;
    json_object_set_new(st, "completionTime", json_string(now));
    json_object_set_new(st, "conditions",
                        json_pack("[{s:s, s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s, s:s}]", "type",
                                  "SuccessCriteriaMet", "status", "True", "reason", "CompletionsReached", "message",
                                  "Reached expected number of succeeded pods", "lastProbeTime", now,
                                  "lastTransitionTime", now, "type", "Complete", "status", "True", "reason",
                                  "CompletionsReached", "message", "Reached expected number of succeeded pods",
                                  "lastProbeTime", now, "lastTransitionTime", now));
  } else if (failed > backoff) {
    active = 0;
    json_object_set_new(st, "conditions",
                        json_pack("[{s:s, s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s, s:s}]", "type",
                                  "FailureTarget", "status", "True", "reason", "BackoffLimitExceeded", "message",
                                  "Job has reached the specified backoff limit", "lastProbeTime", now,
                                  "lastTransitionTime", now, "type", "Failed", "status", "True", "reason",
                                  "BackoffLimitExceeded", "message", "Job has reached the specified backoff limit",
                                  "lastProbeTime", now, "lastTransitionTime", now));
  } else {
    int64_t want_active = completions - succeeded < parallelism ? completions - succeeded : parallelism;
    json_t *tmpl = ks_jpath(j, "spec.template");
    for (int64_t k = active; k < want_active; k++) {
      char suf[8];
      ks_rand_suffix(suf, 5);
      char *pname = ks_strdup_printf("%s-%s", name, suf);
      create_pod(tmpl, ns, pname, NULL, owner_ref(j, "batch/v1", "Job"));
      free(pname);
      active++;
    }
  }
  if (active)
    json_object_set_new(st, "active", json_integer(active));
  else
    json_object_del(st, "active");
  if (succeeded) json_object_set_new(st, "succeeded", json_integer(succeeded));
  if (failed) json_object_set_new(st, "failed", json_integer(failed));
  json_object_set_new(st, "ready", json_integer(ready));
  json_object_set_new(st, "terminating", json_integer(0));
  json_object_set_new(st, "uncountedTerminatedPods", json_object());
  /* startTime/now moves every tick only while running; avoid churn by comparing sans times */
  json_t *a = json_deep_copy(j), *b = json_deep_copy(n);
  json_object_del(json_object_get(a, "status"), "completionTime");
  json_object_del(json_object_get(b, "status"), "completionTime");
  int same = json_equal(a, b);
  json_decref(a);
  json_decref(b);
  if (same)
    json_decref(n);
  else
    ks_obj_ctrl_put(R_JOB, n, 0);
}

/* ---- services → endpoints ---- */
static json_t *resolve_port(json_t *target, json_t *pods) {
  if (json_is_integer(target)) return json_incref(target);
  if (!json_is_string(target)) return json_integer(0);
  const char *name = json_string_value(target);
  size_t i, k, m;
  json_t *p, *c, *cp;
  json_array_foreach(pods, i, p) {
    json_array_foreach(ks_jpath(p, "spec.containers"), k, c) {
      json_array_foreach(json_object_get(c, "ports"), m, cp) {
        const char *pn = ks_jstr(cp, "name");
        if (pn && !strcmp(pn, name)) return json_integer(ks_jint(cp, "containerPort", 0));
      }
    }
  }
  return json_integer(0);
}

static void service_tick(json_t *svc, json_t *pods_all) {
  json_t *sel = ks_jpath(svc, "spec.selector");
  if (!json_is_object(sel) || !json_object_size(sel)) return;
  const char *ns = ks_jstr(svc, "metadata.namespace"), *name = ks_jstr(svc, "metadata.name");
  json_t *ready = json_array(), *notready = json_array(), *matched = json_array();
  size_t i;
  json_t *p;
  json_array_foreach(pods_all, i, p) {
    const char *pns = ks_jstr(p, "metadata.namespace");
    if (!pns || strcmp(pns, ns) || pod_terminal(p) || !ks_jstr(p, "status.podIP")) continue;
    if (!ks_label_selector_match_json(sel, ks_jpath(p, "metadata.labels"))) continue;
    json_array_append(matched, p);
    json_t *addr = json_pack("{s:O, s:s, s:{s:s, s:O, s:O, s:O}}", "ip", ks_jpath(p, "status.podIP"), "nodeName",
                             "kubesim-node", "targetRef", "kind", "Pod", "namespace", ks_jpath(p, "metadata.namespace"),
                             "name", ks_jpath(p, "metadata.name"), "uid", ks_jpath(p, "metadata.uid"));
    json_array_append_new(pod_ready(p) ? ready : notready, addr);
  }
  json_t *ports = json_array();
  json_t *sp;
  json_array_foreach(ks_jpath(svc, "spec.ports"), i, sp) {
    json_t *tp = json_object_get(sp, "targetPort");
    json_t *port = resolve_port(tp ? tp : json_object_get(sp, "port"), matched);
    json_t *e = json_pack("{s:o, s:s}", "port", port, "protocol", ks_jstr(sp, "protocol") ? ks_jstr(sp, "protocol") : "TCP");
    if (ks_jstr(sp, "name")) json_object_set(e, "name", json_object_get(sp, "name"));
    json_array_append_new(ports, e);
  }
  json_t *subsets = json_array();
  if (json_array_size(ready) || json_array_size(notready)) {
    json_t *ss = json_pack("{s:O}", "ports", ports);
    if (json_array_size(ready)) json_object_set(ss, "addresses", ready);
    if (json_array_size(notready)) json_object_set(ss, "notReadyAddresses", notready);
    json_array_append_new(subsets, ss);
  }
  json_t *cur = ks_store_get(R_EP, ns, name);
  json_t *n;
  if (cur) {
    n = json_deep_copy(cur);
  } else {
    n = json_pack("{s:s, s:s, s:{s:s, s:s}}", "apiVersion", "v1", "kind", "Endpoints", "metadata", "name", name,
                  "namespace", ns);
  }
  json_t *labels = json_deep_copy(ks_jpath(svc, "metadata.labels"));
  if (!json_is_object(labels)) {
    json_decref(labels);
    labels = json_object();
  }
  json_object_set_new(labels, "endpoints.kubernetes.io/managed-by", json_string("endpoint-controller"));
  json_object_set_new(json_object_get(n, "metadata"), "labels", labels);
  json_object_set_new(n, "subsets", subsets);
  if (cur)
    put_if_changed(R_EP, cur, n);
  else
    ks_obj_ctrl_put(R_EP, n, 1);
  json_decref(ready);
  json_decref(notready);
  json_decref(matched);
  json_decref(ports);
}

static void endpoints_gc(json_t *ep) {
  json_t *mb = json_object_get(ks_jpath(ep, "metadata.labels"), "endpoints.kubernetes.io/managed-by");
  if (!json_is_string(mb) || strcmp(json_string_value(mb), "endpoint-controller")) return;
  const char *ns = ks_jstr(ep, "metadata.namespace"), *name = ks_jstr(ep, "metadata.name");
  json_t *svc = ks_store_get(R_SVC, ns, name);
  if (!svc || !json_object_size(ks_jpath(svc, "spec.selector"))) ks_obj_ctrl_delete(R_EP, ns, name);
}

/* ---- pvcs ---- */
static void pvc_tick(json_t *pvc) {
  const char *phase = ks_jstr(pvc, "status.phase");
  if (phase && !strcmp(phase, "Bound")) return;
  json_t *n = json_deep_copy(pvc);
  json_t *spec = ks_jobj_ensure(n, "spec");
  char *vol = ks_strdup_printf("pvc-%s", ks_jstr(pvc, "metadata.uid"));
  if (!ks_jstr(spec, "volumeName")) json_object_set_new(spec, "volumeName", json_string(vol));
  if (!ks_jstr(spec, "storageClassName")) json_object_set_new(spec, "storageClassName", json_string("standard"));
  json_t *modes = json_object_get(spec, "accessModes");
  json_t *st = json_pack("{s:s, s:O*, s:{s:s}}", "phase", "Bound", "accessModes", modes, "capacity", "storage",
                         ks_jstr(spec, "resources.requests.storage") ? ks_jstr(spec, "resources.requests.storage") : "1Gi");
  json_object_set_new(n, "status", st);
  free(vol);
  put_if_changed(R_PVC, pvc, n);
}

/* ---- orphan collection: dependents whose controller owner is gone ---- */
static void gc_pod(json_t *p) {
  size_t i;
  json_t *ref;
  int any = 0, alive = 0;
  json_array_foreach(ks_jpath(p, "metadata.ownerReferences"), i, ref) {
    any = 1;
    const char *u = ks_jstr(ref, "uid");
    if (u && ks_store_find_uid(u, NULL)) alive = 1;
  }
  if (any && !alive) ks_obj_ctrl_delete(R_POD, ks_jstr(p, "metadata.namespace"), ks_jstr(p, "metadata.name"));
}

void ks_controllers_tick(void) {
  pthread_mutex_lock(&ks_store_mu);
  init_refs();
  int64_t now = ks_now_ms();
  size_t i;
  json_t *o, *list;

  list = all_of(R_DEP, NULL);
  json_array_foreach(list, i, o) deployment_tick(o, now);
  json_decref(list);

  list = all_of(R_RS, NULL);
  json_array_foreach(list, i, o) {
    json_t *cur = ks_store_get(R_RS, ks_jstr(o, "metadata.namespace"), ks_jstr(o, "metadata.name"));
    if (cur) rs_tick(cur);
  }
  json_decref(list);

  list = all_of(R_STS, NULL);
  json_array_foreach(list, i, o) statefulset_tick(o);
  json_decref(list);

  list = all_of(R_DS, NULL);
  json_array_foreach(list, i, o) daemonset_tick(o);
  json_decref(list);

  list = all_of(R_JOB, NULL);
  json_array_foreach(list, i, o) job_tick(o);
  json_decref(list);

  list = all_of(R_POD, NULL);
  json_array_foreach(list, i, o) gc_pod(o);
  json_decref(list);

  list = all_of(R_POD, NULL);
  json_array_foreach(list, i, o) {
    json_t *cur = ks_store_get(R_POD, ks_jstr(o, "metadata.namespace"), ks_jstr(o, "metadata.name"));
    if (cur) pod_tick(cur, now);
  }
  json_decref(list);

  list = all_of(R_PVC, NULL);
  json_array_foreach(list, i, o) pvc_tick(o);
  json_decref(list);

  json_t *pods = all_of(R_POD, NULL);
  list = all_of(R_SVC, NULL);
  json_array_foreach(list, i, o) service_tick(o, pods);
  json_decref(list);
  json_decref(pods);
  list = all_of(R_EP, NULL);
  json_array_foreach(list, i, o) endpoints_gc(o);
  json_decref(list);
  pthread_mutex_unlock(&ks_store_mu);
}
