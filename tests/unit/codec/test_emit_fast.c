/* test_emit_fast.c — the YAML emitter's whole-value paths (ASCII scalars scanned with a
 * table, written at once, literal lines at once) against its character-by-character
 * reference paths (ct_codec__emit_reference), and the ASCII key comparison against go-yaml's
 * keyList.Less on runes, over many generated values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/codec.h"
#include "codec/codec_int.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* Pieces a scalar is built from: the indicators and blanks the styles depend on, words long
 * enough to push a line past 80 columns, and bytes past ASCII. */
static const char *const PIECES[] = {"a",
                                     "word",
                                     "Lorem",
                                     "ipsum",
                                     "0",
                                     "1",
                                     "12",
                                     "0x1F",
                                     "1e3",
                                     "-",
                                     "--",
                                     "---",
                                     "...",
                                     ":",
                                     ": ",
                                     " :",
                                     "#",
                                     " #",
                                     "# ",
                                     "?",
                                     "? ",
                                     ",",
                                     "[",
                                     "]",
                                     "{",
                                     "}",
                                     "&",
                                     "*",
                                     "!",
                                     "|",
                                     ">",
                                     "'",
                                     "\"",
                                     "%",
                                     "@",
                                     "`",
                                     "\\",
                                     " ",
                                     "  ",
                                     "\n",
                                     "\n\n",
                                     " \n",
                                     "\n ",
                                     "\t",
                                     "\r",
                                     "true",
                                     "no",
                                     "null",
                                     "~",
                                     "=",
                                     "<<",
                                     "é",
                                     "\xC2\x85",
                                     "\xE2\x80\xA8",
                                     "\x7F",
                                     "\x01",
                                     "\xEF\xBB\xBF",
                                     "averyveryverylongwordthatgoesonandonwithoutanyspaceatall",
                                     "some words in a sentence that runs on",
                                     "x: y",
                                     "- item",
                                     "a-b_c.d/e"};

static void gen_string(char *buf, size_t cap, size_t *len) {
  size_t n = 0, parts = 1 + rnd(rnd(4) == 0 ? 40 : 6);
  for (size_t i = 0; i < parts; i++) {
    const char *p = PIECES[rnd(sizeof PIECES / sizeof PIECES[0])];
    size_t pl = strlen(p);
    if (n + pl >= cap) break;
    memcpy(buf + n, p, pl);
    n += pl;
  }
  *len = n;
}

static ct_value *gen_value(ct_arena *a, int depth) {
  char buf[2048];
  size_t n;
  unsigned k = rnd(depth > 3 ? 3 : 6);
  if (k <= 1) {
    gen_string(buf, sizeof buf, &n);
    return ct_string(a, buf, n);
  }
  if (k == 2) return ct_int(a, CT_INT, (int64_t)rnd(1000) - 500);
  if (k == 3 || k == 4) {
    ct_value *m = ct_map_new(a, CT_MAP, 0);
    for (unsigned i = 0, e = rnd(6); i < e; i++) {
      gen_string(buf, rnd(3) == 0 ? sizeof buf : 24, &n);
      ct_map_set(a, m, buf, n, gen_value(a, depth + 1));
    }
    return m;
  }
  ct_value *l = ct_list_new(a, CT_LIST, 0);
  for (unsigned i = 0, e = rnd(5); i < e; i++)
    ct_list_push(a, l, gen_value(a, depth + 1));
  return l;
}

static void emit_both(const ct_value *v, bool v3, ct_buf *fast, ct_buf *ref, int *rf, int *rr) {
  ct_buf ef = CT_BUF_INIT, er = CT_BUF_INIT;
  ct_codec__emit_reference = false;
  *rf = v3 ? ct_yaml_emit_v3(fast, v, &ef) : ct_yaml_emit(fast, v, &ef);
  ct_codec__emit_reference = true;
  *rr = v3 ? ct_yaml_emit_v3(ref, v, &er) : ct_yaml_emit(ref, v, &er);
  ct_codec__emit_reference = false;
  assert_string_equal(ct_buf_str(&ef), ct_buf_str(&er));
  ct_buf_dispose(&ef);
  ct_buf_dispose(&er);
}

/* Every generated value gives the same bytes (and the same error) both ways, in toYaml and
 * toYamlPretty; most take a fast path somewhere. */
static void fast_paths_write_what_the_reference_writes(void **state) {
  (void)state;
  size_t differ = 0, bytes = 0;
  for (int round = 0; round < 3000; round++) {
    ct_arena *a = ct_arena_new();
    ct_value *v = gen_value(a, 0);
    for (int v3 = 0; v3 <= 1; v3++) {
      ct_buf fast = CT_BUF_INIT, ref = CT_BUF_INIT;
      int rf, rr;
      emit_both(v, v3, &fast, &ref, &rf, &rr);
      assert_int_equal(rf, rr);
      if (fast.len != ref.len || (fast.len && memcmp(fast.ptr, ref.ptr, fast.len) != 0)) {
        if (differ++ == 0)
          fprintf(stderr, "round %d v3 %d\n--- fast\n%s\n--- reference\n%s\n", round, v3,
                  ct_buf_str(&fast), ct_buf_str(&ref));
      }
      bytes += fast.len;
      ct_buf_dispose(&fast);
      ct_buf_dispose(&ref);
    }
    ct_arena_free(a);
  }
  assert_int_equal(differ, 0);
  assert_true(bytes > 100000); /* the generator made real documents */
}

