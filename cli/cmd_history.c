/* cmd_history.c — `chartctl history RELEASE`: Helm's revision table (--max, -o). */
#include <stdio.h>
#include <string.h>

#include "chartctl/errors.h"
#include "release_common.h"

int ct_cmd_history(int argc, char **argv) {
  int max = 256;
  const char *output = "table";
  ct_flag flags[] = {
      {.name = "max", .kind = CT_FLAG_INT, .dest = &max, .usage = "maximum number of revision to include in history", .def_text = "256"},
      {.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output, .usage = "prints the output in the specified format. Allowed values: table, json, yaml", .def_text = "table"},
  };
  ct_cmd_def cmd = {.path = "chartctl history", .args_use = "RELEASE_NAME", .short_desc = "fetch release history",
                    .long_desc = "History prints historical revisions for a given release.", .aliases = "history, hist",
                    .flags = flags, .nflags = sizeof flags / sizeof flags[0]};
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
  json_t *h = NULL;
  if (ct_store_history(env.store, pos.items[0], &h)) ct_cli_errorf("%s", ct_error_last());
  else if (!json_array_size(h)) ct_cli_errorf("release: not found");
  else {
    size_t n = json_array_size(h), from = n > (size_t)max ? n - (size_t)max : 0;
    json_t *rows = json_array(), *items = json_array();
    json_array_append_new(rows, json_pack("[s,s,s,s,s,s]", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "DESCRIPTION"));
    for (size_t i = from; i < n; i++) {
      json_t *r = json_array_get(h, i);
      char rev[16], when[64], chart[256];
      const char *app;
      snprintf(rev, sizeof rev, "%d", ct_release_version(r));
      ct_rel_ansic(when, sizeof when, json_string_value(json_object_get(json_object_get(r, "info"), "last_deployed")));
      ct_rel_chart_label(r, chart, sizeof chart, &app);
      const char *desc = json_string_value(json_object_get(json_object_get(r, "info"), "description"));
      json_array_append_new(rows, json_pack("[s,s,s,s,s,s]", rev, when, ct_release_status(r), chart, app, desc ? desc : ""));
      json_array_append_new(items, json_pack("{s:i,s:s,s:s,s:s,s:s,s:s}", "revision", ct_release_version(r), "updated",
                                             json_string_value(json_object_get(json_object_get(r, "info"), "last_deployed")),
                                             "status", ct_release_status(r), "chart", chart, "app_version", app,
                                             "description", desc ? desc : ""));
    }
    if (!strcmp(output, "table")) {
      ct_rel_print_table(rows, 0);
      status = 0;
    } else {
      status = ct_rel_print_as(items, output);
    }
    json_decref(rows);
    json_decref(items);
  }
  json_decref(h);
  ct_rel_env_close(&env);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
