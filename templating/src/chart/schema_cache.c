/* schema_cache.c — values that passed a chart's values.schema.json before, remembered in the
 * parse cache (kind CT_PCACHE_SCHEMA), so that a chart rendered again with the same values
 * skips parsing and walking its schema.
 *
 * Validation is a pure function of the schema's bytes and the values tree (local $refs only,
 * no clock, no network), so a success is a fact about those two. An entry's "texts" are the
 * schema and an exact encoding of the values (every type, Go type, nil flag, number's bits,
 * string's bytes and map key, in the tree's own order); the cache compares both byte for
 * byte, so a hash collision only costs a miss. Only successes are kept: a failure is
 * validated every time, so its messages always come from the validator. The same admission
 * as templates: a marker the first time, the entry from the second. */
#include <string.h>

#include "chart/chart_int.h"
#include "chartctl/parse_cache.h"

unsigned long ct_chart__schema_cache_hits;

/* Encoding deeper than this gives up (and the schema is validated as usual). */
#define MAX_DEPTH 1000

static void put_len(ct_buf *b, uint64_t n) { ct_buf_put(b, (const char *)&n, sizeof n); }

/* Appends V's encoding to B; false when V holds something with no exact encoding (an
 * object: values trees never do) or is deeper than MAX_DEPTH. */
static bool encode(ct_buf *b, const ct_value *v, int depth) {
  if (depth > MAX_DEPTH) return false;
  if (!v) {
    ct_buf_putc(b, 0);
    return true;
  }
  unsigned char head[3] = {(unsigned char)v->type, v->gotype, v->is_nil};
  ct_buf_put(b, (const char *)head, sizeof head);
  switch (v->type) {
  case CT_BOOL: ct_buf_putc(b, v->b ? 1 : 0); return true;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: ct_buf_put(b, (const char *)&v->i, sizeof v->i); return true;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: ct_buf_put(b, (const char *)&v->u, sizeof v->u); return true;
  case CT_FLOAT64: ct_buf_put(b, (const char *)&v->f, sizeof v->f); return true;
  case CT_STRING:
  case CT_BYTES:
    put_len(b, v->s.len);
    ct_buf_put(b, v->s.ptr, v->s.len);
    return true;
  case CT_LIST:
  case CT_STRLIST:
    put_len(b, v->list ? v->list->len : 0);
    for (size_t i = 0; v->list && i < v->list->len; i++)
      if (!encode(b, v->list->items[i], depth + 1)) return false;
    return true;
  case CT_MAP:
  case CT_STRMAP: {
    size_t n;
    const ct_map_entry *e = ct_map_entries(v, &n);
    put_len(b, n);
    for (size_t i = 0; i < n; i++) {
      put_len(b, e[i].key.len);
      ct_buf_put(b, e[i].key.ptr, e[i].key.len);
      if (!encode(b, e[i].value, depth + 1)) return false;
    }
    return true;
  }
  case CT_OBJECT: return false;
  }
  return false;
}

bool ct_chart__schema_encode_values(ct_buf *out, const ct_value *values) {
  return encode(out, values, 0);
}

int ct_chart__schema_check(const char *schema, size_t len, const ct_value *values, ct_buf *errs) {
  if (len < CT_CHART__SCHEMA_CACHE_MIN)
    return ct_chart__schema_validate(schema, len, values, errs, true);
  ct_buf enc = CT_BUF_INIT;
  ct_pcache pc;
  ct_pcache_begin_kind(&pc, CT_PCACHE_SCHEMA);
  bool keyed = pc.on && encode(&enc, values, 0);
  if (keyed) {
    ct_pcache_add(&pc, "values.schema.json", schema, len);
    ct_pcache_add(&pc, "values", enc.ptr ? enc.ptr : "", enc.len);
    if (ct_pcache_fetch(&pc) && pc.payload_len == 1 && pc.payload[0] == 1) {
      ct_chart__schema_cache_hits++;
      ct_pcache_dispose(&pc);
      ct_buf_dispose(&enc);
      return CT_OK;
    }
    ct_pcache_unmap(&pc.map); /* another payload: this build never writes one, so replaced */
  }
  int rc = ct_chart__schema_validate(schema, len, values, errs, true);
  if (keyed && rc == CT_OK) {
    static const unsigned char passed = 1;
    if (pc.admit)
      ct_pcache_store(&pc, &passed, 1);
    else
      ct_pcache_mark(&pc);
  }
  ct_pcache_dispose(&pc);
  ct_buf_dispose(&enc);
  return rc;
}
