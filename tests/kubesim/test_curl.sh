#!/usr/bin/env bash
# kubesim HTTP-level test with curl: TLS + auth, CRUD, selectors, watch, optimistic
# concurrency, SSA, patches, CRDs, controllers, faults and restart persistence.
# Usage: test_curl.sh /path/to/kubesim
KUBESIM=${1:?usage: test_curl.sh KUBESIM}
. "$(dirname "$0")/lib.sh"

ks_start --pod-ready-delay 300ms --tick 50ms || exit 1
NS=/api/v1/namespaces/default

# ---- TLS and authentication ----
code=$(curl -sS --max-time 10 --cacert "$KS_DATA/ca.crt" -o "$KS_TMP/out" -w '%{http_code}' "$KS_SERVER/api/v1/namespaces")
expect "no credentials -> 401" 401 "$code"
expect "401 is a Status" "Unauthorized" "$(j 'd["reason"]')"
code=$(curl -sS --max-time 10 --cacert "$KS_DATA/ca.crt" -H "Authorization: Bearer wrong" -o "$KS_TMP/out" -w '%{http_code}' "$KS_SERVER/api")
expect "wrong token -> 401" 401 "$code"
code=$(curl -sS --max-time 10 --cacert "$KS_DATA/ca.crt" -H "Authorization: Bearer $(cat "$KS_DATA/token")" -o "$KS_TMP/out" -w '%{http_code}' "$KS_SERVER/api/v1/namespaces")
expect "bearer token -> 200" 200 "$code"
expect "client cert -> 200" 200 "$(kc GET /version)"
expect "version" v1.30.0 "$(j 'd["gitVersion"]')"
grep -q "client-certificate-data" "$KUBECONFIG" && grep -q "current-context: kubesim" "$KUBECONFIG" &&
  grep -q "namespace: default" "$KUBECONFIG" && ok "kubeconfig is minikube-style" || fail "kubeconfig content"

# ---- discovery ----
expect "GET /api" 200 "$(kc GET /api)"
expect "GET /apis" 200 "$(kc GET /apis)"
expect "apps group listed" True "$(j 'any(g["name"]=="apps" for g in d["groups"])')"
expect "GET /apis/apps/v1" 200 "$(kc GET /apis/apps/v1)"
expect "deployments shortName" '["deploy"]' "$(j '[r for r in d["resources"] if r["name"]=="deployments"][0]["shortNames"]')"
expect "GET /api/v1" 200 "$(kc GET /api/v1)"
expect "unknown path -> 404" 404 "$(kc GET /apis/nope/v1)"

# ---- create / get / list / errors ----
cm='{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"tier":"web","x":"1"}},"data":{"k":"v"}}'
expect "create configmap -> 201" 201 "$(kc POST $NS/configmaps -H 'Content-Type: application/json' -d "$cm")"
uid=$(j 'd["metadata"]["uid"]')
rv1=$(j 'd["metadata"]["resourceVersion"]')
[ -n "$uid" ] && [ -n "$rv1" ] && ok "uid and resourceVersion set" || fail "metadata"
expect "create again -> 409" 409 "$(kc POST $NS/configmaps -H 'Content-Type: application/json' -d "$cm")"
expect "AlreadyExists message" 'configmaps "a" already exists' "$(j 'd["message"]')"
kc POST $NS/configmaps -H 'Content-Type: application/json' \
  -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","labels":{"tier":"db"}}}' >/dev/null
kc POST $NS/configmaps -H 'Content-Type: application/json' \
  -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}' >/dev/null
