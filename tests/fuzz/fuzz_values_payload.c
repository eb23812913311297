/* fuzz_values_payload.c — libFuzzer target: the decoder of a values tree as the parse cache
 * keeps it (codec/values_cache.c) on arbitrary bytes, read from an exact-size copy that lives
 * as long as the tree (its strings stay in it); every payload it accepts must encode back to
 * the same bytes (the format has one spelling), and a refused one must leave nothing
 * allocated. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/codec_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *copy = malloc(size ? size : 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  ct_arena *a = ct_arena_new();
  size_t before = ct_arena_used(a);
  ct_value *v = NULL;
  if (ct_codec__values_decode(&v, a, copy, size)) {
    if (!v || v->type != CT_MAP) abort();
    ct_buf b = CT_BUF_INIT;
    if (!ct_codec__values_encode(&b, v)) abort();
    if (b.len != size || memcmp(b.ptr, data, size)) abort();
    ct_buf_dispose(&b);
  } else if (ct_arena_used(a) != before) {
    abort();
  }
  ct_arena_free(a);
  free(copy);
  return 0;
}
