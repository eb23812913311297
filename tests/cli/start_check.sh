#!/usr/bin/env bash
# start_check.sh — runs static_start_check (static_start_check.c: a program started by
# cli/start/glibc_start.c) and checks its report: every check "ok", the exit handlers in order
# (atexit's, then the destructors), exit status 7. With a chartctl path as a second argument,
# also checks that chartctl was linked with that start-up rather than glibc's (no trace of
# glibc's CPU cache identification in its symbols).
# Usage: start_check.sh /path/to/static_start_check [/path/to/chartctl]
set -u
CHECK=${1:?usage: start_check.sh /path/to/static_start_check [/path/to/chartctl]}
out=$(CT_START_CHECK=env "$CHECK" arg)
rc=$?
fail=0
echo "$out"
[ "$rc" -eq 7 ] || { echo "FAIL exit status $rc, not 7"; fail=1; }
n_ok=$(grep -c '^ok ' <<<"$out")
[ "$n_ok" -ge 14 ] || { echo "FAIL only $n_ok checks passed"; fail=1; }
! grep -q '^FAIL' <<<"$out" || fail=1
[ "$(tail -n 2 <<<"$out" | tr '\n' ' ')" = "exit atexit exit destructor " ] ||
  { echo "FAIL exit handlers did not run in order"; fail=1; }
if [ -n "${2:-}" ] && command -v nm >/dev/null; then
  if nm "$2" | grep -qE ' (intel_check_word|handle_intel|init_cacheinfo)'; then
    echo "FAIL $2 has glibc's CPU identification: it was linked with glibc's start-up"; fail=1
  elif ! nm "$2" | grep -qE ' T __libc_start_main$'; then
    echo "FAIL $2 has no __libc_start_main (stripped?)"; fail=1
  fi
fi
[ $fail -eq 0 ] && echo "start-up checks passed"
exit $fail