expect "get -> 200" 200 "$(kc GET $NS/configmaps/a)"
expect "get data" v "$(j 'd["data"]["k"]')"
expect "get missing -> 404" 404 "$(kc GET $NS/configmaps/zzz)"
expect "NotFound wording" 'configmaps "zzz" not found' "$(j 'd["message"]')"
expect "NotFound reason" NotFound "$(j 'd["reason"]')"
expect "deployments.apps wording" 404 "$(kc GET /apis/apps/v1/namespaces/default/deployments/x)"
expect "deployments.apps message" 'deployments.apps "x" not found' "$(j 'd["message"]')"
expect "missing namespace -> 404" 404 "$(kc POST /api/v1/namespaces/nope/configmaps -H 'Content-Type: application/json' -d "$cm")"
expect "namespace NotFound message" 'namespaces "nope" not found' "$(j 'd["message"]')"
names() { j '",".join(sorted(i["metadata"]["name"] for i in d["items"]))'; }
kc GET "$NS/configmaps" >/dev/null
expect "list kind" ConfigMapList "$(j 'd["kind"]')"
expect "list rv" True "$(j 'int(d["metadata"]["resourceVersion"]) >= '"$rv1")"
kc GET "$NS/configmaps" -G --data-urlencode 'labelSelector=tier=web' >/dev/null; expect "selector =" a "$(names)"
kc GET "$NS/configmaps" -G --data-urlencode 'labelSelector=tier==db' >/dev/null; expect "selector ==" b "$(names)"
kc GET "$NS/configmaps" -G --data-urlencode 'labelSelector=tier!=web' >/dev/null; expect "selector !=" b,c "$(names)"
kc GET "$NS/configmaps" -G --data-urlencode 'labelSelector=tier in (web,db)' >/dev/null; expect "selector in" a,b "$(names)"
kc GET "$NS/configmaps" -G --data-urlencode 'labelSelector=tier notin (web)' >/dev/null; expect "selector notin" b,c "$(names)"
kc GET "$NS/configmaps" -G --data-urlencode 'labelSelector=tier' >/dev/null; expect "selector exists" a,b "$(names)"
kc GET "$NS/configmaps" -G --data-urlencode 'labelSelector=!tier' >/dev/null; expect "selector !key" c "$(names)"
kc GET "$NS/configmaps" -G --data-urlencode 'labelSelector=tier=web,x=1' >/dev/null; expect "selector and" a "$(names)"
kc GET "$NS/configmaps" -G --data-urlencode 'fieldSelector=metadata.name=b' >/dev/null; expect "field selector" b "$(names)"
kc GET "/api/v1/configmaps" -G --data-urlencode 'labelSelector=tier' >/dev/null; expect "all-namespace list" a,b "$(names)"

kc GET "$NS/configmaps?limit=2" >/dev/null
expect "limit=2 gives a page of 2" 2 "$(j 'len(d["items"])')"
tok=$(j 'd["metadata"].get("continue","")')
[ -n "$tok" ] && ok "continue token" || fail "no continue token"
kc GET "$NS/configmaps?limit=2&continue=$tok" >/dev/null
expect "second page" True "$(j 'len(d["items"]) >= 1')"

# ---- optimistic concurrency ----
kc GET $NS/configmaps/a >/dev/null
cur=$(body)
stale=$(echo "$cur" | python3 -c 'import json,sys; d=json.load(sys.stdin); d["metadata"]["resourceVersion"]="1"; d["data"]["k"]="w"; print(json.dumps(d))')
expect "PUT stale rv -> 409" 409 "$(kc PUT $NS/configmaps/a -H 'Content-Type: application/json' -d "$stale")"
expect "Conflict reason" Conflict "$(j 'd["reason"]')"
expect "Conflict wording" True "$(j '"the object has been modified" in d["message"]')"
fresh=$(echo "$cur" | python3 -c 'import json,sys; d=json.load(sys.stdin); d["data"]["k"]="w"; print(json.dumps(d))')
expect "PUT current rv -> 200" 200 "$(kc PUT $NS/configmaps/a -H 'Content-Type: application/json' -d "$fresh")"
expect "PUT applied" w "$(j 'd["data"]["k"]')"
expect "rv grew" True "$(j 'int(d["metadata"]["resourceVersion"]) > '"$rv1")"
expect "merge patch with stale rv -> 409" 409 "$(kc PATCH $NS/configmaps/a -H 'Content-Type: application/merge-patch+json' -d '{"metadata":{"resourceVersion":"1"},"data":{"k":"z"}}')"

