/* exec.c — the template executor, after Go's text/template/exec.go (Go 1.23): walks trees,
 * evaluates pipelines/fields/calls with Go's argument rules, scoping and error strings. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "tpl/tpl_int.h"
#include "tpl/exec_int.h"

#define DEFAULT_MAX_DEPTH 100000
#define STACK_MARGIN (256 * 1024)

typedef ct_tpl__node node;

enum { W_OK = 0, W_ERR = -1, W_BREAK = 1, W_CONT = 2 };

static ct_value v_true = {.type = CT_BOOL, .b = true};
static ct_value v_false = {.type = CT_BOOL, .b = false};
static ct_value v_empty = {.type = CT_STRING, .s = {"", 0}};

static const xval XNONE = {NULL, false};

/* ---------------- errors ---------------- */

static void location(ct_buf *out, const ct_tpl__tree *t, const node *n) {
  int64_t at = (int64_t)n->pos + t->pos_delta;
  size_t pos = at < 0 ? 0 : (uint64_t)at <= t->text_len ? (size_t)at : t->text_len;
  size_t line = 1, col = pos;
  const char *last_nl = NULL;
  for (const char *p = t->text; (p = memchr(p, '\n', (size_t)(t->text + pos - p))) != NULL; p++) {
    line++;
    last_nl = p;
  }
  if (last_nl) col = pos - (size_t)(last_nl + 1 - t->text);
  ct_buf_printf(out, "%s:%zu:%zu", t->parse_name, line, col);
}

void ct_tpl__errorf(xstate *s, const char *fmt, ...) {
  if (s->failed) return;
  s->failed = true;
  ct_buf *e = s->err;
  ct_buf_reset(e);
  ct_buf_puts(e, "template: ");
  if (!s->node) {
    ct_buf_puts(e, s->tmpl->name);
    ct_buf_puts(e, ": ");
  } else {
    location(e, s->tmpl, s->node);
    ct_buf_puts(e, ": executing ");
    ct_tpl__quote(e, s->tmpl->name, strlen(s->tmpl->name));
    ct_buf_puts(e, " at <");
    ct_tpl__node_string(e, s->node);
    ct_buf_puts(e, ">: ");
  }
  va_list ap;
  va_start(ap, fmt);
  ct_buf_vprintf(e, fmt, ap);
  va_end(ap);
}

