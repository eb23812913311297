/* test_checker_run.c — ct_checker_run against a real local HTTP server (the integration
 * fixture tests/integration/checker_server.py, started here): passing and failing specs,
 * the report's fields, summaries, and errors (bad URL, unreachable port, bad spec, timeout). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "chartctl/errors.h"
#include "checker/checker.h"

static pid_t server_pid;
static char base[128];
static char tmpdir[] = "/tmp/ct-checker-XXXXXX";

static int start_server(void **state) {
  (void)state;
  if (!mkdtemp(tmpdir)) return -1;
  char portfile[256], flag[256];
  snprintf(portfile, sizeof portfile, "%s/port", tmpdir);
  snprintf(flag, sizeof flag, "%s/flag", tmpdir);
  server_pid = fork();
  if (server_pid == 0) {
    execlp("python3", "python3", "tests/integration/checker_server.py", portfile, flag, (char *)NULL);
    _exit(127);
  }
  for (int i = 0; i < 200; i++) {
    FILE *f = fopen(portfile, "r");
    int port = 0;
    if (f) {
      if (fscanf(f, "%d", &port) != 1) port = 0;
      fclose(f);
    }
    if (port > 0) {
      snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
      return 0;
    }
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  return -1;
}

static int stop_server(void **state) {
  (void)state;
  if (server_pid > 0) {
    kill(server_pid, SIGTERM);
    waitpid(server_pid, NULL, 0);
  }
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static int run(const char *suffix, const char *spec, double timeout, ct_checker_report *rep) {
  char url[256];
  snprintf(url, sizeof url, "%s%s", base, suffix);
  ct_checker_opts o = {.base_url = url, .spec_path = spec, .timeout_s = timeout};
  return ct_checker_run(&o, rep);
}

static void passing(void **state) {
  (void)state;
  ct_checker_report rep;
  assert_int_equal(run("/pass", NULL, 5, &rep), CT_OK);
  assert_int_equal(rep.status, CT_CHECKER_OK);
  assert_null(rep.error);
  assert_int_equal(rep.n, 4);
  assert_int_equal(rep.skipped, 1);
  assert_string_equal(rep.results[1].title, "item by id");
  assert_string_equal(rep.results[1].method, "GET");
  assert_string_equal(rep.results[1].path, "/pass/items/{id}");
  assert_non_null(strstr(rep.results[1].url, "/pass/items/42?lang=de"));
  assert_string_equal(rep.results[1].message, "");
  assert_null(ct_checker_first_failure(&rep));
  ct_buf s = CT_BUF_INIT;
  ct_checker_summary(&rep, &s);
  assert_string_equal(ct_buf_str(&s), "All endpoints are healthy (4 examples)");
  ct_buf_dispose(&s);
  ct_checker_report_dispose(&rep);
}

static void failing(void **state) {
  (void)state;
  ct_checker_report rep;
  assert_int_equal(run("/fail", NULL, 5, &rep), CT_ERROR);
  assert_int_equal(rep.status, CT_CHECKER_CRITICAL);
  assert_int_equal(rep.n, 5);
  assert_int_equal(rep.results[0].status, CT_CHECKER_OK);
  assert_int_equal(rep.results[1].status, CT_CHECKER_WARNING);
  assert_int_equal(rep.results[2].status, CT_CHECKER_CRITICAL);
  const ct_checker_result *f = ct_checker_first_failure(&rep);
  assert_non_null(f);
  assert_string_equal(f->title, "body regex mismatch");
  assert_non_null(strstr(ct_error_last(), "service checker CRITICAL: body regex mismatch (GET /fail/ping) is WARNING"));
  assert_non_null(strstr(ct_error_last(), "wrong status (GET /fail/missing) is CRITICAL"));
  ct_checker_report_dispose(&rep);
}

static void errors(void **state) {
  (void)state;
  ct_checker_report rep;
  ct_checker_opts o = {.base_url = "not a url"};
  assert_int_equal(ct_checker_run(&o, &rep), CT_ERROR);
  assert_int_equal(rep.status, CT_CHECKER_CRITICAL);
  assert_non_null(strstr(rep.error, "invalid service URL \"not a url\""));
  ct_checker_report_dispose(&rep);
  o.base_url = NULL;
  assert_int_equal(ct_checker_run(&o, &rep), CT_ERROR);
  ct_checker_report_dispose(&rep);

  assert_int_equal(run("/bad", NULL, 5, &rep), CT_ERROR);
  assert_non_null(strstr(rep.error, "no valid spec found"));
  assert_int_equal(rep.n, 0);
  ct_checker_report_dispose(&rep);

  assert_int_equal(run("/none", NULL, 5, &rep), CT_ERROR);
  assert_non_null(strstr(rep.error, "HTTP status 404"));
  ct_checker_report_dispose(&rep);

  /* a relative spec path without a leading slash; the spec of /pass at an absolute URL */
  char abs[256];
  snprintf(abs, sizeof abs, "%s/pass/?spec", base);
  assert_int_equal(run("", abs, 5, &rep), CT_OK);
  ct_checker_report_dispose(&rep);

  /* three examples that each time out: concurrent, so about one timeout in all */
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  assert_int_equal(run("/slow", NULL, 0.5, &rep), CT_ERROR);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  assert_int_equal(rep.n, 3);
  for (size_t i = 0; i < 3; i++) assert_non_null(strstr(rep.results[i].message, "timed out after 0.5s"));
  assert_true((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9 < 1.4);
  ct_checker_report_dispose(&rep);

  /* unreachable: port 1 on loopback has no listener */
  o.base_url = "http://127.0.0.1:1";
  assert_int_equal(ct_checker_run(&o, &rep), CT_ERROR);
  assert_non_null(strstr(rep.error, "fetching the spec http://127.0.0.1:1/?spec"));
  ct_checker_report_dispose(&rep);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(passing), cmocka_unit_test(failing), cmocka_unit_test(errors)};
  return cmocka_run_group_tests(tests, start_server, stop_server);
}
