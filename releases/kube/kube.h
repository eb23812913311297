/* kube.h — the Kubernetes client: kubeconfig (as kubectl reads it), HTTP over libcurl with
 * retries, discovery, and the verbs releases need (apply, get, list, create, update, delete). */
#ifndef CT_KUBE_H
#define CT_KUBE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- kubeconfig ---- */
typedef struct ct_kubeconfig {
  char *server;        /* https://host:port */
  char *context;       /* the context used */
  char *namespace;     /* context namespace, "default" when unset */
  char *ca_pem;        /* certificate-authority(-data), PEM bytes; NULL = system CAs */
  size_t ca_len;
  bool insecure;       /* insecure-skip-tls-verify */
  char *tls_server_name;
  char *proxy_url;
  char *cert_pem, *key_pem; /* client-certificate(-data), client-key(-data) */
  size_t cert_len, key_len;
  char *token;         /* token, tokenFile contents, or exec plugin's token */
  char *username, *password;
  /* exec credential plugin (client.authentication.k8s.io/v1), run lazily */
  json_t *exec;
  char *source;        /* the file the context came from (for messages) */
} ct_kubeconfig;

typedef struct ct_kube_opts {
  const char *kubeconfig; /* --kubeconfig; NULL: $KUBECONFIG (several, ':'), ~/.kube/config */
  const char *context;    /* --kube-context; NULL: current-context */
  const char *namespace;  /* -n; NULL: the context's */
  long timeout_ms;        /* per request; 0 = 30 s */
  int max_retries;        /* retries on 429/5xx/connection errors; -1 = default (5) */
} ct_kube_opts;

/* Loads and merges kubeconfig files as kubectl does (first file to define a name wins;
 * relative paths resolved against the file that names them). Errors name file and key. */
int ct_kubeconfig_load(ct_kubeconfig *out, const ct_kube_opts *opts);
void ct_kubeconfig_dispose(ct_kubeconfig *kc);

/* ---- client ---- */
typedef struct ct_kube ct_kube;

int ct_kube_open(ct_kube **out, const ct_kube_opts *opts);
void ct_kube_close(ct_kube *k); /* accepts NULL */
const char *ct_kube_namespace(const ct_kube *k);
const ct_kubeconfig *ct_kube_config(const ct_kube *k);

/* One HTTP call. BODY may be NULL. On a response, *status is the HTTP code and *resp the
 * parsed JSON body (NULL if empty or not JSON). Returns CT_OK when a response came (any
 * status), or a negative code (connection failure after retries, timeout). Retries 429/5xx
 * and connection errors with backoff, honouring Retry-After, only for idempotent calls
 * (GET, PUT, DELETE, apply PATCH); a POST is retried only when nothing was sent. */
int ct_kube_request(ct_kube *k, const char *method, const char *path, const char *content_type,
                    const char *body, size_t len, long *status, json_t **resp);

/* Turns a failed response into the thread's error (Status message, e.g. `deployments.apps
 * "x" not found`) and returns the matching CT_E* code (404 → CT_ENOTFOUND, 409 →
 * CT_ECONFLICT, 403 → CT_EPERM, else CT_ERROR). */
int ct_kube_status_error(long status, const json_t *resp);

/* ---- discovery ---- */
typedef struct ct_kube_resource {
  char group_version[128]; /* "v1", "apps/v1" */
  char name[96];           /* plural resource, "deployments" */
  char kind[96];
  bool namespaced;
} ct_kube_resource;

/* Maps apiVersion + kind to the resource, from /api and /apis (cached; refreshed once on a
 * miss, so a CRD created a moment ago is found). */
int ct_kube_resolve(ct_kube *k, const char *api_version, const char *kind, ct_kube_resource *out);
void ct_kube_forget_discovery(ct_kube *k);
/* URL path of a collection or object: NAME may be NULL; NS ignored for cluster scope. */
int ct_kube_path(char *buf, size_t len, const ct_kube_resource *r, const char *ns, const char *name);

/* ---- verbs (objects are JSON; NS NULL = the client's namespace) ---- */
/* Server-side apply with field manager MANAGER (force: take over conflicting fields). */
int ct_kube_apply(ct_kube *k, const json_t *obj, const char *ns, const char *manager, bool force,
                  bool dry_run, json_t **out);
int ct_kube_get(ct_kube *k, const char *api_version, const char *kind, const char *ns,
                const char *name, json_t **out);
int ct_kube_list(ct_kube *k, const char *api_version, const char *kind, const char *ns,
                 const char *label_selector, json_t **out);
int ct_kube_create(ct_kube *k, const json_t *obj, const char *ns, json_t **out);
/* PUT; the object's metadata.resourceVersion makes it a compare-and-swap (409 on conflict). */
int ct_kube_update(ct_kube *k, const json_t *obj, const char *ns, json_t **out);
/* Helm's --force (resource.Helper.Replace with overwrite): PUT OBJ whole, carrying the live
 * object's resourceVersion, so every field not in OBJ is dropped; a missing object is
 * created (*CREATED true, may be NULL). DRY_RUN adds ?dryRun=All. */
int ct_kube_replace(ct_kube *k, const json_t *obj, const char *ns, bool dry_run, bool *created, json_t **out);
/* PROPAGATION: "Background", "Foreground", "Orphan" or NULL. Missing object: CT_ENOTFOUND. */
int ct_kube_delete(ct_kube *k, const char *api_version, const char *kind, const char *ns,
                   const char *name, const char *propagation);

/* ---- readiness, as kstatus judges it ---- */
typedef enum { CT_READY = 0, CT_IN_PROGRESS = 1, CT_FAILED = 2 } ct_readiness;
/* Judges a live object. REASON (may be NULL) gets a short human explanation. */
ct_readiness ct_kube_readiness(const json_t *obj, char *reason, size_t reason_len);

/* ---- YAML manifests → JSON objects ---- */
/* Every non-empty document of a YAML stream as a JSON array of objects (comments, empty
 * documents skipped). Errors name the line. */
int ct_kube_yaml_to_json(json_t **out, const char *yaml, size_t len);

#endif
