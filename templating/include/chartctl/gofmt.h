/* gofmt.h — Go's fmt and strconv output for values: %v and friends, Sprint/Sprintf/Sprintln,
 * float formatting (shortest repr, %g/%e/%f), quoting. Output bytes depend on these. */
#ifndef CHARTCTL_GOFMT_H
#define CHARTCTL_GOFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chartctl/buf.h"
#include "chartctl/value.h"

/* fmt.Sprint("%v", v): map[a:1 b:2], [a b], <nil>, 1e+06, true, {...} */
void ct_gofmt_value(ct_buf *out, const ct_value *v);
/* fmt.Sprintf(format, args...), every verb and flag, with Go's %!verb(type=value) errors. */
void ct_gofmt_sprintf(ct_buf *out, const char *format, size_t flen, ct_value *const *args,
                      size_t nargs);
/* fmt.Sprint: spaces between operands when neither side is a string. */
void ct_gofmt_sprint(ct_buf *out, ct_value *const *args, size_t nargs);
/* fmt.Sprintln: always spaces, newline at the end. */
void ct_gofmt_sprintln(ct_buf *out, ct_value *const *args, size_t nargs);
/* strconv.FormatFloat(f, fmt, prec, 64); prec -1 = shortest that round-trips. */
void ct_gofmt_float(ct_buf *out, double f, char fmt, int prec);
/* strconv.FormatFloat(f, fmt, prec, BITSIZE): 32 rounds F to float32 first (shortest digits
 * of the float32). %b/%x layouts are float64's. */
void ct_gofmt_float_bits(ct_buf *out, double f, char fmt, int prec, int bitsize);
/* strconv.Quote(s) */
void ct_gofmt_quote(ct_buf *out, const char *s, size_t n);
/* encoding/json's float64 text: shortest digits, 'f' layout unless the exponent is < -6 or
 * >= 21, then 'e' with a one-digit negative exponent kept short (1e-7, 1e+21). F finite. */
void ct_gofmt_float_json(ct_buf *out, double f);

/* ---- UTF-8 and Unicode helpers with Go's semantics ---- */
/* Decodes one rune of S[0..N): returns its width; an invalid or truncated sequence gives
 * U+FFFD with width 1 (0 when N is 0), as utf8.DecodeRuneInString. */
int ct_gofmt_utf8_decode(const char *s, size_t n, uint32_t *out);
/* Encodes R into OUT (4 bytes room); invalid runes become U+FFFD. Returns the width. */
int ct_gofmt_utf8_encode(char *out, uint32_t r);
/* strconv.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. */
bool ct_gofmt_isprint(uint32_t r);

#endif
