/* SHA-256 (FIPS 180-4) without libcrypto: sha256sum is in most charts' checksum annotations,
 * and loading libcrypto for it would cost more than the whole render of a small chart. */
#ifndef CHARTCTL_SHA256_H
#define CHARTCTL_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct ct_sha256_ctx {
  uint32_t h[8];
  uint64_t len;          /* bytes hashed so far */
  unsigned char blk[64]; /* pending partial block */
  size_t nblk;
} ct_sha256_ctx;

void ct_sha256_init(ct_sha256_ctx *c);
void ct_sha256_update(ct_sha256_ctx *c, const void *data, size_t n);
void ct_sha256_final(ct_sha256_ctx *c, unsigned char out[32]);
/* One-shot digest of DATA. */
void ct_sha256(const void *data, size_t n, unsigned char out[32]);
/* For tests: 0 while the first blocks run the portable rounds and the CPU is not yet asked,
 * 1 once the portable rounds are chosen for good, 2 once the SHA extensions are. */
int ct_sha256__rounds(void);

#endif
