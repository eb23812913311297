#!/usr/bin/env bash
# parse_cache.sh — `chartctl template` with the persistent parse cache (docs/parse-cache.md):
# a first run leaves a marker (an empty file at the entry's name), a second writes the entry,
# a warm run reads it (same file, same inode); each prints what a run without the cache
# prints. Damaged and truncated entries fall back to parsing and are written again; edits of
# a template (same length) show, syntax errors fail as without the cache and leave nothing; a
# cache directory that is a file or read-only changes nothing but speed; links by stat lead
# to entries and miss after any change of a file (even one keeping its size and mtime);
# subchart archives are kept as their files and a replaced archive shows at once; directory
# listings are kept and a changed directory shows at once; values that passed a schema are
# remembered for that schema and those values only.
# Usage: parse_cache.sh /path/to/chartctl
set -u
BIN=${1:?usage: parse_cache.sh /path/to/chartctl}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
cd "$(dirname "$0")" || exit 2
export TZ=UTC LC_ALL=C KUBECONFIG=/dev/null
umask 077 # the cache ignores files others can write: the damaged entries below are 0600
unset HELM_NAMESPACE HELM_KUBECONTEXT HELM_DEBUG CHARTCTL_NO_PARSE_CACHE CHARTCTL_PARSE_CACHE_MAX
TMP=$(mktemp -d) || exit 2
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
CACHE=$TMP/cache
export CHARTCTL_PARSE_CACHE_DIR=$CACHE
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# run NAME ARGS...: chartctl ARGS... with stdout in $TMP/NAME.out, stderr in .err, exit in .rc
run() {
  local name=$1
  shift
  "$BIN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" </dev/null
  echo $? >"$TMP/$name.rc"
}
# nocache NAME ARGS...: the same with CHARTCTL_NO_PARSE_CACHE=1
nocache() {
  local name=$1
  shift
  CHARTCTL_NO_PARSE_CACHE=1 "$BIN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" </dev/null
  echo $? >"$TMP/$name.rc"
}
# same A B WHAT: runs A and B printed the same and exited the same
same() {
  if cmp -s "$TMP/$1.out" "$TMP/$2.out" && cmp -s "$TMP/$1.err" "$TMP/$2.err" &&
    cmp -s "$TMP/$1.rc" "$TMP/$2.rc"; then
    ok
  else
    bad "$3: output differs from a run without the cache (exit $(cat "$TMP/$1.rc") vs $(cat "$TMP/$2.rc"))"
    diff -u "$TMP/$2.out" "$TMP/$1.out" | head -20
    diff -u "$TMP/$2.err" "$TMP/$1.err" | head -10
  fi
}
rc_is() { # rc_is NAME WANT WHAT
  local got
  got=$(cat "$TMP/$1.rc")
  [ "$got" = "$2" ] && ok || { bad "$3: exit $got, want $2"; head -5 "$TMP/$1.err"; }
}
# files [DIR]: the number of files named by a key (16 hex digits: entries and markers) in the
# cache directory; entries [DIR]: of those, the entries (markers are empty)
files() {
  local d=${1:-$CACHE}
  [ -d "$d" ] || { echo 0; return; }
  find "$d" -maxdepth 1 -type f -name '????????????????' | grep -c '/[0-9a-f]\{16\}$'
}
entries() {
  local d=${1:-$CACHE}
  [ -d "$d" ] || { echo 0; return; }
  find "$d" -maxdepth 1 -type f -size +0 -name '????????????????' | grep -c '/[0-9a-f]\{16\}$'
}
no_tmp() { # no_tmp WHAT
  local n
  n=$(find "$CACHE" -maxdepth 1 -name '.tmp-*' 2>/dev/null | wc -l)
  [ "$n" -eq 0 ] && ok || bad "$1: $n temporary files left"
}
entry() { find "$CACHE" -maxdepth 1 -type f -name '????????????????' | grep '/[0-9a-f]\{16\}$' | head -1; }
u64() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; } # u64 FILE OFFSET

