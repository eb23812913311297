#!/usr/bin/env bash
# checker.sh — the service checker end to end: `chartctl test --service-checker` against a
# real local HTTP server (checker_server.py) serving specs whose x-amples pass and fail, bad
# specs, an unreachable port and a timeout; then staged rollouts on kubesim with
# --check-openapi: a passing service lets the canary pause and promote, a failing one aborts
# and restores the stable revision, and a check kept in the record runs again on promote.
# Usage: checker.sh CHARTCTL KUBESIM
set -uo pipefail
CT=$1 SIM=$2
. "$(dirname "$0")/lib.sh"
ok() { passes=$((passes+1)); }
bad() { echo "FAIL: $*"; fails=$((fails+1)); }
expect() { if [ "$2" == "$3" ]; then ok; else bad "$1: wanted '$2', got '$3'"; fi; }
has() { # name, needle, haystack
  if grep -qF -- "$2" <<<"$3"; then ok; else bad "$1: wanted '$2' in: $3"; fi
}

it_bg python3 "$here/checker_server.py" "$work/port" "$work/flipped"
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
[ -s "$work/port" ] || { echo "checker_server.py did not start"; exit 1; }
web="http://127.0.0.1:$(cat "$work/port")"

# ---- chartctl test --service-checker, no release: only the checker ----
out=$("$CT" test --service-checker "$web/pass" 2>&1); rc=$?
expect "passing spec exits 0" 0 "$rc"
has "spec URL" "SERVICE CHECKER: $web/pass/?spec" "$out"
has "GET example" 'Example:        GET /pass/ping "ping answers pong": OK' "$out"
has "params, query, headers, JSON body" 'Example:        GET /pass/items/{id} "item by id": OK' "$out"
has "POST with a JSON body" 'Example:        POST /pass/items "create an item": OK' "$out"
has "default GET example" 'Example:        GET /pass/health "Untitled test": OK' "$out"
grep -q "/private" <<<"$out" && bad "x-monitor: false was checked" || ok
has "summary" "Result:         OK: all 4 examples passed (1 operation skipped by x-monitor: false)" "$out"

out=$("$CT" test --service-checker "$web/yaml" 2>&1); rc=$?
expect "YAML OpenAPI 3 spec exits 0" 0 "$rc"
has "servers[0].url path" 'GET /yaml/ping "yaml ping": OK' "$out"

out=$("$CT" test --service-checker "$web/fail" 2>&1); rc=$?
expect "failing spec exits 1" 1 "$rc"
has "a passing example among failing ones" '"still fine": OK' "$out"
has "body regex mismatch" '"body regex mismatch": WARNING: responds with an unexpected body: "pong\n" (want "/^ping$/")' "$out"
has "wrong status" '"wrong status": CRITICAL: returned the unexpected status 404 (expecting: 200)' "$out"
has "missing header" '"missing header": CRITICAL: missing header etag' "$out"
has "JSON field mismatch" '"json field mismatch": WARNING: responds with an unexpected body: at /id: got "1", want "/^2$/"' "$out"
has "overall CRITICAL" "Result:         CRITICAL: 4 of 5 examples failed" "$out"
has "error line" "Error: service checker CRITICAL: body regex mismatch (GET /fail/ping) is WARNING" "$out"

