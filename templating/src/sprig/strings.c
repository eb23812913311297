/* strings.c — Sprig's string family table, and its Go strings package functions (substr
 * repeat trim* contains replace split join...), quote squote cat indent plural trunc. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "chartctl/gofmt.h"
#include "chartctl/scan.h"
#include "sprig/sprig_a.h"

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
static ct_value *str_of(ct_call *c, const char *p, size_t n) {
  return ct_string(ct_call_arena(c), p, n);
}

static bool has_prefix(sv s, sv p) { return s.n >= p.n && memcmp(s.p, p.p, p.n) == 0; }
static bool has_suffix(sv s, sv p) { return s.n >= p.n && memcmp(s.p + s.n - p.n, p.p, p.n) == 0; }
static long find(sv s, size_t from, sv sub) {
  if (sub.n == 0) return (long)from;
  if (s.n < sub.n) return -1;
  if (from > s.n - sub.n) return -1;
  const char *p = s.p + from, *last = s.p + (s.n - sub.n); /* last possible start */
  while ((p = memchr(p, sub.p[0], (size_t)(last - p) + 1))) {
    if (memcmp(p + 1, sub.p + 1, sub.n - 1) == 0) return (long)(p - s.p);
    if (p++ == last) break;
  }
  return -1;
}

/* ---- simple wrappers of Go's strings package ---- */

