/* test_strvals.c — --set/--set-string/--set-json/--set-file/--set-literal parsing, ported
 * from Helm's pkg/strvals tests plus the error texts helm prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/errors.h"
#include "chartctl/values.h"
#include "canon.h"

typedef struct scase {
  const char *in;
  const char *expect; /* NULL: error expected */
} scase;

static void run_cases(const scase *cs, size_t n, ct_strvals_mode mode) {
  for (size_t i = 0; i < n; i++) {
    ct_arena *a = ct_arena_new();
    ct_value *m = ct_map_new(a, CT_MAP, 0);
    int rc = ct_strvals_parse(m, a, cs[i].in, mode, NULL, NULL);
    if (!cs[i].expect) {
      if (rc == CT_OK) fail_msg("%s: expected an error, got %s", cs[i].in, canon(a, m));
    } else {
      if (rc != CT_OK) fail_msg("%s: %s", cs[i].in, ct_error_last());
      const char *got = canon(a, m);
      if (strcmp(got, cs[i].expect)) fail_msg("%s: expected %s, got %s", cs[i].in, cs[i].expect, got);
    }
    ct_arena_free(a);
  }
}

static void parse_set(void **state) {
  (void)state;
  static const scase cs[] = {
      {"name1=null,f=false,t=true", "{f:false,name1:null,t:true}"},
      {"name1=value1", "{name1:\"value1\"}"},
      {"name1=value1,name2=value2", "{name1:\"value1\",name2:\"value2\"}"},
      {"name1=value1,name2=value2,", "{name1:\"value1\",name2:\"value2\"}"},
      {"name1=value1,,,,name2=value2,", NULL},
      {"name1=,name2=value2", "{name1:\"\",name2:\"value2\"}"},
      {"leading_zeros=00009", "{leading_zeros:\"00009\"}"},
      {"zero_int=0", "{zero_int:0}"},
      {"long_int=1234567890", "{long_int:1234567890}"},
      {"neg=-12", "{neg:-12}"},
      {"big=9223372036854775808", "{big:\"9223372036854775808\"}"},
      {"boolean=TRUE", "{boolean:true}"},
      {"is_null=null", "{is_null:null}"},
      {"name1,name2=", NULL},
      {"name1,name2=value2", NULL},
      {"name1,name2=value2\\", NULL},
      {"name1,name2", NULL},
      {"name1=one\\,two,name2=three\\,four", "{name1:\"one,two\",name2:\"three,four\"}"},
      {"name1=one\\=two,name2=three\\=four", "{name1:\"one=two\",name2:\"three=four\"}"},
      {"name1=one two three,name2=three two one", "{name1:\"one two three\",name2:\"three two one\"}"},
      {"outer.inner=value", "{outer:{inner:\"value\"}}"},
      {"outer.middle.inner=value", "{outer:{middle:{inner:\"value\"}}}"},
      {"outer.inner1=value,outer.inner2=value2", "{outer:{inner1:\"value\",inner2:\"value2\"}}"},
      {"outer.inner1=value,outer.middle.inner=value", "{outer:{inner1:\"value\",middle:{inner:\"value\"}}}"},
      {"a\\.b=1", "{a.b:1}"},
      {"name1.name2", NULL},
      {"name1.name2,name1.name3", NULL},
      {"name1.name2=", "{name1:{name2:\"\"}}"},
      {"name1.=name2", NULL},
      {"name1.,name2", NULL},
      {"name1={value1,value2}", "{name1:[\"value1\",\"value2\"]}"},
      {"name1={value1,value2},name2={value1,value2}", "{name1:[\"value1\",\"value2\"],name2:[\"value1\",\"value2\"]}"},
      {"name1={1021,902}", "{name1:[1021,902]}"},
      {"name1.name2={value1,value2}", "{name1:{name2:[\"value1\",\"value2\"]}}"},
      {"name1={1021,902", NULL},
      {"list[0]=foo", "{list:[\"foo\"]}"},
      {"list[0].foo=bar", "{list:[{foo:\"bar\"}]}"},
      {"list[0].foo=bar,list[0].hello=world", "{list:[{foo:\"bar\",hello:\"world\"}]}"},
      {"list[0].foo=bar,list[-30].hello=world", NULL},
      {"list[0]=foo,list[1]=bar", "{list:[\"foo\",\"bar\"]}"},
      {"list[0]=foo,list[1]=bar,", "{list:[\"foo\",\"bar\"]}"},
      {"list[0]=foo,list[3]=bar", "{list:[\"foo\",null,null,\"bar\"]}"},
      {"list[0]=foo,list[-20]=bar", NULL},
      {"illegal[0]name.foo=bar", NULL},
      {"noval[0]", "{noval:[]}"},
      {"noval[0]=", "{noval:[\"\"]}"},
      {"nested[0][0]=1", "{nested:[[1]]}"},
      {"nested[1][1]=1", "{nested:[null,[null,1]]}"},
      {"name1.name2[0].foo=bar,name1.name2[1].foo=bar", "{name1:{name2:[{foo:\"bar\"},{foo:\"bar\"}]}}"},
      {"name1.name2[1].foo=bar,name1.name2[0].foo=bar", "{name1:{name2:[{foo:\"bar\"},{foo:\"bar\"}]}}"},
      {"name1.name2[1].foo=bar", "{name1:{name2:[null,{foo:\"bar\"}]}}"},
      {"]={}].", NULL},
      {"list[65537]=x", NULL},
  };
  run_cases(cs, sizeof cs / sizeof *cs, CT_STRVALS_SET);
}

