/* kubesim unit tests (cmocka) for ks_proto.c: protobuf request bodies (as client-go's typed
 * clients send them) decode to the JSON objects a JSON client would send; bad bodies are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ks.h"

ks_config ks_cfg;

/* a tiny protobuf writer for building test bodies */
typedef struct w {
  unsigned char *p;
  size_t n, cap;
} w;

static void put(w *b, const void *d, size_t n) {
  if (b->n + n > b->cap) {
    b->cap = (b->n + n) * 2 + 16;
    b->p = realloc(b->p, b->cap);
    assert_non_null(b->p);
  }
  memcpy(b->p + b->n, d, n);
  b->n += n;
}
static void varint(w *b, uint64_t v) {
  do {
    unsigned char c = v & 0x7f;
    v >>= 7;
    if (v) c |= 0x80;
    put(b, &c, 1);
  } while (v);
}
static void tag(w *b, unsigned num, unsigned wt) { varint(b, (uint64_t)num << 3 | wt); }
static void bytes(w *b, unsigned num, const void *d, size_t n) {
  tag(b, num, 2);
  varint(b, n);
  put(b, d, n);
}
static void str(w *b, unsigned num, const char *s) { bytes(b, num, s, strlen(s)); }
static void sub(w *b, unsigned num, w *m) { /* appends and frees m */
  bytes(b, num, m->p ? m->p : (unsigned char *)"", m->n);
  free(m->p);
  *m = (w){0};
}
static void vfield(w *b, unsigned num, uint64_t v) {
  tag(b, num, 0);
  varint(b, v);
}
static void map_entry(w *b, unsigned num, const char *k, const void *v, size_t vn) {
  w e = {0};
  str(&e, 1, k);
  bytes(&e, 2, v, vn);
  sub(b, num, &e);
}

/* ObjectMeta the way the generated marshaller writes it: every string, generation, an empty
 * creationTimestamp for the zero time */
static void meta(w *b, const char *name, const char *ns) {
  w m = {0}, t = {0};
  str(&m, 1, name);
  str(&m, 2, "");
  str(&m, 3, ns);
  str(&m, 4, "");
  str(&m, 5, "");
  str(&m, 6, "");
  vfield(&m, 7, 0);
  sub(&m, 8, &t);
  map_entry(&m, 11, "owner", "helm", 4);
  map_entry(&m, 11, "name", name, strlen(name));
  sub(b, 1, &m);
}

/* k8s\0 + runtime.Unknown{typeMeta, raw, contentEncoding "", contentType ""} */
static w envelope(const char *api_version, const char *kind, w *raw) {
  w out = {0}, tm = {0}, u = {0};
  put(&out, "k8s\0", 4);
  str(&tm, 1, api_version);
  str(&tm, 2, kind);
  sub(&u, 1, &tm);
  sub(&u, 2, raw);
  str(&u, 3, "");
  str(&u, 4, "");
  put(&out, u.p, u.n);
  free(u.p);
  return out;
}

static json_t *decode(w *body, int *code) {
  char err[512];
  json_t *j = ks_proto_decode(body->p, body->n, code, err, sizeof err);
  if (!j) print_message("decode error %d: %s\n", *code, err);
  return j;
}

static void assert_json(json_t *got, const char *want_text) {
  json_error_t je;
  json_t *want = json_loads(want_text, 0, &je);
  if (!want) fail_msg("bad JSON in test: %s", je.text);
  if (!json_equal(got, want)) {
    char *g = json_dumps(got, JSON_SORT_KEYS);
    char *x = json_dumps(want, JSON_SORT_KEYS);
    fail_msg("got  %s\nwant %s", g, x);
  }
  json_decref(want);
}

static void test_secret(void **state) {
  (void)state;
  w s = {0};
  meta(&s, "sh.helm.release.v1.web.v1", "default");
  static const unsigned char bin[] = {0, 1, 0xfe, 0xff, 'x'};
  map_entry(&s, 2, "release", bin, sizeof bin);
  map_entry(&s, 2, "empty", "", 0);
  str(&s, 3, "helm.sh/release.v1");
  w body = envelope("v1", "Secret", &s);
  int code = 0;
  json_t *j = decode(&body, &code);
  assert_non_null(j);
  assert_int_equal(code, 200);
  assert_json(j, "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"sh.helm.release.v1.web.v1\","
                 "\"namespace\":\"default\",\"labels\":{\"owner\":\"helm\",\"name\":\"sh.helm.release.v1.web.v1\"}},"
                 "\"data\":{\"release\":\"AAH+/3g=\",\"empty\":\"\"},\"type\":\"helm.sh/release.v1\"}");
  json_decref(j);
  free(body.p);
}

static void test_configmap_and_presence(void **state) {
  (void)state;
  w c = {0};
  meta(&c, "cm", "apps");
  map_entry(&c, 2, "a", "1", 1);
  map_entry(&c, 2, "a", "2", 1); /* repeated key: last one wins, like Go's map decoding */
  map_entry(&c, 3, "bin", "hi", 2);
  vfield(&c, 4, 0); /* immutable is a *bool: false is kept */
  w body = envelope("v1", "ConfigMap", &c);
  int code;
  json_t *j = decode(&body, &code);
  assert_non_null(j);
  assert_json(j, "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"cm\",\"namespace\":\"apps\","
                 "\"labels\":{\"owner\":\"helm\",\"name\":\"cm\"}},\"data\":{\"a\":\"2\"},\"binaryData\":{\"bin\":\"aGk=\"},"
                 "\"immutable\":false}");
  json_decref(j);
  free(body.p);
}

