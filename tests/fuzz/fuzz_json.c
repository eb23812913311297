/* fuzz_json.c — libFuzzer target: encoding/json-compatible JSON reading (values.schema.json,
 * --set-json, fromJson) and re-emitting. */
#include <stddef.h>
#include <stdint.h>

#include "chartctl/codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT, out = CT_BUF_INIT;
  ct_value *v = NULL;
  if (ct_json_parse(&v, a, (const char *)data, size, &err) == 0) (void)ct_json_emit(&out, v, "  ", false, &err);
  ct_buf_dispose(&err);
  ct_buf_dispose(&out);
  ct_arena_free(a);
  return 0;
}
