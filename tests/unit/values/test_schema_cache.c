/* test_schema_cache.c — values that passed a schema, remembered in the parse cache
 * (chart/schema_cache.c): kept from the second success, found only for the same schema bytes
 * and the same values, never for a failure, and never in the way of the validator's
 * messages. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../cache_dir.h"

#include "chart/chart_int.h"
#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "chartctl/values.h"

static char cdir[256];

static int setup(void **state) {
  (void)state;
  return ct_test_cache_dir(cdir, sizeof cdir, "schema-cache");
}

static int teardown(void **state) {
  (void)state;
  ct_test_cache_dir_remove(cdir);
  return 0;
}

static int cache_files(int *empty) { return ct_test_cache_files(cdir, empty, NULL, 0); }

static ct_value *yaml(ct_arena *a, const char *s) {
  ct_value *v = NULL;
  ct_buf err = CT_BUF_INIT;
  if (ct_yaml_parse_values(&v, a, s, strlen(s), &err) < 0) fail_msg("yaml: %s", ct_buf_str(&err));
  ct_buf_dispose(&err);
  return v;
}

/* A schema past the cache's threshold: "port" an integer of at most 65535, "name" a string,
 * "required" a list, then descriptions of padding properties to make up the size. */
static char *big_schema(const char *required) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_printf(&b,
                "{\"required\": [%s], \"properties\": {\n"
                "  \"port\": {\"type\": \"integer\", \"maximum\": 65535},\n"
                "  \"name\": {\"type\": \"string\", \"minLength\": 1}",
                required);
  for (int i = 0; b.len < CT_CHART__SCHEMA_CACHE_MIN + 100; i++)
    ct_buf_printf(&b,
                  ",\n  \"pad%d\": {\"description\": \"a property nobody sets, here for the "
                  "schema's size\", \"type\": \"boolean\"}",
                  i);
  ct_buf_puts(&b, "\n}}\n");
  char *s = strdup(ct_buf_str(&b));
  ct_buf_dispose(&b);
  return s;
}

/* Checks VALUES (YAML) against SCHEMA; the validator's messages, "" when they passed. */
static char *check(const char *schema, const char *values, int *rc) {
  ct_arena *a = ct_arena_new();
  ct_buf errs = CT_BUF_INIT;
  *rc = ct_chart__schema_check(schema, strlen(schema), yaml(a, values), &errs);
  char *out = strdup(ct_buf_str(&errs));
  ct_buf_dispose(&errs);
  ct_arena_free(a);
  return out;
}

static void pass(const char *schema, const char *values) {
  int rc;
  char *e = check(schema, values, &rc);
  assert_int_equal(rc, CT_OK);
  assert_string_equal(e, "");
  free(e);
}

static void kept_from_the_second_success(void **state) {
  (void)state;
  char *schema = big_schema("\"port\"");
  unsigned long hits = ct_chart__schema_cache_hits;
  int empty;
  pass(schema, "port: 8080\nname: web\n");
  assert_int_equal(cache_files(&empty), 1); /* a marker */
  assert_int_equal(empty, 1);
  pass(schema, "port: 8080\nname: web\n");
  assert_int_equal(cache_files(&empty), 1); /* the entry */
  assert_int_equal(empty, 0);
  assert_int_equal(ct_chart__schema_cache_hits, hits);
  for (int i = 0; i < 3; i++)
    pass(schema, "port: 8080\nname: web\n");
  assert_int_equal(ct_chart__schema_cache_hits, hits + 3);
  free(schema);
}

