/* test_tree_codec.c — parse-tree records (tree_codec.c, the parse cache's payload): a record
 * loaded into another set, against another copy of the same text, gives trees that are the
 * same node for node and that execute to the same output and the same errors (positions
 * included), for every node type, shared {{define}}s across files and custom delimiters;
 * malformed records (truncated, other text, random damage) are refused without crashing. */
#include "tpl/tpl_int.h"
#include "tpl_test.h"

/* ---- structural comparison ---- */

/* A (positions shifted by DA, texts in TA) against B (DB, TB): B's spans must point into TB. */
static void cmp_node(const ct_tpl__node *a, int64_t da, const ct_tpl__node *b, int64_t db,
                     const char *tb);

static void cmp_list(const ct_tpl__nlist *a, int64_t da, const ct_tpl__nlist *b, int64_t db,
                     const char *tb) {
  assert_int_equal(a->n, b->n);
  for (uint32_t i = 0; i < a->n; i++)
    cmp_node(a->items[i], da, b->items[i], db, tb);
}

static void cmp_names(const char **a, const char **b, size_t n) {
  for (size_t i = 0; i < n; i++)
    assert_string_equal(a[i], b[i]);
}

static void cmp_node(const ct_tpl__node *a, int64_t da, const ct_tpl__node *b, int64_t db,
                     const char *tb) {
  if (!a || !b) {
    assert_ptr_equal(a, b);
    return;
  }
  /* a loaded branch list is decoded where it is first walked: here */
  if (b->type == N_LAZY) assert_true(ct_tpl__decode_lazy((ct_tpl__node *)b));
  assert_int_equal(a->type, b->type);
  int64_t pos = (int64_t)b->pos + db;
  assert_int_equal((int64_t)a->pos + da, pos);
  switch ((ct_tpl__ntype)a->type) {
  case N_TEXT:
  case N_COMMENT:
    assert_int_equal(a->text.len, b->text.len);
    assert_memory_equal(a->text.s, b->text.s, a->text.len);
    assert_ptr_equal(b->text.s, tb + pos); /* B's own copy of the text */
    break;
  case N_LIST:
  case N_COMMAND: cmp_list(&a->list, da, &b->list, db, tb); break;
  case N_PIPE:
    assert_int_equal(a->ndecl, b->ndecl);
    assert_int_equal(a->is_assign, b->is_assign);
    for (unsigned i = 0; i < a->ndecl; i++)
      cmp_node(a->pipe.decl[i], da, b->pipe.decl[i], db, tb);
    cmp_list(&a->pipe.cmds, da, &b->pipe.cmds, db, tb);
    break;
  case N_ACTION: cmp_node(a->action, da, b->action, db, tb); break;
  case N_IF:
  case N_RANGE:
  case N_WITH:
    cmp_node(a->branch.pipe, da, b->branch.pipe, db, tb);
    cmp_node(a->branch.list, da, b->branch.list, db, tb);
    cmp_node(a->branch.else_list, da, b->branch.else_list, db, tb);
    break;
  case N_TEMPLATE:
    assert_string_equal(a->tmpl.name, b->tmpl.name);
    cmp_node(a->tmpl.pipe, da, b->tmpl.pipe, db, tb);
    break;
  case N_IDENT:
    assert_string_equal(a->ident.name, b->ident.name);
    assert_null(b->ident.fn); /* exec's cache starts empty */
    break;
  case N_FIELD:
  case N_VARIABLE:
    assert_int_equal(a->field.n, b->field.n);
    cmp_names(a->field.idents, b->field.idents, a->field.n);
    break;
  case N_CHAIN:
    cmp_node(a->chain.node, da, b->chain.node, db, tb);
    assert_int_equal(a->chain.n, b->chain.n);
    cmp_names(a->chain.fields, b->chain.fields, a->chain.n);
    break;
  case N_BOOL: assert_int_equal(a->b, b->b); break;
  case N_NUMBER: {
    const ct_tpl__num *x = a->num, *y = b->num;
    assert_int_equal(x->flags, y->flags);
    assert_int_equal(x->i, y->i);
    assert_int_equal(x->u, y->u);
    assert_memory_equal(&x->f, &y->f, sizeof x->f);
    assert_string_equal(x->text, y->text);
    if (!x->ideal || !y->ideal) {
      assert_ptr_equal(x->ideal, y->ideal);
      break;
    }
    assert_int_equal(x->ideal->type, y->ideal->type);
    double r1, i1, r2, i2;
    if (x->ideal->type == CT_INT) {
      assert_int_equal(x->ideal->i, y->ideal->i);
    } else if (x->ideal->type == CT_FLOAT64) {
      assert_memory_equal(&x->ideal->f, &y->ideal->f, sizeof(double));
    } else {
      assert_true(ct_tpl__complex_parts(x->ideal, &r1, &i1));
      assert_true(ct_tpl__complex_parts(y->ideal, &r2, &i2));
      assert_memory_equal(&r1, &r2, sizeof r1);
      assert_memory_equal(&i1, &i2, sizeof i1);
    }
    break;
  }
  case N_STRING:
    assert_int_equal(a->str.qlen, b->str.qlen);
    assert_memory_equal(a->str.quoted, b->str.quoted, a->str.qlen);
    assert_ptr_equal(b->str.quoted, tb + pos);
    assert_int_equal(b->str.val->type, CT_STRING);
    assert_int_equal(a->str.val->s.len, b->str.val->s.len);
    assert_memory_equal(a->str.val->s.ptr, b->str.val->s.ptr, a->str.val->s.len);
    break;
  case N_DOT:
  case N_NIL:
  case N_BREAK:
  case N_CONTINUE: break;
  default: fail_msg("node type %d in a tree", a->type);
  }
}

/* One template file: its name and B's copy of its text (A's is the caller's). */
typedef struct tfile {
  const char *name;
  const char *copy;
} tfile;

