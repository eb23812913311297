/* small_stack.h — for unit tests of code that must stop before the stack runs out (deeply
 * nested documents and values): runs a function on a thread with a stack of a given size.
 * Include after <cmocka.h>. */
#ifndef CT_TEST_SMALL_STACK_H
#define CT_TEST_SMALL_STACK_H

#include <pthread.h>
#include <stddef.h>

/* Runs FN(ARG) on a thread of STACK bytes of stack and waits for it. */
__attribute__((unused)) static void ct_test_on_stack(void *(*fn)(void *), void *arg,
                                                     size_t stack) {
  pthread_attr_t at;
  pthread_t t;
  assert_int_equal(0, pthread_attr_init(&at));
  assert_int_equal(0, pthread_attr_setstacksize(&at, stack));
  assert_int_equal(0, pthread_create(&t, &at, fn, arg));
  assert_int_equal(0, pthread_join(t, NULL));
  pthread_attr_destroy(&at);
}

#endif
