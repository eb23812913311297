/* engine.c — drives a rollout through its phases (Progressing → Paused → … → Promoting →
 * Completed, or Aborting → Aborted), saving the state in the record after every move. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action/resources.h"
#include "chartctl/buf.h"
#include "chartctl/errors.h"
#include "rollout/rollout_int.h"

static bool is_bg(const ct_rollout__run *r) { return !strcmp(ct_rollout__str(r->ro, "strategy"), "blue-green"); }

static const char *track_of(const ct_rollout__run *r) { return is_bg(r) ? "preview" : "canary"; }

/* Objects of the new revision that the stable one lacks and that are no workloads: applied
 * when the rollout starts (the canary may need them), removed on abort. */
static json_t *added_objects(ct_rollout__run *r, bool workloads_too) {
  json_t *added = ct_res_removed(r->new_objs, r->old_objs);
  json_t *out = json_array();
  size_t i;
  json_t *o;
  json_array_foreach(added, i, o) {
    const char *k = json_string_value(json_object_get(o, "kind"));
    if (!workloads_too && k && (!strcmp(k, "Deployment") || !strcmp(k, "StatefulSet") || !strcmp(k, "DaemonSet"))) continue;
    json_array_append(out, o);
  }
  json_decref(added);
  return out;
}

static void describe(ct_rollout__run *r, ct_buf *b) {
  if (is_bg(r)) {
    ct_buf_puts(b, "blue-green");
    return;
  }
  ct_buf_puts(b, "canary ");
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(r->ro, "steps"), i, s) ct_buf_printf(b, "%s%d%%", i ? "," : "", (int)json_integer_value(s));
}

static int do_abort(ct_rollout__run *r) {
  const char *why = ct_rollout__str(r->ro, "abortReason");
  char *reason = strdup(*why ? why : "aborted");
  if (strcmp(ct_rollout__phase(r), "Aborting")) {
    ct_rollout__set_phase(r, "Aborting", reason);
    ct_rollout__save(r);
  }
  ct_rollout__event(r, "aborting", "%s", reason);
  int first = CT_OK;
  char first_msg[1024] = "";
  if (is_bg(r)) first = ct_rollout__bg_abort(r);
  if (first) snprintf(first_msg, sizeof first_msg, "%s", ct_error_last());
  size_t i;
  json_t *w;
  double timeout = ct_rollout__num(r->ro, "timeout", 300);
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    int rc = ct_rollout__restore_stable(r, w);
    if (!rc) rc = ct_rollout__wait_track(r, w, "stable", timeout);
    if (!rc) rc = ct_rollout__delete_extra(r, w, track_of(r));
    if (rc && !first) {
      first = rc;
      snprintf(first_msg, sizeof first_msg, "%s", ct_error_last());
    }
  }
  json_t *added = added_objects(r, true);
  ct_res_delete(r->c->cfg->kube, added, r->ns, r->c->cfg->log);
  json_decref(added);
  if (first) {
    /* stay in Aborting: `rollout abort` or `resume` finishes it */
    ct_rollout__save(r);
    int rc = ct_error_set(first, "rollout of %s: abort incomplete (%s); run `chartctl rollout abort %s` again: %s", r->name, reason,
                          r->name, first_msg);
    free(reason);
    return rc;
  }
  ct_rollout__set_phase(r, "Aborted", reason);
  char now[64];
  ct_release_now(now, sizeof now);
  json_object_set_new(r->ro, "finishedAt", json_string(now));
  ct_buf d = CT_BUF_INIT;
  ct_buf_puts(&d, "Rollout aborted (");
  describe(r, &d);
  ct_buf_printf(&d, ", at %d%%): %s", (int)ct_rollout__num(r->ro, "weight", 0), reason);
  ct_release_set_status(r->rel, "failed", ct_buf_str(&d));
  ct_buf_dispose(&d);
  ct_rollout__save(r);
  ct_rollout__event(r, "aborted", "stable revision %d restored: %s", (int)ct_rollout__num(r->ro, "stableRevision", 0), reason);
  ct_rollout__view(r, true);
  int rc = ct_error_set(CT_ERROR, "rollout of %s aborted, revision %d restored: %s", r->name,
                        (int)ct_rollout__num(r->ro, "stableRevision", 0), reason);
  free(reason);
  return rc;
}

