/* buf.h — growable byte buffer on the heap (output text, messages). Always NUL-terminated. */
#ifndef CHARTCTL_BUF_H
#define CHARTCTL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct ct_buf {
  char *ptr; /* NULL until something is written; then NUL-terminated */
  size_t len, cap;
} ct_buf;

#define CT_BUF_INIT {NULL, 0, 0}

void ct_buf_init(ct_buf *b);
void ct_buf_dispose(ct_buf *b);
void ct_buf_reset(ct_buf *b); /* len = 0, keeps memory */
void ct_buf_reserve(ct_buf *b, size_t extra);
void ct_buf_put(ct_buf *b, const char *s, size_t n);
void ct_buf_puts(ct_buf *b, const char *s);
void ct_buf_putc(ct_buf *b, char c);
void ct_buf_printf(ct_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ct_buf_vprintf(ct_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Whether FMT is text and plain "%s" only (paths, keys, messages: most formats here), which
 * the printf functions here join piece by piece instead of calling vsnprintf. */
bool ct_buf_fmt_strings_only(const char *fmt);
/* FMT (strings only) with its arguments AP joined into OUT (NULL: only measured); returns the
 * length, without a NUL. */
size_t ct_buf_fmt_join(char *out, const char *fmt, va_list ap);
void ct_buf_truncate(ct_buf *b, size_t len);
/* "" when empty, never NULL. */
const char *ct_buf_str(const ct_buf *b);
/* Hands the heap string to the caller (free() it); the buffer is left empty. */
char *ct_buf_steal(ct_buf *b);

#endif
