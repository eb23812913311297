/* chart.c — Chart accessors (Name, IsRoot, ChartPath, ChartFullPath, CRDObjects, raw values)
 * and `.Chart` as templates see it: struct { chart.Metadata; IsRoot bool } as a ct object. */
#include <string.h>

#include "chart/chart_int.h"
#include "chartctl/gofmt.h"

const char *ct_chart_name(const ct_chart *c) { return c && c->meta.name ? c->meta.name : ""; }
bool ct_chart_is_root(const ct_chart *c) { return c->parent == NULL; }
bool ct_chart_is_library(const ct_chart *c) { return !strcmp(c->meta.type, "library"); }

const char *ct_chart_path(const ct_chart *c, ct_arena *a) {
  if (!c->parent) return ct_arena_strdup(a, ct_chart_name(c));
  return ct_arena_sprintf(a, "%s.%s", ct_chart_path(c->parent, a), ct_chart_name(c));
}

const char *ct_chart_full_path(const ct_chart *c, ct_arena *a) {
  if (!c->parent) return ct_arena_strdup(a, ct_chart_name(c));
  return ct_arena_sprintf(a, "%s/charts/%s", ct_chart_full_path(c->parent, a), ct_chart_name(c));
}

const char *ct_chart_values_text(const ct_chart *c, size_t *len) {
  if (!c->raw_values) {
    if (len) *len = 0;
    return "";
  }
  if (len) *len = c->raw_values->len;
  return c->raw_values->data;
}

const ct_chart_file **ct_chart_crds(const ct_chart *c, ct_arena *a, size_t *n) {
  const ct_chart_file **out = ct_arena_alloc(a, (c->nfiles + 1) * sizeof *out);
  size_t k = 0;
  for (size_t i = 0; i < c->nfiles; i++)
    if (!strncmp(c->files[i].name, "crds/", 5)) out[k++] = &c->files[i];
  *n = k;
  return out;
}

ct_chart *ct_chart__clone_shallow(ct_arena *a, const ct_chart *c) {
  ct_chart *x = ct_arena_alloc(a, sizeof *x);
  *x = *c;
  return x;
}

/* ---- objects ---- */

typedef struct meta_obj {
  const ct_chart_metadata *md;
  bool is_root;
} meta_obj;

/* A []string field: a nil slice when the YAML had no such key (V is NULL). */
static ct_value *strlist(ct_arena *a, const char **v, size_t n) {
  if (!v) return ct_list_new_nil(a, CT_STRLIST);
  ct_value *l = ct_list_new(a, CT_STRLIST, n);
  for (size_t i = 0; i < n; i++) ct_list_push(a, l, ct_cstring(a, v[i]));
  return l;
}

/* Maintainer */
static int maint_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  const ct_chart_maintainer *m = self->obj.data;
  if (!strcmp(name, "Name")) *out = ct_cstring(a, m->name);
  else if (!strcmp(name, "Email")) *out = ct_cstring(a, m->email);
  else if (!strcmp(name, "URL")) *out = ct_cstring(a, m->url);
  else return -1;
  return 0;
}
static bool no_method(const ct_value *self, const char *name) {
  (void)self;
  (void)name;
  return false;
}
static int no_call(ct_value **out, const ct_value *self, const char *name, ct_value *const *args,
                   size_t nargs, ct_arena *a, char *errbuf, size_t errlen) {
  (void)out; (void)self; (void)name; (void)args; (void)nargs; (void)a; (void)errbuf; (void)errlen;
  return -1;
}
static void put_omit(ct_arena *a, ct_value *m, const char *k, const char *s) {
  if (s && *s) ct_map_setc(a, m, k, ct_cstring(a, s));
}
/* A struct's JSON object: keys in field order (encoding/json), not sorted. */
static ct_value *struct_map(ct_arena *a, size_t cap) {
  ct_value *o = ct_map_new(a, CT_MAP, cap);
  o->gotype = CT_GO_STRUCT_FIELDS;
  return o;
}
static ct_value *maint_marshal(const ct_value *self, ct_arena *a) {
  const ct_chart_maintainer *m = self->obj.data;
  ct_value *o = struct_map(a, 3);
  put_omit(a, o, "name", m->name);
  put_omit(a, o, "email", m->email);
  put_omit(a, o, "url", m->url);
  return o;
}
static void maint_format(const ct_value *self, ct_buf *out) {
  const ct_chart_maintainer *m = self->obj.data;
  ct_buf_printf(out, "&{%s %s %s}", m->name, m->email, m->url);
}
static const ct_object_class maint_class = {"*chart.Maintainer", maint_field, no_call, no_method,
                                            maint_marshal, maint_format, NULL};

