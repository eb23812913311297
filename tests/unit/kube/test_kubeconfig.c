/* test_kubeconfig.c — kubeconfig loading and merging as kubectl does it, YAML manifests to
 * JSON, and kstatus-style readiness judgements. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../small_stack.h"
#include "chartctl/errors.h"
#include "kube/kube.h"

static char dir[256];

static void write_file(const char *name, const char *text) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static char *path_of(const char *name) {
  static char p[4][512];
  static int i;
  i = (i + 1) % 4;
  snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
  return p[i];
}

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/ct-kubecfg-XXXXXX");
  assert_non_null(mkdtemp(dir));
  return 0;
}

static int teardown(void **state) {
  (void)state;
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd);
}

static const char *A = "apiVersion: v1\nkind: Config\ncurrent-context: one\n"
                       "clusters:\n- name: c1\n  cluster:\n    server: https://127.0.0.1:6443/\n"
                       "    certificate-authority-data: SGVsbG8=\n"
                       "contexts:\n- name: one\n  context:\n    cluster: c1\n    user: u1\n    namespace: apps\n"
                       "- name: broken\n  context:\n    cluster: nope\n"
                       "users:\n- name: u1\n  user:\n    tokenFile: tok\n";
static const char *B = "apiVersion: v1\nkind: Config\ncurrent-context: two\n"
                       "clusters:\n- name: c1\n  cluster:\n    server: https://ignored:1\n"
                       "- name: c2\n  cluster:\n    server: https://10.0.0.2:443\n    insecure-skip-tls-verify: true\n"
                       "contexts:\n- name: two\n  context:\n    cluster: c2\n    user: u2\n"
                       "users:\n- name: u2\n  user:\n    username: admin\n    password: secret\n";

static void loads_explicit_file_with_relative_token(void **state) {
  (void)state;
  write_file("a.yaml", A);
  write_file("tok", "abc123\n");
  ct_kubeconfig kc;
  ct_kube_opts o = {.kubeconfig = path_of("a.yaml")};
  assert_int_equal(ct_kubeconfig_load(&kc, &o), CT_OK);
  assert_string_equal(kc.server, "https://127.0.0.1:6443");
  assert_string_equal(kc.namespace, "apps");
  assert_string_equal(kc.token, "abc123");
  assert_int_equal(kc.ca_len, 5);
  assert_memory_equal(kc.ca_pem, "Hello", 5);
  ct_kubeconfig_dispose(&kc);
}

static void merges_kubeconfig_list_first_wins(void **state) {
  (void)state;
  write_file("a.yaml", A);
  write_file("b.yaml", B);
  write_file("tok", "t\n");
  char env[1200];
  snprintf(env, sizeof env, "%s:%s:%s", path_of("missing.yaml"), path_of("a.yaml"), path_of("b.yaml"));
  setenv("KUBECONFIG", env, 1);
  ct_kubeconfig kc;
  ct_kube_opts o = {0};
  assert_int_equal(ct_kubeconfig_load(&kc, &o), CT_OK);
  assert_string_equal(kc.context, "one"); /* a.yaml's current-context wins */
  ct_kubeconfig_dispose(&kc);
  o.context = "two";
  o.namespace = "override";
  assert_int_equal(ct_kubeconfig_load(&kc, &o), CT_OK);
  assert_string_equal(kc.server, "https://10.0.0.2:443");
  assert_true(kc.insecure);
  assert_string_equal(kc.username, "admin");
  assert_string_equal(kc.namespace, "override");
  ct_kubeconfig_dispose(&kc);
  unsetenv("KUBECONFIG");
}

static void errors_name_the_problem(void **state) {
  (void)state;
  write_file("a.yaml", A);
  ct_kubeconfig kc;
  ct_kube_opts o = {.kubeconfig = path_of("a.yaml"), .context = "nope"};
  assert_int_equal(ct_kubeconfig_load(&kc, &o), CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "context \"nope\" does not exist"));
  o.context = "broken";
  assert_int_equal(ct_kubeconfig_load(&kc, &o), CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "cluster \"nope\""));
  o.context = NULL;
  o.kubeconfig = path_of("absent.yaml");
  assert_int_not_equal(ct_kubeconfig_load(&kc, &o), CT_OK);
  assert_non_null(strstr(ct_error_last(), "absent.yaml"));
  write_file("bad.yaml", "clusters: [\n");
  o.kubeconfig = path_of("bad.yaml");
  assert_int_equal(ct_kubeconfig_load(&kc, &o), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "bad.yaml"));
  write_file("a.yaml", A); /* token file missing now? it exists from before: remove it */
  char p[600];
  snprintf(p, sizeof p, "%s/tok", dir);
  unlink(p);
  o.kubeconfig = path_of("a.yaml");
  assert_int_not_equal(ct_kubeconfig_load(&kc, &o), CT_OK);
  assert_non_null(strstr(ct_error_last(), "tokenFile"));
}

