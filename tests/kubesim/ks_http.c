/* kubesim: HTTPS serving with libmicrohttpd (thread per connection, keep-alive, chunked
 * watch streams), loopback-only listening, auth gate, fault injection and the admin endpoint. */
#include "ks.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define KS_MAX_BODY (32u * 1024 * 1024)

static struct MHD_Daemon *daemon_;
static const ks_tls *tls_;
static int listen_fd = -1;

typedef struct conn_ctx {
  char *body;
  size_t len, cap;
  int too_big;
} conn_ctx;

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)c;
  (void)toe;
  conn_ctx *ctx = *con_cls;
  if (ctx) {
    free(ctx->body);
    free(ctx);
  }
  *con_cls = NULL;
}

static const char *q_lookup(void *conn, const char *key) {
  return MHD_lookup_connection_value((struct MHD_Connection *)conn, MHD_GET_ARGUMENT_KIND, key);
}
static const char *h_lookup(void *conn, const char *key) {
  return MHD_lookup_connection_value((struct MHD_Connection *)conn, MHD_HEADER_KIND, key);
}

static ssize_t watch_cb(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  long n = ks_watch_read(cls, buf, max);
  if (n < 0) return MHD_CONTENT_READER_END_OF_STREAM;
  return n;
}

static void watch_free_cb(void *cls) { ks_watch_free(cls); }

static enum MHD_Result send_resp(struct MHD_Connection *c, ks_response *r) {
  struct MHD_Response *mr;
  if (r->watch) {
    mr = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, watch_cb, r->watch, watch_free_cb);
    r->watch = NULL;
  } else {
    mr = MHD_create_response_from_buffer(r->body_len, r->body, MHD_RESPMEM_MUST_FREE);
    r->body = NULL;
  }
  if (!mr) return MHD_NO;
  MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type ? r->content_type : "application/json");
  MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache, private");
  char audit[37];
  ks_uuid(audit);
  MHD_add_response_header(mr, "Audit-Id", audit);
  if (r->retry_after > 0) {
    char ra[16];
    snprintf(ra, sizeof ra, "%d", r->retry_after);
    MHD_add_response_header(mr, MHD_HTTP_HEADER_RETRY_AFTER, ra);
  }
  enum MHD_Result rc = MHD_queue_response(c, (unsigned)r->code, mr);
  MHD_destroy_response(mr);
  return rc;
}

static void simple_status(ks_response *resp, int code, const char *reason, const char *msg) {
  ks_err e = {0};
  ks_err_set(&e, code, reason, "%s", msg);
  ks_resp_err(resp, &e);
  ks_err_clear(&e);
}

