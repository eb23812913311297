/* test_speed_arena_buf.c — the arena's zeroing shortcuts (calloc'ed big chunks, strings not
 * memset) never hand out dirty memory, and ct_buf's bulk appends. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"

static bool all_zero(const void *p, size_t n) {
  const unsigned char *c = p;
  for (size_t i = 0; i < n; i++)
    if (c[i]) return false;
  return true;
}

static void alloc_is_zeroed(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  /* many small blocks over several chunks (small ones memset, big ones calloc'ed) */
  for (int i = 0; i < 20000; i++) {
    size_t n = (size_t)(i % 97) + 1;
    unsigned char *p = ct_arena_alloc(a, n);
    assert_true(all_zero(p, n));
    memset(p, 0xAB, n);
    char *s = ct_arena_strndup(a, "dirty dirty dirty", (size_t)(i % 17));
    assert_int_equal(0, s[i % 17]);
  }
  /* a block bigger than any chunk, then more small ones */
  unsigned char *big = ct_arena_alloc(a, (size_t)3 << 20);
  assert_true(all_zero(big, (size_t)3 << 20));
  memset(big, 0xCD, (size_t)3 << 20);
  unsigned char *after = ct_arena_alloc(a, 4096);
  assert_true(all_zero(after, 4096));
  ct_arena_free(a);
}

static void realloc_grows_zeroed(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  /* a string's padding and the grown part read as zero, in place or moved */
  char *s = ct_arena_strndup(a, "abc", 3);
  char *g = ct_arena_realloc(a, s, 4, 64);
  assert_ptr_equal(s, g); /* the last block grows in place */
  assert_string_equal("abc", g);
  assert_true(all_zero(g + 4, 60));
  memset(g + 4, 'x', 60);
  char *t = ct_arena_strndup(a, "0123456789", 10);
  char *h = ct_arena_realloc(a, g, 64, 200); /* not last: moved */
  assert_ptr_not_equal(g, h);
  assert_memory_equal("abc", h, 3);
  assert_true(all_zero(h + 64, 136));
  assert_string_equal("0123456789", t);
  /* growth across the chunk boundary keeps the contents */
  unsigned char *v = NULL;
  size_t n = 0;
  for (size_t k = 1; k <= 18; k++) {
    size_t nn = (size_t)1 << k;
    v = ct_arena_realloc(a, v, n, nn);
    assert_true(all_zero(v + n, nn - n));
    memset(v + n, (int)k, nn - n);
    n = nn;
  }
  assert_int_equal(18, v[n - 1]);
  assert_int_equal(1, v[1]);
  ct_arena_free(a);
}

static void buf_appends(void **state) {
  (void)state;
  ct_buf b = CT_BUF_INIT;
  assert_string_equal("", ct_buf_str(&b));
  ct_buf_reserve(&b, 1000);
  assert_true(b.cap > 1000);
  assert_int_equal(0, b.len);
  for (int i = 0; i < 100000; i++)
    ct_buf_putc(&b, (char)('a' + i % 26));
  assert_int_equal(100000, b.len);
  assert_int_equal('a', b.ptr[26]);
  assert_int_equal(0, b.ptr[b.len]);
  char chunk[5000];
  memset(chunk, 'z', sizeof chunk);
  ct_buf_put(&b, chunk, sizeof chunk);
  ct_buf_put(&b, chunk, 0);
  assert_int_equal(105000, b.len);
  assert_int_equal('z', b.ptr[104999]);
  ct_buf_truncate(&b, 3);
  assert_string_equal("abc", ct_buf_str(&b));
  ct_buf_printf(&b, "%s-%d", "x", 42);
  assert_string_equal("abcx-42", ct_buf_str(&b));
  ct_buf_reset(&b);
  assert_string_equal("", ct_buf_str(&b));
  ct_buf_dispose(&b);
}

/* strings are copied into reused memory without clearing it first: their NUL and rounding
 * are still cleared, so a string grown in place reads zeros past its old end */
static void strndup_in_reused_memory(void **state) {
  (void)state;
  for (int round = 0; round < 2; round++) {
    ct_arena *dirty = ct_arena_new();
    memset(ct_arena_alloc(dirty, 32768), 0xAB, 32768);
    ct_arena_free(dirty); /* its chunk is kept for the next arena */
    ct_arena *a = ct_arena_new();
    char *s = ct_arena_strndup(a, "hello", 5);
    assert_string_equal("hello", s);
    assert_true(all_zero(s + 5, 3)); /* up to the 8-byte rounding */
    char *g = ct_arena_realloc(a, s, 6, 64);
    assert_ptr_equal(s, g); /* the last block grows in place */
    assert_string_equal("hello", g);
    assert_true(all_zero(g + 5, 59));
    /* the same for a "%s"-only sprintf, joined straight into the arena */
    char *j = ct_arena_sprintf(a, "%s/%s", "ab", "c");
    assert_string_equal("ab/c", j);
    assert_true(all_zero(j + 4, 4));
    char *jg = ct_arena_realloc(a, j, 5, 40);
    assert_ptr_equal(j, jg);
    assert_true(all_zero(jg + 4, 36));
    assert_true(all_zero(ct_arena_alloc(a, 1000), 1000));
    ct_arena_free(a);
  }
}

