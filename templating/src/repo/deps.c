/* deps.c — `helm dependency list|update|build`: Chart.yaml dependencies resolved from HTTP
 * repositories (added or by URL), file:// directories and git+ URLs; charts/ filled through a
 * temporary directory; Chart.lock written with Helm's digest (HashReq) and checked on build. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chartctl/codec.h"
#include "repo/repo_int.h"

/* ---- Chart.lock digest: sha256 of json.Marshal([2][]*Dependency{req, lock}) ---- */
static void json_str(ct_buf *b, const char *s) {
  ct_value v = {.type = CT_STRING};
  v.s.ptr = s;
  v.s.len = strlen(s);
  ct_json_emit(b, &v, NULL, true, NULL);
}

static void json_dep(ct_buf *b, const ct_chart_dep *d) {
  if (!d->name) {
    ct_buf_puts(b, "null");
    return;
  }
  ct_buf_puts(b, "{\"name\":");
  json_str(b, d->name);
  if (*d->version) ct_buf_puts(b, ",\"version\":"), json_str(b, d->version);
  ct_buf_puts(b, ",\"repository\":");
  json_str(b, d->repository);
  if (*d->condition) ct_buf_puts(b, ",\"condition\":"), json_str(b, d->condition);
  if (d->ntags) {
    ct_buf_puts(b, ",\"tags\":[");
    for (size_t i = 0; i < d->ntags; i++) {
      if (i) ct_buf_putc(b, ',');
      json_str(b, d->tags[i]);
    }
    ct_buf_putc(b, ']');
  }
  if (d->enabled) ct_buf_puts(b, ",\"enabled\":true");
  if (d->import_values && d->import_values->list->len) {
    ct_buf_puts(b, ",\"import-values\":");
    ct_json_emit(b, d->import_values, NULL, true, NULL);
  }
  if (*d->alias) ct_buf_puts(b, ",\"alias\":"), json_str(b, d->alias);
  ct_buf_putc(b, '}');
}

static void json_deps(ct_buf *b, const ct_chart_dep *d, size_t n, bool nil) {
  if (nil) {
    ct_buf_puts(b, "null");
    return;
  }
  ct_buf_putc(b, '[');
  for (size_t i = 0; i < n; i++) {
    if (i) ct_buf_putc(b, ',');
    json_dep(b, &d[i]);
  }
  ct_buf_putc(b, ']');
}

static char *hash_req(const ct_chart_dep *req, size_t nreq, const ct_chart_dep *lock, size_t nlock) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_putc(&b, '[');
  json_deps(&b, req, nreq, req == NULL);
  ct_buf_putc(&b, ',');
  json_deps(&b, lock, nlock, lock == NULL);
  ct_buf_putc(&b, ']');
  char hex[65];
  ct_repo_sha256_hex(hex, b.ptr, b.len);
  ct_buf_dispose(&b);
  ct_buf o = CT_BUF_INIT;
  ct_buf_printf(&o, "sha256:%s", hex);
  return ct_buf_steal(&o);
}

/* ---- uitable-like table: cells padded to the column width, "\t" between columns ---- */
static void table(FILE *out, const char **cells, size_t ncols, size_t nrows, size_t maxw) {
  size_t *w = calloc(ncols, sizeof *w);
  char **c = calloc(ncols * nrows + 1, sizeof *c);
  if (!w || !c) abort();
  for (size_t i = 0; i < ncols * nrows; i++) {
    const char *s = cells[i] ? cells[i] : "";
    size_t l = strlen(s);
    if (maxw && l > maxw) {
      ct_buf t = CT_BUF_INIT;
      ct_buf_put(&t, s, maxw - 3);
      ct_buf_puts(&t, "...");
      c[i] = ct_buf_steal(&t);
    } else {
      c[i] = strdup(s);
    }
    size_t cl = strlen(c[i]);
    if (cl > w[i % ncols]) w[i % ncols] = cl;
  }
  for (size_t r = 0; r < nrows; r++) {
    for (size_t k = 0; k < ncols; k++) {
      const char *s = c[r * ncols + k];
      fprintf(out, "%s%-*s", k ? "\t" : "", (int)w[k], s);
    }
    fputc('\n', out);
  }
  for (size_t i = 0; i < ncols * nrows; i++) free(c[i]);
  free(c);
  free(w);
}

