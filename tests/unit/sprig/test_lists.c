/* test_lists.c — Sprig list family: construction, append/prepend (no mutation), first/last/
 * rest/initial, reverse/uniq/without/has (reflect.DeepEqual), compact, slice, concat, chunk,
 * sortAlpha, and Go's error texts for non-lists and nil (conformance theme "lists"). */
#include "sprigA_harness.h"

static ct_value *abc(void) { return L(S("a"), S("b"), S("c")); }

static void build_and_append(void **state) {
  (void)state;
  ct_value *l = CALL("list", I(1), S("two"), F(3), B(true), NIL);
  EXPECT_TYPE("[]interface {}", l);
  assert_string_equal("[1 two 3 true <nil>]", V(l));
  EXPECT_TYPE("[]interface {}", CALL0("list"));
  assert_string_equal("[]", V(CALL0("tuple")));
  EXPECT_V("[1 [2 3] map[k:v]]", "list", I(1), L(I(2), I(3)), M(S("k"), S("v")));
  ct_value *one = L(S("a"));
  EXPECT_V("[a b]", "append", one, S("b"));
  assert_string_equal("[a]", V(one)); /* the input is not changed */
  EXPECT_V("[a b c d]", "push", abc(), S("d"));
  EXPECT_V("[3 1 2 4]", "mustAppend", L(F(3), F(1), F(2)), I(4));
  EXPECT_V("[only]", "mustPush", L0(), S("only"));
  EXPECT_V("[z a b c]", "prepend", abc(), S("z"));
  EXPECT_V("[1 2 3]", "mustPrepend", L(I(2), I(3)), I(1));
  /* a []string works too, and the result is a []interface{} */
  ct_value *sl = CALL("splitList", S(","), S("x,y"));
  ct_value *r = CALL("append", sl, S("z"));
  EXPECT_TYPE("[]interface {}", r);
  assert_string_equal("[x y z]", V(r));
  EXPECT_ERR("Cannot push on type int", "append", I(1), S("x"));
  EXPECT_ERR("Cannot prepend on type map", "prepend", M0(), S("x"));
  EXPECT_ERR("runtime error: invalid memory address or nil pointer dereference", "append", NIL,
             I(1));
  assert_string_equal("any,any->[]any,error", h_sig("mustAppend"));
  assert_string_equal("any,any->[]any", h_sig("append"));
}

static void first_last_rest_initial(void **state) {
  (void)state;
  EXPECT_V("a", "first", abc());
  EXPECT_V("c", "last", abc());
  EXPECT_V("[b c]", "rest", abc());
  EXPECT_V("[a b]", "initial", abc());
  assert_null(CALL("first", L0()));
  assert_null(CALL("mustLast", L0()));
  EXPECT_V("[]", "rest", L0());
  EXPECT_V("[]", "initial", L0());
  EXPECT_V("3", "mustFirst", L(F(3), F(1), F(2)));
  EXPECT_V("[1 2]", "mustRest", L(F(3), F(1), F(2)));
  assert_null(CALL("first", L(NIL, I(1))));
  EXPECT_ERR("Cannot find first on type int", "first", I(1));
  EXPECT_ERR("Cannot find first on type int", "mustFirst", I(1));
  EXPECT_ERR("Cannot find last on type string", "last", S("abc"));
  EXPECT_ERR("Cannot find rest on type float64", "rest", F(1));
  EXPECT_ERR("Cannot find initial on type bool", "initial", B(true));
  EXPECT_ERR("runtime error: invalid memory address or nil pointer dereference", "first", NIL);
}

static void reverse_uniq_without_has(void **state) {
  (void)state;
  EXPECT_V("[c b a]", "reverse", abc());
  EXPECT_V("[3 2 1]", "mustReverse", L(I(1), I(2), I(3)));
  EXPECT_V("[]", "reverse", L0());
  EXPECT_V("[1 2 1 a]", "uniq", L(I(1), I(2), I(1), S("1"), I(2), S("a"), S("a")));
  EXPECT_V("[[1] map[a:1]]", "uniq", L(L(I(1)), L(I(1)), M(S("a"), I(1)), M(S("a"), I(1))));
  EXPECT_V("[1 3 1]", "without", L(I(1), I(2), I(3), I(2), I(1)), I(2));
  EXPECT_V("[b]", "without", abc(), S("a"), S("c"));
  EXPECT_V("[x y]", "mustWithout", L(S("x"), S("y")), S("z"));
  EXPECT_V("true", "has", I(2), L(I(1), I(2), I(3)));
  EXPECT_V("false", "has", S("2"), L(I(1), I(2), I(3)));
  EXPECT_V("false", "has", I(1), L(F(1)));      /* int vs float64 */
  EXPECT_V("false", "has", I(1), L(I64(1)));    /* int vs int64 */
  EXPECT_V("true", "has", F(1), L(F(3), F(1))); /* values-file numbers */
  EXPECT_V("true", "has", L(I(1)), L(L(I(1))));
  EXPECT_V("true", "has", NIL, L(I(1), NIL));
  EXPECT_V("false", "has", I(1), NIL);
  EXPECT_V("false", "mustHas", I(4), L(I(1), I(2)));
  EXPECT_ERR("Cannot find has on type string", "has", S("a"), S("abc"));
  EXPECT_ERR("Cannot find uniq on type map", "uniq", M0());
  EXPECT_ERR("Cannot find without on type int", "without", I(3), I(3));
}

