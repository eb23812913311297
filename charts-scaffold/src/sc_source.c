/* sc_source.c — where a scaffold model comes from: a local folder, or a git repository at a
 * ref (libgit2 clone or fetch into a cache folder, then a detached checkout). */
#include "chartctl/dl_git2.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sc_int.h"

static int git_fail(int code, const char *what, const char *url) {
  const git_error *e = git_error_last();
  return ct_error_set(code, "%s %s: %s", what, url,
                      e && e->message ? e->message : "unknown git error");
}

static bool has_scheme(const char *s, size_t *len) {
  const char *p = strstr(s, "://");
  if (!p || p == s) return false;
  for (const char *q = s; q < p; q++)
    if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '+' || *q == '-'))
      return false;
  *len = (size_t)(p - s) + 3;
  return true;
}

static bool is_git_repo(ct_arena *a, const char *dir) {
  return ct_scaffold__exists(ct_scaffold__path_join(a, dir, ".git")) ||
         (ct_scaffold__is_file(ct_scaffold__path_join(a, dir, "HEAD")) &&
          ct_scaffold__is_dir(ct_scaffold__path_join(a, dir, "objects")));
}

/* The model inside ROOT: ROOT itself, or the only model under ROOT/_scaffold. */
static int find_model(ct_arena *a, const char *root, const char **out) {
  if (ct_scaffold__is_dir(ct_scaffold__path_join(a, root, "_skel"))) {
    *out = root;
    return CT_OK;
  }
  char *sc = ct_scaffold__path_join(a, root, "_scaffold");
  size_t n = 0, found = 0;
  char **names = ct_scaffold__is_dir(sc) ? ct_scaffold__list_dir(a, sc, &n) : NULL;
  ct_buf list = CT_BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    char *d = ct_scaffold__path_join(a, sc, names[i]);
    if (!ct_scaffold__is_dir(ct_scaffold__path_join(a, d, "_skel"))) continue;
    *out = d;
    ct_buf_printf(&list, "%s_scaffold/%s", found++ ? ", " : "", names[i]);
  }
  int rc = CT_OK;
  if (found == 0)
    rc = ct_error_set(CT_ENOTFOUND, "no scaffold model found in %s", root);
  else if (found > 1)
    rc = ct_error_set(CT_EINVAL, "several scaffold models in %s (%s): name one with //PATH", root,
                      ct_buf_str(&list));
  ct_buf_dispose(&list);
  return rc;
}

static char *cache_root(ct_arena *a, const char *cache_dir) {
  if (cache_dir && *cache_dir) return ct_arena_strdup(a, cache_dir);
  const char *x = getenv("XDG_CACHE_HOME");
  if (x && *x) return ct_arena_sprintf(a, "%s/chartctl/scaffold", x);
  const char *h = getenv("HOME");
  return ct_arena_sprintf(a, "%s/.cache/chartctl/scaffold", h && *h ? h : "/tmp");
}

static char *cache_name(ct_arena *a, const char *url) {
  uint64_t h = 1469598103934665603ULL;
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    h ^= *p;
    h *= 1099511628211ULL;
  }
  const char *base = ct_scaffold__basename(url);
  if (!*base) base = "repo";
  char *clean = ct_arena_strndup(a, base, strlen(base) > 40 ? 40 : strlen(base));
  for (char *p = clean; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '-'))
      *p = '_';
  return ct_arena_sprintf(a, "%s-%016llx", clean, (unsigned long long)h);
}

