/* test_emit_special.c — output codecs on strings a values file cannot carry (control
 * characters, NEL, invalid UTF-8, very long keys), expected bytes taken from helm 3.17.1
 * rendering the same values built in a template. */
#include <setjmp.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/codec.h"
#include "chartctl/gofmt.h"

static ct_value *controls(ct_arena *a) {
  static const struct {
    const char *s;
    size_t n;
  } items[] = {
      {"\177", 1},          {"a\001b", 3},        {"\0", 1},          {"x\033y", 3},
      {"\357\277\276", 3},  {"\357\273\277", 3},  {"a\356\200\200", 4}, {"z\302\205z", 4},
      {"\377\376", 2},      {"\360\237\230\200", 4}, {"tab\t", 4},     {"cr\r", 3},
  };
  ct_value *l = ct_list_new(a, CT_LIST, 12);
  for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
    ct_list_push(a, l, ct_string(a, items[i].s, items[i].n));
  return l;
}

static void control_characters(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *l = controls(a);
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  /* toYaml: go-yaml refuses DEL and U+FFFE in the JSON text: Helm prints "" */
  assert_int_equal(ct_yaml_emit(&out, l, &err), -1);
  assert_string_equal(ct_buf_str(&err),
                      "error converting JSON to YAML: yaml: control characters are not allowed");
  assert_int_equal(out.len, 0);
  ct_buf_reset(&err);
  assert_int_equal(ct_json_emit(&out, l, NULL, true, &err), 0);
  assert_string_equal(ct_buf_str(&out),
                      "[\"\177\",\"a\\u0001b\",\"\\u0000\",\"x\\u001by\",\"\357\277\276\",\"\357\273\277\","
                      "\"a\356\200\200\",\"z\302\205z\",\"\\ufffd\\ufffd\",\"\360\237\230\200\",\"tab\\t\","
                      "\"cr\\r\"]");
  ct_buf_reset(&out);
  assert_int_equal(ct_yaml_emit_v3(&out, l, &err), 0);
  assert_string_equal(ct_buf_str(&out),
                      "- \"\\x7F\"\n- \"a\\x01b\"\n- \"\\0\"\n- \"x\\ey\"\n- \"\\uFFFE\"\n- \"\\uFEFF\"\n"
                      "- a\356\200\200\n- \"z\\Nz\"\n- !!binary //4=\n- \"\\U0001F600\"\n- \"tab\\t\"\n"
                      "- \"cr\\r\"\n");
  ct_buf_reset(&out);
  ct_value *m = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, m, "s", l);
  assert_int_equal(ct_toml_emit(&out, m, &err), 0);
  assert_string_equal(ct_buf_str(&out),
                      "s = [\"\\u007f\", \"a\\u0001b\", \"\\u0000\", \"x\\u001by\", \"\357\277\276\", "
                      "\"\357\273\277\", \"a\356\200\200\", \"z\302\205z\", \"\377\376\", \"\360\237\230\200\", "
                      "\"tab\\t\", \"cr\\r\"]\n");
  ct_buf_reset(&out);
  ct_value *args[1] = {l};
  ct_gofmt_sprintf(&out, "%q", 2, args, 1);
  assert_string_equal(ct_buf_str(&out),
                      "[\"\\x7f\" \"a\\x01b\" \"\\x00\" \"x\\x1by\" \"\\ufffe\" \"\\ufeff\" \"a\\ue000\" "
                      "\"z\\u0085z\" \"\\xff\\xfe\" \"\360\237\230\200\" \"tab\\t\" \"cr\\r\"]");
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

/* A raw NEL is a line break to go-yaml re-reading the JSON: it folds like a YAML flow scalar. */
static void nel_folding(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  const char *items[] = {"a \302\205 b", "a\302\205\302\205b", "\302\205x", "x\302\205",
                         "a  \302\205\302\205\302\205  b", "k\302\205v"};
  ct_value *l = ct_list_new(a, CT_LIST, 6);
  for (size_t i = 0; i < 6; i++) ct_list_push(a, l, ct_cstring(a, items[i]));
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  assert_int_equal(ct_yaml_emit(&out, l, &err), 0);
  assert_string_equal(ct_buf_str(&out),
                      "- a b\n- |-\n  a\n  b\n- ' x'\n- 'x '\n- |-\n  a\n\n  b\n- k v\n");
  /* as a key it cannot be a simple key any more: toYaml gives "" */
  ct_value *m = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, m, "k\302\205v", ct_float(a, 1));
  ct_buf_reset(&out);
  assert_int_equal(ct_yaml_emit(&out, m, &err), -1);
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

static int emit_key(ct_arena *a, const char *key) {
  ct_value *m = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, m, key, ct_float(a, 1));
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  int rc = ct_yaml_emit(&out, m, &err);
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  return rc;
}

/* Keys longer than 1024 characters once JSON-escaped (quotes included) fail in Helm. */
static void long_keys(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  char key[1100];
  memset(key, 'a', sizeof key);
  key[1022] = 0;
  assert_int_equal(emit_key(a, key), 0);
  key[1022] = 'a', key[1023] = 0;
  assert_int_equal(emit_key(a, key), -1);
  memset(key, 'a', sizeof key);
  key[1017] = '<', key[1018] = 0; /* "\u003c": 1017 + 6 + 2 = 1025 */
  assert_int_equal(emit_key(a, key), -1);
  memset(key, 'a', sizeof key);
  key[1016] = '<', key[1017] = 0;
  assert_int_equal(emit_key(a, key), 0);
  /* values have no such limit */
  memset(key, 'a', sizeof key);
  key[1099] = 0;
  ct_value *l = ct_list_new(a, CT_LIST, 1);
  ct_list_push(a, l, ct_cstring(a, key));
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  assert_int_equal(ct_yaml_emit(&out, l, &err), 0);
  assert_int_equal(out.len, 1099 + 3);
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

static void nan_errors(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *m = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, m, "x", ct_float(a, NAN));
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  assert_int_equal(ct_yaml_emit(&out, m, &err), -1);
  assert_string_equal(ct_buf_str(&err), "error marshaling into JSON: json: unsupported value: NaN");
  ct_buf_reset(&err);
  assert_int_equal(ct_json_emit(&out, m, NULL, true, &err), -1);
  assert_string_equal(ct_buf_str(&err), "json: unsupported value: NaN");
  /* yaml.v3 writes it */
  assert_int_equal(ct_yaml_emit_v3(&out, m, &err), 0);
  assert_string_equal(ct_buf_str(&out), "x: .nan\n");
  ct_buf_reset(&err);
  assert_int_equal(ct_toml_emit(&out, NULL, &err), -1);
  assert_string_equal(ct_buf_str(&err), "reflect: call of reflect.Value.Type on zero Value");
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(control_characters), cmocka_unit_test(nel_folding),
                                     cmocka_unit_test(long_keys), cmocka_unit_test(nan_errors)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
