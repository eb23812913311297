/* test_set.c — template sets and execution services: defines across parses, overlays (Helm's
 * tpl), re-entrant include, parse while executing, delimiters, function tables overriding
 * builtins, signatures and argument conversion, objects, options, recursion limits. */
#include <pthread.h>

#include "tpl/tpl_int.h"
#include "tpl_test.h"

/* ---- a Go struct-like object: .Name field, Get "k" / Has "k" methods, Boom fails ---- */
static int obj_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  (void)self;
  if (strcmp(name, "Name") == 0) {
    *out = ct_cstring(a, "objname");
    return 0;
  }
  if (strcmp(name, "Nil") == 0) {
    *out = NULL;
    return 0;
  }
  return -1;
}
static bool obj_has_method(const ct_value *self, const char *name) {
  (void)self;
  return strcmp(name, "Get") == 0 || strcmp(name, "Boom") == 0;
}
static int obj_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args, size_t nargs,
                      ct_arena *a, char *errbuf, size_t errlen) {
  (void)self;
  if (strcmp(name, "Get") == 0) {
    if (nargs != 1 || !args[0] || args[0]->type != CT_STRING) {
      snprintf(errbuf, errlen, "bad args");
      return -2;
    }
    *out = ct_string(a, args[0]->s.ptr, args[0]->s.len);
    return 0;
  }
  if (strcmp(name, "Boom") == 0) {
    snprintf(errbuf, errlen, "boom");
    return -2;
  }
  return -1;
}
static const ct_object_class obj_class = {"chartutil.Obj", obj_field, obj_method, obj_has_method, NULL, NULL, NULL};

/* a pointer to a struct, formatting as fmt's %v does: &{a b} */
static void ptr_format(const ct_value *self, ct_buf *out) {
  (void)self;
  ct_buf_puts(out, "&{Conformance Team conformance@example.com }");
}
static const ct_object_class ptr_class = {"*chart.Maintainer", obj_field, NULL, NULL, NULL, ptr_format, NULL};

typedef struct env {
  ct_tpl_set *s;
  ct_arena *a;
  ct_buf out, err;
} env;

static void env_init(env *e) {
  e->s = ct_tpl_set_new();
  ct_tpl_set_funcs(e->s, test_funcs, sizeof test_funcs / sizeof test_funcs[0]);
  e->a = ct_arena_new();
  ct_buf_init(&e->out);
  ct_buf_init(&e->err);
}
static void env_free(env *e) {
  ct_tpl_set_free(e->s);
  ct_arena_free(e->a);
  ct_buf_dispose(&e->out);
  ct_buf_dispose(&e->err);
}
static void parse_ok(env *e, const char *name, const char *text) {
  int rc = ct_tpl_parse(e->s, name, text, strlen(text), &e->err);
  if (rc != 0) fprintf(stderr, "parse: %s\n", ct_buf_str(&e->err));
  assert_int_equal(rc, 0);
}
static const char *exec_str(env *e, const char *name, ct_value *dot, int max_depth) {
  ct_buf_reset(&e->out);
  ct_buf_reset(&e->err);
  ct_exec_opts o = {e->a, NULL, max_depth, false};
  if (ct_tpl_execute(e->s, name, dot, &e->out, &o, &e->err) != 0) return ct_buf_str(&e->err);
  return ct_buf_str(&e->out);
}

static void later_define_replaces_earlier(void **state) {
  (void)state;
  env e;
  env_init(&e);
  parse_ok(&e, "a.tpl", "{{ define \"h\" }}first{{ end }}");
  parse_ok(&e, "b.tpl", "{{ define \"h\" }}second{{ end }}{{ define \"empty\" }}E{{ end }}");
  parse_ok(&e, "c.tpl", "{{ define \"empty\" }}  {{ end }}"); /* an empty define never replaces */
  parse_ok(&e, "main", "{{ template \"h\" }}|{{ template \"empty\" }}");
  assert_string_equal(exec_str(&e, "main", NULL, 0), "second|E");
  assert_true(ct_tpl_has(e.s, "h"));
  assert_false(ct_tpl_has(e.s, "nope"));
  /* a failed parse adds nothing */
  const char *bad = "{{ define \"h\" }}third{{ end }}{{ if }}";
  assert_int_equal(ct_tpl_parse(e.s, "d.tpl", bad, strlen(bad), &e.err), -1);
  assert_string_equal(ct_buf_str(&e.err), "template: d.tpl:1: missing value for if");
  assert_string_equal(exec_str(&e, "main", NULL, 0), "second|E");
  env_free(&e);
}

