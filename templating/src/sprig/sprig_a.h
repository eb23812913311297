/* sprig_a.h — internals shared by the Sprig part-A family files (strings, lists, dicts,
 * defaults, math, conv, reflect): Sprig's empty() and small argument helpers. */
#ifndef CT_SPRIG_A_H
#define CT_SPRIG_A_H

#include "sprig/sprig_int.h"

/* Sprig's empty(): nil, false, 0, "", and empty lists/maps are empty; objects never. */
bool ct_sprig__empty(const ct_value *v);

/* Go's reflect Kind name of V as Sprig's error messages print it ("int", "map", "string");
 * nil has no kind (Go panics with a nil pointer dereference there). */
static inline const char *ct_sprig__kind(const ct_value *v) { return ct_kind_name(v); }

/* A slice-like value (Go kind slice or array): []interface{}, []string, []byte. */
static inline bool ct_sprig__is_slice(const ct_value *v) {
  return v && (v->type == CT_LIST || v->type == CT_STRLIST || v->type == CT_BYTES);
}
/* Length and item I of a slice-like value (bytes become uint8 values in arena A). */
size_t ct_sprig__slice_len(const ct_value *v);
ct_value *ct_sprig__slice_at(ct_arena *a, const ct_value *v, size_t i);

/* Go's message for calling a method on a nil reflect.Type (what Sprig's list functions
 * do when handed nil). */
#define CT_SPRIG_NILDEREF "runtime error: invalid memory address or nil pointer dereference"

#endif
