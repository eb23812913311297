/* state.c — the rollout state kept under the record's "rollout" key: phase, step results,
 * requests left by other commands, the driver lease, loading and saving the record. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chartctl/gomath.h"
#include "action/resources.h"
#include "chartctl/errors.h"
#include "rollout/rollout_int.h"

#define LEASE_S 20.0

double ct_rollout__now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void ct_rollout__sleep(double s) {
  if (s <= 0) return;
  struct timespec ts = {(time_t)s, (long)((s - ct_go_floor(s)) * 1e9)};
  nanosleep(&ts, NULL);
}

double ct_rollout__num(const json_t *o, const char *key, double def) {
  const json_t *v = json_object_get(o, key);
  return json_is_number(v) ? json_number_value(v) : def;
}

const char *ct_rollout__str(const json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s ? s : "";
}

const char *ct_rollout__phase(const ct_rollout__run *r) { return ct_rollout__str(r->ro, "phase"); }

void ct_rollout__set_phase(ct_rollout__run *r, const char *phase, const char *message) {
  json_object_set_new(r->ro, "phase", json_string(phase));
  if (message) json_object_set_new(r->ro, "message", json_string(message));
}

static void host(char *buf, size_t len) {
  if (gethostname(buf, len)) snprintf(buf, len, "unknown");
  buf[len - 1] = 0;
}

bool ct_rollout__driven_elsewhere(const json_t *ro, char *who, size_t len) {
  const json_t *d = json_object_get(ro, "driver");
  if (!json_is_object(d)) return false;
  long pid = (long)ct_rollout__num(d, "pid", 0);
  const char *h = ct_rollout__str(d, "host");
  if (who) snprintf(who, len, "pid %ld on %s", pid, h);
  char me[256];
  host(me, sizeof me);
  if (!strcmp(h, me)) {
    if (pid == (long)getpid()) return false;
    /* same machine: the process table is the truth */
    if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH) return false;
    /* alive (or not ours to signal): it is still driving, whatever its lease says */
    if (pid > 0) return true;
  }
  return ct_rollout__num(d, "leaseUntil", 0) > ct_rollout__now();
}

static void set_lease(ct_rollout__run *r, bool release) {
  if (release) {
    json_object_del(r->ro, "driver");
    return;
  }
  char me[256];
  host(me, sizeof me);
  json_object_set_new(r->ro, "driver", json_pack("{s:I,s:s,s:f}", "pid", (json_int_t)getpid(), "host", me, "leaseUntil",
                                                 ct_rollout__now() + LEASE_S));
}

/* No process drives a finished rollout or one paused until `rollout promote`. */
static bool undriven(const json_t *ro) {
  const char *phase = ct_rollout__str(ro, "phase");
  if (!strcmp(phase, "Completed") || !strcmp(phase, "Aborted")) return true;
  return !strcmp(phase, "Paused") && ct_rollout__num(ro, "pauseUntil", -1) < 0;
}

int ct_rollout__save(ct_rollout__run *r) {
  ct_action_cfg *cfg = r->c->cfg;
  /* a request another command left since we last looked is kept unless we consumed it */
  json_t *fresh = NULL;
  if (cfg->store->ops->get(cfg->store, r->name, ct_release_version(r->rel), &fresh) == CT_OK) {
    const char *req = ct_rollout__str(json_object_get(fresh, "rollout"), "request");
    double req_at = ct_rollout__num(json_object_get(fresh, "rollout"), "requestAt", 0);
    if (*req && req_at > ct_rollout__num(r->ro, "consumedAt", 0)) {
      json_object_set_new(r->ro, "request", json_string(req));
      json_object_set_new(r->ro, "requestAt", json_real(req_at));
      json_t *why = json_object_get(json_object_get(fresh, "rollout"), "abortReason");
      if (json_is_string(why)) json_object_set(r->ro, "abortReason", why);
    }
    json_decref(fresh);
  }
  set_lease(r, undriven(r->ro));
  char now[64];
  ct_release_now(now, sizeof now);
  json_object_set_new(json_object_get(r->rel, "info"), "last_deployed", json_string(now));
  int rc = cfg->store->ops->update(cfg->store, r->rel);
  r->last_save = ct_rollout__now();
  for (int i = 0; rc && i < 5; i++) { /* the record is the rollout's memory: insist */
    ct_rollout__sleep(0.5);
    rc = cfg->store->ops->update(cfg->store, r->rel);
  }
  return rc ? ct_error_wrap(rc, "saving the rollout state") : CT_OK;
}

void ct_rollout__heartbeat(ct_rollout__run *r) {
  if (ct_rollout__now() - r->last_save >= 5) ct_rollout__save(r);
}

const char *ct_rollout__poll_request(ct_rollout__run *r) {
  ct_action_cfg *cfg = r->c->cfg;
  json_t *fresh = NULL;
  if (cfg->store->ops->get(cfg->store, r->name, ct_release_version(r->rel), &fresh) == CT_OK) {
    const json_t *fro = json_object_get(fresh, "rollout");
    const char *req = ct_rollout__str(fro, "request");
    double at = ct_rollout__num(fro, "requestAt", 0);
    if (*req && at > ct_rollout__num(r->ro, "consumedAt", 0)) {
      json_object_set_new(r->ro, "request", json_string(req));
      json_object_set_new(r->ro, "requestAt", json_real(at));
      if (json_object_get(fro, "abortReason")) json_object_set(r->ro, "abortReason", json_object_get(fro, "abortReason"));
    }
    json_decref(fresh);
  }
  const char *req = ct_rollout__str(r->ro, "request");
  return *req ? req : NULL;
}

