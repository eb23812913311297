/* stack.c — the stack budget (stack.h): where the calling thread's stack ends, found once
 * per thread. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chartctl/stack.h"

static _Thread_local char *stack_low;
static _Thread_local bool stack_known;

/* glibc: the top of the main thread's stack (set before main) */
extern void *__libc_stack_end;
extern char **environ;

/* The lowest usable stack address of the calling thread, NULL when unknown. The main thread's
 * comes from its stack top and RLIMIT_STACK (pthread_getattr_np would parse /proc/self/maps,
 * ~0.1 ms per process); other threads' from their attributes. */
static char *find_stack_low(void) {
  if (getpid() == (pid_t)syscall(SYS_gettid)) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) != 0) return NULL;
    size_t size = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > ((rlim_t)1 << 30)
                      ? (size_t)8 << 20
                      : (size_t)rl.rlim_cur;
    /* the stack's top: above main's first frame lie argv, the environment and auxv strings */
    char *top = __libc_stack_end;
    for (char **e = environ; e && *e; e++)
      if (*e + strlen(*e) + 1 > top) top = *e + strlen(*e) + 1;
    size_t guard = (size_t)64 << 10; /* auxv strings past the environment, and some slack */
    return size > guard ? top - size + guard : NULL;
  }
  pthread_attr_t attr;
  char *low = NULL;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void *addr;
    size_t size;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) low = (char *)addr;
    pthread_attr_destroy(&attr);
  }
  return low;
}

size_t ct_stack_left(void) {
  char here;
  if (!stack_known) {
    stack_known = true;
    stack_low = find_stack_low();
  }
  if (!stack_low || &here < stack_low) return (size_t)1 << 30;
  return (size_t)(&here - stack_low);
}
