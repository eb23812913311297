/* tpl_test.h — helpers for the text/template unit tests: a tiny JSON reader for test data
 * (numbers are float64 as in Helm values; 42i is a Go int), and parse+execute in one call. */
#ifndef CT_TPL_TEST_H
#define CT_TPL_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/tpl.h"

#pragma GCC diagnostic ignored "-Wunused-function"

/* ---- test data ---- */
static void tj_ws(const char **p) {
  while (**p == ' ' || **p == '\n' || **p == '\t') (*p)++;
}

static ct_value *tj_parse(ct_arena *a, const char **p) {
  tj_ws(p);
  char c = **p;
  if (c == '{') {
    (*p)++;
    ct_value *m = ct_map_new(a, CT_MAP, 0);
    tj_ws(p);
    if (**p == '}') {
      (*p)++;
      return m;
    }
    for (;;) {
      tj_ws(p);
      ct_value *k = tj_parse(a, p);
      tj_ws(p);
      (*p)++; /* : */
      ct_value *v = tj_parse(a, p);
      ct_map_set(a, m, k->s.ptr, k->s.len, v);
      tj_ws(p);
      if (**p == ',') {
        (*p)++;
        continue;
      }
      (*p)++; /* } */
      return m;
    }
  }
  if (c == '[') {
    (*p)++;
    ct_value *l = ct_list_new(a, CT_LIST, 0);
    tj_ws(p);
    if (**p == ']') {
      (*p)++;
      return l;
    }
    for (;;) {
      ct_list_push(a, l, tj_parse(a, p));
      tj_ws(p);
      if (**p == ',') {
        (*p)++;
        continue;
      }
      (*p)++;
      return l;
    }
  }
  if (c == '"') {
    (*p)++;
    const char *st = *p;
    while (**p != '"') (*p)++;
    ct_value *s = ct_string(a, st, (size_t)(*p - st));
    (*p)++;
    return s;
  }
  if (!strncmp(*p, "true", 4)) {
    *p += 4;
    return ct_bool(a, true);
  }
  if (!strncmp(*p, "false", 5)) {
    *p += 5;
    return ct_bool(a, false);
  }
  if (!strncmp(*p, "null", 4)) {
    *p += 4;
    return NULL;
  }
  char *end;
  double d = strtod(*p, &end);
  *p = end;
  if (**p == 'i') {
    (*p)++;
    return ct_int(a, CT_INT, (int64_t)d);
  }
  return ct_float(a, d);
}

static ct_value *tj(ct_arena *a, const char *json) {
  if (!json) return NULL;
  const char *p = json;
  return tj_parse(a, &p);
}

/* ---- test functions ---- */
static int tf_upper(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  (void)n;
  ct_value *r = ct_string(ct_call_arena(c), args[0]->s.ptr, args[0]->s.len);
  for (size_t i = 0; i < r->s.len; i++)
    if (r->s.ptr[i] >= 'a' && r->s.ptr[i] <= 'z') ((char *)r->s.ptr)[i] = (char)(r->s.ptr[i] - 32);
  *out = r;
  return 0;
}
static int tf_fail(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  (void)n;
  (void)out;
  return ct_call_errorf(c, "%s", args[0]->s.ptr);
}
static int tf_add(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  int64_t s = 0;
  for (size_t i = 0; i < n; i++) s += args[i]->i;
  *out = ct_int(ct_call_arena(c), CT_INT, s);
  return 0;
}
static int tf_typeof(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  (void)n;
  *out = ct_cstring(ct_call_arena(c), ct_type_name(args[0]));
  return 0;
}
static int tf_list(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  ct_value *l = ct_list_new(ct_call_arena(c), CT_LIST, n);
  for (size_t i = 0; i < n; i++) ct_list_push(ct_call_arena(c), l, args[i]);
  *out = l;
  return 0;
}
static int tf_nil(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  (void)c;
  (void)args;
  (void)n;
  *out = NULL;
  return 0;
}
static int tf_include(ct_call *c, ct_value **out, ct_value *const *args, size_t n);

