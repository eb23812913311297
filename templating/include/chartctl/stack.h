/* stack.h — how much of the calling thread's stack is left, for recursive code (the template
 * parser and executor, the YAML and JSON readers, the walkers of values, the manifest reader
 * of releases) to stop with an error before it runs out. */
#ifndef CHARTCTL_STACK_H
#define CHARTCTL_STACK_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes between here and the lowest usable address of the thread's stack; a large number when
 * that is unknown. Cheap after the first call of the thread. */
size_t ct_stack_left(void);

/* Stack a recursive reader or walker keeps in hand: with less left it stops with an error,
 * and the error's message and the unwinding run in what is kept. */
#define CT_STACK_RESERVE ((size_t)64 << 10)
static inline bool ct_stack_low(void) { return ct_stack_left() < CT_STACK_RESERVE; }

#endif
