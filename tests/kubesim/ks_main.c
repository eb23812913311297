/* kubesim: program entry — command line, start-up (credentials, state, HTTPS, kubeconfig),
 * the controller tick / periodic save loop, and clean shutdown on SIGTERM/SIGINT. */
#include "ks.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

ks_config ks_cfg;
static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t stop_signal;
static volatile pid_t stop_sender;

static void on_signal(int sig, siginfo_t *info, void *uctx) {
  (void)uctx;
  stop_signal = sig;
  stop_sender = info ? info->si_pid : 0;
  stop_flag = 1;
}

static void log_stop_cause(void) {
  char cmd[256] = "";
  if (stop_sender > 0) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)stop_sender);
    FILE *f = fopen(path, "r");
    if (f) {
      size_t n = fread(cmd, 1, sizeof cmd - 1, f);
      fclose(f);
      for (size_t i = 0; i < n; i++)
        if (!cmd[i]) cmd[i] = ' ';
      cmd[n] = 0;
    }
  }
  fprintf(stderr, "kubesim: stopping (signal %d from pid %d%s%s)\n", (int)stop_signal, (int)stop_sender,
          cmd[0] ? ": " : "", cmd);
}

static void usage(FILE *f) {
  fputs("kubesim — a small local Kubernetes API server for tests and demos\n"
        "\n"
        "Usage:\n"
        "  kubesim serve --listen 127.0.0.1:PORT --data-dir DIR --write-kubeconfig FILE [options]\n"
        "  kubesim --help\n"
        "\n"
        "Serve options:\n"
        "  --listen HOST:PORT         loopback address to listen on (127.0.0.1, ::1 as [::1]:PORT,\n"
        "                             localhost); port 0 picks a free port. Default 127.0.0.1:0\n"
        "  --data-dir DIR             state and credentials (ca.crt, client.crt/key, server.crt/key,\n"
        "                             token, state.json); created if missing. Required\n"
        "  --write-kubeconfig FILE    kubeconfig (client-certificate auth, cluster/context/user\n"
        "                             'kubesim', namespace default) written atomically once the\n"
        "                             server accepts connections: the file existing means ready\n"
        "  --pod-ready-delay DUR      time from pod creation to Ready (default 2s)\n"
        "  --tick DUR                 controller loop period (default 200ms)\n"
        "  --save-interval DUR        periodic state save when changed (default 5s)\n"
        "  --fault-error-rate R       fraction of API requests answered 503/500/429 (Retry-After: 1)\n"
        "  --fault-latency DUR        extra latency added to every API request\n"
        "  --fault-drop-rate R        fraction of requests whose connection is closed unanswered\n"
        "  --fault-conflict-rate R    fraction of PUT/PATCH answered 409 Conflict\n"
        "\n"
        "Durations: 250ms, 2s, 1.5s, 1m. Rates: 0..1.\n"
        "\n"
        "Authentication: the client certificate from the kubeconfig, or 'Authorization: Bearer\n"
        "<contents of DIR/token>'. Anything else gets 401.\n"
        "\n"
        "Admin endpoint (same authentication, never faulted):\n"
        "  GET  /kubesim/faults       current fault switches as JSON\n"
        "  POST /kubesim/faults       {\"errorRate\":0.1,\"latency\":\"50ms\",\"dropRate\":0.05,\n"
        "                              \"conflictRate\":0.3} (omitted keys unchanged; \"reset\":true clears)\n"
        "  POST /kubesim/save         save state now\n"
        "  GET  /kubesim/state        {resourceVersion, objects}\n"
        "\n"
        "Simulation: Deployments create ReplicaSets and Pods (rolling update with maxSurge and\n"
        "maxUnavailable); pods become Ready after --pod-ready-delay unless the image contains\n"
        "'crashloop' or the pod template has annotation kubesim.io/never-ready: \"true\" (then\n"
        "CrashLoopBackOff with growing restartCount). Jobs complete after the delay; image containing\n"
        "'fail' or annotation kubesim.io/fail: \"true\" makes their pods fail. StatefulSets create\n"
        "<name>-0..N-1, DaemonSets one pod, Services get Endpoints, PVCs become Bound.\n"
        "\n"
        "Stops on SIGTERM/SIGINT, saving state to DIR/state.json; a restart keeps every object\n"
        "and the resourceVersion counter.\n",
        f);
}

