/* fuzz_strvals.c — libFuzzer target: the --set family parser. The first byte picks the mode
 * (--set, --set-string, --set-json, --set-literal, --set-file with an in-memory reader). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/errors.h"
#include "chartctl/values.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int mem_reader(ct_value **out, ct_arena *a, const char *path, void *udata) {
  (void)udata;
  *out = ct_cstring(a, path); /* no file access while fuzzing */
  return CT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  static const ct_strvals_mode modes[] = {CT_STRVALS_SET, CT_STRVALS_STRING, CT_STRVALS_JSON,
                                          CT_STRVALS_LITERAL, CT_STRVALS_FILE};
  ct_strvals_mode mode = modes[data[0] % 5];
  char *s = malloc(size);
  if (!s) return 0;
  memcpy(s, data + 1, size - 1);
  s[size - 1] = 0; /* flag values are C strings */
  ct_arena *a = ct_arena_new();
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  (void)ct_strvals_parse(m, a, s, mode, mode == CT_STRVALS_FILE ? mem_reader : NULL, NULL);
  /* a second flag into the same map exercises ParseInto over existing values */
  (void)ct_strvals_parse(m, a, s, CT_STRVALS_SET, NULL, NULL);
  ct_arena_free(a);
  free(s);
  ct_error_clear();
  return 0;
}
