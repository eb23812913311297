/* kubesim: object lifecycle rules — create/update/delete with real metadata (uid,
 * resourceVersion, generation), per-kind defaulting/admission, cascading delete, Status errors. */
#include "ks.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ---- */
void ks_err_set(ks_err *e, int code, const char *reason, const char *fmt, ...) {
  e->code = code;
  snprintf(e->reason, sizeof e->reason, "%s", reason);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  va_end(ap);
}

static json_t *details_for(const ks_resource *r, const char *name) {
  json_t *d = json_object();
  if (name) json_object_set_new(d, "name", json_string(name));
  if (r->group[0]) json_object_set_new(d, "group", json_string(r->group));
  json_object_set_new(d, "kind", json_string(r->plural));
  return d;
}

void ks_err_not_found(ks_err *e, const ks_resource *r, const char *name) {
  char q[300];
  ks_resource_qualified(r, q, sizeof q);
  ks_err_set(e, 404, "NotFound", "%s \"%s\" not found", q, name);
  json_decref(e->details);
  e->details = details_for(r, name);
}

void ks_err_conflict_rv(ks_err *e, const ks_resource *r, const char *name) {
  char q[300];
  ks_resource_qualified(r, q, sizeof q);
  ks_err_set(e, 409, "Conflict",
             "Operation cannot be fulfilled on %s \"%s\": the object has been modified; please apply your "
             "changes to the latest version and try again",
             q, name);
  json_decref(e->details);
  e->details = details_for(r, name);
}

json_t *ks_err_status(const ks_err *e) {
  json_t *s = json_pack("{s:s, s:s, s:{}, s:s, s:s, s:s, s:i}", "kind", "Status", "apiVersion", "v1", "metadata",
                        "status", "Failure", "message", e->message, "reason", e->reason, "code", e->code);
  if (e->details) json_object_set(s, "details", e->details);
  return s;
}

void ks_err_clear(ks_err *e) {
  json_decref(e->details);
  memset(e, 0, sizeof *e);
}

/* ---- helpers ---- */
static int valid_subdomain(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 253) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!(islower((unsigned char)c) || isdigit((unsigned char)c) || c == '-' || c == '.')) return 0;
  }
  return isalnum((unsigned char)s[0]) && isalnum((unsigned char)s[n - 1]);
}

static int is_core(const ks_resource *r, const char *plural) { return !r->group[0] && !strcmp(r->plural, plural); }
static int is_res(const ks_resource *r, const char *group, const char *plural) {
  return !strcmp(r->group, group) && !strcmp(r->plural, plural);
}

int ks_namespace_exists(const char *ns) {
  const ks_resource *nr = ks_resource_find("", "v1", "namespaces");
  return ks_store_get(nr, NULL, ns) != NULL;
}

static void api_version_of(const ks_resource *r, char *out, size_t n) {
  if (r->group[0])
    snprintf(out, n, "%s/%s", r->group, r->version);
  else
    snprintf(out, n, "%s", r->version);
}

/* strip metadata.resourceVersion/managedFields and compare */
static int same_content(json_t *a, json_t *b) {
  json_t *x = json_deep_copy(a), *y = json_deep_copy(b);
  json_t *mx = json_object_get(x, "metadata"), *my = json_object_get(y, "metadata");
  json_object_del(mx, "resourceVersion");
  json_object_del(my, "resourceVersion");
  json_object_del(mx, "managedFields");
  json_object_del(my, "managedFields");
  int eq = json_equal(x, y);
  json_decref(x);
  json_decref(y);
  return eq;
}

static int same_fields(json_t *a, json_t *b) {
  json_t *x = json_deep_copy(a), *y = json_deep_copy(b);
  size_t i;
  json_t *v;
  json_array_foreach(x, i, v) json_object_del(v, "time");
  json_array_foreach(y, i, v) json_object_del(v, "time");
  int eq = json_equal(x, y) || (!x && !y);
  json_decref(x);
  json_decref(y);
  return eq;
}

static int spec_changed(json_t *a, json_t *b) {
  json_t *x = json_deep_copy(a), *y = json_deep_copy(b);
  json_object_del(x, "metadata");
  json_object_del(y, "metadata");
  json_object_del(x, "status");
  json_object_del(y, "status");
  int ch = !json_equal(x, y);
  json_decref(x);
  json_decref(y);
  return ch;
}

