#!/usr/bin/env bash
# cli_flags.sh — checks of chartctl's command framework that have no helm recording: help
# output and exit codes, flag spellings (--f=v, --f v, -fv, -- end), global flags before the
# command, completion script syntax, version forms. Usage: cli_flags.sh /path/to/chartctl
set -u
BIN=${1:?usage: cli_flags.sh /path/to/chartctl}
cd "$(dirname "$0")" || exit 2
export KUBECONFIG=/dev/null
unset HELM_NAMESPACE
pass=0 fail=0
check() { # check NAME COMMAND...: the command must succeed
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; fi
}
out() { "$BIN" "$@" 2>&1; }

check help-exit0 bash -c "'$BIN' template --help >/dev/null"
check help-usage grep -q '^  chartctl template \[NAME\] \[CHART\] \[flags\]$' <(out template --help)
check help-global-flags grep -q -- '-n, --namespace string' <(out template -h)
check help-verb grep -q '^Usage:' <(out help template)
check root-help grep -q 'Available Commands:' <(out)
check root-lists-template grep -q '^  template ' <(out --help)
check unknown-exit1 bash -c "! '$BIN' nope 2>/dev/null"
# --flag=value, --flag value and -s value render the same
a=$("$BIN" template charts/basic --show-only=templates/service.yaml 2>&1)
b=$("$BIN" template charts/basic --show-only templates/service.yaml 2>&1)
c=$("$BIN" template charts/basic -stemplates/service.yaml 2>&1)
check flag-forms-equal test "$a" = "$b" -a "$b" = "$c" -a -n "$a"
# repeatable flags accumulate in order; the last --set wins
d=$("$BIN" template charts/basic -s templates/service.yaml --set service.port=1 --set service.port=2 2>&1)
check repeatable-set grep -q 'port: 2' <(echo "$d")
# global flags before the command name
e=$("$BIN" -n early template charts/basic -s templates/deployment.yaml 2>&1)
check global-before-verb grep -q 'namespace: early' <(echo "$e")
f=$("$BIN" --namespace=eq template charts/basic -s templates/deployment.yaml 2>&1)
check global-equals grep -q 'namespace: eq' <(echo "$f")
# "--" ends the flags: what follows is positional
check double-dash-positional grep -q 'expected at most two arguments' <(out template -- x charts/basic --set)
check bool-flag-value grep -q 'strconv.ParseBool' <(out template charts/basic --include-crds=maybe)
check unknown-shorthand grep -q "unknown shorthand flag: 'Z' in -Z" <(out template charts/basic -Z)
check completion-bash bash -n <("$BIN" completion bash)
check completion-lists grep -q 'template' <("$BIN" completion bash)
check version-short grep -qE '^v[0-9]+\.[0-9]+\.[0-9]+' <("$BIN" version --short)
check version-template test "$("$BIN" version --template '{{ .Version }}')" = "$("$BIN" version --short | sed 's/+.*//')"
check show-help-lists grep -q '^  values ' <(out show)
# --output-dir with --release-name and CRDs: the tree and the "wrote" lines helm 3.17.1 made
od=$(mktemp -d)
"$BIN" template x charts/basic --output-dir "$od/o" --release-name --include-crds >"$od/stdout" 2>&1
sed "s|$od/o|OUT|" "$od/stdout" >"$od/stdout.n"
check output-dir-stdout cmp -s "$od/stdout.n" expected-dirs/basic-output-dir.stdout
check output-dir-tree diff -r "$od/o" expected-dirs/basic-output-dir
rm -rf "$od"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
