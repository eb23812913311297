/* test_force_replace.c — the replace strategy behind `upgrade --force` against kubesim over
 * TLS: ct_kube_replace (PUT of the whole object with the live resourceVersion, create when
 * missing, dry run) and ct_res_update (create / apply / replace, errors collected as Helm's
 * Update joins them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "action/resources.h"
#include "chartctl/errors.h"
#include "harness.h"
#include "kube/kube.h"

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

static ct_kube *open_client(void) {
  ct_kube_opts o = {.kubeconfig = sim.kubeconfig, .max_retries = 2, .timeout_ms = 5000};
  ct_kube *k = NULL;
  assert_int_equal(ct_kube_open(&k, &o), CT_OK);
  return k;
}

static json_t *docs(const char *y) {
  json_t *d = NULL;
  assert_int_equal(ct_kube_yaml_to_json(&d, y, strlen(y)), CT_OK);
  return d;
}

static const char *data_of(ct_kube *k, const char *name, const char *key) {
  static char buf[256];
  json_t *live = NULL;
  if (ct_kube_get(k, "v1", "ConfigMap", NULL, name, &live)) return NULL;
  const char *v = json_string_value(json_object_get(json_object_get(live, "data"), key));
  snprintf(buf, sizeof buf, "%s", v ? v : "(none)");
  json_decref(live);
  return buf;
}

static void replace_drops_fields_outside_the_object(void **state) {
  (void)state;
  ct_kube *k = open_client();
  json_t *d = docs("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r1\ndata:\n  a: \"1\"\n");
  json_t *cm = json_array_get(d, 0), *res = NULL;
  bool created = false;
  /* missing: created */
  assert_int_equal(ct_kube_replace(k, cm, NULL, false, &created, &res), CT_OK);
  assert_true(created);
  json_decref(res);
  /* someone else adds a key; a replace of the same object removes it (an apply would not) */
  json_t *other = docs("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r1\ndata:\n  a: \"1\"\n  b: \"2\"\n");
  assert_int_equal(ct_kube_apply(k, json_array_get(other, 0), NULL, "someone", true, false, NULL), CT_OK);
  assert_string_equal(data_of(k, "r1", "b"), "2");
  assert_int_equal(ct_kube_apply(k, cm, NULL, "chartctl", true, false, NULL), CT_OK);
  assert_string_equal(data_of(k, "r1", "b"), "2");
  assert_int_equal(ct_kube_replace(k, cm, NULL, false, &created, &res), CT_OK);
  assert_false(created);
  assert_string_equal(data_of(k, "r1", "b"), "(none)");
  assert_string_equal(data_of(k, "r1", "a"), "1");
  json_decref(res);
  /* a dry run changes nothing */
  json_t *changed = docs("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r1\ndata:\n  a: \"9\"\n");
  assert_int_equal(ct_kube_replace(k, json_array_get(changed, 0), NULL, true, NULL, NULL), CT_OK);
  assert_string_equal(data_of(k, "r1", "a"), "1");
  json_decref(changed);
  json_decref(other);
  json_decref(d);
  ct_kube_close(k);
}

static void update_collects_errors_like_helm(void **state) {
  (void)state;
  ct_kube *k = open_client();
  const char *v1 = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s1\nspec:\n  clusterIP: 10.96.77.77\n  ports:\n  - port: 80\n"
                   "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d1\nspec:\n  selector:\n    matchLabels: {app: a}\n"
                   "  template:\n    metadata:\n      labels: {app: a}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n"
                   "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u1\ndata:\n  a: \"1\"\n";
  json_t *objs = docs(v1);
  assert_int_equal(ct_res_update(k, objs, "rel", "default", false, NULL), CT_OK);
  json_decref(objs);
  /* the Service's clusterIP and the Deployment's selector change: both fail, the ConfigMap is
   * still replaced, and the errors are joined as Helm's Update joins them */
  const char *v2 = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s1\nspec:\n  clusterIP: 10.96.77.78\n  ports:\n  - port: 80\n"
                   "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d1\nspec:\n  selector:\n    matchLabels: {app: b}\n"
                   "  template:\n    metadata:\n      labels: {app: b}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n"
                   "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: u1\ndata:\n  a: \"2\"\n";
  objs = docs(v2);
  assert_int_not_equal(ct_res_update(k, objs, "rel", "default", true, NULL), CT_OK);
  const char *e = ct_error_last();
  assert_non_null(strstr(e, "failed to replace object: Service \"s1\" is invalid: spec.clusterIPs[0]: Invalid value: "
                            "[]string{\"10.96.77.78\"}: may not change once set && failed to replace object: "
                            "Deployment.apps \"d1\" is invalid: spec.selector"));
  assert_string_equal(data_of(k, "u1", "a"), "2");
  /* without --force the wording is Helm's patch failure */
  assert_int_not_equal(ct_res_update(k, objs, "rel", "default", false, NULL), CT_OK);
  assert_non_null(strstr(ct_error_last(), "cannot patch \"s1\" with kind Service: Service \"s1\" is invalid"));
  json_decref(objs);
  /* the replaced objects carry Helm's ownership metadata */
  json_t *live = NULL;
  assert_int_equal(ct_kube_get(k, "v1", "ConfigMap", NULL, "u1", &live), CT_OK);
  assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(live, "metadata"), "annotations"),
                                                        "meta.helm.sh/release-name")),
                      "rel");
  json_decref(live);
  ct_kube_close(k);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(replace_drops_fields_outside_the_object),
      cmocka_unit_test(update_collects_errors_like_helm),
  };
  return cmocka_run_group_tests(tests, up, down);
}
