/* kubesim unit tests (cmocka): selectors, patches, YAML decoding, and server-side apply /
 * managedFields against the in-process store — no sockets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ks.h"

ks_config ks_cfg;

static json_t *J(const char *text) {
  json_error_t e;
  json_t *j = json_loads(text, 0, &e);
  if (!j) fail_msg("bad JSON in test: %s: %s", e.text, text);
  return j;
}

static int sel_match(const char *labels_sel, const char *field_sel, const char *obj) {
  char err[256];
  ks_selector *s = ks_selector_parse(labels_sel, field_sel, err, sizeof err);
  assert_non_null(s);
  json_t *o = J(obj);
  int m = ks_selector_match(s, o);
  json_decref(o);
  ks_selector_free(s);
  return m;
}

static void test_selectors(void **state) {
  (void)state;
  const char *o = "{\"metadata\":{\"name\":\"a\",\"labels\":{\"app\":\"web\",\"tier\":\"fe\"}}}";
  assert_true(sel_match("app=web", NULL, o));
  assert_true(sel_match("app==web", NULL, o));
  assert_false(sel_match("app!=web", NULL, o));
  assert_true(sel_match("app in (db, web)", NULL, o));
  assert_false(sel_match("app notin (web)", NULL, o));
  assert_true(sel_match("tier", NULL, o));
  assert_false(sel_match("!tier", NULL, o));
  assert_true(sel_match("!missing,app=web", NULL, o));
  assert_true(sel_match(NULL, "metadata.name=a", o));
  assert_false(sel_match(NULL, "metadata.name!=a", o));
  char err[256];
  assert_null(ks_selector_parse("app in (web", NULL, err, sizeof err));
  json_t *sel = J("{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\","
                  "\"values\":[\"fe\"]}]}");
  json_t *labels = J("{\"app\":\"web\",\"tier\":\"fe\"}");
  assert_true(ks_label_selector_match_json(sel, labels));
  json_decref(sel);
  json_decref(labels);
}

static void test_patches(void **state) {
  (void)state;
  json_t *t = J("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"l\":[{\"name\":\"x\",\"v\":1},{\"name\":\"y\",\"v\":2}]}");
  json_t *p = J("{\"a\":null,\"b\":{\"c\":5},\"l\":[{\"name\":\"y\",\"v\":9}]}");
  json_t *m = ks_merge_patch(t, p);
  json_t *want = J("{\"b\":{\"c\":5,\"d\":3},\"l\":[{\"name\":\"y\",\"v\":9}]}");
  assert_true(json_equal(m, want));
  json_decref(m);
  json_decref(want);
  m = ks_strategic_merge_patch(t, p);
  want = J("{\"b\":{\"c\":5,\"d\":3},\"l\":[{\"name\":\"x\",\"v\":1},{\"name\":\"y\",\"v\":9}]}");
  assert_true(json_equal(m, want));
  json_decref(m);
  json_decref(want);
  json_decref(p);
  p = J("{\"l\":[{\"name\":\"x\",\"$patch\":\"delete\"}]}");
  m = ks_strategic_merge_patch(t, p);
  assert_int_equal(json_array_size(json_object_get(m, "l")), 1);
  json_decref(m);
  json_decref(p);
  char err[256];
  p = J("[{\"op\":\"replace\",\"path\":\"/b/c\",\"value\":7},{\"op\":\"add\",\"path\":\"/l/-\",\"value\":{\"name\":\"z\"}},"
        "{\"op\":\"remove\",\"path\":\"/a\"},{\"op\":\"test\",\"path\":\"/b/d\",\"value\":3}]");
  m = ks_json_patch(t, p, err, sizeof err);
  assert_non_null(m);
  assert_int_equal(ks_jint(m, "b.c", 0), 7);
  assert_int_equal(json_array_size(json_object_get(m, "l")), 3);
  assert_null(json_object_get(m, "a"));
  json_decref(m);
  json_decref(p);
  p = J("[{\"op\":\"remove\",\"path\":\"/nope\"}]");
  assert_null(ks_json_patch(t, p, err, sizeof err));
  json_decref(p);
  json_decref(t);
}

static void test_yaml(void **state) {
  (void)state;
  const char *y = "a: 1\nb: \"1\"\nc: true\nd: ~\ne: [x, 2.5]\nf: {g: yes}\nh: 007\n";
  char err[256];
  json_t *j = ks_yaml_to_json(y, strlen(y), err, sizeof err);
  assert_non_null(j);
  json_t *want = J("{\"a\":1,\"b\":\"1\",\"c\":true,\"d\":null,\"e\":[\"x\",2.5],\"f\":{\"g\":\"yes\"},\"h\":\"007\"}");
  assert_true(json_equal(j, want));
  json_decref(j);
  json_decref(want);
}

static json_t *apply(const char *manager, int force, const char *obj, ks_err *e) {
  const ks_resource *r = ks_resource_find("", "v1", "configmaps");
  json_t *o = J(obj);
  ks_write_opts w = {.field_manager = manager, .force = force, .operation = "Apply"};
  pthread_mutex_lock(&ks_store_mu);
  json_t *res = ks_apply(r, "default", ks_jstr(o, "metadata.name"), o, &w, e);
  pthread_mutex_unlock(&ks_store_mu);
  json_decref(o);
  return res;
}

static void test_server_side_apply(void **state) {
  (void)state;
  ks_err e = {0};
  json_t *r = apply("a", 0,
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"s\",\"labels\":{\"x\":\"1\"}},"
                    "\"data\":{\"k1\":\"v\",\"k2\":\"v\"}}",
                    &e);
  assert_non_null(r);
  json_t *mf = ks_jpath(r, "metadata.managedFields");
  assert_int_equal(json_array_size(mf), 1);
  assert_non_null(ks_jpath(json_array_get(mf, 0), "fieldsV1.f:data.f:k2"));
  json_decref(r);
  /* smaller re-apply drops k2 and the label */
  r = apply("a", 0, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"s\"},\"data\":{\"k1\":\"v\"}}", &e);
  assert_non_null(r);
  assert_null(ks_jpath(r, "data.k2"));
  assert_null(ks_jpath(r, "metadata.labels"));
  json_decref(r);
  /* another manager setting a different value conflicts, force takes ownership */
  r = apply("b", 0, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"s\"},\"data\":{\"k1\":\"w\"}}", &e);
  assert_null(r);
  assert_int_equal(e.code, 409);
  assert_string_equal(e.message, "Apply failed with 1 conflict: conflict with \"a\" using v1: .data.k1");
  ks_err_clear(&e);
  r = apply("b", 1, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"s\"},\"data\":{\"k1\":\"w\"}}", &e);
  assert_non_null(r);
  assert_string_equal(ks_jstr(r, "data.k1"), "w");
  json_decref(r);
  /* "a" no longer owns k1: dropping it from a's config leaves b's value */
  r = apply("a", 0, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"s\"},\"data\":{\"k3\":\"v\"}}", &e);
  assert_non_null(r);
  assert_string_equal(ks_jstr(r, "data.k1"), "w");
  assert_string_equal(ks_jstr(r, "data.k3"), "v");
  json_decref(r);
}

