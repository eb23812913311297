#!/usr/bin/env bash
# text_order.sh NM CHARTCTL ORDER — the static front's text is laid out as cli/start/text.order
# says (CMakeLists.txt, CT_TEXT_ORDER): the functions it lists first sit in that order, packed
# together, and the list still names the program's functions (else: bench/text-order.sh).
set -euo pipefail
nm=$1 bin=$2 order=$3
fail=0
bad() {
  echo "FAIL: $*"
  fail=1
}

# "address size name" of every function symbol whose name occurs once
syms=$("$nm" -S --defined-only "$bin" | awk '$3 ~ /^[tTwW]$/ && NF == 4 { print $1, $2, $4 }' |
  sort -k3,3 | awk '{ n[$3]++; l[$3] = $0 } END { for (k in n) if (n[k] == 1) print l[k] }')
listed=$(grep -v '^#' "$order" | grep -c .)
[ "$listed" -ge 500 ] || bad "$order lists $listed functions; expected hundreds"

# how many listed names the program still has (names defined twice count as present)
all=$("$nm" --defined-only "$bin" | awk '$2 ~ /^[tTwW]$/ { print $3 }' | sort -u)
found=$(grep -v '^#' "$order" | sort -u | comm -12 - <(echo "$all") | wc -l)
echo "listed $listed, present $found"
[ $((found * 100)) -ge $((listed * 85)) ] ||
  bad "only $found of $listed listed functions exist: regenerate with bench/text-order.sh"

# The first 300 listed names with a single definition: mostly at ascending addresses (glibc's
# archive members hold several functions in one section, which moves as a whole), and within
# a small stretch of the text.
head=$(grep -v '^#' "$order" | awk 'NR == FNR { a[$3] = $1 " " $2; next }
  ($1 in a) && k < 300 { print a[$1], $1; k++ }' <(echo "$syms") -)
n=$(echo "$head" | grep -c .)
[ "$n" -ge 250 ] || bad "only $n of the first listed functions found in $bin"
echo "$head" | awk '
  function hex(s,   v, i) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
  { addr = hex($1); end = addr + hex($2); size += hex($2) }
  NR == 1 || addr < lo { lo = addr }
  NR == 1 || end > hi { hi = end }
  NR > 1 && addr > prev { up++ }
  { prev = addr }
  END {
    printf "first %d listed functions: %d of %d steps ascending, %d bytes of code within %d\n", NR, up, NR - 1, size, hi - lo
    if (up < (NR - 1) * 0.85) { print "FAIL: they are not in the listed order"; bad = 1 }
    if (hi - lo > size * 2.5) { print "FAIL: they are not packed together"; bad = 1 }
    exit bad
  }' || fail=1
[ $fail -eq 0 ] && echo "ok: text order"
exit $fail