/* Reused memory is cleared some way ahead of use: blocks of every size, strings (not cleared
 * but written), blocks grown in place and marks given back, in any order, over chunks
 * dirtied with a pattern, always hand out zeros where zeros are promised. */
static void reused_memory_mixed(void **state) {
  (void)state;
  unsigned long long r = 88172645463325252ULL;
  for (int round = 0; round < 40; round++) {
    ct_arena *dirty = ct_arena_new();
    for (int k = 0; k < 3; k++)
      memset(ct_arena_alloc(dirty, 60000), 0xAB, 60000);
    ct_arena_free(dirty); /* its chunks are kept for the next arena */
    ct_arena *a = ct_arena_new();
    ct_arena_mark m = ct_arena_mark_here(a);
    bool marked = false;
    char *last = NULL;
    size_t last_n = 0;
    for (int i = 0; i < 3000; i++) {
      r ^= r << 13, r ^= r >> 7, r ^= r << 17;
      size_t n = (size_t)(r % 5 == 0 ? r % 3000 : r % 90);
      switch ((r >> 20) % 8) {
      case 0: { /* a string: its NUL and rounding are zeros */
        char text[100];
        memset(text, 'x', sizeof text);
        size_t l = n % 100;
        char *s = ct_arena_strndup(a, text, l);
        assert_true(all_zero(s + l, 8 - l % 8));
        last = s, last_n = l + 1;
        break;
      }
      case 1: /* the last block grown */
        if (last) {
          char *g = ct_arena_realloc(a, last, last_n, last_n + n);
          assert_true(all_zero(g + last_n, n));
          memset(g, 0xCD, last_n + n);
          last = g, last_n += n;
        }
        break;
      case 2: /* a mark, or everything since it given back */
        if (marked) {
          ct_arena_release(a, m);
          last = NULL;
        } else {
          m = ct_arena_mark_here(a);
          last = NULL;
        }
        marked = !marked;
        break;
      default: {
        char *p = ct_arena_alloc(a, n);
        assert_true(all_zero(p, n));
        memset(p, 0xEF, n ? n : 1);
        last = p, last_n = n ? n : 1;
      }
      }
    }
    ct_arena_free(a);
  }
}

/* ct_arena_sprintf and ct_buf_printf join "%s"-only formats themselves: the same text as
 * vsnprintf, every other format still through vsnprintf */
static void sprintf_joins_strings(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  assert_string_equal("a/templates", ct_arena_sprintf(a, "%s/templates", "a"));
  assert_string_equal("x/y/z", ct_arena_sprintf(a, "%s%s%s", "x/", "y/", "z"));
  assert_string_equal("", ct_arena_sprintf(a, "%s", ""));
  assert_string_equal("plain", ct_arena_sprintf(a, "plain"));
  const char *volatile none = NULL; /* glibc prints "(null)"; so does the join */
  assert_string_equal("[(null)]", ct_arena_sprintf(a, "[%s]", none));
  assert_string_equal("50% of x", ct_arena_sprintf(a, "50%% of %s", "x"));
  assert_string_equal("ab   |7", ct_arena_sprintf(a, "%-5s|%d", "ab", 7));
  assert_string_equal("abc", ct_arena_sprintf(a, "%.*s", 3, "abcdef"));
  char big[3000];
  memset(big, 'q', sizeof big - 1);
  big[sizeof big - 1] = 0;
  const char *j = ct_arena_sprintf(a, "<%s>%s", big, big);
  assert_int_equal(2 * (sizeof big - 1) + 2, strlen(j));
  assert_int_equal('>', j[sizeof big]);
  ct_buf b = CT_BUF_INIT; /* the same through ct_buf_printf, appending */
  ct_buf_printf(&b, "%s=%s;", "k", "v");
  ct_buf_printf(&b, "%s", "");
  ct_buf_printf(&b, "[%s]%d%%", none, 5);
  assert_string_equal("k=v;[(null)]5%", ct_buf_str(&b));
  ct_buf_dispose(&b);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(alloc_is_zeroed),
      cmocka_unit_test(realloc_grows_zeroed),
      cmocka_unit_test(buf_appends),
      cmocka_unit_test(sprintf_joins_strings),
      cmocka_unit_test(strndup_in_reused_memory),
      cmocka_unit_test(reused_memory_mixed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