/* A definition whose text equals the set's current one of that name (a library vendored in
 * several subcharts) shares its nodes; it still replaces it as Go does, so errors name the
 * later file, at the later file's line and column. */
static void identical_definitions_share_nodes(void **state) {
  (void)state;
  env e;
  env_init(&e);
  const char *def = "{{ define \"lib.x\" }}{{ .a.b }}-{{ upper \"x\" }}{{ end }}";
  parse_ok(&e, "a/lib.tpl", def);
  char b[256];
  snprintf(b, sizeof b, "# b\n\n  %s", def); /* the same text, two lines and two columns on */
  const ct_tpl__node *first = ct_tpl__lookup(e.s, "lib.x")->root;
  parse_ok(&e, "b/lib.tpl", b);
  const ct_tpl__tree *t = ct_tpl__lookup(e.s, "lib.x");
  assert_ptr_equal(t->root, first);                /* shared, */
  assert_string_equal(t->parse_name, "b/lib.tpl"); /* under the later file's name */
  parse_ok(&e, "main", "{{ include \"lib.x\" . }}");
  ct_value *dot = ct_map_new(e.a, CT_MAP, 0);
  ct_value *inner = ct_map_new(e.a, CT_MAP, 0);
  ct_map_setc(e.a, inner, "b", ct_cstring(e.a, "v"));
  ct_map_setc(e.a, dot, "a", inner);
  assert_string_equal(exec_str(&e, "main", dot, 0), "v-X");
  ct_value *bad = ct_map_new(e.a, CT_MAP, 0);
  ct_map_setc(e.a, bad, "a", ct_cstring(e.a, "s"));
  assert_string_equal(
      exec_str(&e, "main", bad, 0),
      "template: main:1:3: executing \"main\" at <include \"lib.x\" .>: error calling include: "
      "template: b/lib.tpl:3:27: executing \"lib.x\" at <.a.b>: can't evaluate field b in type "
      "interface {}");
  /* a third identical copy at yet another place, then a different body replacing it */
  snprintf(b, sizeof b, "%s\n{{/* c */}}", def);
  parse_ok(&e, "c/lib.tpl", b);
  assert_string_equal(
      exec_str(&e, "main", bad, 0),
      "template: main:1:3: executing \"main\" at <include \"lib.x\" .>: error calling include: "
      "template: c/lib.tpl:1:25: executing \"lib.x\" at <.a.b>: can't evaluate field b in type "
      "interface {}");
  parse_ok(&e, "d/lib.tpl", "{{ define \"lib.x\" }}{{ .a.b }}+{{ end }}");
  assert_ptr_not_equal(ct_tpl__lookup(e.s, "lib.x")->root, first);
  assert_string_equal(exec_str(&e, "main", dot, 0), "v+");
  /* two definitions of one name in one text are still Go's error, identical or not */
  char two[256];
  snprintf(two, sizeof two, "%s%s", def, def);
  assert_int_equal(ct_tpl_parse(e.s, "e/lib.tpl", two, strlen(two), &e.err), -1);
  assert_string_equal(ct_buf_str(&e.err),
                      "template: e/lib.tpl:1: template: multiple definition of template \"lib.x\"");
  assert_string_equal(exec_str(&e, "main", dot, 0), "v+");
  env_free(&e);
}

/* node positions are 32-bit: a text of 4 GiB or more is refused before it is read */
static void texts_of_4_gib_are_refused(void **state) {
  (void)state;
  env e;
  env_init(&e);
  assert_int_equal(ct_tpl_parse(e.s, "huge.yaml", "x", (size_t)UINT32_MAX + 1, &e.err), -1);
  assert_string_equal(ct_buf_str(&e.err), "template: huge.yaml: template text of 4 GiB or more");
  assert_false(ct_tpl_has(e.s, "huge.yaml"));
  env_free(&e);
}

