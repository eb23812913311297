#!/usr/bin/env bash
# repo.sh — packaging and chart repositories end to end: chartctl package/repo/search/pull/
# dependency against python3 http.server on loopback (plain, TLS with a test CA, basic auth),
# a local bare git repository, and interoperability both ways with helm 3.17.1 when present.
# Usage: repo.sh CHARTCTL   (exit 77 = skipped)
set -u
C=${1:?usage: repo.sh CHARTCTL}
C=$(cd "$(dirname "$C")" && pwd)/$(basename "$C")
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
command -v openssl >/dev/null || { echo "SKIP: openssl missing"; exit 77; }
command -v git >/dev/null || { echo "SKIP: git missing"; exit 77; }

W=$(mktemp -d /tmp/chartctl-repo-test.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$W"
}
trap cleanup EXIT
cd "$W"
export HELM_REPOSITORY_CONFIG=$W/config/repositories.yaml HELM_REPOSITORY_CACHE=$W/cache
export HOME=$W/home XDG_CONFIG_HOME=$W/home/.config XDG_CACHE_HOME=$W/home/.cache
mkdir -p "$HOME"

FAILS=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; FAILS=$((FAILS + 1)); }
check() { # check NAME CMD...: passes when CMD succeeds
  local n=$1; shift
  if "$@" >"$W/out.txt" 2>&1; then pass "$n"; else fail "$n"; sed 's/^/     /' "$W/out.txt" | head -20; fi
}
check_fail() { # check_fail NAME EXPECTED-SUBSTRING CMD...: CMD must fail and print the substring
  local n=$1 want=$2; shift 2
  if "$@" >"$W/out.txt" 2>&1; then fail "$n (succeeded)"; sed 's/^/     /' "$W/out.txt" | head -20
  elif grep -qF -- "$want" "$W/out.txt"; then pass "$n"
  else fail "$n (wanted: $want)"; sed 's/^/     /' "$W/out.txt" | head -20; fi
}

serve() { # serve NAME DIR [args...]: starts a server, sets PORT
  local name=$1 dir=$2; shift 2
  python3 "$HERE/repo_server.py" "$dir" "$W/$name.port" "$@" &
  PIDS+=($!)
  for _ in $(seq 100); do [ -s "$W/$name.port" ] && break; sleep 0.05; done
  PORT=$(cat "$W/$name.port")
}

# ---- charts ----
mkchart() { # mkchart DIR NAME VERSION [appVersion]
  mkdir -p "$1/templates"
  printf 'apiVersion: v2\nname: %s\nversion: %s\nappVersion: "%s"\ndescription: chart %s for tests\nkeywords: [demo]\n' \
    "$2" "$3" "${4:-1.0}" "$2" > "$1/Chart.yaml"
  printf 'greeting: hello\nreplicas: 2\n' > "$1/values.yaml"
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-%s\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  version: {{ .Chart.Version | quote }}\n' \
    "$2" > "$1/templates/cm.yaml"
  printf 'secret.txt\n*.bak\n' > "$1/.helmignore"
  echo "do not ship" > "$1/secret.txt"
  echo "backup" > "$1/values.bak"
  echo "# $2" > "$1/README.md"
}
mkchart src/alpha alpha 1.0.0
mkchart src/alpha2 alpha 1.1.0
mkchart src/alpha3 alpha 2.0.0-rc.1
mkchart src/beta beta 0.3.0 9.9

# ---- package ----
mkdir -p repo
check "package" "$C" package src/alpha -d repo
check "package output name" test -f repo/alpha-1.0.0.tgz
check "package honours .helmignore" bash -c "! tar tzf repo/alpha-1.0.0.tgz | grep -q -e secret.txt -e values.bak"
check "package keeps README" bash -c "tar tzf repo/alpha-1.0.0.tgz | grep -qx alpha/README.md"
mkdir -p again
check "package again" "$C" package src/alpha -d again
check "package is reproducible" cmp repo/alpha-1.0.0.tgz again/alpha-1.0.0.tgz
check "package --version --app-version" "$C" package src/beta -d repo --version 0.4.0 --app-version 10.0
check "package --version file" bash -c "tar xzOf repo/beta-0.4.0.tgz beta/Chart.yaml | grep -qx 'appVersion: \"10.0\"'"
check_fail "package bad version" "Invalid Semantic Version" "$C" package src/beta -d repo --version notsemver
check_fail "package missing dir" "no such file or directory" "$C" package src/nope
mkchart src/anno anno 0.9.0
mkchart src/anno/charts/kid kid 0.1.0
cat >> src/anno/Chart.yaml <<'YAML'
annotations:
  z.io/last: "1"
  a.io/first: two
