#!/usr/bin/env bash
# static_front.sh — the statically linked chartctl (cli/front.h): it starts without the
# dynamic loader, renders charts on its own, and hands every other command, and renders
# that need libcurl or libcrypto, to chartctl-dyn beside it.
# Usage: static_front.sh /path/to/chartctl (the directory also holds chartctl-dyn)
set -u
BIN=${1:?usage: static_front.sh /path/to/chartctl}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
DYN=$(dirname "$BIN")/chartctl-dyn
cd "$(dirname "$0")" || exit 2
export TZ=UTC LC_ALL=C KUBECONFIG=/dev/null
unset HELM_NAMESPACE HELM_KUBECONTEXT HELM_DEBUG LD_PRELOAD
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# 1. no program interpreter: the kernel starts chartctl directly
if command -v readelf >/dev/null; then
  if readelf -l "$BIN" | grep -q INTERP; then bad "chartctl has a program interpreter (dynamically linked)"; else ok; fi
fi
[ -x "$DYN" ] && ok || bad "no chartctl-dyn beside $BIN"

# 2. alone in a directory (no chartctl-dyn), it still renders: the same bytes as chartctl-dyn
mkdir "$tmp/alone" && cp "$BIN" "$tmp/alone/chartctl"
A=$tmp/alone/chartctl
for args in "charts/basic" "r charts/parent --set x=1" "charts/basic --show-only templates/service.yaml"; do
  # shellcheck disable=SC2086
  if diff <("$A" template $args 2>&1) <("$DYN" template $args 2>&1) >"$tmp/d"; then ok; else bad "template $args differs from chartctl-dyn's:"; cat "$tmp/d"; fi
done
"$A" version | grep -q '^version.BuildInfo' && ok || bad "version"
# random strings, uuids, bcrypt, sha1sum and sha512sum need no library (the kernel's entropy,
# libcrypt linked in, the in-tree digests)
mkdir -p "$tmp/c/templates" "$tmp/k/templates"
printf 'apiVersion: v2\nname: c\nversion: 0.1.0\n' >"$tmp/c/Chart.yaml"
cat >"$tmp/c/templates/x.yaml" <<'T'
bcrypt: {{ bcrypt "x" | trunc 7 }}
rand: {{ randAlphaNum 12 | len }}
uuid: {{ uuidv4 | len }}
sha1: {{ sha1sum "x" }}
sha512: {{ sha512sum "x" | trunc 32 }}
T
out=$("$A" template "$tmp/c" 2>&1)
[ "$(tail -n 5 <<<"$out")" = $'bcrypt: $2a$10$\nrand: 12\nuuid: 36\nsha1: 11f6ad8ec52a2984abaafd7c3b516503785c2072\nsha512: a4abd4448c49562d828115d13a1fccea' ] &&
  ok || bad "static functions: $out"
# libcrypto's functions are rendered by chartctl-dyn: alone, a clear error and status 127
printf 'apiVersion: v2\nname: d\nversion: 0.1.0\n' >"$tmp/k/Chart.yaml"
cat >"$tmp/k/templates/x.yaml" <<'T'
sha1: {{ sha1sum "x" }}
ca: {{ (genCA "x" 3).Cert | trunc 27 }}
aes: {{ encryptAES "k" "secret" | decryptAES "k" }}
T
out=$("$A" template "$tmp/k" 2>&1)
rc=$?
[ $rc -eq 127 ] && grep -q 'chartctl-dyn (the dynamically linked chartctl) is needed for libcrypto' <<<"$out" &&
  ok || bad "libcrypto function without chartctl-dyn: rc $rc: $out"
out=$("$BIN" template "$tmp/k" 2>&1)
want='sha1: 11f6ad8ec52a2984abaafd7c3b516503785c2072
ca: -----BEGIN CERTIFICATE-----
aes: secret'
[ "$(tail -n 3 <<<"$out")" = "$want" ] && ok || bad "libcrypto functions through the front: $out"

# 3. other commands need chartctl-dyn: without it, a clear error and status 127
out=$("$A" list 2>&1)
rc=$?
[ $rc -eq 127 ] && grep -q 'chartctl-dyn (the dynamically linked chartctl) is needed for the list command' <<<"$out" &&
  ok || bad "list without chartctl-dyn: rc $rc: $out"
# with it, they run there (list fails the same way chartctl-dyn fails: no cluster)
[ "$("$BIN" list 2>&1; echo "rc $?")" = "$("$DYN" list 2>&1; echo "rc $?")" ] && ok || bad "list through the front differs from chartctl-dyn"

