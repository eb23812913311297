/* listing.c — a chart directory's listings kept in the parse cache (docs/parse-cache.md,
 * "Directory listings"), so that loading a chart seen before reads no directory.
 *
 * Reading a directory is a disk read when its blocks left the page cache (this VM's DAMON
 * pages out file pages idle for 6 s: ~0.25 ms a directory, and blunderbuss has nine), and
 * ext4 cannot read them ahead. A directory's stat is in the inode cache, which such paging
 * leaves alone. So each directory the walk lists is kept with its stat (device, inode, size,
 * mtime and ctime in nanoseconds) and its entries as getdents gave them (names and types,
 * sorted); a later walk that finds the same stat takes the entries instead of reading the
 * directory. Adding, removing or renaming an entry changes the directory's mtime and ctime,
 * and a replaced directory has another inode. Listings are kept only when every directory
 * last changed over 2 s before (the file system's clock is coarse: a change within the same
 * tick could keep the stat), only on local file systems, and never after a failed walk.
 *
 * The entry (kind CT_PCACHE_LISTING, keyed by the chart's absolute path) goes through the
 * parse cache's admission, checksum, trim and ownership rules. Its payload:
 *   u32 number of directories, then for each:
 *     u32 path length, the path relative to the chart ("" for the chart), NUL;
 *     5 x u64: device, inode, size, mtime, ctime;
 *     u32 number of entries, then for each: u8 type, u32 name length, the name, NUL.
 * Nothing in it is trusted: ct_chart__listing_decode checks every length and name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "chart/chart_int.h"
#include "chartctl/parse_cache.h"

long long ct_chart__listing_settle_ns = 2000000000LL;

typedef ct_chart__listing_dir kept_dir;

struct ct_chart__listing {
  ct_arena *a;
  ct_pcache pc;
  kept_dir *kept; /* from the entry (names point into its mapping) */
  size_t nkept, next;
  kept_dir *seen; /* what this walk listed, in its order */
  size_t nseen, capseen;
  char *hint_link; /* the parse cache's hint for the directory (heap), and what it names */
  char hint_target[CT_PCACHE_HINT_TARGET];
  bool read;    /* a directory was read: the entry is missing or out of date */
  bool settled; /* every directory listed last changed over 2 s before */
  long long now_ns;
};

unsigned long ct_chart__listing_hits;

