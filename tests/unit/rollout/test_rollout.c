/* test_rollout.c — rollout pieces that need no cluster: weights and steps parsing, the pod
 * split, Prometheus answers, the driver lease, requests left by other commands surviving
 * the driver's saves, and promote/abort/resume refusals read from the record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "chartctl/errors.h"
#include "rollout/rollout_int.h"

static void percentages(void **state) {
  (void)state;
  double v;
  assert_int_equal(ct_rollout_parse_percent("10%", &v), CT_OK);
  assert_true(v == 10);
  assert_int_equal(ct_rollout_parse_percent("12.5%", &v), CT_OK);
  assert_true(v == 12.5);
  assert_int_equal(ct_rollout_parse_percent("100", &v), CT_OK);
  assert_int_equal(ct_rollout_parse_percent("0%", &v), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "above 0%"));
  assert_int_equal(ct_rollout_parse_percent("101%", &v), CT_EINVAL);
  assert_int_equal(ct_rollout_parse_percent("ten", &v), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "\"ten\""));
  assert_int_equal(ct_rollout_parse_percent("10%%", &v), CT_EINVAL);
  assert_int_equal(ct_rollout_parse_percent("", &v), CT_EINVAL);
  assert_int_equal(ct_rollout_parse_percent("-5%", &v), CT_EINVAL);
}

static void steps(void **state) {
  (void)state;
  int *w;
  size_t n;
  assert_int_equal(ct_rollout_parse_steps("10%,25%,50%,100%", &w, &n), CT_OK);
  assert_int_equal(n, 4);
  assert_int_equal(w[0], 10);
  assert_int_equal(w[3], 100);
  free(w);
  assert_int_equal(ct_rollout_parse_steps("5", &w, &n), CT_OK);
  assert_int_equal(n, 1);
  free(w);
  assert_int_equal(ct_rollout_parse_steps("50%,25%", &w, &n), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "must increase"));
  assert_null(w);
  assert_int_equal(ct_rollout_parse_steps("10%,,50%", &w, &n), CT_EINVAL);
  assert_int_equal(ct_rollout_parse_steps("10%,200%", &w, &n), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "--steps"));
}

static void split(void **state) {
  (void)state;
  long c, s;
  ct_rollout_split(10, 10, &c, &s); /* the example: 1 canary + 9 stable */
  assert_int_equal(c, 1);
  assert_int_equal(s, 9);
  ct_rollout_split(10, 25, &c, &s); /* ceil: 2.5 → 3 */
  assert_int_equal(c, 3);
  assert_int_equal(s, 7);
  ct_rollout_split(3, 1, &c, &s); /* at least one canary pod */
  assert_int_equal(c, 1);
  assert_int_equal(s, 2);
  ct_rollout_split(1, 10, &c, &s); /* one replica: the stable pod stays until promotion */
  assert_int_equal(c, 1);
  assert_int_equal(s, 1);
  ct_rollout_split(2, 90, &c, &s);
  assert_int_equal(c, 2);
  assert_int_equal(s, 1);
  ct_rollout_split(10, 100, &c, &s);
  assert_int_equal(c, 10);
  assert_int_equal(s, 0);
  ct_rollout_split(100, 33, &c, &s);
  assert_int_equal(c + s, 100);
}

static void prometheus_answers(void **state) {
  (void)state;
  double v;
  json_t *j = json_loads("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1.5,\"0.25\"]}]}}", 0, NULL);
  assert_int_equal(ct_rollout_prom_value(j, &v), CT_OK);
  assert_true(v == 0.25);
  json_decref(j);
  j = json_loads("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.5,\"3\"]}}", 0, NULL);
  assert_int_equal(ct_rollout_prom_value(j, &v), CT_OK);
  assert_true(v == 3);
  json_decref(j);
  j = json_loads("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", 0, NULL);
  assert_int_equal(ct_rollout_prom_value(j, &v), CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "no samples"));
  json_decref(j);
  j = json_loads("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 3\"}", 0, NULL);
  assert_int_equal(ct_rollout_prom_value(j, &v), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "parse error at char 3"));
  json_decref(j);
  j = json_loads("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", 0, NULL);
  assert_int_equal(ct_rollout_prom_value(j, &v), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "matrix"));
  json_decref(j);
  j = json_loads("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"NaN\"]}]}}", 0, NULL);
  assert_int_equal(ct_rollout_prom_value(j, &v), CT_OK);
  assert_true(v != v);
  json_decref(j);
}

