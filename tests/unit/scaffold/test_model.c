/* test_model.c — unit tests of the scaffold model (components, priorities, questions,
 * presets, conflicts), the .skel marker expansion as sextant does it, and answer checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sc_test_util.h"

static void loads_wikimedia_model(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_sc_model m;
  assert_int_equal(ct_scaffold__model_load(&m, a, SC_FIXTURES "/_scaffold/service"), CT_OK);
  assert_int_equal(m.ncomponents, 7);
  const char *order[] = {"generic-application", "LAMP",     "ingress",          "service-mesh",
                         "httpd-cas",           "mcrouter", "prometheus-statsd"};
  for (size_t i = 0; i < 7; i++)
    assert_string_equal(m.components[i].name, order[i]);
  assert_int_equal(m.components[0].priority, 1);
  assert_int_equal(m.components[6].priority, 99);
  const ct_sc_component *lamp = ct_scaffold__model_component(&m, "LAMP");
  assert_int_equal(lamp->nquestions, 2); /* "questions: image_name, port" */
  assert_string_equal(lamp->questions[0], "image_name");
  assert_string_equal(lamp->questions[1], "port");
  assert_int_equal(lamp->nmodules, 7);
  assert_true(ct_scaffold__components_conflict(
      lamp, ct_scaffold__model_component(&m, "generic-application")));
  assert_false(ct_scaffold__components_conflict(lamp, ct_scaffold__model_component(&m, "ingress")));
  assert_int_equal(m.nquestions, 3);
  assert_string_equal(m.questions[0].id, "image_name");
  assert_non_null(strstr(m.questions[1].prompt, "Please input the port"));
  ct_sc_preset p;
  assert_int_equal(ct_scaffold__model_preset(&p, a, &m, "nodejs"), CT_OK);
  assert_int_equal(p.ncomponents, 3);
  assert_string_equal(ct_scaffold__str(ct_map_getc(p.responses, "port")), "8411");
  assert_int_equal(ct_scaffold__model_preset(&p, a, &m, "ruby"), CT_ENOTFOUND);
  assert_string_equal(ct_error_last(), "unknown preset \"ruby\" (available: lamp, nodejs)");
  assert_int_equal(ct_scaffold__model_load(&m, a, SC_FIXTURES "/modules"), CT_ENOTFOUND);
  ct_arena_free(a);
}

static void bad_component_files_are_reported(void **state) {
  (void)state;
  char *dir = sc_tmpdir();
  ct_arena *a = ct_arena_new();
  ct_sc_model m;
  sc_put(dir, "_skel/Chart.yaml", "name: __chartname__\n");
  sc_put(dir, "_wizard/a.yaml", "name: a\npriority: high\n");
  assert_int_equal(ct_scaffold__model_load(&m, a, dir), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "priority high is not an integer"));
  sc_put(dir, "_wizard/a.yaml", "name: a\nmodules: [\"nodots:1.0\"]\n");
  assert_int_equal(ct_scaffold__model_load(&m, a, dir), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "namespace.module:version"));
  sc_put(dir, "_wizard/a.yaml", "name: a\ntemplates: [oops\n");
  assert_int_equal(ct_scaffold__model_load(&m, a, dir), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "a.yaml: line"));
  sc_put(dir, "_wizard/a.yaml", "description: no name\n");
  assert_int_equal(ct_scaffold__model_load(&m, a, dir), CT_EINVAL);
  sc_put(dir, "_wizard/a.yaml", "name: a\n");
  assert_int_equal(ct_scaffold__model_load(&m, a, dir), CT_OK);
  assert_string_equal(m.components[0].description, "Scaffold for a");
  assert_int_equal(m.components[0].priority, 99);
  ct_arena_free(a);
  ct_scaffold__rm_rf(dir);
  free(dir);
}

static char *indent(const char *line, int n) {
  ct_buf b = CT_BUF_INIT;
  ct_scaffold__indent_line(&b, line, strlen(line), n);
  return ct_buf_steal(&b);
}

static void indent_markers_as_sextant(void **state) {
  (void)state;
  struct {
    const char *in;
    int n;
    const char *out;
  } cases[] = {
      {"{{- include \"app.generic.container\" . }}", 8,
       "        {{- include \"app.generic.container\" . | indent 8 }}"},
      {"{{- include \"lamp.networkpolicy.ingress\" . -}}", 6,
       "      {{- include \"lamp.networkpolicy.ingress\" . | indent 6 -}}"},
      {"{{ include \"mesh.configuration.configmap\" . }}", 4,
       "    {{ include \"mesh.configuration.configmap\" . }}"},
      {"  {{- template \"app.generic.service\" . }}", 2,
       "    {{- template \"app.generic.service\" . }}"},
      {"{{-include \"a\" .}} x {{- include \"b\" . -}}", 2,
       "  {{-include \"a\" .| indent 2 }} x {{- include \"b\" . | indent 2 -}}"},
      {"{{- include \"x\" (dict \"a\" 1) ", 2, "  {{- include \"x\" (dict \"a\" 1) "},
      {"", 3, "   "},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *got = indent(cases[i].in, cases[i].n);
    assert_string_equal(got, cases[i].out);
    free(got);
  }
}

