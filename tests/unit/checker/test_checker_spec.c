/* test_checker_spec.c — reading specs into examples (Swagger 2 and OpenAPI 3, JSON and YAML,
 * x-monitor, default GET examples, base paths) and building request paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "checker/checker.h"

static ct_arena *A;

static int parse(const char *src, ct_checker_spec *s, ct_buf *err) {
  ct_buf_reset(err);
  return ct_checker_spec_parse(s, A, src, strlen(src), err);
}

static const char *path_of(const ct_checker_spec *s, size_t i) {
  ct_buf b = CT_BUF_INIT;
  ct_checker_request_path(s, &s->items[i], &b);
  char *r = ct_arena_strdup(A, ct_buf_str(&b));
  ct_buf_dispose(&b);
  return r;
}

static const char *SWAGGER_YAML =
    "swagger: '2.0'\n"
    "basePath: /api/\n"
    "x-default-params:\n"
    "  domain: en.wikipedia.org\n"
    "x-default-query:\n"
    "  lang: en\n"
    "paths:\n"
    "  /{domain}/page/{title}{/rev}:\n"
    "    get:\n"
    "      x-amples:\n"
    "        - title: a page\n"
    "          request:\n"
    "            params: {title: Main Page, rev: 42}\n"
    "            query: {redirect: false, lang: de}\n"
    "          response: {status: 200}\n"
    "        - title: no revision\n"
    "          request:\n"
    "            params: {title: 'a/b'}\n"
    "          response: {status: 200}\n"
    "    post:\n"
    "      x-amples:\n"
    "        - title: store\n"
    "          request: {body: {x: 1}}\n"
    "          response: {status: 201}\n"
    "  /health:\n"
    "    get: {summary: no examples}\n"
    "  /private:\n"
    "    get: {x-monitor: false}\n"
    "  /upload:\n"
    "    post: {summary: no default example for POST}\n"
    "  /items/{id}:\n"
    "    parameters:\n"
    "      - {name: id, in: path, default: 7}\n"
    "    get:\n"
    "      x-amples:\n"
    "        - request: {}\n"
    "          response: {status: 200}\n"
    "  /files/{+path}:\n"
    "    get:\n"
    "      x-amples:\n"
    "        - title: multi\n"
    "          request: {params: {path: [a, b c]}}\n";

static void swagger2(void **state) {
  (void)state;
  ct_checker_spec s;
  ct_buf err = CT_BUF_INIT;
  assert_int_equal(parse(SWAGGER_YAML, &s, &err), 0);
  assert_int_equal(s.n, 6);
  assert_int_equal(s.skipped, 1);
  assert_string_equal(s.items[0].title, "a page");
  assert_string_equal(s.items[0].method, "GET");
  assert_string_equal(s.items[0].path, "/api/{domain}/page/{title}{/rev}");
  /* params, x-default-params, quote_plus, the optional segment, query overlay */
  assert_string_equal(path_of(&s, 0), "/api/en.wikipedia.org/page/Main+Page/42?lang=de&redirect=false");
  assert_string_equal(path_of(&s, 1), "/api/en.wikipedia.org/page/a%2Fb?lang=en");
  assert_string_equal(s.items[2].method, "POST");
  assert_string_equal(s.items[2].title, "store");
  /* a GET without x-amples gets one example expecting 200 */
  assert_string_equal(s.items[3].path, "/api/health");
  assert_string_equal(s.items[3].title, "Untitled test");
  assert_null(s.items[3].response);
  /* declared default of a path parameter */
  assert_string_equal(path_of(&s, 4), "/api/items/7?lang=en");
  assert_string_equal(path_of(&s, 5), "/api/files/a/b+c?lang=en");
  ct_buf_dispose(&err);
}

static void openapi3_json(void **state) {
  (void)state;
  ct_checker_spec s;
  ct_buf err = CT_BUF_INIT;
  const char *src = "{\"openapi\":\"3.0.0\",\"servers\":[{\"url\":\"https://example.org/{v}/\",\"variables\":{\"v\":{\"default\":\"v1\"}}}],"
                    "\"paths\":{\"/ping\":{\"get\":{\"x-amples\":[{\"title\":\"ping\",\"response\":{\"status\":200,\"body\":\"pong\"}}]}},"
                    "\"/u/{id}\":{\"get\":{\"parameters\":[{\"name\":\"id\",\"in\":\"path\",\"schema\":{\"default\":\"me\"}}],"
                    "\"x-amples\":[{\"title\":\"user\"}]}}}}";
  assert_int_equal(parse(src, &s, &err), 0);
  assert_int_equal(s.n, 2);
  assert_string_equal(s.items[0].path, "/v1/ping");
  assert_string_equal(path_of(&s, 0), "/v1/ping");
  assert_string_equal(path_of(&s, 1), "/v1/u/me");
  ct_buf_dispose(&err);
}

static void bad_specs(void **state) {
  (void)state;
  ct_checker_spec s;
  ct_buf err = CT_BUF_INIT;
  assert_int_equal(parse("{\"openapi\": ", &s, &err), -1);
  assert_non_null(strstr(ct_buf_str(&err), "no valid spec found"));
  assert_int_equal(parse("- a\n- b\n", &s, &err), -1);
  assert_non_null(strstr(ct_buf_str(&err), "not an object"));
  assert_int_equal(parse("openapi: 3.0.0\ninfo: {}\n", &s, &err), -1);
  assert_non_null(strstr(ct_buf_str(&err), "no \"paths\""));
  assert_int_equal(parse("paths:\n  /a:\n    get:\n      x-amples: {title: x}\n", &s, &err), -1);
  assert_non_null(strstr(ct_buf_str(&err), "paths./a.get.x-amples: want a list"));
  assert_int_equal(parse("paths:\n  /a:\n    get:\n      x-amples: [3]\n", &s, &err), -1);
  assert_non_null(strstr(ct_buf_str(&err), "x-amples[0]"));
  /* nothing monitored is no error here (the run reports it) */
  assert_int_equal(parse("paths:\n  /a:\n    get: {x-monitor: false}\n", &s, &err), 0);
  assert_int_equal(s.n, 0);
  assert_int_equal(s.skipped, 1);
  ct_buf_dispose(&err);
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
  const struct CMUnitTest tests[] = {cmocka_unit_test(swagger2), cmocka_unit_test(openapi3_json), cmocka_unit_test(bad_specs)};
  return cmocka_run_group_tests(tests, setup, teardown);
}
