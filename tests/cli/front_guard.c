/* front_guard.c — drives cli/front.c's hand-off (built with CT_STATIC_FRONT) from a process
 * that has written to stdout, read stdin, or done neither; no chartctl-dyn is beside it.
 * Usage: front_guard out|in|clean. front_guard.sh checks what each prints. */
#include <stdio.h>
#include <string.h>

#include "front.h"

int main(int argc, char **argv) {
  ct_front_start(argc, argv);
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "out")) printf("first document\n");
  if (!strcmp(mode, "in")) (void)getchar();
  ct_front_handoff("libtest");
}
