/* test_sprigA_templates.c — the Sprig part-A functions run through the real template
 * executor: declared Go signatures drive argument conversion and error texts, values come
 * from the snippets chart's values.yaml; expected outputs are helm 3.17.1's. */
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

/* strong references: a weak one would not pull the tables out of the static library */
const ct_func *ct_sprig__strings(size_t *n);
const ct_func *ct_sprig__lists(size_t *n);
const ct_func *ct_sprig__dicts(size_t *n);
const ct_func *ct_sprig__defaults(size_t *n);
const ct_func *ct_sprig__math(size_t *n);
const ct_func *ct_sprig__conv(size_t *n);
const ct_func *ct_sprig__reflect(size_t *n);

static ct_value *g_dot;
static ct_arena *g_arena;

static int setup(void **state) {
  (void)state;
  g_arena = ct_arena_new();
  FILE *f = fopen("/work/shared/conformance/snippets/values.yaml", "rb");
  ct_value *values = ct_map_new(g_arena, CT_MAP, 0);
  if (f) { /* the shared corpus; without it .Values is empty and those cases are skipped */
    ct_buf src = CT_BUF_INIT, err = CT_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
      ct_buf_put(&src, chunk, n);
    fclose(f);
    if (ct_yaml_parse_values(&values, g_arena, ct_buf_str(&src), src.len, &err) != 0) return -1;
    ct_buf_dispose(&src);
    ct_buf_dispose(&err);
  }
  g_dot = ct_map_new(g_arena, CT_MAP, 0);
  ct_map_setc(g_arena, g_dot, "Values", values);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  ct_arena_free(g_arena);
  return 0;
}

/* Renders TEXT; returns the output, or "ERR: <message>" on error. Heap string. */
static char *render(const char *text) {
  ct_tpl_set *s = ct_tpl_set_new();
  const ct_func *(*fams[])(size_t *) = {ct_sprig__strings,  ct_sprig__lists, ct_sprig__dicts,
                                        ct_sprig__defaults, ct_sprig__math,  ct_sprig__conv,
                                        ct_sprig__reflect};
  for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++) {
    size_t n;
    const ct_func *t = fams[i](&n);
    ct_tpl_set_funcs(s, t, n);
  }
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  ct_exec_opts opts = {.arena = g_arena};
  char *r;
  if (ct_tpl_parse(s, "t", text, strlen(text), &err) != 0 ||
      ct_tpl_execute(s, "t", g_dot, &out, &opts, &err) != 0) {
    ct_buf msg = CT_BUF_INIT;
    ct_buf_printf(&msg, "ERR: %s", ct_buf_str(&err));
    r = ct_buf_steal(&msg);
  } else {
    r = strdup(ct_buf_str(&out));
  }
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_tpl_set_free(s);
  return r;
}

#define EXPECT(want, text)                                                                         \
  do {                                                                                             \
    char *got_ = render(text);                                                                     \
    assert_string_equal(want, got_);                                                               \
    free(got_);                                                                                    \
  } while (0)

