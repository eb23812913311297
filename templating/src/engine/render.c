/* render.c — engine.Render of Helm 3.17.1: collects every template of the chart tree with its
 * scoped values (recAllTpls), parses them into one set in sortTemplates order, executes the
 * non-partials and rewrites errors as Helm does. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chartctl/errors.h"
#include "chartctl/parse_cache.h"
#include "chartctl/sha256.h"
#include "chartctl/sprig.h"
#include "engine/engine_int.h"

typedef struct tpl_item {
  const char *name; /* chart full path + "/" + file name */
  const char *text;
  size_t len;
  ct_chart_file *file; /* its file: read here when a lazy load left it on disk */
  ct_arena *chart_arena;
  ct_value *vals;        /* the scope map (shared by a chart's templates) */
  const char *base_path; /* chart full path + "/templates" */
  int slashes;
  unsigned char digest[CT_PCACHE_DIGEST]; /* a sparse template's, for the parse cache's key */
} tpl_item;

typedef struct tpl_list {
  tpl_item *v;
  size_t len, cap;
} tpl_list;

static void push(ct_arena *a, tpl_list *l, tpl_item it) {
  if (l->len == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 64;
    l->v = ct_arena_realloc(a, l->v, l->cap * sizeof *l->v, nc * sizeof *l->v);
    l->cap = nc;
  }
  l->v[l->len++] = it;
}

