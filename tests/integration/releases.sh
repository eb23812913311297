#!/usr/bin/env bash
# releases.sh — chartctl's release commands end to end against kubesim over TLS:
# install, upgrade (pruning), failed upgrade, rollback, history, status, list, get, test,
# uninstall, --atomic, pending-state refusal and recovery, and real helm reading the records.
# Usage: releases.sh CHARTCTL KUBESIM
set -uo pipefail
CT=$1 SIM=$2
. "$(dirname "$0")/lib.sh"
it_start_kubesim "$SIM"
export HELM_DRIVER=secret
chart="$here/charts/web"
it_find_helm

check() { # name, command... ; expects success
  local name=$1; shift
  if out=$("$@" 2>&1); then passes=$((passes+1)); else echo "FAIL: $name"; echo "$out" | head -20; fails=$((fails+1)); fi
}
check_fail() { # name, expected-substring, command...
  local name=$1 want=$2; shift 2
  if out=$("$@" 2>&1); then echo "FAIL (succeeded): $name"; echo "$out" | head; fails=$((fails+1)); return; fi
  if grep -qF -- "$want" <<<"$out"; then passes=$((passes+1)); else echo "FAIL: $name: wanted '$want'"; echo "$out" | head; fails=$((fails+1)); fi
}
contains() { # name, want, command...
  local name=$1 want=$2; shift 2
  out=$("$@" 2>&1)
  if grep -qF -- "$want" <<<"$out"; then passes=$((passes+1)); else echo "FAIL: $name: wanted '$want' in:"; echo "$out" | head -20; fails=$((fails+1)); fi
}

contains "install prints status" "STATUS: deployed" "$CT" install r1 "$chart" --wait --timeout 60s
contains "install notes" "r1 is running 2 replicas of nginx:1.25." "$CT" status r1
check_fail "install twice refused" "cannot re-use a name that is still in use" "$CT" install r1 "$chart"
contains "upgrade adds a ConfigMap" "has been upgraded" "$CT" upgrade r1 "$chart" --set extraConfig=true --set replicas=3 --wait
contains "extra ConfigMap exists" 'name: r1-extra' "$CT" get manifest r1
contains "history has 2 revisions" "superseded" "$CT" history r1
contains "upgrade 3 prunes" "has been upgraded" "$CT" upgrade r1 "$chart" --set extraConfig=false
check "record v3 present" "$CT" status r1 --revision 3
contains "user values recorded" "replicas: 3" "$CT" get values r1 --revision 2
contains "rollback to 2" "Rollback was a success" "$CT" rollback r1 2 --wait
contains "rollback description" "Rollback to 2" "$CT" history r1
contains "list shows deployed r1" "deployed" "$CT" list
contains "test hooks pass" "Phase:          Succeeded" "$CT" test r1
check "upgrade with a failing test" "$CT" upgrade r1 "$chart" --reuse-values --set testFails=true
check_fail "failing test hook reported" "failed" "$CT" test r1 --timeout 20s
check "upgrade back" "$CT" upgrade r1 "$chart" --reuse-values --set testFails=false
# a failing pre-upgrade hook fails the revision; --atomic rolls back
check_fail "failing hook fails upgrade" "failed" "$CT" upgrade r1 "$chart" --set hookJob=true --set failingHook=true --timeout 20s
contains "failed revision recorded" "failed" "$CT" history r1
contains "atomic rolls back" "rolled back due to atomic" "$CT" upgrade r1 "$chart" --set hookJob=true --set failingHook=true --atomic --timeout 20s
contains "last is deployed after atomic" "STATUS: deployed" "$CT" status r1
# unknown release / bad args
check_fail "status of unknown" "not found" "$CT" status nope
check_fail "bad release name" "invalid release name" "$CT" install Bad_Name "$chart"
check_fail "missing chart arg" "requires" "$CT" upgrade r1
# real helm reads chartctl's records
if [ -n "${HELM3:-}" ] && [ -x "$HELM3" ]; then
  export HELM_CACHE_HOME="$work/h/cache" HELM_CONFIG_HOME="$work/h/cfg" HELM_DATA_HOME="$work/h/data"
  contains "helm list sees r1" "r1" "$HELM3" list
  contains "helm history sees revisions" "Rollback to 2" "$HELM3" history r1
  contains "atomic rolled back to the last good revision" "Rollback to 6" "$HELM3" history r1
  # chartctl prints the same tables as helm for the same records
  for cmd in "history r1" "list" "get values r1 --revision 2" "get manifest r1" "get notes r1" "status r1"; do
    a=$("$CT" $cmd 2>&1) b=$("$HELM3" $cmd 2>&1)
    if [ "$a" == "$b" ]; then passes=$((passes+1)); else echo "FAIL: '$cmd' differs from helm"; diff <(echo "$b") <(echo "$a") | head -10; fails=$((fails+1)); fi
  done
  contains "helm get values" "replicas: 3" "$HELM3" get values r1 --revision 2
fi
contains "uninstall" 'release "r1" uninstalled' "$CT" uninstall r1 --wait
check_fail "gone after uninstall" "not found" "$CT" status r1
# crds/ are created before the templates that use them (and skipped with --skip-crds)
check_fail "a custom kind without its CRD fails" "Widget" "$CT" install nocrd "$here/charts/withcrd" --skip-crds
"$CT" uninstall nocrd >/dev/null 2>&1
contains "crds/ installed first" "STATUS: deployed" "$CT" install crd "$here/charts/withcrd"
contains "the custom object is part of the release" "name: crd-widget" "$CT" get manifest crd
contains "a second release reuses the existing CRD" "STATUS: deployed" "$CT" install crd2 "$here/charts/withcrd"
contains "install with keep-history later" "STATUS: deployed" "$CT" install r2 "$chart"
contains "uninstall --keep-history" "uninstalled" "$CT" uninstall r2 --keep-history
contains "list --uninstalled" "r2" "$CT" list --uninstalled
echo "releases: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
