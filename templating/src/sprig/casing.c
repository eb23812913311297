/* casing.c — Sprig's case and word functions: upper lower title (strings package), untitle
 * swapcase nospace initials abbrev abbrevboth wrap wrapWith (goutils), camelcase snakecase
 * kebabcase (xstrings ToPascalCase/ToSnakeCase/ToKebabCase); listed in strings.c's table. */
#include <string.h>

#include "sprig/sprig_a.h"

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

/* strings.Map(f, s): every rune mapped, invalid bytes become U+FFFD. */
static ct_value *map_runes(ct_call *c, sv s, int32_t (*f)(int32_t)) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_reserve(&b, s.n + 1);
  for (size_t i = 0, w; i < s.n; i += w)
    ct_sprig__put_rune(&b, f(ct_sprig__dec_rune(s.p + i, s.n - i, &w)));
  return take(c, &b);
}

int ct_sprig__f_upper(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = map_runes(c, sarg(args[0]), ct_sprig__u_toupper);
  return 0;
}
int ct_sprig__f_lower(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = map_runes(c, sarg(args[0]), ct_sprig__u_tolower);
  return 0;
}

/* strings.Title: title-case each rune after a separator. */
static bool title_sep(int32_t r) {
  if (r <= 0x7F)
    return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') ||
             r == '_');
  if (ct_sprig__u_letter(r) || ct_sprig__u_digit(r) || ct_sprig__u_number(r)) return false;
  return ct_sprig__u_space(r);
}
int ct_sprig__f_title(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  int32_t prev = ' ';
  for (size_t i = 0, w; i < s.n; i += w) {
    int32_t r = ct_sprig__dec_rune(s.p + i, s.n - i, &w);
    ct_sprig__put_rune(&b, title_sep(prev) ? ct_sprig__u_totitle(r) : r);
    prev = r;
  }
  *out = take(c, &b);
  return 0;
}

/* goutils.Uncapitalize: lower the first rune of each whitespace-separated word. */
int ct_sprig__f_untitle(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  bool next = true;
  for (size_t i = 0, w; i < s.n; i += w) {
    int32_t r = ct_sprig__dec_rune(s.p + i, s.n - i, &w);
    if (ct_sprig__u_space(r)) {
      next = true;
    } else if (next) {
      r = ct_sprig__u_tolower(r);
      next = false;
    }
    ct_sprig__put_rune(&b, r);
  }
  *out = s.n ? take(c, &b) : args[0] ? args[0] : str_of(c, "", 0);
  if (!s.n) ct_buf_dispose(&b);
  return 0;
}

/* goutils.SwapCase: upper/title → lower, lower → title after a space, else upper. */
int ct_sprig__f_swapcase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  bool ws = true;
  for (size_t i = 0, w; i < s.n; i += w) {
    int32_t r = ct_sprig__dec_rune(s.p + i, s.n - i, &w);
    if (ct_sprig__u_upper(r) || ct_sprig__u_title(r)) {
      r = ct_sprig__u_tolower(r);
      ws = false;
    } else if (ct_sprig__u_lower(r)) {
      r = ws ? ct_sprig__u_totitle(r) : ct_sprig__u_toupper(r);
      ws = false;
    } else {
      ws = ct_sprig__u_space(r);
    }
    ct_sprig__put_rune(&b, r);
  }
  *out = take(c, &b);
  return 0;
}

/* goutils.DeleteWhiteSpace works on bytes: each kept byte is written as the rune of that
 * value (so non-ASCII bytes are re-encoded), unless nothing was removed. */
