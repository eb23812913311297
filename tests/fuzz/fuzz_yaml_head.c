/* fuzz_yaml_head.c — libFuzzer target: the manifest head reader (yaml_head.c) against the
 * whole-document decoder: whenever the head reader answers, the decoder must accept the text
 * and give the same apiVersion, kind, name and annotations. */
#include <stdlib.h>

#include "../unit/codec/yaml_head_ref.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  /* the head reader, like every caller of the YAML readers, is given NUL-terminated text */
  char *src = malloc(size + 1);
  if (!src) return 0;
  memcpy(src, data, size);
  src[size] = 0;
  if (head_differs(src, size) < 0) abort();
  free(src);
  return 0;
}
