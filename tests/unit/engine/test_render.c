/* test_render.c — engine.Render on charts built in memory: scoping of values to subcharts,
 * partials, sortTemplates' define precedence, include/tpl/required/fail/lookup, .Template,
 * "<no value>" removal and Helm's error texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../small_stack.h"
#include "render_test.h"

static void render_scopes(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  tfile pt[] = {
      {"templates/a.yaml", "p={{ .Values.x }} sub={{ .Values.sub.y }} t={{ .Template.Name }} "
                           "b={{ .Template.BasePath }} m={{ .Values.missing }}"},
      {"templates/_h.tpl", "{{ define \"h\" }}parent{{ end }}"},
      {"templates/z.yaml", "{{ include \"h\" . }}|{{ tpl \"{{ .Release.Name }}-{{ .Values.x }}\" . }}"},
  };
  ct_chart *p = mk_chart(a, "par", pt, 3, NULL);
  tfile st[] = {
      {"templates/s.yaml", "s={{ .Values.y }} {{ .Release.Namespace }} {{ .Chart.Name }}"},
      {"templates/_h.tpl", "{{ define \"h\" }}sub{{ end }}"},
  };
  mk_chart(a, "sub", st, 2, p);
  ct_value *vals = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, vals, "x", ct_cstring(a, "1"));
  ct_value *sv = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, sv, "y", ct_cstring(a, "2"));
  ct_map_setc(a, vals, "sub", sv);
  ct_caps *caps = ct_caps_default(a, NULL, 0);
  ct_rendered *r;
  size_t n;
  ct_buf err = CT_BUF_INIT;
  int rc = ct_render_chart(&r, &n, a, p, top_for(a, vals), caps, NULL, &err);
  assert_string_equal(ct_buf_str(&err), "");
  assert_int_equal(rc, 0);
  assert_int_equal(n, 3); /* partials are not output */
  assert_string_equal(find(r, n, "par/templates/a.yaml"),
                      "p=1 sub=2 t=par/templates/a.yaml b=par/templates m=");
  assert_string_equal(find(r, n, "par/charts/sub/templates/s.yaml"), "s=2 ns sub");
  /* the parent's define is parsed last and wins */
  assert_string_equal(find(r, n, "par/templates/z.yaml"), "parent|rel-1");
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

static int fake_lookup(ct_value **out, ct_arena *a, const char *api, const char *kind,
                       const char *ns, const char *name, void *udata, ct_buf *err) {
  (void)udata, (void)err;
  ct_value *m = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, m, "k", ct_string(a, kind, strlen(kind)));
  (void)api, (void)ns, (void)name;
  *out = m;
  return 0;
}

static int render_one(ct_arena *a, const char *text, const ct_render_opts *o, ct_buf *out,
                      ct_buf *err) {
  tfile t[] = {{"templates/t.yaml", text}};
  ct_chart *c = mk_chart(a, "c", t, 1, NULL);
  ct_rendered *r;
  size_t n;
  int rc = ct_render_chart(&r, &n, a, c, top_for(a, ct_map_new(a, CT_MAP, 0)),
                           ct_caps_default(a, NULL, 0), o, err);
  if (rc == 0 && n) ct_buf_put(out, r[0].text, r[0].len);
  return rc;
}

