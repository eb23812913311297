/* cmd_list.c — `chartctl list`: the newest revision of each release, filtered by status as
 * Helm 3.17 does (deployed and failed by default), -A, -q, --filter, sorted by name or date
 * (-d, -r), paged (--max, --offset), --time-format, -o. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chartctl/errors.h"
#include "release_common.h"

static bool list_by_date;

/* k8s labels.Parse subset: requirements joined by ',': key, !key, key=v, key==v, key!=v,
 * key in (a,b), key notin (a,b). Returns 1 when LABELS match, 0 when not, -1 when SEL does not
 * parse. */
static int selector_matches(const char *sel, const json_t *labels) {
  char *copy = strdup(sel), *p = copy;
  int result = 1;
  while (p && *p) {
    /* one requirement: up to a ',' outside parentheses */
    char *q = p;
    int depth = 0;
    while (*q && (depth || *q != ',')) {
      if (*q == '(') depth++;
      else if (*q == ')') depth--;
      q++;
    }
    char *next = *q ? q + 1 : NULL;
    *q = 0;
    while (*p == ' ') p++;
    char *end = p + strlen(p);
    while (end > p && end[-1] == ' ') *--end = 0;
    if (!*p) {
      result = -1;
      break;
    }
    char *op;
    const char *val = NULL;
    int kind; /* 0 exists, 1 not exists, 2 eq, 3 ne, 4 in, 5 notin */
    char key[256];
    if (*p == '!') {
      kind = 1;
      snprintf(key, sizeof key, "%s", p + 1);
    } else if ((op = strstr(p, "!="))) {
      kind = 3;
      snprintf(key, sizeof key, "%.*s", (int)(op - p), p);
      val = op + 2;
    } else if ((op = strstr(p, "=="))) {
      kind = 2;
      snprintf(key, sizeof key, "%.*s", (int)(op - p), p);
      val = op + 2;
    } else if ((op = strchr(p, '='))) {
      kind = 2;
      snprintf(key, sizeof key, "%.*s", (int)(op - p), p);
      val = op + 1;
    } else if ((op = strstr(p, " notin ")) || (op = strstr(p, " in "))) {
      kind = op[1] == 'n' ? 5 : 4;
      snprintf(key, sizeof key, "%.*s", (int)(op - p), p);
      val = op + (kind == 5 ? 7 : 4);
    } else {
      kind = 0;
      snprintf(key, sizeof key, "%s", p);
    }
    for (char *k = key + strlen(key); k > key && k[-1] == ' '; k--) k[-1] = 0;
    while (val && *val == ' ') val++;
    if (!*key || strchr(key, ' ') || ((kind == 4 || kind == 5) && (!val || *val != '('))) {
      result = -1;
      break;
    }
    const char *have = json_string_value(json_object_get(labels, key));
    bool ok;
    if (kind == 0) ok = have != NULL;
    else if (kind == 1) ok = have == NULL;
    else if (kind == 2) ok = have && !strcmp(have, val);
    else if (kind == 3) ok = !have || strcmp(have, val);
    else {
      /* "(a, b)" */
      bool in = false;
      char *list = strdup(val + 1), *close = strchr(list, ')'), *save = NULL;
      if (!close) {
        free(list);
        result = -1;
        break;
      }
      *close = 0;
      for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ') t++;
        char *te = t + strlen(t);
        while (te > t && te[-1] == ' ') *--te = 0;
        if (have && !strcmp(have, t)) in = true;
      }
      free(list);
      ok = kind == 4 ? in : !in;
    }
    if (!ok) result = 0;
    p = next;
  }
  free(copy);
  return result;
}

