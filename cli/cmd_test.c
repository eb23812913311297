/* cmd_test.c — `chartctl test [RELEASE]`: runs the release's test hooks and reports each, then
 * (--service-checker URL) the built-in OpenAPI x-amples checker against the service. */
#include <stdio.h>
#include <string.h>

#include "chartctl/errors.h"
#include "checker/checker.h"
#include "release_common.h"

/* One line per example, helm test's "Key:   value" layout, then the overall result. */
static void print_report(const ct_checker_report *r) {
  printf("SERVICE CHECKER: %s\n", r->spec_url ? r->spec_url : "");
  size_t bad = 0;
  for (size_t i = 0; i < r->n; i++) {
    const ct_checker_result *x = &r->results[i];
    printf("Example:        %s %s \"%s\": %s%s%s\n", x->method, x->path, x->title, ct_checker_status_name(x->status),
           x->status == CT_CHECKER_OK ? "" : ": ", x->message);
    bad += x->status != CT_CHECKER_OK;
  }
  if (r->error) printf("Result:         %s: %s\n", ct_checker_status_name(r->status), r->error);
  else if (!bad) printf("Result:         OK: %s%zu example%s passed", r->n > 1 ? "all " : "", r->n, r->n == 1 ? "" : "s");
  else printf("Result:         %s: %zu of %zu examples failed", ct_checker_status_name(r->status), bad, r->n);
  if (!r->error && r->skipped) printf(" (%zu operation%s skipped by x-monitor: false)", r->skipped, r->skipped == 1 ? "" : "s");
  if (!r->error) printf("\n");
}

int ct_cmd_test(int argc, char **argv) {
  double timeout = 300, sc_timeout = 5;
  const char *sc_url = NULL, *sc_spec = "/?spec";
  ct_flag flags[] = {
      {.name = "timeout", .kind = CT_FLAG_DURATION, .dest = &timeout, .usage = "time to wait for any individual Kubernetes operation", .def_text = "5m0s"},
      {.name = "service-checker", .kind = CT_FLAG_STRING, .dest = &sc_url,
       .usage = "after the test hooks, fetch the OpenAPI spec of the service at this base URL and run its x-amples examples"},
      {.name = "service-checker-spec", .kind = CT_FLAG_STRING, .dest = &sc_spec,
       .usage = "where the spec is, relative to the --service-checker URL (or an absolute URL)", .def_text = "\"/?spec\""},
      {.name = "service-checker-timeout", .kind = CT_FLAG_DURATION, .dest = &sc_timeout,
       .usage = "time to wait for each request of the service checker", .def_text = "5s"},
  };
  ct_cmd_def cmd = {.path = "chartctl test", .args_use = "[RELEASE]", .short_desc = "run tests for a release",
                    .long_desc = "The test command runs the tests for a release.\n\n"
                                 "The argument this command takes is the name of a deployed release.\n"
                                 "The tests to be run are defined in the chart that was installed.\n\n"
                                 "With --service-checker URL it then checks the running service as Wikimedia's\n"
                                 "service-checker does: it fetches the service's OpenAPI/Swagger spec (URL + /?spec by\n"
                                 "default, JSON or YAML), sends the request of every x-amples example declared on its\n"
                                 "GET and POST operations (a GET without x-amples must answer 200; x-monitor: false\n"
                                 "skips an operation) and compares the answer with the example's response: status,\n"
                                 "headers and body, where \"/regex/\" strings are regular expressions, other strings\n"
                                 "must equal or prefix the value, and objects/lists match as subsets. One line per\n"
                                 "example; the exit status is non-zero when any example fails. Without RELEASE only\n"
                                 "the service checker runs (no cluster needed).",
                    .flags = flags, .nflags = sizeof flags / sizeof *flags};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = sc_url ? ct_cli_require_max(&cmd, &pos, 1) : ct_cli_require_exact(&cmd, &pos, 1);
  int status = 1;
  if (rc != CT_CLI_OK) {
    status = rc == CT_CLI_HELP ? 0 : 1;
    goto out;
  }
  bool hooks_ok = true;
  if (pos.len) {
    ct_rel_env env;
    if (ct_rel_env_open(&env, false)) goto out;
    json_t *res = NULL;
    rc = ct_action_test(&res, &env.cfg, pos.items[0], timeout);
    json_t *rel = NULL;
    if (ct_store_last(env.store, pos.items[0], &rel) == CT_OK) ct_rel_print_status(rel, false);
    json_decref(rel);
    if (rc) {
      ct_cli_errorf("%s", ct_error_last());
      hooks_ok = false;
    }
    json_decref(res);
    ct_rel_env_close(&env);
  }
  bool checks_ok = true;
  if (sc_url) {
    ct_checker_opts o = {.base_url = sc_url, .spec_path = sc_spec, .timeout_s = sc_timeout};
    ct_checker_report rep;
    if (ct_checker_run(&o, &rep)) checks_ok = false;
    if (pos.len) printf("\n");
    print_report(&rep);
    fflush(stdout);
    if (!checks_ok) ct_cli_errorf("%s", ct_error_last());
    ct_checker_report_dispose(&rep);
  }
  if (hooks_ok && checks_ok) status = 0;
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}
