/* test_codec_data.c — YAML/JSON/TOML codecs against helm 3.17.1's own output: values files
 * read as Helm reads them (data/yaml_read.txt) and values printed by toYaml, toYamlPretty,
 * toJson, toPrettyJson and toToml (data/yaml_emit.txt); regenerate with gen/mkdata.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/codec.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  ct_buf b = CT_BUF_INIT;
  char tmp[8192];
  size_t r;
  while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) ct_buf_put(&b, tmp, r);
  fclose(f);
  *len = b.len;
  return ct_buf_steal(&b);
}

/* Splits the data file into lines (in place). */
static char **lines_of(char *text, size_t *n) {
  size_t cap = 64, k = 0;
  char **l = malloc(cap * sizeof *l);
  char *p = text;
  while (*p) {
    if (k == cap) l = realloc(l, (cap *= 2) * sizeof *l);
    l[k++] = p;
    char *nl = strchr(p, '\n');
    if (!nl) break;
    *nl = 0;
    p = nl + 1;
  }
  *n = k;
  return l;
}

static void yaml_read(void **state) {
  (void)state;
  size_t len, n;
  char *text = slurp("tests/unit/codec/data/yaml_read.txt", &len);
  assert_non_null(text);
  char **l = lines_of(text, &n);
  int failures = 0, cases = 0;
  for (size_t i = 0; i < n; i++) {
    if (strncmp(l[i], "### ", 4) != 0) continue;
    const char *name = l[i] + 4;
    ct_buf src = CT_BUF_INIT;
    size_t j = i + 1;
    for (; j < n && strncmp(l[j], "--> ", 4) != 0; j++) {
      if (j > i + 1) ct_buf_putc(&src, '\n');
      ct_buf_puts(&src, l[j]);
    }
    assert_true(j < n);
    const char *want = l[j] + 4;
    ct_arena *a = ct_arena_new();
    ct_buf got = CT_BUF_INIT, err = CT_BUF_INIT;
    ct_value *v;
    if (ct_yaml_parse_values(&v, a, ct_buf_str(&src), src.len, &err) < 0) {
      ct_buf_printf(&got, "Error: %s", ct_buf_str(&err));
    } else if (ct_json_emit(&got, v, NULL, true, &err) < 0) {
      ct_buf_printf(&got, "json error: %s", ct_buf_str(&err));
    }
    if (strcmp(ct_buf_str(&got), want) != 0) {
      printf("yaml_read %s:\n  got  %s\n  want %s\n", name, ct_buf_str(&got), want);
      failures++;
    }
    cases++;
    ct_buf_dispose(&got);
    ct_buf_dispose(&err);
    ct_buf_dispose(&src);
    ct_arena_free(a);
    i = j;
  }
  free(l);
  free(text);
  assert_true(cases > 40);
  assert_int_equal(failures, 0);
}

static int render(const char *tag, const ct_value *v, ct_buf *out, ct_buf *err) {
  if (strcmp(tag, "yaml") == 0) return ct_yaml_emit(out, v, err);
  if (strcmp(tag, "yaml3") == 0) return ct_yaml_emit_v3(out, v, err);
  if (strcmp(tag, "toml") == 0) return ct_toml_emit(out, v, err);
  int rc = ct_json_emit(out, v, strcmp(tag, "prettyjson") == 0 ? "  " : NULL, true, err);
  if (rc == 0) ct_buf_putc(out, '\n');
  return rc;
}

