/* test_include_memo.c — the include memo (engine/include_memo.c) answers only what executing
 * again would give: a chart whose templates change what their includes see in every way a
 * template can (set, unset, merge, a sort in place, sets undone, dicts made in the file, a
 * template that changes its own dot, randomness, tpl) renders to the bytes helm 3.17.1 gave
 * for it, with the memo and without; and the memo does answer the repeats it may. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render_test.h"

static const char DEFS[] =
    "{{- define \"show\" }}x={{ .Values.x }} y={{ .Values.y | default \"none\" }} la={{ .listen | "
    "default \"-\" }}{{ end }}\n"
    "{{- define \"count\" }}{{ $_ := set . \"n\" (add1 (.n | default 0)) }}{{ .n }}{{ end }}\n"
    "{{- define \"rand\" }}{{ randAlphaNum 12 }}{{ end }}\n"
    "{{- define \"names\" }}{{ join \",\" .Values.names }}{{ end }}\n"
    "{{- define \"keys\" }}{{ keys .Values.nested | sortAlpha | join \",\" }}{{ end }}\n"
    "{{- define \"d\" }}{{ .a }}{{ end }}\n"
    "{{- define \"outer\" }}[{{ include \"show\" . }}]{{ end }}\n"
    "{{- define \"flip\" }}{{ $_ := set . \"listen\" \"::\" }}{{ include \"show\" . }};{{ $_ := "
    "set . \"listen\" \"0.0.0.0\" }}{{ include \"show\" . }}{{ end }}\n"
    "{{- define \"tplinc\" }}{{ tpl \"{{ include \\\"show\\\" . }}\" . }}{{ end }}\n"
    "{{- define \"sl\" }}{{ join \",\" .sl }}{{ end }}\n";

static const char A[] =
    "# a1: {{ include \"show\" . }}\n"
    "# a2: {{ include \"show\" . }}\n"
    "{{- $_ := set .Values \"x\" \"two\" }}\n"
    "# a3: {{ include \"show\" . }}\n"
    "{{- $_ := set .Values \"y\" \"new\" }}\n"
    "# a4: {{ include \"show\" . }}\n"
    "{{- $_ := unset .Values \"y\" }}\n"
    "# a5: {{ include \"show\" . }}\n"
    "# a6: {{ include \"count\" . }} {{ include \"count\" . }} {{ include \"count\" . }}\n"
    "# a7: {{ ne (include \"rand\" .) (include \"rand\" .) }}\n"
    "# a8: {{ include \"names\" . }}\n"
    "{{- $_ := sortAlpha .Values.names }}\n"
    "# a9: {{ include \"names\" . }}\n"
    "{{- $d := dict \"a\" \"first\" }}\n"
    "# a10: {{ include \"d\" $d }}\n"
    "{{- $_ := set $d \"a\" \"second\" }}\n"
    "# a11: {{ include \"d\" $d }}\n"
    "# a12: {{ include \"flip\" . }} {{ include \"flip\" . }}\n"
    "# a13: {{ include \"outer\" . }} {{ include \"outer\" . }}\n"
    "{{- $_ := set .Values.nested \"k2\" \"v2\" }}\n"
    "# a14: {{ include \"keys\" . }}\n"
    "{{- $_ := merge .Values.nested (dict \"k3\" \"v3\") }}\n"
    "# a15: {{ include \"keys\" . }}\n"
    "# a16: {{ include \"tplinc\" . }} {{ include \"tplinc\" . }}\n"
    "{{- $_ := set . \"listen\" \"x\" }}\n"
    "# a17: {{ include \"tplinc\" . }} {{ include \"show\" . }}\n"
    "{{- $_ := set . \"sl\" (splitList \",\" \"c,a,b\") }}\n"
    "# a18: {{ include \"sl\" . }}\n"
    "{{- $_ := sortAlpha .sl }}\n"
    "# a19: {{ include \"sl\" . }}\n";

static const char B[] = "# b1: {{ include \"show\" . }} {{ .Template.Name }}\n"
                        "# b2: {{ include \"count\" . }}\n";

/* helm 3.17.1's output for the chart (templates/b.yaml executes first: sortTemplates) */
static const char WANT_A[] =
    "# a1: x=one y=none la=-\n"
    "# a2: x=one y=none la=-\n"
    "# a3: x=two y=none la=-\n"
    "# a4: x=two y=new la=-\n"
    "# a5: x=two y=none la=-\n"
    "# a6: 2 3 4\n"
    "# a7: true\n"
    "# a8: zeta,alpha,mid\n"
    "# a9: zeta,alpha,mid\n"
    "# a10: first\n"
    "# a11: second\n"
    "# a12: x=two y=none la=::;x=two y=none la=0.0.0.0 x=two y=none la=::;x=two y=none la=0.0.0.0\n"
    "# a13: [x=two y=none la=0.0.0.0] [x=two y=none la=0.0.0.0]\n"
    "# a14: k,k2\n"
    "# a15: k,k2,k3\n"
    "# a16: x=two y=none la=0.0.0.0 x=two y=none la=0.0.0.0\n"
    "# a17: x=two y=none la=x x=two y=none la=x\n"
    "# a18: c,a,b\n"
    "# a19: a,b,c\n";

