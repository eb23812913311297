/* repofile.c — repositories.yaml (Helm's repo.File) and the index cache: paths from
 * HELM_REPOSITORY_CONFIG/CACHE or XDG, reading/writing entries, `repo update` of one entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "repo/repo_int.h"

static const char *cfg_override, *cache_override;
static char *cfg_default, *cache_default;

void ct_repo_set_paths(const char *config, const char *cache) {
  cfg_override = config && *config ? config : NULL;
  cache_override = cache && *cache ? cache : NULL;
}

/* helmpath: HELM_X_HOME, else XDG_X_HOME/helm, else $HOME/.x/helm; then LEAF */
static char *home_path(const char *helm_env, const char *xdg_env, const char *dot, const char *leaf) {
  const char *h = getenv(helm_env);
  ct_buf b = CT_BUF_INIT;
  if (h && *h) {
    ct_buf_puts(&b, h);
  } else {
    const char *x = getenv(xdg_env);
    if (x && *x) {
      ct_buf_printf(&b, "%s/helm", x);
    } else {
      const char *home = getenv("HOME");
      ct_buf_printf(&b, "%s/%s/helm", home && *home ? home : "/", dot);
    }
  }
  ct_buf_printf(&b, "/%s", leaf);
  return ct_buf_steal(&b);
}

const char *ct_repo_config_path(void) {
  if (cfg_override) return cfg_override;
  const char *e = getenv("HELM_REPOSITORY_CONFIG");
  if (e && *e) return e;
  if (!cfg_default) cfg_default = home_path("HELM_CONFIG_HOME", "XDG_CONFIG_HOME", ".config", "repositories.yaml");
  return cfg_default;
}

const char *ct_repo_cache_path(void) {
  if (cache_override) return cache_override;
  const char *e = getenv("HELM_REPOSITORY_CACHE");
  if (e && *e) return e;
  if (!cache_default) cache_default = home_path("HELM_CACHE_HOME", "XDG_CACHE_HOME", ".cache", "repository");
  return cache_default;
}

char *ct_repo__index_cache_path(const char *name) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_printf(&b, "%s/%s-index.yaml", ct_repo_cache_path(), name);
  return ct_buf_steal(&b);
}

static char *dupfield(const ct_value *m, const char *k) {
  char *s = strdup(ct_repo__field(m, k));
  if (!s) abort();
  return s;
}

static bool boolfield(const ct_value *m, const char *k) {
  ct_value *v = ct_map_getc(m, k);
  if (!v) return false;
  if (v->type == CT_BOOL) return v->b;
  return v->type == CT_STRING && !strcmp(v->s.ptr, "true");
}

int ct_repo_file_read(ct_repo_list *out, const char *path) {
  memset(out, 0, sizeof *out);
  ct_buf data = CT_BUF_INIT;
  int rc = ct_repo__read_file(&data, path, CT_REPO__MAX_INDEX);
  if (rc == CT_ENOTFOUND) {
    ct_error_clear();
    ct_buf_dispose(&data);
    return CT_OK;
  }
  if (rc) {
    ct_buf_dispose(&data);
    return rc;
  }
  ct_arena *a = ct_arena_new();
  ct_value *doc = NULL;
  ct_buf err = CT_BUF_INIT;
  if (ct_yaml_parse_raw(&doc, a, data.ptr, data.len, &err) < 0) {
    rc = ct_error_set(CT_EINVAL, "couldn't load repositories file (%s): %s", path, ct_buf_str(&err));
  } else if (doc && !ct_is_map(doc)) {
    rc = ct_error_set(CT_EINVAL, "couldn't load repositories file (%s): not a map", path);
  } else if (doc) {
    ct_value *l = ct_map_getc(doc, "repositories");
    if (l && !ct_is_list(l)) {
      rc = ct_error_set(CT_EINVAL, "couldn't load repositories file (%s): repositories is not a list", path);
    } else if (l) {
      out->v = calloc(l->list->len ? l->list->len : 1, sizeof *out->v);
      if (!out->v) abort();
      for (size_t i = 0; i < l->list->len; i++) {
        ct_value *m = l->list->items[i];
        if (!ct_is_map(m)) continue;
        ct_repo_entry *e = &out->v[out->len++];
        e->name = dupfield(m, "name");
        e->url = dupfield(m, "url");
        e->username = dupfield(m, "username");
        e->password = dupfield(m, "password");
        e->ca_file = dupfield(m, "caFile");
        e->cert_file = dupfield(m, "certFile");
        e->key_file = dupfield(m, "keyFile");
        e->insecure = boolfield(m, "insecure_skip_tls_verify");
        e->pass_credentials = boolfield(m, "pass_credentials_all");
      }
    }
  }
  ct_buf_dispose(&err);
  ct_buf_dispose(&data);
  ct_arena_free(a);
  if (rc) ct_repo_list_dispose(out);
  return rc;
}

