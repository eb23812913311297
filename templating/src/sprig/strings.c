/* strings.c — Sprig's string family: Go strings package functions, goutils (abbrev, wrap,
 * initials, nospace, untitle, swapcase), xstrings (snakecase, camelcase, kebabcase), quote,
 * indent, split/join and friends, with Go's UTF-8 and Unicode rules. */
#include <locale.h>
#include <string.h>
#include <wctype.h>

#include "chartctl/gofmt.h"
#include "sprig/sprig_a.h"

/* ---- UTF-8 as Go's unicode/utf8 ---- */

#define RUNE_ERROR 0xFFFD

/* utf8.DecodeRuneInString: invalid input gives (RuneError, 1); n > 0. */
static int32_t dec_rune(const char *p, size_t n, size_t *w) {
  const unsigned char *s = (const unsigned char *)p;
  unsigned c = s[0];
  *w = 1;
  if (c < 0x80) return (int32_t)c;
  size_t need;
  int32_t r, min;
  if (c >= 0xC2 && c <= 0xDF) need = 1, r = c & 0x1F, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) need = 2, r = c & 0x0F, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) need = 3, r = c & 0x07, min = 0x10000;
  else return RUNE_ERROR;
  if (n < need + 1) return RUNE_ERROR;
  for (size_t i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80) return RUNE_ERROR;
    r = (r << 6) | (s[i] & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return RUNE_ERROR;
  *w = need + 1;
  return r;
}

/* utf8.EncodeRune (invalid runes become RuneError). */
static void put_rune(ct_buf *b, int32_t r) {
  char t[4];
  if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = RUNE_ERROR;
  if (r < 0x80) {
    ct_buf_putc(b, (char)r);
  } else if (r < 0x800) {
    t[0] = (char)(0xC0 | (r >> 6));
    t[1] = (char)(0x80 | (r & 0x3F));
    ct_buf_put(b, t, 2);
  } else if (r < 0x10000) {
    t[0] = (char)(0xE0 | (r >> 12));
    t[1] = (char)(0x80 | ((r >> 6) & 0x3F));
    t[2] = (char)(0x80 | (r & 0x3F));
    ct_buf_put(b, t, 3);
  } else {
    t[0] = (char)(0xF0 | (r >> 18));
    t[1] = (char)(0x80 | ((r >> 12) & 0x3F));
    t[2] = (char)(0x80 | ((r >> 6) & 0x3F));
    t[3] = (char)(0x80 | (r & 0x3F));
    ct_buf_put(b, t, 4);
  }
}

/* ---- Unicode classes: exact for ASCII/Latin-1 spaces, glibc's C.UTF-8 tables beyond ---- */

static locale_t uloc(void) {
  static locale_t loc;
  static bool tried;
  if (!tried) {
    tried = true;
    loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
  }
  return loc;
}

static bool u_space(int32_t r) { /* unicode.IsSpace */
  switch (r) {
  case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
  case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: return true;
  default: return r >= 0x2000 && r <= 0x200A;
  }
}
static bool u_title(int32_t r) { return r == 0x1C5 || r == 0x1C8 || r == 0x1CB || r == 0x1F2; }
/* Cased letters outside Go's Lu/Ll: title-case digraphs, Roman numerals (Nl), circled
 * letters (So). glibc calls them upper/lower, Go does not. */