static const char WANT_B[] = "# b1: x=one y=none la=- m/templates/b.yaml\n"
                             "# b2: 1\n";

/* Renders FILES (N) as chart "m" with the memo on or off; the hits in *HITS. */
static int render(ct_arena *a, const tfile *files, size_t n, bool memo, ct_rendered **r, size_t *nr,
                  size_t *hits, ct_buf *err) {
  ct_chart *c = mk_chart(a, "m", files, n, NULL);
  *hits = 0;
  ct_render_opts o = {.no_include_memo = !memo, .include_memo_hits = hits};
  return ct_render_chart(r, nr, a, c, top_for(a, memo_values(a, CT_LIST)),
                         ct_caps_default(a, NULL, 0), &o, err);
}

static void same_bytes_as_helm(void **state) {
  (void)state;
  tfile files[] = {{"templates/_defs.tpl", DEFS}, {"templates/a.yaml", A}, {"templates/b.yaml", B}};
  for (int memo = 1; memo >= 0; memo--) {
    ct_arena *a = ct_arena_new();
    ct_buf err = CT_BUF_INIT;
    ct_rendered *r;
    size_t n, hits;
    assert_int_equal(render(a, files, 3, memo, &r, &n, &hits, &err), 0);
    assert_string_equal(find(r, n, "m/templates/a.yaml"), WANT_A);
    assert_string_equal(find(r, n, "m/templates/b.yaml"), WANT_B);
    /* with the memo: a2, the second outer and tplinc of a13 and a16, ... */
    if (memo)
      assert_true(hits >= 3);
    else
      assert_int_equal(hits, 0);
    ct_buf_dispose(&err);
    ct_arena_free(a);
  }
}

/* How many includes of TEXT (with DEFS) the memo answered; the output in *OUT. */
static size_t hits_of(const char *text, char **out) {
  ct_arena *a = ct_arena_new();
  tfile files[] = {
      {"templates/_defs.tpl", DEFS},
      {"templates/_mk.tpl", "{{ define \"mk\" }}{{ include \"d\" (dict \"a\" .) }}{{ end }}"},
      {"templates/t.yaml", text}};
  ct_buf err = CT_BUF_INIT;
  ct_rendered *r;
  size_t n, hits;
  assert_int_equal(render(a, files, 3, true, &r, &n, &hits, &err), 0);
  *out = strdup(find(r, n, "m/templates/t.yaml"));
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return hits;
}

