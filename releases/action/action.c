/* action.c — install, upgrade, rollback, uninstall and test, with Helm's record transitions
 * (pending-* → deployed/failed, superseded), --wait, --atomic and in-progress refusal. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "action/action.h"
#include "action/resources.h"
#include "chartctl/errors.h"

void ct_relrender_dispose(ct_relrender *r) {
  free(r->crds);
  free(r->manifest);
  free(r->notes);
  json_decref(r->hooks);
  json_decref(r->chart);
  json_decref(r->config);
  memset(r, 0, sizeof *r);
}

int ct_action_check_name(const char *name) {
  size_t n = strlen(name);
  bool ok = n > 0 && n <= 53;
  for (size_t i = 0; ok && i < n; i++) {
    char c = name[i];
    if (!(islower((unsigned char)c) || isdigit((unsigned char)c) || c == '-' || c == '.')) ok = false;
  }
  if (ok && (!isalnum((unsigned char)name[0]) || !isalnum((unsigned char)name[n - 1]))) ok = false;
  if (!ok)
    return ct_error_set(CT_EINVAL, "release name \"%s\": invalid release name, must match regex "
                                   "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53",
                        name);
  return CT_OK;
}

static bool is_pending(const char *status) { return !strncmp(status, "pending-", 8); }

static int key_cmp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

json_t *ct_action_sorted_copy(const json_t *v) {
  if (json_is_array(v)) {
    json_t *a = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) json_array_append_new(a, ct_action_sorted_copy(x));
    return a;
  }
  if (!json_is_object(v)) return json_deep_copy(v);
  size_t n = json_object_size(v), i = 0;
  const char **keys = malloc((n ? n : 1) * sizeof *keys);
  const char *k;
  json_t *x;
  json_object_foreach((json_t *)v, k, x) keys[i++] = k;
  qsort(keys, n, sizeof *keys, key_cmp);
  json_t *o = json_object();
  for (i = 0; i < n; i++) json_object_set_new(o, keys[i], ct_action_sorted_copy(json_object_get(v, keys[i])));
  free(keys);
  return o;
}

/* A new record in Helm's field order. Takes ownership of nothing; copies what it keeps. */
json_t *ct_action_new_record(const char *name, const char *ns, int version, const ct_relrender *r,
                             const char *status, const char *description, const char *first_deployed) {
  char now[64];
  ct_release_now(now, sizeof now);
  json_t *info = json_object();
  json_object_set_new(info, "first_deployed", json_string(first_deployed ? first_deployed : now));
  json_object_set_new(info, "last_deployed", json_string(now));
  json_object_set_new(info, "deleted", json_string(""));
  json_object_set_new(info, "description", json_string(description));
  json_object_set_new(info, "status", json_string(status));
  if (r->notes && *r->notes) json_object_set_new(info, "notes", json_string(r->notes));
  json_t *rel = json_object();
  json_object_set_new(rel, "name", json_string(name));
  json_object_set_new(rel, "info", info);
  json_object_set(rel, "chart", r->chart ? r->chart : json_null());
  /* config, manifest and hooks are omitempty in Helm's Release */
  if (json_object_size(r->config)) json_object_set_new(rel, "config", ct_action_sorted_copy(r->config));
  if (r->manifest && *r->manifest) json_object_set_new(rel, "manifest", json_string(r->manifest));
  if (json_array_size(r->hooks)) json_object_set_new(rel, "hooks", json_deep_copy(r->hooks));
  json_object_set_new(rel, "version", json_integer(version));
  json_object_set_new(rel, "namespace", json_string(ns));
  return rel;
}

static void touch(json_t *rel) {
  char now[64];
  ct_release_now(now, sizeof now);
  json_object_set_new(json_object_get(rel, "info"), "last_deployed", json_string(now));
}

