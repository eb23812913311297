/* static_start_check.c — a static program started by cli/start/glibc_start.c instead of
 * glibc's __libc_start_main: everything a C program relies on before and after main must
 * work as under glibc's own start-up. CMakeLists.txt runs it at configure time (the static
 * front gets the fast start only if it passes) and ctest runs it again (start_check.sh). It
 * prints one line per check and "exit" lines from an atexit handler and a destructor; main
 * returns 7 when every check passed. */
#ifndef CT_START_CHECK_GLIBC /* -DCT_START_CHECK_GLIBC: the same checks on glibc's start-up */
#include "../../cli/start/glibc_start.c"
#else
typedef void (*ct_init_fn)(int, char **, char **);
#endif

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static __thread int tls_seven = 7;
static __thread char tls_zero[64];
static int preinit_ran, ctor_ran;
static char **preinit_argv;

static void preinit(int argc, char **argv, char **envp) {
  (void)argc, (void)envp;
  preinit_ran = 1;
  preinit_argv = argv;
}
__attribute__((section(".preinit_array"), used)) static ct_init_fn preinit_entry = preinit;

__attribute__((constructor)) static void ctor(void) { ctor_ran = tls_seven; }
__attribute__((destructor)) static void dtor(void) { printf("exit destructor\n"); }
static void at_exit(void) { printf("exit atexit\n"); }

static int failures;
static void check(int ok, const char *what) {
  printf("%s %s\n", ok ? "ok" : "FAIL", what);
  failures += !ok;
}

static void *thread_main(void *arg) {
  (void)arg;
  int fresh = tls_seven == 7 && tls_zero[0] == 0;
  tls_seven = 99;
  errno = 0;
  return (void *)(intptr_t)(fresh && open("/nonexistent/x", O_RDONLY) < 0 && errno == ENOENT);
}

/* memcpy/memmove/memset above and below the non-temporal threshold and at odd alignments:
 * the cache sizes are ours, not measured */
static int copies_ok(void) {
  size_t size = 4u << 20;
  unsigned char *a = malloc(size + 64), *b = malloc(size + 64);
  if (!a || !b) return 0;
  for (size_t i = 0; i < size + 64; i++)
    a[i] = (unsigned char)(i * 131 + 7);
  int ok = 1;
  size_t lens[] = {0, 1, 15, 16, 33, 255, 4096, 70000, 900000, 3u << 20, size};
  for (size_t k = 0; k < sizeof lens / sizeof *lens; k++) {
    memset(b, 0, size + 64);
    memcpy(b + 3, a + 5, lens[k]);
    ok &= memcmp(b + 3, a + 5, lens[k]) == 0 && b[2] == 0 && b[3 + lens[k]] == 0;
  }
  memcpy(b, a, size);
  memmove(b + 1, b, size - 1); /* overlapping, forwards */
  ok &= b[0] == a[0] && memcmp(b + 1, a, size - 1) == 0;
  memcpy(b, a, size);
  memmove(b, b + 7, size - 7); /* overlapping, backwards */
  ok &= memcmp(b, a + 7, size - 7) == 0;
  memset(b + 1, 0xab, size);
  ok &= b[1] == 0xab && b[size] == 0xab && memchr(b + 1, 0, size) == NULL;
  free(a);
  free(b);
  return ok;
}

int main(int argc, char **argv, char **envp) {
  check(argc == 2 && strcmp(argv[1], "arg") == 0 && argv[2] == NULL, "argc and argv");
  check(envp == environ && getenv("CT_START_CHECK") && !strcmp(getenv("CT_START_CHECK"), "env"),
        "environment");
  check(preinit_ran && preinit_argv == argv, "preinit array");
  check(ctor_ran == 7, "constructors, after TLS");
  check(tls_seven == 7 && tls_zero[63] == 0, "TLS initial values");

  const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
  uint64_t want_stack, want_pointer, stack_guard, pointer_guard;
  memcpy(&want_stack, rnd, 8);
  memcpy(&want_pointer, rnd + 8, 8);
  want_stack &= ~(uint64_t)0xff;
  __asm__("movq %%fs:0x28, %0" : "=r"(stack_guard));
  __asm__("movq %%fs:0x30, %0" : "=r"(pointer_guard));
  check(getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE), "auxiliary vector");
  check(stack_guard == want_stack && stack_guard != 0, "stack guard from AT_RANDOM");
  check(pointer_guard == want_pointer, "pointer guard from AT_RANDOM");

  jmp_buf jb;
  volatile int jumped = 0;
  if (setjmp(jb) == 0) {
    jumped = 1;
    longjmp(jb, 1);
  }
  check(jumped == 1, "setjmp and longjmp (pointer mangling)");

  errno = 0;
  check(open("/nonexistent/x", O_RDONLY) < 0 && errno == ENOENT, "errno");
  pthread_t t;
  void *thread_ok = NULL;
  check(pthread_create(&t, NULL, thread_main, NULL) == 0 && pthread_join(t, &thread_ok) == 0 &&
            thread_ok && tls_seven == 7,
        "a thread with its own TLS and errno");
  check(copies_ok(), "memcpy, memmove and memset");
  char buf[64];
  snprintf(buf, sizeof buf, "%.3f %s %zu", 2.5, "s", strlen("abcdefghijklmnopq" + 1));
  check(strcmp(buf, "2.500 s 16") == 0, "stdio formatting");
  check(atexit(at_exit) == 0, "atexit");
  fflush(stdout);
  return failures ? 1 : 7;
}