static int f_hello(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)args, (void)nargs;
  *out = ct_cstring(ct_call_arena(c), "Hello!");
  return 0;
}
/* substr(start, end int, s): Go slicing, with Go's panics for bad bounds. */
static int f_substr(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t st = iarg(args[0]), en = iarg(args[1]);
  sv s = sarg(args[2]);
  int64_t n = (int64_t)s.n;
  if (st < 0) {
    if (en < 0)
      return ct_call_errorf(c, "runtime error: slice bounds out of range [:%lld]", (long long)en);
    if (en > n)
      return ct_call_errorf(c, "runtime error: slice bounds out of range [:%lld] with length %lld",
                            (long long)en, (long long)n);
    *out = str_of(c, s.p, (size_t)en);
    return 0;
  }
  if (en < 0 || en > n) {
    if (st > n)
      return ct_call_errorf(c, "runtime error: slice bounds out of range [%lld:%lld]",
                            (long long)st, (long long)n);
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
  if (s.n * (uint64_t)count >= ct_arena_left(ct_call_arena(c)))
    return ct_call_errorf(c, "render exceeded memory limit");
  ct_buf_reserve(b, s.n * (size_t)count + 1);
  for (int64_t i = 0; i < count; i++)
    ct_buf_put(b, s.p, s.n);
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
  while (i < j && ct_sprig__u_space(ct_sprig__dec_rune(s.p + i, j - i, &w)))
    i += w;
  while (j > i) { /* step back one rune */
    size_t k = j - 1;
    while (k > i && j - k < 4 && ((unsigned char)s.p[k] & 0xC0) == 0x80)
      k--;
    int32_t r = ct_sprig__dec_rune(s.p + k, j - k, &w);
    if (k + w != j) r = CT_SPRIG_RUNE_ERROR, k = j - 1;
    if (!ct_sprig__u_space(r)) break;
    j = k;
  }
  *out = str_of(c, s.p + i, j - i);
  return 0;
}

static bool in_cutset(sv cut, int32_t r) {
  for (size_t i = 0, w; i < cut.n; i += w)
    if (ct_sprig__dec_rune(cut.p + i, cut.n - i, &w) == r) return true;
  return false;
}

/* trimAll(cutset, s) = strings.Trim(s, cutset) */
static int f_trimall(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv cut = sarg(args[0]), s = sarg(args[1]);
  size_t i = 0, j = s.n, w;
  while (i < j && in_cutset(cut, ct_sprig__dec_rune(s.p + i, j - i, &w)))
    i += w;
  while (j > i) {
    size_t k = j - 1;
    while (k > i && j - k < 4 && ((unsigned char)s.p[k] & 0xC0) == 0x80)
      k--;
    int32_t r = ct_sprig__dec_rune(s.p + k, j - k, &w);
    if (k + w != j) r = CT_SPRIG_RUNE_ERROR, k = j - 1;
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

/* Sprig's indent: pad + strings.Replace(s, "\n", "\n"+pad, -1) (nindent puts "\n" first).
 * Built in one arena block of the exact size: count the newlines, then copy runs. */
static int indent(ct_call *c, ct_value **out, ct_value *const *args, bool nl) {
  int64_t n = iarg(args[0]);
  sv s = sarg(args[1]);
  if (n < 0) return ct_call_errorf(c, "strings: negative Repeat count");
  if ((uint64_t)n > MAX_REPEAT) /* Go would run out of memory */
    return ct_call_errorf(c, "strings: Repeat output of %llu bytes is too long",
                          (unsigned long long)n);
  size_t pad = (size_t)n, lines = ct_count_byte(s.p, s.n, '\n');
  uint64_t total = (uint64_t)nl + pad + s.n + (uint64_t)lines * pad;
  if (total > MAX_REPEAT)
    return ct_call_errorf(c, "strings: indent output of %llu bytes is too long",
                          (unsigned long long)total);
  if (total >= ct_arena_left(ct_call_arena(c)))
    return ct_call_errorf(c, "render exceeded memory limit");
  char *dst = ct_arena_alloc(ct_call_arena(c), (size_t)total + 1), *w = dst;
  if (nl) *w++ = '\n';
  memset(w, ' ', pad), w += pad;
  for (size_t i = 0; i < s.n;) {
    size_t q = ct_scan_byte(s.p, i, s.n, '\n');
    size_t run = q < s.n ? q + 1 - i : s.n - i;
    memcpy(w, s.p + i, run), w += run, i += run;
    if (q < s.n) memset(w, ' ', pad), w += pad;
  }
  *w = 0; /* the arena block is zeroed; explicit for clarity */
  *out = ct_string_nocopy(ct_call_arena(c), dst, (size_t)(w - dst));
  return 0;
}
/* N bytes from SRC to DST (DST >= SRC: a move right, the ranges may overlap). Lines of YAML
 * are mostly under 32 bytes: those are loaded whole before anything is stored, which makes
 * any overlap safe, without a call. */
static inline void move_right(char *dst, const char *src, size_t n) {
#if defined(__SSE2__)
  if (n >= 16 && n <= 32) {
    __m128i a = _mm_loadu_si128((const __m128i *)src);
    __m128i b = _mm_loadu_si128((const __m128i *)(src + n - 16));
    _mm_storeu_si128((__m128i *)(dst + n - 16), b);
    _mm_storeu_si128((__m128i *)dst, a);
    return;
  }
#endif
  if (n >= 8 && n <= 16) {
    uint64_t a, b;
    memcpy(&a, src, 8);
    memcpy(&b, src + n - 8, 8);
    memcpy(dst + n - 8, &b, 8);
    memcpy(dst, &a, 8);
  } else if (n >= 4 && n < 8) {
    uint32_t a, b;
    memcpy(&a, src, 4);
    memcpy(&b, src + n - 4, 4);
    memcpy(dst + n - 4, &b, 4);
    memcpy(dst, &a, 4);
  } else if (n < 4) {
    for (size_t i = n; i-- > 0;)
      dst[i] = src[i];
  } else {
    memmove(dst, src, n);
  }
}

/* N spaces at DST, stored exactly (no byte past DST + N is written). */
static inline void spaces(char *dst, size_t n) {
  static const char sp[16] = "                ";
  if (n >= 8 && n <= 16) {
    memcpy(dst, sp, 8);
    memcpy(dst + n - 8, sp, 8);
  } else if (n < 8) {
    for (size_t i = 0; i < n; i++)
      dst[i] = ' ';
  } else {
    memset(dst, ' ', n);
  }
}

/* Room for K + 16 more offsets in *AT (capacity *CAP, SMALL while no heap copy is made). */
static bool offsets_room(uint32_t **at, size_t *cap, size_t k, uint32_t *small) {
  if (k + 16 <= *cap) return true;
  size_t nc = *cap * 2;
  uint32_t *g = *at == small ? malloc(nc * sizeof *g) : realloc(*at, nc * sizeof *g);
  if (!g) return false;
  if (*at == small) memcpy(g, small, k * sizeof *g);
  *at = g;
  *cap = nc;
  return true;
}

/* The offsets of the newlines in S[0, N), in order, in one scan: into SMALL (room for CAP of
 * them, at least 16) while they fit, else into a heap array returned (the caller frees it when
 * it is not SMALL); *COUNT their number. NULL when out of memory. */
static uint32_t *newline_offsets(const char *s, size_t n, uint32_t *small, size_t cap,
                                 size_t *count) {
  uint32_t *at = small;
  size_t i = 0, k = 0;
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n');
  for (; i + 16 <= n; i += 16) {
    unsigned m =
        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + i)), nl));
    if (!m) continue;
    if (!offsets_room(&at, &cap, k, small)) goto oom;
    for (; m; m &= m - 1)
      at[k++] = (uint32_t)(i + (size_t)__builtin_ctz(m));
  }
#endif
  for (; i < n; i++)
    if (s[i] == '\n') {
      if (!offsets_room(&at, &cap, k, small)) goto oom;
      at[k++] = (uint32_t)i;
    }
  *count = k;
  return at;
