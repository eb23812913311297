/* kubesim: shared declarations between the server's files (config, store, resources,
 * HTTP request/response types). Each ks_*.c file owns one job; this header glues them. */
#ifndef KUBESIM_KS_H
#define KUBESIM_KS_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define KS_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* ---- configuration (main.c) ---- */
typedef struct ks_config {
  char listen_host[64];
  int listen_port;
  char data_dir[1024];
  char kubeconfig[1024];
  long pod_ready_delay_ms;
  long tick_ms;
  long save_interval_ms;
} ks_config;
extern ks_config ks_cfg;

/* ---- util (ks_util.c) ---- */
int64_t ks_now_ms(void);
void ks_now_rfc3339(char out[32]);
void ks_rfc3339(char out[32], int64_t unix_s);
int64_t ks_parse_rfc3339(const char *s);
void ks_uuid(char out[37]);
void ks_rand_suffix(char *out, size_t n); /* n chars of [bcdfghjklmnpqrstvwxz2456789] */
double ks_rand01(void);
long ks_parse_duration_ms(const char *s); /* "2s" "200ms" "1m" "1.5s"; -1 on error */
char *ks_strdup_printf(const char *fmt, ...) KS_PRINTF(1, 2);
int ks_write_file_atomic(const char *path, const void *data, size_t len, int mode);
char *ks_read_file(const char *path, size_t *len);
uint32_t ks_fnv32(const char *s);
void ks_safe_encode(char *out, size_t outsz, uint32_t h); /* k8s rand.SafeEncodeString */
json_t *ks_jpath(json_t *obj, const char *dotted);      /* borrowed; NULL if absent */
const char *ks_jstr(json_t *obj, const char *dotted);   /* borrowed; NULL if absent */
int64_t ks_jint(json_t *obj, const char *dotted, int64_t dflt);
json_t *ks_jobj_ensure(json_t *obj, const char *key);   /* borrowed child object */
char *ks_human_duration(int64_t seconds);               /* Go's duration.HumanDuration */
json_t *ks_yaml_to_json(const char *text, size_t len, char *err, size_t errsz);

/* ---- resources (ks_resources.c) ---- */
typedef struct ks_resource {
  char group[128];
  char version[64];
  char plural[128];
  char singular[128];
  char kind[128];
  char list_kind[140];
  char short_names[4][32];
  int namespaced;
  int has_status;
  int has_scale;
  int in_all; /* category "all" */
  int is_crd;
  int removed;
} ks_resource;

void ks_resources_init(void);
/* Lookups take the store lock-free registry lock internally; returned pointers stay valid. */
const ks_resource *ks_resource_find(const char *group, const char *version, const char *plural);
const ks_resource *ks_resource_by_kind(const char *api_version, const char *kind);
void ks_resource_crd_sync(json_t *crd);   /* register/update a CRD's resources */
void ks_resource_crd_remove(json_t *crd); /* mark CRD resources removed */
json_t *ks_discovery_api(void);
json_t *ks_discovery_apis(void);
json_t *ks_discovery_resource_list(const char *group, const char *version); /* NULL if unknown */
json_t *ks_version_doc(void);
/* "deployments.apps" or "configmaps" */
void ks_resource_qualified(const ks_resource *r, char *out, size_t n);

/* ---- store (ks_store.c) ---- */
typedef struct ks_event {
  uint64_t rv;
  int type; /* 0 ADDED 1 MODIFIED 2 DELETED */
  char *key_prefix; /* "group/plural/" */
  json_t *obj;      /* immutable snapshot */
  json_t *prev;     /* previous object for MODIFIED, else NULL */
} ks_event;

extern pthread_mutex_t ks_store_mu;
extern pthread_cond_t ks_store_cond;
extern volatile int ks_shutting_down;

void ks_store_init(void);
uint64_t ks_store_rv(void);
void ks_store_set_rv(uint64_t rv);
/* All below require ks_store_mu held. Objects stored are owned by the store; get returns
 * a borrowed immutable pointer; put steals obj. */
json_t *ks_store_get(const ks_resource *r, const char *ns, const char *name);
uint64_t ks_store_put(const ks_resource *r, json_t *obj, int is_create); /* sets rv, emits event */
uint64_t ks_store_del(const ks_resource *r, const char *ns, const char *name);
/* Iterate objects of one resource (ns NULL = all). Callback gets borrowed object. */
typedef int (*ks_store_iter_fn)(json_t *obj, void *ud);
void ks_store_each(const ks_resource *r, const char *ns, ks_store_iter_fn fn, void *ud);
void ks_store_each_all(void (*fn)(const char *key, json_t *obj, void *ud), void *ud);
json_t *ks_store_find_uid(const char *uid, const ks_resource **r_out); /* borrowed */
size_t ks_store_count(void);
/* Event log for watches: first rv still in the log, and access by cursor. */
uint64_t ks_store_oldest_rv(void);
/* copies events with rv > after into out (up to max); returns count */
size_t ks_store_events_after(uint64_t after, ks_event *out, size_t max);
int ks_store_dirty(void);
void ks_store_clear_events(void);
void ks_store_clear_dirty(void);

/* ---- objects/meta (ks_objects.c) ---- */
typedef struct ks_err {
  int code;
  char reason[48];
  char message[1024];
  json_t *details; /* owned, may be NULL */
} ks_err;
void ks_err_set(ks_err *e, int code, const char *reason, const char *fmt, ...) KS_PRINTF(4, 5);
void ks_err_not_found(ks_err *e, const ks_resource *r, const char *name);
void ks_err_conflict_rv(ks_err *e, const ks_resource *r, const char *name);
json_t *ks_err_status(const ks_err *e); /* new reference */
void ks_err_clear(ks_err *e);

