/* sha256.c — SHA-256 as FIPS 180-4 specifies it: 64-byte blocks, big-endian words, the
 * 64-round compression with the standard constants, length padding in bits. On x86-64 CPUs
 * with the SHA extensions the compression runs on them (~8x fewer instructions per block);
 * the portable rounds below are the reference and the fallback. */
#include "chartctl/sha256.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#include <setjmp.h>
#include <signal.h>
#define HAVE_SHA_NI_PATH 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t h[8], const unsigned char *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
           p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (int i = 0; i < 64; i++) {
    uint32_t t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    k = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

#ifdef HAVE_SHA_NI_PATH
/* The rounds with SHA-NI: the state kept as ABEF/CDGH lane pairs, four rounds per group,
 * the message schedule of the next groups computed with sha256msg1/msg2 alongside. */
__attribute__((target("sha,sse4.1,ssse3"))) static void compress_ni(uint32_t h[8],
                                                                    const unsigned char *p) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1);  /* CDAB */
  __m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B); /* EFGH */
  __m128i s0 = _mm_alignr_epi8(t, s1, 8);                                        /* ABEF */
  s1 = _mm_blend_epi16(s1, t, 0xF0);                                             /* CDGH */
  __m128i abef = s0, cdgh = s1, w[4];
  for (int i = 0; i < 16; i++) {
    if (i < 4) w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
    __m128i m = _mm_add_epi32(w[i & 3], _mm_loadu_si128((const __m128i *)&K[4 * i]));
    s1 = _mm_sha256rnds2_epu32(s1, s0, m);
    if (i >= 3 && i <= 14) { /* the words of group i+1 */
      __m128i x = _mm_alignr_epi8(w[i & 3], w[(i - 1) & 3], 4);
      w[(i + 1) & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(w[(i + 1) & 3], x), w[i & 3]);
    }
    s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
    if (i >= 1 && i <= 12) w[(i - 1) & 3] = _mm_sha256msg1_epu32(w[(i - 1) & 3], w[i & 3]);
  }
  s0 = _mm_add_epi32(s0, abef);
  s1 = _mm_add_epi32(s1, cdgh);
  t = _mm_shuffle_epi32(s0, 0x1B);                                  /* FEBA */
  s1 = _mm_shuffle_epi32(s1, 0xB1);                                 /* DCHG */
  _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, s1, 0xF0)); /* DCBA */
  _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(s1, t, 8));    /* HGFE */
}

/* Whether this CPU runs compress_ni: it is tried on a scratch block with SIGILL caught, and
 * an illegal instruction (no SHA extensions, or an emulator without them) says no. CPUID
 * would say the same but is trapped by the hypervisor on our VMs (4-13 us a call, two
 * calls); the try costs two sigaction calls (~1.5 us). SA_NODEFER leaves SIGILL unblocked
 * when the handler jumps out, so the mask needs no saving. */
static _Thread_local sigjmp_buf *probe_env;

static void on_sigill(int sig) {
  if (probe_env) siglongjmp(*probe_env, 1);
  signal(sig, SIG_DFL); /* not the try's (another thread's): it kills, as it would have */
}

static bool cpu_runs_sha_ni(void) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigill;
  sa.sa_flags = SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGILL, &sa, &old) != 0) return false;
  sigjmp_buf env;
  volatile bool ok = false;
  if (sigsetjmp(env, 0) == 0) {
    probe_env = &env;
    uint32_t h[8] = {0};
    static const unsigned char block[64];
    compress_ni(h, block);
    ok = true;
  }
  probe_env = NULL;
  sigaction(SIGILL, &old, NULL);
  return ok;
}
#endif

/* Which rounds run: decided at the first block (CT_SHA256_PORTABLE=1 keeps the portable
 * rounds, for tests). */
static _Thread_local void (*chosen)(uint32_t *, const unsigned char *);

static void (*pick_compress(void))(uint32_t *, const unsigned char *) {
  const char *env = getenv("CT_SHA256_PORTABLE");
  if (env && *env == '1') return compress;
#ifdef HAVE_SHA_NI_PATH
  if (cpu_runs_sha_ni()) return compress_ni;
#endif
  return compress;
}

static void compress_any(uint32_t h[8], const unsigned char *p) {
  if (!chosen) chosen = pick_compress();
  chosen(h, p);
}

int ct_sha256__rounds(void) { return !chosen ? 0 : chosen == compress ? 1 : 2; }

void ct_sha256_init(ct_sha256_ctx *c) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(c->h, iv, sizeof iv);
  c->len = 0;
  c->nblk = 0;
}

void ct_sha256_update(ct_sha256_ctx *c, const void *data, size_t n) {
  const unsigned char *p = data;
  c->len += n;
  if (c->nblk) {
    size_t take = 64 - c->nblk < n ? 64 - c->nblk : n;
    memcpy(c->blk + c->nblk, p, take);
    c->nblk += take;
    p += take;
    n -= take;
    if (c->nblk < 64) return;
    compress_any(c->h, c->blk);
    c->nblk = 0;
  }
  for (; n >= 64; p += 64, n -= 64)
    compress_any(c->h, p);
  if (n) memcpy(c->blk, p, n);
  c->nblk = n;
}

void ct_sha256_final(ct_sha256_ctx *c, unsigned char out[32]) {
  uint64_t bits = c->len * 8;
  c->blk[c->nblk++] = 0x80;
  if (c->nblk > 56) {
    memset(c->blk + c->nblk, 0, 64 - c->nblk);
    compress_any(c->h, c->blk);
    c->nblk = 0;
  }
  memset(c->blk + c->nblk, 0, 56 - c->nblk);
  for (int i = 0; i < 8; i++)
    c->blk[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
  compress_any(c->h, c->blk);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (unsigned char)(c->h[i] >> 24);
    out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
    out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
    out[4 * i + 3] = (unsigned char)c->h[i];
  }
}

void ct_sha256(const void *data, size_t n, unsigned char out[32]) {
  ct_sha256_ctx c;
  ct_sha256_init(&c);
  ct_sha256_update(&c, data, n);
  ct_sha256_final(&c, out);
}
