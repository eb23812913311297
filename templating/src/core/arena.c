/* arena.c — region allocator behind ct_arena_*: chunks mapped straight from the kernel, bump
 * allocation, growth of the last block in place, one free for everything. Memory past a
 * chunk's `used` mark is never handed out twice and mapped pages come zeroed, so blocks need
 * no memset of their own and pages a render never touches are never faulted in (calloc would
 * clear memory it carves from an already grown heap). Freed chunks are kept for the next
 * arenas of the thread, up to SPARE_BYTES; a reused chunk is cleared a little ahead of its
 * used mark as it is handed out again (CLEAR_AHEAD), below its old high-water mark only: a
 * batch of renders reuses warm memory, a single render pays nothing at exit. Marks give back
 * everything allocated after them (chunks are numbered to tell which), and escape watches
 * decide when that is safe: an include's garbage is reused by what follows instead of faulting
 * in fresh pages. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "chartctl/arena.h"
#include "core/guard_int.h"

/* Under AddressSanitizer, memory given back (a released mark, a freed arena's chunks) is
 * poisoned until it is handed out again, so a use after release is reported. */
#if defined(__SANITIZE_ADDRESS__)
#define CT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CT_ASAN 1
#endif
#endif
#ifdef CT_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif
#include "chartctl/buf.h"

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  size_t seq;         /* creation order in its arena (marks compare it) */
  size_t dirty;       /* bytes from data[0] that a previous arena wrote (to clear on reuse) */
  size_t clear;       /* [used, clear) is zeros: handed out without clearing (>= used) */
  max_align_t data[]; /* aligned payload, zeroed */
} chunk;

struct ct_arena {
  chunk *head;
  size_t handed, limit;
  bool over;        /* handed out past LIMIT (ct_arena_over_limit) */
  size_t nchunks;   /* chunks taken so far: the next one's seq */
  void *last;       /* last allocation (for in-place realloc) */
  size_t last_size; /* its rounded size */
  struct finalizer *fin; /* run when the arena is freed, last registered first */
};

/* What ct_arena_on_free registered (on the heap: a release must not take it). */
typedef struct finalizer {
  void (*fn)(void *, size_t);
  void *p;
  size_t n;
  struct finalizer *next;
} finalizer;

#define ALIGN 8u
#define CHUNK_MIN (64u * 1024u)
#define SPARE_BYTES ((size_t)16 << 20)

static _Thread_local chunk *spare;
static _Thread_local size_t spare_bytes;

/* A chunk of at least SIZE payload bytes, zeroed; NULL when out of memory. */
static chunk *chunk_new(size_t size) {
  for (chunk **pp = &spare; *pp; pp = &(*pp)->next) {
    chunk *c = *pp;
    if (c->size < size) continue;
    *pp = c->next;
    spare_bytes -= c->size;
    c->used = 0;
    c->clear = 0; /* what it held is cleared ahead of use (take) */
    c->next = NULL;
    return c;
  }
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  if (size > SIZE_MAX - sizeof(chunk) - page) return NULL;
  size_t bytes = (sizeof(chunk) + size + page - 1) / page * page;
  void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return NULL;
  chunk *c = m;
  /* every field stored, none read first: a load from the fresh page would map the zero page,
   * and the first store fault it in a second time */
  *c = (chunk){.size = bytes - sizeof(chunk), .clear = bytes - sizeof(chunk)}; /* zeros */
  return c;
}

static void chunk_free(chunk *c) {
  if (spare_bytes + c->size <= SPARE_BYTES) {
    if (c->used > c->dirty) c->dirty = c->used;
    POISON(c->data, c->size);
    c->next = spare;
    spare = c;
    spare_bytes += c->size;
    return;
  }
  /* poisoned parts (released marks) would stay poisoned for whatever the kernel maps here next */
  UNPOISON(c->data, c->size);
  munmap(c, sizeof(chunk) + c->size);
}

/* Memory a previous user wrote is cleared this far ahead of the used mark at a time: one
 * memset per several small blocks, instead of one each. */
#define CLEAR_AHEAD ((size_t)256)

/* The used mark is to move to END, past the zeros: [used, END) is cleared unless the caller
 * writes it all (RAW), and a stretch beyond it with it. Under AddressSanitizer memory past the
 * used mark stays poisoned: nothing beyond END is cleared. */
