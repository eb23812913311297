/* test_yaml_head.c — ct_yaml_read_head (the head of a rendered manifest without decoding it)
 * against the whole-document decoder: same head whenever it answers, and every document the
 * decoder refuses or that needs its special handling left to the decoder. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/render.h"
#include "yaml_head_ref.h"

/* Documents the head reader must read itself, with what it must find. */
static void reads_plain_heads(void **state) {
  (void)state;
  static const struct {
    const char *src, *api, *kind, *name;
    int nann; /* -1: no annotations map */
  } cases[] = {
      {"apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n", "v1", "Service", "web", -1},
      {"kind: Job\napiVersion: batch/v1\nmetadata:\n  name: m\n  annotations:\n    helm.sh/hook: "
       "pre-install\n"
       "    helm.sh/hook-weight: \"5\"\nspec:\n  x: [1, 2.5, true, null]\n",
       "batch/v1", "Job", "m", 2},
      {"# only a comment\n", NULL, NULL, NULL, -1},
      {"", NULL, NULL, NULL, -1},
      {"apiVersion: v1\nkind: A\nkind: B\n", "v1", "B", NULL, -1}, /* the last duplicate wins */
      {"apiVersion: v1\nmetadata: null\n", "v1", NULL, NULL, -1},
      {"apiVersion: ~\nkind: \"5\"\nmetadata:\n  annotations: {}\n", NULL, "5", NULL, 0},
      {"metadata:\n  annotations:\n    a: null\n    b: 'x'\n", NULL, NULL, NULL, 2},
      {"apiVersion: 2001-02-03\n", "2001-02-03", NULL, NULL, -1}, /* a timestamp stays text */
      {"kind: !!str 12\n", NULL, "12", NULL, -1},
      {"metadata:\n  annotations:\n    a: \"x\\0y\"\n", NULL, NULL, NULL, 1}, /* a NUL inside */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_arena *a = ct_arena_new();
    ct_yaml_head h;
    assert_int_equal(1, ct_yaml_read_head(&h, a, cases[i].src, strlen(cases[i].src)));
    assert_true(same_str(cases[i].api, h.api_version));
    assert_true(same_str(cases[i].kind, h.kind));
    assert_true(same_str(cases[i].name, h.name));
    if (cases[i].nann < 0) assert_null(h.annotations);
    else assert_int_equal(cases[i].nann, ct_map_len(h.annotations));
    assert_int_equal(1, head_differs(cases[i].src, strlen(cases[i].src)));
    ct_arena_free(a);
  }
}

/* Documents that fail to decode, or need the decoder: the head reader leaves them to it. */
static void leaves_the_rest_to_the_decoder(void **state) {
  (void)state;
  static const char *const cases[] = {
      "apiVersion: v1\nkind: [a\n",                       /* syntax error */
      "apiVersion: 1\n",                                  /* number where SimpleHead wants a string */
      "kind: true\n",
      "metadata: 3\n",
      "metadata:\n  name: {a: b}\n",
      "metadata:\n  annotations:\n    w: 5\n",
      "metadata:\n  annotations: [x]\n",
      "- a\n- b\n",                                       /* not a map */
      "just text\n",
      "x: .nan\n",                                        /* json refuses NaN, deep in the document */
      "spec:\n  v: -.Inf\n",                             /* -Inf */
      "a: &x {k: v}\nb: *x\n",                            /* aliases */
      "base: &b {kind: K}\nm:\n  <<: *b\n",               /* merge keys */
      "~: v\n",                                           /* null key: sigs.k8s.io/yaml refuses it */
      "18446744073709551615: v\n",                        /* uint64 key */
      "? [a]\n: v\n",                                     /* a collection as key */
      "data: !!binary aGk=\n",
      "v: !!int abc\n",                                   /* tag mismatch */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_arena *a = ct_arena_new();
    ct_yaml_head h;
    if (ct_yaml_read_head(&h, a, cases[i], strlen(cases[i])) != 0) fail_msg("read itself: %s", cases[i]);
    assert_int_equal(0, head_differs(cases[i], strlen(cases[i])));
    ct_arena_free(a);
  }
}

/* Every document of every manifest stream recorded from helm in tests/cli/expected: where the
 * head reader answers, it answers as the decoder. */
static void agrees_on_recorded_manifests(void **state) {
  (void)state;
  const char *dir = "tests/cli/expected"; /* ctest runs unit tests from the source tree */
  DIR *d = opendir(dir);
  assert_non_null(d);
  struct dirent *de;
  size_t docs = 0, read_itself = 0;
  while ((de = readdir(d))) {
    size_t nl = strlen(de->d_name);
    if (nl < 4 || strcmp(de->d_name + nl - 4, ".out")) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    ct_arena *a = ct_arena_new();
    size_t nd;
    const char **parts = ct_manifests_split(a, buf, n, &nd);
    for (size_t i = 0; i < nd; i++) {
      int r = head_differs(parts[i], strlen(parts[i]));
      if (r < 0) fail_msg("%s: document %zu", de->d_name, i);
      docs++;
      read_itself += (size_t)r;
    }
    ct_arena_free(a);
  }
  closedir(d);
  assert_true(docs > 50);
  assert_true(read_itself * 10 > docs * 9); /* rendered manifests are plain YAML */
}