static void test_namespace_times_owners(void **state) {
  (void)state;
  w n = {0}, m = {0}, t = {0}, o = {0}, mf = {0}, f1 = {0}, spec = {0}, st = {0};
  str(&m, 1, "team-a");
  vfield(&t, 1, 1700000000);
  vfield(&t, 2, 5);
  sub(&m, 8, &t);
  str(&o, 5, "v1");
  str(&o, 1, "ConfigMap");
  str(&o, 3, "owner");
  str(&o, 4, "u-1");
  vfield(&o, 6, 1);
  sub(&m, 13, &o);
  str(&m, 14, "kubernetes");
  str(&mf, 1, "helm");
  str(&mf, 2, "Update");
  str(&mf, 6, "FieldsV1");
  str(&f1, 1, "{\"f:metadata\":{}}");
  sub(&mf, 7, &f1);
  sub(&m, 17, &mf);
  sub(&n, 1, &m);
  sub(&n, 2, &spec);
  sub(&n, 3, &st);
  vfield(&n, 99, 7); /* unknown field: skipped */
  w body = envelope("v1", "Namespace", &n);
  int code;
  json_t *j = decode(&body, &code);
  assert_non_null(j);
  assert_json(j, "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"team-a\","
                 "\"creationTimestamp\":\"2023-11-14T22:13:20Z\",\"ownerReferences\":[{\"apiVersion\":\"v1\","
                 "\"kind\":\"ConfigMap\",\"name\":\"owner\",\"uid\":\"u-1\",\"controller\":true}],"
                 "\"finalizers\":[\"kubernetes\"],\"managedFields\":[{\"manager\":\"helm\",\"operation\":\"Update\","
                 "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":{}}}]},\"spec\":{},\"status\":{}}");
  json_decref(j);
  free(body.p);
}

static void test_delete_options(void **state) {
  (void)state;
  w d = {0}, pre = {0};
  vfield(&d, 1, 0); /* gracePeriodSeconds=0 means "now", so it must survive */
  str(&pre, 2, "42");
  sub(&d, 2, &pre);
  str(&d, 4, "Background");
  str(&d, 5, "All");
  w body = envelope("v1", "DeleteOptions", &d);
  int code;
  json_t *j = decode(&body, &code);
  assert_non_null(j);
  assert_json(j, "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0,"
                 "\"preconditions\":{\"resourceVersion\":\"42\"},\"propagationPolicy\":\"Background\","
                 "\"dryRun\":[\"All\"]}");
  json_decref(j);
  free(body.p);
}

static void test_unknown_kind_is_415(void **state) {
  (void)state;
  w d = {0};
  meta(&d, "web", "default");
  w body = envelope("apps/v1", "Deployment", &d);
  int code = 0;
  char err[512];
  assert_null(ks_proto_decode(body.p, body.n, &code, err, sizeof err));
  assert_int_equal(code, 415);
  assert_non_null(strstr(err, "Deployment"));
  assert_non_null(strstr(err, "apps/v1"));
  free(body.p);
}

static void test_malformed(void **state) {
  (void)state;
  int code = 0;
  char err[512];
  assert_null(ks_proto_decode("{\"kind\":1}", 10, &code, err, sizeof err));
  assert_int_equal(code, 400);
  assert_non_null(strstr(err, "k8s"));
  /* length running past the end */
  static const unsigned char bad[] = {'k', '8', 's', 0, 0x0a, 0x7f, 0x0a};
  assert_null(ks_proto_decode(bad, sizeof bad, &code, err, sizeof err));
  assert_int_equal(code, 400);
  /* no kind */
  w raw = {0};
  w body = envelope("v1", "", &raw);
  assert_null(ks_proto_decode(body.p, body.n, &code, err, sizeof err));
  assert_int_equal(code, 400);
  assert_non_null(strstr(err, "Kind"));
  free(body.p);
  /* every truncation of a valid Secret fails cleanly or decodes; never crashes */
  w s = {0};
  meta(&s, "x", "default");
  map_entry(&s, 2, "k", "v", 1);
  body = envelope("v1", "Secret", &s);
  for (size_t n = 0; n < body.n; n++) {
    json_t *j = ks_proto_decode(body.p, n, &code, err, sizeof err);
    if (j) json_decref(j);
    else assert_true(code == 400 || code == 415);
  }
  /* a string field sent as a varint is refused */
  w m = {0}, sec = {0};
  vfield(&m, 1, 5);
  sub(&sec, 1, &m);
  free(body.p);
  body = envelope("v1", "Secret", &sec);
  assert_null(ks_proto_decode(body.p, body.n, &code, err, sizeof err));
  assert_int_equal(code, 400);
  assert_non_null(strstr(err, "name"));
  free(body.p);
}

static void test_detection(void **state) {
  (void)state;
  assert_true(ks_proto_is("application/vnd.kubernetes.protobuf", "x", 1));
  assert_true(ks_proto_is(NULL, "k8s\0rest", 8));
  assert_false(ks_proto_is("application/json", "{}", 2));
  assert_false(ks_proto_is(NULL, "k8", 2));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_secret),          cmocka_unit_test(test_configmap_and_presence),
      cmocka_unit_test(test_namespace_times_owners), cmocka_unit_test(test_delete_options),
      cmocka_unit_test(test_unknown_kind_is_415), cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_detection),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
