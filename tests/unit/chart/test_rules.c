/* test_rules.c — Go's filepath.Match, .helmignore evaluation, Masterminds semver versions and
 * ranges, and the `.Chart` object (Go field names, JSON names for toJson). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "chart/chart_int.h"
#include "chartctl/chart.h"

static void glob_like_go(void **state) {
  (void)state;
  static const struct { const char *p, *s; int want; } cs[] = {
      {"abc", "abc", 1}, {"*", "abc", 1}, {"*c", "abc", 1}, {"a*", "a", 1}, {"a*", "abc", 1},
      {"a*", "ab/c", 0}, {"a*/b", "abc/b", 1}, {"a*/b", "a/c/b", 0},
      {"a*b*c*d*e*/f", "axbxcxdxe/f", 1}, {"a*b*c*d*e*/f", "axbxcxdxexxx/f", 1},
      {"a*b*c*d*e*/f", "axbxcxdxe/xxx/f", 0}, {"a*b*c*d*e*/f", "axbxcxdxexxx/fff", 0},
      {"a*b?c*x", "abxbbxdbxebxczzx", 1}, {"a*b?c*x", "abxbbxdbxebxczzy", 0},
      {"ab[c]", "abc", 1}, {"ab[b-d]", "abc", 1}, {"ab[e-g]", "abc", 0}, {"ab[^c]", "abc", 0},
      {"ab[^b-d]", "abc", 0}, {"ab[^e-g]", "abc", 1}, {"a\\*b", "a*b", 1}, {"a\\*b", "ab", 0},
      {"a?b", "a\xe2\x98\xba" "b", 1}, {"a[^a]b", "a\xe2\x98\xba" "b", 1}, {"a???b", "a\xe2\x98\xba" "b", 0},
      {"a?b", "a/b", 0}, {"a*b", "a/b", 0}, {"[\\]a]", "]", 1}, {"[\\-]", "-", 1},
      {"[x\\-]", "x", 1}, {"[x\\-]", "-", 1}, {"[x\\-]", "z", 0}, {"[]a]", "]", -1},
      {"[-]", "-", -1}, {"[x-]", "x", -1}, {"[-x]", "x", -1}, {"\\", "a", -1},
      {"[a-b-c]", "a", -1}, {"[", "a", -1}, {"[^", "a", -1}, {"[^bc", "a", -1}, {"a[", "a", -1},
      {"a[", "ab", -1}, {"a[", "x", -1}, {"a/b[", "x", -1}, {"*x", "xxx", 1},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    int got = ct_chart__glob_match(cs[i].p, cs[i].s);
    if (got != cs[i].want) fail_msg("Match(%s, %s) = %d, want %d", cs[i].p, cs[i].s, got, cs[i].want);
  }
}

static void helmignore_rules(void **state) {
  (void)state;
  static const struct { const char *rules, *path; bool dir, ignored; } cs[] = {
      {"helm.txt", "helm.txt", false, true},
      {"helm.*", "helm.txt", false, true},
      {"helm.*", "rudder.txt", false, false},
      {"*.txt", "tiller.txt", false, true},
      {"*.txt", "cargo/a.txt", false, true},
      {"cargo/*.txt", "cargo/a.txt", false, true},
      {"cargo/*.*", "cargo/a.txt", false, true},
      {"cargo/*.txt", "mast/a.txt", false, false},
      {"ru[c-e]?er.txt", "rudder.txt", false, true},
      {"templates/.?*", "templates/.dotfile", false, true},
      {"", "templates/.dotfile", false, true}, /* the default rule */
      {"", "charts/x/templates/.dotfile", false, false},
      {"/helm.txt", "helm.txt", false, true},
      {"/helm.txt", "cargo/helm.txt", false, false},
      {"cargo/", "cargo", true, true},
      {"cargo/", "cargo", false, false},
      {"*.txt\n!helm.txt", "helm.txt", false, false},
      {"*.txt\n!helm.txt", "tiller.txt", false, true},
      {"# comment\n\n  mast/  \n", "mast", true, true},
      {".*", ".", true, false},
      /* the literal and `*suffix` fast paths agree with filepath.Match */
      {"/*.txt", "cargo/a.txt", false, false},
      {"/*.txt", "a.txt", false, true},
      {"/*", "a.txt", false, true},
      {"/*", "cargo/a.txt", false, false},
      {"*", "cargo/a.txt", false, true}, /* base name */
      {"*.txt", "txt", false, false},
      {"*.txt", ".txt", false, true},
      {"/cargo/a.txt", "cargo/a.txt", false, true},
      {"cargo/a.txt", "cargo/a.txtx", false, false},
      {"a]b", "a]b", false, true},
      {"*]b", "x]b", false, true},
      {"*\\*", "x*", false, true}, /* an escape: the glob path */
      {"*\\*", "xy", false, false},
      {"\u00e9t\u00e9", "\u00e9t\u00e9", false, true},
      {"*\u00e9", "caf\u00e9", false, true},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    ct_arena *a = ct_arena_new();
    ct_ignore *r = NULL;
    assert_int_equal(ct_chart__ignore_parse(&r, a, cs[i].rules, strlen(cs[i].rules)), CT_OK);
    bool got = ct_chart__ignore_match(r, cs[i].path, cs[i].dir);
    if (got != cs[i].ignored) fail_msg("rules %s path %s: got %d", cs[i].rules, cs[i].path, got);
    ct_arena_free(a);
  }
}

