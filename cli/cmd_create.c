/* cmd_create.c — `chartctl create NAME`: Helm's `helm create`, whose starter is a service chart
 * ready for rollouts (written by the scaffold library's starter). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ct_scaffold.h"

int ct_cmd_create(int argc, char **argv) {
  ct_cmd_def cmd = {
      .path = "chartctl create",
      .args_use = "NAME",
      .short_desc = "create a new chart with the given name",
      .long_desc =
          "This command creates a chart directory along with the common files and\n"
          "directories used in a chart: a Deployment with liveness and readiness probes and\n"
          "a rolling-update strategy, a Service, a service-checker test hook and the values\n"
          "they read (replicas, image, ports, probes, resources).\n\n"
          "'chartctl create foo' creates the folder foo; the chart is named after its last\n"
          "path component.",
  };
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_exact(&cmd, &pos, 1);
  if (rc != CT_CLI_OK) {
    ct_cli_args_dispose(&pos);
    return rc == CT_CLI_HELP ? 0 : 1;
  }
  const char *path = pos.items[0];
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/')
    n--;
  char *dir = strndup(path, n);
  ct_cli_args_dispose(&pos);
  if (!dir) return ct_cli_errorf("out of memory");
  const char *slash = strrchr(dir, '/');
  const char *name = slash ? slash + 1 : dir;
  printf("Creating %s\n", dir);
  rc = ct_scaffold_starter_write(dir, name, stderr);
  if (rc) rc = ct_cli_errorf("%s", ct_error_last());
  free(dir);
  return rc;
}