/* Dependency */
static int dep_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  const ct_chart_dep *d = self->obj.data;
  if (!strcmp(name, "Name")) *out = ct_cstring(a, d->name);
  else if (!strcmp(name, "Version")) *out = ct_cstring(a, d->version);
  else if (!strcmp(name, "Repository")) *out = ct_cstring(a, d->repository);
  else if (!strcmp(name, "Condition")) *out = ct_cstring(a, d->condition);
  else if (!strcmp(name, "Tags")) *out = strlist(a, d->tags, d->ntags);
  else if (!strcmp(name, "Enabled")) *out = ct_bool(a, d->enabled);
  else if (!strcmp(name, "ImportValues")) *out = d->import_values ? d->import_values : ct_list_new_nil(a, CT_LIST);
  else if (!strcmp(name, "Alias")) *out = ct_cstring(a, d->alias);
  else return -1;
  return 0;
}
static ct_value *dep_marshal(const ct_value *self, ct_arena *a) {
  const ct_chart_dep *d = self->obj.data;
  ct_value *o = struct_map(a, 8);
  ct_map_setc(a, o, "name", ct_cstring(a, d->name));
  put_omit(a, o, "version", d->version);
  ct_map_setc(a, o, "repository", ct_cstring(a, d->repository));
  put_omit(a, o, "condition", d->condition);
  if (d->ntags) ct_map_setc(a, o, "tags", strlist(a, d->tags, d->ntags));
  if (d->enabled) ct_map_setc(a, o, "enabled", ct_bool(a, true));
  if (d->import_values && d->import_values->list->len) ct_map_setc(a, o, "import-values", d->import_values);
  put_omit(a, o, "alias", d->alias);
  return o;
}
/* fmt's %v of the pointer: &{Name Version Repository Condition Tags Enabled ImportValues Alias} */
static void dep_format(const ct_value *self, ct_buf *out) {
  const ct_chart_dep *d = self->obj.data;
  ct_arena *a = ct_arena_new();
  ct_buf_printf(out, "&{%s %s %s %s ", d->name ? d->name : "", d->version, d->repository, d->condition);
  ct_gofmt_value(out, strlist(a, d->tags, d->ntags));
  ct_buf_printf(out, " %s ", d->enabled ? "true" : "false");
  ct_gofmt_value(out, d->import_values ? d->import_values : ct_list_new_nil(a, CT_LIST));
  ct_buf_printf(out, " %s}", d->alias);
  ct_arena_free(a);
}
static const ct_object_class dep_class = {"*chart.Dependency", dep_field, no_call, no_method,
                                          dep_marshal, dep_format, NULL};

