#!/usr/bin/env bash
# run.sh — runs chartctl on the CLI cases of cases.tsv and compares with the outputs recorded
# from helm 3.17.1 (expected/<id>.out for ok cases, the first "Error:" line in <id>.err).
# Usage: run.sh --bin PATH [--only ID]   (prints "N passed, N failed"; exit 1 on failure)
set -u
BIN="" ONLY=""
while [ $# -gt 0 ]; do
  case $1 in
    --bin) BIN=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$BIN" ] || { echo "run.sh: --bin is required" >&2; exit 2; }
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")" || exit 2
export TZ=UTC LC_ALL=C KUBECONFIG=/dev/null
unset HELM_NAMESPACE HELM_KUBECONTEXT HELM_DEBUG
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
while IFS= read -r line || [ -n "$line" ]; do
  case $line in ''|'#'*) continue ;; esac
  IFS=$'\t' read -r id args expect <<<"$line"
  [ -n "$ONLY" ] && [ "$id" != "$ONLY" ] && continue
  set -f; eval "set -- $args"; set +f
  "$BIN" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
  rc=$?
  ok=1
  if [ "$expect" = ok ]; then
    if [ $rc -ne 0 ]; then
      ok=0; echo "FAIL $id: exit $rc"; head -5 "$TMP/err"
    elif ! cmp -s "$TMP/out" "expected/$id.out"; then
      ok=0; echo "FAIL $id: output differs"; diff -u "expected/$id.out" "$TMP/out" | head -30
    fi
  else
    want=$(grep -m1 '^Error:' "expected/$id.err" || true)
    got=$(grep -m1 '^Error:' "$TMP/err" || true)
    if [ $rc -lt 1 ] || [ $rc -gt 123 ]; then
      ok=0; echo "FAIL $id: exit $rc, want an error"
    elif [ "$want" != "$got" ]; then
      ok=0; printf 'FAIL %s: error line differs\n  want: %s\n  got:  %s\n' "$id" "$want" "$got"
    elif [ -f "expected/$id.out" ] && ! cmp -s "$TMP/out" "expected/$id.out"; then
      ok=0; echo "FAIL $id: output differs"; diff -u "expected/$id.out" "$TMP/out" | head -30
    fi
  fi
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done < cases.tsv
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
