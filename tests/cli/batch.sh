#!/usr/bin/env bash
# batch.sh — `chartctl template --batch FILE`: the output of a batch equals the single runs of
# its lines, each after its "# chartctl-batch: N" line; bad lines are reported and skipped.
# Usage: batch.sh /path/to/chartctl
set -u
BIN=${1:?usage: batch.sh /path/to/chartctl}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")" || exit 2
export TZ=UTC LC_ALL=C KUBECONFIG=/dev/null
unset HELM_NAMESPACE HELM_KUBECONTEXT HELM_DEBUG
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# what a batch of FILE must print, from single runs: "# chartctl-batch: N" then the stdout of
# `template COMMON... LINE` for every line that is not blank or a comment
expect_batch() { # expect_batch FILE OUT ERR COMMON...
  local file=$1 out=$2 err=$3 n=0 line
  shift 3
  local -a common=("$@")
  : >"$out"; : >"$err"
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    case $line in ''|'#'*) continue ;; esac
    echo "# chartctl-batch: $n" >>"$out"
    set -f; eval "set -- $line"; set +f
    "$BIN" template ${common[@]+"${common[@]}"} "$@" >>"$out" 2>>"$err" </dev/null
  done <"$file"
}

# 1. mixed lines: names, namespaces, values, show-only, name templates, errors, --debug,
#    comments and blank lines; global flags of one line must not leak into the next
cat >"$TMP/b1" <<'EOF'
charts/basic
# a comment

myrel charts/basic -n team-a
charts/basic
charts/basic -f extra/override.yaml --set service.port=8080 --set-string labels.tier=42
charts/basic --set fail=true --debug
charts/basic --set fail=true
charts/basic --show-only templates/service.yaml
charts/basic --name-template '{{ "gen" | upper | lower }}-x'
charts/broken
charts/basic -s templates/nope.yaml
Bad_Name charts/basic
charts/parent --set sub.port=9090 --set global.env=dev
charts/parent
   charts/basic --is-upgrade   
EOF
"$BIN" template --batch "$TMP/b1" >"$TMP/o1" 2>"$TMP/e1" </dev/null
rc=$?
expect_batch "$TMP/b1" "$TMP/x1" "$TMP/xe1"
if cmp -s "$TMP/o1" "$TMP/x1"; then ok; else bad "batch stdout differs from the single runs"; diff -u "$TMP/x1" "$TMP/o1" | head -30; fi
[ $rc -eq 1 ] && ok || bad "a batch with failing lines exits $rc, want 1"
for n in 7 8 11 12 13; do
  grep -qx "chartctl-batch: line $n failed (exit 1)" "$TMP/e1" && ok || bad "line $n not reported as failed"
done
for n in 1 4 5 6 9 10 14 15 16; do
  grep -q "line $n failed" "$TMP/e1" && bad "line $n reported as failed" || ok
done
grep -qx "chartctl-batch: 5 of 14 lines failed" "$TMP/e1" && ok || bad "no summary line"
# every error line of the single runs is in the batch's stderr, in order
if diff <(grep '^Error:' "$TMP/xe1") <(grep '^Error:' "$TMP/e1") >/dev/null; then ok; else bad "error lines differ"; diff <(grep '^Error:' "$TMP/xe1") <(grep '^Error:' "$TMP/e1"); fi

# 2. all lines good: exit 0; a batch from stdin
printf '%s\n' 'charts/basic' 'charts/parent --set sub.enabled=false' >"$TMP/b2"
"$BIN" template --batch - <"$TMP/b2" >"$TMP/o2" 2>"$TMP/e2"
rc=$?
expect_batch "$TMP/b2" "$TMP/x2" "$TMP/xe2"
[ $rc -eq 0 ] && ok || bad "a good batch exits $rc"; cat "$TMP/e2"
cmp -s "$TMP/o2" "$TMP/x2" && ok || bad "stdin batch differs"
[ -s "$TMP/e2" ] && bad "a good batch wrote to stderr" || ok

# 3. arguments of the command line go before every line's ("render many value files")
printf '%s\n' '--set service.port=1' '' '-f extra/override.yaml' '--set needed=' >"$TMP/b3"
"$BIN" template rel charts/basic --batch "$TMP/b3" -n team-b >"$TMP/o3" 2>"$TMP/e3" </dev/null
rc=$?
expect_batch "$TMP/b3" "$TMP/x3" "$TMP/xe3" rel charts/basic -n team-b
cmp -s "$TMP/o3" "$TMP/x3" && ok || { bad "common arguments"; diff -u "$TMP/x3" "$TMP/o3" | head -20; }
[ $rc -eq 1 ] && grep -qx 'chartctl-batch: line 4 failed (exit 1)' "$TMP/e3" && ok || bad "required value line"
"$BIN" template charts/basic --set --batch >"$TMP/o3b" 2>&1 </dev/null
grep -q '^# chartctl-batch' "$TMP/o3b" && bad "a --set value taken for --batch" || ok

# 4. bad lines: unterminated quotes, a nested --batch, a NUL byte; the batch goes on
printf '%s\n' "charts/basic --set 'a=b" 'charts/basic --batch x' 'charts/basic --set "x=\"q\\\\" ' >"$TMP/b4"
printf 'charts/ba\0sic\n' >>"$TMP/b4"
echo 'charts/parent' >>"$TMP/b4"
"$BIN" template --batch "$TMP/b4" >"$TMP/o4" 2>"$TMP/e4" </dev/null
rc=$?
[ $rc -eq 1 ] && ok || bad "bad lines: exit $rc"
grep -qx 'Error: batch line 1: unterminated single quote' "$TMP/e4" && ok || bad "unterminated quote not reported"
grep -qx 'Error: --batch cannot be given on a line of a batch file' "$TMP/e4" && ok || bad "nested --batch"
grep -qx 'Error: batch line 4: a NUL byte in the line' "$TMP/e4" && ok || bad "NUL byte"
grep -q 'line 3 failed' "$TMP/e4" && bad "double-quoted escapes" || ok
grep -qx 'chartctl-batch: 3 of 5 lines failed' "$TMP/e4" && ok || bad "summary of bad lines"
"$BIN" template charts/parent >"$TMP/p" 2>/dev/null
sed -n '/^# chartctl-batch: 5$/,$p' "$TMP/o4" | tail -n +2 | cmp -s - "$TMP/p" && ok || bad "line after bad lines"

# 5. a missing batch file
"$BIN" template --batch "$TMP/none" >"$TMP/o5" 2>"$TMP/e5" </dev/null
rc=$?
[ $rc -eq 1 ] && grep -q "^Error: open $TMP/none: No such file or directory" "$TMP/e5" && ok || bad "missing file: exit $rc"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