/* %q of S, in the arena */
const char *ct_tpl__q(xstate *s, const char *str) {
  ct_buf b = CT_BUF_INIT;
  ct_tpl__quote(&b, str, strlen(str));
  char *r = ct_arena_strndup(s->a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return r;
}

/* node.String(), in the arena */
static const char *nstr(xstate *s, const node *n) {
  ct_buf b = CT_BUF_INIT;
  ct_tpl__node_string(&b, n);
  char *r = ct_arena_strndup(s->a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return r;
}

/* A value that reaches itself (Sprig's set $ "k" $) met by a printer or a copier */
#define CYCLE_MSG "the value contains itself (a map or list was set into itself)"
#define DEEP_MSG "the value is nested too deeply for the stack"

/* What printing or copying values met since the counts C (cycles) and D (too deep) were
 * taken: a message for the error it makes, or NULL. */
static const char *value_trouble(uint64_t c, uint64_t d) {
  return ct_value_too_deep() != d ? DEEP_MSG : ct_value_cycles() != c ? CYCLE_MSG : NULL;
}

/* fmt's %v of V, in the arena */
const char *ct_tpl__v(xstate *s, const ct_value *v) {
  ct_buf b = CT_BUF_INIT;
  ct_gofmt_value(&b, v);
  char *r = ct_arena_strndup(s->a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return r;
}

#define at(s, n) ((s)->node = (n))
#define CK(s)                 \
  do {                        \
    if ((s)->failed) return XNONE; \
  } while (0)

/* ---------------- variables ---------------- */

static void push(xstate *s, const char *name, xval v) {
  if (s->nvars == s->capvars) {
    size_t nc = s->capvars * 2;
    xvar *nv = malloc(nc * sizeof *nv);
    if (!nv) abort();
    memcpy(nv, s->vars, s->nvars * sizeof *nv);
    if (s->vars != s->inline_vars) free(s->vars);
    s->vars = nv;
    s->capvars = nc;
  }
  s->vars[s->nvars].name = name;
  s->vars[s->nvars].val = v;
  s->nvars++;
}

static void set_var(xstate *s, const char *name, xval v) {
  for (size_t i = s->nvars; i-- > s->vbase;) {
    if (strcmp(s->vars[i].name, name) == 0) {
      s->vars[i].val = v;
      return;
    }
  }
  ct_tpl__errorf(s, "undefined variable: %s", name);
}

static xval var_value(xstate *s, const char *name) {
  for (size_t i = s->nvars; i-- > s->vbase;)
    if (strcmp(s->vars[i].name, name) == 0) return s->vars[i].val;
  ct_tpl__errorf(s, "undefined variable: %s", name);
  return XNONE;
}

/* ---------------- evaluation ---------------- */

static xval eval_pipeline(xstate *s, xval dot, const node *pipe);
static xval eval_arg(xstate *s, xval dot, int pt, const node *n);
/* Where a call's result goes when an action prints it directly (print_direct): appended to
 * OUT by the function's print hook, or (FILTER) made from OUT's text from START, in place, by
 * its filter hook. DONE: the result is in OUT (else the call returned it as usual, with OUT
 * back at START, to be printed). */
typedef struct direct {
  ct_buf *out;
  size_t start;
  const ct_tpl__direct *forms; /* the function's */
  bool filter, done;
} direct;

static xval eval_call(xstate *s, xval dot, const ct_tpl__fentry *f, const node *n, const char *name,
                      node *const *args, size_t nargs, xval final, bool has_final, direct *d);

static void not_a_function(xstate *s, node *const *args, size_t nargs, bool has_final) {
  if (nargs > 1 || has_final) ct_tpl__errorf(s, "can't give argument to non-function %s", nstr(s, args[0]));
}

static xval ideal_constant(xstate *s, const node *n) {
  at(s, n);
  if (n->num->ideal) return (xval){n->num->ideal, false};
  ct_tpl__errorf(s, "%s overflows int", n->num->text);
  return XNONE;
}

static bool can_be_nil(int pt) {
  switch (pt) {
  case PT_ANY:
  case PT_VALUE:
  case PT_LIST:
  case PT_STRLIST:
  case PT_MAP:
  case PT_STRMAP:
  case PT_BYTES:
  case PT_GO_LOCATION:
  case PT_GO_SEMVER: return true;
  default: return false;
  }
}

static bool assignable(const ct_value *v, int pt) {
  switch (pt) {
  case PT_ANY:
  case PT_VALUE: return true;
  case PT_STRING: return v->type == CT_STRING;
  case PT_INT: return v->type == CT_INT && !v->gotype; /* not time.Month */
  case PT_INT64: return v->type == CT_INT64 && !v->gotype;
  case PT_FLOAT64: return v->type == CT_FLOAT64;
  case PT_BOOL: return v->type == CT_BOOL;
  case PT_LIST: return v->type == CT_LIST && v->gotype == CT_GO_PLAIN; /* not []int */
  case PT_STRLIST: return v->type == CT_STRLIST;
  case PT_MAP: return v->type == CT_MAP;
  case PT_STRMAP: return v->type == CT_STRMAP;
  case PT_BYTES: return v->type == CT_BYTES;
  case PT_GO_DURATION: return v->type == CT_INT64 && v->gotype == CT_GO_DURATION;
  case PT_GO_TIME:
  case PT_GO_LOCATION:
  case PT_GO_SEMVER:
    return v->type == CT_OBJECT && strcmp(ct_type_name(v), ct_tpl__ptype_name(pt)) == 0;
  default: return false;
  }
}

static xval validate_type(xstate *s, xval v, int pt) {
  if (s->failed || pt == 0) return v;
  if (!v.v) {
    if (!v.iface) {
      if (can_be_nil(pt)) return XNONE;
      ct_tpl__errorf(s, "invalid value; expected %s", ct_tpl__ptype_name(pt));
      return XNONE;
    }
    if (pt == PT_VALUE) return v; /* reflect.ValueOf(the nil interface) */
    if (pt == PT_ANY) return XNONE;
    ct_tpl__errorf(s, "wrong type for value; expected %s; got interface {}", ct_tpl__ptype_name(pt));
    return XNONE;
  }
  if (!assignable(v.v, pt)) {
    ct_tpl__errorf(s, "wrong type for value; expected %s; got %s", ct_tpl__ptype_name(pt), ct_type_name(v.v));
    return XNONE;
  }
  /* a named map (chartutil.Values) passed as map[string]interface {} is converted to it */
  if (pt == PT_MAP && v.v->gotype != CT_GO_PLAIN) return (xval){ct_value_as(s->a, v.v, CT_GO_PLAIN), false};
  return (xval){v.v, false};
}

/* Calls method NAME of V (an object or a named integer, of class CLS); on its error (-2)
 * reports Go's "error calling NAME: MSG". Kept out of eval_field so the message buffer is
 * not on the stack of every field step. */
static __attribute__((noinline)) int call_method(xstate *s, const node *n,
                                                 const ct_object_class *cls, ct_value *v,
                                                 const char *name, ct_value *const *argv,
                                                 size_t nargs, ct_value **out) {
  char errbuf[4096];
  errbuf[0] = 0;
  int rc = cls->method(out, v, name, argv, nargs, s->a, errbuf, sizeof errbuf);
  if (rc == -2) {
    at(s, n);
    ct_tpl__errorf(s, "error calling %s: %s", name, errbuf);
  }
  return rc;
}

/* A method of chartutil.Values (found before map keys, as Go's evalField does): Go's
 * evalCall checks the count, converts the argument to the parameter's type, then calls. */
static __attribute__((noinline)) xval call_values_method(xstate *s, xval dot, ct_value *v, const char *name,
                                                         const node *n, node *const *args, size_t nargs,
                                                         xval final, bool has_final) {
  int want = ct_tpl__values_method_arity(name);
  size_t na = nargs ? nargs - 1 : 0;
  size_t got = na + (has_final ? 1 : 0);
  if (got != (size_t)want) {
    ct_tpl__errorf(s, "wrong number of args for %s: want %d got %zu", name, want, got);
    return XNONE;
  }
  ct_value *arg = NULL;
  if (want == 1 && !strcmp(name, "Encode")) { /* func (Values) Encode(io.Writer) error */
    const node *a = na ? args[1] : NULL;
    if (a && a->type != N_DOT && a->type != N_FIELD && a->type != N_VARIABLE && a->type != N_PIPE &&
        a->type != N_IDENT && a->type != N_CHAIN) {
      at(s, a);
      ct_tpl__errorf(s, "can't handle %s for arg of type io.Writer", nstr(s, a));
      return XNONE;
    }
    xval x = a ? eval_arg(s, dot, PT_ANY, a) : final;
    CK(s);
    if (!x.v) {
      ct_tpl__errorf(s, "invalid value; expected io.Writer");
      return XNONE;
    }
    ct_tpl__errorf(s, "wrong type for value; expected io.Writer; got %s", ct_type_name(x.v));
    return XNONE;
  }
  if (want == 1) {
    if (na) {
      arg = eval_arg(s, dot, PT_STRING, args[1]).v;
    } else {
      arg = validate_type(s, final, PT_STRING).v;
    }
    CK(s);
  }
  ct_value *out = NULL;
  ct_buf err = CT_BUF_INIT;
  int rc = ct_tpl__values_method(&out, v, name, arg, s->a, &err);
  if (rc != 0) {
    at(s, n);
    ct_tpl__errorf(s, "error calling %s: %s", name, ct_buf_str(&err));
  }
  ct_buf_dispose(&err);
  return rc == 0 ? (xval){out, false} : XNONE;
}

/* evalField: one step of a field chain */
static xval eval_field(xstate *s, xval dot, const char *name, const node *n, node *const *args, size_t nargs,
                       xval final, bool has_final, xval recv) {
  if (!recv.v && !recv.iface) {
    if (s->opts->missingkey_error) ct_tpl__errorf(s, "nil data; no entry for key %s", ct_tpl__q(s, name));
    return XNONE;
  }
  const char *typ = recv.iface ? "interface {}" : ct_type_name(recv.v);
  if (!recv.v) {
    ct_tpl__errorf(s, "nil pointer evaluating %s.%s", typ, name);
    return XNONE;
  }
  ct_value *v = recv.v;
  bool has_args = nargs > 1 || has_final;
  const ct_object_class *cls = v->type == CT_OBJECT ? v->obj.cls
                               : v->gotype          ? ct_named_class(v)
                                                    : NULL;
  if (cls) {
    if (cls->has_method && cls->method && cls->has_method(v, name)) {
      /* method call: with a known signature, evalCall's count check and conversions;
       * otherwise arguments evaluated as interface {} */
      size_t na = nargs ? nargs - 1 : 0;
      size_t total = na + (has_final ? 1 : 0);
      const char *sigtext = cls->method_sig ? cls->method_sig(v, name) : NULL;
      ct_tpl__sig sig;
      bool typed = sigtext && ct_tpl__parse_sig(&sig, sigtext) && !sig.variadic;
      if (typed && total != sig.nparams) {
        ct_tpl__errorf(s, "wrong number of args for %s: want %u got %zu", name, (unsigned)sig.nparams, total);
        return XNONE;
      }
      if (typed && sig.nresults > 2) { /* goodFunc */
        ct_tpl__errorf(s, "function %s has %u return values; should be 1 or 2", name, (unsigned)sig.nresults);
        return XNONE;
      }
      if (typed && sig.nresults == 2 && !sig.ret_error) {
        ct_tpl__errorf(s, "invalid function signature for %s: second return value should be error; is %.*s",
                       name, (int)sig.ret2len, sig.ret2);
        return XNONE;
      }
      ct_value *stackv[8];
      ct_value **argv = total <= 8 ? stackv : ct_arena_alloc(s->a, total * sizeof *argv);
      for (size_t i = 0; i < na; i++) {
        argv[i] = eval_arg(s, dot, typed ? sig.ptypes[i] : PT_ANY, args[1 + i]).v;
        CK(s);
      }
      if (has_final) {
        argv[na] = typed ? validate_type(s, final, sig.ptypes[na]).v : final.v;
        CK(s);
      }
      ct_value *out = NULL;
      int rc = call_method(s, n, cls, v, name, argv, total, &out);
      if (rc == 0) return (xval){out, false};
      if (rc == -2) return XNONE;
    }
    ct_value *out = NULL;
    if (cls->field && cls->field(&out, v, name, s->a) == 0) {
      if (has_args) {
        ct_tpl__errorf(s, "%s has arguments but cannot be invoked as function", name);
        return XNONE;
      }
      return (xval){out, out == NULL};
    }
    ct_tpl__errorf(s, "can't evaluate field %s in type %s", name, typ);
    return XNONE;
  }
  if (v->type == CT_MAP && v->gotype == CT_GO_VALUES && ct_tpl__values_method_arity(name) >= 0)
    return call_values_method(s, dot, v, name, n, args, nargs, final, has_final);
  if (v->type == CT_MAP || v->type == CT_STRMAP) {
    if (has_args) {
      ct_tpl__errorf(s, "%s is not a method but has arguments", name);
      return XNONE;
    }
    ct_value *out = NULL;
    if (!ct_map_get(v, name, strlen(name), &out)) {
      if (s->opts->missingkey_error) {
        ct_tpl__errorf(s, "map has no entry for key %s", ct_tpl__q(s, name));
        return XNONE;
      }
      if (v->type == CT_STRMAP) return (xval){&v_empty, false};
      return (xval){NULL, true};
    }
    return (xval){out, v->type == CT_MAP};
  }
  ct_tpl__errorf(s, "can't evaluate field %s in type %s", name, typ);
  return XNONE;
}

static xval eval_field_chain(xstate *s, xval dot, xval recv, const node *n, const char *const *idents, size_t nid,
                             node *const *args, size_t nargs, xval final, bool has_final) {
  for (size_t i = 0; i + 1 < nid; i++) {
    recv = eval_field(s, dot, idents[i], n, NULL, 0, XNONE, false, recv);
    CK(s);
  }
  return eval_field(s, dot, idents[nid - 1], n, args, nargs, final, has_final, recv);
}

static xval eval_field_node(xstate *s, xval dot, const node *f, node *const *args, size_t nargs, xval final,
                            bool has_final) {
  at(s, f);
  return eval_field_chain(s, dot, dot, f, f->field.idents, f->field.n, args, nargs, final, has_final);
}

static xval eval_chain_node(xstate *s, xval dot, const node *c, node *const *args, size_t nargs, xval final,
                            bool has_final) {
  at(s, c);
  if (c->chain.node->type == N_NIL) {
    ct_tpl__errorf(s, "indirection through explicit nil in %s", nstr(s, c));
    return XNONE;
  }
  xval pipe = eval_arg(s, dot, 0, c->chain.node);
  CK(s);
  return eval_field_chain(s, dot, pipe, c, c->chain.fields, c->chain.n, args, nargs, final, has_final);
}

static xval eval_variable_node(xstate *s, xval dot, const node *v, node *const *args, size_t nargs, xval final,
                               bool has_final) {
  at(s, v);
  xval value = var_value(s, v->field.idents[0]);
  CK(s);
  if (v->field.n == 1) {
    if (args) not_a_function(s, args, nargs, has_final);
    return value;
  }
  return eval_field_chain(s, dot, value, v, v->field.idents + 1, v->field.n - 1, args, nargs, final, has_final);
}

static _Thread_local uint64_t function_calls;
uint64_t ct_tpl_function_calls(void) { return function_calls; }

/* The function identifier ID names in the executing set (NULL: none), cached in the node. */
static const ct_tpl__fentry *resolve_function(xstate *s, const node *id) {
  uint64_t key = ct_tpl__lookup_key(s->set);
  if (id->ident.key == key) return id->ident.fn;
  const ct_tpl__fentry *f = ct_tpl__find_func(s->set, id->ident.name, strlen(id->ident.name));
  node *cache = (node *)id; /* execution is single-threaded: the cache is the node's */
  cache->ident.fn = f;
  cache->ident.key = key;
  return f;
}

static xval eval_function(xstate *s, xval dot, const node *id, const node *cmd, node *const *args, size_t nargs,
                          xval final, bool has_final) {
  at(s, id);
  function_calls++;
  const ct_tpl__fentry *f = resolve_function(s, id);
  if (!f) {
    ct_tpl__errorf(s, "%s is not a defined function", ct_tpl__q(s, id->ident.name));
    return XNONE;
  }
  return eval_call(s, dot, f, cmd, id->ident.name, args, nargs, final, has_final, NULL);
}

static xval eval_empty_interface(xstate *s, xval dot, const node *n) {
  at(s, n);
  switch (n->type) {
  case N_BOOL: return (xval){n->b ? &v_true : &v_false, false};
  case N_DOT: return dot;
  case N_FIELD: return eval_field_node(s, dot, n, NULL, 0, XNONE, false);
  case N_IDENT: return eval_function(s, dot, n, n, NULL, 0, XNONE, false);
  case N_NUMBER: return ideal_constant(s, n);
  case N_STRING: return (xval){n->str.val, false};
  case N_VARIABLE: return eval_variable_node(s, dot, n, NULL, 0, XNONE, false);
  case N_PIPE: return eval_pipeline(s, dot, n);
  default: break;
  }
  ct_tpl__errorf(s, "can't handle assignment of %s to empty interface argument", nstr(s, n));
  return XNONE;
}

static xval eval_arg(xstate *s, xval dot, int pt, const node *n) {
  at(s, n);
  switch (n->type) {
  case N_DOT: return validate_type(s, dot, pt);
  case N_NIL:
    if (can_be_nil(pt)) return XNONE;
    ct_tpl__errorf(s, "cannot assign nil to %s", ct_tpl__ptype_name(pt));
    return XNONE;
  case N_FIELD: {
    node *self[1] = {(node *)n};
    return validate_type(s, eval_field_node(s, dot, n, self, 1, XNONE, false), pt);
  }
  case N_VARIABLE: return validate_type(s, eval_variable_node(s, dot, n, NULL, 0, XNONE, false), pt);
  case N_PIPE: return validate_type(s, eval_pipeline(s, dot, n), pt);
  case N_IDENT: return validate_type(s, eval_function(s, dot, n, n, NULL, 0, XNONE, false), pt);
  case N_CHAIN: return validate_type(s, eval_chain_node(s, dot, n, NULL, 0, XNONE, false), pt);
  default: break;
  }
  switch (pt) {
  case PT_BOOL:
    if (n->type == N_BOOL) return (xval){n->b ? &v_true : &v_false, false};
    ct_tpl__errorf(s, "expected bool; found %s", nstr(s, n));
    return XNONE;
  case PT_FLOAT64:
    if (n->type == N_NUMBER && (n->num->flags & NUM_FLOAT)) return (xval){ct_float(s->a, n->num->f), false};
    ct_tpl__errorf(s, "expected float; found %s", nstr(s, n));
    return XNONE;
  case PT_INT:
  case PT_INT64:
  case PT_GO_DURATION:
    if (n->type == N_NUMBER && (n->num->flags & NUM_INT)) {
      if (pt == PT_INT && n->num->ideal && n->num->ideal->type == CT_INT) return (xval){n->num->ideal, false};
      if (pt == PT_GO_DURATION) return (xval){ct_named_int(s->a, CT_GO_DURATION, n->num->i), false};
      return (xval){ct_int(s->a, pt == PT_INT ? CT_INT : CT_INT64, n->num->i), false};
    }
    ct_tpl__errorf(s, "expected integer; found %s", nstr(s, n));
    return XNONE;
  case PT_ANY:
  case PT_VALUE:
  case 0: return eval_empty_interface(s, dot, n);
  case PT_STRING:
    if (n->type == N_STRING) return (xval){n->str.val, false};
    ct_tpl__errorf(s, "expected string; found %s", nstr(s, n));
    return XNONE;
  default: break;
  }
  ct_tpl__errorf(s, "can't handle %s for arg of type %s", nstr(s, n), ct_tpl__ptype_name(pt));
  return XNONE;
}

/* ---- calls ---- */

struct ct_call {
  xstate *s;
  const ct_tpl__fentry *f;
  bool failed, raw;
  ct_buf msg;
};

ct_arena *ct_call_arena(ct_call *c) { return c->s->a; }
static _Thread_local uint64_t impure_calls;
uint64_t ct_tpl_impure_calls(void) { return impure_calls; }
void ct_call_impure(ct_call *c) {
  (void)c;
  impure_calls++;
}

void *ct_call_udata(ct_call *c) { return c->f && c->f->fn ? c->f->fn->udata : NULL; }
ct_tpl_set *ct_call_set(ct_call *c) { return c->s->set; }
void *ct_call_exec_udata(ct_call *c) { return c->s->opts->udata; }
const ct_exec_opts *ct_call_exec_opts(ct_call *c) { return c->s->opts; }

int ct_call_errorf(ct_call *c, const char *fmt, ...) {
  ct_buf_reset(&c->msg);
  va_list ap;
  va_start(ap, fmt);
  ct_buf_vprintf(&c->msg, fmt, ap);
  va_end(ap);
  c->failed = true;
  c->raw = false;
  return -1;
}

int ct_call_error_raw(ct_call *c, const char *msg) {
  ct_buf_reset(&c->msg);
  ct_buf_puts(&c->msg, msg);
  c->failed = true;
  c->raw = true;
  return -1;
}

static xval eval_call(xstate *s, xval dot, const ct_tpl__fentry *f, const node *n, const char *name,
                      node *const *args, size_t nargs, xval final, bool has_final, direct *d) {
  size_t na = nargs ? nargs - 1 : 0;
  node *const *argn = nargs ? args + 1 : NULL;
  const ct_tpl__sig *sig = f->sig;
  size_t num_in = na + (has_final ? 1 : 0);
  size_t num_fixed = na;
  if (sig->variadic) {
    num_fixed = (size_t)sig->nparams - 1;
    if (num_in < num_fixed) {
      ct_tpl__errorf(s, "wrong number of args for %s: want at least %zu got %zu", name, num_fixed, na);
      return XNONE;
    }
  } else if (num_in != sig->nparams) {
    ct_tpl__errorf(s, "wrong number of args for %s: want %u got %zu", name, (unsigned)sig->nparams, num_in);
    return XNONE;
  }

  if (f->builtin == B_AND || f->builtin == B_OR) {
    bool want = f->builtin == B_OR;
    xval v = XNONE;
    for (size_t i = 0; i < na; i++) {
      v = eval_arg(s, dot, PT_VALUE, argn[i]);
      CK(s);
      v.iface = false;
      if (ct_truth(v.v) == want) return v;
    }
    if (has_final) {
      v = validate_type(s, final, PT_VALUE);
      v.iface = false;
    }
    return v;
  }

  ct_value *stackv[8];
  ct_value **argv = num_in <= 8 ? stackv : ct_arena_alloc(s->a, num_in * sizeof *argv);
  size_t i = 0;
  for (; i < num_fixed && i < na; i++) {
    xval x = eval_arg(s, dot, sig->ptypes[i], argn[i]);
    CK(s);
    if (f->builtin == B_LEN && !x.v && x.iface) {
      /* len of a nil interface{} (a missing map entry): reflect sees a nil pointer */
      at(s, n);
      ct_tpl__errorf(s, "error calling len: len of nil pointer");
      return XNONE;
    }
    argv[i] = x.v;
  }
  if (sig->variadic) {
    int et = sig->ptypes[sig->nparams - 1];
    for (; i < na; i++) {
      argv[i] = eval_arg(s, dot, et, argn[i]).v;
      CK(s);
    }
  }
  if (d && d->filter) /* the piped string: what the previous command printed */
    final = (xval){ct_string_nocopy(s->a, ct_buf_str(d->out) + d->start, d->out->len - d->start),
                   false};
  if (has_final) {
    int t = sig->ptypes[sig->nparams - 1];
    if (sig->variadic && num_in - 1 < num_fixed) t = sig->ptypes[num_in - 1];
    argv[i] = validate_type(s, final, t).v;
    CK(s);
  }

  ct_call call = {s, f, false, false, CT_BUF_INIT};
  ct_value *out = NULL;
  int rc;
  uint64_t cycles = ct_value_cycles(), deep = ct_value_too_deep();
  if (f->builtin != B_NONE) {
    const char *callee = f->builtin == B_CALL && na > 0 ? nstr(s, argn[0]) : "";
    rc = ct_tpl__call_builtin(&call, f->builtin, callee, &out, argv, num_in);
  } else if (d && !d->filter) {
    rc = d->forms->print(&call, d->out, argv, num_in);
    d->done = rc == 0;
  } else if (d) {
    rc = d->forms->filter(&call, d->out, d->start, argv, num_in);
    d->done = rc == 0;
    if (rc == 1) { /* not for this text: FN on a copy of it, printed by the caller */
      argv[num_in - 1] = ct_string(s->a, ct_buf_str(d->out) + d->start, d->out->len - d->start);
      ct_buf_truncate(d->out, d->start);
      rc = f->fn->fn(&call, &out, argv, num_in);
    }
  } else {
    rc = f->fn->fn(&call, &out, argv, num_in);
  }
  const char *trouble = rc == 0 && !call.failed ? value_trouble(cycles, deep) : NULL;
  if (trouble) { /* printed or copied one */
    ct_buf_reset(&call.msg);
    ct_buf_puts(&call.msg, trouble);
    call.failed = true;
  }
  if (rc == 0 && !call.failed && ct_arena_over_limit(s->a)) { /* see ct_arena_set_limit */
    ct_buf_reset(&call.msg);
    ct_buf_puts(&call.msg, "render exceeded memory limit");
    call.failed = true;
  }
  if (rc != 0 || call.failed) {
    at(s, n);
    if (call.raw)
      ct_tpl__errorf(s, "%s", ct_buf_str(&call.msg));
    else
      ct_tpl__errorf(s, "error calling %s: %s", name, ct_buf_str(&call.msg));
    ct_buf_dispose(&call.msg);
    return XNONE;
  }
  ct_buf_dispose(&call.msg);
  if (s->failed) return XNONE;
  /* a nil result of a function returning interface{} is a nil interface, not "no value" */
  return (xval){out, out == NULL};
}

static xval eval_command(xstate *s, xval dot, const node *cmd, xval final, bool has_final) {
  node *const *args = cmd->list.items;
  size_t nargs = cmd->list.n;
  const node *first = args[0];
  switch (first->type) {
  case N_FIELD: return eval_field_node(s, dot, first, args, nargs, final, has_final);
  case N_CHAIN: return eval_chain_node(s, dot, first, args, nargs, final, has_final);
  case N_IDENT: return eval_function(s, dot, first, cmd, args, nargs, final, has_final);
  case N_PIPE:
    not_a_function(s, args, nargs, has_final);
    CK(s);
    return eval_pipeline(s, dot, first);
  case N_VARIABLE: return eval_variable_node(s, dot, first, args, nargs, final, has_final);
  default: break;
  }
  at(s, first);
  not_a_function(s, args, nargs, has_final);
  CK(s);
  switch (first->type) {
  case N_BOOL: return (xval){first->b ? &v_true : &v_false, false};
  case N_DOT: return dot;
  case N_NIL: ct_tpl__errorf(s, "nil is not a command"); return XNONE;
  case N_NUMBER: return ideal_constant(s, first);
  case N_STRING: return (xval){first->str.val, false};
  default: break;
  }
  ct_tpl__errorf(s, "can't evaluate command %s", ct_tpl__q(s, nstr(s, first)));
  return XNONE;
}

static xval eval_pipeline(xstate *s, xval dot, const node *pipe) {
  if (!pipe) return XNONE;
  at(s, pipe);
  /* parenthesised pipelines nest as deep as the parser allows: an error, not a stack overflow
   * (Go's goroutine stacks grow; ours do not). Half the template margin, so that a template
   * calling itself forever still meets Go's "exceeded maximum template depth" first. */
  if (ct_tpl__stack_left() < STACK_MARGIN / 2) {
    ct_tpl__errorf(s, "max expression depth exceeded");
    return XNONE;
  }
  xval value = XNONE;
  for (size_t i = 0; i < pipe->pipe.cmds.n; i++) {
    value = eval_command(s, dot, pipe->pipe.cmds.items[i], value, i > 0);
    CK(s);
    value.iface = false; /* an interface{} is dug into */
  }
  for (size_t i = 0; i < pipe->ndecl; i++) {
    const char *name = pipe->pipe.decl[i]->field.idents[0];
    if (pipe->is_assign)
      set_var(s, name, value);
    else
      push(s, name, value);
    CK(s);
  }
  return value;
}

/* ---------------- walking ---------------- */

static int walk(xstate *s, xval dot, const node *n);
static void print_value(xstate *s, const node *n, const ct_value *v);

/* The direct forms of command CMD when it calls a function that has them, else NULL. */
static const ct_tpl__direct *direct_forms(xstate *s, const node *cmd, const ct_tpl__fentry **f) {
  const node *id = cmd->list.items[0];
  if (id->type != N_IDENT) return NULL;
  *f = resolve_function(s, id);
  return *f ? ct_tpl__direct_of(s->set, *f) : NULL;
}

/* An action that prints what its pipeline computes, where the pipeline ends in a call to F, or
 * F piped into G, F having a print form and G a filter form (ct_tpl_set_direct): F writes its
 * string straight into the output and G rewrites it there, instead of each making a string the
 * next copies ({{ include "x" . | nindent 4 }}, {{ .Values.a | toYaml | indent 2 }}). The
 * commands before F are evaluated as eval_pipeline does; the calls go through eval_call, so
 * arguments, type checks, errors and their positions are the pipeline's. Returns W_OK or W_ERR,
 * or -1 for an action of another shape (walked as usual). */
static int print_direct(xstate *s, xval dot, const node *n) {
  const node *pipe = n->action;
  size_t nc = pipe->pipe.cmds.n;
  if (nc < 1) return -1;
  node *const *cmds = pipe->pipe.cmds.items;
  const ct_tpl__fentry *f[2] = {NULL, NULL};
  const ct_tpl__direct *forms[2] = {NULL, NULL};
  size_t p; /* F's command */
  forms[1] = direct_forms(s, cmds[nc - 1], &f[1]);
  if (forms[1] && forms[1]->filter && nc >= 2 &&
      (forms[0] = direct_forms(s, cmds[nc - 2], &f[0])) && forms[0]->print) {
    p = nc - 2;
  } else if (forms[1] && forms[1]->print) {
    p = nc - 1, forms[0] = forms[1], f[0] = f[1], forms[1] = NULL;
  } else {
    return -1;
  }
  at(s, pipe);
  if (ct_tpl__stack_left() < STACK_MARGIN / 2) return -1; /* eval_pipeline words it */
  xval value = XNONE;
  for (size_t i = 0; i < p; i++) {
    value = eval_command(s, dot, cmds[i], value, i > 0);
    if (s->failed) return W_ERR;
    value.iface = false; /* an interface{} is dug into */
  }
  direct d = {s->out, s->out->len, NULL, false, false};
  for (size_t i = p; i < nc; i++) {
    const node *id = cmds[i]->list.items[0];
    at(s, id);
    function_calls++;
    d.forms = forms[i - p];
    d.filter = i > p;
    d.done = false;
    xval v = eval_call(s, dot, f[i - p], cmds[i], id->ident.name, cmds[i]->list.items,
                       cmds[i]->list.n, value, i > 0, &d);
    if (s->failed) return W_ERR;
    if (!d.done) print_value(s, n, v.v); /* the filter declined: its result, printed */
    if (s->failed) return W_ERR;
  }
  return W_OK;
}

static __attribute__((noinline)) void print_value(xstate *s, const node *n, const ct_value *v) {
  at(s, n);
  if (!v) {
    ct_buf_put(s->out, "<no value>", 10);
    return;
  }
  switch (v->type) {
  case CT_STRING: ct_buf_put(s->out, v->s.ptr, v->s.len); return;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: {
    if (v->gotype) { /* a named integer prints through its String method */
      ct_gofmt_value(s->out, v);
      return;
    }
    char b[24];
    int k = snprintf(b, sizeof b, "%" PRId64, v->i);
    ct_buf_put(s->out, b, (size_t)k);
    return;
  }
  case CT_UINT:
  case CT_UINT64:
  case CT_UINT8: {
    char b[24];
    int k = snprintf(b, sizeof b, "%" PRIu64, v->u);
    ct_buf_put(s->out, b, (size_t)k);
    return;
  }
  case CT_BOOL: ct_buf_puts(s->out, v->b ? "true" : "false"); return;
  case CT_OBJECT:
    if (v->obj.cls->go_type[0] == '*') {
      /* printableValue dereferences a pointer before fmt sees it: {a b}, not &{a b} */
      ct_buf tmp = CT_BUF_INIT;
      ct_gofmt_value(&tmp, v);
      const char *p = ct_buf_str(&tmp);
      size_t skip = tmp.len > 1 && p[0] == '&' && p[1] == '{' ? 1 : 0;
      ct_buf_put(s->out, p + skip, tmp.len - skip);
      ct_buf_dispose(&tmp);
      return;
    }
    ct_gofmt_value(s->out, v);
    return;
  default: {
    uint64_t cycles = ct_value_cycles(), deep = ct_value_too_deep();
    ct_gofmt_value(s->out, v);
    /* Go's fmt recurses until its stack overflows: an error instead */
    const char *trouble = value_trouble(cycles, deep);
    if (trouble) ct_tpl__errorf(s, "%s", trouble);
    return;
  }
  }
}

static __attribute__((noinline)) int walk_if_or_with(xstate *s, bool is_with, xval dot, const node *n) {
  size_t mark = s->nvars;
  xval val = eval_pipeline(s, dot, n->branch.pipe);
  int r = W_OK;
  if (s->failed) {
    r = W_ERR;
  } else if (ct_truth(val.v)) {
    r = walk(s, is_with ? val : dot, n->branch.list);
  } else if (n->branch.else_list) {
    r = walk(s, dot, n->branch.else_list);
  }
  s->nvars = mark;
  return r;
}

/* one range iteration; returns W_OK to go on, W_BREAK to stop, W_ERR */
static int one_iteration(xstate *s, const node *r, size_t mark, xval index, xval elem) {
  const node *pipe = r->branch.pipe;
  if (ct_arena_over_limit(s->a)) { /* a loop building something too big */
    at(s, r);
    ct_tpl__errorf(s, "render exceeded memory limit");
    return W_ERR;
  }
  if (pipe->ndecl > 0) {
    if (pipe->is_assign) {
      set_var(s, pipe->pipe.decl[0]->field.idents[0], pipe->ndecl > 1 ? index : elem);
      if (s->failed) return W_ERR;
    } else {
      s->vars[s->nvars - 1].val = elem;
    }
  }
  if (pipe->ndecl > 1) {
    if (pipe->is_assign) {
      set_var(s, pipe->pipe.decl[1]->field.idents[0], elem);
      if (s->failed) return W_ERR;
    } else {
      s->vars[s->nvars - 2].val = index;
    }
  }
  int w = walk(s, elem, r->branch.list);
  s->nvars = mark;
  if (w == W_CONT) w = W_OK;
  return w;
}

static __attribute__((noinline)) int walk_range(xstate *s, xval dot, const node *r) {
  at(s, r);
  size_t mark0 = s->nvars;
  xval val = eval_pipeline(s, dot, r->branch.pipe);
  if (s->failed) {
    s->nvars = mark0;
    return W_ERR;
  }
  size_t mark = s->nvars;
  bool need_index = r->branch.pipe->ndecl > 1;
  ct_value *v = ct_tpl__as_container(s->a, val.v);
  int w = W_OK;
  bool ran = false;
  if (!v) {
    /* nil ranges like an empty map */
  } else if (v->type == CT_LIST || v->type == CT_STRLIST || v->type == CT_BYTES) {
    size_t len = v->type == CT_BYTES ? v->s.len : v->list->len;
    for (size_t i = 0; i < len && w == W_OK; i++) {
      ran = true;
      xval idx = {need_index ? ct_int(s->a, CT_INT, (int64_t)i) : NULL, false};
      xval elem;
      if (v->type == CT_BYTES)
        elem = (xval){ct_uint(s->a, CT_UINT8, (unsigned char)v->s.ptr[i]), false};
      else
        elem = (xval){v->list->items[i], v->type == CT_LIST};
      w = one_iteration(s, r, mark, idx, elem);
      if (v->type != CT_BYTES && i >= v->list->len) break;
    }
  } else if (v->type == CT_MAP || v->type == CT_STRMAP) {
    size_t n = 0;
    const ct_map_entry *ents = ct_map_sorted(s->a, v, &n);
    if (n > 0) {
      /* the body may mutate the map: iterate over a snapshot as Go's fmtsort does */
      ct_map_entry *snap = ct_arena_alloc(s->a, n * sizeof *snap);
      memcpy(snap, ents, n * sizeof *snap);
      for (size_t i = 0; i < n && w == W_OK; i++) {
        ran = true;
        xval key = {need_index ? ct_string_nocopy(s->a, snap[i].key.ptr, snap[i].key.len) : NULL, false};
        w = one_iteration(s, r, mark, key, (xval){snap[i].value, v->type == CT_MAP});
      }
    }
  } else {
    ct_tpl__errorf(s, "range can't iterate over %s", ct_tpl__v(s, v));
    s->nvars = mark0;
    return W_ERR;
  }
  if (w == W_ERR) {
    s->nvars = mark0;
    return W_ERR;
  }
  if (!ran && r->branch.else_list) w = walk(s, dot, r->branch.else_list);
  if (w == W_BREAK) w = W_OK;
  s->nvars = mark0;
  return w;
}

static __attribute__((noinline)) int walk_template(xstate *s, xval dot, const node *t) {
  at(s, t);
  ct_tpl__tree *tmpl = ct_tpl__lookup(s->set, t->tmpl.name);
  if (!tmpl || !tmpl->root) {
    ct_tpl__errorf(s, "template %s not defined", ct_tpl__q(s, t->tmpl.name));
    return W_ERR;
  }
  if (s->depth >= s->max_depth || ct_tpl__stack_left() < STACK_MARGIN) {
    ct_tpl__errorf(s, "exceeded maximum template depth (%d)", s->max_depth);
    return W_ERR;
  }
  xval ndot = eval_pipeline(s, dot, t->tmpl.pipe);
  if (s->failed) return W_ERR;
  ndot.iface = false;
  ct_tpl__tree *saved_tmpl = s->tmpl;
  size_t saved_base = s->vbase, saved_n = s->nvars;
  s->depth++;
  s->tmpl = tmpl;
  s->vbase = s->nvars;
  push(s, "$", ndot);
  int w = walk(s, ndot, tmpl->root);
  s->tmpl = saved_tmpl;
  s->vbase = saved_base;
  s->nvars = saved_n;
  s->depth--;
  return w == W_ERR ? W_ERR : W_OK;
}

static int walk(xstate *s, xval dot, const node *n) {
  at(s, n);
  switch (n->type) {
  case N_TEXT: ct_buf_put(s->out, n->text.s, n->text.len); return W_OK;
  case N_ACTION: {
    if (n->action->ndecl == 0) {
      int w = print_direct(s, dot, n);
      if (w >= 0) return w;
    }
    xval val = eval_pipeline(s, dot, n->action);
    if (s->failed) return W_ERR;
    if (n->action->ndecl == 0) print_value(s, n, val.v);
    return s->failed ? W_ERR : W_OK; /* (a value that contains itself) */
  }
  case N_LAZY: /* a branch from the parse cache, taken for the first time */
    if (!ct_tpl__decode_lazy((node *)n)) {
      ct_tpl__errorf(s, "the parse cache entry of this template is damaged (it is parsed again "
                        "when removed)");
      return W_ERR;
    }
    /* now the list it stood for */
    __attribute__((fallthrough));
  case N_LIST:
    for (size_t i = 0; i < n->list.n; i++) {
      int w = walk(s, dot, n->list.items[i]);
      if (w != W_OK) return w;
    }
    return W_OK;
  case N_IF: return walk_if_or_with(s, false, dot, n);
  case N_WITH: return walk_if_or_with(s, true, dot, n);
  case N_RANGE: return walk_range(s, dot, n);
  case N_TEMPLATE: return walk_template(s, dot, n);
  case N_BREAK: return W_BREAK;
  case N_CONTINUE: return W_CONT;
  case N_COMMENT: return W_OK;
  default: ct_tpl__errorf(s, "unknown node: %s", nstr(s, n)); return W_ERR;
  }
}

int ct_tpl_execute(ct_tpl_set *set, const char *name, ct_value *dot, ct_buf *out, const ct_exec_opts *opts,
                   ct_buf *err) {
  ct_buf localerr = CT_BUF_INIT;
  if (!err) err = &localerr;
  if (!set || !name || !out || !opts || !opts->arena) {
    ct_buf_reset(err);
    ct_buf_puts(err, "template: execute needs a set, a name, an output and an arena");
    ct_buf_dispose(&localerr);
    return -1;
  }
  ct_tpl__tree *t = ct_tpl__lookup(set, name);
  if (!t) {
    ct_buf_reset(err);
    ct_buf_puts(err, "template: no template ");
    ct_tpl__quote(err, name, strlen(name));
    ct_buf_puts(err, " associated with template ");
    ct_tpl__quote(err, set->name, strlen(set->name));
    ct_buf_dispose(&localerr);
    return -1;
  }
  xstate s;
  memset(&s, 0, sizeof s);
  s.set = set;
  s.tmpl = t;
  s.out = out;
  s.opts = opts;
  s.a = opts->arena;
  s.err = err;
  s.max_depth = opts->max_depth > 0 ? opts->max_depth : DEFAULT_MAX_DEPTH;
  s.vars = s.inline_vars;
  s.capvars = sizeof s.inline_vars / sizeof s.inline_vars[0];
  xval d = {dot, false};
  push(&s, "$", d);
  int rc = 0;
  if (!t->root) {
    ct_tpl__errorf(&s, "%s is an incomplete or empty template", ct_tpl__q(&s, name));
    rc = -1;
  } else if (ct_tpl__stack_left() < STACK_MARGIN) {
    ct_tpl__errorf(&s, "exceeded maximum template depth (%d)", s.max_depth);
    rc = -1;
  } else {
    rc = walk(&s, d, t->root) == W_ERR ? -1 : 0;
    if (rc == 0 && ct_arena_over_limit(s.a)) { /* past the limit outside calls and loops */
      ct_tpl__errorf(&s, "render exceeded memory limit");
      rc = -1;
    }
  }
  if (s.vars != s.inline_vars) free(s.vars);
  ct_buf_dispose(&localerr);
  return rc;
}
