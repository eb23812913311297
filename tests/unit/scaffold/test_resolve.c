/* test_resolve.c — unit tests of the modules registry, sextant's resolution order, conflicts,
 * missing versions, package.json/package.lock text and vendoring with its change report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "sc_test_util.h"

static char *mods;

static int setup(void **state) {
  (void)state;
  mods = sc_tmpdir();
  sc_put(mods, "a/module.json",
         "{\"namespace\": \"a\", \"modules\": [\n"
         " {\"name\": \"x\", \"version\": \"1.0\", \"depends\": [\"b.y:2.1\"]},\n"
         " {\"name\": \"x\", \"version\": \"1.1\", \"depends\": [\"b.y:2.0\"]},\n"
         " {\"name\": \"z\", \"version\": \"1.0\", \"depends\": [\"b.y:2.0\", \"a.x:1.0\"]}]}\n");
  sc_put(mods, "a/x_1.0.0.tpl", "x 1.0.0\n");
  sc_put(mods, "a/x_1.0.3.tpl", "x 1.0.3\n");
  sc_put(mods, "a/x_1.1.0.tpl", "x 1.1.0\n");
  sc_put(mods, "a/x_1.2.0.tpl", "not registered in module.json\n");
  sc_put(mods, "a/w_x_1.0.0.tpl", "bad name\n");
  sc_put(mods, "a/z_1.0.0.tpl", "z\n");
  sc_put(mods, "b/module.json",
         "{\"namespace\": \"b\", \"modules\": [\n"
         " {\"name\": \"y\", \"version\": \"2.0\"},\n"
         " {\"name\": \"y\", \"version\": \"2.1.0\", \"depends\": [\"a.x:1.0\"]}]}\n");
  sc_put(mods, "b/y_2.0.0.tpl", "y 2.0.0\n");
  sc_put(mods, "b/y_2.0.1.tpl", "y 2.0.1\n");
  sc_put(mods, "b/y_2.1.0.tpl", "y 2.1.0\n");
  return 0;
}

static int teardown(void **state) {
  (void)state;
  ct_scaffold__rm_rf(mods);
  free(mods);
  return 0;
}

static void newest_patch_of_each_minor(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_sc_registry *r = ct_scaffold_registry_load(a, mods);
  assert_non_null(r);
  assert_int_equal(r->n, 7); /* x 1.2.0 (unregistered) and w_x (bad name) are skipped */
  const ct_sc_module *m = ct_scaffold_registry_newest(r, "a", "x", "1.0");
  assert_non_null(m);
  assert_string_equal(m->version, "1.0.3");
  m = ct_scaffold_registry_newest(r, "a", "x", "1.0.0");
  assert_string_equal(m->version, "1.0.0");
  assert_null(ct_scaffold_registry_newest(r, "a", "x", "1.2"));
  assert_null(ct_scaffold_registry_newest(r, "a", "x", "3.0"));
  assert_null(ct_scaffold_registry_newest(r, "a", "nope", "1.0"));
  assert_null(ct_scaffold_registry_exact(r, "a", "x", "1.0"));
  ct_arena_free(a);
}

static void resolves_transitively_and_formats_lock(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_sc_registry *r = ct_scaffold_registry_load(a, mods);
  const char *reqs[] = {"a.x:1.0", "b.y:2.1"};
  ct_sc_resolution res;
  assert_int_equal(ct_scaffold_resolve(&res, a, r, reqs, 2), CT_OK);
  assert_int_equal(res.n, 2); /* the cycle a.x -> b.y -> a.x ends at the first occurrence */
  assert_string_equal(res.items[0].mod->name, "x");
  assert_null(res.items[0].required_by);
  assert_string_equal(res.items[1].mod->version, "2.1.0");
  assert_string_equal(res.items[1].required_by, "a.x:1.0.3");
  ct_buf b = CT_BUF_INIT;
  ct_scaffold_lock_format(&b, &res);
  assert_string_equal(ct_buf_str(&b), "[\n"
                                      "    {\n"
                                      "        \"namespace\": \"a\",\n"
                                      "        \"module\": \"x\",\n"
                                      "        \"version\": \"1.0.3\"\n"
                                      "    },\n"
                                      "    {\n"
                                      "        \"namespace\": \"b\",\n"
                                      "        \"module\": \"y\",\n"
                                      "        \"version\": \"2.1.0\"\n"
                                      "    }\n"
                                      "]");
  ct_buf_dispose(&b);
  ct_sc_resolution none = {NULL, 0};
  ct_scaffold_lock_format(&b, &none);
  assert_string_equal(ct_buf_str(&b), "[]");
  ct_buf_dispose(&b);
  ct_arena_free(a);
}

static void conflict_names_both_requirers(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_sc_registry *r = ct_scaffold_registry_load(a, mods);
  const char *reqs[] = {"a.z:1.0"};
  ct_sc_resolution res;
  assert_int_equal(ct_scaffold_resolve(&res, a, r, reqs, 1), CT_ECONFLICT);
  const char *msg = ct_error_last();
  assert_non_null(strstr(msg, "b.y:2.0.1 (required by a.z:1.0.0)"));
  assert_non_null(strstr(msg, "b.y:2.1.0 (required by a.x:1.0.3)"));
  const char *direct[] = {"b.y:2.0", "b.y:2.1"};
  assert_int_equal(ct_scaffold_resolve(&res, a, r, direct, 2), CT_ECONFLICT);
  assert_non_null(strstr(ct_error_last(), "required by package.json"));
  ct_arena_free(a);
}

