/* guard_int.h — the change guard's hooks for arena.c (guard.h). */
#ifndef CT_CORE_GUARD_INT_H
#define CT_CORE_GUARD_INT_H
#include "chartctl/arena.h"
/* P (a map or list) changed; SLOT (NULL: the change cannot be undone) is the entry whose value
 * was replaced, OLD what it held. */
void ct_guard__changed(const void *p, void *slot, const void *old);
/* A's memory from M on was given back. */
void ct_guard__released(const ct_arena *a, ct_arena_mark m);
#endif