static void unknown_template_and_set_name(void **state) {
  (void)state;
  env e;
  env_init(&e);
  ct_tpl_set_name(e.s, "gotpl");
  assert_string_equal(exec_str(&e, "does.not.exist", NULL, 0),
                      "template: no template \"does.not.exist\" associated with template \"gotpl\"");
  env_free(&e);
}

static void overlay_is_a_clone(void **state) {
  (void)state;
  env e;
  env_init(&e);
  parse_ok(&e, "base", "{{ define \"h\" }}base-h{{ end }}");
  ct_tpl_set *o = ct_tpl_set_overlay(e.s);
  const char *t = "{{ define \"h\" }}tpl-h{{ end }}{{ template \"h\" }}/{{ upper \"x\" }}";
  assert_int_equal(ct_tpl_parse(o, "gotpl", t, strlen(t), &e.err), 0);
  ct_buf out = CT_BUF_INIT;
  ct_exec_opts opts = {e.a, NULL, 0, false};
  assert_int_equal(ct_tpl_execute(o, "gotpl", NULL, &out, &opts, &e.err), 0);
  assert_string_equal(ct_buf_str(&out), "tpl-h/X");
  ct_buf_dispose(&out);
  ct_tpl_set_free(o);
  /* the parent is untouched */
  parse_ok(&e, "main", "{{ template \"h\" }}");
  assert_string_equal(exec_str(&e, "main", NULL, 0), "base-h");
  assert_false(ct_tpl_has(e.s, "gotpl"));
  env_free(&e);
}

/* tpl-like function: parses its argument into the executing set while it runs */
static int tf_tpl(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  (void)n;
  ct_tpl_set *s = ct_call_set(c);
  ct_buf o = CT_BUF_INIT, e = CT_BUF_INIT;
  int rc = ct_tpl_parse(s, "gotpl", args[0]->s.ptr, args[0]->s.len, &e);
  if (rc == 0) {
    ct_exec_opts opts = *ct_call_exec_opts(c);
    rc = ct_tpl_execute(s, "gotpl", args[1], &o, &opts, &e);
  }
  if (rc != 0)
    ct_call_errorf(c, "%s", ct_buf_str(&e));
  else
    *out = ct_string(ct_call_arena(c), ct_buf_str(&o), o.len);
  ct_buf_dispose(&o);
  ct_buf_dispose(&e);
  return rc;
}

static void reentrant_include_and_parse_while_executing(void **state) {
  (void)state;
  env e;
  env_init(&e);
  static const ct_func extra[] = {{"tpl", "string,any->string,error", tf_tpl, NULL}};
  ct_tpl_set_funcs(e.s, extra, 1);
  parse_ok(&e, "_h.tpl", "{{ define \"name\" }}{{ .a }}-{{ include \"suffix\" . }}{{ end }}"
                         "{{ define \"suffix\" }}sfx{{ end }}");
  parse_ok(&e, "main", "{{ include \"name\" . | upper }} {{ tpl \"{{ .a }}{{ define \\\"new\\\" }}N{{ end }}\" . }}"
                       " {{ tpl \"{{ template \\\"new\\\" }}\" . }} {{ tpl \"{{ if }}\" . }}");
  ct_value *dot = tj(e.a, "{\"a\": \"A\"}");
  assert_string_equal(exec_str(&e, "main", dot, 0),
                      "template: main:1:124: executing \"main\" at <tpl \"{{ if }}\" .>: error calling tpl: "
                      "template: gotpl:1: missing value for if");
  /* the output before the error was written */
  assert_string_equal(ct_buf_str(&e.out), "A-SFX A N ");
  env_free(&e);
}

static void custom_delims(void **state) {
  (void)state;
  env e;
  env_init(&e);
  ct_tpl_set_delims(e.s, "[[", "]]");
  parse_ok(&e, "main", "{{ .a }} [[ .a ]] [[- \" x \" -]] [[/* c */]]|[[ .a]]");
  assert_string_equal(exec_str(&e, "main", tj(e.a, "{\"a\": 1}"), 0), "{{ .a }} 1 x |1");
  env_free(&e);
}

static int tf_myindex(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  (void)args;
  (void)n;
  *out = ct_cstring(ct_call_arena(c), "overridden");
  return 0;
}