void ct_repo_table(FILE *out, const char **cells, size_t ncols, size_t nrows, size_t maxw) {
  table(out, cells, ncols, nrows, maxw);
}

/* ---- dependency list ---- */
static const char *check_version(const char *have, const char *want) {
  if (!strcmp(have, want)) return NULL;
  if (!ct_chart_version_valid(have)) return "invalid version";
  if (!ct_chart_version_in_range(want, have)) {
    /* an unparsable constraint is "invalid version" in Helm; a parsable one that fails is
     * "wrong version" — ct_chart_version_in_range cannot tell them apart, so test "*" */
    return ct_repo__constraint_valid(want) ? "wrong version" : "invalid version";
  }
  return NULL;
}

static const char *archive_status(const char *archive, const ct_chart_dep *d) {
  ct_chart *c = NULL;
  if (ct_chart_load(&c, archive) != CT_OK) {
    ct_error_clear();
    return "corrupt";
  }
  const char *st = "ok";
  if (strcmp(c->meta.name, d->name)) st = "misnamed";
  else {
    const char *v = check_version(c->meta.version, d->version);
    if (v) st = v;
  }
  ct_chart_free(c);
  return st;
}

static const char *dep_status(const char *chart_dir, const ct_chart_dep *d, const ct_chart *parent) {
  char *charts = ct_repo__join(chart_dir, "charts");
  DIR *dir = opendir(charts);
  char *one = NULL;
  size_t nall = 0, nfound = 0;
  size_t pl = strlen(d->name);
  if (dir) {
    struct dirent *e;
    while ((e = readdir(dir))) {
      size_t l = strlen(e->d_name);
      if (l < pl + 5 || strncmp(e->d_name, d->name, pl) || e->d_name[pl] != '-' || strcmp(e->d_name + l - 4, ".tgz"))
        continue;
      nall++;
      char *ver = strndup(e->d_name + pl + 1, l - pl - 5);
      bool strict = ct_chart_version_valid(ver) && !strspn(ver, "vV") && strchr(ver, '.') != strrchr(ver, '.');
      free(ver);
      if (nall == 1 || strict) {
        if (strict) nfound++;
        free(one);
        one = ct_repo__join(charts, e->d_name);
      }
    }
    closedir(dir);
  }
  const char *st = NULL;
  if (nall == 1 || (nall > 1 && nfound == 1)) st = archive_status(one, d);
  else if (nall > 1 && nfound > 1) st = "too many matches";
  free(one);
  free(charts);
  if (st) return st;
  const ct_chart *dc = NULL;
  for (size_t i = 0; i < parent->ndeps; i++)
    if (!strcmp(ct_chart_name(parent->deps[i]), d->name)) dc = parent->deps[i];
  if (!dc) return "missing";
  const char *v = check_version(dc->meta.version, d->version);
  return v ? v : "unpacked";
}

