/* test_values.c — MergeValues order and errors, CoalesceValues (subchart scoping, globals,
 * null deletion, warnings) and ProcessDependencies (conditions, tags, aliases, import-values);
 * expected values are what `helm template` with {{ toYaml .Values }} printed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../chart/fsutil.h"
#include "canon.h"
#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "chartctl/values.h"

/* loads DIR, merges SETS (--set), prepares, returns toYaml of .Values (NULL + message on error) */
static char *render_values(ct_arena *a, const char *dir, const char *const *sets, size_t nsets, FILE *warn) {
  ct_chart *c = NULL;
  if (ct_chart_load_warn(&c, dir, warn) < 0) return NULL;
  ct_values_opts o = {.set = sets, .n_set = nsets};
  ct_value *uv = NULL;
  char *res = NULL;
  if (ct_values_merge(&uv, a, &o) < 0) goto done;
  if (ct_chart_check_dependencies(c) < 0) goto done;
  ct_chart *view = NULL;
  ct_value *top = NULL;
  ct_release_opts rel = {.name = "r", .namespace = "default", .revision = 1, .is_install = true};
  if (ct_values_prepare(&view, &top, a, c, uv, &rel, warn) < 0) goto done;
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  if (ct_yaml_emit(&out, ct_map_getc(top, "Values"), &err) == 0) res = ct_arena_strdup(a, ct_buf_str(&out));
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
done:
  ct_chart_free(c);
  return res;
}

static char *read_all(FILE *f) {
  static char buf[8192];
  rewind(f);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  return buf;
}

static void coalesce_globals_nulls(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n");
  put_file(d, "c/values.yaml", "a:\n  b: 1\nnn: null\ns: str\nsub:\n  global:\n    gm: 3\nglobal:\n  gm: {x: 1}\n  gk: 1\n");
  put_file(d, "c/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
  put_file(d, "c/charts/sub/values.yaml", "global:\n  gk: {y: 1}\nq: {r: null, s: 1}\n");
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/c", d);
  ct_arena *a = ct_arena_new();
  FILE *w = tmpfile();
  const char *sets[] = {"a.c=null", "x=null", "s.x=1"};
  char *got = render_values(a, dir, sets, 3, w);
  if (!got) fail_msg("%s", ct_error_last());
  assert_string_equal(got, "a:\n  b: 1\n  c: null\nglobal:\n  gk: 1\n  gm:\n    x: 1\nnn: null\ns:\n  x: 1\n"
                           "sub:\n  global:\n    gk: 1\n    gm: 3\n  q:\n    r: null\n    s: 1\nx: null\n");
  const char *warns = read_all(w);
  assert_non_null(strstr(warns, "coalesce.go:237: warning: skipped value for c.s: Not a table.\n"));
  assert_non_null(strstr(warns, "coalesce.go:161: Conflict: cannot merge map onto non-map for \"gm\". Skipping.\n"));
  assert_non_null(strstr(warns, "coalesce.go:298: warning: cannot overwrite table with non table for c.sub.global.gk (map[true:1])\n"));
  fclose(w);

  /* null from the user deletes a chart default; sub's defaults scoped under its name */
  const char *sets2[] = {"a.b=null", "sub.q.s=5", "nn=1"};
  got = render_values(a, dir, sets2, 3, NULL);
  assert_non_null(got);
  assert_string_equal(got, "a: {}\nglobal:\n  gk: 1\n  gm:\n    x: 1\nnn: 1\ns: str\n"
                           "sub:\n  global:\n    gk: 1\n    gm: 3\n  q:\n    r: null\n    s: 5\n");
  ct_arena_free(a);
  rm_rf(d);
  free(d);
}

/* Coalescing warnings name the table by its whole dotted path, however deep (helm 3.17.1's
 * words for the same chart and flags), and only the tables that warn. */
static void coalesce_warning_paths(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "cw/Chart.yaml", "apiVersion: v2\nname: cw\nversion: 0.1.0\n");
  put_file(d, "cw/values.yaml",
           "a:\n  b:\n    c:\n      d: 1\nx:\n  q:\n    w: 5\nok:\n  k: {l: 1}\n");
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/cw", d);
  ct_arena *a = ct_arena_new();
  FILE *w = tmpfile();
  const char *sets[] = {"a.b.c=1", "x.q.w.z=2", "ok.k.m=2"};
  char *got = render_values(a, dir, sets, 3, w);
  if (!got) fail_msg("%s", ct_error_last());
  assert_string_equal(
      got, "a:\n  b:\n    c: 1\nok:\n  k:\n    l: 1\n    m: 2\nx:\n  q:\n    w:\n      z: 2\n");
  assert_string_equal(
      read_all(w),
      "coalesce.go:298: warning: cannot overwrite table with non table for cw.a.b.c (map[d:1])\n"
      "coalesce.go:301: warning: destination for cw.x.q.w is a table. Ignoring non-table value "
      "(5)\n");
  fclose(w);
  ct_arena_free(a);
  rm_rf(d);
  free(d);
}

