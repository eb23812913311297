/* locate.c — charts by reference (local path, repo/name, https://...tgz) as Helm's
 * LocateChart and ChartDownloader, `helm pull` (--version ranges, --untar, --destination),
 * and safe archive extraction (chartutil.ExpandFile). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart/chart_int.h"
#include "repo/repo_int.h"

int ct_repo_untar(const void *data, size_t len, const char *dir) {
  ct_arena *a = ct_arena_new();
  ct_chart__blist files = {0};
  int rc = ct_chart__archive_files(&files, a, data, len);
  const char *name = NULL;
  for (size_t i = 0; !rc && i < files.len; i++) {
    if (strcmp(files.v[i].name, "Chart.yaml")) continue;
    ct_chart_metadata md;
    memset(&md, 0, sizeof md);
    ct_buf err = CT_BUF_INIT;
    if (ct_chart__decode_metadata(&md, a, files.v[i].data, files.v[i].len, &err) < 0)
      rc = ct_error_set(CT_EINVAL, "cannot load Chart.yaml: %s", ct_buf_str(&err));
    else
      name = md.name;
    ct_buf_dispose(&err);
  }
  if (!rc && (!name || !*name)) rc = ct_error_set(CT_EINVAL, "chart name not specified");
  if (!rc && (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")))
    rc = ct_error_set(CT_EINVAL, "chart name %s is not a valid directory name", name);
  char *base = rc ? NULL : ct_repo__join(dir, name);
  for (size_t i = 0; !rc && i < files.len; i++) {
    const char *fn = files.v[i].name;
    if (fn[0] == '/' || !strncmp(fn, "../", 3) || strstr(fn, "/../") || !strcmp(fn, "..")) {
      rc = ct_error_set(CT_EPERM, "chart illegally references parent directory");
      break;
    }
    char *out = ct_repo__join(base, fn);
    char *slash = strrchr(out, '/');
    *slash = 0;
    rc = ct_repo__mkdirs(out, 0755);
    *slash = '/';
    if (!rc) rc = ct_repo__write_atomic(out, files.v[i].data, files.v[i].len, 0644);
    free(out);
  }
  free(base);
  ct_arena_free(a);
  return rc;
}

/* The repositories.yaml entry whose URL prefixes URL (ChartDownloader.scanReposForURL). */
static const ct_repo_entry *repo_for_url(const ct_repo_list *l, const char *url) {
  for (size_t i = 0; i < l->len; i++) {
    const char *ru = l->v[i].url;
    size_t n = strlen(ru);
    while (n && ru[n - 1] == '/') n--;
    if (n && !strncmp(url, ru, n) && (url[n] == '/' || !url[n])) return &l->v[i];
  }
  return NULL;
}

static bool is_url(const char *s) {
  return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8);
}

/* Downloads REF at VERSION into DEST; *OUT the file. AUTH/REPO_URL from flags (may be NULL). */
static int download(char **out, const char *ref, const char *version, const char *dest, const char *repo_url,
                    const ct_repo_auth *flag_auth) {
  ct_repo_list l;
  int rc = ct_repo_file_read(&l, ct_repo_config_path());
  if (rc) return rc;
  ct_arena *a = ct_arena_new();
  if (repo_url && *repo_url) {
    /* --repo URL: the chart name looked up in that repository's index, fetched now */
    ct_value *idx = NULL;
    const ct_repo_entry *e = repo_for_url(&l, repo_url);
    ct_repo_auth au = flag_auth ? *flag_auth : (e ? ct_repo__entry_auth(e) : (ct_repo_auth){0});
    rc = ct_repo__fetch_index(&idx, a, repo_url, &au, NULL);
    if (rc) {
      char *safe = ct_repo__redact(repo_url);
      rc = ct_error_wrap(rc, "looks like \"%s\" is not a valid chart repository or cannot be reached", safe);
      free(safe);
    }
    ct_value *cv = rc ? NULL : ct_repo__index_get(idx, ref, version);
    if (!rc && !cv) {
      char *safe = ct_repo__redact(repo_url);
      rc = ct_error_set(CT_ENOTFOUND, "chart \"%s\" version \"%s\" not found in %s repository", ref,
                        version ? version : "", safe);
      free(safe);
    }
    if (!rc) rc = ct_repo__download_version(out, cv, repo_url, &au, dest);
  } else if (is_url(ref)) {
    const ct_repo_entry *e = repo_for_url(&l, ref);
    ct_repo_auth au = flag_auth && flag_auth->username ? *flag_auth : (e ? ct_repo__entry_auth(e) : (flag_auth ? *flag_auth : (ct_repo_auth){0}));
    ct_value *cv = ct_map_new(a, CT_MAP, 2);
    ct_value *urls = ct_list_new(a, CT_LIST, 1);
    ct_list_push(a, urls, ct_cstring(a, ref));
    ct_map_setc(a, cv, "urls", urls);
    rc = ct_repo__download_version(out, cv, e ? e->url : NULL, &au, dest);
  } else {
    const char *slash = strchr(ref, '/');
    if (!slash || !slash[1]) {
      rc = ct_error_set(CT_EINVAL, "non-absolute URLs should be in form of repo_name/path_to_chart, got: %s", ref);
    } else {
      char *rname = strndup(ref, (size_t)(slash - ref));
      const char *cname = slash + 1;
      const ct_repo_entry *e = ct_repo_list_find(&l, rname);
      ct_value *idx = NULL;
      if (!e) rc = ct_error_set(CT_ENOTFOUND, "repo %s not found", rname);
      if (!rc) rc = ct_repo__load_cached_index(&idx, a, rname);
      ct_value *cv = rc ? NULL : ct_repo__index_get(idx, cname, version);
      if (!rc && !cv)
        rc = ct_error_wrap(CT_ENOTFOUND, "chart \"%s\" matching %s not found in %s index. (try 'helm repo update')",
                           cname, version ? version : "", rname);
      if (!rc) {
        ct_repo_auth au = ct_repo__entry_auth(e);
        rc = ct_repo__download_version(out, cv, e->url, &au, dest);
      }
      free(rname);
    }
  }
  ct_arena_free(a);
  ct_repo_list_dispose(&l);
  return rc;
}

