/* encoding.c — Sprig's b64enc/b64dec/b32enc/b32dec (encoding/base64 and encoding/base32
 * StdEncoding, with Go's exact "illegal ... data at input byte N" messages on bad input). */
#include <string.h>

#include "sprig/sprig_int.h"

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

static const char *sarg(ct_value *const *args, size_t i, size_t *len) {
  const ct_value *v = args[i];
  if (!v || (v->type != CT_STRING && v->type != CT_BYTES)) {
    *len = 0;
    return "";
  }
  *len = v->s.len;
  return v->s.ptr;
}

void ct_sprig__b64_encode(char *o, const unsigned char *s, size_t n) {
  size_t j = 0;
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)s[i] << 16;
    if (i + 1 < n) v |= (unsigned)s[i + 1] << 8;
    if (i + 2 < n) v |= s[i + 2];
    o[j++] = B64[(v >> 18) & 63];
    o[j++] = B64[(v >> 12) & 63];
    o[j++] = i + 1 < n ? B64[(v >> 6) & 63] : '=';
    o[j++] = i + 2 < n ? B64[v & 63] : '=';
  }
}

static int b64enc(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  size_t n;
  const unsigned char *s = (const unsigned char *)sarg(args, 0, &n);
  size_t olen = (n + 2) / 3 * 4;
  char *o = ct_arena_alloc(ct_call_arena(c), olen + 1);
  ct_sprig__b64_encode(o, s, n);
  *out = ct_string_nocopy(ct_call_arena(c), o, olen);
  return 0;
}

int ct_sprig__b64_decode(const char *src, size_t n, unsigned char *dst, size_t *dlen_out, size_t *bad) {
  signed char map[256];
  memset(map, -1, sizeof map);
  for (int k = 0; k < 64; k++) map[(unsigned char)B64[k]] = (signed char)k;
  size_t si = 0, o = 0;
  for (;;) {
    unsigned char q[4];
    size_t dlen = 4;
    int j;
    bool end = false;
    for (j = 0; j < 4; j++) {
      if (si == n) {
        if (j == 0) {
          *dlen_out = o;
          return 0;
        }
        *bad = si - (size_t)j;
        return -1;
      }
      unsigned char in = (unsigned char)src[si++];
      if (map[in] >= 0) {
        q[j] = (unsigned char)map[in];
        continue;
      }
      if (in == '\n' || in == '\r') {
        j--;
        continue;
      }
      if (in != '=') {
        *bad = si - 1;
        return -1;
      }
      /* padding */
      if (j == 0 || j == 1) {
        *bad = si - 1;
        return -1;
      }
      if (j == 2) {
        while (si < n && (src[si] == '\n' || src[si] == '\r')) si++;
        if (si == n) {
          *bad = n;
          return -1;
        }
        if (src[si] != '=') {
          *bad = si - 1;
          return -1;
        }
        si++;
      }
      while (si < n && (src[si] == '\n' || src[si] == '\r')) si++;
      if (si < n) {
        *bad = si;
        return -1;
      }
      dlen = (size_t)j;
      end = true;
      break;
    }
    unsigned v = 0;
    for (size_t k = 0; k < 4; k++) v = (v << 6) | (k < dlen ? q[k] : 0);
    if (dlen >= 2) dst[o++] = (unsigned char)(v >> 16);
    if (dlen >= 3) dst[o++] = (unsigned char)(v >> 8);
    if (dlen >= 4) dst[o++] = (unsigned char)v;
    if (end) {
      *dlen_out = o;
      return 0;
    }
  }
}

static int b64dec(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  size_t n, dl = 0, bad = 0;
  const char *s = sarg(args, 0, &n);
  char *d = ct_arena_alloc(ct_call_arena(c), n + 1);
  if (ct_sprig__b64_decode(s, n, (unsigned char *)d, &dl, &bad) < 0) {
    *out = ct_cstring(ct_call_arena(c),
                      ct_arena_sprintf(ct_call_arena(c), "illegal base64 data at input byte %zu", bad));
    return 0;
  }
  d[dl] = 0;
  *out = ct_string_nocopy(ct_call_arena(c), d, dl);
  return 0;
}

