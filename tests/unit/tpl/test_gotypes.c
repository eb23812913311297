/* test_gotypes.c — Go types as templates see them, with Sprig and a loaded chart's .Chart:
 * chartutil.Values (%T, typeOf, dig's failed assertion), []int, typed nil lists, Maintainers.
 * Expected strings were printed by helm 3.17.1 for the same templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "chartctl/chart.h"
#include "chartctl/sprig.h"
#include "chartctl/tpl.h"

static char dir[64];
static ct_chart *chart;

static void put(const char *name, const char *text) {
  char p[128];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static int group_setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/ct-gotypes-XXXXXX");
  if (!mkdtemp(dir)) return -1;
  put("Chart.yaml", "apiVersion: v2\nname: vx\nversion: 0.1.0\nmaintainers:\n"
                    "  - name: A\n    email: a@x\n    url: http://u\n"
                    "dependencies:\n  - name: sub\n    version: 0.1.0\n    repository: \"\"\n"
                    "    condition: c\n    tags: [a]\n    alias: other\n");
  char t[128];
  snprintf(t, sizeof t, "%s/templates", dir);
  if (mkdir(t, 0700) != 0) return -1;
  return ct_chart_load(&chart, dir) == 0 ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  ct_chart_free(chart);
  char p[128];
  snprintf(p, sizeof p, "%s/Chart.yaml", dir);
  unlink(p);
  snprintf(p, sizeof p, "%s/templates", dir);
  rmdir(p);
  rmdir(dir);
  return 0;
}

/* Runs TPL with dot {Values: chartutil.Values{a: 1, sub: {k: v}}, Chart: .Chart}; returns the
 * output or "ERR: <error>" (caller frees). */
static char *run(const char *tpl) {
  ct_tpl_set *s = ct_tpl_set_new();
  size_t nf;
  const ct_func *f = ct_sprig_funcs(&nf);
  ct_tpl_set_funcs(s, f, nf);
  ct_arena *a = ct_arena_new();
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  char *res = NULL;
  if (ct_tpl_parse(s, "t", tpl, strlen(tpl), &err) == 0) {
    ct_value *vals = ct_map_new(a, CT_MAP, 2);
    ct_map_setc(a, vals, "a", ct_float(a, 1));
    ct_value *sub = ct_map_new(a, CT_MAP, 1);
    ct_map_setc(a, sub, "k", ct_cstring(a, "v"));
    ct_map_setc(a, vals, "sub", sub);
    ct_value *top = ct_map_new(a, CT_MAP, 2);
    ct_map_setc(a, top, "Values", ct_value_as(a, vals, CT_GO_VALUES));
    ct_map_setc(a, top, "Chart", ct_chart_metadata_value(a, chart));
    ct_exec_opts o = {a, NULL, 0, false};
    if (ct_tpl_execute(s, "t", top, &out, &o, &err) == 0) res = strdup(ct_buf_str(&out));
  }
  if (!res) {
    res = malloc(err.len + 6);
    snprintf(res, err.len + 6, "ERR: %s", ct_buf_str(&err));
  }
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  ct_tpl_set_free(s);
  return res;
}

#define EXPECT(tpl, want)            \
  do {                               \
    char *got_ = run(tpl);           \
    assert_string_equal(got_, want); \
    free(got_);                      \
  } while (0)

static void values_is_chartutil_values(void **state) {
  (void)state;
  EXPECT("{{ printf \"%T %T\" .Values .Values.sub }}", "chartutil.Values map[string]interface {}");
  EXPECT("{{ typeOf .Values }} {{ kindOf .Values }} {{ typeIs \"chartutil.Values\" .Values }}",
         "chartutil.Values map true");
  /* a map[string]interface {} parameter converts it; deepCopy keeps it */
  EXPECT("{{ typeOf (merge .Values (dict)) }} {{ typeOf (deepCopy .Values) }}",
         "map[string]interface {} chartutil.Values");
  EXPECT("{{ hasKey .Values \"a\" }} {{ keys .Values | sortAlpha }} {{ .Values }}",
         "true [a sub] map[a:1 sub:map[k:v]]");
  EXPECT("{{ printf \"%#v\" .Values.sub }}", "map[string]interface {}{\"k\":\"v\"}");
}

static void dig_on_values_fails_its_type_assertion(void **state) {
  (void)state;
  EXPECT("{{ dig \"sub\" \"k\" \"none\" .Values }}",
         "ERR: template: t:1:3: executing \"t\" at <dig \"sub\" \"k\" \"none\" .Values>: error calling "
         "dig: interface conversion: interface {} is chartutil.Values, not map[string]interface {}");
  EXPECT("{{ dig \"k\" \"none\" .Values.sub }} {{ dig \"sub\" \"k\" \"none\" (merge (dict) .Values) }}",
         "v v");
}