maintainers:
- name: ann
  email: ann@example.com
dependencies:
- name: kid
  version: 0.1.0
  import-values:
  - child: greeting
    parent: kidGreeting
  tags: [t]
YAML
check "package with subchart and annotations" "$C" package src/anno -d repo
"$C" package src/alpha2 -d repo >/dev/null
"$C" package src/alpha3 -d repo >/dev/null

# ---- index + plain HTTP ----
serve plain repo
PLAIN=http://127.0.0.1:$PORT
check "repo index" "$C" repo index repo --url "$PLAIN"
check "index has digests" bash -c "grep -c 'digest: [0-9a-f]\{64\}' repo/index.yaml | grep -qx 5"
check "index newest first" bash -c "grep '^    version: ' repo/index.yaml | head -3 | tr -d ' ' | paste -sd, | grep -qx 'version:2.0.0-rc.1,version:1.1.0,version:1.0.0'"
mkdir -p merge && cp repo/beta-0.4.0.tgz merge/
printf 'apiVersion: v1\nentries:\n  old:\n  - name: old\n    version: 0.0.1\n    urls: [https://elsewhere/old-0.0.1.tgz]\n  beta:\n  - name: beta\n    version: 0.4.0\n    urls: [stale.tgz]\n' > old-index.yaml
check "repo index --merge" "$C" repo index merge --url "$PLAIN" --merge old-index.yaml
check "merge keeps old entries" grep -q 'https://elsewhere/old-0.0.1.tgz' merge/index.yaml
check "merge prefers local charts" bash -c "grep -q \"$PLAIN/beta-0.4.0.tgz\" merge/index.yaml && ! grep -q stale.tgz merge/index.yaml"
check "repo add" "$C" repo add plain "$PLAIN"
check "repo add same again" "$C" repo add plain "$PLAIN"
check_fail "repo add different" "already exists" "$C" repo add plain "$PLAIN/other"
check_fail "repo add bad url" "is not a valid chart repository or cannot be reached" "$C" repo add bad "$PLAIN/nothing"
check "repo list" bash -c "\"$C\" repo list | grep -q '^plain'"
check "cache index" test -f "$HELM_REPOSITORY_CACHE/plain-index.yaml"
check "search repo" bash -c "\"$C\" search repo alpha | grep -q '^plain/alpha.*1.1.0'"
check "search repo --devel" bash -c "\"$C\" search repo alpha --devel | grep -q '2.0.0-rc.1'"
check "search repo -l" bash -c "[ \$(\"$C\" search repo alpha -l | grep -c plain/alpha) = 2 ]"
check "search nothing" bash -c "\"$C\" search repo zzzz | grep -qx 'No results found'"
mkdir -p dl
check "pull newest stable" "$C" pull plain/alpha -d dl
check "pulled 1.1.0" test -f dl/alpha-1.1.0.tgz
check "pull range" "$C" pull plain/alpha --version '~1.0.0' -d dl
check "pulled 1.0.0" test -f dl/alpha-1.0.0.tgz
check "pull --untar" "$C" pull plain/beta --untar --untardir un -d dl
check "untarred" test -f dl/un/beta/Chart.yaml
check_fail "pull --untar twice" "already exists" "$C" pull plain/beta --untar --untardir un -d dl
check "pull URL" "$C" pull "$PLAIN/beta-0.4.0.tgz" -d dl2
check "pull --repo" "$C" pull alpha --repo "$PLAIN" --version 1.0.0 -d dl3
check_fail "pull missing version" "not found in plain index" "$C" pull plain/alpha --version '>5' -d dl
check_fail "pull unknown repo" "repo nope not found" "$C" pull nope/alpha -d dl
check "repo update" bash -c "\"$C\" repo update | grep -q 'Successfully got an update from the \"plain\" chart repository'"

