/* values_cache.c — the decoded tree of a values file kept in the parse cache (kind
 * CT_PCACHE_VALUES), so that a chart's values.yaml read again is not parsed again.
 *
 * Reading values is a pure function of the file's bytes. An entry's text is the file itself,
 * compared byte for byte on lookup, so a hash collision only costs a miss; its payload is the
 * tree ct_yaml_parse_values made, in the encoding below. On a hit the tree is built from the
 * payload: maps, lists and numbers in the caller's arena, while strings and map keys are left
 * where they lie in the mapped entry, which stays mapped until the arena is freed. Only
 * successes are kept (a file that fails is parsed every time, so its message is always the
 * parser's), with the templates' admission: a marker the first time, the entry the second. */
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/parse_cache.h"
#include "codec/codec_int.h"

unsigned long ct_yaml_values_cache_hits;

/* The encoding: a tag byte per value, then what the tag needs. Numbers and lengths are
 * little-endian as the machine stores them (entries are per build, hence per machine).
 *   T_NULL, T_FALSE, T_TRUE     nothing more
 *   T_FLOAT                     8 bytes: the float64's bits
 *   T_STRING                    u32 length, the bytes, a NUL
 *   T_LIST                      u32 count, the items
 *   T_MAP                       u32 count, then per entry: u32 key length, the key, a NUL, the
 * value The payload is FORMAT, then the root, which is a map, then nothing. Values files decode to
 * these types only (codec.h); anything else is not kept. */
enum { T_NULL = 0, T_FALSE, T_TRUE, T_FLOAT, T_STRING, T_LIST, T_MAP };
#define FORMAT 1
#define MAX_DEPTH 1000

static void put_u32(ct_buf *b, size_t n) {
  uint32_t v = (uint32_t)n;
  ct_buf_put(b, (const char *)&v, sizeof v);
}

static bool encode(ct_buf *b, const ct_value *v, int depth) {
  if (depth > MAX_DEPTH) return false;
  if (!v) {
    ct_buf_putc(b, T_NULL);
    return true;
  }
  if (v->is_nil || v->gotype != CT_GO_PLAIN) return false;
  switch (v->type) {
  case CT_BOOL: ct_buf_putc(b, v->b ? T_TRUE : T_FALSE); return true;
  case CT_FLOAT64:
    ct_buf_putc(b, T_FLOAT);
    ct_buf_put(b, (const char *)&v->f, sizeof v->f);
    return true;
  case CT_STRING:
    if (v->s.len > UINT32_MAX) return false;
    ct_buf_putc(b, T_STRING);
    put_u32(b, v->s.len);
    ct_buf_put(b, v->s.ptr, v->s.len);
    ct_buf_putc(b, 0);
    return true;
  case CT_LIST:
    if (v->list->len > UINT32_MAX) return false;
    ct_buf_putc(b, T_LIST);
    put_u32(b, v->list->len);
    for (size_t i = 0; i < v->list->len; i++)
      if (!encode(b, v->list->items[i], depth + 1)) return false;
    return true;
  case CT_MAP: {
    size_t n;
    const ct_map_entry *e = ct_map_entries(v, &n);
    if (n > UINT32_MAX) return false;
    ct_buf_putc(b, T_MAP);
    put_u32(b, n);
    for (size_t i = 0; i < n; i++) {
      if (e[i].key.len > UINT32_MAX) return false;
      put_u32(b, e[i].key.len);
      ct_buf_put(b, e[i].key.ptr, e[i].key.len);
      ct_buf_putc(b, 0);
      if (!encode(b, e[i].value, depth + 1)) return false;
    }
    return true;
  }
  default: return false;
  }
}

bool ct_codec__values_encode(ct_buf *out, const ct_value *root) {
  if (!root || root->type != CT_MAP) return false;
  size_t start = out->len;
  ct_buf_putc(out, FORMAT);
  if (encode(out, root, 0)) return true;
  ct_buf_truncate(out, start);
  return false;
}

typedef struct rd {
  const unsigned char *p, *end;
  ct_arena *a;
} rd;

static bool get_u32(rd *r, size_t *n) {
  uint32_t v;
  if ((size_t)(r->end - r->p) < sizeof v) return false;
  memcpy(&v, r->p, sizeof v);
  r->p += sizeof v;
  *n = v;
  return true;
}

