/* kubesim: the registry of servable resources (built-in kinds plus CRD-defined ones) and
 * the discovery documents built from it (/api, /apis, /apis/G/V, /version). */
#include "ks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KS_MAX_RESOURCES 512

static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static ks_resource *reg[KS_MAX_RESOURCES];
static int reg_n;

typedef struct builtin {
  const char *group, *version, *plural, *singular, *kind, *shorts;
  int namespaced, has_status, has_scale, in_all;
} builtin;

static const builtin builtins[] = {
    {"", "v1", "namespaces", "namespace", "Namespace", "ns", 0, 1, 0, 0},
    {"", "v1", "configmaps", "configmap", "ConfigMap", "cm", 1, 0, 0, 0},
    {"", "v1", "secrets", "secret", "Secret", "", 1, 0, 0, 0},
    {"", "v1", "services", "service", "Service", "svc", 1, 1, 0, 1},
    {"", "v1", "endpoints", "endpoints", "Endpoints", "ep", 1, 0, 0, 0},
    {"", "v1", "pods", "pod", "Pod", "po", 1, 1, 0, 1},
    {"", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", "sa", 1, 0, 0, 0},
    {"", "v1", "events", "event", "Event", "ev", 1, 0, 0, 0},
    {"", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", "pvc", 1, 1, 0, 0},
    {"", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", "pv", 0, 1, 0, 0},
    {"", "v1", "nodes", "node", "Node", "no", 0, 1, 0, 0},
    {"", "v1", "replicationcontrollers", "replicationcontroller", "ReplicationController", "rc", 1, 1, 1, 1},
    {"", "v1", "resourcequotas", "resourcequota", "ResourceQuota", "quota", 1, 1, 0, 0},
    {"", "v1", "limitranges", "limitrange", "LimitRange", "limits", 1, 0, 0, 0},
    {"apps", "v1", "deployments", "deployment", "Deployment", "deploy", 1, 1, 1, 1},
    {"apps", "v1", "replicasets", "replicaset", "ReplicaSet", "rs", 1, 1, 1, 1},
    {"apps", "v1", "statefulsets", "statefulset", "StatefulSet", "sts", 1, 1, 1, 1},
    {"apps", "v1", "daemonsets", "daemonset", "DaemonSet", "ds", 1, 1, 0, 1},
    {"apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", "", 1, 0, 0, 0},
    {"batch", "v1", "jobs", "job", "Job", "", 1, 1, 0, 1},
    {"batch", "v1", "cronjobs", "cronjob", "CronJob", "cj", 1, 1, 0, 1},
    {"networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", "ing", 1, 1, 0, 0},
    {"networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", "netpol", 1, 0, 0, 0},
    {"networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", "", 0, 0, 0, 0},
    {"rbac.authorization.k8s.io", "v1", "roles", "role", "Role", "", 1, 0, 0, 0},
    {"rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", "", 1, 0, 0, 0},
    {"rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", "", 0, 0, 0, 0},
    {"rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", "", 0, 0, 0, 0},
    {"policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", "pdb", 1, 1, 0, 0},
    {"autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", "hpa", 1, 1, 0, 1},
    {"apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", "crd,crds", 0, 1, 0, 0},
    {"storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", "sc", 0, 0, 0, 0},
    {"scheduling.k8s.io", "v1", "priorityclasses", "priorityclass", "PriorityClass", "pc", 0, 0, 0, 0},
    {"coordination.k8s.io", "v1", "leases", "lease", "Lease", "", 1, 0, 0, 0},
    {"discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", "", 1, 0, 0, 0},
    {"admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", "", 0, 0, 0, 0},
    {"admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", "", 0, 0, 0, 0},
};

static void copy_str(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static void set_shorts(ks_resource *r, const char *shorts) {
  memset(r->short_names, 0, sizeof r->short_names);
  int i = 0;
  const char *p = shorts;
  while (p && *p && i < 4) {
    const char *c = strchr(p, ',');
    size_t n = c ? (size_t)(c - p) : strlen(p);
    if (n >= sizeof r->short_names[0]) n = sizeof r->short_names[0] - 1;
    memcpy(r->short_names[i], p, n);
    r->short_names[i][n] = 0;
    i++;
    p = c ? c + 1 : NULL;
  }
}

void ks_resources_init(void) {
  pthread_mutex_lock(&reg_mu);
  for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
    const builtin *b = &builtins[i];
    ks_resource *r = calloc(1, sizeof *r);
    copy_str(r->group, sizeof r->group, b->group);
    copy_str(r->version, sizeof r->version, b->version);
    copy_str(r->plural, sizeof r->plural, b->plural);
    copy_str(r->singular, sizeof r->singular, b->singular);
    copy_str(r->kind, sizeof r->kind, b->kind);
    snprintf(r->list_kind, sizeof r->list_kind, "%sList", b->kind);
    set_shorts(r, b->shorts);
    r->namespaced = b->namespaced;
    r->has_status = b->has_status;
    r->has_scale = b->has_scale;
    r->in_all = b->in_all;
    reg[reg_n++] = r;
  }
  pthread_mutex_unlock(&reg_mu);
}

const ks_resource *ks_resource_find(const char *group, const char *version, const char *plural) {
  const ks_resource *found = NULL;
  pthread_mutex_lock(&reg_mu);
  for (int i = 0; i < reg_n; i++) {
    ks_resource *r = reg[i];
    if (r->removed) continue;
    if (!strcmp(r->group, group) && !strcmp(r->plural, plural) && (!version || !strcmp(r->version, version))) {
      found = r;
      break;
    }
  }
  pthread_mutex_unlock(&reg_mu);
  return found;
}

const ks_resource *ks_resource_by_kind(const char *api_version, const char *kind) {
  if (!api_version || !kind) return NULL;
  char group[128] = "", version[64];
  const char *slash = strchr(api_version, '/');
  if (slash) {
    snprintf(group, sizeof group, "%.*s", (int)(slash - api_version), api_version);
    snprintf(version, sizeof version, "%s", slash + 1);
  } else {
    snprintf(version, sizeof version, "%s", api_version);
  }
  const ks_resource *found = NULL;
  pthread_mutex_lock(&reg_mu);
  for (int i = 0; i < reg_n; i++) {
    ks_resource *r = reg[i];
    if (!r->removed && !strcmp(r->group, group) && !strcmp(r->version, version) && !strcmp(r->kind, kind)) {
      found = r;
      break;
    }
  }
  pthread_mutex_unlock(&reg_mu);
  return found;
}

void ks_resource_qualified(const ks_resource *r, char *out, size_t n) {
  if (r->group[0])
    snprintf(out, n, "%s.%s", r->plural, r->group);
  else
    snprintf(out, n, "%s", r->plural);
}

/* CRDs: one registry entry per served version; entries are never freed (pointers stay
 * valid for in-flight requests), only marked removed and revived on re-create. */
void ks_resource_crd_sync(json_t *crd) {
  const char *group = ks_jstr(crd, "spec.group");
  const char *plural = ks_jstr(crd, "spec.names.plural");
  const char *kind = ks_jstr(crd, "spec.names.kind");
  if (!group || !plural || !kind) return;
  const char *singular = ks_jstr(crd, "spec.names.singular");
  const char *list_kind = ks_jstr(crd, "spec.names.listKind");
  const char *scope = ks_jstr(crd, "spec.scope");
  json_t *versions = ks_jpath(crd, "spec.versions");
  json_t *shorts = ks_jpath(crd, "spec.names.shortNames");
  json_t *cats = ks_jpath(crd, "spec.names.categories");
  char shortbuf[200] = "";
  size_t i;
  json_t *v;
  json_array_foreach(shorts, i, v) {
    if (!json_is_string(v)) continue;
    if (shortbuf[0]) strncat(shortbuf, ",", sizeof shortbuf - strlen(shortbuf) - 1);
    strncat(shortbuf, json_string_value(v), sizeof shortbuf - strlen(shortbuf) - 1);
  }
  int in_all = 0;
  json_array_foreach(cats, i, v) {
    if (json_is_string(v) && !strcmp(json_string_value(v), "all")) in_all = 1;
  }
  pthread_mutex_lock(&reg_mu);
  /* mark all versions of this CRD removed, then revive the served ones */
  for (int k = 0; k < reg_n; k++)
    if (reg[k]->is_crd && !strcmp(reg[k]->group, group) && !strcmp(reg[k]->plural, plural)) reg[k]->removed = 1;
  json_array_foreach(versions, i, v) {
    const char *ver = ks_jstr(v, "name");
    if (!ver || json_is_false(json_object_get(v, "served"))) continue;
    ks_resource *r = NULL;
    for (int k = 0; k < reg_n; k++)
      if (reg[k]->is_crd && !strcmp(reg[k]->group, group) && !strcmp(reg[k]->plural, plural) &&
          !strcmp(reg[k]->version, ver))
        r = reg[k];
    if (!r) {
      if (reg_n >= KS_MAX_RESOURCES) break;
      r = calloc(1, sizeof *r);
      reg[reg_n++] = r;
    }
    copy_str(r->group, sizeof r->group, group);
    copy_str(r->version, sizeof r->version, ver);
    copy_str(r->plural, sizeof r->plural, plural);
    copy_str(r->kind, sizeof r->kind, kind);
    if (singular)
      copy_str(r->singular, sizeof r->singular, singular);
    else {
      snprintf(r->singular, sizeof r->singular, "%s", kind);
      for (char *c = r->singular; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
    }
    if (list_kind)
      copy_str(r->list_kind, sizeof r->list_kind, list_kind);
    else
      snprintf(r->list_kind, sizeof r->list_kind, "%sList", kind);
    set_shorts(r, shortbuf);
    r->namespaced = !scope || strcmp(scope, "Cluster") != 0;
    r->has_status = json_is_object(ks_jpath(v, "subresources.status"));
    r->has_scale = json_is_object(ks_jpath(v, "subresources.scale"));
    r->in_all = in_all;
    r->is_crd = 1;
    r->removed = 0;
  }
  pthread_mutex_unlock(&reg_mu);
}

void ks_resource_crd_remove(json_t *crd) {
  const char *group = ks_jstr(crd, "spec.group");
  const char *plural = ks_jstr(crd, "spec.names.plural");
  if (!group || !plural) return;
  pthread_mutex_lock(&reg_mu);
  for (int k = 0; k < reg_n; k++)
    if (reg[k]->is_crd && !strcmp(reg[k]->group, group) && !strcmp(reg[k]->plural, plural)) reg[k]->removed = 1;
  pthread_mutex_unlock(&reg_mu);
}

/* ---- discovery documents ---- */
json_t *ks_discovery_api(void) {
  return json_pack("{s:s, s:[s], s:[{s:s, s:s}]}", "kind", "APIVersions", "versions", "v1",
                   "serverAddressByClientCIDRs", "clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1");
}

json_t *ks_discovery_apis(void) {
  json_t *groups = json_array();
  pthread_mutex_lock(&reg_mu);
  for (int i = 0; i < reg_n; i++) {
    ks_resource *r = reg[i];
    if (r->removed || !r->group[0]) continue;
    json_t *g = NULL;
    size_t k;
    json_t *it;
    json_array_foreach(groups, k, it) {
      if (!strcmp(json_string_value(json_object_get(it, "name")), r->group)) g = it;
    }
    char gv[256];
    snprintf(gv, sizeof gv, "%s/%s", r->group, r->version);
    if (!g) {
      g = json_pack("{s:s, s:[], s:{s:s, s:s}}", "name", r->group, "versions", "preferredVersion", "groupVersion",
                    gv, "version", r->version);
      json_array_append_new(groups, g);
    }
    json_t *vers = json_object_get(g, "versions");
    int have = 0;
    json_array_foreach(vers, k, it) {
      if (!strcmp(json_string_value(json_object_get(it, "version")), r->version)) have = 1;
    }
    if (!have) json_array_append_new(vers, json_pack("{s:s, s:s}", "groupVersion", gv, "version", r->version));
  }
  pthread_mutex_unlock(&reg_mu);
  return json_pack("{s:s, s:s, s:o}", "kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
}

static json_t *verbs_json(int with_collection) {
  json_t *v = json_pack("[s,s,s,s,s,s]", "create", "delete", "get", "list", "patch", "update");
  if (with_collection) json_array_append_new(v, json_string("deletecollection"));
  json_array_append_new(v, json_string("watch"));
  return v;
}

json_t *ks_discovery_resource_list(const char *group, const char *version) {
  json_t *res = json_array();
  int any = 0;
  pthread_mutex_lock(&reg_mu);
  for (int i = 0; i < reg_n; i++) {
    ks_resource *r = reg[i];
    if (r->removed || strcmp(r->group, group) || strcmp(r->version, version)) continue;
    any = 1;
    json_t *e = json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", r->plural, "singularName", r->singular, "namespaced",
                          r->namespaced, "kind", r->kind, "verbs", verbs_json(1));
    json_t *shorts = json_array();
    for (int k = 0; k < 4; k++)
      if (r->short_names[k][0]) json_array_append_new(shorts, json_string(r->short_names[k]));
    if (json_array_size(shorts))
      json_object_set_new(e, "shortNames", shorts);
    else
      json_decref(shorts);
    if (r->in_all) json_object_set_new(e, "categories", json_pack("[s]", "all"));
    char sv[64];
    snprintf(sv, sizeof sv, "%08x", ks_fnv32(r->kind));
    json_object_set_new(e, "storageVersionHash", json_string(sv));
    json_array_append_new(res, e);
    if (r->has_status) {
      char n[160];
      snprintf(n, sizeof n, "%s/status", r->plural);
      json_array_append_new(res, json_pack("{s:s, s:s, s:b, s:s, s:[s,s,s]}", "name", n, "singularName", "",
                                           "namespaced", r->namespaced, "kind", r->kind, "verbs", "get", "patch",
                                           "update"));
    }
    if (r->has_scale) {
      char n[160];
      snprintf(n, sizeof n, "%s/scale", r->plural);
      json_array_append_new(res, json_pack("{s:s, s:s, s:b, s:s, s:s, s:s, s:[s,s,s]}", "name", n, "singularName",
                                           "", "namespaced", r->namespaced, "group", "autoscaling", "version", "v1",
                                           "kind", "Scale", "verbs", "get", "patch", "update"));
    }
  }
  pthread_mutex_unlock(&reg_mu);
  if (!any) {
    json_decref(res);
    return NULL;
  }
  char gv[256];
  if (group[0])
    snprintf(gv, sizeof gv, "%s/%s", group, version);
  else
    snprintf(gv, sizeof gv, "%s", version);
  return json_pack("{s:s, s:s, s:s, s:o}", "kind", "APIResourceList", "apiVersion", "v1", "groupVersion", gv,
                   "resources", res);
}

json_t *ks_version_doc(void) {
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "major", "1", "minor", "30", "gitVersion",
                   "v1.30.0", "gitCommit", "7c48c2bd72b9bf5c44d21d7338cc7bea77d0ad2a", "gitTreeState", "clean",
                   "buildDate", "2024-04-17T17:27:03Z", "goVersion", "go1.22.2", "compiler", "gc", "platform",
                   "linux/amd64");
}
