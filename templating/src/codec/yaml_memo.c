/* yaml_memo.c — a per-thread memo of decoded YAML documents keyed by their exact text, so
 * templates that fromYaml the same rendered text again and again parse it once. */
#include <string.h>

#include "codec/codec_int.h"

/* A text is remembered by its hash the first time it is seen; its decoded value is kept the
 * second time (most texts are parsed once: copying those would only cost). */
typedef struct memo_entry {
  struct memo_entry *next;
  uint64_t hash;
  size_t len;
  int mode;
  bool stored;      /* text and value kept */
  const char *text; /* when stored */
  ct_value *value;  /* when stored (NULL is a valid value: an empty or null document) */
} memo_entry;

typedef struct memo {
  ct_arena *a; /* entries, texts and values */
  memo_entry **tab;
  size_t ntab, n;
} memo;

/* Past this many bytes handed out the memo is dropped and starts again. */
#define MEMO_MAX_BYTES ((size_t)64 << 20)
/* Texts shorter than this parse faster than the lookup and copy would save. */
#define MEMO_MIN_LEN 64u

static _Thread_local memo M;

uint64_t ct_codec__memo_hash(const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xC2B2AE3D27D4EB4Full);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0x100000001B3ull;
    h ^= h >> 29;
  }
  uint64_t t = 0;
  for (size_t k = 0; i < n; i++, k += 8)
    t |= (uint64_t)(unsigned char)s[i] << k;
  h = (h ^ t) * 0xFF51AFD7ED558CCDull;
  h ^= h >> 32;
  return h;
}

void ct_codec__memo_clear(void) {
  ct_arena_free(M.a);
  memset(&M, 0, sizeof M);
}

static memo_entry **slot_of(uint64_t hash) { return &M.tab[hash & (M.ntab - 1)]; }

static void grow(void) {
  size_t nt = M.ntab ? M.ntab * 2 : 256;
  memo_entry **tab = ct_arena_alloc(M.a, nt * sizeof *tab);
  for (size_t i = 0; i < M.ntab; i++) {
    for (memo_entry *e = M.tab[i], *next; e; e = next) {
      next = e->next;
      memo_entry **s = &tab[e->hash & (nt - 1)];
      e->next = *s;
      *s = e;
    }
  }
  M.tab = tab;
  M.ntab = nt;
}

static memo_entry *find(uint64_t hash, const char *src, size_t len, int mode) {
  if (!M.ntab) return NULL;
  for (memo_entry *e = *slot_of(hash); e; e = e->next) {
    if (e->hash != hash || e->len != len || e->mode != mode) continue;
    if (e->stored && memcmp(e->text, src, len) != 0) continue; /* a hash collision */
    return e;
  }
  return NULL;
}

int ct_codec__memo_get(ct_value **out, ct_arena *a, const char *src, size_t len, int mode,
                       uint64_t *hash) {
  if (len < MEMO_MIN_LEN) return -1;
  *hash = ct_codec__memo_hash(src, len);
  memo_entry *e = find(*hash, src, len, mode);
  if (e && e->stored) {
    *out = ct_value_copy(a, e->value);
    return 1;
  }
  if (e) return 0; /* seen before: worth keeping */
  if (!M.a) M.a = ct_arena_new();
  if (M.n >= M.ntab) grow();
  e = ct_arena_alloc(M.a, sizeof *e);
  e->hash = *hash;
  e->len = len;
  e->mode = mode;
  memo_entry **s = slot_of(*hash);
  e->next = *s;
  *s = e;
  M.n++;
  return -1;
}

void ct_codec__memo_put(const char *src, size_t len, int mode, uint64_t hash, const ct_value *v) {
  if (!M.a) return;
  if (ct_arena_used(M.a) + len > MEMO_MAX_BYTES) {
    ct_codec__memo_clear();
    return;
  }
  memo_entry *e = find(hash, src, len, mode);
  if (!e || e->stored) return;
  e->text = ct_arena_strndup(M.a, src, len);
  /* a deep copy into the memo's own arena refers to nothing outside it: its writes need not
   * keep anything of the watches open (arena.h) */
  ct_arena_quiet(true);
  e->value = ct_value_copy(M.a, v);
  ct_arena_quiet(false);
  e->stored = true;
}