static int b32enc(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  size_t n;
  const unsigned char *s = (const unsigned char *)sarg(args, 0, &n);
  size_t olen = (n + 4) / 5 * 8;
  char *o = ct_arena_alloc(ct_call_arena(c), olen + 1);
  size_t j = 0;
  for (size_t i = 0; i < n; i += 5) {
    size_t take = n - i < 5 ? n - i : 5;
    uint64_t v = 0;
    for (size_t k = 0; k < 5; k++) v = (v << 8) | (k < take ? s[i + k] : 0);
    size_t chars = (take * 8 + 4) / 5; /* 1→2, 2→4, 3→5, 4→7, 5→8 */
    for (size_t k = 0; k < 8; k++) o[j++] = k < chars ? B32[(v >> (35 - 5 * k)) & 31] : '=';
  }
  *out = ct_string_nocopy(ct_call_arena(c), o, j);
  return 0;
}

/* encoding/base32 StdEncoding.DecodeString (newlines stripped first, as Go does). */
static int b32_decode(const char *s0, size_t n0, char *dst, size_t *dlen_out, size_t *bad, char *tmp) {
  signed char map[256];
  memset(map, -1, sizeof map);
  for (int k = 0; k < 32; k++) map[(unsigned char)B32[k]] = (signed char)k;
  size_t n = 0;
  for (size_t i = 0; i < n0; i++)
    if (s0[i] != '\n' && s0[i] != '\r') tmp[n++] = s0[i];
  const char *src = tmp;
  size_t olen = n, rest = n, o = 0;
  bool end = false;
  while (rest > 0 && !end) {
    unsigned char q[8] = {0};
    size_t dlen = 8;
    for (size_t j = 0; j < 8;) {
      if (rest == 0) {
        *bad = olen - rest - j;
        return -1;
      }
      unsigned char in = (unsigned char)*src++;
      rest--;
      if (in == '=' && j >= 2 && rest < 8) {
        if (rest + j < 8 - 1) {
          *bad = olen;
          return -1;
        }
        for (size_t k = 0; k < 8 - 1 - j; k++) {
          if (rest > k && src[k] != '=') {
            *bad = olen - rest + k - 1;
            return -1;
          }
        }
        dlen = j;
        end = true;
        if (dlen == 1 || dlen == 3 || dlen == 6) {
          *bad = olen - rest - 1;
          return -1;
        }
        break;
      }
      if (map[in] < 0) {
        *bad = olen - rest - 1;
        return -1;
      }
      q[j++] = (unsigned char)map[in];
    }
    uint64_t v = 0;
    for (size_t k = 0; k < 8; k++) v = (v << 5) | q[k];
    static const size_t bytes_for[9] = {0, 0, 1, 0, 2, 3, 0, 4, 5};
    size_t nb = bytes_for[dlen];
    for (size_t k = 0; k < nb; k++) dst[o++] = (char)(v >> (32 - 8 * k));
  }
  *dlen_out = o;
  return 0;
}

static int b32dec(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t n, dl = 0, bad = 0;
  const char *s = sarg(args, 0, &n);
  char *d = ct_arena_alloc(a, n + 1);
  char *tmp = ct_arena_alloc(a, n + 1);
  if (b32_decode(s, n, d, &dl, &bad, tmp) < 0) {
    *out = ct_cstring(a, ct_arena_sprintf(a, "illegal base32 data at input byte %zu", bad));
    return 0;
  }
  d[dl] = 0;
  *out = ct_string_nocopy(a, d, dl);
  return 0;
}

static const ct_func funcs[] = {
    {"b64enc", "string->string", b64enc, NULL},
    {"b64dec", "string->string", b64dec, NULL},
    {"b32enc", "string->string", b32enc, NULL},
    {"b32dec", "string->string", b32dec, NULL},
};

const ct_func *ct_sprig__encoding(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
