/* defaults.c — Sprig's defaults family: default empty coalesce all any ternary, and the
 * empty() test (plus slice helpers) the other part-A families share. */
#include "sprig/sprig_a.h"

bool ct_sprig__empty(const ct_value *v) {
  if (!v) return true;
  switch (v->type) {
  case CT_OBJECT: return false; /* structs are never empty; pointers here are non-nil */
  default: return !ct_truth(v);
  }
}

size_t ct_sprig__slice_len(const ct_value *v) {
  if (!v) return 0;
  if (v->type == CT_BYTES) return v->s.len;
  if (ct_is_list(v)) return v->list->len;
  return 0;
}

ct_value *ct_sprig__slice_at(ct_arena *a, const ct_value *v, size_t i) {
  if (v->type == CT_BYTES) return ct_uint(a, CT_UINT8, (unsigned char)v->s.ptr[i]);
  return v->list->items[i];
}

/* default(d interface{}, given ...interface{}) interface{} */
static int f_default(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)c;
  *out = (nargs < 2 || ct_sprig__empty(args[1])) ? args[0] : args[1];
  return 0;
}

static int f_empty(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), ct_sprig__empty(args[0]));
  return 0;
}

static int f_coalesce(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)c;
  *out = NULL;
  for (size_t i = 0; i < nargs; i++)
    if (!ct_sprig__empty(args[i])) {
      *out = args[i];
      break;
    }
  return 0;
}

static int f_all(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  bool r = true;
  for (size_t i = 0; i < nargs && r; i++)
    if (ct_sprig__empty(args[i])) r = false;
  *out = ct_bool(ct_call_arena(c), r);
  return 0;
}

static int f_any(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  bool r = false;
  for (size_t i = 0; i < nargs && !r; i++)
    if (!ct_sprig__empty(args[i])) r = true;
  *out = ct_bool(ct_call_arena(c), r);
  return 0;
}

/* ternary(vt, vf interface{}, v bool) interface{} */
static int f_ternary(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)c;
  (void)nargs;
  *out = (args[2] && args[2]->type == CT_BOOL && args[2]->b) ? args[0] : args[1];
  return 0;
}

static const ct_func funcs[] = {
    {"default", "any,...any->any", f_default, NULL},
    {"empty", "any->bool", f_empty, NULL},
    {"coalesce", "...any->any", f_coalesce, NULL},
    {"all", "...any->bool", f_all, NULL},
    {"any", "...any->bool", f_any, NULL},
    {"ternary", "any,any,bool->any", f_ternary, NULL},
};

const ct_func *ct_sprig__defaults(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
