/* child.h — for unit tests of what ends a process (a SIGBUS guard, an exit on exhaustion):
 * runs a function in a forked child and hands back its wait status and what it wrote to
 * stderr. Include after <cmocka.h>. */
#ifndef CT_TEST_CHILD_H
#define CT_TEST_CHILD_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs FN(ARG) in a child whose stderr goes to ERR (up to CAP - 1 bytes, NUL-terminated); the
 * child exits 0 if FN returns. Returns the child's wait status. */
__attribute__((unused)) static int ct_test_in_child(void (*fn)(void *), void *arg, char *err,
                                                    size_t cap) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    fn(arg);
    _exit(0);
  }
  close(fds[1]);
  size_t n = 0;
  ssize_t k;
  while (n + 1 < cap && (k = read(fds[0], err + n, cap - 1 - n)) > 0)
    n += (size_t)k;
  err[n] = 0;
  close(fds[0]);
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  return st;
}

#endif