static bool u_case_other(int32_t r) {
  return u_title(r) || (r >= 0x2160 && r <= 0x217F) || (r >= 0x24B6 && r <= 0x24E9);
}
static bool u_upper(int32_t r) {
  if (r < 0x80) return r >= 'A' && r <= 'Z';
  return !u_case_other(r) && uloc() && iswupper_l((wint_t)r, uloc());
}
static bool u_lower(int32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z';
  if (u_case_other(r)) return false;
  if (r == 0xAA || r == 0xBA) return false; /* Lo in Go, not Ll */
  return uloc() && iswlower_l((wint_t)r, uloc());
}
static bool u_letter(int32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  return uloc() && iswalpha_l((wint_t)r, uloc()) && !iswdigit_l((wint_t)r, uloc());
}
static bool u_digit(int32_t r) {
  if (r < 0x80) return r >= '0' && r <= '9';
  return false;
}
static bool u_number(int32_t r) {
  if (r < 0x80) return r >= '0' && r <= '9';
  return r == 0xB2 || r == 0xB3 || r == 0xB9 || (r >= 0xBC && r <= 0xBE);
}
/* Go's category P (punctuation): exact for ASCII, the common blocks beyond. */
static const int32_t punct_ranges[][2] = {
    {0xA1, 0xA1},     {0xA7, 0xA7},     {0xAB, 0xAB},     {0xB6, 0xB7},     {0xBB, 0xBB},
    {0xBF, 0xBF},     {0x37E, 0x37E},   {0x387, 0x387},   {0x55A, 0x55F},   {0x589, 0x58A},
    {0x5BE, 0x5BE},   {0x5C0, 0x5C0},   {0x5C3, 0x5C3},   {0x5C6, 0x5C6},   {0x5F3, 0x5F4},
    {0x609, 0x60A},   {0x60C, 0x60D},   {0x61B, 0x61B},   {0x61D, 0x61F},   {0x66A, 0x66D},
    {0x6D4, 0x6D4},   {0x964, 0x965},   {0x970, 0x970},   {0xE4F, 0xE4F},   {0xE5A, 0xE5B},
    {0x2010, 0x2027}, {0x2030, 0x2043}, {0x2045, 0x2051}, {0x2053, 0x205E}, {0x207D, 0x207E},
    {0x208D, 0x208E}, {0x2308, 0x230B}, {0x2329, 0x232A}, {0x2768, 0x2775}, {0x27C5, 0x27C6},
    {0x27E6, 0x27EF}, {0x2983, 0x2998}, {0x29D8, 0x29DB}, {0x29FC, 0x29FD}, {0x2E00, 0x2E2E},
    {0x2E30, 0x2E4F}, {0x3001, 0x3003}, {0x3008, 0x3011}, {0x3014, 0x301F}, {0x3030, 0x3030},
    {0x303D, 0x303D}, {0x30A0, 0x30A0}, {0x30FB, 0x30FB}, {0xFE10, 0xFE19}, {0xFE30, 0xFE52},
    {0xFE54, 0xFE61}, {0xFE63, 0xFE63}, {0xFE68, 0xFE68}, {0xFE6A, 0xFE6B}, {0xFF01, 0xFF03},
    {0xFF05, 0xFF0A}, {0xFF0C, 0xFF0F}, {0xFF1A, 0xFF1B}, {0xFF1F, 0xFF20}, {0xFF3B, 0xFF3D},
    {0xFF3F, 0xFF3F}, {0xFF5B, 0xFF5B}, {0xFF5D, 0xFF5D}, {0xFF5F, 0xFF65},
};
static bool u_punct(int32_t r) {
  if (r < 0x80) return r > 0x20 && r < 0x7F && strchr("!\"#%&'()*,-./:;?@[\\]_{}", (int)r) != NULL;
  for (size_t i = 0; i < sizeof punct_ranges / sizeof punct_ranges[0]; i++)
    if (r >= punct_ranges[i][0] && r <= punct_ranges[i][1]) return true;
  return false;
}
static int32_t u_toupper(int32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
  return uloc() ? (int32_t)towupper_l((wint_t)r, uloc()) : r;
}
static int32_t u_tolower(int32_t r) {
  if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
  return uloc() ? (int32_t)towlower_l((wint_t)r, uloc()) : r;
}
static int32_t u_totitle(int32_t r) {
  switch (r) { /* the four digraphs with a distinct title case */
  case 0x1C4: case 0x1C5: case 0x1C6: return 0x1C5;
  case 0x1C7: case 0x1C8: case 0x1C9: return 0x1C8;
  case 0x1CA: case 0x1CB: case 0x1CC: return 0x1CB;
  case 0x1F1: case 0x1F2: case 0x1F3: return 0x1F2;
  default: return u_toupper(r);
  }
}

/* ---- helpers ---- */

typedef struct sv {
  const char *p;
  size_t n;
} sv;

static sv sarg(const ct_value *v) {
  if (v && (v->type == CT_STRING || v->type == CT_BYTES)) return (sv){v->s.ptr, v->s.len};
  return (sv){"", 0};
}
/* an int parameter (the executor converts; anything else reads as cast would) */
static int64_t iarg(const ct_value *v) { return ct_sprig__toint64(v); }

static ct_value *take(ct_call *c, ct_buf *b) {
  ct_value *v = ct_string(ct_call_arena(c), ct_buf_str(b), b->len);
  ct_buf_dispose(b);
  return v;
}
static ct_value *str_of(ct_call *c, const char *p, size_t n) { return ct_string(ct_call_arena(c), p, n); }

/* strings.Map(f, s): every rune mapped, invalid bytes become U+FFFD. */
static ct_value *map_runes(ct_call *c, sv s, int32_t (*f)(int32_t)) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_reserve(&b, s.n + 1);
  for (size_t i = 0, w; i < s.n; i += w) put_rune(&b, f(dec_rune(s.p + i, s.n - i, &w)));
  return take(c, &b);
}

