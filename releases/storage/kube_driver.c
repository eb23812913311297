/* kube_driver.c — the Secret and ConfigMap drivers: one object per revision named
 * sh.helm.release.v1.NAME.vN with Helm's labels, as pkg/storage/driver/secrets.go. */
#include "chartctl/dl_curl.h"
#include "chartctl/dl_crypto.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chartctl/errors.h"
#include "storage/storage.h"

typedef struct kstore {
  ct_store base;
  ct_kube *kube;
  char *ns;
  bool secrets;
} kstore;

static const char *kind_path(const kstore *s) { return s->secrets ? "secrets" : "configmaps"; }

static void object_path(char *buf, size_t len, const kstore *s, const char *ns, const char *obj) {
  if (ns && *ns)
    snprintf(buf, len, "/api/v1/namespaces/%s/%s%s%s", ns, kind_path(s), obj ? "/" : "", obj ? obj : "");
  else
    snprintf(buf, len, "/api/v1/%s", kind_path(s));
}

static void key(char *buf, size_t len, const char *name, int version) {
  snprintf(buf, len, "sh.helm.release.v1.%s.v%d", name, version);
}

static int decode_object(const kstore *s, const json_t *obj, json_t **out) {
  const char *data = json_string_value(json_object_get(json_object_get(obj, "data"), "release"));
  if (!data) return ct_error_set(CT_EINVAL, "release: object %s has no release data",
                                 json_string_value(json_object_get(json_object_get(obj, "metadata"), "name")));
  if (!s->secrets) return ct_release_decode(data, strlen(data), out);
  /* Secret data is base64 of the record (which is base64 itself) */
  size_t n = strlen(data);
  unsigned char *inner = malloc(n / 4 * 3 + 4);
  int got = EVP_DecodeBlock(inner, (const unsigned char *)data, (int)n);
  if (got < 0) {
    free(inner);
    return ct_error_set(CT_EINVAL, "release: illegal base64 in secret data");
  }
  size_t pad = (n && data[n - 1] == '=') + (n > 1 && data[n - 2] == '=');
  int rc = ct_release_decode((const char *)inner, (size_t)got - pad, out);
  free(inner);
  return rc;
}

static int k_get(ct_store *base, const char *name, int version, json_t **out) {
  kstore *s = (kstore *)base;
  char k[512], path[1024];
  key(k, sizeof k, name, version);
  object_path(path, sizeof path, s, s->ns, k);
  long st;
  json_t *resp = NULL;
  int rc = ct_kube_request(s->kube, "GET", path, NULL, NULL, 0, &st, &resp);
  if (rc) return rc;
  if (st == 404) {
    json_decref(resp);
    return ct_error_set(CT_ENOTFOUND, "release: not found");
  }
  if (st != 200) {
    rc = ct_kube_status_error(st, resp);
    json_decref(resp);
    return rc;
  }
  rc = decode_object(s, resp, out);
  json_decref(resp);
  return rc;
}

static int k_query(ct_store *base, const char *name, json_t **out) {
  kstore *s = (kstore *)base;
  char path[1024], sel[512];
  object_path(path, sizeof path, s, s->ns, NULL);
  snprintf(sel, sizeof sel, "owner=helm%s%s", name ? ",name=" : "", name ? name : "");
  char *esc = curl_easy_escape(NULL, sel, 0);
  size_t l = strlen(path);
  snprintf(path + l, sizeof path - l, "?labelSelector=%s", esc);
  curl_free(esc);
  long st;
  json_t *resp = NULL;
  int rc = ct_kube_request(s->kube, "GET", path, NULL, NULL, 0, &st, &resp);
  if (rc) return rc;
  if (st != 200) {
    rc = ct_kube_status_error(st, resp);
    json_decref(resp);
    return rc;
  }
  json_t *arr = json_array();
  size_t i;
  json_t *item;
  json_array_foreach(json_object_get(resp, "items"), i, item) {
    json_t *rel;
    if (decode_object(s, item, &rel) == CT_OK) json_array_append_new(arr, rel);
    /* a corrupt record is skipped as Helm does (it logs and continues) */
  }
  json_decref(resp);
  *out = arr;
  return CT_OK;
}

