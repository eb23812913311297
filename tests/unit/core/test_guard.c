/* test_guard.c — the change guard (guard.h): a change to a map or list from before its mark
 * gives a new state, a change to newer memory does not (until an older value is made to
 * reach it), replaced entries set back settle to the earlier state (nested too), while an
 * added or deleted key, a list push or a sort in place never do; memory given back by a watch
 * and handed out again is new; states are never reused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/guard.h"
#include "chartctl/value.h"

static ct_value *str(ct_arena *a, const char *s) { return ct_cstring(a, s); }

static void state_moves_on_old_changes_only(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *root = ct_map_new(a, CT_MAP, 4);
  ct_map_setc(a, root, "k", str(a, "v"));
  ct_value *list = ct_list_new(a, CT_LIST, 1);
  ct_guard_start(a);
  uint64_t s0 = ct_guard_state();
  assert_true(s0 != 0);
  /* new memory: building a dict changes nothing computed before */
  ct_value *fresh = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, fresh, "x", str(a, "1"));
  ct_map_setc(a, fresh, "x", str(a, "2"));
  assert_true(ct_guard_state() == s0);
  /* an old map changed */
  ct_map_setc(a, root, "k", str(a, "w"));
  uint64_t s1 = ct_guard_state();
  assert_true(s1 != s0);
  /* the change linked nothing in, but FRESH is from before the mark now: it counts as old */
  ct_map_setc(a, fresh, "x", str(a, "3"));
  uint64_t s2 = ct_guard_state();
  assert_true(s2 != s1 && s2 != s0);
  /* an old list, a deleted key, a sort in place */
  ct_list_push(a, list, str(a, "item"));
  uint64_t s3 = ct_guard_state();
  assert_true(s3 != s2);
  assert_true(ct_map_delete(root, "k", 1));
  uint64_t s4 = ct_guard_state();
  assert_true(s4 != s3);
  ct_arena_note_change(list->list);
  assert_true(ct_guard_state() != s4);
  /* stopped: state 0, changes ignored */
  ct_guard_start(NULL);
  assert_true(ct_guard_state() == 0);
  ct_map_setc(a, root, "k", str(a, "z"));
  assert_true(ct_guard_state() == 0);
  /* a restart is a state of its own, never an earlier one */
  ct_guard_start(a);
  uint64_t s5 = ct_guard_state();
  assert_true(s5 != 0 && s5 != s0 && s5 != s1 && s5 != s2 && s5 != s3 && s5 != s4);
  ct_guard_start(NULL);
  ct_arena_free(a);
}

static void replaced_and_set_back_settles(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *root = ct_map_new(a, CT_MAP, 4);
  ct_value *one = str(a, "one"), *two = str(a, "two");
  ct_map_setc(a, root, "addr", one);
  ct_map_setc(a, root, "other", two);
  ct_guard_start(a);
  uint64_t s0 = ct_guard_state();

  /* set to "::", then back to "one": the outer computation settles to s0 */
  ct_guard_point outer = ct_guard_here();
  ct_map_setc(a, root, "addr", str(a, "::"));
  uint64_t mid = ct_guard_state();
  assert_true(mid != s0);
  /* an inner computation that changes a second key and sets it back: settles to MID */
  ct_guard_point inner = ct_guard_here();
  ct_map_setc(a, root, "other", str(a, "tmp"));
  assert_true(ct_guard_state() != mid);
  ct_map_setc(a, root, "other", two);
  ct_guard_settle(inner);
  assert_true(ct_guard_state() == mid);
  ct_map_setc(a, root, "addr", one);
  ct_guard_settle(outer);
  assert_true(ct_guard_state() == s0);

  /* set back to an equal string that is another value: not the same, no settle */
  ct_guard_point p = ct_guard_here();
  ct_map_setc(a, root, "addr", str(a, "one"));
  ct_guard_settle(p);
  assert_true(ct_guard_state() != s0);
  uint64_t s1 = ct_guard_state();

  /* an added key is not undone by anything: no settle even when the rest is set back */
  ct_value *cur = ct_map_getc(root, "addr");
  p = ct_guard_here();
  ct_map_setc(a, root, "addr", two);
  ct_map_setc(a, root, "added", two);
  ct_map_setc(a, root, "addr", cur);
  ct_guard_settle(p);
  assert_true(ct_guard_state() != s1);

  /* a settle at a point from before a restart does nothing */
  ct_guard_point before = ct_guard_here();
  ct_guard_start(a);
  uint64_t s2 = ct_guard_state();
  cur = ct_map_getc(root, "other");
  ct_map_setc(a, root, "other", one);
  ct_map_setc(a, root, "other", cur);
  ct_guard_settle(before);
  assert_true(ct_guard_state() != before.state);
  assert_true(ct_guard_state() != s2);
  ct_guard_start(NULL);
  ct_arena_free(a);
}