/* Creates the CRDs that do not exist yet and waits until they are established. */
static int install_crds(ct_action_cfg *cfg, const char *text) {
  json_t *objs = NULL, *missing = json_array();
  int rc = ct_res_parse(&objs, text);
  if (rc) {
    json_decref(missing);
    return ct_error_wrap(rc, "failed to install CRD");
  }
  size_t i;
  json_t *o;
  json_array_foreach(objs, i, o) {
    const char *name = json_string_value(json_object_get(json_object_get(o, "metadata"), "name"));
    json_t *live = NULL;
    rc = ct_kube_get(cfg->kube, json_string_value(json_object_get(o, "apiVersion")),
                     json_string_value(json_object_get(o, "kind")), NULL, name, &live);
    json_decref(live);
    if (rc == CT_OK) continue; /* Helm never upgrades an existing CRD */
    if (rc != CT_ENOTFOUND) break;
    json_t *res = NULL;
    rc = ct_kube_create(cfg->kube, o, NULL, &res);
    json_decref(res);
    if (rc == CT_ECONFLICT) rc = CT_OK;
    if (rc) break;
    json_array_append(missing, o);
  }
  if (!rc && json_array_size(missing)) rc = ct_res_wait(cfg->kube, missing, NULL, 60, false);
  if (!rc) ct_kube_forget_discovery(cfg->kube); /* the new kinds must resolve */
  json_decref(objs);
  json_decref(missing);
  return rc ? ct_error_wrap(rc, "failed to install CRD") : CT_OK;
}

static int ensure_namespace(ct_action_cfg *cfg, const char *ns) {
  json_t *obj = json_pack("{s:s,s:s,s:{s:s}}", "apiVersion", "v1", "kind", "Namespace", "metadata", "name", ns);
  json_t *res = NULL;
  int rc = ct_kube_create(cfg->kube, obj, NULL, &res);
  json_decref(obj);
  json_decref(res);
  return rc == CT_ECONFLICT ? CT_OK : rc;
}

/* Applies TARGET's manifest, deleting what CURRENT had and TARGET lacks; waits if asked. */
static int deploy(ct_action_cfg *cfg, json_t *target, const json_t *current, const ct_install_opts *o,
                  const char *pre, const char *post) {
  const char *ns = json_string_value(json_object_get(target, "namespace"));
  const char *name = json_string_value(json_object_get(target, "name"));
  json_t *objs = NULL, *old = NULL;
  int rc = ct_res_parse(&objs, json_string_value(json_object_get(target, "manifest")));
  if (rc) return rc;
  if (current && (rc = ct_res_parse(&old, json_string_value(json_object_get(current, "manifest"))))) goto done;
  if (!o->no_hooks && pre && (rc = ct_action_run_hooks(cfg, target, pre, o->timeout_s))) goto done;
  if ((rc = ct_res_update(cfg->kube, objs, name, ns, o->force, cfg->log))) goto done;
  if (old) {
    json_t *gone = ct_res_removed(old, objs);
    rc = ct_res_delete(cfg->kube, gone, ns, cfg->log);
    json_decref(gone);
    if (rc) goto done;
  }
  if (o->wait && (rc = ct_res_wait(cfg->kube, objs, ns, o->timeout_s, o->wait_for_jobs))) goto done;
  if (!o->no_hooks && post && (rc = ct_action_run_hooks(cfg, target, post, o->timeout_s))) goto done;
done:
  json_decref(objs);
  json_decref(old);
  return rc;
}

/* Helm's interactWithRemote: every install/upgrade but a client dry run renders against the
 * cluster (lookup). */
static int render_for(ct_relrender *r, ct_action_cfg *cfg, const ct_install_opts *o, const char *chart_path,
                      const json_t *values, const char *name, const char *ns, int revision, bool upgrade) {
  bool remote = !o->dry_run || o->dry_run_server;
  ct_render_req req = {.chart_path = chart_path, .user_values = values, .name = name,
                       .namespace_ = ns, .revision = revision, .is_upgrade = upgrade,
                       .kube = remote ? cfg->kube : NULL};
  return ct_action_render(r, &req);
}

/* Marks REL failed with MSG and stores it; keeps the original error for the caller. */
static int fail_record(ct_action_cfg *cfg, json_t *rel, const char *what, int rc) {
  char msg[4096];
  snprintf(msg, sizeof msg, "%s", ct_error_last());
  char desc[4600];
  snprintf(desc, sizeof desc, "%s \"%s\" failed: %s", what, ct_release_name(rel), msg);
  ct_release_set_status(rel, "failed", desc);
  touch(rel);
  cfg->store->ops->update(cfg->store, rel);
  return ct_error_set(rc, "%s", desc);
}

