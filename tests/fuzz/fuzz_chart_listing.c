/* fuzz_chart_listing.c — libFuzzer target: the decoder of a chart directory's listings as the
 * parse cache keeps them (chart/listing.c) on arbitrary bytes, read from an exact-size copy;
 * every payload it accepts must encode back to the same bytes (the format has one spelling),
 * with names a directory can hold, sorted and distinct. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  unsigned char *copy = malloc(size ? size : 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  ct_arena *a = ct_arena_new();
  ct_chart__listing_dir *dirs = NULL;
  size_t n = 0;
  if (ct_chart__listing_decode(a, copy, copy + size, &dirs, &n)) {
    for (size_t i = 0; i < n; i++)
      for (size_t k = 0; k < dirs[i].n; k++) {
        const char *name = dirs[i].ents[k].name;
        if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) abort();
        if (k && strcmp(dirs[i].ents[k - 1].name, name) >= 0) abort();
      }
    ct_buf b = CT_BUF_INIT;
    ct_chart__listing_encode(&b, dirs, n);
    if (b.len != size || memcmp(b.ptr, data, size)) abort();
    ct_buf_dispose(&b);
  }
  ct_arena_free(a);
  free(copy);
  return 0;
}
