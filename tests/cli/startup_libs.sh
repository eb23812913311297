#!/usr/bin/env bash
# startup_libs.sh — chartctl must not load libcurl, libgit2, libarchive or libcrypto/libssl
# at start-up (they are dlopened on first use): no DT_NEEDED entry, none loaded by `version`
# or by `template` of a chart without crypto functions. Usage: startup_libs.sh /path/to/chartctl
set -u
BIN=${1:?usage: startup_libs.sh /path/to/chartctl}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")" || exit 2
export TZ=UTC LC_ALL=C KUBECONFIG=/dev/null
unset HELM_NAMESPACE HELM_KUBECONTEXT HELM_DEBUG LD_PRELOAD
LAZY='lib(curl|git2|archive|crypto|ssl)\.so'
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# 1. the link: readelf -d lists what the loader maps before main
if command -v readelf >/dev/null; then
  needed=$(readelf -d "$BIN" | grep '(NEEDED)')
  [ -n "$needed" ] && ok || bad "readelf -d shows no NEEDED entry at all"
  if grep -E "$LAZY" <<<"$needed"; then bad "a lazily loaded library is linked directly (above)"; else ok; fi
else
  echo "note: no readelf, the DT_NEEDED check is skipped"
fi

# 2. what the loader actually maps (LD_DEBUG=files names every object it opens)
loaded() { LD_DEBUG=files "$BIN" "$@" 2>&1 >/dev/null </dev/null | grep -o 'file=[^ ]*' | sort -u; }
for cmd in "version" "template charts/parent" "template charts/basic --show-only templates/service.yaml --set x=1 --batch /dev/null"; do
  # shellcheck disable=SC2086
  libs=$(loaded $cmd)
  grep -q 'file=libc\.so' <<<"$libs" && ok || bad "LD_DEBUG shows nothing for '$cmd' (loader without LD_DEBUG?)"
  if grep -E "$LAZY" <<<"$libs"; then bad "'chartctl $cmd' loads the library above at start-up"; else ok; fi
done
# sha256sum (charts/basic uses it), sha1sum and sha512sum are hashed without libcrypto
if grep -E "$LAZY" <<<"$(loaded template charts/basic)"; then bad "sha256sum in charts/basic loads the library above"; else ok; fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/c/templates"
printf 'apiVersion: v2\nname: c\nversion: 0.1.0\n' >"$tmp/c/Chart.yaml"
printf 'sum: {{ sha1sum "x" }}\nsum512: {{ sha512sum "x" }}\n' >"$tmp/c/templates/x.yaml"
if grep -E "$LAZY" <<<"$(loaded template "$tmp/c")"; then bad "sha1sum or sha512sum loads the library above"; else ok; fi
# and the check can see a lazy load: encryptAES goes through libcrypto
printf 'aes: {{ encryptAES "k" "x" | len }}\n' >"$tmp/c/templates/x.yaml"
grep -qE 'libcrypto\.so' <<<"$(loaded template "$tmp/c")" && ok ||
  bad "template of an encryptAES chart shows no libcrypto: the checks above cannot see loads"
# a .tgz chart is read in-tree (zlib + targz.c), without libarchive
printf 'k: {{ .Chart.Name }}\n' >"$tmp/c/templates/x.yaml"
tar -C "$tmp" -czf "$tmp/c.tgz" c
if grep -E "$LAZY" <<<"$(loaded template "$tmp/c.tgz")"; then bad "template of a .tgz chart loads the library above"; else ok; fi
[ "$("$BIN" template "$tmp/c.tgz" 2>&1 | tail -n 1)" = "k: c" ] && ok || bad "template of the .tgz chart: $("$BIN" template "$tmp/c.tgz" 2>&1)"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
