/* sc_starter.c — `chartctl create NAME`: writes a starter service chart (Deployment with
 * probes and a rolling-update strategy, Service, a service-checker test hook, values). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sc_int.h"

typedef struct starter_file {
  const char *path, *text; /* "@CHART@" is replaced by the chart name */
} starter_file;

static const starter_file files[] = {
    {"Chart.yaml",
     "apiVersion: v2\n"
     "name: @CHART@\n"
     "description: The @CHART@ service, packaged for progressive rollouts.\n"
     "type: application\n"
     "# The chart's own version: raise it with every change to the templates or values.\n"
     "version: 0.1.0\n"
     "# The version of the application image deployed by default.\n"
     "appVersion: \"1.0.0\"\n"},
    {".helmignore", "# Files left out of the packaged chart (same syntax as .gitignore).\n"
                    ".DS_Store\n"
                    ".git/\n"
                    ".gitignore\n"
                    ".hg/\n"
                    ".svn/\n"
                    "*.swp\n"
                    "*.tmp\n"
                    "*.orig\n"
                    "*~\n"
                    ".idea/\n"
                    ".vscode/\n"},
    {"values.yaml",
     "# Settings of the @CHART@ service. Override them per environment with -f or --set.\n"
     "\n"
     "# How many pods serve traffic.\n"
     "replicas: 2\n"
     "\n"
     "image:\n"
     "  repository: registry.example.org/@CHART@\n"
     "  # Empty means the chart's appVersion.\n"
     "  tag: \"\"\n"
     "  pullPolicy: IfNotPresent\n"
     "imagePullSecrets: []\n"
     "\n"
     "nameOverride: \"\"\n"
     "fullnameOverride: \"\"\n"
     "\n"
     "# The port the application listens on inside the container.\n"
     "containerPort: 8080\n"
     "\n"
     "service:\n"
     "  type: ClusterIP\n"
     "  port: 80\n"
     "\n"
     "# HTTP health endpoints of the application.\n"
     "probes:\n"
     "  liveness:\n"
     "    path: /healthz\n"
     "    initialDelaySeconds: 5\n"
     "    periodSeconds: 10\n"
     "    failureThreshold: 3\n"
     "  readiness:\n"
     "    path: /readyz\n"
     "    initialDelaySeconds: 2\n"
     "    periodSeconds: 5\n"
     "    failureThreshold: 3\n"
     "\n"
     "# Rollouts replace pods a few at a time and never drop below the wanted capacity.\n"
     "rollout:\n"
     "  maxSurge: 25%\n"
     "  maxUnavailable: 0\n"
     "  minReadySeconds: 5\n"
     "  revisionHistoryLimit: 10\n"
     "\n"
     "resources:\n"
     "  requests:\n"
     "    cpu: 100m\n"
     "    memory: 128Mi\n"
     "  limits:\n"
     "    memory: 256Mi\n"
     "\n"
     "podAnnotations: {}\n"
     "podLabels: {}\n"
     "nodeSelector: {}\n"
     "tolerations: []\n"
     "affinity: {}\n"
     "\n"
     "# `helm test` runs a pod that checks the service answers on its readiness path.\n"
     "serviceChecker:\n"
     "  enabled: true\n"
     "  image: busybox:1.36\n"
     "  timeoutSeconds: 5\n"},
    {"templates/_helpers.tpl",
     "{{/* Short name of the chart, overridable with nameOverride. */}}\n"
     "{{- define \"@CHART@.name\" -}}\n"
     "{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix \"-\" }}\n"
     "{{- end }}\n"
     "\n"
     "{{/* Name of the release's objects: fullnameOverride, else RELEASE-NAME unless the\n"
     "release name already holds the chart name; made a valid DNS-1123 label. */}}\n"
     "{{- define \"@CHART@.fullname\" -}}\n"
     "{{- $full := .Values.fullnameOverride }}\n"
     "{{- if not $full }}\n"
     "{{- $name := default .Chart.Name .Values.nameOverride }}\n"
     "{{- $full = ternary .Release.Name (printf \"%s-%s\" .Release.Name $name) (contains $name "
     ".Release.Name) }}\n"
     "{{- end }}\n"
     "{{- $full | lower | replace \"_\" \"-\" | replace \".\" \"-\" | trunc 63 | trimSuffix \"-\" "
     "}}\n"
     "{{- end }}\n"
     "\n"
     "{{/* chart label value: NAME-VERSION */}}\n"
     "{{- define \"@CHART@.chart\" -}}\n"
     "{{- printf \"%s-%s\" .Chart.Name .Chart.Version | replace \"+\" \"_\" | trunc 63 | "
     "trimSuffix \"-\" }}\n"
     "{{- end }}\n"
     "\n"
     "{{/* Labels that select the pods: they must never change between releases. */}}\n"
     "{{- define \"@CHART@.selectorLabels\" -}}\n"
     "app.kubernetes.io/name: {{ include \"@CHART@.name\" . }}\n"
     "app.kubernetes.io/instance: {{ .Release.Name }}\n"
     "{{- end }}\n"
     "\n"
     "{{/* Labels of every object. */}}\n"
     "{{- define \"@CHART@.labels\" -}}\n"
     "helm.sh/chart: {{ include \"@CHART@.chart\" . }}\n"
     "{{ include \"@CHART@.selectorLabels\" . }}\n"
     "app.kubernetes.io/version: {{ default .Chart.AppVersion .Values.image.tag | quote }}\n"
     "app.kubernetes.io/managed-by: {{ .Release.Service }}\n"
     "{{- end }}\n"
     "\n"
     "{{/* The image reference. */}}\n"
     "{{- define \"@CHART@.image\" -}}\n"
     "{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}\n"
     "{{- end }}\n"},
    {"templates/deployment.yaml",
     "apiVersion: apps/v1\n"
     "kind: Deployment\n"
     "metadata:\n"
     "  name: {{ include \"@CHART@.fullname\" . }}\n"
     "  labels:\n"
     "    {{- include \"@CHART@.labels\" . | nindent 4 }}\n"
     "spec:\n"
     "  replicas: {{ .Values.replicas }}\n"
     "  revisionHistoryLimit: {{ .Values.rollout.revisionHistoryLimit }}\n"
     "  minReadySeconds: {{ .Values.rollout.minReadySeconds }}\n"
     "  strategy:\n"
     "    type: RollingUpdate\n"
     "    rollingUpdate:\n"
     "      maxSurge: {{ .Values.rollout.maxSurge }}\n"
     "      maxUnavailable: {{ .Values.rollout.maxUnavailable }}\n"
     "  selector:\n"
     "    matchLabels:\n"
     "      {{- include \"@CHART@.selectorLabels\" . | nindent 6 }}\n"
     "  template:\n"
     "    metadata:\n"
     "      labels:\n"
     "        {{- include \"@CHART@.selectorLabels\" . | nindent 8 }}\n"
     "        {{- with .Values.podLabels }}\n"
     "        {{- toYaml . | nindent 8 }}\n"
     "        {{- end }}\n"
     "      {{- with .Values.podAnnotations }}\n"
     "      annotations:\n"
     "        {{- toYaml . | nindent 8 }}\n"
     "      {{- end }}\n"
     "    spec:\n"
     "      {{- with .Values.imagePullSecrets }}\n"
     "      imagePullSecrets:\n"
     "        {{- toYaml . | nindent 8 }}\n"
     "      {{- end }}\n"
     "      containers:\n"
     "        - name: {{ .Chart.Name }}\n"
     "          image: {{ include \"@CHART@.image\" . | quote }}\n"
     "          imagePullPolicy: {{ .Values.image.pullPolicy }}\n"
     "          ports:\n"
     "            - name: http\n"
     "              containerPort: {{ .Values.containerPort }}\n"
     "              protocol: TCP\n"
     "          livenessProbe:\n"
     "            httpGet:\n"
     "              path: {{ .Values.probes.liveness.path }}\n"
     "              port: http\n"
     "            initialDelaySeconds: {{ .Values.probes.liveness.initialDelaySeconds }}\n"
     "            periodSeconds: {{ .Values.probes.liveness.periodSeconds }}\n"
     "            failureThreshold: {{ .Values.probes.liveness.failureThreshold }}\n"
     "          readinessProbe:\n"
     "            httpGet:\n"
     "              path: {{ .Values.probes.readiness.path }}\n"
     "              port: http\n"
     "            initialDelaySeconds: {{ .Values.probes.readiness.initialDelaySeconds }}\n"
     "            periodSeconds: {{ .Values.probes.readiness.periodSeconds }}\n"
     "            failureThreshold: {{ .Values.probes.readiness.failureThreshold }}\n"
     "          {{- with .Values.resources }}\n"
     "          resources:\n"
     "            {{- toYaml . | nindent 12 }}\n"
     "          {{- end }}\n"
     "      {{- with .Values.nodeSelector }}\n"
     "      nodeSelector:\n"
     "        {{- toYaml . | nindent 8 }}\n"
     "      {{- end }}\n"
     "      {{- with .Values.affinity }}\n"
     "      affinity:\n"
     "        {{- toYaml . | nindent 8 }}\n"
     "      {{- end }}\n"
     "      {{- with .Values.tolerations }}\n"
     "      tolerations:\n"
     "        {{- toYaml . | nindent 8 }}\n"
     "      {{- end }}\n"},
    {"templates/service.yaml", "apiVersion: v1\n"
                               "kind: Service\n"
                               "metadata:\n"
                               "  name: {{ include \"@CHART@.fullname\" . }}\n"
                               "  labels:\n"
                               "    {{- include \"@CHART@.labels\" . | nindent 4 }}\n"
                               "spec:\n"
                               "  type: {{ .Values.service.type }}\n"
                               "  ports:\n"
                               "    - name: http\n"
                               "      port: {{ .Values.service.port }}\n"
                               "      targetPort: http\n"
                               "      protocol: TCP\n"
                               "  selector:\n"
                               "    {{- include \"@CHART@.selectorLabels\" . | nindent 4 }}\n"},
    {"templates/tests/test-service-checker.yaml",
     "{{- if .Values.serviceChecker.enabled }}\n"
     "apiVersion: v1\n"
     "kind: Pod\n"
     "metadata:\n"
     "  name: {{ include \"@CHART@.fullname\" . }}-service-checker\n"
     "  labels:\n"
     "    {{- include \"@CHART@.labels\" . | nindent 4 }}\n"
     "  annotations:\n"
     "    \"helm.sh/hook\": test\n"
     "    \"helm.sh/hook-delete-policy\": before-hook-creation,hook-succeeded\n"
     "spec:\n"
     "  restartPolicy: Never\n"
     "  containers:\n"
     "    - name: service-checker\n"
     "      image: {{ .Values.serviceChecker.image | quote }}\n"
     "      command:\n"
     "        - wget\n"
     "        - -q\n"
     "        - -O-\n"
     "        - -T\n"
     "        - {{ .Values.serviceChecker.timeoutSeconds | quote }}\n"
     "        - http://{{ include \"@CHART@.fullname\" . }}:{{ .Values.service.port }}{{ "
     ".Values.probes.readiness.path }}\n"
     "{{- end }}\n"},
    {"templates/NOTES.txt",
     "{{ .Chart.Name }} {{ default .Chart.AppVersion .Values.image.tag }} is deployed as release "
     "{{ .Release.Name }}\n"
     "in namespace {{ .Release.Namespace }} with {{ .Values.replicas }} replicas.\n"
     "\n"
     "Reach it from inside the cluster at:\n"
     "  http://{{ include \"@CHART@.fullname\" . }}.{{ .Release.Namespace }}.svc:{{ "
     ".Values.service.port }}/\n"
     "\n"
     "Check it with:\n"
     "  helm test {{ .Release.Name }} --namespace {{ .Release.Namespace }}\n"},
};

