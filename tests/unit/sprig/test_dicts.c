/* test_dicts.c — Sprig dict family: dict, get/set/unset (in place), hasKey, pluck, keys,
 * values, pick, omit, merge/mergeOverwrite with mergo's rules, deepCopy, dig and its Go
 * type-assertion errors (conformance theme "dicts"). */
#include "sprigA_harness.h"

static void dict_builds_maps(void **state) {
  (void)state;
  ct_value *d = CALL("dict", S("b"), I(2), S("a"), I(1));
  EXPECT_TYPE("map[string]interface {}", d);
  assert_string_equal("map[a:1 b:2]", V(d));
  assert_string_equal("map[]", V(CALL0("dict")));
  EXPECT_V("map[odd:]", "dict", S("odd"));
  EXPECT_V("map[1:2 true:t]", "dict", I(1), I(2), B(true), S("t"));
  EXPECT_V("map[n:<nil>]", "dict", S("n"), NIL);
  EXPECT_V("map[<nil>:x]", "dict", NIL, S("x"));
}

static void get_set_unset_in_place(void **state) {
  (void)state;
  ct_value *d = M(S("a"), I(1), S("b"), I(2));
  EXPECT_V("1", "get", d, S("a"));
  EXPECT_V("", "get", d, S("zzz"));
  assert_ptr_equal(d, CALL("set", d, S("c"), I(3)));
  assert_string_equal("map[a:1 b:2 c:3]", V(d));
  assert_ptr_equal(d, CALL("unset", d, S("a")));
  assert_string_equal("map[b:2 c:3]", V(d));
  EXPECT_ERR("assignment to entry in nil map", "set", NIL, S("a"), I(1));
  EXPECT_V("", "get", NIL, S("a"));
  EXPECT_V("true", "hasKey", M(S("a"), NIL), S("a"));
  EXPECT_V("false", "hasKey", d, S("nope"));
  assert_string_equal("map[string]any,string,any->map[string]any", h_sig("set"));
}

static void pluck_keys_values_pick_omit(void **state) {
  (void)state;
  EXPECT_V("[http https]", "pluck", S("name"), M(S("name"), S("http")), M(S("port"), I(1)),
           M(S("name"), S("https")));
  ct_value *k = CALL("keys", M(S("b"), I(1)), M(S("a"), I(2)), M(S("b"), I(3)));
  EXPECT_TYPE("[]string", k);
  assert_int_equal(3, k->list->len);
  assert_string_equal("[a b b]", V(CALL("sortAlpha", k)));
  EXPECT_V("[]", "keys", M0());
  EXPECT_V("[[1 2]]", "values", M(S("only"), L(I(1), I(2))));
  EXPECT_V("map[a:1 c:3]", "pick", M(S("a"), I(1), S("b"), I(2), S("c"), I(3)), S("a"), S("c"),
           S("z"));
  EXPECT_V("map[b:2]", "omit", M(S("a"), I(1), S("b"), I(2), S("c"), I(3)), S("a"), S("c"));
  assert_string_equal("...map[string]any->[]string", h_sig("keys"));
}

