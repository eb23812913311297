/* test_create.c — unit tests of create_new_service in process: each preset, the dialogue on
 * a stream (bad answers asked again, conflicting picks refused), EOF aborts, refusals
 * (existing chart, unknown preset, bad answers) and models from git repositories at a ref. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "sc_test_util.h"

static char *tmp;

/* libgit2 1.5 leaks pcre2 match data on every regex it runs (refspecs, config): not ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libpcre2-8.so\n"; }

static int setup(void **state) {
  (void)state;
  tmp = sc_tmpdir();
  return tmp ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  ct_scaffold__rm_rf(tmp);
  free(tmp);
  return 0;
}

/* Runs the command with INPUT as the dialogue; the dialogue's output goes to *OUT (heap). */
static int run(const ct_sc_create_opts *o, const char *input, char **out) {
  FILE *in = fmemopen((void *)input, strlen(input), "r");
  if (!*input) {
    if (in) fclose(in);
    in = fopen("/dev/null", "r");
  }
  char *obuf = NULL;
  size_t olen = 0;
  FILE *of = open_memstream(&obuf, &olen);
  int rc = ct_scaffold_create_service(o, in, of);
  fclose(of);
  fclose(in);
  if (out)
    *out = obuf;
  else
    free(obuf);
  return rc;
}

static const char *charts(void) {
  static char buf[512];
  snprintf(buf, sizeof buf, "%s/charts", tmp);
  return buf;
}

/* Nothing but finished charts in the charts folder (no temporary folders left). */
static void assert_no_leftovers(void) {
  ct_arena *a = ct_arena_new();
  size_t n;
  char **names = ct_scaffold__list_dir(a, charts(), &n);
  for (size_t i = 0; names && i < n; i++)
    assert_true(names[i][0] != '.');
  ct_arena_free(a);
}