out=$("$CT" test --service-checker "$web/bad" 2>&1); rc=$?
expect "malformed spec exits 1" 1 "$rc"
has "malformed spec" "no valid spec found" "$out"
out=$("$CT" test --service-checker "$web/none" 2>&1); rc=$?
expect "missing spec exits 1" 1 "$rc"
has "missing spec" "fetching the spec $web/none/?spec: HTTP status 404" "$out"
out=$("$CT" test --service-checker "$web" --service-checker-spec "$web/pass/?spec" 2>&1); rc=$?
expect "absolute --service-checker-spec" 0 "$rc"
deadport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
out=$("$CT" test --service-checker "http://127.0.0.1:$deadport" 2>&1); rc=$?
expect "unreachable server exits 1" 1 "$rc"
has "unreachable server" "fetching the spec http://127.0.0.1:$deadport/?spec:" "$out"
start=$(date +%s.%N)
out=$("$CT" test --service-checker "$web/slow" --service-checker-timeout 1s 2>&1); rc=$?
took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%d", e-s}')
expect "slow endpoint exits 1" 1 "$rc"
has "timeout" '"slow 1": CRITICAL: could not fetch '"$web"'/slow/wait: timed out after 1s' "$out"
has "timeouts" "Result:         CRITICAL: 3 of 3 examples failed" "$out"
[ "$took" -lt 3 ] && ok || bad "three examples timing out after 1s took ${took}s: they should run concurrently"
out=$("$CT" test --service-checker "ftp://x" 2>&1); rc=$?
expect "bad URL exits 1" 1 "$rc"
has "bad URL" "invalid service URL \"ftp://x\"" "$out"
out=$("$CT" test 2>&1); rc=$?
expect "no release and no checker" 1 "$rc"

