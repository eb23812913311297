/* action.h — Helm's release actions over a kube client and a record store: install,
 * upgrade, rollback, uninstall, with hooks, --wait, --atomic, pending-state protection. */
#ifndef CT_ACTION_H
#define CT_ACTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "chartctl/values.h"
#include "kube/kube.h"
#include "storage/storage.h"

/* What rendering a chart for a release produces (Helm's renderResources). */
typedef struct ct_relrender {
  char *manifest; /* non-hook documents, "---\n# Source: ...\n" framed, install order */
  json_t *hooks;  /* Helm hook records: name kind path manifest events[] last_run weight delete_policies[] */
  char *notes;    /* NOTES.txt of the top chart, rendered ("" when none) */
  json_t *chart;  /* Helm's chart JSON: metadata lock templates values schema files */
  json_t *config; /* user-supplied values (the record's "config") */
  char *crds;     /* the chart's crds/ files (subcharts too), "---" joined; "" when none */
} ct_relrender;

void ct_relrender_dispose(ct_relrender *r);

typedef struct ct_render_req {
  const char *chart_path;         /* chart dir or archive */
  const json_t *user_values;      /* config as JSON (already merged user values) */
  const char *name, *namespace_;
  int revision;
  bool is_upgrade;
  const char *kube_version;       /* "" = the cluster's (or default) */
  const json_t *api_versions;     /* array of strings, may be NULL */
  ct_kube *kube;                  /* lookup talks to this cluster; NULL: offline (empty maps) */
} ct_render_req;

/* Renders as `helm install` does, into OUT. Implemented over the templating engine. */
int ct_action_render(ct_relrender *out, const ct_render_req *req);

/* A deep copy with every object's keys in sorted order, as encoding/json writes a Go map
 * (a Release's config, the values `status -o json` prints). */
json_t *ct_action_sorted_copy(const json_t *v);

/* Value model ↔ JSON: ints stay integers, float64 stay reals, []byte become base64 strings
 * (as encoding/json), objects marshal through their class. */
json_t *ct_action_value_to_json(const ct_value *v, ct_arena *a);
ct_value *ct_action_json_to_value(const json_t *j, ct_arena *a);

typedef struct ct_action_cfg {
  ct_kube *kube;
  ct_store *store;
  const char *namespace_;
  FILE *log; /* progress lines (stderr with --debug), may be NULL */
} ct_action_cfg;

typedef struct ct_install_opts {
  bool wait, wait_for_jobs, atomic, dry_run, no_hooks, create_namespace, replace, take_ownership;
  /* --dry-run=server: as a dry run, but rendering talks to the cluster (lookup), as Helm's
   * interactWithRemote; a client dry run renders offline */
  bool dry_run_server;
  bool skip_crds; /* install: do not create the chart's crds/ (Helm's --skip-crds) */
  double timeout_s; /* default 300 */
  const char *description;
  int history_max;  /* upgrade: 0 = unlimited */
  bool install;     /* upgrade --install */
  bool force;
  /* upgrade value handling */
  bool reuse_values, reset_values, reset_then_reuse_values;
} ct_install_opts;

/* Each returns CT_OK and the final record in *OUT (caller owns), or an error with Helm's
 * message in ct_error_last() (a failed record is still stored as Helm does). */
int ct_action_install(json_t **out, ct_action_cfg *cfg, const char *name, const char *chart_path,
                      const json_t *user_values, const ct_install_opts *o);
int ct_action_upgrade(json_t **out, ct_action_cfg *cfg, const char *name, const char *chart_path,
                      const json_t *user_values, const ct_install_opts *o);
int ct_action_rollback(json_t **out, ct_action_cfg *cfg, const char *name, int revision,
                       const ct_install_opts *o);
int ct_action_uninstall(json_t **out, ct_action_cfg *cfg, const char *name, bool keep_history,
                        bool no_hooks, bool wait, double timeout_s);
/* Runs the test hooks of the last release; RESULTS gets one object per hook
 * {name, phase, started_at, completed_at}. */
int ct_action_test(json_t **results, ct_action_cfg *cfg, const char *name, double timeout_s);

/* Runs the hooks of REL for EVENT ("pre-install", ...), by weight then name, honouring
 * delete policies; waits for Jobs/Pods to finish. Records last_run in REL's hooks. */
int ct_action_run_hooks(ct_action_cfg *cfg, json_t *rel, const char *event, double timeout_s);

/* ---- pieces shared with the rollout engine ---- */
/* A new record in Helm's field order (config/manifest/hooks omitted when empty, as Helm's
 * omitempty), from a render. FIRST_DEPLOYED NULL = now. */
json_t *ct_action_new_record(const char *name, const char *ns, int version, const ct_relrender *r,
                             const char *status, const char *description, const char *first_deployed);
/* The values of an upgrade from the previous config and the user's, by Helm's
 * --reuse-values / --reset-values / --reset-then-reuse-values rules (the stored config is
 * read as encoding/json reads it: numbers float64). */
json_t *ct_action_upgrade_values(const json_t *prev_cfg, const json_t *user_values, const ct_install_opts *o);
/* Every deployed record of NAME but VERSION becomes superseded (descriptions kept). */
void ct_action_supersede_others(ct_action_cfg *cfg, const char *name, int version);
/* --history-max: removes the oldest records beyond MAX, never the last deployed one. */
void ct_action_prune_history(ct_action_cfg *cfg, const char *name, int max);

/* Release names: DNS-1123 subdomain-ish, at most 53 characters (Helm's ValidateReleaseName). */
int ct_action_check_name(const char *name);

#endif
