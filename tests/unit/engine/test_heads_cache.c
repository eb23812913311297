/* test_heads_cache.c — the heads of a render's documents kept in the parse cache
 * (engine/manifests.c): kept from the second sort of the same documents and read back from
 * the third with the same manifests and hooks as a fresh read; not found for documents that
 * differ by one byte or come from another file; never kept for a sort that fails, whose error
 * stays the reader's; nothing at all below the size threshold; a damaged entry is a miss. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../cache_dir.h"

#include "chartctl/buf.h"
#include "chartctl/render.h"
#include "engine/engine_int.h"

static char cdir[256];

static int setup(void **state) {
  (void)state;
  return ct_test_cache_dir(cdir, sizeof cdir, "heads-cache");
}

static int teardown(void **state) {
  (void)state;
  ct_test_cache_dir_remove(cdir);
  return 0;
}

/* A rendered chart of some 24 KB: a ConfigMap holding a long block scalar, a Deployment, a
 * hook with a weight and delete policies, a hook of an unknown event, a document whose hook
 * annotation is null, one without a kind. PAD changes one byte of the block scalar. */
static char *chart_text(char pad) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_puts(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n"
                  "  envoy.yaml: |-\n");
  for (int i = 0; i < 600; i++)
    ct_buf_printf(&b, "    line %d of the configuration: %c\n", i, i == 300 ? pad : 'x');
  ct_buf_puts(&b, "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
                  "  annotations:\n    checksum/config: abc\nspec:\n  replicas: 2\n"
                  "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n"
                  "  annotations:\n    helm.sh/hook: Pre-Install, post-upgrade\n"
                  "    helm.sh/hook-weight: \"-5\"\n"
                  "    helm.sh/hook-delete-policy: Before-Hook-Creation,hook-succeeded\n"
                  "---\nkind: Job\nmetadata:\n  name: odd\n  annotations:\n"
                  "    helm.sh/hook: bogus\n"
                  "---\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    helm.sh/hook: null\n"
                  "---\nmetadata:\n  name: kindless\n");
  char *s = strdup(ct_buf_str(&b));
  ct_buf_dispose(&b);
  return s;
}

/* The sort of TEXTS (N files) written out: every manifest and hook with all it has. Returns
 * the sort's status; *OUT (to free) the listing or the error. */
static int sorted(const char *const *names, const char *const *texts, size_t n, char **out) {
  ct_arena *a = ct_arena_new();
  ct_rendered *files = ct_arena_alloc(a, n * sizeof *files);
  for (size_t i = 0; i < n; i++)
    files[i] = (ct_rendered){.name = names[i], .text = texts[i], .len = strlen(texts[i])};
  ct_manifest *m, *h;
  size_t nm, nh;
  ct_buf err = CT_BUF_INIT, b = CT_BUF_INIT;
  int rc = ct_manifests_sort(&m, &nm, &h, &nh, a, files, n, &err);
  if (rc == 0) {
    for (size_t i = 0; i < nm; i++)
      ct_buf_printf(&b, "%s|%s|%s|%s|%zu\n", m[i].name, m[i].api_version, m[i].kind, m[i].res_name,
                    m[i].doc_len);
    for (size_t i = 0; i < nh; i++) {
      ct_buf_printf(&b, "hook %s|%s|%s|%d|", h[i].name, h[i].kind, h[i].res_name, h[i].weight);
      for (size_t k = 0; k < h[i].nevents; k++)
        ct_buf_printf(&b, "%s,", h[i].events[k]);
      ct_buf_puts(&b, "|");
      for (size_t k = 0; k < h[i].ndelete_policies; k++)
        ct_buf_printf(&b, "%s,", h[i].delete_policies[k]);
      ct_buf_puts(&b, "\n");
    }
  }
  *out = strdup(rc == 0 ? ct_buf_str(&b) : ct_buf_str(&err));
  ct_buf_dispose(&b);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return rc;
}

static const char *const NAMES[] = {"c/templates/a.yaml", "c/templates/b.yaml"};

