/* test_sha1.c — the built-in SHA-1 and SHA-512 (sha1sum, sha512sum): FIPS 180-4 example
 * vectors, and agreement with OpenSSL on every length around the block and padding borders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "chartctl/sha1.h"

static void hex(const unsigned char *d, size_t n, char *out) {
  for (size_t i = 0; i < n; i++)
    snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check(const char *msg, size_t n, const char *want1, const char *want512) {
  unsigned char d[64];
  char h[129];
  ct_sha1(msg, n, d);
  hex(d, 20, h);
  assert_string_equal(h, want1);
  ct_sha512(msg, n, d);
  hex(d, 64, h);
  assert_string_equal(h, want512);
}

static void fips_vectors(void **state) {
  (void)state;
  check("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d287"
        "7eec2f63b931bd47417a81a538327af927da3e");
  check(NULL, 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d287"
        "7eec2f63b931bd47417a81a538327af927da3e");
  check("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d",
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3"
        "feebbd454d4423643ce80e2a9ac94fa54ca49f");
  const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmn"
                     "opqklmnopqrlmnopqrsmnopqrstnopqrstu";
  unsigned char d[64];
  char h[129];
  ct_sha1(m448, strlen(m448), d);
  hex(d, 20, h);
  assert_string_equal(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  ct_sha512(m896, strlen(m896), d);
  hex(d, 64, h);
  assert_string_equal(h, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4"
                         "900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
  size_t n = 1000000;
  char *a = malloc(n);
  assert_non_null(a);
  memset(a, 'a', n);
  check(a, n, "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
        "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce5"
        "77c31beb009c5c2c49aa2e4eadb217ad8cc09b");
  free(a);
}

/* Every length from 0 to 600 (SHA-1's padding borders at 55/56/64, SHA-512's at 111/112/128,
 * several blocks), bytes of every value: the same digests as OpenSSL. */
static void agrees_with_openssl(void **state) {
  (void)state;
  unsigned char buf[600];
  for (size_t i = 0; i < sizeof buf; i++)
    buf[i] = (unsigned char)(i * 131 + 7);
  for (size_t n = 0; n <= sizeof buf; n++) {
    unsigned char mine[64], ref[64];
    unsigned int rl = 0;
    ct_sha1(buf, n, mine);
    assert_int_equal(EVP_Digest(buf, n, ref, &rl, EVP_sha1(), NULL), 1);
    assert_int_equal(rl, 20);
    if (memcmp(mine, ref, 20)) fail_msg("sha1 differs at length %zu", n);
    ct_sha512(buf, n, mine);
    assert_int_equal(EVP_Digest(buf, n, ref, &rl, EVP_sha512(), NULL), 1);
    assert_int_equal(rl, 64);
    if (memcmp(mine, ref, 64)) fail_msg("sha512 differs at length %zu", n);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(fips_vectors),
                                     cmocka_unit_test(agrees_with_openssl)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