static char *b64(const unsigned char *in, size_t n) {
  static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char *out = malloc(4 * ((n + 2) / 3) + 1), *p = out;
  size_t i = 0;
  for (; i + 2 < n; i += 3) {
    *p++ = t[in[i] >> 2];
    *p++ = t[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
    *p++ = t[((in[i + 1] & 15) << 2) | (in[i + 2] >> 6)];
    *p++ = t[in[i + 2] & 63];
  }
  if (i < n) {
    *p++ = t[in[i] >> 2];
    if (i + 1 < n) {
      *p++ = t[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
      *p++ = t[(in[i + 1] & 15) << 2];
    } else {
      *p++ = t[(in[i] & 3) << 4];
      *p++ = '=';
    }
    *p++ = '=';
  }
  *p = 0;
  return out;
}

static uint32_t ip_counter;

static void ensure_str(json_t *o, const char *k, const char *v) {
  if (!json_is_string(json_object_get(o, k))) json_object_set_new(o, k, json_string(v));
}
static void ensure_int(json_t *o, const char *k, json_int_t v) {
  if (!json_is_integer(json_object_get(o, k))) json_object_set_new(o, k, json_integer(v));
}

static void default_pod_spec(json_t *spec) {
  if (!json_is_object(spec)) return;
  ensure_str(spec, "restartPolicy", "Always");
  ensure_str(spec, "dnsPolicy", "ClusterFirst");
  ensure_int(spec, "terminationGracePeriodSeconds", 30);
  ensure_str(spec, "schedulerName", "default-scheduler");
  json_t *cs = json_object_get(spec, "containers");
  size_t i;
  json_t *c;
  json_array_foreach(cs, i, c) {
    if (!json_is_object(c)) continue;
    ensure_str(c, "terminationMessagePath", "/dev/termination-log");
    ensure_str(c, "terminationMessagePolicy", "File");
    const char *img = ks_jstr(c, "image");
    ensure_str(c, "imagePullPolicy", img && strstr(img, ":latest") ? "Always" : "IfNotPresent");
    json_t *ports = json_object_get(c, "ports");
    size_t k;
    json_t *p;
    json_array_foreach(ports, k, p) {
      if (json_is_object(p)) ensure_str(p, "protocol", "TCP");
    }
  }
}

static void default_template(json_t *obj) {
  json_t *tmpl = ks_jpath(obj, "spec.template");
  if (json_is_object(tmpl)) default_pod_spec(json_object_get(tmpl, "spec"));
}

static size_t b64_decoded_len(const char *s) {
  size_t n = strlen(s), pad = 0;
  if (n && s[n - 1] == '=') pad++;
  if (n > 1 && s[n - 2] == '=') pad++;
  return n / 4 * 3 - pad;
}

/* The 1 MiB limit the real API puts on Secret and ConfigMap payloads. */
static int check_data_size(const ks_resource *r, json_t *obj, ks_err *e) {
  size_t total = 0;
  const char *k;
  json_t *v;
  int secret = !strcmp(r->plural, "secrets");
  json_object_foreach(json_object_get(obj, "data"), k, v) {
    if (!json_is_string(v)) continue;
    total += strlen(k) * !secret + (secret ? b64_decoded_len(json_string_value(v)) : strlen(json_string_value(v)));
  }
  json_object_foreach(json_object_get(obj, "stringData"), k, v) {
    if (json_is_string(v)) total += strlen(json_string_value(v));
  }
  json_object_foreach(json_object_get(obj, "binaryData"), k, v) {
    if (json_is_string(v)) total += strlen(k) + b64_decoded_len(json_string_value(v));
  }
  if (total <= 1048576) return 0;
  ks_err_set(e, 422, "Invalid", "%s \"%s\" is invalid: %s: Too long: must have at most 1048576 bytes", r->kind,
             ks_jstr(obj, "metadata.name"), secret ? "data" : "[]");
  return -1;
}

static void go_map(json_t *m, char *out, size_t n) {
  snprintf(out, n, "map[string]string{");
  const char *k;
  json_t *v;
  int first = 1;
  json_object_foreach(m, k, v) {
    char part[300];
    snprintf(part, sizeof part, "%s\"%s\":\"%s\"", first ? "" : ", ", k, json_is_string(v) ? json_string_value(v) : "");
    strncat(out, part, n - strlen(out) - 1);
    first = 0;
  }
  strncat(out, "}", n - strlen(out) - 1);
}

/* Workload selectors: required, must match the template labels, immutable (apps/v1). */
static int check_selector(const ks_resource *r, json_t *obj, json_t *old, ks_err *e) {
  const char *name = ks_jstr(obj, "metadata.name");
  json_t *sel = ks_jpath(obj, "spec.selector");
  if (!json_is_object(sel) || (!json_object_size(json_object_get(sel, "matchLabels")) &&
                               !json_array_size(json_object_get(sel, "matchExpressions")))) {
    ks_err_set(e, 422, "Invalid", "%s.apps \"%s\" is invalid: spec.selector: Required value", r->kind, name);
    return -1;
  }
  json_t *labels = ks_jpath(obj, "spec.template.metadata.labels");
  if (!ks_label_selector_match_json(sel, labels)) {
    char m[800];
    go_map(labels, m, sizeof m);
    ks_err_set(e, 422, "Invalid",
               "%s.apps \"%s\" is invalid: spec.template.metadata.labels: Invalid value: %s: `selector` does not "
               "match template `labels`",
               r->kind, name, m);
    return -1;
  }
  if (old && !json_equal(sel, ks_jpath(old, "spec.selector"))) {
    char m[800];
    go_map(json_object_get(sel, "matchLabels"), m, sizeof m);
    ks_err_set(e, 422, "Invalid",
               "%s.apps \"%s\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:%s, "
               "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
               r->kind, name, m);
    return -1;
  }
  return 0;
}

/* Kind-specific defaulting and admission, for create (old NULL) and update. */
static int admit(const ks_resource *r, json_t *obj, json_t *old, ks_err *e) {
  json_t *spec = json_object_get(obj, "spec");
  if ((is_core(r, "secrets") || is_core(r, "configmaps")) && check_data_size(r, obj, e)) return -1;
  if ((is_res(r, "apps", "deployments") || is_res(r, "apps", "replicasets") || is_res(r, "apps", "statefulsets") ||
       is_res(r, "apps", "daemonsets")) &&
      check_selector(r, obj, old, e))
    return -1;
  if (is_core(r, "secrets")) {
    json_t *sd = json_object_get(obj, "stringData");
    if (json_is_object(sd)) {
      json_t *data = ks_jobj_ensure(obj, "data");
      const char *k;
      json_t *v;
      json_object_foreach(sd, k, v) {
        const char *s = json_is_string(v) ? json_string_value(v) : "";
        char *enc = b64((const unsigned char *)s, strlen(s));
        json_object_set_new(data, k, json_string(enc));
        free(enc);
      }
      json_object_del(obj, "stringData");
    }
    ensure_str(obj, "type", "Opaque");
  } else if (is_core(r, "services")) {
    if (!json_is_object(spec)) json_object_set_new(obj, "spec", spec = json_object());
    ensure_str(spec, "type", "ClusterIP");
    ensure_str(spec, "sessionAffinity", "None");
    json_t *oldip = old ? ks_jpath(old, "spec.clusterIP") : NULL;
    json_t *newip = json_object_get(spec, "clusterIP");
    if (json_is_string(oldip) && json_is_string(newip) && *json_string_value(newip) && !json_equal(oldip, newip)) {
      /* an allocated clusterIP is immutable (an update that leaves it out keeps it) */
      ks_err_set(e, 422, "Invalid",
                 "Service \"%s\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"%s\"}: may not change once set",
                 ks_jstr(obj, "metadata.name"), json_string_value(newip));
      return -1;
    }
    if (json_is_string(oldip)) {
      json_object_set(spec, "clusterIP", oldip);
    } else if (!json_is_string(json_object_get(spec, "clusterIP"))) {
      ip_counter++;
      char ip[32];
      snprintf(ip, sizeof ip, "10.96.%u.%u", (ip_counter / 250) % 250, ip_counter % 250 + 2);
      json_object_set_new(spec, "clusterIP", json_string(ip));
    }
    json_object_set_new(spec, "clusterIPs", json_pack("[O]", json_object_get(spec, "clusterIP")));
    json_t *ports = json_object_get(spec, "ports");
    const char *type = ks_jstr(spec, "type");
    int node_ports = type && (!strcmp(type, "NodePort") || !strcmp(type, "LoadBalancer"));
    size_t i;
    json_t *p;
    json_array_foreach(ports, i, p) {
      if (!json_is_object(p)) continue;
      ensure_str(p, "protocol", "TCP");
      if (!json_object_get(p, "targetPort") && json_object_get(p, "port"))
        json_object_set(p, "targetPort", json_object_get(p, "port"));
      if (node_ports && !json_is_integer(json_object_get(p, "nodePort"))) {
        static unsigned next_node_port;
        json_object_set_new(p, "nodePort", json_integer(30000 + (next_node_port++ % 2768)));
      }
    }
    if (type && !strcmp(type, "LoadBalancer"))
      json_object_set_new(obj, "status", json_pack("{s:{s:[{s:s, s:s}]}}", "loadBalancer", "ingress", "ip", "127.0.0.1",
                                                   "ipMode", "VIP"));
    else if (!json_is_object(json_object_get(obj, "status")))
      json_object_set_new(obj, "status", json_pack("{s:{}}", "loadBalancer"));
  } else if (is_core(r, "pods")) {
    default_pod_spec(spec);
    if (!old) json_object_set_new(obj, "status", json_pack("{s:s, s:s}", "phase", "Pending", "qosClass", "BestEffort"));
  } else if (is_core(r, "namespaces")) {
    json_t *labels = ks_jobj_ensure(ks_jobj_ensure(obj, "metadata"), "labels");
    json_object_set_new(labels, "kubernetes.io/metadata.name", json_string(ks_jstr(obj, "metadata.name")));
    if (!json_is_object(spec)) json_object_set_new(obj, "spec", json_pack("{s:[s]}", "finalizers", "kubernetes"));
    json_object_set_new(obj, "status", json_pack("{s:s}", "phase", "Active"));
  } else if (is_core(r, "persistentvolumeclaims")) {
    if (!old) json_object_set_new(obj, "status", json_pack("{s:s}", "phase", "Pending"));
    if (json_is_object(spec)) ensure_str(spec, "volumeMode", "Filesystem");
  } else if (is_res(r, "apps", "deployments")) {
    if (!json_is_object(spec)) {
      ks_err_set(e, 422, "Invalid", "Deployment.apps \"%s\" is invalid: spec.selector: Required value",
                 ks_jstr(obj, "metadata.name"));
      return -1;
    }
    ensure_int(spec, "replicas", 1);
    ensure_int(spec, "revisionHistoryLimit", 10);
    ensure_int(spec, "progressDeadlineSeconds", 600);
    json_t *st = ks_jobj_ensure(spec, "strategy");
    ensure_str(st, "type", "RollingUpdate");
    if (!strcmp(ks_jstr(st, "type"), "RollingUpdate")) {
      json_t *ru = ks_jobj_ensure(st, "rollingUpdate");
      if (!json_object_get(ru, "maxSurge")) json_object_set_new(ru, "maxSurge", json_string("25%"));
      if (!json_object_get(ru, "maxUnavailable")) json_object_set_new(ru, "maxUnavailable", json_string("25%"));
    }
    default_template(obj);
  } else if (is_res(r, "apps", "replicasets") || is_res(r, "apps", "daemonsets")) {
    if (json_is_object(spec) && is_res(r, "apps", "replicasets")) ensure_int(spec, "replicas", 1);
    if (json_is_object(spec) && is_res(r, "apps", "daemonsets")) {
      ensure_int(spec, "revisionHistoryLimit", 10);
      json_t *us = ks_jobj_ensure(spec, "updateStrategy");
      ensure_str(us, "type", "RollingUpdate");
      if (!strcmp(ks_jstr(us, "type"), "RollingUpdate")) {
        json_t *ru = ks_jobj_ensure(us, "rollingUpdate");
        if (!json_object_get(ru, "maxUnavailable")) json_object_set_new(ru, "maxUnavailable", json_integer(1));
        if (!json_object_get(ru, "maxSurge")) json_object_set_new(ru, "maxSurge", json_integer(0));
      }
    }
    default_template(obj);
  } else if (is_res(r, "apps", "statefulsets")) {
    if (json_is_object(spec)) {
      ensure_int(spec, "replicas", 1);
      ensure_str(spec, "podManagementPolicy", "OrderedReady");
      ensure_int(spec, "revisionHistoryLimit", 10);
      json_t *us = ks_jobj_ensure(spec, "updateStrategy");
      ensure_str(us, "type", "RollingUpdate");
    }
    default_template(obj);
  } else if (is_res(r, "batch", "jobs")) {
    if (json_is_object(spec)) {
      ensure_int(spec, "parallelism", 1);
      ensure_int(spec, "completions", 1);
      ensure_int(spec, "backoffLimit", 6);
      ensure_str(spec, "completionMode", "NonIndexed");
      json_t *tmpl = ks_jobj_ensure(spec, "template");
      json_t *tspec = ks_jobj_ensure(tmpl, "spec");
      ensure_str(tspec, "restartPolicy", "Never");
      default_pod_spec(tspec);
      if (old && !json_equal(tmpl, ks_jpath(old, "spec.template"))) {
        /* a Job's pod template is immutable: an update must carry it unchanged, including the
         * labels the server added (a replace without them fails, as `helm upgrade --force`
         * meets on real clusters). The real message prints the whole Go struct. */
        ks_err_set(e, 422, "Invalid",
                   "Job.batch \"%s\" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable",
                   ks_jstr(obj, "metadata.name"));
        return -1;
      }
      if (!old) {
        const char *uid = ks_jstr(obj, "metadata.uid");
        const char *name = ks_jstr(obj, "metadata.name");
        json_t *labels = ks_jobj_ensure(ks_jobj_ensure(tmpl, "metadata"), "labels");
        if (uid) {
          json_object_set_new(labels, "controller-uid", json_string(uid));
          json_object_set_new(labels, "batch.kubernetes.io/controller-uid", json_string(uid));
        }
        json_object_set_new(labels, "job-name", json_string(name));
        json_object_set_new(labels, "batch.kubernetes.io/job-name", json_string(name));
        if (!json_object_get(spec, "selector") && uid)
          json_object_set_new(spec, "selector",
                              json_pack("{s:{s:s}}", "matchLabels", "batch.kubernetes.io/controller-uid", uid));
      }
    }
  } else if (is_res(r, "apiextensions.k8s.io", "customresourcedefinitions")) {
    const char *group = ks_jstr(obj, "spec.group"), *plural = ks_jstr(obj, "spec.names.plural");
    const char *name = ks_jstr(obj, "metadata.name");
    if (!group || !plural || !ks_jstr(obj, "spec.names.kind")) {
      ks_err_set(e, 422, "Invalid",
                 "CustomResourceDefinition.apiextensions.k8s.io \"%s\" is invalid: spec.names: Required value",
                 name);
      return -1;
    }
    char want[400];
    snprintf(want, sizeof want, "%s.%s", plural, group);
    if (strcmp(want, name)) {
      ks_err_set(e, 422, "Invalid",
                 "CustomResourceDefinition.apiextensions.k8s.io \"%s\" is invalid: metadata.name: Invalid value: "
                 "\"%s\": must be spec.names.plural+\".\"+spec.group",
                 name, name);
      return -1;
    }
    char now[32];
    ks_now_rfc3339(now);
    json_t *names = json_deep_copy(ks_jpath(obj, "spec.names"));
    if (!json_object_get(names, "singular")) {
      char s[128];
      snprintf(s, sizeof s, "%s", ks_jstr(obj, "spec.names.kind"));
      for (char *c = s; *c; c++) *c = (char)tolower((unsigned char)*c);
      json_object_set_new(names, "singular", json_string(s));
    }
    if (!json_object_get(names, "listKind")) {
      char lk[160];
      snprintf(lk, sizeof lk, "%sList", ks_jstr(obj, "spec.names.kind"));
      json_object_set_new(names, "listKind", json_string(lk));
    }
    json_t *stored = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(ks_jpath(obj, "spec.versions"), i, v) {
      if (json_is_true(json_object_get(v, "storage"))) json_array_append(stored, json_object_get(v, "name"));
    }
    json_object_set_new(
        obj, "status",
        json_pack("{s:o, s:o, s:[{s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s}]}", "acceptedNames", names,
                  "storedVersions", stored, "conditions", "type", "NamesAccepted", "status", "True",
                  "lastTransitionTime", now, "reason", "NoConflicts", "message", "no conflicts found", "type",
                  "Established", "status", "True", "lastTransitionTime", now, "reason", "InitialNamesAccepted",
                  "message", "the initial names have been accepted"));
  }
  return 0;
}

static const char *obj_name(json_t *o) { return ks_jstr(o, "metadata.name"); }

static int check_identity(const ks_resource *r, const char *ns, json_t *obj, ks_err *e) {
  const char *kind = ks_jstr(obj, "kind");
  char av[256];
  api_version_of(r, av, sizeof av);
  if (kind && strcmp(kind, r->kind)) {
    ks_err_set(e, 400, "BadRequest", "the API version in the data (%s) does not match the expected API version (%s)",
               ks_jstr(obj, "apiVersion") ? ks_jstr(obj, "apiVersion") : "", av);
    if (ks_jstr(obj, "apiVersion") && !strcmp(ks_jstr(obj, "apiVersion"), av))
      ks_err_set(e, 400, "BadRequest", "the kind in the data (%s) does not match the expected kind (%s)", kind,
                 r->kind);
    return -1;
  }
  json_object_set_new(obj, "kind", json_string(r->kind));
  json_object_set_new(obj, "apiVersion", json_string(av));
  json_t *meta = ks_jobj_ensure(obj, "metadata");
  if (r->namespaced) {
    const char *ons = ks_jstr(meta, "namespace");
    if (ons && ns && strcmp(ons, ns)) {
      ks_err_set(e, 400, "BadRequest",
                 "the namespace of the provided object does not match the namespace sent on the request");
      return -1;
    }
    if (!ns) ns = ons;
    if (!ns) ns = "default";
    json_object_set_new(meta, "namespace", json_string(ns));
  } else {
    json_object_del(meta, "namespace");
  }
  return 0;
}

static const char *ns_of(json_t *o) { return ks_jstr(o, "metadata.namespace"); }

json_t *ks_obj_create(const ks_resource *r, const char *ns, json_t *in, const ks_write_opts *o, ks_err *e) {
  json_t *obj = json_deep_copy(in);
  if (!json_is_object(obj)) {
    json_decref(obj);
    ks_err_set(e, 400, "BadRequest", "the body of the request was not a JSON object");
    return NULL;
  }
  if (check_identity(r, ns, obj, e)) goto fail;
  json_t *meta = json_object_get(obj, "metadata");
  const char *name = obj_name(obj);
  if (!name || !*name) {
    const char *gen = ks_jstr(meta, "generateName");
    if (gen && *gen) {
      char suf[8];
      ks_rand_suffix(suf, 5);
      char *n = ks_strdup_printf("%s%s", gen, suf);
      json_object_set_new(meta, "name", json_string(n));
      free(n);
      name = obj_name(obj);
    } else {
      ks_err_set(e, 422, "Invalid", "%s \"\" is invalid: metadata.name: Required value: name or generateName is required",
                 r->kind);
      goto fail;
    }
  }
  if (!valid_subdomain(name) && !(r->is_crd == 0 && strchr(name, ':') && strstr(r->group, "rbac"))) {
    char kq[300];
    if (r->group[0])
      snprintf(kq, sizeof kq, "%s.%s", r->kind, r->group);
    else
      snprintf(kq, sizeof kq, "%s", r->kind);
    ks_err_set(e, 422, "Invalid",
               "%s \"%s\" is invalid: metadata.name: Invalid value: \"%s\": a lowercase RFC 1123 subdomain must "
               "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
               "alphanumeric character (e.g. 'example.com', regex used for validation is "
               "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
               kq, name, name);
    goto fail;
  }
  if (r->namespaced && !ks_namespace_exists(ns_of(obj))) {
    const ks_resource *nr = ks_resource_find("", "v1", "namespaces");
    ks_err_not_found(e, nr, ns_of(obj));
    goto fail;
  }
  if (ks_store_get(r, ns_of(obj), name)) {
    char q[300];
    ks_resource_qualified(r, q, sizeof q);
    ks_err_set(e, 409, "AlreadyExists", "%s \"%s\" already exists", q, name);
    json_decref(e->details);
    e->details = details_for(r, name);
    goto fail;
  }
  char uid[37], now[32];
  ks_uuid(uid);
  ks_now_rfc3339(now);
  json_object_set_new(meta, "uid", json_string(uid));
  json_object_set_new(meta, "creationTimestamp", json_string(now));
  json_object_del(meta, "resourceVersion");
  json_object_del(meta, "deletionTimestamp");
  json_object_del(meta, "managedFields");
  json_object_del(meta, "selfLink");
  if (json_object_get(obj, "spec")) json_object_set_new(meta, "generation", json_integer(1));
  if (r->has_status && !o->subresource_status && !r->is_crd) json_object_del(obj, "status");
  if (admit(r, obj, NULL, e)) goto fail;
  char av[256];
  api_version_of(r, av, sizeof av);
  if (o->apply_mf)
    json_object_set(meta, "managedFields", o->apply_mf);
  else
    ks_managed_fields_update(obj, NULL, o->field_manager ? o->field_manager : "unknown", av, 0);
  if (o->dry_run) return obj;
  if (is_res(r, "apiextensions.k8s.io", "customresourcedefinitions")) ks_resource_crd_sync(obj);
  if (is_core(r, "namespaces")) {
    /* a namespace gets its default ServiceAccount and root CA ConfigMap like a real cluster */
    const ks_resource *sa = ks_resource_find("", "v1", "serviceaccounts");
    char n2[37];
    ks_uuid(n2);
    json_t *s = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "apiVersion", "v1", "kind", "ServiceAccount",
                          "metadata", "name", "default", "namespace", name, "uid", n2, "creationTimestamp", now);
    ks_store_put(r, obj, 1);
    ks_store_put(sa, s, 1);
    return json_incref(obj);
  }
  ks_store_put(r, obj, 1);
  return json_incref(obj);
fail:
  json_decref(obj);
  return NULL;
}

json_t *ks_obj_update(const ks_resource *r, const char *ns, const char *name, json_t *in, const ks_write_opts *o,
                      ks_err *e) {
  json_t *cur = ks_store_get(r, r->namespaced ? ns : NULL, name);
  if (!cur) {
    ks_err_not_found(e, r, name);
    return NULL;
  }
  json_t *obj = json_deep_copy(in);
  if (!json_is_object(obj)) {
    json_decref(obj);
    ks_err_set(e, 400, "BadRequest", "the body of the request was not a JSON object");
    return NULL;
  }
  if (check_identity(r, ns, obj, e)) goto fail;
  json_t *meta = json_object_get(obj, "metadata");
  const char *oname = obj_name(obj);
  if (oname && strcmp(oname, name)) {
    ks_err_set(e, 400, "BadRequest", "the name of the object (%s) does not match the name on the URL (%s)", oname,
               name);
    goto fail;
  }
  json_object_set_new(meta, "name", json_string(name));
  const char *rv = ks_jstr(meta, "resourceVersion");
  if (rv && *rv && strcmp(rv, ks_jstr(cur, "metadata.resourceVersion"))) {
    ks_err_conflict_rv(e, r, name);
    goto fail;
  }
  if (o->subresource_status) {
    json_t *st = json_object_get(obj, "status");
    json_t *n = json_deep_copy(cur);
    if (st)
      json_object_set(n, "status", st);
    else
      json_object_del(n, "status");
    json_decref(obj);
    obj = n;
    meta = json_object_get(obj, "metadata");
  } else {
    json_object_set(meta, "uid", json_object_get(json_object_get(cur, "metadata"), "uid"));
    json_object_set(meta, "creationTimestamp", json_object_get(json_object_get(cur, "metadata"), "creationTimestamp"));
    if (r->has_status) {
      json_t *st = json_object_get(cur, "status");
      if (st)
        json_object_set(obj, "status", st);
      else
        json_object_del(obj, "status");
    }
    json_t *gen = ks_jpath(cur, "metadata.generation");
    if (gen) {
      json_int_t g = json_integer_value(gen);
      if (spec_changed(cur, obj)) g++;
      json_object_set_new(meta, "generation", json_integer(g));
    } else if (json_object_get(obj, "spec")) {
      json_object_set_new(meta, "generation", json_integer(1));
    }
    if (json_object_get(meta, "managedFields") == NULL && json_object_get(json_object_get(cur, "metadata"), "managedFields"))
      json_object_set(meta, "managedFields", json_object_get(json_object_get(cur, "metadata"), "managedFields"));
    if (admit(r, obj, cur, e)) goto fail;
  }
  if (strcmp(o->operation ? o->operation : "Update", "Apply")) {
    char av[256];
    api_version_of(r, av, sizeof av);
    ks_managed_fields_update(obj, cur, o->field_manager ? o->field_manager : "unknown", av, o->subresource_status);
  }
  if (same_content(obj, cur) && same_fields(ks_jpath(obj, "metadata.managedFields"), ks_jpath(cur, "metadata.managedFields"))) {
    /* nothing but managedFields timestamps moved: a no-op as the real API treats it */
    json_decref(obj);
    return json_incref(cur);
  }
  json_object_set(meta, "resourceVersion", json_object_get(json_object_get(cur, "metadata"), "resourceVersion"));
  if (o->dry_run) return obj;
  if (is_res(r, "apiextensions.k8s.io", "customresourcedefinitions")) ks_resource_crd_sync(obj);
  ks_store_put(r, obj, 0);
  return json_incref(obj);
fail:
  json_decref(obj);
  return NULL;
}

/* ---- deletion with cascade ---- */
typedef struct keylist {
  char **keys;
  size_t n, cap;
  const char *uid;
  const char *ns;
} keylist;

static void kl_add(keylist *kl, const char *k) {
  if (kl->n == kl->cap) {
    kl->cap = kl->cap ? kl->cap * 2 : 16;
    kl->keys = realloc(kl->keys, kl->cap * sizeof *kl->keys);
  }
  kl->keys[kl->n++] = strdup(k);
}

static void collect_owned(const char *key, json_t *obj, void *ud) {
  keylist *kl = ud;
  size_t i;
  json_t *ref;
  json_array_foreach(ks_jpath(obj, "metadata.ownerReferences"), i, ref) {
    const char *u = ks_jstr(ref, "uid");
    if (u && !strcmp(u, kl->uid)) {
      kl_add(kl, key);
      return;
    }
  }
}

static void collect_ns(const char *key, json_t *obj, void *ud) {
  keylist *kl = ud;
  const char *ns = ks_jstr(obj, "metadata.namespace");
  if (ns && !strcmp(ns, kl->ns) && strncmp(key, "/namespaces/", 12)) kl_add(kl, key);
}

static const ks_resource *resource_of_key(const char *key, char *ns, size_t nsz, char *name, size_t nmsz) {
  char group[128], plural[128];
  const char *p = key, *s;
  s = strchr(p, '/');
  if (!s) return NULL;
  snprintf(group, sizeof group, "%.*s", (int)(s - p), p);
  p = s + 1;
  s = strchr(p, '/');
  if (!s) return NULL;
  snprintf(plural, sizeof plural, "%.*s", (int)(s - p), p);
  p = s + 1;
  s = strchr(p, '/');
  if (!s) return NULL;
  snprintf(ns, nsz, "%.*s", (int)(s - p), p);
  snprintf(name, nmsz, "%s", s + 1);
  return ks_resource_find(group, NULL, plural);
}

static void delete_tree(const ks_resource *r, json_t *obj, const char *propagation, int depth);

static int append_cb(json_t *obj, void *ud) {
  json_array_append((json_t *)ud, obj);
  return 0;
}

static void delete_key(const char *key, const char *propagation, int depth) {
  char ns[256], name[512];
  const ks_resource *r = resource_of_key(key, ns, sizeof ns, name, sizeof name);
  if (!r) return;
  json_t *o = ks_store_get(r, ns[0] ? ns : NULL, name);
  if (o) delete_tree(r, o, propagation, depth + 1);
}

static void delete_tree(const ks_resource *r, json_t *obj, const char *propagation, int depth) {
  json_incref(obj);
  const char *uid = ks_jstr(obj, "metadata.uid");
  const char *ns = ks_jstr(obj, "metadata.namespace");
  const char *name = ks_jstr(obj, "metadata.name");
  ks_store_del(r, ns, name);
  if (is_core(r, "pods") && uid) ks_pod_forget(uid);
  if (depth < 16 && uid) {
    keylist kl = {0};
    kl.uid = uid;
    ks_store_each_all(collect_owned, &kl);
    for (size_t i = 0; i < kl.n; i++) {
      if (propagation && !strcmp(propagation, "Orphan")) {
        char ns2[256], name2[512];
        const ks_resource *r2 = resource_of_key(kl.keys[i], ns2, sizeof ns2, name2, sizeof name2);
        json_t *dep = r2 ? ks_store_get(r2, ns2[0] ? ns2 : NULL, name2) : NULL;
        if (dep) {
          json_t *c = json_deep_copy(dep);
          json_t *refs = ks_jpath(c, "metadata.ownerReferences");
          for (size_t k = json_array_size(refs); k-- > 0;) {
            const char *u = ks_jstr(json_array_get(refs, k), "uid");
            if (u && !strcmp(u, uid)) json_array_remove(refs, k);
          }
          ks_store_put(r2, c, 0);
        }
      } else {
        delete_key(kl.keys[i], propagation, depth);
      }
      free(kl.keys[i]);
    }
    free(kl.keys);
  }
  if (is_core(r, "namespaces")) {
    keylist kl = {0};
    kl.ns = name;
    ks_store_each_all(collect_ns, &kl);
    for (size_t i = 0; i < kl.n; i++) {
      delete_key(kl.keys[i], "Background", depth);
      free(kl.keys[i]);
    }
    free(kl.keys);
  }
  if (is_res(r, "apiextensions.k8s.io", "customresourcedefinitions")) {
    const char *group = ks_jstr(obj, "spec.group"), *plural = ks_jstr(obj, "spec.names.plural");
    const ks_resource *cr = group && plural ? ks_resource_find(group, NULL, plural) : NULL;
    if (cr) {
      keylist kl = {0};
      char prefix[300];
      snprintf(prefix, sizeof prefix, "%s/%s/", group, plural);
      /* collect by key prefix */
      json_t *all = json_array();
      ks_store_each(cr, NULL, append_cb, all);
      size_t i;
      json_t *v;
      json_array_foreach(all, i, v) ks_store_del(cr, ks_jstr(v, "metadata.namespace"), ks_jstr(v, "metadata.name"));
      json_decref(all);
      free(kl.keys);
    }
    ks_resource_crd_remove(obj);
  }
  json_decref(obj);
}

json_t *ks_obj_delete(const ks_resource *r, const char *ns, const char *name, const char *propagation,
                      const char *precondition_rv, int dry_run, ks_err *e) {
  json_t *cur = ks_store_get(r, r->namespaced ? ns : NULL, name);
  if (!cur) {
    ks_err_not_found(e, r, name);
    return NULL;
  }
  if (precondition_rv && *precondition_rv && strcmp(precondition_rv, ks_jstr(cur, "metadata.resourceVersion"))) {
    char q[300];
    ks_resource_qualified(r, q, sizeof q);
    ks_err_set(e, 409, "Conflict",
               "Operation cannot be fulfilled on %s \"%s\": Precondition failed: ResourceVersion in precondition: "
               "%s, ResourceVersion in object meta: %s",
               q, name, precondition_rv, ks_jstr(cur, "metadata.resourceVersion"));
    return NULL;
  }
  json_t *out = json_deep_copy(cur);
  if (dry_run) return out;
  delete_tree(r, cur, propagation, 0);
  return out;
}

void ks_obj_ctrl_put(const ks_resource *r, json_t *obj, int is_create) {
  if (is_create) {
    json_t *meta = ks_jobj_ensure(obj, "metadata");
    char uid[37], now[32];
    ks_uuid(uid);
    ks_now_rfc3339(now);
    json_object_set_new(meta, "uid", json_string(uid));
    json_object_set_new(meta, "creationTimestamp", json_string(now));
    if (json_object_get(obj, "spec") && !json_object_get(meta, "generation"))
      json_object_set_new(meta, "generation", json_integer(1));
    ks_err e = {0};
    admit(r, obj, NULL, &e);
    ks_err_clear(&e);
  }
  ks_store_put(r, obj, is_create);
}

void ks_obj_ctrl_delete(const ks_resource *r, const char *ns, const char *name) {
  json_t *cur = ks_store_get(r, ns, name);
  if (cur) delete_tree(r, cur, "Background", 0);
}

void ks_bootstrap_defaults(void) {
  const ks_resource *nr = ks_resource_find("", "v1", "namespaces");
  static const char *defaults[] = {"default", "kube-system", "kube-public", "kube-node-lease"};
  for (size_t i = 0; i < 4; i++) {
    if (ks_store_get(nr, NULL, defaults[i])) continue;
    json_t *ns = json_pack("{s:s, s:s, s:{s:s}}", "apiVersion", "v1", "kind", "Namespace", "metadata", "name",
                           defaults[i]);
    ks_write_opts o = {.field_manager = "kube-apiserver", .operation = "Update"};
    ks_err e = {0};
    json_t *res = ks_obj_create(nr, NULL, ns, &o, &e);
    json_decref(res);
    json_decref(ns);
    ks_err_clear(&e);
  }
  const ks_resource *svc = ks_resource_find("", "v1", "services");
  if (!ks_store_get(svc, "default", "kubernetes")) {
    json_t *s = json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s, s:s}}, s:{s:s, s:s, s:[{s:s, s:i, s:s, s:i}]}}",
                          "apiVersion", "v1", "kind", "Service", "metadata", "name", "kubernetes", "namespace",
                          "default", "labels", "component", "apiserver", "provider", "kubernetes", "spec", "type",
                          "ClusterIP", "clusterIP", "10.96.0.1", "ports", "name", "https", "port", 443, "protocol",
                          "TCP", "targetPort", 6443);
    ks_write_opts o = {.field_manager = "kube-apiserver", .operation = "Update"};
    ks_err e = {0};
    json_decref(ks_obj_create(svc, "default", s, &o, &e));
    json_decref(s);
    ks_err_clear(&e);
  }
}
