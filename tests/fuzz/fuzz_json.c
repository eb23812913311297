/* fuzz_json.c — libFuzzer target: encoding/json-compatible JSON reading (values.schema.json,
 * --set-json, fromJson) and re-emitting. Every input is read twice, by the reader's fast paths
 * (strings where they lie, runs found eight bytes at a time) and by its byte-by-byte reference
 * paths (ct_codec__json_reference): the outcome, the error and the re-emitted text must agree. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "codec/codec_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int read_emit(const uint8_t *data, size_t size, bool reference, ct_buf *out) {
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT;
  ct_value *v = NULL;
  ct_codec__json_reference = reference;
  int rc = ct_json_parse(&v, a, (const char *)data, size, &err);
  ct_codec__json_reference = false;
  if (rc == 0)
    rc = ct_json_emit(out, v, "  ", false, &err) == 0 ? 0 : 1;
  else
    ct_buf_put(out, err.ptr, err.len);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ct_buf fast = CT_BUF_INIT, ref = CT_BUF_INIT;
  int rf = read_emit(data, size, false, &fast), rr = read_emit(data, size, true, &ref);
  if (rf != rr || fast.len != ref.len || (fast.len && memcmp(fast.ptr, ref.ptr, fast.len) != 0)) {
    fprintf(stderr, "fast (%d): %s\nreference (%d): %s\n", rf, ct_buf_str(&fast), rr,
            ct_buf_str(&ref));
    abort();
  }
  ct_buf_dispose(&fast);
  ct_buf_dispose(&ref);
  return 0;
}
