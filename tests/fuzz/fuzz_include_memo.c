/* fuzz_include_memo.c — libFuzzer target: the include memo (engine/include_memo.c) never
 * changes what a render gives. The input is up to three template files of a chart, split at
 * NUL bytes (t.yaml, s.yaml, q/q/r.yaml: texts kept in one file may be used in the next; r
 * executes first, then the subchart's x.yaml, then t and s), in a chart that also holds
 * defines which change what their includes see (set, unset, merge, sets set back, a dot
 * changing itself, sortAlpha in place) or read the file's .Template or the subchart's scope;
 * it is rendered with the memo and without, and the two must fail alike or
 * give the same bytes (unless an impure function ran: random, the clock). A difference
 * aborts. It is rendered a third time with include and indent making strings where their
 * action prints them (no_direct_print), which must give the same too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/engine/render_test.h"
#include "chartctl/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char DEFS[] =
    "{{- define \"show\" }}x={{ .Values.x }} y={{ .Values.y | default \"none\" }} "
    "la={{ .listen | default \"-\" }} n={{ .n }}{{ end }}\n"
    "{{- define \"count\" }}{{ $_ := set . \"n\" (add1 (.n | default 0)) }}{{ .n }}{{ end }}\n"
    "{{- define \"flip\" }}{{ $_ := set . \"listen\" \"::\" }}{{ include \"show\" . }};"
    "{{ $_ := set . \"listen\" \"0.0.0.0\" }}{{ include \"show\" . }}{{ end }}\n"
    "{{- define \"outer\" }}[{{ include \"show\" . }}|{{ include \"keys\" .Values }}]{{ end }}\n"
    "{{- define \"keys\" }}{{ keys .nested | sortAlpha | join \",\" }}{{ .names }}{{ end }}\n"
    "{{- define \"d\" }}{{ . }}{{ end }}\n"
    "{{- define \"mk\" }}{{ include \"d\" (dict \"a\" .) }}{{ end }}\n"
    "{{- define \"tn\" }}{{ .Template.Name }}{{ end }}\n"
    "{{- define \"tw\" }}<{{ include \"tn\" . }}|{{ include \"show\" . }}>{{ end }}\n"
    "{{- define \"sk\" }}{{ keys .Subcharts.sub | sortAlpha | join \",\" }}{{ end }}\n";

typedef struct result {
  int rc;
  char *out, *err;
  uint64_t impure;
} result;

static const char *const NAMES[] = {"templates/t.yaml", "templates/s.yaml", "templates/q/q/r.yaml"};

/* Renders the N files TEXTS (named NAMES) with DEFS; the output is every file's text in
 * turn, each after its name. */
static result render(char *const *texts, size_t n, bool memo, bool direct) {
  result r = {0};
  ct_arena *a = ct_arena_new();
  ct_arena_set_limit(a, (size_t)64 << 20);
  tfile files[4] = {{"templates/_defs.tpl", DEFS}};
  for (size_t i = 0; i < n; i++)
    files[i + 1] = (tfile){NAMES[i], texts[i]};
  ct_chart *c = mk_chart(a, "m", files, n + 1, NULL);
  tfile sub[] = {{"templates/x.yaml", "x: {{ .Chart.Name }}"}};
  mk_chart(a, "sub", sub, 1, c);
  ct_render_opts o = {.no_include_memo = !memo, .no_direct_print = !direct};
  ct_rendered *res;
  size_t nres;
  ct_buf err = CT_BUF_INIT, out = CT_BUF_INIT;
  uint64_t before = ct_tpl_impure_calls();
  r.rc = ct_render_chart(&res, &nres, a, c, top_for(a, memo_values(a, CT_STRLIST)),
                         ct_caps_default(a, NULL, 0), &o, &err);
  r.impure = ct_tpl_impure_calls() - before;
  for (size_t i = 0; r.rc == 0 && i < n; i++) {
    char name[64];
    snprintf(name, sizeof name, "m/%s", NAMES[i]);
    const char *t = find(res, nres, name);
    ct_buf_printf(&out, "# %s\n%s", name, t ? t : "");
  }
  r.out = strdup(ct_buf_str(&out));
  r.err = strdup(ct_buf_str(&err));
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = 0;
  /* the files: the text split at NUL bytes, at most three */
  char *files[3] = {text};
  size_t n = 1;
  for (size_t i = 0; i < size && n <= 3; i++)
    if (!text[i]) {
      if (n < 3) files[n] = text + i + 1;
      n++;
    }
  if (n <= 3) {
    result with = render(files, n, true, true), without = render(files, n, false, true);
    if (!with.impure && !without.impure &&
        (with.rc != without.rc || strcmp(with.out, without.out) || strcmp(with.err, without.err))) {
      fprintf(stderr, "include memo changed the render:\nwith (%d): %s%s\nwithout (%d): %s%s\n",
              with.rc, with.out, with.err, without.rc, without.out, without.err);
      abort();
    }
    /* and printing include and indent where their action prints them changes nothing */
    result values = render(files, n, true, false);
    if (!with.impure && !values.impure &&
        (with.rc != values.rc || strcmp(with.out, values.out) || strcmp(with.err, values.err))) {
      fprintf(stderr, "direct printing changed the render:\ndirect (%d): %s%s\nvalues (%d): %s%s\n",
              with.rc, with.out, with.err, values.rc, values.out, values.err);
      abort();
    }
    free(with.out), free(with.err), free(without.out), free(without.err);
    free(values.out), free(values.err);
  }
  free(text);
  return 0;
}
