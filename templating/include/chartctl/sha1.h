/* SHA-1 and SHA-512 (FIPS 180-4) without libcrypto, for Sprig's sha1sum and sha512sum: a
 * template that hashes would otherwise make the static chartctl hand the whole render to
 * chartctl-dyn and load libcrypto, several times the cost of a small chart's render. */
#ifndef CHARTCTL_SHA1_H
#define CHARTCTL_SHA1_H

#include <stddef.h>

/* One-shot digests of DATA. */
void ct_sha1(const void *data, size_t n, unsigned char out[20]);
void ct_sha512(const void *data, size_t n, unsigned char out[64]);

#endif
