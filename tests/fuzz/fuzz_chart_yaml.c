/* fuzz_chart_yaml.c — libFuzzer target: Chart.yaml decoding and Metadata validation
 * (ct_chart_parse_metadata) on arbitrary bytes; must never crash or leak. */
#include <stddef.h>
#include <stdint.h>

#include "chartctl/chart.h"
#include "chartctl/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ct_arena *a = ct_arena_new();
  ct_chart_metadata md;
  (void)ct_chart_parse_metadata(&md, a, (const char *)data, size);
  ct_arena_free(a);
  ct_error_clear();
  return 0;
}
