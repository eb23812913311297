/* checker_int.h — what the checker's files share: the HTTP exchanges (http.c, one or a
 * concurrent batch) and the request an example sends (run.c builds it). */
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

/* One request of a batch: filled by the caller (method, url, rb), answered by http_many. */
typedef struct ct_checker__job {
  const char *method, *url;
  const ct_checker__req_body *rb; /* may be NULL */
  ct_checker__answer ans;         /* dispose with ct_checker__http_dispose */
  ct_buf err;                     /* why there is no answer (rc -1); dispose */
  int rc;                         /* 0: an HTTP answer came (any status) */
} ct_checker__job;

/* Runs the jobs concurrently (at most 16 at a time), each with the timeout. */
void ct_checker__http_many(ct_checker__job *jobs, size_t n, double timeout_s);

/* One request; 0 when an HTTP answer came (any status), else -1 with the reason in ERR.
 * Dispose R in both cases. */
int ct_checker__http(const char *method, const char *url, const ct_checker__req_body *rb, double timeout_s,
                     ct_checker__answer *r, ct_buf *err);
void ct_checker__http_dispose(ct_checker__answer *r);

#endif