# ---- patches ----
expect "merge patch" 200 "$(kc PATCH $NS/configmaps/a -H 'Content-Type: application/merge-patch+json' -d '{"data":{"k2":"v2","k":null}}')"
expect "merge patch result" '{"k2": "v2"}' "$(j 'd["data"]')"
expect "json patch" 200 "$(kc PATCH $NS/configmaps/a -H 'Content-Type: application/json-patch+json' -d '[{"op":"add","path":"/data/k3","value":"v3"},{"op":"remove","path":"/data/k2"}]')"
expect "json patch result" '{"k3": "v3"}' "$(j 'd["data"]')"
expect "strategic patch" 200 "$(kc PATCH $NS/configmaps/a -H 'Content-Type: application/strategic-merge-patch+json' -d '{"data":{"k4":"v4"}}')"
expect "strategic patch result" v4 "$(j 'd["data"]["k4"]')"
expect "patch missing -> 404" 404 "$(kc PATCH $NS/configmaps/nope -H 'Content-Type: application/merge-patch+json' -d '{}')"

# ---- dry run, secrets, table ----
expect "dryRun create -> 201" 201 "$(kc POST "$NS/configmaps?dryRun=All" -H 'Content-Type: application/json' -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"}}')"
expect "dryRun stored nothing" 404 "$(kc GET $NS/configmaps/dry)"
expect "secret with stringData" 201 "$(kc POST $NS/secrets -H 'Content-Type: application/json' -d '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"pw":"hunter2"},"data":{"a":"YQ=="}}')"
expect "stringData merged into base64 data" '{"a": "YQ==", "pw": "aHVudGVyMg=="}' "$(j 'dict(sorted(d["data"].items()))')"
expect "secret type defaulted" Opaque "$(j 'd["type"]')"
expect "table list" 200 "$(kc GET $NS/configmaps -H 'Accept: application/json;as=Table;v=v1;g=meta.k8s.io')"
expect "table kind" Table "$(j 'd["kind"]')"
expect "table columns" Name,Data,Age "$(j '",".join(c["name"] for c in d["columnDefinitions"])')"

