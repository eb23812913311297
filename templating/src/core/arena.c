/* arena.c — region allocator behind ct_arena_*: chunks from malloc, bump allocation,
 * growth of the last block in place, one free for everything. Memory past a chunk's `used`
 * mark is never handed out twice, so a chunk that came zeroed (big ones: calloc gets them
 * straight from mmap) needs no memset per block; small chunks are zeroed block by block. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/arena.h"

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
  size_t zeroed;      /* nonzero: the whole chunk came zeroed */
  max_align_t data[]; /* aligned payload */
} chunk;

struct ct_arena {
  chunk *head;
  size_t handed, limit;
  void *last;       /* last allocation (for in-place realloc) */
  size_t last_size; /* its rounded size */
};

#define ALIGN 16u
#define CHUNK_MIN (64u * 1024u)
/* From this size chunks are calloc'ed (mmap'ed memory comes zeroed: no memset anywhere);
 * smaller ones would be memset whole by calloc though a render may use a little of them. */
#define CHUNK_ZEROED (256u * 1024u)

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
    free(c);
    c = n;
  }
  free(a);
}

void ct_arena_set_limit(ct_arena *a, size_t limit) { a->limit = limit; }
size_t ct_arena_used(const ct_arena *a) { return a->handed; }

/* A block of N bytes; zeroed when ZERO (strings about to be overwritten skip it). */
static void *alloc(ct_arena *a, size_t n, bool zero) {
  size_t need = round_up(n ? n : 1);
  if (need < n || a->handed + need > a->limit) out_of_memory("render exceeded memory limit");
  chunk *c = a->head;
  if (!c || c->size - c->used < need) {
    size_t size = CHUNK_MIN;
    if (c && c->size < ((size_t)1 << 24)) size = c->size * 2; /* grow chunk sizes */
    if (size < need) size = need;
    bool zeroed = size >= CHUNK_ZEROED;
    chunk *nc = zeroed ? calloc(1, sizeof *nc + size) : malloc(sizeof *nc + size);
    if (!nc) out_of_memory("out of memory");
    nc->size = size;
    nc->used = 0;
    nc->zeroed = zeroed;
    if (c && need > CHUNK_MIN && c->size - c->used > CHUNK_MIN / 4) {
      /* a big block: keep the current chunk on top for small allocations */
      nc->next = c->next;
      c->next = nc;
      nc->used = need;
      a->handed += need;
      void *p = (char *)nc->data;
      if (!zeroed) memset(p, 0, need);
      return p;
    }
    nc->next = c;
    a->head = nc;
    c = nc;
  }
  void *p = (char *)c->data + c->used;
  c->used += need;
  a->handed += need;
  if (!c->zeroed) {
    if (zero)
      memset(p, 0, need);
    else
      memset((char *)p + n, 0, need - n); /* the padding: a grown block reads as zeroed */
  }
  a->last = p;
  a->last_size = need;
  return p;
}

void *ct_arena_alloc(ct_arena *a, size_t n) { return alloc(a, n, true); }

void *ct_arena_realloc(ct_arena *a, void *old, size_t oldn, size_t newn) {
  if (!old) return ct_arena_alloc(a, newn);
  if (newn <= oldn) return old;
  chunk *c = a->head;
  if (old == a->last && c && (char *)old + a->last_size == (char *)c->data + c->used) {
    size_t need = round_up(newn);
    if (need - a->last_size <= c->size - c->used) {
      size_t extra = need - a->last_size;
      if (!c->zeroed) memset((char *)c->data + c->used, 0, extra);
      c->used += extra;
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
  char *p = alloc(a, n + 1, false);
  if (n) memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *ct_arena_strdup(ct_arena *a, const char *s) { return ct_arena_strndup(a, s, strlen(s)); }

char *ct_arena_vsprintf(ct_arena *a, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0) n = 0;
  char *p = ct_arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *ct_arena_sprintf(ct_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = ct_arena_vsprintf(a, fmt, ap);
  va_end(ap);
  return p;
}
