/* kubesim: the object store — one map of immutable JSON objects keyed by
 * group/plural/namespace/name, the global resourceVersion counter and the watch event log. */
#include "ks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pthread_mutex_t ks_store_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t ks_store_cond;
volatile int ks_shutting_down;

#define KS_EVENT_CAP 20000

static json_t *objects; /* key -> object */
static json_t *uids;    /* uid -> key */
static uint64_t rv_counter = 1;
static ks_event ring[KS_EVENT_CAP];
static size_t ring_start, ring_len;
static int dirty;
static uint64_t log_floor = 1; /* the log holds every event with rv > log_floor */

void ks_store_init(void) {
  pthread_condattr_t a;
  pthread_condattr_init(&a);
  pthread_condattr_setclock(&a, CLOCK_REALTIME);
  pthread_cond_init(&ks_store_cond, &a);
  pthread_condattr_destroy(&a);
  objects = json_object();
  uids = json_object();
}

uint64_t ks_store_rv(void) { return rv_counter; }
void ks_store_set_rv(uint64_t rv) {
  if (rv > rv_counter) rv_counter = rv;
}
int ks_store_dirty(void) { return dirty; }
void ks_store_clear_dirty(void) { dirty = 0; }
size_t ks_store_count(void) { return json_object_size(objects); }

static void make_key(char *out, size_t n, const ks_resource *r, const char *ns, const char *name) {
  snprintf(out, n, "%s/%s/%s/%s", r->group, r->plural, r->namespaced && ns ? ns : "", name ? name : "");
}

json_t *ks_store_get(const ks_resource *r, const char *ns, const char *name) {
  char key[1024];
  make_key(key, sizeof key, r, ns, name);
  return json_object_get(objects, key);
}

static void push_event(int type, const ks_resource *r, json_t *obj, json_t *prev) {
  if (ring_len == KS_EVENT_CAP) {
    ks_event *old = &ring[ring_start];
    log_floor = old->rv;
    free(old->key_prefix);
    json_decref(old->obj);
    json_decref(old->prev);
    ring_start = (ring_start + 1) % KS_EVENT_CAP;
    ring_len--;
  }
  ks_event *e = &ring[(ring_start + ring_len) % KS_EVENT_CAP];
  ring_len++;
  e->rv = rv_counter;
  e->type = type;
  e->key_prefix = ks_strdup_printf("%s/%s/", r->group, r->plural);
  e->obj = json_incref(obj);
  e->prev = prev ? json_incref(prev) : NULL;
  dirty = 1;
  pthread_cond_broadcast(&ks_store_cond);
}

uint64_t ks_store_put(const ks_resource *r, json_t *obj, int is_create) {
  json_t *meta = ks_jobj_ensure(obj, "metadata");
  const char *name = ks_jstr(meta, "name");
  const char *ns = ks_jstr(meta, "namespace");
  char key[1024];
  make_key(key, sizeof key, r, ns, name);
  rv_counter++;
  char rvs[32];
  snprintf(rvs, sizeof rvs, "%llu", (unsigned long long)rv_counter);
  json_object_set_new(meta, "resourceVersion", json_string(rvs));
  json_t *prev = json_object_get(objects, key);
  if (prev) json_incref(prev);
  const char *uid = ks_jstr(meta, "uid");
  if (uid) json_object_set_new(uids, uid, json_string(key));
  json_object_set_new(objects, key, obj); /* steals */
  push_event(is_create ? 0 : 1, r, obj, prev);
  json_decref(prev);
  return rv_counter;
}

uint64_t ks_store_del(const ks_resource *r, const char *ns, const char *name) {
  char key[1024];
  make_key(key, sizeof key, r, ns, name);
  json_t *cur = json_object_get(objects, key);
  if (!cur) return 0;
  rv_counter++;
  json_t *gone = json_deep_copy(cur);
  char rvs[32];
  snprintf(rvs, sizeof rvs, "%llu", (unsigned long long)rv_counter);
  json_object_set_new(ks_jobj_ensure(gone, "metadata"), "resourceVersion", json_string(rvs));
  const char *uid = ks_jstr(cur, "metadata.uid");
  if (uid) json_object_del(uids, uid);
  json_object_del(objects, key);
  push_event(2, r, gone, NULL);
  json_decref(gone);
  return rv_counter;
}

void ks_store_each(const ks_resource *r, const char *ns, ks_store_iter_fn fn, void *ud) {
  char prefix[600];
  if (ns && r->namespaced)
    snprintf(prefix, sizeof prefix, "%s/%s/%s/", r->group, r->plural, ns);
  else
    snprintf(prefix, sizeof prefix, "%s/%s/", r->group, r->plural);
  size_t plen = strlen(prefix);
  /* collect first so callbacks may modify the store */
  json_t *list = json_array();
  const char *key;
  json_t *v;
  json_object_foreach(objects, key, v) {
    if (!strncmp(key, prefix, plen)) json_array_append(list, v);
  }
  size_t i;
  json_array_foreach(list, i, v) {
    if (fn(v, ud)) break;
  }
  json_decref(list);
}

void ks_store_each_all(void (*fn)(const char *key, json_t *obj, void *ud), void *ud) {
  const char *key;
  json_t *v;
  json_object_foreach(objects, key, v) fn(key, v, ud);
}

json_t *ks_store_find_uid(const char *uid, const ks_resource **r_out) {
  (void)r_out;
  const char *key = json_string_value(json_object_get(uids, uid));
  return key ? json_object_get(objects, key) : NULL;
}

uint64_t ks_store_oldest_rv(void) { return log_floor; }

size_t ks_store_events_after(uint64_t after, ks_event *out, size_t max) {
  size_t n = 0;
  /* binary search would be nicer; the log is short enough for a scan from the end */
  size_t lo = 0;
  size_t i = ring_len;
  while (i > 0 && ring[(ring_start + i - 1) % KS_EVENT_CAP].rv > after) i--;
  lo = i;
  for (i = lo; i < ring_len && n < max; i++) {
    ks_event *e = &ring[(ring_start + i) % KS_EVENT_CAP];
    out[n] = *e;
    out[n].key_prefix = strdup(e->key_prefix);
    json_incref(out[n].obj);
    if (out[n].prev) json_incref(out[n].prev);
    n++;
  }
  return n;
}

void ks_store_clear_events(void) {
  while (ring_len) {
    ks_event *old = &ring[ring_start];
    free(old->key_prefix);
    json_decref(old->obj);
    json_decref(old->prev);
    ring_start = (ring_start + 1) % KS_EVENT_CAP;
    ring_len--;
  }
  log_floor = rv_counter;
}
