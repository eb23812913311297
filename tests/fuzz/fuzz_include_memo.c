/* fuzz_include_memo.c — libFuzzer target: the include memo (engine/include_memo.c) never
 * changes what a render gives. The input is a template file of a chart that also holds
 * defines which change what their includes see (set, unset, merge, sets set back, a dot
 * changing itself, sortAlpha in place); it is rendered with the memo and without, and the
 * two must fail alike or give the same bytes (unless an impure function ran: random, the
 * clock). A difference aborts. It is rendered a third time with include and indent making
 * strings where their action prints them (no_direct_print), which must give the same too. */
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
    "{{- define \"mk\" }}{{ include \"d\" (dict \"a\" .) }}{{ end }}\n";

typedef struct result {
  int rc;
  char *out, *err;
  uint64_t impure;
} result;

static result render(const char *text, bool memo, bool direct) {
  result r = {0};
  ct_arena *a = ct_arena_new();
  ct_arena_set_limit(a, (size_t)64 << 20);
  tfile files[] = {{"templates/_defs.tpl", DEFS}, {"templates/t.yaml", text}};
  ct_chart *c = mk_chart(a, "m", files, 2, NULL);
  ct_render_opts o = {.no_include_memo = !memo, .no_direct_print = !direct};
  ct_rendered *res;
  size_t n;
  ct_buf err = CT_BUF_INIT;
  uint64_t before = ct_tpl_impure_calls();
  r.rc = ct_render_chart(&res, &n, a, c, top_for(a, memo_values(a, CT_STRLIST)),
                         ct_caps_default(a, NULL, 0), &o, &err);
  r.impure = ct_tpl_impure_calls() - before;
  const char *t = r.rc == 0 ? find(res, n, "m/templates/t.yaml") : NULL;
  r.out = strdup(t ? t : "");
  r.err = strdup(ct_buf_str(&err));
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = 0;
  if (strlen(text) == size) { /* (a NUL inside: the file would end there) */
    result with = render(text, true, true), without = render(text, false, true);
    if (!with.impure && !without.impure &&
        (with.rc != without.rc || strcmp(with.out, without.out) || strcmp(with.err, without.err))) {
      fprintf(stderr, "include memo changed the render:\nwith (%d): %s%s\nwithout (%d): %s%s\n",
              with.rc, with.out, with.err, without.rc, without.out, without.err);
      abort();
    }
    /* and printing include and indent where their action prints them changes nothing */
    result values = render(text, true, false);
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