static void lease(void **state) {
  (void)state;
  char me[256];
  gethostname(me, sizeof me);
  me[255] = 0;
  json_t *ro = json_object();
  assert_false(ct_rollout__driven_elsewhere(ro, NULL, 0)); /* nobody */
  json_object_set_new(ro, "driver", json_pack("{s:i,s:s,s:f}", "pid", (int)getpid(), "host", me, "leaseUntil", ct_rollout__now() + 60));
  assert_false(ct_rollout__driven_elsewhere(ro, NULL, 0)); /* ourselves */
  json_object_set_new(ro, "driver", json_pack("{s:i,s:s,s:f}", "pid", (int)getppid(), "host", me, "leaseUntil", ct_rollout__now() + 60));
  char who[300];
  assert_true(ct_rollout__driven_elsewhere(ro, who, sizeof who)); /* a live process here */
  assert_non_null(strstr(who, me));
  json_object_set_new(ro, "driver", json_pack("{s:i,s:s,s:f}", "pid", (int)getppid(), "host", me, "leaseUntil", ct_rollout__now() - 60));
  assert_true(ct_rollout__driven_elsewhere(ro, NULL, 0)); /* alive here: a stale lease does not matter */
  pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, NULL, 0);
  json_object_set_new(ro, "driver", json_pack("{s:i,s:s,s:f}", "pid", (int)child, "host", me, "leaseUntil", ct_rollout__now() + 60));
  assert_false(ct_rollout__driven_elsewhere(ro, NULL, 0)); /* killed: taken over at once */
  json_object_set_new(ro, "driver", json_pack("{s:i,s:s,s:f}", "pid", 1, "host", "elsewhere.example", "leaseUntil", ct_rollout__now() + 60));
  assert_true(ct_rollout__driven_elsewhere(ro, NULL, 0)); /* another machine, lease valid */
  json_object_set_new(ro, "driver", json_pack("{s:i,s:s,s:f}", "pid", 1, "host", "elsewhere.example", "leaseUntil", ct_rollout__now() - 1));
  assert_false(ct_rollout__driven_elsewhere(ro, NULL, 0)); /* lease ran out */
  json_decref(ro);
}

/* A memory store with revision 1 deployed and revision 2 carrying a rollout in PHASE. */
static ct_store *store_with(const char *phase, const char *status) {
  ct_store *s = ct_store_memory();
  const char *manifest = "---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";
  json_t *r1 = json_pack("{s:s,s:s,s:i,s:{s:s,s:s},s:s,s:[]}", "name", "web", "namespace", "default", "version", 1, "info", "status",
                         "deployed", "description", "Install complete", "manifest", manifest, "hooks");
  json_t *r2 = json_pack("{s:s,s:s,s:i,s:{s:s,s:s},s:s,s:[],s:{s:s,s:s,s:[i],s:i,s:i,s:f,s:[]}}", "name", "web", "namespace", "default", "version", 2,
                         "info", "status", status, "description", "Canary rollout underway", "manifest", manifest, "hooks", "rollout",
                         "strategy", "canary", "phase", phase, "steps", 100, "step", 0, "stableRevision", 1, "pauseUntil", -1.0, "workloads");
  assert_int_equal(s->ops->create(s, r1), CT_OK);
  assert_int_equal(s->ops->create(s, r2), CT_OK);
  json_decref(r1);
  json_decref(r2);
  return s;
}