/* Every template of set A is in B with the same trees (B's texts: the copies of FILES). */
static void cmp_sets(ct_tpl_set *a, ct_tpl_set *b, const tfile *files, size_t nfiles) {
  assert_int_equal(a->tmpls.n, b->tmpls.n);
  for (size_t i = 0; i < a->tmpls.cap; i++) {
    const ct_tpl__tree *ta = a->tmpls.slots[i];
    if (!ta) continue;
    const ct_tpl__tree *tb = ct_tpl__lookup(b, ta->name);
    assert_non_null(tb);
    assert_string_equal(ta->name, tb->name);
    assert_string_equal(ta->parse_name, tb->parse_name);
    const char *copy = NULL;
    for (size_t k = 0; k < nfiles; k++)
      if (strcmp(files[k].name, tb->parse_name) == 0) copy = files[k].copy;
    assert_non_null(copy);
    assert_ptr_equal(tb->text, copy);
    assert_int_equal(ta->text_len, tb->text_len);
    assert_memory_equal(ta->text, tb->text, ta->text_len);
    assert_int_equal(ta->def_start, tb->def_start);
    assert_int_equal(ta->def_len, tb->def_len);
    assert_int_equal(tb->pos_delta, 0);
    assert_ptr_equal(tb->ldelim, b->ldelim);
    assert_ptr_equal(tb->rdelim, b->rdelim);
    cmp_node(ta->root, ta->pos_delta, tb->root, 0, copy);
  }
}

/* ---- execution ---- */

static const char *DATA = "{\"a\": {\"b\": {\"c\": \"deep\"}}, \"list\": [1, 2, 3], "
                          "\"m\": {\"k\": \"v\", \"z\": \"w\"}, \"s\": \"str\", \"t\": true, "
                          "\"f\": false, \"n\": null, \"e\": [], \"i\": 3i}";

static ct_tpl_set *new_set(const char *ld, const char *rd) {
  ct_tpl_set *s = ct_tpl_set_new();
  ct_tpl_set_funcs(s, test_funcs, sizeof test_funcs / sizeof test_funcs[0]);
  if (ld) ct_tpl_set_delims(s, ld, rd);
  return s;
}

/* Output of template NAME, or "ERR: " and the error (caller frees). */
static char *exec_one(ct_tpl_set *s, const char *name) {
  ct_arena *a = ct_arena_new();
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  ct_exec_opts o = {a, NULL, 50, false};
  char *res;
  if (ct_tpl_execute(s, name, tj(a, DATA), &out, &o, &err) != 0) {
    res = malloc(err.len + 6);
    sprintf(res, "ERR: %s", ct_buf_str(&err));
  } else {
    res = strdup(ct_buf_str(&out));
  }
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return res;
}

/* Every template of A executes in B to the same output or error; returns how many failed. */
static int cmp_exec(ct_tpl_set *a, ct_tpl_set *b) {
  int errors = 0;
  for (size_t i = 0; i < a->tmpls.cap; i++) {
    const ct_tpl__tree *ta = a->tmpls.slots[i];
    if (!ta) continue;
    char *x = exec_one(a, ta->name), *y = exec_one(b, ta->name);
    if (strcmp(x, y) != 0) fprintf(stderr, "template %s\n", ta->name);
    assert_string_equal(x, y);
    errors += strncmp(x, "ERR: ", 5) == 0;
    free(x);
    free(y);
    const char *t1, *t2;
    size_t l1, l2;
    bool o1 = ct_tpl_text_only(a, ta->name, &t1, &l1), o2 = ct_tpl_text_only(b, ta->name, &t2, &l2);
    assert_int_equal(o1, o2);
    if (o1) {
      assert_int_equal(l1, l2);
      assert_memory_equal(t1, t2, l1);
    }
  }
  return errors;
}

/* Parses FILES (names and texts) into a set with recording, loads the records into another
 * set against copies of the texts, compares both sets; the records are appended to ALL (if
 * given, one after another as the parse cache keeps them). Returns the number of templates
 * whose execution failed. */
static int round_trip_files(const char *const *names, const char *const *texts, size_t n,
                            const char *ld, const char *rd, ct_buf *all) {
  ct_tpl_set *a = new_set(ld, rd), *b = new_set(ld, rd);
  ct_buf err = CT_BUF_INIT, rec = CT_BUF_INIT;
  tfile files[8];
  assert_true(n <= 8);
  for (size_t i = 0; i < n; i++) {
    bool recorded = false;
    int rc = ct_tpl_parse_record(a, names[i], texts[i], strlen(texts[i]), &err, &rec, &recorded);
    if (rc != 0) fprintf(stderr, "%s: %s\n", texts[i], ct_buf_str(&err));
    assert_int_equal(rc, 0);
    if (!recorded) fprintf(stderr, "not recorded: %s\n", texts[i]);
    assert_true(recorded);
    files[i].name = names[i];
    files[i].copy = strdup(texts[i]); /* another address, same bytes */
  }
  size_t off = 0;
  for (size_t i = 0; i < n; i++) {
    bool ok = ct_tpl_load_record(b, names[i], files[i].copy, strlen(files[i].copy),
                                 (const unsigned char *)rec.ptr, rec.len, &off);
    if (!ok) fprintf(stderr, "load failed: %s\n", texts[i]);
    assert_true(ok);
  }
  assert_int_equal(off, rec.len);
  cmp_sets(a, b, files, n);
  int errors = cmp_exec(a, b);
  if (all) ct_buf_put(all, rec.ptr, rec.len);
  ct_tpl_set_free(a);
  ct_tpl_set_free(b);
  for (size_t i = 0; i < n; i++)
    free((char *)files[i].copy);
  ct_buf_dispose(&err);
  ct_buf_dispose(&rec);
  return errors;
}

static int round_trip(const char *text, ct_buf *all) {
  const char *name = "x";
  return round_trip_files(&name, &text, 1, NULL, NULL, all);
}

/* The error of executing NAME in a set loaded from the record of FILES, and of the parsed
 * set: both must be WANT. */
static void expect_error(const char *const *names, const char *const *texts, size_t n,
                         const char *exec_name, const char *want) {
  ct_tpl_set *a = new_set(NULL, NULL), *b = new_set(NULL, NULL);
  ct_buf err = CT_BUF_INIT, rec = CT_BUF_INIT;
  char *copies[8];
  for (size_t i = 0; i < n; i++) {
    bool recorded;
    assert_int_equal(
        ct_tpl_parse_record(a, names[i], texts[i], strlen(texts[i]), &err, &rec, &recorded), 0);
    assert_true(recorded);
    copies[i] = strdup(texts[i]);
  }
  size_t off = 0;
  for (size_t i = 0; i < n; i++)
    assert_true(ct_tpl_load_record(b, names[i], copies[i], strlen(copies[i]),
                                   (const unsigned char *)rec.ptr, rec.len, &off));
  char *x = exec_one(a, exec_name), *y = exec_one(b, exec_name);
  assert_string_equal(x, want);
  assert_string_equal(y, want);
  free(x);
  free(y);
  ct_tpl_set_free(a);
  ct_tpl_set_free(b);
  for (size_t i = 0; i < n; i++)
    free(copies[i]);
  ct_buf_dispose(&err);
  ct_buf_dispose(&rec);
}