# 1. cold (a marker), again (the entry), then warm: the entry read back (not rewritten),
#    output as without the cache
nocache ref template charts/basic
rc_is ref 0 "charts/basic without the cache"
[ "$(files)" -eq 0 ] && ok || bad "CHARTCTL_NO_PARSE_CACHE=1 wrote a file"
run cold template charts/basic
same cold ref "cold run"
[ "$(files)" -eq 1 ] && ok || bad "a cold run wrote $(files) files, want 1 (a marker)"
[ "$(entries)" -eq 0 ] && ok || bad "a cold run wrote an entry, want a marker only"
no_tmp "cold run"
E=$(entry)
[ -n "$E" ] || { echo "FAIL no marker; giving up"; exit 1; }
run cold2 template charts/basic
same cold2 ref "second run"
[ "$(files)" -eq 1 ] && ok || bad "a second run left $(files) files, want 1"
[ "$(entries)" -eq 1 ] && ok || bad "a second run wrote no entry"
[ "$(entry)" = "$E" ] && ok || bad "the entry is not where the marker was"
no_tmp "second run"
cp "$E" "$TMP/good"
ino=$(stat -c %i "$E")
run warm template charts/basic
same warm ref "warm run"
[ "$(entries)" -eq 1 ] && ok || bad "a warm run left $(entries) entries"
[ "$(stat -c %i "$E")" = "$ino" ] && ok || bad "a warm run rewrote the entry (not a hit)"
cmp -s "$E" "$TMP/good" && ok || bad "a warm run changed the entry"
# values do not change the key: the same entry serves other flags
nocache refv template rel charts/basic --set service.port=8080 --set fail=false -n team
run warmv template rel charts/basic --set service.port=8080 --set fail=false -n team
same warmv refv "warm run with other values"
[ "$(entries)" -eq 1 ] && ok || bad "other values wrote another entry"
[ "$(stat -c %i "$E")" = "$ino" ] && ok || bad "other values rewrote the entry"
# an execution error from loaded trees: the same message
nocache reff template charts/basic --set fail=true
run warmf template charts/basic --set fail=true
same warmf reff "warm run failing in fail"
rc_is warmf 1 "warm run failing in fail"

# 2. damaged entries: parsed again, same output, exit 0, the good entry written again
size=$(stat -c %s "$TMP/good")
texts=$(u64 "$TMP/good" 24)
plen=$(u64 "$TMP/good" 32)
[ $((64 + texts + plen)) -eq "$size" ] && ok || bad "entry layout: 64 + $texts + $plen != $size"
damage() { # damage WHAT: after the damage done to $E
  run dmg template charts/basic
  same dmg ref "$1"
  rc_is dmg 0 "$1"
  [ "$(entries)" -eq 1 ] && ok || bad "$1: $(entries) entries"
  cmp -s "$E" "$TMP/good" && ok || bad "$1: the entry was not written again"
  no_tmp "$1"
}
cp "$TMP/good" "$E"
printf '\377\000\377\000\125\252\125\252' |
  dd of="$E" bs=1 seek=$((64 + texts + plen / 2)) conv=notrunc status=none
cmp -s "$E" "$TMP/good" && bad "the payload was not damaged" || ok
damage "payload overwritten in the middle"
cp "$TMP/good" "$E"
printf 'x' | dd of="$E" bs=1 seek=$((size - 1)) conv=notrunc status=none
damage "last payload byte changed"
cp "$TMP/good" "$E"
truncate -s $((size - plen / 2)) "$E"
damage "payload truncated"
cp "$TMP/good" "$E"
truncate -s 100 "$E"
damage "entry truncated to 100 bytes"
: >"$E"
damage "empty entry"
head -c "$size" /dev/zero | tr '\0' 'G' >"$E"
damage "garbage entry of the right size"
cp "$TMP/good" "$E"
printf 'X' | dd of="$E" bs=1 seek=70 conv=notrunc status=none
damage "names and texts changed"
cp "$TMP/good" "$E"
printf '\002' | dd of="$E" bs=1 seek=8 conv=notrunc status=none
damage "other format version"

# 3. a copy of the chart, edited (same length): edits show, syntax errors fail as without
#    the cache, a failed parse writes no entry
cp -r charts/basic "$TMP/basic"
C=$TMP/basic
n0=$(files)
sed -i 's/{{- end }}/{{- edn }}/' "$C/templates/checks.yaml"
cmp -s "$C/templates/checks.yaml" charts/basic/templates/checks.yaml && bad "checks.yaml not edited" || ok
[ "$(stat -c %s "$C/templates/checks.yaml")" = "$(stat -c %s charts/basic/templates/checks.yaml)" ] && ok ||
  bad "the edit changed the length"
