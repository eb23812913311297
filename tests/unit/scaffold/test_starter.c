/* test_starter.c — unit tests of `chartctl create`'s starter chart: the files written, the
 * chart name in them, and helm create's rules (name check, missing parent, existing file,
 * existing folder overwritten with warnings). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sc_test_util.h"

static void writes_a_service_chart(void **state) {
  (void)state;
  char *tmp = sc_tmpdir();
  char dir[600];
  snprintf(dir, sizeof dir, "%s/web-api", tmp);
  assert_int_equal(ct_scaffold_starter_write(dir, "web-api", NULL), CT_OK);
  const char *files[] = {"Chart.yaml",
                         ".helmignore",
                         "values.yaml",
                         "templates/_helpers.tpl",
                         "templates/deployment.yaml",
                         "templates/service.yaml",
                         "templates/tests/test-service-checker.yaml",
                         "templates/NOTES.txt"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
    assert_true(sc_has(dir, files[i]));
  char *s = sc_get(dir, "Chart.yaml");
  assert_non_null(strstr(s, "apiVersion: v2\nname: web-api\n"));
  free(s);
  s = sc_get(dir, "templates/deployment.yaml");
  assert_non_null(strstr(s, "{{ include \"web-api.fullname\" . }}"));
  assert_non_null(strstr(s, "readinessProbe:"));
  assert_non_null(strstr(s, "livenessProbe:"));
  assert_non_null(strstr(s, "replicas: {{ .Values.replicas }}"));
  assert_null(strstr(s, "@CHART@"));
  free(s);
  s = sc_get(dir, "templates/tests/test-service-checker.yaml");
  assert_non_null(strstr(s, "\"helm.sh/hook\": test"));
  free(s);
  s = sc_get(dir, "values.yaml");
  assert_non_null(strstr(s, "replicas: 2\n"));
  assert_non_null(strstr(s, "  repository: registry.example.org/web-api\n"));
  free(s);
  ct_scaffold__rm_rf(tmp);
  free(tmp);
}

static void helm_create_rules(void **state) {
  (void)state;
  char *tmp = sc_tmpdir();
  char dir[600];
  snprintf(dir, sizeof dir, "%s/bad name", tmp);
  assert_int_equal(ct_scaffold_starter_write(dir, "bad name", NULL), CT_EINVAL);
  assert_string_equal(ct_error_last(),
                      "chart name must match the regular expression \"^[a-zA-Z0-9._-]+$\"");
  assert_int_equal(ct_scaffold_starter_write(dir, "", NULL), CT_EINVAL);
  assert_string_equal(ct_error_last(), "chart name must be between 1 and 250 characters");
  snprintf(dir, sizeof dir, "%s/no/parent/x", tmp);
  assert_int_equal(ct_scaffold_starter_write(dir, "x", NULL), CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "/no/parent: no such file or directory"));
  sc_put(tmp, "afile", "x");
  snprintf(dir, sizeof dir, "%s/afile", tmp);
  assert_int_equal(ct_scaffold_starter_write(dir, "afile", NULL), CT_EEXIST);
  assert_non_null(strstr(ct_error_last(), "/afile already exists and is not a directory"));
  /* an existing folder: files overwritten with a warning each, other files kept */
  snprintf(dir, sizeof dir, "%s/Abc.d", tmp);
  sc_put(dir, "values.yaml", "old\n");
  sc_put(dir, "mine.txt", "keep\n");
  char *warn = NULL;
  size_t wlen = 0;
  FILE *w = open_memstream(&warn, &wlen);
  assert_int_equal(ct_scaffold_starter_write(dir, "Abc.d", w), CT_OK);
  fclose(w);
  assert_non_null(strstr(warn, "/Abc.d/values.yaml\" already exists. Overwriting.\n"));
  assert_null(strstr(warn, "Chart.yaml"));
  free(warn);
  assert_true(sc_has(dir, "mine.txt"));
  char *s = sc_get(dir, "values.yaml");
  assert_non_null(strstr(s, "registry.example.org/Abc.d"));
  free(s);
  ct_scaffold__rm_rf(tmp);
  free(tmp);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(writes_a_service_chart),
      cmocka_unit_test(helm_create_rules),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
