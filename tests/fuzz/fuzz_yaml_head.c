/* fuzz_yaml_head.c — libFuzzer target: the manifest head reader (yaml_head.c) against the
 * whole-document decoder: whenever the head reader answers, the decoder must accept the text
 * and give the same apiVersion, kind, name and annotations. */
#include <stdlib.h>

#include "../unit/codec/yaml_head_ref.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  /* manifest documents reach the head reader as spans of the rendered text, with no NUL
   * after them: an exact-size copy lets AddressSanitizer catch any read past the end */
  char *src = malloc(size ? size : 1);
  if (!src) return 0;
  if (size) memcpy(src, data, size);
  /* prune from depth 4 (the shallowest that keeps the head), 5 (the default) or 6 */
  ct_codec__yaml_head_prune_depth = 4 + (int)(size % 3);
  if (head_differs(src, size) < 0) abort();
  free(src);
  return 0;
}