static void parse_set_string(void **state) {
  (void)state;
  static const scase cs[] = {
      {"long_int_string=1234567890", "{long_int_string:\"1234567890\"}"},
      {"boolean=true", "{boolean:\"true\"}"},
      {"is_null=null", "{is_null:\"null\"}"},
      {"zero=0", "{zero:\"0\"}"},
      {"l={1,true}", "{l:[\"1\",\"true\"]}"},
  };
  run_cases(cs, sizeof cs / sizeof *cs, CT_STRVALS_STRING);
}

static void parse_literal(void **state) {
  (void)state;
  static const scase cs[] = {
      {"name=a,b=c\\d", "{name:\"a,b=c\\d\"}"},
      {"outer.inner={1,2}", "{outer:{inner:\"{1,2}\"}}"},
      {"list[1]=x,y", "{list:[null,\"x,y\"]}"},
      {"name", NULL},
  };
  run_cases(cs, sizeof cs / sizeof *cs, CT_STRVALS_LITERAL);
}

static void parse_into_existing(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  assert_int_equal(ct_strvals_parse(m, a, "outer.inner1=overwrite,outer.inner2=value2", CT_STRVALS_SET, NULL, NULL), CT_OK);
  assert_int_equal(ct_strvals_parse(m, a, "outer.inner1=value1,outer.inner3=value3,outer.inner4=4", CT_STRVALS_SET, NULL, NULL), CT_OK);
  assert_string_equal(canon(a, m), "{outer:{inner1:\"value1\",inner2:\"value2\",inner3:\"value3\",inner4:4}}");
  ct_value *v = ct_map_getc(ct_map_getc(m, "outer"), "inner4");
  assert_int_equal(v->type, CT_INT64);

  ct_value *l = ct_map_new(a, CT_MAP, 0);
  assert_int_equal(ct_strvals_parse(l, a, "listOuter[0][0].type=listValue", CT_STRVALS_SET, NULL, NULL), CT_OK);
  assert_int_equal(ct_strvals_parse(l, a, "listOuter[0][0].status=alive", CT_STRVALS_SET, NULL, NULL), CT_OK);
  assert_string_equal(canon(a, l), "{listOuter:[[{status:\"alive\",type:\"listValue\"}]]}");
  ct_value *l2 = ct_map_new(a, CT_MAP, 0);
  assert_int_equal(ct_strvals_parse(l2, a, "listOuter[0][0].type=listValue", CT_STRVALS_SET, NULL, NULL), CT_OK);
  assert_int_equal(ct_strvals_parse(l2, a, "listOuter[1][0].status=alive", CT_STRVALS_SET, NULL, NULL), CT_OK);
  assert_string_equal(canon(a, l2), "{listOuter:[[{type:\"listValue\"}],[{status:\"alive\"}]]}");
  ct_arena_free(a);
}

static void error_texts(void **state) {
  (void)state;
  static const struct { const char *in; ct_strvals_mode mode; const char *err; } cs[] = {
      {"x", CT_STRVALS_SET, "key \"x\" has no value"},
      {"a,b=1", CT_STRVALS_SET, "key \"a\" has no value (cannot end with ,)"},
      {"a.b", CT_STRVALS_SET, "key \"b\" has no value"},
      {"a.=1", CT_STRVALS_SET, "key map \"a\" has no value"},
      {"a={1,2", CT_STRVALS_SET, "list must terminate with '}'"},
      {"a[x]=1", CT_STRVALS_SET, "error parsing index: strconv.Atoi: parsing \"x\": invalid syntax"},
      {"a[-1]=1", CT_STRVALS_SET, "negative -1 index not allowed"},
      {"a[0]bc=1", CT_STRVALS_SET, "unexpected data at end of array index: ['b' 'c']"},
      {"a[70000]=1", CT_STRVALS_SET, "index of 70000 is greater than maximum supported index of 65536"},
      {"a=1,a.b=2", CT_STRVALS_SET,
       "unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}"},
      {"a=1,a[0]=2", CT_STRVALS_SET,
       "unable to parse key: interface conversion: interface {} is int64, not []interface {}"},
      {"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F=1", CT_STRVALS_SET,
       "value name nested level is greater than maximum supported nested level of 30"},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    ct_arena *a = ct_arena_new();
    ct_value *m = ct_map_new(a, CT_MAP, 0);
    assert_int_not_equal(ct_strvals_parse(m, a, cs[i].in, cs[i].mode, NULL, NULL), CT_OK);
    if (strcmp(ct_error_last(), cs[i].err)) fail_msg("%s: expected '%s', got '%s'", cs[i].in, cs[i].err, ct_error_last());
    ct_arena_free(a);
  }
}

static int fake_reader(ct_value **out, ct_arena *a, const char *path, void *udata) {
  (void)udata;
  if (!strcmp(path, "path1")) { *out = ct_cstring(a, "value1"); return CT_OK; }
  return ct_error_set(CT_ENOTFOUND, "open %s: no such file or directory", path);
}

static void parse_file(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  assert_int_equal(ct_strvals_parse(m, a, "name1=path1", CT_STRVALS_FILE, fake_reader, NULL), CT_OK);
  assert_string_equal(canon(a, m), "{name1:\"value1\"}");
  assert_int_not_equal(ct_strvals_parse(m, a, "name2=nope", CT_STRVALS_FILE, fake_reader, NULL), CT_OK);
  assert_string_equal(ct_error_last(), "open nope: no such file or directory");
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(parse_set),          cmocka_unit_test(parse_set_string),
      cmocka_unit_test(parse_literal),      cmocka_unit_test(parse_into_existing),
      cmocka_unit_test(error_texts),        cmocka_unit_test(parse_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
