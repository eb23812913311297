#!/usr/bin/env bash
# bench/compare.sh — renders every conformance case once per process with chartctl and with
# helm 3.17.1, and prints total wall time, the time ratio, and the peak RSS of each (GNU time).
#
# Usage: bench/compare.sh [--chartctl PATH] [--helm PATH] [--conformance DIR] [--filter REGEX]
# Defaults: build/chartctl of this repo, $HELM3 (get-reference-tools), ../shared/conformance.
# Not part of ctest: it needs helm and the shared corpus.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
CHARTCTL=$here/build/chartctl
HELM=${HELM3:-}
CONF=$here/../shared/conformance
FILTER=""
while [ $# -gt 0 ]; do
  case $1 in
    --chartctl) CHARTCTL=$2; shift 2 ;;
    --helm) HELM=$2; shift 2 ;;
    --conformance) CONF=$2; shift 2 ;;
    --filter) FILTER=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -z "$HELM" ] && [ -x /work/shared/tools/get-reference-tools ]; then
  eval "$(/work/shared/tools/get-reference-tools 2>/dev/null)"
  HELM=${HELM3:-}
fi
[ -x "$CHARTCTL" ] || { echo "compare.sh: no chartctl at $CHARTCTL" >&2; exit 2; }
[ -n "$HELM" ] && [ -x "$HELM" ] || { echo "compare.sh: no helm (set HELM3 or --helm)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }
CHARTCTL=$(cd "$(dirname "$CHARTCTL")" && pwd)/$(basename "$CHARTCTL")
cd "$CONF" || exit 2
export TZ=UTC LC_ALL=C KUBECONFIG=/dev/null
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT
export HELM_CACHE_HOME=$TMP/cache HELM_CONFIG_HOME=$TMP/config HELM_DATA_HOME=$TMP/data

# run BIN over every case; prints "wall_seconds peak_kb cases cpu_seconds"
run_all() {
  local bin=$1 n=0 peak=0 cpu=0 start end line id dir args rel exp
  start=$(date +%s.%N)
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in ''|'#'*) continue ;; esac
    IFS=$'\x1f' read -r id dir args rel exp <<<"${line//$'\t'/$'\x1f'}"
    if [ -n "$FILTER" ] && ! [[ $id =~ $FILTER ]]; then continue; fi
    set -f; eval "set -- $args"; set +f
    /usr/bin/time -f '%M %U %S' -o "$TMP/rss" "$bin" template ${rel:+"$rel"} "$dir" "$@" \
      >/dev/null 2>"$TMP/err" </dev/null || true
    read -r kb u sy < <(tail -n 1 "$TMP/rss")
    case $kb in ''|*[!0-9]*) kb=0 u=0 sy=0 ;; esac
    cpu=$(awk -v c="$cpu" -v u="$u" -v s="$sy" 'BEGIN { printf "%.2f", c + u + s }')
    [ "$kb" -gt "$peak" ] && peak=$kb
    n=$((n + 1))
  done < cases.tsv
  end=$(date +%s.%N)
  echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') $peak $n $cpu"
}

read -r ct ct_rss n ct_cpu <<<"$(run_all "$CHARTCTL")"
read -r ht ht_rss _ ht_cpu <<<"$(run_all "$HELM")"
printf 'cases:            %d\n' "$n"
printf 'chartctl:         %8.2f s wall  %8.2f s cpu   peak RSS %7d KiB\n' "$ct" "$ct_cpu" "$ct_rss"
printf 'helm 3.17.1:      %8.2f s wall  %8.2f s cpu   peak RSS %7d KiB\n' "$ht" "$ht_cpu" "$ht_rss"
awk -v h="$ht" -v c="$ct" 'BEGIN { printf "wall-time ratio (helm/chartctl): %.2fx\n", (c > 0 ? h / c : 0) }'
awk -v h="$ht_cpu" -v c="$ct_cpu" 'BEGIN { printf "cpu-time ratio (helm/chartctl):  %.2fx\n", (c > 0 ? h / c : 0) }'