typedef struct ks_write_opts {
  int dry_run;
  const char *field_manager;
  int force;
  int subresource_status;
  const char *operation; /* "Update" or "Apply" */
  json_t *apply_mf;      /* Apply: managedFields to store (borrowed) */
} ks_write_opts;

/* Object lifecycle with store lock held. Return new reference to stored result or NULL+err. */
json_t *ks_obj_create(const ks_resource *r, const char *ns, json_t *obj, const ks_write_opts *o, ks_err *e);
json_t *ks_obj_update(const ks_resource *r, const char *ns, const char *name, json_t *obj,
                      const ks_write_opts *o, ks_err *e);
json_t *ks_obj_delete(const ks_resource *r, const char *ns, const char *name,
                      const char *propagation, const char *precondition_rv, int dry_run, ks_err *e);
/* Controllers: write without touching managedFields; steals obj. */
void ks_obj_ctrl_put(const ks_resource *r, json_t *obj, int is_create);
void ks_obj_ctrl_delete(const ks_resource *r, const char *ns, const char *name);
int ks_namespace_exists(const char *ns);
void ks_bootstrap_defaults(void);

/* ---- selectors (ks_selector.c) ---- */
typedef struct ks_selector ks_selector;
ks_selector *ks_selector_parse(const char *label_sel, const char *field_sel, char *err, size_t errsz);
int ks_selector_match(const ks_selector *s, json_t *obj);
void ks_selector_free(ks_selector *s);
int ks_label_selector_match_json(json_t *selector, json_t *labels); /* matchLabels/matchExpressions */

/* ---- patch (ks_patch.c) ---- */
json_t *ks_merge_patch(json_t *target, json_t *patch);           /* new ref */
json_t *ks_strategic_merge_patch(json_t *target, json_t *patch); /* new ref */
json_t *ks_json_patch(json_t *target, json_t *ops, char *err, size_t errsz); /* new ref */

/* ---- server-side apply (ks_apply.c) ---- */
json_t *ks_apply(const ks_resource *r, const char *ns, const char *name, json_t *applied,
                 const ks_write_opts *o, ks_err *e);
/* Update managedFields for a non-apply write (old may be NULL). */
void ks_managed_fields_update(json_t *newobj, json_t *old, const char *manager, const char *api_version,
                              int subresource_status);

/* ---- tables (ks_table.c) ---- */
json_t *ks_table_for(const ks_resource *r, json_t *items, int with_headers, int include_object);

/* ---- faults (ks_faults.c) ---- */
typedef struct ks_faults {
  double error_rate, drop_rate, conflict_rate;
  long latency_ms;
} ks_faults;
void ks_faults_set(const ks_faults *f);
ks_faults ks_faults_get(void);
json_t *ks_faults_json(void);
int ks_faults_from_json(json_t *j, char *err, size_t errsz);

/* ---- persistence (ks_persist.c) ---- */
int ks_persist_load(const char *dir);
int ks_persist_save(const char *dir);

/* ---- tls (ks_tls.c) ---- */
typedef struct ks_tls {
  char *ca_pem, *server_cert_pem, *server_key_pem, *client_cert_pem, *client_key_pem;
  char token[65];
} ks_tls;
int ks_tls_ensure(const char *dir, ks_tls *out);
int ks_write_kubeconfig(const char *path, const ks_tls *t, const char *host, int port);

/* ---- auth (ks_auth.c) ---- */
int ks_auth_check(void *conn, const char *token, char *user, size_t n);

/* ---- controllers (ks_controllers.c) ---- */
void ks_controllers_tick(void);
void ks_pod_forget(const char *uid);

/* ---- api (ks_api.c): request/response between http and handlers ---- */
typedef struct ks_request {
  const char *method;
  const char *path;
  const char *(*query)(void *conn, const char *key);
  const char *(*header)(void *conn, const char *key);
  void *conn;
  const char *body;
  size_t body_len;
  const char *user; /* authenticated user name */
} ks_request;

typedef struct ks_watch ks_watch;
typedef struct ks_response {
  int code;
  char *body; /* malloc'd */
  size_t body_len;
  const char *content_type;
  int retry_after; /* seconds, 0 none */
  ks_watch *watch; /* streaming response if non-NULL */
  int drop;        /* close the connection without answering */
} ks_response;

void ks_api_handle(const ks_request *req, ks_response *resp);
void ks_resp_json(ks_response *resp, int code, json_t *body); /* steals body */
void ks_resp_err(ks_response *resp, ks_err *e);

/* ---- watch (ks_watch.c) ---- */
ks_watch *ks_watch_new(const ks_resource *r, const char *ns, ks_selector *sel, uint64_t since,
                       int send_initial, long timeout_s, int bookmarks, int as_table);
/* fills buf with up to max bytes; 0 = wait again; -1 = end of stream */
long ks_watch_read(ks_watch *w, char *buf, size_t max);
void ks_watch_free(ks_watch *w);

/* ---- protobuf bodies (ks_proto.c) ---- */
/* 1 if the request body is Kubernetes protobuf (by Content-Type or the "k8s\0" magic). */
int ks_proto_is(const char *content_type, const char *body, size_t len);
/* Decodes a protobuf body (Secret, ConfigMap, Namespace, DeleteOptions) into the JSON object a
 * JSON client would send (new reference). NULL on error with *code 400 (malformed) or 415
 * (a kind kubesim cannot decode) and a message in err. */
json_t *ks_proto_decode(const void *body, size_t len, int *code, char *err, size_t errsz);

/* ---- http (ks_http.c) ---- */
int ks_http_start(const ks_tls *t, const char *host, int *port_inout);
void ks_http_stop(void);

#endif