int ct_repo_locate_chart(char **path_out, const char *ref, const char *version) {
  return ct_repo_locate_chart_opts(path_out, ref, version, NULL, NULL);
}

int ct_repo_locate_chart_opts(char **path_out, const char *ref, const char *version, const char *repo_url,
                              const ct_repo_auth *auth) {
  *path_out = NULL;
  if (!ref || !*ref) return ct_error_set(CT_EINVAL, "chart reference is empty");
  if (ct_repo__exists(ref)) {
    char *abs = realpath(ref, NULL);
    *path_out = abs ? abs : strdup(ref);
    return CT_OK;
  }
  if ((!repo_url || !*repo_url) && (ref[0] == '/' || ref[0] == '.'))
    return ct_error_set(CT_ENOTFOUND, "path \"%s\" not found", ref);
  const char *cache = ct_repo_cache_path();
  int rc = ct_repo__mkdirs(cache, 0755);
  if (rc) return rc;
  const ct_repo_auth *fa = auth && (auth->username || auth->ca_file || auth->insecure || auth->cert_file) ? auth : NULL;
  return download(path_out, ref, version, cache, repo_url, fa);
}

int ct_repo_pull(char **saved, const char *ref, const ct_repo_pull_opts *o) {
  if (saved) *saved = NULL;
  const char *dest = o->destination && *o->destination ? o->destination : ".";
  char *tmpdir = NULL;
  int rc;
  if (o->untar) {
    tmpdir = ct_repo__mkdtemp("pull");
    if (!tmpdir) return CT_EIO;
    dest = tmpdir;
  } else if ((rc = ct_repo__mkdirs(dest, 0755))) {
    return rc;
  }
  char *file = NULL;
  const ct_repo_auth *fa = o->auth.username || o->auth.ca_file || o->auth.insecure || o->auth.cert_file ? &o->auth : NULL;
  rc = download(&file, ref, o->version, dest, o->repo_url, fa);
  if (!rc && o->untar) {
    const char *ud = o->untardir && *o->untardir ? o->untardir : ".";
    /* pull --untar: UNTARDIR is relative to --destination */
    char *udir = ud[0] == '/' ? strdup(ud) : ct_repo__join(o->destination && *o->destination ? o->destination : ".", ud);
    const char *cname = strrchr(ref, '/') ? strrchr(ref, '/') + 1 : ref;
    char *check = NULL;
    ct_buf data = CT_BUF_INIT;
    rc = ct_repo__read_file(&data, file, CT_REPO__MAX_CHART);
    ct_chart *c = NULL;
    if (!rc) rc = ct_chart_load_archive_mem(&c, data.ptr, data.len);
    if (!rc) {
      if (is_url(ref)) cname = c->meta.name;
      check = ct_repo__join(udir, cname);
      if (ct_repo__exists(check))
        rc = ct_error_set(CT_EEXIST, "failed to untar: a file or directory with the name %s already exists", check);
      else
        rc = ct_repo__mkdirs(udir, 0755);
    }
    if (!rc) rc = ct_repo_untar(data.ptr, data.len, udir);
    if (!rc && saved) *saved = ct_repo__join(udir, c->meta.name);
    ct_chart_free(c);
    ct_buf_dispose(&data);
    free(check);
    free(udir);
  } else if (!rc && saved) {
    *saved = file;
    file = NULL;
  }
  free(file);
  if (tmpdir) {
    ct_repo__rmtree(tmpdir);
    free(tmpdir);
  }
  return rc;
}
