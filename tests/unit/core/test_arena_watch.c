/* test_arena_watch.c — arena marks, release and escape watches: memory allocated after a
 * mark is given back and reused (zeroed again), blocks from before it survive, including
 * big blocks kept behind the head chunk, and a watch keeps what was allocated before a write
 * into older memory (the value model's maps and lists report their writes) but gives back
 * what comes after. Under AddressSanitizer, released memory must be poisoned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/arena.h"
#include "chartctl/value.h"

#if defined(__SANITIZE_ADDRESS__)
#define T_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_ASAN 1
#endif
#endif
#ifdef T_ASAN
#include <sanitizer/asan_interface.h>
#endif

static bool all_zero(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return false;
  return true;
}

static void release_gives_back_and_keeps_older(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  char *old = ct_arena_strdup(a, "before the mark");
  size_t used = ct_arena_used(a);
  ct_arena_mark m = ct_arena_mark_here(a);
  unsigned char *p = ct_arena_alloc(a, 100);
  memset(p, 0xAB, 100);
  /* a big block (past the minimum chunk) sits in a chunk of its own */
  unsigned char *big = ct_arena_alloc(a, 300 * 1024);
  memset(big, 0xCD, 300 * 1024);
  assert_true(ct_arena_since(a, m, p));
  assert_true(ct_arena_since(a, m, big));
  assert_false(ct_arena_since(a, m, old));
  assert_false(ct_arena_since(a, m, &m)); /* not from the arena at all */
  ct_arena_release(a, m);
  assert_int_equal(ct_arena_used(a), used);
  assert_string_equal(old, "before the mark");
  /* the same memory comes back, cleared */
  unsigned char *q = ct_arena_alloc(a, 100);
  assert_ptr_equal(q, p);
  assert_true(all_zero(q, 100));
  ct_arena_free(a);
}

/* A big block allocated before a mark lives behind the head chunk with a later chunk number:
 * releasing the mark must not take it. */
static void big_block_before_mark_survives(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  (void)ct_arena_alloc(a, 64);
  char *big = ct_arena_alloc(a, 200 * 1024);
  memset(big, 'x', 200 * 1024 - 1);
  ct_arena_mark m = ct_arena_mark_here(a);
  (void)ct_arena_alloc(a, 500 * 1024);
  (void)ct_arena_alloc(a, 64);
  ct_arena_release(a, m);
  assert_false(ct_arena_since(a, m, big));
  assert_int_equal(strlen(big), 200 * 1024 - 1);
  char *again = ct_arena_alloc(a, 200 * 1024);
  assert_true(again != big);
  assert_true(all_zero((unsigned char *)again, 200 * 1024));
  assert_int_equal(strlen(big), 200 * 1024 - 1);
  ct_arena_free(a);
}

/* A block from before the mark never grows in place into memory the mark gives back. */
static void no_growth_across_mark(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  char *s = ct_arena_alloc(a, 16);
  memcpy(s, "0123456789abcde", 16);
  ct_arena_mark m = ct_arena_mark_here(a);
  char *g = ct_arena_realloc(a, s, 16, 64);
  assert_true(g != s); /* moved: s itself stays as it was */
  ct_arena_release(a, m);
  assert_string_equal(s, "0123456789abcde");
  ct_arena_free(a);
}

static void watch_releases_garbage(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *keep = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, keep, "k", ct_cstring(a, "v"));
  size_t used = ct_arena_used(a);
  ct_arena_watch_begin(a);
  /* new maps and lists written inside the watch are its own: no escape */
  ct_value *d = ct_map_new(a, CT_MAP, 0);
  for (int i = 0; i < 50; i++)
    ct_map_setc(a, d, ct_arena_sprintf(a, "key%d", i), ct_int(a, CT_INT, i));
  ct_value *l = ct_list_new(a, CT_LIST, 0);
  for (int i = 0; i < 50; i++)
    ct_list_push(a, l, d);
  assert_true(ct_arena_watch_end(a, true));
  assert_int_equal(ct_arena_used(a), used);
  assert_string_equal(ct_map_getc(keep, "k")->s.ptr, "v");
  /* closing with release=false (the computation failed) keeps everything */
  ct_arena_watch_begin(a);
  (void)ct_map_new(a, CT_MAP, 4);
  assert_false(ct_arena_watch_end(a, false));
  assert_true(ct_arena_used(a) > used);
  ct_arena_free(a);
}

/* A write into an older map or list keeps everything allocated until then (the older one may
 * reach it now); what is allocated after the write is still given back. */