static void compact_slice_concat(void **state) {
  (void)state;
  EXPECT_V("[1 a true]", "compact",
           L(I(1), I(0), S(""), S("a"), NIL, B(false), B(true), L0(), M0()));
  EXPECT_V("[x]", "mustCompact", L(NIL, S("x")));
  EXPECT_ERR("Cannot compact on type string", "compact", S("x"));
  ct_value *five = L(I(1), I(2), I(3), I(4), I(5));
  EXPECT_V("[2 3]", "slice", five, I(1), I(3));
  EXPECT_V("[4 5]", "mustSlice", five, I(3));
  EXPECT_V("[a b c]", "slice", abc());
  EXPECT_V("[b]", "slice", abc(), S("1"), F(2)); /* indices go through cast.ToInt */
  assert_null(CALL("slice", L0()));
  ct_value *ss = CALL("slice", CALL("splitList", S(","), S("a,b,c")), I(1));
  EXPECT_TYPE("[]string", ss);
  assert_string_equal("[b c]", V(ss));
  EXPECT_ERR("reflect.Value.Slice: slice index out of bounds", "slice", L(I(1), I(2)), I(3));
  EXPECT_ERR("reflect.Value.Slice: slice index out of bounds", "slice", five, I(3), I(2));
  EXPECT_ERR("list should be type of slice or array but string", "slice", S("abc"), I(2), I(1));
  EXPECT_V("[1 2 3 a b c]", "concat", L(I(1), I(2)), L(I(3)), abc());
  EXPECT_V("[a b c [nested]]", "concat", abc(), L(L(S("nested"))));
  EXPECT_V("[]", "concat", L0(), L0());
  EXPECT_ERR("Cannot concat type int as list", "concat", L(I(1)), I(2));
}

static void chunk_lists(void **state) {
  (void)state;
  EXPECT_V("[[1 2] [3 4] [5]]", "chunk", I(2), L(I(1), I(2), I(3), I(4), I(5)));
  EXPECT_V("[[a b c]]", "mustChunk", I(3), abc());
  EXPECT_V("[[1 2]]", "chunk", I(10), L(I(1), I(2)));
  EXPECT_V("[]", "chunk", I(2), L0());
  EXPECT_ERR("runtime error: makeslice: len out of range", "chunk", I(0), L(I(1), I(2)));
  EXPECT_ERR("runtime error: makeslice: len out of range", "chunk", I(-2),
             L(I(1), I(2), I(3), I(4), I(5)));
  EXPECT_ERR("Cannot chunk type string", "chunk", I(2), S("ab"));
}

static void sort_alpha_and_strings(void **state) {
  (void)state;
  ct_value *s = CALL("sortAlpha", L(S("b"), S("C"), S("a"), S("B")));
  EXPECT_TYPE("[]string", s);
  assert_string_equal("[B C a b]", V(s));
  EXPECT_V("[1 10 100 9]", "sortAlpha", L(I(10), I(9), I(100), S("1")));
  EXPECT_V("[1.5 3 a]", "sortAlpha", L(I(3), NIL, S("a"), F(1.5)));
  EXPECT_V("[<nil>]", "sortAlpha", NIL);
  EXPECT_V("[x]", "sortAlpha", S("x"));
  /* a []string is sorted in place (Go's sort.StringSlice); a []interface{} is not */
  ct_value *strs = CALL("splitList", S(","), S("b,c,a"));
  assert_ptr_equal(strs, CALL("sortAlpha", strs));
  assert_string_equal("[a b c]", V(strs));
  ct_value *items = L(S("b"), S("a"));
  EXPECT_V("[a b]", "sortAlpha", items);
  assert_string_equal("[b a]", V(items));
  ct_value *t = CALL("toStrings", L(I(1), F(2.5), S("x"), B(true), NIL));
  EXPECT_TYPE("[]string", t);
  assert_string_equal("[1 2.5 x true]", V(t));
  EXPECT_V("[single]", "toStrings", S("single"));
  EXPECT_V("[]", "toStrings", NIL);
  EXPECT_V("[104 105]", "toStrings", ct_bytes(H.a, "hi", 2));
}

int main(void) {
  const struct CMUnitTest tests[] = {T(build_and_append),
                                     T(first_last_rest_initial),
                                     T(reverse_uniq_without_has),
                                     T(compact_slice_concat),
                                     T(chunk_lists),
                                     T(sort_alpha_and_strings)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
