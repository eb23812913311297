/* test_sprintf.c — Go's fmt.Sprintf/Sprint/Sprintln for ct_value: verbs, flags, widths,
 * argument indexes and error forms, checked against strings helm 3.17.1 printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/gofmt.h"

typedef struct arg_spec {
  int type; /* 0 = nil */
  const char *text;
  size_t len;
} arg_spec;

typedef struct sprintf_case {
  const char *format;
  int nargs;
  arg_spec args[3];
  const char *expect;
} sprintf_case;

#include "test_sprintf_cases.h"

static ct_value *make_arg(ct_arena *a, const arg_spec *s) {
  switch (s->type) {
  case 0: return NULL;
  case CT_STRING: return ct_string(a, s->text, s->len);
  case CT_BOOL: return ct_bool(a, strcmp(s->text, "true") == 0);
  case CT_INT: return ct_int(a, CT_INT, strtoll(s->text, NULL, 10));
  case CT_FLOAT64: return ct_float(a, strtod(s->text, NULL));
  default: return NULL;
  }
}

static void table_cases(void **state) {
  (void)state;
  int failures = 0;
  for (size_t i = 0; i < sizeof sprintf_cases / sizeof sprintf_cases[0]; i++) {
    const sprintf_case *c = &sprintf_cases[i];
    ct_arena *a = ct_arena_new();
    ct_value *args[3];
    for (int k = 0; k < c->nargs; k++) args[k] = make_arg(a, &c->args[k]);
    ct_buf out = CT_BUF_INIT;
    ct_gofmt_sprintf(&out, c->format, strlen(c->format), args, (size_t)c->nargs);
    if (strcmp(ct_buf_str(&out), c->expect) != 0) {
      printf("case %zu: printf %s: got [%s] want [%s]\n", i, c->format, ct_buf_str(&out), c->expect);
      failures++;
    }
    ct_buf_dispose(&out);
    ct_arena_free(a);
  }
  assert_int_equal(failures, 0);
}

static char *fmt1(const char *format, ct_value *v) {
  ct_buf out = CT_BUF_INIT;
  ct_gofmt_sprintf(&out, format, strlen(format), &v, 1);
  return ct_buf_steal(&out);
}

#define CHECK1(fmt, v, want)                                                                \
  do {                                                                                      \
    char *got_ = fmt1(fmt, v);                                                              \
    assert_string_equal(got_, want);                                                        \
    free(got_);                                                                             \
  } while (0)

/* The values of the snippets' values.yaml, shaped as Helm reads them. */
static void containers(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *list = ct_list_new(a, CT_LIST, 0);
  ct_list_push(a, list, ct_cstring(a, "a"));
  ct_list_push(a, list, ct_cstring(a, "b"));
  ct_list_push(a, list, ct_cstring(a, "c"));
  CHECK1("%v", list, "[a b c]");
  CHECK1("%s", list, "[a b c]");
  CHECK1("%q", list, "[\"a\" \"b\" \"c\"]");
  CHECK1("%#v", list, "[]interface {}{\"a\", \"b\", \"c\"}");
  CHECK1("%d", list, "[%!d(string=a) %!d(string=b) %!d(string=c)]");
  CHECK1("%x", list, "[61 62 63]");

  ct_value *mixed = ct_list_new(a, CT_LIST, 0);
  ct_list_push(a, mixed, ct_float(a, 1));
  ct_list_push(a, mixed, ct_cstring(a, "two"));
  ct_list_push(a, mixed, ct_float(a, 3.5));
  ct_list_push(a, mixed, ct_bool(a, true));
  ct_list_push(a, mixed, NULL);
  ct_value *km = ct_map_new(a, CT_MAP, 0);
  ct_map_setc(a, km, "k", ct_cstring(a, "v"));
  ct_list_push(a, mixed, km);
  ct_value *inner = ct_list_new(a, CT_LIST, 0);
  ct_list_push(a, inner, ct_cstring(a, "x"));
  ct_list_push(a, inner, ct_bool(a, true));
  ct_list_push(a, mixed, inner);
  CHECK1("%v", mixed, "[1 two 3.5 true <nil> map[k:v] [x true]]");
  CHECK1("%#v", mixed,
         "[]interface {}{1, \"two\", 3.5, true, interface {}(nil), "
         "map[string]interface {}{\"k\":\"v\"}, []interface {}{\"x\", true}}");
  CHECK1("%d", mixed,
         "[%!d(float64=1) %!d(string=two) %!d(float64=3.5) %!d(bool=true) <nil> "
         "map[%!d(string=k):%!d(string=v)] [%!d(string=x) %!d(bool=true)]]");

  ct_value *m = ct_map_new(a, CT_MAP, 0);
  ct_map_setc(a, m, "zebra", ct_float(a, 1));
  ct_map_setc(a, m, "apple", ct_float(a, 2));
  ct_map_setc(a, m, "Mango", ct_float(a, 3));
  ct_map_setc(a, m, "banana", ct_float(a, 4));
  ct_map_setc(a, m, "10", ct_cstring(a, "ten"));
  ct_map_setc(a, m, "9", ct_cstring(a, "nine"));
  ct_map_setc(a, m, "_under", ct_cstring(a, "x"));
  CHECK1("%v", m, "map[10:ten 9:nine Mango:3 _under:x apple:2 banana:4 zebra:1]");
  CHECK1("%T", m, "map[string]interface {}");

  ct_value *img = ct_map_new(a, CT_MAP, 0);
  ct_map_setc(a, img, "repository", ct_cstring(a, "nginx"));
  ct_map_setc(a, img, "tag", ct_cstring(a, "1.25"));
  ct_map_setc(a, img, "pullPolicy", ct_cstring(a, "IfNotPresent"));
  CHECK1("%#v", img,
         "map[string]interface {}{\"pullPolicy\":\"IfNotPresent\", \"repository\":\"nginx\", "
         "\"tag\":\"1.25\"}");

  ct_value *sl = ct_list_new(a, CT_STRLIST, 0);
  ct_list_push(a, sl, ct_cstring(a, "a"));
  ct_list_push(a, sl, ct_cstring(a, "b"));
  CHECK1("%v", sl, "[a b]");
  CHECK1("%#v", sl, "[]string{\"a\", \"b\"}");
  CHECK1("%T", sl, "[]string");
  CHECK1("%5v", sl, "[    a     b]");

  ct_value *empty = ct_map_new(a, CT_MAP, 0);
  CHECK1("%v", empty, "map[]");
  CHECK1("%v", ct_list_new(a, CT_LIST, 0), "[]");

  ct_value *bytes = ct_bytes(a, "hi", 2);
  CHECK1("%v", bytes, "[104 105]");
  CHECK1("%s", bytes, "hi");
  CHECK1("%x", bytes, "6869");
  CHECK1("%#v", bytes, "[]byte{0x68, 0x69}");
  CHECK1("%o", bytes, "[150 151]");
  CHECK1("%T", bytes, "[]uint8");
  ct_arena_free(a);
}

