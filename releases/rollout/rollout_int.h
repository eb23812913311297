/* rollout_int.h — what the rollout files share: the run being driven (record, manifests,
 * state object), record saving with request merging, workload and check helpers. */
#ifndef CT_ROLLOUT_INT_H
#define CT_ROLLOUT_INT_H

#include <jansson.h>
#include <stdbool.h>

#include "rollout/rollout.h"

/* One rollout being driven by this process. */
typedef struct ct_rollout__run {
  ct_rollout_ctx *c;
  json_t *rel;      /* the new revision's record (owned); rel["rollout"] is the state */
  json_t *ro;       /* borrowed: rel["rollout"] */
  json_t *stable;   /* the stable revision's record (owned) */
  json_t *new_objs; /* objects of the new manifest (owned) */
  json_t *old_objs; /* objects of the stable manifest (owned) */
  const char *name, *ns;
  double last_view; /* TTY: last redraw */
  double last_save; /* last record write (lease renewal) */
} ct_rollout__run;

/* ---- state (state.c) ---- */
const char *ct_rollout__phase(const ct_rollout__run *r);
void ct_rollout__set_phase(ct_rollout__run *r, const char *phase, const char *message);
double ct_rollout__num(const json_t *o, const char *key, double def);
const char *ct_rollout__str(const json_t *o, const char *key);
double ct_rollout__now(void); /* wall clock, seconds */
/* Writes the record, first taking over a pending request left by another command (unless
 * this run consumed it) and renewing this process's driver lease. */
int ct_rollout__save(ct_rollout__run *r);
/* Re-reads the pending request ("promote", "promote-full", "abort") from the stored record. */
const char *ct_rollout__poll_request(ct_rollout__run *r);
/* Renews the driver lease (a save) when the last save is more than 5 s old. */
void ct_rollout__heartbeat(ct_rollout__run *r);
void ct_rollout__clear_request(ct_rollout__run *r);
/* Whether another live process holds the driver lease (PID/host in *WHO). */
bool ct_rollout__driven_elsewhere(const json_t *ro, char *who, size_t len);
void ct_rollout__add_result(ct_rollout__run *r, const char *check, bool ok, const char *msg);
/* Loads the release's last record and its rollout; CT_ENOTFOUND when it has none. */
int ct_rollout__load(ct_rollout__run *r, ct_rollout_ctx *c, const char *name);
void ct_rollout__dispose(ct_rollout__run *r);
void ct_rollout__sleep(double s);

/* ---- workloads (workloads.c) ---- */
/* Deployments and StatefulSets present in both manifests: [{apiVersion, kind, name, total}]. */
json_t *ct_rollout__workloads(const json_t *old_objs, const json_t *new_objs);
const json_t *ct_rollout__find(const json_t *objs, const char *kind, const char *name);
/* Applies the extra workload (canary or preview) of W from the new manifest at REPLICAS. */
int ct_rollout__apply_extra(ct_rollout__run *r, const json_t *w, const char *track, long replicas);
int ct_rollout__delete_extra(ct_rollout__run *r, const json_t *w, const char *track);
/* Sets the live stable workload's replicas (template untouched). */
int ct_rollout__scale_stable(ct_rollout__run *r, const json_t *w, long replicas);
/* Re-applies the stable manifest's object of W: old template, old replicas. */
int ct_rollout__restore_stable(ct_rollout__run *r, const json_t *w);
/* Label selector text of W's TRACK pods ("canary", "preview", "stable"). Heap string. */
char *ct_rollout__selector(ct_rollout__run *r, const json_t *w, const char *track);
/* Counts W's TRACK pods: total, ready, restarts; WHY gets a reason for the first bad one. */
void ct_rollout__pods(ct_rollout__run *r, const json_t *w, const char *track, long *total, long *ready,
                      long *restarts, char *why, size_t len);
/* Waits until W's TRACK workload is ready; fails fast on restarting pods. */
int ct_rollout__wait_track(ct_rollout__run *r, const json_t *w, const char *track, double timeout_s);

/* ---- analysis (checks.c) ---- */
/* Every configured check for the current step; records results; error names the failure. */
int ct_rollout__analyse(ct_rollout__run *r, const char *track);
/* Only the pod health of TRACK (used while paused). */
int ct_rollout__check_pods(ct_rollout__run *r, const char *track, bool record);

/* ---- output (events.c) ---- */
void ct_rollout__event(ct_rollout__run *r, const char *type, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ct_rollout__view(ct_rollout__run *r, bool force); /* TTY redraw */

/* ---- blue/green (bluegreen.c) ---- */
int ct_rollout__bg_prepare(ct_rollout__run *r);
int ct_rollout__bg_switch(ct_rollout__run *r, bool to_preview);
int ct_rollout__bg_finish(ct_rollout__run *r);
int ct_rollout__bg_abort(ct_rollout__run *r);

/* ---- engine (engine.c) ---- */
int ct_rollout__drive(ct_rollout__run *r);

#endif