int ct_repo_dep_list(const char *chart_dir, FILE *out) {
  ct_chart *c = NULL;
  int rc = ct_chart_load(&c, chart_dir);
  if (rc) return rc;
  if (!c->meta.deps) {
    char *p = ct_repo__join(chart_dir, "charts");
    fprintf(out, "WARNING: no dependencies at %s\n", p);
    free(p);
    ct_chart_free(c);
    return CT_OK;
  }
  size_t n = c->meta.ndeps + 1;
  const char **cells = calloc(n * 4, sizeof *cells);
  if (!cells) abort();
  cells[0] = "NAME", cells[1] = "VERSION", cells[2] = "REPOSITORY", cells[3] = "STATUS";
  char **reds = calloc(n, sizeof *reds);
  for (size_t i = 0; i < c->meta.ndeps; i++) {
    const ct_chart_dep *d = &c->meta.deps[i];
    reds[i] = ct_repo__redact(d->repository);
    cells[(i + 1) * 4] = d->name;
    cells[(i + 1) * 4 + 1] = d->version;
    cells[(i + 1) * 4 + 2] = reds[i];
    cells[(i + 1) * 4 + 3] = dep_status(chart_dir, d, c);
  }
  table(out, cells, 4, n, 80);
  fputc('\n', out);
  /* printMissing: charts/ entries that Chart.yaml does not name */
  char *charts = ct_repo__join(chart_dir, "charts");
  DIR *dir = opendir(charts);
  if (dir) {
    struct dirent *e;
    char **names = NULL;
    size_t nn = 0;
    while ((e = readdir(dir))) {
      if (e->d_name[0] == '.') continue;
      names = realloc(names, (nn + 1) * sizeof *names);
      names[nn++] = strdup(e->d_name);
    }
    closedir(dir);
    for (size_t i = 0; i < nn; i++)
      for (size_t j = i + 1; j < nn; j++)
        if (strcmp(names[i], names[j]) > 0) {
          char *t = names[i];
          names[i] = names[j], names[j] = t;
        }
    for (size_t i = 0; i < nn; i++) {
      char *f = ct_repo__join(charts, names[i]);
      size_t l = strlen(names[i]);
      if (ct_repo__is_dir(f) || (l > 4 && !strcmp(names[i] + l - 4, ".tgz"))) {
        ct_chart *sc = NULL;
        if (ct_chart_load(&sc, f) != CT_OK) {
          ct_error_clear();
          fprintf(out, "WARNING: \"%s\" is not a chart.\n", f);
        } else {
          bool found = false;
          for (size_t k = 0; k < c->meta.ndeps; k++)
            if (!strcmp(c->meta.deps[k].name, sc->meta.name)) found = true;
          if (!found) fprintf(out, "WARNING: \"%s\" is not in Chart.yaml.\n", f);
        }
        ct_chart_free(sc);
      }
      free(f);
      free(names[i]);
    }
    free(names);
  }
  free(charts);
  for (size_t i = 0; i < n; i++) free(reds[i]);
  free(reds);
  free(cells);
  ct_chart_free(c);
  return CT_OK;
}

/* ---- resolution ---- */
typedef struct git_ref {
  char *url, *path, *ref;
} git_ref;

static bool is_git(const char *r) { return !strncmp(r, "git+", 4); }

/* git+URL[@PATH][?ref=REF] (helm-git's spelling) */
static int parse_git(git_ref *g, const char *repo) {
  memset(g, 0, sizeof *g);
  const char *u = repo + 4;
  size_t ql = strcspn(u, "?");
  const char *scheme = strstr(u, "://");
  if (!scheme || (size_t)(scheme - u) > ql) return ct_error_set(CT_EINVAL, "invalid git repository %s: want git+https://HOST/REPO[@PATH][?ref=REF]", repo);
  const char *pathstart = scheme + 3;
  pathstart += strcspn(pathstart, "/");
  const char *at = NULL;
  for (const char *p = pathstart; p < u + ql; p++)
    if (*p == '@') at = p;
  g->url = strndup(u, (size_t)((at ? at : u + ql) - u));
  g->path = at ? strndup(at + 1, (size_t)(u + ql - at - 1)) : strdup("");
  g->ref = strdup("");
  if (u[ql] == '?') {
    const char *q = u + ql + 1;
    while (*q) {
      size_t l = strcspn(q, "&");
      if (!strncmp(q, "ref=", 4)) {
        free(g->ref);
        g->ref = strndup(q + 4, l - 4);
      }
      q += l + (q[l] == '&');
    }
  }
  if (strstr(g->path, "..")) return ct_error_set(CT_EINVAL, "invalid git repository %s: path leaves the repository", repo);
  return CT_OK;
}

static void git_ref_free(git_ref *g) { free(g->url), free(g->path), free(g->ref); }

/* Exports the git dependency into a temporary dir and loads it; *TMP (malloc'd) to remove. */
static int load_git(ct_chart **out, char **tmp, const char *repo) {
  git_ref g;
  int rc = parse_git(&g, repo);
  *tmp = NULL;
  if (!rc && !(*tmp = ct_repo__mkdtemp("gitdep"))) rc = CT_EIO;
  if (!rc) {
    char *dest = ct_repo__join(*tmp, "chart");
    rc = ct_repo__git_export(g.url, g.ref, g.path, dest);
    if (!rc) rc = ct_chart_load(out, dest);
    free(dest);
  }
  git_ref_free(&g);
  return rc;
}