# digest verification: a tampered archive is refused and the cache keeps nothing partial
cp repo/alpha-1.0.0.tgz alpha.good && printf 'junk' >> repo/alpha-1.0.0.tgz
check_fail "digest mismatch refused" "digest mismatch" "$C" pull plain/alpha --version 1.0.0 -d dl4
check "nothing written on mismatch" bash -c "[ ! -e dl4/alpha-1.0.0.tgz ]"
cp alpha.good repo/alpha-1.0.0.tgz

# ---- TLS with a test CA, basic auth ----
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=test-ca >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj /CN=127.0.0.1 >/dev/null 2>&1
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > san.ext
openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out srv.crt -days 2 -extfile san.ext >/dev/null 2>&1
serve tls repo --cert srv.crt --key srv.key --auth 'user:s3cr3t-pw' --log "$W/tls.log"
TLS=https://127.0.0.1:$PORT
check_fail "TLS without CA refused" "not a valid chart repository" "$C" repo add tls "$TLS" --username user --password s3cr3t-pw
check_fail "TLS wrong password" "401" "$C" repo add tls "$TLS" --ca-file ca.crt --username user --password wrong
check "TLS + CA + basic auth" "$C" repo add tls "$TLS" --ca-file ca.crt --username user --password s3cr3t-pw
check "insecure-skip-tls-verify" bash -c "echo s3cr3t-pw | \"$C\" repo add tls2 \"$TLS\" --insecure-skip-tls-verify --username user --password-stdin"
check "pull over TLS with auth" "$C" pull tls/alpha -d dltls
check "pulled over TLS" test -f dltls/alpha-1.1.0.tgz
check "search over two repos" bash -c "\"$C\" search repo beta | grep -q '^tls/beta'"
check "config is private" bash -c "[ \$(stat -c %a \"$HELM_REPOSITORY_CONFIG\") = 600 ]"
check_fail "password never printed" "404 File not found" "$C" pull alpha --repo "https://user:s3cr3t-pw@127.0.0.1:$PORT/missing" --ca-file ca.crt -d x
check "password not in messages" bash -c "! grep -q s3cr3t-pw \"$W/out.txt\""
check "repo remove" "$C" repo remove tls2
check "cache removed" bash -c "[ ! -e \"$HELM_REPOSITORY_CACHE/tls2-index.yaml\" ]"
check_fail "repo remove missing" 'no repo named "tls2" found' "$C" repo remove tls2

# ---- dependencies: HTTP repo, file://, git ----
git init -q --bare git/charts.git
git clone -q git/charts.git gitwork 2>/dev/null
mkchart gitwork/charts/gamma gamma 0.5.0
(cd gitwork && git add -A && git -c user.name=t -c user.email=t@t commit -qm v0.5.0 && git tag v0.5.0 &&
  sed -i 's/^version: 0.5.0/version: 0.6.0/' charts/gamma/Chart.yaml && git -c user.name=t -c user.email=t@t commit -qam v0.6.0 &&
  git push -q origin HEAD:main --tags 2>/dev/null)
mkchart app app 1.0.0
mkchart local/delta delta 0.1.0
cat >> app/Chart.yaml <<YAML
dependencies:
- name: alpha
  version: "^1.0.0"
  repository: "$PLAIN"
- name: beta
  version: ">=0.3.0"
  repository: "@tls"
- name: delta
  version: "0.1.x"
  repository: "file://../local/delta"
- name: gamma
  version: "0.5.0"
  repository: "git+file://$W/git/charts.git@charts/gamma?ref=v0.5.0"
