/* exec_int.h — executor state shared by exec.c (walking, evaluation) and funcs.c (builtins):
 * values with their static interface{}-ness, variables, error reporting. */
#ifndef CT_TPL_EXEC_INT_H
#define CT_TPL_EXEC_INT_H

#include "tpl/tpl_int.h"

/* A value as reflect.Value sees it: V is the concrete value (NULL = nil); IFACE says it was
 * read out of an interface{} slot (a map[string]interface{} entry, a []interface{} item),
 * which Go reports as "interface {}" and treats as a nil interface rather than "no value". */
typedef struct xval {
  ct_value *v;
  bool iface;
} xval;

typedef struct xvar {
  const char *name;
  xval val;
} xvar;

typedef struct xstate {
  ct_tpl_set *set;
  ct_tpl__tree *tmpl;
  ct_buf *out;
  const ct_exec_opts *opts;
  ct_arena *a;
  const ct_tpl__node *node; /* for errors */
  xvar *vars;
  size_t nvars, capvars, vbase;
  xvar inline_vars[16];
  int depth, max_depth;
  bool failed;
  ct_buf *err;
} xstate;

void ct_tpl__errorf(xstate *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *ct_tpl__q(xstate *s, const char *str); /* %q, in the arena */
const char *ct_tpl__v(xstate *s, const ct_value *v); /* %v, in the arena */

/* Runs builtin ID (everything but and/or, which evalCall does itself). CALLEE is the text of
 * call's first argument. Returns 0, or -1 after ct_call_errorf. */
int ct_tpl__call_builtin(ct_call *c, ct_tpl__builtin id, const char *callee, ct_value **out,
                    ct_value *const *args, size_t nargs);

#endif
