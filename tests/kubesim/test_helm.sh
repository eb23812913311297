#!/usr/bin/env bash
# kubesim against the real helm 3.17.1 (its typed client-go clients send protobuf bodies):
# install --wait, upgrade, rollback, history, list, uninstall, with both storage drivers.
# Exits 77 (ctest skip) without helm. Usage: test_helm.sh /path/to/kubesim [repo-root]
KUBESIM=${1:?usage: test_helm.sh KUBESIM [REPO_ROOT]}
ROOT=${2:-$(cd "$(dirname "$0")/../.." && pwd)}

if [ -z "${HELM3:-}" ] || [ ! -x "${HELM3:-}" ]; then
  for tools in "$ROOT/../shared/tools/get-reference-tools" /work/shared/tools/get-reference-tools; do
    [ -f "$tools" ] || continue
    if vars=$(timeout 300 bash "$tools" --quiet 2>/dev/null); then eval "$vars"; fi
    [ -n "${HELM3:-}" ] && [ -x "${HELM3:-}" ] && break
  done
fi
if [ -z "${HELM3:-}" ] || [ ! -x "${HELM3:-}" ]; then
  echo "skipped: real helm not available (set HELM3 or provide ../shared/tools/get-reference-tools)"
  exit 77
fi
echo "# using $HELM3 ($("$HELM3" version --short 2>/dev/null))"

. "$(dirname "$0")/lib.sh"
ks_start --pod-ready-delay 300ms --tick 100ms || exit 1
export HELM_CACHE_HOME="$KS_TMP/helm/cache" HELM_CONFIG_HOME="$KS_TMP/helm/config" \
  HELM_DATA_HOME="$KS_TMP/helm/data"
H() { timeout 120 "$HELM3" --kubeconfig "$KUBECONFIG" "$@"; }
chart="$ROOT/tests/integration/charts/web"

run() { # NAME CMD...: expects success, output in $KS_TMP/h
  local name=$1; shift
  if "$@" >"$KS_TMP/h" 2>&1; then ok "$name"; else fail "$name (rc $?)"; cat "$KS_TMP/h"; fi
}
has() { if grep -Eq -- "$2" "$KS_TMP/h"; then ok "$1"; else fail "$1: no /$2/ in:"; cat "$KS_TMP/h"; fi; }
# stored NAME RESOURCE-PATH JSON-EXPR WANT: the object kubesim stores, seen over plain JSON
stored() {
  local code; code=$(kc GET "$2")
  if [ "$code" != 200 ]; then fail "$1: GET $2 -> $code"; body; echo; return; fi
  expect "$1" "$4" "$(j "$3")"
}