nocache refe template "$C"
[ "$(files)" -eq "$n0" ] && ok || bad "a failed parse without the cache wrote a file"
run syn template "$C"
same syn refe "a syntax error (edn)"
grep -q 'function "edn" not defined' "$TMP/syn.err" && ok || bad "no parse error: $(head -2 "$TMP/syn.err")"
[ "$(cat "$TMP/syn.rc")" != 0 ] && ok || bad "a syntax error exits 0"
run syn2 template "$C"
same syn2 refe "a syntax error, again"
[ "$(files)" -eq "$n0" ] && ok || bad "a failed parse wrote an entry or a marker"
cp charts/basic/templates/checks.yaml "$C/templates/checks.yaml"
sed -i 's/type: {{ .Values.service.type }}/type: {{ .Values.service.type }x/' "$C/templates/service.yaml"
[ "$(stat -c %s "$C/templates/service.yaml")" = "$(stat -c %s charts/basic/templates/service.yaml)" ] && ok ||
  bad "the second edit changed the length"
nocache refe2 template "$C"
run syn3 template "$C"
same syn3 refe2 "a syntax error (unclosed action)"
[ "$(cat "$TMP/syn3.rc")" != 0 ] && ok || bad "an unclosed action exits 0"
cp charts/basic/templates/service.yaml "$C/templates/service.yaml"
# warm for the copy (the same texts as charts/basic: the same entry)
run copy template "$C"
same copy ref "the unedited copy"
[ "$(files)" -eq 1 ] && ok || bad "the copy (same texts) wrote another file"
# literal text edited
sed -i 's/^kind: ConfigMap$/kind: ConfigMaP/' "$C/templates/configmap.yaml"
nocache refl template "$C"
grep -q '^kind: ConfigMaP$' "$TMP/refl.out" && ok || bad "the edit is not in the uncached output"
run lit template "$C"
same lit refl "literal text edited"
[ "$(entries)" -eq 1 ] && [ "$(files)" -eq 2 ] && ok || bad "the edited chart, once: $(files) files, want an entry and a marker"
run lit2 template "$C"
same lit2 refl "literal text edited, again"
[ "$(entries)" -eq 2 ] && ok || bad "the edited chart, twice: $(entries) entries, want 2"
run lit3 template "$C"
same lit3 refl "literal text edited, warm"
# text inside a define edited
sed -i 's/^app.kubernetes.io\/name:/app.kubernetes.io\/nAme:/' "$C/templates/_helpers.tpl"
nocache refd template "$C"
grep -q 'app.kubernetes.io/nAme: basic' "$TMP/refd.out" && ok || bad "the define's edit is not in the output"
run def template "$C"
same def refd "define edited"
run def2 template "$C"
same def2 refd "define edited, again"
run def3 template "$C"
same def3 refd "define edited, warm"
# back to the original: the first entry still serves it
run back template charts/basic
same back ref "charts/basic after the edits"

# 4. a cache directory that is a regular file, or read-only: renders as without the cache
echo "not a directory" >"$TMP/afile"
CHARTCTL_PARSE_CACHE_DIR=$TMP/afile run file template charts/basic
same file ref "cache directory is a file"
rc_is file 0 "cache directory is a file"
[ "$(cat "$TMP/afile")" = "not a directory" ] && ok || bad "the file was changed"
CHARTCTL_PARSE_CACHE_DIR=$TMP/afile/sub run file2 template charts/basic
same file2 ref "cache directory below a file"
# a chart not rendered yet (twice: a marker, an entry), the cache elsewhere untouched
n1=$(files)
nocache refp template charts/parent
for i in 1 2; do
  CHARTCTL_PARSE_CACHE_DIR=$TMP/afile run filep template charts/parent
  same filep refp "cache directory is a file (charts/parent, run $i)"
done
[ "$(files)" -eq "$n1" ] && ok || bad "CHARTCTL_PARSE_CACHE_DIR was not followed"
if [ "$(id -u)" -ne 0 ]; then
  mkdir -m 0500 "$TMP/ro"
  for i in 1 2; do
    CHARTCTL_PARSE_CACHE_DIR=$TMP/ro run ro template charts/basic
    same ro ref "read-only cache directory, run $i"
  done
  [ "$(files "$TMP/ro")" -eq 0 ] && ok || bad "a file in a read-only directory"
