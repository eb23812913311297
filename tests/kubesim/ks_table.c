/* kubesim: server-side printing — meta.k8s.io/v1 Table documents (what `kubectl get`
 * asks for), with per-kind columns for pods, deployments, services and friends. */
#include "ks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct col {
  const char *name, *type, *format, *desc;
  int priority;
} col;

static json_t *cols_json(const col *c) {
  json_t *a = json_array();
  for (; c->name; c++)
    json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:i}", "name", c->name, "type", c->type, "format",
                                       c->format, "description", c->desc, "priority", c->priority));
  return a;
}

static const col c_default[] = {{"Name", "string", "name", "Name must be unique within a namespace.", 0},
                                {"Age", "string", "", "CreationTimestamp", 0},
                                {0}};
static const col c_pods[] = {{"Name", "string", "name", "Name", 0},       {"Ready", "string", "", "Ready", 0},
                             {"Status", "string", "", "Status", 0},       {"Restarts", "string", "", "Restarts", 0},
                             {"Age", "string", "", "Age", 0},             {"IP", "string", "", "IP", 1},
                             {"Node", "string", "", "Node", 1},           {0}};
static const col c_deploy[] = {{"Name", "string", "name", "Name", 0},     {"Ready", "string", "", "Ready", 0},
                               {"Up-to-date", "integer", "", "Updated", 0}, {"Available", "integer", "", "Available", 0},
                               {"Age", "string", "", "Age", 0},           {"Containers", "string", "", "Containers", 1},
                               {"Images", "string", "", "Images", 1},     {"Selector", "string", "", "Selector", 1},
                               {0}};
static const col c_rs[] = {{"Name", "string", "name", "Name", 0}, {"Desired", "integer", "", "Desired", 0},
                           {"Current", "integer", "", "Current", 0}, {"Ready", "integer", "", "Ready", 0},
                           {"Age", "string", "", "Age", 0},      {0}};
static const col c_sts[] = {{"Name", "string", "name", "Name", 0}, {"Ready", "string", "", "Ready", 0},
                            {"Age", "string", "", "Age", 0},       {0}};
static const col c_ds[] = {{"Name", "string", "name", "Name", 0},         {"Desired", "integer", "", "Desired", 0},
                           {"Current", "integer", "", "Current", 0},      {"Ready", "integer", "", "Ready", 0},
                           {"Up-to-date", "integer", "", "Updated", 0},   {"Available", "integer", "", "Available", 0},
                           {"Node Selector", "string", "", "Selector", 0}, {"Age", "string", "", "Age", 0},
                           {0}};
static const col c_svc[] = {{"Name", "string", "name", "Name", 0},          {"Type", "string", "", "Type", 0},
                            {"Cluster-IP", "string", "", "ClusterIP", 0},   {"External-IP", "string", "", "External", 0},
                            {"Port(s)", "string", "", "Ports", 0},          {"Age", "string", "", "Age", 0},
                            {"Selector", "string", "", "Selector", 1},      {0}};
static const col c_cm[] = {{"Name", "string", "name", "Name", 0}, {"Data", "integer", "", "Data", 0},
                           {"Age", "string", "", "Age", 0},       {0}};
static const col c_secret[] = {{"Name", "string", "name", "Name", 0}, {"Type", "string", "", "Type", 0},
                               {"Data", "integer", "", "Data", 0},    {"Age", "string", "", "Age", 0},
                               {0}};
static const col c_ns[] = {{"Name", "string", "name", "Name", 0}, {"Status", "string", "", "Status", 0},
                           {"Age", "string", "", "Age", 0},       {0}};
static const col c_job[] = {{"Name", "string", "name", "Name", 0},         {"Status", "string", "", "Status", 0},
                            {"Completions", "string", "", "Completions", 0}, {"Duration", "string", "", "Duration", 0},
                            {"Age", "string", "", "Age", 0},               {0}};
static const col c_pvc[] = {{"Name", "string", "name", "Name", 0},          {"Status", "string", "", "Status", 0},
                            {"Volume", "string", "", "Volume", 0},          {"Capacity", "string", "", "Capacity", 0},
                            {"Access Modes", "string", "", "Modes", 0},     {"StorageClass", "string", "", "Class", 0},
                            {"Age", "string", "", "Age", 0},                {0}};