# ---- validation the real API does ----
big=$(head -c 1100000 /dev/zero | tr '\0' 'a')
printf '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"k":"%s"}}' "$big" >"$KS_TMP/big.json"
expect "ConfigMap over 1 MiB -> 422" 422 "$(kc POST $NS/configmaps -H 'Content-Type: application/json' --data-binary @"$KS_TMP/big.json")"
expect "size limit wording" 'ConfigMap "big" is invalid: []: Too long: must have at most 1048576 bytes' "$(j 'd["message"]')"
badsel='{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"bad"},"spec":{"selector":{"matchLabels":{"app":"x"}},
"template":{"metadata":{"labels":{"app":"y"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}'
expect "selector not matching labels -> 422" 422 "$(kc POST /apis/apps/v1/namespaces/default/deployments -H 'Content-Type: application/json' -d "$badsel")"
expect "selector wording" True "$(j '"`selector` does not match template `labels`" in d["message"]')"

# ---- watch ----
kc GET $NS/configmaps >/dev/null
wrv=$(j 'd["metadata"]["resourceVersion"]')
curl -sS -N --max-time 15 --cacert "$KS_DATA/ca.crt" --cert "$KS_DATA/client.crt" --key "$KS_DATA/client.key" \
  "$KS_SERVER$NS/configmaps?watch=1&resourceVersion=$wrv&timeoutSeconds=4" >"$KS_TMP/watch" 2>"$KS_TMP/watch.err" &
wpid=$!
curl -sS -N --max-time 15 --cacert "$KS_DATA/ca.crt" --cert "$KS_DATA/client.crt" --key "$KS_DATA/client.key" \
  "$KS_SERVER$NS/configmaps?watch=true&labelSelector=w%3Dyes&timeoutSeconds=4" >"$KS_TMP/watch2" 2>/dev/null &
wpid2=$!
sleep 0.5
kc POST $NS/configmaps -H 'Content-Type: application/json' -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"w","labels":{"w":"yes"}}}' >/dev/null
kc PATCH $NS/configmaps/w -H 'Content-Type: application/merge-patch+json' -d '{"data":{"a":"b"}}' >/dev/null
kc DELETE $NS/configmaps/w >/dev/null
wait $wpid; wait $wpid2
types=$(python3 -c 'import json,sys
print(",".join(json.loads(l)["type"]+":"+json.loads(l)["object"]["metadata"]["name"] for l in open(sys.argv[1]) if l.strip()))' "$KS_TMP/watch")
expect "watch events after rv" "ADDED:w,MODIFIED:w,DELETED:w" "$types"
types2=$(python3 -c 'import json,sys
print(",".join(json.loads(l)["type"] for l in open(sys.argv[1]) if l.strip()))' "$KS_TMP/watch2")
expect "watch with selector, initial list" "ADDED,MODIFIED,DELETED" "$types2"
curl -sS -N --max-time 10 --cacert "$KS_DATA/ca.crt" --cert "$KS_DATA/client.crt" --key "$KS_DATA/client.key" \
  "$KS_SERVER$NS/configmaps?watch=1&timeoutSeconds=1" >"$KS_TMP/watch3"
expect "watch without rv starts with ADDED for existing" True "$(python3 -c 'import json,sys
ls=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]; print(len(ls)>=3 and all(e["type"]=="ADDED" for e in ls))' "$KS_TMP/watch3")"

# ---- delete, deletecollection ----
expect "delete -> 200" 200 "$(kc DELETE $NS/configmaps/c)"
expect "deleted is gone" 404 "$(kc GET $NS/configmaps/c)"
expect "deletecollection" 200 "$(kc DELETE "$NS/configmaps?labelSelector=tier")"
kc GET $NS/configmaps >/dev/null
expect "deletecollection removed labelled" "" "$(j '",".join(sorted(i["metadata"]["name"] for i in d["items"] if "tier" in i["metadata"].get("labels",{})))')"

# ---- namespaces ----
expect "create namespace" 201 "$(kc POST /api/v1/namespaces -H 'Content-Type: application/json' -d '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}}')"
expect "object in new namespace" 201 "$(kc POST /api/v1/namespaces/team/configmaps -H 'Content-Type: application/json' -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}')"
expect "delete namespace" 200 "$(kc DELETE /api/v1/namespaces/team)"
expect "namespace contents gone" 404 "$(kc GET /api/v1/namespaces/team/configmaps/x)"

# ---- server-side apply ----
ssa() { kc PATCH "$NS/configmaps/ssa?fieldManager=$1${2:+&$2}" -H 'Content-Type: application/apply-patch+yaml' --data-binary @-; }
expect "SSA create -> 201" 201 "$(ssa alice <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: ssa
  labels:
    one: "1"
    two: "2"
data:
  a: "1"
  b: "2"
EOF
)"
expect "SSA managedFields manager" alice "$(j 'd["metadata"]["managedFields"][0]["manager"]')"
expect "SSA managedFields operation" Apply "$(j 'd["metadata"]["managedFields"][0]["operation"]')"
expect "SSA fieldsV1" True "$(j '"f:b" in d["metadata"]["managedFields"][0]["fieldsV1"]["f:data"]')"
ssarv=$(j 'd["metadata"]["resourceVersion"]')
expect "SSA re-apply identical -> 200" 200 "$(ssa alice <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: ssa
  labels:
    one: "1"
    two: "2"
data:
  a: "1"
  b: "2"
EOF
)"
expect "SSA no-op keeps rv" "$ssarv" "$(j 'd["metadata"]["resourceVersion"]')"
expect "SSA re-apply smaller -> 200" 200 "$(ssa alice <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: ssa
  labels:
    one: "1"
data:
  a: "1"
