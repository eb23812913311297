/* test_speed_strings.c — the string functions rewritten for speed keep Go's results: indent
 * and nindent built in one block, and the memchr-based search behind replace/split/contains. */
#include "sprigA_harness.h"

static void indent_shapes(void **state) {
  (void)state;
  EXPECT_V("", "indent", I(0), S(""));
  EXPECT_V("   ", "indent", I(3), S(""));
  EXPECT_V("\n   ", "nindent", I(3), S(""));
  EXPECT_V("\n", "nindent", I(0), S(""));
  EXPECT_V("  a\n  b", "indent", I(2), S("a\nb"));
  EXPECT_V("  a\n  ", "indent", I(2), S("a\n"));
  EXPECT_V("  \n  \n  ", "indent", I(2), S("\n\n"));
  /* CRLF: only the \n is followed by the padding, the \r stays where it was */
  EXPECT_V("  a\r\n  b\r\n  ", "indent", I(2), S("a\r\nb\r\n"));
  EXPECT_V("\n    x: 1\n    y:\n      z: 2", "nindent", I(4), S("x: 1\ny:\n  z: 2"));
  /* NUL bytes and UTF-8 pass through */
  ct_value *v = CALL("indent", I(1), ct_string(H.a, "a\0b\nc", 5));
  assert_int_equal(7, v->s.len);
  assert_memory_equal(" a\0b\n c", v->s.ptr, 7);
  EXPECT_V(" ✓\n 日本", "indent", I(1), S("✓\n日本"));
  EXPECT_ERR("strings: negative Repeat count", "indent", I(-1), S("x"));
  EXPECT_ERR("strings: negative Repeat count", "nindent", I(-2), S("x"));
}

static void indent_large(void **state) {
  (void)state;
  /* a long multi-line text: every line gets the padding, the bytes are all accounted for */
  ct_buf in = CT_BUF_INIT, want = CT_BUF_INIT;
  ct_buf_puts(&want, "      ");
  for (int i = 0; i < 5000; i++) {
    ct_buf_printf(&in, "line %d: some text\n", i);
    ct_buf_printf(&want, "line %d: some text\n      ", i);
  }
  ct_value *v = CALL("indent", I(6), ct_string(H.a, ct_buf_str(&in), in.len));
  assert_int_equal(want.len, v->s.len);
  assert_memory_equal(ct_buf_str(&want), v->s.ptr, want.len);
  assert_int_equal(0, v->s.ptr[v->s.len]);
  ct_buf_dispose(&in);
  ct_buf_dispose(&want);
}

static void search(void **state) {
  (void)state;
  EXPECT_V("[a b c]", "splitList", S("---\n"), S("a---\nb---\nc"));
  EXPECT_V("[ a ]", "splitList", S("---\n"), S("---\na---\n"));
  EXPECT_V("[aaa]", "splitList", S("ab"), S("aaa"));
  EXPECT_V("[aa b]", "splitList", S("aab"), S("aaaabb"));
  EXPECT_V("[x]", "splitList", S("longer than x"), S("x"));
  EXPECT_V("xyxy", "replace", S("ab"), S("y"), S("xabxab"));
  EXPECT_V("ab", "replace", S("abc"), S("y"), S("ab"));
  EXPECT_V("yc", "replace", S("ab"), S("y"), S("abc"));
  EXPECT_V("aay", "replace", S("ab"), S("y"), S("aaab"));
  EXPECT_V("true", "contains", S("b\nc"), S("a\nb\nc"));
  EXPECT_V("false", "contains", S("b\nd"), S("a\nb\nc"));
  EXPECT_V("true", "contains", S("c"), S("abc"));
}

int main(void) {
  const struct CMUnitTest tests[] = {T(indent_shapes), T(indent_large), T(search)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
