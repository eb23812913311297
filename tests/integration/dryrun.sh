#!/usr/bin/env bash
# dryrun.sh — install/upgrade --dry-run=client|server as Helm 3.17 does them, against kubesim
# over TLS: with server, lookup reads the cluster (client renders offline: empty maps); neither
# creates objects or writes a release record; the ownership check still runs; the output is
# helm's (byte for byte when real helm is available).
# Usage: dryrun.sh CHARTCTL KUBESIM
set -uo pipefail
CT=${1:?usage: dryrun.sh CHARTCTL KUBESIM} SIM=${2:?usage: dryrun.sh CHARTCTL KUBESIM}
. "$(dirname "$0")/lib.sh"
it_start_kubesim "$SIM"
export HELM_DRIVER=secret
it_helm_home
it_find_helm
api() { # METHOD PATH [BODY]
  if [ $# -ge 3 ]; then it_api "$1" "$2" application/json "$3"; else it_api "$1" "$2"; fi
}
pass() { passes=$((passes+1)); echo "ok - $1"; }
failed() { fails=$((fails+1)); echo "FAIL - $1"; }
has() { # NAME WANT CMD...
  local name=$1 want=$2; shift 2
  local out; out=$("$@" 2>&1)
  if grep -qF -- "$want" <<<"$out"; then pass "$name"; else failed "$name: wanted '$want' in:"; echo "$out" | head -20; fi
}
lacks() { # NAME UNWANTED CMD...
  local name=$1 bad=$2; shift 2
  local out; out=$("$@" 2>&1)
  if grep -qF -- "$bad" <<<"$out"; then failed "$name: '$bad' in:"; echo "$out" | head -20; else pass "$name"; fi
}
count() { # PATH: number of items of a list
  api GET "$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("items") or []))'
}
records() { count "/api/v1/namespaces/$1/secrets?labelSelector=owner%3Dhelm"; }
exists() { api GET "$1" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin).get("kind") != "Status" else 1)'; }