# ---- kubesim: test hooks then the checker; rollouts with --check-openapi ----
it_start_kubesim "$SIM"
export HELM_DRIVER=secret
api() { curl -sk --cert "$work/data/client.crt" --key "$work/data/client.key" "$server$1"; }
image() { api "/apis/apps/v1/namespaces/default/deployments/$1-web" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["spec"]["template"]["spec"]["containers"][0]["image"], d["spec"].get("replicas"))'; }
exists() { [ "$(api "/apis/apps/v1/namespaces/default/deployments/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("kind",""))')" == Deployment ]; }
status_of() { "$CT" status "$1" 2>/dev/null | sed -n 's/^STATUS: //p'; }
phase_of() { "$CT" rollout status "$1" 2>/dev/null | sed -n 's/^PHASE: //p'; }
chart="$here/charts/web"

"$CT" install c "$chart" --set replicas=4 --wait --timeout 60s >/dev/null || { echo "install failed"; exit 1; }
out=$("$CT" test c --service-checker "$web/pass" 2>&1); rc=$?
expect "test hooks + checker exit 0" 0 "$rc"
has "hook report first" "TEST SUITE:     c-test" "$out"
has "then the checker" 'GET /pass/ping "ping answers pong": OK' "$out"
out=$("$CT" test c --service-checker "$web/fail" 2>&1); rc=$?
expect "hooks pass, checker fails: exit 1" 1 "$rc"
has "hooks still reported" "Phase:          Succeeded" "$out"

# canary with a passing service: pauses at 25% with the check passed, then promotes
out=$("$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.26 --canary 25% --check-openapi "$web/pass" --timeout 30s 2>&1); rc=$?
expect "canary + passing openapi exits 0" 0 "$rc"
has "check passed event" "openapi: $web/pass/?spec: 4 examples passed" "$out"
expect "paused" Paused "$(phase_of c)"
"$CT" rollout status c -o json | python3 -c '
import json, sys
d = json.load(sys.stdin)
oa = d["rollout"]["checks"]["openapi"]
assert [(u["url"], u["spec"]) for u in oa] == [("'"$web"'/pass", "/?spec")], oa
assert d["rollout"]["checks"]["urls"] == [], d["rollout"]["checks"]["urls"]
assert any(r["check"] == "openapi" and r["ok"] for r in d["rollout"]["results"])' && ok || bad "the openapi check is not in the record"
"$CT" rollout promote c >"$work/promote.log" 2>&1 && ok || bad "promote failed: $(cat "$work/promote.log")"
expect "promoted" "nginx:1.26 4" "$(image c)"
expect "deployed" deployed "$(status_of c)"

# canary with a failing service: aborted with the failing example's title, stable restored
out=$("$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.27 --canary 25% --check-openapi "$web/fail" --timeout 30s 2>&1); rc=$?
expect "canary + failing openapi exits 1" 1 "$rc"
has "abort names the example" 'openapi check failed: '"$web"'/fail/?spec: example "body regex mismatch" (GET /fail/ping) is WARNING' "$out"
has "and counts the others" "(and 3 more of 5 examples failing)" "$out"
expect "stable template and size kept" "nginx:1.26 4" "$(image c)"
exists c-web-canary && bad "canary left after the abort" || ok
expect "revision failed" failed "$(status_of c)"
"$CT" history c | tail -1 | grep -qF "body regex mismatch" && ok || bad "reason not in history: $("$CT" history c | tail -1)"

# --check-openapi-spec: the spec found elsewhere than /?spec
out=$("$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.27 --canary 25% --check-openapi "$web/fail" --check-openapi-spec /nowhere --timeout 30s 2>&1); rc=$?
expect "--check-openapi-spec to a missing spec exits 1" 1 "$rc"
has "--check-openapi-spec is used" "$web/fail/nowhere" "$out"
expect "stable kept after a missing spec" "nginx:1.26 4" "$(image c)"

# unreachable service aborts too
out=$("$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.28 --canary 25% --check-openapi "http://127.0.0.1:$deadport" --timeout 30s 2>&1); rc=$?
expect "unreachable openapi service exits 1" 1 "$rc"
has "unreachable reason" "openapi check failed: fetching the spec http://127.0.0.1:$deadport/?spec" "$out"
expect "stable kept after unreachable" "nginx:1.26 4" "$(image c)"

# the check is kept in the record: it runs again on promote and aborts when the service broke
"$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.29 --steps 25%,50% --check-openapi "$web/flip" --timeout 30s >"$work/flip.log" 2>&1
expect "flip: first step passes and pauses" Paused "$(phase_of c)"
touch "$work/flipped"
out=$("$CT" rollout promote c 2>&1); rc=$?
[ "$rc" -ne 0 ] && ok || bad "promote after the service broke exits 0: $out"
has "promote re-ran the check" 'example "flip ping" (GET /flip/ping) is CRITICAL: returned the unexpected status 503' "$out"
expect "flip: aborted" Aborted "$(phase_of c)"
expect "flip: stable restored" "nginx:1.26 4" "$(image c)"
exists c-web-canary && bad "flip: canary left" || ok
rm -f "$work/flipped"

# blue/green with the checker: passes and switches
out=$("$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.30 --strategy blue-green --auto-promote --scale-down-delay 300ms --check-openapi "$web/pass" --timeout 30s 2>&1); rc=$?
expect "blue-green + passing openapi exits 0" 0 "$rc"
has "blue-green ran the check" "openapi: $web/pass/?spec: 4 examples passed" "$out"
expect "blue-green final template" "nginx:1.30 4" "$(image c)"
# a staged rollout renders `lookup` against the cluster, as a plain upgrade does
cp -r "$chart" "$work/lookupchart"
cat >"$work/lookupchart/templates/lookup.yaml" <<'TPL'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-lookup
data:
  image: {{ (index (lookup "apps/v1" "Deployment" .Release.Namespace (printf "%s-web" .Release.Name)).spec.template.spec.containers 0).image | default "offline" | quote }}
TPL
out=$("$CT" upgrade c "$work/lookupchart" --reuse-values --set image=nginx:1.31 --canary 25% --auto-promote --timeout 30s 2>&1); rc=$?
expect "canary with a lookup template exits 0" 0 "$rc"
has "lookup saw the live Deployment" 'image: "nginx:1.30"' "$("$CT" get manifest c)"

out=$("$CT" upgrade c "$chart" --check-openapi "ftp://x" --canary 10% 2>&1); rc=$?
expect "bad --check-openapi URL refused" 1 "$rc"
has "bad --check-openapi URL" "want an http:// or https:// base URL" "$out"

echo "checker: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