/* Other values, however close, are validated: the entry is for those exact values. */
static void other_values_are_validated(void **state) {
  (void)state;
  char *schema = big_schema("\"port\"");
  for (int i = 0; i < 3; i++)
    pass(schema, "port: 80\nname: web\n");
  unsigned long hits = ct_chart__schema_cache_hits;
  static const struct {
    const char *values, *errs;
  } cs[] = {
      {"port: \"80\"\nname: web\n", "- port: Invalid type. Expected: integer, given: string\n"},
      {"port: 80.5\nname: web\n", "- port: Invalid type. Expected: integer, given: number\n"},
      {"port: 80\nname: \"\"\n", "- name: String length must be greater than or equal to 1\n"},
      {"port: 80\nname: 7\n", "- name: Invalid type. Expected: string, given: integer\n"},
      {"port: 65536\nname: web\n", "- port: Must be less than or equal to 65535\n"},
      {"name: web\n", "- (root): port is required\n"},
      {"port: 80\nname: web\npad0: yes please\n",
       "- pad0: Invalid type. Expected: boolean, given: string\n"},
  };
  for (size_t k = 0; k < sizeof cs / sizeof cs[0]; k++)
    for (int i = 0; i < 3; i++) { /* failures are never kept: the same messages every time */
      int rc;
      char *e = check(schema, cs[k].values, &rc);
      assert_int_equal(rc, CT_EINVAL);
      assert_string_equal(e, cs[k].errs);
      free(e);
    }
  assert_int_equal(ct_chart__schema_cache_hits, hits);
  /* the same keys in another order are other values to the cache (a miss, still valid) */
  pass(schema, "name: web\nport: 80\n");
  assert_int_equal(ct_chart__schema_cache_hits, hits);
  pass(schema, "port: 80\nname: web\n");
  assert_int_equal(ct_chart__schema_cache_hits, hits + 1);
  free(schema);
}

/* A schema differing in one byte is another schema: what passed the old one is validated. */
static void other_schema_is_validated(void **state) {
  (void)state;
  char *schema = big_schema("\"port\"");
  for (int i = 0; i < 3; i++)
    pass(schema, "port: 80\n");
  unsigned long hits = ct_chart__schema_cache_hits;
  char *stricter = big_schema("\"name\"");
  for (int i = 0; i < 3; i++) {
    int rc;
    char *e = check(stricter, "port: 80\n", &rc);
    assert_int_equal(rc, CT_EINVAL);
    assert_string_equal(e, "- (root): name is required\n");
    free(e);
  }
  assert_int_equal(ct_chart__schema_cache_hits, hits);
  /* a broken schema is an error every time, whatever was kept for its first bytes */
  char *broken = strdup(schema);
  broken[strlen(broken) - 2] = ',';
  for (int i = 0; i < 2; i++) {
    int rc;
    char *e = check(broken, "port: 80\n", &rc);
    assert_int_equal(rc, CT_ERROR);
    assert_string_equal(ct_error_last(), "unexpected end of JSON input");
    free(e);
  }
  assert_int_equal(ct_chart__schema_cache_hits, hits);
  free(broken);
  free(stricter);
  free(schema);
}

/* Small schemas validate faster than a lookup: nothing is written for them. */
static void small_schemas_not_kept(void **state) {
  (void)state;
  int before, empty;
  before = cache_files(&empty);
  const char *small = "{\"properties\": {\"port\": {\"type\": \"integer\"}}}";
  for (int i = 0; i < 3; i++)
    pass(small, "port: 80\n");
  assert_int_equal(cache_files(&empty), before);
}