static bool has_prefix(sv s, sv p) { return s.n >= p.n && memcmp(s.p, p.p, p.n) == 0; }
static bool has_suffix(sv s, sv p) { return s.n >= p.n && memcmp(s.p + s.n - p.n, p.p, p.n) == 0; }
static long find(sv s, size_t from, sv sub) {
  if (sub.n == 0) return (long)from;
  if (s.n < sub.n) return -1;
  for (size_t i = from; i + sub.n <= s.n; i++)
    if (s.p[i] == sub.p[0] && memcmp(s.p + i, sub.p, sub.n) == 0) return (long)i;
  return -1;
}

/* ---- simple wrappers of Go's strings package ---- */

static int f_hello(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)args, (void)nargs;
  *out = ct_cstring(ct_call_arena(c), "Hello!");
  return 0;
}
static int f_upper(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = map_runes(c, sarg(args[0]), u_toupper);
  return 0;
}
static int f_lower(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = map_runes(c, sarg(args[0]), u_tolower);
  return 0;
}

/* strings.Title: title-case each rune after a separator. */
static bool title_sep(int32_t r) {
  if (r <= 0x7F) return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_');
  if (u_letter(r) || u_digit(r) || u_number(r)) return false;
  return u_space(r);
}
static int f_title(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  int32_t prev = ' ';
  for (size_t i = 0, w; i < s.n; i += w) {
    int32_t r = dec_rune(s.p + i, s.n - i, &w);
    put_rune(&b, title_sep(prev) ? u_totitle(r) : r);
    prev = r;
  }
  *out = take(c, &b);
  return 0;
}

/* goutils.Uncapitalize: lower the first rune of each whitespace-separated word. */
static int f_untitle(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  bool next = true;
  for (size_t i = 0, w; i < s.n; i += w) {
    int32_t r = dec_rune(s.p + i, s.n - i, &w);
    if (u_space(r)) {
      next = true;
    } else if (next) {
      r = u_tolower(r);
      next = false;
    }
    put_rune(&b, r);
  }
  *out = s.n ? take(c, &b) : args[0] ? args[0] : str_of(c, "", 0);
  if (!s.n) ct_buf_dispose(&b);
  return 0;
}

/* goutils.SwapCase: upper/title → lower, lower → title after a space, else upper. */
static int f_swapcase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  bool ws = true;
  for (size_t i = 0, w; i < s.n; i += w) {
    int32_t r = dec_rune(s.p + i, s.n - i, &w);
    if (u_upper(r) || u_title(r)) {
      r = u_tolower(r);
      ws = false;
    } else if (u_lower(r)) {
      r = ws ? u_totitle(r) : u_toupper(r);
      ws = false;
    } else {
      ws = u_space(r);
    }
    put_rune(&b, r);
  }
  *out = take(c, &b);
  return 0;
}

/* substr(start, end int, s): Go slicing, with Go's panics for bad bounds. */
static int f_substr(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t st = iarg(args[0]), en = iarg(args[1]);
  sv s = sarg(args[2]);
  int64_t n = (int64_t)s.n;
  if (st < 0) {
    if (en < 0) return ct_call_errorf(c, "runtime error: slice bounds out of range [:%lld]", (long long)en);
    if (en > n)
      return ct_call_errorf(c, "runtime error: slice bounds out of range [:%lld] with length %lld",
                            (long long)en, (long long)n);
    *out = str_of(c, s.p, (size_t)en);
    return 0;
  }
  if (en < 0 || en > n) {
    if (st > n)
      return ct_call_errorf(c, "runtime error: slice bounds out of range [%lld:%lld]", (long long)st,
                            (long long)n);
    *out = str_of(c, s.p + st, (size_t)(n - st));
    return 0;
  }
  if (st > en)
    return ct_call_errorf(c, "runtime error: slice bounds out of range [%lld:%lld]", (long long)st,
                          (long long)en);
  *out = str_of(c, s.p + st, (size_t)(en - st));
  return 0;
}

/* Longest output repeat/indent build (1 GiB). */
#define MAX_REPEAT ((uint64_t)1 << 30)

/* strings.Repeat with its panics. */
static int repeat(ct_call *c, ct_buf *b, sv s, int64_t count) {
  if (count < 0) return ct_call_errorf(c, "strings: negative Repeat count");
  if (s.n && (uint64_t)count > (uint64_t)INT64_MAX / s.n)
    return ct_call_errorf(c, "strings: Repeat output length overflow");
  if (s.n * (uint64_t)count > MAX_REPEAT) /* Go would run out of memory */
    return ct_call_errorf(c, "strings: Repeat output of %llu bytes is too long",
                          (unsigned long long)(s.n * (uint64_t)count));
  ct_buf_reserve(b, s.n * (size_t)count + 1);
  for (int64_t i = 0; i < count; i++) ct_buf_put(b, s.p, s.n);
  return 0;
}