static void render_functions(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  assert_int_equal(render_one(a, "{{ lookup \"v1\" \"Pod\" \"ns\" \"x\" | len }}", NULL, &out, &err), 0);
  assert_string_equal(ct_buf_str(&out), "0");
  ct_render_opts o = {.lookup = fake_lookup};
  ct_buf_reset(&out);
  assert_int_equal(render_one(a, "{{ (lookup \"v1\" \"Pod\" \"ns\" \"x\").k }}", &o, &out, &err), 0);
  assert_string_equal(ct_buf_str(&out), "Pod");
  ct_buf_reset(&out);
  assert_int_equal(render_one(a, "{{ required \"need x\" .Values.x }}", NULL, &out, &err), -1);
  assert_string_equal(ct_buf_str(&err), "execution error at (c/templates/t.yaml:1:3): need x");
  ct_buf_reset(&err);
  assert_int_equal(render_one(a, "a\n{{ fail \"boom\" }}", NULL, &out, &err), -1);
  assert_string_equal(ct_buf_str(&err), "execution error at (c/templates/t.yaml:2:3): boom");
  ct_buf_reset(&err);
  ct_render_opts lint = {.lint_mode = true};
  ct_buf_reset(&out);
  assert_int_equal(render_one(a, "[{{ fail \"boom\" }}]", &lint, &out, &err), 0);
  assert_string_equal(ct_buf_str(&out), "[]");
  assert_int_equal(render_one(a, "{{ include \"nope\" . }}", NULL, &out, &err), -1);
  assert_string_equal(ct_buf_str(&err),
                      "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at "
                      "<include \"nope\" .>: error calling include: template: no template \"nope\" "
                      "associated with template \"gotpl\"");
  ct_buf_reset(&err);
  assert_int_equal(render_one(a, "{{ tpl \"{{ if }}\" . }}", NULL, &out, &err), -1);
  assert_string_equal(ct_buf_str(&err),
                      "template: c/templates/t.yaml:1:3: executing \"c/templates/t.yaml\" at "
                      "<tpl \"{{ if }}\" .>: error calling tpl: cannot parse template \"{{ if }}\": "
                      "template: gotpl:1: missing value for if");
  ct_buf_reset(&err);
  assert_int_equal(render_one(a, "{{ nosuch }}", NULL, &out, &err), -1);
  assert_string_equal(ct_buf_str(&err),
                      "parse error at (c/templates/t.yaml:1): function \"nosuch\" not defined");
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

/* A map set into itself: helm's printers recurse until Go's stack overflows; here the call
 * or the action that prints or copies it fails with an error, and toJson/toYaml give "" as
 * helm does (its encoder reports the cycle, which they drop). */
static void values_that_contain_themselves(void **state) {
  (void)state;
  static const struct {
    const char *expr, *out, *err;
  } cases[] = {
      {"toJson $", "[]", NULL},
      {"toYaml $", "[]", NULL},
      {"mustToJson $", NULL,
       "error calling mustToJson: json: unsupported value: encountered a cycle"},
      {"deepCopy $ | len", NULL, "error calling deepCopy: the value contains itself"},
      {"print $", NULL, "error calling print: the value contains itself"},
      {"printf \"%v\" $", NULL, "error calling printf: the value contains itself"},
      {"toString $", NULL, "error calling toString: the value contains itself"},
      {"$", NULL, "at <{{$}}>: the value contains itself"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_arena *a = ct_arena_new();
    ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
    char text[128];
    snprintf(text, sizeof text, "{{ $_ := set $ \"me\" $ }}[{{ %s }}]", cases[i].expr);
    int rc = render_one(a, text, NULL, &out, &err);
    if (cases[i].out) {
      assert_int_equal(rc, 0);
      assert_string_equal(ct_buf_str(&out), cases[i].out);
    } else {
      assert_int_equal(rc, -1);
      if (!strstr(ct_buf_str(&err), cases[i].err))
        fail_msg("%s: %s", cases[i].expr, ct_buf_str(&err));
    }
    ct_buf_dispose(&out);
    ct_buf_dispose(&err);
    ct_arena_free(a);
  }
}

/* A map set into a new map 20,000 times, printed, copied, compared or encoded on a thread of
 * 512 KiB: Go's stacks would grow; here the call or action fails with an error naming the
 * cause instead of running off the stack, and the same value 200 levels deep still works. */
typedef struct deep_render {
  const char *expr;
  int depth;
  int rc;
  char err[512];
} deep_render;

static void *render_deep(void *arg) {
  deep_render *j = arg;
  ct_arena *a = ct_arena_new();
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  char text[256];
  snprintf(text, sizeof text,
           "{{ define \"p\" }}{{ . }}{{ end }}{{ $d := dict }}{{ range until %d }}"
           "{{ $d = dict \"a\" $d }}{{ end }}[{{ %s }}]",
           j->depth, j->expr);
  j->rc = render_one(a, text, NULL, &out, &err);
  snprintf(j->err, sizeof j->err, "%s", ct_buf_str(&err));
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return NULL;
}

static void values_nested_deeper_than_the_stack(void **state) {
  (void)state;
  static const char *const exprs[] = {
      "print $d",
      "printf \"%v\" $d",
      "toString $d",
      "list $d | join \",\"",
      "$d",
      "include \"p\" $d",
      "deepCopy $d | len",
      "deepEqual $d $d",
      "has $d (list 1 $d)",
      "uniq (list $d $d) | len",
      "toJson $d",
      "mustToJson $d",
      "toYaml $d",
      "toPrettyJson $d",
      "toRawJson $d",
  };
  for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
    for (int depth = 200; depth <= 20000; depth += 19800) {
      deep_render j = {exprs[i], depth, 0, ""};
      ct_test_on_stack(render_deep, &j, (size_t)512 << 10);
      if (depth == 200 && j.rc != 0) fail_msg("%s, %d deep: %s", exprs[i], depth, j.err);
      if (depth == 20000 && (j.rc != -1 || !strstr(j.err, "nested too deeply for the stack")))
        fail_msg("%s, %d deep: rc %d: %s", exprs[i], depth, j.rc, j.err);
    }
  }
  /* 4,000 levels pass toYaml's JSON check on this stack and not its emitter's deeper frames */
  deep_render y = {"toYaml $d", 4000, 0, ""};
  ct_test_on_stack(render_deep, &y, (size_t)512 << 10);
  assert_int_equal(y.rc, -1);
  assert_non_null(strstr(y.err, "error calling toYaml: the value is nested too deeply"));
}

static void tpl_defines_stay_in_clone(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  /* a define inside tpl text is visible to that text only */
  assert_int_equal(render_one(a, "{{ tpl \"{{ define \\\"x\\\" }}X{{ end }}[{{ include \\\"x\\\" . }}]\" . }}",
                              NULL, &out, &err), 0);
  assert_string_equal(ct_buf_str(&out), "[X]");
  ct_buf_reset(&out);
  assert_int_equal(render_one(a, "{{ tpl \"{{ define \\\"y\\\" }}Y{{ end }}\" . }}{{ include \"y\" . }}",
                              NULL, &out, &err), -1);
  assert_non_null(strstr(ct_buf_str(&err), "no template \"y\" associated with template \"gotpl\""));
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

static void include_recursion(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  tfile t[] = {{"templates/_l.tpl", "{{ define \"loop\" }}{{ include \"loop\" . }}{{ end }}"},
               {"templates/t.yaml", "{{ include \"loop\" . }}"}};
  ct_chart *c = mk_chart(a, "c", t, 2, NULL);
  ct_rendered *r;
  size_t n;
  ct_buf err = CT_BUF_INIT;
  int rc = ct_render_chart(&r, &n, a, c, top_for(a, ct_map_new(a, CT_MAP, 0)),
                           ct_caps_default(a, NULL, 0), NULL, &err);
  assert_int_equal(rc, -1);
  const char *e = ct_buf_str(&err);
  const char *tail = "error calling include: rendering template has a nested reference name: "
                     "loop: unable to execute template";
  assert_true(strlen(e) > strlen(tail));
  assert_string_equal(e + strlen(e) - strlen(tail), tail);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(render_scopes),
      cmocka_unit_test(render_functions),
      cmocka_unit_test(tpl_defines_stay_in_clone),
      cmocka_unit_test(include_recursion),
      cmocka_unit_test(values_that_contain_themselves),
      cmocka_unit_test(values_nested_deeper_than_the_stack),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
