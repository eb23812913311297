/* client.c — HTTP to the API server over one keep-alive libcurl handle: TLS from the
 * kubeconfig, auth headers, retries with backoff (Retry-After), Status errors. */
#include "chartctl/dl_curl.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chartctl/errors.h"
#include "kube/kube.h"
#include "kube/kube_int.h"

struct ct_kube {
  ct_kubeconfig kc;
  CURL *curl;
  long timeout_ms;
  int max_retries;
  json_t *discovery; /* array of resource entries, cached */
};

typedef struct sink {
  char *p;
  size_t len, cap;
  long retry_after;
} sink;

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud) {
  sink *s = ud;
  size_t n = size * nmemb;
  if (s->len + n + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 8192;
    while (cap < s->len + n + 1) cap *= 2;
    char *p = realloc(s->p, cap);
    if (!p) return 0;
    s->p = p;
    s->cap = cap;
  }
  memcpy(s->p + s->len, data, n);
  s->len += n;
  s->p[s->len] = 0;
  return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud) {
  sink *s = ud;
  size_t n = size * nmemb;
  if (n > 12 && strncasecmp(data, "Retry-After:", 12) == 0) s->retry_after = strtol(data + 12, NULL, 10);
  return n;
}

int ct_kube_open(ct_kube **out, const ct_kube_opts *opts) {
  static int curl_ready;
  if (!curl_ready) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl_ready = 1;
  }
  ct_kube *k = calloc(1, sizeof *k);
  int rc = ct_kubeconfig_load(&k->kc, opts);
  if (rc) {
    free(k);
    return rc;
  }
  if (k->kc.exec && (rc = ct_kube__exec_credential(&k->kc))) {
    ct_kube_close(k);
    return rc;
  }
  k->timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : 30000;
  k->max_retries = opts && opts->max_retries >= 0 ? opts->max_retries : 5;
  k->curl = curl_easy_init();
  *out = k;
  return CT_OK;
}

void ct_kube_close(ct_kube *k) {
  if (!k) return;
  if (k->curl) curl_easy_cleanup(k->curl);
  json_decref(k->discovery);
  ct_kubeconfig_dispose(&k->kc);
  free(k);
}

const char *ct_kube_namespace(const ct_kube *k) { return k->kc.namespace; }
const ct_kubeconfig *ct_kube_config(const ct_kube *k) { return &k->kc; }

static void setup(ct_kube *k, CURL *c) {
  curl_easy_reset(c);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, k->timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, k->timeout_ms < 10000 ? k->timeout_ms : 10000L);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  if (k->kc.ca_pem) {
    struct curl_blob b = {k->kc.ca_pem, k->kc.ca_len, CURL_BLOB_COPY};
    curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &b);
  }
  if (k->kc.insecure) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (k->kc.cert_pem) {
    struct curl_blob cb = {k->kc.cert_pem, k->kc.cert_len, CURL_BLOB_COPY};
    struct curl_blob kb = {k->kc.key_pem, k->kc.key_len, CURL_BLOB_COPY};
    curl_easy_setopt(c, CURLOPT_SSLCERT_BLOB, &cb);
    curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &kb);
    curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
  }
  if (k->kc.proxy_url) curl_easy_setopt(c, CURLOPT_PROXY, k->kc.proxy_url);
  if (k->kc.username && k->kc.password && !k->kc.token) {
    curl_easy_setopt(c, CURLOPT_USERNAME, k->kc.username);
    curl_easy_setopt(c, CURLOPT_PASSWORD, k->kc.password);
  }
}

