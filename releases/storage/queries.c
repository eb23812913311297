/* queries.c — what actions ask of any driver: history, latest revision, last deployed;
 * and choosing a driver by Helm's HELM_DRIVER names. */
#include <stdlib.h>
#include <string.h>

#include "chartctl/errors.h"
#include "storage/storage.h"

ct_store *ct_store_open(const char *driver, ct_kube *k, const char *ns) {
  if (!driver || !*driver || !strcmp(driver, "secret") || !strcmp(driver, "secrets")) return ct_store_secrets(k, ns);
  if (!strcmp(driver, "configmap") || !strcmp(driver, "configmaps")) return ct_store_configmaps(k, ns);
  if (!strcmp(driver, "memory")) return ct_store_memory();
  ct_error_set(CT_EINVAL, "unknown driver \"%s\"", driver);
  return NULL;
}

void ct_store_free(ct_store *s) {
  if (s) s->ops->free(s);
}

static int by_version(const void *a, const void *b) {
  int x = ct_release_version(*(json_t *const *)a), y = ct_release_version(*(json_t *const *)b);
  return (x > y) - (x < y);
}

int ct_store_history(ct_store *s, const char *name, json_t **out) {
  json_t *all;
  int rc = s->ops->query(s, name, &all);
  if (rc) return rc;
  size_t n = json_array_size(all);
  json_t **items = malloc((n ? n : 1) * sizeof *items);
  for (size_t i = 0; i < n; i++) items[i] = json_array_get(all, i);
  qsort(items, n, sizeof *items, by_version);
  json_t *sorted = json_array();
  for (size_t i = 0; i < n; i++) json_array_append(sorted, items[i]);
  free(items);
  json_decref(all);
  *out = sorted;
  return CT_OK;
}

static int pick(ct_store *s, const char *name, bool deployed_only, json_t **out) {
  json_t *h;
  int rc = ct_store_history(s, name, &h);
  if (rc) return rc;
  for (size_t i = json_array_size(h); i-- > 0;) {
    json_t *r = json_array_get(h, i);
    if (!deployed_only || !strcmp(ct_release_status(r), "deployed")) {
      *out = json_incref(r);
      json_decref(h);
      return CT_OK;
    }
  }
  json_decref(h);
  return ct_error_set(CT_ENOTFOUND, deployed_only ? "%s has no deployed releases" : "release: not found", name);
}

int ct_store_last(ct_store *s, const char *name, json_t **out) { return pick(s, name, false, out); }
int ct_store_deployed(ct_store *s, const char *name, json_t **out) { return pick(s, name, true, out); }
