/* cmd_search.c — `chartctl search repo [KEYWORD]` as `helm search repo`: cached indexes of
 * the added repositories, -r regexp, -l all versions, --version ranges, --devel, tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "cli.h"
#include "repo/repo.h"

static void jstr(ct_buf *b, const char *s) {
  ct_value v = {.type = CT_STRING};
  v.s.ptr = s;
  v.s.len = strlen(s);
  ct_json_emit(b, &v, NULL, true, NULL);
}

/* output.EncodeJSON / EncodeYAML of []repoChartElement{name, version, app_version, description} */
static void print_structured(const ct_repo_hit *h, size_t n, bool json) {
  ct_buf b = CT_BUF_INIT;
  if (json) {
    ct_buf_putc(&b, '[');
    for (size_t i = 0; i < n; i++) {
      ct_buf_puts(&b, i ? ",{\"name\":" : "{\"name\":");
      jstr(&b, h[i].name);
      ct_buf_puts(&b, ",\"version\":");
      jstr(&b, h[i].version);
      ct_buf_puts(&b, ",\"app_version\":");
      jstr(&b, h[i].app_version);
      ct_buf_puts(&b, ",\"description\":");
      jstr(&b, h[i].description);
      ct_buf_putc(&b, '}');
    }
    ct_buf_puts(&b, "]\n");
  } else {
    ct_arena *a = ct_arena_new();
    ct_value *l = ct_list_new(a, CT_LIST, n);
    for (size_t i = 0; i < n; i++) {
      ct_value *m = ct_map_new(a, CT_MAP, 4);
      ct_map_setc(a, m, "name", ct_cstring(a, h[i].name));
      ct_map_setc(a, m, "version", ct_cstring(a, h[i].version));
      ct_map_setc(a, m, "app_version", ct_cstring(a, h[i].app_version));
      ct_map_setc(a, m, "description", ct_cstring(a, h[i].description));
      ct_list_push(a, l, m);
    }
    ct_buf err = CT_BUF_INIT;
    ct_yaml_emit(&b, l, &err);
    ct_buf_dispose(&err);
    ct_arena_free(a);
  }
  fputs(ct_buf_str(&b), stdout);
  ct_buf_dispose(&b);
}

static int search_repo(int argc, char **argv) {
  bool regex = false, versions = false, devel = false, fail_no = false;
  const char *version = NULL, *output = "table";
  int maxw = 50;
  ct_flag flags[] = {
      {.name = "devel", .kind = CT_FLAG_BOOL, .dest = &devel,
       .usage = "use development versions (alpha, beta, and release candidate releases), too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored"},
      {.name = "fail-on-no-result", .kind = CT_FLAG_BOOL, .dest = &fail_no, .usage = "search fails if no results are found"},
      {.name = "max-col-width", .kind = CT_FLAG_INT, .dest = &maxw, .usage = "maximum column width for output table", .def_text = "50"},
      {.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output,
       .usage = "prints the output in the specified format. Allowed values: table, json, yaml", .def_text = "table"},
      {.name = "regexp", .shorthand = 'r', .kind = CT_FLAG_BOOL, .dest = &regex, .usage = "use regular expressions for searching repositories you have added"},
      {.name = "version", .kind = CT_FLAG_STRING, .dest = &version, .usage = "search using semantic versioning constraints on repositories you have added"},
      {.name = "versions", .shorthand = 'l', .kind = CT_FLAG_BOOL, .dest = &versions, .usage = "show the long listing, with each version of each chart on its own line, for repositories you have added"},
  };
  ct_cmd_def cmd = {.path = "chartctl search repo", .args_use = "[keyword]",
                    .short_desc = "search repositories for a keyword in charts", .flags = flags,
                    .nflags = sizeof flags / sizeof flags[0]};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc != CT_CLI_OK) {
    ct_cli_args_dispose(&pos);
    ct_cli_flags_dispose(&cmd);
    return rc == CT_CLI_HELP ? 0 : 1;
  }
  ct_repo_set_paths(ct_cli_g.repository_config, ct_cli_g.repository_cache);
  ct_buf term = CT_BUF_INIT;
  for (size_t i = 0; i < pos.len; i++) {
    if (i) ct_buf_putc(&term, ' ');
    ct_buf_puts(&term, pos.items[i]);
  }
  ct_repo_hit *hits = NULL;
  size_t n = 0;
  int status = 0;
  if (strcmp(output, "table") && strcmp(output, "json") && strcmp(output, "yaml")) {
    status = ct_cli_errorf("invalid format type");
  } else if (ct_repo_search(&hits, &n, ct_buf_str(&term), regex, versions, version, devel) != CT_OK) {
    status = ct_cli_errorf("%s", ct_error_last());
  } else if (!n && fail_no) {
    status = ct_cli_errorf("no results found");
  } else if (strcmp(output, "table")) {
    print_structured(hits, n, !strcmp(output, "json"));
  } else if (!n) {
    if (fail_no) status = ct_cli_errorf("no results found");
    else printf("No results found\n");
  } else {
    const char **cells = calloc((n + 1) * 4, sizeof *cells);
    cells[0] = "NAME", cells[1] = "CHART VERSION", cells[2] = "APP VERSION", cells[3] = "DESCRIPTION";
    for (size_t i = 0; i < n; i++) {
      cells[(i + 1) * 4] = hits[i].name;
      cells[(i + 1) * 4 + 1] = hits[i].version;
      cells[(i + 1) * 4 + 2] = hits[i].app_version;
      cells[(i + 1) * 4 + 3] = hits[i].description;
    }
    ct_repo_table(stdout, cells, 4, n + 1, maxw > 3 ? (size_t)maxw : 0);
    free(cells);
  }
  ct_repo_hits_free(hits, n);
  ct_buf_dispose(&term);
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}

static int search_hub(int argc, char **argv) {
  (void)argc, (void)argv;
  return ct_cli_errorf("search hub is not supported: chartctl searches only repositories added with 'repo add'");
}

int ct_cmd_search(int argc, char **argv) {
  static const ct_subcmd subs[] = {{"hub", NULL, search_hub}, {"repo", NULL, search_repo}};
  static const ct_subcmd_info infos[] = {{"hub", "search for charts in the Artifact Hub or your own hub instance"},
                                         {"repo", "search repositories for a keyword in charts"}};
  ct_cmd_def cmd = {.path = "chartctl search", .args_use = "[command]",
                    .short_desc = "search for a keyword in charts",
                    .long_desc = "Search provides the ability to search for Helm charts in the various places\n"
                                 "they can be stored including the Artifact Hub and repositories you have added.\n"
                                 "Use search subcommands to search different locations for charts.",
                    .subs = infos, .nsubs = 2};
  return ct_cli_dispatch(&cmd, subs, 2, argc, argv);
}