static int fail(ct_rollout__run *r, const char *reason) {
  json_object_set_new(r->ro, "abortReason", json_string(reason));
  return do_abort(r);
}

static int do_promote(ct_rollout__run *r) {
  if (strcmp(ct_rollout__phase(r), "Promoting")) {
    ct_rollout__set_phase(r, "Promoting", "taking the new revision to 100%");
    ct_rollout__save(r);
  }
  ct_rollout__event(r, "promoting", "new revision %d to 100%%", ct_release_version(r->rel));
  ct_action_cfg *cfg = r->c->cfg;
  double timeout = ct_rollout__num(r->ro, "timeout", 300);
  int rc;
  if (is_bg(r)) rc = ct_rollout__bg_finish(r);
  else {
    rc = ct_res_apply(cfg->kube, r->new_objs, r->name, r->ns, false, cfg->log);
    if (!rc) {
      json_t *gone = ct_res_removed(r->old_objs, r->new_objs);
      rc = ct_res_delete(cfg->kube, gone, r->ns, cfg->log);
      json_decref(gone);
    }
    if (!rc) rc = ct_res_wait(cfg->kube, r->new_objs, r->ns, timeout, false);
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
      if (!rc) rc = ct_rollout__delete_extra(r, w, "canary");
    }
  }
  if (rc) {
    char msg[2048];
    snprintf(msg, sizeof msg, "promotion failed: %s", ct_error_last());
    return fail(r, msg);
  }
  if (!json_is_true(json_object_get(r->ro, "noHooks")) && (rc = ct_action_run_hooks(cfg, r->rel, "post-upgrade", timeout))) {
    char msg[2048];
    snprintf(msg, sizeof msg, "post-upgrade hooks failed: %s", ct_error_last());
    return fail(r, msg);
  }
  json_object_set_new(r->ro, "weight", json_integer(100));
  ct_rollout__set_phase(r, "Completed", "new revision at 100%");
  char now[64];
  ct_release_now(now, sizeof now);
  json_object_set_new(r->ro, "finishedAt", json_string(now));
  const char *user = ct_rollout__str(r->ro, "description");
  ct_buf d = CT_BUF_INIT;
  if (*user) ct_buf_puts(&d, user);
  else {
    ct_buf_puts(&d, "Upgrade complete (");
    describe(r, &d);
    ct_buf_puts(&d, ")");
  }
  ct_release_set_status(r->rel, "deployed", ct_buf_str(&d));
  ct_buf_dispose(&d);
  if ((rc = ct_rollout__save(r))) return rc;
  ct_action_supersede_others(r->c->cfg, r->name, ct_release_version(r->rel));
  ct_action_prune_history(r->c->cfg, r->name, (int)ct_rollout__num(r->ro, "historyMax", 0));
  ct_rollout__event(r, "completed", "revision %d is deployed", ct_release_version(r->rel));
  ct_rollout__view(r, true);
  return CT_OK;
}

static void progress_description(ct_rollout__run *r, const char *what);

/* Canary: the step's weight applied (canary up first, then stable down) and analysed. */
static int canary_step(ct_rollout__run *r, int weight) {
  ct_action_cfg *cfg = r->c->cfg;
  double timeout = ct_rollout__num(r->ro, "timeout", 300);
  json_object_set_new(r->ro, "weight", json_integer(weight));
  json_t *added = added_objects(r, false);
  int rc = ct_res_apply(cfg->kube, added, r->name, r->ns, false, cfg->log);
  json_decref(added);
  if (rc) return rc;
  size_t i;
  json_t *w;
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    long cn, sn;
    ct_rollout_split((long)ct_rollout__num(w, "total", 1), weight, &cn, &sn);
    json_object_set_new(w, "canaryPods", json_integer(cn));
    json_object_set_new(w, "stablePods", json_integer(sn));
  }
  progress_description(r, "in progress");
  ct_rollout__save(r);
  ct_rollout__event(r, "step", "step %d: weight %d%%", (int)ct_rollout__num(r->ro, "step", 0) + 1, weight);
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    if ((rc = ct_rollout__apply_extra(r, w, "canary", (long)ct_rollout__num(w, "canaryPods", 1)))) return rc;
  }
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    if ((rc = ct_rollout__wait_track(r, w, "canary", timeout))) return rc;
  }
  /* analysis before the stable track gives up pods: a canary failing its first step leaves
   * every stable pod untouched */
  if ((rc = ct_rollout__analyse(r, "canary"))) return rc;
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    if ((rc = ct_rollout__scale_stable(r, w, (long)ct_rollout__num(w, "stablePods", 1)))) return rc;
  }
  json_array_foreach(json_object_get(r->ro, "workloads"), i, w) {
    if ((rc = ct_rollout__wait_track(r, w, "stable", timeout))) return rc;
  }
  return ct_rollout__check_pods(r, "canary", false);
}

