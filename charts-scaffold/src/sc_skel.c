/* sc_skel.c — synthesis of a chart from a model as sextant does it: _skel copied, Chart.yaml's
 * __chartname__, templates/ .skel files: "# replace: SLOT; indent: N" markers, values.yaml snippets
 * and __answer__ placeholders, and package.json. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sc_int.h"

/* Python's str.splitlines() for \n, \r\n and \r: calls FN for each line. */
typedef void (*line_fn)(void *ctx, const char *line, size_t len);
static void split_lines(const char *s, size_t n, line_fn fn, void *ctx) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && s[j] != '\n' && s[j] != '\r')
      j++;
    fn(ctx, s + i, j - i);
    if (j < n && s[j] == '\r' && j + 1 < n && s[j + 1] == '\n') j++;
    i = j + 1;
  }
}

void ct_scaffold__indent_line(ct_buf *out, const char *line, size_t len, int indent) {
  for (int i = 0; i < indent; i++)
    ct_buf_putc(out, ' ');
  size_t i = 0;
  while (i < len) {
    /* (\{\{\-\s*include.*?)(\-?\}\}) */
    if (i + 3 <= len && !memcmp(line + i, "{{-", 3)) {
      size_t k = i + 3;
      while (k < len && isspace((unsigned char)line[k]))
        k++;
      if (k + 7 <= len && !memcmp(line + k, "include", 7)) {
        size_t j = k + 7, g2 = 0;
        for (; j < len; j++) {
          if (j + 3 <= len && !memcmp(line + j, "-}}", 3)) {
            g2 = 3;
            break;
          }
          if (j + 2 <= len && !memcmp(line + j, "}}", 2)) {
            g2 = 2;
            break;
          }
        }
        if (g2) {
          ct_buf_put(out, line + i, j - i);
          ct_buf_printf(out, "| indent %d ", indent);
          ct_buf_put(out, line + j, g2);
          i = j + g2;
          continue;
        }
      }
    }
    ct_buf_putc(out, line[i++]);
  }
}

typedef struct lines {
  const char **s;
  size_t *len;
  size_t n, cap;
  ct_arena *a;
} lines;

static void add_line(void *ctx, const char *line, size_t len) {
  lines *l = ctx;
  if (l->n == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 64;
    l->s = ct_arena_realloc(l->a, l->s, l->cap * sizeof *l->s, nc * sizeof *l->s);
    l->len = ct_arena_realloc(l->a, l->len, l->cap * sizeof *l->len, nc * sizeof *l->len);
    l->cap = nc;
  }
  l->s[l->n] = line;
  l->len[l->n++] = len;
}

/* ^# replace:\s*(\w+)(; indent:\s*(\d+))?\s*$ — returns true and the slot/indent. */
static bool replace_marker(const char *s, size_t n, const char **slot, size_t *slen, int *indent) {
  if (n < 10 || memcmp(s, "# replace:", 10) != 0) return false;
  size_t i = 10;
  while (i < n && isspace((unsigned char)s[i]))
    i++;
  size_t st = i;
  while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
    i++;
  if (i == st) return false;
  *slot = s + st;
  *slen = i - st;
  *indent = 0;
  if (i + 9 <= n && !memcmp(s + i, "; indent:", 9)) {
    size_t k = i + 9;
    while (k < n && isspace((unsigned char)s[k]))
      k++;
    size_t ds = k;
    long v = 0;
    while (k < n && isdigit((unsigned char)s[k]) && v < 10000)
      v = v * 10 + (s[k++] - '0');
    if (k > ds && v < 10000) {
      *indent = (int)v;
      i = k;
    }
  }
  while (i < n && isspace((unsigned char)s[i]))
    i++;
  return i == n;
}