static void semver_versions_and_ranges(void **state) {
  (void)state;
  assert_true(ct_chart_version_valid("1.2.3"));
  assert_true(ct_chart_version_valid("v1.2"));
  assert_true(ct_chart_version_valid("1"));
  assert_true(ct_chart_version_valid("1.2.3-alpha.1+build.5"));
  assert_false(ct_chart_version_valid("1.2.3.4"));
  assert_false(ct_chart_version_valid("one"));
  assert_false(ct_chart_version_valid("1.2.3-01"));
  assert_false(ct_chart_version_valid(""));
  static const struct { const char *c, *v; bool ok; } cs[] = {
      {">=0.0.1", "0.1.0", true},     {">= 0.1.0", "0.1.0", true},   {"0.1.0", "0.1.0", true},
      {"0.1.0", "0.1.1", false},      {"~1.2.3", "1.2.9", true},     {"~1.2.3", "1.3.0", false},
      {"^0.2.0", "0.2.5", true},      {"^0.2.0", "0.3.0", false},    {"^1.2", "1.9.0", true},
      {"^1.2", "2.0.0", false},       {"2.x.x", "2.5.1", true},      {"2.x.x", "3.0.0", false},
      {"1.2.3 - 1.4", "1.4.9", true}, {"1.2.3 - 1.4", "1.5.0", false},
      {">= 1.19.0-0", "v1.32.0", true}, {">=1.0.0", "1.1.0-beta", false},
      {"", "1.0.0", false},           {"1.0.0 || 2.x", "2.3.0", true}, {"<2.0.0, >1.0.0", "1.5.0", true},
      {"!=1.5.0", "1.5.0", false},    {"*", "4.0.0", true},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++)
    if (ct_chart_version_in_range(cs[i].c, cs[i].v) != cs[i].ok)
      fail_msg("%s in %s: want %d", cs[i].v, cs[i].c, cs[i].ok);
}

static void chart_object(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_chart c;
  memset(&c, 0, sizeof c);
  const char *y = "apiVersion: v2\nname: sub\nversion: 0.1.0\nappVersion: \"1.0\"\nmaintainers:\n- name: me\n";
  assert_int_equal(ct_chart_parse_metadata(&c.meta, a, y, strlen(y)), CT_OK);
  ct_value *o = ct_chart_metadata_value(a, &c);
  assert_int_equal(o->type, CT_OBJECT);
  assert_string_equal(o->obj.cls->go_type, "struct { chart.Metadata; IsRoot bool }");
  ct_value *f = NULL;
  assert_int_equal(o->obj.cls->field(&f, o, "Name", a), 0);
  assert_string_equal(f->s.ptr, "sub");
  assert_int_equal(o->obj.cls->field(&f, o, "AppVersion", a), 0);
  assert_string_equal(f->s.ptr, "1.0");
  assert_int_equal(o->obj.cls->field(&f, o, "IsRoot", a), 0);
  assert_true(f->b);
  assert_int_equal(o->obj.cls->field(&f, o, "Maintainers", a), 0);
  assert_int_equal(f->list->len, 1);
  assert_int_equal(o->obj.cls->field(&f, o, "Nope", a), -1);
  ct_value *m = o->obj.cls->marshal(o, a);
  size_t n;
  const ct_map_entry *e = ct_map_entries(m, &n);
  /* encoding/json order and omitempty: name, version, maintainers, apiVersion, appVersion, IsRoot */
  assert_int_equal(n, 6);
  assert_string_equal(e[0].key.ptr, "name");
  assert_string_equal(e[1].key.ptr, "version");
  assert_string_equal(e[2].key.ptr, "maintainers");
  assert_string_equal(e[3].key.ptr, "apiVersion");
  assert_string_equal(e[4].key.ptr, "appVersion");
  assert_string_equal(e[5].key.ptr, "IsRoot");
  ct_arena_free(a);
}

/* sigs.k8s.io/yaml into string fields: ints as written, floats as FormatFloat(f, 'g', -1, 32);
 * expected strings are what helm 3.17.1 printed for .Chart.* */
static void chart_yaml_scalars(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_chart_metadata md;
  const char *y = "apiVersion: v2\nname: x\nversion: 20240101\nappVersion: 123456789.0\ndescription: 0.10\n"
                  "home: true\nicon: 0x1F\ntags: 9007199254740993\nkubeVersion: 1_000\ncondition: 1234567.5\n";
  assert_int_equal(ct_chart_parse_metadata(&md, a, y, strlen(y)), CT_OK);
  assert_string_equal(md.version, "20240101");
  assert_string_equal(md.app_version, "1.2345679e+08");
  assert_string_equal(md.description, "0.1");
  assert_string_equal(md.home, "true");
  assert_string_equal(md.icon, "31");
  assert_string_equal(md.tags, "9007199254740993");
  assert_string_equal(md.kube_version, "1000");
  assert_string_equal(md.condition, "1.2345675e+06");
  /* numbers only deep inside (annotations, a maintainer): still converted as written */
  ct_chart_metadata md2;
  const char *y2 =
      "apiVersion: v2\nname: x\nversion: 1.0.0\nannotations:\n  big: 9007199254740993\n"
      "maintainers:\n- name: 0x10\n  email: 1_000\n";
  assert_int_equal(ct_chart_parse_metadata(&md2, a, y2, strlen(y2)), CT_OK);
  const ct_value *big = ct_map_getc(md2.annotations, "big");
  assert_non_null(big);
  assert_string_equal(big->s.ptr, "9007199254740993");
  assert_int_equal(md2.nmaintainers, 1);
  assert_string_equal(md2.maintainers[0].name, "16");
  assert_string_equal(md2.maintainers[0].email, "1000");
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(glob_like_go),
      cmocka_unit_test(helmignore_rules),
      cmocka_unit_test(semver_versions_and_ranges),
      cmocka_unit_test(chart_object),
      cmocka_unit_test(chart_yaml_scalars),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
