/* include_memo.c — include's texts kept while one file of a render executes, so that
 * `include NAME DOT` run again with nothing it can see changed gives the kept text instead of
 * executing NAME again. Wikimedia's charts include the same labels dozens of times per file,
 * and airflow renders its configmap and secret files whole, again, for each checksum it
 * writes (three quarters of its instructions).
 *
 * The text of include NAME DOT depends on the set (fixed while the file runs; tpl's clones
 * are not memoized), on NAME, and on what DOT reaches. A text is kept, and found again, only
 * when:
 * - DOT is nil or older than the file: no release inside the file can give its address to
 *   another value;
 * - the change guard (guard.h) is in the state the execution began in: nothing DOT reaches
 *   has changed, or what changed was set back (Wikimedia's mesh templates set a key of the
 *   root to one address, include a listener, and set it back);
 * - the execution called nothing impure (ct_call_impure: random, the clock, lookup), so Go
 *   would print the same text again.
 * Texts are copies in the memo's own arena, and include's result is the kept text itself, on a
 * hit as when it is kept (no copy into the render's arena): the memo's arena is freed with the
 * render's.
 *
 * Across files: the render sets the chart scope's .Template anew for every file, and nothing
 * else. Each file's .Template counts its reads (ct_map_watch_reads), so a text whose
 * execution read none is the same in any file, and one that read it is kept for its file
 * only. A file hands the state it ended in to the next one, whose includes may then use the
 * texts kept in that state. A file's own text is kept too (without a copy): Wikimedia's
 * checksum helper renders the configmap and secret files whole again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/guard.h"
#include "engine/engine_int.h"

/* Past this many bytes of kept texts the memo keeps no more (a Wikimedia render keeps at most
 * 400 KB: airflow). */
#define MEMO_MAX_BYTES ((size_t)16 << 20)
/* Bytes of text per function call below which a text is cheap to make again (below). */
#define CHEAP_BYTES 64

struct ct_engine__memo_slot {
  uint64_t state; /* the guard's state when kept; 0 = empty */
  uint32_t file;  /* the file it is good in when it read .Template, 0: any; without a text,
                   * the file it was seen in */
  const ct_value *dot;
  size_t name; /* index in the include names */
  const char *text;
  size_t len;
};

static size_t slot_hash(const ct_value *dot, size_t name) {
  uint64_t h =
      ((uint64_t)(uintptr_t)dot >> 4) * 0x9E3779B97F4A7C15ull ^ (name * 0xC2B2AE3D27D4EB4Full);
  return (size_t)(h ^ (h >> 29));
}

void ct_engine__memo_file(ct_engine__ctx *ctx, bool on) {
  if (!on) {
    /* the state this file ended in goes on to the next: between files nothing changes but
     * .Template, whose reads keep a text to its file */
    ctx->memo_carry = ctx->memo_on ? ct_guard_state() : 0;
    ctx->memo_on = false;
    ct_guard_start(NULL);
    return;
  }
  ctx->memo_on = true;
  ctx->memo_file_no++;
  ctx->memo_file_mark = ct_arena_mark_here(ctx->arena);
  /* else a new generation: nothing kept before applies */
  if (ctx->memo_carry)
    ct_guard_resume(ctx->arena, ctx->memo_carry);
  else
    ct_guard_start(ctx->arena);
  ctx->memo_start = ct_guard_here();
}

void ct_engine__memo_file_settle(ct_engine__ctx *ctx) {
  if (ctx->memo_on) ct_guard_settle(ctx->memo_start);
}

bool ct_engine__memo_begin(ct_engine__ctx *ctx, const ct_tpl_set *set, const ct_value *dot,
                           ct_engine__memo_ticket *t) {
  t->ok = ctx->memo_on && set == ctx->set &&
          (!dot || !ct_arena_since(ctx->arena, ctx->memo_file_mark, dot));
  if (!t->ok) return false;
  t->state = ct_guard_state();
  t->impure = ct_tpl_impure_calls();
  t->calls = ct_tpl_function_calls();
  t->reads = ct_map_watched_reads();
  return true;
}

bool ct_engine__memo_get(const ct_engine__ctx *ctx, const ct_engine__memo_ticket *t, size_t name,
                         const ct_value *dot, const char **text, size_t *len) {
  if (!t->ok || !ctx->memo_cap) return false;
  size_t mask = ctx->memo_cap - 1;
  for (size_t i = slot_hash(dot, name) & mask;; i = (i + 1) & mask) {
    const struct ct_engine__memo_slot *s = &ctx->memo[i];
    if (!s->state) return false;
    if (s->state == t->state && s->dot == dot && s->name == name) {
      if (!s->text) return false; /* seen once: its text is kept from the second time on */
      if (s->file) {
        if (s->file != ctx->memo_file_no) return false; /* another .Template */
        ct_map_note_watched_read(); /* what includes this text depends on .Template too */
      }
      if (ctx->opts && ctx->opts->include_memo_hits) (*ctx->opts->include_memo_hits)++;
      *text = s->text;
      *len = s->len;
      return true;
    }
  }
}

