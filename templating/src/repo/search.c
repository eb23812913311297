/* search.c — `helm search repo`: the cached indexes of every added repository searched by
 * substring (Helm's scoring: which field matched) or regular expression, with version ranges. */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repo/repo_int.h"

typedef struct cand {
  char *name; /* repo/chart */
  const ct_value *cv;
  int score;
} cand;

static char *lower(const char *s) {
  char *d = strdup(s);
  if (!d) abort();
  for (char *p = d; *p; p++) *p = (char)tolower((unsigned char)*p);
  return d;
}

/* indstr: chart \v repo/chart \v description \v keywords */
static char *line_of(const char *repo, const ct_value *cv) {
  ct_buf b = CT_BUF_INIT;
  const char *n = ct_repo__field(cv, "name");
  ct_buf_printf(&b, "%s\v%s/%s\v%s\v", n, repo, n, ct_repo__field(cv, "description"));
  ct_value *kw = ct_map_getc(cv, "keywords");
  if (ct_is_list(kw))
    for (size_t i = 0; i < kw->list->len; i++) {
      if (i) ct_buf_putc(&b, ' ');
      if (ct_is_str(kw->list->items[i])) ct_buf_puts(&b, kw->list->items[i]->s.ptr);
    }
  return ct_buf_steal(&b);
}

static int score_at(const char *line, size_t pos) {
  int s = 0;
  for (size_t i = 0; i < pos && line[i]; i++)
    if (line[i] == '\v') s++;
  return s;
}

static int cmp_cand(const void *x, const void *y) {
  const cand *a = x, *b = y;
  if (a->score != b->score) return a->score < b->score ? -1 : 1;
  int c = strcmp(a->name, b->name);
  if (c) return c;
  return -ct_repo__semver_cmp(ct_repo__field(a->cv, "version"), ct_repo__field(b->cv, "version"));
}

int ct_repo_search(ct_repo_hit **hits, size_t *n, const char *term, bool regex, bool all_versions,
                   const char *version, bool devel) {
  *hits = NULL;
  *n = 0;
  ct_repo_list l;
  int rc = ct_repo_file_read(&l, ct_repo_config_path());
  if (rc) return rc;
  if (!l.len) {
    ct_repo_list_dispose(&l);
    return ct_error_set(CT_ENOTFOUND, "no repositories configured");
  }
  /* setupSearchedVersion: stable releases only unless --devel or --version */
  if (!version || !*version) version = devel ? ">0.0.0-0" : ">0.0.0";
  bool all = true;
  regex_t re;
  bool have_re = false;
  if (term && *term && regex) {
    if (regcomp(&re, term, REG_EXTENDED)) { /* Go regexp: case-sensitive */
      ct_repo_list_dispose(&l);
      return ct_error_set(CT_EINVAL, "error parsing regexp: %s", term);
    }
    have_re = true;
  }
  char *lterm = term ? lower(term) : NULL;
  ct_arena *a = ct_arena_new();
  cand *cs = NULL;
  size_t nc = 0, cap = 0;
  for (size_t r = 0; r < l.len; r++) {
    ct_value *idx = NULL;
    if (ct_repo__load_cached_index(&idx, a, l.v[r].name)) {
      fprintf(stderr, "WARNING: Repo %s is corrupt or missing. Try 'helm repo update'.\n", l.v[r].name);
      fprintf(stderr, "WARNING: %s\n", ct_error_last());
      ct_error_clear();
      continue;
    }
    size_t ne;
    const ct_map_entry *e = ct_map_sorted(a, ct_map_getc(idx, "entries"), &ne);
    for (size_t i = 0; i < ne; i++) {
      ct_list *vl = e[i].value->list;
      for (size_t j = 0; j < vl->len && (all || j == 0); j++) {
        const ct_value *cv = vl->items[j];
        char *line = line_of(l.v[r].name, cv);
        int score = 0;
        bool ok = true;
        if (have_re) {
          regmatch_t m;
          ok = regexec(&re, line, 1, &m, 0) == 0;
          if (ok) score = score_at(line, (size_t)m.rm_so);
          ok = ok && score < 25;
        } else if (lterm && *lterm) {
          char *ll = lower(line);
          char *hit = strstr(ll, lterm);
          ok = hit != NULL;
          if (ok) score = score_at(ll, (size_t)(hit - ll));
          ok = ok && score < 25;
          free(ll);
        }
        free(line);
        if (!ok) continue;
        if (nc == cap) {
          cap = cap ? cap * 2 : 32;
          cs = realloc(cs, cap * sizeof *cs);
          if (!cs) abort();
        }
        ct_buf nb = CT_BUF_INIT;
        ct_buf_printf(&nb, "%s/%s", l.v[r].name, e[i].key.ptr);
        cs[nc++] = (cand){ct_buf_steal(&nb), cv, score};
      }
    }
  }
  if (!(lterm && *lterm) && !have_re)
    for (size_t i = 0; i < nc; i++) cs[i].score = 0;
  if (nc) qsort(cs, nc, sizeof *cs, cmp_cand);
  ct_repo_hit *out = calloc(nc ? nc : 1, sizeof *out);
  if (!out) abort();
  size_t k = 0;
  for (size_t i = 0; i < nc; i++) {
    const char *v = ct_repo__field(cs[i].cv, "version");
    bool keep = true;
    if (version && *version) {
      keep = ct_chart_version_valid(v) && ct_chart_version_in_range(version, v);
      /* without --versions, only the newest matching version of each chart */
      if (keep && !all_versions)
        for (size_t j = 0; j < k; j++)
          if (!strcmp(out[j].name, cs[i].name)) keep = false;
    }
    if (keep) {
      out[k].name = cs[i].name;
      cs[i].name = NULL;
      out[k].version = strdup(v);
      out[k].app_version = strdup(ct_repo__field(cs[i].cv, "appVersion"));
      out[k].description = strdup(ct_repo__field(cs[i].cv, "description"));
      k++;
    }
    free(cs[i].name);
  }
  free(cs);
  *hits = out;
  *n = k;
  ct_arena_free(a);
  free(lterm);
  if (have_re) regfree(&re);
  ct_repo_list_dispose(&l);
  return CT_OK;
}

void ct_repo_hits_free(ct_repo_hit *hits, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(hits[i].name), free(hits[i].version), free(hits[i].app_version), free(hits[i].description);
  }
  free(hits);
}