static const char deployment_nodejs[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  {{- include \"base.meta.metadata\" (dict \"Root\" .) | indent 2 }}\n"
    "spec:\n"
    "  selector:\n"
    "  {{- include \"base.meta.selector\" . | indent 4 }}\n"
    "  replicas: {{ .Values.resources.replicas }}\n"
    "  template:\n"
    "    metadata:\n"
    "      labels:\n"
    "        {{- include \"base.meta.pod_labels\" . | indent 8 }}\n"
    "      annotations:\n"
    "        {{- include \"base.meta.pod_annotations\" . | indent 8 }}\n"
    "        {{- include \"mesh.name.annotations\" . | indent 8 }}\n"
    "    spec:\n"
    "      {{- if .Values.affinity }}\n"
    "      {{- toYaml .Values.affinity | nindent 6 }}\n"
    "      {{- end }}\n"
    "      containers:\n"
    "        {{- include \"app.generic.container\" . | indent 8 }}\n"
    "        {{- include \"mesh.deployment.container\" . | indent 8 }}\n"
    "      volumes:\n"
    "        {{- include \"app.generic.volume\" . | indent 8 }}\n"
    "        {{- include \"mesh.deployment.volume\" . | indent 8 }}\n"
    "\n\n\n";

static void preset_nodejs(void **state) {
  (void)state;
  ct_sc_create_opts o = {.scaffold = SC_FIXTURES "/_scaffold/service",
                         .charts_dir = charts(),
                         .name = "svc",
                         .preset = "nodejs"};
  char *out;
  assert_int_equal(run(&o, "", &out), 0);
  assert_non_null(strstr(out, "Selected components: generic-application,ingress,service-mesh"));
  assert_non_null(strstr(out, "+ mesh.configuration 1.15.3"));
  free(out);
  char dir[600];
  snprintf(dir, sizeof dir, "%s/svc", charts());
  char *s = sc_get(dir, "templates/deployment.yaml");
  assert_string_equal(s, deployment_nodejs); /* as sextant wrote Wikimedia's echoserver */
  free(s);
  s = sc_get(dir, "Chart.yaml");
  assert_non_null(strstr(s, "name: svc\n"));
  free(s);
  s = sc_get(dir, "values.yaml");
  assert_non_null(strstr(s, "\n  image: sometest-image\n"));
  assert_non_null(strstr(s, "\n  public_port: 8411\n"));
  assert_null(strstr(s, "__"));
  assert_null(strstr(s, "# replace: values"));
  free(s);
  s = sc_get(dir, "package.json");
  assert_string_equal(
      s,
      "[\n    \"app.generic:1.0\",\n    \"app.job:3.0\",\n    \"auth_proxy.httpd-cas:1.0\",\n"
      "    \"base.external-services-networkpolicy:1.0\",\n    \"base.networkpolicy:1.2\",\n"
      "    \"ingress.istio:1.3\",\n    \"mesh.configuration:1.15\",\n    \"mesh.deployment:1.3\",\n"
      "    \"mesh.networkpolicy:1.2\",\n    \"mesh.service:1.2\"\n]");
  free(s);
  assert_true(sc_has(dir, "templates/vendor/mesh/configuration_1.15.3.tpl"));
  assert_true(sc_has(dir, "templates/ingress.yaml"));
  assert_false(sc_has(dir, "templates/ingress.yaml.skel"));
  assert_false(sc_has(dir, "templates/cronjob.yaml.skel"));
  assert_no_leftovers();
}

static void preset_lamp(void **state) {
  (void)state;
  ct_sc_create_opts o = {.scaffold = SC_FIXTURES "/_scaffold/service",
                         .charts_dir = charts(),
                         .name = "lampsvc",
                         .preset = "lamp"};
  assert_int_equal(run(&o, "", NULL), 0);
  char dir[600];
  snprintf(dir, sizeof dir, "%s/lampsvc", charts());
  char *s = sc_get(dir, "values.yaml");
  assert_non_null(strstr(s, "\n      name: sometest-image\n"));
  assert_non_null(strstr(s, "\n    port: 8412 #"));
  free(s);
  assert_true(sc_has(dir, "templates/vendor/lamp/phpfpm_1.0.1.tpl"));
  assert_true(sc_has(dir, "templates/vendor/cache/mcrouter_1.3.5.tpl"));
  s = sc_get(dir, "templates/configmap.yaml");
  assert_non_null(strstr(s, "{{ include \"lamp.httpd.configmap\" . }}"));
  free(s);
}

static void dialogue_asks_again(void **state) {
  (void)state;
  ct_sc_create_opts o = {.scaffold = SC_FIXTURES "/_scaffold/service", .charts_dir = charts()};
  const char *input = "Bad_Name\nsvc\nweb\n" /* name: invalid, taken, ok */
                      "nope\nLAMP\ngeneric-application\n\ningress\nq\n"       /* components */
                      "Docker.IO/x\nWeb App\nrepos/web\n70000\nhttp\n8080\n"; /* image, port */
  char *out;
  assert_int_equal(run(&o, input, &out), 0);
  assert_non_null(strstr(
      out, "Please input the name of the new chart\n> Invalid answer: a chart name must consist"));
  assert_non_null(strstr(out, "Invalid answer: ")); /* taken */
  assert_non_null(strstr(out, "svc already exists (use --force to replace it)"));
  assert_non_null(strstr(out, "* LAMP\n  Basic LAMP application component.\n"));
  assert_non_null(strstr(out, "Invalid answer: unknown component \"nope\""));
  assert_non_null(strstr(
      out, "Invalid answer: generic-application conflicts with LAMP, which is already selected"));
  assert_non_null(strstr(out, "Already selected: LAMP\n"));
  assert_non_null(
      strstr(out, "===> Please answer the following questions:\n\n"
                  "* Please input the complete name of the image (without the registry)\n> "));
  assert_non_null(strstr(out,
                         "* Please input the port that this service will live on. If this service\n"
                         "  is not behind an ingress (i.e. you didn't select the \"ingress\"\n"));
  assert_non_null(strstr(out, "Invalid answer: give the image name without the registry\n> Invalid "
                              "answer: an image name must"));
  assert_non_null(strstr(out, "Invalid answer: a port must be a number between 1 and 65535\n> "
                              "Invalid answer: a port must be a number between 1 and 65535\n> "));
  free(out);
  char dir[600];
  snprintf(dir, sizeof dir, "%s/web", charts());
  char *s = sc_get(dir, "values.yaml");
  assert_non_null(strstr(s, "\n      name: repos/web\n"));
  assert_non_null(strstr(s, "\n    port: 8080 #"));
  free(s);
  s = sc_get(dir, "package.json");
  assert_non_null(strstr(s, "\"lamp.phpfpm:1.0\""));
  assert_non_null(strstr(s, "\"ingress.istio:1.3\""));
  assert_null(strstr(s, "mesh."));
  free(s);
}

static void dialogue_preset_shortcut(void **state) {
  (void)state;
  ct_sc_create_opts o = {
      .scaffold = SC_FIXTURES "/_scaffold/service", .charts_dir = charts(), .name = "short"};
  char *out;
  assert_int_equal(run(&o, "preset ruby\npreset nodejs\n", &out), 0);
  assert_non_null(strstr(out, "Presets (type \"preset NAME\" to use one):\n* lamp: LAMP ingress"));
  assert_non_null(strstr(out, "Invalid answer: unknown preset \"ruby\""));
  assert_null(strstr(out, "Please answer")); /* the preset answers everything */
  free(out);
}

static void eof_aborts_without_chart(void **state) {
  (void)state;
  ct_sc_create_opts o = {.scaffold = SC_FIXTURES "/_scaffold/service", .charts_dir = charts()};
  assert_int_equal(run(&o, "halfway\ngeneric-application\nq\nrepos/x\n", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "aborted"));
  assert_false(sc_has(charts(), "halfway"));
  assert_int_equal(run(&o, "", NULL), 1);
  assert_no_leftovers();
}

static void refusals(void **state) {
  (void)state;
  char dir[600];
  snprintf(dir, sizeof dir, "%s/taken", charts());
  sc_put(dir, "mine.txt", "keep me\n");
  ct_sc_create_opts o = {.scaffold = SC_FIXTURES "/_scaffold/service",
                         .charts_dir = charts(),
                         .name = "taken",
                         .preset = "nodejs"};
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "taken already exists (use --force to replace it)"));
  assert_true(sc_has(dir, "mine.txt"));
  o.force = true;
  assert_int_equal(run(&o, "", NULL), 0);
  assert_false(sc_has(dir, "mine.txt"));
  assert_true(sc_has(dir, "package.lock"));
  o.force = false;
  o.name = "other";
  o.preset = "ruby";
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "unknown preset \"ruby\""));
  o.preset = "nodejs";
  const char *bad[] = {"port=0"};
  o.set_answers = bad;
  o.nset_answers = 1;
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "invalid answer for port (\"0\")"));
  o.nset_answers = 0;
  o.name = "Not-A-Name";
  assert_int_equal(run(&o, "", NULL), 1);
  o.name = "other";
  o.modules = "/nonexistent/modules";
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "modules folder /nonexistent/modules not found"));
  o.modules = NULL;
  o.scaffold = "/nonexistent/model";
  assert_int_equal(run(&o, "", NULL), 1);
  assert_false(sc_has(charts(), "other"));
  assert_no_leftovers();
}