/* path.Clean: segments on a stack; ".." pops a real segment, stays leading when relative */
static char *clean(const char *in) {
  bool abs = in[0] == '/';
  size_t n = strlen(in);
  const char **seg = malloc((n / 2 + 2) * sizeof *seg);
  size_t *len = malloc((n / 2 + 2) * sizeof *len);
  if (!seg || !len) abort();
  size_t ns = 0, lead = 0; /* lead: leading ".." segments (relative paths) */
  for (const char *p = in; *p;) {
    size_t l = strcspn(p, "/");
    if (l == 2 && p[0] == '.' && p[1] == '.') {
      if (ns > lead) ns--;
      else if (!abs) seg[ns] = p, len[ns] = 2, ns++, lead++;
    } else if (l && !(l == 1 && p[0] == '.')) {
      seg[ns] = p, len[ns] = l, ns++;
    }
    p += l;
    if (*p == '/') p++;
  }
  char *out = malloc(n + 3);
  if (!out) abort();
  size_t w = 0;
  if (abs) out[w++] = '/';
  for (size_t i = 0; i < ns; i++) {
    if (i) out[w++] = '/';
    memcpy(out + w, seg[i], len[i]);
    w += len[i];
  }
  if (!w) out[w++] = '.';
  out[w] = 0;
  free(seg), free(len);
  return out;
}

static char *local_path(const char *repo, const char *chart_dir) {
  const char *p = repo + 7; /* file:// */
  if (p[0] == '/') return clean(p);
  char *j = ct_repo__join(chart_dir, p);
  char *c = clean(j);
  free(j);
  return c;
}

static bool url_equal(const char *a, const char *b) {
  size_t al = strlen(a), bl = strlen(b);
  while (al && a[al - 1] == '/') al--;
  while (bl && b[bl - 1] == '/') bl--;
  return al == bl && !strncmp(a, b, al);
}

typedef struct dep_repo {
  const char *name;  /* cache key: the configured name, or helm-manager-<sha> */
  const char *url;
  ct_repo_auth auth;
  bool managed;      /* not in repositories.yaml */
} dep_repo;

typedef struct ctx {
  const char *chart_dir;
  FILE *out;
  ct_repo_list repos;
  dep_repo *dr; /* per dependency (NULL name when not an HTTP dependency) */
  ct_arena *a;
  char **managed_names;
  size_t nmanaged;
} ctx;

static void ctx_dispose(ctx *x) {
  ct_repo_list_dispose(&x->repos);
  free(x->dr);
  for (size_t i = 0; i < x->nmanaged; i++) free(x->managed_names[i]);
  free(x->managed_names);
}

/* resolveRepoNames + ensureMissingRepos: rewrites @name / alias:name repositories in DEPS. */
static int resolve_repo_names(ctx *x, ct_chart_dep *deps, size_t n) {
  x->dr = calloc(n ? n : 1, sizeof *x->dr);
  if (!x->dr) abort();
  ct_buf missing = CT_BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    ct_chart_dep *d = &deps[i];
    if (!d->name || !*d->repository || !strncmp(d->repository, "file://", 7) || is_git(d->repository)) continue;
    const char *alias = !strncmp(d->repository, "@", 1) ? d->repository + 1
                        : !strncmp(d->repository, "alias:", 6) ? d->repository + 6 : NULL;
    bool found = false;
    for (size_t k = 0; k < x->repos.len; k++) {
      const ct_repo_entry *e = &x->repos.v[k];
      if ((alias && !strcmp(alias, e->name)) || (!alias && url_equal(e->url, d->repository))) {
        if (alias) d->repository = ct_arena_strdup(x->a, e->url);
        x->dr[i] = (dep_repo){e->name, e->url, ct_repo__entry_auth(e), false};
        found = true;
        break;
      }
    }
    if (found) continue;
    if (!alias && (!strncmp(d->repository, "http://", 7) || !strncmp(d->repository, "https://", 8))) {
      char hex[65];
      ct_repo_sha256_hex(hex, d->repository, strlen(d->repository));
      ct_buf k = CT_BUF_INIT;
      ct_buf_printf(&k, "helm-manager-%s", hex);
      x->managed_names = realloc(x->managed_names, (x->nmanaged + 1) * sizeof *x->managed_names);
      x->managed_names[x->nmanaged] = ct_buf_steal(&k);
      x->dr[i] = (dep_repo){x->managed_names[x->nmanaged++], d->repository, {0}, true};
      continue;
    }
    if (missing.len) ct_buf_puts(&missing, ", ");
    ct_buf_puts(&missing, d->repository);
  }
  int rc = CT_OK;
  if (missing.len) {
    bool non_url = false;
    for (size_t i = 0; i < n; i++) {
      const char *r = deps[i].repository;
      if (*r && strncmp(r, "file://", 7) && !is_git(r) && !strstr(r, "//") && r[0] != '@' && strncmp(r, "alias:", 6))
        non_url = true;
    }
    rc = ct_error_set(CT_ENOTFOUND, "no repository definition for %s. Please add them via 'helm repo add'%s", missing.ptr,
                      non_url ? "\nNote that repositories must be URLs or aliases. For example, to refer to the \"example\"\n"
                                "repository, use \"https://charts.example.com/\" or \"@example\" instead of\n"
                                "\"example\". Don't forget to add the repo, too ('helm repo add')."
                              : "");
  }
  ct_buf_dispose(&missing);
  return rc;
}