static void dependencies_conditions_tags_alias_imports(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "c/Chart.yaml",
           "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n"
           "- name: sub1\n  version: 0.1.0\n  condition: sub1.enabled\n"
           "- name: sub2\n  version: ~0.2.0\n  alias: other\n  tags: [backend]\n  import-values:\n  - data\n"
           "  - child: deep.inner\n    parent: imported\n"
           "- name: sub2\n  version: \">=0.2.0\"\n  alias: again\n  condition: again.on,sub1.enabled\n");
  put_file(d, "c/values.yaml", "sub1:\n  enabled: false\ntags:\n  backend: true\nimported:\n  keep: parent\n");
  put_file(d, "c/charts/sub1/Chart.yaml", "apiVersion: v2\nname: sub1\nversion: 0.1.0\n");
  put_file(d, "c/charts/sub1/values.yaml", "x: 1\n");
  put_file(d, "c/charts/sub2/Chart.yaml", "apiVersion: v2\nname: sub2\nversion: 0.2.1\n");
  put_file(d, "c/charts/sub2/values.yaml",
           "exports:\n  data:\n    fromexport: 1\ndeep:\n  inner:\n    keep: child\n    other: 2\non: false\n");
  put_file(d, "c/charts/lib/Chart.yaml", "apiVersion: v2\nname: lib\nversion: 1.0.0\n");
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/c", d);
  ct_arena *a = ct_arena_new();
  static const struct { const char *set, *want; } cs[] = {
      {"x=1",
       "fromexport: 1\nimported:\n  keep: parent\n  other: 2\nlib:\n  global: {}\nother:\n  deep:\n    inner:\n"
       "      keep: child\n      other: 2\n  exports:\n    data:\n      fromexport: 1\n  global: {}\n  \"true\": false\n"
       "sub1:\n  enabled: false\ntags:\n  backend: true\nx: 1\n"},
      {"tags.backend=false",
       "imported:\n  keep: parent\nlib:\n  global: {}\nsub1:\n  enabled: false\ntags:\n  backend: false\n"},
      {"again.on=true",
       "again:\n  deep:\n    inner:\n      keep: child\n      other: 2\n  exports:\n    data:\n      fromexport: 1\n"
       "  global: {}\n  \"on\": true\n  \"true\": false\nfromexport: 1\nimported:\n  keep: parent\n  other: 2\n"
       "lib:\n  global: {}\nother:\n  deep:\n    inner:\n      keep: child\n      other: 2\n  exports:\n    data:\n"
       "      fromexport: 1\n  global: {}\n  \"true\": false\nsub1:\n  enabled: false\ntags:\n  backend: true\n"},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    char *got = render_values(a, dir, &cs[i].set, 1, NULL);
    if (!got) fail_msg("%s: %s", cs[i].set, ct_error_last());
    if (strcmp(got, cs[i].want)) fail_msg("--set %s:\n%s\nwant:\n%s", cs[i].set, got, cs[i].want);
  }
  /* the processed view: disabled sub1 gone, aliases applied, template paths use the alias */
  ct_chart *c = NULL;
  assert_int_equal(ct_chart_load(&c, dir), CT_OK);
  ct_chart *view = NULL;
  ct_value *uv = ct_map_new(a, CT_MAP, 0);
  assert_int_equal(ct_chart_process_dependencies(&view, a, c, uv, NULL), CT_OK);
  bool saw_other = false, saw_sub1 = false;
  for (size_t i = 0; i < view->ndeps; i++) {
    if (!strcmp(ct_chart_name(view->deps[i]), "other")) {
      saw_other = true;
      assert_string_equal(ct_chart_full_path(view->deps[i], a), "c/charts/other");
      assert_ptr_equal(view->deps[i]->parent, view);
    }
    if (!strcmp(ct_chart_name(view->deps[i]), "sub1")) saw_sub1 = true;
  }
  assert_true(saw_other);
  assert_false(saw_sub1);
  assert_int_equal(c->ndeps, 3); /* the loaded chart is untouched */
  ct_chart_free(c);

  /* a missing dependency */
  put_file(d, "c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: absent\n- name: gone\n");
  assert_null(render_values(a, dir, NULL, 0, NULL));
  assert_string_equal(ct_error_last(),
                      "An error occurred while checking for chart dependencies. You may need to run `helm "
                      "dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in "
                      "charts/ directory: absent, gone");
  ct_arena_free(a);
  rm_rf(d);
  free(d);
}

