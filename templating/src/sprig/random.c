/* random.c — Sprig's random strings and numbers: randAlphaNum randAlpha randNumeric
 * randAscii (goutils' crypto/rand variants), randBytes, randInt, shuffle (xstrings). */
#include <string.h>

#include "chartctl/entropy.h"

#include "sprig/sprig_int.h"

/* Uniform integer in [0, n) from the CSPRNG (rejection sampling, no modulo bias). */
static int rand_below(uint64_t n, uint64_t *out) {
  if (n <= 1) {
    *out = 0;
    return 0;
  }
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  for (;;) {
    uint64_t r;
    if (!ct_entropy(&r, sizeof r)) return -1;
    if (r < limit) {
      *out = r % n;
      return 0;
    }
  }
}

static int rand_from(ct_call *c, ct_value **out, int64_t count, const char *alphabet) {
  ct_arena *a = ct_call_arena(c);
  if (count <= 0) { /* goutils: 0 → "", negative → error, which Sprig drops */
    *out = ct_cstring(a, "");
    return 0;
  }
  if ((uint64_t)count >= ct_arena_left(a)) return ct_call_errorf(c, "render exceeded memory limit");
  size_t k = strlen(alphabet);
  char *s = ct_arena_alloc(a, (size_t)count + 1);
  for (int64_t i = 0; i < count; i++) {
    uint64_t r;
    if (rand_below(k, &r) < 0) return ct_call_errorf(c, "crypto/rand: no entropy");
    s[i] = alphabet[r];
  }
  *out = ct_string_nocopy(a, s, (size_t)count);
  return 0;
}

#define LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

static int f_alnum(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  return rand_from(c, out, args[0] ? args[0]->i : 0, LETTERS DIGITS);
}
static int f_alpha(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  return rand_from(c, out, args[0] ? args[0]->i : 0, LETTERS);
}
static int f_numeric(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  return rand_from(c, out, args[0] ? args[0]->i : 0, DIGITS);
}
static int f_ascii(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  char printable[96];
  for (int i = 32; i < 127; i++) printable[i - 32] = (char)i;
  printable[95] = 0;
  return rand_from(c, out, args[0] ? args[0]->i : 0, printable);
}

/* randBytes(count int) (string, error): count random bytes, base64 (StdEncoding). */
static int f_randbytes(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  int64_t n = args[0] ? args[0]->i : 0;
  if (n < 0) return ct_call_errorf(c, "runtime error: makeslice: len out of range");
  ct_arena *a = ct_call_arena(c);
  if ((uint64_t)n >= ct_arena_left(a) / 3) /* the bytes and their base64: under 3 N */
    return ct_call_errorf(c, "render exceeded memory limit");
  unsigned char *buf = ct_arena_alloc(a, (size_t)n + 1);
  if (n > 0 && !ct_entropy(buf, n)) return ct_call_errorf(c, "crypto/rand: no entropy");
  static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t len = (size_t)n, j = 0;
  char *o = ct_arena_alloc(a, (len + 2) / 3 * 4 + 1);
  for (size_t i = 0; i < len; i += 3) {
    unsigned v = (unsigned)buf[i] << 16;
    if (i + 1 < len) v |= (unsigned)buf[i + 1] << 8;
    if (i + 2 < len) v |= buf[i + 2];
    o[j++] = B64[(v >> 18) & 63];
    o[j++] = B64[(v >> 12) & 63];
    o[j++] = i + 1 < len ? B64[(v >> 6) & 63] : '=';
    o[j++] = i + 2 < len ? B64[v & 63] : '=';
  }
  *out = ct_string_nocopy(a, o, j);
  return 0;
}

/* randInt(min, max int) int: rand.Intn(max-min) + min; Intn panics on n <= 0. */
static int f_randint(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  int64_t lo = args[0] ? args[0]->i : 0, hi = args[1] ? args[1]->i : 0;
  int64_t span = (int64_t)((uint64_t)hi - (uint64_t)lo);
  if (span <= 0) return ct_call_errorf(c, "invalid argument to Intn");
  uint64_t r;
  if (rand_below((uint64_t)span, &r) < 0) return ct_call_errorf(c, "crypto/rand: no entropy");
  *out = ct_int(ct_call_arena(c), CT_INT, (int64_t)((uint64_t)lo + r));
  return 0;
}

/* Decodes one UTF-8 sequence as Go's range over a string: invalid bytes count as one
 * rune U+FFFD. Returns the byte length consumed; *cp the code point. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned char b = s[0];
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  size_t need;
  uint32_t v, min;
  if (b >= 0xc2 && b <= 0xdf) need = 1, v = b & 0x1f, min = 0x80;
  else if (b >= 0xe0 && b <= 0xef) need = 2, v = b & 0x0f, min = 0x800;
  else if (b >= 0xf0 && b <= 0xf4) need = 3, v = b & 0x07, min = 0x10000;
  else goto bad;
  if (need >= n) goto bad;
  for (size_t i = 1; i <= need; i++) {
    if ((s[i] & 0xc0) != 0x80) goto bad;
    v = (v << 6) | (s[i] & 0x3f);
  }
  if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) goto bad;
  *cp = v;
  return need + 1;
bad:
  *cp = 0xfffd;
  return 1;
}

static size_t utf8_put(char *o, uint32_t cp) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xc0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xe0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
  }
  o[0] = (char)(0xf0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
  o[3] = (char)(0x80 | (cp & 0x3f));
  return 4;
}

/* xstrings.Shuffle: the string's runes in random order. */
static int f_shuffle(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  const ct_value *v = args[0];
  const unsigned char *s = (const unsigned char *)(v && v->type == CT_STRING ? v->s.ptr : "");
  size_t n = v && v->type == CT_STRING ? v->s.len : 0;
  uint32_t *runes = ct_arena_alloc(a, (n + 1) * sizeof *runes);
  size_t k = 0;
  for (size_t i = 0; i < n;) i += utf8_next(s + i, n - i, &runes[k++]);
  for (size_t i = k; i > 1; i--) {
    uint64_t j;
    if (rand_below(i, &j) < 0) return ct_call_errorf(c, "crypto/rand: no entropy");
    uint32_t t = runes[i - 1];
    runes[i - 1] = runes[j];
    runes[j] = t;
  }
  char *o = ct_arena_alloc(a, k * 4 + 1);
  size_t w = 0;
  for (size_t i = 0; i < k; i++) w += utf8_put(o + w, runes[i]);
  *out = ct_string_nocopy(a, o, w);
  return 0;
}

static const ct_func funcs[] = {
    {"randAlphaNum", "int->string", f_alnum, NULL},
    {"randAlpha", "int->string", f_alpha, NULL},
    {"randNumeric", "int->string", f_numeric, NULL},
    {"randAscii", "int->string", f_ascii, NULL},
    {"randBytes", "int->string,error", f_randbytes, NULL},
    {"randInt", "int,int->int", f_randint, NULL},
    {"shuffle", "string->string", f_shuffle, NULL},
};

const ct_func *ct_sprig__random(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
