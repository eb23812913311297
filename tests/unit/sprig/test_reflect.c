/* test_reflect.c — Sprig reflection family: typeOf kindOf typeIs typeIsLike kindIs
 * deepEqual on the Go types Helm values carry (conformance theme "reflection"). */
#include "sprigA_harness.h"

static void type_and_kind_names(void **state) {
  (void)state;
  EXPECT_V("float64", "typeOf", F(1));
  EXPECT_V("int64", "typeOf", I64(1));
  EXPECT_V("int", "typeOf", I(1));
  EXPECT_V("string", "typeOf", S(""));
  EXPECT_V("<nil>", "typeOf", NIL);
  EXPECT_V("[]interface {}", "typeOf", L0());
  EXPECT_V("map[string]interface {}", "typeOf", M0());
  EXPECT_V("bool", "typeOf", B(true));
  EXPECT_V("slice", "kindOf", L0());
  EXPECT_V("map", "kindOf", M0());
  EXPECT_V("invalid", "kindOf", NIL);
  EXPECT_V("float64", "kindOf", F(2));
}

static void type_predicates(void **state) {
  (void)state;
  EXPECT_V("true", "typeIs", S("float64"), F(1));
  EXPECT_V("false", "typeIs", S("int"), F(1));
  EXPECT_V("true", "typeIsLike", S("string"), S("x"));
  EXPECT_V("true", "kindIs", S("slice"), L0());
  EXPECT_V("false", "kindIs", S("map"), L0());
  EXPECT_V("true", "kindIs", S("invalid"), NIL);
}

static void deep_equal_is_typed(void **state) {
  (void)state;
  EXPECT_V("true", "deepEqual", L(I(1), S("a")), L(I(1), S("a")));
  EXPECT_V("false", "deepEqual", I(1), I64(1)); /* different Go types */
  EXPECT_V("false", "deepEqual", F(1), I64(1));
  EXPECT_V("true", "deepEqual", M(S("a"), L(F(1))), M(S("a"), L(F(1))));
  EXPECT_V("true", "deepEqual", NIL, NIL);
  EXPECT_V("false", "deepEqual", NIL, S(""));
}

int main(void) {
  const struct CMUnitTest tests[] = {T(type_and_kind_names), T(type_predicates),
                                     T(deep_equal_is_typed)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