static int parse_rate(const char *flag, const char *v, double *out) {
  char *end;
  errno = 0;
  double d = strtod(v, &end);
  if (errno || *end || d < 0 || d > 1) {
    fprintf(stderr, "kubesim: %s: invalid rate \"%s\" (want 0..1)\n", flag, v);
    return -1;
  }
  *out = d;
  return 0;
}

static int parse_dur(const char *flag, const char *v, long *out) {
  long ms = ks_parse_duration_ms(v);
  if (ms < 0) {
    fprintf(stderr, "kubesim: %s: invalid duration \"%s\"\n", flag, v);
    return -1;
  }
  *out = ms;
  return 0;
}

static int parse_listen(const char *v) {
  const char *colon = strrchr(v, ':');
  if (!colon) {
    fprintf(stderr, "kubesim: --listen: want HOST:PORT, got \"%s\"\n", v);
    return -1;
  }
  const char *h = v;
  size_t hl = (size_t)(colon - v);
  if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
    h++;
    hl -= 2;
  }
  if (hl == 0 || hl >= sizeof ks_cfg.listen_host) {
    fprintf(stderr, "kubesim: --listen: bad host in \"%s\"\n", v);
    return -1;
  }
  memcpy(ks_cfg.listen_host, h, hl);
  ks_cfg.listen_host[hl] = 0;
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end || port < 0 || port > 65535) {
    fprintf(stderr, "kubesim: --listen: bad port in \"%s\"\n", v);
    return -1;
  }
  ks_cfg.listen_port = (int)port;
  return 0;
}

static void tls_dispose(ks_tls *t) {
  free(t->ca_pem);
  free(t->server_cert_pem);
  free(t->server_key_pem);
  free(t->client_cert_pem);
  free(t->client_key_pem);
}

static int is_loopback(const char *h) {
  unsigned char buf[16];
  if (!strcmp(h, "localhost")) return 1;
  if (inet_pton(AF_INET, h, buf) == 1) return buf[0] == 127;
  if (inet_pton(AF_INET6, h, buf) == 1) return !memcmp(buf, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16);
  return 0;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !stop_flag) {
  }
}

