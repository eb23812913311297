/* test_direct_print.c — actions that print include's text or toYaml's, as they are or piped
 * into indent, nindent or sha256sum, write it straight into the output (ct_tpl_set_direct):
 * the same bytes as the same pipeline computed as a value and printed, for every shape of text
 * and count, the same errors with the same positions, and far less memory for a large text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render_test.h"

/* Renders TEXT as templates/t.yaml of chart "m" beside DEFS (templates/_d.tpl), with
 * .Values.body set to BODY: the file's text, or "ERR: " and the error. */
static char *render_opts(const char *defs, const char *text, const char *body, size_t limit,
                         bool direct) {
  ct_arena *a = ct_arena_new();
  if (limit) ct_arena_set_limit(a, limit);
  tfile files[] = {{"templates/_d.tpl", defs}, {"templates/t.yaml", text}};
  ct_chart *c = mk_chart(a, "m", files, 2, NULL);
  ct_value *vals = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, vals, "body", ct_cstring(a, body));
  ct_rendered *r;
  size_t nr;
  ct_buf err = CT_BUF_INIT;
  ct_render_opts o = {.no_direct_print = !direct};
  char *out;
  if (ct_render_chart(&r, &nr, a, c, top_for(a, vals), ct_caps_default(a, NULL, 0), &o, &err) ==
      0) {
    const char *t = find(r, nr, "m/templates/t.yaml");
    out = strdup(t ? t : "(missing)");
  } else {
    out = malloc(err.len + 6);
    sprintf(out, "ERR: %s", ct_buf_str(&err));
  }
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return out;
}

static char *render_with(const char *defs, const char *text, const char *body, size_t limit) {
  return render_opts(defs, text, body, limit, true);
}

static char *render(const char *defs, const char *text, const char *body) {
  return render_with(defs, text, body, 0);
}

static const char DEFS[] = "{{- define \"body\" }}{{ .Values.body }}{{ end }}\n"
                           "{{- define \"wrap\" }}<{{ include \"body\" . | nindent 2 }}>{{ end }}\n"
                           "{{- define \"twice\" }}{{ include \"body\" . }}|{{ include \"body\" . "
                           "| indent 1 }}{{ end }}\n"
                           "{{- define \"self\" }}{{ include \"self\" . }}{{ end }}\n";

/* Each direct action next to the same pipeline computed into a variable and printed. */
static void same_bytes_as_the_value_printed(void **state) {
  (void)state;
  /* 1300 lines of every length from 0 to 40 (the in-place indent's copies differ by size, and
   * past 256 lines its offsets go to the heap, which grows three times) */
  static char many[1300 * 42 + 1];
  size_t ml = 0;
  for (int i = 0; i < 1300; i++) {
    for (int j = 0; j < i % 41; j++)
      many[ml++] = (char)('a' + (i + j) % 26);
    many[ml++] = '\n';
  }
  many[ml] = 0;
  const char *bodies[] = {
      many,
      "",
      "a",
      "a\n",
      "a\nb",
      "\n",
      "\n\n",
      "a\n\nb\n",
      "x: 1\ny:\n  - 2\n",
      "crlf\r\nline\r\n",
      "ünïcödé\nline",
      " lead\n  two\n",
  };
  static const char *forms[][2] = {
      {"{{ include \"body\" . }}", "{{ $v := include \"body\" . }}{{ $v }}"},
      {"{{ include \"body\" . | indent 0 }}", "{{ $v := include \"body\" . | indent 0 }}{{ $v }}"},
      {"{{ include \"body\" . | indent 4 }}", "{{ $v := include \"body\" . | indent 4 }}{{ $v }}"},
      {"a:{{- include \"body\" . | nindent 2 }}",
       "a:{{- $v := include \"body\" . | nindent 2 }}{{ $v }}"},
      {"x{{ include \"wrap\" . | indent 3 }}y",
       "x{{ $v := include \"wrap\" . | indent 3 }}{{ $v }}y"},
      {"{{ include \"twice\" . | nindent 1 }}",
       "{{ $v := include \"twice\" . | nindent 1 }}{{ $v }}"},
      {"{{ range $i := until 3 }}{{ include \"body\" $ | indent $i }};{{ end }}",
       "{{ range $i := until 3 }}{{ $v := include \"body\" $ | indent $i }}{{ $v }};{{ end }}"},
      {"{{ range $i := until 19 }}{{ include \"body\" $ | nindent $i }};{{ end }}",
       "{{ range $i := until 19 }}{{ $v := include \"body\" $ | nindent $i }}{{ $v }};{{ end }}"},
      {"{{ include (print \"bo\" \"dy\") . | nindent 2 }}",
       "{{ $v := include (print \"bo\" \"dy\") . | nindent 2 }}{{ $v }}"},
      {"{{ include \"body\" . | sha256sum }}",
       "{{ $v := include \"body\" . | sha256sum }}{{ $v }}"},
      {"{{ toYaml .Values.body }}", "{{ $v := toYaml .Values.body }}{{ $v }}"},
      {"v:{{- toYaml .Values | nindent 2 }}", "v:{{- $v := toYaml .Values | nindent 2 }}{{ $v }}"},
      {"{{ toYaml .Release | indent 6 }}", "{{ $v := toYaml .Release | indent 6 }}{{ $v }}"},
      {"{{ toYaml (list .Values.body 1 true) | sha256sum }}",
       "{{ $v := toYaml (list .Values.body 1 true) | sha256sum }}{{ $v }}"},
      {"[{{ toYaml (float64 \"NaN\") | indent 2 }}]",
       "[{{ $v := toYaml (float64 \"NaN\") | indent 2 }}{{ $v }}]"},
      /* commands before the printing one: evaluated as the pipeline does, then piped in */
      {"{{ .Values.body | toYaml | nindent 2 }}",
       "{{ $v := .Values.body | toYaml | nindent 2 }}{{ $v }}"},
      {"{{ .Values | toYaml | indent 4 }}", "{{ $v := .Values | toYaml | indent 4 }}{{ $v }}"},
      {"{{ list 1 .Values.body | toYaml | sha256sum }}",
       "{{ $v := list 1 .Values.body | toYaml | sha256sum }}{{ $v }}"},
      {"{{ . | include \"body\" | indent 1 }}",
       "{{ $v := . | include \"body\" | indent 1 }}{{ $v }}"},
      {"{{ .Values | dict \"Values\" | include \"body\" | nindent 3 }}",
       "{{ $v := .Values | dict \"Values\" | include \"body\" | nindent 3 }}{{ $v }}"},
      /* a repeat: the include memo's kept text, printed again */
      {"{{ include \"body\" . | indent 2 }}{{ include \"body\" . | indent 2 }}",
       "{{ $v := include \"body\" . | indent 2 }}{{ $v }}{{ $w := include \"body\" . | indent 2 "
       "}}{{ $w }}"},
  };
  for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++)
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
      char *direct = render(DEFS, forms[f][0], bodies[b]);
      char *value = render(DEFS, forms[f][1], bodies[b]);
      char *off = render_opts(DEFS, forms[f][0], bodies[b], 0, false);
      if (strncmp(direct, "ERR", 3) == 0 || strcmp(direct, value) != 0 || strcmp(direct, off))
        fail_msg("form %zu, body %zu: direct %s\nvalue  %s\noff    %s", f, b, direct, value, off);
      free(direct);
      free(value);
      free(off);
    }
  char *r =
      render(DEFS, "a:{{- include \"body\" . | nindent 2 }}\nb: {{ include \"body\" . }}", "x\ny");
  assert_string_equal(r, "a:\n  x\n  y\nb: x\ny");
  free(r);
}

