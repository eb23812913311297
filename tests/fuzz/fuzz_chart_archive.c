/* fuzz_chart_archive.c — libFuzzer target: the .tgz chart loader (targz.c's gzip/tar
 * reading, Helm's path checks, LoadFiles classification, nested subchart archives) on
 * arbitrary bytes; the archive cache's payload decoder on the same bytes, and the files of
 * every archive that loads through the payload and back, which must give them unchanged. The
 * cache itself stays off: nothing is written. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_int.h"
#include "chartctl/chart.h"
#include "chartctl/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_files(const ct_chart__blist *x, const ct_chart__blist *y) {
  if (x->len != y->len || x->total != y->total) return false;
  for (size_t i = 0; i < x->len; i++)
    if (strcmp(x->v[i].name, y->v[i].name) || x->v[i].len != y->v[i].len ||
        memcmp(x->v[i].data, y->v[i].data, x->v[i].len + 1))
      return false;
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  ct_chart *c = NULL;
  if (ct_chart_load_archive_mem(&c, data, size) == CT_OK) ct_chart_free(c);
  ct_error_clear();
  ct_arena *a = ct_arena_new();
  ct_chart__blist files = {0}, back = {0}, any = {0};
  if (ct_chart__archive_files(&files, a, data, size) == CT_OK) {
    ct_buf b = CT_BUF_INIT;
    ct_chart__archive_to_entry(&b, &files);
    const unsigned char *p = (const unsigned char *)b.ptr;
    if (!ct_chart__archive_from_entry(&back, a, p, p + b.len) || !same_files(&files, &back))
      abort();
    ct_buf_dispose(&b);
  }
  ct_error_clear();
  ct_chart__archive_from_entry(&any, a, data, data + size);
  ct_arena_free(a);
  return 0;
}