static void missing_module_version_refused(void **state) {
  (void)state;
  char model[600];
  snprintf(model, sizeof model, "%s/model", tmp);
  sc_put(model, "_skel/Chart.yaml", "apiVersion: v2\nname: __chartname__\nversion: 0.0.1\n");
  sc_put(model, "_wizard/x.yaml", "name: x\nmodules: [\"base.name:7.0\"]\n");
  sc_put(model, "_skel/templates/sub/deep.yaml.skel", "a:\n# replace: nothing\n");
  ct_sc_create_opts o = {.scaffold = model,
                         .modules = SC_FIXTURES "/modules",
                         .charts_dir = charts(),
                         .name = "nomod"};
  const char *comps[] = {"x"};
  o.components = comps;
  o.ncomponents = 1;
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(),
                         "/charts/nomod/package.json: could not find the module base.name:7.0"));
  assert_false(sc_has(charts(), "nomod"));
  assert_no_leftovers();
  /* with a module that exists: nested .skel files are expanded too (here: dropped, unused) */
  sc_put(
      model, "_wizard/x.yaml",
      "name: x\nmodules: [\"base.name:1.0\"]\ntemplates:\n  deep: |\n    {{- include \"x\" . }}\n");
  sc_put(model, "_skel/templates/sub/used.yaml.skel", "b:\n# replace: deep; indent: 2\n");
  assert_int_equal(run(&o, "", NULL), 0);
  char dir[600];
  snprintf(dir, sizeof dir, "%s/nomod", charts());
  assert_false(sc_has(dir, "templates/sub/deep.yaml"));
  assert_false(sc_has(dir, "templates/sub/deep.yaml.skel"));
  char *s = sc_get(dir, "templates/sub/used.yaml");
  assert_string_equal(s, "b:\n  {{- include \"x\" . | indent 2 }}");
  free(s);
  s = sc_get(dir, "package.lock");
  assert_non_null(strstr(s, "\"module\": \"name\""));
  free(s);
}

