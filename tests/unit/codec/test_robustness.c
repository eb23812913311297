/* test_robustness.c — the readers and writers on mangled input: thousands of deterministic
 * mutations (flips, insertions, cuts) of valid YAML/JSON/TOML must give a value or a message,
 * never a crash, a hang or a leak (run it under the sanitizer build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/codec.h"
#include "chartctl/gofmt.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static const char *const seeds[] = {
    "a: 1\nb: [x, {y: z}]\nc: |\n  text\n  more\nd: &a {k: v}\ne: *a\nf:\n  <<: *a\n  g: \"q\\u00e9\"\n",
    "- 1\n- two\n- {three: 3, four: [4, 4.5, .inf]}\n- !!binary aGk=\n- ? complex\n  : key\n",
    "{\"a\": [1, 2.5e3, true, null, \"s\\n\\u2028\"], \"b\": {\"c\": {}}}",
    "title = \"t\"\n[owner]\nname = \"n\"\nn = 42\narr = [1, 2]\n[[t]]\nx = 1\nit = { a = 1 }\n",
    "%YAML 1.1\n---\nx: 'it''s'\ny: >-\n  folded\n  lines\n...\n---\nz: 2001-12-14\n",
};

static void exercise(const char *s, size_t n) {
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT, out = CT_BUF_INIT;
  ct_value *v = NULL;
  int (*readers[])(ct_value **, ct_arena *, const char *, size_t, ct_buf *) = {
      ct_yaml_parse_values, ct_yaml_parse_any, ct_yaml_parse_all, ct_yaml_parse_raw,
      ct_json_parse,        ct_toml_parse};
  for (size_t r = 0; r < sizeof readers / sizeof readers[0]; r++) {
    ct_buf_reset(&err);
    v = NULL;
    if (readers[r](&v, a, s, n, &err) < 0) {
      assert_true(err.len > 0); /* every failure says why */
      continue;
    }
    ct_buf_reset(&out);
    ct_yaml_emit(&out, v, &err);
    ct_buf_reset(&out);
    ct_yaml_emit_v3(&out, v, &err);
    ct_buf_reset(&out);
    ct_json_emit(&out, v, "  ", true, &err);
    ct_buf_reset(&out);
    if (v) ct_toml_emit(&out, v, &err);
    ct_buf_reset(&out);
    ct_gofmt_value(&out, v);
  }
  ct_buf_dispose(&err);
  ct_buf_dispose(&out);
  ct_arena_free(a);
}

static void mutations(void **state) {
  (void)state;
  const char inserts[] = "\n\t :-[]{},'\"\\!&*?|>%@`#\x85\xc2\xe2\x80\xa8\xff\x00";
  for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
    size_t base = strlen(seeds[k]);
    for (int iter = 0; iter < 600; iter++) {
      char buf[512];
      size_t n = base;
      memcpy(buf, seeds[k], n);
      int edits = 1 + (int)(next() % 4);
      for (int e = 0; e < edits; e++) {
        size_t pos = n ? (size_t)(next() % n) : 0;
        switch (next() % 4) {
        case 0: buf[pos] = inserts[next() % (sizeof inserts - 1)]; break;
        case 1:
          if (n + 1 < sizeof buf) {
            memmove(buf + pos + 1, buf + pos, n - pos);
            buf[pos] = inserts[next() % (sizeof inserts - 1)];
            n++;
          }
          break;
        case 2:
          if (n) {
            memmove(buf + pos, buf + pos + 1, n - pos - 1);
            n--;
          }
          break;
        default: n = pos; break;
        }
      }
      exercise(buf, n);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(mutations)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
