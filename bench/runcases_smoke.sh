#!/usr/bin/env bash
# runcases_smoke.sh — ctest smoke test of the bench harness on tests/cli's small charts: the
# table has every group, exit statuses agree with the case list, --batch runs. Not a benchmark.
# Usage: runcases_smoke.sh RUNCASES CHARTCTL TESTS_CLI_DIR
set -u
RC=${1:?} BIN=${2:?} DIR=${3:?}
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
printf '%s\n' '# id	dir	args	release	expect' \
  "a.basic	charts/basic			ok" \
  "a.values	charts/basic	-f extra/override.yaml --set 'labels.tier=4 2'	rel	ok" \
  "b.broken	charts/broken			error" \
  "b.fail	charts/basic	--set fail=true		error" \
  "c.skipped	charts/parent			ok" >"$TMP/cases.tsv"
fail=0
"$RC" --conformance "$DIR" --cases "$TMP/cases.tsv" --filter '^(a|b)\.' --repeat 2 --per-case \
  --batch "$BIN" "$BIN" >"$TMP/out" 2>&1 || { echo "FAIL runcases exit $?"; fail=1; }
cat "$TMP/out"
grep -q '^runcases: 4 cases' "$TMP/out" || { echo "FAIL case count"; fail=1; }
for g in a b all; do
  # per-process row: badrc 0 for both binaries
  grep -Eq "^$g +[0-9]+ \|.* 0 \|.* 0 \|" "$TMP/out" || { echo "FAIL per-process row $g"; fail=1; }
done
grep -Eq '^a +2 \| .* 0 \|' "$TMP/out" || { echo "FAIL batch row a (rc 0)"; fail=1; }
grep -Eq '^b +2 \| .* 1 \|' "$TMP/out" || { echo "FAIL batch row b (rc 1)"; fail=1; }
grep -q '^c.skipped' "$TMP/out" && { echo "FAIL filter"; fail=1; }
"$RC" --bogus >/dev/null 2>&1 && { echo "FAIL unknown option accepted"; fail=1; }
# --between: evict (built beside runcases) runs untimed before every run; a missing one is refused
EV=$(dirname "$RC")/evict
"$RC" --conformance "$DIR" --cases "$TMP/cases.tsv" --filter '^a\.' --between "$EV" "$BIN" >"$TMP/out2" 2>&1 &&
  grep -q "^  between every run (untimed): .*/evict$" "$TMP/out2" && grep -Eq '^a +2 \|.* 0 \|' "$TMP/out2" ||
  { echo "FAIL --between"; cat "$TMP/out2"; fail=1; }
"$RC" --conformance "$DIR" --cases "$TMP/cases.tsv" --between "$TMP/nonexistent" "$BIN" >/dev/null 2>&1 &&
  { echo "FAIL --between a missing program accepted"; fail=1; }
"$EV" 0 2>/dev/null && { echo "FAIL evict 0 accepted"; fail=1; }
"$EV" 1 || { echo "FAIL evict 1"; fail=1; }
[ $fail -eq 0 ] && echo "runcases smoke: ok"
exit $fail
