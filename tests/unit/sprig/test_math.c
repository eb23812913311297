/* test_math.c — Sprig math and conversion families: int64 arithmetic through cast.ToInt64
 * (wrapping, Go's divide-by-zero panic), float ops, decimal addf/subf/mulf/divf, round's
 * rule, and atoi/int/int64/float64/toDecimal/toString/seq/until (conformance themes "math",
 * "conversion", "lists/until-seq"). */
#include <math.h>

#include "sprigA_harness.h"

static void integer_arithmetic(void **state) {
  (void)state;
  ct_value *r = CALL("add", I(1), I(2), I(3));
  EXPECT_TYPE("int64", r);
  assert_string_equal("6", V(r));
  assert_string_equal("0", V(CALL0("add")));
  EXPECT_V("2", "add", F(1.9), F(1.9)); /* floats truncate */
  EXPECT_V("7", "add", S("3"), I(4));
  EXPECT_V("42", "add1", I(41));
  EXPECT_V("4", "add1", F(3.14159));
  EXPECT_V("7", "sub", I(10), I(3));
  EXPECT_V("-7", "sub", I(3), I(10));
  EXPECT_V("24", "mul", I(2), I(3), I(4));
  EXPECT_V("7", "mul", I(7));
  EXPECT_V("3", "div", I(7), I(2));
  EXPECT_V("-3", "div", I(-7), I(2));
  EXPECT_V("1", "mod", I(7), I(3));
  EXPECT_V("-1", "mod", I(-7), I(3));
  EXPECT_V("1000042", "add", F(42), F(1e6));
  EXPECT_V("123456789010", "mul", F(12345678901.0), I(10));
  EXPECT_ERR("runtime error: integer divide by zero", "div", I(1), I(0));
  EXPECT_ERR("runtime error: integer divide by zero", "mod", I(1), S("x"));
  /* Go's int64 wraps around */
  EXPECT_V("3866467009709472141", "mul", F(12345678901.0), F(12345678901.0), F(12345678901.0));
  EXPECT_V("-9223372036854775808", "add", I(INT64_MAX), I(1));
  EXPECT_V("9223372036854775799", "sub", I(-INT64_MAX), I(10));
  EXPECT_V("-9223372036854775808", "div", I(INT64_MIN), I(-1));
  EXPECT_V("0", "mod", I(INT64_MIN), I(-1));
  EXPECT_V("5", "max", I(1), I(5), I(3));
  EXPECT_V("-1", "max", I(-1), I(-5));
  EXPECT_V("9", "biggest", I(4), I(9), I(2));
  EXPECT_V("2", "min", I(4), I(2), I(8));
  EXPECT_V("1", "max", F(1.9), F(1.2));
  assert_string_equal("any,...any->int64", h_sig("mul"));
}

static void float_functions(void **state) {
  (void)state;
  ct_value *r = CALL("maxf", F(1.5), F(2.25), I(-3));
  EXPECT_TYPE("float64", r);
  assert_string_equal("2.25", V(r));
  EXPECT_V("-3", "minf", F(1.5), F(2.25), I(-3));
  EXPECT_V("7", "maxf", I(7));
  EXPECT_V("NaN", "maxf", F(1), F(NAN));
  EXPECT_V("+Inf", "maxf", F(NAN), F(INFINITY));
  EXPECT_V("2", "ceil", F(1.2));
  EXPECT_V("-1", "ceil", F(-1.2));
  EXPECT_V("1", "floor", F(1.8));
  EXPECT_V("-2", "floor", F(-1.8));
  EXPECT_V("4", "ceil", S("3.1"));
  EXPECT_V("5", "floor", I(5));
  EXPECT_V("1.5e+10", "floor", F(1.5e10));
  EXPECT_V("3", "round", F(2.5), I(0));
  EXPECT_V("3.14", "round", F(3.14159), I(2));
  EXPECT_V("1", "round", F(1.005), I(2));
  EXPECT_V("-3", "round", F(-2.5), I(0));
  EXPECT_V("-3", "round", F(-2.4), I(0)); /* Sprig floors negative fractions */
  EXPECT_V("120", "round", F(123.456), I(-1));
  EXPECT_V("2.68", "round", F(2.675), I(2), F(0.5));
  EXPECT_V("2", "round", F(2.5), I(0), F(0.6));
  EXPECT_V("3.142", "round", F(3.14159), I(3));
  assert_string_equal("any,int,...float64->float64", h_sig("round"));
}

