/* tpl.h — Go's text/template for C: parse named templates into a set, execute them against
 * a value, with a table of functions. Error strings are exactly Go's (the engine applies
 * Helm's rewriting on top). */
#ifndef CHARTCTL_TPL_H
#define CHARTCTL_TPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/value.h"

typedef struct ct_tpl_set ct_tpl_set;   /* named templates (files and defines), plus funcs */
typedef struct ct_call ct_call;         /* one function call in progress */

/* ---- functions ----
 * A function's Go signature is written as a string the executor uses to apply Go's
 * argument rules (assignability, "wrong type for value; expected X; got Y", numeric
 * constants converted to the parameter type, nil only where Go allows it):
 *   "PARAMS->RESULT"  PARAMS comma separated, RESULT one type, optionally ",error"
 * types: any string int int64 float64 bool []any []string map[string]any map[string]string
 *        bytes ...any ...string ...int (variadic, last only)
 * e.g. upper "string->string", default "any,...any->any", required "string,any->any,error",
 * dict "...any->map[string]any", fail "string->string,error".
 * The implementation receives arguments already converted; it returns 0 with *out set
 * (NULL is nil), or -1 after ct_call_errorf (Go's "error calling NAME: MSG" is added by the
 * executor). */
typedef int (*ct_func_impl)(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs);

typedef struct ct_func {
  const char *name;
  const char *sig;
  ct_func_impl fn;
  void *udata; /* given back through ct_call_udata */
} ct_func;

/* Per-call services for function implementations. */
ct_arena *ct_call_arena(ct_call *c);
void *ct_call_udata(ct_call *c);
/* The set executing (for include/tpl), and the engine's user data given at execution. */
ct_tpl_set *ct_call_set(ct_call *c);
void *ct_call_exec_udata(ct_call *c);
/* The options the current execution runs with (arena, udata, max_depth, missingkey). */
const struct ct_exec_opts *ct_call_exec_opts(ct_call *c);
/* The call's result is not fixed by its arguments (randomness, the clock, the network, a
 * cluster): implementations of such functions call this first, so that nothing computed with
 * the call is reused (the engine's include memo). */
void ct_call_impure(ct_call *c);
/* How many calls this thread has marked impure so far. */
uint64_t ct_tpl_impure_calls(void);
/* How many function calls this thread's executions have made so far (a measure of what an
 * execution cost, for the include memo). */
uint64_t ct_tpl_function_calls(void);
/* Fails the call: the executor reports Go's
 *   template: LOC: executing "NAME" at <NODE>: error calling FUNC: MSG */
