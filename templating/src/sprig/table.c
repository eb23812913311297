/* table.c — assembles the Sprig + Helm-offline function table from the family tables. */
#include <stdlib.h>
#include <string.h>

#include "sprig/sprig_int.h"

static ct_func *table;
static size_t table_len;

const ct_func *ct_sprig_funcs(size_t *n) {
  if (!table) {
    size_t total = 0, k;
#define COUNT(f) ct_sprig__##f(&k), total += k;
    CT_SPRIG_FAMILIES(COUNT)
#undef COUNT
    ct_func *t = calloc(total ? total : 1, sizeof *t);
    if (!t) abort();
    size_t at = 0;
#define COPY(f)                                                                            \
  {                                                                                        \
    const ct_func *p = ct_sprig__##f(&k);                                                  \
    memcpy(t + at, p, k * sizeof *t);                                                      \
    at += k;                                                                               \
  }
    CT_SPRIG_FAMILIES(COPY)
#undef COPY
    table = t;
    table_len = at;
  }
  *n = table_len;
  return table;
}

static const ct_func_direct direct[] = {
    {"toYaml", ct_sprig__p_to_yaml, NULL},
    {"indent", NULL, ct_sprig__d_indent},
    {"nindent", NULL, ct_sprig__d_nindent},
    {"sha256sum", NULL, ct_sprig__d_sha256},
};

const ct_func_direct *ct_sprig_direct(size_t *n) {
  *n = sizeof direct / sizeof direct[0];
  return direct;
}
