/* dicts.c — Sprig's dict family (dict.go): dict get set unset hasKey pluck keys values pick
 * omit merge mergeOverwrite (mergo's rules) deepCopy dig, and their must* forms. */
#include <string.h>

#include "sprig/sprig_a.h"

static bool is_map(const ct_value *v) { return v && v->type == CT_MAP; }

static int f_dict(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_value *m = ct_map_new(a, CT_MAP, nargs / 2 + 1);
  for (size_t i = 0; i < nargs; i += 2) {
    size_t klen;
    const char *k = ct_sprig__strval(a, args[i], &klen);
    ct_map_set(a, m, k, klen, i + 1 < nargs ? args[i + 1] : ct_cstring(a, ""));
  }
  *out = m;
  return 0;
}

static const ct_str *sarg(const ct_value *v) {
  static const ct_str empty = {"", 0};
  return v && v->type == CT_STRING ? &v->s : &empty;
}

/* get: the value, or "" when the key is absent. */
static int f_get(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const ct_str *k = sarg(args[1]);
  if (!is_map(args[0]) || !ct_map_get(args[0], k->ptr, k->len, out))
    *out = ct_cstring(ct_call_arena(c), "");
  return 0;
}

static int f_set(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  /* nil, or a typed nil map (fromJson "null"): Go panics */
  if (!is_map(args[0]) || ct_is_typed_nil(args[0])) return ct_call_errorf(c, "assignment to entry in nil map");
  const ct_str *k = sarg(args[1]);
  ct_map_set(ct_call_arena(c), args[0], k->ptr, k->len, args[2]);
  *out = args[0];
  return 0;
}

static int f_unset(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)c;
  (void)nargs;
  const ct_str *k = sarg(args[1]);
  if (is_map(args[0])) ct_map_delete(args[0], k->ptr, k->len);
  *out = args[0];
  return 0;
}

static int f_haskey(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const ct_str *k = sarg(args[1]);
  ct_value *v;
  *out = ct_bool(ct_call_arena(c), is_map(args[0]) && ct_map_get(args[0], k->ptr, k->len, &v));
  return 0;
}

static int f_pluck(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  const ct_str *k = sarg(args[0]);
  ct_value *l = ct_list_new(a, CT_LIST, 0), *v;
  for (size_t i = 1; i < nargs; i++)
    if (is_map(args[i]) && ct_map_get(args[i], k->ptr, k->len, &v)) ct_list_push(a, l, v);
  *out = l;
  return 0;
}

/* keys/values: Go ranges a map in random order; we give sorted key order. */
static int f_keys(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_value *l = ct_list_new(a, CT_STRLIST, 0);
  for (size_t i = 0; i < nargs; i++) {
    if (!is_map(args[i])) continue;
    size_t n;
    const ct_map_entry *e = ct_map_sorted(a, args[i], &n);
    for (size_t j = 0; j < n; j++)
      ct_list_push(a, l, ct_string_nocopy(a, e[j].key.ptr, e[j].key.len));
  }
  *out = l;
  return 0;
}

static int f_values(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  ct_value *l = ct_list_new(a, CT_LIST, 0);
  if (is_map(args[0])) {
    size_t n;
    const ct_map_entry *e = ct_map_sorted(a, args[0], &n);
    for (size_t j = 0; j < n; j++)
      ct_list_push(a, l, e[j].value);
  }
  *out = l;
  return 0;
}

static int f_pick(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_value *m = ct_map_new(a, CT_MAP, 0), *v;
  for (size_t i = 1; i < nargs; i++) {
    const ct_str *k = sarg(args[i]);
    if (is_map(args[0]) && ct_map_get(args[0], k->ptr, k->len, &v))
      ct_map_set(a, m, k->ptr, k->len, v);
  }
  *out = m;
  return 0;
}

static int f_omit(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  if (is_map(args[0])) {
    size_t n;
    const ct_map_entry *e = ct_map_entries(args[0], &n);
    for (size_t j = 0; j < n; j++) {
      bool drop = false;
      for (size_t i = 1; i < nargs && !drop; i++) {
        const ct_str *k = sarg(args[i]);
        drop = k->len == e[j].key.len && memcmp(k->ptr, e[j].key.ptr, k->len) == 0;
      }
      if (!drop) ct_map_set(a, m, e[j].key.ptr, e[j].key.len, e[j].value);
    }
  }
  *out = m;
  return 0;
}

/* mergo's deepMerge of two map[string]interface{} as Sprig calls it (Merge, or
 * MergeWithOverwrite). DST is changed in place. */
