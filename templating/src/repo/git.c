/* git.c — chart sources in git repositories (libgit2): clone a remote or local (bare) repo
 * into a temporary directory, resolve a tag/branch/commit and export one directory's tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/dl_git2.h"

#include "repo/repo_int.h"

static int git_fail(const char *what) {
  const git_error *e = git_error_last();
  return ct_error_set(CT_EIO, "git: %s: %s", what, e && e->message ? e->message : "unknown error");
}

static int export_tree(git_repository *r, git_tree *t, const char *dest, int depth) {
  if (depth > 64) return ct_error_set(CT_EINVAL, "git: tree too deep");
  int rc = ct_repo__mkdirs(dest, 0755);
  size_t n = git_tree_entrycount(t);
  for (size_t i = 0; !rc && i < n; i++) {
    const git_tree_entry *e = git_tree_entry_byindex(t, i);
    const char *name = git_tree_entry_name(e);
    if (!strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/') || !strcmp(name, ".git")) continue;
    char *path = ct_repo__join(dest, name);
    git_object_t type = git_tree_entry_type(e);
    git_filemode_t mode = git_tree_entry_filemode(e);
    if (type == GIT_OBJECT_TREE) {
      git_tree *sub = NULL;
      if (git_tree_lookup(&sub, r, git_tree_entry_id(e))) rc = git_fail("tree");
      else rc = export_tree(r, sub, path, depth + 1);
      git_tree_free(sub);
    } else if (type == GIT_OBJECT_BLOB && mode != GIT_FILEMODE_LINK) {
      git_blob *b = NULL;
      if (git_blob_lookup(&b, r, git_tree_entry_id(e))) rc = git_fail("blob");
      else {
        git_object_size_t sz = git_blob_rawsize(b);
        if (sz > CT_REPO__MAX_CHART) rc = ct_error_set(CT_EINVAL, "git: %s is too large", name);
        else rc = ct_repo__write_atomic(path, git_blob_rawcontent(b), (size_t)sz, 0644);
      }
      git_blob_free(b);
    } /* symlinks and submodules are not exported: a chart never needs them */
    free(path);
  }
  return rc;
}

static int resolve(git_object **out, git_repository *r, const char *ref) {
  if (!ref || !*ref) return git_revparse_single(out, r, "HEAD");
  static const char *const pre[] = {"refs/tags/", "refs/remotes/origin/", "refs/heads/", ""};
  for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
    char spec[1024];
    if ((size_t)snprintf(spec, sizeof spec, "%s%s", pre[i], ref) >= sizeof spec) break;
    if (git_revparse_single(out, r, spec) == 0) return 0;
  }
  return -1;
}

/* An anonymous remote without url.*.insteadOf rewriting (that lookup leaks in libgit2 1.5). */
static int create_remote(git_remote **out, git_repository *r, const char *url) {
  git_remote_create_options o;
  if (git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION)) return -1;
  o.repository = r;
  o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
  return git_remote_create_with_opts(out, url, &o);
}

int ct_repo__git_export(const char *url, const char *ref, const char *subpath, const char *dest) {
  git_libgit2_init();
  char *tmpl = ct_repo__mkdtemp("git");
  if (!tmpl) {
    git_libgit2_shutdown();
    return CT_EIO;
  }
  git_repository *r = NULL;
  git_remote *remote = NULL;
  git_object *obj = NULL, *treeobj = NULL;
  int rc = CT_OK;
  char *safe = ct_repo__redact(url);
  /* an anonymous remote fetched into a fresh bare repository */
  static char heads[] = "+refs/heads/*:refs/remotes/origin/*", tags[] = "+refs/tags/*:refs/tags/*";
  char *specs[] = {heads, tags};
  git_strarray refspecs = {specs, 2};
  if (git_repository_init(&r, tmpl, 1)) {
    rc = git_fail("init");
  } else if (create_remote(&remote, r, url)) {
    rc = git_fail("remote");
  } else if (git_remote_fetch(remote, &refspecs, NULL, NULL)) {
    const git_error *e = git_error_last();
    rc = ct_error_set(CT_EIO, "git: cannot fetch %s: %s", safe,
                      e && e->message && !strchr(e->message, '@') ? e->message : "fetch failed");
  }
  git_remote_free(remote);
  if (!rc && resolve(&obj, r, ref)) rc = ct_error_set(CT_ENOTFOUND, "git: %s has no tag, branch or commit %s", safe, ref);
  if (!rc && git_object_peel(&treeobj, obj, GIT_OBJECT_TREE)) rc = git_fail("peel");
  if (!rc) {
    git_tree *root = (git_tree *)treeobj;
    git_tree *t = NULL;
    bool own = false;
    if (subpath && *subpath && strcmp(subpath, ".") && strcmp(subpath, "/")) {
      git_tree_entry *te = NULL;
      const char *sp = subpath;
      while (*sp == '/') sp++;
      if (strstr(sp, "..")) rc = ct_error_set(CT_EINVAL, "git: path %s leaves the repository", subpath);
      else if (git_tree_entry_bypath(&te, root, sp) || git_tree_entry_type(te) != GIT_OBJECT_TREE)
        rc = ct_error_set(CT_ENOTFOUND, "git: %s has no directory %s at %s", safe, sp, ref && *ref ? ref : "HEAD");
      else if (git_tree_lookup(&t, r, git_tree_entry_id(te))) rc = git_fail("tree");
      else own = true;
      git_tree_entry_free(te);
    } else {
      t = root;
    }
    if (!rc) rc = export_tree(r, t, dest, 0);
    if (own) git_tree_free(t);
  }
  git_object_free(treeobj);
  git_object_free(obj);
  git_repository_free(r);
  ct_repo__rmtree(tmpl);
  free(tmpl);
  free(safe);
  git_libgit2_shutdown();
  return rc;
}