static void watch_keeps_what_older_memory_reaches(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *root = ct_map_new(a, CT_MAP, 2);
  ct_value *list = ct_list_new(a, CT_LIST, 1);
  ct_arena_watch_begin(a);
  ct_value *fresh = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, fresh, "x", ct_cstring(a, "kept"));
  ct_map_setc(a, root, "fresh", fresh); /* root now points at fresh */
  char *after = ct_arena_alloc(a, 64);  /* nothing older points here */
  memset(after, 0x5A, 64);
  assert_true(ct_arena_watch_end(a, true));
  assert_string_equal(ct_map_getc(ct_map_getc(root, "fresh"), "x")->s.ptr, "kept");
  char *again = ct_arena_alloc(a, 64);
  assert_ptr_equal(again, after); /* given back and handed out again, cleared */
  assert_true(all_zero((unsigned char *)again, 64));
  assert_string_equal(ct_map_getc(ct_map_getc(root, "fresh"), "x")->s.ptr, "kept");
  /* a value reached through the older map and changed later is kept too */
  ct_arena_watch_begin(a);
  ct_value *inner = ct_map_new(a, CT_MAP, 0);
  ct_map_setc(a, root, "inner", inner);
  ct_map_setc(a, inner, "late", ct_cstring(a, "written after the escape"));
  ct_list_push(a, list, ct_cstring(a, "item")); /* and through a list */
  assert_true(ct_arena_watch_end(a, true));
  (void)ct_arena_alloc(a, 4096);
  assert_string_equal(ct_map_getc(ct_map_getc(root, "inner"), "late")->s.ptr,
                      "written after the escape");
  assert_string_equal(list->list->items[0]->s.ptr, "item");
  ct_arena_free(a);
}

/* Nested watches: a write to a map made inside the outer watch moves the inner mark only; the
 * outer one still gives everything back. A write older than both moves both. */
static void nested_watches(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *root = ct_map_new(a, CT_MAP, 1);
  size_t used = ct_arena_used(a);
  ct_arena_watch_begin(a);
  ct_value *mid = ct_map_new(a, CT_MAP, 1);
  ct_arena_watch_begin(a);
  ct_map_setc(a, mid, "inner", ct_map_new(a, CT_MAP, 0));
  assert_true(ct_arena_watch_end(a, true));
  assert_non_null(ct_map_getc(mid, "inner"));
  assert_true(ct_arena_watch_end(a, true));
  assert_int_equal(ct_arena_used(a), used);

  ct_arena_watch_begin(a);
  ct_arena_watch_begin(a);
  ct_map_setc(a, root, "deep", ct_cstring(a, "v"));
  assert_true(ct_arena_watch_end(a, true));
  assert_true(ct_arena_watch_end(a, true));
  (void)ct_arena_alloc(a, 256);
  assert_string_equal(ct_map_getc(root, "deep")->s.ptr, "v");
  ct_arena_free(a);
}

/* Storing, without growth, a value from before a watch's mark (or NULL) into older memory
 * keeps nothing; a newer value keeps what was allocated so far, for every watch it is newer
 * than (an outer watch may have to keep what an inner one need not). */
static void stores_of_older_values(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *root = ct_map_new(a, CT_MAP, 2);
  ct_value *oldv = ct_cstring(a, "old");
  ct_map_setc(a, root, "k", ct_cstring(a, "first"));
  ct_value *list = ct_list_new(a, CT_LIST, 4);
  ct_arena_watch_begin(a);
  char *garbage = ct_arena_alloc(a, 64);
  memset(garbage, 0x5A, 64);
  ct_map_setc(a, root, "k", oldv); /* an existing key: no key copy, no growth */
  ct_list_push(a, list, oldv);     /* room left: no growth */
  ct_list_push(a, list, NULL);
  assert_true(ct_arena_watch_end(a, true));
  assert_ptr_equal(ct_arena_alloc(a, 64), garbage); /* all given back */
  assert_string_equal(ct_map_getc(root, "k")->s.ptr, "old");
  assert_int_equal(list->list->len, 2);

  ct_arena_watch_begin(a);
  ct_value *mid = ct_cstring(a, "allocated inside the outer watch only");
  ct_arena_watch_begin(a);
  char *inner_garbage = ct_arena_alloc(a, 64);
  ct_map_setc(a, root, "k", mid); /* older than the inner mark, newer than the outer one */
  assert_true(ct_arena_watch_end(a, true));
  assert_ptr_equal(ct_arena_alloc(a, 64), inner_garbage); /* the inner watch kept nothing */
  assert_true(ct_arena_watch_end(a, true));
  memset(ct_arena_alloc(a, 256), 0x77, 256); /* would overwrite MID had the outer one let it go */
  assert_string_equal(ct_map_getc(root, "k")->s.ptr, "allocated inside the outer watch only");
  ct_arena_free(a);
}

