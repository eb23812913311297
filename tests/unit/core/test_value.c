/* test_value.c — unit tests of the value model: maps (order, index, delete), lists, copy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/value.h"

static void map_sorted_and_lookup(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  char key[16];
  for (int i = 99; i >= 0; i--) {
    snprintf(key, sizeof key, "k%02d", i);
    ct_map_setc(a, m, key, ct_int(a, CT_INT64, i));
  }
  assert_int_equal(ct_map_len(m), 100);
  ct_value *v = ct_map_getc(m, "k42");
  assert_non_null(v);
  assert_int_equal(v->i, 42);
  size_t n;
  const ct_map_entry *e = ct_map_sorted(a, m, &n);
  assert_int_equal(n, 100);
  assert_string_equal(e[0].key.ptr, "k00");
  assert_string_equal(e[99].key.ptr, "k99");
  const ct_map_entry *ins = ct_map_entries(m, &n);
  assert_string_equal(ins[0].key.ptr, "k99"); /* insertion order kept */
  assert_true(ct_map_delete(m, "k42", 3));
  assert_false(ct_map_get(m, "k42", 3, &v));
  assert_non_null(ct_map_getc(m, "k41"));
  assert_int_equal(ct_map_len(m), 99);
  ct_map_setc(a, m, "nil", NULL);
  assert_true(ct_map_get(m, "nil", 3, &v));
  assert_null(v);
  ct_arena_free(a);
}

static void copy_is_deep(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  ct_value *inner = ct_map_new(a, CT_MAP, 0);
  ct_map_setc(a, inner, "x", ct_cstring(a, "y"));
  ct_map_setc(a, m, "inner", inner);
  ct_value *c = ct_value_copy(a, m);
  assert_true(ct_value_deep_equal(m, c));
  ct_map_setc(a, ct_map_getc(c, "inner"), "x", ct_cstring(a, "z"));
  assert_false(ct_value_deep_equal(m, c));
  assert_string_equal(ct_map_getc(inner, "x")->s.ptr, "y");
  ct_arena_free(a);
}

static ct_value *tagged(ct_arena *a, const ct_value *v) {
  return v ? ct_int(a, CT_INT64, v->i + 1000) : NULL;
}

/* ct_map_copy gives what setting the keys one by one would: order, lookups (with and without
 * an index), sorted order, a map of its own; the copy function sees every value. */
static void map_copy_keeps_order_and_index(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  for (int size = 0; size < 40; size += 3) { /* from empty, past the index's threshold */
    for (int order = 0; order < 2; order++) {
      ct_value *m = ct_map_new(a, order ? CT_STRMAP : CT_MAP, 0);
      char key[16];
      for (int i = 0; i < size; i++) {
        int k = order ? size - 1 - i : i; /* ascending, then descending */
        snprintf(key, sizeof key, "k%02d", k);
        ct_map_setc(a, m, key, i == 1 ? NULL : ct_int(a, CT_INT64, k));
      }
      ct_value *c = ct_map_copy(a, m, tagged);
      assert_int_equal(c->type, m->type);
      assert_false(c->is_nil);
      assert_int_equal(ct_map_len(c), size);
      size_t n, cn;
      const ct_map_entry *e = ct_map_entries(m, &n), *ce = ct_map_entries(c, &cn);
      for (size_t i = 0; i < n; i++) {
        assert_string_equal(ce[i].key.ptr, e[i].key.ptr);
        ct_value *v = NULL;
        assert_true(ct_map_get(c, e[i].key.ptr, e[i].key.len, &v));
        if (e[i].value)
          assert_int_equal(v->i, e[i].value->i + 1000);
        else
          assert_null(v);
      }
      const ct_map_entry *s = ct_map_sorted(a, c, &cn);
      for (size_t i = 1; i < cn; i++)
        assert_true(strcmp(s[i - 1].key.ptr, s[i].key.ptr) < 0);
      /* the copy changes alone: a new key, a replaced value, a deletion */
      ct_map_setc(a, c, "new", ct_cstring(a, "x"));
      assert_null(ct_map_getc(m, "new"));
      assert_int_equal(ct_map_len(c), size + 1);
      if (size > 2) {
        ct_map_setc(a, c, "k02", ct_cstring(a, "y"));
        assert_int_equal(ct_map_getc(m, "k02")->i, 2);
        assert_true(ct_map_delete(c, "k00", 3));
        assert_non_null(ct_map_getc(m, "k00"));
        assert_string_equal(ct_map_getc(c, "k02")->s.ptr, "y");
        assert_non_null(ct_map_getc(c, "new"));
      }
      assert_int_equal(ct_map_len(m), size);
    }
  }
  ct_value *nil = ct_map_new_nil(a, CT_MAP);
  assert_false(ct_map_copy(a, nil, tagged)->is_nil); /* as ct_map_new then sets */
  ct_arena_free(a);
}

static void type_names_and_truth(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  assert_string_equal(ct_type_name(NULL), "<nil>");
  assert_string_equal(ct_type_name(ct_float(a, 1)), "float64");
  assert_string_equal(ct_type_name(ct_map_new(a, CT_MAP, 0)), "map[string]interface {}");
  assert_string_equal(ct_kind_name(ct_list_new(a, CT_STRLIST, 0)), "slice");
  assert_false(ct_truth(ct_list_new(a, CT_LIST, 0)));
  assert_false(ct_truth(ct_float(a, 0)));
  assert_true(ct_truth(ct_cstring(a, "0")));
  ct_arena_free(a);
}