static int f_repeat(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT;
  if (repeat(c, &b, sarg(args[1]), iarg(args[0]))) {
    ct_buf_dispose(&b);
    return -1;
  }
  *out = take(c, &b);
  return 0;
}

static int f_trim(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  size_t i = 0, j = s.n, w;
  while (i < j && u_space(dec_rune(s.p + i, j - i, &w))) i += w;
  while (j > i) { /* step back one rune */
    size_t k = j - 1;
    while (k > i && j - k < 4 && ((unsigned char)s.p[k] & 0xC0) == 0x80) k--;
    int32_t r = dec_rune(s.p + k, j - k, &w);
    if (k + w != j) r = RUNE_ERROR, k = j - 1;
    if (!u_space(r)) break;
    j = k;
  }
  *out = str_of(c, s.p + i, j - i);
  return 0;
}

static bool in_cutset(sv cut, int32_t r) {
  for (size_t i = 0, w; i < cut.n; i += w)
    if (dec_rune(cut.p + i, cut.n - i, &w) == r) return true;
  return false;
}

/* trimAll(cutset, s) = strings.Trim(s, cutset) */
static int f_trimall(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv cut = sarg(args[0]), s = sarg(args[1]);
  size_t i = 0, j = s.n, w;
  while (i < j && in_cutset(cut, dec_rune(s.p + i, j - i, &w))) i += w;
  while (j > i) {
    size_t k = j - 1;
    while (k > i && j - k < 4 && ((unsigned char)s.p[k] & 0xC0) == 0x80) k--;
    int32_t r = dec_rune(s.p + k, j - k, &w);
    if (k + w != j) r = RUNE_ERROR, k = j - 1;
    if (!in_cutset(cut, r)) break;
    j = k;
  }
  *out = str_of(c, s.p + i, j - i);
  return 0;
}

static int f_trimsuffix(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv suf = sarg(args[0]), s = sarg(args[1]);
  *out = str_of(c, s.p, has_suffix(s, suf) ? s.n - suf.n : s.n);
  return 0;
}

static int f_trimprefix(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv pre = sarg(args[0]), s = sarg(args[1]);
  size_t k = has_prefix(s, pre) ? pre.n : 0;
  *out = str_of(c, s.p + k, s.n - k);
  return 0;
}

/* goutils.DeleteWhiteSpace works on bytes: each kept byte is written as the rune of that
 * value (so non-ASCII bytes are re-encoded), unless nothing was removed. */
static int f_nospace(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  size_t kept = 0;
  for (size_t i = 0; i < s.n; i++) {
    int32_t r = (unsigned char)s.p[i];
    if (!u_space(r)) {
      put_rune(&b, r);
      kept++;
    }
  }
  if (kept == s.n) {
    ct_buf_dispose(&b);
    *out = str_of(c, s.p, s.n);
  } else {
    *out = take(c, &b);
  }
  return 0;
}

/* goutils.Initials: first byte of each whitespace-separated word, bytes as runes. */
static int f_initials(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  bool gap = true;
  for (size_t i = 0; i < s.n; i++) {
    int32_t r = (unsigned char)s.p[i];
    if (u_space(r)) {
      gap = true;
    } else if (gap) {
      put_rune(&b, r);
      gap = false;
    }
  }
  *out = take(c, &b);
  return 0;
}

/* ---- goutils Abbreviate / Wrap ---- */

/* AbbreviateFull; returns false for goutils' errors (Sprig then yields ""). */
static bool abbreviate(ct_buf *b, sv s, int64_t offset, int64_t maxw) {
  int64_t n = (int64_t)s.n;
  if (n == 0) return true;
  if (maxw < 4) return false;
  if (n <= maxw) {
    ct_buf_put(b, s.p, s.n);
    return true;
  }
  if (offset > n) offset = n;
  if (n - offset < maxw - 3) offset = n - (maxw - 3);
  if (offset <= 4) {
    ct_buf_put(b, s.p, (size_t)(maxw - 3));
    ct_buf_puts(b, "...");
    return true;
  }
  if (maxw < 7) return false;
  if (offset + maxw - 3 < n) {
    ct_buf inner = CT_BUF_INIT;
    bool ok = abbreviate(&inner, (sv){s.p + offset, (size_t)(n - offset)}, 0, maxw - 3);
    ct_buf_puts(b, "...");
    if (ok) ct_buf_put(b, inner.ptr ? inner.ptr : "", inner.len);
    ct_buf_dispose(&inner);
    return true;
  }
  ct_buf_puts(b, "...");
  ct_buf_put(b, s.p + (n - (maxw - 3)), (size_t)(maxw - 3));
  return true;
}

static int f_abbrev(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t w = iarg(args[0]);
  sv s = sarg(args[1]);
  if (w < 4) {
    *out = str_of(c, s.p, s.n);
    return 0;
  }
  ct_buf b = CT_BUF_INIT;
  if (!abbreviate(&b, s, 0, w)) ct_buf_truncate(&b, 0);
  *out = take(c, &b);
  return 0;
}