static __attribute__((noinline)) void clear_to(chunk *c, size_t end, bool raw) {
  size_t from = c->clear; /* [used, from) is zeros */
  if (raw && end > from) from = end;
  if (from >= c->dirty) { /* beyond what was ever written: zeros to the end */
    c->clear = c->size;
    return;
  }
  if (raw) {
    c->clear = from;
    return;
  }
  size_t to = from + CLEAR_AHEAD;
  /* not past the (4 KiB) page END is on: the previous user may have left later pages
   * untouched (a block taken, never written), and clearing them would fault them in */
  uintptr_t page_end = ((uintptr_t)((char *)c->data + end) + 4095u) & ~(uintptr_t)4095u;
  size_t limit = (size_t)(page_end - (uintptr_t)c->data);
  if (to > limit) to = limit;
#ifdef CT_ASAN
  to = end;
#endif
  if (to < end) to = end;
  if (to > c->dirty) to = c->dirty;
  memset((char *)c->data + from, 0, to - from);
  c->clear = to >= c->dirty ? c->size : to;
}

/* NEED bytes at the chunk's used mark, zeroed unless the caller writes them all (RAW). */
static inline void *take(chunk *c, size_t need, bool raw) {
  char *p = (char *)c->data + c->used;
  UNPOISON(p, need);
  size_t end = c->used + need;
  if (end > c->clear) clear_to(c, end, raw);
  c->used = end;
  return p;
}

static size_t round_up(size_t n) { return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1); }

static _Noreturn void out_of_memory(const char *why) {
  fprintf(stderr, "Error: %s\n", why);
  exit(1);
}

ct_arena *ct_arena_new(void) {
  ct_arena *a = calloc(1, sizeof *a);
  if (!a) out_of_memory("out of memory");
  a->limit = (size_t)4 << 30;
  return a;
}

void ct_arena_on_free(ct_arena *a, void (*fn)(void *, size_t), void *p, size_t n) {
  finalizer *f = malloc(sizeof *f);
  if (!f) out_of_memory("out of memory");
  *f = (finalizer){fn, p, n, a->fin};
  a->fin = f;
}

static void free_arena(void *p, size_t n) {
  (void)n;
  ct_arena_free(p);
}

void ct_arena_adopt(ct_arena *a, ct_arena *child) {
  if (child) ct_arena_on_free(a, free_arena, child, 0);
}

void ct_arena_free(ct_arena *a) {
  if (!a) return;
  for (finalizer *f = a->fin, *next; f; f = next) {
    next = f->next;
    f->fn(f->p, f->n);
    free(f);
  }
  chunk *c = a->head;
  while (c) {
    chunk *n = c->next;
    chunk_free(c);
    c = n;
  }
  free(a);
}

void ct_arena_set_limit(ct_arena *a, size_t limit) { a->limit = limit; }
size_t ct_arena_used(const ct_arena *a) { return a->handed; }
bool ct_arena_over_limit(const ct_arena *a) { return a->over; }
size_t ct_arena_left(const ct_arena *a) { return a->handed < a->limit ? a->limit - a->handed : 0; }

/* Past the limit an allocation still succeeds, and marks the arena, up to twice the limit:
 * the executor checks the mark after every function call and loop iteration and stops the
 * render with an error, so one big string ends a render, not the process. Only a single
 * allocation reaching past twice the limit (or an arena whose owner never checks) exits. */
static void over_limit(ct_arena *a, size_t need) {
  size_t hard = a->limit > SIZE_MAX / 2 ? SIZE_MAX : a->limit * 2;
  if (a->handed + need > hard || a->handed + need < a->handed)
    out_of_memory("render exceeded memory limit");
  a->over = true;
}

/* A block of N bytes: zeroed, or with RAW whatever a reused chunk held (the caller writes
 * every byte of the rounded size). */
