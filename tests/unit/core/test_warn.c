/* test_warn.c — the counted warning sink (warn.h): warnings to stderr are printed and counted,
 * a skip count drops that many of the next ones (chartctl-dyn after a hand-off), warnings to
 * another stream are neither counted nor skipped. stderr is captured through a temporary file
 * on fd 2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chartctl/warn.h"

/* Runs FN with stderr going to a temporary file; returns what it printed (static buffer). */
static const char *capture_stderr(void (*fn)(void)) {
  static char out[1024];
  fflush(stderr);
  int saved = dup(2);
  FILE *tmp = tmpfile();
  assert_non_null(tmp);
  assert_int_not_equal(dup2(fileno(tmp), 2), -1);
  fn();
  fflush(stderr);
  assert_int_not_equal(dup2(saved, 2), -1);
  close(saved);
  rewind(tmp);
  size_t n = fread(out, 1, sizeof out - 1, tmp);
  out[n] = 0;
  fclose(tmp);
  return out;
}

static void three_warnings(void) {
  ct_warnf(NULL, "one %d\n", 1);
  ct_warnf(stderr, "two\n");
  ct_warnf(NULL, "three %s\n", "x");
}

static void counts_and_skips(void **state) {
  (void)state;
  unsigned before = ct_warn_count();
  assert_string_equal(capture_stderr(three_warnings), "one 1\ntwo\nthree x\n");
  assert_int_equal(ct_warn_count(), before + 3);
  /* after a hand-off: the first two were printed by the other process */
  ct_warn_skip(2);
  assert_string_equal(capture_stderr(three_warnings), "three x\n");
  assert_int_equal(ct_warn_count(), before + 4);
  /* the skip count is used up */
  assert_string_equal(capture_stderr(three_warnings), "one 1\ntwo\nthree x\n");
  assert_int_equal(ct_warn_count(), before + 7);
}

static void other_streams_untouched(void **state) {
  (void)state;
  char *mem = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&mem, &len);
  assert_non_null(f);
  unsigned before = ct_warn_count();
  ct_warn_skip(1);
  ct_warnf(f, "to a stream %d\n", 7);
  fclose(f);
  assert_string_equal(mem, "to a stream 7\n");
  assert_int_equal(ct_warn_count(), before);
  free(mem);
  /* the skip still applies to the next warning to stderr */
  assert_string_equal(capture_stderr(three_warnings), "two\nthree x\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(counts_and_skips),
                                     cmocka_unit_test(other_streams_untouched)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