int ct_action_install(json_t **out, ct_action_cfg *cfg, const char *name, const char *chart_path,
                      const json_t *user_values, const ct_install_opts *o) {
  int rc = ct_action_check_name(name);
  if (rc) return rc;
  const char *ns = cfg->namespace_;
  json_t *last = NULL;
  if (ct_store_last(cfg->store, name, &last) == CT_OK) {
    bool reusable = !strcmp(ct_release_status(last), "uninstalled") || (o->replace && !strcmp(ct_release_status(last), "failed"));
    json_decref(last);
    if (!reusable) return ct_error_set(CT_EEXIST, "INSTALLATION FAILED: cannot re-use a name that is still in use");
  }
  ct_relrender r = {0};
  if ((rc = render_for(&r, cfg, o, chart_path, user_values, name, ns, 1, false))) return rc;
  int version = 1;
  json_t *hist = NULL;
  if (ct_store_history(cfg->store, name, &hist) == CT_OK && json_array_size(hist))
    version = ct_release_version(json_array_get(hist, json_array_size(hist) - 1)) + 1;
  json_decref(hist);
  json_t *rel = ct_action_new_record(name, ns, version, &r, "pending-install", "Initial install underway", NULL);
  char *crds = r.crds;
  r.crds = NULL;
  ct_relrender_dispose(&r);
  /* objects that exist already and belong to no one else are refused before anything is
   * written, dry runs included (Helm's existingResourceConflict) */
  json_t *objs = NULL;
  if ((rc = ct_res_parse(&objs, json_string_value(json_object_get(rel, "manifest")) ? json_string_value(json_object_get(rel, "manifest")) : ""))) {
    free(crds);
    json_decref(rel);
    return rc;
  }
  rc = ct_res_check_owner(cfg->kube, objs, name, ns, o->take_ownership);
  json_decref(objs);
  if (rc) {
    free(crds);
    json_decref(rel);
    char why[4096];
    snprintf(why, sizeof why, "%s", ct_error_last());
    return ct_error_set(rc, "Unable to continue with install: %s", why);
  }
  if (o->dry_run) {
    free(crds);
    ct_release_set_status(rel, "pending-install", o->description ? o->description : "Dry run complete");
    *out = rel;
    return CT_OK;
  }
  if (o->create_namespace && (rc = ensure_namespace(cfg, ns))) goto fail_early;
  /* CRDs first, as Helm's installCRDs: created when missing, never upgraded, waited for */
  if (!o->skip_crds && crds && *crds && (rc = install_crds(cfg, crds))) goto fail_early;
  free(crds);
  crds = NULL;
  if ((rc = cfg->store->ops->create(cfg->store, rel))) {
    if (rc == CT_EEXIST) rc = ct_error_set(CT_ECONFLICT, "another operation (install/upgrade/rollback) is in progress");
    goto fail_early;
  }
  if ((rc = deploy(cfg, rel, NULL, o, "pre-install", "post-install"))) {
    char orig[4096];
    snprintf(orig, sizeof orig, "%s", ct_error_last());
    rc = fail_record(cfg, rel, "Release", rc);
    rc = ct_error_set(rc, "INSTALLATION FAILED: %s", orig);
    if (o->atomic) {
      char why[4096];
      snprintf(why, sizeof why, "%s", orig);
      json_t *u = NULL;
      int urc = ct_action_uninstall(&u, cfg, name, false, o->no_hooks, false, o->timeout_s);
      json_decref(u);
      if (urc) rc = ct_error_set(rc, "an error occurred while uninstalling the release. original install error: %s: %s", why,
                                 ct_error_last());
      else rc = ct_error_set(rc, "INSTALLATION FAILED: release %s failed, and has been uninstalled due to atomic being set: %s", name, why);
    }
    json_decref(rel);
    return rc;
  }
  ct_release_set_status(rel, "deployed", o->description ? o->description : "Install complete");
  touch(rel);
  if ((rc = cfg->store->ops->update(cfg->store, rel))) goto fail_early;
  *out = rel;
  return CT_OK;
fail_early:
  free(crds);
  json_decref(rel);
  return rc;
}