static const col c_ep[] = {{"Name", "string", "name", "Name", 0}, {"Endpoints", "string", "", "Endpoints", 0},
                           {"Age", "string", "", "Age", 0},       {0}};
static const col c_crd[] = {{"Name", "string", "name", "Name", 0}, {"Created At", "date", "", "Created", 0}, {0}};

static char *age_of(json_t *o) {
  int64_t t = ks_parse_rfc3339(ks_jstr(o, "metadata.creationTimestamp"));
  if (!t) return strdup("<unknown>");
  return ks_human_duration(ks_now_ms() / 1000 - t);
}

static json_t *jsn(const char *s) { return json_string(s ? s : ""); }

static void pod_cells(json_t *o, json_t *cells) {
  json_t *cs = ks_jpath(o, "status.containerStatuses");
  size_t total = json_array_size(ks_jpath(o, "spec.containers")), ready = 0, i;
  json_int_t restarts = 0;
  const char *reason = NULL;
  json_t *c;
  json_array_foreach(cs, i, c) {
    if (json_is_true(json_object_get(c, "ready"))) ready++;
    restarts += ks_jint(c, "restartCount", 0);
    const char *w = ks_jstr(c, "state.waiting.reason");
    if (w) reason = w;
    const char *tr = ks_jstr(c, "state.terminated.reason");
    if (tr && !reason) reason = tr;
  }
  const char *phase = ks_jstr(o, "status.phase");
  if (!reason) reason = phase ? phase : "Pending";
  if (ks_jstr(o, "metadata.deletionTimestamp")) reason = "Terminating";
  char buf[64];
  snprintf(buf, sizeof buf, "%zu/%zu", ready, total);
  json_array_append_new(cells, json_string(buf));
  json_array_append_new(cells, json_string(reason));
  json_array_append_new(cells, json_integer(restarts));
}

static char *join_ports(json_t *o) {
  char buf[512] = "";
  size_t i;
  json_t *p;
  json_array_foreach(ks_jpath(o, "spec.ports"), i, p) {
    char part[64];
    if (ks_jpath(p, "nodePort"))
      snprintf(part, sizeof part, "%s%lld:%lld/%s", i ? "," : "", (long long)ks_jint(p, "port", 0),
               (long long)ks_jint(p, "nodePort", 0), ks_jstr(p, "protocol") ? ks_jstr(p, "protocol") : "TCP");
    else
      snprintf(part, sizeof part, "%s%lld/%s", i ? "," : "", (long long)ks_jint(p, "port", 0),
               ks_jstr(p, "protocol") ? ks_jstr(p, "protocol") : "TCP");
    strncat(buf, part, sizeof buf - strlen(buf) - 1);
  }
  return strdup(buf[0] ? buf : "<none>");
}

static char *join_selector(json_t *sel) {
  char buf[512] = "";
  const char *k;
  json_t *v;
  json_object_foreach(sel, k, v) {
    if (!json_is_string(v)) continue;
    if (buf[0]) strncat(buf, ",", sizeof buf - strlen(buf) - 1);
    strncat(buf, k, sizeof buf - strlen(buf) - 1);
    strncat(buf, "=", sizeof buf - strlen(buf) - 1);
    strncat(buf, json_string_value(v), sizeof buf - strlen(buf) - 1);
  }
  return strdup(buf[0] ? buf : "<none>");
}

static int is(const ks_resource *r, const char *g, const char *p) { return !strcmp(r->group, g) && !strcmp(r->plural, p); }