static void int_and_nested_slices(void **state) {
  (void)state;
  EXPECT("{{ typeOf (until 2) }} {{ printf \"%#v\" (until 2) }} {{ until 2 }}", "[]int []int{0, 1} [0 1]");
  EXPECT("{{ typeOf (untilStep 0 4 2) }} {{ typeOf (slice (until 4) 1 2) }}", "[]int []int");
  EXPECT("{{ printf \"%#v\" (chunk 1 (list 1)) }}", "[][]interface {}{[]interface {}{1}}");
  EXPECT("{{ deepEqual (until 1) (list 0) }} {{ typeOf (append (until 1) 1) }}", "false []interface {}");
  /* []int is not assignable to a []interface {} parameter */
  EXPECT("{{ genSelfSignedCert \"x\" (until 1) nil 1 }}",
         "ERR: template: t:1:32: executing \"t\" at <1>: wrong type for value; expected []interface {}; "
         "got []int");
}

static void typed_nil_lists(void **state) {
  (void)state;
  EXPECT("{{ rest (list) }} {{ initial (list) }} {{ concat (list) (list) }}", "[] [] []");
  EXPECT("{{ printf \"%#v %#v\" (rest (list)) (concat) }}", "[]interface {}(nil) []interface {}(nil)");
  EXPECT("{{ printf \"%#v\" (concat (list) (list 1)) }}", "[]interface {}{1}");
  EXPECT("{{ deepEqual (rest (list)) (list) }} {{ deepEqual (concat) (initial (list)) }}", "false true");
  EXPECT("{{ len (rest (list)) }} {{ empty (rest (list)) }} {{ append (rest (list)) 1 }}", "0 true [1]");
  /* JSON null unmarshalled into Go's map or slice leaves it nil */
  EXPECT("{{ printf \"%#v %#v\" (fromJson \"null\") (fromJsonArray \"null\") }}",
         "map[string]interface {}(nil) []interface {}(nil)");
  EXPECT("{{ fromJson \"null\" }} {{ len (fromJson \"null\") }} {{ typeOf (fromJson \"null\") }}",
         "map[] 0 map[string]interface {}");
  EXPECT("{{ set (fromJson \"null\") \"a\" 1 }}",
         "ERR: template: t:1:3: executing \"t\" at <set (fromJson \"null\") \"a\" 1>: error calling set: "
         "assignment to entry in nil map");
}

static void chart_fields(void **state) {
  (void)state;
  /* a pointer is dereferenced by the template's print, not by fmt */
  EXPECT("{{ index .Chart.Maintainers 0 }} {{ printf \"%v\" (index .Chart.Maintainers 0) }}",
         "{A a@x http://u} &{A a@x http://u}");
  EXPECT("{{ typeOf .Chart.Maintainers }} {{ typeOf .Chart.Dependencies }}",
         "[]*chart.Maintainer []*chart.Dependency");
  EXPECT("{{ printf \"%#v\" .Chart.Keywords }} {{ .Chart.Keywords }} {{ len .Chart.Keywords }}",
         "[]string(nil) [] 0");
  EXPECT("{{ index .Chart.Dependencies 0 }} {{ printf \"%v\" (index .Chart.Dependencies 0) }}",
         "{sub 0.1.0  c [a] false [] other} &{sub 0.1.0  c [a] false [] other}");
  EXPECT("{{ printf \"%#v\" (index .Chart.Dependencies 0).ImportValues }}", "[]interface {}(nil)");
  EXPECT("{{ printf \"%#v\" .Chart.Annotations }} {{ .Chart.Annotations }}", "map[string]string(nil) map[]");
  /* encoding/json writes struct fields in declaration order */
  EXPECT("{{ .Chart.Maintainers | toJson }}", "[{\"name\":\"A\",\"email\":\"a@x\",\"url\":\"http://u\"}]");
  EXPECT("{{ .Chart | toJson }}",
         "{\"name\":\"vx\",\"version\":\"0.1.0\",\"maintainers\":[{\"name\":\"A\",\"email\":\"a@x\","
         "\"url\":\"http://u\"}],\"apiVersion\":\"v2\",\"dependencies\":[{\"name\":\"sub\","
         "\"version\":\"0.1.0\",\"repository\":\"\",\"condition\":\"c\",\"tags\":[\"a\"],"
         "\"alias\":\"other\"}],\"IsRoot\":true}");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(values_is_chartutil_values),
      cmocka_unit_test(dig_on_values_fails_its_type_assertion),
      cmocka_unit_test(int_and_nested_slices),
      cmocka_unit_test(typed_nil_lists),
      cmocka_unit_test(chart_fields),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
