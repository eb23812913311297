/* test_schema.c — values.schema.json validation: gojsonschema's messages and order as Helm
 * prints them, subchart schemas, and the official JSON-Schema-Test-Suite (draft-07) pass rate
 * (Debian package json-schema-test-suite; skipped when absent). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chart/chart_int.h"
#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "chartctl/values.h"

/* measured pass rate of the draft-07 suite (required files, remote refs included as failures) */
#define SUITE_MIN_RATE 0.90

static ct_value *yaml(ct_arena *a, const char *s) {
  ct_value *v = NULL;
  ct_buf err = CT_BUF_INIT;
  if (ct_yaml_parse_values(&v, a, s, strlen(s), &err) < 0) fail_msg("yaml: %s", ct_buf_str(&err));
  ct_buf_dispose(&err);
  return v;
}

static void messages(void **state) {
  (void)state;
  static const struct { const char *schema, *values, *errs; } cs[] = {
      {"{\"properties\":{\"port\":{\"type\":\"integer\"}}}", "port: \"80\"",
       "- port: Invalid type. Expected: integer, given: string\n"},
      {"{\"properties\":{\"port\":{\"type\":\"integer\"}}}", "port: 80.0", ""},
      {"{\"properties\":{\"port\":{\"type\":[\"integer\",\"null\"]}}}", "port: 1.5",
       "- port: Invalid type. Expected: [integer,null], given: number\n"},
      {"{\"required\":[\"employmentInfo\"],\"properties\":{\"age\":{\"minimum\":0}}}", "age: -5",
       "- (root): employmentInfo is required\n- age: Must be greater than or equal to 0\n"},
      {"{\"properties\":{\"e\":{\"enum\":[\"a\",1,null]}}}", "e: b",
       "- e: e must be one of the following: \"a\", 1, null\n"},
      {"{\"properties\":{\"c\":{\"const\":{\"x\":1}}}}", "c: {x: 2}", "- c: c does not match: {\"x\":1}\n"},
      {"{\"additionalProperties\":false,\"properties\":{\"a\":{}}}", "a: 1\nb: 2", "- (root): Additional property b is not allowed\n"},
      {"{\"properties\":{\"s\":{\"type\":\"string\",\"minLength\":3,\"pattern\":\"^a\"}}}", "s: bb",
       "- s: String length must be greater than or equal to 3\n- s: Does not match pattern '^a'\n"},
      {"{\"properties\":{\"l\":{\"items\":{\"type\":\"string\"},\"maxItems\":1,\"uniqueItems\":true}}}", "l: [x, 1, x]",
       "- l.1: Invalid type. Expected: string, given: integer\n- l: Array must have at most 1 items\n- l: array items[0,2] must be unique\n"},
      {"{\"definitions\":{\"p\":{\"type\":\"integer\",\"maximum\":10}},\"properties\":{\"num\":{\"$ref\":\"#/definitions/p\"}}}", "num: 11",
       "- num: Must be less than or equal to 10\n"},
      {"{\"properties\":{\"x\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"boolean\"}]}}}", "x: 1",
       "- x: Must validate at least one schema (anyOf)\n- x: Invalid type. Expected: string, given: integer\n"},
      {"{\"properties\":{\"x\":{\"not\":{\"type\":\"string\"}}}}", "x: s", "- x: Must not validate the schema (not)\n"},
      {"{\"if\":{\"required\":[\"a\"]},\"then\":{\"required\":[\"b\"]}}", "a: 1",
       "- (root): Must validate \"then\" as \"if\" was valid\n- (root): b is required\n"},
      {"{\"dependencies\":{\"a\":[\"b\"]}}", "a: 1", "- (root): Has a dependency on b\n"},
      {"{\"properties\":{\"ip\":{\"format\":\"ipv4\"}}}", "ip: 300.1.1.1", "- ip: Does not match format 'ipv4'\n"},
      {"{\"properties\":{\"m\":{\"multipleOf\":0.01}}}", "m: 0.07", ""},
      {"{\"type\":\"object\"}", "", ""},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    ct_arena *a = ct_arena_new();
    ct_buf errs = CT_BUF_INIT;
    int rc = ct_values_validate_schema(cs[i].schema, strlen(cs[i].schema), yaml(a, cs[i].values), &errs);
    if (strcmp(ct_buf_str(&errs), cs[i].errs))
      fail_msg("case %zu (rc %d): got\n%s\nwant\n%s", i, rc, ct_buf_str(&errs), cs[i].errs);
    assert_int_equal(rc, *cs[i].errs ? CT_EINVAL : CT_OK);
    ct_buf_dispose(&errs);
    ct_arena_free(a);
  }
}