static void arena_realloc_grows(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *l = ct_list_new(a, CT_LIST, 0);
  for (int i = 0; i < 100000; i++) ct_list_push(a, l, ct_int(a, CT_INT, i));
  assert_int_equal(l->list->len, 100000);
  assert_int_equal(l->list->items[99999]->i, 99999);
  ct_arena_free(a);
}

/* Values that reach themselves are found (through maps and lists, at any depth); shared
 * subtrees and long chains are not cycles; a copy of a cyclic value stops and says so. */
static void cycles(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *shared = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, shared, "k", ct_cstring(a, "v"));
  ct_value *root = ct_map_new(a, CT_MAP, 2);
  ct_value *l = ct_list_new(a, CT_LIST, 2);
  ct_list_push(a, l, shared);
  ct_list_push(a, l, shared);
  ct_map_setc(a, root, "a", shared);
  ct_map_setc(a, root, "l", l);
  assert_false(ct_value_cyclic(root));
  assert_false(ct_value_cyclic(NULL));
  assert_false(ct_value_cyclic(ct_cstring(a, "s")));
  /* a chain 100000 deep: no cycle, no recursion */
  ct_value *chain = ct_map_new(a, CT_MAP, 1), *cur = chain;
  for (int i = 0; i < 100000; i++) {
    ct_value *next = ct_list_new(a, CT_LIST, 1);
    ct_map_setc(a, cur, "n", next);
    cur = ct_map_new(a, CT_MAP, 1);
    ct_list_push(a, next, cur);
  }
  assert_false(ct_value_cyclic(chain));
  /* the deepest map set into the top one */
  ct_map_setc(a, cur, "back", chain);
  assert_true(ct_value_cyclic(chain));
  /* a list holding itself, under a map */
  ct_list_push(a, l, l);
  assert_true(ct_value_cyclic(root));
  uint64_t before = ct_value_cycles();
  ct_value *c = ct_value_copy(a, root);
  assert_true(ct_value_cycles() == before + 1);
  assert_non_null(c);
  /* a copy of a value deeper than CT_VALUE_DEEP that does not reach itself is whole */
  ct_value *deep = ct_map_new(a, CT_MAP, 1);
  cur = deep;
  for (int i = 0; i < 3 * CT_VALUE_DEEP; i++) {
    ct_value *next = ct_map_new(a, CT_MAP, 1);
    ct_map_setc(a, cur, "n", next);
    cur = next;
  }
  before = ct_value_cycles();
  ct_value *cc = ct_value_copy(a, deep);
  assert_true(ct_value_cycles() == before);
  assert_true(ct_value_deep_equal(cc, deep));
  ct_arena_free(a);
}

/* A watched map counts every read of its entries, by whichever accessor, and only those:
 * its length, its truth and writes to it are not reads. */
static void watched_reads(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *m = ct_map_new(a, CT_MAP, 2), *other = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, m, "b", ct_cstring(a, "2"));
  ct_map_setc(a, m, "a", ct_cstring(a, "1"));
  ct_map_setc(a, other, "a", ct_cstring(a, "1"));
  ct_map_setc(a, other, "b", ct_cstring(a, "2"));
  ct_map_watch_reads(m);
  uint64_t n = ct_map_watched_reads();
  ct_value *v;
  size_t k;
  /* not reads */
  assert_int_equal(ct_map_len(m), 2);
  assert_true(ct_truth(m));
  ct_map_get(other, "a", 1, &v);
  assert_int_equal(ct_map_watched_reads(), n);
  /* reads, one each */
  assert_true(ct_map_get(m, "a", 1, &v));
  assert_int_equal(ct_map_watched_reads(), n + 1);
  assert_non_null(ct_map_sorted(a, m, &k));
  assert_int_equal(ct_map_watched_reads(), n + 2);
  assert_non_null(ct_map_entries(m, &k));
  assert_int_equal(ct_map_watched_reads(), n + 3);
  assert_non_null(ct_map_copy(a, m, ct_value_copy));
  assert_int_equal(ct_map_watched_reads(), n + 4);
  n = ct_map_watched_reads();
  assert_non_null(ct_value_copy(a, m));
  assert_true(ct_map_watched_reads() > n);
  n = ct_map_watched_reads();
  assert_true(ct_value_deep_equal(other, m)); /* m's entries looked up */
  assert_true(ct_map_watched_reads() > n);
  n = ct_map_watched_reads();
  assert_true(ct_value_deep_equal(m, other)); /* m's entries walked */
  assert_true(ct_map_watched_reads() > n);
  /* a copy is not watched */
  ct_value *c = ct_value_copy(a, m);
  n = ct_map_watched_reads();
  ct_map_get(c, "a", 1, &v);
  assert_int_equal(ct_map_watched_reads(), n);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(map_sorted_and_lookup),
      cmocka_unit_test(copy_is_deep),
      cmocka_unit_test(map_copy_keeps_order_and_index),
      cmocka_unit_test(type_names_and_truth),
      cmocka_unit_test(arena_realloc_grows),
      cmocka_unit_test(cycles),
      cmocka_unit_test(watched_reads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