static void next_step(ct_rollout__run *r, bool full) {
  json_t *steps = json_object_get(r->ro, "steps");
  int i = (int)ct_rollout__num(r->ro, "step", 0) + 1;
  if (full || i >= (int)json_array_size(steps)) {
    ct_rollout__set_phase(r, is_bg(r) ? "Switching" : "Promoting", "promoting");
    return;
  }
  json_object_set_new(r->ro, "step", json_integer(i));
  ct_rollout__set_phase(r, "Progressing", NULL);
}

/* Pausing: returns 1 to continue driving, 0 when paused for a manual gate, or an error. */
static int pause_loop(ct_rollout__run *r) {
  double last_check = ct_rollout__now(), last_save = last_check;
  for (;;) {
    /* copy the request: clearing it frees the record's string */
    char req_buf[32] = "";
    const char *polled = ct_rollout__poll_request(r);
    if (polled) snprintf(req_buf, sizeof req_buf, "%s", polled);
    const char *req = polled ? req_buf : NULL;
    if (req && !strcmp(req, "abort")) {
      ct_rollout__clear_request(r);
      const char *why = ct_rollout__str(r->ro, "abortReason");
      if (!*why) json_object_set_new(r->ro, "abortReason", json_string("aborted by `chartctl rollout abort`"));
      ct_rollout__set_phase(r, "Aborting", NULL);
      ct_rollout__save(r);
      return 1;
    }
    if (req && !strncmp(req, "promote", 7)) {
      ct_rollout__clear_request(r);
      ct_rollout__event(r, "promote", "promotion requested%s", !strcmp(req, "promote-full") ? " (full)" : "");
      if (!strcmp(ct_rollout__phase(r), "Switched")) ct_rollout__set_phase(r, "Promoting", NULL);
      else next_step(r, !strcmp(req, "promote-full"));
      ct_rollout__save(r);
      return 1;
    }
    double until = ct_rollout__num(r->ro, "pauseUntil", -1);
    if (until < 0) return 0;
    if (ct_rollout__now() >= until) {
      if (!strcmp(ct_rollout__phase(r), "Switched")) ct_rollout__set_phase(r, "Promoting", NULL);
      else next_step(r, false);
      ct_rollout__save(r);
      return 1;
    }
    ct_rollout__sleep(0.5);
    ct_rollout__view(r, false);
    double now = ct_rollout__now();
    if (now - last_check >= 3) {
      last_check = now;
      int rc = ct_rollout__check_pods(r, is_bg(r) && !strcmp(ct_rollout__phase(r), "Switched") ? "preview" : track_of(r), false);
      if (rc) {
        json_object_set_new(r->ro, "abortReason", json_string(ct_error_last()));
        ct_rollout__set_phase(r, "Aborting", NULL);
        ct_rollout__save(r);
        return 1;
      }
    }
    if (now - last_save >= 5) {
      last_save = now;
      ct_rollout__save(r); /* renews the lease */
    }
  }
}

/* The record's description follows the rollout, so `history` shows where it stands. */
static void progress_description(ct_rollout__run *r, const char *what) {
  ct_buf d = CT_BUF_INIT;
  if (is_bg(r)) ct_buf_printf(&d, "Blue/green rollout: preview %s", what);
  else
    ct_buf_printf(&d, "Canary rollout at %d%% (step %d/%zu) %s", (int)ct_rollout__num(r->ro, "weight", 0),
                  (int)ct_rollout__num(r->ro, "step", 0) + 1, json_array_size(json_object_get(r->ro, "steps")), what);
  ct_release_set_status(r->rel, "pending-upgrade", ct_buf_str(&d));
  ct_rollout__set_phase(r, ct_rollout__phase(r), ct_buf_str(&d));
  ct_buf_dispose(&d);
}