/* Errors are the pipeline's, at the same command and position: each action against the
 * same text with "| print" added, which makes it a pipeline of three (computed as values). */
static void same_errors(void **state) {
  (void)state;
  static const struct {
    const char *text, *has;
  } cases[] = {
      {"{{ include \"missing\" . | indent 2 }}",
       "at <include \"missing\" .>: error calling include: template: no template \"missing\" "
       "associated with template \"gotpl\""},
      {"ok {{ include \"body\" . | indent -1 }}",
       "at <indent -1>: error calling indent: strings: negative Repeat count"},
      {"{{ include \"body\" . | nindent \"x\" }}", "at <\"x\">: expected integer; found \"x\""},
      {"{{ include \"body\" . | indent 2 3 }}",
       "at <indent>: wrong number of args for indent: want 2 got 3"},
      {"{{ include \"body\" . | nindent 99999999999 }}",
       "at <nindent 99999999999>: error calling nindent: strings: Repeat output of"},
      {"{{ .Values.nope.x | toYaml | indent 2 }}",
       "at <.Values.nope.x>: nil pointer evaluating interface {}.x"},
      {"{{ .Values.body | toYaml 1 | indent 2 }}",
       "at <toYaml>: wrong number of args for toYaml: want 1 got 2"},
      {"{{ include \"self\" . | indent 2 }}",
       "rendering template has a nested reference name: self: unable to execute template"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *t = cases[i].text;
    size_t n = strlen(t);
    char *ref = malloc(n + 16);
    snprintf(ref, n + 16, "%.*s | print }}", (int)(n - 3), t);
    char *direct = render(DEFS, t, "a\nb"), *value = render(DEFS, ref, "a\nb");
    if (strncmp(direct, "ERR: ", 5) != 0 || !strstr(direct, cases[i].has) ||
        strcmp(direct, value) != 0)
      fail_msg("case %zu:\ndirect %s\nvalue  %s", i, direct, value);
    free(direct);
    free(value);
    free(ref);
  }
  char *r = render(DEFS, "{{ include \"missing\" . }}", "");
  assert_string_equal(r, "ERR: template: m/templates/t.yaml:1:3: executing \"m/templates/t.yaml\" "
                         "at <include \"missing\" .>: error calling include: template: no "
                         "template \"missing\" associated with template \"gotpl\"");
  free(r);
}

/* A large text indented where it is printed: no string of it in the render's arena, so an
 * arena limit that the value form passes (the include's text, then the indented copy) is
 * not reached. */
static void large_text_without_copies(void **state) {
  (void)state;
  size_t n = 2u << 20;
  char *body = malloc(n + 1);
  for (size_t i = 0; i < n; i++)
    body[i] = i % 64 == 63 ? '\n' : 'x';
  body[n] = 0;
  size_t limit = 3u << 20;
  char *direct = render_with(DEFS, "{{ include \"body\" . | indent 2 }}", body, limit);
  if (strncmp(direct, "ERR", 3) == 0) fail_msg("%.300s", direct);
  assert_int_equal(strlen(direct), n + 2 + (n / 64) * 2);
  assert_memory_equal(direct, "  xxx", 5);
  char *value = render_with(DEFS, "{{ $v := include \"body\" . | indent 2 }}{{ $v }}", body, limit);
  assert_non_null(strstr(value, "render exceeded memory limit"));
  free(value);
  free(direct);
  free(body);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(same_bytes_as_the_value_printed),
      cmocka_unit_test(same_errors),
      cmocka_unit_test(large_text_without_copies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
