/* test_sha256.c — the built-in SHA-256: FIPS 180-4 example vectors, streaming in pieces of
 * every size equal to one-shot, and agreement with OpenSSL on inputs around block borders. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "chartctl/sha256.h"

static void hex(const unsigned char d[32], char out[65]) {
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check(const char *msg, size_t n, const char *want) {
  unsigned char d[32];
  char h[65];
  ct_sha256(msg, n, d);
  hex(d, h);
  assert_string_equal(h, want);
}

static void fips_vectors(void **state) {
  (void)state;
  check("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  check("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  check(m448, strlen(m448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
  check(m896, strlen(m896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  size_t n = 1000000;
  char *a = malloc(n);
  assert_non_null(a);
  memset(a, 'a', n);
  check(a, n, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free(a);
}

static void streaming_equals_one_shot(void **state) {
  (void)state;
  unsigned char buf[300];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 7 + 3);
  unsigned char want[32], got[32];
  ct_sha256(buf, sizeof buf, want);
  for (size_t piece = 1; piece <= 130; piece++) {
    ct_sha256_ctx c;
    ct_sha256_init(&c);
    for (size_t off = 0; off < sizeof buf; off += piece)
      ct_sha256_update(&c, buf + off, sizeof buf - off < piece ? sizeof buf - off : piece);
    ct_sha256_final(&c, got);
    assert_memory_equal(got, want, 32);
  }
}

static void agrees_with_openssl(void **state) {
  (void)state;
  unsigned char buf[200];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(255 - i);
  for (size_t n = 0; n <= sizeof buf; n++) {
    unsigned char want[32], got[32];
    unsigned int wl = 0;
    assert_int_equal(EVP_Digest(buf, n, want, &wl, EVP_sha256(), NULL), 1);
    ct_sha256(buf, n, got);
    assert_memory_equal(got, want, 32);
  }
}

static bool env_portable(void) {
  const char *e = getenv("CT_SHA256_PORTABLE");
  return e && *e == '1';
}

static bool cpu_lists_sha_ni(void) {
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f) return false;
  char line[8192];
  bool yes = false;
  while (!yes && fgets(line, sizeof line, f))
    yes = strncmp(line, "flags", 5) == 0 && strstr(line, " sha_ni");
  fclose(f);
  return yes;
}

static void digest_matches_openssl(const unsigned char *buf, size_t n) {
  unsigned char want[32], got[32];
  unsigned int wl = 0;
  assert_int_equal(EVP_Digest(buf, n, want, &wl, EVP_sha256(), NULL), 1);
  ct_sha256(buf, n, got);
  assert_memory_equal(got, want, 32);
}

/* Runs first, in a process that has hashed nothing: the rounds are chosen at the first block
 * (the SHA extensions when the CPU runs them, found by trying them with SIGILL caught), the
 * SIGILL disposition the process had is back afterwards, and digests of every length still
 * match. */
static int sigill_seen;
static void own_sigill(int sig) {
  (void)sig;
  sigill_seen++;
}

static void rounds_chosen_at_first_block(void **state) {
  (void)state;
  static unsigned char buf[64 * 200 + 17];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 7 + (i >> 8));
  struct sigaction mine, before, after;
  memset(&mine, 0, sizeof mine);
  mine.sa_handler = own_sigill;
  sigemptyset(&mine.sa_mask);
  assert_int_equal(sigaction(SIGILL, &mine, &before), 0);
  assert_int_equal(ct_sha256__rounds(), 0);
  digest_matches_openssl(buf, 64 * 2);
  int want = env_portable() ? 1 : cpu_lists_sha_ni() ? 2 : 1;
#if !defined(__x86_64__)
  want = 1;
#endif
  assert_int_equal(ct_sha256__rounds(), want);
  assert_int_equal(sigaction(SIGILL, &before, &after), 0);
  assert_ptr_equal(after.sa_handler, own_sigill); /* the try put it back */
  assert_int_equal(sigill_seen, 0);
  digest_matches_openssl(buf, sizeof buf);
  digest_matches_openssl(buf + 3, sizeof buf - 3);
  assert_int_equal(ct_sha256__rounds(), want);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(rounds_chosen_at_first_block),
      cmocka_unit_test(fips_vectors),
      cmocka_unit_test(streaming_equals_one_shot),
      cmocka_unit_test(agrees_with_openssl),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