static int f_abbrevboth(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t left = iarg(args[0]), right = iarg(args[1]);
  sv s = sarg(args[2]);
  if (right < 4 || (left > 0 && right < 7)) {
    *out = str_of(c, s.p, s.n);
    return 0;
  }
  ct_buf b = CT_BUF_INIT;
  if (!abbreviate(&b, s, left, right)) ct_buf_truncate(&b, 0);
  *out = take(c, &b);
  return 0;
}

/* goutils.WrapCustom (bytes, words split at ' '). */
static void wrap_custom(ct_buf *b, sv s, int64_t wl, sv nl, bool long_words) {
  if (s.n == 0) return;
  if (nl.n == 0) nl = (sv){"\n", 1};
  if (wl < 1) wl = 1;
  size_t len = s.n, off = 0, w = (size_t)wl;
  while (len - off > w) {
    if (s.p[off] == ' ') {
      off++;
      continue;
    }
    size_t end = w + off + 1;
    long sp = -1;
    for (size_t i = end; i > off; i--)
      if (s.p[i - 1] == ' ') {
        sp = (long)(i - 1);
        break;
      }
    if (sp >= (long)off) {
      ct_buf_put(b, s.p + off, (size_t)sp - off);
      ct_buf_put(b, nl.p, nl.n);
      off = (size_t)sp + 1;
    } else if (long_words) {
      ct_buf_put(b, s.p + off, w);
      ct_buf_put(b, nl.p, nl.n);
      off += w;
    } else {
      size_t e = w + off;
      const char *q = memchr(s.p + e, ' ', len - e);
      if (q) {
        size_t at = (size_t)(q - s.p);
        ct_buf_put(b, s.p + off, at - off);
        ct_buf_put(b, nl.p, nl.n);
        off = at + 1;
      } else {
        ct_buf_put(b, s.p + off, len - off);
        off = len;
      }
    }
  }
  ct_buf_put(b, s.p + off, len - off);
}

static int f_wrap(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT;
  wrap_custom(&b, sarg(args[1]), iarg(args[0]), (sv){"", 0}, false);
  *out = take(c, &b);
  return 0;
}

static int f_wrapwith(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT;
  wrap_custom(&b, sarg(args[2]), iarg(args[0]), sarg(args[1]), true);
  *out = take(c, &b);
  return 0;
}

/* ---- xstrings: ToPascalCase (Sprig's camelcase), ToSnakeCase, ToKebabCase ---- */

static bool x_connector(int32_t r) { return r == '-' || r == '_' || u_space(r); }
static bool x_alpha(int32_t r) { /* a letter but not a CJK ideograph */
  if (!u_letter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4E00 && r <= 0x9FCC) return false;
  if (r >= 0x3400 && r <= 0x4D85) return false;
  if (r >= 0x20000 && r <= 0x2B81D) return false;
  return true;
}

static int f_camelcase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  size_t i = 0, w = 0;
  int32_t r0 = 0, r1;
  bool first_upper = false;
  if (s.n == 0) {
    *out = take(c, &b);
    return 0;
  }
  while (i < s.n) {
    r0 = dec_rune(s.p + i, s.n - i, &w);
    i += w;
    if (!x_connector(r0)) {
      first_upper = u_upper(r0);
      r0 = u_toupper(r0);
      break;
    }
    put_rune(&b, r0);
  }
  if (i >= s.n) {
    if (w) put_rune(&b, r0); /* xstrings writes a trailing connector twice, too */
    *out = take(c, &b);
    return 0;
  }
  while (i < s.n) {
    r1 = r0;
    r0 = dec_rune(s.p + i, s.n - i, &w);
    i += w;
    if (x_connector(r0) && x_connector(r1)) {
      put_rune(&b, r1);
      continue;
    }
    if (x_connector(r1)) {
      first_upper = u_upper(r0);
      r0 = u_toupper(r0);
    } else {
      if (first_upper) {
        if (u_upper(r0)) r0 = u_tolower(r0);
        else first_upper = false;
      }
      put_rune(&b, r1);
    }
  }
  put_rune(&b, r0);
  *out = take(c, &b);
  return 0;
}

enum { W_INVALID, W_NUMBER, W_UPPER, W_ALPHA, W_CONNECTOR, W_PUNCT, W_OTHER };

/* nextValidRune: skip invalid bytes; at the end, PREV. */
static int32_t next_valid(sv s, int32_t prev, size_t *size) {
  size_t off = 0, w;
  *size = 0;
  while (off < s.n) {
    int32_t r = dec_rune(s.p + off, s.n - off, &w);
    off += w;
    *size += w;
    if (r != RUNE_ERROR) return r;
  }
  return prev;
}

