#!/usr/bin/env bash
# front_guard.sh — the static front refuses to start a command over in chartctl-dyn once it
# has written output or read stdin, and says why; otherwise it executes chartctl-dyn (absent
# here: the error names it). Usage: front_guard.sh /path/to/front_guard
set -u
G=${1:?usage: front_guard.sh /path/to/front_guard}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
expect() { # mode stdin stdout-wanted message-wanted
  local out err rc
  out=$("$G" "$1" <<<"$2" 2>/tmp/front_guard.$$)
  rc=$?
  err=$(cat /tmp/front_guard.$$)
  rm -f /tmp/front_guard.$$
  [ $rc -eq 127 ] && [ "$out" = "$3" ] && grep -qF "$4" <<<"$err" && ok || bad "$1: rc $rc, out '$out', err '$err'"
}
expect out "" "first document" "Error: libtest is needed, which this statically linked chartctl cannot load, and output was already written"
expect in "values" "" "Error: libtest is needed, which this statically linked chartctl cannot load, and standard input was already read"
expect clean "" "" "Error: chartctl-dyn (the dynamically linked chartctl) is needed for libtest: $(dirname "$(readlink -f "$G")")/chartctl-dyn: No such file or directory"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
