/* arena.h — region allocator: everything a render (or a loaded chart) allocates lives in one
 * arena and is freed at once. Allocation never returns NULL: on exhaustion chartctl exits. */
#ifndef CHARTCTL_ARENA_H
#define CHARTCTL_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct ct_arena ct_arena;

ct_arena *ct_arena_new(void);
void ct_arena_free(ct_arena *a); /* accepts NULL */
/* FN(P, N) runs when A is freed (the last registered first): for memory that values in A may
 * point to (ct_string_nocopy) but that lives apart from A's own allocations and releases (a
 * mapped file). Exits on exhaustion, as allocations do. */
void ct_arena_on_free(ct_arena *a, void (*fn)(void *, size_t), void *p, size_t n);
/* CHILD (NULL: nothing) is freed when A is, not before. */
void ct_arena_adopt(ct_arena *a, ct_arena *child);
/* Zeroed, 8-byte aligned memory (enough for every type the project stores in arenas). */
void *ct_arena_alloc(ct_arena *a, size_t n);
/* Grows a block allocated from A (the old block is kept until the arena dies, unless it was
 * the last allocation, which is grown in place). */
void *ct_arena_realloc(ct_arena *a, void *old, size_t oldn, size_t newn);
char *ct_arena_strndup(ct_arena *a, const char *s, size_t n); /* NUL-terminates */
char *ct_arena_strdup(ct_arena *a, const char *s);
char *ct_arena_sprintf(ct_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *ct_arena_vsprintf(ct_arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Bytes handed out so far (for caps and benchmarks). */
size_t ct_arena_used(const ct_arena *a);
/* Cap on the bytes an arena may hand out (default 4 GiB). Past it allocations go on and
 * ct_arena_over_limit turns true: the template executor then fails the render with "render
 * exceeded memory limit". An allocation reaching past twice the cap makes chartctl exit
 * with "Error: render exceeded memory limit". */
void ct_arena_set_limit(ct_arena *a, size_t limit);
bool ct_arena_over_limit(const ct_arena *a);
/* Bytes A may still hand out under its cap: functions that build one large block from a
 * count in the template (seq, repeat, indent) check it first, so that the block fails the
 * render with "render exceeded memory limit" instead of reaching past twice the cap. */
size_t ct_arena_left(const ct_arena *a);

/* A point in an arena's life: everything allocated after it can be given back at once. */
typedef struct ct_arena_mark {
  size_t seq, head_seq, used, handed;
} ct_arena_mark;

/* The arena's current point (blocks allocated before it stop growing in place). */
ct_arena_mark ct_arena_mark_here(ct_arena *a);
/* Whether P was allocated from A after mark M (false for memory not from A). */
bool ct_arena_since(const ct_arena *a, ct_arena_mark m, const void *p);
/* Frees every block allocated after M; the memory is reused by later allocations. Nothing
 * allocated after M may be used again. */
void ct_arena_release(ct_arena *a, ct_arena_mark m);

/* Escape watches (nested, per thread): a computation whose only result is copied out (an
 * include's text) opens a watch on its arena, and closes it with RELEASE to give back what it
 * allocated. A write into memory from before the watch (ct_arena_note_write: the value model
 * calls it after changing a map or list) moves the watch's mark to that moment: what was
 * allocated until then is kept, what comes after can still be given back. Returns whether
 * memory was released (RELEASE and a matching watch). */
void ct_arena_watch_begin(ct_arena *a);
bool ct_arena_watch_end(ct_arena *a, bool release);
/* P (a map or list) was just changed: watches opened after P was allocated, or on arenas P
 * is not from, keep everything allocated so far. Call it after the change's own allocations.
 * Cheap when no watch is open. */
void ct_arena_note_write(const void *p);
/* P (a map or list) was just changed by storing STORED (may be NULL) in it, and nothing else
 * (no growth, no key copy): only watches whose mark STORED is from after keep anything. */
void ct_arena_note_store(const void *p, const void *stored);
/* P (a map) had the value of one entry, lying at SLOT, replaced: OLD was there, STORED is.
 * As ct_arena_note_store, and the change guard (guard.h) can tell when OLD is back. */
void ct_arena_note_replace(const void *p, void *slot, const void *old, const void *stored);
/* P (a map or list) changed without storing anything (a key deleted, items reordered in
 * place): only the change guard hears of it. */
void ct_arena_note_change(const void *p);
/* Between ct_arena_quiet(true) and ct_arena_quiet(false) (nesting), writes are not reported:
 * for building self-contained data in an arena of its own (a deep copy into a cache). */
void ct_arena_quiet(bool on);

#endif