/* xstrings nextWord: the type and length of the word starting S. */
static int next_word(sv s, sv *word, sv *rest) {
  *word = (sv){s.p, 0};
  *rest = (sv){s.p + s.n, 0};
  if (s.n == 0) return W_INVALID;
  size_t off = 0, size;
  sv rem = s;
  int32_t r = next_valid(rem, RUNE_ERROR, &size);
  off += size;
  int wt;
  if (r == RUNE_ERROR) {
    *word = (sv){s.p, off};
    *rest = (sv){s.p + off, s.n - off};
    return W_INVALID;
  }
#define ADV(sz) (rem.p += (sz), rem.n -= (sz))
  if (x_connector(r)) {
    wt = W_CONNECTOR;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!x_connector(r)) break;
      off += size;
      ADV(size);
    }
  } else if (u_punct(r)) {
    wt = W_PUNCT;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!u_punct(r)) break;
      off += size;
      ADV(size);
    }
  } else if (u_upper(r)) {
    wt = W_UPPER;
    ADV(size);
    if (rem.n) {
      r = next_valid(rem, r, &size);
      if (u_upper(r)) {
        size_t prev_size = size;
        off += size;
        ADV(size);
        while (rem.n) {
          r = next_valid(rem, r, &size);
          if (!u_upper(r)) break;
          prev_size = size;
          off += size;
          ADV(size);
        }
        if (rem.n && x_alpha(r)) {
          off -= prev_size;
          rem = (sv){s.p + off, s.n - off};
        }
      } else if (x_alpha(r)) {
        off += size;
        ADV(size);
        while (rem.n) {
          r = next_valid(rem, r, &size);
          if (!x_alpha(r) || u_upper(r)) break;
          off += size;
          ADV(size);
        }
      }
    }
  } else if (x_alpha(r)) {
    wt = W_ALPHA;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!x_alpha(r) || u_upper(r)) break;
      off += size;
      ADV(size);
    }
  } else if (u_number(r)) {
    wt = W_NUMBER;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!u_number(r)) break;
      off += size;
      ADV(size);
    }
  } else {
    wt = W_OTHER;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (size == 0 || x_connector(r) || x_alpha(r) || u_number(r) || u_punct(r)) break;
      off += size;
      ADV(size);
    }
  }
#undef ADV
  *word = (sv){s.p, off};
  *rest = rem;
  return wt;
}

static void x_lower(ct_buf *b, int wt, sv w, int32_t conn) {
  if (wt != W_UPPER && wt != W_CONNECTOR) {
    ct_buf_put(b, w.p, w.n);
    return;
  }
  for (size_t i = 0, k; i < w.n; i += k) {
    int32_t r = dec_rune(w.p + i, w.n - i, &k);
    if (x_connector(r)) put_rune(b, conn);
    else if (u_upper(r)) put_rune(b, u_tolower(r));
    else put_rune(b, r);
  }
}

/* xstrings camelCaseToLowerCase */
static ct_value *to_lower_case(ct_call *c, sv s, int32_t conn) {
  ct_buf b = CT_BUF_INIT;
  if (s.n == 0) return take(c, &b);
  sv word, rem;
  int wt = next_word(s, &word, &rem);
  while (rem.n) {
    if (wt != W_CONNECTOR) x_lower(&b, wt, word, conn);
    int prev = wt;
    sv last = word;
    wt = next_word(rem, &word, &rem);
    switch (prev) {
    case W_NUMBER:
      while (wt == W_ALPHA || wt == W_NUMBER) {
        x_lower(&b, wt, word, conn);
        wt = next_word(rem, &word, &rem);
      }
      if (wt != W_INVALID && wt != W_PUNCT && wt != W_CONNECTOR) put_rune(&b, conn);
      break;
    case W_CONNECTOR: x_lower(&b, prev, last, conn); break;
    case W_PUNCT: break;
    default:
      if (wt != W_NUMBER) {
        if (wt != W_CONNECTOR && wt != W_PUNCT) put_rune(&b, conn);
        break;
      }
      if (rem.n == 0) break;
      last = word;
      wt = next_word(rem, &word, &rem);
      if (wt != W_ALPHA) {
        x_lower(&b, W_NUMBER, last, conn);
        if (wt != W_CONNECTOR && wt != W_PUNCT) put_rune(&b, conn);
        break;
      }
      put_rune(&b, conn);
      x_lower(&b, W_NUMBER, last, conn);
      while (wt == W_ALPHA || wt == W_NUMBER) {
        x_lower(&b, wt, word, conn);
        wt = next_word(rem, &word, &rem);
      }
      if (wt != W_INVALID && wt != W_CONNECTOR && wt != W_PUNCT) put_rune(&b, conn);
    }
  }
  x_lower(&b, wt, word, conn);
  return take(c, &b);
}