/* Every deployed record but VERSION becomes superseded (descriptions kept, as Helm). */
void ct_action_supersede_others(ct_action_cfg *cfg, const char *name, int version) {
  json_t *hist = NULL;
  if (ct_store_history(cfg->store, name, &hist) != CT_OK) return;
  size_t i;
  json_t *h;
  json_array_foreach(hist, i, h) {
    if (ct_release_version(h) != version && !strcmp(ct_release_status(h), "deployed")) {
      ct_release_set_status(h, "superseded", NULL);
      cfg->store->ops->update(cfg->store, h);
    }
  }
  json_decref(hist);
}

static json_t *as_floats(const json_t *v) {
  if (!v) return NULL;
  if (json_is_integer(v)) return json_real((double)json_integer_value(v));
  if (json_is_array(v)) {
    json_t *a = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) json_array_append_new(a, as_floats(x));
    return a;
  }
  if (json_is_object(v)) {
    json_t *o = json_object();
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x) json_object_set_new(o, k, as_floats(x));
    return o;
  }
  return json_deep_copy(v);
}

static json_t *merge_json(const json_t *base, const json_t *over) {
  json_t *out = json_deep_copy(base && json_is_object(base) ? base : json_object());
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)over, k, v) {
    json_t *cur = json_object_get(out, k);
    if (json_is_object(cur) && json_is_object(v)) json_object_set_new(out, k, merge_json(cur, v));
    else if (json_is_null(v)) json_object_del(out, k);
    else json_object_set(out, k, v);
  }
  return out;
}

json_t *ct_action_upgrade_values(const json_t *prev_cfg, const json_t *user_values, const ct_install_opts *o) {
  /* Helm decodes the stored config with encoding/json: every number is a float64 */
  json_t *prev = as_floats(json_is_object(prev_cfg) ? prev_cfg : NULL), *vals;
  if (!prev) prev = json_object();
  if (o->reset_then_reuse_values || o->reuse_values) vals = merge_json(prev, user_values);
  else if (!o->reset_values && json_object_size(user_values) == 0) vals = json_incref(prev);
  else vals = json_deep_copy(user_values ? user_values : json_object());
  json_decref(prev);
  return vals;
}

void ct_action_prune_history(ct_action_cfg *cfg, const char *name, int max) {
  if (max <= 0) return;
  json_t *h = NULL;
  if (ct_store_history(cfg->store, name, &h)) return;
  size_t n = json_array_size(h);
  /* never prune the last deployed one */
  int keep_deployed = -1;
  for (size_t i = n; i-- > 0;)
    if (!strcmp(ct_release_status(json_array_get(h, i)), "deployed")) {
      keep_deployed = ct_release_version(json_array_get(h, i));
      break;
    }
  size_t extra = n > (size_t)max ? n - (size_t)max : 0;
  for (size_t i = 0; i < n && extra; i++) {
    json_t *r = json_array_get(h, i);
    if (ct_release_version(r) == keep_deployed) continue;
    if (cfg->store->ops->remove(cfg->store, name, ct_release_version(r)) == CT_OK) extra--;
  }
  json_decref(h);
}