static json_t *make_object(const kstore *s, const json_t *rel, const char *time_label, int *rc) {
  char *enc;
  if ((*rc = ct_release_encode(rel, &enc))) return NULL;
  char *data = enc;
  if (s->secrets) {
    size_t n = strlen(enc);
    data = malloc(4 * ((n + 2) / 3) + 1);
    EVP_EncodeBlock((unsigned char *)data, (const unsigned char *)enc, (int)n);
    free(enc);
  }
  char k[512], ver[32], now[32];
  key(k, sizeof k, ct_release_name(rel), ct_release_version(rel));
  snprintf(ver, sizeof ver, "%d", ct_release_version(rel));
  snprintf(now, sizeof now, "%lld", (long long)time(NULL));
  const char *ns = json_string_value(json_object_get(rel, "namespace"));
  json_t *labels = json_pack("{s:s,s:s,s:s,s:s,s:s}", "name", ct_release_name(rel), "owner", "helm", "status",
                             ct_release_status(rel), "version", ver, time_label, now);
  json_t *obj = json_pack("{s:s,s:s,s:{s:s,s:s,s:o},s:{s:s}}", "apiVersion", "v1", "kind",
                          s->secrets ? "Secret" : "ConfigMap", "metadata", "name", k, "namespace",
                          ns && *ns ? ns : s->ns, "labels", labels, "data", "release", data);
  if (s->secrets) json_object_set_new(obj, "type", json_string("helm.sh/release.v1"));
  free(data);
  return obj;
}

/* Writes REL's object: POST (create) or PUT (update), with Helm's answers for 409/404. */
static int write_object(kstore *s, const json_t *rel, bool create) {
  int rc;
  json_t *obj = make_object(s, rel, create ? "createdAt" : "modifiedAt", &rc);
  if (!obj) return rc;
  char path[1024];
  const json_t *meta = json_object_get(obj, "metadata");
  object_path(path, sizeof path, s, json_string_value(json_object_get(meta, "namespace")),
              create ? NULL : json_string_value(json_object_get(meta, "name")));
  char *body = json_dumps(obj, JSON_COMPACT);
  json_decref(obj);
  long st;
  json_t *resp = NULL;
  rc = ct_kube_request(s->kube, create ? "POST" : "PUT", path, "application/json", body, strlen(body), &st, &resp);
  free(body);
  if (rc) return rc;
  if (create && st == 409) rc = ct_error_set(CT_EEXIST, "release: already exists");
  else if (!create && st == 404) rc = ct_error_set(CT_ENOTFOUND, "release: not found");
  else if (st < 200 || st >= 300) rc = ct_kube_status_error(st, resp);
  json_decref(resp);
  return rc;
}

static int k_create(ct_store *base, const json_t *rel) { return write_object((kstore *)base, rel, true); }
static int k_update(ct_store *base, const json_t *rel) { return write_object((kstore *)base, rel, false); }

static int k_remove(ct_store *base, const char *name, int version) {
  kstore *s = (kstore *)base;
  char k[512], path[1024];
  key(k, sizeof k, name, version);
  object_path(path, sizeof path, s, s->ns, k);
  long st;
  json_t *resp = NULL;
  int rc = ct_kube_request(s->kube, "DELETE", path, NULL, NULL, 0, &st, &resp);
  if (rc) return rc;
  if (st == 404) rc = ct_error_set(CT_ENOTFOUND, "release: not found");
  else if (st < 200 || st >= 300) rc = ct_kube_status_error(st, resp);
  json_decref(resp);
  return rc;
}

static void k_free(ct_store *base) {
  kstore *s = (kstore *)base;
  free(s->ns);
  free(s);
}

static const ct_store_ops secret_ops = {"Secret", k_get, k_query, k_create, k_update, k_remove, k_free};
static const ct_store_ops cm_ops = {"ConfigMap", k_get, k_query, k_create, k_update, k_remove, k_free};

static ct_store *make(ct_kube *k, const char *ns, bool secrets) {
  kstore *s = calloc(1, sizeof *s);
  s->base.ops = secrets ? &secret_ops : &cm_ops;
  s->kube = k;
  s->ns = strdup(ns ? ns : "");
  s->secrets = secrets;
  return &s->base;
}

ct_store *ct_store_secrets(ct_kube *k, const char *ns) { return make(k, ns, true); }
ct_store *ct_store_configmaps(ct_kube *k, const char *ns) { return make(k, ns, false); }
