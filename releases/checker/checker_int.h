/* checker_int.h — what the checker's files share: the HTTP exchange (http.c) and the request
 * body an example sends (run.c builds it). */
#ifndef CT_CHECKER_INT_H
#define CT_CHECKER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "chartctl/buf.h"
#include "checker/checker.h"

typedef struct ct_checker__req_body {
  const char *const *headers; /* "Name: value" lines */
  size_t nheaders;
  const char *body; /* NULL: none */
  size_t body_len;
} ct_checker__req_body;

typedef struct ct_checker__answer {
  long status;
  ct_buf headers; /* the last header block, raw */
  ct_buf body;
} ct_checker__answer;

/* One request; 0 when an HTTP answer came (any status), else -1 with the reason in ERR.
 * Dispose R in both cases. */
int ct_checker__http(const char *method, const char *url, const ct_checker__req_body *rb, double timeout_s,
                     ct_checker__answer *r, ct_buf *err);
void ct_checker__http_dispose(ct_checker__answer *r);

#endif
