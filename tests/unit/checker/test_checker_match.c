/* test_checker_match.c — the service checker's matcher: "/regex/" and prefix strings, JSON
 * bodies as nested subsets (maps, lists, the one-element list rule), status and headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/codec.h"
#include "checker/checker.h"

static ct_arena *A;

static ct_value *yaml(const char *src) {
  ct_value *v = NULL;
  ct_buf err = CT_BUF_INIT;
  int rc = ct_yaml_parse_any(&v, A, src, strlen(src), &err);
  if (rc) fail_msg("yaml: %s", ct_buf_str(&err));
  ct_buf_dispose(&err);
  return v;
}

static ct_value *json(const char *src) {
  ct_value *v = NULL;
  ct_buf err = CT_BUF_INIT;
  int rc = ct_json_parse(&v, A, src, strlen(src), &err);
  if (rc) fail_msg("json: %s", ct_buf_str(&err));
  ct_buf_dispose(&err);
  return v;
}

static bool text(const char *want, const char *got) { return ct_checker_match_text(want, got, strlen(got), NULL); }

static void strings(void **state) {
  (void)state;
  assert_true(text("pong", "pong"));
  assert_true(text("pong", "pong and more")); /* service-checker: equal or starts with */
  assert_false(text("pong", "ping"));
  assert_false(text("pong", "pon"));
  assert_true(text("/^\\d+ items$/", "42 items"));
  assert_false(text("/^\\d+ items$/", "many items"));
  assert_true(text("/ite/", "42 items")); /* a search, not a full match */
  assert_true(text("//a.c//", "xabcx"));  /* every slash at both ends is stripped */
  assert_true(text("/", "anything"));     /* "/" is the empty regex */
  assert_true(text("", "anything"));      /* the empty prefix */
  assert_true(text("/caf\u00e9/", "un caf\u00e9"));
  assert_true(text("/^a/", "a\xff\xfe")); /* invalid UTF-8 in the answer is no error */
  ct_buf why = CT_BUF_INIT;
  assert_false(ct_checker_match_text("/a(b/", "ab", 2, &why));
  assert_non_null(strstr(ct_buf_str(&why), "bad regex /a(b/"));
  ct_buf_dispose(&why);
}

static void scalars(void **state) {
  (void)state;
  ct_buf b = CT_BUF_INIT;
  ct_checker_scalar_text(json("3"), &b);
  assert_string_equal(ct_buf_str(&b), "3");
  ct_buf_reset(&b);
  ct_checker_scalar_text(json("2.5"), &b);
  assert_string_equal(ct_buf_str(&b), "2.5");
  ct_buf_reset(&b);
  ct_checker_scalar_text(json("true"), &b);
  assert_string_equal(ct_buf_str(&b), "true");
  ct_buf_reset(&b);
  ct_checker_scalar_text(NULL, &b);
  assert_string_equal(ct_buf_str(&b), "");
  ct_buf_dispose(&b);
}

static ct_checker_status body(const char *model_yaml, const char *data_json, ct_buf *why) {
  return ct_checker_match_body(yaml(model_yaml), json(data_json), why);
}

static void bodies(void **state) {
  (void)state;
  ct_buf why = CT_BUF_INIT;
  /* subset semantics: extra keys in the answer are fine */
  assert_int_equal(body("name: web\n", "{\"name\":\"web\",\"extra\":1}", &why), CT_CHECKER_OK);
  assert_int_equal(body("count: /^\\d+$/\n", "{\"count\":12}", &why), CT_CHECKER_OK);
  assert_int_equal(body("count: 12\n", "{\"count\":12}", &why), CT_CHECKER_OK);
  assert_int_equal(body("ok: true\n", "{\"ok\":true}", &why), CT_CHECKER_OK);
  assert_int_equal(body("a: {b: {c: /x/}}\n", "{\"a\":{\"b\":{\"c\":\"yxz\",\"d\":0}}}", &why), CT_CHECKER_OK);
  assert_int_equal(body("a: null\n", "{\"a\":[1,2]}", &why), CT_CHECKER_OK); /* null model: anything */
  assert_int_equal(why.len, 0);
  /* nested mismatch names the path */
  assert_int_equal(body("a: {b: {c: /^z/}}\n", "{\"a\":{\"b\":{\"c\":\"yxz\"}}}", &why), CT_CHECKER_WARNING);
  assert_non_null(strstr(ct_buf_str(&why), "at /a/b/c: got \"yxz\", want \"/^z/\""));
  ct_buf_reset(&why);
  /* missing keys */
  assert_int_equal(body("a: 1\nb: 2\n", "{\"a\":1}", &why), CT_CHECKER_WARNING);
  assert_non_null(strstr(ct_buf_str(&why), "missing keys: b"));
  ct_buf_reset(&why);
  /* type mismatch */
  assert_int_equal(body("a: {b: 1}\n", "{\"a\":[1]}", &why), CT_CHECKER_WARNING);
  assert_non_null(strstr(ct_buf_str(&why), "at /a: expected an object, got array"));
  ct_buf_reset(&why);
  ct_buf_dispose(&why);
}

