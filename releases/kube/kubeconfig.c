/* kubeconfig.c — reads and merges kubeconfig files as kubectl does: KUBECONFIG lists,
 * first definition of a name wins, paths relative to their file, inline -data fields. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chartctl/errors.h"
#include "kube/kube.h"
#include "kube/kube_int.h"

typedef struct named {
  const char *name;
  json_t *body; /* the "cluster"/"context"/"user" object */
  const char *file;
} named;

typedef struct merged {
  named *items[3];
  size_t n[3];
  char *current;
  const char *current_file;
  char **files;
  size_t nfiles;
} merged;

enum { CLUSTERS, CONTEXTS, USERS };
static const char *const section[] = {"clusters", "contexts", "users"};
static const char *const inner[] = {"cluster", "context", "user"};

int ct_kube__read_file(const char *path, char **out, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return ct_error_set(errno == ENOENT ? CT_ENOTFOUND : CT_EIO, "open %s: %s", path, strerror(errno));
  size_t cap = 4096, n = 0;
  char *p = malloc(cap);
  for (;;) {
    if (n + 1 >= cap) p = realloc(p, cap *= 2);
    size_t r = fread(p + n, 1, cap - n - 1, f);
    n += r;
    if (r == 0) break;
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(p);
    return ct_error_set(CT_EIO, "read %s: I/O error", path);
  }
  p[n] = 0;
  *out = p;
  if (len) *len = n;
  return CT_OK;
}

static const named *find(const merged *m, int sec, const char *name) {
  for (size_t i = 0; i < m->n[sec]; i++)
    if (strcmp(m->items[sec][i].name, name) == 0) return &m->items[sec][i];
  return NULL;
}

static int add_file(merged *m, const char *path, json_t **keep) {
  char *text;
  size_t len;
  int rc = ct_kube__read_file(path, &text, &len);
  if (rc) return rc;
  json_t *docs;
  rc = ct_kube_yaml_to_json(&docs, text, len);
  free(text);
  if (rc) return ct_error_wrap(CT_EINVAL, "error loading config file \"%s\"", path);
  json_t *doc = json_array_get(docs, 0);
  if (!doc) {
    json_decref(docs);
    return CT_OK; /* empty file */
  }
  if (!json_is_object(doc)) {
    json_decref(docs);
    return ct_error_set(CT_EINVAL, "error loading config file \"%s\": not a kubeconfig mapping", path);
  }
  m->files = realloc(m->files, (m->nfiles + 1) * sizeof *m->files);
  char *file = strdup(path);
  m->files[m->nfiles++] = file;
  *keep = docs;
  const char *cur = json_string_value(json_object_get(doc, "current-context"));
  if (cur && *cur && !m->current) {
    m->current = strdup(cur);
    m->current_file = file;
  }
  for (int s = 0; s < 3; s++) {
    json_t *arr = json_object_get(doc, section[s]);
    if (!arr || json_is_null(arr)) continue;
    if (!json_is_array(arr))
      return ct_error_set(CT_EINVAL, "error loading config file \"%s\": %s must be a list", path, section[s]);
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
      const char *name = json_string_value(json_object_get(e, "name"));
      if (!name)
        return ct_error_set(CT_EINVAL, "error loading config file \"%s\": %s[%zu] has no name", path, section[s], i);
      if (find(m, s, name)) continue; /* first definition wins */
      m->items[s] = realloc(m->items[s], (m->n[s] + 1) * sizeof(named));
      json_t *body = json_object_get(e, inner[s]);
      m->items[s][m->n[s]++] = (named){name, body ? body : json_object(), file};
    }
  }
  return CT_OK;
}

/* Reads a path field relative to the kubeconfig file that holds it. */
static int read_rel(const char *file, const char *path, char **out, size_t *len) {
  char full[PATH_MAX];
  if (path[0] == '/') snprintf(full, sizeof full, "%s", path);
  else {
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s", file);
    snprintf(full, sizeof full, "%s/%s", dirname(tmp), path);
  }
  return ct_kube__read_file(full, out, len);
}

static int data_or_file(const named *n, const char *data_key, const char *file_key, char **out,
                        size_t *len) {
  const char *d = json_string_value(json_object_get(n->body, data_key));
  if (d) {
    if (ct_kube__base64_decode(d, out, len))
      return ct_error_set(CT_EINVAL, "%s: %s of \"%s\" is not valid base64", n->file, data_key, n->name);
    return CT_OK;
  }
  const char *f = json_string_value(json_object_get(n->body, file_key));
  if (f) {
    int rc = read_rel(n->file, f, out, len);
    if (rc) return ct_error_wrap(rc, "%s: %s of \"%s\"", n->file, file_key, n->name);
  }
  return CT_OK;
}

static char *dupe(const char *s) { return s ? strdup(s) : NULL; }