static void *must(void *p) {
  if (!p) {
    fputs("Error: out of memory\n", stderr);
    exit(1);
  }
  return p;
}

/* Room for one more slot: the table keeps the current generation's slots only, at most half
 * full. */
static void make_room(ct_engine__ctx *ctx, uint64_t state) {
  if (ctx->memo_cap && (ctx->memo_used + 1) * 4 <= ctx->memo_cap * 3) return;
  size_t live = 0;
  for (size_t i = 0; i < ctx->memo_cap; i++)
    live += ctx->memo[i].state == state;
  size_t cap = ctx->memo_cap ? ctx->memo_cap : 64;
  while ((live + 1) * 2 > cap)
    cap *= 2;
  struct ct_engine__memo_slot *old = ctx->memo, *tab = must(calloc(cap, sizeof *tab));
  size_t oldcap = ctx->memo_cap;
  ctx->memo = tab;
  ctx->memo_cap = cap;
  ctx->memo_used = 0;
  for (size_t i = 0; i < oldcap; i++) {
    if (old[i].state != state) continue;
    size_t j = slot_hash(old[i].dot, old[i].name) & (cap - 1);
    while (tab[j].state)
      j = (j + 1) & (cap - 1);
    tab[j] = old[i];
    ctx->memo_used++;
  }
  free(old);
}

static int cmp_names(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int cmp_name(const void *key, const void *elem) {
  return strcmp(key, *(const char *const *)elem);
}

void ct_engine__memo_files(ct_engine__ctx *ctx, const char **names, size_t n) {
  qsort(names, n, sizeof *names, cmp_names);
  ctx->files = names;
  ctx->nfiles = n;
}

/* Whether NAME is one of the render's files. */
static bool is_file(const ct_engine__ctx *ctx, const char *name) {
  return ctx->nfiles && bsearch(name, ctx->files, ctx->nfiles, sizeof *ctx->files, cmp_name);
}

const char *ct_engine__memo_put(ct_engine__ctx *ctx, const ct_engine__memo_ticket *t, size_t name,
                                const ct_value *dot, const char *text, size_t len, bool own) {
  /* the execution changed something older than the guard's mark, or was impure */
  if (!t->ok || ct_guard_state() != t->state || ct_tpl_impure_calls() != t->impure) return NULL;
  /* a full memo keeps nothing more (its texts may be in use: none can go) */
  if (!own && ctx->memo_texts && ct_arena_used(ctx->memo_texts) + len > MEMO_MAX_BYTES) return NULL;
  /* A text that took less than a function call per CHEAP_BYTES to make is kept only from its
   * second execution on, the first leaving a slot that says it was seen: most such texts are
   * never asked for again (wdqs kept 265 KB of texts, mostly its mesh configuration, and was
   * asked for 1.7 KB of them), and a copy costs fresh pages. Texts that cost more (labels,
   * checksums of whole files) are kept at once. */
  bool cheap = !own && (ct_tpl_function_calls() - t->calls) * CHEAP_BYTES < len &&
               !is_file(ctx, ctx->inc_names[name]);
  uint32_t file = ct_map_watched_reads() != t->reads ? ctx->memo_file_no : 0;
  make_room(ctx, t->state);
  size_t mask = ctx->memo_cap - 1, i = slot_hash(dot, name) & mask;
  struct ct_engine__memo_slot *s = NULL;
  for (; ctx->memo[i].state; i = (i + 1) & mask)
    if (ctx->memo[i].state == t->state && ctx->memo[i].dot == dot && ctx->memo[i].name == name) {
      s = &ctx->memo[i];
      break;
    }
  if (!s) {
    s = &ctx->memo[i];
    *s = (struct ct_engine__memo_slot){
        .state = t->state, .file = ctx->memo_file_no, .dot = dot, .name = name};
    ctx->memo_used++;
    if (cheap) return NULL;
  } else if (cheap && !s->text && s->file != ctx->memo_file_no) {
    /* seen in another file: most are not asked for again in this one either (datahub's
     * configmap file makes its mesh configuration again, once) */
    s->file = ctx->memo_file_no;
    return NULL;
  }
  s->file = file;
  if (own) {
    s->text = text;
  } else {
    if (!ctx->memo_texts) ctx->memo_texts = must(ct_arena_new());
    s->text = ct_arena_strndup(ctx->memo_texts, text, len);
  }
  s->len = len;
  return s->text;
}

void ct_engine__memo_dispose(ct_engine__ctx *ctx) {
  if (ctx->memo_on) ct_guard_start(NULL);
  ctx->memo_on = false;
  free(ctx->memo);
  ctx->memo = NULL;
  ctx->memo_cap = ctx->memo_used = 0;
  /* the render's strings may be these texts: they go with the render's arena */
  ct_arena_adopt(ctx->arena, ctx->memo_texts);
  ctx->memo_texts = NULL;
}
