/* test_gomath.c — Go's math.Floor, Ceil, RoundToEven, Mod and Pow (integer exponents) as
 * gomath.c gives them without libm: signed zeros, ties, NaN and infinities, and Pow's own
 * (not correctly rounded) results, which Sprig's round shows (CLI case template.gomath). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/gomath.h"

/* the same double, bit for bit (so -0 is not 0 and NaN is NaN) */
static void same(double want, double got) {
  uint64_t a, b;
  memcpy(&a, &want, sizeof a);
  memcpy(&b, &got, sizeof b);
  if (isnan(want) && isnan(got)) return;
  if (a != b)
    fail_msg("want %.17g (%016llx), got %.17g (%016llx)", want, (unsigned long long)a, got,
             (unsigned long long)b);
}

static void floor_and_ceil(void **state) {
  (void)state;
  same(-1, ct_go_floor(-0.5));
  same(0, ct_go_floor(0.5));
  same(-0.0, ct_go_floor(-0.0));
  same(-2, ct_go_floor(-1.5));
  same(4503599627370495, ct_go_floor(4503599627370495.5));
  same(1e300, ct_go_floor(1e300));
  same(-INFINITY, ct_go_floor(-INFINITY));
  same(NAN, ct_go_floor(NAN));
  same(-0.0, ct_go_ceil(-0.5));
  same(1, ct_go_ceil(0.5));
  same(-1, ct_go_ceil(-1.5));
  same(-0.0, ct_go_ceil(-0.0));
  same(4503599627370496, ct_go_ceil(4503599627370495.5));
  same(-9007199254740992.0, ct_go_ceil(-9007199254740992.0));
}

static void round_to_even(void **state) {
  (void)state;
  same(0, ct_go_round_even(0.5));
  same(2, ct_go_round_even(1.5));
  same(2, ct_go_round_even(2.5));
  same(-2, ct_go_round_even(-2.5));
  same(-0.0, ct_go_round_even(-0.4));
  same(4503599627370496, ct_go_round_even(4503599627370495.5));
  same(3, ct_go_round_even(2.5000000000000004));
}

static void mod(void **state) {
  (void)state;
  same(1.5, ct_go_mod(5.5, 2));
  same(-1.5, ct_go_mod(-5.5, 2));
  same(2, ct_go_mod(5, -3));
  same(-0.0, ct_go_mod(-6, 3));
  same(1, ct_go_mod(1, INFINITY));
  same(NAN, ct_go_mod(1, 0));
  same(NAN, ct_go_mod(INFINITY, 1));
  same(1, ct_go_mod(7, 3));
  same(1.0, ct_go_mod(1e300, 7)); /* exact: C's (and Python's) fmod agree */
}

static void pow_int(void **state) {
  (void)state;
  same(1, ct_go_pow_int(10, 0));
  same(100, ct_go_pow_int(10, 2));
  same(0.01, ct_go_pow_int(10, -2));
  same(1e22, ct_go_pow_int(10, 22));
  /* Go's repeated squaring, not the correctly rounded 1e-300 (what glibc's pow gives) */
  same(9.9999999999999936e-301, ct_go_pow_int(10, -300));
  same(INFINITY, ct_go_pow_int(10, 400));
  same(0, ct_go_pow_int(10, -400));
  same(-8, ct_go_pow_int(-2, 3));
  same(-INFINITY, ct_go_pow_int(-0.0, -3));
  same(INFINITY, ct_go_pow_int(0, -2));
  same(-0.0, ct_go_pow_int(-0.0, 3));
  same(-0.0, ct_go_pow_int(-INFINITY, -3));
  same(1, ct_go_pow_int(-1, INT64_MIN));
  same(0, ct_go_pow_int(10, INT64_MIN));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(floor_and_ceil),
                                     cmocka_unit_test(round_to_even), cmocka_unit_test(mod),
                                     cmocka_unit_test(pow_int)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