static void enter_pause(ct_rollout__run *r) {
  double pause = ct_rollout__num(r->ro, "stepPause", -1);
  if (json_is_true(json_object_get(r->ro, "autoPromote")) && pause < 0) pause = 0;
  json_object_set_new(r->ro, "pauseUntil", json_real(pause < 0 ? -1 : ct_rollout__now() + pause));
  ct_rollout__set_phase(r, "Paused", NULL);
  progress_description(r, pause < 0 ? "paused until promote" : "passed its checks");
  ct_rollout__save(r);
  if (pause < 0 && is_bg(r))
    ct_rollout__event(r, "paused", "preview ready: run `chartctl rollout promote %s` to switch the services or `chartctl rollout abort %s`",
                      r->name, r->name);
  else if (pause < 0)
    ct_rollout__event(r, "paused", "paused at %d%%: run `chartctl rollout promote %s` to continue or `chartctl rollout abort %s`",
                      (int)ct_rollout__num(r->ro, "weight", 0), r->name, r->name);
  else if (pause > 0)
    ct_rollout__event(r, "paused", "paused at %d%% for %gs", (int)ct_rollout__num(r->ro, "weight", 0), pause);
}

int ct_rollout__drive(ct_rollout__run *r) {
  for (;;) {
    const char *phase = ct_rollout__phase(r);
    ct_rollout__view(r, true);
    if (!strcmp(phase, "Completed")) {
      /* a driver killed between marking this revision deployed and superseding the old one */
      ct_action_supersede_others(r->c->cfg, r->name, ct_release_version(r->rel));
      return CT_OK;
    }
    if (!strcmp(phase, "Aborted"))
      return ct_error_set(CT_ERROR, "rollout of %s was aborted: %s", r->name, ct_rollout__str(r->ro, "message"));
    if (!strcmp(phase, "Aborting")) return do_abort(r);
    if (!strcmp(phase, "Promoting")) return do_promote(r);
    if (!strcmp(phase, "Progressing")) {
      int rc;
      if (is_bg(r)) {
        ct_rollout__event(r, "step", "preview of revision %d at full size", ct_release_version(r->rel));
        json_object_set_new(r->ro, "weight", json_integer(0));
        progress_description(r, "starting");
        ct_rollout__save(r);
        rc = ct_rollout__bg_prepare(r);
        if (!rc) rc = ct_rollout__analyse(r, "preview");
      } else {
        json_t *steps = json_object_get(r->ro, "steps");
        int w = (int)json_integer_value(json_array_get(steps, (size_t)ct_rollout__num(r->ro, "step", 0)));
        if (w >= 100) {
          ct_rollout__set_phase(r, "Promoting", NULL);
          continue;
        }
        rc = canary_step(r, w);
      }
      if (rc) {
        char msg[2048];
        snprintf(msg, sizeof msg, "%s", ct_error_last());
        return fail(r, msg);
      }
      enter_pause(r);
      continue;
    }
    if (!strcmp(phase, "Switching")) {
      int rc = ct_rollout__bg_switch(r, true);
      if (rc) {
        char msg[2048];
        snprintf(msg, sizeof msg, "switching services: %s", ct_error_last());
        return fail(r, msg);
      }
      double delay = ct_rollout__num(r->ro, "scaleDownDelay", 30);
      json_object_set_new(r->ro, "weight", json_integer(100));
      json_object_set_new(r->ro, "pauseUntil", json_real(ct_rollout__now() + delay));
      ct_rollout__set_phase(r, "Switched", "services select the new revision; old pods kept for the scale-down delay");
      ct_rollout__save(r);
      ct_rollout__event(r, "switched", "services switched to revision %d; old pods kept %gs", ct_release_version(r->rel), delay);
      continue;
    }
    if (!strcmp(phase, "Paused") || !strcmp(phase, "Switched")) {
      int rc = pause_loop(r);
      if (rc < 0) return rc;
      if (rc == 0) return CT_ROLLOUT_PAUSED;
      continue;
    }
    return ct_error_set(CT_EINVAL, "rollout of %s is in an unknown phase \"%s\"", r->name, phase);
  }
}

