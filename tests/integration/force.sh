#!/usr/bin/env bash
# force.sh — `upgrade --force` / `rollback --force` as Helm 3.17 does them (objects replaced
# whole with PUT, never patched), against kubesim over TLS: no field outside the manifest
# survives a forced upgrade, immutable fields fail with Helm's "failed to replace object"
# (Helm 3 replaces; it never deletes and recreates), and the same steps with real helm when
# it is available print the same errors and leave the same objects.
# Usage: force.sh CHARTCTL KUBESIM
set -uo pipefail
CT=${1:?usage: force.sh CHARTCTL KUBESIM} SIM=${2:?usage: force.sh CHARTCTL KUBESIM}
. "$(dirname "$0")/lib.sh"
it_start_kubesim "$SIM"
export HELM_DRIVER=secret
it_helm_home
it_find_helm
api() { it_api "$@"; } # METHOD PATH [CONTENT-TYPE BODY]
pass() { passes=$((passes+1)); echo "ok - $1"; }
failed() { fails=$((fails+1)); echo "FAIL - $1"; }
expect_eq() { # NAME WANT GOT
  if [ "$2" == "$3" ]; then pass "$1"; else failed "$1"; echo "  want: $2"; echo "  got:  $3"; fi
}
fails_with() { # NAME WANT CMD...: the command fails and prints WANT
  local name=$1 want=$2; shift 2
  local out
  if out=$("$@" 2>&1); then failed "$name (succeeded)"; echo "$out" | head -5; return; fi
  if grep -qF -- "$want" <<<"$out"; then pass "$name"; else failed "$name: wanted '$want' in:"; echo "$out" | head -5; fi
}
succeeds() { # NAME CMD...
  local name=$1; shift
  local out
  if out=$("$@" 2>&1); then pass "$name"; else failed "$name"; echo "$out" | head -8; fi
}
# the parts of a live ConfigMap a forced upgrade must make equal to the manifest
cm_view() { # NS NAME
  api GET "/api/v1/namespaces/$1/configmaps/$2" | python3 -c '
import json,sys
o=json.load(sys.stdin); m=o.get("metadata",{})
print(json.dumps({"data":o.get("data"),"labels":m.get("labels"),"annotations":m.get("annotations")},sort_keys=True))'
}
dep_view() { # NS NAME: annotations, template labels and containers of a Deployment
  api GET "/apis/apps/v1/namespaces/$1/deployments/$2" | python3 -c '
import json,sys
o=json.load(sys.stdin); m=o.get("metadata",{}); t=o["spec"]["template"]
print(json.dumps({"annotations":m.get("annotations"),"tlabels":t["metadata"].get("labels"),
  "containers":[{k:c.get(k) for k in ("name","image","env")} for c in t["spec"]["containers"]]},sort_keys=True))'
}
# Until an object's resourceVersion holds still for 0.6 s (at most 20 s): kubesim's
# controllers have finished the status writes that follow a change (a Deployment's rollout, a
# Job's pods), one of which landing between a replace's GET and PUT is a 409 conflict for
# either tool (seen with helm and with chartctl under ASan load).
settle_path() { # API-PATH
  local last="" same=0 rv
  for _ in $(seq 1 67); do
    rv=$(api GET "$1" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["resourceVersion"])' 2>/dev/null)
    if [ -n "$rv" ] && [ "$rv" = "$last" ]; then
      same=$((same + 1))
      [ $same -ge 2 ] && return 0
    else
      same=0
    fi
    last=$rv
    sleep 0.3
  done
}
settle() { settle_path "/apis/apps/v1/namespaces/$1/deployments/$2"; } # NS NAME (a Deployment)
svc_ip() { api GET "/api/v1/namespaces/$1/services/$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["spec"].get("clusterIP"))'; }
drift() { # NS REL: changes made outside the release (another field manager)
  api PATCH "/api/v1/namespaces/$1/configmaps/$2-cm" application/merge-patch+json \
    '{"metadata":{"annotations":{"oob":"y"},"labels":{"oob":"z"}},"data":{"oob":"x"}}' >/dev/null
  api PATCH "/apis/apps/v1/namespaces/$1/deployments/$2-dep" application/strategic-merge-patch+json \
    '{"metadata":{"annotations":{"oob":"y"}},"spec":{"template":{"spec":{"containers":[{"name":"c","env":[{"name":"OOB","value":"1"}]}]}}}}' >/dev/null
}

chart="$work/fc"
mkdir -p "$chart/templates"
printf 'apiVersion: v2\nname: fc\nversion: 0.1.0\n' >"$chart/Chart.yaml"
cat >"$chart/values.yaml" <<'V'
sel: a
clusterIP: ""
job: false
jobImage: busybox
data: {one: "1"}
extraLabel: false
V
cat >"$chart/templates/all.yaml" <<'T'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
  {{- if .Values.extraLabel }}
  labels:
    extra: "yes"
  {{- end }}
data:
  {{- toYaml .Values.data | nindent 2 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-svc
spec:
  {{- if .Values.clusterIP }}
  clusterIP: {{ .Values.clusterIP }}
  {{- end }}
  selector:
    app: {{ .Release.Name }}
  ports:
    - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-dep
spec:
  replicas: 1
  selector:
    matchLabels:
      app: {{ .Release.Name }}
      sel: {{ .Values.sel }}
  template:
    metadata:
      labels:
        app: {{ .Release.Name }}
        sel: {{ .Values.sel }}
    spec:
      containers:
        - name: c
          image: nginx
{{- if .Values.job }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-job
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: j
          image: {{ .Values.jobImage }}
{{- end }}
T

# run_steps TOOL REL NS: the same steps for chartctl and (when present) helm
run_steps() {
  local T=$1 rel=$2 ns=$3 tag=$1
  [ "$T" = "$CT" ] && tag=chartctl || tag=helm
  succeeds "$tag: install" timeout 120 "$T" install "$rel" "$chart" -n "$ns" --create-namespace --set extraLabel=true --set-string data.two=2
  local ip; ip=$(svc_ip "$ns" "$rel-svc")
  drift "$ns" "$rel"
  # a plain upgrade keeps what other managers set
  succeeds "$tag: upgrade" timeout 120 "$T" upgrade "$rel" "$chart" -n "$ns" --set extraLabel=true --set-string data.two=2
  expect_eq "$tag: plain upgrade keeps the out-of-band data key" x \
    "$(api GET "/api/v1/namespaces/$ns/configmaps/$rel-cm" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"].get("oob"))')"
  # --force replaces: the objects are the manifest, nothing of rev 1/2 or of others is left
  settle "$ns" "$rel-dep"
  succeeds "$tag: upgrade --force" timeout 120 "$T" upgrade "$rel" "$chart" -n "$ns" --reset-values --force
  expect_eq "$tag: forced ConfigMap is the manifest" \
    "{\"annotations\": {\"meta.helm.sh/release-name\": \"$rel\", \"meta.helm.sh/release-namespace\": \"$ns\"}, \"data\": {\"one\": \"1\"}, \"labels\": {\"app.kubernetes.io/managed-by\": \"Helm\"}}" \
    "$(cm_view "$ns" "$rel-cm")"
  expect_eq "$tag: forced Deployment is the manifest" \
    "{\"annotations\": {\"meta.helm.sh/release-name\": \"$rel\", \"meta.helm.sh/release-namespace\": \"$ns\"}, \"containers\": [{\"env\": null, \"image\": \"nginx\", \"name\": \"c\"}], \"tlabels\": {\"app\": \"$rel\", \"sel\": \"a\"}}" \
    "$(dep_view "$ns" "$rel-dep" | sed 's/"deployment.kubernetes.io\/revision": "[0-9]*", //')"
  expect_eq "$tag: the allocated clusterIP survives a replace that omits it" "$ip" "$(svc_ip "$ns" "$rel-svc")"
  # immutable fields: Helm 3 replaces (PUT) and never deletes/recreates, so these fail with or without --force
  fails_with "$tag: selector change without --force" "cannot patch \"$rel-dep\" with kind Deployment: Deployment.apps \"$rel-dep\" is invalid: spec.selector" \
    timeout 120 "$T" upgrade "$rel" "$chart" -n "$ns" --set sel=b
  settle "$ns" "$rel-dep"
  fails_with "$tag: selector change with --force" "UPGRADE FAILED: failed to replace object: Deployment.apps \"$rel-dep\" is invalid: spec.selector: Invalid value" \
    timeout 120 "$T" upgrade "$rel" "$chart" -n "$ns" --set sel=b --force
  # (each forced step replaces the Deployment too: a status update landing between the
  # tool's read and its replace is a conflict, which helm once added to this step's error)
  settle "$ns" "$rel-dep"
  fails_with "$tag: clusterIP change with --force" "failed to replace object: Service \"$rel-svc\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.200.200\"}: may not change once set" \
    timeout 120 "$T" upgrade "$rel" "$chart" -n "$ns" --set clusterIP=10.96.200.200 --force
  expect_eq "$tag: the failed forced upgrade is recorded" failed \
    "$("$CT" history "$rel" -n "$ns" -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["status"])')"
  # a Job: the server adds labels to its pod template, so replacing it (even unchanged) fails
  succeeds "$tag: upgrade adds a Job" timeout 120 "$T" upgrade "$rel" "$chart" -n "$ns" --set job=true
  settle_path "/apis/batch/v1/namespaces/$ns/jobs/$rel-job"
  fails_with "$tag: forced upgrade with an unchanged Job" "failed to replace object: Job.batch \"$rel-job\" is invalid: spec.template" \
    timeout 120 "$T" upgrade "$rel" "$chart" -n "$ns" --set job=true --force
  # rollback --force replaces too
  drift "$ns" "$rel"
  settle "$ns" "$rel-dep"
  succeeds "$tag: rollback --force" timeout 120 "$T" rollback "$rel" 3 -n "$ns" --force
  expect_eq "$tag: rolled-back ConfigMap is revision 3's manifest" \
    "{\"annotations\": {\"meta.helm.sh/release-name\": \"$rel\", \"meta.helm.sh/release-namespace\": \"$ns\"}, \"data\": {\"one\": \"1\"}, \"labels\": {\"app.kubernetes.io/managed-by\": \"Helm\"}}" \
    "$(cm_view "$ns" "$rel-cm")"
  api GET "/apis/batch/v1/namespaces/$ns/jobs/$rel-job" | grep -q '"code": *404\|NotFound' && pass "$tag: rollback removed the Job" || failed "$tag: rollback left the Job"
}

run_steps "$CT" cf force-ct
if [ -n "${HELM3:-}" ] && [ -x "${HELM3:-}" ]; then
  run_steps "$HELM3" cf force-helm
  # the same error text, byte for byte, from both tools for the same step
  norm() { sed -E "s/force-(ct|helm)/NS/g; s/^LAST DEPLOYED: .*/LAST DEPLOYED: T/"; }
  expect_eq "chartctl status of the failed release == helm" "$("$HELM3" status cf -n force-helm 2>&1 | norm)" "$("$CT" status cf -n force-ct 2>&1 | norm)"
  expect_eq "chartctl status --show-desc of the failed release == helm" "$("$HELM3" status cf -n force-helm --show-desc 2>&1 | norm)" \
    "$("$CT" status cf -n force-ct --show-desc 2>&1 | norm)"
  expect_eq "chartctl history of the failed upgrades == helm" "$("$HELM3" history cf -n force-helm -o json 2>&1 | python3 -c 'import json,sys; print([(r["revision"],r["status"],r["description"]) for r in json.load(sys.stdin)])' | norm)" \
    "$("$CT" history cf -n force-ct -o json 2>&1 | python3 -c 'import json,sys; print([(r["revision"],r["status"],r["description"]) for r in json.load(sys.stdin)])' | norm)"
  for step in "--set sel=b --force" "--set sel=b" "--set clusterIP=10.96.201.201 --force"; do
    settle force-ct cf-dep
    settle force-helm cf-dep
    a=$("$CT" upgrade cf "$chart" -n force-ct $step 2>&1 | sed 's/force-ct/NS/g'); b=$("$HELM3" upgrade cf "$chart" -n force-helm $step 2>&1 | sed 's/force-helm/NS/g')
    expect_eq "chartctl upgrade $step prints helm's error" "$b" "$a"
  done
else
  echo "# real helm not available: helm comparison skipped"
fi
echo "force: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