static void admin(const char *url, const char *method, conn_ctx *ctx, ks_response *resp) {
  if (!strcmp(url, "/kubesim/faults")) {
    if (!strcmp(method, "GET")) {
      ks_resp_json(resp, 200, ks_faults_json());
      return;
    }
    if (!strcmp(method, "POST") || !strcmp(method, "PUT")) {
      json_error_t je;
      json_t *j = json_loadb(ctx->body ? ctx->body : "", ctx->len, 0, &je);
      char err[256];
      if (!j || ks_faults_from_json(j, err, sizeof err)) {
        simple_status(resp, 400, "BadRequest", j ? err : je.text);
        json_decref(j);
        return;
      }
      json_decref(j);
      ks_resp_json(resp, 200, ks_faults_json());
      return;
    }
    simple_status(resp, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    return;
  }
  if (!strcmp(url, "/kubesim/save") && !strcmp(method, "POST")) {
    int rc = ks_persist_save(ks_cfg.data_dir);
    ks_resp_json(resp, rc ? 500 : 200, json_pack("{s:b}", "saved", !rc));
    return;
  }
  if (!strcmp(url, "/kubesim/state")) {
    pthread_mutex_lock(&ks_store_mu);
    json_t *j = json_pack("{s:I, s:I}", "resourceVersion", (json_int_t)ks_store_rv(), "objects",
                          (json_int_t)ks_store_count());
    pthread_mutex_unlock(&ks_store_mu);
    ks_resp_json(resp, 200, j);
    return;
  }
  simple_status(resp, 404, "NotFound", "the server could not find the requested resource");
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **con_cls) {
  (void)cls;
  (void)version;
  conn_ctx *ctx = *con_cls;
  if (!ctx) {
    ctx = calloc(1, sizeof *ctx);
    *con_cls = ctx;
    return MHD_YES;
  }
  if (*upload_size) {
    if (ctx->len + *upload_size > KS_MAX_BODY) {
      ctx->too_big = 1;
    } else {
      if (ctx->len + *upload_size + 1 > ctx->cap) {
        ctx->cap = (ctx->len + *upload_size + 1) * 2;
        ctx->body = realloc(ctx->body, ctx->cap);
      }
      memcpy(ctx->body + ctx->len, upload, *upload_size);
      ctx->len += *upload_size;
      ctx->body[ctx->len] = 0;
    }
    *upload_size = 0;
    return MHD_YES;
  }
  ks_response resp = {0};
  if (!strcmp(url, "/healthz") || !strcmp(url, "/readyz") || !strcmp(url, "/livez")) {
    resp.code = 200;
    resp.body = strdup("ok");
    resp.body_len = 2;
    resp.content_type = "text/plain; charset=utf-8";
    return send_resp(c, &resp);
  }
  char user[256];
  if (!ks_auth_check(c, tls_->token, user, sizeof user)) {
    simple_status(&resp, 401, "Unauthorized", "Unauthorized");
    return send_resp(c, &resp);
  }
  if (ctx->too_big) {
    simple_status(&resp, 413, "RequestEntityTooLarge", "Request entity too large: limit is 33554432");
    return send_resp(c, &resp);
  }
  if (!strncmp(url, "/kubesim/", 9)) {
    admin(url, method, ctx, &resp);
    return send_resp(c, &resp);
  }
  ks_faults f = ks_faults_get();
  if (f.latency_ms > 0) usleep((useconds_t)f.latency_ms * 1000);
  if (f.drop_rate > 0 && ks_rand01() < f.drop_rate) return MHD_NO;
  if (f.error_rate > 0 && ks_rand01() < f.error_rate) {
    double which = ks_rand01();
    if (which < 0.34) {
      simple_status(&resp, 503, "ServiceUnavailable", "the server is currently unable to handle the request (kubesim fault)");
    } else if (which < 0.67) {
      simple_status(&resp, 500, "InternalError", "Internal error occurred: kubesim injected fault");
    } else {
      simple_status(&resp, 429, "TooManyRequests", "Too many requests, please try again later.");
      json_t *det = json_pack("{s:i}", "retryAfterSeconds", 1);
      json_t *st = json_loadb(resp.body, resp.body_len, 0, NULL);
      if (st) {
        json_object_set_new(st, "details", det);
        free(resp.body);
        resp.body = json_dumps(st, JSON_COMPACT);
        resp.body_len = strlen(resp.body);
        json_decref(st);
      } else {
        json_decref(det);
      }
    }
    resp.retry_after = 1;
    return send_resp(c, &resp);
  }
  const char *body = ctx->body ? ctx->body : "";
  size_t body_len = ctx->len;
  char *decoded = NULL; /* protobuf bodies (client-go typed clients) become JSON here */
  if (body_len && ks_proto_is(h_lookup(c, "Content-Type"), body, body_len)) {
    char perr[512];
    int pcode;
    json_t *pj = ks_proto_decode(body, body_len, &pcode, perr, sizeof perr);
    if (!pj) {
      simple_status(&resp, pcode, pcode == 415 ? "UnsupportedMediaType" : "BadRequest", perr);
      return send_resp(c, &resp);
    }
    decoded = json_dumps(pj, JSON_COMPACT);
    json_decref(pj);
    if (!decoded) {
      simple_status(&resp, 500, "InternalError", "out of memory decoding a protobuf body");
      return send_resp(c, &resp);
    }
    body = decoded;
    body_len = strlen(decoded);
  }
  ks_request req = {.method = method,
                    .path = url,
                    .query = q_lookup,
                    .header = h_lookup,
                    .conn = c,
                    .body = body,
                    .body_len = body_len,
                    .user = user};
  ks_api_handle(&req, &resp);
  free(decoded);
  if (resp.drop) {
    free(resp.body);
    return MHD_NO;
  }
  return send_resp(c, &resp);
}

static enum MHD_Result accept_policy(void *cls, const struct sockaddr *addr, socklen_t len) {
  (void)cls;
  (void)len;
  if (addr->sa_family == AF_INET) {
    const struct sockaddr_in *a = (const struct sockaddr_in *)addr;
    return (ntohl(a->sin_addr.s_addr) >> 24) == 127 ? MHD_YES : MHD_NO;
  }
  if (addr->sa_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)addr;
    if (IN6_IS_ADDR_LOOPBACK(&a->sin6_addr)) return MHD_YES;
    if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr) && a->sin6_addr.s6_addr[12] == 127) return MHD_YES;
    return MHD_NO;
  }
  return MHD_NO;
}

static void log_cb(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  if (getenv("KUBESIM_DEBUG")) {
    fputs("kubesim(mhd): ", stderr);
    vfprintf(stderr, fmt, ap);
  }
}

int ks_http_start(const ks_tls *t, const char *host, int *port) {
  tls_ = t;
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  socklen_t sl;
  int family;
  if (strchr(host, ':')) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)*port);
    if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1 || !IN6_IS_ADDR_LOOPBACK(&a->sin6_addr)) return -2;
    sl = sizeof *a;
    family = AF_INET6;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)*port);
    if (!strcmp(host, "localhost")) host = "127.0.0.1";
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1 || (ntohl(a->sin_addr.s_addr) >> 24) != 127) return -2;
    sl = sizeof *a;
    family = AF_INET;
  }
  listen_fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd < 0) return -1;
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(listen_fd, (struct sockaddr *)&ss, sl) != 0 || listen(listen_fd, 128) != 0) {
    close(listen_fd);
    listen_fd = -1;
    return -1;
  }
  struct sockaddr_storage got;
  socklen_t gl = sizeof got;
  getsockname(listen_fd, (struct sockaddr *)&got, &gl);
  *port = family == AF_INET ? ntohs(((struct sockaddr_in *)&got)->sin_port)
                            : ntohs(((struct sockaddr_in6 *)&got)->sin6_port);
  unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS |
                   MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
  daemon_ = MHD_start_daemon(flags, 0, accept_policy, NULL, handler, NULL, MHD_OPTION_LISTEN_SOCKET, listen_fd,
                             MHD_OPTION_HTTPS_MEM_KEY, t->server_key_pem, MHD_OPTION_HTTPS_MEM_CERT,
                             t->server_cert_pem, MHD_OPTION_HTTPS_MEM_TRUST, t->ca_pem, MHD_OPTION_CONNECTION_TIMEOUT,
                             (unsigned)600, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                             MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024), MHD_OPTION_EXTERNAL_LOGGER,
                             log_cb, NULL, MHD_OPTION_END);
  if (!daemon_) {
    close(listen_fd);
    listen_fd = -1;
    return -1;
  }
  return 0;
}

void ks_http_stop(void) {
  if (daemon_) {
    MHD_stop_daemon(daemon_);
    daemon_ = NULL;
  }
  if (listen_fd >= 0) {
    close(listen_fd);
    listen_fd = -1;
  }
}