/* ---- the cases ---- */

/* Templates with many kinds of node, for the damaged-record tests. */
static const char *const RICH[] = {
    ("{{range $i, $v := .list}}{{if eq $v 2.0}}{{continue}}{{end}}{{$i}}={{$v}};{{if eq $v 3.0}}"
     "{{break}}{{end}}{{else}}empty{{end}}"),
    "{{with .m.k}}{{.}}{{else with .s}}{{.}}{{else}}none{{end}}{{if .t}}y{{else if .f}}n{{end}}",
    "{{block \"blk\" .}}block {{.s}}{{end}}{{template \"blk\" (print \"x\" .s | upper)}}",
    "{{$x := .a}}{{$x.b.c}}{{$x = .m}}{{$x.k}}{{$}}{{$.s}}{{(index . \"a\").b.c}}",
    "{{true}} {{false}} {{print nil}} {{ and .t .f }} {{ (printf \"%s\" (print .s)) }}",
    "{{42}} {{-7}} {{0x1F}} {{1e3}} {{1.5}} {{'a'}} {{1i}} {{0o17}} {{1_000}} {{1+2i}}",
    "{{\"a\\tb\"}} {{\"\xc3\xa9\"}} {{`x`}} {{\"\\u00e9\\x41\"}} {{`a\r\nb`}}",
    "a  {{- .s -}}  b\n{{- /* comment */ -}}\nc {{/* another */}} d\n{{ fail \"x\" }}",
};

/* Templates covering every node type the parser leaves in a tree. */
static const char *const CASES[] = {
    "",
    "plain text only, no actions\n",
    "{{.s}} and {{ .a.b.c }} and {{ .m.k }}",
    "{{.}}",
    "{{ with .s }}{{ . }}{{ end }}",
    "{{if .t}}yes{{else if .f}}no{{else}}neither{{end}}",
    "{{if .f}}yes{{else if .t}}second{{end}}|{{if .n}}a{{else}}b{{end}}",
    "{{range $i, $v := .list}}{{$i}}={{$v}};{{else}}empty{{end}}",
    "{{range .e}}x{{else}}none{{end}}",
    "{{range $v := .list}}{{$v}}{{end}}|{{range $k, $v := .m}}{{$k}}:{{$v}} {{end}}",
    "{{range .list}}{{if eq . 2.0}}{{continue}}{{end}}{{if eq . 3.0}}{{break}}{{end}}{{.}}{{end}}",
    "{{with .m.k}}{{.}}{{else with .s}}{{.}}{{else}}none{{end}}",
    "{{with .nothing}}{{.}}{{else with .s}}[{{.}}]{{else}}none{{end}}",
    "{{with .nothing}}a{{else}}b{{end}}",
    "{{define \"d1\"}}D1({{.}}){{end}}{{template \"d1\" .s}}{{template \"d1\"}}",
    "{{block \"blk\" .}}block {{.s}}{{end}} after",
    "{{template \"d3\" (print \"x\" .s | upper)}}{{define \"d3\"}}<{{.}}>{{end}}",
    "{{(printf \"%s-%s\" (print .s) (print (len .list)))}}",
    "{{ printf \"%v\" (printf \"%v\" (printf \"%v\" (add 1 2 .i))) }}",
    "{{$x := .a}}{{$x.b.c}}{{$x = .m}}{{$x.k}}{{$}}{{$.s}}",
    "{{ with $y := .s }}{{ $y }}{{ end }}{{ if $z := .t }}{{ $z }}{{ end }}",
    "{{(index . \"a\").b.c}} {{(.a).b.c}} {{ (index .m \"k\") }}",
    "{{ ((.a).b).c }} {{ $x := .a }}{{ ($x).b.c }} {{ (list .m).x }}",
    "{{ $i := 0 }}{{ $v := 0 }}{{ range $i, $v = .list }}{{ end }}{{ $i }}-{{ $v }}",
    "{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}",
    "{{true}} {{false}} {{print nil}} {{ and .t .f }} {{ or .f .s }} {{ not .t }}",
    "{{42}} {{-7}} {{0x1F}} {{1e3}} {{1.5}} {{'a'}} {{1i}} {{0o17}} {{1_000}} {{-0x10}}",
    "{{print 42 -7 0x1F 1e3 1.5 'a' 0o17 1_000 0b101 1e100 0x1p-2 -0.0 1E-3 0X_1F 0.5e+1}}",
    "{{ printf \"%v %v %v\" 9223372036854775807 -9223372036854775808 4294967296 }}",
    "{{printf \"%T %T %T %T %T\" 1i 'a' 1.5 42 2.5i}} {{'\\n'}} {{'\\u00e9'}} {{1+2i}}",
    "{{\"a\\tb\"}} {{\"é\"}} {{`x`}} {{\"\\u00e9\\x41\"}} {{`raw\\n`}} {{\"\"}} {{``}}",
    "{{`a\r\nb`}}|{{ \"quote\\\"d\" }}",
    "a  {{- .s -}}  b\n{{- /* comment */ -}}\nc {{/* another\n one */}} d  {{- 1 }}",
    "{{- /* only a comment */ -}}",
    "{{.s | printf \"%q\" | printf \"%s!\"}} {{ .m.k | upper | printf \"%s?\" }}",
    "{{ typeOf .i }} {{ typeOf .list }} {{ len .m }} {{ index .list 1 }} {{ slice .s 1 2 }}",
    "{{ takesList (list 1 2) }} {{ takesFloat 1 }} {{ nilf }}",
    "é\nline two\n  {{ .s }}\n{{ range .list }}\n  {{ . }}{{ end }}",
    "{{ .nothing }} {{ .n }} {{ .m.nope }}",
    ("{{ range $i, $v := .list }}{{ range $j, $w := $.list }}{{ if eq $i $j }}{{ $w }}"
     "{{ end }}{{ end }}{{ end }}"),
    ("{{ template \"in\" . }}{{ define \"in\" }}{{ template \"in2\" .s }}{{ end }}"
     "{{ define \"in2\" }}[{{ . }}]{{ end }}"),
    "{{ define \"x\" }}the file's own name{{ end }}",
    "{{ define \"empty\" }}{{ end }}{{ define \"space\" }}  {{ end }}",
    "{{ printf \"%d\" (len (index (list (list 1 2 3)) 0)) }}",
    /* execution errors (the messages are compared, positions included) */
    "line one\nline two\n    {{ fail \"boom\" }}",
    "a\nb\n{{ index .list 5 }}",
    "{{ .s.x }}",
    "x\n  y {{ (index . \"s\").field }}",
    "{{ .nothing.deeper }}",
    "{{ template \"nope\" }}",
    "{{ define \"rec\" }}{{ template \"rec\" . }}{{ end }}{{ template \"rec\" . }}",
    "{{ define \"e\" }}\n\n   {{ fail . }}{{ end }}{{ template \"e\" \"inner\" }}",
    "{{ add 1 .s }}",
    "{{ $x := 1 }}{{ $x.y }}",
    "{{ range .s }}{{ end }}",
    "{{ print 18446744073709551615 }}",
    "{{ printf \"%v\" (add 1i 2i) }}",
};

