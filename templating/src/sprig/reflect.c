/* reflect.c — Sprig's reflection family: typeOf typeIs typeIsLike kindOf kindIs deepEqual,
 * answered from Go's type and kind names of the value model. */
#include <string.h>

#include "sprig/sprig_a.h"

static bool streq(const ct_value *s, const char *w) {
  return s && s->type == CT_STRING && s->s.len == strlen(w) && memcmp(s->s.ptr, w, s->s.len) == 0;
}

static int f_typeof(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_cstring(ct_call_arena(c), ct_type_name(args[0]));
  return 0;
}

static int f_typeis(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), streq(args[0], ct_type_name(args[1])));
  return 0;
}

/* typeIsLike: the type name, or the type is a pointer to it. */
static int f_typeislike(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const char *t = ct_type_name(args[1]);
  bool r = streq(args[0], t) || (t[0] == '*' && streq(args[0], t + 1));
  *out = ct_bool(ct_call_arena(c), r);
  return 0;
}

static int f_kindof(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_cstring(ct_call_arena(c), ct_kind_name(args[0]));
  return 0;
}

static int f_kindis(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), streq(args[0], ct_kind_name(args[1])));
  return 0;
}

static int f_deepequal(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), ct_value_deep_equal(args[0], args[1]));
  return 0;
}

static const ct_func funcs[] = {
    {"typeOf", "any->string", f_typeof, NULL},
    {"typeIs", "string,any->bool", f_typeis, NULL},
    {"typeIsLike", "string,any->bool", f_typeislike, NULL},
    {"kindOf", "any->string", f_kindof, NULL},
    {"kindIs", "string,any->bool", f_kindis, NULL},
    {"deepEqual", "any,any->bool", f_deepequal, NULL},
};

const ct_func *ct_sprig__reflect(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