int ct_repo_file_write(const ct_repo_list *l, const char *path) {
  ct_arena *a = ct_arena_new();
  ct_value *doc = ct_map_new(a, CT_MAP, 3);
  ct_map_setc(a, doc, "apiVersion", ct_cstring(a, ""));
  ct_map_setc(a, doc, "generated", ct_cstring(a, "0001-01-01T00:00:00Z"));
  ct_value *repos = ct_list_new(a, CT_LIST, l->len);
  for (size_t i = 0; i < l->len; i++) {
    const ct_repo_entry *e = &l->v[i];
    ct_value *m = ct_map_new(a, CT_MAP, 9);
    ct_map_setc(a, m, "name", ct_cstring(a, e->name));
    ct_map_setc(a, m, "url", ct_cstring(a, e->url));
    ct_map_setc(a, m, "username", ct_cstring(a, e->username ? e->username : ""));
    ct_map_setc(a, m, "password", ct_cstring(a, e->password ? e->password : ""));
    ct_map_setc(a, m, "certFile", ct_cstring(a, e->cert_file ? e->cert_file : ""));
    ct_map_setc(a, m, "keyFile", ct_cstring(a, e->key_file ? e->key_file : ""));
    ct_map_setc(a, m, "caFile", ct_cstring(a, e->ca_file ? e->ca_file : ""));
    ct_map_setc(a, m, "insecure_skip_tls_verify", ct_bool(a, e->insecure));
    ct_map_setc(a, m, "pass_credentials_all", ct_bool(a, e->pass_credentials));
    ct_list_push(a, repos, m);
  }
  ct_map_setc(a, doc, "repositories", l->len ? repos : NULL);
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  int rc = ct_yaml_emit(&out, doc, &err);
  if (rc < 0) rc = ct_error_set(CT_EINVAL, "repositories file: %s", ct_buf_str(&err));
  if (!rc) rc = ct_repo__write_atomic(path, out.ptr, out.len, 0600);
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return rc;
}

void ct_repo_list_dispose(ct_repo_list *l) {
  for (size_t i = 0; i < l->len; i++) {
    ct_repo_entry *e = &l->v[i];
    free(e->name), free(e->url), free(e->username), free(e->password);
    free(e->ca_file), free(e->cert_file), free(e->key_file);
  }
  free(l->v);
  l->v = NULL;
  l->len = 0;
}

const ct_repo_entry *ct_repo_list_find(const ct_repo_list *l, const char *name) {
  for (size_t i = 0; i < l->len; i++)
    if (!strcmp(l->v[i].name, name)) return &l->v[i];
  return NULL;
}

ct_repo_auth ct_repo__entry_auth(const ct_repo_entry *e) {
  ct_repo_auth a = {e->username, e->password, e->ca_file, e->cert_file, e->key_file, e->insecure,
                    e->pass_credentials};
  return a;
}

int ct_repo__fetch_index(ct_value **idx, ct_arena *a, const char *url, const ct_repo_auth *auth, ct_buf *raw) {
  /* ChartRepository.DownloadIndexFile: URL with "/index.yaml" appended to the path */
  size_t ql = strcspn(url, "?#");
  ct_buf u = CT_BUF_INIT;
  ct_buf_put(&u, url, ql);
  while (u.len && u.ptr[u.len - 1] == '/') ct_buf_truncate(&u, u.len - 1);
  ct_buf_puts(&u, "/index.yaml");
  ct_buf_puts(&u, url + ql);
  ct_buf body = CT_BUF_INIT;
  int rc = ct_repo_http_get(&body, ct_buf_str(&u), auth, CT_REPO__MAX_INDEX);
  ct_buf_dispose(&u);
  if (!rc) rc = ct_repo__index_parse(idx, a, body.ptr, body.len, "index.yaml");
  if (!rc && raw) {
    ct_buf_put(raw, body.ptr, body.len);
  }
  ct_buf_dispose(&body);
  return rc;
}

