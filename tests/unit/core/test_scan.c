/* test_scan.c — the inlined byte scans (scan.h) against plain loops: every start and length
 * around the 16-byte blocks, bytes with the high bit set, the target at each position, and
 * counts past the 255 blocks one accumulator holds. Buffers are allocated at their exact
 * size, so a read past the end is AddressSanitizer's to report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/scan.h"

static size_t naive_scan(const char *s, size_t i, size_t n, char c) {
  for (; i < n; i++)
    if (s[i] == c) return i;
  return n;
}

static size_t naive_count(const char *s, size_t n, char c) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += s[i] == c;
  return k;
}

static void scan_finds_the_first(void **state) {
  (void)state;
  for (size_t n = 0; n <= 70; n++) {
    char *s = malloc(n ? n : 1);
    for (size_t at = 0; at <= n; at++) { /* the target at AT (none when AT == N) */
      for (size_t i = 0; i < n; i++)
        s[i] = (char)(0x80 | (i * 37)); /* high bytes: no sign mix-ups */
      if (at < n) s[at] = '\n';
      if (at + 5 < n) s[at + 5] = '\n'; /* a second one after it */
      for (size_t from = 0; from <= n; from++)
        assert_int_equal(ct_scan_byte(s, from, n, '\n'), naive_scan(s, from, n, '\n'));
    }
    free(s);
  }
}

static void count_matches_a_loop(void **state) {
  (void)state;
  size_t sizes[] = {0, 1, 15, 16, 17, 31, 255 * 16 - 1, 255 * 16, 255 * 16 + 1, 255 * 16 * 3 + 7};
  for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    size_t n = sizes[k];
    char *s = malloc(n ? n : 1);
    memset(s, '\n', n); /* every lane counts on every block: the 255 limit matters */
    assert_int_equal(ct_count_byte(s, n, '\n'), n);
    for (size_t i = 0; i < n; i++)
      s[i] = (i % 3 == 0) ? '\n' : (char)(0xC0 + i % 50);
    assert_int_equal(ct_count_byte(s, n, '\n'), naive_count(s, n, '\n'));
    assert_int_equal(ct_count_byte(s, n, (char)0xC1), naive_count(s, n, (char)0xC1));
    free(s);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(scan_finds_the_first),
      cmocka_unit_test(count_matches_a_loop),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
