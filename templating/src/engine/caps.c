/* caps.c — `.Capabilities` as Helm 3.17.1's chartutil.Capabilities: KubeVersion (Version,
 * Major, Minor, String, GitVersion), APIVersions (VersionSet with Has) and HelmVersion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/errors.h"
#include "chartctl/render.h"

/* client-go v0.32's scheme group versions plus apiextensions, in Helm's order */
static const char *const default_versions[] = {
    "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1",
    "apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1", "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
    "autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1",
    "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1", "events.k8s.io/v1",
    "events.k8s.io/v1beta1", "extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1alpha1",
    "networking.k8s.io/v1beta1", "node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1",
    "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1", "storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1alpha1",
    "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1"};

#define HELM_VERSION "v3.17.1"
#define HELM_COMMIT "980d8ac1939e39138101364400756af2bdee1da5"
#define HELM_TREE "clean"
#define HELM_GO "go1.23.5"

ct_caps *ct_caps_default(ct_arena *a, const char *const *extra, size_t n_extra) {
  ct_caps *c = ct_arena_alloc(a, sizeof *c);
  c->kube_version = "v1.32.0";
  c->kube_major = "1";
  c->kube_minor = "32";
  size_t nd = sizeof default_versions / sizeof default_versions[0];
  c->api_versions = ct_arena_alloc(a, (nd + n_extra + 1) * sizeof *c->api_versions);
  for (size_t i = 0; i < nd; i++) c->api_versions[i] = default_versions[i];
  for (size_t i = 0; i < n_extra; i++) c->api_versions[nd + i] = ct_arena_strdup(a, extra[i]);
  c->n_api_versions = nd + n_extra;
  return c;
}

/* Masterminds semver.NewVersion (loose: "1", "1.2", "v1.2.3-pre+meta"); String() drops the v
 * and fills missing parts with 0. */
static int parse_semver(const char *s, unsigned long long part[3], const char **pre,
                        size_t *prelen, const char **meta, size_t *metalen) {
  const char *p = s;
  if (*p == 'v' || *p == 'V') p++;
  part[0] = part[1] = part[2] = 0;
  for (int k = 0; k < 3; k++) {
    if (*p < '0' || *p > '9') return -1;
    if (*p == '0' && p[1] >= '0' && p[1] <= '9') return -1;
    unsigned long long n = 0;
    while (*p >= '0' && *p <= '9') {
      if (n > 1844674407370955161ULL) return -1;
      n = n * 10 + (unsigned)(*p++ - '0');
    }
    part[k] = n;
    if (*p != '.') break;
    if (k == 2) return -1;
    p++;
  }
  *pre = NULL, *prelen = 0, *meta = NULL, *metalen = 0;
  if (*p == '-') {
    *pre = ++p;
    while (*p && *p != '+') {
      if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            *p == '-' || *p == '.'))
        return -1;
      p++;
    }
    *prelen = (size_t)(p - *pre);
    if (!*prelen) return -1;
  }
  if (*p == '+') {
    *meta = ++p;
    while (*p) {
      if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            *p == '-' || *p == '.'))
        return -1;
      p++;
    }
    *metalen = (size_t)(p - *meta);
    if (!*metalen) return -1;
  }
  return *p ? -1 : 0;
}

int ct_caps_set_kube_version(ct_caps *caps, ct_arena *a, const char *version) {
  unsigned long long v[3];
  const char *pre, *meta;
  size_t prelen, metalen;
  if (parse_semver(version, v, &pre, &prelen, &meta, &metalen))
    return ct_error_set(CT_EINVAL, "Invalid Semantic Version");
  caps->kube_version = ct_arena_sprintf(a, "v%llu.%llu.%llu%s%.*s%s%.*s", v[0], v[1], v[2],
                                        pre ? "-" : "", (int)prelen, pre ? pre : "",
                                        meta ? "+" : "", (int)metalen, meta ? meta : "");
  caps->kube_major = ct_arena_sprintf(a, "%llu", v[0]);
  caps->kube_minor = ct_arena_sprintf(a, "%llu", v[1]);
  return CT_OK;
}

/* ---- object classes ---- */
typedef struct caps_obj {
  const ct_caps *caps;
} caps_obj;

static ct_value *str(ct_arena *a, const char *s) { return ct_string_nocopy(a, s, strlen(s)); }

/* chartutil.KubeVersion */
static int kv_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  const ct_caps *c = ((const caps_obj *)self->obj.data)->caps;
  if (!strcmp(name, "Version") || !strcmp(name, "String") || !strcmp(name, "GitVersion"))
    *out = str(a, c->kube_version);
  else if (!strcmp(name, "Major"))
    *out = str(a, c->kube_major);
  else if (!strcmp(name, "Minor"))
    *out = str(a, c->kube_minor);
  else
    return -1;
  return 0;
}
static int no_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args,
                     size_t nargs, ct_arena *a, char *errbuf, size_t errlen) {
  (void)out, (void)self, (void)name, (void)args, (void)nargs, (void)a, (void)errbuf, (void)errlen;
  return -1;
}
static bool kv_has_method(const ct_value *self, const char *name) {
  (void)self;
  return !strcmp(name, "String") || !strcmp(name, "GitVersion");
}
static ct_value *kv_marshal(const ct_value *self, ct_arena *a) {
  const ct_caps *c = ((const caps_obj *)self->obj.data)->caps;
  ct_value *m = ct_map_new(a, CT_MAP, 3);
  ct_map_setc(a, m, "Version", str(a, c->kube_version));
  ct_map_setc(a, m, "Major", str(a, c->kube_major));
  ct_map_setc(a, m, "Minor", str(a, c->kube_minor));
  return m;
}
static void kv_format(const ct_value *self, ct_buf *out) {
  ct_buf_puts(out, ((const caps_obj *)self->obj.data)->caps->kube_version);
}
static const ct_object_class kube_version_class = {
    "chartutil.KubeVersion", kv_field, no_method, kv_has_method, kv_marshal, kv_format, NULL};