static void every_node_type(void **state) {
  (void)state;
  int errors = 0;
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++)
    errors += round_trip(CASES[i], NULL);
  /* the error cases did fail (in both sets alike) */
  assert_true(errors >= 10);
}

/* All the cases in one set, one file each, the records one after another. */
static void many_files_in_one_set(void **state) {
  (void)state;
  enum { N = 8 };
  const char *names[N], *texts[N];
  char nb[N][16];
  for (size_t start = 0; start < sizeof CASES / sizeof CASES[0]; start += N) {
    size_t n = 0;
    for (; n < N && start + n < sizeof CASES / sizeof CASES[0]; n++) {
      snprintf(nb[n], sizeof nb[n], "f%zu", start + n);
      names[n] = nb[n];
      texts[n] = CASES[start + n];
    }
    round_trip_files(names, texts, n, NULL, NULL, NULL);
  }
  const char *rn[] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"};
  assert_int_equal(round_trip_files(rn, RICH, 8, NULL, NULL, NULL),
                   2); /* r2: .s of a string; r7: fail */
}

static void custom_delimiters(void **state) {
  (void)state;
  const char *names[] = {"d1", "d2"};
  const char *texts[] = {"<% define \"h\" %>h<%- .s -%> {{ not an action }}<% end %><% .m.k %>",
                         "{{ x }} <% template \"h\" . %> <% range .list %><% . %><% end %>"};
  round_trip_files(names, texts, 2, "<%", "%>", NULL);
}

/* Errors at execution report the same position and text in both sets. */
static void error_positions(void **state) {
  (void)state;
  const char *name = "x";
  const char *t1 = "line one\nline two\n    {{ fail \"boom\" }}";
  expect_error(
      &name, &t1, 1, "x",
      "ERR: template: x:3:7: executing \"x\" at <fail \"boom\">: error calling fail: boom");
  const char *t2 = "a\nb\n{{ index .list 5 }}";
  expect_error(&name, &t2, 1, "x",
               "ERR: template: x:3:3: executing \"x\" at <index .list 5>: error calling index: "
               "index out of range: 5");
  const char *t3 = "é\n  y {{ (index . \"s\").field }}";
  expect_error(&name, &t3, 1, "x",
               "ERR: template: x:2:16: executing \"x\" at <\"s\">: can't evaluate "
               "field field in type string");
  const char *t4 = "{{ define \"e\" }}\n\n   {{ fail . }}{{ end }}{{ template \"e\" \"inner\" }}";
  expect_error(
      &name, &t4, 1, "e",
      "ERR: template: x:3:11: executing \"e\" at <.>: wrong type for value; expected string; "
      "got map[string]interface {}");
  expect_error(&name, &t4, 1, "x",
               "ERR: template: x:3:6: executing \"e\" at <fail .>: error calling fail: inner");
}

/* An identical {{define}} in a later file shares the first file's nodes (pos_delta != 0):
 * its record still holds the positions of its own file. */
static void shared_definitions(void **state) {
  (void)state;
  const char *def = "{{ define \"sh\" }}text {{ .s }}\n  {{ fail \"in shared\" }}{{ end }}";
  char f1[256], f2[256], f3[256];
  snprintf(f1, sizeof f1, "%s{{ template \"sh\" . }}", def);
  snprintf(f2, sizeof f2, "one\ntwo\nthree %s", def);
  snprintf(f3, sizeof f3, "\n\n\n\n{{/* c */}}\n  %s\n", def);
  const char *names[] = {"f1", "f2", "f3"};
  const char *texts[] = {f1, f2, f3};

  /* the parser did share: the later trees have a pos_delta */
  ct_tpl_set *a = new_set(NULL, NULL);
  ct_buf err = CT_BUF_INIT, rec = CT_BUF_INIT;
  size_t ends[3];
  for (size_t i = 0; i < 3; i++) {
    bool recorded;
    assert_int_equal(
        ct_tpl_parse_record(a, names[i], texts[i], strlen(texts[i]), &err, &rec, &recorded), 0);
    assert_true(recorded);
    ends[i] = rec.len;
    if (i > 0) assert_int_not_equal(ct_tpl__lookup(a, "sh")->pos_delta, 0);
  }
  assert_string_equal(ct_tpl__lookup(a, "sh")->parse_name, "f3");
  ct_tpl_set_free(a);

  round_trip_files(names, texts, 2, NULL, NULL, NULL);
  round_trip_files(names, texts, 3, NULL, NULL, NULL);
  expect_error(names, texts, 2, "sh",
               "ERR: template: f2:4:5: executing \"sh\" at <fail \"in shared\">: error calling "
               "fail: in shared");
  expect_error(names, texts, 3, "sh",
               "ERR: template: f3:7:5: executing \"sh\" at <fail \"in shared\">: error calling "
               "fail: in shared");
  expect_error(names, texts, 3, "f1",
               "ERR: template: f3:7:5: executing \"sh\" at <fail \"in shared\">: error calling "
               "fail: in shared");

  /* f3's record alone, in a set of its own: the positions are its file's */
  char *copy = strdup(f3);
  ct_tpl_set *b = new_set(NULL, NULL);
  size_t off = ends[1];
  assert_true(ct_tpl_load_record(b, "f3", copy, strlen(copy), (const unsigned char *)rec.ptr,
                                 ends[2], &off));
  assert_int_equal(off, ends[2]);
  char *got = exec_one(b, "sh");
  assert_string_equal(got, "ERR: template: f3:7:5: executing \"sh\" at <fail \"in shared\">: "
                           "error calling fail: in shared");
  free(got);
  ct_tpl_set_free(b);
  free(copy);
  ct_buf_dispose(&err);
  ct_buf_dispose(&rec);
}

