/* errors.h — status codes and the thread-local last-error message of I/O-style code
 * (loaders, kube client, http, git): functions return CT_OK or a negative CT_E* code. */
#ifndef CHARTCTL_ERRORS_H
#define CHARTCTL_ERRORS_H

enum {
  CT_OK = 0,
  CT_ERROR = -1,     /* generic failure, message set */
  CT_ENOTFOUND = -2,
  CT_EINVAL = -3,    /* bad input (parse errors, validation) */
  CT_EIO = -4,
  CT_ECONFLICT = -5,
  CT_ETIMEOUT = -6,
  CT_ENOMEM = -7,
  CT_EEXIST = -8,
  CT_EPERM = -9,
  CT_EUNAVAIL = -10, /* server/network unavailable */
};

/* Sets the thread's last error message (printf-style) and returns CODE, so callers can
 * write `return ct_error_set(CT_EINVAL, "...")`. */
int ct_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefixes the current message: "PREFIX: old message". Returns CODE. */
int ct_error_wrap(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *ct_error_last(void); /* "" when none */
int ct_error_code(void);
void ct_error_clear(void);

#endif
