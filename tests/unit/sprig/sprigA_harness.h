/* sprigA_harness.h — shared by the Sprig part-A unit tests: a stand-in for the executor's
 * ct_call, value builders, calls by name through the family tables, results as Go's %v. */
#ifndef SPRIGA_HARNESS_H
#define SPRIGA_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/gofmt.h"
#include "chartctl/tpl.h"

/* The family tables, declared here without sprig_int.h's weak attribute: a weak reference
 * does not pull an object out of a static library. */
const ct_func *ct_sprig__strings(size_t *n);
const ct_func *ct_sprig__lists(size_t *n);
const ct_func *ct_sprig__dicts(size_t *n);
const ct_func *ct_sprig__defaults(size_t *n);
const ct_func *ct_sprig__math(size_t *n);
const ct_func *ct_sprig__conv(size_t *n);
const ct_func *ct_sprig__reflect(size_t *n);

/* The executor's call context, reduced to what function implementations use. */
struct ct_call {
  ct_arena *a;
  char err[2048];
};
ct_arena *ct_call_arena(ct_call *c) { return c->a; }
void *ct_call_udata(ct_call *c) {
  (void)c;
  return NULL;
}
int ct_call_errorf(ct_call *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->err, sizeof c->err, fmt, ap);
  va_end(ap);
  return -1;
}

static ct_call H;
static ct_value END_;
#define END (&END_)
#define NIL ((ct_value *)NULL)

static inline int h_setup(void **state) {
  (void)state;
  H.a = ct_arena_new();
  H.err[0] = 0;
  return 0;
}
static inline int h_teardown(void **state) {
  (void)state;
  ct_arena_free(H.a);
  H.a = NULL;
  return 0;
}

static inline const ct_func *h_find(const char *name) {
  const ct_func *(*fams[])(size_t *) = {ct_sprig__strings,  ct_sprig__lists, ct_sprig__dicts,
                                        ct_sprig__defaults, ct_sprig__math,  ct_sprig__conv,
                                        ct_sprig__reflect};
  for (size_t f = 0; f < sizeof fams / sizeof fams[0]; f++) {
    size_t n;
    const ct_func *t = fams[f](&n);
    for (size_t i = 0; i < n; i++)
      if (strcmp(t[i].name, name) == 0) return &t[i];
  }
  return NULL;
}

static inline const char *h_sig(const char *name) {
  const ct_func *f = h_find(name);
  return f ? f->sig : "(missing)";
}

/* Calls NAME with the arguments up to END; returns the result, or END_ on error (message
 * in H.err). */
static inline ct_value *h_call(const char *name, ct_value **args) {
  const ct_func *f = h_find(name);
  if (!f) fail_msg("no function %s", name);
  size_t n = 0;
  while (args[n] != END)
    n++;
  ct_value *out = END;
  H.err[0] = 0;
  if (f->fn(&H, &out, args, n) != 0) return END;
  assert_true(out != END);
  return out;
}
#define CALL(name, ...) h_call(name, (ct_value *[]){__VA_ARGS__, END})
#define CALL0(name) h_call(name, (ct_value *[]){END})

/* %v of a value, in the arena. */
static inline const char *V(const ct_value *v) {
  if (v == END) return "(error)";
  ct_buf b = CT_BUF_INIT;
  ct_gofmt_value(&b, v);
  char *s = ct_arena_strndup(H.a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return s;
}

#define EXPECT_V(want, name, ...) assert_string_equal(want, V(CALL(name, __VA_ARGS__)))
#define EXPECT_ERR(msg, name, ...)                                                                 \
  do {                                                                                             \
    assert_true(CALL(name, __VA_ARGS__) == END);                                                   \
    assert_string_equal(msg, H.err);                                                               \
  } while (0)
#define EXPECT_TYPE(t, v) assert_string_equal(t, ct_type_name(v))

static inline ct_value *S(const char *s) { return ct_cstring(H.a, s); }
static inline ct_value *I(int64_t i) { return ct_int(H.a, CT_INT, i); }
static inline ct_value *I64(int64_t i) { return ct_int(H.a, CT_INT64, i); }
static inline ct_value *F(double f) { return ct_float(H.a, f); }
static inline ct_value *B(bool b) { return ct_bool(H.a, b); }
/* A []interface{} of the items up to END. */
static inline ct_value *h_list(ct_value **items) {
  ct_value *l = ct_list_new(H.a, CT_LIST, 0);
  for (size_t i = 0; items[i] != END; i++)
    ct_list_push(H.a, l, items[i]);
  return l;
}
#define L(...) h_list((ct_value *[]){__VA_ARGS__, END})
#define L0() ct_list_new(H.a, CT_LIST, 0)
/* A map[string]interface{} from "key", value pairs up to END. */
static inline ct_value *h_map(ct_value **kv) {
  ct_value *m = ct_map_new(H.a, CT_MAP, 0);
  for (size_t i = 0; kv[i] != END; i += 2)
    ct_map_set(H.a, m, kv[i]->s.ptr, kv[i]->s.len, kv[i + 1]);
  return m;
}
#define M(...) h_map((ct_value *[]){__VA_ARGS__, END})
#define M0() ct_map_new(H.a, CT_MAP, 0)

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)

#endif