static void decimal_functions(void **state) {
  (void)state;
  EXPECT_V("0.3", "addf", F(0.1), F(0.2));
  EXPECT_V("6.75", "addf", I(1), F(2.5), S("3.25"));
  EXPECT_V("2.5", "add1f", F(1.5));
  EXPECT_V("1.1", "add1f", F(0.1));
  EXPECT_V("9.7", "subf", I(10), F(0.1), F(0.2));
  EXPECT_V("0.1", "subf", I(1), F(0.9));
  EXPECT_V("3.3", "mulf", F(1.1), I(3));
  EXPECT_V("0.3", "mulf", F(0.1), I(3));
  EXPECT_V("1e+07", "mulf", I(1000000), I(10));
  EXPECT_V("1.23456789e+11", "mulf", I(123456789), I(1000));
  EXPECT_V("6.28318", "mulf", F(3.14159), I(2));
  EXPECT_V("2.5", "divf", I(10), I(4));
  EXPECT_V("0.3333333333333333", "divf", I(1), I(3));
  EXPECT_V("10", "divf", I(100), I(2), I(5));
  EXPECT_V("1.25", "divf", I(10), I(4), I(2));
  EXPECT_V("1e-06", "divf", I(1), I(1000000));
  EXPECT_V("0", "divf", F(1e-20), I(1)); /* 16 decimal places */
  EXPECT_V("-0.6666666666666667", "divf", I(-2), I(3));
  EXPECT_V("1e-16", "divf", I(1), F(1e16));
  EXPECT_V("1e-16", "divf", I(1), F(2e16)); /* ties round away from zero */
  EXPECT_V("0", "divf", I(1), F(3e16));
  EXPECT_V("1e+16", "divf", F(1e300), F(1e284));
  EXPECT_V("2.64159", "addf", F(3.14159), F(-0.5));
  EXPECT_V("3", "addf", I(1), I(2));
  EXPECT_V("0", "addf", F(0.1), F(-0.1));
  ct_value *r = CALL("addf", I(1), I(2));
  EXPECT_TYPE("float64", r);
  EXPECT_ERR("decimal division by 0", "divf", I(1), I(0));
  EXPECT_ERR("Cannot create a Decimal from +Inf", "addf", F(INFINITY));
}

