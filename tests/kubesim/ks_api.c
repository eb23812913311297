/* kubesim: the REST API — routes /api, /apis, /version, /openapi and resource paths to
 * list/watch/get/create/update/patch/delete handlers and encodes results and Status errors. */
#include "ks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ks_resp_json(ks_response *resp, int code, json_t *body) {
  resp->code = code;
  resp->body = json_dumps(body, JSON_COMPACT);
  resp->body_len = resp->body ? strlen(resp->body) : 0;
  resp->content_type = "application/json";
  json_decref(body);
}

void ks_resp_err(ks_response *resp, ks_err *e) { ks_resp_json(resp, e->code ? e->code : 500, ks_err_status(e)); }

static void not_found_path(ks_response *resp) {
  ks_err e = {0};
  ks_err_set(&e, 404, "NotFound", "the server could not find the requested resource");
  e.details = json_object();
  ks_resp_err(resp, &e);
  ks_err_clear(&e);
}

static void bad_request(ks_response *resp, const char *msg) {
  ks_err e = {0};
  ks_err_set(&e, 400, "BadRequest", "%s", msg);
  ks_resp_err(resp, &e);
  ks_err_clear(&e);
}

static void method_not_allowed(ks_response *resp) {
  ks_err e = {0};
  ks_err_set(&e, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  ks_resp_err(resp, &e);
  ks_err_clear(&e);
}

/* ---- request helpers ---- */
static const char *q(const ks_request *req, const char *k) { return req->query(req->conn, k); }
static const char *h(const ks_request *req, const char *k) { return req->header(req->conn, k); }

static int q_true(const ks_request *req, const char *k) {
  const char *v = q(req, k);
  return v && (!strcmp(v, "1") || !strcasecmp(v, "true"));
}

static int wants_table(const ks_request *req) {
  const char *a = h(req, "Accept");
  return a && strstr(a, "as=Table") != NULL;
}

static int include_object_mode(const ks_request *req) {
  const char *v = q(req, "includeObject");
  if (v && !strcmp(v, "None")) return 0;
  if (v && !strcmp(v, "Object")) return 2;
  return 1;
}

static json_t *parse_body(const ks_request *req, char *err, size_t errsz) {
  const char *ct = h(req, "Content-Type");
  if (req->body_len == 0) {
    snprintf(err, errsz, "the body of the request was empty");
    return NULL;
  }
  json_error_t je;
  json_t *j = json_loadb(req->body, req->body_len, 0, &je);
  if (j) return j;
  if (ct && strstr(ct, "yaml")) return ks_yaml_to_json(req->body, req->body_len, err, errsz);
  /* kubectl may send YAML for apply; fall back to YAML parsing for anything that is not JSON */
  j = ks_yaml_to_json(req->body, req->body_len, err, errsz);
  if (!j || !json_is_object(j)) {
    json_decref(j);
    snprintf(err, errsz, "couldn't get version/kind; json parse error: %s", je.text);
    return NULL;
  }
  return j;
}

static char *default_manager(const ks_request *req) {
  const char *fm = q(req, "fieldManager");
  if (fm && *fm) return strdup(fm);
  const char *ua = h(req, "User-Agent");
  if (!ua || !*ua) return strdup("unknown");
  size_t n = strcspn(ua, "/ ");
  return strndup(ua, n);
}

static int dry_run(const ks_request *req) {
  const char *d = q(req, "dryRun");
  return d && !strcmp(d, "All");
}

static char *gv_of(const ks_resource *r) {
  return r->group[0] ? ks_strdup_printf("%s/%s", r->group, r->version) : strdup(r->version);
}

/* ---- list ---- */
typedef struct list_ctx {
  ks_selector *sel;
  json_t *items;
} list_ctx;

static int list_cb(json_t *obj, void *ud) {
  list_ctx *c = ud;
  if (ks_selector_match(c->sel, obj)) json_array_append_new(c->items, json_deep_copy(obj));
  return 0;
}

static int cmp_items(const void *a, const void *b) {
  json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  const char *nx = ks_jstr(x, "metadata.namespace"), *ny = ks_jstr(y, "metadata.namespace");
  int c = strcmp(nx ? nx : "", ny ? ny : "");
  if (c) return c;
  const char *mx = ks_jstr(x, "metadata.name"), *my = ks_jstr(y, "metadata.name");
  return strcmp(mx ? mx : "", my ? my : "");
}

static json_t *sorted(json_t *items) {
  size_t n = json_array_size(items);
  json_t **v = malloc((n + 1) * sizeof *v);
  for (size_t i = 0; i < n; i++) v[i] = json_incref(json_array_get(items, i));
  qsort(v, n, sizeof *v, cmp_items);
  json_t *out = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(out, v[i]);
  free(v);
  json_decref(items);
  return out;
}

static void handle_list(const ks_request *req, const ks_resource *r, const char *ns, ks_response *resp) {
  char err[512] = "";
  ks_selector *sel = ks_selector_parse(q(req, "labelSelector"), q(req, "fieldSelector"), err, sizeof err);
  if (!sel) {
    bad_request(resp, err);
    return;
  }
  if (q_true(req, "watch")) {
    const char *rvs = q(req, "resourceVersion");
    const char *ts = q(req, "timeoutSeconds");
    long timeout = ts ? strtol(ts, NULL, 10) : 0;
    uint64_t since = rvs && *rvs ? strtoull(rvs, NULL, 10) : 0;
    pthread_mutex_lock(&ks_store_mu);
    resp->watch = ks_watch_new(r, ns, sel, since, since == 0, timeout, q_true(req, "allowWatchBookmarks"),
                               wants_table(req));
    pthread_mutex_unlock(&ks_store_mu);
    resp->code = 200;
    resp->content_type = "application/json";
    return;
  }
  list_ctx c = {sel, json_array()};
  pthread_mutex_lock(&ks_store_mu);
  ks_store_each(r, ns, list_cb, &c);
  uint64_t rv = ks_store_rv();
  pthread_mutex_unlock(&ks_store_mu);
  ks_selector_free(sel);
  c.items = sorted(c.items);
  char rvs[32];
  snprintf(rvs, sizeof rvs, "%llu", (unsigned long long)rv);
  /* pagination: `continue` is an opaque "<offset>" token over the sorted list */
  const char *lim = q(req, "limit"), *cont = q(req, "continue");
  long limit = lim ? strtol(lim, NULL, 10) : 0;
  size_t offset = cont && *cont ? (size_t)strtoull(cont, NULL, 10) : 0;
  char next[32] = "";
  long remaining = 0;
  if (offset || limit > 0) {
    size_t total = json_array_size(c.items);
    json_t *page = json_array();
    for (size_t k = offset; k < total && (limit <= 0 || (long)(k - offset) < limit); k++)
      json_array_append(page, json_array_get(c.items, k));
    size_t end = offset + json_array_size(page);
    if (end < total) {
      snprintf(next, sizeof next, "%zu", end);
      remaining = (long)(total - end);
    }
    json_decref(c.items);
    c.items = page;
  }
  if (wants_table(req)) {
    json_t *t = ks_table_for(r, c.items, !offset, include_object_mode(req));
    json_object_set_new(json_object_get(t, "metadata"), "resourceVersion", json_string(rvs));
    if (next[0]) json_object_set_new(json_object_get(t, "metadata"), "continue", json_string(next));
    json_decref(c.items);
    ks_resp_json(resp, 200, t);
    return;
  }
  char *gv = gv_of(r);
  json_t *list = json_pack("{s:s, s:s, s:{s:s}, s:o}", "kind", r->list_kind, "apiVersion", gv, "metadata",
                           "resourceVersion", rvs, "items", c.items);
  if (next[0]) {
    json_object_set_new(json_object_get(list, "metadata"), "continue", json_string(next));
    json_object_set_new(json_object_get(list, "metadata"), "remainingItemCount", json_integer(remaining));
  }
  free(gv);
  ks_resp_json(resp, 200, list);
}

/* ---- scale subresource ---- */
static json_t *scale_of(const ks_resource *r, json_t *obj) {
  (void)r;
  json_t *meta = json_object_get(obj, "metadata");
  json_t *sel = ks_jpath(obj, "spec.selector.matchLabels");
  char selbuf[512] = "";
  const char *k;
  json_t *v;
  json_object_foreach(sel, k, v) {
    if (selbuf[0]) strncat(selbuf, ",", sizeof selbuf - strlen(selbuf) - 1);
    strncat(selbuf, k, sizeof selbuf - strlen(selbuf) - 1);
    strncat(selbuf, "=", sizeof selbuf - strlen(selbuf) - 1);
    strncat(selbuf, json_is_string(v) ? json_string_value(v) : "", sizeof selbuf - strlen(selbuf) - 1);
  }
  return json_pack("{s:s, s:s, s:{s:O*, s:O*, s:O*, s:O*, s:O*}, s:{s:I}, s:{s:I, s:s}}", "kind", "Scale",
                   "apiVersion", "autoscaling/v1", "metadata", "name", json_object_get(meta, "name"), "namespace",
                   json_object_get(meta, "namespace"), "uid", json_object_get(meta, "uid"), "resourceVersion",
                   json_object_get(meta, "resourceVersion"), "creationTimestamp",
                   json_object_get(meta, "creationTimestamp"), "spec", "replicas",
                   (json_int_t)ks_jint(obj, "spec.replicas", 1), "status", "replicas",
                   (json_int_t)ks_jint(obj, "status.replicas", 0), "selector", selbuf);
}

/* ---- object handlers ---- */
static void respond_obj(const ks_request *req, const ks_resource *r, json_t *obj, int code, ks_response *resp) {
  if (wants_table(req) && !strcmp(req->method, "GET")) {
    json_t *items = json_pack("[O]", obj);
    json_t *t = ks_table_for(r, items, 1, include_object_mode(req));
    json_object_set(json_object_get(t, "metadata"), "resourceVersion", ks_jpath(obj, "metadata.resourceVersion"));
    json_decref(items);
    json_decref(obj);
    ks_resp_json(resp, code, t);
    return;
  }
  ks_resp_json(resp, code, obj);
}

static json_t *apply_patch(const ks_request *req, json_t *cur, json_t *patch, char *err, size_t errsz) {
  const char *ct = h(req, "Content-Type");
  if (ct && strstr(ct, "json-patch+json")) return ks_json_patch(cur, patch, err, errsz);
  if (ct && strstr(ct, "strategic-merge-patch")) return ks_strategic_merge_patch(cur, patch);
  return ks_merge_patch(cur, patch);
}

static void handle_object(const ks_request *req, const ks_resource *r, const char *ns, const char *name,
                          const char *sub, ks_response *resp) {
  ks_err e = {0};
  const char *m = req->method;
  int is_status = sub && !strcmp(sub, "status");
  int is_scale = sub && !strcmp(sub, "scale");
  if (sub && !strcmp(sub, "log") && !r->group[0] && !strcmp(r->plural, "pods") && !strcmp(m, "GET")) {
    pthread_mutex_lock(&ks_store_mu);
    int exists = ks_store_get(r, ns, name) != NULL;
    pthread_mutex_unlock(&ks_store_mu);
    if (!exists) {
      ks_err_not_found(&e, r, name);
      ks_resp_err(resp, &e);
      ks_err_clear(&e);
      return;
    }
    resp->code = 200;
    resp->body = ks_strdup_printf("kubesim: pod %s/%s is simulated and writes no logs\n", ns, name);
    resp->body_len = strlen(resp->body);
    resp->content_type = "text/plain";
    return;
  }
  if (sub && !is_status && !is_scale) {
    not_found_path(resp);
    return;
  }
  if ((is_status && !r->has_status) || (is_scale && !r->has_scale)) {
    not_found_path(resp);
    return;
  }
  char *manager = default_manager(req);
  ks_write_opts o = {.dry_run = dry_run(req),
                     .field_manager = manager,
                     .force = q_true(req, "force"),
                     .subresource_status = is_status,
                     .operation = "Update"};
  json_t *body = NULL;
  char err[512] = "";
  if (!strcmp(m, "PUT") || !strcmp(m, "PATCH")) {
    body = parse_body(req, err, sizeof err);
    if (!body) {
      bad_request(resp, err);
      free(manager);
      return;
    }
    ks_faults f = ks_faults_get();
    if (f.conflict_rate > 0 && ks_rand01() < f.conflict_rate) {
      ks_err_conflict_rv(&e, r, name);
      ks_resp_err(resp, &e);
      goto done;
    }
  }
  pthread_mutex_lock(&ks_store_mu);
  json_t *cur = ks_store_get(r, ns, name);
  if (!strcmp(m, "GET")) {
    if (!cur) {
      ks_err_not_found(&e, r, name);
      pthread_mutex_unlock(&ks_store_mu);
      ks_resp_err(resp, &e);
      goto done;
    }
    json_t *c = json_deep_copy(cur);
    pthread_mutex_unlock(&ks_store_mu);
    if (is_scale) {
      ks_resp_json(resp, 200, scale_of(r, c));
      json_decref(c);
    } else {
      respond_obj(req, r, c, 200, resp);
    }
    goto done;
  }
  if (!strcmp(m, "DELETE")) {
    json_t *dopts = req->body_len ? json_loadb(req->body, req->body_len, 0, NULL) : NULL;
    const char *prop = q(req, "propagationPolicy");
    if (!prop) prop = ks_jstr(dopts, "propagationPolicy");
    if (!prop && json_is_true(json_object_get(dopts, "orphanDependents"))) prop = "Orphan";
    const char *pre = ks_jstr(dopts, "preconditions.resourceVersion");
    int dr = o.dry_run;
    json_t *dra = json_object_get(dopts, "dryRun");
    if (json_is_array(dra) && json_array_size(dra)) dr = 1;
    json_t *res = ks_obj_delete(r, ns, name, prop, pre, dr, &e);
    pthread_mutex_unlock(&ks_store_mu);
    json_decref(dopts);
    if (!res) {
      ks_resp_err(resp, &e);
      goto done;
    }
    ks_resp_json(resp, 200, res);
    goto done;
  }
  if (is_scale) {
    if (!cur) {
      ks_err_not_found(&e, r, name);
      pthread_mutex_unlock(&ks_store_mu);
      ks_resp_err(resp, &e);
      goto done;
    }
    json_t *sc = scale_of(r, cur);
    json_t *nsc = !strcmp(m, "PUT") ? json_incref(body) : apply_patch(req, sc, body, err, sizeof err);
    json_decref(sc);
    if (!nsc) {
      pthread_mutex_unlock(&ks_store_mu);
      bad_request(resp, err);
      goto done;
    }
    json_t *n = json_deep_copy(cur);
    json_object_set_new(ks_jobj_ensure(n, "spec"), "replicas", json_integer(ks_jint(nsc, "spec.replicas", 1)));
    json_decref(nsc);
    json_t *res = ks_obj_update(r, ns, name, n, &o, &e);
    json_decref(n);
    if (!res) {
      pthread_mutex_unlock(&ks_store_mu);
      ks_resp_err(resp, &e);
      goto done;
    }
    json_t *out = scale_of(r, res);
    json_decref(res);
    pthread_mutex_unlock(&ks_store_mu);
    ks_resp_json(resp, 200, out);
    goto done;
  }
  json_t *res = NULL;
  int code = 200;
  if (!strcmp(m, "PUT")) {
    res = ks_obj_update(r, ns, name, body, &o, &e);
  } else if (!strcmp(m, "PATCH")) {
    const char *ct = h(req, "Content-Type");
    if (ct && strstr(ct, "apply-patch")) {
      if (!q(req, "fieldManager")) {
        pthread_mutex_unlock(&ks_store_mu);
        ks_err_set(&e, 400, "BadRequest", "PATCH %s: fieldManager is required for apply requests", req->path);
        ks_resp_err(resp, &e);
        goto done;
      }
      int existed = cur != NULL;
      res = ks_apply(r, ns, name, body, &o, &e);
      if (res && !existed) code = 201;
    } else if (!cur) {
      ks_err_not_found(&e, r, name);
    } else {
      json_t *merged = apply_patch(req, cur, body, err, sizeof err);
      if (!merged) {
        ks_err_set(&e, 422, "Invalid", "%s", err);
      } else {
        res = ks_obj_update(r, ns, name, merged, &o, &e);
        json_decref(merged);
      }
    }
  } else {
    pthread_mutex_unlock(&ks_store_mu);
    method_not_allowed(resp);
    goto done;
  }
  pthread_mutex_unlock(&ks_store_mu);
  if (!res) {
    ks_resp_err(resp, &e);
    goto done;
  }
  ks_resp_json(resp, code, res);
done:
  json_decref(body);
  free(manager);
  ks_err_clear(&e);
}

static void handle_create(const ks_request *req, const ks_resource *r, const char *ns, ks_response *resp) {
  char err[512] = "";
  json_t *body = parse_body(req, err, sizeof err);
  if (!body) {
    bad_request(resp, err);
    return;
  }
  char *manager = default_manager(req);
  ks_write_opts o = {.dry_run = dry_run(req), .field_manager = manager, .operation = "Update"};
  ks_err e = {0};
  pthread_mutex_lock(&ks_store_mu);
  json_t *res = ks_obj_create(r, ns, body, &o, &e);
  pthread_mutex_unlock(&ks_store_mu);
  if (res)
    ks_resp_json(resp, 201, res);
  else
    ks_resp_err(resp, &e);
  ks_err_clear(&e);
  free(manager);
  json_decref(body);
}

static void handle_delete_collection(const ks_request *req, const ks_resource *r, const char *ns, ks_response *resp) {
  char err[512] = "";
  ks_selector *sel = ks_selector_parse(q(req, "labelSelector"), q(req, "fieldSelector"), err, sizeof err);
  if (!sel) {
    bad_request(resp, err);
    return;
  }
  list_ctx c = {sel, json_array()};
  pthread_mutex_lock(&ks_store_mu);
  ks_store_each(r, ns, list_cb, &c);
  size_t i;
  json_t *o;
  json_t *deleted = json_array();
  json_array_foreach(c.items, i, o) {
    ks_err e = {0};
    json_t *d = ks_obj_delete(r, ks_jstr(o, "metadata.namespace"), ks_jstr(o, "metadata.name"),
                              q(req, "propagationPolicy"), NULL, dry_run(req), &e);
    if (d) json_array_append_new(deleted, d);
    ks_err_clear(&e);
  }
  char rvs[32];
  snprintf(rvs, sizeof rvs, "%llu", (unsigned long long)ks_store_rv());
  pthread_mutex_unlock(&ks_store_mu);
  json_decref(c.items);
  ks_selector_free(sel);
  char *gv = gv_of(r);
  ks_resp_json(resp, 200,
               json_pack("{s:s, s:s, s:{s:s}, s:o}", "kind", r->list_kind, "apiVersion", gv, "metadata",
                         "resourceVersion", rvs, "items", deleted));
  free(gv);
}

/* ---- routing ---- */
static size_t split(const char *path, char segs[][256], size_t max) {
  size_t n = 0;
  const char *p = path;
  while (*p && n < max) {
    while (*p == '/') p++;
    if (!*p) break;
    const char *e = strchr(p, '/');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len >= 256) len = 255;
    memcpy(segs[n], p, len);
    segs[n][len] = 0;
    n++;
    p += e ? (size_t)(e - p) : strlen(p);
  }
  return n;
}

