/* cmd_get.c — `chartctl get manifest|values|notes|hooks|metadata|all RELEASE` (--revision,
 * values --all and -o), as helm get. */
#include <stdio.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "release_common.h"

static int get_one(const char *what, int argc, char **argv) {
  int revision = 0;
  bool all = false;
  const char *output = "table";
  ct_flag flags[3];
  size_t nf = 0;
  flags[nf++] = (ct_flag){.name = "revision", .kind = CT_FLAG_INT, .dest = &revision, .usage = "get the named release with revision"};
  if (!strcmp(what, "values")) {
    flags[nf++] = (ct_flag){.name = "all", .shorthand = 'a', .kind = CT_FLAG_BOOL, .dest = &all, .usage = "dump all (computed) values"};
    flags[nf++] = (ct_flag){.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output, .usage = "prints the output in the specified format. Allowed values: table, json, yaml", .def_text = "table"};
  }
  char path[64];
  snprintf(path, sizeof path, "chartctl get %s", what);
  ct_cmd_def cmd = {.path = path, .args_use = "RELEASE_NAME", .short_desc = "download a named release", .flags = flags, .nflags = nf};
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
  if (rc) {
    ct_cli_errorf("%s", ct_error_last());
  } else if (!strcmp(what, "manifest")) {
    fputs(json_string_value(json_object_get(rel, "manifest")), stdout);
    status = 0;
  } else if (!strcmp(what, "notes")) {
    const char *n = json_string_value(json_object_get(json_object_get(rel, "info"), "notes"));
    if (n && *n) printf("NOTES:\n%s\n", n);
    status = 0;
  } else if (!strcmp(what, "hooks")) {
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(rel, "hooks"), i, h)
        printf("---\n# Source: %s\n%s\n", json_string_value(json_object_get(h, "path")), json_string_value(json_object_get(h, "manifest")));
    status = 0;
  } else if (!strcmp(what, "values")) {
    json_t *cfg = json_object_get(rel, "config");
    if (all) {
      /* computed values: chart defaults under the user's */
      json_t *merged = json_deep_copy(json_object_get(json_object_get(rel, "chart"), "values"));
      if (!json_is_object(merged)) merged = json_object();
      json_object_update_recursive(merged, cfg);
      if (!strcmp(output, "table")) printf("COMPUTED VALUES:\n");
      status = ct_rel_print_map_as(merged, !strcmp(output, "table") ? "yaml" : output);
      json_decref(merged);
    } else {
      if (!strcmp(output, "table")) printf("USER-SUPPLIED VALUES:\n");
      if (!strcmp(output, "table") && json_object_size(cfg) == 0) {
        printf("null\n");
        status = 0;
      } else {
        status = ct_rel_print_map_as(cfg, !strcmp(output, "table") ? "yaml" : output);
      }
    }
  } else if (!strcmp(what, "metadata")) {
    char chart[256];
    const char *app;
    ct_rel_chart_label(rel, chart, sizeof chart, &app);
    printf("NAME: %s\nCHART: %s\nVERSION: %s\nAPP_VERSION: %s\nNAMESPACE: %s\nREVISION: %d\nSTATUS: %s\nDEPLOYED_AT: %s\n",
           ct_release_name(rel), json_string_value(json_object_get(json_object_get(json_object_get(rel, "chart"), "metadata"), "name")),
           json_string_value(json_object_get(json_object_get(json_object_get(rel, "chart"), "metadata"), "version")), app,
           json_string_value(json_object_get(rel, "namespace")), ct_release_version(rel), ct_release_status(rel),
           json_string_value(json_object_get(json_object_get(rel, "info"), "last_deployed")));
    status = 0;
  } else { /* all */
    ct_rel_print_status(rel, false);
    printf("USER-SUPPLIED VALUES:\n");
    json_t *cfg = json_object_get(rel, "config");
    if (json_object_size(cfg) == 0) printf("null\n");
    else ct_rel_print_as(cfg, "yaml");
    printf("\nHOOKS:\n");
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(rel, "hooks"), i, h)
        printf("---\n# Source: %s\n%s\n", json_string_value(json_object_get(h, "path")), json_string_value(json_object_get(h, "manifest")));
    printf("MANIFEST:\n%s", json_string_value(json_object_get(rel, "manifest")));
    const char *n = json_string_value(json_object_get(json_object_get(rel, "info"), "notes"));
    if (n && *n) printf("\nNOTES:\n%s\n", n);
    status = 0;
  }
  json_decref(rel);
  ct_rel_env_close(&env);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}

static int get_manifest(int argc, char **argv) { return get_one("manifest", argc, argv); }
static int get_values(int argc, char **argv) { return get_one("values", argc, argv); }
static int get_notes(int argc, char **argv) { return get_one("notes", argc, argv); }
static int get_hooks(int argc, char **argv) { return get_one("hooks", argc, argv); }
static int get_metadata(int argc, char **argv) { return get_one("metadata", argc, argv); }
static int get_all(int argc, char **argv) { return get_one("all", argc, argv); }

int ct_cmd_get(int argc, char **argv) {
  static const ct_subcmd subs[] = {
      {"all", NULL, get_all},       {"hooks", NULL, get_hooks},   {"manifest", NULL, get_manifest},
      {"metadata", NULL, get_metadata}, {"notes", NULL, get_notes}, {"values", NULL, get_values},
  };
  static const ct_subcmd_info info[] = {
      {"all", "download all information for a named release"}, {"hooks", "download all hooks for a named release"},
      {"manifest", "download the manifest for a named release"}, {"metadata", "This command fetches metadata for a given release"},
      {"notes", "download the notes for a named release"},       {"values", "download the values file for a named release"},
  };
  ct_cmd_def parent = {.path = "chartctl get", .short_desc = "download extended information of a named release",
                       .long_desc = "This command consists of multiple subcommands which can be used to\nget extended information about the release.",
                       .subs = info, .nsubs = sizeof info / sizeof info[0]};
  return ct_cli_dispatch(&parent, subs, sizeof subs / sizeof subs[0], argc, argv);
}