static void hits_where_nothing_changed(void **state) {
  (void)state;
  char *out;
  assert_int_equal(hits_of("{{ include \"show\" . }}|{{ include \"show\" . }}", &out), 1);
  assert_string_equal(out, "x=one y=none la=-|x=one y=none la=-");
  free(out);
  /* a set in between: executed again */
  assert_int_equal(
      hits_of(
          "{{ include \"show\" . }}{{ $_ := set .Values \"x\" \"2\" }}|{{ include \"show\" . }}",
          &out),
      0);
  assert_string_equal(out, "x=one y=none la=-|x=2 y=none la=-");
  free(out);
  /* the first flip adds a key; the second sets it and sets it back, so the third is known */
  assert_int_equal(
      hits_of("{{ include \"flip\" . }}|{{ include \"flip\" . }}|{{ include \"flip\" . }}", &out),
      1);
  const char *flip = "x=one y=none la=::;x=one y=none la=0.0.0.0";
  char want[256];
  snprintf(want, sizeof want, "%s|%s|%s", flip, flip, flip);
  assert_string_equal(out, want);
  free(out);
  /* impure: never kept */
  assert_int_equal(hits_of("{{ include \"rand\" . }}{{ include \"rand\" . }}", &out), 0);
  assert_int_equal(strlen(out), 24);
  assert_true(memcmp(out, out + 12, 12) != 0);
  free(out);
  /* a dot made in the file: not kept (its address may be another value's later) */
  assert_int_equal(
      hits_of("{{ include \"d\" (dict \"a\" 1) }}{{ include \"d\" (dict \"a\" 1) }}", &out), 0);
  assert_string_equal(out, "11");
  free(out);
  /* the dict each mk makes is given back when it ends, and the next one made in the same
   * memory: still not the same dot */
  assert_int_equal(
      hits_of("{{ include \"mk\" 1 }}{{ include \"mk\" 2 }}{{ include \"mk\" 3 }}", &out), 0);
  assert_string_equal(out, "123");
  free(out);
  /* a template changing its own dot is executed each time */
  assert_int_equal(hits_of("{{ include \"count\" . }}{{ include \"count\" . }}", &out), 0);
  assert_string_equal(out, "12");
  free(out);
}

/* Every function whose result its arguments do not fix keeps the include it runs in out of
 * the memo (the RSA generators of genCA and friends are left out for their cost). */
static void impure_functions(void **state) {
  (void)state;
  static const char *const calls[] = {
      "randAlphaNum 4",
      "randAlpha 4",
      "randNumeric 4",
      "randAscii 4",
      "randBytes 4",
      "randInt 0 9",
      "shuffle \"abc\"",
      "uuidv4",
      "now",
      "ago now",
      "date \"2006\" now",
      "dateInZone \"2006\" now \"UTC\"",
      "date_in_zone \"2006\" now \"UTC\"",
      "htmlDate now",
      "htmlDateInZone now \"UTC\"",
      "durationRound now",
      "genPrivateKey \"ecdsa\"",
      "htpasswd \"u\" \"p\"",
      "bcrypt \"p\"",
      "encryptAES \"k\" \"t\"",
      "getHostByName \"localhost\"",
      "lookup \"v1\" \"Pod\" \"\" \"\"",
  };
  for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
    char text[256];
    snprintf(text, sizeof text,
             "{{ define \"f\" }}{{ %s }}{{ end }}{{ include \"f\" . }}{{ include \"f\" . }}",
             calls[i]);
    char *out;
    size_t hits = hits_of(text, &out);
    if (hits) fail_msg("%s: answered from the memo", calls[i]);
    free(out);
  }
}

/* An include answered from the memo, and the one that kept its text, give that text itself:
 * forty includes of a 1 MiB text, all alive at once (in $l), fit a 16 MiB render. Copied into
 * the render's arena, as they were, they would need 40 MiB: the render would fail with
 * "render exceeded memory limit". */