/* Long ASCII words and sentences at growing depths: whether a line folds depends on the
 * column a value starts at, which the whole-value path must respect. */
static void folding_follows_the_column(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  const char *s = "one two three four five six seven eight nine ten eleven twelve thirteen";
  for (size_t depth = 0; depth < 12; depth++) {
    for (size_t cut = 40; cut <= strlen(s); cut += 3) {
      ct_value *v = ct_string(a, s, cut);
      for (size_t d = 0; d < depth; d++) {
        ct_value *m = ct_map_new(a, CT_MAP, 1);
        ct_map_setc(a, m, d % 2 ? "k" : "a-longer-key", v);
        v = m;
      }
      ct_buf fast = CT_BUF_INIT, ref = CT_BUF_INIT;
      int rf, rr;
      emit_both(v, false, &fast, &ref, &rf, &rr);
      assert_int_equal(rf, 0);
      assert_string_equal(ct_buf_str(&fast), ct_buf_str(&ref));
      ct_buf_dispose(&fast);
      ct_buf_dispose(&ref);
    }
  }
  /* one value as helm 3.17.1 prints it: folded once the line passes 80 columns */
  ct_value *m = ct_map_new(a, CT_MAP, 1);
  static const char letters[] =
      "a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg";
  ct_map_setc(a, m, "description", ct_string(a, letters, strlen(letters)));
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  assert_int_equal(ct_yaml_emit(&out, m, &err), 0);
  assert_string_equal(ct_buf_str(&out),
                      "description: a b c d e f g h i j k l m n o p q r s t u v w x y "
                      "z aa bb cc dd ee ff\n  gg\n");
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
}

/* go-yaml's keyList.Less for two strings, on runes (decoded here as Go's []rune does). */
static size_t runes_of(const char *s, size_t n, uint32_t *r) {
  size_t k = 0;
  for (size_t i = 0; i < n; k++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
      r[k] = c, i++;
    else if ((c & 0xE0) == 0xC0 && i + 1 < n)
      r[k] = (uint32_t)(c & 0x1F) << 6 | (s[i + 1] & 0x3F), i += 2;
    else
      r[k] = 0xFFFD, i++; /* the generator only makes the two-byte é beyond ASCII */
  }
  return k;
}

/* é and the Hebrew alef are letters; the alef's first byte, read alone as Latin-1, is not. */
static bool letter(uint32_t r) { return (r | 0x20) - 'a' < 26 || r == 0xE9 || r == 0x5D0; }
static bool digit(uint32_t r) { return r - '0' < 10; }

static bool go_less(const char *a, size_t an_, const char *b, size_t bn_) {
  uint32_t ar[64], br[64];
  size_t na = runes_of(a, an_, ar), nb = runes_of(b, bn_, br);
  for (size_t i = 0; i < na && i < nb; i++) {
    if (ar[i] == br[i]) continue;
    bool al = letter(ar[i]), bl = letter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return bl;
    int64_t an = 0, bn = 0;
    if (ar[i] == '0' || br[i] == '0')
      for (size_t j = i; j-- > 0 && digit(ar[j]);)
        if (ar[j] != '0') {
          an = bn = 1;
          break;
        }
    size_t ai, bi;
    for (ai = i; ai < na && digit(ar[ai]); ai++)
      an = an * 10 + (int64_t)(ar[ai] - '0');
    for (bi = i; bi < nb && digit(br[bi]); bi++)
      bn = bn * 10 + (int64_t)(br[bi] - '0');
    if (an != bn) return an < bn;
    if (ai != bi) return ai < bi;
    return ar[i] < br[i];
  }
  return na < nb;
}

static void gen_key(char *k, size_t *n, bool ascii) {
  static const char *const parts[] = {"0", "00", "1", "01", "9", "10", "a",
                                      "b", "B",  "z", "-",  "_", ".",  "x1"};
  *n = 0;
  for (unsigned i = 0, e = rnd(6); i < e; i++) {
    const char *p = !ascii && rnd(4) == 0 ? (rnd(2) ? "é" : "\xD7\x90")
                                          : parts[rnd(sizeof parts / sizeof parts[0])];
    memcpy(k + *n, p, strlen(p));
    *n += strlen(p);
  }
}

/* ASCII keys compare on their bytes, others on decoded runes: both as go-yaml does. */
static void key_order_is_go_yamls(void **state) {
  (void)state;
  for (int i = 0; i < 200000; i++) {
    char a[64], b[64];
    size_t an, bn;
    bool ascii = i % 2 == 0;
    gen_key(a, &an, ascii);
    gen_key(b, &bn, ascii);
    int c = ct_codec__yaml_keycmp(a, an, b, bn);
    bool lt = go_less(a, an, b, bn), gt = go_less(b, bn, a, an);
    if ((c < 0) != lt || (c > 0) != gt)
      fail_msg("keycmp(\"%.*s\", \"%.*s\") = %d; go-yaml: less %d, greater %d", (int)an, a, (int)bn,
               b, c, lt, gt);
  }
  /* digits compare as numbers, letters after other characters */
  assert_true(ct_codec__yaml_keycmp("a2", 2, "a10", 3) < 0);
  assert_true(ct_codec__yaml_keycmp("_x", 2, "a", 1) < 0);
  assert_true(ct_codec__yaml_keycmp("x1", 2, "x-1", 3) > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fast_paths_write_what_the_reference_writes),
      cmocka_unit_test(folding_follows_the_column),
      cmocka_unit_test(key_order_is_go_yamls),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
