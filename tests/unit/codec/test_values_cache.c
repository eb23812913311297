/* test_values_cache.c — a chart's values file kept decoded in the parse cache
 * (codec/values_cache.c): kept from the second read, found only for the same bytes, the same
 * tree as a parse (types, key order, float bits), never kept for a failure or a small file,
 * its entry unmapped with the arena, and a decoder that refuses every damaged payload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../cache_dir.h"

#include "chartctl/codec.h"
#include "codec/codec_int.h"

static char cdir[256];

static int setup(void **state) {
  (void)state;
  return ct_test_cache_dir(cdir, sizeof cdir, "values-cache");
}

static int teardown(void **state) {
  (void)state;
  ct_test_cache_dir_remove(cdir);
  return 0;
}

static int cache_files(int *empty) { return ct_test_cache_files(cdir, empty, NULL, 0); }

/* A values file past the cache's threshold: every type a values file decodes to, keys out of
 * order, then padding entries (with VARIANT in one of them) to make up the size. */
static char *big_values(int variant) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_printf(&b,
                "# comments are not part of the tree\n"
                "zone: eu\n"
                "image:\n  repository: web\n  tag: \"1.2\"\n"
                "replicas: 3\nratio: 0.1\ndebug: false\non: yes\nempty: ~\nneg: -0.0\n"
                "ports: [80, 443]\n"
                "env:\n  - name: A\n    value: \"x\\0y\"\n  - {}\n  - []\n"
                "text: |\n  two\n  lines\n"
                "variant: %d\n",
                variant);
  for (int i = 0; b.len < CT_YAML_VALUES_CACHE_MIN + 200; i++)
    ct_buf_printf(&b, "pad%03d: {a: %d, b: [x, %d.5, null]}\n", i, i, i);
  char *s = strdup(ct_buf_str(&b));
  ct_buf_dispose(&b);
  return s;
}

/* The tree's exact encoding (types, float bits, key order), "" for none. */
static char *encoding(const ct_value *v, size_t *len) {
  ct_buf b = CT_BUF_INIT;
  if (!ct_codec__values_encode(&b, v)) fail_msg("no encoding");
  char *out = malloc(b.len);
  memcpy(out, b.ptr, b.len);
  *len = b.len;
  ct_buf_dispose(&b);
  return out;
}

/* Reads SRC through the cache and checks the tree is the one a plain parse makes. */
static void read_same(const char *src) {
  ct_arena *a = ct_arena_new(), *ref = ct_arena_new();
  ct_value *v = NULL, *w = NULL;
  ct_buf err = CT_BUF_INIT;
  assert_int_equal(ct_yaml_parse_values_cached(&v, a, src, strlen(src), &err), 0);
  assert_int_equal(ct_yaml_parse_values(&w, ref, src, strlen(src), &err), 0);
  size_t n1, n2;
  char *e1 = encoding(v, &n1), *e2 = encoding(w, &n2);
  assert_int_equal(n1, n2);
  assert_memory_equal(e1, e2, n1);
  free(e1);
  free(e2);
  /* the tree is usable as values: lookups, a string with a NUL, a float */
  ct_value *env = ct_map_getc(v, "env");
  assert_non_null(env);
  ct_value *item = env->list->items[0];
  ct_value *val = ct_map_getc(item, "value");
  assert_int_equal(val->s.len, 3);
  assert_memory_equal(val->s.ptr, "x\0y", 4);
  assert_true(ct_map_getc(v, "ratio")->f == 0.1);
  ct_buf_dispose(&err);
  ct_arena_free(ref);
  ct_arena_free(a);
}

static void kept_from_the_second_read(void **state) {
  (void)state;
  char *src = big_values(1);
  unsigned long hits = ct_yaml_values_cache_hits;
  int empty;
  read_same(src);
  assert_int_equal(cache_files(&empty), 1); /* a marker */
  assert_int_equal(empty, 1);
  read_same(src);
  assert_int_equal(cache_files(&empty), 1); /* the entry */
  assert_int_equal(empty, 0);
  assert_int_equal(ct_yaml_values_cache_hits, hits);
  for (int i = 0; i < 3; i++)
    read_same(src);
  assert_int_equal(ct_yaml_values_cache_hits, hits + 3);
  free(src);
}

/* A file differing in one byte is another file: parsed, and its own tree. */
static void other_bytes_are_parsed(void **state) {
  (void)state;
  char *src = big_values(1);
  for (int i = 0; i < 3; i++)
    read_same(src);
  unsigned long hits = ct_yaml_values_cache_hits;
  char *other = big_values(2);
  ct_arena *a = ct_arena_new();
  ct_value *v = NULL;
  ct_buf err = CT_BUF_INIT;
  assert_int_equal(ct_yaml_parse_values_cached(&v, a, other, strlen(other), &err), 0);
  assert_true(ct_map_getc(v, "variant")->f == 2);
  assert_int_equal(ct_yaml_values_cache_hits, hits);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  free(other);
  free(src);
}