int ct_action_upgrade(json_t **out, ct_action_cfg *cfg, const char *name, const char *chart_path,
                      const json_t *user_values, const ct_install_opts *o) {
  int rc = ct_action_check_name(name);
  if (rc) return rc;
  json_t *last = NULL;
  if ((rc = ct_store_last(cfg->store, name, &last))) {
    if (rc == CT_ENOTFOUND && o->install) return ct_action_install(out, cfg, name, chart_path, user_values, o);
    if (rc == CT_ENOTFOUND) return ct_error_set(CT_ENOTFOUND, "UPGRADE FAILED: \"%s\" has no deployed releases", name);
    return rc;
  }
  if (!strcmp(ct_release_status(last), "uninstalled") && o->install) {
    json_decref(last);
    return ct_action_install(out, cfg, name, chart_path, user_values, o);
  }
  if (is_pending(ct_release_status(last))) {
    json_decref(last);
    return ct_error_set(CT_ECONFLICT, "UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress");
  }
  json_t *current = NULL;
  if (ct_store_deployed(cfg->store, name, &current)) {
    if (strcmp(ct_release_status(last), "failed")) {
      json_decref(last);
      return ct_error_set(CT_ENOTFOUND, "UPGRADE FAILED: \"%s\" has no deployed releases", name);
    }
    current = json_incref(last);
  }
  json_t *vals = ct_action_upgrade_values(json_object_get(current, "config"), user_values, o);
  ct_relrender r = {0};
  int version = ct_release_version(last) + 1;
  rc = render_for(&r, cfg, o, chart_path, vals, name, cfg->namespace_, version, true);
  json_decref(vals);
  if (rc) goto done;
  json_t *rel = ct_action_new_record(name, cfg->namespace_, version, &r, "pending-upgrade", "Preparing upgrade",
                           json_string_value(json_object_get(json_object_get(current, "info"), "first_deployed")));
  ct_relrender_dispose(&r);
  /* objects new in this revision must not belong to anyone else (Helm's existingResourceConflict
   * over target minus current), checked before anything is written, dry runs included */
  {
    json_t *tobjs = NULL, *cobjs = NULL;
    const char *tm = json_string_value(json_object_get(rel, "manifest")), *cm = json_string_value(json_object_get(current, "manifest"));
    rc = ct_res_parse(&tobjs, tm ? tm : "");
    if (!rc) rc = ct_res_parse(&cobjs, cm ? cm : "");
    if (!rc) {
      json_t *fresh = ct_res_removed(tobjs, cobjs); /* in the target, not in the current release */
      rc = ct_res_check_owner(cfg->kube, fresh, name, cfg->namespace_, o->take_ownership);
      json_decref(fresh);
      if (rc) {
        char why[4096];
        snprintf(why, sizeof why, "%s", ct_error_last());
        rc = ct_error_set(rc, "UPGRADE FAILED: Unable to continue with update: %s", why);
      }
    }
    json_decref(tobjs);
    json_decref(cobjs);
    if (rc) {
      json_decref(rel);
      goto done;
    }
  }
  if (o->dry_run) {
    json_object_set_new(json_object_get(rel, "info"), "description",
                        json_string(o->description ? o->description : "Dry run complete"));
    *out = rel;
    goto done;
  }
  if ((rc = cfg->store->ops->create(cfg->store, rel))) {
    if (rc == CT_EEXIST) rc = ct_error_set(CT_ECONFLICT, "UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress");
    json_decref(rel);
    goto done;
  }
  if ((rc = deploy(cfg, rel, current, o, "pre-upgrade", "post-upgrade"))) {
    char orig[4096];
    snprintf(orig, sizeof orig, "%s", ct_error_last());
    rc = fail_record(cfg, rel, "Upgrade", rc);
    if (o->atomic) {
      char why[4096];
      snprintf(why, sizeof why, "%s", orig);
      json_t *rb = NULL;
      ct_install_opts ro = *o;
      ro.atomic = false;
      ro.wait = true;
      /* Helm: back to the newest revision that was deployed or superseded */
      int good = 0;
      json_t *hh = NULL;
      if (ct_store_history(cfg->store, name, &hh) == CT_OK) {
        size_t i;
        json_t *h;
        json_array_foreach(hh, i, h) {
          const char *st = ct_release_status(h);
          if (!strcmp(st, "deployed") || !strcmp(st, "superseded")) good = ct_release_version(h);
        }
        json_decref(hh);
      }
      int rrc = good ? ct_action_rollback(&rb, cfg, name, good, &ro)
                     : ct_error_set(CT_ENOTFOUND, "unable to find a previously successful release");
      json_decref(rb);
      if (rrc) rc = ct_error_set(rc, "an error occurred while rolling back the release. original upgrade error: %s: %s", why,
                                 ct_error_last());
      else rc = ct_error_set(rc, "UPGRADE FAILED: release %s failed, and has been rolled back due to atomic being set: %s", name,
                             why);
    } else {
      rc = ct_error_set(rc, "UPGRADE FAILED: %s", orig);
    }
    json_decref(rel);
    goto done;
  }
  /* success: the new record becomes deployed first, then the older deployed ones are
   * superseded, so an interruption in between never leaves no deployed revision */
  ct_release_set_status(rel, "deployed", o->description ? o->description : "Upgrade complete");
  touch(rel);
  if ((rc = cfg->store->ops->update(cfg->store, rel))) {
    json_decref(rel);
    goto done;
  }
  ct_action_supersede_others(cfg, name, version);
  ct_action_prune_history(cfg, name, o->history_max);
  *out = rel;
done:
  json_decref(last);
  json_decref(current);
  return rc;
}