/* Helm's validateChartName. */
static const char *check_helm_chart_name(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || n > 250) return "chart name must be between 1 and 250 characters";
  for (size_t i = 0; i < n; i++) {
    char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-'))
      return "chart name must match the regular expression \"^[a-zA-Z0-9._-]+$\"";
  }
  return NULL;
}

static void expand(ct_buf *text, const char *s, const char *name) {
  for (;;) {
    const char *hit = strstr(s, "@CHART@");
    if (!hit) {
      ct_buf_puts(text, s);
      return;
    }
    ct_buf_put(text, s, (size_t)(hit - s));
    ct_buf_puts(text, name);
    s = hit + 7;
  }
}

int ct_scaffold_starter_write(const char *dir, const char *name, FILE *warn) {
  const char *why = check_helm_chart_name(name);
  if (why) return ct_error_set(CT_EINVAL, "%s", why);
  ct_arena *a = ct_arena_new();
  int rc = CT_OK;
  char *abs = ct_scaffold__abspath(a, dir);
  char *parent = ct_scaffold__dirname(a, abs);
  if (!ct_scaffold__is_dir(parent)) {
    rc = ct_error_set(CT_ENOTFOUND,
                      ct_scaffold__exists(parent) ? "%s is not a directory"
                                                  : "stat %s: no such file or directory",
                      parent);
    goto done;
  }
  bool existed = ct_scaffold__exists(abs);
  if (existed && !ct_scaffold__is_dir(abs)) {
    rc = ct_error_set(CT_EEXIST, "file %s already exists and is not a directory", abs);
    goto done;
  }
  /* a new chart is written beside and renamed into place; an existing folder is overwritten
   * file by file with a warning, as helm create does */
  char *target = existed ? abs
                         : ct_arena_sprintf(a, "%s/.%s.tmp-%ld", parent, ct_scaffold__basename(abs),
                                            (long)getpid());
  if (!existed) ct_scaffold__rm_rf(target);
  for (size_t i = 0; !rc && i < sizeof files / sizeof files[0]; i++) {
    char *path = ct_scaffold__path_join(a, target, files[i].path);
    if ((rc = ct_scaffold__mkdir_p(ct_scaffold__dirname(a, path)))) break;
    if (existed && ct_scaffold__exists(path) && warn)
      fprintf(warn, "WARNING: File \"%s\" already exists. Overwriting.\n", path);
    ct_buf text = CT_BUF_INIT;
    expand(&text, files[i].text, name);
    rc = ct_scaffold__write_file(path, ct_buf_str(&text), text.len);
    ct_buf_dispose(&text);
  }
  if (!existed) {
    if (!rc && rename(target, abs) != 0)
      rc = ct_error_set(CT_EIO, "cannot create %s: %s", abs, strerror(errno));
    if (rc) ct_scaffold__rm_rf(target);
  }
done:
  ct_arena_free(a);
  return rc;
}