static void strings_through_executor(void **state) {
  (void)state;
  EXPECT(
      "hello|lo|hel",
      "{{ substr 0 5 \"hello world\" }}|{{ substr 3 -1 \"hello\" }}|{{ substr -1 3 \"hello\" }}");
  EXPECT("ababab|-----", "{{ repeat 3 \"ab\" }}|{{ \"-\" | repeat 5 }}");
  EXPECT("true|false", "{{ contains \"cat\" \"catch\" }}|{{ \"catch\" | contains \"dog\" }}");
  EXPECT("\"a\" \"b\" \"1\"", "{{ quote \"a\" \"b\" 1 }}");
  EXPECT("\"1e+06\" \"3.14159\" \"true\"",
         "{{ quote .Values.big .Values.float .Values.boolTrue }}");
  EXPECT("'1.2345678901e+10'", "{{ squote .Values.bigger }}");
  EXPECT("\"[a b c] 42\"", "{{ cat .Values.list .Values.int | quote }}");
  EXPECT("\"   first line\\n   second line\\n     indented third\\n   \"",
         "{{ .Values.multiline | indent 3 | quote }}");
  EXPECT("a,b,c|3-1-2", "{{ join \",\" .Values.list }}|{{ join \"-\" .Values.intList }}");
  EXPECT("many|one", "{{ plural \"one\" \"many\" 0 }}|{{ plural \"one\" \"many\" 1 }}");
  EXPECT("b|map[_0:a _1:b,c]", "{{ (split \",\" \"a,b,c\")._1 }}|{{ splitn \",\" 2 \"a,b,c\" }}");
  EXPECT("HttpServerError|http_server_error",
         "{{ camelcase \"http_server_error\" }}|{{ snakecase \"HTTPServerError\" }}");
  EXPECT("he...|abc...", "{{ abbrev 5 \"hello world\" }}|{{ abbrevboth 0 6 \"abcdefghij\" }}");
  EXPECT("\"HÉLLO WÖRLD ✓ 日本語 🚀\"", "{{ .Values.unicode | upper | quote }}");
  EXPECT("ERR: template: t:1:3: executing \"t\" at <substr -1 -1 \"hello\">: error calling substr: "
         "runtime error: slice bounds out of range [:-1]",
         "{{ substr -1 -1 \"hello\" }}");
}

static void lists_dicts_through_executor(void **state) {
  (void)state;
  EXPECT("[a b c d]|[a b c]", "{{ push .Values.list \"d\" }}|{{ .Values.list }}");
  EXPECT("a|c|[b c]|[a b]", "{{ first .Values.list }}|{{ last .Values.list }}|{{ rest .Values.list "
                            "}}|{{ initial .Values.list }}");
  EXPECT("<no value>", "{{ first .Values.emptyList }}");
  EXPECT("false|true|false|true", "{{ has 1 (list 1.0) }}|{{ has (list 1) (list (list 1)) }}|{{ "
                                  "has 1 (list (int64 1)) }}|{{ has 1.0 .Values.intList }}");
  EXPECT("[[1 2] [3 4] [5]]", "{{ chunk 2 (list 1 2 3 4 5) }}");
  EXPECT("[2 3]|[4 5]", "{{ slice (list 1 2 3 4 5) 1 3 }}|{{ mustSlice (list 1 2 3 4 5) 3 }}");
  EXPECT("[B C a b]", "{{ sortAlpha (list \"b\" \"C\" \"a\" \"B\") }}");
  EXPECT("[10 9 Mango _under apple banana zebra]", "{{ keys .Values.map | sortAlpha }}");
  EXPECT("ERR: template: t:1:3: executing \"t\" at <first 1>: error calling first: Cannot find "
         "first on type int",
         "{{ first 1 }}");
  EXPECT("deep|default", "{{ dig \"a\" \"b\" \"c\" \"default\" .Values.nested }}|{{ dig \"a\" "
                         "\"x\" \"c\" \"default\" .Values.nested }}");
  EXPECT("map[x:1 y:2]", "{{ $a := dict \"x\" 1 }}{{ $_ := merge $a (dict \"y\" 2) }}{{ $a }}");
  EXPECT("1||map[a:1 b:2 c:3]", "{{ $d := dict \"a\" 1 \"b\" 2 }}{{ get $d \"a\" }}|{{ get $d "
                                "\"zzz\" }}|{{ set $d \"c\" 3 }}");
  EXPECT("true|true", "{{ hasKey .Values \"nothing\" }}|{{ hasKey (dict \"a\" nil) \"a\" }}");
  EXPECT("ERR: template: t:1:13: executing \"t\" at <1>: can't handle 1 for arg of type "
         "map[string]interface {}",
         "{{ pluck \"a\" 1 }}");
}

