/* run.c — a checker run: fetch the spec from the base URL, send each example's request,
 * grade the answers, and the report (per example, worst status, one-line summary). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "checker/checker_int.h"

static char *dup_s(const char *s) { return strdup(s ? s : ""); }

/* "http://h:p/prefix/" → origin "http://h:p", prefix "/prefix". */
static int split_base(const char *base, ct_buf *origin, ct_buf *prefix, ct_buf *err) {
  const char *sep = strstr(base, "://");
  if (!sep || !(sep - base == 4 || sep - base == 5) || (strncasecmp(base, "http", 4) || (sep - base == 5 && (base[4] | 32) != 's'))) {
    ct_buf_printf(err, "invalid service URL \"%s\": want http://HOST[:PORT][/PATH] or https://...", base);
    return -1;
  }
  const char *host = sep + 3, *path = host + strcspn(host, "/?#");
  if (path == host) {
    ct_buf_printf(err, "invalid service URL \"%s\": no host", base);
    return -1;
  }
  ct_buf_put(origin, base, (size_t)(path - base));
  size_t pl = strcspn(path, "?#");
  while (pl && path[pl - 1] == '/') pl--;
  ct_buf_put(prefix, path, pl);
  return 0;
}

static bool header_set(const ct_value *hs, const char *name, ct_buf *val) {
  size_t n;
  const ct_map_entry *es = ct_map_entries(hs, &n);
  for (size_t i = 0; i < n; i++)
    if (!strcasecmp(es[i].key.ptr, name)) {
      if (val) ct_checker_scalar_text(es[i].value, val);
      return true;
    }
  return false;
}

static void urlencode_into(ct_buf *out, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("_.-~", c)) ct_buf_putc(out, (char)c);
    else if (c == ' ') ct_buf_putc(out, '+');
    else ct_buf_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
  }
}

/* The request body of a POST: a string as written; an object as JSON when the example's
 * content-type says json, urlencoded when it says so, else multipart/form-data fields (as
 * service-checker's urllib3 sends them). Adds the content-type it chose to HDRS. */