static void funcs_override_builtins(void **state) {
  (void)state;
  env e;
  env_init(&e);
  static const ct_func over[] = {{"index", "...any->string", tf_myindex, NULL}};
  ct_tpl_set_funcs(e.s, over, 1);
  parse_ok(&e, "main", "{{ index 1 2 3 }}");
  assert_string_equal(exec_str(&e, "main", NULL, 0), "overridden");
  env_free(&e);
}

/* exec looks functions up once per node and caches them: the cache must follow functions
 * added after parsing (Go looks them up at execution) and sets made and freed in between */
static void function_lookups_follow_later_changes(void **state) {
  (void)state;
  env e;
  env_init(&e);
  parse_ok(&e, "main", "{{ upper \"a\" }}{{ upper \"b\" }}");
  assert_string_equal(exec_str(&e, "main", NULL, 0), "AB");
  static const ct_func over[] = {{"upper", "...any->string", tf_myindex, NULL}};
  for (int round = 0; round < 3; round++) {
    /* an overlay with its own upper, then a fresh overlay (maybe at the same address) without */
    ct_tpl_set *o = ct_tpl_set_overlay(e.s);
    ct_tpl_set_funcs(o, over, 1);
    ct_buf out = CT_BUF_INIT;
    ct_exec_opts opts = {e.a, NULL, 0, false};
    assert_int_equal(ct_tpl_execute(o, "main", NULL, &out, &opts, &e.err), 0);
    assert_string_equal(ct_buf_str(&out), "overriddenoverridden");
    ct_tpl_set_free(o);
    o = ct_tpl_set_overlay(e.s);
    ct_buf_reset(&out);
    assert_int_equal(ct_tpl_execute(o, "main", NULL, &out, &opts, &e.err), 0);
    assert_string_equal(ct_buf_str(&out), "AB");
    ct_tpl_set_free(o);
    ct_buf_dispose(&out);
    assert_string_equal(exec_str(&e, "main", NULL, 0), "AB");
  }
  /* a table added to the set itself after parsing wins from then on */
  ct_tpl_set_funcs(e.s, over, 1);
  assert_string_equal(exec_str(&e, "main", NULL, 0), "overriddenoverridden");
  env_free(&e);
}

static void break_and_continue_as_functions(void **state) {
  (void)state;
  env e;
  env_init(&e);
  static const ct_func bf[] = {{"break", "->string", tf_myindex, NULL}};
  ct_tpl_set_funcs(e.s, bf, 1);
  parse_ok(&e, "main", "{{ break }}");
  assert_string_equal(exec_str(&e, "main", NULL, 0), "overridden");
  env_free(&e);
}