static void skel_expansion(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *t1 = ct_map_new(a, CT_MAP, 2), *t2 = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, t1, "containers", ct_cstring(a, "{{- include \"one\" . }}\n"));
  ct_map_setc(a, t2, "containers", ct_cstring(a, "{{- include \"two\" . }}\n# two\n"));
  ct_map_setc(a, t2, "service", ct_cstring(a, "{{ include \"svc\" . }}\n"));
  ct_sc_component c1 = {.name = "c1", .templates = t1}, c2 = {.name = "c2", .templates = t2};
  const ct_sc_component *both[] = {&c1, &c2};
  const char *skel =
      "spec:\n  containers:\n# replace: containers; indent: 4\n# replace: missing\nend\n";
  ct_buf b = CT_BUF_INIT;
  bool used;
  ct_scaffold__expand_skel(&b, skel, strlen(skel), both, 2, &used);
  assert_true(used);
  assert_string_equal(ct_buf_str(&b), "spec:\n  containers:\n"
                                      "    {{- include \"one\" . | indent 4 }}\n"
                                      "    {{- include \"two\" . | indent 4 }}\n"
                                      "    # two\nend");
  ct_buf_reset(&b);
  const char *svc = "{{ if x }}\n# replace: service\n{{- end }}\n";
  ct_scaffold__expand_skel(&b, svc, strlen(svc), both, 1, &used);
  assert_false(used); /* only c1 selected: it has no service snippet, the file is dropped */
  ct_buf_reset(&b);
  ct_scaffold__expand_skel(&b, svc, strlen(svc), both, 2, &used);
  assert_true(used);
  assert_string_equal(ct_buf_str(&b), "{{ if x }}\n{{ include \"svc\" . }}\n{{- end }}");
  ct_buf_dispose(&b);
  ct_arena_free(a);
}

static void answer_checks(void **state) {
  (void)state;
  assert_null(ct_scaffold_check_chart_name("my-service2"));
  assert_non_null(ct_scaffold_check_chart_name(""));
  assert_non_null(ct_scaffold_check_chart_name("My_Service"));
  assert_non_null(ct_scaffold_check_chart_name("-svc"));
  assert_non_null(ct_scaffold_check_chart_name("svc-"));
  assert_non_null(ct_scaffold_check_chart_name("a.b"));
  assert_non_null(
      ct_scaffold_check_chart_name("a23456789012345678901234567890123456789012345678901234"));
  assert_null(ct_scaffold_check_answer("port", "8080"));
  assert_null(ct_scaffold_check_answer("httpd_cas_port", "1"));
  assert_null(ct_scaffold_check_answer("port", "65535"));
  assert_string_equal(ct_scaffold_check_answer("port", "0"),
                      "a port must be a number between 1 and 65535");
  assert_non_null(ct_scaffold_check_answer("port", "65536"));
  assert_non_null(ct_scaffold_check_answer("port", "80a"));
  assert_non_null(ct_scaffold_check_answer("port", "99999999999999999999"));
  assert_non_null(ct_scaffold_check_answer("port", ""));
  assert_null(ct_scaffold_check_answer("image_name", "sometest-image"));
  assert_null(ct_scaffold_check_answer("image_name", "repos/mediawiki/services/my_app:1.2-x"));
  assert_null(ct_scaffold_check_answer("image_name", "a__b.c--d"));
  assert_string_equal(ct_scaffold_check_answer("image_name", "docker-registry.wikimedia.org/foo"),
                      "give the image name without the registry");
  assert_non_null(ct_scaffold_check_answer("image_name", "Upper/Case"));
  assert_non_null(ct_scaffold_check_answer("image_name", "foo:"));
  assert_non_null(ct_scaffold_check_answer("image_name", "foo/"));
  assert_non_null(ct_scaffold_check_answer("image_name", "foo@sha256:abc"));
  assert_non_null(ct_scaffold_check_answer("image_name", ""));
  assert_null(ct_scaffold_check_answer("team", "sre"));
  assert_string_equal(ct_scaffold_check_answer("team", ""), "an answer is required");
  assert_non_null(ct_scaffold_check_answer("team", "a\nb"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(loads_wikimedia_model),
      cmocka_unit_test(bad_component_files_are_reported),
      cmocka_unit_test(indent_markers_as_sextant),
      cmocka_unit_test(skel_expansion),
      cmocka_unit_test(answer_checks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