void ct_scaffold__expand_skel(ct_buf *out, const char *src, size_t len,
                              const ct_sc_component *const *comps, size_t ncomps, bool *used) {
  ct_arena *a = ct_arena_new();
  lines l = {0};
  l.a = a;
  split_lines(src, len, add_line, &l);
  *used = false;
  bool first = true;
  for (size_t i = 0; i < l.n; i++) {
    const char *slot;
    size_t slen;
    int indent;
    if (!replace_marker(l.s[i], l.len[i], &slot, &slen, &indent)) {
      if (!first) ct_buf_putc(out, '\n');
      ct_buf_put(out, l.s[i], l.len[i]);
      first = false;
      continue;
    }
    char *name = ct_arena_strndup(a, slot, slen);
    for (size_t c = 0; c < ncomps; c++) {
      const char *tpl =
          comps[c]->templates ? ct_scaffold__str(ct_map_getc(comps[c]->templates, name)) : NULL;
      if (!tpl || !*tpl) continue;
      lines t = {0};
      t.a = a;
      split_lines(tpl, strlen(tpl), add_line, &t);
      if (t.n) *used = true;
      for (size_t k = 0; k < t.n; k++) {
        if (!first) ct_buf_putc(out, '\n');
        if (indent)
          ct_scaffold__indent_line(out, t.s[k], t.len[k], indent);
        else
          ct_buf_put(out, t.s[k], t.len[k]);
        first = false;
      }
    }
  }
  ct_arena_free(a);
}

static void replace_all(ct_buf *out, const char *s, const char *from, const char *to) {
  size_t fl = strlen(from);
  for (;;) {
    const char *hit = fl ? strstr(s, from) : NULL;
    if (!hit) {
      ct_buf_puts(out, s);
      return;
    }
    ct_buf_put(out, s, (size_t)(hit - s));
    ct_buf_puts(out, to);
    s = hit + fl;
  }
}

static int patch_chart_yaml(ct_arena *a, const char *dir, const char *chart_name) {
  char *path = ct_scaffold__path_join(a, dir, "Chart.yaml");
  char *src;
  size_t n;
  if (!ct_scaffold__is_file(path))
    return ct_error_set(CT_ENOTFOUND,
                        "Error patching the chart file 'Chart.yaml': no such file or directory");
  int rc = ct_scaffold__read_file(&src, &n, a, path);
  if (rc) return rc;
  ct_buf out = CT_BUF_INIT;
  replace_all(&out, src, "__chartname__", chart_name);
  rc = ct_scaffold__write_file(path, ct_buf_str(&out), out.len);
  ct_buf_dispose(&out);
  return rc;
}

/* Every .skel file under DIR (sextant reads templates/ only; nested folders are expanded the
 * same way). */
static int process_skels(ct_arena *a, const char *dir, const ct_sc_component *const *comps,
                         size_t ncomps, int depth) {
  if (depth > 32) return CT_OK;
  size_t n;
  char **names = ct_scaffold__list_dir(a, dir, &n);
  if (!names) return CT_EIO;
  for (size_t i = 0; i < n; i++) {
    char *path = ct_scaffold__path_join(a, dir, names[i]);
    if (ct_scaffold__is_dir(path)) {
      int rc = process_skels(a, path, comps, ncomps, depth + 1);
      if (rc) return rc;
      continue;
    }
    size_t len = strlen(names[i]);
    if (len < 6 || strcmp(names[i] + len - 5, ".skel") != 0 || !ct_scaffold__is_file(path))
      continue;
    char *src;
    size_t sn;
    int rc = ct_scaffold__read_file(&src, &sn, a, path);
    if (rc) return rc;
    ct_buf out = CT_BUF_INIT;
    bool used;
    ct_scaffold__expand_skel(&out, src, sn, comps, ncomps, &used);
    if (used) {
      char *dest = ct_scaffold__path_join(a, dir, ct_arena_strndup(a, names[i], len - 5));
      rc = ct_scaffold__write_file(dest, ct_buf_str(&out), out.len);
    }
    ct_buf_dispose(&out);
    if (rc) return rc;
    if ((rc = ct_scaffold__rm_rf(path))) return rc;
  }
  return CT_OK;
}

