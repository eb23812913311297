/* test_strings.c — Sprig string family: Go strings functions, goutils/xstrings quirks,
 * quoting, indentation, splitting, with Go's panic texts (conformance theme "strings"). */
#include "sprigA_harness.h"

static void case_functions(void **state) {
  (void)state;
  assert_string_equal("Hello!", V(CALL0("hello")));
  EXPECT_V("HÉLLO WORLD", "upper", S("héllo World"));
  EXPECT_V("héllo world", "lower", S("HÉLLO World"));
  EXPECT_V("STRAßE", "upper", S("straße"));
  EXPECT_V("istanbul", "lower", S("İSTANBUL"));
  EXPECT_V("Hello WORLD O'Neil Foo-Bar Foo_bar", "title", S("hello wORLD o'neil foo-bar foo_bar"));
  EXPECT_V("ǅemal", "title", S("ǆemal"));
  EXPECT_V("Héllo Wörld ✓ 日本語 🚀", "title", S("héllo wörld ✓ 日本語 🚀"));
  EXPECT_V("hello world fOO", "untitle", S("Hello World FOO"));
  EXPECT_V("hELLO wORLD 123 äö", "swapcase", S("Hello World 123 ÄÖ"));
  EXPECT_V("ǆ", "swapcase", S("ǅ"));
  EXPECT_V("HELLO wORLD", "swapcase", S("hello World"));
  /* invalid UTF-8 becomes U+FFFD, as strings.Map does */
  EXPECT_V("A\xEF\xBF\xBD", "upper", S("a\xff"));
}

static void casing_conversions(void **state) {
  (void)state;
  EXPECT_V("http_server_error", "snakecase", S("HTTPServerError"));
  EXPECT_V("foo_bar_baz", "snakecase", S("fooBarBaz"));
  EXPECT_V("foo_bar_baz", "snakecase", S("Foo Bar-baz"));
  EXPECT_V("already_snake_case", "snakecase", S("already_snake_case"));
  EXPECT_V("xml_http_request2_go", "snakecase", S("XMLHttpRequest2Go"));
  EXPECT_V("http_20x_ok_bld4_floor_3rd_http_2xx__a_b", "snakecase",
           S("HTTP20xOK Bld4Floor3rd http2xx _a-B"));
  EXPECT_V("HttpServerError", "camelcase", S("http_server_error"));
  EXPECT_V("FooBarBaz", "camelcase", S("foo-bar baz"));
  EXPECT_V("_LeadingUnderscore", "camelcase", S("_leading_underscore"));
  EXPECT_V("HttpserverId", "camelcase", S("HTTPServer_id"));
  EXPECT_V("__", "camelcase", S("_"));
  EXPECT_V("__A_", "camelcase", S("__a_"));
  EXPECT_V("Ab-Cd Ef", "camelcase", S("ab--cd  EF"));
  EXPECT_V("foo-bar-baz", "kebabcase", S("FooBarBaz"));
  EXPECT_V("foo-bar-baz", "kebabcase", S("foo_bar BAZ"));
  EXPECT_V("html-parser", "kebabcase", S("HTMLParser"));
  EXPECT_V("foo-bar.baz!!qux", "kebabcase", S("fooBar.baz!!Qux"));
  EXPECT_V("a_😀_b", "snakecase", S("a😀b")); /* a symbol is a word of its own */
  /* Go's categories, not glibc's: ⓜ is a symbol (So), ¼ a number (No), ᾈ title case (Lt) */
  EXPECT_V("a_ⓜ_b", "snakecase", S("aⓜb"));
  EXPECT_V("¼_ⓜ", "snakecase", S("¼ⓜ"));
  EXPECT_V("x_🌜_¼y", "snakecase", S("x🌜¼y"));
  EXPECT_V("ᾈa_b", "snakecase", S("ᾈa b"));
  EXPECT_V("۰۱_x", "snakecase", S("۰۱ x"));
}

