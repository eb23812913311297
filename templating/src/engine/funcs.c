/* funcs.c — the functions Helm's engine adds to Sprig's (pkg/engine/engine.go, funcs.go):
 * include (with the 1000-deep recursion guard), tpl, required, fail and lookup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "chartctl/guard.h"
#include "chartctl/warn.h"
#include "engine/engine_int.h"

#define RECURSION_MAX 1000
#define WARN_START "HELM_ERR_START"
#define WARN_END "HELM_ERR_END"

int ct_engine__exec(ct_engine__ctx *ctx, ct_tpl_set *set, const char *name, ct_value *dot,
                    ct_buf *out, ct_buf *err) {
  ct_exec_opts o = {
      .arena = ctx->arena,
      .udata = ctx,
      .missingkey_error = ctx->opts && ctx->opts->strict,
  };
  return ct_tpl_execute(set, name, dot, out, &o, err);
}

static uint32_t name_hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* Puts entry I of the include names into the index (which has room). */
static void index_put(ct_engine__ctx *ctx, size_t i) {
  size_t mask = ctx->inc_icap - 1, slot = name_hash(ctx->inc_names[i]) & mask;
  while (ctx->inc_index[slot])
    slot = (slot + 1) & mask;
  ctx->inc_index[slot] = (uint32_t)i + 1;
}

/* includedNames[name]: the nesting counter of NAME, added at 0 when new. */
static int *inc_counter(ct_engine__ctx *ctx, const char *name, bool *found) {
  if (ctx->inc_icap) {
    size_t mask = ctx->inc_icap - 1;
    for (size_t slot = name_hash(name) & mask; ctx->inc_index[slot]; slot = (slot + 1) & mask) {
      size_t i = ctx->inc_index[slot] - 1;
      if (!strcmp(ctx->inc_names[i], name)) {
        *found = true;
        return &ctx->inc_counts[i];
      }
    }
  }
  *found = false;
  if (ctx->ninc == ctx->capinc) {
    /* on the heap: names first met inside an include outlive the memory it gives back */
    size_t nc = ctx->capinc ? ctx->capinc * 2 : 32;
    const char **names = realloc(ctx->inc_names, nc * sizeof *names);
    int *counts = names ? realloc(ctx->inc_counts, nc * sizeof *counts) : NULL;
    uint32_t *index = counts ? calloc(nc * 2, sizeof *index) : NULL; /* at most half full */
    if (names) ctx->inc_names = names;
    if (counts) ctx->inc_counts = counts;
    if (!index) {
      fputs("Error: out of memory\n", stderr);
      exit(1);
    }
    free(ctx->inc_index);
    ctx->inc_index = index;
    ctx->capinc = nc;
    ctx->inc_icap = nc * 2;
    for (size_t i = 0; i < ctx->ninc; i++)
      index_put(ctx, i);
  }
  char *copy = strdup(name);
  if (!copy) {
    fputs("Error: out of memory\n", stderr);
    exit(1);
  }
  ctx->inc_names[ctx->ninc] = copy;
  ctx->inc_counts[ctx->ninc] = 0;
  index_put(ctx, ctx->ninc);
  return &ctx->inc_counts[ctx->ninc++];
}

size_t ct_engine__include_name(ct_engine__ctx *ctx, const char *name) {
  bool found;
  return (size_t)(inc_counter(ctx, name, &found) - ctx->inc_counts);
}

/* An empty output buffer for the next nesting level of include (given back by
 * decrementing scratch_used). Buffers are separate heap objects: pointers stay valid while
 * the array grows under nested calls. */
static ct_buf *scratch_take(ct_engine__ctx *ctx) {
  if (ctx->scratch_used == ctx->nscratch) {
    ct_buf **v = realloc(ctx->scratch, (ctx->nscratch + 1) * sizeof *v);
    ct_buf *b = v ? malloc(sizeof *b) : NULL;
    if (!b) {
      fputs("Error: out of memory\n", stderr);
      exit(1);
    }
    ct_buf_init(b);
    v[ctx->nscratch++] = b;
    ctx->scratch = v;
  }
  ct_buf *b = ctx->scratch[ctx->scratch_used++];
  ct_buf_reset(b);
  return b;
}

void ct_engine__ctx_dispose(ct_engine__ctx *ctx) {
  for (size_t i = 0; i < ctx->ninc; i++)
    free((char *)ctx->inc_names[i]);
  free(ctx->inc_names);
  free(ctx->inc_counts);
  free(ctx->inc_index);
  ctx->inc_names = NULL;
  ctx->inc_counts = NULL;
  ctx->inc_index = NULL;
  ctx->ninc = ctx->capinc = ctx->inc_icap = 0;
  for (size_t i = 0; i < ctx->nscratch; i++) {
    ct_buf_dispose(ctx->scratch[i]);
    free(ctx->scratch[i]);
  }
  free(ctx->scratch);
  ctx->scratch = NULL;
  ct_engine__memo_dispose(ctx);
  ctx->nscratch = ctx->scratch_used = 0;
}