/* Without a usable cache directory the schema is validated as usual. */
static void unwritable_cache_still_validates(void **state) {
  (void)state;
  if (geteuid() == 0) { /* root writes anyway: point the cache at a file instead */
    char file[300];
    snprintf(file, sizeof file, "%s/not-a-dir", cdir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    setenv("CHARTCTL_PARSE_CACHE_DIR", file, 1);
  } else {
    chmod(cdir, 0500);
  }
  char *schema = big_schema("\"name\"");
  for (int i = 0; i < 3; i++) {
    pass(schema, "name: a\nport: 1\n");
    int rc;
    char *e = check(schema, "port: 1\n", &rc);
    assert_int_equal(rc, CT_EINVAL);
    assert_string_equal(e, "- (root): name is required\n");
    free(e);
  }
  setenv("CHARTCTL_PARSE_CACHE_DIR", cdir, 1);
  chmod(cdir, 0700);
  free(schema);
}

/* The encoding tells apart everything the validator could: types, Go types, nil flags,
 * numbers' bits, strings' bytes (NULs too), keys; and refuses what it cannot encode. */
static void encoding_is_exact(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *vs[12];
  size_t n = 0;
  vs[n++] = NULL;
  vs[n++] = ct_int(a, CT_INT, 1);
  vs[n++] = ct_int(a, CT_INT64, 1);
  vs[n++] = ct_uint(a, CT_UINT64, 1);
  vs[n++] = ct_float(a, 1.0);
  vs[n++] = ct_float(a, -0.0);
  vs[n++] = ct_string(a, "1", 1);
  vs[n++] = ct_string(a, "1\0", 2);
  vs[n++] = ct_list_new(a, CT_LIST, 0);
  vs[n++] = ct_list_new_nil(a, CT_LIST);
  vs[n++] = ct_map_new(a, CT_MAP, 0);
  vs[n++] = ct_value_as(a, ct_map_new(a, CT_MAP, 0), CT_GO_VALUES);
  char *enc[12];
  size_t len[12];
  for (size_t i = 0; i < n; i++) {
    ct_value *m = ct_map_new(a, CT_MAP, 1);
    ct_map_setc(a, m, "k", vs[i]);
    ct_buf b = CT_BUF_INIT;
    assert_true(ct_chart__schema_encode_values(&b, m));
    enc[i] = malloc(b.len);
    memcpy(enc[i], b.ptr, b.len);
    len[i] = b.len;
    ct_buf_dispose(&b);
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      assert_false(len[i] == len[j] && memcmp(enc[i], enc[j], len[i]) == 0);
  for (size_t i = 0; i < n; i++)
    free(enc[i]);
  /* keys: {"ab": {}} is not {"a": {"b"...}} */
  ct_value *m1 = ct_map_new(a, CT_MAP, 1), *m2 = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, m1, "ab", ct_map_new(a, CT_MAP, 0));
  ct_value *in = ct_map_new(a, CT_MAP, 0);
  ct_map_setc(a, m2, "a", in);
  ct_buf b1 = CT_BUF_INIT, b2 = CT_BUF_INIT;
  assert_true(ct_chart__schema_encode_values(&b1, m1));
  assert_true(ct_chart__schema_encode_values(&b2, m2));
  assert_false(b1.len == b2.len && memcmp(b1.ptr, b2.ptr, b1.len) == 0);
  ct_buf_dispose(&b1);
  ct_buf_dispose(&b2);
  /* an object is not encoded; nor is a tree past the depth limit */
  ct_value *o = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, o, "now", ct_object(a, NULL, NULL));
  ct_buf b3 = CT_BUF_INIT;
  assert_false(ct_chart__schema_encode_values(&b3, o));
  ct_buf_dispose(&b3);
  ct_value *deep = ct_map_new(a, CT_MAP, 1), *at = deep;
  for (int i = 0; i < 1100; i++) {
    ct_value *next = ct_map_new(a, CT_MAP, 1);
    ct_map_setc(a, at, "d", next);
    at = next;
  }
  ct_buf b4 = CT_BUF_INIT;
  assert_false(ct_chart__schema_encode_values(&b4, deep));
  ct_buf_dispose(&b4);
  /* a deep tree still validates (uncached) against a big schema */
  char *schema = big_schema("");
  ct_buf errs = CT_BUF_INIT;
  unsigned long hits = ct_chart__schema_cache_hits;
  for (int i = 0; i < 3; i++)
    assert_int_equal(ct_chart__schema_check(schema, strlen(schema), deep, &errs), CT_OK);
  assert_int_equal(ct_chart__schema_cache_hits, hits);
  ct_buf_dispose(&errs);
  free(schema);
  ct_arena_free(a);
}

/* A null document is validated as {}, as Helm does, cached or not. */
static void null_document_as_empty(void **state) {
  (void)state;
  char *schema = big_schema("\"port\"");
  for (int i = 0; i < 3; i++) {
    ct_buf errs = CT_BUF_INIT;
    assert_int_equal(ct_chart__schema_check(schema, strlen(schema), NULL, &errs), CT_EINVAL);
    assert_string_equal(ct_buf_str(&errs), "- (root): port is required\n");
    ct_buf_dispose(&errs);
  }
  free(schema);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(kept_from_the_second_success, setup, teardown),
      cmocka_unit_test_setup_teardown(other_values_are_validated, setup, teardown),
      cmocka_unit_test_setup_teardown(other_schema_is_validated, setup, teardown),
      cmocka_unit_test_setup_teardown(small_schemas_not_kept, setup, teardown),
      cmocka_unit_test_setup_teardown(unwritable_cache_still_validates, setup, teardown),
      cmocka_unit_test_setup_teardown(encoding_is_exact, setup, teardown),
      cmocka_unit_test_setup_teardown(null_document_as_empty, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
