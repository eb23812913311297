/* cmd_uninstall.c — `chartctl uninstall RELEASE...`: pre/post-delete hooks, deletion of the
 * release's objects, records removed (or kept with --keep-history). */
#include <stdio.h>
#include <string.h>

#include "chartctl/errors.h"
#include "release_common.h"

int ct_cmd_uninstall(int argc, char **argv) {
  bool keep = false, no_hooks = false, wait = false, dry_run = false;
  double timeout = 300;
  const char *description = NULL;
  ct_flag flags[] = {
      {.name = "keep-history", .kind = CT_FLAG_BOOL, .dest = &keep, .usage = "remove all associated resources and mark the release as deleted, but retain the release history"},
      {.name = "no-hooks", .kind = CT_FLAG_BOOL, .dest = &no_hooks, .usage = "prevent hooks from running during uninstallation"},
      {.name = "wait", .kind = CT_FLAG_BOOL, .dest = &wait, .usage = "if set, will wait until all the resources are deleted before returning"},
      {.name = "dry-run", .kind = CT_FLAG_BOOL, .dest = &dry_run, .usage = "simulate a uninstall"},
      {.name = "timeout", .kind = CT_FLAG_DURATION, .dest = &timeout, .usage = "time to wait for any individual Kubernetes operation", .def_text = "5m0s"},
      {.name = "description", .kind = CT_FLAG_STRING, .dest = &description, .usage = "add a custom description"},
  };
  ct_cmd_def cmd = {.path = "chartctl uninstall", .args_use = "RELEASE_NAME [...]", .short_desc = "uninstall a release",
                    .long_desc = "This command takes a release name and uninstalls the release.\n\n"
                                 "It removes all of the resources associated with the last release of the chart\n"
                                 "as well as the release history, freeing it up for future use.",
                    .aliases = "uninstall, del, delete, un", .flags = flags, .nflags = sizeof flags / sizeof flags[0]};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_min(&cmd, &pos, 1);
  int status = 1;
  if (rc != CT_CLI_OK) {
    status = rc == CT_CLI_HELP ? 0 : 1;
    goto out;
  }
  ct_rel_env env;
  if (ct_rel_env_open(&env, false)) goto out;
  status = 0;
  for (size_t i = 0; i < pos.len; i++) {
    json_t *rel = NULL;
    if (dry_run) {
      if (ct_store_last(env.store, pos.items[i], &rel)) {
        ct_cli_errorf("uninstall: Release not loaded: %s: release: not found", pos.items[i]);
        status = 1;
        break;
      }
    } else if (ct_action_uninstall(&rel, &env.cfg, pos.items[i], keep, no_hooks, wait, timeout)) {
      ct_cli_errorf("%s", ct_error_last());
      status = 1;
      break;
    }
    printf("release \"%s\" uninstalled\n", pos.items[i]);
    json_decref(rel);
  }
  ct_rel_env_close(&env);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