EOF
)"
expect "SSA removed dropped data field" '{"a": "1"}' "$(j 'd["data"]')"
expect "SSA removed dropped label" '{"one": "1"}' "$(j 'd["metadata"]["labels"]')"
expect "SSA conflict -> 409" 409 "$(ssa bob <<'EOF'
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa"},"data":{"a":"other"}}
EOF
)"
expect "SSA conflict message" 'Apply failed with 1 conflict: conflict with "alice" using v1: .data.a' "$(j 'd["message"]')"
expect "SSA conflict cause" FieldManagerConflict "$(j 'd["details"]["causes"][0]["reason"]')"
expect "SSA same value shares, no conflict" 200 "$(ssa bob <<'EOF'
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa"},"data":{"a":"1","c":"3"}}
EOF
)"
expect "SSA force -> 200" 200 "$(ssa carol force=true <<'EOF'
{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa"},"data":{"a":"forced"}}
EOF
)"
expect "SSA force took value" forced "$(j 'd["data"]["a"]')"
expect "SSA force moved ownership" False "$(j 'any("f:a" in e["fieldsV1"].get("f:data",{}) for e in d["metadata"]["managedFields"] if e["manager"]=="alice")')"
expect "SSA without fieldManager -> 400" 400 "$(kc PATCH "$NS/configmaps/ssa" -H 'Content-Type: application/apply-patch+yaml' -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa"}}')"
expect "SSA dryRun" 201 "$(kc PATCH "$NS/configmaps/ssa-dry?fieldManager=x&dryRun=All" -H 'Content-Type: application/apply-patch+yaml' -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa-dry"}}')"
expect "SSA dryRun stored nothing" 404 "$(kc GET $NS/configmaps/ssa-dry)"

# ---- CRDs ----
crd='{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
"spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
"versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}'
expect "create CRD" 201 "$(kc POST /apis/apiextensions.k8s.io/v1/customresourcedefinitions -H 'Content-Type: application/json' -d "$crd")"
expect "CRD Established" True "$(j '[c["status"] for c in d["status"]["conditions"] if c["type"]=="Established"][0]')"
expect "CRD group discovered" 200 "$(kc GET /apis/example.com/v1)"
expect "CRD resource listed" Widget "$(j '[r["kind"] for r in d["resources"] if r["name"]=="widgets"][0]')"
kc GET /apis >/dev/null
expect "CRD group in /apis" True "$(j 'any(g["name"]=="example.com" for g in d["groups"])')"
expect "create custom resource" 201 "$(kc POST /apis/example.com/v1/namespaces/default/widgets -H 'Content-Type: application/json' -d '{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"},"spec":{"size":3}}')"
expect "list custom resources" WidgetList "$(kc GET /apis/example.com/v1/namespaces/default/widgets >/dev/null; j 'd["kind"]')"

# ---- controllers: deployment rollout, cascade delete ----
dep='{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}'
expect "create deployment" 201 "$(kc POST /apis/apps/v1/namespaces/default/deployments -H 'Content-Type: application/json' -d "$dep")"
avail() { kc GET /apis/apps/v1/namespaces/default/deployments/web >/dev/null; [ "$(j 'd.get("status",{}).get("availableReplicas",0)')" = 2 ]; }
wait_for 20 avail && ok "deployment became available" || fail "deployment not available"
expect "Progressing NewReplicaSetAvailable" NewReplicaSetAvailable "$(j '[c["reason"] for c in d["status"]["conditions"] if c["type"]=="Progressing"][0]')"
kc GET "$NS/pods?labelSelector=app%3Dweb" >/dev/null
expect "two pods" 2 "$(j 'len(d["items"])')"
expect "pods Running" Running,Running "$(j '",".join(p["status"]["phase"] for p in d["items"])')"
expect "cascade delete" 200 "$(kc DELETE /apis/apps/v1/namespaces/default/deployments/web -H 'Content-Type: application/json' -d '{"propagationPolicy":"Background"}')"
kc GET "/apis/apps/v1/namespaces/default/replicasets" >/dev/null
expect "replicasets gone" 0 "$(j 'len(d["items"])')"
kc GET "$NS/pods" >/dev/null
expect "pods gone" 0 "$(j 'len(d["items"])')"