static void *alloc(ct_arena *a, size_t n, bool raw) {
  size_t need = round_up(n ? n : 1);
  if (need < n) out_of_memory("render exceeded memory limit");
  if (a->handed + need > a->limit) over_limit(a, need);
  chunk *c = a->head;
  if (!c || c->size - c->used < need) {
    size_t size = CHUNK_MIN;
    if (c && c->size < ((size_t)1 << 24)) size = c->size * 2; /* grow chunk sizes */
    if (size < need) size = need;
    chunk *nc = chunk_new(size);
    if (!nc) out_of_memory("out of memory");
    nc->seq = ++a->nchunks;
    if (c && need > CHUNK_MIN && c->size - c->used > CHUNK_MIN / 4) {
      /* a big block: keep the current chunk on top for small allocations */
      nc->next = c->next;
      c->next = nc;
      a->handed += need;
      return take(nc, need, raw);
    }
    nc->next = c;
    a->head = nc;
    c = nc;
  }
  void *p = take(c, need, raw);
  a->handed += need;
  a->last = p;
  a->last_size = need;
  return p;
}

static __attribute__((noinline)) void *alloc_slow(ct_arena *a, size_t n, bool raw) {
  return alloc(a, n, raw);
}

/* The common case inline, without alloc's spills: zeros ready in the head chunk (clear), under
 * the limit. */
static inline void *alloc_fast(ct_arena *a, size_t n, bool raw) {
  size_t need = round_up(n ? n : 1);
  chunk *c = a->head;
  if (__builtin_expect(c && need >= n && c->clear - c->used >= need && a->handed <= a->limit &&
                           need <= a->limit - a->handed,
                       1)) {
    char *p = (char *)c->data + c->used;
    UNPOISON(p, need);
    c->used += need;
    a->handed += need;
    a->last = p;
    a->last_size = need;
    return p;
  }
  return alloc_slow(a, n, raw); /* no zeros ready: take() clears some ahead */
}

void *ct_arena_alloc(ct_arena *a, size_t n) { return alloc_fast(a, n, false); }

void *ct_arena_realloc(ct_arena *a, void *old, size_t oldn, size_t newn) {
  if (!old) return ct_arena_alloc(a, newn);
  if (newn <= oldn) return old;
  chunk *c = a->head;
  if (old == a->last && c && (char *)old + a->last_size == (char *)c->data + c->used) {
    size_t need = round_up(newn);
    if (need - a->last_size <= c->size - c->used) {
      size_t extra = need - a->last_size;
      if (a->handed + extra > a->limit) over_limit(a, extra);
      take(c, extra, false);
      a->handed += extra;
      a->last_size = need;
      return old;
    }
  }
  void *p = ct_arena_alloc(a, newn);
  memcpy(p, old, oldn);
  return p;
}

char *ct_arena_strndup(ct_arena *a, const char *s, size_t n) {
  /* the copy writes N bytes; the NUL and the rounding up are cleared here (a block grown in
   * place by ct_arena_realloc must read zeros past its old size) */
  char *p = alloc_fast(a, n + 1, true);
  if (n) memcpy(p, s, n);
  memset(p + n, 0, round_up(n + 1) - n);
  return p;
}

char *ct_arena_strdup(ct_arena *a, const char *s) { return ct_arena_strndup(a, s, strlen(s)); }

