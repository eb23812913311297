/* stack.h — how much of the calling thread's stack is left, for recursive code (the template
 * parser and executor, the YAML loader and decoder) to stop with an error before it runs out.
 */
#ifndef CHARTCTL_STACK_H
#define CHARTCTL_STACK_H

#include <stddef.h>

/* Bytes between here and the lowest usable address of the thread's stack; a large number when
 * that is unknown. Cheap after the first call of the thread. */
size_t ct_stack_left(void);

#endif
