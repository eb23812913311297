/* fuzz_yaml.c — libFuzzer target: the values YAML reader (sigs.k8s.io/yaml rules, anchors,
 * merges) and, on success, the toYaml and toYamlPretty emitters and the JSON emitter on what
 * it read. The emitters' whole-value paths must write what their character-by-character
 * reference paths write (ct_codec__emit_reference); any difference aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "codec/codec_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void emit_twice(const ct_value *v, bool v3) {
  ct_buf fast = CT_BUF_INIT, ref = CT_BUF_INIT, err = CT_BUF_INIT;
  ct_codec__emit_reference = false;
  int rf = v3 ? ct_yaml_emit_v3(&fast, v, &err) : ct_yaml_emit(&fast, v, &err);
  ct_codec__emit_reference = true;
  int rr = v3 ? ct_yaml_emit_v3(&ref, v, &err) : ct_yaml_emit(&ref, v, &err);
  ct_codec__emit_reference = false;
  if (rf != rr || fast.len != ref.len || (fast.len && memcmp(fast.ptr, ref.ptr, fast.len) != 0)) {
    fprintf(stderr, "v3 %d: fast (%d)\n%s\nreference (%d)\n%s\n", v3, rf, ct_buf_str(&fast), rr,
            ct_buf_str(&ref));
    abort();
  }
  ct_buf_dispose(&fast);
  ct_buf_dispose(&ref);
  ct_buf_dispose(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ct_arena *a = ct_arena_new();
  ct_arena_set_limit(a, (size_t)256 << 20);
  ct_buf err = CT_BUF_INIT, out = CT_BUF_INIT;
  ct_value *v = NULL;
  if (ct_yaml_parse_any(&v, a, (const char *)data, size, &err) == 0) {
    emit_twice(v, false);
    emit_twice(v, true);
    (void)ct_json_emit(&out, v, NULL, true, &err);
  }
  ct_buf_dispose(&err);
  ct_buf_dispose(&out);
  ct_arena_free(a);
  return 0;
}