static void kept_from_the_second_sort(void **state) {
  (void)state;
  char *text = chart_text('x');
  const char *const texts[] = {text, "kind: Service\nmetadata:\n  name: svc\n"};
  /* what a read without the cache gives */
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  char *want;
  assert_int_equal(sorted(NAMES, texts, 2, &want), 0);
  assert_non_null(strstr(want, "c/templates/a.yaml|v1|ConfigMap|conf|"));
  assert_non_null(strstr(want, "hook c/templates/a.yaml|Job|migrate|-5|pre-install,post-upgrade,"
                               "|before-hook-creation,hook-succeeded,\n"));
  assert_null(strstr(want, "odd")); /* an unknown hook is skipped */
  assert_non_null(strstr(want, "|Pod|p|"));
  assert_non_null(strstr(want, "c/templates/a.yaml|||kindless|"));
  unsetenv("CHARTCTL_NO_PARSE_CACHE");

  unsigned long hits = ct_engine__heads_cache_hits;
  int empty;
  char *got;
  assert_int_equal(sorted(NAMES, texts, 2, &got), 0);
  assert_string_equal(got, want);
  free(got);
  assert_int_equal(ct_test_cache_files(cdir, &empty, NULL, 0), 1); /* a marker */
  assert_int_equal(empty, 1);
  assert_int_equal(sorted(NAMES, texts, 2, &got), 0);
  assert_string_equal(got, want);
  free(got);
  assert_int_equal(ct_test_cache_files(cdir, &empty, NULL, 0), 1); /* the entry */
  assert_int_equal(empty, 0);
  assert_int_equal(ct_engine__heads_cache_hits, hits);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(sorted(NAMES, texts, 2, &got), 0);
    assert_string_equal(got, want);
    free(got);
  }
  assert_int_equal(ct_engine__heads_cache_hits, hits + 3);

  /* one byte changed: another key */
  char *other = chart_text('y');
  const char *const texts2[] = {other, texts[1]};
  assert_int_equal(sorted(NAMES, texts2, 2, &got), 0);
  assert_string_equal(got, want); /* (the byte is in the block scalar) */
  free(got);
  assert_int_equal(ct_engine__heads_cache_hits, hits + 3);
  /* the same bytes from another file: another key, and another listing */
  static const char *const names2[] = {"c/templates/z.yaml", "c/templates/b.yaml"};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(sorted(names2, texts, 2, &got), 0);
    assert_non_null(strstr(got, "c/templates/z.yaml|v1|ConfigMap|conf|"));
    free(got);
  }
  assert_int_equal(ct_engine__heads_cache_hits, hits + 4); /* its own entry, third time */
  free(other);
  free(want);
  free(text);
}

/* A sort that fails keeps nothing, and its error is the reader's every time. */
static void failures_are_read_every_time(void **state) {
  (void)state;
  char *text = chart_text('x');
  ct_buf b = CT_BUF_INIT;
  ct_buf_puts(&b, text);
  ct_buf_puts(&b, "\n---\nkind: [unclosed\n");
  const char *const texts[] = {ct_buf_str(&b), "kind: Service\n"};
  unsigned long hits = ct_engine__heads_cache_hits;
  char *first = NULL;
  for (int i = 0; i < 4; i++) {
    char *got;
    assert_int_equal(sorted(NAMES, texts, 2, &got), -1);
    assert_non_null(strstr(got, "YAML parse error on c/templates/a.yaml: "));
    if (!first)
      first = got;
    else {
      assert_string_equal(got, first);
      free(got);
    }
  }
  int empty;
  assert_int_equal(ct_test_cache_files(cdir, &empty, NULL, 0), 0);
  assert_int_equal(ct_engine__heads_cache_hits, hits);
  free(first);
  ct_buf_dispose(&b);
  free(text);
}

/* Below the threshold the cache is not asked (no marker, no entry). */
static void small_renders_are_read(void **state) {
  (void)state;
  const char *const texts[] = {"kind: ConfigMap\nmetadata:\n  name: c\n", "kind: Service\n"};
  for (int i = 0; i < 3; i++) {
    char *got;
    assert_int_equal(sorted(NAMES, texts, 2, &got), 0);
    free(got);
  }
  int empty;
  assert_int_equal(ct_test_cache_files(cdir, &empty, NULL, 0), 0);
}

/* An entry whose payload was damaged is a miss (the cache's checksum), and the heads are read
 * again: the same listing. */
static void damaged_entry_is_a_miss(void **state) {
  (void)state;
  char *text = chart_text('x');
  const char *const texts[] = {text, "kind: Service\nmetadata:\n  name: svc\n"};
  char *want, *got;
  for (int i = 0; i < 2; i++) {
    assert_int_equal(sorted(NAMES, texts, 2, &want), 0);
    if (i == 0) free(want);
  }
  int empty;
  char big[600];
  assert_int_equal(ct_test_cache_files(cdir, &empty, big, sizeof big), 1);
  FILE *f = fopen(big, "r+b");
  assert_non_null(f);
  assert_int_equal(fseek(f, -3, SEEK_END), 0); /* in the payload: the last head's fields */
  int c = fgetc(f);
  assert_int_equal(fseek(f, -3, SEEK_END), 0);
  fputc(c ^ 0x20, f);
  fclose(f);
  unsigned long hits = ct_engine__heads_cache_hits;
  assert_int_equal(sorted(NAMES, texts, 2, &got), 0);
  assert_string_equal(got, want);
  free(got);
  assert_int_equal(ct_engine__heads_cache_hits, hits);
  free(want);
  free(text);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(kept_from_the_second_sort, setup, teardown),
      cmocka_unit_test_setup_teardown(failures_are_read_every_time, setup, teardown),
      cmocka_unit_test_setup_teardown(small_renders_are_read, setup, teardown),
      cmocka_unit_test_setup_teardown(damaged_entry_is_a_miss, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
