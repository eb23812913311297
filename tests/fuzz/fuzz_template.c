/* fuzz_template.c — libFuzzer target: Go text/template lexing, parsing and (bounded)
 * execution of arbitrary template text with the whole Sprig table; must never crash. The
 * text is parsed a second time, two lines further down, under another name: its
 * definitions then share the first parse's trees (positions shifted), and that copy runs
 * too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/sprig.h"
#include "chartctl/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = 0;
  ct_tpl_set *s = ct_tpl_set_new();
  size_t nf;
  const ct_func *funcs = ct_sprig_funcs(&nf);
  ct_tpl_set_funcs(s, funcs, nf);
  ct_buf err = CT_BUF_INIT, out = CT_BUF_INIT;
  if (ct_tpl_parse(s, "fuzz", text, size, &err) == 0) {
    ct_arena *a = ct_arena_new();
    ct_arena_set_limit(a, (size_t)64 << 20);
    ct_value *dot = ct_map_new(a, CT_MAP, 0);
    ct_map_setc(a, dot, "Values", ct_map_new(a, CT_MAP, 0));
    ct_exec_opts o = {.arena = a, .max_depth = 200};
    ct_buf_reset(&err);
    (void)ct_tpl_execute(s, "fuzz", dot, &out, &o, &err);
    char *again = malloc(size + 3);
    if (again) {
      memcpy(again, "\n\n", 2);
      memcpy(again + 2, data, size);
      again[size + 2] = 0;
      ct_buf_reset(&err);
      if (ct_tpl_parse(s, "fuzz2", again, size + 2, &err) == 0) {
        ct_buf_reset(&out);
        ct_buf_reset(&err);
        (void)ct_tpl_execute(s, "fuzz2", dot, &out, &o, &err);
      }
    }
    ct_arena_free(a);
    ct_tpl_set_free(s);
    s = NULL;
    free(again);
  }
  ct_buf_dispose(&err);
  ct_buf_dispose(&out);
  ct_tpl_set_free(s);
  free(text);
  return 0;
}