static void substr_trunc_repeat(void **state) {
  (void)state;
  EXPECT_V("hello", "substr", I(0), I(5), S("hello world"));
  EXPECT_V("world", "substr", I(6), I(11), S("hello world"));
  EXPECT_V("lo", "substr", I(3), I(-1), S("hello"));
  EXPECT_V("hel", "substr", I(-1), I(3), S("hello"));
  EXPECT_V("llo", "substr", I(2), I(100), S("hello"));
  EXPECT_ERR("runtime error: slice bounds out of range [:-1]", "substr", I(-1), I(-1), S("hello"));
  EXPECT_ERR("runtime error: slice bounds out of range [4:2]", "substr", I(4), I(2), S("hello"));
  EXPECT_ERR("runtime error: slice bounds out of range [7:5]", "substr", I(7), I(-1), S("hello"));
  EXPECT_ERR("runtime error: slice bounds out of range [:9] with length 5", "substr", I(-1), I(9),
             S("hello"));
  assert_string_equal("int,int,string->string", h_sig("substr"));
  EXPECT_V("hello", "trunc", I(5), S("hello world"));
  EXPECT_V("short", "trunc", I(50), S("short"));
  EXPECT_V("world", "trunc", I(-5), S("hello world"));
  EXPECT_V("", "trunc", I(0), S("abc"));
  EXPECT_V("hello", "trunc", I(-10), S("hello"));
  EXPECT_V("日", "trunc", I(3), S("日本語テキスト"));
  EXPECT_V("ababab", "repeat", I(3), S("ab"));
  EXPECT_V("", "repeat", I(0), S("x"));
  EXPECT_ERR("strings: negative Repeat count", "repeat", I(-1), S("a"));
  EXPECT_ERR("strings: Repeat output of 20000000000 bytes is too long", "repeat", I(10000000000),
             S("ab"));
}

static void trims(void **state) {
  (void)state;
  EXPECT_V("hi there", "trim", S("  \t hi there \n "));
  EXPECT_V("nbsp", "trim", S("\u00a0 nbsp \u3000"));
  EXPECT_V("5.00", "trimAll", S("$"), S("$$5.00$"));
  EXPECT_V("hi", "trimall", S("xy"), S("xyxhixyy"));
  EXPECT_V("a$b", "trimAll", S("$-"), S("$-a$b-$"));
  EXPECT_V("-x-", "trimPrefix", S("-"), S("--x-"));
  EXPECT_V("file.yaml", "trimSuffix", S(".yaml"), S("file.yaml.yaml"));
  EXPECT_V("abc", "trimPrefix", S("z"), S("abc"));
  EXPECT_V("hello", "nospace", S(" h e\tl\nl o "));
  /* goutils works on bytes: non-ASCII bytes are re-encoded one by one */
  EXPECT_V("h\xC3\x83\xC2\xA9llo", "nospace", S(" h\xC3\xA9llo"));
  EXPECT_V("HWW", "initials", S("Hello Wide World"));
  EXPECT_V("ft", "initials", S("first-second third_fourth"));
  EXPECT_V("", "initials", S(""));
  EXPECT_V("\xC3\x83v", "initials", S("\xC3\xA9lan vital"));
}

static void abbrev_and_wrap(void **state) {
  (void)state;
  EXPECT_V("he...", "abbrev", I(5), S("hello world"));
  EXPECT_V("hello world", "abbrev", I(20), S("hello world"));
  EXPECT_V("hello world", "abbrev", I(3), S("hello world"));
  EXPECT_V("...5678...", "abbrevboth", I(5), I(10), S("1234 5678 9123"));
  EXPECT_V("abc...", "abbrevboth", I(0), I(6), S("abcdefghij"));
  EXPECT_V("...6789...", "abbrevboth", I(5), I(10), S("1234567890abcdefghij"));
  EXPECT_V("...a...", "abbrevboth", I(10), I(7), S("1234567890abcdefghij"));
  EXPECT_V("The quick\nbrown fox\njumps over\nthe lazy\ndog", "wrap", I(10),
           S("The quick brown fox jumps over the lazy dog"));
  EXPECT_V("Hello\tWorld", "wrapWith", I(5), S("\t"), S("Hello World"));
  EXPECT_V("abcdefgh<br>ijklmnop<br>qrs", "wrapWith", I(8), S("<br>"), S("abcdefghijklmnop qrs"));
  EXPECT_V("supercalifragilistic\nword", "wrap", I(3), S("supercalifragilistic word"));
  EXPECT_V("hello\nworld\nfoo\nbarbazqux\nx", "wrap", I(5), S("hello world foo barbazqux x"));
}

static void predicates_and_plural(void **state) {
  (void)state;
  EXPECT_V("true", "contains", S("cat"), S("catch"));
  EXPECT_V("false", "contains", S("dog"), S("catch"));
  EXPECT_V("true", "hasPrefix", S("ca"), S("catch"));
  EXPECT_V("true", "hasPrefix", S(""), S("x"));
  EXPECT_V("true", "hasSuffix", S("ch"), S("catch"));
  EXPECT_V("false", "hasSuffix", S("CH"), S("catch"));
  EXPECT_V("many", "plural", S("one"), S("many"), I(0));
  EXPECT_V("one", "plural", S("one"), S("many"), I(1));
  EXPECT_V("many", "plural", S("one"), S("many"), I(-1));
}