static void lists(void **state) {
  (void)state;
  ct_buf why = CT_BUF_INIT;
  /* element by element */
  assert_int_equal(body("items: [a, /^b/]\n", "{\"items\":[\"a\",\"bee\"]}", &why), CT_CHECKER_OK);
  assert_int_equal(body("items: [a, /^b/]\n", "{\"items\":[\"a\",\"see\"]}", &why), CT_CHECKER_WARNING);
  assert_non_null(strstr(ct_buf_str(&why), "at /items[1]"));
  ct_buf_reset(&why);
  /* a one-element model list applies to every element of a longer answer */
  assert_int_equal(body("- {id: /^\\d+$/}\n", "[{\"id\":1},{\"id\":2},{\"id\":3}]", &why), CT_CHECKER_OK);
  assert_int_equal(body("- {id: /^\\d+$/}\n", "[{\"id\":1},{\"id\":\"x\"}]", &why), CT_CHECKER_WARNING);
  assert_non_null(strstr(ct_buf_str(&why), "at [1]/id"));
  ct_buf_reset(&why);
  /* otherwise the lengths must agree */
  assert_int_equal(body("[a, b]\n", "[\"a\"]", &why), CT_CHECKER_WARNING);
  assert_non_null(strstr(ct_buf_str(&why), "expected 2 array elements, got 1"));
  ct_buf_reset(&why);
  assert_int_equal(body("[a]\n", "[]", &why), CT_CHECKER_WARNING);
  ct_buf_reset(&why);
  assert_int_equal(body("items: [a]\n", "{\"items\":\"a\"}", &why), CT_CHECKER_WARNING);
  assert_non_null(strstr(ct_buf_str(&why), "expected an array, got string"));
  ct_buf_dispose(&why);
}

static ct_checker_status respond(const char *expect_yaml, long status, const char *headers, const char *b, ct_buf *why) {
  ct_checker_response r = {.status = status, .headers = headers, .body = b, .body_len = strlen(b)};
  ct_buf_reset(why);
  return ct_checker_check_response(yaml(expect_yaml), &r, why);
}

static void responses(void **state) {
  (void)state;
  ct_buf why = CT_BUF_INIT;
  const char *hs = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nX-Id: 1\r\nx-id: 2\r\n\r\n";
  assert_int_equal(respond("status: 200\n", 200, hs, "", &why), CT_CHECKER_OK);
  assert_int_equal(respond("{}\n", 200, hs, "", &why), CT_CHECKER_OK); /* default status 200 */
  assert_int_equal(respond("status: 201\n", 200, hs, "", &why), CT_CHECKER_CRITICAL);
  assert_string_equal(ct_buf_str(&why), "returned the unexpected status 200 (expecting: 201)");
  /* headers: prefix or regex, case-insensitive names, repeats joined */
  assert_int_equal(respond("headers: {content-type: application/json}\n", 200, hs, "", &why), CT_CHECKER_OK);
  assert_int_equal(respond("headers: {X-ID: '/^1, 2$/'}\n", 200, hs, "", &why), CT_CHECKER_OK);
  assert_int_equal(respond("headers: {content-type: text/html}\n", 200, hs, "", &why), CT_CHECKER_CRITICAL);
  assert_non_null(strstr(ct_buf_str(&why), "unexpected value for header content-type"));
  assert_int_equal(respond("headers: {etag: /./}\n", 200, hs, "", &why), CT_CHECKER_CRITICAL);
  assert_non_null(strstr(ct_buf_str(&why), "missing header etag"));
  /* bodies: text (prefix/regex) and JSON */
  assert_int_equal(respond("body: pong\n", 200, hs, "pong\n", &why), CT_CHECKER_OK);
  assert_int_equal(respond("body: /^po/\n", 200, hs, "pong", &why), CT_CHECKER_OK);
  assert_int_equal(respond("body: ping\n", 200, hs, "pong", &why), CT_CHECKER_WARNING);
  assert_non_null(strstr(ct_buf_str(&why), "unexpected body: \"pong\" (want \"ping\")"));
  assert_int_equal(respond("body: {a: 1}\n", 200, hs, "{\"a\":1}", &why), CT_CHECKER_OK);
  assert_int_equal(respond("body: {a: 2}\n", 200, hs, "{\"a\":1}", &why), CT_CHECKER_WARNING);
  assert_int_equal(respond("body: {a: 1}\n", 200, hs, "<html>", &why), CT_CHECKER_CRITICAL);
  assert_non_null(strstr(ct_buf_str(&why), "malformed JSON body"));
  /* the status is checked first */
  assert_int_equal(respond("status: 200\nbody: {a: 1}\n", 503, hs, "<html>", &why), CT_CHECKER_CRITICAL);
  assert_non_null(strstr(ct_buf_str(&why), "unexpected status 503"));
  ct_buf out = CT_BUF_INIT;
  assert_false(ct_checker_header(hs, "etag", &out));
  assert_true(ct_checker_header(hs, "X-Id", &out));
  assert_string_equal(ct_buf_str(&out), "1, 2");
  ct_buf_dispose(&out);
  ct_buf_dispose(&why);
}

static int setup(void **state) {
  (void)state;
  A = ct_arena_new();
  return 0;
}
static int teardown(void **state) {
  (void)state;
  ct_arena_free(A);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(strings), cmocka_unit_test(scalars), cmocka_unit_test(bodies),
      cmocka_unit_test(lists),   cmocka_unit_test(responses),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