static void yaml_manifests_to_json(void **state) {
  (void)state;
  const char *y = "# comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
                  "data:\n  a: \"1\"\n  b: yes\n  num: 10\n  f: 1.5\n---\n---\nkind: List\nitems: []\n";
  json_t *docs;
  assert_int_equal(ct_kube_yaml_to_json(&docs, y, strlen(y)), CT_OK);
  assert_int_equal(json_array_size(docs), 2);
  json_t *d = json_object_get(json_array_get(docs, 0), "data");
  assert_string_equal(json_string_value(json_object_get(d, "a")), "1");
  assert_true(json_is_true(json_object_get(d, "b")));
  assert_int_equal(json_integer_value(json_object_get(d, "num")), 10);
  json_decref(docs);
  const char *bad = "a: [1, 2\nb: c\n";
  assert_int_equal(ct_kube_yaml_to_json(&docs, bad, strlen(bad)), CT_EINVAL);
  assert_non_null(strstr(ct_error_last(), "line"));
}

/* Manifests nested deeper than the stack allows (a thread's 512 KiB here, or a shell's
 * `ulimit -s`) are refused with an error naming the cause, not read off the end of the stack;
 * the same documents, less deep, still read. */
typedef struct deep_job {
  int depth;
  int rc;
  size_t got; /* levels read back */
  char err[256];
} deep_job;

static void *read_deep(void *arg) {
  deep_job *j = arg;
  size_t n = 3 + 2 * (size_t)j->depth + 2;
  char *doc = malloc(n), *w = doc;
  memcpy(w, "a: ", 3), w += 3;
  memset(w, '[', (size_t)j->depth), w += j->depth;
  *w++ = '1';
  memset(w, ']', (size_t)j->depth), w += j->depth;
  *w++ = '\n';
  json_t *docs = NULL;
  j->rc = ct_kube_yaml_to_json(&docs, doc, (size_t)(w - doc));
  snprintf(j->err, sizeof j->err, "%s", j->rc ? ct_error_last() : "");
  if (!j->rc) {
    json_t *v = json_object_get(json_array_get(docs, 0), "a");
    for (j->got = 0; json_is_array(v); j->got++)
      v = json_array_get(v, 0);
    json_decref(docs);
  }
  free(doc);
  return NULL;
}

static void yaml_nested_deeper_than_the_stack(void **state) {
  (void)state;
  deep_job jobs[] = {{9000, 0, 0, ""}, {300, 0, 0, ""}};
  for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++)
    ct_test_on_stack(read_deep, &jobs[i], (size_t)512 << 10);
  assert_int_equal(jobs[0].rc, CT_EINVAL);
  assert_string_equal(jobs[0].err, "yaml: line 1: document nested too deeply for the stack");
  assert_int_equal(jobs[1].rc, CT_OK);
  assert_int_equal(jobs[1].got, 300);
}

static void readiness_of_workloads(void **state) {
  (void)state;
  json_t *d = json_loads("{\"kind\":\"Deployment\",\"metadata\":{\"generation\":2},\"spec\":{\"replicas\":3},"
                         "\"status\":{\"observedGeneration\":2,\"replicas\":3,\"updatedReplicas\":3,\"readyReplicas\":2,"
                         "\"availableReplicas\":2}}",
                         0, NULL);
  char why[128];
  assert_int_equal(ct_kube_readiness(d, why, sizeof why), CT_IN_PROGRESS);
  assert_string_equal(why, "2 of 3 replicas ready");
  json_object_set_new(json_object_get(d, "status"), "readyReplicas", json_integer(3));
  json_object_set_new(json_object_get(d, "status"), "availableReplicas", json_integer(3));
  assert_int_equal(ct_kube_readiness(d, why, sizeof why), CT_READY);
  json_object_set_new(json_object_get(d, "metadata"), "generation", json_integer(3));
  assert_int_equal(ct_kube_readiness(d, why, sizeof why), CT_IN_PROGRESS);
  json_decref(d);
  json_t *p = json_loads("{\"kind\":\"Pod\",\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\","
                         "\"restartCount\":4,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}]}}",
                         0, NULL);
  assert_int_equal(ct_kube_readiness(p, why, sizeof why), CT_IN_PROGRESS);
  assert_non_null(strstr(why, "CrashLoopBackOff"));
  json_decref(p);
  json_t *j = json_loads("{\"kind\":\"Job\",\"status\":{\"conditions\":[{\"type\":\"Failed\",\"status\":\"True\"}]}}", 0, NULL);
  assert_int_equal(ct_kube_readiness(j, why, sizeof why), CT_FAILED);
  json_decref(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(loads_explicit_file_with_relative_token),
      cmocka_unit_test(merges_kubeconfig_list_first_wins),
      cmocka_unit_test(errors_name_the_problem),
      cmocka_unit_test(yaml_manifests_to_json),
      cmocka_unit_test(yaml_nested_deeper_than_the_stack),
      cmocka_unit_test(readiness_of_workloads),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