int ct_kubeconfig_load(ct_kubeconfig *out, const ct_kube_opts *opts) {
  memset(out, 0, sizeof *out);
  merged m = {0};
  json_t *docs[64] = {0};
  size_t ndocs = 0;
  int rc = CT_OK;
  char home_cfg[PATH_MAX] = "";
  if (opts && opts->kubeconfig) {
    rc = add_file(&m, opts->kubeconfig, &docs[ndocs]);
    if (docs[ndocs]) ndocs++;
    if (rc == CT_ENOTFOUND) rc = ct_error_set(CT_ENOTFOUND, "stat %s: no such file or directory", opts->kubeconfig);
  } else if (getenv("KUBECONFIG") && *getenv("KUBECONFIG")) {
    char *list = strdup(getenv("KUBECONFIG")), *save = NULL;
    for (char *p = strtok_r(list, ":", &save); p && !rc && ndocs < 64; p = strtok_r(NULL, ":", &save)) {
      rc = add_file(&m, p, &docs[ndocs]);
      if (docs[ndocs]) ndocs++;
      if (rc == CT_ENOTFOUND) rc = CT_OK; /* kubectl skips missing files in KUBECONFIG */
    }
    free(list);
  } else if (getenv("HOME")) {
    snprintf(home_cfg, sizeof home_cfg, "%s/.kube/config", getenv("HOME"));
    rc = add_file(&m, home_cfg, &docs[ndocs]);
    if (docs[ndocs]) ndocs++;
    if (rc == CT_ENOTFOUND) rc = CT_OK;
  }
  if (rc) goto done;

  const char *ctxname = opts && opts->context ? opts->context : m.current;
  if (!ctxname) {
    rc = ct_error_set(CT_EINVAL, "no Kubernetes context: no current-context in %s and no --kube-context given",
                      m.nfiles ? m.files[0] : (opts && opts->kubeconfig) ? opts->kubeconfig : "the kubeconfig (KUBECONFIG or ~/.kube/config)");
    goto done;
  }
  const named *ctx = find(&m, CONTEXTS, ctxname);
  if (!ctx) {
    rc = ct_error_set(CT_ENOTFOUND, "context \"%s\" does not exist%s%s", ctxname, m.nfiles ? " in " : "",
                      m.nfiles ? m.files[0] : "");
    goto done;
  }
  const char *cluster_name = json_string_value(json_object_get(ctx->body, "cluster"));
  const char *user_name = json_string_value(json_object_get(ctx->body, "user"));
  const named *cl = cluster_name ? find(&m, CLUSTERS, cluster_name) : NULL;
  if (!cl) {
    rc = ct_error_set(CT_ENOTFOUND, "%s: context \"%s\" names cluster \"%s\", which does not exist", ctx->file,
                      ctxname, cluster_name ? cluster_name : "");
    goto done;
  }
  const char *server = json_string_value(json_object_get(cl->body, "server"));
  if (!server || !*server) {
    rc = ct_error_set(CT_EINVAL, "%s: cluster \"%s\" has no server", cl->file, cl->name);
    goto done;
  }
  out->server = strdup(server);
  while (strlen(out->server) > 8 && out->server[strlen(out->server) - 1] == '/') out->server[strlen(out->server) - 1] = 0;
  out->context = strdup(ctxname);
  const char *ns = opts && opts->namespace ? opts->namespace : json_string_value(json_object_get(ctx->body, "namespace"));
  out->namespace = strdup(ns && *ns ? ns : "default");
  out->source = strdup(ctx->file);
  out->insecure = json_is_true(json_object_get(cl->body, "insecure-skip-tls-verify"));
  out->tls_server_name = dupe(json_string_value(json_object_get(cl->body, "tls-server-name")));
  out->proxy_url = dupe(json_string_value(json_object_get(cl->body, "proxy-url")));
  if ((rc = data_or_file(cl, "certificate-authority-data", "certificate-authority", &out->ca_pem, &out->ca_len))) goto done;
  const named *us = user_name ? find(&m, USERS, user_name) : NULL;
  if (user_name && !us) {
    rc = ct_error_set(CT_ENOTFOUND, "%s: context \"%s\" names user \"%s\", which does not exist", ctx->file, ctxname,
                      user_name);
    goto done;
  }
  if (us) {
    if ((rc = data_or_file(us, "client-certificate-data", "client-certificate", &out->cert_pem, &out->cert_len))) goto done;
    if ((rc = data_or_file(us, "client-key-data", "client-key", &out->key_pem, &out->key_len))) goto done;
    if (!out->cert_pem != !out->key_pem) {
      rc = ct_error_set(CT_EINVAL, "%s: user \"%s\" has a client certificate without a key, or a key without a certificate",
                        us->file, us->name);
      goto done;
    }
    out->token = dupe(json_string_value(json_object_get(us->body, "token")));
    const char *tf = json_string_value(json_object_get(us->body, "tokenFile"));
    if (!out->token && tf) {
      size_t tl;
      if ((rc = read_rel(us->file, tf, &out->token, &tl))) {
        rc = ct_error_wrap(rc, "%s: tokenFile of user \"%s\"", us->file, us->name);
        goto done;
      }
      while (tl && (out->token[tl - 1] == '\n' || out->token[tl - 1] == '\r')) out->token[--tl] = 0;
    }
    out->username = dupe(json_string_value(json_object_get(us->body, "username")));
    out->password = dupe(json_string_value(json_object_get(us->body, "password")));
    json_t *exec = json_object_get(us->body, "exec");
    if (exec) {
      if (!json_string_value(json_object_get(exec, "command"))) {
        rc = ct_error_set(CT_EINVAL, "%s: exec of user \"%s\" has no command", us->file, us->name);
        goto done;
      }
      out->exec = json_deep_copy(exec);
    }
  }
done:
  for (size_t i = 0; i < ndocs; i++) json_decref(docs[i]);
  for (int s = 0; s < 3; s++) free(m.items[s]);
  for (size_t i = 0; i < m.nfiles; i++) free(m.files[i]);
  free(m.files);
  free(m.current);
  if (rc) ct_kubeconfig_dispose(out);
  return rc;
}

void ct_kubeconfig_dispose(ct_kubeconfig *kc) {
  free(kc->server);
  free(kc->context);
  free(kc->namespace);
  free(kc->ca_pem);
  free(kc->tls_server_name);
  free(kc->proxy_url);
  free(kc->cert_pem);
  free(kc->key_pem);
  free(kc->token);
  free(kc->username);
  free(kc->password);
  json_decref(kc->exec);
  free(kc->source);
  memset(kc, 0, sizeof *kc);
}