static void answers_file_and_components(void **state) {
  (void)state;
  char file[600];
  snprintf(file, sizeof file, "%s/answers.yaml", tmp);
  sc_put(tmp, "answers.yaml", "image_name: repos/api\nport: \"9000\"\n");
  const char *comps[] = {"generic-application", "ingress"};
  const char *sets[] = {"port=9001"};
  ct_sc_create_opts o = {.scaffold = SC_FIXTURES "/_scaffold/service",
                         .charts_dir = charts(),
                         .name = "api",
                         .answers_file = file,
                         .components = comps,
                         .ncomponents = 2,
                         .set_answers = sets,
                         .nset_answers = 1};
  assert_int_equal(run(&o, "", NULL), 0);
  char dir[600];
  snprintf(dir, sizeof dir, "%s/api", charts());
  char *s = sc_get(dir, "values.yaml");
  assert_non_null(strstr(s, "\n  image: repos/api\n"));
  assert_non_null(strstr(s, "\n  port: 9001 #"));
  free(s);
  const char *conflicting[] = {"generic-application", "LAMP"};
  o.components = conflicting;
  o.name = "api2";
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "LAMP conflicts with generic-application"));
}

/* Runs CMD with $REPO set to REPO. */
static int sh(const char *cmd, const char *repo) {
  setenv("REPO", repo, 1);
  return system(cmd);
}

static void git_sources(void **state) {
  (void)state;
  if (system("git --version >/dev/null 2>&1") != 0) skip();
  char repo[600], cache[600];
  snprintf(repo, sizeof repo, "%s/repo", tmp);
  snprintf(cache, sizeof cache, "%s/cache", tmp);
  assert_int_equal(sh("mkdir -p \"$REPO\" && cp -r " SC_FIXTURES "/_scaffold " SC_FIXTURES
                      "/modules \"$REPO\"/ && cd \"$REPO\" && "
                      "git init -q -b main . && git add -A && "
                      "git -c user.name=t -c user.email=t@t -c commit.gpgsign=false commit -qm one "
                      "&& git tag v1",
                      repo),
                   0);
  ct_sc_create_opts o = {.charts_dir = charts(), .preset = "nodejs", .cache_dir = cache};
  char spec[800];
  snprintf(spec, sizeof spec, "%s@v1//_scaffold/service", repo);
  o.scaffold = spec;
  o.name = "fromgit";
  assert_int_equal(run(&o, "", NULL), 0);
  assert_true(sc_has(charts(), "fromgit/templates/vendor/mesh/service_1.2.1.tpl"));
  /* a new commit on main: the cached clone is fetched, the preset file is new there */
  assert_int_equal(sh("cd \"$REPO\" && printf 'components: [generic-application]\\nresponses: "
                      "{image_name: x, port: \"1\"}\\n' "
                      "> _scaffold/service/.presets/tiny.yaml && git add -A && "
                      "git -c user.name=t -c user.email=t@t -c commit.gpgsign=false commit -qm two",
                      repo),
                   0);
  snprintf(spec, sizeof spec, "file://%s@main", repo); /* the only model under _scaffold */
  o.preset = "tiny";
  o.name = "fromgit2";
  assert_int_equal(run(&o, "", NULL), 0);
  snprintf(spec, sizeof spec, "%s@v1", repo); /* the tag does not have the new preset */
  o.name = "fromgit3";
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "unknown preset \"tiny\""));
  /* modules from the repository at a ref, the model from a local folder */
  char mspec[800];
  snprintf(mspec, sizeof mspec, "file://%s@v1", repo);
  o.scaffold = SC_FIXTURES "/_scaffold/service";
  o.modules = mspec;
  o.preset = "nodejs";
  o.name = "gitmods";
  assert_int_equal(run(&o, "", NULL), 0);
  assert_true(sc_has(charts(), "gitmods/templates/vendor/app/generic_1.0.4.tpl"));
  snprintf(mspec, sizeof mspec, "file://%s@v1//nothing-here", repo);
  o.name = "gitmods2";
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "nothing-here is not a folder in"));
  o.modules = NULL;
  o.scaffold = spec;
  snprintf(spec, sizeof spec, "%s@no-such-ref", repo);
  o.preset = "nodejs";
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "git ref \"no-such-ref\" does not exist"));
  snprintf(spec, sizeof spec, "%s@v1//no/model", repo);
  assert_int_equal(run(&o, "", NULL), 1);
  assert_non_null(strstr(ct_error_last(), "no/model is not a scaffold model"));
  snprintf(spec, sizeof spec, "file://%s/missing@v1", tmp);
  assert_int_equal(run(&o, "", NULL), 1);
  assert_false(sc_has(charts(), "fromgit3"));
  assert_no_leftovers();
}