/* An empty {{define}} never replaces a non-empty one, after a load as after a parse. */
static void empty_define_does_not_replace(void **state) {
  (void)state;
  const char *names[] = {"a", "b", "c"};
  const char *texts[] = {"{{ define \"e\" }}full{{ end }}", "{{ define \"e\" }}{{ end }}",
                         "{{ template \"e\" }}"};
  round_trip_files(names, texts, 3, NULL, NULL, NULL);
  const char *want = "full";
  ct_tpl_set *b = new_set(NULL, NULL);
  ct_buf err = CT_BUF_INIT, rec = CT_BUF_INIT;
  ct_tpl_set *a = new_set(NULL, NULL);
  for (size_t i = 0; i < 3; i++) {
    bool recorded;
    assert_int_equal(
        ct_tpl_parse_record(a, names[i], texts[i], strlen(texts[i]), &err, &rec, &recorded), 0);
  }
  size_t off = 0;
  for (size_t i = 0; i < 3; i++)
    assert_true(ct_tpl_load_record(b, names[i], texts[i], strlen(texts[i]),
                                   (const unsigned char *)rec.ptr, rec.len, &off));
  char *got = exec_one(b, "c");
  assert_string_equal(got, want);
  free(got);
  ct_tpl_set_free(a);
  ct_tpl_set_free(b);
  ct_buf_dispose(&err);
  ct_buf_dispose(&rec);
}

/* A template nesting D parenthesised pipelines (KIND 0) or D {{if}}s (KIND 1). */
static void deep_text(ct_buf *text, int kind, int d) {
  ct_buf_reset(text);
  if (!kind) {
    ct_buf_puts(text, "{{ print ");
    for (int i = 0; i < d; i++)
      ct_buf_putc(text, '(');
    ct_buf_puts(text, ".s");
    for (int i = 0; i < d; i++)
      ct_buf_putc(text, ')');
    ct_buf_puts(text, " }}");
  } else {
    for (int i = 0; i < d; i++)
      ct_buf_puts(text, "{{ if .t }}<");
    ct_buf_puts(text, "{{ .s }}");
    for (int i = 0; i < d; i++)
      ct_buf_puts(text, ">{{ end }}");
  }
}

/* Parses TEXT with recording: -1 a parse error, 0 parsed but not recorded, 1 recorded (and
 * then the record loads to a set that executes as the parsed one). */
static int deep_round_trip(const ct_buf *text) {
  ct_tpl_set *a = new_set(NULL, NULL);
  ct_buf rec = CT_BUF_INIT, err = CT_BUF_INIT;
  bool recorded = false;
  int rc = ct_tpl_parse_record(a, "x", ct_buf_str(text), text->len, &err, &rec, &recorded);
  if (rc == 0 && recorded) {
    char *copy = strndup(ct_buf_str(text), text->len);
    ct_tpl_set *b = new_set(NULL, NULL);
    size_t off = 0;
    assert_true(
        ct_tpl_load_record(b, "x", copy, text->len, (const unsigned char *)rec.ptr, rec.len, &off));
    assert_int_equal(off, rec.len);
    char *x = exec_one(a, "x"), *y = exec_one(b, "x");
    assert_string_equal(x, y);
    free(x);
    free(y);
    ct_tpl_set_free(b);
    free(copy);
  }
  ct_tpl_set_free(a);
  ct_buf_dispose(&rec);
  ct_buf_dispose(&err);
  return rc != 0 ? -1 : recorded;
}

/* Deep trees: recorded and loaded (or, past the encoder's stack limit, not recorded), never a
 * crash, up to the deepest the parser takes (found by bisection). */
static void deep_nesting(void **state) {
  (void)state;
  ct_buf text = CT_BUF_INIT;
  for (int kind = 0; kind < 2; kind++) {
    const int depths[] = {10, 100, 1000};
    for (size_t k = 0; k < sizeof depths / sizeof depths[0]; k++) {
      deep_text(&text, kind, depths[k]);
      assert_int_equal(deep_round_trip(&text), 1);
    }
    int lo = 1000, hi = 1 << 20; /* parses; does not */
    deep_text(&text, kind, hi);
    assert_int_equal(deep_round_trip(&text), -1);
    while (hi - lo > 1) {
      int mid = lo + (hi - lo) / 2;
      deep_text(&text, kind, mid);
      if (deep_round_trip(&text) >= 0)
        lo = mid;
      else
        hi = mid;
    }
    deep_text(&text, kind, lo);
    assert_true(deep_round_trip(&text) >= 0);
  }
  ct_buf_dispose(&text);
}

/* ---- malformed records ---- */

/* A record of the RICH files, one after another as the parse cache keeps them. */
static void big_record(ct_buf *rec, const char **names, const char **texts, size_t *n) {
  ct_tpl_set *a = new_set(NULL, NULL);
  ct_buf err = CT_BUF_INIT;
  static char nb[8][8];
  *n = 0;
  for (size_t i = 0; i < sizeof RICH / sizeof RICH[0]; i++) {
    snprintf(nb[i], sizeof nb[i], "g%zu", i);
    names[i] = nb[i];
    texts[i] = RICH[i];
    bool recorded;
    assert_int_equal(
        ct_tpl_parse_record(a, names[i], texts[i], strlen(texts[i]), &err, rec, &recorded), 0);
    assert_true(recorded);
    (*n)++;
  }
  ct_tpl_set_free(a);
  ct_buf_dispose(&err);
}

/* Loads all N records of REC (LEN bytes) into a fresh set: true when all loaded and every
 * tree's nodes decoded (they are decoded at a tree's first lookup). */
/* Decodes every branch list under N that is still N_LAZY; false when one does not decode. */
static bool decode_everything(ct_tpl__node *n) {
  if (!n) return true;
  if (!ct_tpl__decode_lazy(n)) return false;
  bool ok = true;
  switch ((ct_tpl__ntype)n->type) {
  case N_LIST:
  case N_COMMAND:
    for (uint32_t i = 0; i < n->list.n; i++)
      ok = decode_everything(n->list.items[i]) && ok;
    break;
  case N_PIPE:
    for (unsigned i = 0; i < n->ndecl; i++)
      ok = decode_everything(n->pipe.decl[i]) && ok;
    for (uint32_t i = 0; i < n->pipe.cmds.n; i++)
      ok = decode_everything(n->pipe.cmds.items[i]) && ok;
    break;
  case N_ACTION: ok = decode_everything(n->action); break;
  case N_IF:
  case N_RANGE:
  case N_WITH:
    ok = decode_everything(n->branch.pipe) && decode_everything(n->branch.list) &&
         decode_everything(n->branch.else_list);
    break;
  case N_TEMPLATE: ok = decode_everything(n->tmpl.pipe); break;
  case N_CHAIN: ok = decode_everything(n->chain.node); break;
  default: break;
  }
  return ok;
}

