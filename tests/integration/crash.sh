#!/usr/bin/env bash
# crash.sh — chartctl killed with SIGKILL at random points of upgrades and rollbacks, and
# upgrades under injected API faults (errors, dropped connections, conflicts). After each:
# every record still decodes, a deployed revision is still recorded, and the release
# recovers (`rollback` out of a pending state, or a plain upgrade).
# Usage: crash.sh CHARTCTL KUBESIM [KILL_POINTS]
set -uo pipefail
CT=$1 SIM=$2 N=${3:-20}
. "$(dirname "$0")/lib.sh"
it_start_kubesim "$SIM" 200ms 50ms
chart="$here/charts/web"
ok() { passes=$((passes+1)); }
bad() { echo "FAIL: $*"; fails=$((fails+1)); }
faults() { it_api POST /kubesim/faults application/json "$1" >/dev/null; }

consistent() { # the history decodes and a deployed revision exists (or the latest is pending, to recover)
  local h; h=$("$CT" history web 2>&1) || { bad "history unreadable after $1: $h"; return 1; }
  if grep -q "deployed" <<<"$h"; then ok; return 0; fi
  bad "no deployed revision after $1"; echo "$h"; return 1
}
recover() {
  local last; last=$("$CT" history web 2>/dev/null | tail -1 | awk '{print $7}')
  local st; st=$("$CT" status web 2>/dev/null | sed -n 's/^STATUS: //p')
  if [[ "$st" == pending-* ]]; then
    "$CT" rollback web --wait --timeout 30s >/dev/null 2>&1 || { bad "rollback out of $st failed: $("$CT" rollback web 2>&1)"; return; }
  fi
  "$CT" upgrade web "$chart" --set message="recovered-$RANDOM" --wait --timeout 30s >/dev/null 2>&1 || { bad "upgrade after recovery failed"; return; }
  [ "$("$CT" status web | sed -n 's/^STATUS: //p')" = deployed ] && ok || bad "not deployed after recovery"
}

"$CT" install web "$chart" --wait --timeout 30s >/dev/null || { echo "install failed"; exit 1; }
faults '{"latency":"40ms"}'   # stretch operations so kills land inside them
kills=0
for i in $(seq "$N"); do
  delay=$(awk -v r=$RANDOM 'BEGIN{printf "%.3f", (r%1500)/1000}')
  if (( i % 4 == 0 )); then cmd=(rollback web); else cmd=(upgrade web "$chart" --set "message=m$i" --set extraConfig=$(( i % 2 )) --wait --timeout 30s); fi
  "$CT" "${cmd[@]}" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills+1)); fi
  wait "$pid" 2>/dev/null
  consistent "kill $i (${cmd[0]} after ${delay}s)" && recover
done
# installs killed midway: the release is recoverable by rollback (closes a pending install)
# followed by upgrade, or by uninstall
for i in 1 2 3; do
  "$CT" install "inst$i" "$chart" --wait --timeout 30s >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v r=$RANDOM 'BEGIN{printf "%.3f", (r%600)/1000}')"
  kill -9 "$pid" 2>/dev/null && kills=$((kills+1))
  wait "$pid" 2>/dev/null
  st=$("$CT" status "inst$i" 2>/dev/null | sed -n 's/^STATUS: //p')
  if [ "$st" = pending-install ]; then
    "$CT" rollback "inst$i" >/dev/null 2>&1
    [ "$("$CT" status "inst$i" | sed -n 's/^STATUS: //p')" = failed ] && ok || bad "rollback did not close pending install $i"
  fi
  if [ -n "$st" ]; then
    "$CT" upgrade "inst$i" "$chart" --wait --timeout 30s >/dev/null 2>&1 && ok || bad "upgrade after killed install $i failed: $("$CT" history "inst$i" 2>&1)"
  fi
  "$CT" uninstall "inst$i" >/dev/null 2>&1 || [ -z "$st" ] || bad "uninstall of inst$i failed"
done
# upgrades under faults; the records are read back with the faults off (a reader under a 30%
# error rate can itself run out of retries, which says nothing about what the upgrade left)
for i in 1 2 3 4 5; do
  faults '{"latency":"0ms","errorRate":0.3,"dropRate":0.1,"conflictRate":0.2}'
  "$CT" upgrade web "$chart" --set "message=f$i" --timeout 30s >/dev/null 2>&1
  faults '{"errorRate":0,"dropRate":0,"conflictRate":0}'
  consistent "faulted upgrade $i"
done
recover
echo "kill points tried: $kills of $N (the rest had finished before the kill)"
echo "crash: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
