/* fuzz_chart_archive.c — libFuzzer target: the .tgz chart loader (targz.c's gzip/tar
 * reading, Helm's path checks, LoadFiles classification, nested subchart archives) on
 * arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "chartctl/chart.h"
#include "chartctl/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ct_chart *c = NULL;
  if (ct_chart_load_archive_mem(&c, data, size) == CT_OK) ct_chart_free(c);
  ct_error_clear();
  return 0;
}
