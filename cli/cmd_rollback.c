/* cmd_rollback.c — `chartctl rollback RELEASE [REVISION]`: a new revision from an old one;
 * also the way out of a release stuck in pending-* after an interrupted operation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/errors.h"
#include "release_common.h"
#include "rollout/rollout.h"

/* A staged rollout still in flight is aborted first (canary or preview workloads removed,
 * stable ones back at full size, its revision failed), then the rollback proceeds from there. */
static int abort_inflight_rollout(ct_action_cfg *cfg, const char *name) {
  ct_rollout_ctx c = {.cfg = cfg, .out = CT_ROLLOUT_OUT_QUIET, .stream = stderr};
  json_t *st = NULL;
  if (ct_rollout_status(&c, name, &st) != CT_OK || !st) {
    ct_error_clear(); /* no rollout in the record: nothing to do */
    return CT_OK;
  }
  const char *status = json_string_value(json_object_get(st, "status"));
  const char *phase = json_string_value(json_object_get(json_object_get(st, "rollout"), "phase"));
  bool inflight = status && !strncmp(status, "pending", 7) && phase && strcmp(phase, "Completed") && strcmp(phase, "Aborted");
  json_decref(st);
  if (!inflight) return CT_OK;
  int rc = ct_rollout_abort(&c, name, "rolled back by `chartctl rollback`");
  if (rc) return rc;
  /* another live chartctl drives it: the abort was left in the record for it to carry out */
  st = NULL;
  if (ct_rollout_status(&c, name, &st) == CT_OK && st) {
    phase = json_string_value(json_object_get(json_object_get(st, "rollout"), "phase"));
    if (!phase || strcmp(phase, "Aborted"))
      rc = ct_error_set(CT_EINVAL, "the rollout of %s is driven by another chartctl: abort requested; run the rollback again once it has stopped", name);
  }
  json_decref(st);
  return rc;
}

int ct_cmd_rollback(int argc, char **argv) {
  bool wait = false, wait_jobs = false, no_hooks = false, dry_run = false, force = false;
  double timeout = 300;
  int history_max = 10;
  ct_flag flags[] = {
      {.name = "wait", .kind = CT_FLAG_BOOL, .dest = &wait, .usage = "wait until all resources are ready"},
      {.name = "wait-for-jobs", .kind = CT_FLAG_BOOL, .dest = &wait_jobs, .usage = "with --wait, also wait for Jobs"},
      {.name = "timeout", .kind = CT_FLAG_DURATION, .dest = &timeout, .usage = "time to wait for any individual Kubernetes operation", .def_text = "5m0s"},
      {.name = "no-hooks", .kind = CT_FLAG_BOOL, .dest = &no_hooks, .usage = "prevent hooks from running during rollback"},
      {.name = "dry-run", .kind = CT_FLAG_BOOL, .dest = &dry_run, .usage = "simulate a rollback"},
      {.name = "force", .kind = CT_FLAG_BOOL, .dest = &force, .usage = "force resource update through delete/recreate if needed"},
      {.name = "history-max", .kind = CT_FLAG_INT, .dest = &history_max, .usage = "limit the maximum number of revisions saved per release. Use 0 for no limit", .def_text = "10"},
  };
  ct_cmd_def cmd = {.path = "chartctl rollback", .args_use = "<RELEASE> [REVISION]",
                    .short_desc = "roll back a release to a previous revision",
                    .long_desc = "This command rolls back a release to a previous revision.\n\n"
                                 "The first argument of the rollback command is the name of a release, and the\n"
                                 "second is a revision (version) number. If this argument is omitted or set to\n"
                                 "0, it will roll back to the previous release.\n\n"
                                 "A release left in a pending state by an interrupted operation is marked failed\n"
                                 "and rolled back; a staged rollout in progress (upgrade --canary/--steps/\n"
                                 "--strategy blue-green) is aborted first, as `chartctl rollout abort` does.",
                    .flags = flags, .nflags = sizeof flags / sizeof flags[0]};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_min(&cmd, &pos, 1);
  if (rc == CT_CLI_OK) rc = ct_cli_require_max(&cmd, &pos, 2);
  int status = 1;
  if (rc != CT_CLI_OK) {
    status = rc == CT_CLI_HELP ? 0 : 1;
    goto out;
  }
  int revision = 0;
  if (pos.len == 2) {
    char *end;
    long r = strtol(pos.items[1], &end, 10);
    if (*end || r < 0) {
      ct_cli_errorf("invalid revision number %s: strconv.Atoi: parsing \"%s\": invalid syntax", pos.items[1], pos.items[1]);
      goto out;
    }
    revision = (int)r;
  }
  ct_rel_env env;
  if (ct_rel_env_open(&env, false)) goto out;
  ct_install_opts o = {.wait = wait, .wait_for_jobs = wait_jobs, .no_hooks = no_hooks, .dry_run = dry_run,
                       .timeout_s = timeout, .history_max = history_max, .force = force};
  json_t *rel = NULL;
  if ((!dry_run && abort_inflight_rollout(&env.cfg, pos.items[0])) || ct_action_rollback(&rel, &env.cfg, pos.items[0], revision, &o))
    ct_cli_errorf("%s", ct_error_last());
  else {
    printf("Rollback was a success! Happy Helming!\n");
    status = 0;
  }
  json_decref(rel);
  ct_rel_env_close(&env);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