int ct_sprig__f_nospace(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  size_t kept = 0;
  for (size_t i = 0; i < s.n; i++) {
    int32_t r = (unsigned char)s.p[i];
    if (!ct_sprig__u_space(r)) {
      ct_sprig__put_rune(&b, r);
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
int ct_sprig__f_initials(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  sv s = sarg(args[0]);
  ct_buf b = CT_BUF_INIT;
  bool gap = true;
  for (size_t i = 0; i < s.n; i++) {
    int32_t r = (unsigned char)s.p[i];
    if (ct_sprig__u_space(r)) {
      gap = true;
    } else if (gap) {
      ct_sprig__put_rune(&b, r);
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

int ct_sprig__f_abbrev(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
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

int ct_sprig__f_abbrevboth(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
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

int ct_sprig__f_wrap(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT;
  wrap_custom(&b, sarg(args[1]), iarg(args[0]), (sv){"", 0}, false);
  *out = take(c, &b);
  return 0;
}

int ct_sprig__f_wrapwith(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT;
  wrap_custom(&b, sarg(args[2]), iarg(args[0]), sarg(args[1]), true);
  *out = take(c, &b);
  return 0;
}

/* ---- xstrings: ToPascalCase (Sprig's camelcase), ToSnakeCase, ToKebabCase ---- */

static bool x_connector(int32_t r) { return r == '-' || r == '_' || ct_sprig__u_space(r); }
static bool x_alpha(int32_t r) { /* a letter but not a CJK ideograph */
  if (!ct_sprig__u_letter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4E00 && r <= 0x9FCC) return false;
  if (r >= 0x3400 && r <= 0x4D85) return false;
  if (r >= 0x20000 && r <= 0x2B81D) return false;
  return true;
}

int ct_sprig__f_camelcase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
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
    r0 = ct_sprig__dec_rune(s.p + i, s.n - i, &w);
    i += w;
    if (!x_connector(r0)) {
      first_upper = ct_sprig__u_upper(r0);
      r0 = ct_sprig__u_toupper(r0);
      break;
    }
    ct_sprig__put_rune(&b, r0);
  }
  if (i >= s.n) {
    if (w) ct_sprig__put_rune(&b, r0); /* xstrings writes a trailing connector twice, too */
    *out = take(c, &b);
    return 0;
  }
  while (i < s.n) {
    r1 = r0;
    r0 = ct_sprig__dec_rune(s.p + i, s.n - i, &w);
    i += w;
    if (x_connector(r0) && x_connector(r1)) {
      ct_sprig__put_rune(&b, r1);
      continue;
    }
    if (x_connector(r1)) {
      first_upper = ct_sprig__u_upper(r0);
      r0 = ct_sprig__u_toupper(r0);
    } else {
      if (first_upper) {
        if (ct_sprig__u_upper(r0))
          r0 = ct_sprig__u_tolower(r0);
        else
          first_upper = false;
      }
      ct_sprig__put_rune(&b, r1);
    }
  }
  ct_sprig__put_rune(&b, r0);
  *out = take(c, &b);
  return 0;
}

enum { W_INVALID, W_NUMBER, W_UPPER, W_ALPHA, W_CONNECTOR, W_PUNCT, W_OTHER };

/* nextValidRune: skip invalid bytes; at the end, PREV. */
static int32_t next_valid(sv s, int32_t prev, size_t *size) {
  size_t off = 0, w;
  *size = 0;
  while (off < s.n) {
    int32_t r = ct_sprig__dec_rune(s.p + off, s.n - off, &w);
    off += w;
    *size += w;
    if (r != CT_SPRIG_RUNE_ERROR) return r;
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
  int32_t r = next_valid(rem, CT_SPRIG_RUNE_ERROR, &size);
  off += size;
  int wt;
  if (r == CT_SPRIG_RUNE_ERROR) {
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
  } else if (ct_sprig__u_punct(r)) {
    wt = W_PUNCT;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!ct_sprig__u_punct(r)) break;
      off += size;
      ADV(size);
    }
  } else if (ct_sprig__u_upper(r)) {
    wt = W_UPPER;
    ADV(size);
    if (rem.n) {
      r = next_valid(rem, r, &size);
      if (ct_sprig__u_upper(r)) {
        size_t prev_size = size;
        off += size;
        ADV(size);
        while (rem.n) {
          r = next_valid(rem, r, &size);
          if (!ct_sprig__u_upper(r)) break;
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
          if (!x_alpha(r) || ct_sprig__u_upper(r)) break;
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
      if (!x_alpha(r) || ct_sprig__u_upper(r)) break;
      off += size;
      ADV(size);
    }
  } else if (ct_sprig__u_number(r)) {
    wt = W_NUMBER;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (!ct_sprig__u_number(r)) break;
      off += size;
      ADV(size);
    }
  } else {
    wt = W_OTHER;
    ADV(size);
    while (rem.n) {
      r = next_valid(rem, r, &size);
      if (size == 0 || x_connector(r) || x_alpha(r) || ct_sprig__u_number(r) ||
          ct_sprig__u_punct(r))
        break;
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
    int32_t r = ct_sprig__dec_rune(w.p + i, w.n - i, &k);
    if (x_connector(r))
      ct_sprig__put_rune(b, conn);
    else if (ct_sprig__u_upper(r))
      ct_sprig__put_rune(b, ct_sprig__u_tolower(r));
    else
      ct_sprig__put_rune(b, r);
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
      if (wt != W_INVALID && wt != W_PUNCT && wt != W_CONNECTOR) ct_sprig__put_rune(&b, conn);
      break;
    case W_CONNECTOR: x_lower(&b, prev, last, conn); break;
    case W_PUNCT: break;
    default:
      if (wt != W_NUMBER) {
        if (wt != W_CONNECTOR && wt != W_PUNCT) ct_sprig__put_rune(&b, conn);
        break;
      }
      if (rem.n == 0) break;
      last = word;
      wt = next_word(rem, &word, &rem);
      if (wt != W_ALPHA) {
        x_lower(&b, W_NUMBER, last, conn);
        if (wt != W_CONNECTOR && wt != W_PUNCT) ct_sprig__put_rune(&b, conn);
        break;
      }
      ct_sprig__put_rune(&b, conn);
      x_lower(&b, W_NUMBER, last, conn);
      while (wt == W_ALPHA || wt == W_NUMBER) {
        x_lower(&b, wt, word, conn);
        wt = next_word(rem, &word, &rem);
      }
      if (wt != W_INVALID && wt != W_CONNECTOR && wt != W_PUNCT) ct_sprig__put_rune(&b, conn);
    }
  }
  x_lower(&b, wt, word, conn);
  return take(c, &b);
}

int ct_sprig__f_snakecase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = to_lower_case(c, sarg(args[0]), '_');
  return 0;
}
int ct_sprig__f_kebabcase(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = to_lower_case(c, sarg(args[0]), '-');
  return 0;
}
