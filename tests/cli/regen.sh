#!/usr/bin/env bash
# regen.sh — records expected/ from helm 3.17.1 for every case of cases.tsv
# (helm's name in its messages becomes chartctl's). Usage: regen.sh /path/to/helm
set -u
HELM=${1:?usage: regen.sh /path/to/helm-3.17.1}
cd "$(dirname "$0")" || exit 2
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
export TZ=UTC LC_ALL=C KUBECONFIG=/dev/null HELM_CACHE_HOME=$TMP/c HELM_CONFIG_HOME=$TMP/g HELM_DATA_HOME=$TMP/d
rm -f expected/*
while IFS= read -r line || [ -n "$line" ]; do
  case $line in ''|'#'*) continue ;; esac
  IFS=$'\t' read -r id args expect <<<"$line"
  set -f; eval "set -- $args"; set +f
  "$HELM" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
  rc=$?
  if [ "$expect" = ok ]; then
    [ $rc -eq 0 ] || { echo "regen: $id exited $rc" >&2; cat "$TMP/err" >&2; continue; }
    cp "$TMP/out" "expected/$id.out"
  else
    [ $rc -ne 0 ] || { echo "regen: $id did not fail" >&2; continue; }
    [ -s "$TMP/out" ] && cp "$TMP/out" "expected/$id.out"
    sed -e 's/"helm /"chartctl /g' -e 's/for "helm"/for "chartctl"/g' -e "s/'helm --help'/'chartctl --help'/g" -e 's/Usage:  helm /Usage:  chartctl /' \
      "$TMP/err" > "expected/$id.err"
  fi
done < cases.tsv
