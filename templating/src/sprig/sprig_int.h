/* sprig_int.h — what the Sprig families share: one table per family, and Sprig's value
 * conversions (strval, toInt64, toFloat64, strslice) that many functions apply. */
#ifndef CT_SPRIG_INT_H
#define CT_SPRIG_INT_H

#include "chartctl/sprig.h"

/* One table per family file (sprig/<family>.c); table.c concatenates them. */
#define CT_SPRIG_FAMILIES(X)                                                                \
  X(strings) X(lists) X(dicts) X(defaults) X(math) X(conv) X(reflect) X(crypto) X(encoding) \
  X(dates) X(regex) X(semver) X(paths) X(url) X(network) X(uuid) X(random) X(serialize)

#define CT_SPRIG_DECLARE(f) const ct_func *ct_sprig__##f(size_t *n);
CT_SPRIG_FAMILIES(CT_SPRIG_DECLARE)
#undef CT_SPRIG_DECLARE

/* Direct forms (ct_func_direct; the table is table.c's): toYaml printed, and indent, nindent
 * and sha256sum as filters of printed text. */
int ct_sprig__p_to_yaml(ct_call *c, ct_buf *out, ct_value *const *args, size_t nargs);
int ct_sprig__d_indent(ct_call *c, ct_buf *out, size_t start, ct_value *const *args, size_t nargs);
int ct_sprig__d_nindent(ct_call *c, ct_buf *out, size_t start, ct_value *const *args, size_t nargs);
int ct_sprig__d_sha256(ct_call *c, ct_buf *out, size_t start, ct_value *const *args, size_t nargs);

/* Sprig's strval: strings as they are, []byte as text, nil "<nil>", else fmt's %v.
 * The result lives in the arena (or is the value's own bytes); *len set. */
const char *ct_sprig__strval(ct_arena *a, const ct_value *v, size_t *len);
/* spf13/cast ToInt64 / ToInt / ToFloat64 as Sprig uses them (strings parsed, bad → 0). */
int64_t ct_sprig__toint64(const ct_value *v);
double ct_sprig__tofloat64(const ct_value *v);
/* Sprig's strslice: a list of anything → []string by strval (nil items dropped), a
 * string → [s], nil → []. */
ct_value *ct_sprig__strslice(ct_arena *a, const ct_value *v);
/* encoding/base64 StdEncoding: encode writes (n + 2) / 3 * 4 bytes to out (no NUL);
 * decode writes at most n bytes and returns -1 with the offending offset in *bad. */
void ct_sprig__b64_encode(char *out, const unsigned char *s, size_t n);
int ct_sprig__b64_decode(const char *src, size_t n, unsigned char *dst, size_t *dlen, size_t *bad);
/* Patterns the regex family JIT-compiled so far in this thread (regex.c: only patterns used
 * often or on long subjects are); for tests. */
size_t ct_sprig__regex_jit_compiles(void);

#endif