static const ct_func test_funcs[] = {
    {"upper", "string->string", tf_upper, NULL},
    {"fail", "string->string,error", tf_fail, NULL},
    {"add", "...int->int", tf_add, NULL},
    {"typeOf", "any->string", tf_typeof, NULL},
    {"list", "...any->[]any", tf_list, NULL},
    {"nilf", "->any", tf_nil, NULL},
    {"takesList", "[]any->string", tf_typeof, NULL},
    {"takesFloat", "float64->any", tf_typeof, NULL},
    {"include", "string,any->string,error", tf_include, NULL},
};

static int tf_include(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  (void)n;
  ct_buf o = CT_BUF_INIT, e = CT_BUF_INIT;
  ct_exec_opts opts = *ct_call_exec_opts(c);
  if (ct_tpl_execute(ct_call_set(c), args[0]->s.ptr, args[1], &o, &opts, &e) != 0) {
    int rc = ct_call_errorf(c, "%s", ct_buf_str(&e));
    ct_buf_dispose(&o);
    ct_buf_dispose(&e);
    return rc;
  }
  *out = ct_string(ct_call_arena(c), ct_buf_str(&o), o.len);
  ct_buf_dispose(&o);
  ct_buf_dispose(&e);
  return 0;
}

/* Parses TPL as "t" and runs it on DATA (tiny JSON); returns the output, or "ERR: <error>"
 * (parse or execution). Caller frees. */
static char *run_opts(const char *tpl, const char *data, int max_depth, bool missing_error) {
  ct_tpl_set *s = ct_tpl_set_new();
  ct_tpl_set_funcs(s, test_funcs, sizeof test_funcs / sizeof test_funcs[0]);
  ct_arena *a = ct_arena_new();
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  char *res;
  if (ct_tpl_parse(s, "t", tpl, strlen(tpl), &err) != 0) {
    res = malloc(err.len + 6);
    sprintf(res, "ERR: %s", ct_buf_str(&err));
  } else {
    ct_exec_opts o = {a, NULL, max_depth, missing_error};
    if (ct_tpl_execute(s, "t", tj(a, data), &out, &o, &err) != 0) {
      res = malloc(err.len + 6);
      sprintf(res, "ERR: %s", ct_buf_str(&err));
    } else {
      res = strdup(ct_buf_str(&out));
    }
  }
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  ct_tpl_set_free(s);
  return res;
}

static char *run(const char *tpl, const char *data) { return run_opts(tpl, data, 0, false); }

/* As Helm's include of a helper would run it: TPL is wrapped in {{ define "x" }}...{{ end }},
 * parsed as "x/templates/_x.tpl" and "x" executed with dot {"Values": DATA}. The expected
 * strings of test_helm_cases.c were printed by helm 3.17.1 for the same template. */
static char *run_helmlike(const char *tpl, const char *data) {
  ct_tpl_set *s = ct_tpl_set_new();
  ct_tpl_set_funcs(s, test_funcs, sizeof test_funcs / sizeof test_funcs[0]);
  ct_arena *a = ct_arena_new();
  ct_buf text = CT_BUF_INIT, out = CT_BUF_INIT, err = CT_BUF_INIT;
  ct_buf_printf(&text, "{{ define \"x\" }}%s{{ end }}", tpl);
  char *res;
  if (ct_tpl_parse(s, "x/templates/_x.tpl", ct_buf_str(&text), text.len, &err) != 0) {
    res = malloc(err.len + 6);
    sprintf(res, "ERR: %s", ct_buf_str(&err));
  } else {
    ct_value *top = ct_map_new(a, CT_MAP, 1);
    ct_map_setc(a, top, "Values", tj(a, data));
    ct_exec_opts o = {a, NULL, 0, false};
    if (ct_tpl_execute(s, "x", top, &out, &o, &err) != 0) {
      res = malloc(err.len + 6);
      sprintf(res, "ERR: %s", ct_buf_str(&err));
    } else {
      res = strdup(ct_buf_str(&out));
    }
  }
  ct_buf_dispose(&text);
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  ct_tpl_set_free(s);
  return res;
}

#define EXPECT_HELM(tpl, data, want)          \
  do {                                        \
    char *got_ = run_helmlike(tpl, data);     \
    assert_string_equal(got_, want);          \
    free(got_);                               \
  } while (0)

#define EXPECT(tpl, data, want)          \
  do {                                   \
    char *got_ = run(tpl, data);         \
    assert_string_equal(got_, want);     \
    free(got_);                          \
  } while (0)

#endif