/* Adds a key to every table under V: what a template's `set` on .Values could do anywhere. */
static void mutate_tables(ct_arena *a, ct_value *v) {
  if (!v) return;
  if (v->type == CT_MAP) {
    size_t n;
    const ct_map_entry *e = ct_map_entries(v, &n);
    for (size_t i = 0; i < n; i++)
      mutate_tables(a, e[i].value);
    ct_map_setc(a, v, "mutated", ct_cstring(a, "yes"));
  } else if (v->type == CT_LIST) {
    for (size_t i = 0; i < v->list->len; i++)
      mutate_tables(a, v->list->items[i]);
  }
}

static char *yaml_of(ct_arena *a, const ct_value *v) {
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  char *s = ct_yaml_emit(&out, v, &err) == 0 ? ct_arena_strdup(a, ct_buf_str(&out)) : NULL;
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  assert_non_null(s);
  return s;
}

/* The values a render gets share no table with any chart's values (loaded or processed): a
 * template changing .Values anywhere leaves them as they were, and the same loaded chart
 * prepared again gives the same values. Charts' values are copied only where coalescing takes
 * them, so this checks every path that takes them: top-level keys, keys deep in tables the
 * user also set, subcharts' defaults, globals and imported values. */
static void render_values_share_nothing_with_charts(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "p/Chart.yaml",
           "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n"
           "- name: s\n  version: 0.1.0\n  import-values:\n  - child: exp\n    parent: imp\n"
           "- name: t\n  version: 0.1.0\n");
  put_file(d, "p/values.yaml",
           "top: {a: {b: 1}}\nuser: {keep: {k: 1}, over: {o: 1}}\nlist: [{x: 1}]\n"
           "global: {g: {h: 1}}\ns: {fromparent: {f: 1}}\n");
  put_file(d, "p/charts/s/Chart.yaml", "apiVersion: v2\nname: s\nversion: 0.1.0\n");
  put_file(d, "p/charts/s/values.yaml",
           "own: {o: {p: 1}}\nexp: {e: {f: 1}}\nfromparent: {g: 2}\nglobal: {sg: {x: 1}}\n");
  put_file(d, "p/charts/t/Chart.yaml", "apiVersion: v2\nname: t\nversion: 0.1.0\n");
  put_file(d, "p/charts/t/values.yaml", "tt: {u: {v: 1}}\n");
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/p", d);
  ct_arena *a = ct_arena_new();
  ct_chart *c = NULL;
  assert_int_equal(ct_chart_load(&c, dir), CT_OK);
  const char *sets[] = {"user.over.o=2", "user.new=1", "s.own.o.q=3"};
  ct_values_opts o = {.set = sets, .n_set = 3};
  ct_value *uv = NULL;
  assert_int_equal(ct_values_merge(&uv, a, &o), CT_OK);
  ct_release_opts rel = {.name = "r", .namespace = "default", .revision = 1, .is_install = true};
  const char *loaded[3] = {yaml_of(a, c->values), yaml_of(a, c->deps[0]->values),
                           yaml_of(a, c->deps[1]->values)};
  ct_chart *view = NULL;
  ct_value *top = NULL;
  assert_int_equal(ct_values_prepare(&view, &top, a, c, uv, &rel, NULL), CT_OK);
  const char *first = yaml_of(a, ct_map_getc(top, "Values"));
  assert_string_equal(first, "global:\n  g:\n    h: 1\nimp:\n  e:\n    f: 1\nlist:\n- x: 1\n"
                             "s:\n  exp:\n    e:\n      f: 1\n  fromparent:\n    f: 1\n    g: 2\n"
                             "  global:\n    g:\n      h: 1\n    sg:\n      x: 1\n  own:\n    o:\n"
                             "      p: 1\n      q: 3\nt:\n  global:\n    g:\n      h: 1\n  tt:\n"
                             "    u:\n      v: 1\ntop:\n  a:\n    b: 1\nuser:\n  keep:\n    k: 1\n"
                             "  new: 1\n  over:\n    o: 2\n");
  const char *processed[3] = {yaml_of(a, view->values), yaml_of(a, view->deps[0]->values),
                              yaml_of(a, view->deps[1]->values)};
  mutate_tables(a, ct_map_getc(top, "Values"));
  assert_non_null(strstr(yaml_of(a, ct_map_getc(top, "Values")), "mutated"));
  for (int i = 0; i < 3; i++) {
    assert_string_equal(yaml_of(a, i == 0 ? c->values : c->deps[i - 1]->values), loaded[i]);
    assert_string_equal(yaml_of(a, i == 0 ? view->values : view->deps[i - 1]->values),
                        processed[i]);
  }
  ct_chart *view2 = NULL;
  ct_value *top2 = NULL;
  assert_int_equal(ct_values_prepare(&view2, &top2, a, c, uv, &rel, NULL), CT_OK);
  assert_string_equal(yaml_of(a, ct_map_getc(top2, "Values")), first);
  ct_chart_free(c);
  ct_arena_free(a);
  rm_rf(d);
  free(d);
}

