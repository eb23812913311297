/* test_kube_client.c — chartctl's kube client and release storage against kubesim over
 * TLS with client certificates: verbs, selectors, conflicts, readiness of a rollout,
 * retries under injected faults, token auth, refused credentials, Secret records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "chartctl/errors.h"
#include "harness.h"
#include "kube/kube.h"
#include "storage/storage.h"

static ct_sim sim;

static int up(void **state) {
  (void)state;
  return ct_sim_start(&sim, NULL);
}
static int down(void **state) {
  (void)state;
  ct_sim_stop(&sim, 0);
  return 0;
}

static ct_kube *open_client(int retries) {
  ct_kube_opts o = {.kubeconfig = sim.kubeconfig, .max_retries = retries, .timeout_ms = 5000};
  ct_kube *k = NULL;
  int rc = ct_kube_open(&k, &o);
  if (rc) fprintf(stderr, "open: %s\n", ct_error_last());
  assert_int_equal(rc, CT_OK);
  return k;
}

static json_t *yaml(const char *y) {
  json_t *docs;
  assert_int_equal(ct_kube_yaml_to_json(&docs, y, strlen(y)), CT_OK);
  json_t *o = json_incref(json_array_get(docs, 0));
  json_decref(docs);
  return o;
}

static void apply_get_list_delete(void **state) {
  (void)state;
  ct_kube *k = open_client(3);
  assert_string_equal(ct_kube_namespace(k), "default");
  json_t *cm = yaml("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  labels:\n    app: web\ndata:\n  a: \"1\"\n  b: \"2\"\n");
  json_t *res = NULL;
  assert_int_equal(ct_kube_apply(k, cm, NULL, "chartctl", true, false, &res), CT_OK);
  assert_string_equal(json_string_value(json_object_get(json_object_get(res, "data"), "b")), "2");
  json_decref(res);
  /* re-apply a smaller object: the field this manager dropped goes away */
  json_object_del(json_object_get(cm, "data"), "b");
  assert_int_equal(ct_kube_apply(k, cm, NULL, "chartctl", true, false, &res), CT_OK);
  json_decref(res);
  assert_int_equal(ct_kube_get(k, "v1", "ConfigMap", NULL, "web", &res), CT_OK);
  assert_null(json_object_get(json_object_get(res, "data"), "b"));
  /* stale resourceVersion → conflict */
  json_t *stale = json_deep_copy(res);
  json_decref(res);
  json_object_set_new(json_object_get(cm, "data"), "c", json_string("3"));
  assert_int_equal(ct_kube_apply(k, cm, NULL, "chartctl", true, false, &res), CT_OK);
  json_decref(res);
  assert_int_equal(ct_kube_update(k, stale, NULL, &res), CT_ECONFLICT);
  json_decref(stale);
  /* selectors */
  assert_int_equal(ct_kube_list(k, "v1", "ConfigMap", NULL, "app=web", &res), CT_OK);
  assert_int_equal(json_array_size(json_object_get(res, "items")), 1);
  json_decref(res);
  assert_int_equal(ct_kube_list(k, "v1", "ConfigMap", NULL, "app!=web", &res), CT_OK);
  assert_int_equal(json_array_size(json_object_get(res, "items")), 0);
  json_decref(res);
  assert_int_equal(ct_kube_delete(k, "v1", "ConfigMap", NULL, "web", "Background"), CT_OK);
  assert_int_equal(ct_kube_get(k, "v1", "ConfigMap", NULL, "web", &res), CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "not found"));
  assert_int_equal(ct_kube_delete(k, "v1", "ConfigMap", NULL, "web", NULL), CT_ENOTFOUND);
  /* an unknown kind: clear mapping error */
  assert_int_equal(ct_kube_get(k, "example.com/v1", "Widget", NULL, "x", &res), CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "Widget"));
  json_decref(cm);
  ct_kube_close(k);
}

static void deployment_becomes_ready(void **state) {
  (void)state;
  ct_kube *k = open_client(3);
  json_t *d = yaml("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n"
                   "  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n"
                   "    spec:\n      containers:\n      - name: api\n        image: nginx:1\n");
  json_t *res = NULL;
  assert_int_equal(ct_kube_apply(k, d, NULL, "chartctl", true, false, &res), CT_OK);
  json_decref(res);
  ct_readiness r = CT_IN_PROGRESS;
  char why[256] = "";
  for (int i = 0; i < 100 && r != CT_READY; i++) {
    assert_int_equal(ct_kube_get(k, "apps/v1", "Deployment", NULL, "api", &res), CT_OK);
    r = ct_kube_readiness(res, why, sizeof why);
    json_decref(res);
    if (r != CT_READY) usleep(100000);
  }
  assert_int_equal(r, CT_READY);
  /* pods that never become ready */
  json_t *bad = yaml("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\nspec:\n  replicas: 1\n"
                     "  selector:\n    matchLabels:\n      app: bad\n  template:\n    metadata:\n      labels:\n        app: bad\n"
                     "    spec:\n      containers:\n      - name: c\n        image: crashloop:1\n");
  assert_int_equal(ct_kube_apply(k, bad, NULL, "chartctl", true, false, &res), CT_OK);
  json_decref(res);
  usleep(1500000);
  assert_int_equal(ct_kube_get(k, "apps/v1", "Deployment", NULL, "bad", &res), CT_OK);
  assert_int_equal(ct_kube_readiness(res, why, sizeof why), CT_IN_PROGRESS);
  assert_non_null(strstr(why, "ready"));
  json_decref(res);
  json_decref(d);
  json_decref(bad);
  ct_kube_close(k);
}