static long long unix_seconds(const json_t *rel) {
  const char *t = json_string_value(json_object_get(json_object_get(rel, "info"), "last_deployed"));
  struct tm tm = {0};
  if (!t || !*t) return -62135596800LL; /* Go's zero time */
  const char *rest = strptime(t, "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return -62135596800LL;
  while (*rest == '.' || (*rest >= '0' && *rest <= '9')) rest++;
  long off = 0;
  if (*rest == '+' || *rest == '-') {
    int h = 0, m = 0;
    sscanf(rest + 1, "%d:%d", &h, &m);
    off = (h * 3600L + m * 60L) * (*rest == '-' ? -1 : 1);
  }
  return (long long)timegm(&tm) - off;
}

static int list_cmp(const void *pa, const void *pb) {
  const json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
  if (list_by_date) {
    long long x = unix_seconds(a), y = unix_seconds(b);
    if (x != y) return x < y ? -1 : 1;
  }
  int c = strcmp(ct_release_name(a), ct_release_name(b));
  if (c) return c;
  const char *na = json_string_value(json_object_get(a, "namespace")), *nb = json_string_value(json_object_get(b, "namespace"));
  return strcmp(na ? na : "", nb ? nb : "");
}

int ct_cmd_list(int argc, char **argv) {
  bool all_ns = false, all = false, deployed = false, failed = false, pending = false, superseded = false,
       uninstalled = false, uninstalling = false, quiet = false, no_headers = false, by_date = false, reverse = false;
  const char *output = "table", *filter = NULL, *time_format = NULL, *selector = NULL;
  int max = 256, offset = 0;
  ct_flag flags[] = {
      {.name = "all-namespaces", .shorthand = 'A', .kind = CT_FLAG_BOOL, .dest = &all_ns, .usage = "list releases across all namespaces"},
      {.name = "all", .shorthand = 'a', .kind = CT_FLAG_BOOL, .dest = &all, .usage = "show all releases without any filter applied"},
      {.name = "date", .shorthand = 'd', .kind = CT_FLAG_BOOL, .dest = &by_date, .usage = "sort by release date"},
      {.name = "deployed", .kind = CT_FLAG_BOOL, .dest = &deployed, .usage = "show deployed releases. If no other is specified, this will be automatically enabled"},
      {.name = "failed", .kind = CT_FLAG_BOOL, .dest = &failed, .usage = "show failed releases"},
      {.name = "pending", .kind = CT_FLAG_BOOL, .dest = &pending, .usage = "show pending releases"},
      {.name = "superseded", .kind = CT_FLAG_BOOL, .dest = &superseded, .usage = "show superseded releases"},
      {.name = "uninstalled", .kind = CT_FLAG_BOOL, .dest = &uninstalled, .usage = "show uninstalled releases (if 'helm uninstall --keep-history' was used)"},
      {.name = "uninstalling", .kind = CT_FLAG_BOOL, .dest = &uninstalling, .usage = "show releases that are currently being uninstalled"},
      {.name = "max", .shorthand = 'm', .kind = CT_FLAG_INT, .dest = &max, .usage = "maximum number of releases to fetch", .def_text = "256"},
      {.name = "offset", .kind = CT_FLAG_INT, .dest = &offset, .usage = "next release index in the list, used to offset from start value"},
      {.name = "reverse", .shorthand = 'r', .kind = CT_FLAG_BOOL, .dest = &reverse, .usage = "reverse the sort order"},
      {.name = "time-format", .kind = CT_FLAG_STRING, .dest = &time_format, .usage = "format time using golang time formatter. Example: --time-format \"2006-01-02 15:04:05Z0700\""},
      {.name = "selector", .shorthand = 'l', .kind = CT_FLAG_STRING, .dest = &selector, .usage = "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Works only for secret(default) and configmap storage backends."},
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
  /* -l: the labels of the storage objects (Helm's rls.Labels), by namespace/name/version */
  json_t *labels = json_object();
  if (selector && *selector) {
    const char *drv = getenv("HELM_DRIVER");
    bool cms = drv && (!strcmp(drv, "configmap") || !strcmp(drv, "configmaps"));
    if (!drv || !*drv || !strncmp(drv, "secret", 6) || cms) {
      char path[600];
      if (all_ns) snprintf(path, sizeof path, "/api/v1/%s?labelSelector=owner%%3Dhelm", cms ? "configmaps" : "secrets");
      else snprintf(path, sizeof path, "/api/v1/namespaces/%s/%s?labelSelector=owner%%3Dhelm", env.ns, cms ? "configmaps" : "secrets");
      long st = 0;
      json_t *resp = NULL;
      if (ct_kube_request(env.kube, "GET", path, NULL, NULL, 0, &st, &resp) == CT_OK && st == 200) {
        size_t j;
        json_t *it;
        json_array_foreach(json_object_get(resp, "items"), j, it) {
          json_t *md = json_object_get(it, "metadata"), *lb = json_object_get(md, "labels");
          const char *ons = json_string_value(json_object_get(md, "namespace")), *nm = json_string_value(json_object_get(lb, "name")),
                     *ver = json_string_value(json_object_get(lb, "version"));
          char lk[1200];
          snprintf(lk, sizeof lk, "%s/%s/%s", ons ? ons : "", nm ? nm : "", ver ? ver : "");
          if (json_is_object(lb)) json_object_set(labels, lk, lb);
        }
      }
      json_decref(resp);
    }
  }
  if (selector && *selector && selector_matches(selector, NULL) < 0) {
    ct_cli_errorf("unable to parse requirement: invalid selector \"%s\"", selector);
    json_decref(labels);
    json_decref(recs);
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
  /* state mask and filter, then Helm's sort (name; -d: last deployed second, then name;
   * -r reverses), then --offset and --max */
  json_t *sel = json_array();
  const char *key;
  json_object_foreach(latest, key, r) {
    const char *st = ct_release_status(r);
    bool show = all || (deployed && !strcmp(st, "deployed")) || (failed && !strcmp(st, "failed")) ||
                (pending && !strncmp(st, "pending-", 8)) || (superseded && !strcmp(st, "superseded")) ||
                (uninstalled && !strcmp(st, "uninstalled")) || (uninstalling && !strcmp(st, "uninstalling"));
    if (!show) continue;
    const char *name = ct_release_name(r);
    if (re) {
      pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
      int m = pcre2_match(re, (PCRE2_SPTR)name, strlen(name), 0, 0, md, NULL);
      pcre2_match_data_free(md);
      if (m < 0) continue;
    }
    if (selector && *selector) {
      char lk[1200];
      snprintf(lk, sizeof lk, "%s/%s/%d", json_string_value(json_object_get(r, "namespace")), ct_release_name(r),
               ct_release_version(r));
      if (!selector_matches(selector, json_object_get(labels, lk))) continue;
    }
    json_array_append(sel, r);
  }
  size_t n = json_array_size(sel);
  json_t **v = malloc((n ? n : 1) * sizeof *v);
  for (i = 0; i < n; i++) v[i] = json_array_get(sel, i);
  list_by_date = by_date;
  qsort(v, n, sizeof *v, list_cmp);
  if (reverse)
    for (size_t a = 0, b = n ? n - 1 : 0; a < b; a++, b--) {
      json_t *t = v[a];
      v[a] = v[b];
      v[b] = t;
    }
  size_t from = offset > 0 ? (size_t)offset : 0, to = n;
  if (from > n) from = n;
  if (max > 0 && from + (size_t)max < to) to = from + (size_t)max;
  json_t *rows = json_array(), *items = json_array();
  if (!no_headers)
    json_array_append_new(rows, json_pack("[s,s,s,s,s,s,s]", "NAME", "NAMESPACE", "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION"));
  status = 0;
  for (size_t k = from; k < to; k++) {
    json_t *rel = v[k];
    const char *name = ct_release_name(rel), *st = ct_release_status(rel);
    char rev[16], chart[256];
    const char *app;
    snprintf(rev, sizeof rev, "%d", ct_release_version(rel));
    const char *ld = json_string_value(json_object_get(json_object_get(rel, "info"), "last_deployed"));
    ct_buf when = CT_BUF_INIT;
    if (!ld || !*ld || !strncmp(ld, "0001-01-01T00:00:00", 19)) ct_buf_puts(&when, "-");
    else if (time_format && *time_format) {
      if (ct_rel_time_format(&when, ld, time_format)) ct_buf_puts(&when, ld);
    } else {
      char w[96];
      ct_rel_gotime(w, sizeof w, ld);
      ct_buf_puts(&when, w);
    }
    ct_rel_chart_label(rel, chart, sizeof chart, &app);
    if (quiet) printf("%s\n", name);
    json_array_append_new(rows, json_pack("[s,s,s,s,s,s,s]", name, json_string_value(json_object_get(rel, "namespace")), rev,
                                          ct_buf_str(&when), st, chart, app));
    json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "name", name, "namespace",
                                           json_string_value(json_object_get(rel, "namespace")), "revision", rev, "updated",
                                           ct_buf_str(&when), "status", st, "chart", chart, "app_version", app));
    ct_buf_dispose(&when);
  }
  if (quiet) {
    /* helm prints the names alone, unpadded */
  } else if (!strcmp(output, "table")) {
    if (json_array_size(rows)) ct_rel_print_table(rows, 60);
    else putchar('\n'); /* an empty uitable still ends with a newline */
  } else {
    status = ct_rel_print_as(items, output);
  }
  free(v);
  json_decref(sel);
  json_decref(labels);
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
