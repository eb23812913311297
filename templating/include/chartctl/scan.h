/* scan.h — byte scans for the short spans rendering is made of (a line of YAML, a line being
 * indented): inlined, sixteen bytes at a time with SSE2 where the target has it. glibc's
 * memchr is reached through an IRELATIVE stub and sets up for long buffers; on a 40-byte line
 * its call costs more than the scan. Long buffers are still memchr's job. */
#ifndef CHARTCTL_SCAN_H
#define CHARTCTL_SCAN_H

#include <stddef.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The index of the first byte C in S[I, N) (I <= N), or N when there is none. Reads only
 * S[I, N). */
static inline size_t ct_scan_byte(const char *s, size_t i, size_t n, char c) {
#if defined(__SSE2__)
  const __m128i v = _mm_set1_epi8(c);
  for (; i + 16 <= n; i += 16) {
    unsigned m =
        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + i)), v));
    if (m) return i + (size_t)__builtin_ctz(m);
  }
#endif
  for (; i < n; i++)
    if (s[i] == c) return i;
  return n;
}

/* How many bytes C are in S[0, N). */
static inline size_t ct_count_byte(const char *s, size_t n, char c) {
  size_t count = 0, i = 0;
#if defined(__SSE2__)
  const __m128i v = _mm_set1_epi8(c), zero = _mm_setzero_si128();
  while (n - i >= 16) {
    /* each match adds 1 to its byte lane; a lane holds 255 before the sums are taken */
    __m128i acc = zero;
    size_t blocks = (n - i) / 16;
    if (blocks > 255) blocks = 255;
    for (size_t b = 0; b < blocks; b++, i += 16)
      acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + i)), v));
    __m128i sums = _mm_sad_epu8(acc, zero);
    count += (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
  }
#endif
  for (; i < n; i++)
    count += s[i] == c;
  return count;
}

#endif