static void math_conv_defaults_through_executor(void **state) {
  (void)state;
  EXPECT("6|0|2|7|42|4", "{{ add 1 2 3 }}|{{ add }}|{{ add 1.9 1.9 }}|{{ add \"3\" 4 }}|{{ add1 41 "
                         "}}|{{ add1 .Values.float }}");
  EXPECT("1000042|123456789010", "{{ add .Values.int .Values.big }}|{{ mul .Values.bigger 10 }}");
  EXPECT("3866467009709472141", "{{ mul .Values.bigger .Values.bigger .Values.bigger }}");
  EXPECT("0.3|6.75|9.7|3.3|2.5|0.3333333333333333",
         "{{ addf 0.1 0.2 }}|{{ addf 1 2.5 \"3.25\" }}|{{ subf 10 0.1 0.2 }}|{{ mulf 1.1 3 }}|{{ "
         "divf 10 4 }}|{{ divf 1 3 }}");
  EXPECT(
      "1e+07|1.23456789e+11|2.64159",
      "{{ mulf 1000000 10 }}|{{ mulf 123456789 1000 }}|{{ addf .Values.float .Values.negFloat }}");
  EXPECT("3|3.14|-3|120|2.68|2",
         "{{ round 2.5 0 }}|{{ round 3.14159 2 }}|{{ round -2.5 0 }}|{{ round 123.456 -1 }}|{{ "
         "round 2.675 2 0.5 }}|{{ round 2.5 0 0.6 }}");
  EXPECT("ERR: template: t:1:3: executing \"t\" at <div 1 0>: error calling div: runtime error: "
         "integer divide by zero",
         "{{ div 1 0 }}");
  EXPECT("42|10|31|0|5|3|-3|1000000|-9223372036854775808",
         "{{ int \"42\" }}|{{ int \"012\" }}|{{ int \"0x1F\" }}|{{ int \"1e3\" }}|{{ int \"5.0\" "
         "}}|{{ int 3.99 }}|{{ int -3.99 }}|{{ int .Values.big }}|{{ .Values.huge | int }}");
  EXPECT("12|0|511|8", "{{ float64 .Values.strNum }}|{{ float64 \"0x10\" }}|{{ toDecimal \"0777\" "
                       "}}|{{ toDecimal 10 }}");
  EXPECT("\"1000000\"|\"1e+06\"|\"97\"", "{{ 1000000 | toString | quote }}|{{ 1000000.0 | toString "
                                         "| quote }}|{{ toString 'a' | quote }}");
  EXPECT("int|int64|float64|int|[]string|map[string]string|string",
         "{{ typeOf (int 5) }}|{{ typeOf (add 1 2) }}|{{ typeOf (addf 1 2) }}|{{ typeOf (atoi "
         "\"1\") }}|{{ typeOf (splitList \",\" \"a\") }}|{{ typeOf (split \",\" \"a\") }}|{{ "
         "typeOf (seq 3) }}");
  EXPECT("[0 1 2 3 4]|1 2 3 4 5|10 7 4 1", "{{ until 5 }}|{{ seq 5 }}|{{ seq 10 -3 1 }}");
  EXPECT("dflt|dflt|hello world|42|0|5",
         "{{ default \"dflt\" .Values.missing }}|{{ default \"dflt\" .Values.emptyList }}|{{ "
         "default \"dflt\" .Values.str }}|{{ .Values.missing | default 42 }}|{{ default \"dflt\" "
         "\"0\" }}|{{ default 5 0.0 }}");
  EXPECT("first-nonempty|true|false",
         "{{ coalesce .Values.missing .Values.emptyString .Values.zero \"first-nonempty\" \"x\" "
         "}}|{{ all }}|{{ any }}");
  EXPECT("piped-yes|1", "{{ true | ternary \"piped-yes\" \"piped-no\" }}|{{ ternary 1 2 (eq "
                        ".Values.str \"hello world\") }}");
  EXPECT("true|false|true|true",
         "{{ typeIs \"float64\" .Values.int }}|{{ deepEqual 1 1.0 }}|{{ deepEqual .Values.list "
         "(list \"a\" \"b\" \"c\") }}|{{ kindIs \"invalid\" nil }}");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(strings_through_executor),
      cmocka_unit_test(lists_dicts_through_executor),
      cmocka_unit_test(math_conv_defaults_through_executor),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
