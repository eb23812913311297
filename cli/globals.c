/* globals.c — Helm's global flags (cli.EnvSettings): the table every command accepts, the
 * HELM_* environment defaults, and the request namespace. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

ct_cli_globals ct_cli_g;

static char def_registry[1024], def_repo_config[1024], def_repo_cache[1024];
static char q_registry[1100], q_repo_config[1100], q_repo_cache[1100];

static ct_flag globals[] = {
    {.name = "burst-limit", .kind = CT_FLAG_INT, .dest = &ct_cli_g.burst_limit,
     .usage = "client-side default throttling limit", .def_text = "100"},
    {.name = "debug", .kind = CT_FLAG_BOOL, .dest = &ct_cli_g.debug, .usage = "enable verbose output"},
    {.name = "kube-apiserver", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.kube_apiserver,
     .usage = "the address and the port for the Kubernetes API server"},
    {.name = "kube-as-group", .kind = CT_FLAG_STRING_ARRAY, .dest = &ct_cli_g.kube_as_group,
     .usage = "group to impersonate for the operation, this flag can be repeated to specify "
              "multiple groups."},
    {.name = "kube-as-user", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.kube_as_user,
     .usage = "username to impersonate for the operation"},
    {.name = "kube-ca-file", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.kube_ca_file,
     .usage = "the certificate authority file for the Kubernetes API server connection"},
    {.name = "kube-context", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.kube_context,
     .usage = "name of the kubeconfig context to use"},
    {.name = "kube-insecure-skip-tls-verify", .kind = CT_FLAG_BOOL,
     .dest = &ct_cli_g.kube_insecure_skip_tls_verify,
     .usage = "if true, the Kubernetes API server's certificate will not be checked for validity. "
              "This will make your HTTPS connections insecure"},
    {.name = "kube-tls-server-name", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.kube_tls_server_name,
     .usage = "server name to use for Kubernetes API server certificate validation. If it is not "
              "provided, the hostname used to contact the server is used"},
    {.name = "kube-token", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.kube_token,
     .usage = "bearer token used for authentication"},
    {.name = "kubeconfig", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.kubeconfig,
     .usage = "path to the kubeconfig file"},
    {.name = "namespace", .shorthand = 'n', .kind = CT_FLAG_STRING, .dest = &ct_cli_g.namespace_,
     .usage = "namespace scope for this request"},
    {.name = "qps", .kind = CT_FLAG_FLOAT, .dest = &ct_cli_g.qps,
     .usage = "queries per second used when communicating with the Kubernetes API, not including "
              "bursting"},
    {.name = "registry-config", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.registry_config,
     .usage = "path to the registry config file", .def_text = q_registry},
    {.name = "repository-cache", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.repository_cache,
     .usage = "path to the directory containing cached repository indexes", .def_text = q_repo_cache},
    {.name = "repository-config", .kind = CT_FLAG_STRING, .dest = &ct_cli_g.repository_config,
     .usage = "path to the file containing repository names and URLs", .def_text = q_repo_config},
};

ct_flag *ct_cli_global_flags(size_t *n) {
  *n = sizeof globals / sizeof globals[0];
  return globals;
}

static const char *env_or(const char *name, const char *def) {
  const char *v = getenv(name);
  return v && *v ? v : def;
}

/* Helm's helmpath: HELM_*_HOME, else XDG_*_HOME, else $HOME/.config|.cache. */
static void home_path(char *out, size_t n, const char *helm_env, const char *xdg_env,
                      const char *fallback, const char *rest) {
  const char *h = getenv(helm_env);
  if (h && *h) {
    snprintf(out, n, "%s/%s", h, rest);
    return;
  }
  const char *x = getenv(xdg_env);
  const char *home = env_or("HOME", "");
  if (x && *x)
    snprintf(out, n, "%s/helm/%s", x, rest);
  else
    snprintf(out, n, "%s/%s/helm/%s", home, fallback, rest);
}

void ct_cli_globals_init(void) {
  memset(&ct_cli_g, 0, sizeof ct_cli_g);
  home_path(def_registry, sizeof def_registry, "HELM_CONFIG_HOME", "XDG_CONFIG_HOME", ".config",
            "registry/config.json");
  home_path(def_repo_config, sizeof def_repo_config, "HELM_CONFIG_HOME", "XDG_CONFIG_HOME",
            ".config", "repositories.yaml");
  home_path(def_repo_cache, sizeof def_repo_cache, "HELM_CACHE_HOME", "XDG_CACHE_HOME", ".cache",
            "repository");
  snprintf(q_registry, sizeof q_registry, "\"%s\"", def_registry);
  snprintf(q_repo_config, sizeof q_repo_config, "\"%s\"", def_repo_config);
  snprintf(q_repo_cache, sizeof q_repo_cache, "\"%s\"", def_repo_cache);
  ct_cli_g.kube_context = getenv("HELM_KUBECONTEXT");
  ct_cli_g.kubeconfig = getenv("KUBECONFIG");
  ct_cli_g.kube_apiserver = getenv("HELM_KUBEAPISERVER");
  ct_cli_g.kube_as_user = getenv("HELM_KUBEASUSER");
  ct_cli_g.kube_ca_file = getenv("HELM_KUBECAFILE");
  ct_cli_g.kube_token = getenv("HELM_KUBETOKEN");
  ct_cli_g.kube_tls_server_name = getenv("HELM_KUBETLS_SERVER_NAME");
  const char *groups = getenv("HELM_KUBEASGROUPS");
  if (groups && *groups) {
    for (const char *p = groups;;) {
      const char *e = strchr(p, ',');
      ct_strv_pushn(&ct_cli_g.kube_as_group, p, e ? (size_t)(e - p) : strlen(p));
      if (!e) break;
      p = e + 1;
    }
  }
  const char *ins = getenv("HELM_KUBEINSECURE_SKIP_TLS_VERIFY");
  ct_cli_g.kube_insecure_skip_tls_verify = ins && (!strcmp(ins, "true") || !strcmp(ins, "1"));
  const char *dbg = getenv("HELM_DEBUG");
  ct_cli_g.debug = dbg && (!strcmp(dbg, "true") || !strcmp(dbg, "1"));
  const char *burst = getenv("HELM_BURST_LIMIT");
  ct_cli_g.burst_limit = burst && *burst ? (int)strtol(burst, NULL, 10) : 100;
  const char *qps = getenv("HELM_QPS");
  ct_cli_g.qps = qps && *qps ? strtod(qps, NULL) : 0;
  ct_cli_g.registry_config = env_or("HELM_REGISTRY_CONFIG", def_registry);
  ct_cli_g.repository_config = env_or("HELM_REPOSITORY_CONFIG", def_repo_config);
  ct_cli_g.repository_cache = env_or("HELM_REPOSITORY_CACHE", def_repo_cache);
}

void ct_cli_globals_dispose(void) { ct_strv_dispose(&ct_cli_g.kube_as_group); }

const char *ct_cli_namespace(void) {
  if (ct_cli_g.namespace_ && *ct_cli_g.namespace_) return ct_cli_g.namespace_;
  const char *env = getenv("HELM_NAMESPACE");
  if (env && *env) return env;
  if (ct_cli_kube_namespace) {
    const char *ns = ct_cli_kube_namespace();
    if (ns && *ns) return ns;
  }
  return "default";
}