json_t *ks_table_for(const ks_resource *r, json_t *items, int with_headers, int include_object) {
  const col *cols = c_default;
  if (is(r, "", "pods")) cols = c_pods;
  else if (is(r, "apps", "deployments")) cols = c_deploy;
  else if (is(r, "apps", "replicasets")) cols = c_rs;
  else if (is(r, "apps", "statefulsets")) cols = c_sts;
  else if (is(r, "apps", "daemonsets")) cols = c_ds;
  else if (is(r, "", "services")) cols = c_svc;
  else if (is(r, "", "configmaps")) cols = c_cm;
  else if (is(r, "", "secrets")) cols = c_secret;
  else if (is(r, "", "namespaces")) cols = c_ns;
  else if (is(r, "batch", "jobs")) cols = c_job;
  else if (is(r, "", "persistentvolumeclaims")) cols = c_pvc;
  else if (is(r, "", "endpoints")) cols = c_ep;
  else if (is(r, "apiextensions.k8s.io", "customresourcedefinitions")) cols = c_crd;
  json_t *rows = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(items, i, o) {
    json_t *cells = json_array();
    json_array_append_new(cells, jsn(ks_jstr(o, "metadata.name")));
    char *age = age_of(o);
    char buf[128];
    if (cols == c_pods) {
      pod_cells(o, cells);
      json_array_append_new(cells, json_string(age));
      json_array_append_new(cells, jsn(ks_jstr(o, "status.podIP") ? ks_jstr(o, "status.podIP") : "<none>"));
      json_array_append_new(cells, jsn(ks_jstr(o, "spec.nodeName") ? ks_jstr(o, "spec.nodeName") : "<none>"));
    } else if (cols == c_deploy) {
      snprintf(buf, sizeof buf, "%lld/%lld", (long long)ks_jint(o, "status.readyReplicas", 0),
               (long long)ks_jint(o, "spec.replicas", 1));
      json_array_append_new(cells, json_string(buf));
      json_array_append_new(cells, json_integer(ks_jint(o, "status.updatedReplicas", 0)));
      json_array_append_new(cells, json_integer(ks_jint(o, "status.availableReplicas", 0)));
      json_array_append_new(cells, json_string(age));
      char names[256] = "", images[512] = "";
      size_t k;
      json_t *c;
      json_array_foreach(ks_jpath(o, "spec.template.spec.containers"), k, c) {
        if (k) {
          strncat(names, ",", sizeof names - strlen(names) - 1);
          strncat(images, ",", sizeof images - strlen(images) - 1);
        }
        strncat(names, ks_jstr(c, "name") ? ks_jstr(c, "name") : "", sizeof names - strlen(names) - 1);
        strncat(images, ks_jstr(c, "image") ? ks_jstr(c, "image") : "", sizeof images - strlen(images) - 1);
      }
      json_array_append_new(cells, json_string(names));
      json_array_append_new(cells, json_string(images));
      char *sel = join_selector(ks_jpath(o, "spec.selector.matchLabels"));
      json_array_append_new(cells, json_string(sel));
      free(sel);
    } else if (cols == c_rs) {
      json_array_append_new(cells, json_integer(ks_jint(o, "spec.replicas", 1)));
      json_array_append_new(cells, json_integer(ks_jint(o, "status.replicas", 0)));
      json_array_append_new(cells, json_integer(ks_jint(o, "status.readyReplicas", 0)));
      json_array_append_new(cells, json_string(age));
    } else if (cols == c_sts) {
      snprintf(buf, sizeof buf, "%lld/%lld", (long long)ks_jint(o, "status.readyReplicas", 0),
               (long long)ks_jint(o, "spec.replicas", 1));
      json_array_append_new(cells, json_string(buf));
      json_array_append_new(cells, json_string(age));
    } else if (cols == c_ds) {
      json_array_append_new(cells, json_integer(ks_jint(o, "status.desiredNumberScheduled", 0)));
      json_array_append_new(cells, json_integer(ks_jint(o, "status.currentNumberScheduled", 0)));
      json_array_append_new(cells, json_integer(ks_jint(o, "status.numberReady", 0)));
      json_array_append_new(cells, json_integer(ks_jint(o, "status.updatedNumberScheduled", 0)));
      json_array_append_new(cells, json_integer(ks_jint(o, "status.numberAvailable", 0)));
      char *sel = join_selector(ks_jpath(o, "spec.template.spec.nodeSelector"));
      json_array_append_new(cells, json_string(sel));
      free(sel);
      json_array_append_new(cells, json_string(age));
    } else if (cols == c_svc) {
      json_array_append_new(cells, jsn(ks_jstr(o, "spec.type") ? ks_jstr(o, "spec.type") : "ClusterIP"));
      json_array_append_new(cells, jsn(ks_jstr(o, "spec.clusterIP") ? ks_jstr(o, "spec.clusterIP") : "<none>"));
      json_array_append_new(cells, json_string("<none>"));
      char *ports = join_ports(o);
      json_array_append_new(cells, json_string(ports));
      free(ports);
      json_array_append_new(cells, json_string(age));
      char *sel = join_selector(ks_jpath(o, "spec.selector"));
      json_array_append_new(cells, json_string(sel));
      free(sel);
    } else if (cols == c_cm) {
      json_array_append_new(cells, json_integer((json_int_t)(json_object_size(json_object_get(o, "data")) +
                                                             json_object_size(json_object_get(o, "binaryData")))));
      json_array_append_new(cells, json_string(age));
    } else if (cols == c_secret) {
      json_array_append_new(cells, jsn(ks_jstr(o, "type") ? ks_jstr(o, "type") : "Opaque"));
      json_array_append_new(cells, json_integer((json_int_t)json_object_size(json_object_get(o, "data"))));
      json_array_append_new(cells, json_string(age));
    } else if (cols == c_ns) {
      json_array_append_new(cells, jsn(ks_jstr(o, "status.phase") ? ks_jstr(o, "status.phase") : "Active"));
      json_array_append_new(cells, json_string(age));
    } else if (cols == c_job) {
      const char *st = "Running";
      size_t k;
      json_t *c;
      json_array_foreach(ks_jpath(o, "status.conditions"), k, c) {
        if (!strcmp(ks_jstr(c, "status") ? ks_jstr(c, "status") : "", "True")) {
          if (!strcmp(ks_jstr(c, "type"), "Complete")) st = "Complete";
          if (!strcmp(ks_jstr(c, "type"), "Failed")) st = "Failed";
        }
      }
      json_array_append_new(cells, json_string(st));
      snprintf(buf, sizeof buf, "%lld/%lld", (long long)ks_jint(o, "status.succeeded", 0),
               (long long)ks_jint(o, "spec.completions", 1));
      json_array_append_new(cells, json_string(buf));
      int64_t s0 = ks_parse_rfc3339(ks_jstr(o, "status.startTime"));
      int64_t s1 = ks_parse_rfc3339(ks_jstr(o, "status.completionTime"));
      char *d = s0 ? ks_human_duration((s1 ? s1 : ks_now_ms() / 1000) - s0) : strdup("");
      json_array_append_new(cells, json_string(d));
      free(d);
      json_array_append_new(cells, json_string(age));
    } else if (cols == c_pvc) {
      json_array_append_new(cells, jsn(ks_jstr(o, "status.phase")));
      json_array_append_new(cells, jsn(ks_jstr(o, "spec.volumeName")));
      json_array_append_new(cells, jsn(ks_jstr(o, "status.capacity.storage")));
      json_array_append_new(cells, json_string(json_array_size(ks_jpath(o, "spec.accessModes")) ? "RWO" : ""));
      json_array_append_new(cells, jsn(ks_jstr(o, "spec.storageClassName") ? ks_jstr(o, "spec.storageClassName") : "standard"));
      json_array_append_new(cells, json_string(age));
    } else if (cols == c_ep) {
      char eps[512] = "";
      size_t k, m;
      json_t *s, *a;
      json_array_foreach(ks_jpath(o, "subsets"), k, s) {
        json_array_foreach(json_object_get(s, "addresses"), m, a) {
          size_t pi;
          json_t *p;
          json_array_foreach(json_object_get(s, "ports"), pi, p) {
            char part[96];
            snprintf(part, sizeof part, "%s%s:%lld", eps[0] ? "," : "", ks_jstr(a, "ip") ? ks_jstr(a, "ip") : "",
                     (long long)ks_jint(p, "port", 0));
            strncat(eps, part, sizeof eps - strlen(eps) - 1);
          }
        }
      }
      json_array_append_new(cells, json_string(eps[0] ? eps : "<none>"));
      json_array_append_new(cells, json_string(age));
    } else if (cols == c_crd) {
      json_array_append_new(cells, jsn(ks_jstr(o, "metadata.creationTimestamp")));
    } else {
      json_array_append_new(cells, json_string(age));
    }
    free(age);
    json_t *rowobj;
    if (include_object == 2) {
      rowobj = json_incref(o);
    } else if (include_object == 1) {
      rowobj = json_pack("{s:s, s:s, s:O}", "kind", "PartialObjectMetadata", "apiVersion", "meta.k8s.io/v1",
                         "metadata", json_object_get(o, "metadata"));
    } else {
      rowobj = json_null();
    }
    json_array_append_new(rows, json_pack("{s:o, s:o}", "cells", cells, "object", rowobj));
  }
  json_t *t = json_pack("{s:s, s:s, s:{}, s:o}", "kind", "Table", "apiVersion", "meta.k8s.io/v1", "metadata", "rows",
                        rows);
  json_object_set_new(t, "columnDefinitions", with_headers ? cols_json(cols) : json_array());
  return t;
}