static void refusals_from_the_record(void **state) {
  (void)state;
  ct_store *s = store_with("Completed", "deployed");
  ct_action_cfg cfg = {.store = s, .namespace_ = "default"};
  ct_rollout_ctx c = {.cfg = &cfg, .out = CT_ROLLOUT_OUT_QUIET};
  assert_int_equal(ct_rollout_promote(&c, "web", false), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "nothing to promote"));
  assert_int_equal(ct_rollout_abort(&c, "web", NULL), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "chartctl rollback"));
  assert_int_equal(ct_rollout_resume(&c, "nope"), CT_ENOTFOUND);
  ct_store_free(s);
  /* a release upgraded the plain way has no rollout to steer */
  s = ct_store_memory();
  json_t *r1 = json_pack("{s:s,s:s,s:i,s:{s:s},s:s}", "name", "plain", "namespace", "default", "version", 1, "info", "status", "deployed",
                         "manifest", "");
  s->ops->create(s, r1);
  json_decref(r1);
  cfg.store = s;
  assert_int_equal(ct_rollout_resume(&c, "plain"), CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "has no rollout"));
  ct_store_free(s);
}

static void paused_rollout_resumes_to_its_gate(void **state) {
  (void)state;
  ct_store *s = store_with("Paused", "pending-upgrade");
  ct_action_cfg cfg = {.store = s, .namespace_ = "default"};
  ct_rollout_ctx c = {.cfg = &cfg, .out = CT_ROLLOUT_OUT_QUIET};
  /* paused until promote: resume finds the gate again and returns without a driver lease */
  assert_int_equal(ct_rollout_resume(&c, "web"), CT_ROLLOUT_PAUSED);
  json_t *r = NULL;
  assert_int_equal(s->ops->get(s, "web", 2, &r), CT_OK);
  assert_null(json_object_get(json_object_get(r, "rollout"), "driver"));
  assert_string_equal(ct_release_status(r), "pending-upgrade");
  json_decref(r);
  ct_store_free(s);
}

static void requests_survive_the_drivers_saves(void **state) {
  (void)state;
  ct_store *s = store_with("Paused", "pending-upgrade");
  ct_action_cfg cfg = {.store = s, .namespace_ = "default"};
  ct_rollout_ctx c = {.cfg = &cfg, .out = CT_ROLLOUT_OUT_QUIET};
  ct_rollout__run r;
  assert_int_equal(ct_rollout__load(&r, &c, "web"), CT_OK);
  assert_null(ct_rollout__poll_request(&r));
  /* another command leaves a request in the stored record */
  json_t *other = NULL;
  s->ops->get(s, "web", 2, &other);
  json_t *oro = json_object_get(other, "rollout");
  json_object_set_new(oro, "request", json_string("abort"));
  json_object_set_new(oro, "requestAt", json_real(ct_rollout__now()));
  json_object_set_new(oro, "abortReason", json_string("bad latency"));
  s->ops->update(s, other);
  json_decref(other);
  /* the driver saves its own state: the request is kept, then seen */
  json_object_set_new(r.ro, "weight", json_integer(10));
  assert_int_equal(ct_rollout__save(&r), CT_OK);
  const char *req = ct_rollout__poll_request(&r);
  assert_non_null(req);
  assert_string_equal(req, "abort");
  assert_string_equal(ct_rollout__str(r.ro, "abortReason"), "bad latency");
  /* consumed: a later save does not bring it back */
  ct_rollout__clear_request(&r);
  assert_int_equal(ct_rollout__save(&r), CT_OK);
  assert_null(ct_rollout__poll_request(&r));
  json_t *back = NULL;
  s->ops->get(s, "web", 2, &back);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(back, "rollout"), "weight")), 10);
  json_decref(back);
  ct_rollout__dispose(&r);
  ct_store_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(percentages),
      cmocka_unit_test(steps),
      cmocka_unit_test(split),
      cmocka_unit_test(prometheus_answers),
      cmocka_unit_test(lease),
      cmocka_unit_test(refusals_from_the_record),
      cmocka_unit_test(paused_rollout_resumes_to_its_gate),
      cmocka_unit_test(requests_survive_the_drivers_saves),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
