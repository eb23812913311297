/* cmd_list.c — `chartctl list`: the newest revision of each release, filtered by status as
 * Helm 3.17 does (deployed and failed by default), -A, -q, --filter, -o. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/errors.h"
#include "release_common.h"

int ct_cmd_list(int argc, char **argv) {
  bool all_ns = false, all = false, deployed = false, failed = false, pending = false, superseded = false,
       uninstalled = false, uninstalling = false, quiet = false, no_headers = false;
  const char *output = "table", *filter = NULL;
  ct_flag flags[] = {
      {.name = "all-namespaces", .shorthand = 'A', .kind = CT_FLAG_BOOL, .dest = &all_ns, .usage = "list releases across all namespaces"},
      {.name = "all", .shorthand = 'a', .kind = CT_FLAG_BOOL, .dest = &all, .usage = "show all releases without any filter applied"},
      {.name = "deployed", .kind = CT_FLAG_BOOL, .dest = &deployed, .usage = "show deployed releases. If no other is specified, this will be automatically enabled"},
      {.name = "failed", .kind = CT_FLAG_BOOL, .dest = &failed, .usage = "show failed releases"},
      {.name = "pending", .kind = CT_FLAG_BOOL, .dest = &pending, .usage = "show pending releases"},
      {.name = "superseded", .kind = CT_FLAG_BOOL, .dest = &superseded, .usage = "show superseded releases"},
      {.name = "uninstalled", .kind = CT_FLAG_BOOL, .dest = &uninstalled, .usage = "show uninstalled releases (if 'helm uninstall --keep-history' was used)"},
      {.name = "uninstalling", .kind = CT_FLAG_BOOL, .dest = &uninstalling, .usage = "show releases that are currently being uninstalled"},
      {.name = "short", .shorthand = 'q', .kind = CT_FLAG_BOOL, .dest = &quiet, .usage = "output short (quiet) listing format"},
      {.name = "no-headers", .kind = CT_FLAG_BOOL, .dest = &no_headers, .usage = "don't print headers when using the default output format"},
      {.name = "filter", .shorthand = 'f', .kind = CT_FLAG_STRING, .dest = &filter, .usage = "a regular expression (Perl compatible). Any releases that match the expression will be included in the results"},
      {.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output, .usage = "prints the output in the specified format. Allowed values: table, json, yaml", .def_text = "table"},
  };
  ct_cmd_def cmd = {.path = "chartctl list", .short_desc = "list releases",
                    .long_desc = "This command lists all of the releases for a specified namespace (uses current\n"
                                 "namespace context if namespace not specified).",
                    .aliases = "list, ls", .flags = flags, .nflags = sizeof flags / sizeof flags[0]};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_none(&cmd, &pos);
  int status = 1;
  if (rc != CT_CLI_OK) {
    status = rc == CT_CLI_HELP ? 0 : 1;
    goto out;
  }
  pcre2_code *re = NULL;
  if (filter) {
    int ec;
    PCRE2_SIZE eo;
    re = pcre2_compile((PCRE2_SPTR)filter, PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
    if (!re) {
      ct_cli_errorf("invalid filter regular expression: %s", filter);
      goto out;
    }
  }
  bool any = deployed || failed || pending || superseded || uninstalled || uninstalling;
  if (!any) deployed = failed = true;
  ct_rel_env env;
  if (ct_rel_env_open(&env, all_ns)) goto out_re;
  json_t *recs = NULL;
  if (env.store->ops->query(env.store, NULL, &recs)) {
    ct_cli_errorf("%s", ct_error_last());
    ct_rel_env_close(&env);
    goto out_re;
  }
  /* newest revision per (namespace, name) */
  json_t *latest = json_object();
  size_t i;
  json_t *r;
  json_array_foreach(recs, i, r) {
    char key[600];
    snprintf(key, sizeof key, "%s/%s", json_string_value(json_object_get(r, "namespace")), ct_release_name(r));
    json_t *cur = json_object_get(latest, key);
    if (!cur || ct_release_version(cur) < ct_release_version(r)) json_object_set(latest, key, r);
  }
  json_t *rows = json_array(), *items = json_array();
  if (!no_headers && !quiet)
    json_array_append_new(rows, json_pack("[s,s,s,s,s,s,s]", "NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"));
  const char *key;
  json_t *sorted_keys = json_array();
  json_object_foreach(latest, key, r) json_array_append_new(sorted_keys, json_string(key));
  /* Helm sorts by name */
  size_t n = json_array_size(sorted_keys);
  for (size_t a = 0; a + 1 < n; a++)
    for (size_t b = a + 1; b < n; b++) {
      json_t *x = json_object_get(latest, json_string_value(json_array_get(sorted_keys, a)));
      json_t *y = json_object_get(latest, json_string_value(json_array_get(sorted_keys, b)));
      if (strcmp(ct_release_name(x), ct_release_name(y)) > 0) {
        json_t *t = json_incref(json_array_get(sorted_keys, a));
        json_array_set(sorted_keys, a, json_array_get(sorted_keys, b));
        json_array_set_new(sorted_keys, b, t);
      }
    }
  json_array_foreach(sorted_keys, i, r) {
    json_t *rel = json_object_get(latest, json_string_value(r));
    const char *st = ct_release_status(rel);
    bool show = all || (deployed && !strcmp(st, "deployed")) || (failed && !strcmp(st, "failed")) ||
                (pending && !strncmp(st, "pending-", 8)) || (superseded && !strcmp(st, "superseded")) ||
                (uninstalled && !strcmp(st, "uninstalled")) || (uninstalling && !strcmp(st, "uninstalling"));
    if (!show) continue;
    const char *name = ct_release_name(rel);
    if (re) {
      pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
      int m = pcre2_match(re, (PCRE2_SPTR)name, strlen(name), 0, 0, md, NULL);
      pcre2_match_data_free(md);
      if (m < 0) continue;
    }
    char rev[16], when[96], chart[256];
    const char *app;
    snprintf(rev, sizeof rev, "%d", ct_release_version(rel));
    ct_rel_gotime(when, sizeof when, json_string_value(json_object_get(json_object_get(rel, "info"), "last_deployed")));
    ct_rel_chart_label(rel, chart, sizeof chart, &app);
    if (quiet) json_array_append_new(rows, json_pack("[s]", name));
    else json_array_append_new(rows, json_pack("[s,s,s,s,s,s,s]", name, json_string_value(json_object_get(rel, "namespace")), rev, when, st, chart, app));
    json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "name", name, "namespace",
                                           json_string_value(json_object_get(rel, "namespace")), "revision", rev, "updated", when,
                                           "status", st, "chart", chart, "app_version", app));
  }
  if (!strcmp(output, "table")) {
    ct_rel_print_table(rows, 60);
    status = 0;
  } else {
    status = ct_rel_print_as(items, output);
  }
  json_decref(sorted_keys);
  json_decref(rows);
  json_decref(items);
  json_decref(latest);
  json_decref(recs);
  ct_rel_env_close(&env);
out_re:
  if (re) pcre2_code_free(re);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