# 4. a chart from a repository needs libcurl: handed off before any output (the refusal
# once output was written is tested by front_guard.c)
out=$("$BIN" template x --repo http://127.0.0.1:1/ 2>&1)
rc=$?
[ $rc -ne 0 ] && ! grep -q 'statically linked' <<<"$out" && [ "$out" = "$("$DYN" template x --repo http://127.0.0.1:1/ 2>&1)" ] &&
  ok || bad "template --repo through the front: rc $rc: $out"

# 5. values from stdin and --batch go to chartctl-dyn up front (a later hand-off could not
# read stdin again, or would repeat lines already printed)
[ "$(echo 'x: 1' | "$BIN" template charts/basic -f - 2>&1)" = "$(echo 'x: 1' | "$DYN" template charts/basic -f - 2>&1)" ] &&
  ok || bad "values from stdin through the front differ from chartctl-dyn's"
out=$(echo 'x: 1' | "$A" template charts/basic -f - 2>&1)
grep -q 'is needed for values from standard input' <<<"$out" && ok || bad "values from stdin, alone: $out"
out=$("$A" template --batch /dev/null 2>&1)
grep -q 'is needed for --batch' <<<"$out" && ok || bad "--batch, alone: $out"
# values read from a pipe through a path (/dev/stdin, a FIFO, --set-file): handed off up
# front too, or a later hand-off (sha1sum below) would start over with the pipe drained
cat >"$tmp/k/templates/v.yaml" <<'T'
v: {{ .Values.x }}
f: {{ .Values.y | quote }}
T
out=$(echo 'x: from-stdin' | "$BIN" template "$tmp/k" -f /dev/stdin 2>&1)
grep -q '^v: from-stdin$' <<<"$out" && ok || bad "-f /dev/stdin through the front: $out"
out=$("$BIN" template "$tmp/k" -f <(echo 'x: from-fifo') 2>&1)
grep -q '^v: from-fifo$' <<<"$out" && ok || bad "-f <(...) through the front: $out"
out=$(printf 'file text' | "$BIN" template "$tmp/k" --set-file y=/dev/stdin 2>&1)
grep -q '^f: "file text"$' <<<"$out" && ok || bad "--set-file y=/dev/stdin through the front: $out"
echo 'x: from-file' >"$tmp/v.yaml"
out=$("$A" template "$tmp/c" -f "$tmp/v.yaml" --set-file y="$tmp/v.yaml" 2>&1)
grep -q 'bcrypt' <<<"$out" && ok || bad "regular values files stay in the front: $out"
out=$(echo 'x: 1' | "$A" template "$tmp/c" --set-file a=/tmp/none,y=/dev/stdin 2>&1)
grep -q 'is needed for values read from /dev/stdin (a pipe or device)' <<<"$out" && ok || bad "--set-file from a pipe, alone: $out"

# 6. warnings printed before a hand-off are not printed again by chartctl-dyn: a symbolic
# link in the chart, a deprecated chart, lint's [INFO] for a missing required value, then
# genCA (libcrypto) hands over; stderr is chartctl-dyn's own, each line once
mkdir -p "$tmp/w/templates"
printf 'apiVersion: v2\nname: w\nversion: 0.1.0\ndeprecated: true\n' >"$tmp/w/Chart.yaml"
printf 'a: 1\n' >"$tmp/wvals.yaml"
ln -s "$tmp/wvals.yaml" "$tmp/w/values.yaml"
printf 'r: {{ required "need r" .Values.r }}\nca: {{ genCA "x" 1 | kindIs "map" }}\n' >"$tmp/w/templates/x.yaml"
LD_DEBUG=files "$BIN" template "$tmp/w" --set r=1 2>&1 | grep -q 'file=libcrypto' &&
  ok || bad "genCA did not hand over to chartctl-dyn: the checks below test nothing"
for args in "template $tmp/w --set r=1" "lint $tmp/w"; do
  # shellcheck disable=SC2086
  front=$("$BIN" $args 2>&1 >/dev/null; echo "rc $?")
  # shellcheck disable=SC2086
  [ "$front" = "$("$DYN" $args 2>&1 >/dev/null; echo "rc $?")" ] && ok || bad "stderr of '$args' through the front: $front"
done
[ "$("$BIN" template "$tmp/w" --set r=1 2>&1 >/dev/null | grep -c 'found symbolic link in path')" = 1 ] &&
  ok || bad "the symbolic link warning is not printed exactly once"
[ "$("$BIN" lint "$tmp/w" 2>&1 >/dev/null | grep -cx 'engine.go:206: \[INFO\] Missing required value: need r')" = 1 ] &&
  ok || bad "lint's [INFO] line (helm's engine.go:206 prefix) is not printed exactly once"

# 7. without /proc (a chroot, a container that does not mount it) chartctl-dyn is found from
# argv[0]: a path, or a name looked up in PATH. Needs a mount namespace (root): else skipped.
if unshare -m --propagation private true 2>/dev/null; then
  want=$("$DYN" list 2>&1; echo "rc $?")
  noproc() { unshare -m --propagation private sh -c 'mount -t tmpfs none /proc && exec "$@"' sh "$@"; }
  [ "$(noproc "$BIN" list 2>&1; echo "rc $?")" = "$want" ] && ok || bad "list without /proc, by path: $(noproc "$BIN" list 2>&1)"
  [ "$(noproc env PATH="$(dirname "$BIN"):/usr/bin:/bin" chartctl list 2>&1; echo "rc $?")" = "$want" ] &&
    ok || bad "list without /proc, found in PATH: $(noproc env PATH="$(dirname "$BIN"):/usr/bin:/bin" chartctl list 2>&1)"
  [ "$(cd "$(dirname "$BIN")" && noproc env PATH=":/usr/bin:/bin" chartctl list 2>&1; echo "rc $?")" = "$want" ] &&
    ok || bad "list without /proc, found through an empty PATH entry (the current directory)"
  out=$(noproc "$A" list 2>&1)
  grep -q "needed for the list command: $tmp/alone/chartctl-dyn: No such file" <<<"$out" && ok || bad "list without /proc, alone: $out"
else
  echo "SKIP: no mount namespace here, the /proc-less hand-off is not tested"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