static void retries_through_faults(void **state) {
  (void)state;
  /* with half the requests faulted, 8 retries lost all 9 attempts of one of the 10 lists in
   * ~2% of runs (0.5^9 each); 30 make that ~5e-9 */
  ct_kube *k = open_client(30);
  assert_int_equal(ct_sim_faults(&sim, "{\"errorRate\":0.5}"), 0);
  json_t *res = NULL;
  for (int i = 0; i < 10; i++) {
    assert_int_equal(ct_kube_list(k, "v1", "ConfigMap", NULL, NULL, &res), CT_OK);
    json_decref(res);
  }
  assert_int_equal(ct_sim_faults(&sim, "{\"errorRate\":1}"), 0);
  ct_kube *k0 = open_client(1);
  int rc = ct_kube_list(k0, "v1", "Secret", NULL, NULL, &res);
  assert_int_not_equal(rc, CT_OK); /* every attempt faulted: a clear error, no crash */
  ct_kube_close(k0);
  assert_int_equal(ct_sim_faults(&sim, "{\"errorRate\":0,\"dropRate\":0.4}"), 0);
  for (int i = 0; i < 5; i++) {
    assert_int_equal(ct_kube_list(k, "v1", "ConfigMap", NULL, NULL, &res), CT_OK);
    json_decref(res);
  }
  assert_int_equal(ct_sim_faults(&sim, "{\"dropRate\":0}"), 0);
  ct_kube_close(k);
}

static void token_auth_and_refusal(void **state) {
  (void)state;
  char tokpath[400], cfg[400], *tok = NULL;
  snprintf(tokpath, sizeof tokpath, "%s/data/token", sim.dir);
  FILE *f = fopen(tokpath, "r");
  assert_non_null(f);
  char buf[512] = "";
  assert_non_null(fgets(buf, sizeof buf, f));
  fclose(f);
  buf[strcspn(buf, "\r\n")] = 0;
  tok = buf;
  ct_kube *k = open_client(0);
  const char *server = ct_kube_config(k)->server;
  snprintf(cfg, sizeof cfg, "%s/token.yaml", sim.dir);
  f = fopen(cfg, "w");
  fprintf(f, "apiVersion: v1\nkind: Config\ncurrent-context: t\nclusters:\n- name: c\n  cluster:\n    server: %s\n"
             "    insecure-skip-tls-verify: true\ncontexts:\n- name: t\n  context:\n    cluster: c\n    user: u\n"
             "- name: bad\n  context:\n    cluster: c\n    user: nobody\nusers:\n- name: u\n  user:\n    token: %s\n"
             "- name: nobody\n  user:\n    token: wrong\n",
          server, tok);
  fclose(f);
  ct_kube_close(k);
  ct_kube_opts o = {.kubeconfig = cfg, .max_retries = 0};
  assert_int_equal(ct_kube_open(&k, &o), CT_OK);
  json_t *res = NULL;
  assert_int_equal(ct_kube_list(k, "v1", "ConfigMap", NULL, NULL, &res), CT_OK);
  json_decref(res);
  ct_kube_close(k);
  o.context = "bad";
  assert_int_equal(ct_kube_open(&k, &o), CT_OK);
  assert_int_equal(ct_kube_list(k, "v1", "ConfigMap", NULL, NULL, &res), CT_EPERM);
  ct_kube_close(k);
}

/* a kubeconfig naming the server by another address, with tls-server-name, and an exec
 * credential plugin that prints an ExecCredential with the token */
