/* main.c — chartctl's entry point: the command table, finding the command word among global
 * flags as cobra does, root help, "help VERB", and the unknown-command error. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "front.h"

static const ct_command table[] = {
    {"completion", NULL, "generate autocompletion scripts for the specified shell", ct_cmd_completion},
    {"create", NULL, "create a new chart with the given name", ct_cmd_create},
    {"dependency", "dep, dependencies", "manage a chart's dependencies", ct_cmd_dependency},
    {"get", NULL, "download extended information of a named release", ct_cmd_get},
    {"history", "hist", "fetch release history", ct_cmd_history},
    {"install", NULL, "install a chart", ct_cmd_install},
    {"lint", NULL, "examine a chart for possible issues", ct_cmd_lint},
    {"list", "ls", "list releases", ct_cmd_list},
    {"package", NULL, "package a chart directory into a chart archive", ct_cmd_package},
    {"pull", "fetch", "download a chart from a repository and (optionally) unpack it in local directory",
     ct_cmd_pull},
    {"repo", NULL, "add, list, remove, update, and index chart repositories", ct_cmd_repo},
    {"rollback", NULL, "roll back a release to a previous revision", ct_cmd_rollback},
    {"rollout", NULL, "run staged canary and blue/green rollouts of a release", ct_cmd_rollout},
    {"scaffold", NULL, "interactively scaffold a new service chart", ct_cmd_scaffold},
    {"search", NULL, "search for a keyword in charts", ct_cmd_search},
    {"show", "inspect", "show information of a chart", ct_cmd_show},
    {"status", NULL, "display the status of the named release", ct_cmd_status},
    {"template", NULL, "locally render templates", ct_cmd_template},
    {"test", NULL, "run tests for a release", ct_cmd_test},
    {"uninstall", "un, delete, del", "uninstall a release", ct_cmd_uninstall},
    {"upgrade", NULL, "upgrade a release", ct_cmd_upgrade},
    {"version", NULL, "print the client version information", ct_cmd_version},
};

const ct_command *ct_commands(unsigned *n) {
  *n = sizeof table / sizeof table[0];
  return table;
}

static const ct_command *lookup(const char *name) {
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    const ct_command *c = &table[i];
    if (!strcmp(c->name, name)) return c;
    for (const char *p = c->aliases; p && *p;) {
      while (*p == ',' || *p == ' ') p++;
      const char *e = p;
      while (*e && *e != ',') e++;
      if ((size_t)(e - p) == strlen(name) && !strncmp(p, name, e - p)) return c;
      p = e;
    }
  }
  return NULL;
}

static ct_subcmd_info root_subs[sizeof table / sizeof table[0] + 1];

static ct_cmd_def root = {
    .path = "chartctl",
    .short_desc = "The Helm-compatible chart tool",
    .long_desc = "The Helm-compatible chart tool, written in C.\n\n"
                 "Common actions for chartctl:\n\n"
                 "- chartctl template: render a chart's templates locally\n"
                 "- chartctl install:  install a chart into Kubernetes\n"
                 "- chartctl rollout:  roll a release out in canary or blue/green stages\n"
                 "- chartctl scaffold: create a new service chart interactively\n\n"
                 "Environment variables are Helm's: $HELM_NAMESPACE, $HELM_KUBECONTEXT, "
                 "$KUBECONFIG,\n$HELM_DEBUG, $HELM_CACHE_HOME, $HELM_CONFIG_HOME, "
                 "$HELM_DATA_HOME...",
};

static void fill_root_subs(void) {
  size_t k = 0;
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    if (!table[i].fn) continue;
    root_subs[k].name = table[i].name;
    root_subs[k].short_desc = table[i].short_desc;
    k++;
  }
  root.subs = root_subs;
  root.nsubs = k;
}

/* Index of the first argument that is not a flag or a global flag's value; -1 if none. */
static int find_verb(int argc, char **argv) {
  size_t ng;
  ct_flag *g = ct_cli_global_flags(&ng);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) return i + 1 < argc ? i + 1 : -1;
    if (a[0] != '-' || !a[1]) return i;
    if (strchr(a, '=')) continue;
    for (size_t k = 0; k < ng; k++) {
      if (g[k].kind == CT_FLAG_BOOL || g[k].kind == CT_FLAG_STRING_OPT) continue;
      if ((a[1] == '-' && !strcmp(a + 2, g[k].name)) || (a[1] == g[k].shorthand && !a[2])) {
        i++;
        break;
      }
    }
  }
  return -1;
}

static int run(int argc, char **argv) {
  fill_root_subs();
  int at = find_verb(argc, argv);
  if (at < 0) {
    /* no command: root flags only; help unless an error */
    ct_strv pos = {0};
    int rc = ct_cli_parse(&root, argc, argv, &pos);
    ct_cli_args_dispose(&pos);
    if (rc == CT_CLI_ERR) return 1;
    if (rc == CT_CLI_OK) ct_cli_help(&root);
    return 0;
  }
  const char *verb = argv[at];
  if (!strcmp(verb, "help")) {
    /* "chartctl help VERB" = "chartctl VERB --help" */
    int next = -1;
    for (int i = at + 1; i < argc; i++)
      if (argv[i][0] != '-') {
        next = i;
        break;
      }
    const ct_command *c = next >= 0 ? lookup(argv[next]) : NULL;
    if (next >= 0 && (!c || !c->fn)) {
      fprintf(stderr, "Unknown help topic [`%s`]\n", argv[next]);
      ct_cli_help(&root);
      return 0;
    }
    if (!c) {
      ct_cli_help(&root);
      return 0;
    }
    char *hv[] = {argv[next], "--help", NULL};
    return c->fn(2, hv);
  }
  const ct_command *c = lookup(verb);
  if (!c || !c->fn) {
    fprintf(stderr, "Error: unknown command \"%s\" for \"chartctl\"\nRun 'chartctl --help' for usage.\n",
            verb);
    return 1;
  }
  ct_front_command(c->name);
  char **nv = malloc(sizeof *nv * (argc + 1));
  if (!nv) abort();
  int k = 0;
  nv[k++] = argv[at];
  for (int i = 1; i < argc; i++)
    if (i != at) nv[k++] = argv[i];
  nv[k] = NULL;
  int rc = c->fn(k, nv);
  free(nv);
  return rc;
}

int main(int argc, char **argv) {
  setlocale(LC_ALL, "C");
  ct_front_start(argc, argv);
  ct_cli_globals_init();
  int rc = run(argc, argv);
  ct_cli_globals_dispose();
  fflush(stdout);
  if (ferror(stdout)) rc = rc ? rc : 1;
  return rc;
}