static void merge_rules(void **state) {
  (void)state;
  ct_value *a = M(S("x"), I(1));
  assert_ptr_equal(a, CALL("merge", a, M(S("y"), I(2))));
  assert_string_equal("map[x:1 y:2]", V(a));
  /* empty destination values are filled; nil sources are skipped */
  EXPECT_V("map[a:5 b:x l:[1] n:3]", "merge",
           M(S("a"), I(0), S("b"), S(""), S("n"), NIL, S("l"), L0()),
           M(S("a"), I(5), S("b"), S("x"), S("z"), NIL, S("n"), I(3), S("l"), L(I(1))));
  EXPECT_V("map[m:map[x:1]]", "merge", M(S("m"), M(S("x"), I(1))), M(S("m"), S("str")));
  EXPECT_V("map[m:map[x:1 y:map[q:1 r:2] z:3]]", "merge",
           M(S("m"), M(S("x"), I(1), S("y"), M(S("q"), I(1)))),
           M(S("m"), M(S("y"), M(S("r"), I(2)), S("z"), I(3))));
  EXPECT_V("map[a:1 b:2]", "mustMerge", M(S("a"), I(1)), M(S("a"), I(9)), M(S("b"), I(2)));
  EXPECT_V("map[a:1]", "merge", NIL, M(S("a"), I(1)));
  /* an empty source (a map never written to) changes nothing */
  EXPECT_V("map[a:1]", "merge", M(S("a"), I(1)), M0());
  EXPECT_V("map[a:1]", "mergeOverwrite", M(S("a"), I(1)), M0(), M0());
  /* overwrite copies empty and nil values, and replaces non-maps by maps and back */
  EXPECT_V("map[a:0 b:<nil> c:[]]", "mergeOverwrite",
           M(S("a"), I(1), S("b"), I(2), S("c"), L(I(1))),
           M(S("a"), I(0), S("b"), NIL, S("c"), L0()));
  EXPECT_V("map[m:str]", "mergeOverwrite", M(S("m"), M(S("x"), I(1))), M(S("m"), S("str")));
  EXPECT_V("map[m:map[x:1]]", "mustMergeOverwrite", M(S("m"), S("s")), M(S("m"), M(S("x"), I(1))));
  EXPECT_V("map[pullPolicy:IfNotPresent repository:nginx tag:override]", "mergeOverwrite",
           M(S("pullPolicy"), S("IfNotPresent"), S("repository"), S("nginx"), S("tag"), S("1.25")),
           M(S("tag"), S("override")));
}

static void deep_copy_is_deep(void **state) {
  (void)state;
  ct_value *orig = M(S("a"), M(S("b"), M(S("c"), S("deep"))));
  ct_value *c = CALL("deepCopy", orig);
  ct_map_setc(H.a, ct_map_getc(ct_map_getc(c, "a"), "b"), "c", S("changed"));
  assert_string_equal("map[a:map[b:map[c:deep]]]", V(orig));
  assert_string_equal("map[a:map[b:map[c:changed]]]", V(c));
  EXPECT_V("[1 map[a:2]]", "mustDeepCopy", L(I(1), M(S("a"), I(2))));
  EXPECT_V("5", "deepCopy", I(5));
  EXPECT_ERR("reflect: call of reflect.Value.Type on zero Value", "deepCopy", NIL);
}

static void dig_paths(void **state) {
  (void)state;
  ct_value *nested = M(S("a"), M(S("b"), M(S("c"), S("deep"))));
  EXPECT_V("deep", "dig", S("a"), S("b"), S("c"), S("default"), nested);
  EXPECT_V("default", "dig", S("a"), S("x"), S("c"), S("default"), nested);
  EXPECT_V("map[c:deep]", "dig", S("a"), S("b"), S("d"), nested);
  assert_null(CALL("dig", S("nothing"), S("fallback"), M(S("nothing"), NIL)));
  EXPECT_ERR("dig needs at least three arguments", "dig", S("a"), I(1));
  EXPECT_ERR("interface conversion: interface {} is int, not map[string]interface {}", "dig",
             S("a"), S("b"), I(1), M(S("a"), I(2)));
  EXPECT_ERR("interface conversion: interface {} is int, not string", "dig", I(1), I(2), M0());
  EXPECT_ERR("interface conversion: interface {} is string, not map[string]interface {}", "dig",
             S("a"), I(1), S("x"));
  EXPECT_ERR("interface conversion: interface {} is nil, not map[string]interface {}", "dig",
             S("a"), S("b"), I(1), M(S("a"), NIL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      T(dict_builds_maps), T(get_set_unset_in_place), T(pluck_keys_values_pick_omit),
      T(merge_rules),      T(deep_copy_is_deep),      T(dig_paths)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
