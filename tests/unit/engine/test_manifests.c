/* test_manifests.c — releaseutil behaviour of the engine: SplitManifests' "---" regex, kind
 * ordering, hooks, YAML errors, filepath.Match, gobwas globs, kube versions, capabilities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/errors.h"
#include "chartctl/render.h"
#include "engine/engine_int.h"

static void split_basic(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  size_t n;
  const char **d = ct_manifests_split(a, "a: 1\n---\nb: 2\n", 13, &n);
  assert_int_equal(n, 2);
  assert_string_equal(d[0], "a: 1");
  assert_string_equal(d[1], "b: 2");
  /* leading separator, blank documents, trailing spaces after --- */
  const char *s = "---   \nx: 1\n\n---\n---\ny: 2\n  \n";
  d = ct_manifests_split(a, s, strlen(s), &n);
  assert_int_equal(n, 2);
  assert_string_equal(d[0], "x: 1");
  /* the first match ate the newline the second "---" would need: it stays in the text */
  assert_string_equal(d[1], "---\ny: 2");
  ct_arena_free(a);
}

static void split_dashes_in_text(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  size_t n;
  /* "\n-----BEGIN" matches helm's separator too: the regex needs no line end after --- */
  const char *s = "k: |\n  x\n-----BEGIN CERT\n";
  const char **d = ct_manifests_split(a, s, strlen(s), &n);
  assert_int_equal(n, 2);
  assert_string_equal(d[0], "k: |\n  x");
  assert_string_equal(d[1], "--BEGIN CERT");
  /* "---" not at a line start is text */
  s = "a: b---c\n";
  d = ct_manifests_split(a, s, strlen(s), &n);
  assert_int_equal(n, 1);
  assert_string_equal(d[0], "a: b---c");
  d = ct_manifests_split(a, "  \n\t", 4, &n);
  assert_int_equal(n, 0);
  ct_arena_free(a);
}

/* The separator is the whole run of white space before "\n---" and after it, whatever mix of
 * spaces, tabs, CR and FF; a text of many documents splits in one pass. */
static void split_whitespace_runs(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  size_t n;
  const char *s = "a: 1 \t\r\n \n---\t\r\n\nb: 2\n---";
  const char **d = ct_manifests_split(a, s, strlen(s), &n);
  assert_int_equal(n, 2);
  assert_string_equal(d[0], "a: 1");
  assert_string_equal(d[1], "b: 2");
  /* "---" at the very start needs no line break; "x---" inside a line is text */
  s = "---a: 1\nk: x---\n--- \n---\nc: 3";
  d = ct_manifests_split(a, s, strlen(s), &n);
  assert_int_equal(n, 2);
  assert_string_equal(d[0], "a: 1\nk: x---");
  assert_string_equal(d[1], "---\nc: 3"); /* the first match ate the line break before it */
  /* many documents */
  ct_buf big = CT_BUF_INIT;
  for (int i = 0; i < 20000; i++)
    ct_buf_printf(&big, "kind: K%d\ndata:\n  x: \"%d\"\n---\n", i, i);
  d = ct_manifests_split(a, ct_buf_str(&big), big.len, &n);
  assert_int_equal(n, 20000);
  assert_string_equal(d[0], "kind: K0\ndata:\n  x: \"0\"");
  assert_string_equal(d[19999], "kind: K19999\ndata:\n  x: \"19999\"");
  ct_buf_dispose(&big);
  ct_arena_free(a);
}

static void path_match(void **state) {
  (void)state;
  assert_true(ct_path_match("templates/*.yaml", "templates/a.yaml"));
  assert_false(ct_path_match("templates/*.yaml", "templates/sub/a.yaml"));
  assert_true(ct_path_match("templates/?.yaml", "templates/a.yaml"));
  assert_true(ct_path_match("templates/[a-c].yaml", "templates/b.yaml"));
  assert_false(ct_path_match("templates/[^a-c].yaml", "templates/b.yaml"));
  assert_true(ct_path_match("charts/sub/templates/x.yaml", "charts/sub/templates/x.yaml"));
  assert_false(ct_path_match("templates/[", "templates/["));
  assert_true(ct_path_match("a\\*b", "a*b"));
}