static void missing_versions_and_bad_syntax(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_sc_registry *r = ct_scaffold_registry_load(a, mods);
  ct_sc_resolution res;
  const char *missing[] = {"a.x:9.9"};
  assert_int_equal(ct_scaffold_resolve(&res, a, r, missing, 1), CT_ENOTFOUND);
  assert_string_equal(ct_error_last(), "could not find the module a.x:9.9");
  const char *bad[] = {"ax:1.0", "a.x", "a.x:1", "a.x:1.0.0.0", "a.b.c:1.0", "a.x:v1.0"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_int_equal(ct_scaffold_resolve(&res, a, r, &bad[i], 1), CT_EINVAL);
  assert_null(ct_scaffold_registry_load(a, "/nonexistent/modules"));
  assert_non_null(strstr(ct_error_last(), "not found"));
  ct_arena_free(a);
}

static void package_json_text(void **state) {
  (void)state;
  ct_buf b = CT_BUF_INIT;
  const char *reqs[] = {"a.x:1.0", "b.y:2.0"};
  ct_scaffold_package_format(&b, reqs, 2);
  assert_string_equal(ct_buf_str(&b), "[\n    \"a.x:1.0\",\n    \"b.y:2.0\"\n]");
  ct_buf_reset(&b);
  ct_scaffold__json_pystr(&b, "\xc3\xa9\"\\\n\x01\xf0\x9f\x98\x80");
  assert_string_equal(ct_buf_str(&b), "\"\\u00e9\\\"\\\\\\n\\u0001\\ud83d\\ude00\"");
  ct_buf_dispose(&b);
}

static void vendor_and_update_report(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_sc_registry *r = ct_scaffold_registry_load(a, mods);
  char *chart = sc_tmpdir();
  sc_put(chart, "Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.9 # the chart\n");
  sc_put(chart, "package.json", "[\"a.x:1.0\"]");
  ct_buf rep = CT_BUF_INIT;
  bool changed = false;
  assert_int_equal(ct_scaffold_vendor(chart, r, CT_SC_VENDOR_LOCK, false, &rep, &changed), CT_OK);
  assert_true(changed);
  assert_string_equal(ct_buf_str(&rep), "+ a.x 1.0.3\n+ b.y 2.1.0\n");
  char *x = sc_get(chart, "templates/vendor/a/x_1.0.3.tpl");
  assert_string_equal(x, "x 1.0.3\n");
  free(x);
  assert_true(sc_has(chart, "templates/vendor/b/y_2.1.0.tpl"));
  assert_true(sc_has(chart, "package.lock"));
  /* vendoring again from the lock changes nothing */
  ct_buf_reset(&rep);
  assert_int_equal(ct_scaffold_vendor(chart, r, CT_SC_VENDOR_LOCK, true, &rep, &changed), CT_OK);
  assert_false(changed);
  assert_int_equal(rep.len, 0);
  /* package.json edited (newer than the lock): re-resolved, stale files pruned, version bumped */
  sleep(1);
  sc_put(chart, "package.json", "[\"a.x:1.1\"]");
  assert_int_equal(ct_scaffold_vendor(chart, r, CT_SC_VENDOR_LOCK, true, &rep, &changed), CT_OK);
  assert_true(changed);
  const char *s = ct_buf_str(&rep);
  assert_non_null(strstr(s, "~ a.x 1.0.3 -> 1.1.0\n"));
  assert_non_null(strstr(s, "~ b.y 2.1.0 -> 2.0.1\n"));
  assert_non_null(strstr(s, "chart version bumped to 0.1.10"));
  assert_false(sc_has(chart, "templates/vendor/a/x_1.0.3.tpl"));
  assert_true(sc_has(chart, "templates/vendor/a/x_1.1.0.tpl"));
  char *cy = sc_get(chart, "Chart.yaml");
  assert_string_equal(cy, "apiVersion: v2\nname: c\nversion: 0.1.10 # the chart\n");
  free(cy);
  /* a lock naming a version that is not in the modules folder */
  sleep(1);
  sc_put(chart, "package.lock",
         "[{\"namespace\": \"a\", \"module\": \"x\", \"version\": \"1.0.7\"}]");
  assert_int_equal(ct_scaffold_vendor(chart, r, CT_SC_VENDOR_LOCK, false, NULL, NULL),
                   CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "a.x:1.0.7"));
  /* a package.json asking for a version that does not exist */
  sleep(1);
  sc_put(chart, "package.json", "[\"a.x:4.0\"]");
  assert_int_equal(ct_scaffold_vendor(chart, r, CT_SC_VENDOR_LOCK, false, NULL, NULL),
                   CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "could not find the module a.x:4.0"));
  ct_buf_dispose(&rep);
  ct_scaffold__rm_rf(chart);
  free(chart);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(newest_patch_of_each_minor),
      cmocka_unit_test(resolves_transitively_and_formats_lock),
      cmocka_unit_test(conflict_names_both_requirers),
      cmocka_unit_test(missing_versions_and_bad_syntax),
      cmocka_unit_test(package_json_text),
      cmocka_unit_test(vendor_and_update_report),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