YAML
check "dependency list (missing)" bash -c "\"$C\" dependency list app | grep -q 'alpha.*missing'"
check "dependency update" "$C" dependency update app
check "charts/ filled" bash -c "cd app/charts && ls | sort | paste -sd, | grep -qx 'alpha-1.1.0.tgz,beta-0.4.0.tgz,delta-0.1.0.tgz,gamma-0.5.0.tgz'"
check "Chart.lock written" grep -q '^digest: sha256:' app/Chart.lock
check "dependency list ok" bash -c "[ \$(\"$C\" dependency list app | grep -c \$'\\tok') = 4 ]"
rm -rf app/charts
check "dependency build" "$C" dependency build app
check "build restored charts" test -f app/charts/gamma-0.5.0.tgz
sed -i 's/version: "0.1.x"/version: "0.2.x"/' app/Chart.yaml
check_fail "build refuses stale lock" "out of sync" "$C" dependency build app
sed -i 's/version: "0.2.x"/version: "0.1.x"/' app/Chart.yaml
check "git branch ref" bash -c "sed 's/?ref=v0.5.0/?ref=main/; s/version: \"0.5.0\"/version: \">=0.6.0\"/' app/Chart.yaml > app.yaml && mkdir -p app2 && cp -r app/templates app/values.yaml app2/ && mv app.yaml app2/Chart.yaml && \"$C\" dependency update app2 --skip-refresh && test -f app2/charts/gamma-0.6.0.tgz"
SHA=$(git -C gitwork rev-parse v0.5.0)
check "git commit ref" bash -c "mkdir -p app3 && cp -r app/templates app/values.yaml app3/ && sed 's/?ref=v0.5.0/?ref=$SHA/' app/Chart.yaml > app3/Chart.yaml && \"$C\" dependency update app3 --skip-refresh && test -f app3/charts/gamma-0.5.0.tgz"
check_fail "git missing ref" "has no tag, branch or commit" bash -c "sed -i 's/?ref=$SHA/?ref=nope/' app3/Chart.yaml && \"$C\" dependency update app3 --skip-refresh"
check "package -u" "$C" package app -u -d pkg
check "packaged subcharts" bash -c "tar tzf pkg/app-1.0.0.tgz | grep -q '^app/charts/gamma/Chart.yaml'"

# ---- archive safety ----
python3 - <<'PY'
import io, tarfile
def mk(path, entries):
    with tarfile.open(path, "w:gz") as t:
        for name, data, kind in entries:
            ti = tarfile.TarInfo(name)
            if kind == "sym":
                ti.type = tarfile.SYMTYPE; ti.linkname = data; data = b""
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
mk("evil1.tgz", [("evil/Chart.yaml", b"apiVersion: v2\nname: evil\nversion: 1.0.0\n", "f"), ("evil/../../escape.txt", b"x", "f")])
mk("evil2.tgz", [("evil/Chart.yaml", b"apiVersion: v2\nname: evil\nversion: 1.0.0\n", "f"), ("evil/templates/l", "/etc/passwd", "sym")])
PY
mkdir -p evilrepo && cp evil1.tgz evilrepo/evil-1.0.0.tgz && cp evil2.tgz evilrepo/evil-2.0.0.tgz
serve evil evilrepo
EVIL=http://127.0.0.1:$PORT
check_fail "escaping entry refused" "illegally" "$C" pull "$EVIL/evil-1.0.0.tgz" --untar -d ev1
check "nothing escaped" bash -c "[ ! -e escape.txt ] && [ ! -e ev1/escape.txt ]"
check_fail "link out refused" "link" "$C" pull "$EVIL/evil-2.0.0.tgz" --untar -d ev2