static int f_snakecase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = to_lower_case(c, sarg(args[0]), '_');
  return 0;
}
static int f_kebabcase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = to_lower_case(c, sarg(args[0]), '-');
  return 0;
}

/* ---- predicates, quoting, joining ---- */

static int f_contains(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), find(sarg(args[1]), 0, sarg(args[0])) >= 0);
  return 0;
}
static int f_hasprefix(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), has_prefix(sarg(args[1]), sarg(args[0])));
  return 0;
}
static int f_hassuffix(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_bool(ct_call_arena(c), has_suffix(sarg(args[1]), sarg(args[0])));
  return 0;
}

/* quote: each non-nil argument's strval as Go's %q, space separated. */
static int f_quote(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_buf b = CT_BUF_INIT;
  bool sep = false;
  for (size_t i = 0; i < nargs; i++) {
    if (!args[i]) continue;
    if (sep) ct_buf_putc(&b, ' ');
    size_t n;
    const char *s = ct_sprig__strval(a, args[i], &n);
    ct_gofmt_quote(&b, s, n);
    sep = true;
  }
  *out = take(c, &b);
  return 0;
}

/* squote: each non-nil argument as '%v'. */
static int f_squote(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_buf b = CT_BUF_INIT;
  bool sep = false;
  for (size_t i = 0; i < nargs; i++) {
    if (!args[i]) continue;
    if (sep) ct_buf_putc(&b, ' ');
    ct_buf_putc(&b, '\'');
    ct_gofmt_value(&b, args[i]);
    ct_buf_putc(&b, '\'');
    sep = true;
  }
  *out = take(c, &b);
  return 0;
}

/* cat: the non-nil arguments' %v, space separated. */
static int f_cat(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_buf b = CT_BUF_INIT;
  bool sep = false;
  for (size_t i = 0; i < nargs; i++) {
    if (!args[i]) continue;
    if (sep) ct_buf_putc(&b, ' ');
    ct_gofmt_value(&b, args[i]);
    sep = true;
  }
  *out = take(c, &b);
  return 0;
}

static int indent(ct_call *c, ct_value **out, ct_value *const *args, bool nl) {
  int64_t n = iarg(args[0]);
  sv s = sarg(args[1]);
  ct_buf pad = CT_BUF_INIT, b = CT_BUF_INIT;
  if (repeat(c, &pad, (sv){" ", 1}, n)) return -1;
  if (nl) ct_buf_putc(&b, '\n');
  ct_buf_put(&b, ct_buf_str(&pad), pad.len);
  for (size_t i = 0; i < s.n; i++) {
    ct_buf_putc(&b, s.p[i]);
    if (s.p[i] == '\n') ct_buf_put(&b, ct_buf_str(&pad), pad.len);
  }
  ct_buf_dispose(&pad);
  *out = take(c, &b);
  return 0;
}
static int f_indent(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return indent(c, out, args, false);
}
static int f_nindent(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return indent(c, out, args, true);
}

/* replace(old, new, src) = strings.Replace(src, old, new, -1); an empty OLD matches before
 * every rune and at the end. */
static int f_replace(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv old = sarg(args[0]), nw = sarg(args[1]), s = sarg(args[2]);
  ct_buf b = CT_BUF_INIT;
  if (old.n == 0) {
    ct_buf_put(&b, nw.p, nw.n);
    for (size_t i = 0, w; i < s.n; i += w) {
      dec_rune(s.p + i, s.n - i, &w);
      ct_buf_put(&b, s.p + i, w);
      ct_buf_put(&b, nw.p, nw.n);
    }
  } else {
    size_t i = 0;
    long at;
    while ((at = find(s, i, old)) >= 0) {
      ct_buf_put(&b, s.p + i, (size_t)at - i);
      ct_buf_put(&b, nw.p, nw.n);
      i = (size_t)at + old.n;
    }
    ct_buf_put(&b, s.p + i, s.n - i);
  }
  *out = take(c, &b);
  return 0;
}

static int f_plural(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)c, (void)nargs;
  *out = iarg(args[2]) == 1 ? args[0] : args[1];
  return 0;
}

static int f_trunc(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t k = iarg(args[0]);
  sv s = sarg(args[1]);
  int64_t n = (int64_t)s.n;
  if (k < 0 && n + k > 0) *out = str_of(c, s.p + (n + k), (size_t)(-k));
  else if (k >= 0 && n > k) *out = str_of(c, s.p, (size_t)k);
  else *out = str_of(c, s.p, s.n);
  return 0;
}

