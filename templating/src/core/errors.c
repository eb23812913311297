/* errors.c — the thread-local last error (code + message) of I/O-style functions. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "chartctl/errors.h"

static _Thread_local char last_msg[4096];
static _Thread_local int last_code;

int ct_error_set(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_msg, sizeof last_msg, fmt, ap);
  va_end(ap);
  last_code = code;
  return code;
}

int ct_error_wrap(int code, const char *fmt, ...) {
  char prefix[1024], old[sizeof last_msg];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(prefix, sizeof prefix, fmt, ap);
  va_end(ap);
  memcpy(old, last_msg, sizeof old);
  size_t n = strlen(prefix);
  if (n > sizeof last_msg - 3) n = sizeof last_msg - 3;
  memcpy(last_msg, prefix, n);
  memcpy(last_msg + n, ": ", 2);
  size_t room = sizeof last_msg - n - 3, m = strlen(old);
  if (m > room) m = room;
  memcpy(last_msg + n + 2, old, m);
  last_msg[n + 2 + m] = 0;
  last_code = code;
  return code;
}

const char *ct_error_last(void) { return last_msg; }
int ct_error_code(void) { return last_code; }
void ct_error_clear(void) {
  last_msg[0] = 0;
  last_code = 0;
}