/* A file that fails is parsed every time, with the parser's message, and leaves nothing. */
static void failures_not_kept(void **state) {
  (void)state;
  char *src = big_values(1);
  size_t n = strlen(src);
  char *bad = malloc(n + 32);
  memcpy(bad, src, n);
  strcpy(bad + n, "oops: [unclosed\n");
  int before, empty;
  before = cache_files(&empty);
  for (int i = 0; i < 3; i++) {
    ct_arena *a = ct_arena_new();
    ct_value *v = NULL;
    ct_buf err = CT_BUF_INIT;
    assert_int_equal(ct_yaml_parse_values_cached(&v, a, bad, strlen(bad), &err), -1);
    assert_non_null(strstr(ct_buf_str(&err), "error converting YAML to JSON: yaml: line"));
    ct_buf_dispose(&err);
    ct_arena_free(a);
  }
  assert_int_equal(cache_files(&empty), before);
  /* a document that is not a map: Helm's type error every time */
  ct_buf list = CT_BUF_INIT;
  while (list.len < CT_YAML_VALUES_CACHE_MIN)
    ct_buf_puts(&list, "- an item of a list, not a map of values\n");
  for (int i = 0; i < 3; i++) {
    ct_arena *a = ct_arena_new();
    ct_value *v = NULL;
    ct_buf err = CT_BUF_INIT;
    assert_int_equal(ct_yaml_parse_values_cached(&v, a, list.ptr, list.len, &err), -1);
    assert_string_equal(ct_buf_str(&err), "error unmarshaling JSON: while decoding JSON: json: "
                                          "cannot unmarshal array into Go value of type "
                                          "map[string]interface {}");
    ct_buf_dispose(&err);
    ct_arena_free(a);
  }
  assert_int_equal(cache_files(&empty), before);
  ct_buf_dispose(&list);
  free(bad);
  free(src);
}

/* Small files parse faster than a lookup: nothing is written for them. */
static void small_files_not_kept(void **state) {
  (void)state;
  int empty;
  int before = cache_files(&empty);
  const char *small = "replicas: 3\nimage: {tag: x}\n";
  for (int i = 0; i < 3; i++) {
    ct_arena *a = ct_arena_new();
    ct_value *v = NULL;
    ct_buf err = CT_BUF_INIT;
    assert_int_equal(ct_yaml_parse_values_cached(&v, a, small, strlen(small), &err), 0);
    assert_true(ct_map_getc(v, "replicas")->f == 3);
    ct_buf_dispose(&err);
    ct_arena_free(a);
  }
  assert_int_equal(cache_files(&empty), before);
}

/* How many of this process's mappings are files of the cache directory. */
static int cache_mappings(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  assert_non_null(f);
  char line[1024];
  int n = 0;
  while (fgets(line, sizeof line, f))
    if (strstr(line, cdir)) n++;
  fclose(f);
  return n;
}

/* A hit's strings stay in the entry, mapped exactly as long as the arena lives. */
static void entry_mapped_until_the_arena_is_freed(void **state) {
  (void)state;
  char *src = big_values(3);
  for (int i = 0; i < 2; i++)
    read_same(src);
  assert_int_equal(cache_mappings(), 0);
  unsigned long hits = ct_yaml_values_cache_hits;
  ct_arena *a = ct_arena_new();
  ct_value *v = NULL;
  ct_buf err = CT_BUF_INIT;
  assert_int_equal(ct_yaml_parse_values_cached(&v, a, src, strlen(src), &err), 0);
  assert_int_equal(ct_yaml_values_cache_hits, hits + 1);
  assert_int_equal(cache_mappings(), 1);
  assert_string_equal(ct_map_getc(ct_map_getc(v, "image"), "repository")->s.ptr, "web");
  ct_arena_free(a);
  assert_int_equal(cache_mappings(), 0);
  ct_buf_dispose(&err);
  free(src);
}

/* Without a usable cache directory values are parsed as usual. */
static void unusable_cache_still_parses(void **state) {
  (void)state;
  char file[300];
  snprintf(file, sizeof file, "%s/not-a-dir", cdir);
  FILE *f = fopen(file, "w");
  assert_non_null(f);
  fclose(f);
  setenv("CHARTCTL_PARSE_CACHE_DIR", file, 1);
  char *src = big_values(4);
  unsigned long hits = ct_yaml_values_cache_hits;
  for (int i = 0; i < 3; i++)
    read_same(src);
  assert_int_equal(ct_yaml_values_cache_hits, hits);
  setenv("CHARTCTL_PARSE_CACHE_DIR", cdir, 1);
  free(src);
}

/* Decodes P (N bytes, copied so that the tree's strings outlive nothing else): whether it
 * was accepted; a refusal must leave the arena as it was. */
static bool decodes(const void *p, size_t n) {
  unsigned char *copy = malloc(n ? n : 1);
  memcpy(copy, p, n);
  ct_arena *a = ct_arena_new();
  (void)ct_arena_alloc(a, 16);
  size_t before = ct_arena_used(a);
  ct_value *v = NULL;
  bool ok = ct_codec__values_decode(&v, a, copy, n);
  if (!ok) assert_int_equal(ct_arena_used(a), before);
  ct_arena_free(a);
  free(copy);
  return ok;
}