fi

# 5. XDG_CACHE_HOME and HOME when CHARTCTL_PARSE_CACHE_DIR is not set (twice: an entry)
( unset CHARTCTL_PARSE_CACHE_DIR
  for i in 1 2; do
    XDG_CACHE_HOME=$TMP/xdg HOME=$TMP/home run xdg template charts/basic
    HOME=$TMP/home XDG_CACHE_HOME='' run home template charts/basic
  done )
same xdg ref "cache under XDG_CACHE_HOME"
same home ref "cache under HOME"
[ "$(entries "$TMP/xdg/chartctl/parse")" -eq 1 ] && ok || bad "no entry under \$XDG_CACHE_HOME/chartctl/parse"
[ "$(entries "$TMP/home/.cache/chartctl/parse")" -eq 1 ] && ok || bad "no entry under \$HOME/.cache/chartctl/parse"

# 6. every chart of charts/, cold, again and warm, as without the cache (errors included)
for c in charts/*/; do
  c=${c%/}
  nocache r template "$c"
  for i in 1 2 3; do
    run c$i template "$c"
    same c$i r "$c, run $i"
  done
done
# a batch (one parse per line) with the cache warm
printf '%s\n' 'charts/basic' 'charts/parent --set sub.enabled=false' 'charts/broken' \
  'charts/basic --set fail=true' 'charts/plaintext' >"$TMP/batch"
nocache rb template --batch "$TMP/batch"
run b1 template --batch "$TMP/batch"
same b1 rb "batch"
run b2 template --batch "$TMP/batch"
same b2 rb "batch, again"
run b3 template --batch "$TMP/batch"
same b3 rb "batch, warm"

# 7. sparse templates (fewer than one action per 4 KiB: a CRD with an if around it): the
# entry holds their trees and the digest of their text, not the text, which stays the
# file's. An edit of such a template shows at once and is another entry; two copies of a
# chart that differ only there each render their own text, by texts and by stat.
rm -rf "$CACHE"
SP=$TMP/sparse
mkdir -p "$SP/templates"
printf 'apiVersion: v2\nname: sparse\nversion: 0.1.0\n' >"$SP/Chart.yaml"
printf 'crd: true\n' >"$SP/values.yaml"
{
  echo '{{- if .Values.crd }}'
  echo 'apiVersion: v1'
  echo 'kind: ConfigMap'
  echo 'metadata:'
  echo '  name: big'
  echo 'data:'
  for i in $(seq 1 400); do echo "  key$i: \"value number $i of a long plain text block\""; done
  echo '{{- end }}'
} >"$SP/templates/big.yaml"
printf 'kind: Dense\nname: {{ .Release.Name }}\nns: {{ .Release.Namespace }}\n' >"$SP/templates/dense.yaml"
SP2=$TMP/sparse-copy # the same chart but for one line of its sparse template
cp -r "$SP" "$SP2"
nocache sp0 template "$SP"
for i in 1 2 3; do
  run sp$i template "$SP"
  same sp$i sp0 "sparse chart, run $i"
done
[ "$(entries)" -eq 1 ] && ok || bad "sparse chart: $(entries) entries, want 1"
# its 22 KB of documents also leave the heads of its documents, named apart ("m" and a key)
heads=$(find "$CACHE" -maxdepth 1 -type f -size +0 -name 'm????????????????' | wc -l)
[ "$heads" -eq 1 ] && ok || bad "sparse chart: $heads entries of heads, want 1"
ent=$(find "$CACHE" -maxdepth 1 -type f -size +0 -name '????????????????' | head -1) # (a template entry)
size=$(stat -c %s "$ent" 2>/dev/null || echo 0)
big=$(stat -c %s "$SP/templates/big.yaml")
[ "$size" -lt "$big" ] && ok || bad "the entry ($size bytes) holds the sparse template's text ($big bytes)"
ino=$(stat -c %i "$ent")
sed -i 's/value number 7 of/VALUE NUMBER 7 OF THE EDITED/' "$SP/templates/big.yaml"
nocache sp4 template "$SP"
run sp5 template "$SP"
same sp5 sp4 "sparse template edited"
grep -q 'VALUE NUMBER 7 OF THE EDITED' "$TMP/sp5.out" && ok || bad "the edit of the sparse template does not show"
run sp6 template "$SP"
same sp6 sp4 "sparse template edited, again"
[ "$(entries)" -eq 2 ] && ok || bad "after an edit of the sparse template: $(entries) entries, want 2"
[ "$(stat -c %i "$ent" 2>/dev/null)" = "$ino" ] && ok || bad "the first entry was rewritten"
# the copy keeps the first text: its entry is the first one; once the files settle, each
# copy's link leads to its own entry, and neither render takes the other's trees
nocache spc0 template "$SP2"
grep -q 'value number 7 of' "$TMP/spc0.out" && ok || bad "the copy's sparse template is not its own"
sleep 2.2
for i in 1 2 3; do
  run spa$i template "$SP"
  same spa$i sp4 "edited chart, alternating with its copy, run $i"
  run spc$i template "$SP2"
  same spc$i spc0 "the copy, alternating with the edited chart, run $i"
done
[ "$(find "$CACHE" -maxdepth 1 -type l -name 's????????????????' | wc -l)" -eq 2 ] && ok ||
  bad "the two copies do not have a link each"
# 8. links by stat: once an entry is written for templates whose files last changed over 2 s
# before, a link named by their stats (s + 16 hex digits) leads to it, and later renders take
# the texts from the entry without reading the files. Any change of a file changes its ctime:
# an edit that keeps the size and the mtime shows at once.
rm -rf "$CACHE"
L=$TMP/linked
cp -r charts/basic "$L"
cp "$SP/templates/big.yaml" "$L/templates/big.yaml" # a sparse one: read even then
# text only once parsed (a comment is its one action): printed as the text itself, which
# then lives in the mapped entry
printf '{{/* a comment */}}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: only-text\n' \
  >"$L/templates/commented.yaml"