static bool is_library(const ct_chart *c) {
  return c->meta.type && !strcasecmp(c->meta.type, "library");
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

/* "DIR/NAME" (DIR DL bytes long) in A: a template's full name, made for each template. */
static const char *join_path(ct_arena *a, const char *dir, size_t dl, const char *name) {
  size_t nl = strlen(name);
  char *p = ct_arena_alloc(a, dl + nl + 2);
  memcpy(p, dir, dl);
  p[dl] = '/';
  memcpy(p + dl + 1, name, nl + 1);
  return p;
}

/* recAllTpls: returns the chart's scope map ("next") */
static ct_value *rec_all(ct_arena *a, const ct_chart *c, tpl_list *out, ct_value *parent) {
  ct_value *subcharts = ct_map_new(a, CT_MAP, c->ndeps);
  ct_value *meta = ct_chart_metadata_value(a, c);
  ct_value *next = ct_map_new(a, CT_MAP, 8);
  /* the chart module's value is already struct { chart.Metadata; IsRoot bool } */
  ct_map_setc(a, next, "Chart", meta);
  ct_map_setc(a, next, "Files", ct_engine__files_value(a, c));
  ct_map_setc(a, next, "Release", ct_map_getc(parent, "Release"));
  ct_map_setc(a, next, "Capabilities", ct_map_getc(parent, "Capabilities"));
  ct_value *vals = NULL;
  ct_value *pvals = ct_map_getc(parent, "Values");
  if (c->parent == NULL) {
    vals = pvals;
  } else if (ct_is_map(pvals)) {
    ct_value *t = ct_map_getc(pvals, ct_chart_name(c));
    if (t && t->type == CT_MAP) vals = ct_value_as(a, t, CT_GO_VALUES); /* Values.Table */
  }
  if (!vals) vals = ct_value_as(a, ct_map_new(a, CT_MAP, 0), CT_GO_VALUES);
  ct_map_setc(a, next, "Values", vals);
  ct_map_setc(a, next, "Subcharts", subcharts);

  for (size_t i = 0; i < c->ndeps; i++) {
    ct_value *sub = rec_all(a, c->deps[i], out, next);
    ct_map_setc(a, subcharts, ct_chart_name(c->deps[i]), sub);
  }

  const char *full = ct_chart_full_path(c, a);
  size_t fl = strlen(full);
  const char *base = ct_arena_sprintf(a, "%s/templates", full);
  bool lib = is_library(c);
  for (size_t i = 0; i < c->ntemplates; i++) {
    const ct_chart_file *f = &c->templates[i];
    if (lib && base_name(f->name)[0] != '_') continue;
    tpl_item it = {.name = join_path(a, full, fl, f->name),
                   .text = f->data,
                   .len = f->len,
                   .file = (ct_chart_file *)f,
                   .chart_arena = c->arena,
                   .vals = next,
                   .base_path = base};
    /* a later template of the same name replaces an earlier one (Go map assignment) */
    bool replaced = false;
    for (size_t k = 0; k < out->len; k++)
      if (!strcmp(out->v[k].name, it.name)) {
        out->v[k] = it;
        replaced = true;
        break;
      }
    if (!replaced) push(a, out, it);
  }
  return next;
}

static int count_slashes(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += *s == '/';
  return n;
}

/* sort.Reverse(byPathLen): deeper paths first, then reverse lexical order */
static int cmp_sort_templates(const void *x, const void *y) {
  const tpl_item *a = x, *b = y;
  if (a->slashes != b->slashes) return a->slashes > b->slashes ? -1 : 1;
  return -strcmp(a->name, b->name);
}

static int cmp_rendered(const void *x, const void *y) {
  return strcmp(((const ct_rendered *)x)->name, ((const ct_rendered *)y)->name);
}

/* The set a render parses into: Sprig's and Helm's functions. */
static ct_tpl_set *new_set(void) {
  ct_tpl_set *s = ct_tpl_set_new();
  ct_tpl_set_name(s, "gotpl");
  size_t nf;
  const ct_func *sf = ct_sprig_funcs(&nf);
  ct_tpl_set_funcs(s, sf, nf);
  const ct_func *ef = ct_engine__funcs(&nf);
  ct_tpl_set_funcs(s, ef, nf);
  return s;
}

/* Whether TEXT has fewer than one "{{" per 4 KiB. memchr for '{', which CRDs seldom have:
 * glibc's memmem spends ~4 instructions a byte on a two-byte needle. */
static bool sparse(const char *text, size_t len) {
  size_t most = len / 4096, n = 0;
  const char *p = text, *end = text + len;
  while (n <= most && end - p >= 2 && (p = memchr(p, '{', (size_t)(end - p - 1)))) {
    if (p[1] == '{') {
      n++;
      p += 2;
    } else {
      p++;
    }
  }
  return n < most || (n == 0 && most == 0);
}

/* Reads IT's file if a lazy load left it on disk. Returns 0, or -1 with the error in ERR. */
static int read_template(tpl_item *it, ct_buf *err) {
  if (!it->file || !it->file->lazy_path) return 0;
  if (ct_chart_file_read(it->file, it->chart_arena) != CT_OK) {
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  it->text = it->file->data;
  it->len = it->file->len;
  return 0;
}

/* Loads every template's trees from the entry PC found (PLAIN: the templates parsed instead,
 * the sparse ones). False when a record does not load. */
static bool load_entry(ct_tpl_set *set, const tpl_list *list, const ct_pcache *pc) {
  size_t off = 0, i = 0;
  for (; i < list->len; i++) {
    const tpl_item *it = &list->v[i];
    if (!ct_tpl_load_record(set, it->name, it->text, it->len, pc->payload, pc->payload_len, &off))
      return false;
  }
  return off == pc->payload_len;
}

/* The entry by the templates' stats (docs/parse-cache.md, "Links by stat"): when found, the
 * texts are the entry's and only the sparse templates' files are read. True when *SET holds
 * every template (*KEEP: the entry), false to go on by texts (PC begun again, stats added). */
static bool by_stat(ct_tpl_set **set, tpl_list *list, ct_pcache *pc, ct_pcache_map *keep,
                    ct_buf *err, int *rc) {
  size_t n = list->len;
  const char **names = malloc(n * sizeof *names), **texts = malloc(n * sizeof *texts);
  size_t *lens = malloc(n * sizeof *lens);
  bool hit = names && texts && lens;
  for (size_t i = 0; hit && i < n; i++)
    names[i] = list->v[i].name;
  hit = hit && ct_pcache_fetch_stat(pc, names, n, texts, lens);
  for (size_t i = 0; hit && i < n; i++) {
    tpl_item *it = &list->v[i];
    if (texts[i]) { /* else a sparse template: its text is not in the entry, but its file's */
      it->text = texts[i];
      it->len = lens[i];
    } else if (read_template(it, err) != 0) {
      *rc = -1; /* the file went since the load: the render fails, the entry stays */
      break;
    } else if (it->file->id && it->len != it->file->id->size) {
      hit = false; /* its trees are for the text its stat had: changed since, so by texts */
    }
  }
  free(names);
  free(texts);
  free(lens);
  if (hit && *rc == 0) {
    if (load_entry(*set, list, pc)) {
      *keep = pc->map; /* the texts and the trees are the entry's */
      pc->map = (ct_pcache_map){0};
      return true;
    }
    ct_pcache_drop(pc); /* an entry that does not load: the link and the entry go */
    ct_tpl_set_free(*set);
    *set = new_set();
  }
  if (*rc != 0) return false;
  /* by texts from here: the key afresh, with the stats again for the link */
  ct_pcache_dispose(pc);
  ct_pcache_begin(pc);
  for (size_t i = 0; i < n; i++)
    ct_pcache_add_stat(pc, list->v[i].name, list->v[i].file->id);
  return false;
}

/* Parses every template of LIST into *SET in order, or loads what an earlier process parsed
 * from the same templates (the parse cache). Templates a lazy load left on disk are read
 * here, unless the cache's link by their stats gives their texts. Returns 0, or -1 with
 * Helm's error in ERR. *KEEP: the cache entry the trees (and texts) are decoded from, to
 * unmap once *SET is freed. The entry found or written becomes what the hint of C's
 * directory names (parse_cache.h), for the next load to read it ahead. */
static int parse_all(ct_tpl_set **set, tpl_list *list, ct_buf *err, ct_pcache_map *keep,
                     const ct_chart *c) {
  if (!list->len) return 0;
  ct_pcache pc;
  ct_pcache_begin(&pc);
  bool stats = pc.on;
  for (size_t i = 0; i < list->len && stats; i++) {
    const ct_chart_file *f = list->v[i].file;
    stats = f && f->lazy_path && f->id;
  }
  int rc = 0;
  if (stats) {
    for (size_t i = 0; i < list->len; i++)
      ct_pcache_add_stat(&pc, list->v[i].name, list->v[i].file->id);
    if (by_stat(set, list, &pc, keep, err, &rc) || rc != 0) {
      if (rc == 0) ct_pcache_hint_set(c->hint_link, c->hint_target, &pc);
      ct_pcache_dispose(&pc);
      return rc;
    }
  }
  for (size_t i = 0; i < list->len; i++)
    if (read_template(&list->v[i], err) != 0) {
      ct_pcache_dispose(&pc);
      return -1;
    }
  /* A template with fewer than one action per 4 KiB (plain text, a CRD with an if around
   * it): the entry holds its trees and the digest of its text, not the text (a CRD can be a
   * megabyte); the text stays the file's, whose pages only a render printing it touches. */
  for (size_t i = 0; i < list->len && pc.on; i++) {
    tpl_item *it = &list->v[i];
    if (sparse(it->text, it->len)) {
      ct_sha256(it->text, it->len, it->digest);
      ct_pcache_add_digest(&pc, it->name, it->digest);
    } else {
      ct_pcache_add(&pc, it->name, it->text, it->len);
    }
  }
  if (ct_pcache_fetch(&pc)) {
    if (load_entry(*set, list, &pc)) {
      if (stats) ct_pcache_link_stat(&pc);
      ct_pcache_hint_set(c->hint_link, c->hint_target, &pc);
      *keep = pc.map; /* the trees are decoded from it when first looked up */
      pc.map = (ct_pcache_map){0};
      ct_pcache_dispose(&pc);
      return 0;
    }
    ct_pcache_drop(&pc); /* a bad entry: parse as if it were not there */
    ct_tpl_set_free(*set);
    *set = new_set();
  }
  bool record = pc.on && pc.admit;
  ct_buf gerr = CT_BUF_INIT, rec = CT_BUF_INIT;
  for (size_t i = 0; i < list->len; i++) {
    const tpl_item *it = &list->v[i];
    ct_buf_reset(&gerr);
    bool rec_this = record, recorded = false;
    int prc = rec_this
                  ? ct_tpl_parse_record(*set, it->name, it->text, it->len, &gerr, &rec, &recorded)
                  : ct_tpl_parse(*set, it->name, it->text, it->len, &gerr);
    if (prc != 0) {
      ct_engine__parse_error(err, it->name, ct_buf_str(&gerr));
      rc = -1;
      break;
    }
    record = record && (recorded || !rec_this);
  }
  if (rc == 0 && record) {
    ct_pcache_store(&pc, rec.ptr, rec.len);
    if (stats) ct_pcache_link_stat(&pc);
    ct_pcache_hint_set(c->hint_link, c->hint_target, &pc);
  } else if (rc == 0 && pc.on && !pc.admit) {
    ct_pcache_mark(&pc); /* the next render of these templates records its parse */
  }
  ct_buf_dispose(&gerr);
  ct_buf_dispose(&rec);
  ct_pcache_dispose(&pc);
  return rc;
}

int ct_render_chart(ct_rendered **out, size_t *n, ct_arena *a, const ct_chart *c, ct_value *top,
                    const ct_caps *caps, const ct_render_opts *opts, ct_buf *err) {
  *out = NULL;
  *n = 0;
  static const ct_render_opts defaults = {0};
  if (!opts) opts = &defaults;

  /* top-level scope: what ToRenderValues gave, plus Capabilities */
  ct_value *root = ct_map_new(a, CT_MAP, 8);
  size_t ne = 0;
  const ct_map_entry *e = ct_is_map(top) ? ct_map_entries(top, &ne) : NULL;
  for (size_t i = 0; i < ne; i++)
    ct_map_set(a, root, e[i].key.ptr, e[i].key.len, e[i].value);
  if (caps) ct_map_setc(a, root, "Capabilities", ct_caps_value(a, caps));

  tpl_list list = {0};
  rec_all(a, c, &list, root);
  for (size_t i = 0; i < list.len; i++)
    list.v[i].slashes = count_slashes(list.v[i].name);
  if (list.len) qsort(list.v, list.len, sizeof *list.v, cmp_sort_templates);

  ct_engine__ctx ctx = {.arena = a, .opts = opts};
  ctx.set = new_set();
  int rc = 0;
  ct_buf gerr = CT_BUF_INIT, buf = CT_BUF_INIT;
  ct_pcache_map keep = {0};
  if (parse_all(&ctx.set, &list, err, &keep, c) != 0) {
    rc = -1;
    goto done;
  }
  if (!opts->no_direct_print) { /* include, toYaml, indent... written where actions print */
    size_t nd;
    const ct_func_direct *d = ct_sprig_direct(&nd);
    ct_tpl_set_direct(ctx.set, d, nd);
    d = ct_engine__direct(&nd);
    ct_tpl_set_direct(ctx.set, d, nd);
  }

  /* the include memo: not for lint (required and fail only warn there, once per call) */
  const char *no_memo = getenv("CHARTCTL_NO_INCLUDE_MEMO");
  bool memo =
      !opts->lint_mode && !opts->no_include_memo && !(no_memo && *no_memo && *no_memo != '0');
  /* the files to execute, for the memo (in the arena: a heap array would sit among the
   * buffers that grow) */
  if (memo) {
    const char **files = ct_arena_alloc(a, (list.len + 1) * sizeof *files);
    size_t nfiles = 0;
    for (size_t i = 0; i < list.len; i++)
      if (base_name(list.v[i].name)[0] != '_') files[nfiles++] = list.v[i].name;
    ct_engine__memo_files(&ctx, files, nfiles);
  }
  ct_rendered *res = ct_arena_alloc(a, (list.len + 1) * sizeof *res);
  size_t k = 0;
  for (size_t i = 0; i < list.len; i++) {
    tpl_item *it = &list.v[i];
    if (base_name(it->name)[0] == '_') continue;
    /* a template of plain text renders to that text, which is the chart file's own memory:
     * no execution and no copy (CRD charts are megabytes of it). Helm's "<no value>" strip
     * still applies. */
    const char *plain;
    size_t plain_len;
    if (ct_tpl_text_only(ctx.set, it->name, &plain, &plain_len) &&
        !ct_engine__find_no_value(plain, plain_len)) {
      /* (a text the cache entry holds goes with it: copied) */
      const char *m = keep.addr;
      if (m && plain >= m && plain < m + keep.len) plain = ct_arena_strndup(a, plain, plain_len);
      res[k].name = it->name;
      res[k].text = plain;
      res[k].len = plain_len;
      k++;
      continue;
    }
    ct_value *tmap = ct_map_new(a, CT_MAP, 2);
    ct_map_setc(a, tmap, "Name", ct_string_nocopy(a, it->name, strlen(it->name)));
    ct_map_setc(a, tmap, "BasePath", ct_string_nocopy(a, it->base_path, strlen(it->base_path)));
    /* the scope's first .Template is a key added (its length, its keys change): no text
     * kept before holds then; a later one is a new value, whose reads are watched (a text
     * that reads none is the same in every file) */
    if (!ct_map_get(it->vals, "Template", 8, NULL)) ctx.memo_carry = 0;
    ct_map_setc(a, it->vals, "Template", tmap);
    ct_map_watch_reads(tmap);
    ct_buf_reset(&buf);
    ct_buf_reset(&gerr);
    ct_engine__memo_file(&ctx, memo);
    /* the file's text may be kept: an include of the file elsewhere executes it with the
     * same dot, the chart's scope (Wikimedia's checksum helper renders files again) */
    size_t idx = memo ? ct_engine__include_name(&ctx, it->name) : 0;
    ct_engine__memo_ticket ticket;
    const char *text;
    size_t len;
    if (memo && ct_engine__memo_begin(&ctx, ctx.set, it->vals, &ticket) &&
        ct_engine__memo_get(&ctx, &ticket, idx, it->vals, &text, &len)) {
      ct_engine__memo_file(&ctx, false);
      if (ct_engine__find_no_value(text, len)) { /* (stripped in a copy) */
        ct_buf_put(&buf, text, len);
        ct_engine__strip_no_value(&buf);
        text = ct_arena_strndup(a, ct_buf_str(&buf), buf.len);
        len = buf.len;
      }
    } else {
      /* the file's garbage goes back to the arena for the next file unless it wrote into
       * older values (Sprig's set on .Values...) */
      ct_arena_watch_begin(a);
      int xrc = ct_engine__exec(&ctx, ctx.set, it->name, it->vals, &buf, &gerr);
      ct_arena_watch_end(a, xrc == 0);
      if (xrc != 0) {
        ct_engine__memo_file(&ctx, false);
        ct_engine__exec_error(err, it->name, ct_buf_str(&gerr));
        rc = -1;
        goto done;
      }
      ct_engine__memo_file_settle(&ctx);
      bool stripped = ct_engine__find_no_value(ct_buf_str(&buf), buf.len) != NULL;
      if (stripped) ct_engine__strip_no_value(&buf);
      text = ct_arena_strndup(a, ct_buf_str(&buf), buf.len);
      len = buf.len;
      if (memo && !stripped) ct_engine__memo_put(&ctx, &ticket, idx, it->vals, text, len, true);
      ct_engine__memo_file(&ctx, false);
    }
    res[k].name = it->name;
    res[k].text = text;
    res[k].len = len;
    k++;
  }
  if (k) qsort(res, k, sizeof *res, cmp_rendered);
  *out = res;
  *n = k;
done:
  ct_buf_dispose(&gerr);
  ct_buf_dispose(&buf);
  ct_tpl_set_free(ctx.set);
  ct_pcache_unmap(&keep);
  ct_engine__ctx_dispose(&ctx);
  return rc;
}
