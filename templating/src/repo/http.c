/* http.c — HTTP(S) GET with libcurl for indexes and chart archives: basic auth, custom CA,
 * client certificates, --insecure-skip-tls-verify, size caps; credentials never in messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/dl_curl.h"

#include "repo/repo_int.h"

typedef struct sink {
  ct_buf *b;
  size_t max;
  bool over;
} sink;

static size_t on_data(char *p, size_t sz, size_t n, void *ud) {
  sink *s = ud;
  size_t len = sz * n;
  if (s->b->len + len > s->max) {
    s->over = true;
    return 0;
  }
  ct_buf_put(s->b, p, len);
  return len;
}

static const char *status_text(long code) {
  switch (code) {
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 408: return "Request Timeout";
  case 429: return "Too Many Requests";
  case 500: return "Internal Server Error";
  case 501: return "Not Implemented";
  case 502: return "Bad Gateway";
  case 503: return "Service Unavailable";
  case 504: return "Gateway Timeout";
  default: return "";
  }
}

/* The reason phrase of the last status line ("HTTP/1.1 404 File not found"), as Go's
 * resp.Status shows it. */
typedef struct status_line {
  char reason[128];
} status_line;

static size_t on_header(char *p, size_t sz, size_t n, void *ud) {
  status_line *st = ud;
  size_t len = sz * n;
  if (len > 5 && !strncmp(p, "HTTP/", 5)) {
    st->reason[0] = 0;
    const char *sp = memchr(p, ' ', len);
    const char *sp2 = sp ? memchr(sp + 1, ' ', len - (size_t)(sp + 1 - p)) : NULL;
    if (sp2) {
      size_t rl = len - (size_t)(sp2 + 1 - p);
      while (rl && (sp2[rl] == '\n' || sp2[rl] == '\r' || sp2[rl] == 0)) rl--;
      /* sp2[1..rl] is the phrase */
      if (rl >= sizeof st->reason) rl = sizeof st->reason - 1;
      memcpy(st->reason, sp2 + 1, rl);
      st->reason[rl] = 0;
      size_t l = strlen(st->reason);
      while (l && (st->reason[l - 1] == '\r' || st->reason[l - 1] == '\n')) st->reason[--l] = 0;
    }
  }
  return len;
}

static bool inited;

int ct_repo_http_get(ct_buf *out, const char *url, const ct_repo_auth *auth, size_t max) {
  if (!inited) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    inited = true;
  }
  char *safe = ct_repo__redact(url);
  CURL *c = curl_easy_init();
  if (!c) {
    free(safe);
    return ct_error_set(CT_ENOMEM, "curl: cannot initialise");
  }
  sink s = {out, max, false};
  char errbuf[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
  status_line st = {""};
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &st);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 120L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Helm/3.17.1");
#ifdef CURLOPT_PROTOCOLS_STR
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
  if (auth) {
    if (auth->username && *auth->username) {
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
      curl_easy_setopt(c, CURLOPT_USERNAME, auth->username);
      curl_easy_setopt(c, CURLOPT_PASSWORD, auth->password ? auth->password : "");
      /* credentials stay with the first host unless pass_credentials */
      curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, auth->pass_credentials ? 1L : 0L);
    }
    if (auth->ca_file && *auth->ca_file) curl_easy_setopt(c, CURLOPT_CAINFO, auth->ca_file);
    if (auth->cert_file && *auth->cert_file) curl_easy_setopt(c, CURLOPT_SSLCERT, auth->cert_file);
    if (auth->key_file && *auth->key_file) curl_easy_setopt(c, CURLOPT_SSLKEY, auth->key_file);
    if (auth->insecure) {
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
  }
  CURLcode r = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup(c);
  int rc = CT_OK;
  if (s.over) {
    rc = ct_error_set(CT_EINVAL, "failed to fetch %s : response larger than %zu bytes", safe, max);
  } else if (r != CURLE_OK) {
    /* curl's message may quote the URL: never echo it, the URL may carry credentials */
    rc = ct_error_set(CT_EUNAVAIL, "Get \"%s\": %s", safe, curl_easy_strerror(r));
    if (*errbuf && !strstr(errbuf, "@")) {
      size_t l = strlen(errbuf);
      while (l && errbuf[l - 1] == '\n') errbuf[--l] = 0;
      rc = ct_error_set(CT_EUNAVAIL, "Get \"%s\": %s", safe, errbuf);
    }
  } else if (code != 200) {
    rc = ct_error_set(code == 404 ? CT_ENOTFOUND : CT_EIO, "failed to fetch %s : %ld %s", safe, code,
                      st.reason[0] ? st.reason : status_text(code));
  }
  if (!rc && !out->ptr) ct_buf_puts(out, "");
  free(safe);
  return rc;
}
