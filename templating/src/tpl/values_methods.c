/* values_methods.c — the methods Go's template engine finds on Helm's chartutil.Values (the
 * type of .Values and of what .Values.Table returns): AsMap, Table, PathValue and YAML, with
 * chartutil's errors. Go looks methods up before map keys, so these shadow same-named keys. */
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/gofmt.h"
#include "tpl/tpl_int.h"

int ct_tpl__values_method_arity(const char *name) {
  /* asked at every field of .Values: most keys are lower case and leave at the switch */
  switch (name[0]) {
  case 'A': return strcmp(name, "AsMap") ? -1 : 0;
  case 'Y': return strcmp(name, "YAML") ? -1 : 0;
  case 'T': return strcmp(name, "Table") ? -1 : 1;
  case 'P': return strcmp(name, "PathValue") ? -1 : 1;
  case 'E': return strcmp(name, "Encode") ? -1 : 1;
  default: return -1;
  }
}

/* tableLookup: V[KEY] when it is a map[string]interface {} or a Values */
static const ct_value *table_lookup(const ct_value *v, const char *key, size_t kl) {
  ct_value *t = NULL;
  if (!ct_map_get(v, key, kl, &t) || !t || t->type != CT_MAP) return NULL;
  return t;
}

/* Values.Table(NAME): the table at the dotted path, or `"part" is not a table` */
static const ct_value *table(const ct_value *v, const char *name, ct_buf *err) {
  const char *p = name;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t kl = dot ? (size_t)(dot - p) : strlen(p);
    const ct_value *t = table_lookup(v, p, kl);
    if (!t) {
      ct_buf q = CT_BUF_INIT;
      ct_gofmt_quote(&q, p, kl);
      ct_buf_printf(err, "%s is not a table", ct_buf_str(&q));
      ct_buf_dispose(&q);
      return NULL;
    }
    v = t;
    if (!dot) return v;
    p = dot + 1;
  }
}

static int no_value(ct_buf *err, const char *key, size_t kl) {
  ct_buf q = CT_BUF_INIT;
  ct_gofmt_quote(&q, key, kl);
  ct_buf_printf(err, "%s is not a value", ct_buf_str(&q));
  ct_buf_dispose(&q);
  return -2;
}

static bool is_table(const ct_value *v) {
  return v && v->type == CT_MAP && v->gotype == CT_GO_PLAIN;
}

/* Values.PathValue(PATH): a leaf value at the dotted path (not a table) */
static int path_value(ct_value **out, const ct_value *v, const char *path, ct_buf *err) {
  if (!*path) {
    ct_buf_puts(err, "YAML path cannot be empty");
    return -2;
  }
  const char *last = strrchr(path, '.');
  const char *key = last ? last + 1 : path;
  size_t kl = strlen(key);
  const ct_value *t = v;
  if (last) {
    ct_buf scratch = CT_BUF_INIT;
    char *head = strndup(path, (size_t)(last - path));
    t = head ? table(v, head, &scratch) : NULL;
    free(head);
    ct_buf_dispose(&scratch);
    if (!t) return no_value(err, key, kl);
  }
  ct_value *x = NULL;
  if (!ct_map_get(t, key, kl, &x) || is_table(x)) return no_value(err, key, kl);
  *out = x;
  return 0;
}

int ct_tpl__values_method(ct_value **out, const ct_value *self, const char *name,
                          const ct_value *arg, ct_arena *a, ct_buf *err) {
  *out = NULL;
  if (!strcmp(name, "AsMap")) {
    *out = ct_value_as(a, (ct_value *)self, CT_GO_PLAIN);
    return 0;
  }
  if (!strcmp(name, "YAML")) {
    ct_buf y = CT_BUF_INIT;
    if (ct_yaml_emit(&y, self, err) != 0) {
      ct_buf_dispose(&y);
      return -2;
    }
    *out = ct_string(a, ct_buf_str(&y), y.len);
    ct_buf_dispose(&y);
    return 0;
  }
  const char *s = arg && (arg->type == CT_STRING) ? arg->s.ptr : "";
  if (!strcmp(name, "Table")) {
    const ct_value *t = table(self, s, err);
    if (!t) return -2;
    *out = ct_value_as(a, (ct_value *)t, CT_GO_VALUES);
    return 0;
  }
  if (!strcmp(name, "PathValue")) return path_value(out, self, s, err);
  return -1;
}