printf 'crd: true\n' >>"$L/values.yaml"
links() { find "$CACHE" -maxdepth 1 -type l -name 's????????????????' 2>/dev/null | wc -l; }
nocache l0 template "$L"
grep -q 'VALUE NUMBER 7 OF THE EDITED' "$TMP/l0.out" && ok || bad "the sparse template is not in the output"
grep -q 'name: only-text' "$TMP/l0.out" && ok || bad "the text-only template is not in the output"
sleep 2.2 # the files settle
for i in 1 2 3 4; do
  run l$i template "$L"
  same l$i l0 "a chart with settled files, run $i"
done
[ "$(links)" -eq 1 ] && ok || bad "$(links) links after the entry was written, want 1"
link=$(find "$CACHE" -maxdepth 1 -type l -name 's*' | head -1)
[ -n "$link" ] && [ -f "$link" ] && ok || bad "the link does not lead to an entry"
# an edit in place (the same file, the same size), the mtime put back: only the ctime
# tells, the link misses, the edit shows
F=$L/templates/configmap.yaml
touch -r "$F" "$TMP/stamp"
ino=$(stat -c %i "$F")
off=$(grep -bo '^kind: ConfigMap$' "$F" | cut -d: -f1)
printf 'Q' | dd of="$F" bs=1 seek=$((off + 14)) conv=notrunc status=none
touch -r "$TMP/stamp" "$F"
[ "$(stat -c %y "$F")" = "$(stat -c %y "$TMP/stamp")" ] && ok || bad "mtime not put back"
[ "$(stat -c %i "$F")" = "$ino" ] && ok || bad "the edit made another file"
nocache l5 template "$L"
grep -q '^kind: ConfigMaQ$' "$TMP/l5.out" && ok || bad "the edit is not in the uncached output"
run l6 template "$L"
same l6 l5 "edited under a link (same size, same mtime)"
# a sparse template edited under a link: read every time, so it shows too
sed -i 's/VALUE NUMBER 7 OF THE EDITED/VALUE NUMBER 7 OF THE EDITEd/' "$L/templates/big.yaml"
nocache l7 template "$L"
run l8 template "$L"
same l8 l7 "sparse template edited under a link"
# the entry removed under its link: a miss, the link goes, the render as without the cache
sleep 2.2
for i in 1 2 3; do run l9 template "$L"; done
same l9 l7 "the edited chart, settled, again"
[ "$(links)" -ge 1 ] && ok || bad "no link for the edited chart"
for f in $(find "$CACHE" -maxdepth 1 -type l -name 's*'); do rm -f "$(readlink -f "$f")"; done
run l10 template "$L"
same l10 l7 "links whose entries were removed"
run l10b template "$L" # the entry written again, and a trim: dangling links go
same l10b l7 "links whose entries were removed, again"
dangling=0
for f in $(find "$CACHE" -maxdepth 1 -type l -name 's*'); do [ -e "$f" ] || dangling=$((dangling + 1)); done
[ "$dangling" -eq 0 ] && ok || bad "$dangling dangling links left after a trim"
# a template file removed, another added: other names, another key
mv "$L/templates/service.yaml" "$L/templates/service2.yaml"
nocache l11 template "$L"
run l12 template "$L"
same l12 l11 "a template renamed under a link"
# 7. a subchart archive (charts/sub-0.1.0.tgz): kept as its files from its second load on
#    (docs/parse-cache.md, "Chart archives"); a new archive under the same name shows at once,
#    and damaged entries change nothing but speed
A=$TMP/witharchive
mkdir -p "$A/templates" "$A/charts" "$TMP/sub/templates"
printf 'apiVersion: v2\nname: witharchive\nversion: 1.0.0\n' >"$A/Chart.yaml"
printf 'sub:\n  greeting: hello\n' >"$A/values.yaml"
printf 'kind: ConfigMap\nmetadata:\n  name: parent\n' >"$A/templates/cm.yaml"
printf 'apiVersion: v2\nname: sub\nversion: 0.1.0\n' >"$TMP/sub/Chart.yaml"
printf 'greeting: hi\nsize: 1\n' >"$TMP/sub/values.yaml"
printf 'kind: ConfigMap\nmetadata:\n  name: sub\ndata:\n  g: {{ .Values.greeting }}-{{ .Values.size }}\n' \
  >"$TMP/sub/templates/cm.yaml"
