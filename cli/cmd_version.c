/* cmd_version.c — `chartctl version`: chartctl's build information, --short, and --template
 * (a Go template over the BuildInfo fields, as helm version --template). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "version_tpl.h"

#ifndef CT_GIT_COMMIT
#define CT_GIT_COMMIT ""
#endif
#ifndef CT_GIT_TREE_STATE
#define CT_GIT_TREE_STATE ""
#endif

#if defined(__clang__)
#define CT_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define CT_COMPILER "gcc " __VERSION__
#else
#define CT_COMPILER "cc"
#endif

int ct_cmd_version(int argc, char **argv) {
  bool short_ = false;
  const char *tmpl = NULL;
  ct_flag flags[] = {
      {.name = "short", .kind = CT_FLAG_BOOL, .dest = &short_, .usage = "print the version number"},
      {.name = "template", .kind = CT_FLAG_STRING, .dest = &tmpl,
       .usage = "template for version string format"},
  };
  ct_cmd_def cmd = {
      .path = "chartctl version",
      .short_desc = "print the client version information",
      .long_desc = "Show the version for chartctl.\n\n"
                   "This will print a representation of the version of chartctl.\n"
                   "The output will look something like this:\n\n"
                   "version.BuildInfo{Version:\"v0.1.0\", GitCommit:\"ff52399e51bb880526e9cd0ed8386f6433b74da1\", "
                   "GitTreeState:\"clean\", GoVersion:\"gcc 12.2.0\"}\n\n"
                   "- Version is the semantic version of the release.\n"
                   "- GitCommit is the SHA for the commit that this version was built from.\n"
                   "- GitTreeState is \"clean\" if there are no local code changes when this binary was\n"
                   "  built, and \"dirty\" if the binary was built from locally modified code.\n"
                   "- GoVersion is the compiler chartctl was built with (kept under Helm's name so\n"
                   "  --template strings written for helm work).",
      .flags = flags,
      .nflags = sizeof flags / sizeof flags[0],
  };
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_none(&cmd, &pos);
  ct_cli_args_dispose(&pos);
  if (rc != CT_CLI_OK) return rc == CT_CLI_HELP ? 0 : 1;

  const char *commit = CT_GIT_COMMIT;
  if (tmpl) {
    /* helm: the template wins over --short */
    return ct_cli__version_template(tmpl, CT_CLI_VERSION, commit, CT_GIT_TREE_STATE, CT_COMPILER);
  }
  if (short_) {
    if (strlen(commit) >= 7)
      printf("%s+g%.7s\n", CT_CLI_VERSION, commit);
    else
      printf("%s\n", CT_CLI_VERSION);
    return 0;
  }
  printf("version.BuildInfo{Version:\"%s\", GitCommit:\"%s\", GitTreeState:\"%s\", GoVersion:\"%s\"}\n",
         CT_CLI_VERSION, commit, CT_GIT_TREE_STATE, CT_COMPILER);
  return 0;
}
