/* render.c — charts made by create_new_service (each preset of the Wikimedia model) and by
 * `chartctl create`'s starter render with the real `helm template` (helm 3.17.1 from $HELM3 or
 * the reference tools), the starter lints clean, and when build/chartctl can template, its
 * output equals helm's. Usage: scaffold_render CREATE_NEW_SERVICE FIXTURES [CHARTCTL]
 * With CHARTCTL only the chartctl comparison is made. Exit 77 (skipped) when no helm binary is
 * available, or (with CHARTCTL) when chartctl has no working template command yet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct_scaffold.h"

static int failures;
#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                         \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

/* Output of a shell command (heap), *STATUS its exit status. */
static char *run(const char *cmd, int *status) {
  FILE *p = popen(cmd, "r");
  if (!p) return NULL;
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (len + 4096 > cap) buf = realloc(buf, cap *= 2);
    size_t n = fread(buf + len, 1, cap - len - 1, p);
    if (n == 0) break;
    len += n;
  }
  buf[len] = 0;
  int st = pclose(p);
  *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return buf;
}

static char *find_helm(void) {
  const char *env = getenv("HELM3");
  if (env && access(env, X_OK) == 0) return strdup(env);
  /* the shared reference tools: beside the checkout (CI) or at /work/shared */
  const char *candidates[] = {"../shared/tools/get-reference-tools",
                              "/work/shared/tools/get-reference-tools"};
  const char *tools = NULL;
  for (size_t i = 0; i < 2 && !tools; i++)
    if (access(candidates[i], X_OK) == 0) tools = candidates[i];
  if (!tools) return NULL;
  int st;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "'%s' --quiet 2>/dev/null", tools);
  char *out = run(cmd, &st);
  if (!out || st != 0) {
    free(out);
    return NULL;
  }
  char *h = strstr(out, "HELM3=");
  char *r = NULL;
  if (h) {
    h += 6;
    size_t n = strcspn(h, "\n");
    r = strndup(h, n);
  }
  free(out);
  if (r && access(r, X_OK) != 0) {
    free(r);
    r = NULL;
  }
  return r;
}

static void render(const char *helm, const char *chartctl, const char *chart, const char *what) {
  char cmd[2048];
  int st;
  snprintf(cmd, sizeof cmd, "'%s' template '%s' 2>&1", helm, chart);
  char *want = run(cmd, &st);
  CHECK(want && st == 0, "helm template %s (%s) failed:\n%s", chart, what, want ? want : "");
  CHECK(want && strstr(want, "kind: Deployment"), "%s: no Deployment rendered", what);
  if (chartctl) {
    snprintf(cmd, sizeof cmd, "'%s' template '%s' 2>&1", chartctl, chart);
    char *got = run(cmd, &st);
    CHECK(got && st == 0 && want && !strcmp(got, want), "chartctl template %s differs from helm",
          what);
    free(got);
  }
  free(want);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s CREATE_NEW_SERVICE FIXTURES [CHARTCTL]\n", argv[0]);
    return 2;
  }
  char *helm = find_helm();
  if (!helm) {
    puts("render: skipped, no helm 3 binary ($HELM3 or shared/tools/get-reference-tools)");
    return 77;
  }
  /* chartctl is compared only when it exists and its template command works */
  const char *chartctl = NULL;
  if (argc > 3 && access(argv[3], X_OK) == 0) {
    char cmd[1024];
    int st;
    snprintf(cmd, sizeof cmd, "'%s' template --help >/dev/null 2>&1", argv[3]);
    char *o = run(cmd, &st);
    free(o);
    if (st == 0) chartctl = argv[3];
  }
  if (argc > 3 && !chartctl) {
    printf("render: skipped, %s has no working template command yet\n", argv[3]);
    free(helm);
    return 77;
  }
  char tmpl[] = "/tmp/ct-scaffold-render-XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  const char *presets[] = {"nodejs", "lamp"};
  for (size_t i = 0; i < 2; i++) {
    char cmd[2048];
    int st;
    snprintf(
        cmd, sizeof cmd,
        "'%s' --scaffold '%s/_scaffold/service' --charts-dir '%s/charts' --preset %s --name %s-svc "
        "</dev/null 2>&1",
        argv[1], argv[2], tmpl, presets[i], presets[i]);
    char *out = run(cmd, &st);
    CHECK(st == 0, "create_new_service --preset %s failed:\n%s", presets[i], out ? out : "");
    free(out);
    char chart[600];
    snprintf(chart, sizeof chart, "%s/charts/%s-svc", tmpl, presets[i]);
    render(helm, chartctl, chart, presets[i]);
  }
  /* chartctl create's starter: renders and lints clean */
  char starter[600];
  snprintf(starter, sizeof starter, "%s/web-api", tmpl);
  CHECK(ct_scaffold_starter_write(starter, "web-api", stderr) == CT_OK, "starter: %s",
        ct_error_last());
  render(helm, chartctl, starter, "starter");
  char cmd[2048];
  int st;
  snprintf(cmd, sizeof cmd, "'%s' lint --strict '%s' 2>&1", helm, starter);
  char *lint = run(cmd, &st);
  CHECK(st == 0 && lint && strstr(lint, "0 chart(s) failed") && !strstr(lint, "[WARNING]"),
        "starter does not lint clean:\n%s", lint ? lint : "");
  free(lint);
  /* a name helm accepts but Kubernetes object names do not (upper case, dot) still lints clean */
  char odd[600];
  snprintf(odd, sizeof odd, "%s/Web.App", tmpl);
  CHECK(ct_scaffold_starter_write(odd, "Web.App", stderr) == CT_OK, "starter: %s", ct_error_last());
  snprintf(cmd, sizeof cmd, "'%s' lint --strict '%s' 2>&1", helm, odd);
  lint = run(cmd, &st);
  CHECK(st == 0 && lint && !strstr(lint, "[WARNING]"), "Web.App starter does not lint clean:\n%s",
        lint ? lint : "");
  free(lint);
  snprintf(cmd, sizeof cmd,
           "'%s' template t '%s' --set replicas=5 --set image.tag=2.0 --show-only "
           "templates/deployment.yaml 2>&1",
           helm, starter);
  char *dep = run(cmd, &st);
  CHECK(st == 0 && dep && strstr(dep, "replicas: 5") &&
            strstr(dep, "registry.example.org/web-api:2.0") && strstr(dep, "readinessProbe:") &&
            strstr(dep, "maxUnavailable: 0"),
        "starter values not applied:\n%s", dep ? dep : "");
  free(dep);
  snprintf(cmd, sizeof cmd,
           "'%s' template t '%s' --show-only templates/tests/test-service-checker.yaml 2>&1", helm,
           starter);
  char *hook = run(cmd, &st);
  CHECK(st == 0 && hook && strstr(hook, "\"helm.sh/hook\": test") &&
            strstr(hook, "http://t-web-api:80/readyz"),
        "service-checker hook:\n%s", hook ? hook : "");
  free(hook);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
  if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", tmpl);
  free(helm);
  if (failures) {
    fprintf(stderr, "%d failure(s)\n", failures);
    return 1;
  }
  printf("render: all checks passed%s\n",
         chartctl ? " (chartctl compared)" : " (chartctl template not available)");
  return 0;
}