# ---- interoperability with helm 3.17.1 ----
HELM3=
if [ -x /work/shared/tools/get-reference-tools ]; then eval "$(/work/shared/tools/get-reference-tools 2>/dev/null)" 2>/dev/null || true; fi
if [ -n "${HELM3:-}" ] && [ -x "$HELM3" ]; then
  H="$HELM3"
  check "helm: template of chartctl archive = folder" bash -c "diff <(\"$H\" template r src/alpha) <(\"$H\" template r repo/alpha-1.0.0.tgz)"
  check "helm: package -u archive renders like folder" bash -c "diff <(\"$H\" template r app) <(\"$H\" template r pkg/app-1.0.0.tgz)"
  mkdir -p hidx && cp repo/*.tgz hidx/ && rm -f hidx/index.yaml
  "$H" repo index hidx --url "$PLAIN" && mkdir -p cidx && cp repo/*.tgz cidx/ && "$C" repo index cidx --url "$PLAIN"
  check "repo index = helm's (but times)" bash -c "diff <(grep -v 'created:\|generated:' cidx/index.yaml) <(grep -v 'created:\|generated:' hidx/index.yaml)"
  "$H" repo index hidx --url "$PLAIN" --json && "$C" repo index cidx --url "$PLAIN" --json
  check "repo index --json = helm's (but times)" bash -c "diff <(grep -v '\"created\"\|\"generated\"' cidx/index.yaml) <(grep -v '\"created\"\|\"generated\"' hidx/index.yaml)"
  check "helm: template of archive with subchart = folder" bash -c "diff <(\"$H\" template r src/anno) <(\"$H\" template r repo/anno-0.9.0.tgz)"
  export HELM_REPOSITORY_CONFIG=$W/hconfig/repositories.yaml HELM_REPOSITORY_CACHE=$W/hcache
  check "helm: repo add chartctl repo" "$H" repo add cc "$PLAIN"
  mkdir -p hdl
  check "helm: pull from chartctl repo" "$H" pull cc/alpha -d hdl
  check "helm: pulled bytes = chartctl package" cmp hdl/alpha-1.1.0.tgz repo/alpha-1.1.0.tgz
  check "helm: renders chartctl repo chart" bash -c "diff <(\"$H\" template r cc/alpha) <(\"$H\" template r src/alpha2)"
  mkdir -p hrepo
  "$H" package src/beta -d hrepo >/dev/null && "$H" package src/alpha2 -d hrepo >/dev/null
  serve helmrepo hrepo
  HR=http://127.0.0.1:$PORT
  "$H" repo index hrepo --url "$HR"
  export HELM_REPOSITORY_CONFIG=$W/config/repositories.yaml HELM_REPOSITORY_CACHE=$W/cache
  check "chartctl: repo add helm repo" "$C" repo add hr "$HR"
  check "chartctl: pull from helm repo" "$C" pull hr/beta -d cdl
  check "chartctl: helm-packaged chart renders" bash -c "diff <(\"$C\" template r cdl/beta-0.3.0.tgz) <(\"$H\" template r src/beta)"
  check "chartctl: search table = helm's" bash -c "diff <(\"$C\" search repo alpha) <(\"$H\" search repo alpha) && diff <(\"$C\" search repo -l) <(\"$H\" search repo -l) && diff <(\"$C\" search repo --devel) <(\"$H\" search repo --devel)"
  check "chartctl: search -r = helm's" bash -c "diff <(\"$C\" search repo -r 'alp.a|for tests') <(\"$H\" search repo -r 'alp.a|for tests') && diff <(\"$C\" search repo -r 'ALPHA') <(\"$H\" search repo -r 'ALPHA')"
  check "chartctl: search/list -o json|yaml = helm's" bash -c "for o in json yaml; do diff <(\"$C\" search repo -o \$o) <(\"$H\" search repo -o \$o) && diff <(\"$C\" repo list -o \$o) <(\"$H\" repo list -o \$o) || exit 1; done"
  check "chartctl: search helm repo" bash -c "\"$C\" search repo hr/ | grep -q '^hr/alpha'"
  check "chartctl: dependency list table = helm's" bash -c "diff <(\"$C\" dependency list app) <(\"$H\" dependency list app)"
  check "chartctl: Chart.lock digest = helm's" bash -c "cp -r app happ && rm -f happ/Chart.lock && \"$H\" dependency update happ >/dev/null 2>&1; grep digest happ/Chart.lock app/Chart.lock | awk '{print \$2}' | uniq | wc -l | grep -qx 1"
  mkdir -p um1/templates
  printf 'apiVersion: v2\nname: um\nversion: 0.1.0\ndependencies:\n- name: beta\n  version: "~0.3"\n  repository: %s\n' "$HR" > um1/Chart.yaml
  cp -r um1 um2
  check "dependency update (unmanaged URL) output = helm's" bash -c "export HELM_REPOSITORY_CONFIG=$W/e1/r.yaml HELM_REPOSITORY_CACHE=$W/e1c; diff <(\"$C\" dependency update um1 2>&1) <(\"$H\" dependency update um2 2>&1) && cmp um1/charts/beta-0.3.0.tgz um2/charts/beta-0.3.0.tgz && diff <(grep -v generated um1/Chart.lock) <(grep -v generated um2/Chart.lock)"
else
  echo "skip helm interoperability: \$HELM3 not available"
fi

echo "repo.sh: $FAILS failure(s)"
[ "$FAILS" = 0 ]