static void test_apply_keyed_lists(void **state) {
  (void)state;
  ks_err e = {0};
  const ks_resource *r = ks_resource_find("", "v1", "pods");
  json_t *o = J("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":["
                "{\"name\":\"a\",\"image\":\"a\"},{\"name\":\"b\",\"image\":\"b\"}]}}");
  ks_write_opts w = {.field_manager = "m", .operation = "Apply"};
  pthread_mutex_lock(&ks_store_mu);
  json_t *res = ks_apply(r, "default", "p", o, &w, &e);
  assert_non_null(res);
  json_decref(res);
  json_decref(o);
  o = J("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":["
        "{\"name\":\"a\",\"image\":\"a2\"}]}}");
  res = ks_apply(r, "default", "p", o, &w, &e);
  pthread_mutex_unlock(&ks_store_mu);
  assert_non_null(res);
  json_t *cs = ks_jpath(res, "spec.containers");
  assert_int_equal(json_array_size(cs), 1);
  assert_string_equal(ks_jstr(json_array_get(cs, 0), "image"), "a2");
  json_decref(res);
  json_decref(o);
}

static int setup(void **state) {
  (void)state;
  ks_cfg.pod_ready_delay_ms = 100;
  ks_cfg.tick_ms = 50;
  ks_store_init();
  ks_resources_init();
  pthread_mutex_lock(&ks_store_mu);
  ks_bootstrap_defaults();
  pthread_mutex_unlock(&ks_store_mu);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_selectors),         cmocka_unit_test(test_patches),
      cmocka_unit_test(test_yaml),              cmocka_unit_test(test_server_side_apply),
      cmocka_unit_test(test_apply_keyed_lists),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