static void floats_v(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  static const struct {
    double f;
    const char *want;
  } cases[] = {
      {1e6, "1e+06"},       {1.5, "1.5"},         {100000, "100000"},       {1e21, "1e+21"},
      {-0.0, "-0"},         {0.1, "0.1"},         {12345678901.0, "1.2345678901e+10"},
      {3.14159, "3.14159"}, {1e-5, "1e-05"},      {0.0001, "0.0001"},       {2.5e-300, "2.5e-300"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},               {5e-324, "5e-324"},
      {0.3, "0.3"},         {0.1 + 0.2, "0.30000000000000004"},            {123456, "123456"},
      {1234567, "1.234567e+06"}, {42, "42"}, {-42.5, "-42.5"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_buf out = CT_BUF_INIT;
    ct_gofmt_value(&out, ct_float(a, cases[i].f));
    assert_string_equal(ct_buf_str(&out), cases[i].want);
    ct_buf_dispose(&out);
  }
  ct_buf out = CT_BUF_INIT;
  ct_gofmt_value(&out, ct_float(a, INFINITY));
  ct_buf_putc(&out, ' ');
  ct_gofmt_value(&out, ct_float(a, -INFINITY));
  ct_buf_putc(&out, ' ');
  ct_gofmt_value(&out, ct_float(a, NAN));
  assert_string_equal(ct_buf_str(&out), "+Inf -Inf NaN");
  ct_buf_dispose(&out);
  ct_arena_free(a);
}

static void float_json(void **state) {
  (void)state;
  static const struct {
    double f;
    const char *want;
  } cases[] = {
      {1e6, "1000000"}, {1e21, "1e+21"}, {1e20, "100000000000000000000"}, {1e-7, "1e-7"},
      {0.000001, "0.000001"}, {1.5, "1.5"}, {-0.0, "-0"}, {123456789, "123456789"},
      {1.2345e-10, "1.2345e-10"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_buf out = CT_BUF_INIT;
    ct_gofmt_float_json(&out, cases[i].f);
    assert_string_equal(ct_buf_str(&out), cases[i].want);
    ct_buf_dispose(&out);
  }
}

static void sprint_spacing(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *args[] = {ct_cstring(a, "a"), ct_float(a, 1), ct_float(a, 2), ct_cstring(a, "b"),
                      NULL, ct_bool(a, true)};
  ct_buf out = CT_BUF_INIT;
  ct_gofmt_sprint(&out, args, 6);
  assert_string_equal(ct_buf_str(&out), "a1 2b<nil> true");
  ct_buf_reset(&out);
  ct_gofmt_sprintln(&out, args, 6);
  assert_string_equal(ct_buf_str(&out), "a 1 2 b <nil> true\n");
  ct_buf_reset(&out);
  ct_gofmt_sprint(&out, args, 0);
  assert_string_equal(ct_buf_str(&out), "");
  ct_buf_dispose(&out);
  ct_arena_free(a);
}

static void quote(void **state) {
  (void)state;
  ct_buf out = CT_BUF_INIT;
  const char s[] = "a\"b\\c\n\t\x01\x7f\xff日本\xe2\x80\xa8\xc2\xa0\xf0\x9f\x9a\x80";
  ct_gofmt_quote(&out, s, sizeof s - 1);
  assert_string_equal(ct_buf_str(&out),
                      "\"a\\\"b\\\\c\\n\\t\\x01\\x7f\\xff日本\\u2028\\u00a0🚀\"");
  ct_buf_reset(&out);
  ct_gofmt_quote(&out, "nul\0x", 5);
  assert_string_equal(ct_buf_str(&out), "\"nul\\x00x\"");
  ct_buf_dispose(&out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(table_cases), cmocka_unit_test(containers), cmocka_unit_test(floats_v),
      cmocka_unit_test(float_json),  cmocka_unit_test(sprint_spacing), cmocka_unit_test(quote),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
