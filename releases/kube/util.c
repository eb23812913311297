/* util.c — small helpers of the kube client: base64 decoding, exec credential plugins. */
#include "chartctl/dl_crypto.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chartctl/errors.h"
#include "kube/kube.h"
#include "kube/kube_int.h"

int ct_kube__base64_decode(const char *in, char **out, size_t *len) {
  size_t n = 0, cap = strlen(in);
  char *clean = malloc(cap + 4);
  for (const char *p = in; *p; p++)
    if (*p != '\n' && *p != '\r' && *p != ' ') clean[n++] = *p;
  while (n % 4) clean[n++] = '=';
  clean[n] = 0;
  unsigned char *buf = malloc(n / 4 * 3 + 1);
  int got = EVP_DecodeBlock(buf, (unsigned char *)clean, (int)n);
  if (got < 0) {
    free(clean);
    free(buf);
    return -1;
  }
  size_t pad = 0;
  if (n >= 1 && clean[n - 1] == '=') pad++;
  if (n >= 2 && clean[n - 2] == '=') pad++;
  free(clean);
  size_t l = (size_t)got - pad;
  buf[l] = 0;
  *out = (char *)buf;
  if (len) *len = l;
  return 0;
}

int ct_kube__exec_credential(ct_kubeconfig *kc) {
  const char *cmd = json_string_value(json_object_get(kc->exec, "command"));
  json_t *args = json_object_get(kc->exec, "args");
  json_t *env = json_object_get(kc->exec, "env");
  int fds[2];
  if (pipe(fds)) return ct_error_set(CT_EIO, "exec plugin: pipe failed");
  pid_t pid = fork();
  if (pid < 0) return ct_error_set(CT_EIO, "exec plugin: fork failed");
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    size_t n = json_array_size(args);
    char **argv = calloc(n + 2, sizeof *argv);
    argv[0] = (char *)cmd;
    for (size_t i = 0; i < n; i++) argv[i + 1] = (char *)json_string_value(json_array_get(args, i));
    size_t i;
    json_t *e;
    json_array_foreach(env, i, e) {
      const char *k = json_string_value(json_object_get(e, "name"));
      const char *v = json_string_value(json_object_get(e, "value"));
      if (k && v) setenv(k, v, 1);
    }
    setenv("KUBERNETES_EXEC_INFO",
           "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}", 1);
    execvp(cmd, argv);
    fprintf(stderr, "exec plugin: %s: not found\n", cmd);
    _exit(127);
  }
  close(fds[1]);
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  ssize_t r;
  while ((r = read(fds[0], buf + len, cap - len - 1)) > 0) {
    len += (size_t)r;
    if (len + 1 >= cap) buf = realloc(buf, cap *= 2);
  }
  buf[len] = 0;
  close(fds[0]);
  int status;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    free(buf);
    return ct_error_set(CT_EPERM, "getting credentials: exec: executable %s failed with exit code %d", cmd,
                        WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  json_error_t jerr;
  json_t *cred = json_loads(buf, 0, &jerr);
  free(buf);
  if (!cred) return ct_error_set(CT_EINVAL, "getting credentials: decoding stdout: %s", jerr.text);
  json_t *st = json_object_get(cred, "status");
  const char *tok = json_string_value(json_object_get(st, "token"));
  const char *cert = json_string_value(json_object_get(st, "clientCertificateData"));
  const char *key = json_string_value(json_object_get(st, "clientKeyData"));
  if (tok) {
    free(kc->token);
    kc->token = strdup(tok);
  }
  if (cert && key) {
    free(kc->cert_pem);
    free(kc->key_pem);
    kc->cert_pem = strdup(cert);
    kc->cert_len = strlen(cert);
    kc->key_pem = strdup(key);
    kc->key_len = strlen(key);
  }
  json_decref(cred);
  if (!tok && !(cert && key))
    return ct_error_set(CT_EINVAL, "getting credentials: exec plugin didn't return a token or cert/key pair");
  return CT_OK;
}
