/* test_random.c — random outputs by shape: randAlphaNum/randAlpha/randNumeric/randAscii
 * lengths and alphabets, randBytes, randInt range and its panic, shuffle keeps the runes,
 * uuidv4's form, getHostByName without DNS, and no env/expandenv (conformance
 * "crypto/random-shapes"). */
#include "sprigB_harness.h"

static bool all_in(const char *s, const char *set) {
  for (; *s; s++)
    if (!strchr(set, *s)) return false;
  return true;
}

static void random_strings(void **state) {
  (void)state;
  const char *s = R("{{ randAlphaNum 12 }}");
  assert_int_equal(12, strlen(s));
  assert_true(all_in(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
  s = R("{{ randAlpha 40 }}");
  assert_int_equal(40, strlen(s));
  assert_true(all_in(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"));
  s = R("{{ randNumeric 6 }}");
  assert_int_equal(6, strlen(s));
  assert_true(all_in(s, "0123456789"));
  s = R("{{ randAscii 50 }}");
  assert_int_equal(50, strlen(s));
  for (const char *p = s; *p; p++) assert_true(*p >= 32 && *p < 127);
  EXPECT("", "{{ randAlpha 0 }}{{ randAlphaNum -3 }}");
  assert_string_not_equal(R("{{ randAlphaNum 32 }}"), R("{{ randAlphaNum 32 }}"));
}

static void random_bytes_and_ints(void **state) {
  (void)state;
  const char *s = R("{{ randBytes 9 }}");
  assert_int_equal(12, strlen(s)); /* base64 of 9 bytes */
  EXPECT("", "{{ randBytes 0 }}");
  EXPECT_ERR("error calling randBytes: runtime error: makeslice: len out of range", "{{ randBytes -1 }}");
  EXPECT("5", "{{ randInt 5 6 }}");
  for (int i = 0; i < 20; i++) {
    const char *v = R("{{ randInt -3 3 }}");
    long x = strtol(v, NULL, 10);
    assert_true(x >= -3 && x < 3);
  }
  EXPECT_ERR("error calling randInt: invalid argument to Intn", "{{ randInt 5 5 }}");
  EXPECT("int", "{{ printf \"%T\" (randInt 1 2) }}");
}

static void shuffle_and_uuid(void **state) {
  (void)state;
  EXPECT("aaaa", "{{ shuffle \"aaaa\" }}");
  const char *s = R("{{ shuffle \"héllo✓\" }}");
  assert_int_equal(strlen("héllo✓"), strlen(s));
  assert_non_null(strstr(s, "é"));
  assert_non_null(strstr(s, "✓"));
  s = R("{{ uuidv4 }}");
  assert_int_equal(36, strlen(s));
  assert_true(s[8] == '-' && s[13] == '-' && s[14] == '4' && s[18] == '-' && s[23] == '-');
  assert_non_null(strchr("89ab", s[19]));
  assert_string_not_equal(s, R("{{ uuidv4 }}"));
}

const ct_func *ct_sprig__network_dns(void);

static void network_and_removed(void **state) {
  (void)state;
  EXPECT("", "{{ getHostByName \"localhost\" }}");
  /* --enable-dns: a real lookup; no address is Go's rand.Intn(0) panic */
  const ct_func *dns = ct_sprig__network_dns();
  assert_string_equal("getHostByName", dns->name);
  ct_func saved = *h_find("getHostByName");
  *(ct_func *)h_find("getHostByName") = *dns;
  const char *lh = R("{{ getHostByName \"localhost\" }}");
  assert_true(!strcmp(lh, "127.0.0.1") || !strcmp(lh, "::1"));
  EXPECT_ERR("error calling getHostByName: invalid argument to Intn", "{{ getHostByName \"nonexistent.invalid\" }}");
  *(ct_func *)h_find("getHostByName") = saved;
  assert_null(h_find("env"));
  assert_null(h_find("expandenv"));
  EXPECT("PARSE: template: t:1: function \"env\" not defined", "{{ env \"HOME\" }}");
}

int main(void) {
  const struct CMUnitTest tests[] = {T(random_strings), T(random_bytes_and_ints), T(shuffle_and_uuid), T(network_and_removed)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
