/* readiness.c — judges whether a live object is ready, the way kstatus (and Helm's --wait)
 * does: workloads rolled out, pods ready, jobs complete, PVCs bound, CRDs established. */
#include <stdio.h>
#include <string.h>

#include "kube/kube.h"

static long num(const json_t *o, const char *a, const char *b) {
  const json_t *x = json_object_get(o, a);
  if (b) x = json_object_get(x, b);
  return json_is_integer(x) ? (long)json_integer_value(x) : 0;
}

static const json_t *condition(const json_t *obj, const char *type) {
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(json_object_get(obj, "status"), "conditions"), i, c) {
    const char *t = json_string_value(json_object_get(c, "type"));
    if (t && strcmp(t, type) == 0) return c;
  }
  return NULL;
}

static bool cond_true(const json_t *obj, const char *type) {
  const json_t *c = condition(obj, type);
  const char *s = c ? json_string_value(json_object_get(c, "status")) : NULL;
  return s && strcmp(s, "True") == 0;
}

#define SAY(...) (reason ? (void)snprintf(reason, reason_len, __VA_ARGS__) : (void)0)

ct_readiness ct_kube_readiness(const json_t *obj, char *reason, size_t reason_len) {
  const char *kind = json_string_value(json_object_get(obj, "kind"));
  const json_t *meta = json_object_get(obj, "metadata"), *status = json_object_get(obj, "status");
  if (reason && reason_len) reason[0] = 0;
  if (!kind) return CT_READY;
  long gen = num(meta, "generation", NULL), observed = num(status, "observedGeneration", NULL);
  bool has_observed = json_object_get(status, "observedGeneration") != NULL;
  if (!strcmp(kind, "Deployment") || !strcmp(kind, "StatefulSet") || !strcmp(kind, "ReplicaSet") ||
      !strcmp(kind, "DaemonSet")) {
    if (has_observed && observed < gen) {
      SAY("%s generation %ld not yet observed (observed %ld)", kind, gen, observed);
      return CT_IN_PROGRESS;
    }
    if (!strcmp(kind, "DaemonSet")) {
      long want = num(status, "desiredNumberScheduled", NULL), ready = num(status, "numberReady", NULL),
           updated = num(status, "updatedNumberScheduled", NULL);
      if (updated < want || ready < want) {
        SAY("%ld of %ld pods updated, %ld ready", updated, want, ready);
        return CT_IN_PROGRESS;
      }
      return CT_READY;
    }
    const json_t *rep = json_object_get(json_object_get(obj, "spec"), "replicas");
    long want = rep ? (long)json_integer_value(rep) : 1;
    long updated = num(status, "updatedReplicas", NULL), ready = num(status, "readyReplicas", NULL),
         avail = num(status, "availableReplicas", NULL), total = num(status, "replicas", NULL);
    if (!strcmp(kind, "Deployment")) {
      const json_t *prog = condition(obj, "Progressing");
      const char *r = prog ? json_string_value(json_object_get(prog, "reason")) : NULL;
      if (r && !strcmp(r, "ProgressDeadlineExceeded")) {
        SAY("progress deadline exceeded");
        return CT_FAILED;
      }
    }
    if (!strcmp(kind, "ReplicaSet")) updated = total;
    if (updated < want) {
      SAY("%ld of %ld replicas updated", updated, want);
      return CT_IN_PROGRESS;
    }
    if (total > updated && strcmp(kind, "StatefulSet")) {
      SAY("%ld old replicas pending termination", total - updated);
      return CT_IN_PROGRESS;
    }
    if (ready < want || (!strcmp(kind, "Deployment") && avail < want)) {
      SAY("%ld of %ld replicas ready", ready, want);
      return CT_IN_PROGRESS;
    }
    return CT_READY;
  }
  if (!strcmp(kind, "Pod")) {
    const char *phase = json_string_value(json_object_get(status, "phase"));
    if (phase && !strcmp(phase, "Succeeded")) return CT_READY;
    if (phase && !strcmp(phase, "Failed")) {
      SAY("pod failed");
      return CT_FAILED;
    }
    size_t i;
    json_t *cs;
    json_array_foreach(json_object_get(status, "containerStatuses"), i, cs) {
      const char *why = json_string_value(json_object_get(json_object_get(json_object_get(cs, "state"), "waiting"), "reason"));
      if (why && (!strcmp(why, "CrashLoopBackOff") || !strcmp(why, "ImagePullBackOff") || !strcmp(why, "ErrImagePull"))) {
        SAY("container %s: %s (restarts: %ld)", json_string_value(json_object_get(cs, "name")), why,
            num(cs, "restartCount", NULL));
        return CT_IN_PROGRESS;
      }
    }
    if (!cond_true(obj, "Ready")) {
      SAY("pod not ready (phase %s)", phase ? phase : "Pending");
      return CT_IN_PROGRESS;
    }
    return CT_READY;
  }
  if (!strcmp(kind, "Job")) {
    if (cond_true(obj, "Failed")) {
      SAY("job failed");
      return CT_FAILED;
    }
    if (cond_true(obj, "Complete")) return CT_READY;
    SAY("job not complete (%ld succeeded)", num(status, "succeeded", NULL));
    return CT_IN_PROGRESS;
  }
  if (!strcmp(kind, "PersistentVolumeClaim")) {
    const char *phase = json_string_value(json_object_get(status, "phase"));
    if (phase && !strcmp(phase, "Bound")) return CT_READY;
    SAY("claim not bound");
    return CT_IN_PROGRESS;
  }
  if (!strcmp(kind, "CustomResourceDefinition")) {
    if (cond_true(obj, "Established")) return CT_READY;
    SAY("CRD not established");
    return CT_IN_PROGRESS;
  }
  if (!strcmp(kind, "Service")) {
    const char *type = json_string_value(json_object_get(json_object_get(obj, "spec"), "type"));
    if (type && !strcmp(type, "LoadBalancer") &&
        !json_array_size(json_object_get(json_object_get(status, "loadBalancer"), "ingress"))) {
      SAY("load balancer has no ingress yet");
      return CT_IN_PROGRESS;
    }
    return CT_READY;
  }
  /* generic: a Ready condition if present, else observedGeneration */
  if (has_observed && observed < gen) {
    SAY("generation %ld not yet observed", gen);
    return CT_IN_PROGRESS;
  }
  if (condition(obj, "Ready") && !cond_true(obj, "Ready")) {
    SAY("Ready condition is not True");
    return CT_IN_PROGRESS;
  }
  return CT_READY;
}
