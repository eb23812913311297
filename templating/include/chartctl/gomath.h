/* gomath.h — the few functions of Go's math package the project needs, written here so that
 * no process maps libm (its pages were a twentieth of a typical render's peak memory, and one
 * shared object fewer to load at every start). Results equal Go's bit for bit. */
#ifndef CHARTCTL_GOMATH_H
#define CHARTCTL_GOMATH_H

#include <stdint.h>

/* math.Floor and math.Ceil (-0 stays -0, Ceil(-0.5) is -0; NaN and infinities unchanged). */
double ct_go_floor(double x);
double ct_go_ceil(double x);
/* math.RoundToEven (C's nearbyint in the default rounding mode). */
double ct_go_round_even(double x);
/* math.Mod: x - y*trunc(x/y), exact, with the sign of x; NaN when y is 0 or x infinite. */
double ct_go_mod(double x, double y);
/* math.Pow(x, float64(n)) for an integer exponent, as Go computes it (repeated squaring on
 * frexp's fraction, then ldexp): not always glibc's correctly rounded pow. */
double ct_go_pow_int(double x, int64_t n);

#endif
