/* cmd_completion.c — `chartctl completion bash|zsh`: prints a shell completion script that
 * completes command names, subcommands and each command's flags (read from its --help). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const ct_subcmd_info shells[] = {
    {"bash", "generate autocompletion script for bash"},
    {"zsh", "generate autocompletion script for zsh"},
};

static void print_bash(void) {
  unsigned n;
  const ct_command *c = ct_commands(&n);
  printf("# bash completion for chartctl                             -*- shell-script -*-\n");
  printf("# load with: source <(chartctl completion bash)\n\n");
  printf("__chartctl_commands=\"");
  bool first = true;
  for (unsigned i = 0; i < n; i++) {
    if (!c[i].fn) continue;
    printf("%s%s", first ? "" : " ", c[i].name);
    first = false;
  }
  printf(" help\"\n\n");
  printf(
      "__chartctl_flags()\n"
      "{\n"
      "    # the flags a command accepts, as its --help lists them\n"
      "    \"${COMP_WORDS[0]}\" \"$@\" --help 2>/dev/null |\n"
      "        grep -oE '^ +(-[a-zA-Z], )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+'\n"
      "}\n\n"
      "__chartctl_subcommands()\n"
      "{\n"
      "    \"${COMP_WORDS[0]}\" \"$@\" --help 2>/dev/null |\n"
      "        sed -n '/^Available Commands:/,/^$/p' | sed -n 's/^  \\([a-z][a-z-]*\\) .*/\\1/p'\n"
      "}\n\n"
      "_chartctl()\n"
      "{\n"
      "    local cur words=() i\n"
      "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
      "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "        case \"${COMP_WORDS[i]}\" in\n"
      "            -n|--namespace|--kube-context|--kubeconfig|-f|--values|--set|--set-string|"
      "--set-file|--set-json|--set-literal|--output-dir|-s|--show-only|--kube-version|"
      "-a|--api-versions|--version|-o|--output) ((i++)) ;;\n"
      "            -*) ;;\n"
      "            *) words+=(\"${COMP_WORDS[i]}\") ;;\n"
      "        esac\n"
      "    done\n"
      "    if [[ \"$cur\" == -* ]]; then\n"
      "        COMPREPLY=($(compgen -W \"$(__chartctl_flags \"${words[@]:0:2}\")\" -- \"$cur\"))\n"
      "        return\n"
      "    fi\n"
      "    if ((${#words[@]} == 0)); then\n"
      "        COMPREPLY=($(compgen -W \"$__chartctl_commands\" -- \"$cur\"))\n"
      "        return\n"
      "    fi\n"
      "    local subs\n"
      "    subs=\"$(__chartctl_subcommands \"${words[@]:0:1}\")\"\n"
      "    if [[ -n \"$subs\" ]] && ((${#words[@]} == 1)); then\n"
      "        COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
      "        return\n"
      "    fi\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "}\n\n"
      "complete -o default -F _chartctl chartctl\n");
}

static int shell_cmd(const char *shell, int argc, char **argv) {
  char path[64], desc[128];
  snprintf(path, sizeof path, "chartctl completion %s", shell);
  snprintf(desc, sizeof desc, "Generate the autocompletion script for chartctl for the %s shell.",
           shell);
  ct_cmd_def cmd = {.path = path, .short_desc = desc};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_none(&cmd, &pos);
  ct_cli_args_dispose(&pos);
  if (rc != CT_CLI_OK) return rc == CT_CLI_HELP ? 0 : 1;
  if (!strcmp(shell, "zsh")) {
    printf("#compdef chartctl\n# zsh completion for chartctl (bash completion through bashcompinit)\n"
           "autoload -U +X bashcompinit && bashcompinit\n");
  }
  print_bash();
  return 0;
}

static int cmd_bash(int argc, char **argv) { return shell_cmd("bash", argc, argv); }
static int cmd_zsh(int argc, char **argv) { return shell_cmd("zsh", argc, argv); }

int ct_cmd_completion(int argc, char **argv) {
  ct_cmd_def cmd = {
      .path = "chartctl completion",
      .short_desc = "generate autocompletion scripts for the specified shell",
      .long_desc = "Generate autocompletion scripts for chartctl for the specified shell.",
      .subs = shells,
      .nsubs = sizeof shells / sizeof shells[0],
  };
  static const ct_subcmd subs[] = {{"bash", NULL, cmd_bash}, {"zsh", NULL, cmd_zsh}};
  return ct_cli_dispatch(&cmd, subs, sizeof subs / sizeof subs[0], argc, argv);
}
