/* postrender.c — Helm's --post-renderer (pkg/postrender exec): the manifest document goes
 * to the program's stdin, its stdout replaces the document. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "postrender.h"

/* exec.LookPath: a name with a slash is used as is, else searched in $PATH */
static char *look_path(const char *bin, ct_buf *err) {
  struct stat st;
  if (strchr(bin, '/')) {
    if (stat(bin, &st) == 0 && S_ISREG(st.st_mode) && access(bin, X_OK) == 0) return strdup(bin);
    ct_buf_printf(err, "exec: \"%s\": %s", bin,
                  stat(bin, &st) != 0 ? "stat: no such file or directory" : "permission denied");
    return NULL;
  }
  const char *path = getenv("PATH");
  for (const char *p = path ? path : ""; p && *p;) {
    const char *c = strchr(p, ':');
    size_t l = c ? (size_t)(c - p) : strlen(p);
    size_t need = l + strlen(bin) + 2;
    char *cand = malloc(need);
    if (!cand) abort();
    snprintf(cand, need, "%.*s/%s", (int)l, l ? p : ".", bin);
    if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) return cand;
    free(cand);
    p = c ? c + 1 : NULL;
  }
  ct_buf_printf(err, "exec: \"%s\": executable file not found in $PATH", bin);
  return NULL;
}

int ct_cli__post_render_check(const char *bin, ct_buf *err) {
  ct_buf e = CT_BUF_INIT;
  char *full = look_path(bin, &e);
  if (!full) {
    ct_buf_printf(err, "invalid argument \"%s\" for \"--post-renderer\" flag: unable to find binary at %s: %s",
                  bin, bin, ct_buf_str(&e));
    ct_buf_dispose(&e);
    return -1;
  }
  free(full);
  ct_buf_dispose(&e);
  return 0;
}

int ct_cli__post_render(ct_buf *out, const char *bin, const char *const *args, size_t nargs,
                        const char *in, size_t inlen, ct_buf *err) {
  char *full = look_path(bin, err);
  if (!full) return -1;
  int pin[2], pout[2], perr[2];
  if (pipe(pin) || pipe(pout) || pipe(perr)) {
    ct_buf_printf(err, "pipe: %s", strerror(errno));
    free(full);
    return -1;
  }
  pid_t pid = fork();
  if (pid < 0) {
    ct_buf_printf(err, "fork: %s", strerror(errno));
    free(full);
    return -1;
  }
  if (pid == 0) {
    dup2(pin[0], 0);
    dup2(pout[1], 1);
    dup2(perr[1], 2);
    close(pin[0]), close(pin[1]), close(pout[0]), close(pout[1]), close(perr[0]), close(perr[1]);
    char **av = calloc(nargs + 2, sizeof *av);
    if (!av) _exit(127);
    av[0] = full;
    for (size_t i = 0; i < nargs; i++) av[i + 1] = (char *)args[i];
    execv(full, av);
    _exit(127);
  }
  close(pin[0]), close(pout[1]), close(perr[1]);
  void (*old)(int) = signal(SIGPIPE, SIG_IGN);
  fcntl(pin[1], F_SETFL, O_NONBLOCK);
  ct_buf errout = CT_BUF_INIT;
  size_t written = 0;
  int wfd = pin[1];
  if (!inlen) {
    close(wfd);
    wfd = -1;
  }
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    struct pollfd fds[3];
    int nf = 0, iw = -1, io = -1, ie = -1;
    if (wfd >= 0) iw = nf, fds[nf++] = (struct pollfd){wfd, POLLOUT, 0};
    if (out_open) io = nf, fds[nf++] = (struct pollfd){pout[0], POLLIN, 0};
    if (err_open) ie = nf, fds[nf++] = (struct pollfd){perr[0], POLLIN, 0};
    if (poll(fds, nf, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (iw >= 0 && fds[iw].revents) {
      ssize_t k = write(wfd, in + written, inlen - written);
      if (k > 0) written += (size_t)k;
      if (k < 0 && errno != EAGAIN) written = inlen;
      if (written >= inlen) {
        close(wfd);
        wfd = -1;
      }
    }
    char tmp[65536];
    if (io >= 0 && fds[io].revents) {
      ssize_t k = read(pout[0], tmp, sizeof tmp);
      if (k > 0) ct_buf_put(out, tmp, (size_t)k);
      else if (k == 0 || errno != EINTR) out_open = false;
    }
    if (ie >= 0 && fds[ie].revents) {
      ssize_t k = read(perr[0], tmp, sizeof tmp);
      if (k > 0) ct_buf_put(&errout, tmp, (size_t)k);
      else if (k == 0 || errno != EINTR) err_open = false;
    }
  }
  if (wfd >= 0) close(wfd);
  close(pout[0]), close(perr[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  signal(SIGPIPE, old);
  int rc = 0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ct_buf_printf(err, "error while running command %s. error output:\n%s: ", full, ct_buf_str(&errout));
    if (WIFEXITED(status))
      ct_buf_printf(err, "exit status %d", WEXITSTATUS(status));
    else
      ct_buf_printf(err, "signal: %s", strsignal(WTERMSIG(status)));
    rc = -1;
  } else {
    size_t i = 0;
    while (i < out->len && (out->ptr[i] == ' ' || out->ptr[i] == '\n' || out->ptr[i] == '\t' || out->ptr[i] == '\r'))
      i++;
    if (i == out->len) {
      ct_buf_printf(err, "post-renderer \"%s\" produced empty output", full);
      rc = -1;
    }
  }
  ct_buf_dispose(&errout);
  free(full);
  return rc;
}
