/* cmd_pull.c — `chartctl pull [repo/chart | URL]` as `helm pull`: --version (SemVer ranges),
 * --devel, --untar/--untardir, -d/--destination, --repo with auth, CA and TLS flags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/errors.h"
#include "cli.h"
#include "repo/repo.h"

int ct_cmd_pull(int argc, char **argv) {
  const char *version = NULL, *dest = ".", *untardir = ".", *repo = NULL;
  const char *user = NULL, *pass = NULL, *ca = NULL, *cert = NULL, *key = NULL;
  bool untar = false, devel = false, insecure = false, passcreds = false, verify = false, prov = false;
  const char *keyring = NULL;
  ct_flag flags[] = {
      {.name = "ca-file", .kind = CT_FLAG_STRING, .dest = &ca,
       .usage = "verify certificates of HTTPS-enabled servers using this CA bundle"},
      {.name = "cert-file", .kind = CT_FLAG_STRING, .dest = &cert,
       .usage = "identify HTTPS client using this SSL certificate file"},
      {.name = "destination", .shorthand = 'd', .kind = CT_FLAG_STRING, .dest = &dest,
       .usage = "location to write the chart. If this and untardir are specified, untardir is appended to this",
       .def_text = "\".\""},
      {.name = "devel", .kind = CT_FLAG_BOOL, .dest = &devel,
       .usage = "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored."},
      {.name = "insecure-skip-tls-verify", .kind = CT_FLAG_BOOL, .dest = &insecure,
       .usage = "skip tls certificate checks for the chart download"},
      {.name = "key-file", .kind = CT_FLAG_STRING, .dest = &key,
       .usage = "identify HTTPS client using this SSL key file"},
      {.name = "keyring", .kind = CT_FLAG_STRING, .dest = &keyring, .usage = "location of public keys used for verification"},
      {.name = "pass-credentials", .kind = CT_FLAG_BOOL, .dest = &passcreds, .usage = "pass credentials to all domains"},
      {.name = "password", .kind = CT_FLAG_STRING, .dest = &pass, .usage = "chart repository password where to locate the requested chart"},
      {.name = "prov", .kind = CT_FLAG_BOOL, .dest = &prov, .usage = "fetch the provenance file, but don't perform verification"},
      {.name = "repo", .kind = CT_FLAG_STRING, .dest = &repo, .usage = "chart repository url where to locate the requested chart"},
      {.name = "untar", .kind = CT_FLAG_BOOL, .dest = &untar, .usage = "if set to true, will untar the chart after downloading it"},
      {.name = "untardir", .kind = CT_FLAG_STRING, .dest = &untardir,
       .usage = "if untar is specified, this flag specifies the name of the directory into which the chart is expanded",
       .def_text = "\".\""},
      {.name = "username", .kind = CT_FLAG_STRING, .dest = &user, .usage = "chart repository username where to locate the requested chart"},
      {.name = "verify", .kind = CT_FLAG_BOOL, .dest = &verify, .usage = "verify the package before using it"},
      {.name = "version", .kind = CT_FLAG_STRING, .dest = &version,
       .usage = "specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used"},
  };
  ct_cmd_def cmd = {
      .path = "chartctl pull",
      .args_use = "[chart URL | repo/chartname] [...]",
      .short_desc = "download a chart from a repository and (optionally) unpack it in local directory",
      .long_desc = "Retrieve a package from a package repository, and download it locally.\n\n"
                   "This is useful for fetching packages to inspect, modify, or repackage. It can\n"
                   "also be used to perform cryptographic verification of a chart without installing\n"
                   "the chart.\n\n"
                   "There are options for unpacking the chart after download. This will create a\n"
                   "directory for the chart and uncompress into that directory.\n\n"
                   "If the --verify flag is specified, the requested chart MUST have a provenance\n"
                   "file, and MUST pass the verification process. Failure in any part of this will\n"
                   "result in an error, and the chart will not be saved locally.",
      .aliases = "pull, fetch",
      .flags = flags,
      .nflags = sizeof flags / sizeof flags[0],
  };
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_min(&cmd, &pos, 1);
  if (rc != CT_CLI_OK) {
    ct_cli_args_dispose(&pos);
    ct_cli_flags_dispose(&cmd);
    return rc == CT_CLI_HELP ? 0 : 1;
  }
  ct_repo_set_paths(ct_cli_g.repository_config, ct_cli_g.repository_cache);
  int status = 0;
  if (verify) status = ct_cli_errorf("--verify is not supported: chartctl does not read provenance files");
  if (devel && (!version || !*version)) version = ">0.0.0-0";
  for (size_t i = 0; i < pos.len && !status; i++) {
    ct_repo_pull_opts o = {.version = version, .destination = dest, .untar = untar, .untardir = untardir,
                           .repo_url = repo,
                           .auth = {user, pass, ca, cert, key, insecure, passcreds}};
    char *saved = NULL;
    if (ct_repo_pull(&saved, pos.items[i], &o) != CT_OK) status = ct_cli_errorf("%s", ct_error_last());
    free(saved);
  }
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