oom:
  if (at != small) free(at);
  return NULL;
}

/* indent and nindent as filters (ct_func_direct): OUT's text from START indented where it
 * lies, growing it from the end backwards, line by line. The newlines are found first, in
 * one forward scan that also counts them (a backward memrchr per line was 2% of a mesh
 * render). Whatever indent()
 * refuses as Go would (a negative count, a result past MAX_REPEAT) is declined, and indent()
 * words it; so is a text of 4 GiB or more (its offsets would not fit). */
static int indent_in_place(ct_call *c, ct_buf *out, size_t start, ct_value *const *args, bool nl) {
  (void)c;
  int64_t n = iarg(args[0]);
  if (n < 0 || (uint64_t)n > MAX_REPEAT) return 1;
  size_t pad = (size_t)n, len = out->len - start;
  if ((uint64_t)len >= UINT32_MAX) return 1;
  uint32_t small[256];
  size_t lines;
  uint32_t *at = newline_offsets(ct_buf_str(out) + start, len, small, 256, &lines);
  if (!at) return 1;
  uint64_t total = (uint64_t)nl + pad + len + (uint64_t)lines * pad;
  if (total > MAX_REPEAT) { /* (the text is output, not arena memory: no arena check) */
    if (at != small) free(at);
    return 1;
  }
  ct_buf_reserve(out, (size_t)total - len);
  char *base = out->ptr + start;
  /* each line moves right by the pads (and newline) before it; W never passes below R */
  size_t r = len, w = (size_t)total;
  for (size_t k = lines;; k--) {
    size_t from = k ? (size_t)at[k - 1] + 1 : 0, run = r - from;
    w -= run;
    move_right(base + w, base + from, run);
    w -= pad;
    spaces(base + w, pad);
    if (!k) break;
    base[--w] = '\n';
    r = from - 1;
  }
  if (nl) base[--w] = '\n';
  if (at != small) free(at);
  out->len = start + (size_t)total;
  out->ptr[out->len] = 0;
  return 0;
}
int ct_sprig__d_indent(ct_call *c, ct_buf *out, size_t start, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return indent_in_place(c, out, start, args, false);
}
int ct_sprig__d_nindent(ct_call *c, ct_buf *out, size_t start, ct_value *const *args,
                        size_t nargs) {
  (void)nargs;
  return indent_in_place(c, out, start, args, true);
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
      ct_sprig__dec_rune(s.p + i, s.n - i, &w);
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
  if (k < 0 && n + k > 0)
    *out = str_of(c, s.p + (n + k), (size_t)(-k));
  else if (k >= 0 && n > k)
    *out = str_of(c, s.p, (size_t)k);
  else
    *out = str_of(c, s.p, s.n);
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
      ct_sprig__dec_rune(s.p + i, s.n - i, &w);
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
    {"upper", "string->string", ct_sprig__f_upper, NULL},
    {"lower", "string->string", ct_sprig__f_lower, NULL},
    {"title", "string->string", ct_sprig__f_title, NULL},
    {"untitle", "string->string", ct_sprig__f_untitle, NULL},
    {"substr", "int,int,string->string", f_substr, NULL},
    {"repeat", "int,string->string", f_repeat, NULL},
    {"trim", "string->string", f_trim, NULL},
    {"trimall", "string,string->string", f_trimall, NULL},
    {"trimAll", "string,string->string", f_trimall, NULL},
    {"trimSuffix", "string,string->string", f_trimsuffix, NULL},
    {"trimPrefix", "string,string->string", f_trimprefix, NULL},
    {"nospace", "string->string", ct_sprig__f_nospace, NULL},
    {"initials", "string->string", ct_sprig__f_initials, NULL},
    {"swapcase", "string->string", ct_sprig__f_swapcase, NULL},
    {"snakecase", "string->string", ct_sprig__f_snakecase, NULL},
    {"camelcase", "string->string", ct_sprig__f_camelcase, NULL},
    {"kebabcase", "string->string", ct_sprig__f_kebabcase, NULL},
    {"wrap", "int,string->string", ct_sprig__f_wrap, NULL},
    {"wrapWith", "int,string,string->string", ct_sprig__f_wrapwith, NULL},
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
    {"abbrev", "int,string->string", ct_sprig__f_abbrev, NULL},
    {"abbrevboth", "int,int,string->string", ct_sprig__f_abbrevboth, NULL},
    {"join", "string,any->string", f_join, NULL},
    {"split", "string,string->map[string]string", f_split, NULL},
    {"splitList", "string,string->[]string", f_splitlist, NULL},
    {"splitn", "string,int,string->map[string]string", f_splitn, NULL},
};

const ct_func *ct_sprig__strings(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