static void merge_order_and_errors(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "one.yaml", "a:\n  b: 1\n  c: 1\nlist: [1, 2]\n");
  put_file(d, "two.yaml", "a:\n  c: 2\nlist: [3]\n");
  put_file(d, "bad.yaml", "a: [1\n");
  put_file(d, "file.txt", "from file\n");
  char f1[4200], f2[4200], fb[4200], ft[4200], sf[4300];
  snprintf(f1, sizeof f1, "%s/one.yaml", d);
  snprintf(f2, sizeof f2, "%s/two.yaml", d);
  snprintf(fb, sizeof fb, "%s/bad.yaml", d);
  snprintf(ft, sizeof ft, "%s/file.txt", d);
  snprintf(sf, sizeof sf, "f=%s", ft);
  ct_arena *a = ct_arena_new();
  const char *files[] = {f1, f2};
  const char *json[] = {"j={\"k\":[1,\"x\"]},a.b=\"json\""};
  const char *set[] = {"a.b=set,n=5"};
  const char *str[] = {"a.b=7"};
  const char *fil[] = {sf};
  const char *lit[] = {"lit=a,b=c"};
  ct_values_opts o = {.value_files = files, .n_value_files = 2, .set_json = json, .n_set_json = 1,
                      .set = set, .n_set = 1, .set_string = str, .n_set_string = 1,
                      .set_file = fil, .n_set_file = 1, .set_literal = lit, .n_set_literal = 1};
  ct_value *v = NULL;
  if (ct_values_merge(&v, a, &o) != CT_OK) fail_msg("%s", ct_error_last());
  assert_string_equal(canon(a, v), "{a:{b:\"7\",c:2f},f:\"from file\n\",j:{k:[1f,\"x\"]},list:[3f],lit:\"a,b=c\",n:5}");

  const char *missing[] = {"/nonexistent/x.yaml"};
  ct_values_opts o2 = {.value_files = missing, .n_value_files = 1};
  assert_int_not_equal(ct_values_merge(&v, a, &o2), CT_OK);
  assert_string_equal(ct_error_last(), "open /nonexistent/x.yaml: no such file or directory");
  const char *bad[] = {fb};
  ct_values_opts o3 = {.value_files = bad, .n_value_files = 1};
  assert_int_not_equal(ct_values_merge(&v, a, &o3), CT_OK);
  char want[4400];
  snprintf(want, sizeof want, "failed to parse %s: error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'", fb);
  (void)want; /* the line number is the codec's; check the prefix */
  assert_true(!strncmp(ct_error_last(), want, strlen("failed to parse ") + strlen(fb) + 2));
  const char *ns[] = {"ov.x"};
  ct_values_opts o4 = {.set = ns, .n_set = 1};
  assert_int_not_equal(ct_values_merge(&v, a, &o4), CT_OK);
  assert_string_equal(ct_error_last(), "failed parsing --set data: key \"x\" has no value");
  const char *bj[] = {"ov.j={bad"};
  ct_values_opts o5 = {.set_json = bj, .n_set_json = 1};
  assert_int_not_equal(ct_values_merge(&v, a, &o5), CT_OK);
  assert_string_equal(ct_error_last(), "failed parsing --set-json data ov.j={bad");
  const char *mf[] = {"ov.f=/nonexistent/nope.txt"};
  ct_values_opts o6 = {.set_file = mf, .n_set_file = 1};
  assert_int_not_equal(ct_values_merge(&v, a, &o6), CT_OK);
  assert_string_equal(ct_error_last(), "failed parsing --set-file data: open /nonexistent/nope.txt: no such file or directory");
  /* "-" reads the given stdin */
  FILE *in = tmpfile();
  fputs("stdin: yes\n", in);
  rewind(in);
  const char *dash[] = {"-"};
  ct_values_opts o7 = {.value_files = dash, .n_value_files = 1, .stdin_file = in};
  assert_int_equal(ct_values_merge(&v, a, &o7), CT_OK);
  assert_string_equal(canon(a, v), "{stdin:true}");
  fclose(in);
  ct_arena_free(a);
  rm_rf(d);
  free(d);
}