static int tf_sig(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  ct_buf b = CT_BUF_INIT;
  for (size_t i = 0; i < n; i++) ct_buf_printf(&b, "%s%s", i ? "," : "", ct_type_name(args[i]));
  *out = ct_string(ct_call_arena(c), ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return 0;
}

static void signatures_convert_arguments(void **state) {
  (void)state;
  env e;
  env_init(&e);
  static const ct_func sf[] = {
      {"i64", "int64,float64,string->string", tf_sig, NULL},
      {"sl", "[]string,map[string]any->string", tf_sig, NULL},
      {"vs", "string,...string->string", tf_sig, NULL},
      {"b", "bool->string", tf_sig, NULL},
  };
  ct_tpl_set_funcs(e.s, sf, 4);
  struct {
    const char *t, *want;
  } cases[] = {
      {"{{ i64 1 2 \"s\" }}", "int64,float64,string"},
      {"{{ i64 1 2.5 \"s\" }}", "int64,float64,string"},
      {"{{ i64 1.5 2 \"s\" }}", "template: main:1:7: executing \"main\" at <1.5>: expected integer; found 1.5"},
      {"{{ i64 2.0 2 \"s\" }}", "int64,float64,string"},
      {"{{ i64 1 2 3 }}", "template: main:1:11: executing \"main\" at <3>: expected string; found 3"},
      {"{{ \"s\" | i64 1 2 }}", "int64,float64,string"},
      {"{{ i64 .f 2 \"s\" }}", "template: main:1:7: executing \"main\" at <.f>: wrong type for value; expected int64; got float64"},
      {"{{ sl nil nil }}", "<nil>,<nil>"},
      {"{{ sl .m .m }}", "template: main:1:6: executing \"main\" at <.m>: wrong type for value; expected []string; got map[string]interface {}"},
      {"{{ sl \"a\" .m }}", "template: main:1:6: executing \"main\" at <\"a\">: can't handle \"a\" for arg of type []string"},
      {"{{ vs \"a\" \"b\" \"c\" }}", "string,string,string"},
      {"{{ vs }}", "template: main:1:3: executing \"main\" at <vs>: wrong number of args for vs: want at least 1 got 0"},
      {"{{ vs \"a\" nil }}", "template: main:1:10: executing \"main\" at <nil>: cannot assign nil to string"},
      {"{{ b true }}", "bool"},
      {"{{ b 1 }}", "template: main:1:5: executing \"main\" at <1>: expected bool; found 1"},
      {"{{ b .missing }}", "template: main:1:5: executing \"main\" at <.missing>: wrong type for value; expected bool; got interface {}"},
      {"{{ .missing | b }}", "template: main:1:14: executing \"main\" at <b>: invalid value; expected bool"},
      {"{{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf 1e2 }} {{ typeOf 'x' }} {{ typeOf 0x10 }} {{ typeOf nil }}",
       "int float64 float64 int int <nil>"},
      {"{{ add 1 2 | add 3 }}", "6"},
      {"{{ fail \"boom\" }}", "template: main:1:3: executing \"main\" at <fail \"boom\">: error calling fail: boom"},
      {"{{ \"x\" | fail }}", "template: main:1:9: executing \"main\" at <fail>: error calling fail: x"},
      {"{{ nilf }}|{{ typeOf nilf }}|{{ print (nilf) }}", "<no value>|<nil>|<nil>"},
      {"{{ upper nilf }}", "template: main:1:9: executing \"main\" at <nilf>: wrong type for value; expected string; got interface {}"},
      {"{{ nilf | upper }}", "template: main:1:10: executing \"main\" at <upper>: invalid value; expected string"},
      {"{{ takesList (list 1 2) }} {{ takesList nil }}", "[]interface {} <nil>"},
      {"{{ takesList \"x\" }}", "template: main:1:13: executing \"main\" at <\"x\">: can't handle \"x\" for arg of type []interface {}"},
  };
  ct_value *dot = tj(e.a, "{\"f\": 1, \"m\": {}}");
  bool ok = true;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_tpl_set *s2 = ct_tpl_set_overlay(e.s);
    ct_buf err = CT_BUF_INIT, out = CT_BUF_INIT;
    int rc = ct_tpl_parse(s2, "main", cases[i].t, strlen(cases[i].t), &err);
    if (rc == 0) {
      ct_exec_opts o = {e.a, NULL, 0, false};
      rc = ct_tpl_execute(s2, "main", dot, &out, &o, &err);
    }
    const char *got = rc == 0 ? ct_buf_str(&out) : ct_buf_str(&err);
    if (strcmp(got, cases[i].want) != 0) fprintf(stderr, "case %zu: %s\n  got: %s\n", i, cases[i].t, got);
    ok = ok && strcmp(got, cases[i].want) == 0;
    ct_buf_dispose(&err);
    ct_buf_dispose(&out);
    ct_tpl_set_free(s2);
  }
  assert_true(ok);
  env_free(&e);
}

static void raw_errors_and_udata(void **state) {
  (void)state;
  env e;
  env_init(&e);
  parse_ok(&e, "main", "{{ include \"boom\" . }}");
  parse_ok(&e, "b.tpl", "{{ define \"boom\" }}\n  {{ fail \"inner\" }}{{ end }}");
  assert_string_equal(exec_str(&e, "main", NULL, 0),
                      "template: main:1:3: executing \"main\" at <include \"boom\" .>: error calling include: "
                      "template: b.tpl:2:5: executing \"boom\" at <fail \"inner\">: error calling fail: inner");
  env_free(&e);
}