static int f_join(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv sep = sarg(args[0]);
  ct_value *l = ct_sprig__strslice(ct_call_arena(c), args[1]);
  ct_buf b = CT_BUF_INIT;
  for (size_t i = 0; i < l->list->len; i++) {
    if (i) ct_buf_put(&b, sep.p, sep.n);
    ct_buf_put(&b, l->list->items[i]->s.ptr, l->list->items[i]->s.len);
  }
  *out = take(c, &b);
  return 0;
}

/* strings.SplitN(s, sep, n) as a []string; n < 0 means all. */
static ct_value *split_n(ct_arena *a, sv s, sv sep, int64_t n) {
  ct_value *l = ct_list_new(a, CT_STRLIST, 0);
  if (n == 0) return l;
  if (sep.n == 0) { /* explode into UTF-8 sequences */
    size_t i = 0, w;
    while (i < s.n) {
      if (n > 0 && (int64_t)l->list->len == n - 1) {
        ct_list_push(a, l, ct_string(a, s.p + i, s.n - i));
        return l;
      }
      dec_rune(s.p + i, s.n - i, &w);
      ct_list_push(a, l, ct_string(a, s.p + i, w));
      i += w;
    }
    return l;
  }
  size_t i = 0;
  long at;
  while ((n < 0 || (int64_t)l->list->len < n - 1) && (at = find(s, i, sep)) >= 0) {
    ct_list_push(a, l, ct_string(a, s.p + i, (size_t)at - i));
    i = (size_t)at + sep.n;
  }
  ct_list_push(a, l, ct_string(a, s.p + i, s.n - i));
  return l;
}

static ct_value *indexed_map(ct_arena *a, const ct_value *l) {
  ct_value *m = ct_map_new(a, CT_STRMAP, l->list->len);
  for (size_t i = 0; i < l->list->len; i++) {
    char *k = ct_arena_sprintf(a, "_%zu", i);
    ct_map_setc(a, m, k, l->list->items[i]);
  }
  return m;
}

static int f_split(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  *out = indexed_map(a, split_n(a, sarg(args[1]), sarg(args[0]), -1));
  return 0;
}
static int f_splitn(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  *out = indexed_map(a, split_n(a, sarg(args[2]), sarg(args[0]), iarg(args[1])));
  return 0;
}
static int f_splitlist(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = split_n(ct_call_arena(c), sarg(args[1]), sarg(args[0]), -1);
  return 0;
}

static const ct_func funcs[] = {
    {"hello", "->string", f_hello, NULL},
    {"upper", "string->string", f_upper, NULL},
    {"lower", "string->string", f_lower, NULL},
    {"title", "string->string", f_title, NULL},
    {"untitle", "string->string", f_untitle, NULL},
    {"substr", "int,int,string->string", f_substr, NULL},
    {"repeat", "int,string->string", f_repeat, NULL},
    {"trim", "string->string", f_trim, NULL},
    {"trimall", "string,string->string", f_trimall, NULL},
    {"trimAll", "string,string->string", f_trimall, NULL},
    {"trimSuffix", "string,string->string", f_trimsuffix, NULL},
    {"trimPrefix", "string,string->string", f_trimprefix, NULL},
    {"nospace", "string->string", f_nospace, NULL},
    {"initials", "string->string", f_initials, NULL},
    {"swapcase", "string->string", f_swapcase, NULL},
    {"snakecase", "string->string", f_snakecase, NULL},
    {"camelcase", "string->string", f_camelcase, NULL},
    {"kebabcase", "string->string", f_kebabcase, NULL},
    {"wrap", "int,string->string", f_wrap, NULL},
    {"wrapWith", "int,string,string->string", f_wrapwith, NULL},
    {"contains", "string,string->bool", f_contains, NULL},
    {"hasPrefix", "string,string->bool", f_hasprefix, NULL},
    {"hasSuffix", "string,string->bool", f_hassuffix, NULL},
    {"quote", "...any->string", f_quote, NULL},
    {"squote", "...any->string", f_squote, NULL},
    {"cat", "...any->string", f_cat, NULL},
    {"indent", "int,string->string", f_indent, NULL},
    {"nindent", "int,string->string", f_nindent, NULL},
    {"replace", "string,string,string->string", f_replace, NULL},
    {"plural", "string,string,int->string", f_plural, NULL},
    {"trunc", "int,string->string", f_trunc, NULL},
    {"abbrev", "int,string->string", f_abbrev, NULL},
    {"abbrevboth", "int,int,string->string", f_abbrevboth, NULL},
    {"join", "string,any->string", f_join, NULL},
    {"split", "string,string->map[string]string", f_split, NULL},
    {"splitList", "string,string->[]string", f_splitlist, NULL},
    {"splitn", "string,int,string->map[string]string", f_splitn, NULL},
};

const ct_func *ct_sprig__strings(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