/* LEN bytes and the NUL after them, at the read position: their start, or NULL. */
static const char *get_text(rd *r, size_t len) {
  if ((size_t)(r->end - r->p) <= len || r->p[len] != 0) return NULL;
  const char *s = (const char *)r->p;
  r->p += len + 1;
  return s;
}

static bool decode(rd *r, ct_value **out, int depth) {
  if (depth > MAX_DEPTH || r->p == r->end) return false;
  unsigned char tag = *r->p++;
  size_t n;
  switch (tag) {
  case T_NULL: *out = NULL; return true;
  case T_FALSE:
  case T_TRUE: *out = ct_bool(r->a, tag == T_TRUE); return true;
  case T_FLOAT: {
    double f;
    if ((size_t)(r->end - r->p) < sizeof f) return false;
    memcpy(&f, r->p, sizeof f);
    r->p += sizeof f;
    *out = ct_float(r->a, f);
    return true;
  }
  case T_STRING: {
    const char *s;
    if (!get_u32(r, &n) || !(s = get_text(r, n))) return false;
    *out = ct_string_nocopy(r->a, s, n);
    return true;
  }
  case T_LIST: {
    /* every item takes a byte at least: a count past the bytes left is damage, not a list */
    if (!get_u32(r, &n) || n > (size_t)(r->end - r->p)) return false;
    ct_value *l = ct_list_new(r->a, CT_LIST, n);
    for (size_t i = 0; i < n; i++) {
      ct_value *item;
      if (!decode(r, &item, depth + 1)) return false;
      ct_list_push(r->a, l, item);
    }
    *out = l;
    return true;
  }
  case T_MAP: {
    /* an entry takes six bytes at least: a length, a NUL and a tag */
    if (!get_u32(r, &n) || n > (size_t)(r->end - r->p) / 6) return false;
    ct_value *m = ct_map_new(r->a, CT_MAP, n);
    for (size_t i = 0; i < n; i++) {
      size_t kl;
      const char *k;
      ct_value *item;
      if (!get_u32(r, &kl) || !(k = get_text(r, kl)) || !decode(r, &item, depth + 1) ||
          !ct_map_add_nocopy(r->a, m, k, kl, item))
        return false; /* a key twice is damage too */
    }
    *out = m;
    return true;
  }
  default: return false;
  }
}

bool ct_codec__values_decode(ct_value **out, ct_arena *a, const unsigned char *p, size_t n) {
  rd r = {p, p + n, a};
  ct_arena_mark m = ct_arena_mark_here(a);
  ct_value *v = NULL;
  if (n >= 2 && *r.p++ == FORMAT && *r.p == T_MAP && decode(&r, &v, 0) && r.p == r.end) {
    *out = v;
    return true;
  }
  ct_arena_release(a, m); /* what a damaged payload built so far is nobody's */
  return false;
}

static void unmap_kept(void *p, size_t n) {
  (void)n;
  ct_pcache_unmap(p);
}

int ct_yaml_parse_values_cached(ct_value **out, ct_arena *a, const char *src, size_t len,
                                ct_buf *err) {
  if (len < CT_YAML_VALUES_CACHE_MIN) return ct_yaml_parse_values(out, a, src, len, err);
  ct_pcache pc;
  ct_pcache_begin_kind(&pc, CT_PCACHE_VALUES);
  if (!pc.on) {
    ct_pcache_dispose(&pc);
    return ct_yaml_parse_values(out, a, src, len, err);
  }
  ct_pcache_add(&pc, "values", src, len);
  if (ct_pcache_fetch(&pc)) {
    if (ct_codec__values_decode(out, a, pc.payload, pc.payload_len)) {
      /* the strings stay in the entry: it is unmapped with the arena */
      ct_pcache_map *keep = ct_arena_alloc(a, sizeof *keep);
      *keep = pc.map;
      pc.map = (ct_pcache_map){0};
      ct_arena_on_free(a, unmap_kept, keep, 0);
      ct_yaml_values_cache_hits++;
      ct_pcache_dispose(&pc);
      return 0;
    }
    ct_pcache_drop(&pc); /* a payload this build does not read: parsed, and kept again */
  }
  int rc = ct_yaml_parse_values(out, a, src, len, err);
  if (rc == 0) {
    if (pc.admit) {
      ct_buf enc = CT_BUF_INIT;
      if (ct_codec__values_encode(&enc, *out)) ct_pcache_store(&pc, enc.ptr, enc.len);
      ct_buf_dispose(&enc);
    } else {
      ct_pcache_mark(&pc);
    }
  }
  ct_pcache_dispose(&pc);
  return rc;
}
