/* rollout_upgrade.c — `chartctl upgrade NAME CHART --canary 10% | --steps ... | --strategy
 * blue-green`: the staged-rollout form of upgrade (flags, then the rollout engine). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chartctl/errors.h"
#include "release_common.h"
#include "rollout/rollout.h"

int ct_cli_rollout_upgrade(int argc, char **argv) {
  ct_rel_values vals = {0};
  const char *canary = NULL, *steps_s = NULL, *strategy = "canary", *output = "table", *description = NULL, *prom = NULL,
             *query = NULL;
  double step_pause = -1, scale_down = 30, timeout = 300, analysis = 0, pmax = 0, pmin = 0;
  bool auto_promote = false, no_tests = false, no_hooks = false, reuse = false, reset = false, wait = false, wait_ready = false;
  int check_status = 200, history_max = 10;
  ct_strv urls = {0}, openapi = {0};
  const char *openapi_spec = "/?spec";
  ct_flag flags[48];
  size_t nf = 0;
  ct_rel_values_flags(flags, &nf, &vals);
  flags[nf++] = (ct_flag){.name = "canary", .kind = CT_FLAG_STRING, .dest = &canary,
                          .usage = "deploy the new revision beside the stable one with this share of the pods (e.g. 10%), then pause"};
  flags[nf++] = (ct_flag){.name = "steps", .kind = CT_FLAG_STRING, .dest = &steps_s,
                          .usage = "canary weights to go through, e.g. 10%,25%,50%,100%"};
  flags[nf++] = (ct_flag){.name = "step-pause", .kind = CT_FLAG_DURATION, .dest = &step_pause,
                          .usage = "pause after each step this long (default: until `chartctl rollout promote`)"};
  flags[nf++] = (ct_flag){.name = "strategy", .kind = CT_FLAG_STRING, .dest = &strategy, .usage = "canary or blue-green", .def_text = "canary"};
  flags[nf++] = (ct_flag){.name = "auto-promote", .kind = CT_FLAG_BOOL, .dest = &auto_promote,
                          .usage = "go on by itself after passing checks (no manual gates)"};
  flags[nf++] = (ct_flag){.name = "scale-down-delay", .kind = CT_FLAG_DURATION, .dest = &scale_down,
                          .usage = "blue-green: keep the old pods this long after the switch", .def_text = "30s"};
  flags[nf++] = (ct_flag){.name = "timeout", .kind = CT_FLAG_DURATION, .dest = &timeout,
                          .usage = "time to wait for pods to become ready and for hooks", .def_text = "5m0s"};
  flags[nf++] = (ct_flag){.name = "analysis", .kind = CT_FLAG_DURATION, .dest = &analysis,
                          .usage = "how long the canary must stay healthy at each step (checks repeated every 5s)"};
  flags[nf++] = (ct_flag){.name = "check-url", .kind = CT_FLAG_STRING_ARRAY, .dest = &urls,
                          .usage = "HTTP GET this URL at every step; a status other than --check-status aborts (repeatable)"};
  flags[nf++] = (ct_flag){.name = "check-status", .kind = CT_FLAG_INT, .dest = &check_status, .usage = "expected status of --check-url", .def_text = "200"};
  flags[nf++] = (ct_flag){.name = "check-openapi", .kind = CT_FLAG_STRING_ARRAY, .dest = &openapi,
                          .usage = "at every step, run the x-amples examples of the OpenAPI spec of the service at this base URL "
                                   "(as `chartctl test --service-checker`); a failing example aborts (repeatable)"};
  flags[nf++] = (ct_flag){.name = "check-openapi-spec", .kind = CT_FLAG_STRING, .dest = &openapi_spec,
                          .usage = "where the spec of --check-openapi is, relative to its URL", .def_text = "\"/?spec\""};
  flags[nf++] = (ct_flag){.name = "check-prometheus", .kind = CT_FLAG_STRING, .dest = &prom, .usage = "Prometheus base URL for --query"};
  flags[nf++] = (ct_flag){.name = "query", .kind = CT_FLAG_STRING, .dest = &query, .usage = "PromQL instant query checked at every step"};
  flags[nf++] = (ct_flag){.name = "max", .kind = CT_FLAG_FLOAT, .dest = &pmax, .usage = "abort when the query's value is above this"};
  flags[nf++] = (ct_flag){.name = "min", .kind = CT_FLAG_FLOAT, .dest = &pmin, .usage = "abort when the query's value is below this"};
  flags[nf++] = (ct_flag){.name = "no-tests", .kind = CT_FLAG_BOOL, .dest = &no_tests, .usage = "do not run the release's test hooks at each step"};
  flags[nf++] = (ct_flag){.name = "no-hooks", .kind = CT_FLAG_BOOL, .dest = &no_hooks, .usage = "prevent pre/post-upgrade hooks from running"};
  flags[nf++] = (ct_flag){.name = "reuse-values", .kind = CT_FLAG_BOOL, .dest = &reuse,
                          .usage = "when upgrading, reuse the last release's values and merge in any overrides"};
  flags[nf++] = (ct_flag){.name = "reset-values", .kind = CT_FLAG_BOOL, .dest = &reset,
                          .usage = "when upgrading, reset the values to the ones built into the chart"};
  flags[nf++] = (ct_flag){.name = "history-max", .kind = CT_FLAG_INT, .dest = &history_max,
                          .usage = "limit the maximum number of revisions saved per release. Use 0 for no limit", .def_text = "10"};
  flags[nf++] = (ct_flag){.name = "description", .kind = CT_FLAG_STRING, .dest = &description, .usage = "add a custom description"};
  flags[nf++] = (ct_flag){.name = "wait", .kind = CT_FLAG_BOOL, .dest = &wait, .usage = "accepted for helm compatibility: rollouts always wait"};
  flags[nf++] = (ct_flag){.name = "wait-ready", .kind = CT_FLAG_BOOL, .dest = &wait_ready, .usage = "accepted: rollouts always wait for readiness"};
  flags[nf++] = (ct_flag){.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output,
                          .usage = "events as: table (lines, or a live view on a terminal), json (one event per line)", .def_text = "table"};
  ct_cmd_def cmd = {.path = "chartctl upgrade", .args_use = "[RELEASE] [CHART]", .short_desc = "upgrade a release with a staged rollout",
                    .long_desc = "Upgrades a release gradually: --canary W or --steps W1,W2,... (canary by pod share, with analysis at\n"
                                 "every step), or --strategy blue-green. See docs/rollouts.md and 'chartctl rollout --help'.",
                    .flags = flags, .nflags = nf};
  ct_strv pos = {0};
  int status = 1, *steps = NULL;
  size_t nsteps = 0;
  ct_rollout_check_url *cu = NULL;
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_exact(&cmd, &pos, 2);
  if (rc != CT_CLI_OK) {
    status = rc == CT_CLI_HELP ? 0 : 1;
    goto out;
  }
  if (strcmp(strategy, "canary") && strcmp(strategy, "blue-green")) {
    ct_cli_errorf("unknown --strategy \"%s\": want canary or blue-green", strategy);
    goto out;
  }
  if (!strcmp(strategy, "blue-green") && (canary || steps_s)) {
    ct_cli_errorf("--canary and --steps are for --strategy canary");
    goto out;
  }
  if (canary && steps_s) {
    ct_cli_errorf("give either --canary or --steps, not both");
    goto out;
  }
  if (canary) {
    double w;
    if (ct_rollout_parse_percent(canary, &w)) {
      ct_cli_errorf("--canary: %s", ct_error_last());
      goto out;
    }
    steps = calloc(1, sizeof *steps);
    steps[0] = (int)(w + 0.999999);
    nsteps = 1;
  } else if (steps_s && ct_rollout_parse_steps(steps_s, &steps, &nsteps)) {
    ct_cli_errorf("%s", ct_error_last());
    goto out;
  } else if (!steps_s && strcmp(strategy, "blue-green")) {
    ct_cli_errorf("--strategy canary needs --canary W or --steps W1,W2,...");
    goto out;
  }
  if ((prom != NULL) != (query != NULL)) {
    ct_cli_errorf("--check-prometheus and --query go together");
    goto out;
  }
  if (prom && !ct_cli_changed(&cmd, "max") && !ct_cli_changed(&cmd, "min")) {
    ct_cli_errorf("--check-prometheus needs --max and/or --min");
    goto out;
  }
  if (strcmp(output, "table") && strcmp(output, "json")) {
    ct_cli_errorf("invalid output format \"%s\": want table or json", output);
    goto out;
  }
  for (size_t i = 0; i < openapi.len; i++) {
    const char *u = openapi.items[i];
    if (strncmp(u, "http://", 7) && strncmp(u, "https://", 8)) {
      ct_cli_errorf("--check-openapi \"%s\": want an http:// or https:// base URL", u);
      goto out;
    }
    if (strchr(u, '#')) {
      ct_cli_errorf("--check-openapi \"%s\": a base URL has no #fragment", u);
      goto out;
    }
  }
  cu = calloc(urls.len + 1, sizeof *cu);
  for (size_t i = 0; i < urls.len; i++) cu[i] = (ct_rollout_check_url){.url = urls.items[i], .status = check_status};
  json_t *values = ct_rel_values_merge(&vals);
  if (!values) goto out;
  ct_rel_env env;
  if (ct_rel_env_open(&env, false)) {
    json_decref(values);
    goto out;
  }
  ct_rollout_opts o = {.strategy = strategy, .steps = steps, .nsteps = nsteps, .step_pause_s = ct_cli_changed(&cmd, "step-pause") ? step_pause : -1,
                       .auto_promote = auto_promote, .scale_down_delay_s = scale_down, .timeout_s = timeout, .analysis_s = analysis,
                       .no_tests = no_tests, .no_hooks = no_hooks, .urls = cu, .nurls = urls.len,
                       .openapi = (const char *const *)openapi.items, .nopenapi = openapi.len, .openapi_spec = openapi_spec, .prom_url = prom, .prom_query = query,
                       .prom_max = pmax, .prom_has_max = ct_cli_changed(&cmd, "max"), .prom_min = pmin,
                       .prom_has_min = ct_cli_changed(&cmd, "min"), .description = description, .reuse_values = reuse, .reset_values = reset,
                       .history_max = history_max};
  ct_rollout_ctx ctx = {.cfg = &env.cfg, .stream = stdout,
                        .out = !strcmp(output, "json") ? CT_ROLLOUT_OUT_JSON : isatty(STDOUT_FILENO) ? CT_ROLLOUT_OUT_TTY : CT_ROLLOUT_OUT_LINES};
  rc = ct_rollout_start(&ctx, pos.items[0], pos.items[1], values, &o);
  if (rc < 0) {
    ct_cli_errorf("%s", ct_error_last());
  } else {
    if (ctx.out != CT_ROLLOUT_OUT_JSON) {
      if (rc == CT_ROLLOUT_PAUSED)
        printf("Release \"%s\" rollout paused. Promote with: chartctl rollout promote %s (or abort: chartctl rollout abort %s)\n",
               pos.items[0], pos.items[0], pos.items[0]);
      else printf("Release \"%s\" has been upgraded. Happy Helming!\n", pos.items[0]);
    }
    status = 0;
  }
  json_decref(values);
  ct_rel_env_close(&env);
out:
  free(steps);
  free(cu);
  ct_strv_dispose(&urls);
  ct_strv_dispose(&openapi);
  ct_rel_values_dispose(&vals);
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
