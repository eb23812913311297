/* cmd_show.c — `chartctl show chart|values|readme|crds|all CHART` as Helm 3.17.1's
 * `helm show` (pkg/action/show.go): Chart.yaml as yaml.Marshal(Metadata), raw values.yaml,
 * the README, the crds/ files of the chart and its subcharts. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "chart_action.h"
#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "cli.h"

enum { SHOW_ALL, SHOW_CHART, SHOW_VALUES, SHOW_README, SHOW_CRDS };

static bool manifest_ext(const char *name) {
  const char *b = strrchr(name, '/');
  b = b ? b + 1 : name;
  const char *dot = strrchr(b, '.');
  return dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml") || !strcasecmp(dot, ".json"));
}

static void print_crds(const ct_chart *c, ct_buf *out) {
  for (size_t i = 0; i < c->nfiles; i++) {
    const ct_chart_file *f = &c->files[i];
    if (strncmp(f->name, "crds/", 5) || !manifest_ext(f->name)) continue;
    ct_buf_put(out, f->data, f->len);
    ct_buf_putc(out, '\n');
  }
  for (size_t i = 0; i < c->ndeps; i++) print_crds(c->deps[i], out);
}

static const ct_chart_file *find_readme(const ct_chart *c) {
  static const char *const names[] = {"readme.md", "readme.txt", "readme"};
  for (size_t i = 0; i < c->nfiles; i++)
    for (size_t k = 0; k < 3; k++)
      if (!strcasecmp(c->files[i].name, names[k])) return &c->files[i];
  return NULL;
}

static int run_show(int what, const char *path, ct_arena *a, ct_buf *out, ct_buf *err) {
  ct_chart *c = NULL;
  if (ct_chart_load(&c, path) != CT_OK) {
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  int rc = 0;
  if (what == SHOW_CHART || what == SHOW_ALL) {
    ct_value *meta = ct_chart_metadata_value(a, c);
    ct_value *m = meta && meta->type == CT_OBJECT && meta->obj.cls->marshal
                      ? meta->obj.cls->marshal(meta, a)
                      : meta;
    /* `.Chart` carries IsRoot; yaml.Marshal(chart.Metadata) does not */
    if (ct_is_map(m)) ct_map_delete(m, "IsRoot", 6);
    ct_buf y = CT_BUF_INIT;
    if (ct_yaml_emit(&y, m, err) != 0) {
      ct_buf_dispose(&y);
      rc = -1;
      goto done;
    }
    ct_buf_put(out, ct_buf_str(&y), y.len);
    ct_buf_putc(out, '\n');
    ct_buf_dispose(&y);
  }
  if ((what == SHOW_VALUES || what == SHOW_ALL) && c->raw_values) {
    if (what == SHOW_ALL) ct_buf_puts(out, "---\n");
    ct_buf_put(out, c->raw_values->data, c->raw_values->len);
    ct_buf_putc(out, '\n');
  }
  if (what == SHOW_README || what == SHOW_ALL) {
    const ct_chart_file *r = find_readme(c);
    if (!r) goto done;
    if (what == SHOW_ALL) ct_buf_puts(out, "---\n");
    ct_buf_put(out, r->data, r->len);
    ct_buf_putc(out, '\n');
  }
  if (what == SHOW_CRDS || what == SHOW_ALL) {
    ct_buf crds = CT_BUF_INIT;
    print_crds(c, &crds);
    /* helm separates the CRDs from the rest with "---" only in `show all` */
    if (what == SHOW_ALL && crds.len && (crds.len < 3 || memcmp(crds.ptr, "---", 3)))
      ct_buf_puts(out, "---\n");
    ct_buf_put(out, ct_buf_str(&crds), crds.len);
    ct_buf_dispose(&crds);
  }
done:
  ct_chart_free(c);
  return rc;
}