# ---- faults (admin endpoint is never faulted) ----
expect "faults: error rate 1" 200 "$(kc POST /kubesim/faults -d '{"errorRate":1}')"
code=$(kc GET $NS/configmaps)
case "$code" in 500|503|429) ok "faulted request -> $code";; *) fail "faulted request got $code";; esac
expect "admin endpoint still answers" 200 "$(kc GET /kubesim/faults)"
expect "faults reset" 200 "$(kc POST /kubesim/faults -d '{"reset":true}')"
expect "requests healthy again" 200 "$(kc GET $NS/configmaps)"
kc POST /kubesim/faults -d '{"conflictRate":1}' >/dev/null
expect "conflict storm -> 409" 409 "$(kc PATCH $NS/configmaps/ssa -H 'Content-Type: application/merge-patch+json' -d '{"data":{"q":"1"}}')"
kc POST /kubesim/faults -d '{"conflictRate":0,"dropRate":1}' >/dev/null
curl -sS --max-time 10 --cacert "$KS_DATA/ca.crt" --cert "$KS_DATA/client.crt" --key "$KS_DATA/client.key" "$KS_SERVER/api" >/dev/null 2>&1
rc=$?
[ "$rc" -ne 0 ] && ok "dropped connection (curl rc $rc)" || fail "drop rate 1 still answered"
kc POST /kubesim/faults -d '{"dropRate":0,"latency":"300ms"}' >/dev/null
t0=$(date +%s%N); kc GET /api >/dev/null; t1=$(date +%s%N)
[ $(( (t1 - t0) / 1000000 )) -ge 280 ] && ok "latency injected" || fail "latency not injected"
kc POST /kubesim/faults -d '{"reset":true}' >/dev/null

# ---- restart keeps state and the resourceVersion counter ----
kc GET $NS/configmaps/ssa >/dev/null
before_rv=$(j 'd["metadata"]["resourceVersion"]')
before_uid=$(j 'd["metadata"]["uid"]')
ks_stop && ok "SIGTERM exits 0" || fail "SIGTERM exit status"
[ -s "$KS_DATA/state.json" ] && ok "state saved" || fail "no state.json"
ks_start --pod-ready-delay 300ms --tick 50ms || exit 1
expect "object survives restart" 200 "$(kc GET $NS/configmaps/ssa)"
expect "uid survives" "$before_uid" "$(j 'd["metadata"]["uid"]')"
expect "rv survives" "$before_rv" "$(j 'd["metadata"]["resourceVersion"]')"
expect "CRD resource survives" 200 "$(kc GET /apis/example.com/v1/namespaces/default/widgets/w1)"
kc POST $NS/configmaps -H 'Content-Type: application/json' -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"after"}}' >/dev/null
expect "rv counter continues" True "$(j 'int(d["metadata"]["resourceVersion"]) > '"$before_rv")"

curl -sS -N --max-time 10 --cacert "$KS_DATA/ca.crt" --cert "$KS_DATA/client.crt" --key "$KS_DATA/client.key" \
  "$KS_SERVER$NS/configmaps?watch=1&resourceVersion=2&timeoutSeconds=2" >"$KS_TMP/out"
expect "watch from a resourceVersion older than the log -> 410 ERROR event" "ERROR 410 Expired" "$(j 'd["type"]+" "+str(d["object"]["code"])+" "+d["object"]["reason"]')"

# ---- command line ----
"$KUBESIM" --help >"$KS_TMP/help" 2>&1 && grep -q -- "--fault-conflict-rate" "$KS_TMP/help" && grep -q "/kubesim/faults" "$KS_TMP/help" &&
  ok "--help documents flags and admin endpoint" || fail "--help"
"$KUBESIM" serve --listen 0.0.0.0:0 --data-dir "$KS_TMP/other" >"$KS_TMP/out" 2>&1
expect "non-loopback --listen refused (exit 2)" 2 "$?"
"$KUBESIM" serve --listen 127.0.0.1:0 --data-dir "$KS_TMP/other" --fault-error-rate 2 >"$KS_TMP/out" 2>&1
expect "bad rate refused (exit 2)" 2 "$?"

ks_summary
