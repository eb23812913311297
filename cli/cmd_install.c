/* cmd_install.c — `chartctl install [NAME] CHART` and `chartctl upgrade NAME CHART`: Helm's
 * flags (values, --wait, --timeout, --atomic, --dry-run, --create-namespace, ...). Upgrade
 * with --canary/--steps/--strategy hands over to the rollout engine when it is linked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chartctl/errors.h"
#include "release_common.h"

/* The staged-rollout entry (releases/rollout), weak until it is linked. */
int ct_cli_rollout_upgrade(int argc, char **argv) __attribute__((weak));

static int run(int argc, char **argv, bool upgrade) {
  ct_rel_values vals = {0};
  bool wait = false, wait_jobs = false, atomic = false, create_ns = false, no_hooks = false, replace = false,
       install = false, reuse = false, reset = false, reset_reuse = false, force = false, take = false,
       generate = false, skip_crds = false;
  const char *dry_run = NULL, *description = NULL, *output = "table";
  double timeout = 300;
  int history_max = 10;
  ct_flag flags[40];
  size_t nf = 0;
  ct_rel_values_flags(flags, &nf, &vals);
  flags[nf++] = (ct_flag){.name = "wait", .kind = CT_FLAG_BOOL, .dest = &wait,
                          .usage = "if set, will wait until all resources are in a ready state before marking the release as successful"};
  flags[nf++] = (ct_flag){.name = "wait-for-jobs", .kind = CT_FLAG_BOOL, .dest = &wait_jobs,
                          .usage = "if set and --wait enabled, will wait until all Jobs have been completed"};
  flags[nf++] = (ct_flag){.name = "timeout", .kind = CT_FLAG_DURATION, .dest = &timeout,
                          .usage = "time to wait for any individual Kubernetes operation (like Jobs for hooks)", .def_text = "5m0s"};
  flags[nf++] = (ct_flag){.name = "atomic", .kind = CT_FLAG_BOOL, .dest = &atomic,
                          .usage = "if set, the operation is rolled back (or uninstalled) on failure; --wait is implied"};
  flags[nf++] = (ct_flag){.name = "dry-run", .kind = CT_FLAG_STRING_OPT, .dest = &dry_run, .noopt = "client",
                          .usage = "simulate the operation (client or server)"};
  flags[nf++] = (ct_flag){.name = "description", .kind = CT_FLAG_STRING, .dest = &description, .usage = "add a custom description"};
  flags[nf++] = (ct_flag){.name = "no-hooks", .kind = CT_FLAG_BOOL, .dest = &no_hooks, .usage = "prevent hooks from running"};
  flags[nf++] = (ct_flag){.name = "create-namespace", .kind = CT_FLAG_BOOL, .dest = &create_ns,
                          .usage = "create the release namespace if not present"};
  flags[nf++] = (ct_flag){.name = "take-ownership", .kind = CT_FLAG_BOOL, .dest = &take,
                          .usage = "if set, ignore the ownership check and take over resources another owner created"};
  flags[nf++] = (ct_flag){.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output,
                          .usage = "prints the output in the specified format. Allowed values: table, json, yaml", .def_text = "table"};
  if (upgrade) {
    flags[nf++] = (ct_flag){.name = "install", .shorthand = 'i', .kind = CT_FLAG_BOOL, .dest = &install,
                            .usage = "if a release by this name doesn't already exist, run an install"};
    flags[nf++] = (ct_flag){.name = "reuse-values", .kind = CT_FLAG_BOOL, .dest = &reuse,
                            .usage = "when upgrading, reuse the last release's values and merge in any overrides"};
    flags[nf++] = (ct_flag){.name = "reset-values", .kind = CT_FLAG_BOOL, .dest = &reset,
                            .usage = "when upgrading, reset the values to the ones built into the chart"};
    flags[nf++] = (ct_flag){.name = "reset-then-reuse-values", .kind = CT_FLAG_BOOL, .dest = &reset_reuse,
                            .usage = "when upgrading, reset the values to the chart's, then apply the last release's values and overrides"};
    flags[nf++] = (ct_flag){.name = "history-max", .kind = CT_FLAG_INT, .dest = &history_max,
                            .usage = "limit the maximum number of revisions saved per release. Use 0 for no limit", .def_text = "10"};
    flags[nf++] = (ct_flag){.name = "force", .kind = CT_FLAG_BOOL, .dest = &force,
                            .usage = "force resource updates through a replacement strategy"};
  } else {
    flags[nf++] = (ct_flag){.name = "skip-crds", .kind = CT_FLAG_BOOL, .dest = &skip_crds,
                            .usage = "if set, no CRDs will be installed. By default, CRDs are installed if not already present"};
    flags[nf++] = (ct_flag){.name = "replace", .kind = CT_FLAG_BOOL, .dest = &replace,
                            .usage = "reuse the given name, only if that name is a deleted release which remains in the history"};
    flags[nf++] = (ct_flag){.name = "generate-name", .shorthand = 'g', .kind = CT_FLAG_BOOL, .dest = &generate,
                            .usage = "generate the name (and omit the NAME parameter)"};
  }
  ct_cmd_def cmd = {
      .path = upgrade ? "chartctl upgrade" : "chartctl install",
      .args_use = upgrade ? "[RELEASE] [CHART]" : "[NAME] [CHART]",
      .short_desc = upgrade ? "upgrade a release" : "install a chart",
      .long_desc = upgrade ? "This command upgrades a release to a new version of a chart.\n\n"
                             "The upgrade arguments must be a release and chart. Values are merged as with install.\n"
                             "Staged rollouts: see 'chartctl rollout --help' (--canary, --steps, --strategy)."
                           : "This command installs a chart archive or directory as a new release.\n\n"
                             "Values come from -f/--values files and --set* flags, later ones winning.",
      .flags = flags,
      .nflags = nf,
  };
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = upgrade ? ct_cli_require_exact(&cmd, &pos, 2) : (generate ? ct_cli_require_exact(&cmd, &pos, 1) : ct_cli_require_min(&cmd, &pos, 2));
  if (rc != CT_CLI_OK) {
    ct_cli_args_dispose(&pos);
    ct_cli_flags_dispose(&cmd);
    return rc == CT_CLI_HELP ? 0 : 1;
  }
  char genname[64];
  const char *name, *chart;
  if (generate) {
    snprintf(genname, sizeof genname, "chart-%ld", (long)time(NULL));
    name = genname;
    chart = pos.items[0];
  } else {
    name = pos.items[0];
    chart = pos.items[1];
  }
  int status = 1;
  json_t *values = ct_rel_values_merge(&vals);
  if (!values) goto out;
  ct_rel_env env;
  if (ct_rel_env_open(&env, false)) {
    json_decref(values);
    goto out;
  }
  /* Helm's --dry-run values: none/false (none), client/true, server */
  bool dry = false, dry_server = false;
  if (dry_run && *dry_run && strcmp(dry_run, "none") && strcmp(dry_run, "false")) {
    if (!strcmp(dry_run, "client") || !strcmp(dry_run, "true")) dry = true;
    else if (!strcmp(dry_run, "server")) dry = dry_server = true;
    else {
      ct_cli_errorf("%sInvalid dry-run flag. Flag must one of the following: false, true, none, client, server",
                    upgrade ? "" : "INSTALLATION FAILED: ");
      json_decref(values);
      ct_rel_env_close(&env);
      goto out;
    }
  }
  ct_install_opts o = {.wait = wait || atomic, .wait_for_jobs = wait_jobs, .atomic = atomic,
                       .dry_run = dry, .dry_run_server = dry_server, .no_hooks = no_hooks,
                       .create_namespace = create_ns, .replace = replace, .skip_crds = skip_crds, .take_ownership = take, .timeout_s = timeout,
                       .description = description, .history_max = history_max, .install = install, .force = force,
                       .reuse_values = reuse, .reset_values = reset, .reset_then_reuse_values = reset_reuse};
  json_t *rel = NULL;
  /* upgrade --install of a release that does not exist (or was uninstalled) is helm's
   * runInstall: announced on table output, its errors not wrapped */
  bool installing = false;
  if (upgrade && install) {
    json_t *last = NULL;
    int lrc = ct_store_last(env.store, name, &last);
    installing = lrc == CT_ENOTFOUND || (lrc == CT_OK && !strcmp(ct_release_status(last), "uninstalled"));
    json_decref(last);
    if (installing && !strcmp(output, "table")) {
      printf("Release \"%s\" does not exist. Installing it now.\n", name);
      fflush(stdout);
    }
  }
  if (upgrade) rc = ct_action_upgrade(&rel, &env.cfg, name, chart, values, &o);
  else rc = ct_action_install(&rel, &env.cfg, name, chart, values, &o);
  if (rc) {
    /* helm wraps every failure of the action: "INSTALLATION FAILED: ..." / "UPGRADE FAILED: ..." */
    const char *msg = ct_error_last(), *pre = upgrade ? "UPGRADE FAILED: " : "INSTALLATION FAILED: ";
    bool wrapped = !strncmp(msg, "INSTALLATION FAILED: ", 21) || !strncmp(msg, "UPGRADE FAILED: ", 16) ||
                   !strncmp(msg, "an error occurred while", 23);
    if (installing) ct_cli_errorf("%s", !strncmp(msg, "INSTALLATION FAILED: ", 21) ? msg + 21 : msg);
    else ct_cli_errorf("%s%s", wrapped ? "" : pre, msg);
  } else if (strcmp(output, "table")) {
    status = ct_rel_print_as(rel, output);
  } else {
    if (upgrade && ct_release_version(rel) > 1) printf("Release \"%s\" has been upgraded. Happy Helming!\n", name);
    ct_rel_print_status(rel, true);
    status = 0;
  }
  json_decref(rel);
  json_decref(values);
  ct_rel_env_close(&env);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}

int ct_cmd_install(int argc, char **argv) { return run(argc, argv, false); }

int ct_cmd_upgrade(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--")) break;
    if (!strncmp(argv[i], "--canary", 8) || !strncmp(argv[i], "--steps", 7) || !strncmp(argv[i], "--strategy", 10)) {
      if (ct_cli_rollout_upgrade) return ct_cli_rollout_upgrade(argc, argv);
      return ct_cli_errorf("staged rollouts are not available in this build");
    }
  }
  return run(argc, argv, true);
}
