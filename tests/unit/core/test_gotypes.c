/* test_gotypes.c — unit tests of the value model's Go type details: typed nil slices and
 * maps, named types (chartutil.Values), element types ([]int...), struct field order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/gofmt.h"
#include "chartctl/value.h"

static ct_arena *A;

static int setup(void **state) {
  (void)state;
  A = ct_arena_new();
  return 0;
}
static int teardown(void **state) {
  (void)state;
  ct_arena_free(A);
  A = NULL;
  return 0;
}

/* fmt.Sprintf(FMT, v) in the arena */
static const char *fmt1(const char *fmt, const ct_value *v) {
  ct_buf b = CT_BUF_INIT;
  ct_value *args[1] = {(ct_value *)v};
  ct_gofmt_sprintf(&b, fmt, strlen(fmt), args, 1);
  char *s = ct_arena_strndup(A, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return s;
}

static void nil_slice_prints_empty_and_sharp_nil(void **state) {
  (void)state;
  ct_value *l = ct_list_new_nil(A, CT_LIST);
  assert_true(ct_is_typed_nil(l));
  assert_true(ct_is_list(l));
  assert_int_equal(l->list->len, 0);
  assert_false(ct_truth(l));
  assert_string_equal(fmt1("%v", l), "[]");
  assert_string_equal(fmt1("%#v", l), "[]interface {}(nil)");
  assert_string_equal(fmt1("%T", l), "[]interface {}");
  assert_string_equal(fmt1("%#v", ct_list_new(A, CT_LIST, 0)), "[]interface {}{}");
  ct_value *s = ct_list_new_nil(A, CT_STRLIST);
  assert_string_equal(fmt1("%#v", s), "[]string(nil)");
  ct_value *m = ct_map_new_nil(A, CT_STRMAP);
  assert_string_equal(fmt1("%v", m), "map[]");
  assert_string_equal(fmt1("%#v", m), "map[string]string(nil)");
  assert_int_equal(ct_map_len(m), 0);
}

static void push_and_set_make_it_non_nil(void **state) {
  (void)state;
  ct_value *l = ct_list_new_nil(A, CT_LIST);
  ct_list_push(A, l, ct_int(A, CT_INT, 1));
  assert_false(ct_is_typed_nil(l));
  assert_string_equal(fmt1("%#v", l), "[]interface {}{1}");
  ct_value *m = ct_map_new_nil(A, CT_MAP);
  ct_map_setc(A, m, "a", NULL);
  assert_false(ct_is_typed_nil(m));
  assert_false(ct_is_typed_nil(NULL)); /* untyped nil is not a typed one */
}

static void nil_differs_from_empty_in_deep_equal(void **state) {
  (void)state;
  ct_value *n1 = ct_list_new_nil(A, CT_LIST), *n2 = ct_list_new_nil(A, CT_LIST);
  ct_value *e = ct_list_new(A, CT_LIST, 0);
  assert_true(ct_value_deep_equal(n1, n2));
  assert_false(ct_value_deep_equal(n1, e));
  assert_false(ct_value_deep_equal(ct_map_new_nil(A, CT_MAP), ct_map_new(A, CT_MAP, 0)));
  /* the copy keeps nil-ness */
  ct_value *c = ct_value_copy(A, n1);
  assert_true(ct_is_typed_nil(c));
  assert_true(ct_value_deep_equal(c, n1));
}

static void element_type_names(void **state) {
  (void)state;
  ct_value *ints = ct_list_new(A, CT_LIST, 2);
  ints->gotype = CT_GO_INT_SLICE;
  ct_list_push(A, ints, ct_int(A, CT_INT, 0));
  ct_list_push(A, ints, ct_int(A, CT_INT, 1));
  assert_string_equal(ct_type_name(ints), "[]int");
  assert_string_equal(ct_kind_name(ints), "slice");
  assert_string_equal(fmt1("%v", ints), "[0 1]");
  assert_string_equal(fmt1("%#v", ints), "[]int{0, 1}");
  assert_string_equal(fmt1("%T", ints), "[]int");
  /* []int is not []interface {} with the same items */
  ct_value *plain = ct_value_copy(A, ints);
  plain->gotype = CT_GO_PLAIN;
  assert_false(ct_value_deep_equal(ints, plain));
  assert_true(ct_value_deep_equal(ints, ct_value_copy(A, ints)));

  ct_value *chunks = ct_list_new(A, CT_LIST, 1);
  chunks->gotype = CT_GO_LIST_SLICE;
  ct_value *inner = ct_list_new(A, CT_LIST, 1);
  ct_list_push(A, inner, ct_int(A, CT_INT, 1));
  ct_list_push(A, chunks, inner);
  assert_string_equal(fmt1("%#v", chunks), "[][]interface {}{[]interface {}{1}}");

  ct_value *ms = ct_list_new_nil(A, CT_LIST);
  ms->gotype = CT_GO_MAINTAINER_SLICE;
  assert_string_equal(fmt1("%T", ms), "[]*chart.Maintainer");
  ms->gotype = CT_GO_DEPENDENCY_SLICE;
  assert_string_equal(fmt1("%#v", ms), "[]*chart.Dependency(nil)");
}

static void values_is_a_named_map_sharing_its_entries(void **state) {
  (void)state;
  ct_value *m = ct_map_new(A, CT_MAP, 0);
  ct_map_setc(A, m, "a", ct_int(A, CT_INT, 1));
  ct_value *v = ct_value_as(A, m, CT_GO_VALUES);
  assert_string_equal(ct_type_name(v), "chartutil.Values");
  assert_string_equal(ct_kind_name(v), "map");
  assert_true(ct_is_map(v));
  assert_false(ct_is_plain_map(v));
  assert_true(ct_is_plain_map(m));
  assert_string_equal(fmt1("%v", v), "map[a:1]");
  assert_string_equal(fmt1("%#v", v), "chartutil.Values{\"a\":1}");
  /* same entries: a set through one is seen through the other */
  ct_map_setc(A, v, "b", ct_int(A, CT_INT, 2));
  assert_int_equal(ct_map_len(m), 2);
  /* the original keeps its own type; a copy keeps the name */
  assert_string_equal(ct_type_name(m), "map[string]interface {}");
  assert_string_equal(ct_type_name(ct_value_copy(A, v)), "chartutil.Values");
  assert_string_equal(ct_type_name(ct_value_as(A, v, CT_GO_PLAIN)), "map[string]interface {}");
  assert_false(ct_value_deep_equal(v, m));
  assert_null(ct_value_as(A, NULL, CT_GO_VALUES));
}

static void struct_fields_keep_their_order(void **state) {
  (void)state;
  ct_value *o = ct_map_new(A, CT_MAP, 0);
  o->gotype = CT_GO_STRUCT_FIELDS;
  ct_map_setc(A, o, "name", ct_cstring(A, "n"));
  ct_map_setc(A, o, "email", ct_cstring(A, "e"));
  ct_map_setc(A, o, "IsRoot", ct_bool(A, true));
  size_t n;
  const ct_map_entry *e = ct_map_sorted(A, o, &n);
  assert_int_equal(n, 3);
  assert_string_equal(e[0].key.ptr, "name");
  assert_string_equal(e[1].key.ptr, "email");
  assert_string_equal(e[2].key.ptr, "IsRoot");
  assert_string_equal(ct_type_name(o), "map[string]interface {}");
  /* a plain map with the same keys iterates sorted */
  o->gotype = CT_GO_PLAIN;
  e = ct_map_sorted(A, o, &n);
  assert_string_equal(e[0].key.ptr, "IsRoot");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(nil_slice_prints_empty_and_sharp_nil, setup, teardown),
      cmocka_unit_test_setup_teardown(push_and_set_make_it_non_nil, setup, teardown),
      cmocka_unit_test_setup_teardown(nil_differs_from_empty_in_deep_equal, setup, teardown),
      cmocka_unit_test_setup_teardown(element_type_names, setup, teardown),
      cmocka_unit_test_setup_teardown(values_is_a_named_map_sharing_its_entries, setup, teardown),
      cmocka_unit_test_setup_teardown(struct_fields_keep_their_order, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
