/* cmd_rollout.c — `chartctl rollout status|promote|abort|resume RELEASE`: inspect and steer a
 * staged rollout started by `chartctl upgrade --canary/--steps/--strategy`. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "chartctl/errors.h"
#include "release_common.h"
#include "rollout/rollout.h"

enum { OP_STATUS, OP_PROMOTE, OP_ABORT, OP_RESUME };

static int run(int op, int argc, char **argv) {
  static const char *paths[] = {"chartctl rollout status", "chartctl rollout promote", "chartctl rollout abort", "chartctl rollout resume"};
  static const char *shorts[] = {"show the phase, step, pods and checks of a rollout", "go past the current pause (--full: straight to 100%)",
                                 "stop a rollout: canary/preview removed, stable restored, revision failed",
                                 "continue a rollout whose chartctl stopped (killed, lost connection)"};
  const char *output = "table", *reason = NULL;
  bool full = false;
  ct_flag flags[4];
  size_t nf = 0;
  flags[nf++] = (ct_flag){.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output,
                          .usage = op == OP_STATUS ? "table, json or yaml" : "events as table (lines or live view) or json", .def_text = "table"};
  if (op == OP_PROMOTE) flags[nf++] = (ct_flag){.name = "full", .kind = CT_FLAG_BOOL, .dest = &full, .usage = "skip the remaining steps and pauses"};
  if (op == OP_ABORT) flags[nf++] = (ct_flag){.name = "reason", .kind = CT_FLAG_STRING, .dest = &reason, .usage = "why (recorded in the revision)"};
  ct_cmd_def cmd = {.path = paths[op], .args_use = "RELEASE_NAME", .short_desc = shorts[op], .flags = flags, .nflags = nf};
  ct_strv pos = {0};
  int status = 1;
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_exact(&cmd, &pos, 1);
  if (rc != CT_CLI_OK) {
    status = rc == CT_CLI_HELP ? 0 : 1;
    goto out;
  }
  ct_rel_env env;
  if (ct_rel_env_open(&env, false)) goto out;
  ct_rollout_ctx ctx = {.cfg = &env.cfg, .stream = stdout,
                        .out = !strcmp(output, "json") ? CT_ROLLOUT_OUT_JSON : isatty(STDOUT_FILENO) ? CT_ROLLOUT_OUT_TTY : CT_ROLLOUT_OUT_LINES};
  const char *name = pos.items[0];
  if (op == OP_STATUS) {
    json_t *st = NULL;
    if (ct_rollout_status(&ctx, name, &st)) ct_cli_errorf("%s", ct_error_last());
    else if (strcmp(output, "table")) status = ct_rel_print_as(st, output);
    else {
      ct_rollout_print_status(stdout, st);
      status = 0;
    }
    json_decref(st);
  } else {
    rc = op == OP_PROMOTE ? ct_rollout_promote(&ctx, name, full) : op == OP_ABORT ? ct_rollout_abort(&ctx, name, reason) : ct_rollout_resume(&ctx, name);
    if (rc < 0) ct_cli_errorf("%s", ct_error_last());
    else {
      if (ctx.out != CT_ROLLOUT_OUT_JSON) {
        if (op == OP_ABORT) printf("Rollout of \"%s\" aborted; the stable revision is serving.\n", name);
        else if (rc == CT_ROLLOUT_PAUSED) printf("Rollout of \"%s\" paused. Promote with: chartctl rollout promote %s\n", name, name);
        else printf("Rollout of \"%s\" %s.\n", name, op == OP_PROMOTE ? "promoted" : "resumed");
      }
      status = 0;
    }
  }
  ct_rel_env_close(&env);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}

static int c_status(int argc, char **argv) { return run(OP_STATUS, argc, argv); }
static int c_promote(int argc, char **argv) { return run(OP_PROMOTE, argc, argv); }
static int c_abort(int argc, char **argv) { return run(OP_ABORT, argc, argv); }
static int c_resume(int argc, char **argv) { return run(OP_RESUME, argc, argv); }

int ct_cmd_rollout(int argc, char **argv) {
  static const ct_subcmd subs[] = {{"status", NULL, c_status}, {"promote", NULL, c_promote}, {"abort", NULL, c_abort}, {"resume", NULL, c_resume}};
  static const ct_subcmd_info infos[] = {{"abort", "stop a rollout and restore the stable revision"},
                                         {"promote", "go past the current pause (--full: to 100%)"},
                                         {"resume", "continue a rollout whose chartctl stopped"},
                                         {"status", "show a rollout's phase, pods and checks"}};
  ct_cmd_def parent = {.path = "chartctl rollout", .short_desc = "steer staged rollouts (canary, blue/green)",
                       .long_desc = "Staged rollouts are started by `chartctl upgrade NAME CHART --canary 10%` (or --steps\n"
                                    "10%,50%,100% [--step-pause 2m], or --strategy blue-green). Their state lives in the\n"
                                    "release record, so any chartctl can show, promote, abort or resume them.",
                       .subs = infos, .nsubs = 4};
  return ct_cli_dispatch(&parent, subs, 4, argc, argv);
}
