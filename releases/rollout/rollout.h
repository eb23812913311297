/* rollout.h — staged rollouts in the release manager (no controller, no CRDs): canary steps
 * by pod share, blue/green with Service selector switches, analysis, state in the record. */
#ifndef CT_ROLLOUT_H
#define CT_ROLLOUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "action/action.h"

/* Labels and names (see docs/rollouts.md). */
#define CT_ROLLOUT_TRACK_LABEL "chartctl.io/track"     /* "canary" or "preview" on pods */
#define CT_ROLLOUT_OF_LABEL "chartctl.io/rollout-of"   /* release name, on the extra objects */
#define CT_ROLLOUT_CANARY_SUFFIX "-canary"
#define CT_ROLLOUT_PREVIEW_SUFFIX "-preview"

/* How events are shown. */
typedef enum { CT_ROLLOUT_OUT_LINES = 0, CT_ROLLOUT_OUT_JSON, CT_ROLLOUT_OUT_TTY, CT_ROLLOUT_OUT_QUIET } ct_rollout_out;

/* --check-openapi URL: the service checker (checker/checker.h) over the x-amples of the
 * service's OpenAPI spec at every step, kept in the record as checks.openapi
 * [{url, spec, timeout}]. */
#define CT_ROLLOUT_OPENAPI_TIMEOUT 10.0 /* seconds per request */

typedef struct ct_rollout_check_url {
  const char *url;
  long status; /* expected HTTP status (default 200) */
} ct_rollout_check_url;

/* Options of a new rollout (chartctl upgrade ... --canary/--steps/--strategy). */
typedef struct ct_rollout_opts {
  const char *strategy;   /* "canary" (default) or "blue-green" */
  const int *steps;       /* canary weights in percent, ascending, may omit the final 100 */
  size_t nsteps;
  double step_pause_s;    /* <0: pause until `rollout promote`; 0: no pause */
  bool auto_promote;      /* never pause indefinitely (and blue/green switches by itself) */
  double scale_down_delay_s; /* blue/green: keep the old pods this long after the switch */
  double timeout_s;       /* readiness and hook waits (default 300) */
  double analysis_s;      /* how long the canary must stay healthy at each step (default 0) */
  bool no_tests;          /* skip the release's test hooks in the analysis */
  bool no_hooks;          /* skip pre/post-upgrade hooks */
  const ct_rollout_check_url *urls;
  size_t nurls;
  const char *const *openapi; /* --check-openapi base URLs */
  size_t nopenapi;
  const char *openapi_spec;   /* where their spec is, relative to each URL (default "/?spec") */
  const char *prom_url, *prom_query; /* --check-prometheus URL --query Q */
  double prom_max;                   /* --max V (fail when the value is above) */
  bool prom_has_max;
  double prom_min;                   /* --min V (fail when the value is below) */
  bool prom_has_min;
  const char *description;
  /* upgrade value handling as helm upgrade */
  bool reuse_values, reset_values;
  int history_max; /* revisions kept once the rollout completes; 0 = unlimited */
} ct_rollout_opts;

/* What the rollout engine needs from its caller. */
typedef struct ct_rollout_ctx {
  ct_action_cfg *cfg;
  ct_rollout_out out;
  FILE *stream; /* where events go (stdout) */
} ct_rollout_ctx;

/* Result codes besides CT_OK and errors: the rollout is paused, waiting for promote. */
enum { CT_ROLLOUT_PAUSED = 1 };

/* Starts a rollout of CHART_PATH as the next revision of NAME and drives it until it is
 * complete (CT_OK), paused for a manual gate (CT_ROLLOUT_PAUSED) or aborted (error with the
 * failed check in ct_error_last(); the revision is marked failed, the stable one untouched). */
int ct_rollout_start(ct_rollout_ctx *c, const char *name, const char *chart_path, const json_t *user_values,
                     const ct_rollout_opts *o);

/* Continue a rollout whose driver stopped (killed, or paused): same results as start. */
int ct_rollout_resume(ct_rollout_ctx *c, const char *name);
/* Promote: past the current pause to the next step (FULL: straight to 100%). If another live
 * chartctl drives the rollout, the request is left in the record for it and CT_OK returned. */
int ct_rollout_promote(ct_rollout_ctx *c, const char *name, bool full);
/* Abort: canary/preview removed, stable back at full size, revision failed. */
int ct_rollout_abort(ct_rollout_ctx *c, const char *name, const char *reason);
/* The record of the release's in-flight (or last) rollout as JSON: {release, revision,
 * status, rollout{...}, tracks[{name, kind, track, desired, ready, pods[]}]}. */
int ct_rollout_status(ct_rollout_ctx *c, const char *name, json_t **out);
/* Prints a status object (from ct_rollout_status) for humans. */
void ct_rollout_print_status(FILE *f, const json_t *st);

/* ---- helpers (exposed for tests) ---- */
/* "10%", "10", "12.5%" → percent in (0,100]; -1 on a bad value. */
int ct_rollout_parse_percent(const char *s, double *out);
/* "10%,25%,50%,100%" → ascending weights (integers 1..100). Error text on failure. */
int ct_rollout_parse_steps(const char *s, int **out, size_t *n);
/* Pods of a canary at WEIGHT% of TOTAL: ceil, at least 1; STABLE gets the rest (at least 1
 * while WEIGHT < 100, so the stable track never vanishes mid-rollout). */
void ct_rollout_split(long total, int weight, long *canary, long *stable);
/* Prometheus /api/v1/query answer → the first sample's value (vector or scalar). */
int ct_rollout_prom_value(const json_t *resp, double *out);

#endif