static void objects_fields_and_methods(void **state) {
  (void)state;
  env e;
  env_init(&e);
  ct_value *top = ct_map_new(e.a, CT_MAP, 1);
  ct_map_setc(e.a, top, "Obj", ct_object(e.a, &obj_class, NULL));
  parse_ok(&e, "main", "{{ .Obj.Name }} {{ .Obj.Get \"k\" }} {{ \"p\" | .Obj.Get }} {{ with .Obj }}{{ .Name }}{{ end }}");
  assert_string_equal(exec_str(&e, "main", top, 0), "objname k p objname");
  /* read out of a map[string]interface {}, Go names the static type */
  parse_ok(&e, "e1", "{{ .Obj.Nope }}");
  assert_string_equal(exec_str(&e, "e1", top, 0),
                      "template: e1:1:7: executing \"e1\" at <.Obj.Nope>: can't evaluate field Nope in type interface {}");
  parse_ok(&e, "e0", "{{ .Nope }}");
  assert_string_equal(exec_str(&e, "e0", ct_object(e.a, &obj_class, NULL), 0),
                      "template: e0:1:3: executing \"e0\" at <.Nope>: can't evaluate field Nope in type chartutil.Obj");
  parse_ok(&e, "e2", "{{ .Obj.Boom }}");
  assert_string_equal(exec_str(&e, "e2", top, 0),
                      "template: e2:1:7: executing \"e2\" at <.Obj.Boom>: error calling Boom: boom");
  parse_ok(&e, "e3", "{{ .Obj.Name 1 }}");
  assert_string_equal(exec_str(&e, "e3", top, 0),
                      "template: e3:1:7: executing \"e3\" at <.Obj.Name>: Name has arguments but cannot be invoked as function");
  /* an action prints a pointer dereferenced, print/printf do not */
  parse_ok(&e, "p1", "{{ . }}|{{ print . }}|{{ .Name }}");
  assert_string_equal(exec_str(&e, "p1", ct_object(e.a, &ptr_class, NULL), 0),
                      "{Conformance Team conformance@example.com }|&{Conformance Team conformance@example.com }|objname");
  parse_ok(&e, "e4", "{{ .Obj.Nil.x }}");
  assert_string_equal(exec_str(&e, "e4", top, 0),
                      "template: e4:1:7: executing \"e4\" at <.Obj.Nil.x>: nil pointer evaluating interface {}.x");
  env_free(&e);
}

static void string_maps_and_lists(void **state) {
  (void)state;
  env e;
  env_init(&e);
  ct_value *sm = ct_map_new(e.a, CT_STRMAP, 2);
  ct_map_setc(e.a, sm, "b", ct_cstring(e.a, "B"));
  ct_map_setc(e.a, sm, "a", ct_cstring(e.a, "A"));
  ct_value *sl = ct_list_new(e.a, CT_STRLIST, 2);
  ct_list_push(e.a, sl, ct_cstring(e.a, "x"));
  ct_list_push(e.a, sl, ct_cstring(e.a, "y"));
  ct_value *top = ct_map_new(e.a, CT_MAP, 3);
  ct_map_setc(e.a, top, "sm", sm);
  ct_map_setc(e.a, top, "sl", sl);
  ct_map_setc(e.a, top, "by", ct_bytes(e.a, "hi", 2));
  parse_ok(&e, "main",
           "[{{ .sm.missing }}][{{ index .sm \"zz\" }}]{{ range $k, $v := .sm }}{{ $k }}{{ $v }}{{ end }}"
           " {{ .sl }} {{ index .sl 1 }} {{ range .by }}{{ . }},{{ end }} {{ len .by }} {{ slice .sl 1 }}");
  assert_string_equal(exec_str(&e, "main", top, 0), "[][]aAbB [x y] y 104,105, 2 [y]");
  env_free(&e);
}

static void missingkey_error_option(void **state) {
  (void)state;
  char *r = run_opts("{{ .a.b }}", "{\"a\": {}}", 0, true);
  assert_string_equal(r, "ERR: template: t:1:5: executing \"t\" at <.a.b>: map has no entry for key \"b\"");
  free(r);
  r = run_opts("{{ $x := .a.c }}{{ $x.d }}", "{\"a\": {\"c\": null}}", 0, true);
  assert_string_equal(r, "ERR: template: t:1:21: executing \"t\" at <$x.d>: nil data; no entry for key \"d\"");
  free(r);
  r = run_opts("{{ .a.c }}", "{\"a\": {\"c\": null}}", 0, true);
  assert_string_equal(r, "<no value>");
  free(r);
}