static int patch_values(ct_arena *a, const char *dir, const ct_sc_component *const *comps,
                        size_t ncomps, const ct_sc_answer *answers, size_t nanswers) {
  char *path = ct_scaffold__path_join(a, dir, "values.yaml");
  if (!ct_scaffold__is_file(path)) return CT_OK;
  char *src;
  size_t n;
  int rc = ct_scaffold__read_file(&src, &n, a, path);
  if (rc) return rc;
  lines l = {0};
  l.a = a;
  split_lines(src, n, add_line, &l);
  ct_buf text = CT_BUF_INIT;
  bool first = true;
  for (size_t i = 0; i < l.n; i++) {
    if (l.len[i] == 17 && !memcmp(l.s[i], "# replace: values", 17)) {
      for (size_t c = 0; c < ncomps; c++) {
        if (!first) ct_buf_putc(&text, '\n');
        ct_buf_puts(&text, comps[c]->values);
        first = false;
      }
      continue;
    }
    if (!first) ct_buf_putc(&text, '\n');
    ct_buf_put(&text, l.s[i], l.len[i]);
    first = false;
  }
  for (size_t i = 0; i < nanswers; i++) {
    ct_buf next = CT_BUF_INIT;
    replace_all(&next, ct_buf_str(&text), ct_arena_sprintf(a, "__%s__", answers[i].id),
                answers[i].value);
    ct_buf_dispose(&text);
    text = next;
  }
  rc = ct_scaffold__write_file(path, ct_buf_str(&text), text.len);
  ct_buf_dispose(&text);
  return rc;
}

static int str_cmp(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int write_package(ct_arena *a, const char *dir, const ct_sc_component *const *comps,
                         size_t ncomps) {
  char *path = ct_scaffold__path_join(a, dir, "package.json");
  const char **base = NULL;
  size_t nbase = 0;
  if (ct_scaffold__is_file(path)) {
    int rc = ct_scaffold_package_read(&base, &nbase, a, path);
    if (rc) return rc;
  }
  size_t total = nbase;
  for (size_t c = 0; c < ncomps; c++)
    total += comps[c]->nmodules;
  const char **all = ct_arena_alloc(a, (total + 1) * sizeof *all);
  size_t n = 0;
  for (size_t i = 0; i < nbase; i++)
    all[n++] = base[i];
  for (size_t c = 0; c < ncomps; c++)
    for (size_t i = 0; i < comps[c]->nmodules; i++)
      all[n++] = comps[c]->modules[i];
  qsort(all, n, sizeof *all, str_cmp);
  size_t u = 0;
  for (size_t i = 0; i < n; i++)
    if (u == 0 || strcmp(all[u - 1], all[i]) != 0) all[u++] = all[i];
  ct_buf text = CT_BUF_INIT;
  ct_scaffold_package_format(&text, all, u);
  int rc = ct_scaffold__write_file(path, ct_buf_str(&text), text.len);
  ct_buf_dispose(&text);
  return rc;
}

int ct_scaffold__synth(const char *dir, const char *chart_name, const ct_sc_model *m,
                       const ct_sc_component *const *comps, size_t ncomps,
                       const ct_sc_answer *answers, size_t nanswers, ct_arena *a) {
  if (ct_scaffold__exists(dir)) return ct_error_set(CT_EEXIST, "Directory %s exists.", dir);
  int rc = ct_scaffold__copy_tree(ct_scaffold__path_join(a, m->dir, "_skel"), dir);
  if (rc) return rc;
  if ((rc = patch_chart_yaml(a, dir, chart_name))) return rc;
  if ((rc = process_skels(a, dir, comps, ncomps, 0))) return rc;
  if ((rc = patch_values(a, dir, comps, ncomps, answers, nanswers))) return rc;
  return write_package(a, dir, comps, ncomps);
}