static ct_chart_file_id id_of(const struct stat *st) {
  return (ct_chart_file_id){(unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
                            (unsigned long long)st->st_size,
                            st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec,
                            st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec};
}

static bool same_id(const ct_chart_file_id *x, const ct_chart_file_id *y) {
  return x->dev == y->dev && x->ino == y->ino && x->size == y->size && x->mtime_ns == y->mtime_ns &&
         x->ctime_ns == y->ctime_ns;
}

/* ---- the payload ---- */
static void put_u32(ct_buf *b, uint32_t v) { ct_buf_put(b, (const char *)&v, 4); }
static void put_u64(ct_buf *b, uint64_t v) { ct_buf_put(b, (const char *)&v, 8); }

void ct_chart__listing_encode(ct_buf *b, const ct_chart__listing_dir *dirs, size_t n) {
  put_u32(b, (uint32_t)n);
  for (size_t k = 0; k < n; k++) {
    const ct_chart__listing_dir *d = &dirs[k];
    size_t rl = strlen(d->rel);
    put_u32(b, (uint32_t)rl);
    ct_buf_put(b, d->rel, rl + 1);
    put_u64(b, d->id.dev);
    put_u64(b, d->id.ino);
    put_u64(b, d->id.size);
    put_u64(b, (uint64_t)d->id.mtime_ns);
    put_u64(b, (uint64_t)d->id.ctime_ns);
    put_u32(b, (uint32_t)d->n);
    for (size_t i = 0; i < d->n; i++) {
      size_t nl = strlen(d->ents[i].name);
      ct_buf_putc(b, (char)d->ents[i].type);
      put_u32(b, (uint32_t)nl);
      ct_buf_put(b, d->ents[i].name, nl + 1);
    }
  }
}

typedef struct reader {
  const unsigned char *p, *end;
  bool ok;
} reader;

static uint64_t get(reader *r, size_t n) {
  if (!r->ok || (size_t)(r->end - r->p) < n) {
    r->ok = false;
    return 0;
  }
  uint64_t v = 0;
  if (n == 4) {
    uint32_t x;
    memcpy(&x, r->p, 4);
    v = x;
  } else if (n == 8) {
    memcpy(&v, r->p, 8);
  } else {
    v = *r->p;
  }
  r->p += n;
  return v;
}

/* A string of LEN bytes and its NUL, without a NUL inside; NULL when it is not there. */
static const char *get_str(reader *r, uint64_t len) {
  if (!r->ok || (uint64_t)(r->end - r->p) <= len || r->p[len] != 0 || memchr(r->p, 0, len)) {
    r->ok = false;
    return NULL;
  }
  const char *s = (const char *)r->p;
  r->p += len + 1;
  return s;
}

/* A name a directory can hold: not empty, ".", "..", nor with a '/'. */
static bool entry_name_ok(const char *s, size_t n) {
  return n && !memchr(s, '/', n) && strcmp(s, ".") && strcmp(s, "..");
}

bool ct_chart__listing_decode(ct_arena *a, const unsigned char *p, const unsigned char *end,
                              ct_chart__listing_dir **out, size_t *nout) {
  reader r = {p, end, true};
  uint64_t nd = get(&r, 4);
  /* every directory takes at least 49 bytes, every entry 6: counts past that are damage */
  if (!r.ok || nd > (uint64_t)(end - r.p) / 49) return false;
  ct_chart__listing_dir *v = ct_arena_alloc(a, (nd ? nd : 1) * sizeof *v);
  for (uint64_t i = 0; i < nd; i++) {
    uint64_t rl = get(&r, 4);
    v[i].rel = get_str(&r, rl);
    v[i].id.dev = get(&r, 8);
    v[i].id.ino = get(&r, 8);
    v[i].id.size = get(&r, 8);
    v[i].id.mtime_ns = (long long)get(&r, 8);
    v[i].id.ctime_ns = (long long)get(&r, 8);
    uint64_t ne = get(&r, 4);
    if (!r.ok || ne > (uint64_t)(end - r.p) / 6) return false;
    ct_chart__dentry *ents = ct_arena_alloc(a, (ne ? ne : 1) * sizeof *ents);
    for (uint64_t k = 0; k < ne; k++) {
      ents[k].type = (unsigned char)get(&r, 1);
      uint64_t nl = get(&r, 4);
      const char *name = get_str(&r, nl);
      if (!r.ok || !entry_name_ok(name, nl)) return false;
      /* sorted and distinct, as the walk lists them */
      if (k && strcmp(ents[k - 1].name, name) >= 0) return false;
      ents[k].name = (char *)name;
    }
    v[i].ents = ents;
    v[i].n = ne;
  }
  if (!r.ok || r.p != end) return false;
  *out = v;
  *nout = nd;
  return true;
}

/* ---- a walk's listings ---- */
ct_chart__listing *ct_chart__listing_open(ct_arena *a, const char *top) {
  ct_chart__listing *l = calloc(1, sizeof *l);
  if (!l) return NULL;
  l->a = a;
  ct_pcache_begin_kind(&l->pc, CT_PCACHE_LISTING);
  if (!l->pc.on) {
    ct_pcache_dispose(&l->pc);
    free(l);
    return NULL;
  }
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  l->now_ns = t.tv_sec * 1000000000LL + t.tv_nsec;
  l->settled = true;
  ct_pcache_add(&l->pc, "", top, strlen(top));
  ct_pcache_hint(&l->pc, &l->hint_link, l->hint_target);
  if (ct_pcache_fetch(&l->pc)) {
    ct_chart__listing_dir *v;
    size_t n;
    if (ct_chart__listing_decode(a, l->pc.payload, l->pc.payload + l->pc.payload_len, &v, &n)) {
      l->kept = v;
      l->nkept = n;
    } else {
      ct_pcache_drop(&l->pc); /* checksummed but not decodable: a bug, written again */
      ct_pcache_unmap(&l->pc.map);
      l->read = true;
    }
  } else {
    l->read = true;
  }
  return l;
}

static void note(ct_chart__listing *l, const char *rel, const ct_chart_file_id *id,
                 const ct_chart__dentry *ents, size_t n) {
  if (l->nseen == l->capseen) {
    size_t nc = l->capseen ? l->capseen * 2 : 16;
    l->seen = ct_arena_realloc(l->a, l->seen, l->capseen * sizeof *l->seen, nc * sizeof *l->seen);
    l->capseen = nc;
  }
  l->seen[l->nseen++] = (kept_dir){rel, *id, ents, n};
  long long settle = ct_chart__listing_settle_ns;
  if (id->mtime_ns > l->now_ns - settle || id->ctime_ns > l->now_ns - settle) l->settled = false;
}

bool ct_chart__listing_get(ct_chart__listing *l, const char *rel, const struct stat *st,
                           const ct_chart__dentry **ents, size_t *n) {
  if (!l) return false;
  ct_chart_file_id id = id_of(st);
  /* the walk goes in the order it went last time: the next directory kept is usually it */
  const kept_dir *d = NULL;
  if (l->next < l->nkept && !strcmp(l->kept[l->next].rel, rel)) d = &l->kept[l->next];
  for (size_t i = 0; !d && i < l->nkept; i++)
    if (!strcmp(l->kept[i].rel, rel)) d = &l->kept[i];
  if (!d || !same_id(&d->id, &id)) return false;
  l->next = (size_t)(d - l->kept) + 1;
  note(l, rel, &id, d->ents, d->n);
  ct_chart__listing_hits++;
  *ents = d->ents;
  *n = d->n;
  return true;
}

void ct_chart__listing_put(ct_chart__listing *l, const char *rel, const struct stat *st,
                           const ct_chart__dentry *ents, size_t n) {
  if (!l) return;
  ct_chart_file_id id = id_of(st);
  note(l, rel, &id, ents, n);
  l->read = true;
}

void ct_chart__listing_hint(const ct_chart__listing *l, ct_arena *a, const char **link,
                            const char **target) {
  *link = *target = NULL;
  if (!l || !l->hint_link) return;
  *link = ct_arena_strdup(a, l->hint_link);
  *target = ct_arena_strdup(a, l->hint_target);
}

void ct_chart__listing_unsettle(ct_chart__listing *l) {
  if (l) l->settled = false;
}

void ct_chart__listing_close(ct_chart__listing *l, bool walked) {
  if (!l) return;
  /* a directory was read and every one is settled: the listings are written, from the
   * second load on (a marker first, as for templates) */
  if (walked && l->read && l->settled && l->pc.path) {
    if (l->pc.admit) {
      ct_buf b = CT_BUF_INIT;
      ct_chart__listing_encode(&b, l->seen, l->nseen);
      ct_pcache_store(&l->pc, b.ptr, b.len);
      ct_buf_dispose(&b);
    } else {
      ct_pcache_mark(&l->pc);
    }
  }
  ct_pcache_dispose(&l->pc);
  free(l->hint_link);
  free(l);
}
