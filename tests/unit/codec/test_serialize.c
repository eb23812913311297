/* test_serialize.c — Helm's and Sprig's serialization functions (toYaml, fromYaml, toJson,
 * fromJson, toToml, fromToml and their must/pretty/raw/array forms) run through the real
 * template executor; expected strings are helm 3.17.1's (snippets/templates/encoding). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/codec.h"
#include "chartctl/tpl.h"

/* a strong reference pulls the family out of libct_sprig.a */
const ct_func *ct_sprig__serialize(size_t *n);

static ct_arena *A;

static const char *render(const char *src, ct_value *dot) {
  size_t n;
  const ct_func *funcs = ct_sprig__serialize(&n);
  ct_tpl_set *s = ct_tpl_set_new();
  ct_tpl_set_funcs(s, funcs, n);
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  const char *res;
  if (ct_tpl_parse(s, "t", src, strlen(src), &err) != 0) {
    res = ct_arena_sprintf(A, "PARSE: %s", ct_buf_str(&err));
  } else {
    ct_exec_opts o = {.arena = A};
    if (ct_tpl_execute(s, "t", dot, &out, &o, &err) != 0)
      res = ct_arena_sprintf(A, "ERR: %s", ct_buf_str(&err));
    else
      res = ct_arena_strndup(A, ct_buf_str(&out), out.len);
  }
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_tpl_set_free(s);
  return res;
}

/* dot: the values of snippets/values.yaml that these cases use */
static ct_value *dot(void) {
  ct_value *v;
  ct_buf err = CT_BUF_INIT;
  const char *src = "image: {repository: nginx, tag: \"1.25\", pullPolicy: IfNotPresent}\n"
                    "nested: {a: {b: {c: deep}}, list: [{name: first, value: 1}, {name: second, value: 2}]}\n"
                    "big: 1000000\nyamlDoc: \"key: value\\nlist:\\n  - 1\\n  - two\\nnested: {x: 1}\\n\"\n"
                    "yamlArray: \"- a\\n- b: c\\n\"\nnan: .nan\n";
  /* .nan would fail a values file; build it without, then add NaN */
  const char *cut = strstr(src, "nan: .nan");
  assert_int_equal(ct_yaml_parse_values(&v, A, src, (size_t)(cut - src), &err), 0);
  ct_map_setc(A, v, "nan", ct_float(A, NAN));
  ct_buf_dispose(&err);
  return v;
}

static int setup(void **state) {
  (void)state;
  A = ct_arena_new();
  return 0;
}
static int teardown(void **state) {
  (void)state;
  ct_arena_free(A);
  return 0;
}

#define EXPECT(want, src) assert_string_equal(want, render(src, dot()))

static void yaml_functions(void **state) {
  (void)state;
  EXPECT("a:\n  b:\n    c: deep\nlist:\n- name: first\n  value: 1\n- name: second\n  value: 2",
         "{{ toYaml .nested }}");
  EXPECT("a:\n  b:\n    c: deep\nlist:\n  - name: first\n    value: 1\n  - name: second\n    value: 2",
         "{{ toYamlPretty .nested }}");
  EXPECT("big: 1e+06", "{{ toYamlPretty (fromYaml \"big: 1000000\") }}");
  EXPECT("", "{{ toYaml .nan }}");
  EXPECT("value [1,\"two\"] {\"x\":1} float64",
         "{{ $y := fromYaml .yamlDoc }}{{ $y.key }} {{ $y.list | toJson }} {{ $y.nested | toJson }} "
         "{{ printf \"%T\" (index $y.list 0) }}");
  EXPECT("{\"Error\":\"error converting YAML to JSON: yaml: mapping values are not allowed in this "
         "context\"}",
         "{{ fromYaml \"a: b: c\" | toJson }}");
  EXPECT("{\"Error\":\"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array "
         "into Go value of type map[string]interface {}\"}",
         "{{ fromYaml \"- a\\n- b\" | toJson }}");
  EXPECT("{}", "{{ fromYaml \"\" | toJson }}");
  EXPECT("[\"a\",{\"b\":\"c\"}]", "{{ fromYamlArray .yamlArray | toJson }}");
  EXPECT("[\"error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go "
         "value of type []interface {}\"]",
         "{{ fromYamlArray \"a: 1\" | toJson }}");
  EXPECT("[]", "{{ fromYamlArray \"\" | toJson }}");
}