static void gobwas_glob(void **state) {
  (void)state;
  assert_true(ct_engine__glob("files/*", "files/a.txt"));
  assert_false(ct_engine__glob("files/*", "files/sub/a.txt"));
  assert_true(ct_engine__glob("files/**", "files/sub/a.txt"));
  assert_true(ct_engine__glob("files/**/*.txt", "files/sub/a.txt"));
  assert_false(ct_engine__glob("files/**/*.txt", "files/a.txt"));
  assert_true(ct_engine__glob("files/{a,b}.txt", "files/b.txt"));
  assert_false(ct_engine__glob("files/{a,b}.txt", "files/c.txt"));
  assert_true(ct_engine__glob("files/[!a]*", "files/b"));
  assert_false(ct_engine__glob("files/[!a]*", "files/a"));
  assert_true(ct_engine__glob("files/{a", "anything")); /* bad pattern: helm uses "**" */
}

static ct_rendered R(const char *name, const char *text) {
  ct_rendered r = {name, text, strlen(text)};
  return r;
}

static void sort_kinds_and_hooks(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_rendered files[] = {
      R("c/templates/a.yaml", "kind: Deployment\nmetadata:\n  name: d\n---\nkind: Service\n"),
      R("c/templates/b.yaml", "kind: Zebra\n---\nkind: Alpha\n---\nkind: Namespace\n"),
      R("c/templates/h.yaml", "kind: Job\nmetadata:\n  name: j\n  annotations:\n"
                              "    helm.sh/hook: Pre-Install, test-success\n"
                              "    helm.sh/hook-weight: \"-3\"\n"),
      R("c/templates/u.yaml", "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: bogus\n"),
      R("c/templates/_p.tpl", "kind: Secret\n"),
      R("c/templates/e.yaml", "  \n"),
  };
  ct_manifest *m, *h;
  size_t nm, nh;
  ct_buf err = CT_BUF_INIT;
  assert_int_equal(ct_manifests_sort(&m, &nm, &h, &nh, a, files, 6, &err), 0);
  assert_int_equal(nm, 5);
  assert_string_equal(m[0].kind, "Namespace");
  assert_string_equal(m[1].kind, "Service");
  assert_string_equal(m[2].kind, "Deployment");
  assert_string_equal(m[3].kind, "Alpha"); /* unknown kinds last, alphabetically */
  assert_string_equal(m[4].kind, "Zebra");
  assert_string_equal(m[2].res_name, "d");
  assert_int_equal(nh, 1);
  assert_string_equal(h[0].name, "c/templates/h.yaml");
  assert_int_equal(h[0].nevents, 2);
  assert_string_equal(h[0].events[0], "pre-install");
  assert_string_equal(h[0].events[1], "test");
  assert_int_equal(h[0].weight, -3);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

static void sort_yaml_errors(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_manifest *m, *h;
  size_t nm, nh;
  ct_buf err = CT_BUF_INIT;
  ct_rendered s[] = {R("c/templates/s.yaml", "just a string\n")};
  assert_int_equal(ct_manifests_sort(&m, &nm, &h, &nh, a, s, 1, &err), -1);
  assert_string_equal(ct_buf_str(&err),
                      "YAML parse error on c/templates/s.yaml: error unmarshaling JSON: while "
                      "decoding JSON: json: cannot unmarshal string into Go value of type "
                      "releaseutil.SimpleHead");
  ct_buf_reset(&err);
  ct_rendered b[] = {R("c/templates/b.yaml", "a: b\n c: d\n")};
  assert_int_equal(ct_manifests_sort(&m, &nm, &h, &nh, a, b, 1, &err), -1);
  assert_non_null(strstr(ct_buf_str(&err), "YAML parse error on c/templates/b.yaml: "));
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

/* Documents are spans of the rendered text, not copies: each head is read from its own bytes
 * only (the next document starts right after), and what a span holds is the trimmed
 * document. A document whose last line is a partial key must not borrow the next one's. */
static void sort_docs_are_spans(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  const char *text = "kind: Service\nmetadata:\n  name: s\n---\nkind: ConfigMap\nmetadata:\n"
                     "  name: c\n  \n---\nkind: Secret\nmetadata:\n  name: x\n";
  ct_rendered files[] = {{.name = "c/templates/a.yaml", .text = text, .len = strlen(text)}};
  ct_manifest *m, *h;
  size_t nm, nh;
  ct_buf err = CT_BUF_INIT;
  assert_int_equal(ct_manifests_sort(&m, &nm, &h, &nh, a, files, 1, &err), 0);
  assert_int_equal(nm, 3);
  assert_string_equal(m[0].kind, "Secret");
  assert_string_equal(m[0].res_name, "x");
  assert_string_equal(m[1].kind, "ConfigMap");
  assert_string_equal(m[1].res_name, "c");
  assert_string_equal(m[2].kind, "Service");
  assert_string_equal(m[2].res_name, "s");
  for (size_t i = 0; i < nm; i++) {
    assert_true(m[i].doc >= text && m[i].doc + m[i].doc_len <= text + strlen(text));
  }
  assert_int_equal(m[1].doc_len, strlen("kind: ConfigMap\nmetadata:\n  name: c"));
  assert_memory_equal(m[2].doc, "kind: Service\nmetadata:\n  name: s", m[2].doc_len);
  /* the first document ends in an unterminated flow sequence: an error of its own, even
   * though the bytes after it would close it */
  const char *bad = "kind: A\nx: [1\n---\n]\nkind: B\n";
  ct_rendered b[] = {{.name = "c/templates/b.yaml", .text = bad, .len = strlen(bad)}};
  assert_int_equal(ct_manifests_sort(&m, &nm, &h, &nh, a, b, 1, &err), -1);
  assert_non_null(strstr(ct_buf_str(&err), "YAML parse error on c/templates/b.yaml: "));
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

static void kube_versions(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_caps *c = ct_caps_default(a, NULL, 0);
  assert_string_equal(c->kube_version, "v1.32.0");
  assert_int_equal(ct_caps_set_kube_version(c, a, "1.20"), CT_OK);
  assert_string_equal(c->kube_version, "v1.20.0");
  assert_string_equal(c->kube_major, "1");
  assert_string_equal(c->kube_minor, "20");
  assert_int_equal(ct_caps_set_kube_version(c, a, "v1.27.3-gke.100"), CT_OK);
  assert_string_equal(c->kube_version, "v1.27.3-gke.100");
  assert_int_equal(ct_caps_set_kube_version(c, a, "nope"), CT_EINVAL);
  assert_string_equal(ct_error_last(), "Invalid Semantic Version");
  const char *extra[] = {"example.com/v1"};
  c = ct_caps_default(a, extra, 1);
  ct_value *cv = ct_caps_value(a, c), *vs = NULL, *has = NULL;
  assert_int_equal(cv->obj.cls->field(&vs, cv, "APIVersions", a), 0);
  ct_value *arg = ct_cstring(a, "example.com/v1");
  char eb[128];
  assert_int_equal(vs->obj.cls->method(&has, vs, "Has", &arg, 1, a, eb, sizeof eb), 0);
  assert_true(has->b);
  arg = ct_cstring(a, "apps/v1/Deployment");
  assert_int_equal(vs->obj.cls->method(&has, vs, "Has", &arg, 1, a, eb, sizeof eb), 0);
  assert_false(has->b);
  ct_arena_free(a);
}

static void error_rewriting(void **state) {
  (void)state;
  ct_buf b = CT_BUF_INIT;
  ct_engine__parse_error(&b, "c/templates/t.yaml",
                         "template: c/templates/t.yaml:6: function \"env\" not defined");
  assert_string_equal(ct_buf_str(&b), "parse error at (c/templates/t.yaml:6): function \"env\" not defined");
  ct_buf_reset(&b);
  ct_engine__exec_error(&b, "c/templates/t.yaml",
                        "template: c/templates/t.yaml:6:8: executing \"c/templates/t.yaml\" at <fail "
                        "\"x\">: error calling fail: HELM_ERR_STARTcustom: msgHELM_ERR_END");
  assert_string_equal(ct_buf_str(&b), "execution error at (c/templates/t.yaml:6:8): custom: msg");
  ct_buf_reset(&b);
  const char *plain = "template: c/t.yaml:1:2: executing \"c/t.yaml\" at <.x.y>: nil pointer";
  ct_engine__exec_error(&b, "c/t.yaml", plain);
  assert_string_equal(ct_buf_str(&b), plain);
  ct_buf_dispose(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(split_basic),           cmocka_unit_test(split_dashes_in_text),
      cmocka_unit_test(split_whitespace_runs), cmocka_unit_test(path_match),
      cmocka_unit_test(gobwas_glob),           cmocka_unit_test(sort_kinds_and_hooks),
      cmocka_unit_test(sort_yaml_errors),      cmocka_unit_test(sort_docs_are_spans),
      cmocka_unit_test(kube_versions),         cmocka_unit_test(error_rewriting),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
