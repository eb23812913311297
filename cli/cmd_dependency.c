/* cmd_dependency.c — `chartctl dependency list|update|build [CHART]` as `helm dependency`:
 * HTTP repositories, file:// and git+ sources, Chart.lock written and verified. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/errors.h"
#include "cli.h"
#include "repo/repo.h"

enum { DEP_LIST, DEP_UPDATE, DEP_BUILD };

static int dep_cmd(int which, int argc, char **argv) {
  bool skip = false, verify = false;
  const char *keyring = NULL;
  int maxw = 80;
  ct_flag upd_flags[] = {
      {.name = "keyring", .kind = CT_FLAG_STRING, .dest = &keyring, .usage = "keyring containing public keys"},
      {.name = "skip-refresh", .kind = CT_FLAG_BOOL, .dest = &skip, .usage = "do not refresh the local repository cache"},
      {.name = "verify", .kind = CT_FLAG_BOOL, .dest = &verify, .usage = "verify the packages against signatures"},
  };
  ct_flag list_flags[] = {
      {.name = "max-col-width", .kind = CT_FLAG_INT, .dest = &maxw, .usage = "maximum column width for output table", .def_text = "80"},
  };
  static const char *const paths[] = {"chartctl dependency list", "chartctl dependency update", "chartctl dependency build"};
  static const char *const shorts[] = {"list the dependencies for the given chart",
                                       "update charts/ based on the contents of Chart.yaml",
                                       "rebuild the charts/ directory based on the Chart.lock file"};
  static const char *const aliases[] = {"list, ls", "update, up", NULL};
  ct_cmd_def cmd = {.path = paths[which], .args_use = "CHART", .short_desc = shorts[which], .aliases = aliases[which],
                    .flags = which == DEP_LIST ? list_flags : upd_flags,
                    .nflags = which == DEP_LIST ? 1 : sizeof upd_flags / sizeof upd_flags[0]};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_max(&cmd, &pos, 1);
  if (rc != CT_CLI_OK) {
    ct_cli_args_dispose(&pos);
    ct_cli_flags_dispose(&cmd);
    return rc == CT_CLI_HELP ? 0 : 1;
  }
  ct_repo_set_paths(ct_cli_g.repository_config, ct_cli_g.repository_cache);
  const char *chart = pos.len ? pos.items[0] : ".";
  int status = 0;
  if (verify) {
    status = ct_cli_errorf("--verify is not supported: chartctl does not read provenance files");
  } else {
    int r = which == DEP_LIST     ? ct_repo_dep_list(chart, stdout)
            : which == DEP_UPDATE ? ct_repo_dep_update(chart, stdout, skip)
                                  : ct_repo_dep_build(chart, stdout, skip);
    fflush(stdout);
    if (r != CT_OK) status = ct_cli_errorf("%s", ct_error_last());
  }
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}

static int dep_list(int argc, char **argv) { return dep_cmd(DEP_LIST, argc, argv); }
static int dep_update(int argc, char **argv) { return dep_cmd(DEP_UPDATE, argc, argv); }
static int dep_build(int argc, char **argv) { return dep_cmd(DEP_BUILD, argc, argv); }

int ct_cmd_dependency(int argc, char **argv) {
  static const ct_subcmd subs[] = {{"build", NULL, dep_build}, {"list", "ls", dep_list}, {"update", "up", dep_update}};
  static const ct_subcmd_info infos[] = {{"build", "rebuild the charts/ directory based on the Chart.lock file"},
                                         {"list", "list the dependencies for the given chart"},
                                         {"update", "update charts/ based on the contents of Chart.yaml"}};
  ct_cmd_def cmd = {.path = "chartctl dependency", .args_use = "update|build|list",
                    .short_desc = "manage a chart's dependencies", .aliases = "dependency, dep, dependencies",
                    .long_desc = "Manage the dependencies of a chart.\n\n"
                                 "Dependencies are declared in Chart.yaml. A repository is an http(s) URL of a\n"
                                 "chart repository, \"@name\" or \"alias:name\" of a repository added with\n"
                                 "'chartctl repo add', \"file://../dir\" for a chart on disk, or a git source\n"
                                 "\"git+https://host/repo.git@path/to/chart?ref=v1.2.0\" (also git+file:// for a\n"
                                 "local, possibly bare, repository) at a tag, branch or commit.",
                    .subs = infos, .nsubs = 3};
  return ct_cli_dispatch(&cmd, subs, 3, argc, argv);
}
