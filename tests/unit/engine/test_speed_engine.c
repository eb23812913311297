/* test_speed_engine.c — the engine's fast paths: "<no value>" removal by runs, include's
 * reused output buffers (nesting, errors, recursion) on a chart built in memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "render_test.h"
#include "engine/engine_int.h"

static void strip(const char *in, const char *want) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_puts(&b, in);
  ct_engine__strip_no_value(&b);
  assert_string_equal(want, ct_buf_str(&b));
  assert_int_equal(strlen(want), b.len);
  ct_buf_dispose(&b);
}

static void no_value(void **state) {
  (void)state;
  strip("", "");
  strip("plain text", "plain text");
  strip("<no value>", "");
  strip("<no value><no value>", "");
  strip("a: <no value>\nb: <no value>\n", "a: \nb: \n");
  strip("<no value>x<no value>", "x");
  strip("<no valu", "<no valu");
  strip("<<no value>>", "<>");
  strip("<no <no value>value>", "<no value>"); /* one pass, as strings.ReplaceAll */
  ct_buf empty = CT_BUF_INIT;
  ct_engine__strip_no_value(&empty);
  assert_null(empty.ptr);
}

static int render(ct_arena *a, const tfile *t, size_t n, const char **out, ct_buf *err) {
  ct_chart *c = mk_chart(a, "c", t, n, NULL);
  ct_value *top = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, top, "Values", ct_map_new(a, CT_MAP, 0));
  ct_rendered *r;
  size_t nr;
  int rc = ct_render_chart(&r, &nr, a, c, top, NULL, NULL, err);
  *out = rc == 0 && nr ? r[0].text : NULL;
  return rc;
}

static void nested_includes(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT;
  const char *out;
  /* include inside include inside range: each level has its own buffer */
  const tfile t[] = {
      {"c/templates/_h.tpl", "{{- define \"inner\" }}<{{ . }}>{{ end -}}"
                             "{{- define \"outer\" }}[{{ include \"inner\" . }}{{ include "
                             "\"inner\" (print . .) }}]{{ end -}}"
                             "{{- define \"deep\" }}{{ if gt . 0 }}{{ . }}({{ include \"deep\" "
                             "(sub . 1) }}){{ end }}{{ end -}}"},
      {"c/templates/a.yaml",
       "{{ range list \"x\" \"y\" }}{{ include \"outer\" . }}{{ end }}|{{ include \"deep\" 5 }}|"
       "{{ include \"outer\" \"z\" | upper }}"},
  };
  assert_int_equal(0, render(a, t, 2, &out, &err));
  assert_string_equal("[<x><xx>][<y><yy>]|5(4(3(2(1()))))|[<Z><ZZ>]", out);
  ct_arena_free(a);
  ct_buf_dispose(&err);
}

static void include_errors(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT;
  const char *out;
  /* a failing include in the middle of nested ones, then the render stops */
  const tfile t[] = {
      {"c/templates/_h.tpl", "{{- define \"bad\" }}{{ fail \"boom\" }}{{ end -}}"
                             "{{- define \"wrap\" }}({{ include \"bad\" . }}){{ end -}}"},
      {"c/templates/a.yaml", "{{ include \"wrap\" . }}"},
  };
  assert_int_not_equal(0, render(a, t, 2, &out, &err));
  assert_non_null(strstr(ct_buf_str(&err), "boom"));
  /* unbounded recursion hits Helm's guard */
  ct_buf_reset(&err);
  const tfile r[] = {{"c/templates/a.yaml", "{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}"
                                            "{{ include \"loop\" . }}"}};
  assert_int_not_equal(0, render(a, r, 1, &out, &err));
  assert_non_null(strstr(ct_buf_str(&err), "rendering template has a nested reference name: loop"));
  /* an unknown template */
  ct_buf_reset(&err);
  const tfile u[] = {{"c/templates/a.yaml", "{{ include \"nope\" . }}"}};
  assert_int_not_equal(0, render(a, u, 1, &out, &err));
  if (!strstr(ct_buf_str(&err), "no template \"nope\"")) fail_msg("%s", ct_buf_str(&err));
  ct_arena_free(a);
  ct_buf_dispose(&err);
}

static void many_include_names(void **state) {
  (void)state;
  /* more names than the include counter's first table: the index is rebuilt as it grows */
  ct_arena *a = ct_arena_new();
  ct_buf defs = CT_BUF_INIT, body = CT_BUF_INIT, want = CT_BUF_INIT;
  for (int i = 0; i < 300; i++) {
    ct_buf_printf(&defs, "{{- define \"t%d\" }}%d,{{ end -}}", i, i);
    ct_buf_printf(&body, "{{ include \"t%d\" . }}", i);
    ct_buf_printf(&want, "%d,", i);
  }
  for (int i = 299; i >= 0; i -= 7) {
    ct_buf_printf(&body, "{{ include \"t%d\" . }}", i);
    ct_buf_printf(&want, "%d,", i);
  }
  const tfile t[] = {{"c/templates/_d.tpl", ct_buf_str(&defs)},
                     {"c/templates/a.yaml", ct_buf_str(&body)}};
  ct_buf err = CT_BUF_INIT;
  const char *out;
  assert_int_equal(0, render(a, t, 2, &out, &err));
  assert_string_equal(ct_buf_str(&want), out);
  ct_buf_dispose(&defs);
  ct_buf_dispose(&body);
  ct_buf_dispose(&want);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(no_value),
      cmocka_unit_test(nested_includes),
      cmocka_unit_test(include_errors),
      cmocka_unit_test(many_include_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