static int checkout_ref(git_repository *repo, const char *ref, const char *url) {
  ct_arena *a = ct_arena_new();
  const char *cands[6];
  size_t nc = 0;
  if (ref && *ref) {
    cands[nc++] = ct_arena_sprintf(a, "refs/remotes/origin/%s", ref);
    cands[nc++] = ct_arena_sprintf(a, "refs/tags/%s", ref);
    cands[nc++] = ref;
  } else {
    cands[nc++] = "refs/remotes/origin/HEAD";
    cands[nc++] = "refs/remotes/origin/main";
    cands[nc++] = "refs/remotes/origin/master";
    cands[nc++] = "HEAD";
  }
  git_object *obj = NULL, *commit = NULL;
  for (size_t i = 0; i < nc && !obj; i++)
    if (git_revparse_single(&obj, repo, cands[i]) != 0) obj = NULL;
  int rc = CT_OK;
  if (!obj) {
    rc = ct_error_set(CT_ENOTFOUND, "git ref \"%s\" does not exist in %s",
                      ref && *ref ? ref : "HEAD", url);
    goto done;
  }
  if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) != 0) {
    rc =
        ct_error_set(CT_ENOTFOUND, "git ref \"%s\" in %s is not a commit", ref ? ref : "HEAD", url);
    goto done;
  }
  git_checkout_options co;
  git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
  co.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
  if (git_checkout_tree(repo, commit, &co) != 0 ||
      git_repository_set_head_detached(repo, git_object_id(commit)) != 0)
    rc = git_fail(CT_EIO, "checkout of", url);
done:
  git_object_free(commit);
  git_object_free(obj);
  ct_arena_free(a);
  return rc;
}

/* Clones URL into DEST (via a temporary folder) or fetches it when DEST exists. */
static int clone_or_fetch(ct_arena *a, const char *url, const char *dest, git_repository **repo) {
  git_fetch_options fo;
  git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
  fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
  fo.prune = GIT_FETCH_PRUNE;
  if (ct_scaffold__is_dir(dest) && git_repository_open(repo, dest) == 0) {
    git_remote *remote = NULL;
    int rc = CT_OK;
    if (git_remote_lookup(&remote, *repo, "origin") != 0 ||
        git_remote_fetch(remote, NULL, &fo, NULL) != 0)
      rc = git_fail(CT_EUNAVAIL, "fetch of", url);
    git_remote_free(remote);
    return rc;
  }
  int rc = ct_scaffold__mkdir_p(ct_scaffold__dirname(a, dest));
  if (rc) return rc;
  char *tmp = ct_arena_sprintf(a, "%s.tmp-%ld", dest, (long)getpid());
  ct_scaffold__rm_rf(tmp);
  git_clone_options co;
  git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
  co.fetch_opts = fo;
  co.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
  git_repository *r = NULL;
  if (git_clone(&r, url, tmp, &co) != 0) {
    rc = git_fail(CT_EUNAVAIL, "clone of", url);
    ct_scaffold__rm_rf(tmp);
    return rc;
  }
  git_repository_free(r);
  ct_scaffold__rm_rf(dest);
  if (rename(tmp, dest) != 0) {
    ct_scaffold__rm_rf(tmp);
    return ct_error_set(CT_EIO, "cannot move the clone of %s into %s", url, dest);
  }
  if (git_repository_open(repo, dest) != 0) return git_fail(CT_EIO, "open of the clone of", url);
  return CT_OK;
}

static const char *find_root(ct_arena *a, const char *model) {
  char *d = ct_arena_strdup(a, model);
  for (int i = 0; i < 64; i++) {
    if (ct_scaffold__is_dir(ct_scaffold__path_join(a, d, "modules"))) return d;
    if (is_git_repo(a, d) || !strcmp(d, "/")) break;
    d = ct_scaffold__dirname(a, d);
  }
  return d;
}

/* Checks out GITURL[@REF][//SUBDIR] into the cache: *ROOT the working tree, *SUBDIR the path
 * after "//" (NULL when none), *LABEL "URL[@REF]" for messages. */
