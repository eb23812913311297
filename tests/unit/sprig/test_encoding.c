/* test_encoding.c — b64enc/b64dec/b32enc/b32dec: encodings, Go's decode error strings
 * (returned as the result, as Sprig does), newline handling (conformance "encoding"). */
#include "sprigB_harness.h"

static void base64(void **state) {
  (void)state;
  EXPECT("aGVsbG8=", "{{ b64enc \"hello\" }}");
  EXPECT("", "{{ b64enc \"\" }}");
  EXPECT("YQ==", "{{ b64enc \"a\" }}");
  EXPECT("aMOpbGxvIHfDtnJsZCDinJMg5pel5pys6KqeIPCfmoA=", "{{ b64enc \"héllo wörld ✓ 日本語 🚀\" }}");
  EXPECT("Zmlyc3QgbGluZQpzZWNvbmQgbGluZQogIGluZGVudGVkIHRoaXJkCg==",
         "{{ b64enc \"first line\\nsecond line\\n  indented third\\n\" }}");
  EXPECT("hello", "{{ b64dec \"aGVsbG8=\" }}");
  EXPECT("hello", "{{ b64dec \"aGVs\\nbG8=\" }}"); /* newlines are skipped */
  EXPECT("round trip ✓", "{{ \"round trip ✓\" | b64enc | b64dec }}");
}

static void base64_errors(void **state) {
  (void)state;
  EXPECT("illegal base64 data at input byte 4", "{{ b64dec \"aGVsbG8\" }}");
  EXPECT("illegal base64 data at input byte 0", "{{ b64dec \"!!!\" }}");
  EXPECT("illegal base64 data at input byte 24", "{{ b64dec \"TkJTV1kzRFBFRT09PT09PQ==x\" }}");
  EXPECT("illegal base64 data at input byte 1", "{{ b64dec \"a===\" }}");
}

static void base32(void **state) {
  (void)state;
  EXPECT("NBSWY3DP", "{{ b32enc \"hello\" }}");
  EXPECT("", "{{ b32enc \"\" }}");
  EXPECT("ME======", "{{ b32enc \"a\" }}");
  EXPECT("hello", "{{ b32dec \"NBSWY3DP\" }}");
  EXPECT("hello!", "{{ b32dec \"NBSWY3DPEE======\" }}");
  EXPECT("hell", "{{ b32dec \"NBSWY3D=\" }}");
  EXPECT("illegal base32 data at input byte 0", "{{ b32dec \"not base32!\" }}");
  EXPECT("illegal base32 data at input byte 8", "{{ b32dec \"NBSWY3DPE\" }}");
}

static void signatures(void **state) {
  (void)state;
  assert_string_equal("string->string", h_find("b64enc")->sig);
  assert_string_equal("string->string", h_find("b32dec")->sig);
  EXPECT_ERR("wrong number of args for b64enc", "{{ b64enc }}");
}

int main(void) {
  const struct CMUnitTest tests[] = {T(base64), T(base64_errors), T(base32), T(signatures)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
