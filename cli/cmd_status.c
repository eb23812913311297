/* cmd_status.c — `chartctl status RELEASE` (--revision, -o): Helm's status block, plus an
 * explanation when the last operation was interrupted (a pending-* record). */
#include <stdio.h>
#include <string.h>

#include "chartctl/errors.h"
#include "release_common.h"

int ct_cmd_status(int argc, char **argv) {
  int revision = 0;
  const char *output = "table";
  bool show_desc = false;
  ct_flag flags[] = {
      {.name = "revision", .kind = CT_FLAG_INT, .dest = &revision, .usage = "if set, display the status of the named release with revision"},
      {.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output, .usage = "prints the output in the specified format. Allowed values: table, json, yaml", .def_text = "table"},
      {.name = "show-desc", .kind = CT_FLAG_BOOL, .dest = &show_desc, .usage = "if set, display the description message of the named release"},
  };
  ct_cmd_def cmd = {.path = "chartctl status", .args_use = "RELEASE_NAME", .short_desc = "display the status of the named release",
                    .long_desc = "This command shows the status of a named release.", .flags = flags,
                    .nflags = sizeof flags / sizeof flags[0]};
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
  json_t *rel = NULL;
  rc = revision > 0 ? env.store->ops->get(env.store, pos.items[0], revision, &rel) : ct_store_last(env.store, pos.items[0], &rel);
  if (rc) ct_cli_errorf("%s", ct_error_last());
  else if (strcmp(output, "table")) {
    json_object_del(rel, "chart"); /* helm status strips the chart from its output */
    json_t *cfg = json_object_get(rel, "config"); /* a Go map: encoding/json sorts its keys */
    if (cfg) json_object_set_new(rel, "config", ct_action_sorted_copy(cfg));
    status = ct_rel_print_as(rel, output);
  }
  else {
    ct_rel_print_status_ex(rel, true, false, show_desc);
    const char *st = ct_release_status(rel);
    if (!strncmp(st, "pending-", 8))
      printf("\nThe last operation (%s) did not finish: it is still running elsewhere, or it was interrupted.\n"
             "If nothing is running, `chartctl rollback %s` restores the last deployed revision.\n",
             st + 8, pos.items[0]);
    status = 0;
  }
  json_decref(rel);
  ct_rel_env_close(&env);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