static void recursion_limits(void **state) {
  (void)state;
  /* the configured limit, with Go's message */
  char *r = run_opts("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}", "{}", 50, false);
  assert_string_equal(r, "ERR: template: t:1:28: executing \"r\" at <{{template \"r\" .}}>: exceeded maximum template depth (50)");
  free(r);
  /* a recursion that ends inside the limit runs */
  r = run_opts("{{ define \"r\" }}{{ if lt . 40 }}{{ template \"r\" (add . 1) }}{{ else }}{{ . }}{{ end }}{{ end }}"
               "{{ template \"r\" 0 }}",
               "{}", 50, false);
  assert_string_equal(r, "40");
  free(r);
  /* unbounded recursion with the default limit fails cleanly, whatever the C stack */
  r = run("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}", "{}");
  assert_string_equal(r, "ERR: template: t:1:28: executing \"r\" at <{{template \"r\" .}}>: exceeded maximum template depth (100000)");
  free(r);
  /* deep include nesting (Helm allows 1000) */
  r = run("{{ define \"i\" }}{{ if lt . 1000 }}{{ include \"i\" (add . 1) }}{{ else }}deep{{ end }}{{ end }}"
          "{{ include \"i\" 0 }}",
          "{}");
  assert_string_equal(r, "deep");
  free(r);
  /* deeply nested parentheses fail to parse cleanly */
  size_t n = 20000;
  char *t = malloc(2 * n + 16);
  size_t k = 0;
  memcpy(t, "{{ ", 3);
  k = 3;
  for (size_t i = 0; i < n; i++) t[k++] = '(';
  t[k++] = '1';
  for (size_t i = 0; i < n; i++) t[k++] = ')';
  memcpy(t + k, " }}", 4);
  r = run(t, "{}");
  assert_string_equal(r, "ERR: template: t:1: max expression depth exceeded");
  free(r);
  free(t);
}

/* Nested parenthesised pipelines that parse on a small stack must not overflow it when they
 * run: the executor checks its stack budget per pipeline too. */
typedef struct deep_job {
  const char *tpl;
  char *out;
} deep_job;

static void *deep_thread(void *arg) {
  deep_job *j = arg;
  j->out = run(j->tpl, "{}");
  return NULL;
}

static void deep_pipelines_on_a_small_stack(void **state) {
  (void)state;
  size_t n = 3000;
  char *t = malloc(12 * n + 16), *w = t;
  w += sprintf(w, "{{ ");
  for (size_t i = 0; i < n; i++) w += sprintf(w, "(add 1 ");
  *w++ = '1';
  for (size_t i = 0; i < n; i++) *w++ = ')';
  strcpy(w, " }}");
  static const size_t stacks[] = {(size_t)512 << 10, (size_t)1 << 20, (size_t)2 << 20, (size_t)64 << 20};
  for (size_t i = 0; i < sizeof stacks / sizeof *stacks; i++) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stacks[i]);
    deep_job j = {t, NULL};
    pthread_t th;
    assert_int_equal(pthread_create(&th, &attr, deep_thread, &j), 0);
    pthread_join(th, NULL);
    pthread_attr_destroy(&attr);
    assert_non_null(j.out);
    if (strcmp(j.out, "3001") && !strstr(j.out, "max expression depth exceeded"))
      fail_msg("stack %zu: %.200s", stacks[i], j.out);
    if (stacks[i] == ((size_t)64 << 20)) assert_string_equal(j.out, "3001");
    free(j.out);
  }
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(deep_pipelines_on_a_small_stack),
      cmocka_unit_test(later_define_replaces_earlier),
      cmocka_unit_test(texts_of_4_gib_are_refused),
      cmocka_unit_test(identical_definitions_share_nodes),
      cmocka_unit_test(unknown_template_and_set_name),
      cmocka_unit_test(overlay_is_a_clone),
      cmocka_unit_test(reentrant_include_and_parse_while_executing),
      cmocka_unit_test(custom_delims),
      cmocka_unit_test(funcs_override_builtins),
      cmocka_unit_test(break_and_continue_as_functions),
      cmocka_unit_test(function_lookups_follow_later_changes),
      cmocka_unit_test(signatures_convert_arguments),
      cmocka_unit_test(raw_errors_and_udata),
      cmocka_unit_test(objects_fields_and_methods),
      cmocka_unit_test(string_maps_and_lists),
      cmocka_unit_test(missingkey_error_option),
      cmocka_unit_test(recursion_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
