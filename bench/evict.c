/* evict.c — touches MiB megabytes (argument, default 64) of fresh memory and exits: run
 * between timed runs (runcases --between) it leaves the caches and the kernel's free pages as
 * a large process such as helm leaves them, without helm. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long mib = argc > 1 ? strtol(argv[1], NULL, 10) : 64;
  if (mib < 1 || mib > 4096) {
    fprintf(stderr, "usage: evict [MiB 1..4096]\n");
    return 2;
  }
  size_t n = (size_t)mib << 20;
  volatile unsigned char *p = malloc(n);
  if (!p) return 1;
  for (size_t i = 0; i < n; i += 64)
    p[i] = (unsigned char)i;
  free((void *)p);
  return 0;
}