int ct_action_rollback(json_t **out, ct_action_cfg *cfg, const char *name, int revision, const ct_install_opts *o) {
  json_t *last = NULL, *target = NULL, *current = NULL;
  int rc = ct_store_last(cfg->store, name, &last);
  if (rc) return rc == CT_ENOTFOUND ? ct_error_set(rc, "release: not found") : rc;
  int prev = revision > 0 ? revision : ct_release_version(last) - 1;
  if (prev < 1) {
    if (is_pending(ct_release_status(last))) {
      /* an install interrupted before it finished: nothing to go back to, so close it as
       * failed; `upgrade` or `uninstall` can take it from there */
      ct_release_set_status(last, "failed", "Interrupted while pending-install; marked failed by rollback");
      cfg->store->ops->update(cfg->store, last);
      json_decref(last);
      return ct_error_set(CT_EINVAL, "release has no previous revision to roll back to: its interrupted install was "
                                     "marked failed; run `chartctl upgrade` or `chartctl uninstall`");
    }
    json_decref(last);
    return ct_error_set(CT_EINVAL, "release has no %d version", prev);
  }
  if ((rc = cfg->store->ops->get(cfg->store, name, prev, &target))) {
    json_decref(last);
    return ct_error_set(rc, "release has no %d version", prev);
  }
  /* A pending record left by an interrupted operation is closed as failed: rollback is the
   * way out of it (Helm leaves it stuck; chartctl recovers). */
  if (is_pending(ct_release_status(last))) {
    char desc[256];
    snprintf(desc, sizeof desc, "Interrupted while %s; superseded by rollback to %d", ct_release_status(last), prev);
    ct_release_set_status(last, "failed", desc);
    cfg->store->ops->update(cfg->store, last);
  }
  if (ct_store_deployed(cfg->store, name, &current)) current = json_incref(last);
  int version = ct_release_version(last) + 1;
  char desc[64];
  snprintf(desc, sizeof desc, "Rollback to %d", prev);
  ct_relrender r = {0};
  r.manifest = strdup(json_string_value(json_object_get(target, "manifest")) ? json_string_value(json_object_get(target, "manifest")) : "");
  r.hooks = json_incref(json_object_get(target, "hooks"));
  r.chart = json_incref(json_object_get(target, "chart"));
  r.config = json_incref(json_object_get(target, "config"));
  const char *notes = json_string_value(json_object_get(json_object_get(target, "info"), "notes"));
  r.notes = strdup(notes ? notes : "");
  json_t *rel = ct_action_new_record(name, json_string_value(json_object_get(target, "namespace")), version, &r, "pending-rollback", desc,
                           json_string_value(json_object_get(json_object_get(last, "info"), "first_deployed")));
  ct_relrender_dispose(&r);
  if (o->dry_run) {
    *out = rel;
    goto done;
  }
  if ((rc = cfg->store->ops->create(cfg->store, rel))) {
    if (rc == CT_EEXIST) rc = ct_error_set(CT_ECONFLICT, "another operation (install/upgrade/rollback) is in progress");
    json_decref(rel);
    goto done;
  }
  if ((rc = deploy(cfg, rel, current, o, "pre-rollback", "post-rollback"))) {
    char orig[4096];
    snprintf(orig, sizeof orig, "%s", ct_error_last());
    fail_record(cfg, rel, "Rollback", rc);
    rc = ct_error_set(rc, "%s", orig);
    json_decref(rel);
    goto done;
  }
  ct_release_set_status(rel, "deployed", desc);
  touch(rel);
  if ((rc = cfg->store->ops->update(cfg->store, rel))) {
    json_decref(rel);
    goto done;
  }
  ct_action_supersede_others(cfg, name, version);
  ct_action_prune_history(cfg, name, o->history_max);
  *out = rel;
done:
  json_decref(last);
  json_decref(target);
  json_decref(current);
  return rc;
}

