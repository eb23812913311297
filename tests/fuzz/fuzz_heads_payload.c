/* fuzz_heads_payload.c — libFuzzer target: the payload of a heads entry of the parse cache
 * (engine/manifests.c). The first byte is the number of documents the render has; the rest is
 * the payload. It must read without a crash, and what it reads must encode to the same bytes
 * (the format has one spelling per list of heads): a payload read back as other heads aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/buf.h"
#include "engine/engine_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  size_t n = data[0];
  ct_arena *a = ct_arena_new();
  ct_engine__doc_head *h = ct_arena_alloc(a, (n + 1) * sizeof *h);
  if (ct_engine__heads_decode(h, n, a, data + 1, size - 1)) {
    ct_buf b = CT_BUF_INIT;
    ct_engine__heads_encode(&b, h, n);
    if (b.len != size - 1 || memcmp(b.ptr, data + 1, b.len) != 0) {
      fprintf(stderr, "a heads payload read back as other heads\n");
      abort();
    }
    ct_buf_dispose(&b);
  }
  ct_arena_free(a);
  return 0;
}