char *ct_arena_vsprintf(ct_arena *a, const char *fmt, va_list ap) {
  if (ct_buf_fmt_strings_only(fmt)) { /* paths and names: one block, no heap buffer */
    va_list ap2;
    va_copy(ap2, ap);
    size_t n = ct_buf_fmt_join(NULL, fmt, ap2);
    va_end(ap2);
    char *p = alloc(a, n + 1, true);
    ct_buf_fmt_join(p, fmt, ap);
    memset(p + n, 0, round_up(n + 1) - n); /* the NUL and the rounding, as strndup clears */
    return p;
  }
  ct_buf b = CT_BUF_INIT;
  ct_buf_vprintf(&b, fmt, ap);
  char *p = ct_arena_strndup(a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return p;
}

char *ct_arena_sprintf(ct_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = ct_arena_vsprintf(a, fmt, ap);
  va_end(ap);
  return p;
}

/* ---- marks and escape watches ---- */

ct_arena_mark ct_arena_mark_here(ct_arena *a) {
  /* chunks up to seq existed; the head one (a big block may sit behind it with a higher
   * seq) goes on filling from used */
  ct_arena_mark m = {.seq = a->nchunks,
                     .head_seq = a->head ? a->head->seq : 0,
                     .used = a->head ? a->head->used : 0,
                     .handed = a->handed};
  a->last = NULL; /* a block from before the mark never grows in place past it */
  a->last_size = 0;
  return m;
}

/* The chunk holding P and P's offset in it; NULL when P is not from A. */
static const chunk *chunk_of(const ct_arena *a, const void *p, size_t *off) {
  for (const chunk *c = a->head; c; c = c->next) {
    const char *d = (const char *)c->data;
    if ((const char *)p >= d && (const char *)p < d + c->size) {
      *off = (size_t)((const char *)p - d);
      return c;
    }
  }
  return NULL;
}

bool ct_arena_since(const ct_arena *a, ct_arena_mark m, const void *p) {
  size_t off;
  const chunk *c = chunk_of(a, p, &off);
  if (!c) return false;
  return c->seq > m.seq || (c->seq == m.head_seq && off >= m.used);
}

void ct_arena_release(ct_arena *a, ct_arena_mark m) {
  ct_guard__released(a, m);
  if (a->handed == m.handed && a->nchunks == m.seq) { /* nothing handed out since the mark */
    a->last = NULL;
    a->last_size = 0;
    return;
  }
  chunk **pp = &a->head;
  while (*pp) {
    chunk *c = *pp;
    if (c->seq > m.seq) { /* taken after the mark: back to the spares */
      *pp = c->next;
      chunk_free(c);
      continue;
    }
    if (c->seq == m.head_seq && c->used > m.used) {
      if (c->used > c->dirty) c->dirty = c->used; /* written: cleared when handed out again */
      POISON((char *)c->data + m.used, c->used - m.used);
      c->used = m.used;
      c->clear = m.used;
    }
    pp = &c->next;
  }
  a->handed = m.handed;
  a->last = NULL;
  a->last_size = 0;
}

/* Open watches, innermost last, their marks in allocation order (an outer mark is never later
 * than an inner one). A write into memory from before a watch's mark moves the mark to the
 * arena's current point: everything allocated until then stays (the written memory may now
 * reach it); what is allocated later can still go, since an older object can only come to
 * point at it through another write, which moves the mark again. */
#define WATCH_MAX 256
typedef struct watch {
  ct_arena *a;
  ct_arena_mark m;
} watch;
static _Thread_local watch watches[WATCH_MAX];
static _Thread_local size_t nwatches, overflow; /* watches past WATCH_MAX: never released */
static _Thread_local int quiet;                 /* writes not reported (ct_arena_quiet) */

void ct_arena_quiet(bool on) { quiet += on ? 1 : -1; }

void ct_arena_watch_begin(ct_arena *a) {
  if (nwatches == WATCH_MAX) {
    overflow++;
    return;
  }
  watches[nwatches++] = (watch){.a = a, .m = ct_arena_mark_here(a)};
}

bool ct_arena_watch_end(ct_arena *a, bool release) {
  if (overflow) {
    overflow--;
    return false;
  }
  if (!nwatches) return false;
  watch w = watches[--nwatches];
  /* what the watch keeps simply becomes part of the enclosing watch's memory */
  if (w.a != a || !release) return false;
  ct_arena_release(a, w.m);
  return true;
}

void ct_arena_note_change(const void *p) {
  if (!quiet) ct_guard__changed(p, NULL, NULL);
}

void ct_arena_note_write(const void *p) {
  if (quiet) return;
  ct_guard__changed(p, NULL, NULL);
  /* innermost first: P allocated after a watch's mark is after every outer mark too */
  for (size_t k = nwatches; k-- > 0;) {
    watch *w = &watches[k];
    if (ct_arena_since(w->a, w->m, p)) return;
    w->m = ct_arena_mark_here(w->a);
  }
}

static void watch_store(const void *p, const void *stored) {
  for (size_t k = nwatches; k-- > 0;) {
    watch *w = &watches[k];
    if (ct_arena_since(w->a, w->m, p)) return;
    /* STORED from before the mark (or from another arena) reaches nothing newer than the
     * mark: any write that made it do so has moved the mark already */
    if (stored && ct_arena_since(w->a, w->m, stored)) w->m = ct_arena_mark_here(w->a);
  }
}

void ct_arena_note_store(const void *p, const void *stored) {
  if (quiet) return;
  ct_guard__changed(p, NULL, NULL);
  watch_store(p, stored);
}

void ct_arena_note_replace(const void *p, void *slot, const void *old, const void *stored) {
  if (quiet) return;
  ct_guard__changed(p, slot, old);
  watch_store(p, stored);
}
