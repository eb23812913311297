/* arena.h — region allocator: everything a render (or a loaded chart) allocates lives in one
 * arena and is freed at once. Allocation never returns NULL: on exhaustion chartctl exits. */
#ifndef CHARTCTL_ARENA_H
#define CHARTCTL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ct_arena ct_arena;

ct_arena *ct_arena_new(void);
void ct_arena_free(ct_arena *a); /* accepts NULL */
/* Zeroed, 16-byte aligned memory. */
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
/* Cap on the bytes an arena may hand out (default 4 GiB); past it chartctl exits with
 * "Error: render exceeded memory limit". */
void ct_arena_set_limit(ct_arena *a, size_t limit);

#endif