int main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "serve")) {
    fprintf(stderr, "kubesim: unknown command \"%s\" (try --help)\n", argv[1]);
    return 2;
  }
  snprintf(ks_cfg.listen_host, sizeof ks_cfg.listen_host, "127.0.0.1");
  ks_cfg.pod_ready_delay_ms = 2000;
  ks_cfg.tick_ms = 200;
  ks_cfg.save_interval_ms = 5000;
  ks_faults faults = {0};
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
    }
    const char *val = NULL;
    char flag[64];
    const char *eq = strchr(a, '=');
    if (eq && !strncmp(a, "--", 2)) {
      snprintf(flag, sizeof flag, "%.*s", (int)(eq - a), a);
      val = eq + 1;
    } else {
      snprintf(flag, sizeof flag, "%s", a);
      if (i + 1 < argc) val = argv[++i];
    }
    if (!val) {
      fprintf(stderr, "kubesim: %s needs a value\n", flag);
      return 2;
    }
    int rc = 0;
    if (!strcmp(flag, "--listen"))
      rc = parse_listen(val);
    else if (!strcmp(flag, "--data-dir"))
      snprintf(ks_cfg.data_dir, sizeof ks_cfg.data_dir, "%s", val);
    else if (!strcmp(flag, "--write-kubeconfig"))
      snprintf(ks_cfg.kubeconfig, sizeof ks_cfg.kubeconfig, "%s", val);
    else if (!strcmp(flag, "--pod-ready-delay"))
      rc = parse_dur(flag, val, &ks_cfg.pod_ready_delay_ms);
    else if (!strcmp(flag, "--tick"))
      rc = parse_dur(flag, val, &ks_cfg.tick_ms);
    else if (!strcmp(flag, "--save-interval"))
      rc = parse_dur(flag, val, &ks_cfg.save_interval_ms);
    else if (!strcmp(flag, "--fault-error-rate"))
      rc = parse_rate(flag, val, &faults.error_rate);
    else if (!strcmp(flag, "--fault-drop-rate"))
      rc = parse_rate(flag, val, &faults.drop_rate);
    else if (!strcmp(flag, "--fault-conflict-rate"))
      rc = parse_rate(flag, val, &faults.conflict_rate);
    else if (!strcmp(flag, "--fault-latency"))
      rc = parse_dur(flag, val, &faults.latency_ms);
    else {
      fprintf(stderr, "kubesim: unknown flag %s (try --help)\n", flag);
      return 2;
    }
    if (rc) return 2;
  }
  if (!is_loopback(ks_cfg.listen_host)) {
    fprintf(stderr, "kubesim: --listen must be a loopback address (127.0.0.1, ::1, localhost), not %s\n",
            ks_cfg.listen_host);
    return 2;
  }
  if (!ks_cfg.data_dir[0]) {
    fprintf(stderr, "kubesim: --data-dir is required\n");
    return 2;
  }
  if (ks_cfg.tick_ms < 10) ks_cfg.tick_ms = 10;
  if (mkdir(ks_cfg.data_dir, 0700) != 0 && errno != EEXIST) {
    fprintf(stderr, "kubesim: cannot create %s: %s\n", ks_cfg.data_dir, strerror(errno));
    return 1;
  }
  ks_faults_set(&faults);
  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  ks_store_init();
  ks_resources_init();
  ks_tls tls;
  if (ks_tls_ensure(ks_cfg.data_dir, &tls)) {
    fprintf(stderr, "kubesim: cannot create credentials in %s\n", ks_cfg.data_dir);
    return 1;
  }
  int loaded = ks_persist_load(ks_cfg.data_dir);
  pthread_mutex_lock(&ks_store_mu);
  ks_bootstrap_defaults();
  pthread_mutex_unlock(&ks_store_mu);
  int port = ks_cfg.listen_port;
  int rc = ks_http_start(&tls, ks_cfg.listen_host, &port);
  if (rc == -2) {
    fprintf(stderr, "kubesim: --listen must be a loopback address (127.0.0.1, ::1, localhost)\n");
    tls_dispose(&tls);
    return 2;
  }
  if (rc) {
    fprintf(stderr, "kubesim: cannot listen on %s:%d: %s\n", ks_cfg.listen_host, ks_cfg.listen_port, strerror(errno));
    tls_dispose(&tls);
    return 1;
  }
  if (ks_cfg.kubeconfig[0] && ks_write_kubeconfig(ks_cfg.kubeconfig, &tls, ks_cfg.listen_host, port)) {
    fprintf(stderr, "kubesim: cannot write kubeconfig %s\n", ks_cfg.kubeconfig);
    ks_http_stop();
    tls_dispose(&tls);
    return 1;
  }
  fprintf(stderr, "kubesim: serving https://%s:%d (%s state, data %s)\n", ks_cfg.listen_host, port,
          loaded ? "restored" : "fresh", ks_cfg.data_dir);
  int64_t last_save = ks_now_ms();
  while (!stop_flag) {
    sleep_ms(ks_cfg.tick_ms);
    if (stop_flag) break;
    ks_controllers_tick();
    int64_t now = ks_now_ms();
    if (now - last_save >= ks_cfg.save_interval_ms) {
      pthread_mutex_lock(&ks_store_mu);
      int d = ks_store_dirty();
      pthread_mutex_unlock(&ks_store_mu);
      if (d) ks_persist_save(ks_cfg.data_dir);
      last_save = now;
    }
  }
  log_stop_cause();
  pthread_mutex_lock(&ks_store_mu);
  ks_shutting_down = 1;
  pthread_cond_broadcast(&ks_store_cond);
  pthread_mutex_unlock(&ks_store_mu);
  ks_http_stop();
  rc = ks_persist_save(ks_cfg.data_dir);
  tls_dispose(&tls);
  return rc ? 1 : 0;
}