static void update_one(FILE *out, const ct_repo_entry *e, bool managed) {
  char *safe = ct_repo__redact(e->url);
  if (ct_repo_update_index(e)) {
    if (managed)
      fprintf(out, "...Unable to get an update from the \"%s\" chart repository:\n\t%s\n", safe, ct_error_last());
    else
      fprintf(out, "...Unable to get an update from the \"%s\" chart repository (%s):\n\t%s\n", e->name, safe,
              ct_error_last());
    ct_error_clear();
  } else {
    fprintf(out, "...Successfully got an update from the \"%s\" chart repository\n", managed ? safe : e->name);
  }
  free(safe);
}

/* ensureMissingRepos' refresh of the repositories not in repositories.yaml, then
 * UpdateRepositories: every configured repository. */
static void update_repos(ctx *x, size_t n, bool skip) {
  if (skip) return;
  bool any = false;
  for (size_t i = 0; i < n; i++) any = any || (x->dr[i].name && x->dr[i].managed);
  if (any) {
    fprintf(x->out, "Getting updates for unmanaged Helm repositories...\n");
    for (size_t i = 0; i < n; i++) {
      dep_repo *r = &x->dr[i];
      if (!r->name || !r->managed) continue;
      bool dup = false;
      for (size_t k = 0; k < i; k++) dup = dup || (x->dr[k].name && !strcmp(x->dr[k].name, r->name));
      if (dup) continue;
      ct_repo_entry e = {(char *)r->name, (char *)r->url, NULL, NULL, NULL, NULL, NULL, false, false};
      update_one(x->out, &e, true);
    }
  }
  if (x->repos.len) {
    fprintf(x->out, "Hang tight while we grab the latest from your chart repositories...\n");
    for (size_t i = 0; i < x->repos.len; i++) update_one(x->out, &x->repos.v[i], false);
    fprintf(x->out, "Update Complete. \xe2\x8e\x88Happy Helming!\xe2\x8e\x88\n");
  }
}