static json_t *initial_state(const ct_rollout_opts *o, int stable_version, json_t *workloads) {
  bool bg = o->strategy && !strcmp(o->strategy, "blue-green");
  json_t *steps = json_array();
  for (size_t i = 0; i < o->nsteps; i++) json_array_append_new(steps, json_integer(o->steps[i]));
  if (bg) {
    json_array_clear(steps);
    json_array_append_new(steps, json_integer(100));
  } else if (!o->nsteps || o->steps[o->nsteps - 1] < 100) {
    json_array_append_new(steps, json_integer(100));
  }
  json_t *urls = json_array();
  for (size_t i = 0; i < o->nurls; i++)
    json_array_append_new(urls, json_pack("{s:s,s:I}", "url", o->urls[i].url, "status", (json_int_t)(o->urls[i].status ? o->urls[i].status : 200)));
  json_t *openapi = json_array();
  for (size_t i = 0; i < o->nopenapi; i++)
    json_array_append_new(openapi, json_pack("{s:s,s:s,s:f}", "url", o->openapi[i], "spec", o->openapi_spec ? o->openapi_spec : "/?spec",
                                             "timeout", CT_ROLLOUT_OPENAPI_TIMEOUT));
  json_t *checks = json_pack("{s:o,s:o}", "urls", urls, "openapi", openapi);
  if (o->prom_url) {
    json_t *p = json_pack("{s:s,s:s}", "url", o->prom_url, "query", o->prom_query ? o->prom_query : "");
    if (o->prom_has_max) json_object_set_new(p, "max", json_real(o->prom_max));
    if (o->prom_has_min) json_object_set_new(p, "min", json_real(o->prom_min));
    json_object_set_new(checks, "prometheus", p);
  }
  char now[64];
  ct_release_now(now, sizeof now);
  return json_pack("{s:s,s:s,s:o,s:i,s:i,s:f,s:b,s:f,s:f,s:f,s:b,s:b,s:o,s:i,s:o,s:o,s:s,s:s,s:s,s:f}", "strategy",
                   bg ? "blue-green" : "canary", "phase", "Progressing", "steps", steps, "step", 0, "weight", 0, "stepPause",
                   o->step_pause_s, "autoPromote", o->auto_promote, "scaleDownDelay", o->scale_down_delay_s, "timeout",
                   o->timeout_s > 0 ? o->timeout_s : 300.0, "analysis", o->analysis_s, "noTests", o->no_tests, "noHooks",
                   o->no_hooks, "checks", checks, "stableRevision", stable_version, "workloads", workloads, "results",
                   json_array(), "startedAt", now, "message", "starting", "description", o->description ? o->description : "",
                   "pauseUntil", -1.0);
}

