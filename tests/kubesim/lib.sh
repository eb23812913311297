# kubesim test helpers (sourced): start/stop a server on a free port, curl with the
# generated credentials, JSON field extraction, bounded waits and assertions.
# Needs: curl, python3, setsid, timeout. Set KUBESIM to the binary before sourcing.

set -u
# the system python starts in ~50ms; version-manager shims can take 10x that per call
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; else PY=python3; fi
python3() { "$PY" "$@"; }
KS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/kubesim-test.XXXXXX")
KS_PID=""
KS_FAILS=0
KS_PASSES=0

ks_cleanup() {
  ks_stop || true
  if [ "${KS_KEEP:-0}" = 1 ]; then echo "kept $KS_TMP"; else rm -rf "$KS_TMP"; fi
}
trap ks_cleanup EXIT
trap 'exit 130' INT TERM

# ks_start [extra flags...]: starts kubesim with data dir $KS_TMP/data, waits for the kubeconfig.
ks_start() {
  rm -f "$KS_TMP/kubeconfig"
  setsid "$KUBESIM" serve --listen 127.0.0.1:0 --data-dir "$KS_TMP/data" \
    --write-kubeconfig "$KS_TMP/kubeconfig" "$@" >>"$KS_TMP/server.log" 2>&1 </dev/null &
  KS_PID=$!
  local i
  for i in $(seq 1 200); do
    [ -f "$KS_TMP/kubeconfig" ] && break
    if ! kill -0 "$KS_PID" 2>/dev/null; then
      echo "kubesim exited early:"; cat "$KS_TMP/server.log"; KS_PID=""; return 1
    fi
    sleep 0.05
  done
  [ -f "$KS_TMP/kubeconfig" ] || { echo "kubesim did not become ready"; cat "$KS_TMP/server.log"; return 1; }
  KS_SERVER=$(sed -n 's/^ *server: //p' "$KS_TMP/kubeconfig")
  KS_DATA="$KS_TMP/data"
  export KUBECONFIG="$KS_TMP/kubeconfig"
}

# ks_stop: SIGTERM and wait (bounded) for the state save; returns kubesim's exit status.
ks_stop() {
  [ -n "$KS_PID" ] || return 0
  kill -TERM "$KS_PID" 2>/dev/null || true
  local i rc=0
  for i in $(seq 1 100); do
    kill -0 "$KS_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$KS_PID" 2>/dev/null; then
    echo "kubesim did not stop on SIGTERM; killing"; kill -KILL "$KS_PID" 2>/dev/null; rc=1
  fi
  wait "$KS_PID" 2>/dev/null || rc=$?
  KS_PID=""
  return $rc
}

# kc METHOD PATH [curl args...]: authenticated (client cert) request; body to $KS_TMP/out,
# prints the HTTP status code.
kc() {
  local m=$1 p=$2; shift 2
  curl -sS --max-time 20 --cacert "$KS_DATA/ca.crt" --cert "$KS_DATA/client.crt" --key "$KS_DATA/client.key" \
    -X "$m" -o "$KS_TMP/out" -w '%{http_code}' "$@" "$KS_SERVER$p"
}

# body: last response body
body() { cat "$KS_TMP/out"; }

# j EXPR [FILE]: evaluate a python expression over the JSON document `d` (default: last body)
j() {
  python3 -c 'import json,sys
d=json.load(open(sys.argv[2]))
v=eval(sys.argv[1])
print(json.dumps(v) if isinstance(v,(dict,list)) else v)' "$1" "${2:-$KS_TMP/out}"
}

ok() { KS_PASSES=$((KS_PASSES + 1)); echo "ok - $*"; }
fail() { KS_FAILS=$((KS_FAILS + 1)); echo "FAIL - $*"; }

# expect NAME WANT GOT
expect() {
  if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: want [$2] got [$3]"; [ -f "$KS_TMP/out" ] && head -c 600 "$KS_TMP/out" && echo; fi
}

# wait_for SECONDS CMD...: retry CMD until it succeeds or time runs out
wait_for() {
  local secs=$1; shift
  local end=$(( $(date +%s) + secs ))
  while [ "$(date +%s)" -lt "$end" ]; do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

ks_summary() {
  if [ -n "$KS_PID" ]; then ks_stop && ok "kubesim stopped cleanly" || fail "kubesim exit status on SIGTERM"; fi
  if grep -Eq "AddressSanitizer|LeakSanitizer|runtime error:" "$KS_TMP/server.log" 2>/dev/null; then
    fail "sanitizer report in server log:"; cat "$KS_TMP/server.log"
  fi
  echo "$KS_PASSES passed, $KS_FAILS failed"
  [ "$KS_FAILS" -eq 0 ]
}
