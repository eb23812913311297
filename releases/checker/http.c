/* http.c — the checker's HTTP exchanges through libcurl (loaded lazily): method, headers,
 * body, a per-request timeout, no redirects; several at once (curl multi), as service-checker
 * runs its examples concurrently. Each gives the status, the last header block and the body. */
#include "chartctl/dl_curl.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checker/checker_int.h"

#define MAX_BODY (64u << 20)
#define MAX_PARALLEL 16

typedef struct xfer {
  ct_checker__job *job;
  CURL *h;
  struct curl_slist *hl;
  char ebuf[CURL_ERROR_SIZE];
  bool too_big;
} xfer;

static size_t on_body(char *p, size_t sz, size_t n, void *ud) {
  xfer *x = ud;
  if (x->job->ans.body.len + sz * n > MAX_BODY) {
    x->too_big = true;
    return 0; /* curl stops with a write error */
  }
  ct_buf_put(&x->job->ans.body, p, sz * n);
  return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud) {
  xfer *x = ud;
  /* a new status line (after 100 Continue) starts a new block */
  if (sz * n >= 5 && !memcmp(p, "HTTP/", 5)) ct_buf_reset(&x->job->ans.headers);
  ct_buf_put(&x->job->ans.headers, p, sz * n);
  return sz * n;
}

static int start(xfer *x, ct_checker__job *j, double timeout_s) {
  memset(x, 0, sizeof *x);
  x->job = j;
  x->h = curl_easy_init();
  if (!x->h) {
    ct_buf_puts(&j->err, "curl_easy_init failed");
    j->rc = -1;
    return -1;
  }
  long ms = (long)(timeout_s * 1000);
  if (ms < 1) ms = 1;
  const ct_checker__req_body *rb = j->rb;
  for (size_t i = 0; rb && i < rb->nheaders; i++) x->hl = curl_slist_append(x->hl, rb->headers[i]);
  x->hl = curl_slist_append(x->hl, "Expect:"); /* no 100-continue round trip for larger bodies */
  CURL *h = x->h;
  curl_easy_setopt(h, CURLOPT_URL, j->url);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->ebuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "chartctl-service-checker");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hl);
  curl_easy_setopt(h, CURLOPT_PRIVATE, x);
  if (!strcmp(j->method, "GET")) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    if (!strcmp(j->method, "POST") || (rb && rb->body)) {
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, rb && rb->body ? rb->body : "");
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(rb && rb->body ? rb->body_len : 0));
    }
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, j->method);
  }
  return 0;
}

static void finish(xfer *x, CURLcode cc, double timeout_s) {
  ct_checker__job *j = x->job;
  if (cc != CURLE_OK) {
    if (x->too_big) ct_buf_printf(&j->err, "the response is larger than %u MiB", MAX_BODY >> 20);
    else if (cc == CURLE_OPERATION_TIMEDOUT) ct_buf_printf(&j->err, "timed out after %gs", timeout_s);
    else ct_buf_puts(&j->err, x->ebuf[0] ? x->ebuf : curl_easy_strerror(cc));
    j->rc = -1;
  } else {
    curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &j->ans.status);
    j->rc = 0;
  }
  curl_easy_cleanup(x->h);
  curl_slist_free_all(x->hl);
  x->h = NULL;
  x->hl = NULL;
}

void ct_checker__http_many(ct_checker__job *jobs, size_t n, double timeout_s) {
  for (size_t i = 0; i < n; i++) {
    memset(&jobs[i].ans, 0, sizeof jobs[i].ans);
    ct_buf_init(&jobs[i].err);
    jobs[i].rc = -1;
  }
  if (!n) return;
  CURLM *m = curl_multi_init();
  if (!m) {
    for (size_t i = 0; i < n; i++) ct_buf_puts(&jobs[i].err, "curl_multi_init failed");
    return;
  }
  xfer *xs = calloc(n, sizeof *xs);
  size_t next = 0, running = 0;
  for (;;) {
    while (next < n && running < MAX_PARALLEL) {
      xfer *x = &xs[next];
      if (!start(x, &jobs[next++], timeout_s)) {
        curl_multi_add_handle(m, x->h);
        running++;
      }
    }
    if (!running) break;
    int still = 0;
    curl_multi_perform(m, &still);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m, &left))) {
      if (msg->msg != CURLMSG_DONE) continue;
      xfer *x = NULL;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
      CURLcode cc = msg->data.result;
      curl_multi_remove_handle(m, x->h);
      finish(x, cc, timeout_s);
      running--;
    }
    int nfds = 0;
    if (running && curl_multi_wait(m, NULL, 0, 100, &nfds) == CURLM_OK && !nfds) {
      struct timespec ts = {0, 10 * 1000 * 1000}; /* nothing to wait on yet (resolving): no busy loop */
      nanosleep(&ts, NULL);
    }
  }
  curl_multi_cleanup(m);
  free(xs);
}

int ct_checker__http(const char *method, const char *url, const ct_checker__req_body *rb, double timeout_s,
                     ct_checker__answer *r, ct_buf *err) {
  ct_checker__job j = {.method = method, .url = url, .rb = rb};
  ct_checker__http_many(&j, 1, timeout_s);
  *r = j.ans;
  ct_buf_puts(err, ct_buf_str(&j.err));
  ct_buf_dispose(&j.err);
  return j.rc;
}

void ct_checker__http_dispose(ct_checker__answer *r) {
  ct_buf_dispose(&r->headers);
  ct_buf_dispose(&r->body);
}