static void render_top(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_chart c;
  memset(&c, 0, sizeof c);
  const char *y = "apiVersion: v2\nname: x\nversion: 1.0.0\n";
  assert_int_equal(ct_chart_parse_metadata(&c.meta, a, y, strlen(y)), CT_OK);
  ct_release_opts rel = {.name = "rel", .namespace = "ns", .revision = 1, .is_install = true};
  ct_value *top = ct_values_render_top(a, &c, ct_map_new(a, CT_MAP, 0), &rel);
  ct_value *r = ct_map_getc(top, "Release");
  assert_string_equal(ct_map_getc(r, "Name")->s.ptr, "rel");
  assert_string_equal(ct_map_getc(r, "Namespace")->s.ptr, "ns");
  assert_string_equal(ct_map_getc(r, "Service")->s.ptr, "Helm");
  assert_int_equal(ct_map_getc(r, "Revision")->type, CT_INT);
  assert_true(ct_map_getc(r, "IsInstall")->b);
  assert_false(ct_map_getc(r, "IsUpgrade")->b);
  assert_int_equal(ct_map_getc(top, "Chart")->type, CT_OBJECT);
  ct_arena_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(coalesce_globals_nulls),
      cmocka_unit_test(coalesce_warning_paths),
      cmocka_unit_test(dependencies_conditions_tags_alias_imports),
      cmocka_unit_test(render_values_share_nothing_with_charts),
      cmocka_unit_test(merge_order_and_errors),
      cmocka_unit_test(render_top),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