static bool load_all(const char **names, const char **texts, size_t n, const unsigned char *rec,
                     size_t len, bool execute) {
  ct_tpl_set *b = new_set(NULL, NULL);
  size_t off = 0;
  bool ok = true;
  for (size_t i = 0; i < n && ok; i++)
    ok = ct_tpl_load_record(b, names[i], texts[i], strlen(texts[i]), rec, len, &off);
  if (ok && execute)
    for (size_t i = 0; i < n; i++)
      free(exec_one(b, names[i]));
  for (size_t i = 0; ok && i < b->tmpls.cap; i++) {
    if (!b->tmpls.slots[i]) continue;
    ct_tpl__node *root = ct_tpl__lookup(b, b->tmpls.slots[i]->name)->root;
    ok = root && decode_everything(root); /* damage inside a branch counts too */
  }
  ct_tpl_set_free(b);
  return ok;
}

static void truncated_records(void **state) {
  (void)state;
  ct_buf rec = CT_BUF_INIT;
  const char *names[8], *texts[8];
  size_t n;
  big_record(&rec, names, texts, &n);
  assert_true(rec.len > 200);
  /* every prefix, copied to a buffer of its own size (ASan sees a read past it) */
  for (size_t len = 0; len < rec.len; len++) {
    unsigned char *p = malloc(len ? len : 1);
    memcpy(p, rec.ptr, len);
    if (load_all(names, texts, n, p, len, false)) fail_msg("a %zu-byte prefix loaded", len);
    free(p);
  }
  unsigned char *p = malloc(rec.len);
  memcpy(p, rec.ptr, rec.len);
  assert_true(load_all(names, texts, n, p, rec.len, true));
  free(p);
  /* the first file's record alone, each prefix */
  ct_tpl_set *a = new_set(NULL, NULL);
  ct_buf one = CT_BUF_INIT, err = CT_BUF_INIT;
  bool recorded;
  const char *t = RICH[5];
  assert_int_equal(ct_tpl_parse_record(a, "x", t, strlen(t), &err, &one, &recorded), 0);
  for (size_t len = 0; len < one.len; len++) {
    ct_tpl_set *b = new_set(NULL, NULL);
    size_t off = 0;
    unsigned char *q = malloc(len ? len : 1);
    memcpy(q, one.ptr, len);
    assert_false(ct_tpl_load_record(b, "x", t, strlen(t), q, len, &off));
    free(q);
    ct_tpl_set_free(b);
  }
  /* an offset past the end */
  ct_tpl_set *b = new_set(NULL, NULL);
  size_t off = one.len + 1;
  assert_false(
      ct_tpl_load_record(b, "x", t, strlen(t), (const unsigned char *)one.ptr, one.len, &off));
  off = one.len;
  assert_false(
      ct_tpl_load_record(b, "x", t, strlen(t), (const unsigned char *)one.ptr, one.len, &off));
  ct_tpl_set_free(b);
  ct_tpl_set_free(a);
  ct_buf_dispose(&one);
  ct_buf_dispose(&err);
  ct_buf_dispose(&rec);
}

