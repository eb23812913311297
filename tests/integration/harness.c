/* harness.c — kubesim process management for integration tests. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "kube/kube.h"

int ct_sim_start(ct_sim *s, const char *const *extra) {
  memset(s, 0, sizeof *s);
  snprintf(s->dir, sizeof s->dir, "/tmp/ct-sim-XXXXXX");
  if (!mkdtemp(s->dir)) return -1;
  snprintf(s->kubeconfig, sizeof s->kubeconfig, "%s/kubeconfig", s->dir);
  const char *bin = getenv("KUBESIM") ? getenv("KUBESIM") : "build/kubesim";
  char datadir[300];
  snprintf(datadir, sizeof datadir, "%s/data", s->dir);
  s->pid = fork();
  if (s->pid < 0) return -1;
  if (s->pid == 0) {
    const char *argv[64] = {bin, "serve", "--listen", "127.0.0.1:0", "--data-dir", datadir, "--write-kubeconfig",
                            s->kubeconfig, "--pod-ready-delay", "300ms", "--tick", "100ms"};
    int n = 12;
    for (int i = 0; extra && extra[i] && n < 62; i++) argv[n++] = extra[i];
    argv[n] = NULL;
    freopen("/dev/null", "w", stdout);
    execv(bin, (char *const *)argv);
    perror(bin);
    _exit(127);
  }
  for (int i = 0; i < 400; i++) {
    struct stat st;
    if (stat(s->kubeconfig, &st) == 0) return 0;
    int status;
    if (waitpid(s->pid, &status, WNOHANG) == s->pid) return -1;
    struct timespec ts = {0, 50 * 1000000L};
    nanosleep(&ts, NULL);
  }
  return -1;
}

void ct_sim_stop(ct_sim *s, int keep) {
  if (s->pid > 0) {
    kill(s->pid, SIGTERM);
    int status;
    waitpid(s->pid, &status, 0);
    s->pid = 0;
  }
  if (!keep && s->dir[0]) {
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
    if (system(cmd) != 0) fprintf(stderr, "harness: could not remove %s\n", s->dir);
  }
}

int ct_sim_faults(const ct_sim *s, const char *json) {
  ct_kube_opts o = {.kubeconfig = s->kubeconfig, .max_retries = 0};
  ct_kube *k;
  if (ct_kube_open(&k, &o)) return -1;
  long st;
  json_t *resp = NULL;
  int rc = ct_kube_request(k, "POST", "/kubesim/faults", "application/json", json, strlen(json), &st, &resp);
  json_decref(resp);
  ct_kube_close(k);
  return rc || st >= 300 ? -1 : 0;
}
