/* canon.h — test helper for the values tests: a compact, deterministic text form of a value
 * (sorted keys; strings quoted; ints bare; floats with %g and a trailing 'f'). */
#ifndef CT_TEST_CANON_H
#define CT_TEST_CANON_H

#include <stdio.h>
#include <string.h>

#include "chartctl/buf.h"
#include "chartctl/value.h"

static void canon_put(ct_arena *a, ct_buf *b, const ct_value *v) {
  if (!v) { ct_buf_puts(b, "null"); return; }
  switch (v->type) {
  case CT_BOOL: ct_buf_puts(b, v->b ? "true" : "false"); return;
  case CT_INT: case CT_INT64: case CT_INT32: ct_buf_printf(b, "%lld", (long long)v->i); return;
  case CT_UINT8: case CT_UINT: case CT_UINT64: ct_buf_printf(b, "%llu", (unsigned long long)v->u); return;
  case CT_FLOAT64: ct_buf_printf(b, "%gf", v->f); return;
  case CT_STRING: case CT_BYTES: ct_buf_putc(b, '"'); ct_buf_put(b, v->s.ptr, v->s.len); ct_buf_putc(b, '"'); return;
  case CT_LIST: case CT_STRLIST:
    ct_buf_putc(b, '[');
    for (size_t i = 0; i < v->list->len; i++) {
      if (i) ct_buf_putc(b, ',');
      canon_put(a, b, v->list->items[i]);
    }
    ct_buf_putc(b, ']');
    return;
  case CT_MAP: case CT_STRMAP: {
    size_t n;
    const ct_map_entry *e = ct_map_sorted(a, v, &n);
    ct_buf_putc(b, '{');
    for (size_t i = 0; i < n; i++) {
      if (i) ct_buf_putc(b, ',');
      ct_buf_put(b, e[i].key.ptr, e[i].key.len);
      ct_buf_putc(b, ':');
      canon_put(a, b, e[i].value);
    }
    ct_buf_putc(b, '}');
    return;
  }
  default: ct_buf_puts(b, "<obj>"); return;
  }
}

/* the canonical text, allocated in A */
__attribute__((unused)) static const char *canon(ct_arena *a, const ct_value *v) {
  ct_buf b = CT_BUF_INIT;
  canon_put(a, &b, v);
  char *s = ct_arena_strdup(a, ct_buf_str(&b));
  ct_buf_dispose(&b);
  return s;
}

#endif