static void json_functions(void **state) {
  (void)state;
  EXPECT("{\"pullPolicy\":\"IfNotPresent\",\"repository\":\"nginx\",\"tag\":\"1.25\"}",
         "{{ toJson .image }}");
  EXPECT("\"\\u003cscript\\u003e\"", "{{ toJson \"<script>\" }}");
  EXPECT("\"<b>&amp;</b>\"", "{{ toRawJson \"<b>&amp;</b>\" }}");
  EXPECT("{\n  \"a\": {\n    \"b\": {\n      \"c\": \"deep\"\n    }\n  },\n  \"list\": [\n    {\n"
         "      \"name\": \"first\",\n      \"value\": 1\n    },\n    {\n      \"name\": \"second\",\n"
         "      \"value\": 2\n    }\n  ]\n}",
         "{{ toPrettyJson .nested }}");
  EXPECT("", "{{ toJson .nan }}");
  EXPECT("", "{{ toPrettyJson .nan }}");
  EXPECT("{\"Error\":\"invalid character 'o' in literal null (expecting 'u')\"}",
         "{{ fromJson \"not json\" | toJson }}");
  EXPECT("{\"Error\":\"json: cannot unmarshal array into Go value of type map[string]interface {}\"}",
         "{{ fromJson \"[1,2]\" | toJson }}");
  EXPECT("{\"Error\":\"unexpected end of JSON input\"}", "{{ fromJson \"\" | toJson }}");
  EXPECT("[\"json: cannot unmarshal object into Go value of type []interface {}\"]",
         "{{ fromJsonArray \"{\\\"a\\\":1}\" | toJson }}");
  EXPECT("{\"k\":[true,null]}", "{{ mustFromJson \"{\\\"k\\\": [true, null]}\" | toJson }}");
  EXPECT("1.2345678901e+10", "{{ (fromJson \"{\\\"big\\\": 12345678901}\").big }}");
  const char *e = render("{{ mustFromJson \"[1\" }}", dot());
  assert_non_null(strstr(e, "error calling mustFromJson: unexpected end of JSON input"));
  e = render("{{ mustToJson .nan }}", dot());
  assert_non_null(strstr(e, "error calling mustToJson: json: unsupported value: NaN"));
  e = render("{{ toRawJson .nan }}", dot());
  assert_non_null(strstr(e, "error calling toRawJson: json: unsupported value: NaN"));
  e = render("{{ mustToPrettyJson .nan }}", dot());
  assert_non_null(strstr(e, "error calling mustToPrettyJson: json: unsupported value: NaN"));
}

static void toml_functions(void **state) {
  (void)state;
  EXPECT("pullPolicy = \"IfNotPresent\"\nrepository = \"nginx\"\ntag = \"1.25\"\n", "{{ toToml .image }}");
  EXPECT("\"str\"", "{{ toToml \"str\" }}");
  EXPECT("toml: cannot encode array with nil element", "{{ toToml (fromYaml \"l: [1, null]\") }}");
  EXPECT("t n 42 int64",
         "{{ $t := fromToml \"title = \\\"t\\\"\\n[owner]\\nname = \\\"n\\\"\\nn = 42\" }}{{ $t.title }} "
         "{{ $t.owner.name }} {{ $t.owner.n }} {{ printf \"%T\" $t.owner.n }}");
  EXPECT("{\"Error\":\"toml: line 1: unexpected '=': key name appears blank\"}",
         "{{ fromToml \"= bad\" | toJson }}");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(yaml_functions, setup, teardown),
      cmocka_unit_test_setup_teardown(json_functions, setup, teardown),
      cmocka_unit_test_setup_teardown(toml_functions, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