for driver in secret configmap; do
  export HELM_DRIVER=$driver
  ns=helm-$driver
  if [ $driver = secret ]; then plural=secrets; else plural=configmaps; fi
  rec=/api/v1/namespaces/$ns/$plural/sh.helm.release.v1.web.v1
  echo "# HELM_DRIVER=$driver"
  # --create-namespace sends a protobuf Namespace; the release record is a protobuf Secret/ConfigMap
  run "$driver: install --wait --create-namespace" H install web "$chart" -n $ns --create-namespace --wait --timeout 60s
  has "$driver: install deployed" "STATUS: deployed"
  stored "$driver: namespace created from protobuf" /api/v1/namespaces/$ns "d['status']['phase']" Active
  stored "$driver: record labels decoded" "$rec" "d['metadata']['labels']['owner'],d['metadata']['labels']['status']" \
    "('helm', 'deployed')"
  if [ $driver = secret ]; then
    stored "secret: record type decoded" "$rec" "d['type']" helm.sh/release.v1
    stored "secret: record bytes are base64 of helm's payload" "$rec" \
      "__import__('base64').b64decode(d['data']['release'])[:4]" "b'H4sI'"
  else
    stored "configmap: record payload decoded" "$rec" "d['data']['release'][:4]" H4sI
  fi
  run "$driver: upgrade --wait" H upgrade web "$chart" -n $ns --set replicas=3 --set extraConfig=true --wait --timeout 60s
  has "$driver: upgrade reported" 'has been upgraded'
  stored "$driver: upgrade applied" /apis/apps/v1/namespaces/$ns/deployments/web-web "d['spec']['replicas']" 3
  stored "$driver: v1 superseded (protobuf update)" "$rec" "d['metadata']['labels']['status']" superseded
  run "$driver: rollback" H rollback web 1 -n $ns --wait --timeout 60s
  has "$driver: rollback reported" 'Rollback was a success'
  code=$(kc GET /api/v1/namespaces/$ns/configmaps/web-extra); expect "$driver: rollback pruned the extra ConfigMap" 404 "$code"
  run "$driver: history" H history web -n $ns
  has "$driver: history rev 1" '^1[[:space:]].*superseded'
  has "$driver: history rev 2" '^2[[:space:]].*superseded[[:space:]].*Upgrade complete'
  has "$driver: history rev 3" '^3[[:space:]].*deployed[[:space:]].*Rollback to 1'
  run "$driver: list" H list -n $ns
  has "$driver: list shows revision 3" '^web[[:space:]]+helm-[a-z]+[[:space:]]+3[[:space:]].*deployed'
  run "$driver: status" H status web -n $ns
  has "$driver: status revision" '^REVISION: 3$'
  run "$driver: get values (rev 2)" H get values web -n $ns --revision 2
  has "$driver: values recorded" '^replicas: 3$'
  run "$driver: uninstall" H uninstall web -n $ns --wait --timeout 60s
  has "$driver: uninstall reported" 'release "web" uninstalled'
  code=$(kc GET "$rec"); expect "$driver: record deleted (protobuf DeleteOptions)" 404 "$code"
  code=$(kc GET /apis/apps/v1/namespaces/$ns/deployments/web-web); expect "$driver: resources deleted" 404 "$code"
  run "$driver: list after uninstall" H list -n $ns -q
  expect "$driver: list is empty" "" "$(cat "$KS_TMP/h")"
done

# hooks, tests and --atomic (failed revision recorded, then the rollback's) with the secret driver
export HELM_DRIVER=secret
run "hook release installs" H install hk "$chart" -n hooks --create-namespace --set hookJob=true --wait --timeout 60s
run "helm test passes" H test hk -n hooks --timeout 60s
has "test pod succeeded" 'Phase: +Succeeded'
if H upgrade hk "$chart" -n hooks --set hookJob=true --set failingHook=true --atomic --timeout 20s >"$KS_TMP/h" 2>&1; then
  fail "failing pre-upgrade hook should fail the upgrade"; cat "$KS_TMP/h"
else
  has "atomic upgrade rolled back" 'rolled back due to atomic'
fi
run "history after atomic" H history hk -n hooks
has "failed revision recorded" '^2[[:space:]].*failed[[:space:]].*pre-upgrade hooks failed'
has "atomic rollback revision" '^3[[:space:]].*deployed[[:space:]].*Rollback to 1'
run "uninstall --keep-history" H uninstall hk -n hooks --keep-history
run "list --uninstalled" H list -n hooks --uninstalled
has "uninstalled release listed" '^hk[[:space:]].*uninstalled'

# protobuf of a kind kubesim cannot decode: a clear 415 Status, not a JSON parse error
printf 'k8s\0\x0a\x15\x0a\x07apps/v1\x12\x0aDeployment\x12\x00' >"$KS_TMP/pb"
code=$(kc POST /apis/apps/v1/namespaces/default/deployments -H 'Content-Type: application/vnd.kubernetes.protobuf' \
  --data-binary @"$KS_TMP/pb")
expect "unknown protobuf kind is 415" 415 "$code"
expect "415 reason" UnsupportedMediaType "$(j "d['reason']")"
ks_summary