static void update_and_vendor_commands(void **state) {
  (void)state;
  ct_sc_create_opts o = {.scaffold = SC_FIXTURES "/_scaffold/service",
                         .charts_dir = charts(),
                         .name = "old",
                         .preset = "nodejs"};
  assert_int_equal(run(&o, "", NULL), 0);
  char dir[600];
  snprintf(dir, sizeof dir, "%s/old", charts());
  /* pretend the chart was vendored when mesh.configuration 1.15.1 was the newest */
  char *lock = sc_get(dir, "package.lock");
  char *at = strstr(lock, "\"version\": \"1.15.3\"");
  assert_non_null(at);
  memcpy(at + 12, "1.15.1", 6);
  sleep(1);
  sc_put(dir, "package.lock", lock);
  free(lock);
  char *obuf = NULL;
  size_t olen = 0;
  FILE *out = open_memstream(&obuf, &olen);
  assert_int_equal(ct_scaffold_vendor_chart(dir, SC_FIXTURES "/modules", false, true, false, out),
                   0);
  fflush(out);
  assert_non_null(strstr(obuf, "templates/vendor/mesh/configuration_1.15.3.tpl")); /* pruned */
  assert_true(sc_has(dir, "templates/vendor/mesh/configuration_1.15.1.tpl"));
  fclose(out);
  free(obuf);
  out = open_memstream(&obuf, &olen);
  assert_int_equal(ct_scaffold_vendor_chart(dir, SC_FIXTURES "/modules", true, true, true, out), 0);
  fclose(out);
  assert_non_null(strstr(obuf, "~ mesh.configuration 1.15.1 -> 1.15.3"));
  assert_non_null(strstr(obuf, "chart version bumped to 0.0.3"));
  free(obuf);
  assert_true(sc_has(dir, "templates/vendor/mesh/configuration_1.15.3.tpl"));
  assert_false(sc_has(dir, "templates/vendor/mesh/configuration_1.15.1.tpl"));
  out = open_memstream(&obuf, &olen);
  assert_int_equal(ct_scaffold_vendor_chart(dir, SC_FIXTURES "/modules", true, true, true, out), 0);
  fclose(out);
  assert_non_null(strstr(obuf, "is up to date"));
  free(obuf);
  out = open_memstream(&obuf, &olen);
  assert_int_equal(
      ct_scaffold_vendor_chart("/nonexistent/chart", SC_FIXTURES "/modules", true, true, true, out),
      1);
  fclose(out);
  free(obuf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(preset_nodejs),
      cmocka_unit_test(preset_lamp),
      cmocka_unit_test(dialogue_asks_again),
      cmocka_unit_test(dialogue_preset_shortcut),
      cmocka_unit_test(eof_aborts_without_chart),
      cmocka_unit_test(refusals),
      cmocka_unit_test(missing_module_version_refused),
      cmocka_unit_test(answers_file_and_components),
      cmocka_unit_test(git_sources),
      cmocka_unit_test(update_and_vendor_commands),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
