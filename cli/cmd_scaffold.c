/* cmd_scaffold.c — `chartctl scaffold {create,update,vendor}`: flags parsed with the CLI
 * framework, the work done by the scaffold library (charts-scaffold). */
#include <stdio.h>

#include "cli.h"
#include "ct_scaffold.h"

static int scaffold_create(int argc, char **argv) {
  const char *scaffold = NULL, *modules = NULL, *charts_dir = "charts", *name = NULL;
  const char *preset = NULL, *answers = NULL, *cache_dir = NULL;
  ct_strv set = {0}, comps = {0};
  bool force = false;
  ct_flag flags[] = {
      {.name = "scaffold",
       .kind = CT_FLAG_STRING,
       .dest = &scaffold,
       .usage = "the scaffold model: DIR or GITURL[@REF][//PATH]",
       .def_text = "_scaffold/service"},
      {.name = "modules",
       .kind = CT_FLAG_STRING,
       .dest = &modules,
       .usage = "the modules folder, DIR or GITURL[@REF][//PATH] (default: modules beside the model's repository root)"},
      {.name = "charts-dir",
       .kind = CT_FLAG_STRING,
       .dest = &charts_dir,
       .usage = "where the new chart is created",
       .def_text = "charts"},
      {.name = "name", .kind = CT_FLAG_STRING, .dest = &name, .usage = "the chart name"},
      {.name = "preset",
       .kind = CT_FLAG_STRING,
       .dest = &preset,
       .usage = "components and answers from a preset (name or YAML file)"},
      {.name = "answers",
       .kind = CT_FLAG_STRING,
       .dest = &answers,
       .usage = "answers from a YAML file (question id: answer)"},
      {.name = "set-answer",
       .kind = CT_FLAG_STRING_ARRAY,
       .dest = &set,
       .usage = "an answer as id=value (can be repeated)"},
      {.name = "component",
       .kind = CT_FLAG_STRING_ARRAY,
       .dest = &comps,
       .usage = "select a component without asking (can be repeated)"},
      {.name = "cache-dir",
       .kind = CT_FLAG_STRING,
       .dest = &cache_dir,
       .usage = "where git models are cloned"},
      {.name = "force",
       .kind = CT_FLAG_BOOL,
       .dest = &force,
       .usage = "replace an existing chart folder"},
  };
  ct_cmd_def cmd = {
      .path = "chartctl scaffold create",
      .args_use = "[NAME]",
      .short_desc = "create a new service chart from a scaffold model",
      .long_desc =
          "Create a new service chart from a scaffold model (questions, components, presets,\n"
          "skeleton) and a folder of versioned template modules, asking the chart name, the\n"
          "components and the questions they need. Same as create_new_service.",
      .flags = flags,
      .nflags = sizeof flags / sizeof flags[0],
  };
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_max(&cmd, &pos, 1);
  if (rc == CT_CLI_OK) {
    ct_sc_create_opts o = {.scaffold = scaffold,
                           .modules = modules,
                           .charts_dir = charts_dir,
                           .name = pos.len ? pos.items[0] : name,
                           .preset = preset,
                           .answers_file = answers,
                           .cache_dir = cache_dir,
                           .set_answers = (const char *const *)set.items,
                           .nset_answers = set.len,
                           .components = (const char *const *)comps.items,
                           .ncomponents = comps.len,
                           .force = force};
    rc = ct_scaffold_create_service(&o, stdin, stdout);
  } else {
    rc = rc == CT_CLI_HELP ? 0 : 1;
  }
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return rc;
}

static int scaffold_vendor_or_update(int argc, char **argv, bool update) {
  const char *modules = NULL;
  bool force = false, no_bump = false;
  ct_flag flags[] = {
      {.name = "modules",
       .kind = CT_FLAG_STRING,
       .dest = &modules,
       .usage = "the modules folder (default: the nearest modules folder above the chart)"},
      {.name = "force",
       .shorthand = 'f',
       .kind = CT_FLAG_BOOL,
       .dest = &force,
       .usage = "re-resolve package.json even when package.lock is current",
       .hidden = update},
      {.name = "no-version-bump",
       .shorthand = 'b',
       .kind = CT_FLAG_BOOL,
       .dest = &no_bump,
       .usage = "do not raise the chart version when vendored files change"},
  };
  ct_cmd_def cmd = {
      .path = update ? "chartctl scaffold update" : "chartctl scaffold vendor",
      .args_use = "CHART",
      .short_desc = update ? "update a chart's modules to the newest compatible patch versions"
                           : "vendor a chart's modules from package.json/package.lock",
      .flags = flags,
      .nflags = sizeof flags / sizeof flags[0],
  };
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_exact(&cmd, &pos, 1);
  if (rc == CT_CLI_OK)
    rc = ct_scaffold_vendor_chart(pos.items[0], modules, update || force, !no_bump, update, stdout);
  else
    rc = rc == CT_CLI_HELP ? 0 : 1;
  ct_cli_args_dispose(&pos);
  return rc;
}

static int scaffold_vendor(int argc, char **argv) {
  return scaffold_vendor_or_update(argc, argv, false);
}
static int scaffold_update(int argc, char **argv) {
  return scaffold_vendor_or_update(argc, argv, true);
}

int ct_cmd_scaffold(int argc, char **argv) {
  static const ct_subcmd_info infos[] = {
      {"create", "create a new service chart from a scaffold model"},
      {"update", "update a chart's modules to the newest compatible patch versions"},
      {"vendor", "vendor a chart's modules from package.json/package.lock"},
  };
  static const ct_subcmd subs[] = {
      {"create", NULL, scaffold_create},
      {"update", NULL, scaffold_update},
      {"vendor", NULL, scaffold_vendor},
  };
  ct_cmd_def cmd = {
      .path = "chartctl scaffold",
      .short_desc = "interactively scaffold a new service chart",
      .long_desc = "Scaffold service charts from a model and versioned template modules, and keep\n"
                   "their vendored modules up to date.",
      .subs = infos,
      .nsubs = sizeof infos / sizeof infos[0],
  };
  return ct_cli_dispatch(&cmd, subs, sizeof subs / sizeof subs[0], argc, argv);
}