static void build_body(const ct_value *body, const ct_value *hs, ct_buf *out, ct_buf *ctype) {
  ct_buf given = CT_BUF_INIT, err = CT_BUF_INIT;
  bool has_ct = header_set(hs, "content-type", &given);
  if (!ct_is_map(body) && !ct_is_list(body)) {
    ct_checker_scalar_text(body, out);
  } else if (ct_is_list(body) || (has_ct && strstr(ct_buf_str(&given), "json"))) {
    ct_json_emit(out, body, NULL, false, &err);
    if (!has_ct) ct_buf_puts(ctype, "Content-Type: application/json");
  } else if (has_ct && strstr(ct_buf_str(&given), "x-www-form-urlencoded")) {
    size_t n;
    const ct_map_entry *es = ct_map_entries(body, &n);
    for (size_t i = 0; i < n; i++) {
      ct_buf v = CT_BUF_INIT;
      ct_checker_scalar_text(es[i].value, &v);
      if (i) ct_buf_putc(out, '&');
      urlencode_into(out, es[i].key.ptr, es[i].key.len);
      ct_buf_putc(out, '=');
      urlencode_into(out, ct_buf_str(&v), v.len);
      ct_buf_dispose(&v);
    }
  } else {
    const char *b = "chartctl-service-checker-0c5e1f3a9d";
    size_t n;
    const ct_map_entry *es = ct_map_entries(body, &n);
    for (size_t i = 0; i < n; i++) {
      ct_buf_printf(out, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n", b, es[i].key.ptr);
      ct_checker_scalar_text(es[i].value, out);
      ct_buf_puts(out, "\r\n");
    }
    ct_buf_printf(out, "--%s--\r\n", b);
    if (!has_ct) ct_buf_printf(ctype, "Content-Type: multipart/form-data; boundary=%s", b);
  }
  ct_buf_dispose(&given);
  ct_buf_dispose(&err);
}

/* What an example sends, kept alive while the batch runs. */
typedef struct prepared {
  ct_buf url, body;
  char **lines; /* "Name: value" */
  size_t nlines;
  ct_checker__req_body rb;
} prepared;

static void prepare(const ct_checker_spec *s, const ct_checker_example *e, const char *origin, prepared *p) {
  memset(p, 0, sizeof *p);
  ct_buf_puts(&p->url, origin);
  ct_checker_request_path(s, e, &p->url);
  const ct_value *hs = ct_map_getc(e->request, "headers");
  size_t nh = 0;
  const ct_map_entry *hes = ct_map_entries(hs, &nh);
  p->lines = calloc(nh + 2, sizeof *p->lines);
  for (size_t i = 0; i < nh; i++) {
    ct_buf l = CT_BUF_INIT;
    ct_buf_printf(&l, "%s: ", hes[i].key.ptr);
    ct_checker_scalar_text(hes[i].value, &l);
    p->lines[p->nlines++] = ct_buf_steal(&l);
  }
  ct_value *bv = NULL;
  bool has_body = strcmp(e->method, "GET") && ct_map_get(e->request, "body", 4, &bv) && bv;
  if (has_body) {
    ct_buf ctype = CT_BUF_INIT;
    build_body(bv, hs, &p->body, &ctype);
    if (ctype.len) p->lines[p->nlines++] = ct_buf_steal(&ctype);
    ct_buf_dispose(&ctype);
  }
  p->rb = (ct_checker__req_body){.headers = (const char *const *)p->lines, .nheaders = p->nlines,
                                 .body = has_body ? ct_buf_str(&p->body) : NULL, .body_len = p->body.len};
}

static void prepared_dispose(prepared *p) {
  for (size_t i = 0; i < p->nlines; i++) free(p->lines[i]);
  free(p->lines);
  ct_buf_dispose(&p->url);
  ct_buf_dispose(&p->body);
}

static void grade(const ct_checker_example *e, ct_checker__job *j, ct_checker_result *res) {
  ct_buf why = CT_BUF_INIT;
  res->title = dup_s(e->title);
  res->method = dup_s(e->method);
  res->path = dup_s(e->path);
  res->url = dup_s(j->url);
  if (j->rc) {
    res->status = CT_CHECKER_CRITICAL;
    ct_buf_printf(&why, "could not fetch %s: %s", j->url, ct_buf_str(&j->err));
  } else {
    ct_checker_response r = {.status = j->ans.status, .headers = ct_buf_str(&j->ans.headers), .body = ct_buf_str(&j->ans.body),
                             .body_len = j->ans.body.len};
    res->status = ct_checker_check_response(e->response, &r, &why);
  }
  res->message = ct_buf_steal(&why);
  if (!res->message) res->message = dup_s("");
}

/* Every example at once (as service-checker), graded in the spec's order. */
static void run_examples(const ct_checker_spec *s, const char *origin, double timeout, ct_checker_report *out) {
  prepared *ps = calloc(s->n, sizeof *ps);
  ct_checker__job *jobs = calloc(s->n, sizeof *jobs);
  for (size_t i = 0; i < s->n; i++) {
    prepare(s, &s->items[i], origin, &ps[i]);
    jobs[i] = (ct_checker__job){.method = s->items[i].method, .url = ct_buf_str(&ps[i].url), .rb = &ps[i].rb};
  }
  ct_checker__http_many(jobs, s->n, timeout);
  for (size_t i = 0; i < s->n; i++) {
    grade(&s->items[i], &jobs[i], &out->results[i]);
    out->n++;
    if (out->results[i].status > out->status) out->status = out->results[i].status;
    ct_checker__http_dispose(&jobs[i].ans);
    ct_buf_dispose(&jobs[i].err);
    prepared_dispose(&ps[i]);
  }
  free(jobs);
  free(ps);
}

const ct_checker_result *ct_checker_first_failure(const ct_checker_report *r) {
  for (size_t i = 0; i < r->n; i++)
    if (r->results[i].status != CT_CHECKER_OK) return &r->results[i];
  return NULL;
}

void ct_checker_summary(const ct_checker_report *r, ct_buf *out) {
  if (r->error) {
    ct_buf_printf(out, "%s", r->error);
    return;
  }
  if (r->status == CT_CHECKER_OK) {
    ct_buf_printf(out, "All endpoints are healthy (%zu example%s)", r->n, r->n == 1 ? "" : "s");
    return;
  }
  bool first = true;
  for (size_t i = 0; i < r->n; i++) {
    const ct_checker_result *x = &r->results[i];
    if (x->status == CT_CHECKER_OK) continue;
    ct_buf_printf(out, "%s%s (%s %s) is %s: %s", first ? "" : "; ", x->title, x->method, x->path, ct_checker_status_name(x->status),
                  x->message);
    first = false;
  }
}

int ct_checker_run(const ct_checker_opts *o, ct_checker_report *out) {
  memset(out, 0, sizeof *out);
  double timeout = o->timeout_s > 0 ? o->timeout_s : 5;
  const char *sp = o->spec_path && *o->spec_path ? o->spec_path : "/?spec";
  ct_buf origin = CT_BUF_INIT, prefix = CT_BUF_INIT, err = CT_BUF_INIT, spec_url = CT_BUF_INIT;
  ct_arena *a = ct_arena_new();
  ct_checker__answer h = {0};
  if (split_base(o->base_url ? o->base_url : "", &origin, &prefix, &err)) goto fail;
  if (strstr(sp, "://")) ct_buf_puts(&spec_url, sp); /* an absolute spec URL is used as it is */
  else ct_buf_printf(&spec_url, "%s%s%s%s", ct_buf_str(&origin), ct_buf_str(&prefix), *sp == '/' || *sp == '?' ? "" : "/", sp);
  out->spec_url = dup_s(ct_buf_str(&spec_url));
  ct_buf herr = CT_BUF_INIT;
  if (ct_checker__http("GET", ct_buf_str(&spec_url), NULL, timeout, &h, &herr)) {
    ct_buf_printf(&err, "fetching the spec %s: %s", ct_buf_str(&spec_url), ct_buf_str(&herr));
    ct_buf_dispose(&herr);
    goto fail;
  }
  ct_buf_dispose(&herr);
  if (h.status < 200 || h.status > 299) {
    ct_buf_printf(&err, "fetching the spec %s: HTTP status %ld", ct_buf_str(&spec_url), h.status);
    goto fail;
  }
  ct_checker_spec spec;
  ct_buf perr = CT_BUF_INIT;
  if (ct_checker_spec_parse(&spec, a, ct_buf_str(&h.body), h.body.len, &perr)) {
    ct_buf_printf(&err, "the spec at %s: %s", ct_buf_str(&spec_url), ct_buf_str(&perr));
    ct_buf_dispose(&perr);
    goto fail;
  }
  ct_buf_dispose(&perr);
  out->skipped = spec.skipped;
  out->results = calloc(spec.n ? spec.n : 1, sizeof *out->results);
  run_examples(&spec, ct_buf_str(&origin), timeout, out);
  if (!spec.n) { /* nothing to check is not a pass */
    ct_buf_printf(&err, "the spec at %s declares no examples to run", ct_buf_str(&spec_url));
    out->error = dup_s(ct_buf_str(&err));
    out->status = CT_CHECKER_UNKNOWN;
  }
  goto done;
fail:
  out->error = dup_s(ct_buf_str(&err));
  out->status = CT_CHECKER_CRITICAL;
  if (!out->spec_url) out->spec_url = dup_s(o->base_url);
done:
  ct_checker__http_dispose(&h);
  ct_arena_free(a);
  ct_buf_dispose(&origin);
  ct_buf_dispose(&prefix);
  ct_buf_dispose(&err);
  ct_buf_dispose(&spec_url);
  if (out->status == CT_CHECKER_OK) return CT_OK;
  ct_buf sum = CT_BUF_INIT;
  ct_checker_summary(out, &sum);
  int rc = ct_error_set(CT_ERROR, "service checker %s: %s", ct_checker_status_name(out->status), ct_buf_str(&sum));
  ct_buf_dispose(&sum);
  return rc;
}

void ct_checker_report_dispose(ct_checker_report *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->results[i].title);
    free(r->results[i].method);
    free(r->results[i].path);
    free(r->results[i].url);
    free(r->results[i].message);
  }
  free(r->results);
  free(r->spec_url);
  free(r->error);
  memset(r, 0, sizeof *r);
}