tar -C "$TMP" -czf "$A/charts/sub-0.1.0.tgz" sub
nocache a0 template "$A"
rc_is a0 0 "a chart with a subchart archive"
grep -q '^  g: hello-1$' "$TMP/a0.out" && ok || bad "the subchart archive did not render"
before=$(entries)
for i in 1 2 3 4; do run a$i template "$A"; same a$i a0 "a subchart archive, run $i"; done
[ "$(entries)" -eq $((before + 2)) ] && ok ||
  bad "a subchart archive: $(entries) entries, want $((before + 2)) (the templates', the archive's)"
arch=$(grep -l -a 'greeting: hi' $(find "$CACHE" -maxdepth 1 -type f -size +0 -name '????????????????'))
[ -n "$arch" ] && ok || bad "no entry holds the subchart's files"
# another archive under the same name (same size even): its files, not the kept ones
sed -i 's/size: 1/size: 2/' "$TMP/sub/values.yaml"
tar -C "$TMP" -czf "$A/charts/sub-0.1.0.tgz" sub
nocache a5 template "$A"
grep -q '^  g: hello-2$' "$TMP/a5.out" && ok || bad "the new archive did not render"
run a6 template "$A"
same a6 a5 "a replaced subchart archive"
# every entry damaged past its header: each is a miss and is written again
for f in $(find "$CACHE" -maxdepth 1 -type f -size +0 -name '????????????????'); do
  printf 'XXXX' | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") - 6)) conv=notrunc 2>/dev/null
done
run a7 template "$A"
same a7 a5 "damaged entries with a subchart archive"
run a8 template "$A"
same a8 a5 "damaged entries rewritten"
# 9. directory listings (docs/parse-cache.md, "Directory listings"): a chart whose directories
#    last changed over 2 s before has them kept ("d" + 16 hex digits) from its second render;
#    then a file added to or removed from a directory, or a directory added, shows at once
D=$TMP/listed
cp -r charts/basic "$D"
listings() { find "$CACHE" -maxdepth 1 -type f -size +0 -name 'd????????????????' | wc -l; }
nocache d0 template "$D"
sleep 2.2 # the directories settle
before=$(listings)
for i in 1 2 3; do run d$i template "$D"; same d$i d0 "a chart with settled directories, run $i"; done
[ "$(listings)" -eq $((before + 1)) ] && ok || bad "$(listings) listings kept, want $((before + 1))"
# the hint ("h" and the listings' key) names the templates' entry, the one the link by stat
# names: the next load asks for both files ahead
hint_of() { # hint_of LISTING: what the hint beside it names
  readlink "$CACHE/h$(basename "$1" | cut -c2-)"
}
dfile=$(ls -t $(find "$CACHE" -maxdepth 1 -type f -size +0 -name 'd????????????????') | head -1)
target=$(hint_of "$dfile")
[ -n "$target" ] && [ -s "$CACHE/$target" ] && ok || bad "the hint '$target' does not name an entry"
grep -q -a 'name: {{ include "basic.fullname" . }}-config' "$CACHE/$target" 2>/dev/null && ok || bad "the hint does not name the templates' entry"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added-later\n' >"$D/templates/added.yaml"
nocache d4 template "$D"
grep -q 'name: added-later' "$TMP/d4.out" && ok || bad "the added template is not in the uncached output"
run d5 template "$D"
same d5 d4 "a template added to a listed directory"
mkdir "$D/templates/deeper"
printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: in-a-new-directory\n' >"$D/templates/deeper/s.yaml"
rm "$D/templates/added.yaml"
nocache d6 template "$D"
grep -q 'name: in-a-new-directory' "$TMP/d6.out" && ! grep -q 'name: added-later' "$TMP/d6.out" && ok ||
  bad "the uncached output after the second change is not as expected"
