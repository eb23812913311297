/* cmd_test.c — `chartctl test RELEASE`: runs the release's test hooks and reports each. */
#include <stdio.h>
#include <string.h>

#include "chartctl/errors.h"
#include "release_common.h"

int ct_cmd_test(int argc, char **argv) {
  double timeout = 300;
  ct_flag flags[] = {
      {.name = "timeout", .kind = CT_FLAG_DURATION, .dest = &timeout, .usage = "time to wait for any individual Kubernetes operation", .def_text = "5m0s"},
  };
  ct_cmd_def cmd = {.path = "chartctl test", .args_use = "[RELEASE]", .short_desc = "run tests for a release",
                    .long_desc = "The test command runs the tests for a release.\n\n"
                                 "The argument this command takes is the name of a deployed release.\n"
                                 "The tests to be run are defined in the chart that was installed.",
                    .flags = flags, .nflags = 1};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_exact(&cmd, &pos, 1);
  int status = 1;
  if (rc != CT_CLI_OK) {
    status = rc == CT_CLI_HELP ? 0 : 1;
    goto out;
  }
  ct_rel_env env;
  if (ct_rel_env_open(&env, false)) goto out;
  json_t *res = NULL;
  rc = ct_action_test(&res, &env.cfg, pos.items[0], timeout);
  json_t *rel = NULL;
  if (ct_store_last(env.store, pos.items[0], &rel) == CT_OK) ct_rel_print_status(rel, false);
  json_decref(rel);
  if (rc) ct_cli_errorf("%s", ct_error_last());
  else status = 0;
  json_decref(res);
  ct_rel_env_close(&env);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
