/* checks.c — the analysis run at every step: canary pods ready and not restarting, the
 * release's test hooks, HTTP checks (--check-url), the OpenAPI x-amples service checker
 * (--check-openapi) and a Prometheus threshold query. */
#include "chartctl/dl_curl.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/buf.h"
#include "chartctl/errors.h"
#include "checker/checker.h"
#include "rollout/rollout_int.h"

static size_t collect(char *p, size_t sz, size_t n, void *ud) {
  ct_buf *b = ud;
  char *tmp = strndup(p, sz * n);
  ct_buf_puts(b, tmp);
  free(tmp);
  return sz * n;
}

/* GET URL: *status and the body; CT_OK when an HTTP answer came. */
static int http_get(const char *url, long *status, ct_buf *body) {
  CURL *h = curl_easy_init();
  if (!h) return ct_error_set(CT_ERROR, "curl_easy_init failed");
  char err[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  CURLcode cc = curl_easy_perform(h);
  int rc = CT_OK;
  if (cc != CURLE_OK) rc = ct_error_set(CT_EUNAVAIL, "GET %s: %s", url, err[0] ? err : curl_easy_strerror(cc));
  else curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
  curl_easy_cleanup(h);
  return rc;
}

int ct_rollout_prom_value(const json_t *resp, double *out) {
  const char *st = json_string_value(json_object_get(resp, "status"));
  if (!st || strcmp(st, "success"))
    return ct_error_set(CT_EINVAL, "prometheus query failed: %s",
                        json_string_value(json_object_get(resp, "error")) ? json_string_value(json_object_get(resp, "error")) : "no status success");
  const json_t *data = json_object_get(resp, "data");
  const char *type = json_string_value(json_object_get(data, "resultType"));
  const json_t *res = json_object_get(data, "result"), *val = NULL;
  if (type && (!strcmp(type, "scalar") || !strcmp(type, "string"))) val = res;
  else if (type && !strcmp(type, "vector")) {
    if (!json_array_size(res)) return ct_error_set(CT_ENOTFOUND, "prometheus query returned no samples");
    val = json_object_get(json_array_get(res, 0), "value");
  } else
    return ct_error_set(CT_EINVAL, "prometheus query: unsupported result type %s (want an instant vector or scalar)", type ? type : "(none)");
  const char *s = json_string_value(json_array_get(val, 1));
  if (!s) return ct_error_set(CT_EINVAL, "prometheus query: sample has no value");
  char *end;
  double v;
  if (!strcmp(s, "NaN")) v = NAN;
  else if (!strcmp(s, "+Inf")) v = INFINITY;
  else if (!strcmp(s, "-Inf")) v = -INFINITY;
  else {
    v = strtod(s, &end);
    if (end == s || *end) return ct_error_set(CT_EINVAL, "prometheus query: value \"%s\" is not a number", s);
  }
  *out = v;
  return CT_OK;
}

static int check_prometheus(ct_rollout__run *r) {
  const json_t *p = json_object_get(json_object_get(r->ro, "checks"), "prometheus");
  if (!json_is_object(p)) return CT_OK;
  const char *base = ct_rollout__str(p, "url"), *q = ct_rollout__str(p, "query");
  CURL *h = curl_easy_init();
  char *esc = h ? curl_easy_escape(h, q, 0) : NULL;
  ct_buf url = CT_BUF_INIT, body = CT_BUF_INIT, msg = CT_BUF_INIT;
  size_t bl = strlen(base);
  ct_buf_printf(&url, "%s%sapi/v1/query?query=%s", base, bl && base[bl - 1] == '/' ? "" : "/", esc ? esc : "");
  curl_free(esc);
  if (h) curl_easy_cleanup(h);
  long status = 0;
  int rc = http_get(ct_buf_str(&url), &status, &body);
  double v = 0;
  if (rc == CT_OK && status != 200) rc = ct_error_set(CT_ERROR, "GET %s: HTTP %ld", ct_buf_str(&url), status);
  if (rc == CT_OK) {
    json_error_t je;
    json_t *j = json_loads(ct_buf_str(&body), 0, &je);
    if (!j) rc = ct_error_set(CT_EINVAL, "prometheus answer is not JSON: %s", je.text);
    else rc = ct_rollout_prom_value(j, &v);
    json_decref(j);
  }
  bool ok = rc == CT_OK;
  if (ok) {
    bool has_max = json_object_get(p, "max") != NULL, has_min = json_object_get(p, "min") != NULL;
    double mx = ct_rollout__num(p, "max", 0), mn = ct_rollout__num(p, "min", 0);
    if (isnan(v) || (has_max && v > mx) || (has_min && v < mn)) {
      ok = false;
      ct_buf_printf(&msg, "query %s = %g, ", q, v);
      if (has_max) ct_buf_printf(&msg, "max %g", mx);
      if (has_max && has_min) ct_buf_puts(&msg, ", ");
      if (has_min) ct_buf_printf(&msg, "min %g", mn);
      rc = ct_error_set(CT_ERROR, "prometheus check failed: %s", ct_buf_str(&msg));
    } else {
      ct_buf_printf(&msg, "query %s = %g", q, v);
    }
  } else {
    ct_buf_printf(&msg, "%s", ct_error_last());
    rc = ct_error_set(CT_ERROR, "prometheus check failed: %s", ct_buf_str(&msg));
  }
  ct_rollout__add_result(r, "prometheus", ok, ct_buf_str(&msg));
  if (!ok) ct_error_set(CT_ERROR, "prometheus check failed: %s", ct_buf_str(&msg));
  ct_buf_dispose(&url);
  ct_buf_dispose(&body);
  ct_buf_dispose(&msg);
  return rc;
}

/* --check-openapi URL: the service checker over the spec's x-amples. URL is the base URL;
 * SPEC where the spec is (NULL: "/?spec"). */
static int check_openapi(ct_rollout__run *r, const char *url, const char *spec, double timeout_s) {
  ct_checker_opts o = {.base_url = url, .spec_path = spec, .timeout_s = timeout_s};
  ct_checker_report rep;
  int rc = ct_checker_run(&o, &rep);
  ct_buf msg = CT_BUF_INIT;
  const ct_checker_result *bad = ct_checker_first_failure(&rep);
  size_t nbad = 0;
  for (size_t k = 0; k < rep.n; k++) nbad += rep.results[k].status != CT_CHECKER_OK;
  if (rc == CT_OK) {
    ct_buf_printf(&msg, "%s: %zu example%s passed", rep.spec_url, rep.n, rep.n == 1 ? "" : "s");
  } else if (bad) {
    ct_buf_printf(&msg, "%s: example \"%s\" (%s %s) is %s: %s", rep.spec_url, bad->title, bad->method, bad->path,
                  ct_checker_status_name(bad->status), bad->message);
    if (nbad > 1) ct_buf_printf(&msg, " (and %zu more of %zu examples failing)", nbad - 1, rep.n);
  } else {
    ct_buf_printf(&msg, "%s", rep.error ? rep.error : "service checker failed");
  }
  ct_rollout__add_result(r, "openapi", rc == CT_OK, ct_buf_str(&msg));
  if (rc) rc = ct_error_set(CT_ERROR, "openapi check failed: %s", ct_buf_str(&msg));
  ct_buf_dispose(&msg);
  ct_checker_report_dispose(&rep);
  return rc;
}

static int check_urls(ct_rollout__run *r) {
  size_t i;
  json_t *u;
  json_array_foreach(json_object_get(json_object_get(r->ro, "checks"), "openapi"), i, u) {
    int rc = check_openapi(r, ct_rollout__str(u, "url"), json_string_value(json_object_get(u, "spec")),
                           ct_rollout__num(u, "timeout", CT_ROLLOUT_OPENAPI_TIMEOUT));
    if (rc) return rc;
  }
  json_array_foreach(json_object_get(json_object_get(r->ro, "checks"), "urls"), i, u) {
    const char *url = ct_rollout__str(u, "url");
    long want = (long)ct_rollout__num(u, "status", 200), got = 0;
    ct_buf body = CT_BUF_INIT, msg = CT_BUF_INIT;
    int rc = http_get(url, &got, &body);
    bool ok = rc == CT_OK && got == want;
    if (rc) ct_buf_printf(&msg, "%s", ct_error_last());
    else ct_buf_printf(&msg, "GET %s returned %ld (want %ld)", url, got, want);
    ct_rollout__add_result(r, "http", ok, ct_buf_str(&msg));
    if (!ok) rc = ct_error_set(CT_ERROR, "http check failed: %s", ct_buf_str(&msg));
    ct_buf_dispose(&body);
    ct_buf_dispose(&msg);
    if (rc) return rc;
  }
  return CT_OK;
}

static bool has_tests(const json_t *rel) {
  size_t i, j;
  json_t *h, *e;
  json_array_foreach(json_object_get(rel, "hooks"), i, h) {
    json_array_foreach(json_object_get(h, "events"), j, e) if (json_is_string(e) && !strcmp(json_string_value(e), "test")) return true;
  }
  return false;
}

static int check_tests(ct_rollout__run *r) {
  if (json_is_true(json_object_get(r->ro, "noTests")) || !has_tests(r->rel)) return CT_OK;
  int rc = ct_action_run_hooks(r->c->cfg, r->rel, "test", ct_rollout__num(r->ro, "timeout", 300));
  ct_rollout__add_result(r, "tests", rc == CT_OK, rc ? ct_error_last() : "test hooks succeeded");
  return rc ? ct_error_set(rc, "test hooks failed: %s", ct_error_last()) : CT_OK;
}

int ct_rollout__check_pods(ct_rollout__run *r, const char *track, bool record) {
  size_t i;
  json_t *w;
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    long total, ready, restarts;
    char why[512];
    ct_rollout__pods(r, w, track, &total, &ready, &restarts, why, sizeof why);
    long want = (long)ct_rollout__num(w, !strcmp(track, "stable") ? "stablePods" : "canaryPods", 0);
    bool ok = ready >= want && ready == total && restarts == 0;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s %s: %ld/%ld %s pods ready, %ld restarts%s%s", ct_rollout__str(w, "kind"), ct_rollout__str(w, "name"),
             ready, want, track, restarts, why[0] ? "; " : "", why);
    if (record || !ok) ct_rollout__add_result(r, "pods", ok, msg);
    if (!ok) return ct_error_set(CT_ERROR, "pod check failed: %s", msg);
  }
  return CT_OK;
}

int ct_rollout__analyse(ct_rollout__run *r, const char *track) {
  double dur = ct_rollout__num(r->ro, "analysis", 0);
  int rc = ct_rollout__check_pods(r, track, true);
  if (!rc) rc = check_tests(r);
  if (!rc) rc = check_urls(r);
  if (!rc) rc = check_prometheus(r);
  /* --analysis DURATION: the canary must stay healthy (checks repeated every 5 s) */
  double end = ct_rollout__now() + dur;
  while (!rc && ct_rollout__now() < end) {
    ct_rollout__sleep(end - ct_rollout__now() < 5 ? end - ct_rollout__now() : 5);
    ct_rollout__heartbeat(r);
    rc = ct_rollout__check_pods(r, track, false);
    if (!rc) rc = check_urls(r);
    if (!rc) rc = check_prometheus(r);
  }
  return rc;
}
