/* Random bytes from the kernel (getrandom), as Go's crypto/rand reads them: what Sprig's
 * random strings, uuidv4, bcrypt salts and AES IVs are made of, without loading libcrypto. */
#ifndef CHARTCTL_ENTROPY_H
#define CHARTCTL_ENTROPY_H

#include <stdbool.h>
#include <stddef.h>

/* Fills BUF with N random bytes; false (errno set) when the kernel gives none. */
bool ct_entropy(void *buf, size_t n);

#endif