static void openapi_v2(const ks_request *req, ks_response *resp) {
  const char *a = h(req, "Accept");
  if (a && strstr(a, "protobuf")) {
    /* an empty protobuf message is a valid (empty) openapi_v2.Document */
    resp->code = 200;
    resp->body = strdup("");
    resp->body_len = 0;
    resp->content_type = "application/octet-stream";
    return;
  }
  ks_resp_json(resp, 200,
               json_pack("{s:s, s:{s:s, s:s}, s:{}, s:{}}", "swagger", "2.0", "info", "title", "Kubernetes", "version",
                         "v1.30.0", "paths", "definitions"));
}

void ks_api_handle(const ks_request *req, ks_response *resp) {
  char segs[10][256];
  size_t n = split(req->path, segs, 10);
  if (n == 0) {
    ks_resp_json(resp, 200, json_pack("{s:[s,s,s,s,s]}", "paths", "/api", "/api/v1", "/apis", "/version", "/openapi/v2"));
    return;
  }
  if (!strcmp(segs[0], "version") && n == 1) {
    ks_resp_json(resp, 200, ks_version_doc());
    return;
  }
  if (!strcmp(segs[0], "openapi")) {
    if (n == 2 && !strcmp(segs[1], "v2")) {
      openapi_v2(req, resp);
      return;
    }
    not_found_path(resp);
    return;
  }
  const char *group = NULL, *version = NULL;
  size_t base;
  if (!strcmp(segs[0], "api")) {
    if (n == 1) {
      ks_resp_json(resp, 200, ks_discovery_api());
      return;
    }
    group = "";
    version = segs[1];
    base = 2;
  } else if (!strcmp(segs[0], "apis")) {
    if (n == 1) {
      ks_resp_json(resp, 200, ks_discovery_apis());
      return;
    }
    if (n == 2) {
      json_t *all = ks_discovery_apis();
      size_t i;
      json_t *g, *found = NULL;
      json_array_foreach(json_object_get(all, "groups"), i, g) {
        if (!strcmp(ks_jstr(g, "name"), segs[1])) found = g;
      }
      if (found) {
        json_t *doc = json_deep_copy(found);
        json_object_set_new(doc, "kind", json_string("APIGroup"));
        json_object_set_new(doc, "apiVersion", json_string("v1"));
        ks_resp_json(resp, 200, doc);
      } else {
        not_found_path(resp);
      }
      json_decref(all);
      return;
    }
    group = segs[1];
    version = segs[2];
    base = 3;
  } else {
    not_found_path(resp);
    return;
  }
  if (n == base) {
    json_t *doc = ks_discovery_resource_list(group, version);
    if (doc)
      ks_resp_json(resp, 200, doc);
    else
      not_found_path(resp);
    return;
  }
  const char *ns = NULL;
  size_t i = base;
  if (!strcmp(segs[i], "namespaces") && n - i >= 3 &&
      !(n - i == 3 && (!strcmp(segs[i + 2], "status") || !strcmp(segs[i + 2], "finalize")))) {
    ns = segs[i + 1];
    i += 2;
  }
  const ks_resource *r = ks_resource_find(group, version, segs[i]);
  if (!r) {
    not_found_path(resp);
    return;
  }
  if (ns && !r->namespaced) {
    /* /api/v1/namespaces/NAME/status or /finalize */
    if (!strcmp(r->plural, "namespaces")) {
      /* unreachable: namespaces is matched by segs[base] */
    }
    not_found_path(resp);
    return;
  }
  const char *name = i + 1 < n ? segs[i + 1] : NULL;
  const char *sub = i + 2 < n ? segs[i + 2] : NULL;
  if (i + 3 < n) {
    not_found_path(resp);
    return;
  }
  /* namespaces/NAME/status|finalize */
  if (!name) {
    if (!strcmp(req->method, "GET"))
      handle_list(req, r, ns, resp);
    else if (!strcmp(req->method, "POST"))
      handle_create(req, r, ns, resp);
    else if (!strcmp(req->method, "DELETE"))
      handle_delete_collection(req, r, ns, resp);
    else
      method_not_allowed(resp);
    return;
  }
  if (!strcmp(req->method, "POST")) {
    method_not_allowed(resp);
    return;
  }
  if (r->namespaced && !ns) {
    not_found_path(resp);
    return;
  }
  handle_object(req, r, ns, name, sub, resp);
}