static void decoder_refuses_damage(void **state) {
  (void)state;
  char *src = big_values(5);
  ct_arena *a = ct_arena_new();
  ct_value *v = NULL;
  ct_buf err = CT_BUF_INIT;
  assert_int_equal(ct_yaml_parse_values(&v, a, src, strlen(src), &err), 0);
  size_t n;
  unsigned char *enc = (unsigned char *)encoding(v, &n);
  assert_true(decodes(enc, n));
  for (size_t cut = 0; cut < n; cut++) /* every truncation */
    assert_false(decodes(enc, cut));
  unsigned char *more = malloc(n + 1); /* a byte after the root */
  memcpy(more, enc, n);
  more[n] = 0;
  assert_false(decodes(more, n + 1));
  free(more);
  enc[0] = 2; /* another format */
  assert_false(decodes(enc, n));
  enc[0] = 1;
  /* hand-made payloads: format, root map of one entry "k" */
  static const unsigned char ok[] = {1, 6, 1, 0, 0, 0, 1, 0, 0, 0, 'k', 0, 0};
  assert_true(decodes(ok, sizeof ok));
  static const unsigned char bad_tag[] = {1, 6, 1, 0, 0, 0, 1, 0, 0, 0, 'k', 0, 7};
  assert_false(decodes(bad_tag, sizeof bad_tag));
  static const unsigned char no_nul[] = {1, 6, 1, 0, 0, 0, 1, 0, 0, 0, 'k', 'x', 0};
  assert_false(decodes(no_nul, sizeof no_nul));
  static const unsigned char twice[] = {1,   6, 2, 0, 0, 0, 1, 0,   0, 0,
                                        'k', 0, 0, 1, 0, 0, 0, 'k', 0, 2};
  assert_false(decodes(twice, sizeof twice));
  static const unsigned char huge_list[] = {1, 6,   1, 0, 0,    0,    1,    0,    0,
                                            0, 'k', 0, 5, 0xff, 0xff, 0xff, 0xff, 0};
  assert_false(decodes(huge_list, sizeof huge_list));
  static const unsigned char root_list[] = {1, 5, 0, 0, 0, 0};
  assert_false(decodes(root_list, sizeof root_list));
  static const unsigned char short_float[] = {1, 6, 1, 0, 0, 0, 1, 0, 0, 0, 'k', 0, 3, 0, 0, 0};
  assert_false(decodes(short_float, sizeof short_float));
  /* nesting past the depth limit */
  ct_buf deep = CT_BUF_INIT;
  ct_buf_put(&deep, "\x01\x06\x01\x00\x00\x00\x01\x00\x00\x00k", 11);
  ct_buf_putc(&deep, 0);
  for (int i = 0; i < 1100; i++)
    ct_buf_put(&deep, "\x05\x01\x00\x00\x00", 5);
  ct_buf_putc(&deep, 0);
  assert_false(decodes(deep.ptr, deep.len));
  ct_buf_dispose(&deep);
  free(enc);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  free(src);
}

/* Only what values files decode to has an encoding; the buffer is left as it was. */
static void encoder_refuses_other_values(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_buf b = CT_BUF_INIT;
  ct_buf_puts(&b, "before");
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  ct_map_setc(a, m, "n", ct_int(a, CT_INT64, 3)); /* an int64: no values file makes one */
  assert_false(ct_codec__values_encode(&b, m));
  assert_string_equal(ct_buf_str(&b), "before");
  m = ct_map_new(a, CT_MAP, 0);
  ct_map_setc(a, m, "l", ct_list_new_nil(a, CT_LIST)); /* a typed nil */
  assert_false(ct_codec__values_encode(&b, m));
  assert_false(ct_codec__values_encode(&b, ct_list_new(a, CT_LIST, 0))); /* a root list */
  assert_false(ct_codec__values_encode(&b, NULL));
  ct_value *deep = ct_map_new(a, CT_MAP, 0), *cur = deep;
  for (int i = 0; i < 1100; i++) {
    ct_value *next = ct_map_new(a, CT_MAP, 0);
    ct_map_setc(a, cur, "d", next);
    cur = next;
  }
  assert_false(ct_codec__values_encode(&b, deep));
  assert_string_equal(ct_buf_str(&b), "before");
  ct_buf_dispose(&b);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(kept_from_the_second_read, setup, teardown),
      cmocka_unit_test_setup_teardown(other_bytes_are_parsed, setup, teardown),
      cmocka_unit_test_setup_teardown(failures_not_kept, setup, teardown),
      cmocka_unit_test_setup_teardown(small_files_not_kept, setup, teardown),
      cmocka_unit_test_setup_teardown(entry_mapped_until_the_arena_is_freed, setup, teardown),
      cmocka_unit_test_setup_teardown(unusable_cache_still_parses, setup, teardown),
      cmocka_unit_test(decoder_refuses_damage),
      cmocka_unit_test(encoder_refuses_other_values),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