static void tls_server_name_and_exec_plugin(void **state) {
  (void)state;
  char tokpath[400], cfg[400], plugin[400], buf[512] = "";
  snprintf(tokpath, sizeof tokpath, "%s/data/token", sim.dir);
  FILE *f = fopen(tokpath, "r");
  assert_non_null(f);
  assert_non_null(fgets(buf, sizeof buf, f));
  fclose(f);
  buf[strcspn(buf, "\r\n")] = 0;
  ct_kube *k = open_client(0);
  const char *server = ct_kube_config(k)->server; /* https://127.0.0.1:PORT */
  const char *port = strrchr(server, ':') + 1;
  snprintf(plugin, sizeof plugin, "%s/plugin.sh", sim.dir);
  f = fopen(plugin, "w");
  fprintf(f, "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
             "\"status\":{\"token\":\"%s\"}}'\n", buf);
  fclose(f);
  chmod(plugin, 0755);
  snprintf(cfg, sizeof cfg, "%s/sni.yaml", sim.dir);
  f = fopen(cfg, "w");
  fprintf(f, "apiVersion: v1\nkind: Config\ncurrent-context: good\nclusters:\n"
             "- name: good\n  cluster:\n    server: https://127.0.0.1:%s\n    tls-server-name: localhost\n"
             "    certificate-authority: data/ca.crt\n"
             "- name: bad\n  cluster:\n    server: https://127.0.0.1:%s\n    tls-server-name: wrong.example\n"
             "    certificate-authority: data/ca.crt\n"
             "contexts:\n- name: good\n  context: {cluster: good, user: plugin}\n"
             "- name: bad\n  context: {cluster: bad, user: plugin}\n"
             "users:\n- name: plugin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
             "      command: %s\n      interactiveMode: Never\n",
          port, port, plugin);
  fclose(f);
  ct_kube_close(k);
  ct_kube_opts o = {.kubeconfig = cfg, .max_retries = 0, .timeout_ms = 5000};
  json_t *res = NULL;
  assert_int_equal(ct_kube_open(&k, &o), CT_OK);
  int rc = ct_kube_list(k, "v1", "ConfigMap", NULL, NULL, &res);
  if (rc) fprintf(stderr, "tls-server-name: %s\n", ct_error_last());
  assert_int_equal(rc, CT_OK);
  json_decref(res);
  ct_kube_close(k);
  o.context = "bad";
  assert_int_equal(ct_kube_open(&k, &o), CT_OK);
  assert_int_not_equal(ct_kube_list(k, "v1", "ConfigMap", NULL, NULL, &res), CT_OK); /* name mismatch refused */
  ct_kube_close(k);
}

static void secret_records_round_trip(void **state) {
  (void)state;
  ct_kube *k = open_client(3);
  ct_store *s = ct_store_open("secret", k, "default");
  json_t *rel = json_pack("{s:s,s:{s:s,s:s},s:s,s:i,s:s}", "name", "web", "info", "status", "deployed", "description",
                          "Install complete", "manifest", "---\n", "version", 1, "namespace", "default");
  assert_int_equal(s->ops->create(s, rel), CT_OK);
  assert_int_equal(s->ops->create(s, rel), CT_EEXIST);
  json_t *back = NULL;
  assert_int_equal(s->ops->get(s, "web", 1, &back), CT_OK);
  assert_true(json_equal(rel, back));
  json_decref(back);
  /* the Secret carries Helm's labels and type */
  json_t *sec = NULL;
  assert_int_equal(ct_kube_get(k, "v1", "Secret", "default", "sh.helm.release.v1.web.v1", &sec), CT_OK);
  assert_string_equal(json_string_value(json_object_get(sec, "type")), "helm.sh/release.v1");
  json_t *labels = json_object_get(json_object_get(sec, "metadata"), "labels");
  assert_string_equal(json_string_value(json_object_get(labels, "owner")), "helm");
  assert_string_equal(json_string_value(json_object_get(labels, "status")), "deployed");
  assert_string_equal(json_string_value(json_object_get(labels, "version")), "1");
  assert_non_null(json_object_get(labels, "createdAt"));
  json_decref(sec);
  ct_release_set_status(rel, "superseded", "Superseded");
  assert_int_equal(s->ops->update(s, rel), CT_OK);
  json_t *h = NULL;
  assert_int_equal(ct_store_history(s, "web", &h), CT_OK);
  assert_int_equal(json_array_size(h), 1);
  assert_string_equal(ct_release_status(json_array_get(h, 0)), "superseded");
  json_decref(h);
  assert_int_equal(s->ops->remove(s, "web", 1), CT_OK);
  assert_int_equal(s->ops->get(s, "web", 1, &back), CT_ENOTFOUND);
  json_decref(rel);
  ct_store_free(s);
  ct_kube_close(k);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(apply_get_list_delete),     cmocka_unit_test(deployment_becomes_ready),
      cmocka_unit_test(retries_through_faults),    cmocka_unit_test(token_auth_and_refusal),
      cmocka_unit_test(tls_server_name_and_exec_plugin), cmocka_unit_test(secret_records_round_trip),
  };
  return cmocka_run_group_tests(tests, up, down);
}
