#!/usr/bin/env bash
# bench/compare.sh — chartctl against helm 3.17.1 on every conformance case: a thin wrapper over
# bench/runcases (per-process runs, interleaved, plus chartctl's in-process --batch runs).
#
# Usage: bench/compare.sh [--chartctl PATH] [--helm PATH] [--conformance DIR] [--filter REGEX]
#                         [--repeat N] [--per-case] [--no-helm] [--runcases PATH]
#                         [--cache warm|cold|off] [--blocks]
# Defaults: build/chartctl and build/bench/runcases of this repo, $HELM3 (get-reference-tools),
# ../shared/conformance, --cache warm. Not part of ctest: it needs helm and the shared corpus.
# --cache: chartctl's parse cache (docs/parse-cache.md) in a temporary directory, filled by
# two untimed passes first (warm), emptied before every run (cold: each run parses and writes
# its entry), or disabled (off: CHARTCTL_NO_PARSE_CACHE=1). --blocks: every case with
# chartctl, then every case with helm (as hyperfine runs commands), instead of interleaved.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
CHARTCTL=$here/build/chartctl
RUNCASES=""
HELM=${HELM3:-}
CONF=$here/../shared/conformance
NOHELM=0
CACHE=warm
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --chartctl) CHARTCTL=$2; shift 2 ;;
    --helm) HELM=$2; shift 2 ;;
    --conformance) CONF=$2; shift 2 ;;
    --filter|--repeat) extra+=("$1" "$2"); shift 2 ;;
    --per-case|--blocks) extra+=("$1"); shift ;;
    --no-helm) NOHELM=1; shift ;;
    --runcases) RUNCASES=$2; shift 2 ;;
    --cache) CACHE=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x "$CHARTCTL" ] || { echo "compare.sh: no chartctl at $CHARTCTL" >&2; exit 2; }
# runcases: next to the chartctl being measured, else this repo's build
if [ -z "$RUNCASES" ]; then
  for r in "$(dirname "$CHARTCTL")/bench/runcases" "$here/build/bench/runcases"; do
    [ -x "$r" ] && { RUNCASES=$r; break; }
  done
fi
[ -n "$RUNCASES" ] && [ -x "$RUNCASES" ] ||
  { echo "compare.sh: no runcases (ninja -C BUILD runcases, or --runcases PATH)" >&2; exit 2; }
bins=("$CHARTCTL")
if [ $NOHELM = 0 ]; then
  if [ -z "$HELM" ] && [ -x /work/shared/tools/get-reference-tools ]; then
    eval "$(/work/shared/tools/get-reference-tools 2>/dev/null)"
    HELM=${HELM3:-}
  fi
  [ -n "$HELM" ] && [ -x "$HELM" ] || { echo "compare.sh: no helm (set HELM3, --helm or --no-helm)" >&2; exit 2; }
  bins+=("$HELM")
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHARTCTL_PARSE_CACHE_DIR=$tmp/parse-cache
case $CACHE in
  warm)
    # two untimed passes: a chart's first render only marks it, its second stores the entry
    # (docs/parse-cache.md), so a chart with one case would otherwise store in round one
    # (and the same for the batch runs: `template --batch` runs in build/chartctl-dyn, another
    # build, whose entries are its own)
    for pass in 1 2; do
      "$RUNCASES" --conformance "$CONF" ${extra[@]+"${extra[@]}"} "$CHARTCTL" >/dev/null 2>&1
      "$RUNCASES" --conformance "$CONF" --batch-only ${extra[@]+"${extra[@]}"} "$CHARTCTL" >/dev/null 2>&1
    done ;;
  cold)
    printf '#!/bin/sh\nrm -rf "%s"\n' "$CHARTCTL_PARSE_CACHE_DIR" >"$tmp/empty-cache"
    chmod +x "$tmp/empty-cache"
    extra+=(--between "$tmp/empty-cache") ;;
  off) export CHARTCTL_NO_PARSE_CACHE=1 ;;
  *) echo "compare.sh: --cache is warm, cold or off" >&2; exit 2 ;;
esac
echo "chartctl's parse cache: $CACHE"
"$RUNCASES" --conformance "$CONF" --batch ${extra[@]+"${extra[@]}"} "${bins[@]}"