static int meta_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  const meta_obj *mo = self->obj.data;
  const ct_chart_metadata *m = mo->md;
  if (!strcmp(name, "Name")) *out = ct_cstring(a, m->name);
  else if (!strcmp(name, "Home")) *out = ct_cstring(a, m->home);
  else if (!strcmp(name, "Sources")) *out = strlist(a, m->sources, m->nsources);
  else if (!strcmp(name, "Version")) *out = ct_cstring(a, m->version);
  else if (!strcmp(name, "Description")) *out = ct_cstring(a, m->description);
  else if (!strcmp(name, "Keywords")) *out = strlist(a, m->keywords, m->nkeywords);
  else if (!strcmp(name, "Maintainers")) {
    ct_value *l = m->maintainers ? ct_list_new(a, CT_LIST, m->nmaintainers) : ct_list_new_nil(a, CT_LIST);
    l->gotype = CT_GO_MAINTAINER_SLICE;
    for (size_t i = 0; i < m->nmaintainers; i++)
      ct_list_push(a, l, ct_object(a, &maint_class, (void *)&m->maintainers[i]));
    *out = l;
  } else if (!strcmp(name, "Icon")) *out = ct_cstring(a, m->icon);
  else if (!strcmp(name, "APIVersion")) *out = ct_cstring(a, m->api_version);
  else if (!strcmp(name, "Condition")) *out = ct_cstring(a, m->condition);
  else if (!strcmp(name, "Tags")) *out = ct_cstring(a, m->tags);
  else if (!strcmp(name, "AppVersion")) *out = ct_cstring(a, m->app_version);
  else if (!strcmp(name, "Deprecated")) *out = ct_bool(a, m->deprecated);
  else if (!strcmp(name, "Annotations")) *out = m->annotations ? m->annotations : ct_map_new_nil(a, CT_STRMAP);
  else if (!strcmp(name, "KubeVersion")) *out = ct_cstring(a, m->kube_version);
  else if (!strcmp(name, "Dependencies")) {
    ct_value *l = m->deps ? ct_list_new(a, CT_LIST, m->ndeps) : ct_list_new_nil(a, CT_LIST);
    l->gotype = CT_GO_DEPENDENCY_SLICE;
    for (size_t i = 0; i < m->ndeps; i++) ct_list_push(a, l, ct_object(a, &dep_class, (void *)&m->deps[i]));
    *out = l;
  } else if (!strcmp(name, "Type")) *out = ct_cstring(a, m->type);
  else if (!strcmp(name, "IsRoot")) *out = ct_bool(a, mo->is_root);
  else if (!strcmp(name, "Metadata")) *out = ct_object(a, self->obj.cls, self->obj.data);
  else return -1;
  return 0;
}

/* The JSON form, keys inserted in struct field order (encoding/json order). */
static ct_value *meta_marshal(const ct_value *self, ct_arena *a) {
  const meta_obj *mo = self->obj.data;
  const ct_chart_metadata *m = mo->md;
  ct_value *o = struct_map(a, 18);
  put_omit(a, o, "name", m->name);
  put_omit(a, o, "home", m->home);
  if (m->nsources) ct_map_setc(a, o, "sources", strlist(a, m->sources, m->nsources));
  put_omit(a, o, "version", m->version);
  put_omit(a, o, "description", m->description);
  if (m->nkeywords) ct_map_setc(a, o, "keywords", strlist(a, m->keywords, m->nkeywords));
  if (m->nmaintainers) {
    ct_value *l = ct_list_new(a, CT_LIST, m->nmaintainers);
    for (size_t i = 0; i < m->nmaintainers; i++) {
      ct_value tmp = {.type = CT_OBJECT};
      tmp.obj.cls = &maint_class;
      tmp.obj.data = (void *)&m->maintainers[i];
      ct_list_push(a, l, maint_marshal(&tmp, a));
    }
    ct_map_setc(a, o, "maintainers", l);
  }
  put_omit(a, o, "icon", m->icon);
  put_omit(a, o, "apiVersion", m->api_version);
  put_omit(a, o, "condition", m->condition);
  put_omit(a, o, "tags", m->tags);
  put_omit(a, o, "appVersion", m->app_version);
  if (m->deprecated) ct_map_setc(a, o, "deprecated", ct_bool(a, true));
  if (m->annotations && ct_map_len(m->annotations)) ct_map_setc(a, o, "annotations", m->annotations);
  put_omit(a, o, "kubeVersion", m->kube_version);
  if (m->ndeps) {
    ct_value *l = ct_list_new(a, CT_LIST, m->ndeps);
    for (size_t i = 0; i < m->ndeps; i++) {
      ct_value tmp = {.type = CT_OBJECT};
      tmp.obj.cls = &dep_class;
      tmp.obj.data = (void *)&m->deps[i];
      ct_list_push(a, l, dep_marshal(&tmp, a));
    }
    ct_map_setc(a, o, "dependencies", l);
  }
  put_omit(a, o, "type", m->type);
  ct_map_setc(a, o, "IsRoot", ct_bool(a, mo->is_root));
  return o;
}

static const ct_object_class meta_class = {"struct { chart.Metadata; IsRoot bool }", meta_field,
                                           no_call, no_method, meta_marshal, NULL, NULL};

ct_value *ct_chart_metadata_value(ct_arena *a, const ct_chart *c) {
  meta_obj *mo = ct_arena_alloc(a, sizeof *mo);
  mo->md = &c->meta;
  mo->is_root = c->parent == NULL;
  return ct_object(a, &meta_class, mo);
}