int ct_action_uninstall(json_t **out, ct_action_cfg *cfg, const char *name, bool keep_history, bool no_hooks, bool wait,
                        double timeout_s) {
  json_t *last = NULL;
  int rc = ct_store_last(cfg->store, name, &last);
  if (rc == CT_ENOTFOUND) return ct_error_set(rc, "uninstall: Release not loaded: %s: release: not found", name);
  if (rc) return rc;
  if (!strcmp(ct_release_status(last), "uninstalled")) {
    if (keep_history) {
      json_decref(last);
      return ct_error_set(CT_EINVAL, "the release named \"%s\" is already deleted", name);
    }
  } else {
    ct_release_set_status(last, "uninstalling", "Deletion in progress (or silently failed)");
    char now[64];
    ct_release_now(now, sizeof now);
    json_object_set_new(json_object_get(last, "info"), "deleted", json_string(now));
    if ((rc = cfg->store->ops->update(cfg->store, last))) goto done;
    if (!no_hooks && (rc = ct_action_run_hooks(cfg, last, "pre-delete", timeout_s))) goto done;
    json_t *objs = NULL;
    const char *ns = json_string_value(json_object_get(last, "namespace"));
    if ((rc = ct_res_parse(&objs, json_string_value(json_object_get(last, "manifest"))))) goto done;
    rc = ct_res_delete(cfg->kube, objs, ns, cfg->log);
    if (!rc && wait) {
      double waited = 0;
      for (; waited < timeout_s; waited += 0.25) {
        size_t i, left = 0;
        json_t *o;
        json_array_foreach(objs, i, o) {
          json_t *live = NULL;
          const json_t *m = json_object_get(o, "metadata");
          const char *ons = json_string_value(json_object_get(m, "namespace"));
          if (ct_kube_get(cfg->kube, json_string_value(json_object_get(o, "apiVersion")),
                          json_string_value(json_object_get(o, "kind")), ons ? ons : ns,
                          json_string_value(json_object_get(m, "name")), &live) == CT_OK)
            left++;
          json_decref(live);
        }
        if (!left) break;
        struct timespec ts = {0, 250 * 1000000L};
        nanosleep(&ts, NULL);
      }
    }
    json_decref(objs);
    if (rc) goto done;
    if (!no_hooks && (rc = ct_action_run_hooks(cfg, last, "post-delete", timeout_s))) goto done;
    ct_release_set_status(last, "uninstalled", "Uninstallation complete");
  }
  if (keep_history) {
    rc = cfg->store->ops->update(cfg->store, last);
  } else {
    json_t *hist = NULL;
    if ((rc = ct_store_history(cfg->store, name, &hist)) == CT_OK) {
      size_t i;
      json_t *h;
      json_array_foreach(hist, i, h) {
        int r2 = cfg->store->ops->remove(cfg->store, name, ct_release_version(h));
        if (r2 && r2 != CT_ENOTFOUND && !rc) rc = r2;
      }
      json_decref(hist);
    }
  }
done:
  if (rc) {
    json_decref(last);
    return rc;
  }
  *out = last;
  return CT_OK;
}

int ct_action_test(json_t **results, ct_action_cfg *cfg, const char *name, double timeout_s) {
  json_t *rel = NULL;
  int rc = ct_store_last(cfg->store, name, &rel);
  if (rc) return rc;
  rc = ct_action_run_hooks(cfg, rel, "test", timeout_s);
  json_t *res = json_array();
  size_t i;
  json_t *h;
  json_array_foreach(json_object_get(rel, "hooks"), i, h) {
    size_t j;
    json_t *e;
    json_array_foreach(json_object_get(h, "events"), j, e) {
      if (!strcmp(json_string_value(e), "test")) {
        json_t *lr = json_object_get(h, "last_run");
        json_array_append_new(res, json_pack("{s:O,s:O,s:O,s:O}", "name", json_object_get(h, "name"), "phase",
                                             json_object_get(lr, "phase") ? json_object_get(lr, "phase") : json_string(""),
                                             "started_at", json_object_get(lr, "started_at") ? json_object_get(lr, "started_at") : json_string(""),
                                             "completed_at", json_object_get(lr, "completed_at") ? json_object_get(lr, "completed_at") : json_string("")));
        break;
      }
    }
  }
  /* Helm records the test run in the release */
  cfg->store->ops->update(cfg->store, rel);
  json_decref(rel);
  *results = res;
  return rc;
}