static void kept_texts_are_not_copied(void **state) {
  (void)state;
  tfile files[] = {
      {"templates/_big.tpl", "{{ define \"big\" }}{{ repeat 1048576 \"x\" }}{{ end }}"},
      {"templates/t.yaml", "{{ $l := list }}{{ range until 40 }}{{ $l = append $l (include "
                           "\"big\" $) }}{{ end }}{{ range $l }}{{ len . }} {{ end }}"}};
  ct_arena *a = ct_arena_new();
  ct_arena_set_limit(a, (size_t)16 << 20);
  ct_buf err = CT_BUF_INIT;
  ct_rendered *r;
  size_t n, hits;
  assert_int_equal(render(a, files, 2, true, &r, &n, &hits, &err), 0);
  const char *out = find(r, n, "m/templates/t.yaml");
  assert_int_equal(strlen(out), 40 * 8);
  assert_memory_equal(out, "1048576 1048576 ", 16);
  assert_int_equal(hits, 38); /* a cheap text (below): kept from its second execution */
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

/* A text made with less than a function call per 64 bytes is kept from its second execution
 * on (most are never asked for again, and the copy is what costs); dearer ones at once. */
static void cheap_texts_kept_the_second_time(void **state) {
  (void)state;
  char *out;
  /* one call (repeat) for 1000 bytes: executed twice, then answered */
  assert_int_equal(hits_of("{{ define \"cheap\" }}{{ repeat 1000 \"y\" }}{{ end }}"
                           "{{ include \"cheap\" . | len }} {{ include \"cheap\" . | len }} "
                           "{{ include \"cheap\" . | len }} {{ include \"cheap\" . | len }}",
                           &out),
                   2);
  assert_string_equal(out, "1000 1000 1000 1000");
  free(out);
  /* three calls for 64 bytes: answered from the second on */
  assert_int_equal(hits_of("{{ define \"dear\" }}{{ repeat 16 \"a\" }}{{ repeat 16 \"b\" }}"
                           "{{ repeat 32 \"c\" }}{{ end }}"
                           "{{ include \"dear\" . | len }} {{ include \"dear\" . | len }} "
                           "{{ include \"dear\" . | len }}",
                           &out),
                   2);
  assert_string_equal(out, "64 64 64");
  free(out);
}

/* ---- across files ----
 * The chart scope is one map for all of a chart's files; only its .Template changes from
 * file to file. A text kept in one file is used in the next when nothing changed in between
 * and its execution read no .Template, in any way a template can: a field, index, get,
 * toYaml, printf, range, toJson of the whole scope, or an include whose kept text read it.
 * Files execute f3, f2, f1, f0 (sortTemplates: reverse name order). */
static const char XDEFS[] =
    "{{- define \"tname\" }}{{ .Template.Name }}{{ end }}\n"
    "{{- define \"wrap\" }}<{{ include \"tname\" . }}>{{ end }}\n"
    "{{- define \"pure\" }}x={{ .Values.x }}{{ end }}\n"
    "{{- define \"viaindex\" }}{{ index . \"Template\" \"Name\" }}{{ end }}\n"
    "{{- define \"viaget\" }}{{ get .Template \"Name\" }}{{ end }}\n"
    "{{- define \"viayaml\" }}{{ toYaml .Template | replace \"\\n\" \" \" }}{{ end }}\n"
    "{{- define \"viaprint\" }}{{ printf \"%v\" .Template }}{{ end }}\n"
    "{{- define \"viarange\" }}{{ range $k, $v := .Template }}{{ $v }};{{ end }}{{ end }}\n"
    "{{- define \"viaroot\" }}{{ toJson $ | regexFind \"\\\"Template\\\":{[^}]*}\" }}{{ end }}\n"
    "{{- define \"readers\" }}{{ include \"viaindex\" . }}|{{ include \"viaget\" . }}|{{ include "
    "\"viayaml\" . }}|{{ include \"viaprint\" . }}|{{ include \"viarange\" . }}{{ end }}\n";
/* f3: tname is kept at its second include (a cheap text), so the first wrap is kept with
 * tname answered from the memo: wrap must count as reading .Template all the same */
static const char XF3[] =
    "# f3 root: {{ include \"viaroot\" . }}\n"
    "# f3 inc1: {{ include \"m/templates/f1.yaml\" . }}\n"
    "{{- $_ := set .Values \"x\" \"changed\" }}\n"
    "# f3 t: {{ include \"tname\" . }} {{ include \"tname\" . }} {{ include \"wrap\" . }} {{ "
    "include \"wrap\" . }}\n"
    "# f3 inc2: {{ include \"m/templates/f2.yaml\" . | replace \"\\n\" \" \" }}\n"
    "# f3 r: {{ include \"readers\" . }}\n"
    "# f3 r: {{ include \"readers\" . }}\n"
    "# f3 p: {{ include \"pure\" . }} {{ include \"pure\" . }}\n";
static const char XF2[] = "# f2 t: {{ include \"wrap\" . }} {{ include \"tname\" . }}\n"
                          "# f2 name: {{ .Template.Name }}\n"
                          "# f2 r: {{ include \"readers\" . }}\n"
                          "# f2 p: {{ include \"pure\" . }}\n";
static const char XF1[] = "# f1: {{ include \"pure\" . }}\n";
static const char XF0[] = "# f0: {{ include \"m/templates/f1.yaml\" . }}\n"
                          "# f0 root: {{ include \"viaroot\" . }}\n";

/* helm 3.17.1's output for the chart */
static const char XWANT0[] =
    "# f0: # f1: x=changed\n"
    "\n"
    "# f0 root: \"Template\":{\"BasePath\":\"m/templates\",\"Name\":\"m/templates/f0.yaml\"}\n";
static const char XWANT1[] = "# f1: x=changed\n";
static const char XWANT2[] =
    "# f2 t: <m/templates/f2.yaml> m/templates/f2.yaml\n"
    "# f2 name: m/templates/f2.yaml\n"
    "# f2 r: m/templates/f2.yaml|m/templates/f2.yaml|BasePath: m/templates Name: "
    "m/templates/f2.yaml|map[BasePath:m/templates "
    "Name:m/templates/f2.yaml]|m/templates;m/templates/f2.yaml;\n"
    "# f2 p: x=changed\n";
static const char XWANT3[] =
    "# f3 root: \"Template\":{\"BasePath\":\"m/templates\",\"Name\":\"m/templates/f3.yaml\"}\n"
    "# f3 inc1: # f1: x=one\n"
    "\n"
    "# f3 t: m/templates/f3.yaml m/templates/f3.yaml <m/templates/f3.yaml> "
    "<m/templates/f3.yaml>\n"
    "# f3 inc2: # f2 t: <m/templates/f3.yaml> m/templates/f3.yaml # f2 name: "
    "m/templates/f3.yaml # f2 r: m/templates/f3.yaml|m/templates/f3.yaml|BasePath: m/templates "
    "Name: m/templates/f3.yaml|map[BasePath:m/templates "
    "Name:m/templates/f3.yaml]|m/templates;m/templates/f3.yaml; # f2 p: x=changed \n"
    "# f3 r: m/templates/f3.yaml|m/templates/f3.yaml|BasePath: m/templates Name: "
    "m/templates/f3.yaml|map[BasePath:m/templates "
    "Name:m/templates/f3.yaml]|m/templates;m/templates/f3.yaml;\n"
    "# f3 r: m/templates/f3.yaml|m/templates/f3.yaml|BasePath: m/templates Name: "
    "m/templates/f3.yaml|map[BasePath:m/templates "
    "Name:m/templates/f3.yaml]|m/templates;m/templates/f3.yaml;\n"
    "# f3 p: x=changed x=changed\n";

static void across_files_same_bytes_as_helm(void **state) {
  (void)state;
  tfile files[] = {{"templates/_defs.tpl", XDEFS},
                   {"templates/f3.yaml", XF3},
                   {"templates/f2.yaml", XF2},
                   {"templates/f1.yaml", XF1},
                   {"templates/f0.yaml", XF0}};
  for (int memo = 1; memo >= 0; memo--) {
    ct_arena *a = ct_arena_new();
    ct_buf err = CT_BUF_INIT;
    ct_rendered *r;
    size_t n, hits;
    assert_int_equal(render(a, files, 5, memo, &r, &n, &hits, &err), 0);
    assert_string_equal(find(r, n, "m/templates/f0.yaml"), XWANT0);
    assert_string_equal(find(r, n, "m/templates/f1.yaml"), XWANT1);
    assert_string_equal(find(r, n, "m/templates/f2.yaml"), XWANT2);
    assert_string_equal(find(r, n, "m/templates/f3.yaml"), XWANT3);
    /* f0's include of f1 is f1's own text, kept when f1 rendered */
    if (memo) assert_true(hits >= 1);
    ct_buf_dispose(&err);
    ct_arena_free(a);
  }
}

/* How many includes (and files) of FILES (N, chart "m") the memo answered; the text of each
 * file goes to OUT (N strings, NULL for _ files), to be freed. */
static size_t hits_across(const tfile *files, size_t nfiles, char **out) {
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT;
  ct_rendered *r;
  size_t n, hits;
  assert_int_equal(render(a, files, nfiles, true, &r, &n, &hits, &err), 0);
  for (size_t i = 0; i < nfiles; i++) {
    char name[128];
    snprintf(name, sizeof name, "m/%s", files[i].name);
    const char *t = find(r, n, name);
    out[i] = t ? strdup(t) : NULL;
  }
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return hits;
}

static void across_files_hits(void **state) {
  (void)state;
  char *out[3];
  /* b.yaml executes first; a.yaml's own render is b's include of it, answered */
  tfile inc[] = {{"templates/a.yaml", "a {{ .Values.x }} {{ upper \"k\" }}"},
                 {"templates/b.yaml", "b {{ include \"m/templates/a.yaml\" . }}"}};
  assert_int_equal(hits_across(inc, 2, out), 1);
  assert_string_equal(out[0], "a one K");
  assert_string_equal(out[1], "b a one K");
  free(out[0]), free(out[1]);
  /* z.yaml executes first, then y.yaml's include of it is z's own text */
  tfile first[] = {{"templates/z.yaml", "z {{ .Values.x }} {{ upper \"k\" }}"},
                   {"templates/y.yaml", "y {{ include \"m/templates/z.yaml\" . }}"}};
  assert_int_equal(hits_across(first, 2, out), 1);
  assert_string_equal(out[0], "z one K");
  assert_string_equal(out[1], "y z one K");
  free(out[0]), free(out[1]);
  /* the same where a.yaml reads its .Template: executed again, for its own name */
  tfile own[] = {{"templates/a.yaml", "a {{ .Template.Name }} {{ upper \"k\" }}"},
                 {"templates/b.yaml", "b {{ include \"m/templates/a.yaml\" . }}"}};
  assert_int_equal(hits_across(own, 2, out), 0);
  assert_string_equal(out[0], "a m/templates/a.yaml K");
  assert_string_equal(out[1], "b a m/templates/b.yaml K");
  free(out[0]), free(out[1]);
  /* a helper with the chart scope as its dot, in two files: kept in the first */
  tfile helper[] = {{"templates/_h.tpl", "{{ define \"h\" }}{{ .Values.x | upper }}{{ end }}"},
                    {"templates/a.yaml", "a {{ include \"h\" . }}"},
                    {"templates/b.yaml", "b {{ include \"h\" . }}"}};
  assert_int_equal(hits_across(helper, 3, out), 1);
  assert_string_equal(out[1], "a ONE");
  assert_string_equal(out[2], "b ONE");
  free(out[1]), free(out[2]);
  /* a helper reading .Template in any one way: executed in each file */
  static const char *const readers[] = {
      "{{ .Template.Name }}",
      "{{ $.Template.Name }}",
      "{{ index . \"Template\" \"Name\" }}",
      "{{ get .Template \"Name\" }}",
      "{{ pluck \"Name\" .Template | first }}",
      "{{ toYaml .Template }}",
      "{{ toJson . }}",
      "{{ printf \"%v\" .Template }}",
      "{{ print . }}",
      "{{ range $k, $v := .Template }}{{ $v }}{{ end }}",
      "{{ values .Template | sortAlpha }}",
      "{{ deepCopy .Template }}",
      "{{ pick .Template \"Name\" }}",
      "{{ omit .Template \"BasePath\" }}",
      "{{ merge (dict) .Template }}",
      "{{ dig \"Template\" \"Name\" \"\" . }}",
      "{{ toString .Template }}",
      "{{ list .Template | toJson }}",
      "{{ .Template | toPrettyJson }}",
  };
  for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
    char def[256];
    snprintf(def, sizeof def, "{{ define \"h\" }}{{ upper \"k\" }}%s{{ end }}", readers[i]);
    tfile rd[] = {{"templates/_h.tpl", def},
                  {"templates/a.yaml", "{{ include \"h\" . }}"},
                  {"templates/b.yaml", "{{ include \"h\" . }}"}};
    size_t hits = hits_across(rd, 3, out);
    if (hits || !strstr(out[1], "a.yaml") || !strstr(out[2], "b.yaml"))
      fail_msg("%s: %zu hits, a: %s, b: %s", readers[i], hits, out[1], out[2]);
    free(out[1]), free(out[2]);
  }
  /* ... but not after the first file changed what it reads */
  tfile changed[] = {{"templates/_h.tpl", "{{ define \"h\" }}{{ .Values.x | upper }}{{ end }}"},
                     {"templates/a.yaml", "a {{ include \"h\" . }}"},
                     {"templates/b.yaml", "b {{ include \"h\" . }}{{ $_ := set .Values \"x\" "
                                          "\"two\" }}"}};
  assert_int_equal(hits_across(changed, 3, out), 0);
  assert_string_equal(out[1], "a TWO");
  assert_string_equal(out[2], "b ONE");
  free(out[1]), free(out[2]);
}