static void map_made_within_the_guard_does_not_settle(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *root = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, root, "k", str(a, "v"));
  ct_guard_start(a);
  ct_value *d = ct_map_new(a, CT_MAP, 2); /* from after the start: may be given back */
  ct_value *orig = str(a, "a");
  ct_map_setc(a, d, "x", orig);
  ct_map_setc(a, root, "k", str(a, "w")); /* D is old from here on */
  uint64_t s = ct_guard_state();
  ct_guard_point p = ct_guard_here();
  ct_map_setc(a, d, "x", str(a, "b"));
  ct_map_setc(a, d, "x", orig);
  ct_guard_settle(p);
  assert_true(ct_guard_state() != s); /* not logged: D's memory is not sure to stay */
  ct_guard_start(NULL);
  ct_arena_free(a);
}

static void memory_given_back_is_new_again(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *root = ct_map_new(a, CT_MAP, 2);
  ct_guard_start(a);
  ct_arena_watch_begin(a);
  ct_value *tmp = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, root, "k", str(a, "v")); /* the guard's mark moves past TMP */
  ct_map_setc(a, root, "k", str(a, "w"));
  (void)tmp;
  /* the watch keeps what the write to ROOT may reach, gives back what comes after */
  ct_arena_watch_end(a, true);
  uint64_t s = ct_guard_state();
  ct_arena_watch_begin(a);
  ct_value *again = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, again, "x", str(a, "1"));
  ct_arena_watch_end(a, true);
  assert_true(ct_guard_state() == s);
  /* a watch that gives back memory from before the guard's mark: what is handed out next is
   * still new to the guard */
  ct_value *moved = str(a, "moved");
  ct_arena_mark m = ct_arena_mark_here(a);
  ct_value *early = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, root, "k", moved); /* the guard's mark after EARLY */
  (void)early;
  ct_arena_release(a, m); /* EARLY given back (nothing reaches it) */
  s = ct_guard_state();
  ct_value *late = ct_map_new(a, CT_MAP, 2); /* EARLY's memory again */
  ct_map_setc(a, late, "x", str(a, "1"));
  assert_true(ct_guard_state() == s);
  ct_guard_start(NULL);
  ct_arena_free(a);
}

/* A settle compares at most 64 logged replacements: a computation setting 32 keys and setting
 * them back (64 replacements) settles, one doing it with 33 does not (the state just stays
 * new: a cache misses, no more). */
static void settle_has_a_limit(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *root = ct_map_new(a, CT_MAP, 80);
  ct_value *orig = ct_cstring(a, "orig"), *other = ct_cstring(a, "other");
  char key[8];
  for (int i = 0; i < 65; i++) {
    snprintf(key, sizeof key, "k%d", i);
    ct_map_setc(a, root, key, orig);
  }
  for (int n = 32; n <= 33; n++) {
    ct_guard_start(a);
    ct_guard_point p = ct_guard_here();
    for (int i = 0; i < n; i++) {
      snprintf(key, sizeof key, "k%d", i);
      ct_map_setc(a, root, key, other);
    }
    for (int i = 0; i < n; i++) {
      snprintf(key, sizeof key, "k%d", i);
      ct_map_setc(a, root, key, orig);
    }
    ct_guard_settle(p);
    if (n == 32)
      assert_true(ct_guard_state() == p.state);
    else
      assert_true(ct_guard_state() != p.state);
  }
  ct_guard_start(NULL);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(state_moves_on_old_changes_only),
      cmocka_unit_test(replaced_and_set_back_settles),
      cmocka_unit_test(map_made_within_the_guard_does_not_settle),
      cmocka_unit_test(memory_given_back_is_new_again),
      cmocka_unit_test(settle_has_a_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
