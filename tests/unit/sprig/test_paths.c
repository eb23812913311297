/* test_paths.c — base dir clean ext isAbs (Go's path) and the os* variants (path/filepath
 * on Unix), conformance "paths". */
#include "sprigB_harness.h"

static void path_functions(void **state) {
  (void)state;
  EXPECT("c.yaml", "{{ base \"/a/b/c.yaml\" }}");
  EXPECT("b", "{{ base \"/a/b/\" }}");
  EXPECT(".", "{{ base \"\" }}");
  EXPECT("/", "{{ base \"///\" }}");
  EXPECT("/a/b", "{{ dir \"/a/b/c.yaml\" }}");
  EXPECT(".", "{{ dir \"c.yaml\" }}");
  EXPECT("/b/c/d", "{{ clean \"/a/../b//c/./d/\" }}");
  EXPECT(".", "{{ clean \"\" }}");
  EXPECT("../..", "{{ clean \"../../x/..\" }}");
  EXPECT("/", "{{ clean \"/../..\" }}");
  EXPECT(".gz", "{{ ext \"archive.tar.gz\" }}");
  EXPECT("", "{{ ext \"Makefile\" }}");
  EXPECT("", "{{ ext \"a.d/file\" }}");
  EXPECT("true false", "{{ isAbs \"/x\" }} {{ isAbs \"x/y\" }}");
}

static void os_path_functions(void **state) {
  (void)state;
  EXPECT("c.yaml /a/b a/c .json true",
         "{{ osBase \"/a/b/c.yaml\" }} {{ osDir \"/a/b/c.yaml\" }} {{ osClean \"a//b/../c\" }} "
         "{{ osExt \"x.json\" }} {{ osIsAbs \"/root\" }}");
}

static void signatures(void **state) {
  (void)state;
  assert_string_equal("string->bool", h_find("isAbs")->sig);
  EXPECT_ERR("expected string; found 3", "{{ base 3 }}");
}

int main(void) {
  const struct CMUnitTest tests[] = {T(path_functions), T(os_path_functions), T(signatures)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