/* A record loaded against a text of another length is refused. */
static void other_text_length(void **state) {
  (void)state;
  const char *t = "{{ define \"d\" }}{{ .s }}{{ end }}text {{ template \"d\" . }} tail";
  ct_tpl_set *a = new_set(NULL, NULL);
  ct_buf rec = CT_BUF_INIT, err = CT_BUF_INIT;
  bool recorded;
  assert_int_equal(ct_tpl_parse_record(a, "x", t, strlen(t), &err, &rec, &recorded), 0);
  assert_true(recorded);
  size_t len = strlen(t);
  char *longer = malloc(len + 2);
  memcpy(longer, t, len);
  memcpy(longer + len, "!", 2);
  const size_t lens[] = {0, 1, len - 1, len + 1};
  for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
    ct_tpl_set *b = new_set(NULL, NULL);
    size_t off = 0;
    assert_false(
        ct_tpl_load_record(b, "x", longer, lens[k], (const unsigned char *)rec.ptr, rec.len, &off));
    ct_tpl_set_free(b);
  }
  /* the right length loads */
  ct_tpl_set *b = new_set(NULL, NULL);
  size_t off = 0;
  assert_true(
      ct_tpl_load_record(b, "x", longer, len, (const unsigned char *)rec.ptr, rec.len, &off));
  char *got = exec_one(b, "x");
  assert_string_equal(got, "text str tail");
  free(got);
  ct_tpl_set_free(b);
  free(longer);
  ct_tpl_set_free(a);
  ct_buf_dispose(&rec);
  ct_buf_dispose(&err);
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rnd(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

/* Random damage: flipped bits, bytes set to 0x00/0x7F/0x80/0xFF, never a crash (whether the
 * damaged record loads or not; what loads is executed too). Damage in a tree's nodes shows
 * when the tree is first looked up: its root stays NULL. */
static void random_damage(void **state) {
  (void)state;
  ct_buf rec = CT_BUF_INIT;
  const char *names[8], *texts[8];
  size_t n;
  big_record(&rec, names, texts, &n);
  unsigned char *p = malloc(rec.len);
  int loaded = 0, rounds = 4000;
  for (int r = 0; r < rounds; r++) {
    memcpy(p, rec.ptr, rec.len);
    int flips = 1 + (int)(rnd() % 4);
    for (int k = 0; k < flips; k++) {
      size_t at = (size_t)(rnd() % rec.len);
      switch (rnd() % 4) {
      case 0: p[at] ^= (unsigned char)(1u << (rnd() % 8)); break;
      case 1: p[at] = 0; break;
      case 2: p[at] = (unsigned char)(0x7F + (rnd() & 1)); break;
      default: p[at] = 0xFF; break;
      }
    }
    loaded += load_all(names, texts, n, p, rec.len, true);
  }
  /* most damage is noticed; some (a flipped bool, position or number) is not (~1 in 4) */
  assert_true(loaded > 0 && loaded < rounds / 2);
  free(p);
  ct_buf_dispose(&rec);
}

/* Loaded trees are decoded at their first lookup: a define nobody executes stays undecoded,
 * one executed is decoded once, and an empty define still never replaces a full one. */
static void lazy_decoding(void **state) {
  (void)state;
  const char *text = "{{ define \"used\" }}U{{ .a }}{{ end }}{{ define \"unused\" }}N{{ end }}"
                     "{{ define \"full\" }}F{{ end }}{{ template \"used\" . }}";
  const char *text2 = "{{ define \"full\" }}{{ end }}";
  ct_tpl_set *a = new_set(NULL, NULL);
  ct_buf rec = CT_BUF_INIT, err = CT_BUF_INIT;
  bool recorded;
  assert_int_equal(ct_tpl_parse_record(a, "f", text, strlen(text), &err, &rec, &recorded), 0);
  assert_true(recorded);
  assert_int_equal(ct_tpl_parse_record(a, "g", text2, strlen(text2), &err, &rec, &recorded), 0);
  assert_true(recorded);
  ct_tpl_set *b = new_set(NULL, NULL);
  size_t off = 0;
  assert_true(ct_tpl_load_record(b, "f", text, strlen(text), (const unsigned char *)rec.ptr,
                                 rec.len, &off));
  assert_true(ct_tpl_load_record(b, "g", text2, strlen(text2), (const unsigned char *)rec.ptr,
                                 rec.len, &off));
  assert_int_equal(off, rec.len);
  const ct_tpl__tree *raw[4] = {0};
  const char *nm[4] = {"f", "used", "unused", "full"};
  for (size_t i = 0; i < b->tmpls.cap; i++)
    for (int k = 0; k < 4; k++)
      if (b->tmpls.slots[i] && strcmp(b->tmpls.slots[i]->name, nm[k]) == 0)
        raw[k] = b->tmpls.slots[i];
  for (int k = 0; k < 4; k++) {
    assert_non_null(raw[k]);
    assert_null(raw[k]->root);
    assert_non_null(raw[k]->lazy);
  }
  char *got = exec_one(b, "f");
  char *want = exec_one(a, "f");
  assert_string_equal(got, want);
  free(got);
  free(want);
  assert_non_null(raw[0]->root);
  assert_non_null(raw[1]->root);
  assert_null(raw[2]->root); /* never looked up */
  assert_non_null(raw[2]->lazy);
  assert_null(raw[3]->root);
  got = exec_one(b, "full"); /* g's empty "full" did not replace f's */
  assert_string_equal(got, "F");
  free(got);
  ct_tpl_set_free(a);
  ct_tpl_set_free(b);
  ct_buf_dispose(&rec);
  ct_buf_dispose(&err);
}

/* Loads TEXT's record (parsed in A) into a new set; *REC keeps the bytes. */
/* Whether S is a NUL-terminated string of LEN bytes lying inside REC. */
static bool in_record(const char *s, size_t len, const ct_buf *rec) {
  return s >= rec->ptr && s + len < rec->ptr + rec->len && s[len] == 0;
}

/* Every name, ident, field and string constant of N points into REC (no copy). */
static void strings_in(const ct_tpl__node *n, const ct_buf *rec, int *seen) {
  if (!n) return;
  switch ((ct_tpl__ntype)n->type) {
  case N_LIST:
  case N_COMMAND:
    for (uint32_t i = 0; i < n->list.n; i++)
      strings_in(n->list.items[i], rec, seen);
    break;
  case N_PIPE:
    for (unsigned i = 0; i < n->ndecl; i++)
      strings_in(n->pipe.decl[i], rec, seen);
    for (uint32_t i = 0; i < n->pipe.cmds.n; i++)
      strings_in(n->pipe.cmds.items[i], rec, seen);
    break;
  case N_ACTION: strings_in(n->action, rec, seen); break;
  case N_IF:
  case N_RANGE:
  case N_WITH:
    strings_in(n->branch.pipe, rec, seen);
    strings_in(n->branch.list, rec, seen);
    strings_in(n->branch.else_list, rec, seen);
    break;
  case N_TEMPLATE:
    assert_true(in_record(n->tmpl.name, strlen(n->tmpl.name), rec));
    seen[N_TEMPLATE]++;
    strings_in(n->tmpl.pipe, rec, seen);
    break;
  case N_IDENT:
    assert_true(in_record(n->ident.name, strlen(n->ident.name), rec));
    seen[N_IDENT]++;
    break;
  case N_FIELD:
  case N_VARIABLE:
    for (size_t i = 0; i < n->field.n; i++)
      assert_true(in_record(n->field.idents[i], strlen(n->field.idents[i]), rec));
    seen[n->type]++;
    break;
  case N_CHAIN:
    strings_in(n->chain.node, rec, seen);
    for (size_t i = 0; i < n->chain.n; i++)
      assert_true(in_record(n->chain.fields[i], strlen(n->chain.fields[i]), rec));
    seen[N_CHAIN]++;
    break;
  case N_STRING:
    assert_true(in_record(n->str.val->s.ptr, n->str.val->s.len, rec));
    seen[N_STRING]++;
    break;
  case N_NUMBER:
    assert_true(in_record(n->num->text, strlen(n->num->text), rec));
    seen[N_NUMBER]++;
    break;
  default: break;
  }
}

/* Decoded strings are the record's own bytes (each stored with its NUL), not copies; a string
 * whose NUL is gone makes the record fail to load, not a read past it. */
static void strings_stay_in_the_record(void **state) {
  (void)state;
  const char *text = "{{ define \"zzname\" }}{{ $v := .a }}{{ $v.b.c }}{{ (.a).b.c }}"
                     "{{ printf \"%s-%s\" \"plain\" \"esc\\taped\" }}{{ 42 }}{{ .s | upper }}"
                     "{{ end }}{{ template \"zzname\" . }}";
  ct_tpl_set *a = new_set(NULL, NULL);
  ct_buf rec = CT_BUF_INIT, err = CT_BUF_INIT;
  bool recorded;
  assert_int_equal(ct_tpl_parse_record(a, "f", text, strlen(text), &err, &rec, &recorded), 0);
  assert_true(recorded);
  ct_tpl_set *b = new_set(NULL, NULL);
  size_t off = 0;
  assert_true(ct_tpl_load_record(b, "f", text, strlen(text), (const unsigned char *)rec.ptr,
                                 rec.len, &off));
  int seen[N_CONTINUE + 8] = {0};
  const char *trees[] = {"f", "zzname"};
  for (size_t i = 0; i < 2; i++) {
    ct_tpl__tree *t = ct_tpl__lookup(b, trees[i]);
    assert_non_null(t);
    assert_true(decode_everything(t->root));
    strings_in(t->root, &rec, seen);
  }
  assert_true(seen[N_TEMPLATE] && seen[N_IDENT] && seen[N_FIELD] && seen[N_VARIABLE] &&
              seen[N_CHAIN] && seen[N_NUMBER] && seen[N_STRING] >= 3);
  assert_int_equal(cmp_exec(a, b), 0);
  ct_tpl_set_free(b);
  /* the tree name's NUL overwritten: refused */
  char *name = memmem(rec.ptr, rec.len, "zzname", 6);
  assert_non_null(name);
  assert_int_equal(name[6], 0);
  name[6] = 'y';
  b = new_set(NULL, NULL);
  off = 0;
  assert_false(ct_tpl_load_record(b, "f", text, strlen(text), (const unsigned char *)rec.ptr,
                                  rec.len, &off));
  ct_tpl_set_free(b);
  name[6] = 0;
  /* a string constant's NUL overwritten: the tree does not decode */
  char *plain = memmem(rec.ptr, rec.len, "plain", 5);
  assert_non_null(plain);
  assert_int_equal(plain[5], 0);
  plain[5] = 'y';
  b = new_set(NULL, NULL);
  off = 0;
  assert_true(ct_tpl_load_record(b, "f", text, strlen(text), (const unsigned char *)rec.ptr,
                                 rec.len, &off));
  ct_tpl__tree *t = ct_tpl__lookup(b, "zzname");
  assert_false(t && t->root && decode_everything(t->root));
  ct_tpl_set_free(b);
  ct_tpl_set_free(a);
  ct_buf_dispose(&rec);
  ct_buf_dispose(&err);
}

static ct_tpl_set *load_text(ct_tpl_set *a, const char *text, ct_buf *rec) {
  ct_buf err = CT_BUF_INIT;
  bool recorded;
  assert_int_equal(ct_tpl_parse_record(a, "f", text, strlen(text), &err, rec, &recorded), 0);
  assert_true(recorded);
  ct_buf_dispose(&err);
  ct_tpl_set *b = new_set(NULL, NULL);
  size_t off = 0;
  assert_true(ct_tpl_load_record(b, "f", text, strlen(text), (const unsigned char *)rec->ptr,
                                 rec->len, &off));
  return b;
}

/* The lists of if, range and with (else if, else with, range's else too) stay undecoded until
 * walked: an execution decodes the branches it takes, the output is the parsed tree's, and
 * Node.String() gives the same text either way. */
static void lazy_branches(void **state) {
  (void)state;
  const char *text = "{{ if .t }}T{{ .s }}{{ else }}never{{ .x.y }}{{ end }}"
                     "{{ if .f }}F{{ else if .n }}N{{ else }}E{{ end }}"
                     "{{ range .list }}<{{ . }}>{{ else }}none{{ end }}"
                     "{{ range .e }}x{{ else }}empty{{ end }}"
                     "{{ with .n }}w{{ else with .s }}W{{ . }}{{ end }}";
  ct_tpl_set *a = new_set(NULL, NULL);
  ct_buf rec = CT_BUF_INIT;
  ct_tpl_set *b = load_text(a, text, &rec);
  ct_tpl__node *root = ct_tpl__lookup(b, "f")->root;
  assert_non_null(root);
  assert_int_equal(root->list.n, 5);
  for (uint32_t i = 0; i < 5; i++) {
    const ct_tpl__node *br = root->list.items[i];
    assert_int_equal(br->branch.list->type, N_LAZY);
    assert_int_equal(br->branch.else_list->type, N_LAZY);
  }
  char *got = exec_one(b, "f"), *want = exec_one(a, "f");
  assert_string_equal(got, want);
  assert_string_equal(got, "Tstr"
                           "E"
                           "<1><2><3>"
                           "empty"
                           "Wstr");
  free(got);
  free(want);
  const ct_tpl__node *if1 = root->list.items[0], *if2 = root->list.items[1];
  assert_int_equal(if1->branch.list->type, N_LIST);      /* taken */
  assert_int_equal(if1->branch.else_list->type, N_LAZY); /* not */
  assert_int_equal(if2->branch.list->type, N_LAZY);
  assert_int_equal(root->list.items[2]->branch.else_list->type, N_LAZY); /* the range ran */
  assert_int_equal(root->list.items[3]->branch.list->type, N_LAZY);      /* it did not */
  ct_buf x = CT_BUF_INIT, y = CT_BUF_INIT;
  ct_tpl__node_string(&x, ct_tpl__lookup(a, "f")->root);
  ct_tpl__node_string(&y, root);
  assert_string_equal(ct_buf_str(&x), ct_buf_str(&y));
  assert_int_equal(if1->branch.else_list->type, N_LIST); /* String() decoded the rest */
  ct_buf_dispose(&x);
  ct_buf_dispose(&y);
  ct_tpl_set_free(a);
  ct_tpl_set_free(b);
  ct_buf_dispose(&rec);
}

/* A branch whose bytes do not decode fails the execution that takes it, with an error and no
 * crash; one that is not taken costs nothing. */
static void damaged_branch_fails_where_taken(void **state) {
  (void)state;
  const char *text = "{{ if .t }}A{{ .s }}{{ end }}{{ if .f }}B{{ .s }}{{ end }}";
  ct_tpl_set *a = new_set(NULL, NULL);
  ct_buf rec = CT_BUF_INIT;
  ct_tpl_set *b = load_text(a, text, &rec);
  ct_tpl__node *root = ct_tpl__lookup(b, "f")->root;
  assert_non_null(root);
  ct_tpl__node *taken = root->list.items[0]->branch.list,
               *untaken = root->list.items[1]->branch.list;
  assert_int_equal(untaken->type, N_LAZY);
  untaken->lazy.len--; /* its record one byte short */
  char *got = exec_one(b, "f");
  assert_string_equal(got, "Astr");
  free(got);
  assert_int_equal(taken->type, N_LIST);
  ct_tpl_set_free(b);
  b = load_text(a, text, &rec);
  root = ct_tpl__lookup(b, "f")->root;
  root->list.items[0]->branch.list->lazy.len--;
  got = exec_one(b, "f");
  assert_non_null(strstr(got, "ERR: "));
  assert_non_null(strstr(got, "parse cache entry of this template is damaged"));
  free(got);
  ct_tpl_set_free(a);
  ct_tpl_set_free(b);
  ct_buf_dispose(&rec);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lazy_branches),      cmocka_unit_test(damaged_branch_fails_where_taken),
      cmocka_unit_test(every_node_type),    cmocka_unit_test(many_files_in_one_set),
      cmocka_unit_test(custom_delimiters),  cmocka_unit_test(error_positions),
      cmocka_unit_test(shared_definitions), cmocka_unit_test(empty_define_does_not_replace),
      cmocka_unit_test(deep_nesting),       cmocka_unit_test(truncated_records),
      cmocka_unit_test(other_text_length),  cmocka_unit_test(random_damage),
      cmocka_unit_test(lazy_decoding),      cmocka_unit_test(strings_stay_in_the_record),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
