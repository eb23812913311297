/* front.c — hand-off from the statically linked chartctl to chartctl-dyn (see front.h). */
#include "front.h"

#include "chartctl/warn.h"

/* How many warnings (warn.h) the static front printed before handing over: chartctl-dyn
 * repeats the same work and skips that many, so each is printed once. */
#define FRONT_WARNED_ENV "CHARTCTL_FRONT_WARNED"

#ifdef CT_STATIC_FRONT
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **saved_argv;

void ct_front_start(int argc, char **argv) {
  (void)argc;
  saved_argv = argv;
}

/* The commands (canonical names) whose work never needs libcurl, libgit2, libarchive or
 * libcrypto unless a chart has to be downloaded first or a template calls a libcrypto
 * function; both happen before anything is printed, and then hand off. */
static const char *const static_verbs[] = {"template", "lint",    "show",       "package",
                                           "create",   "version", "completion", NULL};

void ct_front_command(const char *verb) {
  for (const char *const *v = static_verbs; *v; v++)
    if (!strcmp(*v, verb)) return;
  char what[64];
  snprintf(what, sizeof what, "the %s command", verb);
  ct_front_handoff(what);
}

/* Whether starting the command over elsewhere would repeat or lose something: stdio gives a
 * stream its buffer on first use, so a buffer on stdout means output was written (or is
 * pending), one on stdin means input was consumed. stderr is not checked: a warning printed
 * before the hand-off is printed again by chartctl-dyn, which is harmless. */
/* This executable's path into OUT (ROOM bytes): /proc/self/exe, or without /proc (a chroot,
 * a container that does not mount it) argv[0] as the shell found it: a path when it has a
 * '/', else the first directory of PATH holding an executable of that name. 0, or -1 with
 * errno (ENAMETOOLONG when it does not fit). */
static int self_path(char *out, size_t room) {
  ssize_t n = readlink("/proc/self/exe", out, room);
  if (n > 0 && (size_t)n < room) {
    out[n] = 0;
    return 0;
  }
  int proc_errno = n > 0 ? ENAMETOOLONG : errno;
  const char *a0 = saved_argv ? saved_argv[0] : NULL;
  if (!a0 || !*a0) return errno = proc_errno, -1;
  if (strchr(a0, '/')) {
    if ((size_t)snprintf(out, room, "%s", a0) >= room) return errno = ENAMETOOLONG, -1;
    return 0;
  }
  const char *p = getenv("PATH");
  while (p) {
    const char *end = strchr(p, ':');
    size_t dl = end ? (size_t)(end - p) : strlen(p);
    int w = dl ? snprintf(out, room, "%.*s/%s", (int)dl, p, a0)
               : snprintf(out, room, "./%s", a0); /* an empty entry is the current directory */
    if (w > 0 && (size_t)w < room && access(out, X_OK) == 0) return 0;
    p = end ? end + 1 : NULL;
  }
  return errno = proc_errno, -1;
}

static const char *too_late(void) {
#ifdef __GLIBC__
  if (stdout->_IO_buf_base) return "output was already written";
  if (stdin->_IO_buf_base) return "standard input was already read";
#endif
  return NULL;
}

_Noreturn void ct_front_handoff(const char *what) {
  const char *late = too_late();
  if (late) {
    fflush(stdout);
    fprintf(stderr,
            "Error: %s is needed, which this statically linked chartctl cannot load, and %s "
            "(so it cannot start over in chartctl-dyn); run chartctl-dyn instead\n",
            what, late);
    exit(127);
  }
  char path[PATH_MAX];
  if (self_path(path, sizeof path - sizeof "/chartctl-dyn") < 0) {
    fprintf(stderr,
            "Error: chartctl-dyn (the dynamically linked chartctl) is needed for %s "
            "and cannot be found: /proc/self/exe: %s\n",
            what, strerror(errno));
    exit(127);
  }
  char *slash = strrchr(path, '/');
  strcpy(slash ? slash + 1 : path, "chartctl-dyn");
  if (ct_warn_count()) {
    char n[16];
    snprintf(n, sizeof n, "%u", ct_warn_count());
    setenv(FRONT_WARNED_ENV, n, 1);
  }
  fflush(stderr);
  execv(path, saved_argv);
  fprintf(stderr,
          "Error: chartctl-dyn (the dynamically linked chartctl) is needed for %s: %s: %s\n", what,
          path, strerror(errno));
  exit(127);
}

void ct_front_need(const char *what) { ct_front_handoff(what); }

void ct_front_need_rereadable(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    char what[PATH_MAX + 64];
    snprintf(what, sizeof what, "values read from %s (a pipe or device)", path);
    ct_front_handoff(what);
  }
}

#else /* chartctl-dyn, or a build without the static front */
#include <stdlib.h>

void ct_front_start(int argc, char **argv) {
  (void)argc;
  (void)argv;
  const char *warned = getenv(FRONT_WARNED_ENV);
  if (warned) {
    char *end;
    unsigned long n = strtoul(warned, &end, 10);
    if (*warned && !*end && n < 1000000) ct_warn_skip((unsigned)n);
    unsetenv(FRONT_WARNED_ENV); /* not for the programs this one runs (post-renderers...) */
  }
}

void ct_front_command(const char *verb) { (void)verb; }

void ct_front_need(const char *what) { (void)what; }

void ct_front_need_rereadable(const char *path) { (void)path; }

_Noreturn void ct_front_handoff(const char *what) {
  (void)what;
  abort(); /* never called: this build loads the libraries itself */
}
#endif