static void merge_into(ct_arena *a, ct_value *dst, const ct_value *src, bool overwrite) {
  size_t n;
  const ct_map_entry *se = ct_map_entries(src, &n);
  /* copy the entry list: DST may be SRC itself */
  ct_map_entry *ents = ct_arena_alloc(a, (n ? n : 1) * sizeof *ents);
  if (n) memcpy(ents, se, n * sizeof *ents);
  for (size_t i = 0; i < n; i++) {
    const ct_str *k = &ents[i].key;
    ct_value *sv = ents[i].value, *dv = NULL;
    bool has = ct_map_get(dst, k->ptr, k->len, &dv);
    if (!sv) { /* a nil interface: only overwrite copies it */
      if (overwrite) ct_map_set(a, dst, k->ptr, k->len, NULL);
      continue;
    }
    if (ct_is_map(sv) && ct_is_map(dv)) {
      if (dv->type == CT_MAP && sv->type == CT_MAP) merge_into(a, dv, sv, overwrite);
      if (!ct_sprig__empty(dv)) continue;
    } else if (has && !ct_sprig__empty(dv) && ct_is_list(sv)) {
      if (overwrite) ct_map_set(a, dst, k->ptr, k->len, sv);
      continue;
    }
    if (overwrite || !has || ct_sprig__empty(dv)) ct_map_set(a, dst, k->ptr, k->len, sv);
  }
}

static int do_merge(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs, bool ow) {
  ct_arena *a = ct_call_arena(c);
  ct_value *dst = is_map(args[0]) ? args[0] : ct_map_new(a, CT_MAP, 0); /* mergo makes a nil dst */
  for (size_t i = 1; i < nargs; i++)
    if (is_map(args[i])) merge_into(a, dst, args[i], ow);
  *out = dst;
  return 0;
}

static int f_merge(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  return do_merge(c, out, args, nargs, false);
}
static int f_merge_ow(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  return do_merge(c, out, args, nargs, true);
}

static int f_deepcopy(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (!args[0]) return ct_call_errorf(c, "reflect: call of reflect.Value.Type on zero Value");
  *out = ct_value_copy(ct_call_arena(c), args[0]);
  return 0;
}

/* Go's name for a dynamic type in "interface conversion" panics. */
static const char *dyn_type(const ct_value *v) { return v ? ct_type_name(v) : "nil"; }

/* dig(keys..., default, dict): Go's type assertions fail with "interface conversion". */
static int f_dig(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  if (nargs < 3) return ct_call_errorf(c, "dig needs at least three arguments");
  const ct_value *d = args[nargs - 1];
  /* a type assertion: a named map type such as chartutil.Values (.Values) fails it */
  if (!ct_is_plain_map(d))
    return ct_call_errorf(
        c, "interface conversion: interface {} is %s, not map[string]interface {}", dyn_type(d));
  for (size_t i = 0; i + 2 < nargs; i++)
    if (!args[i] || args[i]->type != CT_STRING)
      return ct_call_errorf(c, "interface conversion: interface {} is %s, not string",
                            dyn_type(args[i]));
  for (size_t i = 0; i + 2 < nargs; i++) {
    ct_value *step;
    if (!ct_map_get(d, args[i]->s.ptr, args[i]->s.len, &step)) {
      *out = args[nargs - 2];
      return 0;
    }
    if (i + 3 == nargs) {
      *out = step;
      return 0;
    }
    if (!ct_is_plain_map(step))
      return ct_call_errorf(c,
                            "interface conversion: interface {} is %s, not map[string]interface {}",
                            dyn_type(step));
    d = step;
  }
  *out = args[nargs - 2];
  return 0;
}

static const ct_func funcs[] = {
    {"dict", "...any->map[string]any", f_dict, NULL},
    {"get", "map[string]any,string->any", f_get, NULL},
    {"set", "map[string]any,string,any->map[string]any", f_set, NULL},
    {"unset", "map[string]any,string->map[string]any", f_unset, NULL},
    {"hasKey", "map[string]any,string->bool", f_haskey, NULL},
    {"pluck", "string,...map[string]any->[]any", f_pluck, NULL},
    {"keys", "...map[string]any->[]string", f_keys, NULL},
    {"values", "map[string]any->[]any", f_values, NULL},
    {"pick", "map[string]any,...string->map[string]any", f_pick, NULL},
    {"omit", "map[string]any,...string->map[string]any", f_omit, NULL},
    {"merge", "map[string]any,...map[string]any->any", f_merge, NULL},
    {"mustMerge", "map[string]any,...map[string]any->any,error", f_merge, NULL},
    {"mergeOverwrite", "map[string]any,...map[string]any->any", f_merge_ow, NULL},
    {"mustMergeOverwrite", "map[string]any,...map[string]any->any,error", f_merge_ow, NULL},
    {"deepCopy", "any->any", f_deepcopy, NULL},
    {"mustDeepCopy", "any->any,error", f_deepcopy, NULL},
    {"dig", "...any->any,error", f_dig, NULL},
};

const ct_func *ct_sprig__dicts(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