run d7 template "$D"
same d7 d6 "a directory added and a template removed"
# the templates changed: a new entry (from the second render), which the hint then names;
# a hint naming nothing (its entry gone) changes nothing but speed
run d8 template "$D"
same d8 d6 "the changed chart, again"
new_target=$(hint_of "$dfile")
[ -n "$new_target" ] && [ "$new_target" != "$target" ] && [ -s "$CACHE/$new_target" ] && ok ||
  bad "the hint names '$new_target' after the templates changed (before: '$target')"
rm -f "$CACHE/$new_target"
run d9 template "$D"
same d9 d6 "a hint naming a removed entry"
run d10 template "$D"
same d10 d6 "a hint naming a removed entry, again"
[ -s "$CACHE/$(hint_of "$dfile")" ] && ok || bad "the hint was not made again"
no_tmp "the end"

# 10. values that passed a chart's schema (docs/parse-cache.md, "Schemas"): remembered from
#     the second success, for that schema and those values only; a failure is validated and
#     reported at every run; an edit of the schema (same length) shows at once
D=$TMP/schemed
cp -r charts/basic "$D"
{
  printf '{"required": ["replicaCount"], "properties": {\n'
  printf '  "replicaCount": {"type": "integer", "minimum": 1},\n'
  printf '  "service": {"type": "object", "properties": {"port": {"type": "integer"}}}'
  for i in $(seq 80); do
    printf ',\n  "spare%d": {"description": "a key nobody sets, for the size", "type": "string"}' "$i"
  done
  printf '\n}}\n'
} >"$D/values.schema.json"
schema_entries() { grep -l -a '"spare80"' $(find "$CACHE" -maxdepth 1 -type f -size +0 -name '????????????????') 2>/dev/null | wc -l; }
nocache s0 template "$D"
rc_is s0 0 "the chart with a schema, without the cache"
for i in 1 2 3 4; do run s$i template "$D"; same s$i s0 "values that passed the schema, run $i"; done
[ "$(schema_entries)" -eq 1 ] && ok || bad "$(schema_entries) entries hold the schema, want 1"
nocache s5 template "$D" --set replicaCount=0 --set service.port=http
rc_is s5 1 "values that fail the schema, without the cache"
grep -q "^- replicaCount: Must be greater than or equal to 1$" "$TMP/s5.err" &&
  grep -q "^- service.port: Invalid type. Expected: integer, given: string$" "$TMP/s5.err" && ok ||
  bad "the schema's messages: $(cat "$TMP/s5.err")"
for i in 6 7 8; do run s$i template "$D" --set replicaCount=0 --set service.port=http; same s$i s5 "values that fail the schema, run $i"; done
for i in 9 10 11; do run s$i template "$D" --set replicaCount=3; done
nocache s12 template "$D" --set replicaCount=3
same s11 s12 "other values that pass"
# the same length: the old entry's schema is not this one
sed -i 's/"minimum": 1}/"minimum": 5}/' "$D/values.schema.json"
nocache s13 template "$D"
rc_is s13 1 "the stricter schema, without the cache"
for i in 14 15 16; do run s$i template "$D"; same s$i s13 "the edited schema, run $i"; done
no_tmp "the schemas"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