int ct_repo_update_index(const ct_repo_entry *e) {
  ct_arena *a = ct_arena_new();
  ct_buf raw = CT_BUF_INIT;
  ct_value *idx = NULL;
  ct_repo_auth auth = ct_repo__entry_auth(e);
  int rc = ct_repo__fetch_index(&idx, a, e->url, &auth, &raw);
  if (!rc) {
    char *p = ct_repo__index_cache_path(e->name);
    rc = ct_repo__write_atomic(p, raw.ptr, raw.len, 0644);
    free(p);
  }
  if (!rc) {
    /* NAME-charts.txt: the chart names, one a line */
    ct_buf names = CT_BUF_INIT;
    size_t n;
    const ct_map_entry *en = ct_map_sorted(a, ct_map_getc(idx, "entries"), &n);
    for (size_t i = 0; i < n; i++) ct_buf_printf(&names, "%s\n", en[i].key.ptr);
    ct_buf b = CT_BUF_INIT;
    ct_buf_printf(&b, "%s/%s-charts.txt", ct_repo_cache_path(), e->name);
    rc = ct_repo__write_atomic(ct_buf_str(&b), names.ptr ? names.ptr : "", names.len, 0644);
    ct_buf_dispose(&b);
    ct_buf_dispose(&names);
  }
  ct_buf_dispose(&raw);
  ct_arena_free(a);
  return rc;
}

int ct_repo__load_cached_index(ct_value **idx, ct_arena *a, const char *name) {
  char *p = ct_repo__index_cache_path(name);
  ct_buf data = CT_BUF_INIT;
  int rc = ct_repo__read_file(&data, p, CT_REPO__MAX_INDEX);
  if (rc == CT_ENOTFOUND)
    rc = ct_error_set(CT_ENOTFOUND, "no cached repo found. (try 'chartctl repo update'): open %s: no such file or directory", p);
  if (!rc) rc = ct_repo__index_parse(idx, a, data.ptr, data.len, p);
  ct_buf_dispose(&data);
  free(p);
  return rc;
}

int ct_repo__download_version(char **out, const ct_value *cv, const char *base_url, const ct_repo_auth *auth,
                              const char *dest_dir) {
  ct_value *urls = ct_map_getc(cv, "urls");
  if (!ct_is_list(urls) || !urls->list->len || !ct_is_str(urls->list->items[0]))
    return ct_error_set(CT_EINVAL, "chart %s version %s has no downloadable URLs", ct_repo__field(cv, "name"),
                        ct_repo__field(cv, "version"));
  char *url = base_url ? ct_repo__resolve_url(base_url, urls->list->items[0]->s.ptr)
                       : strdup(urls->list->items[0]->s.ptr);
  ct_repo_auth a = auth ? *auth : (ct_repo_auth){0};
  if (base_url && !a.pass_credentials) {
    char *o1 = ct_repo__origin(url), *o2 = ct_repo__origin(base_url);
    if (strcmp(o1, o2)) a.username = a.password = NULL; /* other host: no credentials */
    free(o1), free(o2);
  }
  const char *digest = ct_repo__field(cv, "digest");
  {
    /* a cached copy with the index digest is used as is */
    size_t ql = strcspn(url, "?#");
    char *u = strndup(url, ql);
    const char *b = strrchr(u, '/');
    b = b ? b + 1 : u;
    if (*digest && *b && strcmp(b, ".") && strcmp(b, "..")) {
      char *path = ct_repo__join(dest_dir, b);
      ct_buf have = CT_BUF_INIT;
      if (ct_repo__read_file(&have, path, CT_REPO__MAX_CHART) == CT_OK) {
        char hex[65];
        ct_repo_sha256_hex(hex, have.ptr, have.len);
        if (!strcmp(hex, digest)) {
          ct_buf_dispose(&have);
          free(u);
          free(url);
          *out = path;
          return CT_OK;
        }
      }
      ct_error_clear();
      ct_buf_dispose(&have);
      free(path);
    }
    free(u);
  }
  ct_buf body = CT_BUF_INIT;
  int rc = ct_repo_http_get(&body, url, &a, CT_REPO__MAX_CHART);
  if (!rc && *digest) {
    char hex[65];
    ct_repo_sha256_hex(hex, body.ptr, body.len);
    if (strcmp(hex, digest)) {
      char *safe = ct_repo__redact(url);
      rc = ct_error_set(CT_EINVAL, "digest mismatch for %s: index says %s, downloaded %s", safe, digest, hex);
      free(safe);
    }
  }
  if (!rc) {
    size_t ql = strcspn(url, "?#");
    url[ql] = 0;
    const char *base = strrchr(url, '/');
    base = base ? base + 1 : url;
    if (!*base || !strcmp(base, "..") || !strcmp(base, "."))
      rc = ct_error_set(CT_EINVAL, "chart URL has no file name");
    else {
      char *path = ct_repo__join(dest_dir, base);
      rc = ct_repo__write_atomic(path, body.ptr, body.len, 0644);
      if (rc) free(path);
      else *out = path;
    }
  }
  ct_buf_dispose(&body);
  free(url);
  return rc;
}
