/* http.c — one HTTP exchange for the checker through libcurl (loaded lazily): method, headers,
 * body, a per-request timeout, no redirects; the status, the last header block and the body. */
#include "chartctl/dl_curl.h"
#include <stdlib.h>
#include <string.h>

#include "checker/checker_int.h"

#define MAX_BODY (64u << 20)

typedef struct sink {
  ct_checker__answer *r;
  bool too_big;
} sink;

static size_t on_body(char *p, size_t sz, size_t n, void *ud) {
  sink *s = ud;
  if (s->r->body.len + sz * n > MAX_BODY) {
    s->too_big = true;
    return 0; /* curl stops with a write error */
  }
  ct_buf_put(&s->r->body, p, sz * n);
  return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud) {
  sink *s = ud;
  /* a new status line (after 100 Continue) starts a new block */
  if (sz * n >= 5 && !memcmp(p, "HTTP/", 5)) ct_buf_reset(&s->r->headers);
  ct_buf_put(&s->r->headers, p, sz * n);
  return sz * n;
}

int ct_checker__http(const char *method, const char *url, const ct_checker__req_body *rb, double timeout_s,
                     ct_checker__answer *r, ct_buf *err) {
  memset(r, 0, sizeof *r);
  CURL *h = curl_easy_init();
  if (!h) {
    ct_buf_puts(err, "curl_easy_init failed");
    return -1;
  }
  char ebuf[CURL_ERROR_SIZE] = "";
  sink s = {.r = r};
  long ms = (long)(timeout_s * 1000);
  if (ms < 1) ms = 1;
  struct curl_slist *hl = NULL;
  for (size_t i = 0; rb && i < rb->nheaders; i++) hl = curl_slist_append(hl, rb->headers[i]);
  hl = curl_slist_append(hl, "Expect:"); /* no 100-continue round trip for larger bodies */
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &s);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "chartctl-service-checker");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
  if (!strcmp(method, "GET")) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    if (!strcmp(method, "POST") || (rb && rb->body)) {
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, rb && rb->body ? rb->body : "");
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(rb && rb->body ? rb->body_len : 0));
    }
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
  }
  CURLcode cc = curl_easy_perform(h);
  int rc = 0;
  if (cc != CURLE_OK) {
    if (s.too_big) ct_buf_printf(err, "the response is larger than %u MiB", MAX_BODY >> 20);
    else if (cc == CURLE_OPERATION_TIMEDOUT) ct_buf_printf(err, "timed out after %gs", timeout_s);
    else ct_buf_puts(err, ebuf[0] ? ebuf : curl_easy_strerror(cc));
    rc = -1;
  } else {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
  }
  curl_easy_cleanup(h);
  curl_slist_free_all(hl);
  return rc;
}

void ct_checker__http_dispose(ct_checker__answer *r) {
  ct_buf_dispose(&r->headers);
  ct_buf_dispose(&r->body);
}
