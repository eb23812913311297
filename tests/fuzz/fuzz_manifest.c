/* fuzz_manifest.c — libFuzzer target: the release side's readers — rendered manifests and
 * kubeconfig YAML to JSON, and release records (base64 + gzip + JSON). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube/kube.h"
#include "storage/storage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_t *docs = NULL;
  if (ct_kube_yaml_to_json(&docs, (const char *)data, size) == 0) {
    size_t i;
    json_t *o;
    char why[128];
    json_array_foreach(docs, i, o) (void)ct_kube_readiness(o, why, sizeof why);
    json_decref(docs);
  }
  json_t *rel = NULL;
  if (ct_release_decode((const char *)data, size, &rel) == 0) json_decref(rel);
  return 0;
}
