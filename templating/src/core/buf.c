/* buf.c — growable heap byte buffer (ct_buf): output text and messages. */
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "chartctl/buf.h"

void ct_buf_init(ct_buf *b) { b->ptr = NULL, b->len = 0, b->cap = 0; }

void ct_buf_dispose(ct_buf *b) {
  free(b->ptr);
  ct_buf_init(b);
}

void ct_buf_reset(ct_buf *b) {
  b->len = 0;
  if (b->ptr) b->ptr[0] = 0;
}

void ct_buf_reserve(ct_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1) cap *= 2;
  char *p = realloc(b->ptr, cap);
  if (!p) {
    fputs("Error: out of memory\n", stderr);
    exit(1);
  }
  b->ptr = p;
  b->cap = cap;
}

void ct_buf_put(ct_buf *b, const char *s, size_t n) {
  ct_buf_reserve(b, n);
  if (n) memcpy(b->ptr + b->len, s, n);
  b->len += n;
  b->ptr[b->len] = 0;
}

void ct_buf_puts(ct_buf *b, const char *s) { ct_buf_put(b, s, strlen(s)); }

void ct_buf_putc(ct_buf *b, char c) {
  ct_buf_reserve(b, 1);
  b->ptr[b->len++] = c;
  b->ptr[b->len] = 0;
}

bool ct_buf_fmt_strings_only(const char *fmt) {
  for (const char *p = fmt; (p = strchr(p, '%')) != NULL; p += 2)
    if (p[1] != 's') return false;
  return true;
}

size_t ct_buf_fmt_join(char *out, const char *fmt, va_list ap) {
  size_t n = 0;
  for (const char *p = fmt;;) {
    const char *pct = strchr(p, '%');
    size_t k = pct ? (size_t)(pct - p) : strlen(p);
    if (out) memcpy(out + n, p, k);
    n += k;
    if (!pct) return n;
    const char *arg = va_arg(ap, const char *);
    if (!arg) arg = "(null)"; /* as glibc prints it */
    k = strlen(arg);
    if (out) memcpy(out + n, arg, k);
    n += k;
    p = pct + 2;
  }
}

void ct_buf_vprintf(ct_buf *b, const char *fmt, va_list ap) {
  /* "%s" only: measured and joined here (vsnprintf costs ~1 K instructions a call) */
  if (ct_buf_fmt_strings_only(fmt)) {
    va_list ap2;
    va_copy(ap2, ap);
    size_t n = ct_buf_fmt_join(NULL, fmt, ap2);
    va_end(ap2);
    ct_buf_reserve(b, n);
    ct_buf_fmt_join(b->ptr + b->len, fmt, ap);
    b->len += n;
    b->ptr[b->len] = 0;
    return;
  }
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n <= 0) return;
  ct_buf_reserve(b, (size_t)n);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void ct_buf_printf(ct_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  ct_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void ct_buf_truncate(ct_buf *b, size_t len) {
  if (len < b->len) {
    b->len = len;
    b->ptr[len] = 0;
  }
}

const char *ct_buf_str(const ct_buf *b) { return b->ptr ? b->ptr : ""; }

char *ct_buf_steal(ct_buf *b) {
  char *p = b->ptr;
  if (!p) p = calloc(1, 1);
  ct_buf_init(b);
  return p;
}
