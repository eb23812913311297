# lib.sh — what the kubesim shell tests share: a work folder removed on exit with every
# server the test started, kubesim started over TLS with its kubeconfig exported, the API
# called with kubesim's client certificate, and real helm 3.17.1 found when it is available.
# Source it from a test script: `. "$(dirname "$0")/lib.sh"`; it sets `here`, `work`,
# `passes` and `fails`. Helpers the scripts word differently (pass/fail reporting) stay there.

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
passes=0 fails=0
it_pids=()

it_cleanup() {
  local pid
  for pid in "${it_pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap it_cleanup EXIT

# it_bg CMD...: runs CMD in the background, killed at exit; its pid is in $it_last_pid.
it_bg() {
  "$@" &
  it_last_pid=$!
  it_pids+=("$it_last_pid")
}

# it_start_kubesim SIM [POD_READY_DELAY [TICK]]: kubesim on a free port with its data in
# $work/data; exports KUBECONFIG and sets `server` (its URL) and `simpid`.
it_start_kubesim() {
  local sim=$1 delay=${2:-300ms} tick=${3:-100ms}
  it_bg "$sim" serve --listen 127.0.0.1:0 --data-dir "$work/data" --write-kubeconfig "$work/kc" \
    --pod-ready-delay "$delay" --tick "$tick" >"$work/sim.log" 2>&1
  simpid=$it_last_pid
  local _
  for _ in $(seq 200); do [ -f "$work/kc" ] && break; sleep 0.05; done
  [ -f "$work/kc" ] || { echo "kubesim did not start"; cat "$work/sim.log"; exit 1; }
  export KUBECONFIG="$work/kc"
  server=$(sed -n 's/^ *server: //p' "$work/kc" | head -1)
}

# it_helm_home: helm's cache/config/data folders inside $work (nothing of the user's).
it_helm_home() {
  export HELM_CACHE_HOME="$work/h/cache" HELM_CONFIG_HOME="$work/h/cfg" HELM_DATA_HOME="$work/h/data"
}

# it_find_helm: sets HELM3 to real helm 3.17.1 when get-reference-tools can provide it;
# returns 1 (HELM3 left empty or unset) when it cannot.
it_find_helm() {
  local ref vars
  if [ -z "${HELM3:-}" ] || [ ! -x "${HELM3:-}" ]; then
    for ref in "$here/../../../shared/tools/get-reference-tools" /work/shared/tools/get-reference-tools; do
      [ -f "$ref" ] || continue
      if vars=$(timeout 300 bash "$ref" --quiet 2>/dev/null); then eval "$vars"; fi
      [ -n "${HELM3:-}" ] && [ -x "${HELM3:-}" ] && break
    done
  fi
  [ -n "${HELM3:-}" ] && [ -x "${HELM3:-}" ]
}

# it_api METHOD PATH [CONTENT-TYPE BODY]: one request to kubesim with its client certificate.
it_api() {
  local args=(-sS --cacert "$work/data/ca.crt" --cert "$work/data/client.crt" --key "$work/data/client.key" -X "$1")
  [ $# -ge 4 ] && args+=(-H "Content-Type: $3" --data-binary "$4")
  timeout 30 curl "${args[@]}" "$server$2"
}
