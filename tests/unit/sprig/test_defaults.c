/* test_defaults.c — Sprig defaults family: default, empty, coalesce, all, any, ternary,
 * following Sprig's empty() rules (conformance theme "defaults"). */
#include "sprigA_harness.h"

static void default_uses_empty(void **state) {
  (void)state;
  EXPECT_V("foo", "default", S("foo"), NIL);
  EXPECT_V("foo", "default", S("foo"), S(""));
  EXPECT_V("bar", "default", S("foo"), S("bar"));
  EXPECT_V("foo", "default", S("foo")); /* no given value at all */
  EXPECT_V("7", "default", I(7), I(0));
  EXPECT_V("7", "default", I(7), F(0));
  EXPECT_V("7", "default", I(7), B(false));
  EXPECT_V("[x]", "default", L(S("x")), L0());
  EXPECT_V("map[]", "default", M0(), M0());
  EXPECT_V("true", "default", S("d"), B(true));
  EXPECT_V("0.5", "default", S("d"), F(0.5));
  /* the value itself comes back, not a copy */
  ct_value *given = M(S("a"), I(1));
  assert_ptr_equal(given, CALL("default", S("d"), given));
  assert_string_equal("any,...any->any", h_sig("default"));
}

static void empty_values(void **state) {
  (void)state;
  EXPECT_V("true", "empty", NIL);
  EXPECT_V("true", "empty", S(""));
  EXPECT_V("false", "empty", S(" "));
  EXPECT_V("true", "empty", I64(0));
  EXPECT_V("false", "empty", F(-0.1));
  EXPECT_V("true", "empty", L0());
  EXPECT_V("false", "empty", L(NIL));
  EXPECT_V("true", "empty", M0());
  EXPECT_V("true", "empty", B(false));
  EXPECT_V("false", "empty", B(true));
}

static void coalesce_all_any(void **state) {
  (void)state;
  EXPECT_V("x", "coalesce", NIL, S(""), I(0), S("x"), S("y"));
  assert_null(CALL("coalesce", NIL, S(""), L0()));
  assert_null(CALL0("coalesce"));
  EXPECT_V("true", "all", S("a"), I(1), B(true));
  EXPECT_V("false", "all", S("a"), I(0));
  EXPECT_V("true", "all", S("x"));
  assert_string_equal("true", V(CALL0("all")));
  assert_string_equal("false", V(CALL0("any")));
  EXPECT_V("true", "any", NIL, S(""), F(2));
  EXPECT_V("false", "any", NIL, S(""), M0());
}

static void ternary_picks(void **state) {
  (void)state;
  EXPECT_V("yes", "ternary", S("yes"), S("no"), B(true));
  EXPECT_V("no", "ternary", S("yes"), S("no"), B(false));
  assert_string_equal("any,any,bool->any", h_sig("ternary"));
}

int main(void) {
  const struct CMUnitTest tests[] = {T(default_uses_empty), T(empty_values), T(coalesce_all_any),
                                     T(ternary_picks)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