/* Executes NAME for include or tpl: what it allocates in A is garbage once its text is copied
 * out, and the arena's watch gives it back, keeping what older values came to reach (set on a
 * dict it was given...). */
static int exec_watched(ct_engine__ctx *ctx, ct_arena *a, ct_tpl_set *set, const char *name,
                        ct_value *dot, ct_buf *out, ct_buf *err) {
  ct_arena_watch_begin(a);
  int rc = ct_engine__exec(ctx, set, name, dot, out, err);
  ct_arena_watch_end(a, rc == 0);
  return rc;
}

/* include NAME DOT, its text appended to DST (a scratch buffer, or the output of the action
 * printing it). The memo's copy of the text, when it keeps one, goes to *KEPT (else NULL);
 * on a memo hit (*HIT) that copy is the text and DST is left alone. 0, or -1 after
 * ct_call_errorf with DST as it was. */
static int include_run(ct_call *c, ct_value *const *args, ct_buf *dst, const char **kept,
                       size_t *kept_len, bool *hit) {
  ct_engine__ctx *ctx = ct_call_exec_udata(c);
  const char *name = args[0] ? args[0]->s.ptr : "";
  *kept = NULL;
  *hit = false;
  bool found;
  int *cnt = inc_counter(ctx, name, &found);
  if (found && *cnt > RECURSION_MAX)
    return ct_call_errorf(c,
                          "rendering template has a nested reference name: %s: unable to execute "
                          "template",
                          name);
  size_t idx = (size_t)(cnt - ctx->inc_counts);
  if (found)
    (*cnt)++;
  else
    *cnt = 1;
  /* include runs in the set executing: the render's, or the clone a tpl call made */
  ct_tpl_set *set = ct_call_set(c);
  ct_engine__memo_ticket ticket;
  if (ct_engine__memo_begin(ctx, set, args[1], &ticket) &&
      ct_engine__memo_get(ctx, &ticket, idx, args[1], kept, kept_len)) {
    ctx->inc_counts[idx]--;
    *hit = true;
    return 0;
  }
  ct_guard_point changes = ct_guard_here();
  size_t start = dst->len;
  ct_buf err = CT_BUF_INIT;
  int rc;
  if (!ct_tpl_has(set, name)) {
    ct_buf q = CT_BUF_INIT;
    ct_gofmt_quote(&q, name, strlen(name));
    ct_buf_printf(&err, "template: no template %s associated with template \"gotpl\"",
                  ct_buf_str(&q));
    ct_buf_dispose(&q);
    rc = -1;
  } else {
    rc = exec_watched(ctx, ct_call_arena(c), set, name, args[1], dst, &err);
  }
  /* the counters may have moved while executing (realloc): index again */
  ctx->inc_counts[idx]--;
  ct_guard_settle(changes); /* its sets undone: the state it began in */
  if (rc == 0) {
    *kept = ct_engine__memo_put(ctx, &ticket, idx, args[1], ct_buf_str(dst) + start,
                                dst->len - start, false);
    *kept_len = dst->len - start;
  } else {
    ct_buf_truncate(dst, start);
    ct_call_errorf(c, "%s", ct_buf_str(&err));
  }
  ct_buf_dispose(&err);
  return rc == 0 ? 0 : -1;
}

static int f_include(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_engine__ctx *ctx = ct_call_exec_udata(c);
  ct_buf *buf = scratch_take(ctx);
  const char *kept;
  size_t kept_len;
  bool hit;
  int rc = include_run(c, args, buf, &kept, &kept_len, &hit);
  /* the kept text is the result: one copy of the text, not two */
  if (rc == 0)
    *out = kept ? ct_string_nocopy(ct_call_arena(c), kept, kept_len)
                : ct_string(ct_call_arena(c), ct_buf_str(buf), buf->len);
  ctx->scratch_used--;
  return rc;
}

/* include printed by the action calling it: the text straight into the action's output */
static int p_include(ct_call *c, ct_buf *out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const char *kept;
  size_t kept_len;
  bool hit;
  int rc = include_run(c, args, out, &kept, &kept_len, &hit);
  if (rc == 0 && hit) ct_buf_put(out, kept, kept_len);
  return rc;
}

