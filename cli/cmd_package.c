/* cmd_package.c — `chartctl package CHART_PATH...` as `helm package`: -d, --version,
 * --app-version, -u/--dependency-update; reproducible NAME-VERSION.tgz archives. */
#include <stdio.h>
#include <stdlib.h>

#include "chartctl/errors.h"
#include "cli.h"
#include "front.h"
#include "repo/repo.h"

int ct_cmd_package(int argc, char **argv) {
  const char *dest = ".", *version = NULL, *app_version = NULL;
  bool dep_update = false;
  ct_flag flags[] = {
      {.name = "app-version", .kind = CT_FLAG_STRING, .dest = &app_version,
       .usage = "set the appVersion on the chart to this version"},
      {.name = "dependency-update", .shorthand = 'u', .kind = CT_FLAG_BOOL, .dest = &dep_update,
       .usage = "update dependencies from \"Chart.yaml\" to dir \"charts/\" before packaging"},
      {.name = "destination", .shorthand = 'd', .kind = CT_FLAG_STRING, .dest = &dest,
       .usage = "location to write the chart.", .def_text = "\".\""},
      {.name = "version", .kind = CT_FLAG_STRING, .dest = &version,
       .usage = "set the version on the chart to this semver version"},
  };
  ct_cmd_def cmd = {
      .path = "chartctl package",
      .args_use = "[CHART_PATH] [...]",
      .short_desc = "package a chart directory into a chart archive",
      .long_desc = "This command packages a chart into a versioned chart archive file. If a path\n"
                   "is given, this will look at that path for a chart (which must contain a\n"
                   "Chart.yaml file) and then package that directory.\n\n"
                   "Versioned chart archives are used by Helm package repositories.\n\n"
                   "The archive is reproducible: the same chart gives the same bytes (entries in\n"
                   "a fixed order, mode 0644, owner 0, mtime SOURCE_DATE_EPOCH or 0).",
      .flags = flags,
      .nflags = sizeof flags / sizeof flags[0],
  };
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc != CT_CLI_OK) {
    ct_cli_args_dispose(&pos);
    return rc == CT_CLI_HELP ? 0 : 1;
  }
  if (dep_update) ct_front_need("libcurl"); /* the update prints before it downloads */
  ct_repo_set_paths(ct_cli_g.repository_config, ct_cli_g.repository_cache);
  if (!pos.len) {
    ct_cli_args_dispose(&pos);
    return ct_cli_errorf("need at least one argument, the path to the chart");
  }
  int status = 0;
  for (size_t i = 0; i < pos.len && !status; i++) {
    ct_repo_package_opts o = {.destination = dest, .version = version, .app_version = app_version,
                               .dependency_update = dep_update, .out = stdout};
    char *path = NULL;
    if (ct_repo_package(&path, pos.items[i], &o) != CT_OK) {
      status = ct_cli_errorf("%s", ct_error_last());
    } else {
      printf("Successfully packaged chart and saved it to: %s\n", path);
    }
    free(path);
  }
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
