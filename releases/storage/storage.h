/* storage.h — release records as Helm keeps them: the record codec (JSON → gzip → base64),
 * and drivers (Secrets, ConfigMaps, memory) behind one vtable, as Helm's pkg/storage. */
#ifndef CT_STORAGE_H
#define CT_STORAGE_H

#include <jansson.h>
#include <stdbool.h>

#include "kube/kube.h"

/* A release is a json_t object in Helm's JSON form: name, namespace, version, config,
 * manifest, hooks, info{first_deployed,last_deployed,deleted,description,status,notes},
 * chart{metadata,lock,templates,values,schema,files}. */

/* A deep copy of V with integral reals written as integers, as encoding/json prints a float64
 * (2, not 2.0; below 1e21). */
json_t *ct_json_go_numbers(const json_t *v);

/* base64(gzip(json)) as Helm's storage/driver/util.go encodeRelease. Heap string. */
int ct_release_encode(const json_t *rel, char **out);
/* Accepts gzip'd or plain JSON under the base64. */
int ct_release_decode(const char *b64, size_t len, json_t **out);

typedef struct ct_store ct_store;
typedef struct ct_store_ops {
  const char *name; /* "Secret", "ConfigMap", "Memory" (Helm's driver names) */
  /* One record; CT_ENOTFOUND with Helm's "release: not found" when absent. */
  int (*get)(ct_store *s, const char *name, int version, json_t **out);
  /* Every record (NAME NULL) or every record of NAME, as an array (unordered). */
  int (*query)(ct_store *s, const char *name, json_t **out);
  /* CT_EEXIST when the record already exists ("release: already exists"). */
  int (*create)(ct_store *s, const json_t *rel);
  int (*update)(ct_store *s, const json_t *rel);
  int (*remove)(ct_store *s, const char *name, int version);
  void (*free)(ct_store *s);
} ct_store_ops;

struct ct_store {
  const ct_store_ops *ops;
};

/* NS: the release namespace; "" lists across all namespaces (helm list -A). */
ct_store *ct_store_secrets(ct_kube *k, const char *ns);
ct_store *ct_store_configmaps(ct_kube *k, const char *ns);
ct_store *ct_store_memory(void);
/* HELM_DRIVER semantics: "secret"/"secrets"/"" , "configmap"/"configmaps", "memory". */
ct_store *ct_store_open(const char *driver, ct_kube *k, const char *ns);
void ct_store_free(ct_store *s);

/* ---- queries built on the driver ---- */
/* All revisions of NAME sorted by version ascending (empty array when none). */
int ct_store_history(ct_store *s, const char *name, json_t **out);
/* Highest revision of NAME; CT_ENOTFOUND when none. Borrowed from nothing: caller owns. */
int ct_store_last(ct_store *s, const char *name, json_t **out);
/* Highest revision whose status is deployed; CT_ENOTFOUND when none. */
int ct_store_deployed(ct_store *s, const char *name, json_t **out);

/* ---- record fields ---- */
const char *ct_release_name(const json_t *rel);
int ct_release_version(const json_t *rel);
const char *ct_release_status(const json_t *rel);
void ct_release_set_status(json_t *rel, const char *status, const char *description);
/* RFC 3339 with nanoseconds in UTC as Go writes time.Time ("2024-05-01T10:00:00.123456789Z"). */
void ct_release_now(char *buf, size_t len);

#endif
