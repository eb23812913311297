/* kubesim: watch streams — turns the store's event log into `{"type":..,"object":..}` lines
 * for one resource/namespace/selector, with initial ADDED events, bookmarks, timeouts and 410s. */
#include "ks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct ks_watch {
  const ks_resource *r;
  char *ns;
  char prefix[300];
  ks_selector *sel;
  uint64_t cursor;
  int64_t deadline_ms;
  int bookmarks;
  int as_table;
  int table_headers_sent;
  int ended;
  char *buf;
  size_t len, off;
  int64_t last_sent_ms;
};

static void append(ks_watch *w, const char *s) {
  size_t n = strlen(s);
  w->buf = realloc(w->buf, w->len + n + 2);
  memcpy(w->buf + w->len, s, n);
  w->len += n;
  w->buf[w->len++] = '\n';
  w->buf[w->len] = 0;
}

static void emit(ks_watch *w, const char *type, json_t *obj) {
  json_t *o;
  if (w->as_table && strcmp(type, "ERROR") && strcmp(type, "BOOKMARK")) {
    json_t *items = json_pack("[O]", obj);
    o = ks_table_for(w->r, items, !w->table_headers_sent, 1);
    json_object_set_new(json_object_get(o, "metadata"), "resourceVersion",
                        json_string(ks_jstr(obj, "metadata.resourceVersion") ? ks_jstr(obj, "metadata.resourceVersion") : ""));
    w->table_headers_sent = 1;
    json_decref(items);
  } else {
    o = json_incref(obj);
  }
  json_t *ev = json_pack("{s:s, s:o}", "type", type, "object", o);
  char *s = json_dumps(ev, JSON_COMPACT);
  append(w, s);
  free(s);
  json_decref(ev);
  w->last_sent_ms = ks_now_ms();
}

static int matches_scope(ks_watch *w, json_t *obj) {
  if (w->ns && w->r->namespaced) {
    const char *ons = ks_jstr(obj, "metadata.namespace");
    if (!ons || strcmp(ons, w->ns)) return 0;
  }
  return 1;
}

typedef struct init_ctx {
  ks_watch *w;
  json_t *list;
} init_ctx;

static int init_cb(json_t *obj, void *ud) {
  init_ctx *c = ud;
  if (ks_selector_match(c->w->sel, obj)) json_array_append(c->list, obj);
  return 0;
}

/* caller holds ks_store_mu */
ks_watch *ks_watch_new(const ks_resource *r, const char *ns, ks_selector *sel, uint64_t since, int send_initial,
                       long timeout_s, int bookmarks, int as_table) {
  ks_watch *w = calloc(1, sizeof *w);
  w->r = r;
  w->ns = ns ? strdup(ns) : NULL;
  snprintf(w->prefix, sizeof w->prefix, "%s/%s/", r->group, r->plural);
  w->sel = sel;
  w->bookmarks = bookmarks;
  w->as_table = as_table;
  w->deadline_ms = ks_now_ms() + (timeout_s > 0 ? timeout_s : 1800) * 1000;
  w->last_sent_ms = ks_now_ms();
  if (send_initial) {
    init_ctx c = {w, json_array()};
    ks_store_each(r, ns, init_cb, &c);
    size_t i;
    json_t *o;
    json_array_foreach(c.list, i, o) emit(w, "ADDED", o);
    json_decref(c.list);
    w->cursor = ks_store_rv();
  } else if (since < ks_store_oldest_rv()) {
    char msg[160];
    snprintf(msg, sizeof msg, "too old resource version: %llu (%llu)", (unsigned long long)since,
             (unsigned long long)ks_store_oldest_rv());
    json_t *st = json_pack("{s:s, s:s, s:{}, s:s, s:s, s:s, s:i}", "kind", "Status", "apiVersion", "v1", "metadata",
                           "status", "Failure", "message", msg, "reason", "Expired", "code", 410);
    emit(w, "ERROR", st);
    json_decref(st);
    w->ended = 1;
  } else {
    w->cursor = since;
  }
  return w;
}

static void process_events(ks_watch *w) {
  ks_event evs[256];
  for (;;) {
    size_t n = ks_store_events_after(w->cursor, evs, 256);
    for (size_t i = 0; i < n; i++) {
      ks_event *e = &evs[i];
      w->cursor = e->rv;
      if (!strcmp(e->key_prefix, w->prefix) && matches_scope(w, e->obj)) {
        int now = ks_selector_match(w->sel, e->obj);
        int before = e->prev ? ks_selector_match(w->sel, e->prev) : 0;
        if (e->type == 0 && now)
          emit(w, "ADDED", e->obj);
        else if (e->type == 1 && now && before)
          emit(w, "MODIFIED", e->obj);
        else if (e->type == 1 && now && !before)
          emit(w, "ADDED", e->obj);
        else if (e->type == 1 && !now && before)
          emit(w, "DELETED", e->obj);
        else if (e->type == 2 && now)
          emit(w, "DELETED", e->obj);
      }
      free(e->key_prefix);
      json_decref(e->obj);
      json_decref(e->prev);
    }
    if (n < 256) break;
  }
}

long ks_watch_read(ks_watch *w, char *buf, size_t max) {
  for (;;) {
    if (w->off < w->len) {
      size_t n = w->len - w->off;
      if (n > max) n = max;
      memcpy(buf, w->buf + w->off, n);
      w->off += n;
      if (w->off == w->len) {
        w->off = w->len = 0;
      }
      return (long)n;
    }
    if (w->ended || ks_shutting_down) return -1;
    pthread_mutex_lock(&ks_store_mu);
    process_events(w);
    while (w->len == 0 && !ks_shutting_down) {
      int64_t now = ks_now_ms();
      if (now >= w->deadline_ms) {
        w->ended = 1;
        break;
      }
      int64_t wake = w->deadline_ms;
      if (w->bookmarks && w->last_sent_ms + 5000 < wake) wake = w->last_sent_ms + 5000;
      if (now >= wake) {
        char rv[32];
        snprintf(rv, sizeof rv, "%llu", (unsigned long long)w->cursor);
        char av[256];
        if (w->r->group[0])
          snprintf(av, sizeof av, "%s/%s", w->r->group, w->r->version);
        else
          snprintf(av, sizeof av, "%s", w->r->version);
        json_t *bm = json_pack("{s:s, s:s, s:{s:s}}", "kind", w->r->kind, "apiVersion", av, "metadata",
                               "resourceVersion", rv);
        emit(w, "BOOKMARK", bm);
        json_decref(bm);
        break;
      }
      struct timespec ts = {.tv_sec = (time_t)(wake / 1000), .tv_nsec = (long)(wake % 1000) * 1000000};
      pthread_cond_timedwait(&ks_store_cond, &ks_store_mu, &ts);
      process_events(w);
    }
    pthread_mutex_unlock(&ks_store_mu);
    if (w->len == 0) return -1;
  }
}

void ks_watch_free(ks_watch *w) {
  if (!w) return;
  ks_selector_free(w->sel);
  free(w->ns);
  free(w->buf);
  free(w);
}
