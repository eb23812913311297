/* entropy.c — ct_entropy: getrandom(2) until N bytes, as Go's crypto/rand.Read does. */
#include "chartctl/entropy.h"

#include <errno.h>
#include <sys/random.h>

bool ct_entropy(void *buf, size_t n) {
  unsigned char *p = buf;
  while (n) {
    ssize_t got = getrandom(p, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += got;
    n -= (size_t)got;
  }
  return true;
}
