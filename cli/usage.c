/* usage.c — cobra's help text (usage line, aliases, subcommands, pflag's aligned flag list),
 * Helm's argument-count errors, and dispatch of nested subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *ct_cli_use_line(const ct_cmd_def *cmd) {
  static char line[512];
  snprintf(line, sizeof line, "%s%s%s [flags]", cmd->path, cmd->args_use ? " " : "",
           cmd->args_use ? cmd->args_use : "");
  return line;
}

static const char *type_name(const ct_flag *f) {
  switch (f->kind) {
  case CT_FLAG_BOOL: return "";
  case CT_FLAG_STRING: return "string";
  case CT_FLAG_STRING_OPT: return "string";
  case CT_FLAG_STRING_ARRAY: return "stringArray";
  case CT_FLAG_STRINGS: return "strings";
  case CT_FLAG_STRING_MAP: return "stringToString";
  case CT_FLAG_INT: return "int";
  case CT_FLAG_FLOAT: return "float32";
  case CT_FLAG_DURATION: return "duration";
  }
  return "";
}

static int cmp_flag(const void *a, const void *b) {
  return strcmp((*(const ct_flag *const *)a)->name, (*(const ct_flag *const *)b)->name);
}

/* pflag's FlagUsages: sorted, left column padded to the widest entry plus three spaces. */
static void print_flags(const ct_flag *const *fl, size_t n) {
  char **left = calloc(n ? n : 1, sizeof *left);
  if (!left) abort();
  size_t width = 0;
  for (size_t i = 0; i < n; i++) {
    const ct_flag *f = fl[i];
    char buf[256];
    int k = f->shorthand ? snprintf(buf, sizeof buf, "  -%c, --%s", f->shorthand, f->name)
                         : snprintf(buf, sizeof buf, "      --%s", f->name);
    const char *t = type_name(f);
    if (*t && (size_t)k < sizeof buf) k += snprintf(buf + k, sizeof buf - k, " %s", t);
    if (f->kind == CT_FLAG_STRING_OPT && f->noopt && (size_t)k < sizeof buf)
      snprintf(buf + k, sizeof buf - k, "[=\"%s\"]", f->noopt);
    left[i] = strdup(buf);
    if (!left[i]) abort();
    if (strlen(buf) > width) width = strlen(buf);
  }
  for (size_t i = 0; i < n; i++) {
    printf("%-*s   %s", (int)width, left[i], fl[i]->usage ? fl[i]->usage : "");
    if (fl[i]->def_text) printf(" (default %s)", fl[i]->def_text);
    putchar('\n');
    free(left[i]);
  }
  free(left);
}

void ct_cli_help(const ct_cmd_def *cmd) {
  const char *desc = cmd->long_desc ? cmd->long_desc : cmd->short_desc;
  if (desc && *desc) printf("%s\n\n", desc);
  printf("Usage:\n");
  if (cmd->nsubs)
    printf("  %s [command]\n", cmd->path);
  if (!cmd->nsubs || cmd->args_use)
    printf("  %s\n", ct_cli_use_line(cmd));
  if (cmd->aliases) printf("\nAliases:\n  %s\n", cmd->aliases);
  if (cmd->nsubs) {
    size_t w = 0;
    for (size_t i = 0; i < cmd->nsubs; i++)
      if (strlen(cmd->subs[i].name) > w) w = strlen(cmd->subs[i].name);
    if (w < 11) w = 11;
    printf("\nAvailable Commands:\n");
    for (size_t i = 0; i < cmd->nsubs; i++)
      printf("  %-*s %s\n", (int)w, cmd->subs[i].name, cmd->subs[i].short_desc);
  }
  /* local flags plus -h */
  const ct_flag **fl = calloc(cmd->nflags + 1, sizeof *fl);
  if (!fl) abort();
  size_t n = 0;
  for (size_t i = 0; i < cmd->nflags; i++)
    if (!cmd->flags[i].hidden) fl[n++] = &cmd->flags[i];
  const char *last = strrchr(cmd->path, ' ');
  char helpusage[128];
  snprintf(helpusage, sizeof helpusage, "help for %s", last ? last + 1 : cmd->path);
  ct_flag help = {.name = "help", .shorthand = 'h', .kind = CT_FLAG_BOOL, .usage = helpusage};
  fl[n++] = &help;
  qsort(fl, n, sizeof *fl, cmp_flag);
  printf("\nFlags:\n");
  print_flags(fl, n);
  free(fl);
  if (!cmd->no_globals) {
    size_t ng;
    ct_flag *g = ct_cli_global_flags(&ng);
    const ct_flag **gl = calloc(ng + 1, sizeof *gl);
    if (!gl) abort();
    size_t m = 0;
    for (size_t i = 0; i < ng; i++)
      if (!g[i].hidden) gl[m++] = &g[i];
    qsort(gl, m, sizeof *gl, cmp_flag);
    printf("\nGlobal Flags:\n");
    print_flags(gl, m);
    free(gl);
  }
  if (cmd->nsubs)
    printf("\nUse \"%s [command] --help\" for more information about a command.\n", cmd->path);
}

