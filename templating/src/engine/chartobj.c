/* chartobj.c — `.Chart` as Helm 3.17 builds it: struct { chart.Metadata; IsRoot bool }, the
 * chart's metadata object with one more field. */
#include <string.h>

#include "engine/engine_int.h"

typedef struct chart_obj {
  ct_value *meta; /* CT_OBJECT "*chart.Metadata" (or NULL) */
  bool is_root;
} chart_obj;

static int co_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  const chart_obj *o = self->obj.data;
  if (!strcmp(name, "IsRoot")) {
    *out = ct_bool(a, o->is_root);
    return 0;
  }
  if (!o->meta || o->meta->type != CT_OBJECT) return -1;
  return o->meta->obj.cls->field(out, o->meta, name, a);
}

static int co_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args,
                     size_t nargs, ct_arena *a, char *errbuf, size_t errlen) {
  const chart_obj *o = self->obj.data;
  if (!o->meta || o->meta->type != CT_OBJECT || !o->meta->obj.cls->method) return -1;
  return o->meta->obj.cls->method(out, o->meta, name, args, nargs, a, errbuf, errlen);
}

static bool co_has_method(const ct_value *self, const char *name) {
  const chart_obj *o = self->obj.data;
  if (!o->meta || o->meta->type != CT_OBJECT || !o->meta->obj.cls->has_method) return false;
  return o->meta->obj.cls->has_method(o->meta, name);
}

static ct_value *co_marshal(const ct_value *self, ct_arena *a) {
  const chart_obj *o = self->obj.data;
  ct_value *inner = NULL;
  if (o->meta && o->meta->type == CT_OBJECT && o->meta->obj.cls->marshal)
    inner = o->meta->obj.cls->marshal(o->meta, a);
  size_t n = 0;
  const ct_map_entry *e = ct_is_map(inner) ? ct_map_entries(inner, &n) : NULL;
  ct_value *m = ct_map_new(a, CT_MAP, n + 1);
  for (size_t i = 0; i < n; i++) ct_map_set(a, m, e[i].key.ptr, e[i].key.len, e[i].value);
  ct_map_setc(a, m, "IsRoot", ct_bool(a, o->is_root));
  return m;
}

static void co_format(const ct_value *self, ct_buf *out) {
  const chart_obj *o = self->obj.data;
  ct_buf_putc(out, '{');
  if (o->meta && o->meta->type == CT_OBJECT && o->meta->obj.cls->format) {
    ct_buf inner = CT_BUF_INIT;
    o->meta->obj.cls->format(o->meta, &inner);
    const char *s = ct_buf_str(&inner);
    if (*s == '&') s++;
    ct_buf_puts(out, s);
    ct_buf_dispose(&inner);
  } else {
    ct_buf_puts(out, "{}");
  }
  ct_buf_puts(out, o->is_root ? " true}" : " false}");
}

static const ct_object_class chart_class = {"struct { chart.Metadata; IsRoot bool }", co_field,
                                            co_method, co_has_method, co_marshal, co_format};

ct_value *ct_engine__chart_value(ct_arena *a, ct_value *meta, bool is_root) {
  chart_obj *o = ct_arena_alloc(a, sizeof *o);
  o->meta = meta;
  o->is_root = is_root;
  return ct_object(a, &chart_class, o);
}
