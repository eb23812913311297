#!/usr/bin/env bash
# chartctl_cli.sh — the scaffold commands through the chartctl binary: `scaffold create`
# (flags, preset, --set-answer), `scaffold vendor`/`update` (change report, version bump),
# `create` (starter, helm create's messages). Usage: chartctl_cli.sh CHARTCTL FIXTURES
# Exit 77 (skipped) when chartctl is not built.
set -u
chartctl=$(realpath -m "$1") fixtures=$(realpath -m "$2")
[ -x "$chartctl" ] || { echo "chartctl not built: skipped"; exit 77; }
"$chartctl" scaffold --help >/dev/null 2>&1 || { echo "chartctl has no scaffold command: skipped"; exit 77; }
tmp=$(mktemp -d /tmp/ct-scaffold-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if ! "$@"; then echo "FAIL: $what" >&2; fail=1; fi
}

out=$("$chartctl" scaffold create --scaffold "$fixtures/_scaffold/service" --charts-dir "$tmp/charts" \
      --preset nodejs --set-answer port=9090 api </dev/null 2>&1)
check "scaffold create exit status" [ $? -eq 0 ]
check "scaffold create summary" grep -q "Chart api created in $tmp/charts/api" <<<"$out"
check "answer from --set-answer" grep -q "public_port: 9090" "$tmp/charts/api/values.yaml"

out=$("$chartctl" scaffold create --scaffold "$fixtures/_scaffold/service" --charts-dir "$tmp/charts" \
      --preset nodejs api </dev/null 2>&1)
check "existing chart refused" [ $? -eq 1 ]
check "refusal message" grep -q "already exists (use --force to replace it)" <<<"$out"

# an older lock: vendor keeps it, update moves to the newest patch and bumps the chart version
sed -i 's/"1.15.3"/"1.15.1"/' "$tmp/charts/api/package.lock"
out=$("$chartctl" scaffold vendor "$tmp/charts/api" --modules "$fixtures/modules" 2>&1)
check "vendor exit status" [ $? -eq 0 ]
check "vendor follows the lock" [ -f "$tmp/charts/api/templates/vendor/mesh/configuration_1.15.1.tpl" ]
out=$("$chartctl" scaffold update "$tmp/charts/api" --modules "$fixtures/modules" 2>&1)
check "update exit status" [ $? -eq 0 ]
check "update report" grep -q "~ mesh.configuration 1.15.1 -> 1.15.3" <<<"$out"
check "version bumped" grep -q "^version: 0.0.3" "$tmp/charts/api/Chart.yaml"
out=$("$chartctl" scaffold update "$tmp/charts/missing" --modules "$fixtures/modules" 2>&1)
check "update of a missing chart fails" [ $? -eq 1 ]

out=$(cd "$tmp" && "$chartctl" create web 2>&1)
check "create exit status" [ $? -eq 0 ]
check "create message" [ "$out" = "Creating web" ]
check "starter chart" [ -f "$tmp/web/templates/tests/test-service-checker.yaml" ]
out=$(cd "$tmp" && "$chartctl" create 'bad name' 2>&1)
check "bad name refused" grep -q 'Error: chart name must match the regular expression "^\[a-zA-Z0-9._-\]+\$"' <<<"$out"
out=$(cd "$tmp" && "$chartctl" create 2>&1)
check "create needs a name" [ $? -eq 1 ]

# the charts chartctl generates lint clean with chartctl itself
out=$("$chartctl" lint --strict "$tmp/web" 2>&1)
check "starter lints clean (--strict)" grep -q "1 chart(s) linted, 0 chart(s) failed" <<<"$out"
out=$("$chartctl" lint "$tmp/charts/api" 2>&1)
check "scaffolded chart lints clean" grep -q "1 chart(s) linted, 0 chart(s) failed" <<<"$out"

[ $fail -eq 0 ] && echo "chartctl scaffold/create: all checks passed"
exit $fail