int ct_call_errorf(ct_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Fails the call with MSG used verbatim after the position prefix (no "error calling X: "):
 *   template: LOC: executing "NAME" at <NODE>: MSG */
int ct_call_error_raw(ct_call *c, const char *msg);

/* ---- sets ---- */
ct_tpl_set *ct_tpl_set_new(void);
void ct_tpl_set_free(ct_tpl_set *s); /* accepts NULL */
/* A cheap clone for Helm's tpl (Go's Template.Clone): a set whose lookups (templates and
 * functions) fall through to PARENT, while parses and ct_tpl_set_funcs on it stay in it.
 * PARENT must outlive the overlay; free the overlay with ct_tpl_set_free. What the overlay
 * parses is allocated in the root set's arena (string constants may end up in values, e.g.
 * Sprig's set on .Values inside tpl), so it lives as long as the root set. */
ct_tpl_set *ct_tpl_set_overlay(ct_tpl_set *parent);
/* The name Go reports in "template: no template %q associated with template %q" (Helm:
 * "gotpl"). Default "". */
void ct_tpl_set_name(ct_tpl_set *s, const char *name);
/* Adds functions (the table must outlive the set; later tables override earlier names). */
void ct_tpl_set_funcs(ct_tpl_set *s, const ct_func *funcs, size_t n);
/* Direct forms of "...->string" functions, for an action that prints their result: the
 * result is written where the action prints it instead of being made as a string that the
 * next step copies (include's text, indented, goes into the output once instead of three
 * times). The executor uses them only for an action {{ F args }} or {{ F args | G args }}
 * whose value is printed, F having a print form and G a filter form; arguments, type checks
 * and every error are the call's own.
 * print: appends F's result to OUT; the same return and errors as the function, and OUT as it
 * was on an error. filter (G's last argument is the piped string): the piped string is OUT's
 * text from START, and G's result replaces it there; returns 0 (done), 1 (declined, OUT
 * unchanged: the executor calls the function on the text instead), or -1 after
 * ct_call_errorf. */
typedef int (*ct_func_print)(ct_call *c, ct_buf *out, ct_value *const *args, size_t nargs);
typedef int (*ct_func_filter)(ct_call *c, ct_buf *out, size_t start, ct_value *const *args,
                              size_t nargs);
typedef struct ct_func_direct {
  const char *name;      /* a function of the set */
  ct_func_print print;   /* or NULL */
  ct_func_filter filter; /* or NULL */
} ct_func_direct;
/* Gives the set's functions their direct forms (eight at most, after ct_tpl_set_funcs; a later
 * ct_tpl_set_funcs of the same name drops them; names the set lacks are skipped). */
void ct_tpl_set_direct(ct_tpl_set *s, const ct_func_direct *d, size_t n);
/* Delimiters other than {{ }} (Go's Delims). */
void ct_tpl_set_delims(ct_tpl_set *s, const char *left, const char *right);

/* Parses TEXT as template NAME into the set; {{define}}s inside become templates of the set
 * (a later definition replaces an earlier one, as Go's AddParseTree; an empty one never
 * replaces a non-empty one). TEXT must outlive the set. Functions must be known (table or
 * builtin) at parse time. May be called while the set is executing (Helm's tpl). Returns 0,
 * or -1 with Go's message in ERR ("template: NAME:LINE: unexpected ..."); on error nothing
 * of TEXT is added. */
int ct_tpl_parse(ct_tpl_set *s, const char *name, const char *text, size_t len, ct_buf *err);
/* ct_tpl_parse that also appends to REC what the parse added to the set, in a form free of
 * addresses: ct_tpl_load_record with the same NAME and the same bytes of TEXT (at any
 * address, in another process of the same build) adds the same trees without parsing.
 * Returns as ct_tpl_parse; *RECORDED is false when the trees could not be recorded (REC then
 * holds a partial record that must not be used). */
int ct_tpl_parse_record(ct_tpl_set *s, const char *name, const char *text, size_t len, ct_buf *err,
                        ct_buf *rec, bool *recorded);
/* Adds to S the trees of the record at REC + *OFF (LEN bytes in all) for template NAME with
 * TEXT, and moves *OFF past it. The record must come from the same bytes of TEXT: only its
 * length and every position and span are checked against it (the parse cache compares the
 * texts themselves). A tree's nodes are decoded from REC when it is first looked up, so REC
 * must outlive S. Returns false for a malformed record; S may then hold part of it and must
 * be discarded. */
bool ct_tpl_load_record(ct_tpl_set *s, const char *name, const char *text, size_t text_len,
                        const unsigned char *rec, size_t len, size_t *off);
bool ct_tpl_has(const ct_tpl_set *s, const char *name);
/* Whether template NAME of the set is plain text (no actions, no comments): executing it
 * writes *TEXT (*LEN bytes: the parsed input itself, or "") and nothing else. */
bool ct_tpl_text_only(const ct_tpl_set *s, const char *name, const char **text, size_t *len);

typedef struct ct_exec_opts {
  ct_arena *arena;     /* where results are allocated; required */
  void *udata;         /* for functions: ct_call_exec_udata */
  int max_depth;       /* nested template calls allowed (Go: 100000); 0 = default */
  bool missingkey_error; /* Go's missingkey=error (Helm's strict lint); else zero */
} ct_exec_opts;

/* Executes template NAME with DOT, appending to OUT. Returns 0, or -1 with Go's error string
 * in ERR ("template: NAME:LINE:COL: executing \"NAME\" at <.Values.x>: MSG"). A missing value
 * prints "<no value>" as Go does (Helm strips it later). Re-entrant: functions may call it
 * on the same set (include). An unknown NAME gives
 * "template: no template \"NAME\" associated with template \"SETNAME\"". On error OUT holds
 * what was written before the error. Values are allocated in opts->arena. */
int ct_tpl_execute(ct_tpl_set *s, const char *name, ct_value *dot, ct_buf *out,
                   const ct_exec_opts *opts, ct_buf *err);

/* The builtins of Go's text/template (and, or, not, len, index, slice, print, printf,
 * println, eq, ne, lt, le, gt, ge, html, js, urlquery, call) are always present. */

#endif