/* A scope's first .Template is a key added to it: a text kept before, which listed the
 * scope's keys, does not hold after. Here the parent's d.yaml (the deepest) executes before
 * the subchart's x.yaml gives the subchart's scope its .Template, and e.yaml after
 * (helm 3.17.1's output). */
static void first_template_is_a_change(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  tfile pf[] = {{"templates/_k.tpl",
                 "{{ define \"k\" }}{{ keys .Subcharts.sub | sortAlpha | join \",\" }}{{ end }}"},
                {"templates/a/b/c/d.yaml", "d: {{ include \"k\" . }}\n"},
                {"templates/e.yaml", "e: {{ include \"k\" . }}\n"}};
  tfile sf[] = {{"templates/x.yaml", "x: {{ .Chart.Name }}\n"}};
  ct_chart *c = mk_chart(a, "m", pf, 3, NULL);
  mk_chart(a, "sub", sf, 1, c);
  ct_value *vals = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, vals, "sub", ct_map_new(a, CT_MAP, 0));
  size_t hits = 0;
  ct_render_opts o = {.include_memo_hits = &hits};
  ct_buf err = CT_BUF_INIT;
  ct_rendered *r;
  size_t n;
  assert_int_equal(
      ct_render_chart(&r, &n, a, c, top_for(a, vals), ct_caps_default(a, NULL, 0), &o, &err), 0);
  assert_string_equal(find(r, n, "m/charts/sub/templates/x.yaml"), "x: sub\n");
  assert_string_equal(find(r, n, "m/templates/a/b/c/d.yaml"),
                      "d: Capabilities,Chart,Files,Release,Subcharts,Values\n");
  assert_string_equal(find(r, n, "m/templates/e.yaml"),
                      "e: Capabilities,Chart,Files,Release,Subcharts,Template,Values\n");
  assert_int_equal(hits, 0);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(same_bytes_as_helm),
      cmocka_unit_test(hits_where_nothing_changed),
      cmocka_unit_test(impure_functions),
      cmocka_unit_test(kept_texts_are_not_copied),
      cmocka_unit_test(cheap_texts_kept_the_second_time),
      cmocka_unit_test(across_files_same_bytes_as_helm),
      cmocka_unit_test(across_files_hits),
      cmocka_unit_test(first_template_is_a_change),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