static int arg_error(const ct_cmd_def *cmd, const char *what, size_t n) {
  if (what)
    ct_cli_errorf("\"%s\" %s %zu argument%s\n\nUsage:  %s", cmd->path, what, n, n == 1 ? "" : "s",
                  ct_cli_use_line(cmd));
  else
    ct_cli_errorf("\"%s\" accepts no arguments\n\nUsage:  %s", cmd->path, ct_cli_use_line(cmd));
  return CT_CLI_ERR;
}

int ct_cli_require_none(const ct_cmd_def *cmd, const ct_strv *pos) {
  return pos->len ? arg_error(cmd, NULL, 0) : CT_CLI_OK;
}
int ct_cli_require_exact(const ct_cmd_def *cmd, const ct_strv *pos, size_t n) {
  return pos->len != n ? arg_error(cmd, "requires", n) : CT_CLI_OK;
}
int ct_cli_require_min(const ct_cmd_def *cmd, const ct_strv *pos, size_t n) {
  return pos->len < n ? arg_error(cmd, "requires at least", n) : CT_CLI_OK;
}
int ct_cli_require_max(const ct_cmd_def *cmd, const ct_strv *pos, size_t n) {
  return pos->len > n ? arg_error(cmd, "accepts at most", n) : CT_CLI_OK;
}

static bool name_matches(const ct_subcmd *s, const char *name) {
  if (!strcmp(s->name, name)) return true;
  for (const char *p = s->aliases; p && *p;) {
    while (*p == ',' || *p == ' ') p++;
    const char *e = p;
    while (*e && *e != ',') e++;
    if ((size_t)(e - p) == strlen(name) && !strncmp(p, name, e - p)) return true;
    p = e;
  }
  return false;
}

int ct_cli_dispatch(ct_cmd_def *parent, const ct_subcmd *subs, size_t nsubs, int argc, char **argv) {
  /* the first non-flag argument names the subcommand (global flags may come first) */
  int at = -1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) break;
    if (a[0] != '-' || !a[1]) {
      at = i;
      break;
    }
    /* skip the value of a global flag given as "--flag value" / "-n value" */
    size_t ng;
    ct_flag *g = ct_cli_global_flags(&ng);
    for (size_t k = 0; k < ng; k++) {
      bool needs = g[k].kind != CT_FLAG_BOOL && g[k].kind != CT_FLAG_STRING_OPT;
      if (!needs) continue;
      if ((a[1] == '-' && !strcmp(a + 2, g[k].name)) || (a[1] == g[k].shorthand && !a[2]))
        i++;
    }
  }
  if (at < 0) {
    ct_strv pos = {0};
    int rc = ct_cli_parse(parent, argc, argv, &pos);
    ct_cli_args_dispose(&pos);
    if (rc == CT_CLI_ERR) return 1;
    if (rc == CT_CLI_OK) ct_cli_help(parent);
    return 0;
  }
  for (size_t i = 0; i < nsubs; i++) {
    if (!name_matches(&subs[i], argv[at])) continue;
    /* argv for the subcommand: its name first, then every other argument in order */
    char **nv = malloc(sizeof *nv * (argc + 1));
    if (!nv) abort();
    int k = 0;
    nv[k++] = argv[at];
    for (int j = 1; j < argc; j++)
      if (j != at) nv[k++] = argv[j];
    nv[k] = NULL;
    int rc = subs[i].fn(k, nv);
    free(nv);
    return rc;
  }
  /* cobra: a parent without Run given an unknown word prints its help */
  ct_strv pos = {0};
  int rc = ct_cli_parse(parent, argc, argv, &pos);
  ct_cli_args_dispose(&pos);
  if (rc == CT_CLI_ERR) return 1;
  if (rc == CT_CLI_OK) ct_cli_help(parent);
  return 0;
}
