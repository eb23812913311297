/* arena.c — region allocator behind ct_arena_*: chunks mapped straight from the kernel, bump
 * allocation, growth of the last block in place, one free for everything. Memory past a
 * chunk's `used` mark is never handed out twice and mapped pages come zeroed, so blocks need
 * no memset of their own and pages a render never touches are never faulted in (calloc would
 * clear memory it carves from an already grown heap). Freed chunks are kept for the next
 * arenas of the thread, up to SPARE_BYTES; a reused chunk is cleared block by block as it is
 * handed out again, below its old high-water mark only: a batch of renders reuses warm
 * memory, a single render pays nothing at exit. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  size_t dirty;       /* bytes from data[0] that a previous arena wrote (to clear on reuse) */
  max_align_t data[]; /* aligned payload, zeroed */
} chunk;

struct ct_arena {
  chunk *head;
  size_t handed, limit;
  void *last;       /* last allocation (for in-place realloc) */
  size_t last_size; /* its rounded size */
};

#define ALIGN 16u
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
    c->next = NULL;
    return c;
  }
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  if (size > SIZE_MAX - sizeof(chunk) - page) return NULL;
  size_t bytes = (sizeof(chunk) + size + page - 1) / page * page;
  void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return NULL;
  chunk *c = m;
  c->size = bytes - sizeof(chunk);
  return c;
}

static void chunk_free(chunk *c) {
  if (spare_bytes + c->size <= SPARE_BYTES) {
    if (c->used > c->dirty) c->dirty = c->used;
    c->next = spare;
    spare = c;
    spare_bytes += c->size;
    return;
  }
  munmap(c, sizeof(chunk) + c->size);
}

/* NEED bytes at the chunk's used mark, zeroed unless the caller writes them all (RAW). */
static void *take(chunk *c, size_t need, bool raw) {
  char *p = (char *)c->data + c->used;
  if (!raw && c->used < c->dirty) memset(p, 0, c->dirty - c->used < need ? c->dirty - c->used : need);
  c->used += need;
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

void ct_arena_free(ct_arena *a) {
  if (!a) return;
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

/* A block of N bytes: zeroed, or with RAW whatever a reused chunk held (the caller writes
 * every byte of the rounded size). */
static void *alloc(ct_arena *a, size_t n, bool raw) {
  size_t need = round_up(n ? n : 1);
  if (need < n || a->handed + need > a->limit) out_of_memory("render exceeded memory limit");
  chunk *c = a->head;
  if (!c || c->size - c->used < need) {
    size_t size = CHUNK_MIN;
    if (c && c->size < ((size_t)1 << 24)) size = c->size * 2; /* grow chunk sizes */
    if (size < need) size = need;
    chunk *nc = chunk_new(size);
    if (!nc) out_of_memory("out of memory");
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

void *ct_arena_alloc(ct_arena *a, size_t n) { return alloc(a, n, false); }

void *ct_arena_realloc(ct_arena *a, void *old, size_t oldn, size_t newn) {
  if (!old) return ct_arena_alloc(a, newn);
  if (newn <= oldn) return old;
  chunk *c = a->head;
  if (old == a->last && c && (char *)old + a->last_size == (char *)c->data + c->used) {
    size_t need = round_up(newn);
    if (need - a->last_size <= c->size - c->used) {
      size_t extra = need - a->last_size;
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
  char *p = alloc(a, n + 1, true);
  if (n) memcpy(p, s, n);
  memset(p + n, 0, round_up(n + 1) - n);
  return p;
}

char *ct_arena_strdup(ct_arena *a, const char *s) { return ct_arena_strndup(a, s, strlen(s)); }

char *ct_arena_vsprintf(ct_arena *a, const char *fmt, va_list ap) {
  ct_buf b = CT_BUF_INIT; /* ct_buf_vprintf joins "%s" formats without vsnprintf */
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
