/* sprig_a.h — internals shared by the Sprig part-A family files (strings, lists, dicts,
 * defaults, math, conv, reflect): Sprig's empty(), slice helpers, Go's Unicode classes. */
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

/* ---- the case and word functions of casing.c, listed in strings.c's table ---- */
#define CT_SPRIG_IMPL(name)                                                                        \
  int name(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs)
CT_SPRIG_IMPL(ct_sprig__f_upper);
CT_SPRIG_IMPL(ct_sprig__f_lower);
CT_SPRIG_IMPL(ct_sprig__f_title);
CT_SPRIG_IMPL(ct_sprig__f_untitle);
CT_SPRIG_IMPL(ct_sprig__f_swapcase);
CT_SPRIG_IMPL(ct_sprig__f_nospace);
CT_SPRIG_IMPL(ct_sprig__f_initials);
CT_SPRIG_IMPL(ct_sprig__f_abbrev);
CT_SPRIG_IMPL(ct_sprig__f_abbrevboth);
CT_SPRIG_IMPL(ct_sprig__f_wrap);
CT_SPRIG_IMPL(ct_sprig__f_wrapwith);
CT_SPRIG_IMPL(ct_sprig__f_camelcase);
CT_SPRIG_IMPL(ct_sprig__f_snakecase);
CT_SPRIG_IMPL(ct_sprig__f_kebabcase);

/* ---- Go's unicode/utf8 and unicode packages (unicode.c) ---- */
#define CT_SPRIG_RUNE_ERROR 0xFFFD
/* utf8.DecodeRuneInString: invalid input gives (RuneError, 1); n > 0. */
int32_t ct_sprig__dec_rune(const char *p, size_t n, size_t *w);
/* utf8.EncodeRune onto B (invalid runes become RuneError). */
void ct_sprig__put_rune(ct_buf *b, int32_t r);
bool ct_sprig__u_space(int32_t r);  /* unicode.IsSpace */
bool ct_sprig__u_upper(int32_t r);  /* IsUpper (Lu) */
bool ct_sprig__u_lower(int32_t r);  /* IsLower (Ll) */
bool ct_sprig__u_title(int32_t r);  /* IsTitle (Lt) */
bool ct_sprig__u_letter(int32_t r); /* IsLetter (L) */
bool ct_sprig__u_digit(int32_t r);  /* IsDigit (Nd) */
bool ct_sprig__u_number(int32_t r); /* IsNumber (N) */
bool ct_sprig__u_punct(int32_t r);  /* IsPunct (P) */
int32_t ct_sprig__u_toupper(int32_t r);
int32_t ct_sprig__u_tolower(int32_t r);
int32_t ct_sprig__u_totitle(int32_t r);

#endif