static void quoting_and_cat(void **state) {
  (void)state;
  EXPECT_V("\"a\"", "quote", S("a"));
  EXPECT_V("\"a\" \"b\" \"1\"", "quote", S("a"), S("b"), I(1));
  EXPECT_V("\"say \\\"hi\\\"\"", "quote", S("say \"hi\""));
  EXPECT_V("\"tab\\tnl\\n\"", "quote", S("tab\tnl\n"));
  EXPECT_V("", "quote", NIL);
  EXPECT_V("\"1e+06\" \"3.14159\" \"true\"", "quote", F(1e6), F(3.14159), B(true));
  EXPECT_V("\"[a b c]\"", "quote", L(S("a"), S("b"), S("c")));
  EXPECT_V("\"\\x01\\x7f\"", "quote", S("\x01\x7f"));
  EXPECT_V("'a'", "squote", S("a"));
  EXPECT_V("'a' 'b' '3'", "squote", S("a"), S("b"), I(3));
  EXPECT_V("'1.2345678901e+10'", "squote", F(12345678901.0));
  EXPECT_V("'x' '2'", "squote", S("x"), NIL, I(2));
  EXPECT_V("a b c", "cat", S("a"), S("b"), S("c"));
  EXPECT_V("a c 1 2.5 true", "cat", S("a"), NIL, S("c"), I(1), F(2.5), B(true));
  assert_string_equal("", V(CALL0("cat")));
  EXPECT_V("[a b c] 42", "cat", L(S("a"), S("b"), S("c")), F(42));
}

static void indent_replace(void **state) {
  (void)state;
  EXPECT_V("    line1\n    line2\n    \n    line4", "indent", I(4), S("line1\nline2\n\nline4"));
  EXPECT_V("  x", "indent", I(2), S("x"));
  EXPECT_V("\n  x", "nindent", I(2), S("x"));
  EXPECT_V("x\ny", "indent", I(0), S("x\ny"));
  EXPECT_V("  trailing\n  ", "indent", I(2), S("trailing\n"));
  EXPECT_ERR("strings: negative Repeat count", "indent", I(-1), S("x"));
  EXPECT_V("a-b-c", "replace", S(" "), S("-"), S("a b c"));
  EXPECT_V("bbbbbb", "replace", S("a"), S("bb"), S("aaa"));
  EXPECT_V("-a-b-c-", "replace", S(""), S("-"), S("abc"));
  EXPECT_V("ab", "replace", S("x"), S(""), S("xaxbx"));
}

static void split_join(void **state) {
  (void)state;
  ct_value *m = CALL("split", S("$"), S("foo$bar$baz"));
  EXPECT_TYPE("map[string]string", m);
  assert_string_equal("map[_0:foo _1:bar _2:baz]", V(m));
  assert_string_equal("b", ct_map_getc(CALL("split", S(","), S("a,b,c")), "_1")->s.ptr);
  ct_value *l = CALL("splitList", S(","), S("a,,b,"));
  EXPECT_TYPE("[]string", l);
  assert_int_equal(4, l->list->len);
  assert_string_equal("[a  b ]", V(l));
  assert_int_equal(1, CALL("splitList", S(","), S(""))->list->len);
  EXPECT_V("map[_0:a _1:b,c]", "splitn", S(","), I(2), S("a,b,c"));
  EXPECT_V("map[_0:a _1:b _2:c]", "splitn", S(","), I(-1), S("a,b,c"));
  EXPECT_V("map[]", "splitn", S(","), I(0), S("a,b,c"));
  EXPECT_V("[a b c]", "splitList", S("::"), S("a::b::c"));
  EXPECT_V("[a b c]", "splitList", S(""), S("abc"));
  EXPECT_V("[日 本]", "splitList", S(""), S("日本"));
  EXPECT_V("a,b,c", "join", S(","), L(S("a"), S("b"), S("c")));
  EXPECT_V("1, 2.5, true, x", "join", S(", "), L(I(1), F(2.5), B(true), S("x")));
  EXPECT_V("", "join", S(","), L0());
  EXPECT_V("notalist", "join", S("+"), S("notalist"));
  EXPECT_V("a,b", "join", S(","), L(S("a"), NIL, S("b")));
  EXPECT_V("3-1-2", "join", S("-"), L(F(3), F(1), F(2)));
  assert_string_equal("string,any->string", h_sig("join"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      T(case_functions),  T(casing_conversions), T(substr_trunc_repeat),
      T(trims),           T(abbrev_and_wrap),    T(predicates_and_plural),
      T(quoting_and_cat), T(indent_replace),     T(split_join)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
