/* sprigB_harness.h — shared by the Sprig part-B unit tests: renders small templates through
 * the real executor with the part-B families (and Go's builtins), so each function is
 * exercised with the argument conversions its signature asks for. */
#ifndef SPRIGB_HARNESS_H
#define SPRIGB_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chartctl/tpl.h"

/* Declared here without sprig_int.h's weak attribute: strong references make the linker
 * pull the family objects out of libct_sprig.a. */
const ct_func *ct_sprig__encoding(size_t *n);
const ct_func *ct_sprig__paths(size_t *n);
const ct_func *ct_sprig__regex(size_t *n);
const ct_func *ct_sprig__semver(size_t *n);
const ct_func *ct_sprig__dates(size_t *n);
const ct_func *ct_sprig__crypto(size_t *n);
const ct_func *ct_sprig__url(size_t *n);
const ct_func *ct_sprig__network(size_t *n);
const ct_func *ct_sprig__uuid(size_t *n);
const ct_func *ct_sprig__random(size_t *n);

static ct_arena *HA;
static ct_func *h_table;
static size_t h_table_len;

/* The part-B tables, referenced directly so their objects are linked. */
static void h_build_table(void) {
  const ct_func *(*fams[])(size_t *) = {ct_sprig__encoding, ct_sprig__paths, ct_sprig__regex,
                                        ct_sprig__semver,   ct_sprig__dates, ct_sprig__crypto,
                                        ct_sprig__url,      ct_sprig__network, ct_sprig__uuid,
                                        ct_sprig__random};
  size_t total = 0, n;
  for (size_t f = 0; f < sizeof fams / sizeof fams[0]; f++) {
    fams[f](&n);
    total += n;
  }
  h_table = calloc(total, sizeof *h_table);
  if (!h_table) abort();
  for (size_t f = 0; f < sizeof fams / sizeof fams[0]; f++) {
    const ct_func *t = fams[f](&n);
    memcpy(h_table + h_table_len, t, n * sizeof *t);
    h_table_len += n;
  }
}

static inline const ct_func *h_find(const char *name) {
  if (!h_table) h_build_table();
  for (size_t i = 0; i < h_table_len; i++)
    if (!strcmp(h_table[i].name, name)) return &h_table[i];
  return NULL;
}

static inline int h_setup(void **state) {
  (void)state;
  if (!h_table) h_build_table();
  HA = ct_arena_new();
  return 0;
}
static inline int h_teardown(void **state) {
  (void)state;
  ct_arena_free(HA);
  HA = NULL;
  return 0;
}

/* Renders SRC with DOT; returns the output, or "ERR: " and the executor's message. */
static inline const char *RD(const char *src, ct_value *dot) {
  ct_tpl_set *s = ct_tpl_set_new();
  ct_tpl_set_funcs(s, h_table, h_table_len);
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  const char *res;
  if (ct_tpl_parse(s, "t", src, strlen(src), &err) != 0) {
    res = ct_arena_sprintf(HA, "PARSE: %s", ct_buf_str(&err));
  } else {
    ct_exec_opts o = {.arena = HA};
    if (ct_tpl_execute(s, "t", dot, &out, &o, &err) != 0) res = ct_arena_sprintf(HA, "ERR: %s", ct_buf_str(&err));
    else res = ct_arena_strndup(HA, ct_buf_str(&out), out.len);
  }
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_tpl_set_free(s);
  return res;
}
#define R(src) RD(src, NULL)

#define EXPECT(want, src) assert_string_equal(want, R(src))
/* The render fails and the message contains WANT. */
#define EXPECT_ERR(want, src)                                             \
  do {                                                                    \
    const char *got_ = R(src);                                            \
    if (strncmp(got_, "ERR: ", 5) != 0 || !strstr(got_, want))            \
      fail_msg("render of %s: got \"%s\", want an error with \"%s\"", src, got_, want); \
  } while (0)

/* A []interface{} of strings for dot. */
static inline ct_value *h_strs(const char *const *items, size_t n) {
  ct_value *l = ct_list_new(HA, CT_LIST, n);
  for (size_t i = 0; i < n; i++) ct_list_push(HA, l, ct_cstring(HA, items[i]));
  return l;
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, h_setup, h_teardown)

#endif
