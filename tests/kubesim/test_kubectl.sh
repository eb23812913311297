#!/usr/bin/env bash
# kubesim against the real kubectl 1.30: server-side apply, get (tables, -o yaml), rollout
# status, watch, delete, jobs, statefulsets, CRDs. Exits 77 (ctest skip) without kubectl.
# Usage: test_kubectl.sh /path/to/kubesim [repo-root]
KUBESIM=${1:?usage: test_kubectl.sh KUBESIM [REPO_ROOT]}
ROOT=${2:-$(cd "$(dirname "$0")/../.." && pwd)}

if [ -z "${KUBECTL:-}" ] || [ ! -x "${KUBECTL:-}" ]; then
  tools="$ROOT/../shared/tools/get-reference-tools"
  if [ -x "$tools" ] || [ -f "$tools" ]; then
    if vars=$(timeout 300 bash "$tools" --quiet 2>/dev/null); then eval "$vars"; fi
  fi
fi
if [ -z "${KUBECTL:-}" ] || [ ! -x "${KUBECTL:-}" ]; then
  echo "skipped: real kubectl not available (set KUBECTL or provide ../shared/tools/get-reference-tools)"
  exit 77
fi
echo "# using $KUBECTL ($("$KUBECTL" version --client 2>/dev/null | head -1))"

. "$(dirname "$0")/lib.sh"
ks_start --pod-ready-delay 500ms --tick 100ms || exit 1
K() { timeout 90 "$KUBECTL" --kubeconfig "$KUBECONFIG" "$@"; }

# run NAME CMD...: expects success, keeps output in $KS_TMP/k
run() {
  local name=$1; shift
  if "$@" >"$KS_TMP/k" 2>&1; then ok "$name"; else fail "$name (rc $?)"; cat "$KS_TMP/k"; fi
}
# has NAME PATTERN: last output matches the extended regex
has() { if grep -Eq -- "$2" "$KS_TMP/k"; then ok "$1"; else fail "$1: no /$2/ in:"; cat "$KS_TMP/k"; fi; }

cat >"$KS_TMP/app.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 80
EOF

run "apply --server-side" K apply --server-side -f "$KS_TMP/app.yaml"
has "apply output" "deployment.apps/web serverside-applied"
has "apply output (service)" "service/web serverside-applied"
run "get deploy,svc,pods" K get deploy,svc,pods
has "get shows deployment" "deployment.apps/web"
has "get shows service" "service/web +ClusterIP"
run "get -o yaml" K get deployment web -o yaml
has "yaml has kind" "^kind: Deployment"
has "yaml has uid" "uid: "
run "rollout status" K rollout status deployment/web --timeout=60s
has "rollout finished" "successfully rolled out"
run "get deploy after rollout" K get deploy web
has "2/2 ready" "web +2/2 +2 +2"
run "get pods" K get pods -l app=web
has "pods running" "1/1 +Running"
run "endpoints" K get endpoints web
has "endpoints list pod IPs" "10\.244\.[0-9]+\.[0-9]+:80"

# a second rollout with a new image, with a watch open on pods meanwhile
( K get pods -w --request-timeout=8s >"$KS_TMP/watch" 2>&1; echo "rc=$?" >>"$KS_TMP/watch" ) &
wpid=$!
sed 's/nginx:1.25/nginx:1.26/' "$KS_TMP/app.yaml" >"$KS_TMP/app2.yaml"
sleep 1
run "re-apply new image" K apply --server-side -f "$KS_TMP/app2.yaml"
run "second rollout status" K rollout status deployment/web --timeout=60s
run "rollout history" K rollout history deployment/web
has "two revisions" "^2 "
wait $wpid
cp "$KS_TMP/watch" "$KS_TMP/k"
has "get -w ended by --request-timeout" "rc="
has "get -w streamed new pods" "web-[a-z0-9]+-[a-z0-9]{5} +[01]/1"
[ "$(grep -c 'web-' "$KS_TMP/watch")" -gt 2 ] && ok "get -w printed more than the initial list" || { fail "get -w saw no changes"; cat "$KS_TMP/watch"; }

run "scale" K scale deployment web --replicas=3
run "rollout after scale" K rollout status deployment/web --timeout=60s
run "pods after scale" K get pods -l app=web --no-headers
[ "$(grep -c Running "$KS_TMP/k")" = 3 ] && ok "three pods" || { fail "want three pods"; cat "$KS_TMP/k"; }

# field conflict: kubectl scale took spec.replicas; applying a different value conflicts
if K apply --server-side -f "$KS_TMP/app2.yaml" >"$KS_TMP/k" 2>&1; then
  fail "apply after scale should conflict"; cat "$KS_TMP/k"
