#!/usr/bin/env bash
# rollout.sh — staged rollouts end to end against kubesim: canary share by pods and
# Endpoints, promote, steps, aborts (crash-looping, never-ready, HTTP 500, Prometheus),
# blue/green switch and switch back, concurrency refusal, helm reading the records, and
# chartctl killed (SIGKILL) mid-rollout then finished by `rollout status` + resume/abort.
# Usage: rollout.sh CHARTCTL KUBESIM [KILL_POINTS]
set -uo pipefail
CT=$1 SIM=$2 N=${3:-12}
. "$(dirname "$0")/lib.sh"
it_start_kubesim "$SIM"
export HELM_DRIVER=secret
api() { curl -sk --cert "$work/data/client.crt" --key "$work/data/client.key" "$server$1"; }

# the test chart: the shared web chart plus pod annotations (for kubesim's never-ready)
chart="$work/chart"
cp -r "$here/charts/web" "$chart"
python3 - "$chart/templates/deployment.yaml" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("    metadata:\n      labels:", "    metadata:\n      {{- with .Values.podAnnotations }}\n      annotations: {{ toJson . }}\n      {{- end }}\n      labels:", 1)
open(p, "w").write(s)
EOF

# a tiny HTTP server: /ok → 200, /bad → 500, /api/v1/query → a Prometheus vector of $work/metric
echo 0.5 >"$work/metric"
cat >"$work/fakeweb.py" <<'EOF'
import http.server, json, sys
metric = sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/api/v1/query"):
            v = open(metric).read().strip()
            body = json.dumps({"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1700000000.0, v]}]}}).encode()
            code = 200
        else:
            code = 500 if self.path.startswith("/bad") else 200
            body = b"x"
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
EOF
it_bg python3 "$work/fakeweb.py" "$work/port" "$work/metric"
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
web="http://127.0.0.1:$(cat "$work/port")"

ok() { passes=$((passes+1)); }
bad() { echo "FAIL: $*"; fails=$((fails+1)); }
expect() { # name, want, got
  if [ "$2" == "$3" ]; then ok; else bad "$1: wanted '$2', got '$3'"; fi
}
# pods of the release's Deployment by track, and Endpoints addresses by track
pods_json() { api "/api/v1/namespaces/default/pods?labelSelector=app%3D$1-web"; }
count_track() { # release track(canary|preview|stable) [ready-only]
  pods_json "$1" | python3 -c '
import json, sys
t = sys.argv[1]
n = 0
for p in json.load(sys.stdin)["items"]:
    tr = p["metadata"].get("labels", {}).get("chartctl.io/track", "stable")
    ready = any(c["type"] == "Ready" and c["status"] == "True" for c in p.get("status", {}).get("conditions", []))
    if tr == t and ready: n += 1
print(n)' "$2"
}
endpoints_by_track() { # release → "stable=N canary=M" as the Service's Endpoints select them
  local names; names=$(api "/api/v1/namespaces/default/endpoints/$1-web" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(a["targetRef"]["name"] for s in d.get("subsets") or [] for a in s.get("addresses", [])))')
  pods_json "$1" | python3 -c '
import json, sys
names = set(sys.argv[1].split())
c = {}
for p in json.load(sys.stdin)["items"]:
    if p["metadata"]["name"] in names:
        tr = p["metadata"].get("labels", {}).get("chartctl.io/track", "stable")
        c[tr] = c.get(tr, 0) + 1
print(" ".join("%s=%d" % kv for kv in sorted(c.items())))' "$names"
}
pod_names() { pods_json "$1" | python3 -c 'import json,sys; print(" ".join(sorted(p["metadata"]["name"] for p in json.load(sys.stdin)["items"])))'; }
image() { api "/apis/apps/v1/namespaces/default/deployments/$1-web" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["spec"]["template"]["spec"]["containers"][0]["image"], d["spec"].get("replicas"))'; }
exists() { [ "$(api "/apis/apps/v1/namespaces/default/deployments/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("kind",""))')" == Deployment ]; }
status_of() { "$CT" status "$1" 2>/dev/null | sed -n 's/^STATUS: //p'; }
phase_of() { "$CT" rollout status "$1" 2>/dev/null | sed -n 's/^PHASE: //p'; }

"$CT" install c "$chart" --set replicas=10 --wait --timeout 60s >/dev/null || { echo "install failed"; exit 1; }

# ---- canary 10% of 10 replicas: 1 canary + 9 stable, both behind the Service ----
out=$("$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.26 --canary 10% --timeout 30s 2>&1)
rc=$?
expect "canary 10% exits 0 when checks pass" 0 "$rc"
grep -q "paused at 10%" <<<"$out" && ok || bad "no pause event: $out"
expect "1 canary pod ready" 1 "$(count_track c canary)"
expect "9 stable pods ready" 9 "$(count_track c stable)"
sleep 0.5
expect "Endpoints select 9 stable + 1 canary" "canary=1 stable=9" "$(endpoints_by_track c)"
expect "stable keeps the old template, 9 replicas" "nginx:1.25 9" "$(image c)"
expect "record pending while paused" pending-upgrade "$(status_of c)"
expect "rollout status: Paused" Paused "$(phase_of c)"
"$CT" rollout status c -o json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["rollout"]["weight"]==10 and d["rollout"]["phase"]=="Paused"' && ok || bad "status json"
# the pending record refuses a concurrent upgrade
out=$("$CT" upgrade c "$chart" --reuse-values --set image=nginx:9 2>&1) && bad "concurrent upgrade accepted" || { grep -q "another operation" <<<"$out" && ok || bad "concurrent: $out"; }
out=$("$CT" upgrade c "$chart" --reuse-values --canary 50% 2>&1) && bad "concurrent rollout accepted" || { grep -q "another operation" <<<"$out" && ok || bad "concurrent rollout: $out"; }
# real helm still reads the records
if [ -n "${HELM3:-}" ] && [ -x "$HELM3" ]; then
  export HELM_CACHE_HOME="$work/h/cache" HELM_CONFIG_HOME="$work/h/cfg" HELM_DATA_HOME="$work/h/data"
  "$HELM3" history c 2>&1 | grep -q "Canary rollout at 10%" && ok || bad "helm history: $("$HELM3" history c 2>&1)"
  "$HELM3" get values c 2>&1 | grep -q "nginx:1.26" && ok || bad "helm get values"
fi
# promote: 100%, canary gone, stable has the new template at full size
"$CT" rollout promote c >"$work/promote.log" 2>&1 && ok || bad "promote failed: $(cat "$work/promote.log")"
expect "after promote: new template, 10 replicas" "nginx:1.26 10" "$(image c)"
exists c-web-canary && bad "canary Deployment left after promote" || ok
expect "record deployed" deployed "$(status_of c)"
"$CT" history c | grep -q "Upgrade complete (canary 10%,100%)" && ok || bad "history description"
expect "promote twice refused" 1 "$("$CT" rollout promote c >/dev/null 2>&1; echo $?)"

# ---- steps advance on passing checks (HTTP 200 + Prometheus under the max) ----
"$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.27 --steps 20%,50% --step-pause 500ms \
  --check-url "$web/ok" --check-prometheus "$web" --query 'rate(errors[1m])' --max 1 -o json >"$work/steps.json" 2>&1
expect "steps rollout exits 0" 0 $?
expect "weights went 20, 50" "20 50" "$(python3 -c '
import json,sys
w=[json.loads(l)["weight"] for l in open(sys.argv[1]) if l.startswith("{") and json.loads(l)["type"]=="step"]
print(" ".join(map(str,w)))' "$work/steps.json")"
grep -q '"check-passed".*GET .*/ok returned 200' "$work/steps.json" && ok || bad "http check not reported"
grep -q '"check-passed".*query rate(errors\[1m\]) = 0.5' "$work/steps.json" && ok || bad "prometheus check not reported"
expect "after steps: new template" "nginx:1.27 10" "$(image c)"

# ---- failing canaries are aborted; the stable pods are untouched ----
abort_case() { # name, want-in-error, upgrade args...
  local name=$1 want=$2; shift 2
  local before after out rc
  before=$(pod_names c)
  out=$("$CT" upgrade c "$chart" --reuse-values "$@" 2>&1); rc=$?
  [ "$rc" -ne 0 ] && ok || bad "$name: exit 0"
  grep -qF -- "$want" <<<"$out" && ok || bad "$name: wanted '$want' in: $(tail -3 <<<"$out")"
  after=$(pod_names c)
  expect "$name: stable pods untouched" "$before" "$after"
  expect "$name: stable template and size" "nginx:1.27 10" "$(image c)"
  exists c-web-canary && bad "$name: canary left" || ok
  expect "$name: revision failed" failed "$(status_of c)"
  "$CT" history c | tail -1 | grep -qF -- "$want" && ok || bad "$name: reason not in history"
}
abort_case "crash-looping canary" "restarting" --set image=crashloop:1 --canary 10% --timeout 20s
abort_case "never-ready canary" "canary pods of Deployment c-web-canary" --set-json 'podAnnotations={"kubesim.io/never-ready":"true"}' --canary 10% --timeout 3s
abort_case "HTTP 500" "returned 500 (want 200)" --set image=nginx:1.30 --canary 30% --check-url "$web/bad"
echo 7 >"$work/metric"
abort_case "Prometheus over max" "prometheus check failed" --set image=nginx:1.31 --canary 30% --check-prometheus "$web" --query up --max 1
echo 0.5 >"$work/metric"
# abort by hand from a paused canary
"$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.32 --steps 30%,60% >/dev/null 2>&1
expect "3 canary pods at 30%" 3 "$(count_track c canary)"
"$CT" rollout abort c --reason "bad dashboards" >/dev/null 2>&1 && ok || bad "abort failed"
expect "manual abort restores" "nginx:1.27 10" "$(image c)"
"$CT" history c | tail -1 | grep -q "bad dashboards" && ok || bad "abort reason not recorded"

# `chartctl rollback` on a paused canary aborts the rollout first, then rolls back
rev=$("$CT" history c | awk '$0 ~ /[[:space:]]deployed[[:space:]]/ {print $1}')
"$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.34 --steps 30%,60% >/dev/null 2>&1
expect "paused at 30% before the rollback" 3 "$(count_track c canary)"
"$CT" rollback c "$rev" >"$work/rb.log" 2>&1 && ok || bad "rollback of a paused canary failed: $(cat "$work/rb.log")"
exists c-web-canary && bad "canary Deployment left after rollback" || ok
expect "rollback of a paused canary restores" "nginx:1.27 10" "$(image c)"
expect "rolled back revision deployed" deployed "$(status_of c)"
"$CT" history c | tail -2 | head -1 | grep -q "rolled back by" && ok || bad "aborted revision does not say why: $("$CT" history c | tail -2)"

# promote and abort from another terminal while the first chartctl still drives (timed pause)
"$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.33 --steps 20%,50% --step-pause 60s >"$work/driver.log" 2>&1 &
drv=$!
for _ in $(seq 100); do [ "$(phase_of c)" == Paused ] && break; sleep 0.2; done
"$CT" rollout status c | grep -q "DRIVEN BY: chartctl pid $drv" && ok || bad "status does not name the driver"
"$CT" rollout promote c >/dev/null 2>&1 && ok || bad "promote request failed"
for _ in $(seq 100); do [ "$(count_track c canary)" == 5 ] && break; sleep 0.2; done
expect "the driver moved to 50% on request" 5 "$(count_track c canary)"
"$CT" rollout abort c --reason "seen enough" >/dev/null 2>&1 && ok || bad "abort request failed"
wait "$drv"
expect "the driver exits non-zero after the abort" 1 $?
grep -q "seen enough" "$work/driver.log" && ok || bad "driver did not report the reason: $(tail -2 "$work/driver.log")"
expect "abort request restores" "nginx:1.27 10" "$(image c)"

# ---- blue/green: preview at full size, switch, switch back, then a full run ----
"$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.40 --strategy blue-green --scale-down-delay 20s --timeout 30s >/dev/null 2>&1
expect "bg: paused with preview" Paused "$(phase_of c)"
expect "bg: 10 preview pods" 10 "$(count_track c preview)"
sleep 0.5
expect "bg: Service still on stable only" "stable=10" "$(endpoints_by_track c)"
"$CT" rollout promote c >"$work/bg.log" 2>&1 &
bgpid=$!
for _ in $(seq 60); do [ "$(phase_of c)" == Switched ] && break; sleep 0.2; done
sleep 0.5
expect "bg: switched to preview" "preview=10" "$(endpoints_by_track c)"
expect "bg: old pods kept during the delay" 10 "$(count_track c stable)"
"$CT" rollout abort c >/dev/null 2>&1 && ok || bad "bg abort failed"
wait "$bgpid"
sleep 0.5
expect "bg: switched back to stable" "stable=10" "$(endpoints_by_track c)"
expect "bg: Service selector restored" '{"app":"c-web"}' "$(api /api/v1/namespaces/default/services/c-web | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["spec"]["selector"],separators=(",",":")))')"
exists c-web-preview && bad "bg: preview left" || ok
"$CT" upgrade c "$chart" --reuse-values --set image=nginx:1.41 --strategy blue-green --auto-promote --scale-down-delay 500ms --timeout 30s >/dev/null 2>&1
expect "bg auto-promote exits 0" 0 $?
expect "bg: final template" "nginx:1.41 10" "$(image c)"
sleep 0.5
expect "bg: Service back to the chart's selector" "stable=10" "$(endpoints_by_track c)"
api /api/v1/namespaces/default/services/c-web-preview | grep -q '"NotFound"' && ok || bad "preview Service left"

# ---- chartctl killed mid-rollout: status, then resume or abort, finish it every time ----
kills=0
for i in $(seq "$N"); do
  img="nginx:2.$i"
  if (( i % 3 == 0 )); then how=(--strategy blue-green --auto-promote --scale-down-delay 300ms); else how=(--steps 20%,50% --step-pause 300ms); fi
  "$CT" upgrade c "$chart" --reuse-values --set image="$img" "${how[@]}" --timeout 30s >/dev/null 2>&1 &
  pid=$!
  delay=$(awk -v r=$RANDOM 'BEGIN{printf "%.3f", 0.05 + (r%3000)/1000}')
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null && kills=$((kills+1))
  wait "$pid" 2>/dev/null
  echo "kill $i: ${how[0]} ${how[1]} after ${delay}s" >>"$work/kills.log"
  st=$("$CT" rollout status c 2>&1) || { bad "kill $i: rollout status failed: $st"; continue; }
  ph=$(sed -n 's/^PHASE: //p' <<<"$st")
  if [ "$ph" != Completed ] && [ "$ph" != Aborted ]; then
    if (( i % 2 )); then
      "$CT" rollout resume c >/dev/null 2>&1 || true
      ph=$(phase_of c)
      [ "$ph" == Paused ] && { "$CT" rollout promote c --full >/dev/null 2>&1; ph=$(phase_of c); }
    else
      "$CT" rollout abort c >/dev/null 2>&1 || true
      ph=$(phase_of c)
    fi
  fi
  case "$ph" in
    Completed) want=$("$CT" get values c -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["image"])')
      expect "kill $i: completed template" "$want 10" "$(image c)"; expect "kill $i: deployed" deployed "$(status_of c)" ;;
    Aborted) expect "kill $i: aborted, stable size" 10 "$(image c | awk '{print $2}')"; expect "kill $i: failed" failed "$(status_of c)" ;;
    *) bad "kill $i: rollout left in phase '$ph'" ;;
  esac
  exists c-web-canary && bad "kill $i: canary left" || ok
  exists c-web-preview && bad "kill $i: preview left" || ok
  expect "kill $i: all pods on one template, ready" 10 "$(count_track c stable)"
  sleep 0.3
  expect "kill $i: the Service selects the release's pods only" "stable=10" "$(endpoints_by_track c)"
done
echo "kill points tried: $kills of $N"
[ "$fails" -eq 0 ] || cat "$work/kills.log"
echo "rollout: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
