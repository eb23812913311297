/* errors.c — Helm's rewriting of text/template errors (cleanupParseError, cleanupExecError
 * with the HELM_ERR_START/END markers of required/fail), plus small string helpers. */
#include <string.h>

#include "engine/engine_int.h"

/* "parse error at (LOCATION): LAST" from "template: LOCATION: ...: LAST" */
void ct_engine__parse_error(ct_buf *out, const char *filename, const char *go_err) {
  const char *first = strstr(go_err, ": ");
  if (!first) {
    ct_buf_printf(out, "parse error in (%s): %s", filename, go_err);
    return;
  }
  const char *loc = first + 2;
  const char *loc_end = strstr(loc, ": ");
  size_t loc_len = loc_end ? (size_t)(loc_end - loc) : strlen(loc);
  /* the last ": "-separated token */
  const char *last = go_err, *p = go_err;
  while ((p = strstr(p, ": ")) != NULL) {
    p += 2;
    last = p;
  }
  ct_buf_printf(out, "parse error at (%.*s): %s", (int)loc_len, loc, last);
}

void ct_engine__exec_error(ct_buf *out, const char *filename, const char *go_err) {
  const char *t1 = strstr(go_err, ": ");
  const char *t2 = t1 ? strstr(t1 + 2, ": ") : NULL;
  if (!t2) {
    ct_buf_printf(out, "execution error in (%s): %s", filename, go_err);
    return;
  }
  const char *loc = t1 + 2;
  size_t loc_len = (size_t)(t2 - loc);
  const char *rest = t2 + 2;
  /* HELM_ERR_START((?s).*)HELM_ERR_END: first start marker, last end marker */
  const char *s = strstr(rest, "HELM_ERR_START");
  if (s) {
    s += strlen("HELM_ERR_START");
    const char *e = NULL, *q = s;
    while ((q = strstr(q, "HELM_ERR_END")) != NULL) {
      e = q;
      q += 1;
    }
    if (e) {
      ct_buf_printf(out, "execution error at (%.*s): %.*s", (int)loc_len, loc, (int)(e - s), s);
      return;
    }
  }
  ct_buf_puts(out, go_err);
}

/* memchr for '<' is much faster than glibc's memmem here (~0.3 against ~4 instructions a
 * byte of a CRD) */
const char *ct_engine__find_no_value(const char *s, size_t n) {
  const char *e = s + n;
  while (e - s >= 10 && (s = memchr(s, '<', (size_t)(e - s - 9)))) {
    if (!memcmp(s, "<no value>", 10)) return s;
    s++;
  }
  return NULL;
}

void ct_engine__strip_no_value(ct_buf *b) {
  const char *hit = b->ptr ? ct_engine__find_no_value(b->ptr, b->len) : NULL;
  if (!hit) return;
  /* move the runs between the matches down over them */
  char *p = b->ptr;
  size_t w = (size_t)(hit - p), r = w;
  while (hit) {
    r = (size_t)(hit - p) + 10;
    hit = ct_engine__find_no_value(p + r, b->len - r);
    size_t run = (hit ? (size_t)(hit - p) : b->len) - r;
    memmove(p + w, p + r, run);
    w += run;
  }
  ct_buf_truncate(b, w);
}

void ct_engine__base64(ct_buf *out, const char *data, size_t len) {
  static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const unsigned char *d = (const unsigned char *)data;
  ct_buf_reserve(out, (len + 2) / 3 * 4 + 1);
  size_t i = 0;
  for (; i + 3 <= len; i += 3) {
    unsigned v = (unsigned)d[i] << 16 | (unsigned)d[i + 1] << 8 | d[i + 2];
    char q[4] = {tbl[v >> 18], tbl[(v >> 12) & 63], tbl[(v >> 6) & 63], tbl[v & 63]};
    ct_buf_put(out, q, 4);
  }
  if (len - i == 1) {
    unsigned v = (unsigned)d[i] << 16;
    char q[4] = {tbl[v >> 18], tbl[(v >> 12) & 63], '=', '='};
    ct_buf_put(out, q, 4);
  } else if (len - i == 2) {
    unsigned v = (unsigned)d[i] << 16 | (unsigned)d[i + 1] << 8;
    char q[4] = {tbl[v >> 18], tbl[(v >> 12) & 63], tbl[(v >> 6) & 63], '='};
    ct_buf_put(out, q, 4);
  }
}

static size_t space_len_fwd(const char *s, size_t n) {
  unsigned char c = (unsigned char)s[0];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') return 1;
  if (n >= 2 && c == 0xc2 && ((unsigned char)s[1] == 0x85 || (unsigned char)s[1] == 0xa0)) return 2;
  return 0;
}

void ct_engine__trim(const char **s, size_t *len) {
  const char *p = *s;
  size_t n = *len, k;
  while (n && (k = space_len_fwd(p, n)) != 0)
    p += k, n -= k;
  while (n) {
    unsigned char c = (unsigned char)p[n - 1];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
      n--;
      continue;
    }
    if (n >= 2 && (unsigned char)p[n - 2] == 0xc2 && (c == 0x85 || c == 0xa0)) {
      n -= 2;
      continue;
    }
    break;
  }
  *s = p;
  *len = n;
}
