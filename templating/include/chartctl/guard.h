/* guard.h — the change guard: whether the values a computation could see have changed since
 * it ran, for caches of its result (the engine's include memo). One per thread.
 *
 * The guard watches one arena from a start point. Memory from before its "old" mark (or not
 * from that arena) is old; a change to an old map or list (the value model reports every
 * change through ct_arena_note_*) gives the guard a new state and moves the mark to that
 * moment, so whatever the change linked in counts as old from then on. Hence everything an
 * old value reaches is old, and a result computed from old values stays right for as long
 * as the state is the one it was computed in.
 *
 * A change that only replaced a map entry's value (Sprig's set on an existing key) can be
 * undone: when a computation ends with every entry it replaced holding its value from the
 * start again (templates that set a key to one value, include something, then set it back),
 * ct_guard_settle gives back the state it started in. States are never reused, so a result
 * kept in a state in between is never taken for one of another. */
#ifndef CHARTCTL_GUARD_H
#define CHARTCTL_GUARD_H

#include <stddef.h>
#include <stdint.h>

#include "chartctl/arena.h"

/* Starts the guard on A at A's current point, in a state of its own (NULL: stops it). Memory
 * of A from before this point must stay allocated until the guard stops or starts again. */
void ct_guard_start(ct_arena *a);
/* Starts the guard on A at A's current point in STATE, a state it stopped in (which states
 * then mean depends on the caller: nothing those results depend on may have changed while
 * the guard was stopped). The engine carries a file's state to the next so. */
void ct_guard_resume(ct_arena *a, uint64_t state);
/* The current state: nonzero while the guard runs, 0 when it is stopped. */
uint64_t ct_guard_state(void);

typedef struct ct_guard_point {
  uint64_t state, barriers;
  size_t log;
} ct_guard_point;
/* Where a computation begins, for ct_guard_settle. */
ct_guard_point ct_guard_here(void);
/* The computation begun at P has ended: when its changes to old values were all entry
 * replacements that now hold their values from P again, the state goes back to P's. Calls
 * must nest (settle inner points before outer ones). */
void ct_guard_settle(ct_guard_point p);

#endif
