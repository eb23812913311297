/* engine_int.h — what the engine's files share: the render context the template functions
 * reach through ct_call_exec_udata, the .Files/.Chart objects, Helm's error rewriting. */
#ifndef CT_ENGINE_INT_H
#define CT_ENGINE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/chart.h"
#include "chartctl/guard.h"
#include "chartctl/render.h"
#include "chartctl/tpl.h"
#include "chartctl/value.h"

/* One render (Helm's renderWithReferences): the set, the include counters, options. */
typedef struct ct_engine__ctx {
  ct_arena *arena;
  ct_tpl_set *set;
  const ct_render_opts *opts;
  /* includedNames: name → nesting count */
  const char **inc_names;
  int *inc_counts;
  size_t ninc, capinc;
  uint32_t *inc_index; /* open addressing over inc_names: index + 1, 0 = empty */
  size_t inc_icap;
  /* output buffers of the includes running, one per nesting level, kept for reuse (heap;
   * ct_engine__ctx_dispose frees them) */
  ct_buf **scratch;
  size_t nscratch, scratch_used;
  /* the include memo (include_memo.c) */
  bool memo_on;
  ct_arena_mark memo_file_mark;
  uint32_t memo_file_no;     /* the file executing: 1, 2, ... */
  ct_guard_point memo_start; /* the guard where it began */
  uint64_t memo_carry;       /* the state the last file ended in */
  const char **files;        /* the names of the render's files, sorted (memo_files) */
  size_t nfiles;
  struct ct_engine__memo_slot *memo;
  size_t memo_cap, memo_used;
  ct_arena *memo_texts;
} ct_engine__ctx;
/* What the memo saw when an include began (ct_engine__memo_begin). */
typedef struct ct_engine__memo_ticket {
  bool ok; /* the include may be memoized */
  uint64_t state, impure, calls, reads;
} ct_engine__memo_ticket;
/* A file of the render begins executing (ON), or it has ended or the render stops using the
 * memo (OFF). A file hands the state it ended in to the next: the texts kept in that state
 * that read no .Template stay good there. */
void ct_engine__memo_file(ct_engine__ctx *ctx, bool on);
/* The file executing has ended: its changes that were set back are undone (the guard's
 * settle), for ct_engine__memo_put of its own text. */
void ct_engine__memo_file_settle(ct_engine__ctx *ctx);
/* The names of the render's files (N, sorted here in place; they must live as the render):
 * a file's text is kept at once, not as a cheap text, for it is rendered on its own too. */
void ct_engine__memo_files(ct_engine__ctx *ctx, const char **names, size_t n);
/* Whether include ... DOT in SET may use the memo; fills T for the calls below. */
bool ct_engine__memo_begin(ct_engine__ctx *ctx, const ct_tpl_set *set, const ct_value *dot,
                           ct_engine__memo_ticket *t);
/* The text kept for include names[NAME] DOT, if any. Kept texts are NUL-terminated and live
 * as long as the render's arena (ctx->arena): a string value may be the text itself. */
bool ct_engine__memo_get(const ct_engine__ctx *ctx, const ct_engine__memo_ticket *t, size_t name,
                         const ct_value *dot, const char **text, size_t *len);
/* Keeps TEXT for include names[NAME] DOT, unless something changed or was impure since T, or
 * the memo is full: the kept copy, or NULL. OWN: TEXT lives as long as the render's arena
 * and is kept itself (no copy; a file's rendered text), and returned. */
const char *ct_engine__memo_put(ct_engine__ctx *ctx, const ct_engine__memo_ticket *t, size_t name,
                                const ct_value *dot, const char *text, size_t len, bool own);
/* The index of NAME in the include names (added when new), for the memo's calls. */
size_t ct_engine__include_name(ct_engine__ctx *ctx, const char *name);
void ct_engine__memo_dispose(ct_engine__ctx *ctx);

/* What SortManifests takes of a document (manifests.c): its head, and of its annotations the
 * three hook ones, as strings (NULL: absent, null or not a string). */
typedef struct ct_engine__doc_head {
  const char *api_version, *kind, *res_name; /* "" when absent */
  const char *hook, *weight, *policy;
} ct_engine__doc_head;
/* The heads cache's payload: N heads appended to B; and read back from P (LEN bytes) into H
 * (strings in A), false unless P holds exactly N well-formed ones (then H is partly set). */
void ct_engine__heads_encode(ct_buf *b, const ct_engine__doc_head *h, size_t n);
bool ct_engine__heads_decode(ct_engine__doc_head *h, size_t n, ct_arena *a, const unsigned char *p,
                             size_t len);
/* Renders whose documents' heads came from the parse cache (manifests.c), for tests. */
extern unsigned long ct_engine__heads_cache_hits;

/* Frees what the context holds on the heap (the include buffers). */
void ct_engine__ctx_dispose(ct_engine__ctx *ctx);

/* include, tpl, required, fail, lookup */
const ct_func *ct_engine__funcs(size_t *n);
/* Their direct forms (ct_tpl_set_direct): include printed by its action. */
const ct_func_direct *ct_engine__direct(size_t *n);
/* Executes NAME of SET (the render's set or a tpl overlay) with DOT into OUT using the
 * context's options. Go's error text in ERR. */
int ct_engine__exec(ct_engine__ctx *ctx, ct_tpl_set *set, const char *name, ct_value *dot,
                    ct_buf *out, ct_buf *err);

/* .Files of chart C */
ct_value *ct_engine__files_value(ct_arena *a, const ct_chart *c);
bool ct_engine__is_files(const ct_value *v);
/* gobwas/glob match with '/' separator; a bad pattern matches everything (Helm's "**"). */
bool ct_engine__glob(const char *pattern, const char *name);


/* Helm's cleanupParseError / cleanupExecError: GO_ERR is text/template's message. */
void ct_engine__parse_error(ct_buf *out, const char *filename, const char *go_err);
void ct_engine__exec_error(ct_buf *out, const char *filename, const char *go_err);

/* strings.ReplaceAll(s, "<no value>", "") in place on B. */
void ct_engine__strip_no_value(ct_buf *b);
/* The first "<no value>" (Go's text for a missing key) in S, or NULL. */
const char *ct_engine__find_no_value(const char *s, size_t n);

/* base64.StdEncoding */
void ct_engine__base64(ct_buf *out, const char *data, size_t len);

/* Go's strings.TrimSpace bounds */
void ct_engine__trim(const char **s, size_t *len);

#endif