static int resolve(ctx *x, ct_chart_dep *req, size_t n, ct_chart_dep *locked) {
  ct_buf missing = CT_BUF_INIT;
  int rc = CT_OK;
  for (size_t i = 0; i < n && !rc; i++) {
    ct_chart_dep *d = &req[i];
    memset(&locked[i], 0, sizeof locked[i]);
    if (!d->name) {
      rc = ct_error_set(CT_EINVAL, "dependencies must not contain empty or null nodes");
      break;
    }
    locked[i].name = d->name;
    locked[i].repository = d->repository;
    locked[i].version = d->version;
    locked[i].condition = locked[i].alias = "";
    if (!ct_repo__constraint_valid(d->version)) {
      rc = ct_error_set(CT_EINVAL, "dependency \"%s\" has an invalid version/constraint format: improper constraint: %s",
                        d->name, d->version);
      break;
    }
    bool ok = true;
    const char *have = NULL;
    ct_chart *c = NULL;
    char *tmp = NULL;
    if (!*d->repository) {
      char *p = ct_repo__join(x->chart_dir, "charts");
      char *q = ct_repo__join(p, d->name);
      if (!ct_repo__exists(q)) rc = ct_error_set(CT_ENOTFOUND, "directory %s not found", q);
      free(p), free(q);
      continue;
    } else if (!strncmp(d->repository, "file://", 7)) {
      char *p = local_path(d->repository, x->chart_dir);
      if (!ct_repo__exists(p)) rc = ct_error_set(CT_ENOTFOUND, "directory %s not found", p);
      else rc = ct_chart_load(&c, p);
      free(p);
      if (!rc) have = c->meta.version;
    } else if (is_git(d->repository)) {
      rc = load_git(&c, &tmp, d->repository);
      if (!rc) have = c->meta.version;
    } else {
      ct_value *idx = NULL;
      rc = ct_repo__load_cached_index(&idx, x->a, x->dr[i].name);
      if (rc) {
        rc = ct_error_set(rc, "no cached repository for %s found. (try 'helm repo update')", x->dr[i].name);
      } else {
        ct_value *l = ct_map_getc(ct_map_getc(idx, "entries"), d->name);
        if (!ct_is_list(l)) {
          char *safe = ct_repo__redact(d->repository);
          rc = ct_error_set(CT_ENOTFOUND, "%s chart not found in repo %s", d->name, safe);
          free(safe);
        } else {
          for (size_t k = 0; k < l->list->len && !have; k++) {
            const char *v = ct_repo__field(l->list->items[k], "version");
            ct_value *urls = ct_map_getc(l->list->items[k], "urls");
            if (!ct_chart_version_valid(v) || !ct_is_list(urls) || !urls->list->len) continue;
            if (ct_chart_version_in_range(d->version, v)) have = ct_arena_strdup(x->a, v);
          }
          ok = have != NULL;
        }
      }
    }
    if (!rc && have && c) ok = ct_chart_version_valid(have) && ct_chart_version_in_range(d->version, have);
    if (!rc && ok) locked[i].version = ct_arena_strdup(x->a, have);
    if (!rc && !ok) {
      if (missing.len) ct_buf_puts(&missing, ", ");
      char *safe = ct_repo__redact(d->repository);
      ct_buf_printf(&missing, "\"%s\" (repository \"%s\", version \"%s\")", d->name, safe, d->version);
      free(safe);
    }
    ct_chart_free(c);
    if (tmp) ct_repo__rmtree(tmp);
    free(tmp);
  }
  if (!rc && missing.len) {
    size_t cnt = 1;
    for (const char *p = missing.ptr; (p = strstr(p, "\", version \"")); p++) cnt++;
    cnt--;
    rc = ct_error_set(CT_ENOTFOUND,
                      "can't get a valid version for %zu subchart(s): %s. Make sure a matching chart version exists "
                      "in the repo, or change the version constraint in Chart.yaml",
                      cnt, missing.ptr);
  }
  ct_buf_dispose(&missing);
  return rc;
}

/* ---- downloading into charts/ through a temporary directory ---- */
static int save_local(const ct_chart_dep *d, const char *chart_dir, const char *tmp) {
  ct_chart *c = NULL;
  char *dtmp = NULL;
  int rc;
  if (is_git(d->repository)) {
    rc = load_git(&c, &dtmp, d->repository);
  } else {
    char *p = local_path(d->repository, chart_dir);
    rc = ct_chart_load(&c, p);
    free(p);
  }
  if (!rc && !(ct_chart_version_valid(c->meta.version) && ct_chart_version_in_range(d->version, c->meta.version)))
    rc = ct_error_set(CT_EINVAL, "can't get a valid version for dependency %s", d->name);
  char *saved = NULL;
  if (!rc) rc = ct_repo__save(&saved, c, tmp);
  free(saved);
  ct_chart_free(c);
  if (dtmp) ct_repo__rmtree(dtmp);
  free(dtmp);
  return rc;
}

