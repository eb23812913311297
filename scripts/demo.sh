#!/usr/bin/env bash
# Demo body (run by scripts/demo after the build): scaffold a service chart, render it,
# start kubesim (the local Kubernetes API server), install, upgrade, roll back, and show
# that real helm reads the releases when it is available.
set -euo pipefail
cd "$(dirname "$0")/.."
B=$PWD/build/chartctl SIM=$PWD/build/kubesim NEW=$PWD/build/create_new_service
work=$(mktemp -d)
simpid=""
cleanup() { [ -n "$simpid" ] && kill "$simpid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

step "chartctl version"
run "$B" version

step "Scaffold a service chart from the Wikimedia model (non-interactive: preset nodejs)"
run "$NEW" --scaffold tests/scaffold/fixtures/wmf/_scaffold/service --preset nodejs --name demo-svc \
  --charts-dir "$work/charts" --set-answer port=8080
chart="$work/charts/demo-svc"

step "Render it as helm template would (first 25 lines)"
"$B" template demo "$chart" | head -n 25 || true

step "Start kubesim, a local Kubernetes API server (HTTPS, client certificates)"
"$SIM" serve --listen 127.0.0.1:0 --data-dir "$work/sim" --write-kubeconfig "$work/kubeconfig" \
  --pod-ready-delay 500ms >"$work/sim.log" 2>&1 &
simpid=$!
for _ in $(seq 100); do [ -f "$work/kubeconfig" ] && break; sleep 0.1; done
export KUBECONFIG="$work/kubeconfig"
grep server: "$KUBECONFIG"

step "Install, waiting for the pods to be ready"
run "$B" install demo "$chart" --wait --timeout 60s | head -n 6 || true

step "Upgrade to 4 replicas"
run "$B" upgrade demo "$chart" --set resources.replicas=4 --wait --timeout 60s | head -n 6 || true

step "History, then roll back to revision 1"
run "$B" history demo
run "$B" rollback demo 1 --wait
run "$B" history demo

if [ -x ../shared/tools/get-reference-tools ] && eval "$(../shared/tools/get-reference-tools 2>/dev/null)" && [ -x "${HELM3:-}" ]; then
  step "Real helm 3.17.1 reads chartctl's release records"
  export HELM_CACHE_HOME="$work/h" HELM_CONFIG_HOME="$work/h" HELM_DATA_HOME="$work/h"
  run "$HELM3" list
  run "$HELM3" history demo
fi

step "Uninstall"
run "$B" uninstall demo

step "Staged rollout: 10 replicas, canary 10% (1 canary pod + 9 stable, all behind the Service)"
web=tests/integration/charts/web
run "$B" install web "$web" --set replicas=10 --wait --timeout 60s | head -n 5 || true
run "$B" upgrade web "$web" --reuse-values --set image=nginx:1.26 --canary 10% --timeout 60s
run "$B" rollout status web
run "$B" rollout promote web
run "$B" history web

step "A canary that never becomes ready is aborted and rolled back automatically (exit 1 expected)"
run "$B" upgrade web "$web" --reuse-values --set image=crashloop:1 --canary 10% --timeout 20s || echo "(exit status $?: rolled back)"
run "$B" history web
run "$B" uninstall web
echo "Rollout model and more: docs/rollouts.md"
echo
echo "Demo finished."