ns=dr
api POST /api/v1/namespaces "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$ns\"}}" >/dev/null
api POST "/api/v1/namespaces/$ns/configmaps" '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"existing"},"data":{"key":"value"}}' >/dev/null
chart="$work/lc"
mkdir -p "$chart/templates"
printf 'apiVersion: v2\nname: lc\nversion: 0.1.0\n' >"$chart/Chart.yaml"
printf 'rev: one\n' >"$chart/values.yaml"
cat >"$chart/templates/cm.yaml" <<'T'
{{- $cm := lookup "v1" "ConfigMap" .Release.Namespace "existing" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-lc
data:
  found: {{ dig "data" "key" "none" $cm | quote }}
  count: {{ len (dig "items" (list) (lookup "v1" "ConfigMap" .Release.Namespace "")) | quote }}
  missing: {{ lookup "v1" "Secret" .Release.Namespace "nope" | toJson | quote }}
  rev: {{ .Values.rev }}
T
printf 'notes for {{ .Release.Name }}\n' >"$chart/templates/NOTES.txt"
printf '{{- if .Values.extra }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\n{{- end }}\n' >"$chart/templates/extra.yaml"
cat >"$chart/templates/hook.yaml" <<'T'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-hook
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
data: {}
T

# install
has "server dry run: lookup reads the cluster" 'found: "value"' "$CT" install d1 "$chart" -n "$ns" --dry-run=server
has "server dry run: a list lookup" 'count: "1"' "$CT" install d1 "$chart" -n "$ns" --dry-run=server
has "server dry run: a missing object is an empty map" 'missing: "{}"' "$CT" install d1 "$chart" -n "$ns" --dry-run=server
has "client dry run: lookup is offline" 'found: "none"' "$CT" install d1 "$chart" -n "$ns" --dry-run=client
has "bare --dry-run is client" 'found: "none"' "$CT" install d1 "$chart" -n "$ns" --dry-run
has "dry run prints helm's sections" 'STATUS: pending-install' "$CT" install d1 "$chart" -n "$ns" --dry-run=server
has "dry run prints the hooks" '# Source: lc/templates/hook.yaml' "$CT" install d1 "$chart" -n "$ns" --dry-run=server
has "dry run -o json" '"description":"Dry run complete"' "$CT" install d1 "$chart" -n "$ns" --dry-run=server -o json
[ "$(records "$ns")" = 0 ] && pass "dry runs write no release record" || failed "dry runs wrote a release record"
exists "/api/v1/namespaces/$ns/configmaps/d1-lc" && failed "a dry run created an object" || pass "dry runs create no object"
exists "/api/v1/namespaces/$ns/configmaps/d1-hook" && failed "a dry run ran a hook" || pass "dry runs run no hook"
has "unknown --dry-run value" 'Invalid dry-run flag. Flag must one of the following: false, true, none, client, server' \
  "$CT" install d1 "$chart" -n "$ns" --dry-run=bogus
# the ownership check runs in a dry run too, before anything is written
api POST "/api/v1/namespaces/$ns/configmaps" '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"taken-lc"},"data":{}}' >/dev/null
has "dry run refuses an object owned by no release" 'INSTALLATION FAILED: Unable to continue with install: ConfigMap "taken-lc" in namespace "dr" exists and cannot be imported into the current release' \
  "$CT" install taken "$chart" -n "$ns" --dry-run=server
has "so does an install" 'Unable to continue with install: ConfigMap "taken-lc"' "$CT" install taken "$chart" -n "$ns"
[ "$(records "$ns")" = 0 ] && pass "a refused install writes no record" || failed "a refused install wrote a record"
# a real install renders against the cluster too (Helm's interactWithRemote)
has "install: lookup reads the cluster" 'found: "value"' bash -c "'$CT' install d1 '$chart' -n $ns >/dev/null && '$CT' get manifest d1 -n $ns"
# upgrade
api PUT "/api/v1/namespaces/$ns/configmaps/existing" '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"existing"},"data":{"key":"changed"}}' >/dev/null
has "upgrade server dry run: lookup reads the cluster" 'found: "changed"' "$CT" upgrade d1 "$chart" -n "$ns" --set rev=two --dry-run=server
has "upgrade client dry run: offline" 'found: "none"' "$CT" upgrade d1 "$chart" -n "$ns" --set rev=two --dry-run=client
has "upgrade dry run description" 'Dry run complete' "$CT" upgrade d1 "$chart" -n "$ns" --set rev=two --dry-run=server -o yaml
[ "$(records "$ns")" = 1 ] && pass "upgrade dry runs write no record" || failed "an upgrade dry run wrote a record"
has "upgrade dry runs change no object" '"rev":"one"' api GET "/api/v1/namespaces/$ns/configmaps/d1-lc"
# an object new in the upgrade that exists and belongs to no release is refused, dry run or not,
# before any record is written (Helm's "Unable to continue with update")
api POST "/api/v1/namespaces/$ns/configmaps" '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d1-extra"},"data":{}}' >/dev/null
has "upgrade dry run refuses an unowned object" 'UPGRADE FAILED: Unable to continue with update: ConfigMap "d1-extra" in namespace "dr" exists and cannot be imported into the current release: invalid ownership metadata' \
  "$CT" upgrade d1 "$chart" -n "$ns" --set extra=true --dry-run=server
has "so does an upgrade" 'UPGRADE FAILED: Unable to continue with update: ConfigMap "d1-extra"' "$CT" upgrade d1 "$chart" -n "$ns" --set extra=true
[ "$(records "$ns")" = 1 ] && pass "a refused upgrade writes no record" || failed "a refused upgrade wrote a record"
has "upgrade --install dry run of a new release" 'Release "d2" does not exist. Installing it now.' "$CT" upgrade d2 "$chart" -n "$ns" --install --dry-run=server
[ "$(records "$ns")" = 1 ] && pass "upgrade --install dry run writes no record" || failed "upgrade --install dry run wrote a record"

if [ -n "${HELM3:-}" ] && [ -x "${HELM3:-}" ]; then
  # byte for byte with helm (the LAST DEPLOYED line and record times are the clock's)
  norm() { sed -E 's/^LAST DEPLOYED: .*/LAST DEPLOYED: T/; s/"(first|last)_deployed":"[^"]*"/"\1_deployed":"T"/g; s/(first|last)_deployed: .*/\1_deployed: T/'; }
  same() {
    local name=$1; shift
    local a b
    a=$("$CT" "$@" 2>&1 | norm; echo "[exit ${PIPESTATUS[0]}]")
    b=$("$HELM3" "$@" 2>&1 | norm; echo "[exit ${PIPESTATUS[0]}]")
    if [ "$a" == "$b" ]; then pass "$name: chartctl $* == helm"; else failed "$name: chartctl $* differs from helm"; diff <(echo "$b") <(echo "$a") | head -10; fi
  }
  for mode in client server; do
    same "helm" install h1 "$chart" -n "$ns" --dry-run=$mode
    same "helm" install h1 "$chart" -n "$ns" --dry-run=$mode -o json
    same "helm" install h1 "$chart" -n "$ns" --dry-run=$mode -o yaml
    same "helm" upgrade d1 "$chart" -n "$ns" --set rev=three --dry-run=$mode
    same "helm" upgrade h2 "$chart" -n "$ns" --install --dry-run=$mode
  done
  same "helm" install d3 "$chart" -n "$ns" --dry-run=bogus
  same "helm" install taken "$chart" -n "$ns" --dry-run=server
  same "helm" upgrade d1 "$chart" -n "$ns" --set extra=true --dry-run=server
  [ "$(records "$ns")" = 1 ] && pass "helm wrote no record either" || failed "helm's dry runs wrote a record"
else
  echo "# real helm not available: byte comparison skipped"
fi
echo "dryrun: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