static int download_all(ctx *x, const ct_chart_dep *deps, size_t n, const ct_chart_dep *req, size_t nreq) {
  char *charts = ct_repo__join(x->chart_dir, "charts");
  int rc = ct_repo__mkdirs(charts, 0755);
  char *tmpl = rc ? NULL : ct_repo__mkdtemp("deps");
  if (!tmpl) {
    free(charts);
    return rc ? rc : CT_EIO;
  }
  fprintf(x->out, "Saving %zu charts\n", n);
  for (size_t i = 0; i < n && !rc; i++) {
    const ct_chart_dep *d = &deps[i];
    if (!d->name) {
      rc = ct_error_set(CT_EINVAL, "dependencies must not contain empty or null nodes");
      break;
    }
    if (!*d->repository) {
      fprintf(x->out, "Dependency %s did not declare a repository. Assuming it exists in the charts directory\n", d->name);
      char *p = ct_repo__join(charts, d->name);
      ct_chart *c = NULL;
      rc = ct_chart_load(&c, p);
      if (rc) rc = ct_error_set(rc, "unable to load chart '%s': %s", p, ct_error_last());
      else if (!(ct_chart_version_valid(c->meta.version) && ct_chart_version_in_range(d->version, c->meta.version)))
        rc = ct_error_set(CT_EINVAL, "dependency %s at version %s does not satisfy the constraint %s", d->name,
                          c->meta.version, d->version);
      ct_chart_free(c);
      free(p);
      continue;
    }
    if (!strncmp(d->repository, "file://", 7) || is_git(d->repository)) {
      rc = save_local(d, x->chart_dir, tmpl);
      continue;
    }
    /* find the index entry: the dependency's repository by position in REQ */
    const dep_repo *r = NULL;
    for (size_t k = 0; req && k < nreq; k++)
      if (req[k].name && !strcmp(req[k].name, d->name) && x->dr[k].name) r = &x->dr[k];
    if (!r) {
      for (size_t k = 0; k < x->repos.len && !r; k++)
        if (url_equal(x->repos.v[k].url, d->repository)) {
          static dep_repo tmpr;
          tmpr = (dep_repo){x->repos.v[k].name, x->repos.v[k].url, ct_repo__entry_auth(&x->repos.v[k]), false};
          r = &tmpr;
        }
    }
    char *safe = ct_repo__redact(d->repository);
    if (!r) {
      rc = ct_error_set(CT_ENOTFOUND, "could not find %s: no repository definition for %s", d->name, safe);
    } else {
      ct_value *idx = NULL;
      rc = ct_repo__load_cached_index(&idx, x->a, r->name);
      ct_value *cv = rc ? NULL : ct_repo__index_get(idx, d->name, d->version);
      if (!rc && !cv) rc = ct_error_wrap(CT_ENOTFOUND, "could not find %s", d->name);
      if (!rc) {
        fprintf(x->out, "Downloading %s from repo %s\n", d->name, safe);
        char *file = NULL;
        rc = ct_repo__download_version(&file, cv, r->url, &r->auth, tmpl);
        if (rc) rc = ct_error_wrap(rc, "could not download %s", d->name);
        free(file);
      }
    }
    free(safe);
  }
  if (rc) {
    fprintf(x->out, "Save error occurred:  %s\n", ct_error_last());
    fprintf(x->out, "Deleting newly downloaded charts, restoring pre-update state\n");
  } else {
    /* safeMoveDeps: move the new archives in, delete outdated chart archives */
    fprintf(x->out, "Deleting outdated charts\n");
    /* safeDeleteDep: charts/NAME-*.tgz archives of each dependency that are charts named NAME */
    DIR *dir = opendir(charts);
    if (dir) {
      struct dirent *e;
      while ((e = readdir(dir))) {
        size_t l = strlen(e->d_name);
        if (l <= 4 || strcmp(e->d_name + l - 4, ".tgz")) continue;
        const ct_chart_dep *owner = NULL;
        for (size_t i = 0; i < n && !owner; i++) {
          if (!deps[i].name) continue;
          size_t nl = strlen(deps[i].name);
          if (*deps[i].repository && !strncmp(e->d_name, deps[i].name, nl) && e->d_name[nl] == '-') owner = &deps[i];
        }
        if (!owner) continue;
        char *f = ct_repo__join(charts, e->d_name);
        struct stat st;
        if (lstat(f, &st) == 0 && S_ISREG(st.st_mode)) {
          ct_chart *c = NULL;
          if (ct_chart_load(&c, f) == CT_OK) {
            if (!strcmp(c->meta.name, owner->name)) unlink(f);
          } else {
            fprintf(x->out, "Could not verify %s for deletion: %s (Skipping)", f, ct_error_last());
            ct_error_clear();
          }
          ct_chart_free(c);
        }
        free(f);
      }
      closedir(dir);
    }
    dir = opendir(tmpl);
    if (dir) {
      struct dirent *e;
      while ((e = readdir(dir)) && !rc) {
        if (e->d_name[0] == '.') continue;
        char *f = ct_repo__join(tmpl, e->d_name);
        char *t = ct_repo__join(charts, e->d_name);
        ct_buf data = CT_BUF_INIT;
        rc = ct_repo__read_file(&data, f, CT_REPO__MAX_CHART);
        if (!rc) rc = ct_repo__write_atomic(t, data.ptr, data.len, 0644);
        ct_buf_dispose(&data);
        free(f), free(t);
      }
      closedir(dir);
    }
  }
  ct_repo__rmtree(tmpl);
  free(tmpl);
  free(charts);
  return rc;
}

