/* kubesim: persistence — the whole store (objects + resourceVersion counter) as one JSON
 * file DIR/state.json, written tmp+rename; loaded at start (CRDs re-registered). */
#include "ks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void collect(const char *key, json_t *obj, void *ud) {
  (void)key;
  json_array_append((json_t *)ud, obj);
}

int ks_persist_save(const char *dir) {
  char path[1200];
  snprintf(path, sizeof path, "%s/state.json", dir);
  pthread_mutex_lock(&ks_store_mu);
  json_t *objs = json_array();
  ks_store_each_all(collect, objs);
  json_t *doc = json_pack("{s:i, s:I, s:o}", "version", 1, "resourceVersion", (json_int_t)ks_store_rv(), "objects", objs);
  char *text = json_dumps(doc, JSON_COMPACT);
  ks_store_clear_dirty();
  pthread_mutex_unlock(&ks_store_mu);
  json_decref(doc);
  if (!text) return -1;
  int rc = ks_write_file_atomic(path, text, strlen(text), 0600);
  free(text);
  if (rc) fprintf(stderr, "kubesim: cannot save %s\n", path);
  return rc;
}

int ks_persist_load(const char *dir) {
  char path[1200];
  snprintf(path, sizeof path, "%s/state.json", dir);
  json_error_t jerr;
  json_t *doc = json_load_file(path, 0, &jerr);
  if (!doc) return 0; /* fresh start */
  pthread_mutex_lock(&ks_store_mu);
  json_t *objs = json_object_get(doc, "objects");
  size_t i;
  json_t *o;
  /* CRDs first so their resources exist */
  for (int pass = 0; pass < 2; pass++) {
    json_array_foreach(objs, i, o) {
      int is_crd = !strcmp(ks_jstr(o, "kind") ? ks_jstr(o, "kind") : "", "CustomResourceDefinition");
      if (pass == 0 && !is_crd) continue;
      if (pass == 1 && is_crd) continue;
      const ks_resource *r = ks_resource_by_kind(ks_jstr(o, "apiVersion"), ks_jstr(o, "kind"));
      if (!r) {
        fprintf(stderr, "kubesim: skipping stored object of unknown kind %s\n", ks_jstr(o, "kind"));
        continue;
      }
      if (is_crd) ks_resource_crd_sync(o);
      const char *rv = ks_jstr(o, "metadata.resourceVersion");
      json_t *c = json_deep_copy(o);
      ks_store_put(r, c, 1);
      /* keep the stored resourceVersion */
      if (rv) json_object_set_new(json_object_get(c, "metadata"), "resourceVersion", json_string(rv));
    }
  }
  ks_store_set_rv((uint64_t)json_integer_value(json_object_get(doc, "resourceVersion")));
  ks_store_clear_events();
  ks_store_clear_dirty();
  pthread_mutex_unlock(&ks_store_mu);
  json_decref(doc);
  return 1;
}