static int show_cmd(int what, const char *verb, const char *desc, int argc, char **argv) {
  const char *version = NULL, *jsonpath = NULL, *repo = NULL, *username = NULL, *password = NULL,
             *ca_file = NULL, *cert_file = NULL, *key_file = NULL, *keyring = NULL;
  bool devel = false, verify = false, insecure = false, plain_http = false, pass_creds = false;
  ct_flag flags[] = {
      {"ca-file", 0, CT_FLAG_STRING, &ca_file,
       "verify certificates of HTTPS-enabled servers using this CA bundle", NULL, NULL, false, false},
      {"cert-file", 0, CT_FLAG_STRING, &cert_file,
       "identify HTTPS client using this SSL certificate file", NULL, NULL, false, false},
      {"devel", 0, CT_FLAG_BOOL, &devel,
       "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, "
       "this is ignored", NULL, NULL, false, false},
      {"insecure-skip-tls-verify", 0, CT_FLAG_BOOL, &insecure,
       "skip tls certificate checks for the chart download", NULL, NULL, false, false},
      {"jsonpath", 0, CT_FLAG_STRING, &jsonpath,
       "supply a JsonPath expression to filter the output", NULL, NULL, what != SHOW_VALUES, false},
      {"key-file", 0, CT_FLAG_STRING, &key_file, "identify HTTPS client using this SSL key file",
       NULL, NULL, false, false},
      {"keyring", 0, CT_FLAG_STRING, &keyring, "location of public keys used for verification",
       NULL, NULL, false, false},
      {"pass-credentials", 0, CT_FLAG_BOOL, &pass_creds, "pass credentials to all domains", NULL,
       NULL, false, false},
      {"password", 0, CT_FLAG_STRING, &password,
       "chart repository password where to locate the requested chart", NULL, NULL, false, false},
      {"plain-http", 0, CT_FLAG_BOOL, &plain_http,
       "use insecure HTTP connections for the chart download", NULL, NULL, false, false},
      {"repo", 0, CT_FLAG_STRING, &repo, "chart repository url where to locate the requested chart",
       NULL, NULL, false, false},
      {"username", 0, CT_FLAG_STRING, &username,
       "chart repository username where to locate the requested chart", NULL, NULL, false, false},
      {"verify", 0, CT_FLAG_BOOL, &verify, "verify the package before using it", NULL, NULL, false,
       false},
      {"version", 0, CT_FLAG_STRING, &version,
       "specify a version constraint for the chart version to use. This constraint can be a "
       "specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not "
       "specified, the latest version is used", NULL, NULL, false, false},
  };
  char path[64];
  snprintf(path, sizeof path, "chartctl show %s", verb);
  ct_cmd_def cmd = {.path = path, .args_use = "[CHART]", .short_desc = desc, .long_desc = desc,
                    .flags = flags, .nflags = sizeof flags / sizeof flags[0]};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_exact(&cmd, &pos, 1);
  if (rc != CT_CLI_OK) {
    ct_cli_args_dispose(&pos);
    ct_cli_flags_dispose(&cmd);
    return rc == CT_CLI_HELP ? 0 : 1;
  }
  ct_arena *a = ct_arena_new();
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  const char *chart;
  int status = 1;
  if (jsonpath && *jsonpath) {
    ct_buf_puts(&err, "--jsonpath is not supported by chartctl yet");
    ct_cli_errorf("%s", ct_buf_str(&err));
  } else if (ct_cli__locate_chart(&chart, pos.items[0], a, &err) != 0 || run_show(what, chart, a, &out, &err) != 0) {
    ct_cli_errorf("%s", ct_buf_str(&err));
  } else {
    fwrite(ct_buf_str(&out), 1, out.len, stdout);
    status = 0;
  }
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}

static int show_all(int c, char **v) {
  return show_cmd(SHOW_ALL, "all", "This command inspects a chart (directory, file, or URL) and displays all its content\n(values.yaml, Chart.yaml, README)", c, v);
}
static int show_chart(int c, char **v) {
  return show_cmd(SHOW_CHART, "chart", "This command inspects a chart (directory, file, or URL) and displays the contents\nof the Chart.yaml file", c, v);
}
static int show_values(int c, char **v) {
  return show_cmd(SHOW_VALUES, "values", "This command inspects a chart (directory, file, or URL) and displays the contents\nof the values.yaml file", c, v);
}
static int show_readme(int c, char **v) {
  return show_cmd(SHOW_README, "readme", "This command inspects a chart (directory, file, or URL) and displays the contents\nof the README file", c, v);
}
static int show_crds(int c, char **v) {
  return show_cmd(SHOW_CRDS, "crds", "This command inspects a chart (directory, file, or URL) and displays the contents\nof the CustomResourceDefinition files", c, v);
}

int ct_cmd_show(int argc, char **argv) {
  static const ct_subcmd_info infos[] = {
      {"all", "show all information of the chart"},
      {"chart", "show the chart's definition"},
      {"crds", "show the chart's CRDs"},
      {"readme", "show the chart's README"},
      {"values", "show the chart's values"},
  };
  static const ct_subcmd subs[] = {
      {"all", NULL, show_all},       {"chart", NULL, show_chart}, {"crds", NULL, show_crds},
      {"readme", NULL, show_readme}, {"values", NULL, show_values},
  };
  ct_cmd_def cmd = {
      .path = "chartctl show",
      .short_desc = "show information of a chart",
      .long_desc = "This command consists of multiple subcommands to display information about a chart",
      .aliases = "show, inspect",
      .subs = infos,
      .nsubs = sizeof infos / sizeof infos[0],
  };
  return ct_cli_dispatch(&cmd, subs, sizeof subs / sizeof subs[0], argc, argv);
}
