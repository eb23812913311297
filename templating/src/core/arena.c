/* arena.c — region allocator behind ct_arena_*: chunks from calloc, bump allocation,
 * growth of the last block in place, one free for everything. Memory past a chunk's `used`
 * mark is never handed out twice, so blocks need no memset of their own: calloc hands out
 * fresh heap or mmap'ed memory without writing it (a short-lived process never pays for
 * zeroing twice, and untouched pages are never faulted in). Freed first-size chunks are kept
 * (zeroed again over their used part only) for the next arena: renders make many small
 * short-lived arenas. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/arena.h"

typedef struct chunk {
  struct chunk *next;
  size_t size, used;
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

/* Spare CHUNK_MIN chunks, zeroed, for the next arenas of this thread. */
#define SPARE_MAX 16
static _Thread_local chunk *spare;
static _Thread_local unsigned nspare;

static chunk *chunk_new(size_t size) {
  chunk *c;
  if (size == CHUNK_MIN && spare) {
    c = spare;
    spare = c->next;
    nspare--;
  } else {
    c = calloc(1, sizeof *c + size);
    if (!c) return NULL;
    c->size = size;
  }
  c->next = NULL;
  return c;
}

static void chunk_free(chunk *c) {
  if (c->size == CHUNK_MIN && nspare < SPARE_MAX) {
    memset(c->data, 0, c->used);
    c->used = 0;
    c->next = spare;
    spare = c;
    nspare++;
    return;
  }
  free(c);
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

/* A zeroed block of N bytes. */
static void *alloc(ct_arena *a, size_t n) {
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
      nc->used = need;
      a->handed += need;
      return nc->data;
    }
    nc->next = c;
    a->head = nc;
    c = nc;
  }
  void *p = (char *)c->data + c->used;
  c->used += need;
  a->handed += need;
  a->last = p;
  a->last_size = need;
  return p;
}

void *ct_arena_alloc(ct_arena *a, size_t n) { return alloc(a, n); }

void *ct_arena_realloc(ct_arena *a, void *old, size_t oldn, size_t newn) {
  if (!old) return ct_arena_alloc(a, newn);
  if (newn <= oldn) return old;
  chunk *c = a->head;
  if (old == a->last && c && (char *)old + a->last_size == (char *)c->data + c->used) {
    size_t need = round_up(newn);
    if (need - a->last_size <= c->size - c->used) {
      size_t extra = need - a->last_size;
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
  char *p = alloc(a, n + 1);
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
