/* test_storage.c — the release record codec (gzip+base64, plain JSON accepted, corrupt
 * records refused) and the memory driver with history/last/deployed queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/errors.h"
#include "storage/storage.h"

static json_t *rel(const char *name, int v, const char *status) {
  return json_pack("{s:s,s:s,s:i,s:{s:s,s:s},s:s}", "name", name, "namespace", "default", "version", v, "info",
                   "status", status, "description", "x", "manifest", "---\n# Source: a\nkind: ConfigMap\n");
}

static void codec_round_trip(void **state) {
  (void)state;
  json_t *r = rel("web", 3, "deployed");
  char *enc;
  assert_int_equal(ct_release_encode(r, &enc), CT_OK);
  assert_true(strlen(enc) > 8);
  /* gzip magic under the base64: "H4sI" */
  assert_memory_equal(enc, "H4sI", 4);
  json_t *back;
  assert_int_equal(ct_release_decode(enc, strlen(enc), &back), CT_OK);
  assert_true(json_equal(r, back));
  free(enc);
  json_decref(back);
  json_decref(r);
}

static void decodes_plain_json_and_refuses_garbage(void **state) {
  (void)state;
  /* base64 of {"name":"a","version":1} without gzip, as Helm's decoder also accepts */
  const char *plain = "eyJuYW1lIjoiYSIsInZlcnNpb24iOjF9";
  json_t *r;
  assert_int_equal(ct_release_decode(plain, strlen(plain), &r), CT_OK);
  assert_string_equal(ct_release_name(r), "a");
  assert_int_equal(ct_release_version(r), 1);
  json_decref(r);
  assert_int_equal(ct_release_decode("!!!!", 4, &r), CT_EINVAL);
  const char *trunc_gz = "H4sIAAAAAAAA"; /* gzip header only */
  assert_int_equal(ct_release_decode(trunc_gz, strlen(trunc_gz), &r), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "release"));
}

static void memory_driver_history(void **state) {
  (void)state;
  ct_store *s = ct_store_open("memory", NULL, "default");
  assert_non_null(s);
  json_t *a = rel("web", 1, "superseded"), *b = rel("web", 2, "deployed"), *c = rel("web", 3, "failed"),
         *o = rel("other", 1, "deployed");
  assert_int_equal(s->ops->create(s, c), CT_OK);
  assert_int_equal(s->ops->create(s, a), CT_OK);
  assert_int_equal(s->ops->create(s, b), CT_OK);
  assert_int_equal(s->ops->create(s, o), CT_OK);
  assert_int_equal(s->ops->create(s, b), CT_EEXIST);
  json_t *h;
  assert_int_equal(ct_store_history(s, "web", &h), CT_OK);
  assert_int_equal(json_array_size(h), 3);
  assert_int_equal(ct_release_version(json_array_get(h, 0)), 1);
  assert_int_equal(ct_release_version(json_array_get(h, 2)), 3);
  json_decref(h);
  json_t *x;
  assert_int_equal(ct_store_last(s, "web", &x), CT_OK);
  assert_int_equal(ct_release_version(x), 3);
  json_decref(x);
  assert_int_equal(ct_store_deployed(s, "web", &x), CT_OK);
  assert_int_equal(ct_release_version(x), 2);
  ct_release_set_status(x, "superseded", "Superseded");
  assert_int_equal(s->ops->update(s, x), CT_OK);
  json_decref(x);
  assert_int_equal(ct_store_deployed(s, "web", &x), CT_ENOTFOUND);
  assert_int_equal(s->ops->remove(s, "web", 9), CT_ENOTFOUND);
  assert_int_equal(s->ops->remove(s, "web", 3), CT_OK);
  assert_int_equal(s->ops->get(s, "web", 3, &x), CT_ENOTFOUND);
  assert_string_equal(ct_error_last(), "release: not found");
  json_decref(a), json_decref(b), json_decref(c), json_decref(o);
  ct_store_free(s);
  assert_null(ct_store_open("etcd", NULL, "x"));
}

static void time_format_is_rfc3339(void **state) {
  (void)state;
  char t[64];
  ct_release_now(t, sizeof t);
  assert_int_equal(t[4], '-');
  assert_int_equal(t[10], 'T');
  assert_int_equal(t[strlen(t) - 1], 'Z');
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(codec_round_trip),
      cmocka_unit_test(decodes_plain_json_and_refuses_garbage),
      cmocka_unit_test(memory_driver_history),
      cmocka_unit_test(time_format_is_rfc3339),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
