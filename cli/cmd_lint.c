/* cmd_lint.c — `chartctl lint [PATH]...` as Helm 3.17.1's `helm lint`: runs the lint rules
 * on each chart, prints the findings, and fails when a chart has errors (or warnings with
 * --strict). */
#include <stdio.h>
#include <string.h>

#include "chart_action.h"
#include "chartctl/errors.h"
#include "chartctl/render.h"
#include "cli.h"
#include "lint.h"

static const char *sev_name(int s) {
  switch (s) {
  case CT_LINT_INFO: return "INFO";
  case CT_LINT_WARNING: return "WARNING";
  case CT_LINT_ERROR: return "ERROR";
  default: return "UNKNOWN";
  }
}

int ct_cmd_lint(int argc, char **argv) {
  bool strict = false, quiet = false, with_subcharts = false, skip_schema = false;
  const char *kube_version = NULL;
  ct_cli_values_flags vf = {0};
  ct_flag flags[] = {
      {"kube-version", 0, CT_FLAG_STRING, &kube_version,
       "Kubernetes version used for capabilities and deprecation checks", NULL, NULL, false, false},
      {"quiet", 0, CT_FLAG_BOOL, &quiet, "print only warnings and errors", NULL, NULL, false, false},
      {"skip-schema-validation", 0, CT_FLAG_BOOL, &skip_schema,
       "if set, disables JSON schema validation", NULL, NULL, false, false},
      {"strict", 0, CT_FLAG_BOOL, &strict, "fail on lint warnings", NULL, NULL, false, false},
      {"with-subcharts", 0, CT_FLAG_BOOL, &with_subcharts, "lint dependent charts", NULL, NULL,
       false, false},
      CT_CLI_VALUES_FLAGS(vf),
  };
  ct_cmd_def cmd = {
      .path = "chartctl lint",
      .args_use = "PATH",
      .short_desc = "examine a chart for possible issues",
      .long_desc = "This command takes a path to a chart and runs a series of tests to verify that\n"
                   "the chart is well-formed.\n\n"
                   "If the linter encounters things that will cause the chart to fail installation,\n"
                   "it will emit [ERROR] messages. If it encounters issues that break with convention\n"
                   "or recommendation, it will emit [WARNING] messages.",
      .flags = flags,
      .nflags = sizeof flags / sizeof flags[0],
  };
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc != CT_CLI_OK) {
    ct_cli_args_dispose(&pos);
    ct_cli_flags_dispose(&cmd);
    return rc == CT_CLI_HELP ? 0 : 1;
  }
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT, out = CT_BUF_INIT;
  ct_strv paths = {0};
  int status = 1;
  if (!pos.len) ct_strv_push(&paths, ".");
  for (size_t i = 0; i < pos.len; i++) ct_strv_push(&paths, pos.items[i]);
  if (kube_version && *kube_version) {
    ct_caps tmp;
    if (ct_caps_set_kube_version(&tmp, a, kube_version) != CT_OK) {
      ct_cli_errorf("invalid kube version '%s': %s", kube_version, ct_error_last());
      goto done;
    }
  }
  if (with_subcharts) {
    size_t n0 = paths.len;
    for (size_t i = 0; i < n0; i++) {
      /* the loaded subcharts under charts/ (directories and archives) */
      char *cdir = ct_arena_sprintf(a, "%s/charts", paths.items[i]);
      ct_chart *c = NULL;
      if (ct_chart_load(&c, paths.items[i]) == CT_OK) {
        for (size_t k = 0; k < c->ndeps; k++)
          ct_strv_push(&paths, ct_arena_sprintf(a, "%s/%s", cdir, ct_chart_name(c->deps[k])));
      }
      ct_chart_free(c);
    }
  }
  ct_value *user = NULL;
  if (ct_cli_values_merge(&user, a, &vf, &err)) {
    ct_cli_errorf("%s", ct_buf_str(&err));
    goto done;
  }
  ct_lint_opts lo = {.namespace_ = ct_cli_namespace(), .kube_version = kube_version, .strict = strict,
                     .skip_schema_validation = skip_schema};
  int lowest = strict ? CT_LINT_WARNING : CT_LINT_ERROR;
  size_t failed = 0, with_issues = 0;
  for (size_t i = 0; i < paths.len; i++) {
    ct_lint_result r;
    int lrc = ct_lint_chart(&r, paths.items[i], user, &lo);
    bool has_we = lrc != 0, has_err = lrc != 0;
    for (size_t k = 0; k < r.n; k++) {
      if (r.msgs[k].severity >= CT_LINT_WARNING) has_we = true;
      if (r.msgs[k].severity >= lowest) has_err = true;
    }
    if (has_we) with_issues++;
    if (quiet && !has_we) {
      ct_lint_result_dispose(&r);
      continue;
    }
    ct_buf_printf(&out, "==> Linting %s\n", paths.items[i]);
    if (lrc != 0) ct_buf_printf(&out, "Error %s\n", r.fatal);
    for (size_t k = 0; k < r.n; k++)
      if (!quiet || r.msgs[k].severity > CT_LINT_INFO)
        ct_buf_printf(&out, "[%s] %s: %s\n", sev_name(r.msgs[k].severity), r.msgs[k].path, r.msgs[k].text);
    if (has_err) failed++;
    ct_buf_putc(&out, '\n');
    ct_lint_result_dispose(&r);
  }
  fwrite(ct_buf_str(&out), 1, out.len, stdout);
  fflush(stdout);
  if (failed) {
    ct_cli_errorf("%zu chart(s) linted, %zu chart(s) failed", paths.len, failed);
    goto done;
  }
  if (!quiet || with_issues) printf("%zu chart(s) linted, 0 chart(s) failed\n", paths.len);
  status = 0;
done:
  ct_strv_dispose(&paths);
  ct_buf_dispose(&err);
  ct_buf_dispose(&out);
  ct_arena_free(a);
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