void ct_rollout__clear_request(ct_rollout__run *r) {
  json_object_set_new(r->ro, "consumedAt", json_real(ct_rollout__num(r->ro, "requestAt", ct_rollout__now())));
  json_object_set_new(r->ro, "request", json_string(""));
}

void ct_rollout__add_result(ct_rollout__run *r, const char *check, bool ok, const char *msg) {
  json_t *res = json_object_get(r->ro, "results");
  if (!json_is_array(res)) json_object_set_new(r->ro, "results", res = json_array());
  char now[64];
  ct_release_now(now, sizeof now);
  json_array_append_new(res, json_pack("{s:i,s:i,s:s,s:b,s:s,s:s}", "step", (int)ct_rollout__num(r->ro, "step", 0), "weight",
                                       (int)ct_rollout__num(r->ro, "weight", 0), "check", check, "ok", ok, "message", msg,
                                       "at", now));
  /* keep the record small: the last 50 results */
  while (json_array_size(res) > 50) json_array_remove(res, 0);
  ct_rollout__event(r, ok ? "check-passed" : "check-failed", "%s: %s", check, msg);
}

int ct_rollout__load(ct_rollout__run *r, ct_rollout_ctx *c, const char *name) {
  memset(r, 0, sizeof *r);
  r->c = c;
  int rc = ct_store_last(c->cfg->store, name, &r->rel);
  if (rc) return rc == CT_ENOTFOUND ? ct_error_set(rc, "release: not found") : rc;
  r->ro = json_object_get(r->rel, "rollout");
  if (!json_is_object(r->ro)) {
    json_decref(r->rel);
    r->rel = NULL;
    return ct_error_set(CT_ENOTFOUND, "release \"%s\" has no rollout: its last revision was not deployed with --canary, --steps or --strategy", name);
  }
  r->name = ct_release_name(r->rel);
  r->ns = json_string_value(json_object_get(r->rel, "namespace"));
  int sv = (int)ct_rollout__num(r->ro, "stableRevision", 0);
  if ((rc = c->cfg->store->ops->get(c->cfg->store, name, sv, &r->stable)))
    return ct_error_wrap(rc, "the stable revision %d of the rollout", sv);
  if ((rc = ct_res_parse(&r->new_objs, json_string_value(json_object_get(r->rel, "manifest"))))) return rc;
  if ((rc = ct_res_parse(&r->old_objs, json_string_value(json_object_get(r->stable, "manifest"))))) return rc;
  return CT_OK;
}

void ct_rollout__dispose(ct_rollout__run *r) {
  json_decref(r->rel);
  json_decref(r->stable);
  json_decref(r->new_objs);
  json_decref(r->old_objs);
  memset(r, 0, sizeof *r);
}

int ct_rollout_parse_percent(const char *s, double *out) {
  if (!s || !*s) return ct_error_set(CT_EINVAL, "empty weight: want a percentage like 10%%");
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || errno) return ct_error_set(CT_EINVAL, "invalid weight \"%s\": want a percentage like 10%%", s);
  if (*end == '%') end++;
  if (*end || !(v > 0) || v > 100)
    return ct_error_set(CT_EINVAL, "invalid weight \"%s\": want a percentage above 0%% and at most 100%%", s);
  *out = v;
  return CT_OK;
}

int ct_rollout_parse_steps(const char *s, int **out, size_t *n) {
  *out = NULL;
  *n = 0;
  size_t cap = 1;
  for (const char *p = s; *p; p++) cap += *p == ',';
  int *w = calloc(cap + 1, sizeof *w);
  size_t k = 0;
  const char *p = s;
  for (;;) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    char *one = strndup(p, len);
    double v;
    int rc = ct_rollout_parse_percent(one, &v);
    free(one);
    if (rc) {
      free(w);
      return ct_error_wrap(rc, "--steps");
    }
    int iv = (int)ct_go_ceil(v);
    if (k && iv <= w[k - 1]) {
      int prev = w[k - 1];
      free(w);
      return ct_error_set(CT_EINVAL, "--steps: weights must increase (%d%% after %d%%)", iv, prev);
    }
    w[k++] = iv;
    if (!e) break;
    p = e + 1;
  }
  *out = w;
  *n = k;
  return CT_OK;
}

void ct_rollout_split(long total, int weight, long *canary, long *stable) {
  if (total < 1) total = 1;
  if (weight >= 100) {
    *canary = total;
    *stable = 0;
    return;
  }
  long c = (long)ct_go_ceil((double)total * weight / 100.0 - 1e-9);
  if (c < 1) c = 1;
  long s = total - c;
  if (s < 1) s = 1; /* the stable track stays until promotion: one pod more than asked */
  *canary = c;
  *stable = s;
}