static int f_tpl(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_engine__ctx *ctx = ct_call_exec_udata(c);
  ct_arena *a = ct_call_arena(c);
  const char *text = args[0] ? args[0]->s.ptr : "";
  size_t len = args[0] ? args[0]->s.len : 0;
  /* no templating needed for plain text */
  if (!memmem(text, len, "{{", 2) && !memmem(text, len, "}}", 2)) {
    *out = args[0] ? args[0] : ct_string(a, "", 0);
    return 0;
  }
  ct_buf buf = CT_BUF_INIT, err = CT_BUF_INIT, q = CT_BUF_INIT;
  int rc = 0;
  /* Helm clones the executing template set and parses the text in the clone as a new
   * template named after the root ("gotpl"): its defines stay in the clone */
  char *copy = ct_arena_strndup(a, text, len);
  ct_tpl_set *clone = ct_tpl_set_overlay(ct_call_set(c));
  ct_tpl_set_name(clone, "gotpl");
  if (ct_tpl_parse(clone, "gotpl", copy, len, &err) != 0) {
    ct_gofmt_quote(&q, text, len);
    ct_call_errorf(c, "cannot parse template %s: %s", ct_buf_str(&q), ct_buf_str(&err));
    rc = -1;
  } else if (exec_watched(ctx, a, clone, "gotpl", args[1], &buf, &err) != 0) {
    ct_gofmt_quote(&q, text, len);
    ct_call_errorf(c, "error during tpl function execution for %s: %s", ct_buf_str(&q),
                   ct_buf_str(&err));
    rc = -1;
  } else {
    ct_engine__strip_no_value(&buf);
    *out = ct_string(a, ct_buf_str(&buf), buf.len);
  }
  ct_tpl_set_free(clone);
  ct_buf_dispose(&buf);
  ct_buf_dispose(&err);
  ct_buf_dispose(&q);
  return rc;
}

static int f_required(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_engine__ctx *ctx = ct_call_exec_udata(c);
  const char *warn = args[0] ? args[0]->s.ptr : "";
  ct_value *v = args[1];
  if (!v || (v->type == CT_STRING && v->s.len == 0)) {
    if (ctx->opts && ctx->opts->lint_mode) {
      ct_warnf(NULL, "engine.go:206: [INFO] Missing required value: %s\n", warn);
      *out = ct_string(ct_call_arena(c), "", 0);
      return 0;
    }
    return ct_call_errorf(c, WARN_START "%s" WARN_END, warn);
  }
  *out = v;
  return 0;
}

static int f_fail(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_engine__ctx *ctx = ct_call_exec_udata(c);
  const char *msg = args[0] ? args[0]->s.ptr : "";
  if (ctx->opts && ctx->opts->lint_mode) {
    ct_warnf(NULL, "engine.go:227: [INFO] Fail: %s\n", msg);
    *out = ct_string(ct_call_arena(c), "", 0);
    return 0;
  }
  return ct_call_errorf(c, WARN_START "%s" WARN_END, msg);
}

static int f_lookup(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  ct_engine__ctx *ctx = ct_call_exec_udata(c);
  ct_arena *a = ct_call_arena(c);
  if (ctx->opts && ctx->opts->lookup) {
    ct_buf err = CT_BUF_INIT;
    ct_value *v = NULL;
    int rc = ctx->opts->lookup(&v, a, args[0]->s.ptr, args[1]->s.ptr, args[2]->s.ptr,
                               args[3]->s.ptr, ctx->opts->lookup_udata, &err);
    if (rc != 0) {
      ct_call_errorf(c, "%s", ct_buf_str(&err));
      ct_buf_dispose(&err);
      return -1;
    }
    ct_buf_dispose(&err);
    *out = v ? v : ct_map_new(a, CT_MAP, 0);
    return 0;
  }
  *out = ct_map_new(a, CT_MAP, 0);
  return 0;
}

static const ct_func engine_funcs[] = {
    {"include", "string,any->string,error", f_include, NULL},
    {"tpl", "string,any->string,error", f_tpl, NULL},
    {"required", "string,any->any,error", f_required, NULL},
    {"fail", "string->string,error", f_fail, NULL},
    {"lookup", "string,string,string,string->map[string]any,error", f_lookup, NULL},
};

const ct_func *ct_engine__funcs(size_t *n) {
  *n = sizeof engine_funcs / sizeof engine_funcs[0];
  return engine_funcs;
}

static const ct_func_direct engine_direct[] = {{"include", p_include, NULL}};

const ct_func_direct *ct_engine__direct(size_t *n) {
  *n = sizeof engine_direct / sizeof engine_direct[0];
  return engine_direct;
}