static bool idempotent(const char *method, const char *content_type) {
  if (strcmp(method, "GET") == 0 || strcmp(method, "PUT") == 0 || strcmp(method, "DELETE") == 0) return true;
  return strcmp(method, "PATCH") == 0 && content_type && strstr(content_type, "apply-patch");
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

int ct_kube_request(ct_kube *k, const char *method, const char *path, const char *content_type,
                    const char *body, size_t len, long *status, json_t **resp) {
  char url[4096];
  struct curl_slist *connect_to = NULL;
  if (k->kc.tls_server_name && *k->kc.tls_server_name) {
    /* tls-server-name: verify the certificate (and send SNI) for that name while connecting
     * to the server's real address, as client-go does */
    const char *hp = strstr(k->kc.server, "://");
    hp = hp ? hp + 3 : k->kc.server;
    const char *end = hp + strcspn(hp, "/");
    const char *colon = NULL;
    for (const char *q = hp; q < end; q++)
      if (*q == ':') colon = q;
    if (*hp == '[') colon = memchr(hp, ']', (size_t)(end - hp)) ? strchr(memchr(hp, ']', (size_t)(end - hp)), ':') : NULL;
    const char *port = colon && colon < end ? colon + 1 : "443";
    int portlen = colon && colon < end ? (int)(end - colon - 1) : 3;
    int hostlen = (int)((colon && colon < end ? colon : end) - hp);
    char map[1024];
    snprintf(map, sizeof map, "%s:%.*s:%.*s:%.*s", k->kc.tls_server_name, portlen, port, hostlen, hp, portlen, port);
    connect_to = curl_slist_append(NULL, map);
    snprintf(url, sizeof url, "https://%s:%.*s%s%s", k->kc.tls_server_name, portlen, port, end, path);
  } else {
    snprintf(url, sizeof url, "%s%s", k->kc.server, path);
  }
  *status = 0;
  if (resp) *resp = NULL;
  bool may_retry = idempotent(method, content_type);
  long backoff = 200;
  for (int attempt = 0;; attempt++) {
    CURL *c = k->curl;
    setup(k, c);
    struct curl_slist *hdrs = NULL;
    hdrs = curl_slist_append(hdrs, "Accept: application/json");
    if (content_type) {
      char h[256];
      snprintf(h, sizeof h, "Content-Type: %s", content_type);
      hdrs = curl_slist_append(hdrs, h);
    }
    if (k->kc.token) {
      size_t hl = strlen(k->kc.token) + 32;
      char *h = malloc(hl);
      snprintf(h, hl, "Authorization: Bearer %s", k->kc.token);
      hdrs = curl_slist_append(hdrs, h);
      free(h);
    }
    hdrs = curl_slist_append(hdrs, "User-Agent: chartctl");
    sink s = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    if (connect_to) curl_easy_setopt(c, CURLOPT_CONNECT_TO, connect_to);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
    if (body) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    } else if (strcmp(method, "GET") == 0) {
      curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    CURLcode cc = curl_easy_perform(c);
    curl_slist_free_all(hdrs);
    long code = 0;
    if (cc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    bool conn_fail = cc != CURLE_OK;
    bool nothing_sent = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST;
    bool retryable = conn_fail ? (may_retry || nothing_sent) : (code == 429 || (code >= 500 && may_retry) || code == 503);
    if (retryable && attempt < k->max_retries) {
      long wait = s.retry_after > 0 ? s.retry_after * 1000 : backoff;
      if (wait > 10000) wait = 10000;
      free(s.p);
      sleep_ms(wait);
      backoff = backoff * 2 > 5000 ? 5000 : backoff * 2;
      continue;
    }
    if (conn_fail) {
      free(s.p);
      curl_slist_free_all(connect_to);
      return ct_error_set(cc == CURLE_OPERATION_TIMEDOUT ? CT_ETIMEOUT : CT_EUNAVAIL,
                          "Kubernetes cluster unreachable: %s %s: %s", method, url, curl_easy_strerror(cc));
    }
    *status = code;
    if (resp && s.len) *resp = json_loadb(s.p, s.len, 0, NULL);
    free(s.p);
    curl_slist_free_all(connect_to);
    return CT_OK;
  }
}

int ct_kube_status_error(long status, const json_t *resp) {
  const char *msg = json_string_value(json_object_get(resp, "message"));
  int code = status == 404 ? CT_ENOTFOUND : status == 409 ? CT_ECONFLICT : (status == 403 || status == 401) ? CT_EPERM
             : status == 504 ? CT_ETIMEOUT : (status == 503 || status == 429) ? CT_EUNAVAIL : CT_ERROR;
  if (msg) return ct_error_set(code, "%s", msg);
  if (status == 401) return ct_error_set(code, "Unauthorized");
  return ct_error_set(code, "the server responded with HTTP status %ld", status);
}

/* Discovery lives here too: it needs the handle and the cache. */
static int fetch(ct_kube *k, const char *path, json_t **out) {
  long st;
  int rc = ct_kube_request(k, "GET", path, NULL, NULL, 0, &st, out);
  if (rc) return rc;
  if (st != 200) {
    rc = ct_kube_status_error(st, *out);
    json_decref(*out);
    *out = NULL;
  }
  return rc;
}

static void add_resources(json_t *cache, json_t *list, const char *gv) {
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(list, "resources"), i, r) {
    const char *name = json_string_value(json_object_get(r, "name"));
    if (!name || strchr(name, '/')) continue; /* subresources */
    json_array_append_new(cache, json_pack("{s:s,s:s,s:O,s:O}", "gv", gv, "name", name, "kind",
                                           json_object_get(r, "kind"), "namespaced",
                                           json_object_get(r, "namespaced")));
  }
}

static int discover(ct_kube *k) {
  json_t *cache = json_array(), *doc = NULL;
  int rc = fetch(k, "/api/v1", &doc);
  if (rc) goto fail;
  add_resources(cache, doc, "v1");
  json_decref(doc);
  if ((rc = fetch(k, "/apis", &doc))) goto fail;
  size_t i;
  json_t *g;
  json_array_foreach(json_object_get(doc, "groups"), i, g) {
    size_t j;
    json_t *v;
    json_array_foreach(json_object_get(g, "versions"), j, v) {
      const char *gv = json_string_value(json_object_get(v, "groupVersion"));
      if (!gv) continue;
      char path[512];
      snprintf(path, sizeof path, "/apis/%s", gv);
      json_t *list = NULL;
      if (fetch(k, path, &list) == CT_OK) add_resources(cache, list, gv);
      json_decref(list);
    }
  }
  json_decref(doc);
  json_decref(k->discovery);
  k->discovery = cache;
  return CT_OK;
fail:
  json_decref(cache);
  return rc;
}

void ct_kube_forget_discovery(ct_kube *k) {
  json_decref(k->discovery);
  k->discovery = NULL;
}

int ct_kube_resolve(ct_kube *k, const char *api_version, const char *kind, ct_kube_resource *out) {
  for (int pass = 0; pass < 2; pass++) {
    if (!k->discovery || pass == 1) {
      int rc = discover(k);
      if (rc) return rc;
    }
    size_t i;
    json_t *r;
    json_array_foreach(k->discovery, i, r) {
      if (strcmp(json_string_value(json_object_get(r, "gv")), api_version) == 0 &&
          strcmp(json_string_value(json_object_get(r, "kind")), kind) == 0) {
        snprintf(out->group_version, sizeof out->group_version, "%s", api_version);
        snprintf(out->name, sizeof out->name, "%s", json_string_value(json_object_get(r, "name")));
        snprintf(out->kind, sizeof out->kind, "%s", kind);
        out->namespaced = json_is_true(json_object_get(r, "namespaced"));
        return CT_OK;
      }
    }
  }
  return ct_error_set(CT_ENOTFOUND, "resource mapping not found for kind \"%s\" in version \"%s\": ensure CRDs are installed first",
                      kind, api_version);
}