int ct_rollout_start(ct_rollout_ctx *c, const char *name, const char *chart_path, const json_t *user_values,
                     const ct_rollout_opts *o) {
  int rc = ct_action_check_name(name);
  if (rc) return rc;
  ct_action_cfg *cfg = c->cfg;
  if (o->strategy && strcmp(o->strategy, "canary") && strcmp(o->strategy, "blue-green"))
    return ct_error_set(CT_EINVAL, "unknown --strategy \"%s\": want canary or blue-green", o->strategy);
  json_t *last = NULL, *current = NULL;
  if ((rc = ct_store_last(cfg->store, name, &last)))
    return rc == CT_ENOTFOUND ? ct_error_set(rc, "UPGRADE FAILED: \"%s\" has no deployed releases (a staged rollout needs a stable revision: install it first)", name) : rc;
  if (!strncmp(ct_release_status(last), "pending-", 8)) {
    json_decref(last);
    return ct_error_set(CT_ECONFLICT, "UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress");
  }
  if (ct_store_deployed(cfg->store, name, &current)) {
    json_decref(last);
    return ct_error_set(CT_ENOTFOUND, "UPGRADE FAILED: \"%s\" has no deployed releases", name);
  }
  ct_install_opts vo = {.reuse_values = o->reuse_values, .reset_values = o->reset_values};
  json_t *vals = ct_action_upgrade_values(json_object_get(current, "config"), user_values, &vo);
  int version = ct_release_version(last) + 1;
  ct_relrender rr = {0};
  ct_render_req req = {.chart_path = chart_path, .user_values = vals, .name = name, .namespace_ = cfg->namespace_,
                       .revision = version, .is_upgrade = true, .kube = cfg->kube};
  rc = ct_action_render(&rr, &req);
  json_decref(vals);
  json_decref(last);
  if (rc) {
    json_decref(current);
    return ct_error_wrap(rc, "UPGRADE FAILED");
  }
  ct_rollout__run r = {0};
  r.c = c;
  r.name = name;
  r.ns = cfg->namespace_;
  r.stable = current;
  if ((rc = ct_res_parse(&r.new_objs, rr.manifest)) || (rc = ct_res_parse(&r.old_objs, json_string_value(json_object_get(current, "manifest"))))) {
    ct_relrender_dispose(&rr);
    ct_rollout__dispose(&r);
    return rc;
  }
  json_t *workloads = ct_rollout__workloads(r.old_objs, r.new_objs);
  if (!json_array_size(workloads)) {
    json_decref(workloads);
    ct_relrender_dispose(&rr);
    ct_rollout__dispose(&r);
    return ct_error_set(CT_EINVAL, "UPGRADE FAILED: no Deployment or StatefulSet is in both revision %d and the new one: nothing to "
                                   "roll out gradually (use a plain upgrade)", ct_release_version(current));
  }
  /* the record, in Helm's field order, with the rollout state as an extra key */
  r.rel = ct_action_new_record(name, cfg->namespace_, version, &rr, "pending-upgrade",
                               o->strategy && !strcmp(o->strategy, "blue-green") ? "Blue/green rollout underway"
                                                                                 : "Canary rollout underway",
                               json_string_value(json_object_get(json_object_get(current, "info"), "first_deployed")));
  json_object_set_new(r.rel, "rollout", initial_state(o, ct_release_version(current), workloads));
  if (o->history_max > 0) json_object_set_new(json_object_get(r.rel, "rollout"), "historyMax", json_integer(o->history_max));
  r.ro = json_object_get(r.rel, "rollout");
  ct_relrender_dispose(&rr);
  if ((rc = cfg->store->ops->create(cfg->store, r.rel))) {
    if (rc == CT_EEXIST) rc = ct_error_set(CT_ECONFLICT, "UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress");
    ct_rollout__dispose(&r);
    return rc;
  }
  ct_rollout__save(&r); /* takes the driver lease */
  ct_rollout__event(&r, "started", "%s rollout of revision %d (stable: %d)", ct_rollout__str(r.ro, "strategy"), version,
                    ct_release_version(current));
  if (!o->no_hooks && (rc = ct_action_run_hooks(cfg, r.rel, "pre-upgrade", o->timeout_s > 0 ? o->timeout_s : 300))) {
    char msg[2048];
    snprintf(msg, sizeof msg, "pre-upgrade hooks failed: %s", ct_error_last());
    rc = fail(&r, msg);
  } else {
    rc = ct_rollout__drive(&r);
  }
  ct_rollout__dispose(&r);
  return rc;
}

int ct_rollout_resume(ct_rollout_ctx *c, const char *name) {
  ct_rollout__run r;
  int rc = ct_rollout__load(&r, c, name);
  if (rc) {
    ct_rollout__dispose(&r);
    return rc;
  }
  char who[300];
  if (ct_rollout__driven_elsewhere(r.ro, who, sizeof who)) {
    ct_rollout__dispose(&r);
    return ct_error_set(CT_ECONFLICT, "the rollout of %s is being driven by chartctl %s; use `chartctl rollout promote|abort %s`", name, who, name);
  }
  ct_rollout__save(&r);
  ct_rollout__event(&r, "resumed", "phase %s, step %d", ct_rollout__phase(&r), (int)ct_rollout__num(r.ro, "step", 0) + 1);
  rc = ct_rollout__drive(&r);
  ct_rollout__dispose(&r);
  return rc;
}

