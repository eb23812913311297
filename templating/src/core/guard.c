/* guard.c — the change guard (guard.h): the state, the old mark, and the undo log of entry
 * replacements that lets a computation whose changes cancel out give its state back. The
 * value model reaches it through arena.c's ct_arena_note_* (the ct_guard__ hooks below). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/guard.h"
#include "core/guard_int.h"

/* Replacements logged per guard start; past it every change is a barrier. */
#define LOG_MAX 4096u
/* A settle compares at most this many logged replacements (each against the earlier ones). */
#define SETTLE_MAX 64u

typedef struct undo {
  void *slot;      /* where the entry's value pointer lies */
  const void *old; /* what it held before the replacement */
} undo;

static _Thread_local struct {
  ct_arena *a;
  ct_arena_mark start; /* memory from before it stays until the guard stops */
  ct_arena_mark old;   /* memory from before it (or from elsewhere) is old */
  uint64_t state, last, barriers;
  undo *log;
  size_t nlog, caplog;
} G;

void ct_guard_start(ct_arena *a) {
  G.a = a;
  G.nlog = 0;
  G.barriers++;
  if (!a) {
    G.state = 0;
    free(G.log);
    G.log = NULL;
    G.caplog = 0;
    return;
  }
  G.state = ++G.last;
  G.start = G.old = ct_arena_mark_here(a);
}

void ct_guard_resume(ct_arena *a, uint64_t state) {
  ct_guard_start(a);
  if (a && state && state <= G.last) G.state = state;
}

uint64_t ct_guard_state(void) { return G.state; }

ct_guard_point ct_guard_here(void) {
  return (ct_guard_point){.state = G.state, .barriers = G.barriers, .log = G.nlog};
}

static bool log_replacement(void *slot, const void *old) {
  if (G.nlog == G.caplog) {
    if (G.caplog >= LOG_MAX) return false;
    size_t cap = G.caplog ? G.caplog * 2 : 32;
    undo *l = realloc(G.log, cap * sizeof *l);
    if (!l) return false;
    G.log = l;
    G.caplog = cap;
  }
  G.log[G.nlog++] = (undo){slot, old};
  return true;
}

void ct_guard__changed(const void *p, void *slot, const void *old) {
  if (!G.a || ct_arena_since(G.a, G.old, p)) return; /* new memory: no old value reaches it */
  G.state = ++G.last;
  G.old = ct_arena_mark_here(G.a);
  /* a replacement can be undone only in memory that stays while the guard runs (its slot is
   * read back at a settle) */
  if (!slot || ct_arena_since(G.a, G.start, p) || !log_replacement(slot, old)) G.barriers++;
}

void ct_guard__released(const ct_arena *a, ct_arena_mark m) {
  /* what was given back was reached from nothing older than M (a watch or the caller made
   * sure of it): old memory ends at M at the latest, or memory handed out again from M on
   * would count as old. Marks taken while the guard runs follow allocation order: the same
   * chunk count means the same head chunk. */
  if (G.a == a && (m.seq < G.old.seq || (m.seq == G.old.seq && m.used < G.old.used))) G.old = m;
}

static const void *slot_value(const void *slot) {
  const void *v;
  memcpy(&v, slot, sizeof v);
  return v;
}

void ct_guard_settle(ct_guard_point p) {
  if (!G.a || G.state == p.state || G.barriers != p.barriers || p.log > G.nlog) return;
  size_t n = G.nlog - p.log;
  if (n > SETTLE_MAX) return;
  const undo *seg = G.log + p.log;
  for (size_t i = 0; i < n; i++) {
    bool first = true; /* the first replacement of a slot logged what it held at P */
    for (size_t j = 0; j < i && first; j++)
      first = seg[j].slot != seg[i].slot;
    if (first && slot_value(seg[i].slot) != seg[i].old) return;
  }
  G.state = p.state;
  G.nlog = p.log;
}