/* Writes to memory of another arena keep what the watch's arena holds so far. */
static void other_arena_write_keeps(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new(), *b = ct_arena_new();
  ct_value *elsewhere = ct_map_new(b, CT_MAP, 1);
  ct_arena_watch_begin(a);
  ct_map_setc(b, elsewhere, "k", ct_cstring(a, "from a"));
  assert_true(ct_arena_watch_end(a, true));
  (void)ct_arena_alloc(a, 256);
  assert_string_equal(ct_map_getc(elsewhere, "k")->s.ptr, "from a");
  ct_arena_free(b);
  ct_arena_free(a);
}

/* Quiet writes (a deep copy into a cache's own arena) move no mark. */
static void quiet_writes_keep_nothing(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new(), *cache = ct_arena_new();
  ct_value *m = ct_map_new(cache, CT_MAP, 1);
  size_t used = ct_arena_used(a);
  ct_arena_watch_begin(a);
  (void)ct_arena_alloc(a, 128);
  ct_arena_quiet(true);
  ct_map_setc(cache, m, "k", ct_cstring(cache, "v"));
  ct_arena_quiet(false);
  assert_true(ct_arena_watch_end(a, true));
  assert_int_equal(ct_arena_used(a), used);
  /* and once quiet ends, writes count again */
  ct_arena_watch_begin(a);
  char *before = ct_arena_alloc(a, 64);
  memcpy(before, "kept", 5);
  ct_map_setc(cache, m, "k2", ct_cstring(cache, "v2"));
  assert_true(ct_arena_watch_end(a, true));
  (void)ct_arena_alloc(a, 64);
  assert_string_equal(before, "kept");
  assert_string_equal(ct_map_getc(m, "k")->s.ptr, "v");
  ct_arena_free(cache);
  ct_arena_free(a);
}

static void released_memory_is_poisoned(void **state) {
  (void)state;
#ifdef T_ASAN
  ct_arena *a = ct_arena_new();
  (void)ct_arena_alloc(a, 32);
  ct_arena_mark m = ct_arena_mark_here(a);
  char *p = ct_arena_alloc(a, 64);
  char *big = ct_arena_alloc(a, 256 * 1024);
  assert_false(__asan_address_is_poisoned(p));
  ct_arena_release(a, m);
  assert_true(__asan_address_is_poisoned(p));
  assert_true(__asan_address_is_poisoned(big));
  char *q = ct_arena_alloc(a, 64);
  assert_false(__asan_address_is_poisoned(q));
  ct_arena_free(a);
#else
  skip();
#endif
}

/* A chunk unmapped with a released (poisoned) part leaves no poison behind for whatever the
 * kernel maps at that address next: ASan would report the next arena's first write there.
 * Runs first, while the thread keeps no spare chunks. */
static void unmapped_chunks_leave_no_poison(void **state) {
  (void)state;
#ifdef T_ASAN
  ct_arena *b = ct_arena_new();
  (void)ct_arena_alloc(b, 1 << 20);
  ct_arena_mark m = ct_arena_mark_here(b);
  char *tail = ct_arena_alloc(b, 64); /* in the same chunk, after the mark */
  ct_arena_release(b, m);
  assert_true(__asan_address_is_poisoned(tail));
  ct_arena *f = ct_arena_new();
  (void)ct_arena_alloc(f, (16u << 20) - 4096u); /* one chunk: the spares' whole allowance */
  ct_arena_free(f);
  ct_arena_free(b); /* no room among the spares: unmapped */
  assert_false(__asan_address_is_poisoned(tail));
#else
  skip();
#endif
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(unmapped_chunks_leave_no_poison),
      cmocka_unit_test(stores_of_older_values),
      cmocka_unit_test(release_gives_back_and_keeps_older),
      cmocka_unit_test(big_block_before_mark_survives),
      cmocka_unit_test(no_growth_across_mark),
      cmocka_unit_test(watch_releases_garbage),
      cmocka_unit_test(watch_keeps_what_older_memory_reaches),
      cmocka_unit_test(nested_watches),
      cmocka_unit_test(other_arena_write_keeps),
      cmocka_unit_test(quiet_writes_keep_nothing),
      cmocka_unit_test(released_memory_is_poisoned),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