/* Leaves REQ for the live driver and waits (up to the timeout) until it has been acted on. */
static int request(ct_rollout__run *r, const char *req, const char *reason, const char *who) {
  double at = ct_rollout__now();
  json_object_set_new(r->ro, "request", json_string(req));
  json_object_set_new(r->ro, "requestAt", json_real(at));
  if (reason) json_object_set_new(r->ro, "abortReason", json_string(reason));
  int rc = r->c->cfg->store->ops->update(r->c->cfg->store, r->rel);
  if (rc) return rc;
  ct_rollout__event(r, "requested", "%s requested from chartctl %s", req, who);
  double deadline = at + ct_rollout__num(r->ro, "timeout", 300) + 60;
  while (ct_rollout__now() < deadline) {
    ct_rollout__sleep(0.5);
    json_t *fresh = NULL;
    if (r->c->cfg->store->ops->get(r->c->cfg->store, r->name, ct_release_version(r->rel), &fresh)) continue;
    const json_t *fro = json_object_get(fresh, "rollout");
    bool taken = ct_rollout__num(fro, "consumedAt", 0) >= at;
    const char *phase = ct_rollout__str(fro, "phase");
    bool done = !strcmp(phase, "Aborted") || !strcmp(phase, "Completed");
    bool gone = !ct_rollout__driven_elsewhere(fro, NULL, 0);
    json_decref(fresh);
    if (!strcmp(req, "abort") ? done : (taken || done)) return CT_OK;
    if (gone) return ct_error_set(CT_ERROR, "the driving chartctl %s stopped before acting on the request; run `chartctl rollout resume %s`", who, r->name);
  }
  return ct_error_set(CT_ETIMEOUT, "chartctl %s did not act on the %s request in time", who, req);
}

int ct_rollout_promote(ct_rollout_ctx *c, const char *name, bool full) {
  ct_rollout__run r;
  int rc = ct_rollout__load(&r, c, name);
  if (rc) {
    ct_rollout__dispose(&r);
    return rc;
  }
  const char *phase = ct_rollout__phase(&r);
  if (!strcmp(phase, "Completed") || !strcmp(phase, "Aborted") || !strcmp(phase, "Aborting")) {
    rc = ct_error_set(CT_EINVAL, "nothing to promote: the rollout of %s (revision %d) is %s", name, ct_release_version(r.rel), phase);
    ct_rollout__dispose(&r);
    return rc;
  }
  char who[300];
  if (ct_rollout__driven_elsewhere(r.ro, who, sizeof who)) {
    rc = request(&r, full ? "promote-full" : "promote", NULL, who);
    ct_rollout__dispose(&r);
    return rc;
  }
  ct_rollout__event(&r, "promote", "promotion of revision %d%s", ct_release_version(r.rel), full ? " (full)" : "");
  if (!strcmp(phase, "Paused")) next_step(&r, full);
  else if (!strcmp(phase, "Switched")) ct_rollout__set_phase(&r, "Promoting", NULL);
  else if (full && !strcmp(phase, "Progressing")) ct_rollout__set_phase(&r, is_bg(&r) ? "Switching" : "Promoting", NULL);
  ct_rollout__clear_request(&r);
  if ((rc = ct_rollout__save(&r)) == CT_OK) rc = ct_rollout__drive(&r);
  ct_rollout__dispose(&r);
  return rc;
}

int ct_rollout_abort(ct_rollout_ctx *c, const char *name, const char *reason) {
  ct_rollout__run r;
  int rc = ct_rollout__load(&r, c, name);
  if (rc) {
    ct_rollout__dispose(&r);
    return rc;
  }
  const char *phase = ct_rollout__phase(&r);
  if (!strcmp(phase, "Completed") || !strcmp(phase, "Aborted")) {
    rc = ct_error_set(CT_EINVAL, "nothing to abort: the rollout of %s (revision %d) is %s%s", name, ct_release_version(r.rel), phase,
                      !strcmp(phase, "Completed") ? " (use `chartctl rollback`)" : "");
    ct_rollout__dispose(&r);
    return rc;
  }
  char who[300];
  if (ct_rollout__driven_elsewhere(r.ro, who, sizeof who)) {
    rc = request(&r, "abort", reason ? reason : "aborted by `chartctl rollout abort`", who);
    ct_rollout__dispose(&r);
    return rc;
  }
  if (strcmp(phase, "Aborting") || !*ct_rollout__str(r.ro, "abortReason"))
    json_object_set_new(r.ro, "abortReason", json_string(reason ? reason : "aborted by `chartctl rollout abort`"));
  ct_rollout__clear_request(&r);
  rc = do_abort(&r);
  /* an abort the user asked for that completed is a success */
  if (!strcmp(ct_rollout__phase(&r), "Aborted")) rc = CT_OK;
  ct_rollout__dispose(&r);
  return rc;
}