static void yaml_emit(void **state) {
  (void)state;
  size_t len, n;
  char *text = slurp("tests/unit/codec/data/yaml_emit.txt", &len);
  assert_non_null(text);
  char **l = lines_of(text, &n);
  int failures = 0, checks = 0;
  ct_arena *a = ct_arena_new();
  const char *name = NULL;
  ct_value *input = NULL;
  for (size_t i = 0; i < n; i++) {
    ct_buf err = CT_BUF_INIT;
    if (strncmp(l[i], "### ", 4) == 0) {
      name = l[i] + 4;
      i++;
      /* read as helm read it: a values file {"v": INPUT} */
      ct_buf doc = CT_BUF_INIT;
      ct_buf_printf(&doc, "{\"v\": %s}", l[i]);
      ct_value *vals;
      assert_int_equal(ct_yaml_parse_values(&vals, a, doc.ptr, doc.len, &err), 0);
      input = ct_map_getc(vals, "v");
      ct_buf_dispose(&doc);
    } else if (strncmp(l[i], "--> ", 4) == 0) {
      char *tag = l[i] + 4;
      char *sp = strchr(tag, ' ');
      assert_non_null(sp);
      *sp = 0;
      ct_value *want;
      assert_int_equal(ct_json_parse(&want, a, sp + 1, strlen(sp + 1), &err), 0);
      ct_buf got = CT_BUF_INIT;
      if (render(tag, input, &got, &err) < 0) ct_buf_reset(&got);
      if (strcmp(tag, "toml") == 0 && err.len) ct_buf_puts(&got, ct_buf_str(&err));
      if (got.len != want->s.len || memcmp(ct_buf_str(&got), want->s.ptr, got.len) != 0) {
        printf("%s [%s]:\n--- got\n%s--- want\n%s---\n", name, tag, ct_buf_str(&got), want->s.ptr);
        failures++;
      }
      checks++;
      ct_buf_dispose(&got);
    }
    ct_buf_dispose(&err);
  }
  ct_arena_free(a);
  free(l);
  free(text);
  assert_true(checks > 80);
  assert_int_equal(failures, 0);
}

/* Files of "<JSON string: the input>" / "--> <expected>" pairs. TOML: expected is fromToml's
 * map (with "Error" on failure) as toJson prints it. */
static void pairs(const char *path, bool toml) {
  size_t len, n;
  char *text = slurp(path, &len);
  assert_non_null(text);
  char **l = lines_of(text, &n);
  int failures = 0, cases = 0;
  for (size_t i = 0; i + 1 < n; i += 2) {
    assert_memory_equal(l[i + 1], "--> ", 4);
    const char *want = l[i + 1] + 4;
    ct_arena *a = ct_arena_new();
    ct_buf got = CT_BUF_INIT, err = CT_BUF_INIT;
    ct_value *src, *v;
    assert_int_equal(ct_json_parse(&src, a, l[i], strlen(l[i]), &err), 0);
    int rc = toml ? ct_toml_parse(&v, a, src->s.ptr, src->s.len, &err)
                  : ct_json_parse(&v, a, src->s.ptr, src->s.len, &err);
    if (rc < 0 && toml) {
      v = ct_map_new(a, CT_MAP, 1);
      ct_map_setc(a, v, "Error", ct_string(a, ct_buf_str(&err), err.len));
      rc = 0;
    }
    if (rc < 0) ct_buf_printf(&got, "Error: %s", ct_buf_str(&err));
    else if (ct_json_emit(&got, v, NULL, true, &err) < 0) ct_buf_reset(&got);
    if (strcmp(ct_buf_str(&got), want) != 0) {
      printf("%s: %s\n  got  %s\n  want %s\n", path, l[i], ct_buf_str(&got), want);
      failures++;
    }
    cases++;
    ct_buf_dispose(&got);
    ct_buf_dispose(&err);
    ct_arena_free(a);
  }
  free(l);
  free(text);
  assert_true(cases > 20);
  assert_int_equal(failures, 0);
}

static void json_parse(void **state) {
  (void)state;
  pairs("tests/unit/codec/data/json_parse.txt", false);
}

static void toml_parse(void **state) {
  (void)state;
  pairs("tests/unit/codec/data/toml_parse.txt", true);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(yaml_read), cmocka_unit_test(yaml_emit),
                                     cmocka_unit_test(json_parse), cmocka_unit_test(toml_parse)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