else
  has "SSA conflict reported" "conflict"
fi
run "apply --force-conflicts" K apply --server-side --force-conflicts -f "$KS_TMP/app2.yaml"

# namespaces, configmaps, labels
run "create namespace" K create namespace demo
run "create configmap" K -n demo create configmap cfg --from-literal=a=b
run "label" K -n demo label configmap cfg tier=x
run "get cm -A" K get cm -A -l tier=x
has "cm in demo" "demo +cfg +1"
run "get -o jsonpath" K -n demo get cm cfg -o jsonpath='{.data.a}'
has "jsonpath value" "^b$"
run "create secret" K -n demo create secret generic s --from-literal=pw=hunter2
run "secret data is base64" K -n demo get secret s -o jsonpath='{.data.pw}'
has "base64 value" "^aHVudGVyMg==$"

# a crash-looping deployment never finishes its rollout
cat >"$KS_TMP/crash.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: crash}
spec:
  replicas: 1
  selector: {matchLabels: {app: crash}}
  template:
    metadata: {labels: {app: crash}}
    spec:
      containers: [{name: c, image: "example/crashloop:1"}]
EOF
run "apply crashloop" K apply --server-side -f "$KS_TMP/crash.yaml"
if K rollout status deployment/crash --timeout=3s >"$KS_TMP/k" 2>&1; then fail "crashloop rollout should time out"; else ok "crashloop rollout times out"; fi
sleep 1.5
run "get crashloop pod" K get pods -l app=crash
has "CrashLoopBackOff shown" "0/1 +CrashLoopBackOff +[1-9]"

# jobs, statefulsets
cat >"$KS_TMP/job.yaml" <<'EOF'
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
EOF
run "apply job+sts" K apply --server-side -f "$KS_TMP/job.yaml"
run "wait job complete" K wait --for=condition=complete job/once --timeout=30s
run "sts rollout status" K rollout status statefulset/db --timeout=60s
run "sts pods" K get pods -l app=db --no-headers
has "db-0 and db-1" "db-1 +1/1 +Running"
run "pvcs bound" K get pvc
has "pvc bound" "data-db-0 +Bound"

# daemonset rollout, job failure, rollback to an earlier revision
cat >"$KS_TMP/more.yaml" <<'EOF'
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: a, image: agent:1}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: bad}
spec:
  backoffLimit: 1
  template:
    metadata:
      annotations: {kubesim.io/fail: "true"}
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
EOF
run "apply ds+failing job" K apply --server-side -f "$KS_TMP/more.yaml"
run "ds rollout status" K rollout status ds/agent --timeout=30s
run "ds set image" K set image ds/agent a=agent:2
run "ds second rollout" K rollout status ds/agent --timeout=30s
run "wait job failed" K wait --for=condition=failed job/bad --timeout=30s
run "set image for undo" K set image deployment/web web=nginx:1.27
run "rollout before undo" K rollout status deployment/web --timeout=60s
run "rollout undo" K rollout undo deployment/web
run "rollout after undo" K rollout status deployment/web --timeout=60s
run "image after undo" K get deployment web -o jsonpath='{.spec.template.spec.containers[0].image}'
has "undo restored previous image" "^nginx:1.26$"
run "undo reused the old replicaset" K get rs -l app=web --no-headers
[ "$(grep -c . "$KS_TMP/k")" = 3 ] && ok "three replicasets (no new one for undo)" || { fail "replicaset count"; cat "$KS_TMP/k"; }

# CRDs through kubectl
cat >"$KS_TMP/crd.yaml" <<'EOF'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
EOF
run "apply CRD" K apply --server-side -f "$KS_TMP/crd.yaml"
run "wait CRD established" K wait --for=condition=established crd/widgets.example.com --timeout=10s
printf 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}\n' >"$KS_TMP/w.yaml"
run "apply custom resource" K apply --server-side -f "$KS_TMP/w.yaml"
run "get by short name" K get wd
has "widget listed" "^w1 "
run "api-resources" K api-resources
has "api-resources lists widgets" "widgets +wd +example.com/v1 +true +Widget"

# delete
run "delete -f" K delete -f "$KS_TMP/app2.yaml"
has "delete output" 'deployment.apps "web" deleted'
if K get deployment web >"$KS_TMP/k" 2>&1; then fail "deployment should be gone"; else has "NotFound after delete" 'deployments.apps "web" not found'; fi
run "pods of deleted deployment gone" K get pods -l app=web
has "no pods left" "No resources found"
run "delete namespace" K delete namespace demo

ks_summary
