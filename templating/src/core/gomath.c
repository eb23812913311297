/* gomath.c — Go's math.Floor, Ceil, RoundToEven, Mod and Pow (integer exponents) without libm
 * (see gomath.h). frexp and ldexp come from the C library itself. */
#include "chartctl/gomath.h"

#include <math.h>
#include <stdbool.h>

#define TWO52 4503599627370496.0 /* from here on every double is an integer */

double ct_go_floor(double x) {
  if (x == 0 || isnan(x) || fabs(x) >= TWO52) return x;
  double t = (double)(int64_t)x; /* toward zero */
  if (t > x) t -= 1;
  return t == 0 && signbit(x) ? -0.0 : t;
}

double ct_go_ceil(double x) { return -ct_go_floor(-x); }

double ct_go_round_even(double x) {
  if (x == 0 || isnan(x) || fabs(x) >= TWO52) return x;
  volatile double big = TWO52; /* adding 2^52 rounds to an integer, ties to even */
  double r = fabs(x) + big - big;
  return copysign(r, x);
}

double ct_go_mod(double x, double y) {
  if (y == 0 || isinf(x) || isnan(x) || isnan(y)) return NAN;
  y = fabs(y);
  int yexp;
  double yfr = frexp(y, &yexp);
  double r = fabs(x);
  while (r >= y) { /* Go's loop: subtract the largest y * 2^k that fits, exactly */
    int rexp;
    double rfr = frexp(r, &rexp);
    if (rfr < yfr) rexp--;
    r -= ldexp(y, rexp - yexp);
  }
  return signbit(x) ? -r : r;
}

double ct_go_pow_int(double x, int64_t n) {
  if (n == 0 || x == 1) return 1;
  if (n == 1) return x;
  if (isnan(x)) return NAN;
  if (x == 0) { /* Pow(±0, n): ±Inf for n < 0, ±0 for n > 0, the sign kept for odd n */
    bool odd = n & 1;
    if (n < 0) return odd ? copysign(INFINITY, x) : INFINITY;
    return odd ? x : 0;
  }
  if (n == INT64_MIN) /* |n| is 2^63, even: Go's branch for such huge exponents */
    return x == -1 ? 1 : fabs(x) < 1 ? INFINITY : 0;
  if (isinf(x)) {
    if (x < 0) return ct_go_pow_int(-0.0, -n); /* Pow(-Inf, n) = Pow(-0, -n) */
    return n < 0 ? 0 : INFINITY;
  }
  uint64_t i = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
  double a1 = 1;
  long ae = 0;
  int xe;
  double x1 = frexp(x, &xe);
  long e = xe;
  for (; i != 0; i >>= 1) {
    if (e < -(1L << 12) || (1L << 12) < e) { /* catastrophic overflow: ldexp sorts it out */
      ae += e;
      break;
    }
    if (i & 1) {
      a1 *= x1;
      ae += e;
    }
    x1 *= x1;
    e <<= 1;
    if (x1 < .5) {
      x1 += x1;
      e--;
    }
  }
  if (n < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  if (ae > 100000) ae = 100000; /* ldexp takes an int; past these it is 0 or Inf anyway */
  if (ae < -100000) ae = -100000;
  return ldexp(a1, (int)ae);
}