static int git_spec(ct_arena *a, const char *spec, size_t slen, bool scheme, const char *cache_dir,
                    const char **root, const char **subdir, const char **label, const char *what) {
  const char *sub = strstr(spec + slen, "//");
  char *repo_ref = sub ? ct_arena_strndup(a, spec, (size_t)(sub - spec)) : ct_arena_strdup(a, spec);
  *subdir = sub && sub[2] ? sub + 2 : NULL;
  char *last_slash = strrchr(repo_ref + slen, '/');
  char *at = strrchr(last_slash ? last_slash : repo_ref + slen, '@');
  char *ref = NULL;
  const char *colon = strchr(repo_ref, ':'), *slash = strchr(repo_ref, '/');
  bool scp = !scheme && colon && colon != repo_ref && (!slash || colon < slash);
  if (at && at > repo_ref + slen && !(scp && at < colon)) {
    *at = 0;
    ref = at + 1;
    if (!*ref) return ct_error_set(CT_EINVAL, "empty git ref in %s", spec);
  }
  const char *url = repo_ref;
  if (!scheme && !scp) {
    if (!ct_scaffold__is_dir(url) || !is_git_repo(a, url))
      return ct_error_set(CT_ENOTFOUND, "%s %s not found (not a folder nor a git repository)", what,
                          spec);
    url = ct_scaffold__abspath(a, url);
  }
  *label = ref ? ct_arena_sprintf(a, "%s@%s", url, ref) : url;
  git_libgit2_init();
  /* one clone per URL and ref, so a model and modules at different refs do not collide */
  char *dest = ct_scaffold__path_join(a, cache_root(a, cache_dir), cache_name(a, *label));
  git_repository *repo = NULL;
  int rc = clone_or_fetch(a, url, dest, &repo);
  if (!rc) rc = checkout_ref(repo, ref, url);
  git_repository_free(repo);
  git_libgit2_shutdown();
  if (rc) return rc;
  *root = dest;
  return CT_OK;
}

int ct_scaffold__source_open(ct_sc_source *out, ct_arena *a, const char *spec,
                             const char *cache_dir) {
  memset(out, 0, sizeof *out);
  size_t slen = 0;
  bool scheme = has_scheme(spec, &slen);
  if (!scheme && ct_scaffold__is_dir(spec)) {
    const char *dir = ct_scaffold__abspath(a, spec);
    int rc = find_model(a, dir, &out->model_dir);
    if (rc) return rc;
    out->root = find_root(a, out->model_dir);
    return CT_OK;
  }
  const char *root, *subdir, *label;
  int rc = git_spec(a, spec, slen, scheme, cache_dir, &root, &subdir, &label, "scaffold model");
  if (rc) return rc;
  out->from_git = true;
  out->root = root;
  if (subdir) {
    char *m = ct_scaffold__path_join(a, root, subdir);
    if (!ct_scaffold__is_dir(ct_scaffold__path_join(a, m, "_skel")))
      return ct_error_set(CT_ENOTFOUND, "%s is not a scaffold model in %s", subdir, label);
    out->model_dir = m;
    return CT_OK;
  }
  return find_model(a, root, &out->model_dir);
}

int ct_scaffold__modules_open(const char **out, ct_arena *a, const char *spec,
                              const char *cache_dir) {
  size_t slen = 0;
  bool scheme = has_scheme(spec, &slen);
  if (!scheme && ct_scaffold__is_dir(spec)) {
    *out = spec;
    return CT_OK;
  }
  const char *root, *subdir, *label;
  int rc = git_spec(a, spec, slen, scheme, cache_dir, &root, &subdir, &label, "modules folder");
  if (rc) return rc;
  *out = ct_scaffold__path_join(a, root, subdir ? subdir : "modules");
  if (!ct_scaffold__is_dir(*out))
    return ct_error_set(CT_ENOTFOUND, "%s is not a folder in %s", subdir ? subdir : "modules",
                        label);
  return CT_OK;
}

const char *ct_scaffold__source_modules(ct_arena *a, const ct_sc_source *s) {
  return ct_scaffold__path_join(a, s->root, "modules");
}