static void conversions(void **state) {
  (void)state;
  ct_value *r = CALL("atoi", S("42"));
  EXPECT_TYPE("int", r);
  assert_string_equal("42", V(r));
  EXPECT_V("-7", "atoi", S("-7"));
  EXPECT_V("0", "atoi", S("4.2"));
  EXPECT_V("0", "atoi", S(""));
  EXPECT_V("12", "atoi", S("012"));
  EXPECT_V("3", "atoi", S("+3"));
  EXPECT_V("0", "atoi", S(" 1"));
  EXPECT_V("0", "atoi", S("1_0"));
  EXPECT_V("9223372036854775807", "atoi", S("99999999999999999999"));
  EXPECT_V("-9223372036854775808", "atoi", S("-9223372036854775809"));
  r = CALL("int", S("42"));
  EXPECT_TYPE("int", r);
  EXPECT_V("10", "int", S("012"));
  EXPECT_V("31", "int", S("0x1F"));
  EXPECT_V("0", "int", S("1e3"));
  EXPECT_V("5", "int", S("5.0"));
  EXPECT_V("3", "int", F(3.99));
  EXPECT_V("-3", "int", F(-3.99));
  EXPECT_V("1", "int", B(true));
  EXPECT_V("0", "int", NIL);
  EXPECT_V("0", "int", S("abc"));
  EXPECT_V("0", "int", S(" 7 "));
  EXPECT_V("5", "int", S("0b101"));
  EXPECT_V("-15", "int", S("-0o17"));
  EXPECT_V("1000", "int", S("1_000"));
  EXPECT_V("0", "int", S("12abc"));
  EXPECT_V("-9223372036854775808", "int", F(1.2345678901234568e+29));
  r = CALL("int64", S("12345678901"));
  EXPECT_TYPE("int64", r);
  assert_string_equal("12345678901", V(r));
  EXPECT_V("9223372036854775807", "int64", S("9223372036854775807"));
  EXPECT_V("0", "int64", S("9223372036854775808"));
  EXPECT_V("15000000000", "int64", F(1.5e10));
  EXPECT_V("0", "int64", S("5.5"));
  EXPECT_V("0", "int64", B(false));
  EXPECT_V("-3", "int64", S("-0b11"));
  r = CALL("float64", S("3.5"));
  EXPECT_TYPE("float64", r);
  EXPECT_V("3", "float64", I(3));
  EXPECT_V("0", "float64", S("abc"));
  EXPECT_V("1000", "float64", S("1e3"));
  EXPECT_V("1", "float64", B(true));
  EXPECT_V("0", "float64", NIL);
  EXPECT_V("0", "float64", S("0x10"));
  EXPECT_V("0.25", "float64", S("0x1p-2"));
  EXPECT_V("+Inf", "float64", S("inf"));
  EXPECT_V("10.5", "float64", S("1_0.5"));
  EXPECT_V("0", "float64", S(" 1"));
  EXPECT_V("-0", "float64", S("-0"));
  EXPECT_V("1e+21", "float64", S("1e21"));
  EXPECT_V("1.2345678901234568e+17", "float64", S("123456789012345678"));
  EXPECT_V("511", "toDecimal", S("0777"));
  EXPECT_V("511", "toDecimal", S("777"));
  EXPECT_V("8", "toDecimal", I(10));
  EXPECT_V("0", "toDecimal", S("abc"));
  EXPECT_V("-15", "toDecimal", S("-17"));
  EXPECT_V("0", "toDecimal", I(8));
  EXPECT_V("511", "toDecimal", F(777));
  EXPECT_V("42", "toString", I(42));
  EXPECT_V("1e+06", "toString", F(1e6));
  EXPECT_V("<nil>", "toString", NIL);
  EXPECT_V("[1 a]", "toString", L(I(1), S("a")));
  EXPECT_V("97", "toString", ct_int(H.a, CT_INT32, 'a'));
  EXPECT_V("hi", "toString", ct_bytes(H.a, "hi", 2));
}

static void sequences(void **state) {
  (void)state;
  ct_value *u = CALL("until", I(5));
  assert_string_equal("[0 1 2 3 4]", V(u));
  EXPECT_TYPE("int", u->list->items[0]);
  EXPECT_V("[]", "until", I(0));
  EXPECT_V("[0 -1 -2]", "until", I(-3));
  EXPECT_V("[0 3 6 9]", "untilStep", I(0), I(10), I(3));
  EXPECT_V("[10 6 2]", "untilStep", I(10), I(0), I(-4));
  EXPECT_V("[]", "untilStep", I(3), I(3), I(1));
  EXPECT_V("[]", "untilStep", I(0), I(5), I(0));
  EXPECT_V("1 2 3 4 5", "seq", I(5));
  EXPECT_V("2 3 4 5", "seq", I(2), I(5));
  EXPECT_V("5 4 3 2", "seq", I(5), I(2));
  EXPECT_V("0 3 6 9", "seq", I(0), I(3), I(10));
  EXPECT_V("10 7 4 1", "seq", I(10), I(-3), I(1));
  EXPECT_V("", "seq", I(10), I(3), I(1));
  EXPECT_V("1 3 5 7 9", "seq", I(1), I(2), I(10));
  EXPECT_V("1 0", "seq", I(0));
  EXPECT_V("1 0 -1 -2 -3", "seq", I(-3));
  assert_string_equal("", V(CALL0("seq")));
  EXPECT_V("", "seq", I(1), I(2), I(3), I(4));
  assert_string_equal("...int->string", h_sig("seq"));
  /* where Go would run out of memory we fail cleanly */
  EXPECT_ERR("sequence of 9223372036854775808 numbers is too long", "until", I64(INT64_MIN));
  EXPECT_ERR("sequence of 1000000000000 numbers is too long", "seq", I(1000000000000));
}

int main(void) {
  const struct CMUnitTest tests[] = {T(integer_arithmetic), T(float_functions),
                                     T(decimal_functions), T(conversions), T(sequences)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