/* Deep documents read with pruning from every allowed depth: the deep parts are checked as
 * they finish and dropped; the head and the verdict stay those of the decoder, and a bad
 * scalar deep down is still found. */
static void pruned_reads_agree(void **state) {
  (void)state;
  static const char *const ok[] = {
      "apiVersion: v1\nkind: K\nmetadata:\n  name: web\n  annotations:\n    a: b\nspec:\n  l1:\n"
      "    l2:\n      l3:\n        l4:\n          - x: 1\n            w: [1, 2]\n          - z\n"
      "      other: {a: b}\n",
      "kind: K\nspec:\n  versions:\n  - name: v1\n    schema:\n      openAPIV3Schema:\n"
      "        properties:\n          a:\n            type: string\n            description: |\n"
      "              long text\n              over lines\n",
  };
  static const char *const bad[] = {
      "kind: K\nspec:\n  a:\n    b:\n      c:\n        d: .nan\n",       /* NaN deep down */
      "kind: K\nspec:\n  a:\n    b:\n      c:\n        ~: v\n",          /* null key deep down */
      "kind: K\nspec:\n  a:\n    b:\n      c: &x {k: v}\n      d: *x\n", /* anchors */
      "kind: K\nspec:\n  a:\n    b:\n      c:\n        d: !!int x\n",
  };
  for (int depth = 4; depth <= 6; depth++) {
    ct_codec__yaml_head_prune_depth = depth;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
      /* exact-size copies: documents reach the reader as spans with no NUL after them */
      size_t n = strlen(ok[i]);
      char *src = malloc(n);
      memcpy(src, ok[i], n);
      if (head_differs(src, n) != 1) fail_msg("depth %d: ok[%zu] not read", depth, i);
      free(src);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
      if (head_differs(bad[i], strlen(bad[i])) != 0) fail_msg("depth %d: %s", depth, bad[i]);
  }
  ct_codec__yaml_head_prune_depth = 4; /* the recorded manifests, pruned as far as allowed */
  agrees_on_recorded_manifests(state);
  ct_codec__yaml_head_prune_depth = 5;
}

/* Plain scalars deep in a pruned part, as block values, flow items and keys: the head reader's
 * verdict is the decoder's (only the NaN and infinity words fail as values), and it never
 * accepts what the decoder refuses. */
static void scalar_words_deep_down(void **state) {
  (void)state;
  static const char *const words[] = {
      ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "-.Inf", "+.INF", "-.INF", "+.nan",
      "-.nan", ".Nan", "..inf", ".infx", ".in", "+.in", "1e999", "-1e999", "0x1F", "1_000",
      "12:30:00", "2001-12-14", "y", "NO", "~", "null", "nULL", "+1", "-.5", ".5", "true", "offset",
      "yes_no", "namespace", "Falsey", "o", "-", "+", ".",
      /* every bool and null word go-yaml v2 knows, and near misses of them */
      "Y", "n", "N", "no", "No", "on", "On", "ON", "yes", "Yes", "YES", "off", "Off", "OFF", "True",
      "TRUE", "false", "False", "FALSE", "Null", "NULL", "tRUE", "oN", "nO", "yEs", "ofF", "nulL",
      "falsE", "yes!", "nn", "t", "f", "~~", "name", "port", "tls", "type", "Yess", "onn", "fals"};
  static const char *const forms[][2] = {
      {"kind: K\nspec:\n  a:\n    b:\n      c:\n        d: ", "\n        e: f\n"},
      {"kind: K\nspec:\n  a:\n    b:\n      c:\n        - ", "\n        - f\n"},
      {"kind: K\nspec:\n  a:\n    b:\n      c: [x, ", ", y]\n"},
      {"apiVersion: v1\nmetadata:\n  name: n\nkind: ", "\n"}, /* a head field: strings only */
      {"kind: K\nspec:\n  a:\n    b:\n      c:\n        ", ": v\n        w: v\n"},
  };
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
      char doc[256];
      int n = snprintf(doc, sizeof doc, "%s%s%s", forms[f][0], words[w], forms[f][1]);
      int r = head_differs(doc, (size_t)n);
      if (r < 0) fail_msg("%s", doc);
      ct_arena *a = ct_arena_new();
      ct_yaml_head ref;
      bool decodes = ref_head(&ref, a, doc, (size_t)n);
      ct_arena_free(a);
      if (f < 4 && r != (decodes ? 1 : 0)) fail_msg("verdict %d, decoder %d: %s", r, decodes, doc);
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(scalar_words_deep_down),
      cmocka_unit_test(reads_plain_heads),
      cmocka_unit_test(leaves_the_rest_to_the_decoder),
      cmocka_unit_test(agrees_on_recorded_manifests),
      cmocka_unit_test(pruned_reads_agree),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