static int setup(ctx *x, const char *chart_dir, FILE *out) {
  memset(x, 0, sizeof *x);
  x->chart_dir = chart_dir;
  x->out = out;
  return ct_repo_file_read(&x->repos, ct_repo_config_path());
}

static int write_lock(const char *chart_dir, const ct_chart_lock *l, bool legacy, ct_arena *a) {
  ct_buf b = CT_BUF_INIT;
  int rc = ct_repo__lock_yaml(&b, l, a);
  char *p = ct_repo__join(chart_dir, legacy ? "requirements.lock" : "Chart.lock");
  struct stat st;
  if (!rc && lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
    rc = ct_error_set(CT_EPERM, "the %s file is a symlink", legacy ? "requirements.lock" : "Chart.lock");
  if (!rc) rc = ct_repo__write_atomic(p, b.ptr, b.len, 0644);
  free(p);
  ct_buf_dispose(&b);
  return rc;
}

int ct_repo_dep_update(const char *chart_dir, FILE *out, bool skip_refresh) {
  ct_chart *c = NULL;
  int rc = ct_chart_load(&c, chart_dir);
  if (rc) return rc;
  if (!c->meta.ndeps) {
    ct_chart_free(c);
    return CT_OK;
  }
  ctx x;
  rc = setup(&x, chart_dir, out);
  x.a = c->arena;
  size_t n = c->meta.ndeps;
  ct_chart_dep *req = c->meta.deps;
  if (!rc) rc = resolve_repo_names(&x, req, n);
  if (!rc) update_repos(&x, n, skip_refresh);
  ct_chart_dep *locked = ct_arena_alloc(c->arena, n * sizeof *locked);
  if (!rc) rc = resolve(&x, req, n, locked);
  if (!rc) rc = download_all(&x, locked, n, req, n);
  if (!rc) {
    ct_chart_lock l = {0};
    char now[64];
    ct_repo__now_rfc3339(now, sizeof now);
    l.generated = now;
    char *digest = hash_req(req, n, locked, n);
    l.digest = digest;
    l.deps = locked;
    l.ndeps = n;
    if (!c->lock || strcmp(c->lock->digest, digest))
      rc = write_lock(chart_dir, &l, !strcmp(c->meta.api_version, "v1"), c->arena);
    free(digest);
  }
  ctx_dispose(&x);
  ct_chart_free(c);
  return rc;
}

int ct_repo_dep_build(const char *chart_dir, FILE *out, bool skip_refresh) {
  ct_chart *c = NULL;
  int rc = ct_chart_load(&c, chart_dir);
  if (rc) return rc;
  if (!c->lock) {
    ct_chart_free(c);
    return ct_repo_dep_update(chart_dir, out, skip_refresh);
  }
  ctx x;
  rc = setup(&x, chart_dir, out);
  x.a = c->arena;
  size_t n = c->meta.ndeps;
  if (!rc) rc = resolve_repo_names(&x, c->meta.deps, n);
  if (!rc) {
    char *sum = hash_req(c->meta.deps, n, c->lock->deps, c->lock->ndeps);
    if (strcmp(sum, c->lock->digest))
      rc = ct_error_set(CT_ECONFLICT, "the lock file (%s) is out of sync with the dependencies file (Chart.yaml). "
                                      "Please update the dependencies",
                        !strcmp(c->meta.api_version, "v1") ? "requirements.lock" : "Chart.lock");
    free(sum);
  }
  if (!rc) update_repos(&x, n, skip_refresh);
  if (!rc) rc = download_all(&x, c->lock->deps, c->lock->ndeps, c->meta.deps, n);
  ctx_dispose(&x);
  ct_chart_free(c);
  return rc;
}