static void helm_charts(void **state) {
  (void)state;
  static const struct { const char *dir, *err; } cs[] = {
      {"helm-testcharts/chart-with-schema-negative",
       "values don't meet the specifications of the schema(s) in the following chart(s):\nempty:\n"
       "- (root): employmentInfo is required\n- age: Must be greater than or equal to 0\n"},
      {"helm-testcharts/chart-with-schema-and-subchart",
       "values don't meet the specifications of the schema(s) in the following chart(s):\nchart-without-schema:\n"
       "- (root): lastname is required\nsubchart-with-schema:\n- (root): age is required\n"},
      {"snippets-errors/schema-violation",
       "values don't meet the specifications of the schema(s) in the following chart(s):\nschema-violation:\n"
       "- port: Invalid type. Expected: integer, given: string\n"},
      {"helm-testcharts/chart-with-schema", NULL},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    char path[512];
    snprintf(path, sizeof path, "/work/shared/conformance/%s", cs[i].dir);
    ct_chart *c = NULL;
    if (ct_chart_load(&c, path) != CT_OK) continue; /* corpus not present */
    ct_arena *a = ct_arena_new();
    ct_chart *view = NULL;
    ct_value *top = NULL;
    ct_release_opts rel = {.name = "r", .revision = 1, .is_install = true};
    int rc = ct_values_prepare(&view, &top, a, c, ct_map_new(a, CT_MAP, 0), &rel, NULL);
    if (cs[i].err) {
      assert_int_not_equal(rc, CT_OK);
      assert_string_equal(ct_error_last(), cs[i].err);
      rel.skip_schema_validation = true;
      assert_int_equal(ct_values_prepare(&view, &top, a, c, ct_map_new(a, CT_MAP, 0), &rel, NULL), CT_OK);
    } else {
      if (rc != CT_OK) fail_msg("%s: %s", cs[i].dir, ct_error_last());
    }
    ct_arena_free(a);
    ct_chart_free(c);
  }
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  ct_buf b = CT_BUF_INIT;
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) ct_buf_put(&b, tmp, n);
  fclose(f);
  *len = b.len;
  return ct_buf_steal(&b);
}

static void json_schema_test_suite(void **state) {
  (void)state;
  const char *dir = "/usr/share/json-schema-test-suite/tests/draft7";
  DIR *d = opendir(dir);
  if (!d) {
    print_message("json-schema-test-suite not installed; skipped\n");
    skip();
  }
  size_t pass = 0, total = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t nl = strlen(de->d_name);
    if (nl < 6 || strcmp(de->d_name + nl - 5, ".json")) continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    size_t len;
    char *text = slurp(path, &len);
    if (!text) continue;
    ct_arena *a = ct_arena_new();
    ct_value *groups = NULL;
    ct_buf err = CT_BUF_INIT;
    if (ct_json_parse(&groups, a, text, len, &err) == 0 && ct_is_list(groups)) {
      size_t fpass = 0, ftotal = 0;
      for (size_t g = 0; g < groups->list->len; g++) {
        ct_value *grp = groups->list->items[g];
        ct_buf sch = CT_BUF_INIT, e2 = CT_BUF_INIT;
        ct_json_emit(&sch, ct_map_getc(grp, "schema"), NULL, false, &e2);
        ct_value *tests = ct_map_getc(grp, "tests");
        for (size_t t = 0; tests && t < tests->list->len; t++) {
          ct_value *tc = tests->list->items[t];
          ct_value *data = NULL;
          ct_map_get(tc, "data", 4, &data);
          bool valid = ct_map_getc(tc, "valid")->b;
          ct_buf errs = CT_BUF_INIT;
          int rc = ct_chart__schema_validate(ct_buf_str(&sch), sch.len, data, &errs, false);
          bool got = rc == CT_OK;
          ftotal++;
          if ((rc == CT_OK || rc == CT_EINVAL) && got == valid) fpass++;
          ct_buf_dispose(&errs);
        }
        ct_buf_dispose(&sch);
        ct_buf_dispose(&e2);
      }
      if (fpass != ftotal) print_message("  %-28s %zu/%zu\n", de->d_name, fpass, ftotal);
      pass += fpass;
      total += ftotal;
    }
    ct_buf_dispose(&err);
    ct_arena_free(a);
    free(text);
  }
  closedir(d);
  double rate = total ? (double)pass / (double)total : 0;
  print_message("JSON-Schema-Test-Suite draft7: %zu/%zu passed (%.1f%%)\n", pass, total, rate * 100);
  assert_true(total > 0);
  assert_true(rate >= SUITE_MIN_RATE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(messages),
      cmocka_unit_test(helm_charts),
      cmocka_unit_test(json_schema_test_suite),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
