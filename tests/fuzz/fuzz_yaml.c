/* fuzz_yaml.c — libFuzzer target: the values YAML reader (sigs.k8s.io/yaml rules, anchors,
 * merges) and, on success, the toYaml emitter and JSON emitter on what it read. */
#include <stddef.h>
#include <stdint.h>

#include "chartctl/codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ct_arena *a = ct_arena_new();
  ct_arena_set_limit(a, (size_t)256 << 20);
  ct_buf err = CT_BUF_INIT, out = CT_BUF_INIT;
  ct_value *v = NULL;
  if (ct_yaml_parse_any(&v, a, (const char *)data, size, &err) == 0) {
    (void)ct_yaml_emit(&out, v, &err);
    ct_buf_reset(&out);
    (void)ct_json_emit(&out, v, NULL, true, &err);
  }
  ct_buf_dispose(&err);
  ct_buf_dispose(&out);
  ct_arena_free(a);
  return 0;
}