/* chartutil.VersionSet */
static int vs_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  (void)out, (void)self, (void)name, (void)a;
  return -1;
}
static int vs_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args,
                     size_t nargs, ct_arena *a, char *errbuf, size_t errlen) {
  const ct_caps *c = ((const caps_obj *)self->obj.data)->caps;
  if (strcmp(name, "Has")) return -1;
  if (nargs != 1) {
    snprintf(errbuf, errlen, "wrong number of args for Has: want 1 got %zu", nargs);
    return -2;
  }
  if (!args[0] || args[0]->type != CT_STRING) {
    snprintf(errbuf, errlen, "wrong type for value; expected string; got %s", ct_type_name(args[0]));
    return -2;
  }
  bool has = false;
  for (size_t i = 0; i < c->n_api_versions && !has; i++)
    has = !strcmp(c->api_versions[i], args[0]->s.ptr);
  *out = ct_bool(a, has);
  return 0;
}
static bool vs_has_method(const ct_value *self, const char *name) {
  (void)self;
  return !strcmp(name, "Has");
}
static ct_value *vs_marshal(const ct_value *self, ct_arena *a) {
  const ct_caps *c = ((const caps_obj *)self->obj.data)->caps;
  ct_value *l = ct_list_new(a, CT_STRLIST, c->n_api_versions);
  for (size_t i = 0; i < c->n_api_versions; i++) ct_list_push(a, l, str(a, c->api_versions[i]));
  return l;
}
static void vs_format(const ct_value *self, ct_buf *out) {
  const ct_caps *c = ((const caps_obj *)self->obj.data)->caps;
  ct_buf_putc(out, '[');
  for (size_t i = 0; i < c->n_api_versions; i++) {
    if (i) ct_buf_putc(out, ' ');
    ct_buf_puts(out, c->api_versions[i]);
  }
  ct_buf_putc(out, ']');
}
static const char *vs_sig(const ct_value *self, const char *name) {
  (void)self;
  return !strcmp(name, "Has") ? "string->bool" : NULL; /* func (VersionSet) Has(string) bool */
}
static const ct_object_class version_set_class = {
    "chartutil.VersionSet", vs_field, vs_method, vs_has_method, vs_marshal, vs_format, vs_sig};

/* version.BuildInfo */
static int bi_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  (void)self;
  if (!strcmp(name, "Version")) *out = str(a, HELM_VERSION);
  else if (!strcmp(name, "GitCommit")) *out = str(a, HELM_COMMIT);
  else if (!strcmp(name, "GitTreeState")) *out = str(a, HELM_TREE);
  else if (!strcmp(name, "GoVersion")) *out = str(a, HELM_GO);
  else return -1;
  return 0;
}
static bool none_has_method(const ct_value *self, const char *name) {
  (void)self, (void)name;
  return false;
}
static ct_value *bi_marshal(const ct_value *self, ct_arena *a) {
  (void)self;
  ct_value *m = ct_map_new(a, CT_MAP, 4);
  ct_map_setc(a, m, "version", str(a, HELM_VERSION));
  ct_map_setc(a, m, "git_commit", str(a, HELM_COMMIT));
  ct_map_setc(a, m, "git_tree_state", str(a, HELM_TREE));
  ct_map_setc(a, m, "go_version", str(a, HELM_GO));
  return m;
}
static void bi_format(const ct_value *self, ct_buf *out) {
  (void)self;
  ct_buf_puts(out, "{" HELM_VERSION " " HELM_COMMIT " " HELM_TREE " " HELM_GO "}");
}
static const ct_object_class build_info_class = {
    "version.BuildInfo", bi_field, no_method, none_has_method, bi_marshal, bi_format, NULL};

/* *chartutil.Capabilities */
static int caps_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  void *d = self->obj.data;
  if (!strcmp(name, "KubeVersion")) *out = ct_object(a, &kube_version_class, d);
  else if (!strcmp(name, "APIVersions")) *out = ct_object(a, &version_set_class, d);
  else if (!strcmp(name, "HelmVersion")) *out = ct_object(a, &build_info_class, d);
  else return -1;
  return 0;
}
static ct_value *caps_marshal(const ct_value *self, ct_arena *a) {
  ct_value *m = ct_map_new(a, CT_MAP, 3);
  ct_value tmp = *self;
  tmp.obj.cls = &kube_version_class;
  ct_map_setc(a, m, "KubeVersion", kv_marshal(&tmp, a));
  ct_map_setc(a, m, "APIVersions", vs_marshal(&tmp, a));
  ct_map_setc(a, m, "HelmVersion", bi_marshal(&tmp, a));
  return m;
}
static void caps_format(const ct_value *self, ct_buf *out) {
  const ct_caps *c = ((const caps_obj *)self->obj.data)->caps;
  ct_buf_printf(out, "&{{%s %s %s} ", c->kube_version, c->kube_major, c->kube_minor);
  vs_format(self, out);
  ct_buf_puts(out, " ");
  bi_format(self, out);
  ct_buf_puts(out, "}");
}
static const ct_object_class caps_class = {
    "*chartutil.Capabilities", caps_field, no_method, none_has_method, caps_marshal, caps_format, NULL};

ct_value *ct_caps_value(ct_arena *a, const ct_caps *caps) {
  caps_obj *o = ct_arena_alloc(a, sizeof *o);
  o->caps = caps;
  return ct_object(a, &caps_class, o);
}
