/* memory.c — the in-memory driver (Helm's HELM_DRIVER=memory): records in a JSON object
 * keyed by the Secret name, for tests and dry runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/errors.h"
#include "storage/storage.h"

typedef struct mstore {
  ct_store base;
  json_t *records;
} mstore;

static void key(char *buf, size_t len, const char *name, int version) {
  snprintf(buf, len, "sh.helm.release.v1.%s.v%d", name, version);
}

static int m_get(ct_store *base, const char *name, int version, json_t **out) {
  mstore *s = (mstore *)base;
  char k[512];
  key(k, sizeof k, name, version);
  json_t *r = json_object_get(s->records, k);
  if (!r) return ct_error_set(CT_ENOTFOUND, "release: not found");
  *out = json_deep_copy(r);
  return CT_OK;
}

static int m_query(ct_store *base, const char *name, json_t **out) {
  mstore *s = (mstore *)base;
  json_t *arr = json_array();
  const char *k;
  json_t *r;
  json_object_foreach(s->records, k, r) {
    if (!name || strcmp(ct_release_name(r), name) == 0) json_array_append_new(arr, json_deep_copy(r));
  }
  *out = arr;
  return CT_OK;
}

static int m_create(ct_store *base, const json_t *rel) {
  mstore *s = (mstore *)base;
  char k[512];
  key(k, sizeof k, ct_release_name(rel), ct_release_version(rel));
  if (json_object_get(s->records, k)) return ct_error_set(CT_EEXIST, "release: already exists");
  json_object_set_new(s->records, k, json_deep_copy(rel));
  return CT_OK;
}

static int m_update(ct_store *base, const json_t *rel) {
  mstore *s = (mstore *)base;
  char k[512];
  key(k, sizeof k, ct_release_name(rel), ct_release_version(rel));
  if (!json_object_get(s->records, k)) return ct_error_set(CT_ENOTFOUND, "release: not found");
  json_object_set_new(s->records, k, json_deep_copy(rel));
  return CT_OK;
}

static int m_remove(ct_store *base, const char *name, int version) {
  mstore *s = (mstore *)base;
  char k[512];
  key(k, sizeof k, name, version);
  if (json_object_del(s->records, k)) return ct_error_set(CT_ENOTFOUND, "release: not found");
  return CT_OK;
}

static void m_free(ct_store *base) {
  mstore *s = (mstore *)base;
  json_decref(s->records);
  free(s);
}

static const ct_store_ops memory_ops = {"Memory", m_get, m_query, m_create, m_update, m_remove, m_free};

ct_store *ct_store_memory(void) {
  mstore *s = calloc(1, sizeof *s);
  s->base.ops = &memory_ops;
  s->records = json_object();
  return &s->base;
}
