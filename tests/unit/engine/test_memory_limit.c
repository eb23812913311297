/* test_memory_limit.c — a render's arena limit (ct_arena_set_limit): past it the executor
 * stops the render with "render exceeded memory limit" where it was (a function's result, a
 * loop's next iteration), instead of the process exiting; only one allocation reaching past
 * twice the limit still exits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../child.h"

#include "chartctl/arena.h"
#include "chartctl/sprig.h"
#include "chartctl/tpl.h"

/* Parses and executes TEXT with the Sprig table in an arena of LIMIT bytes; the output, or
 * "ERR: " and the error. */
static char *render(const char *text, size_t limit) {
  ct_tpl_set *s = ct_tpl_set_new();
  size_t nf;
  const ct_func *funcs = ct_sprig_funcs(&nf);
  ct_tpl_set_funcs(s, funcs, nf);
  ct_buf err = CT_BUF_INIT, out = CT_BUF_INIT;
  char *r;
  if (ct_tpl_parse(s, "t", text, strlen(text), &err) != 0) fail_msg("parse: %s", ct_buf_str(&err));
  ct_arena *a = ct_arena_new();
  ct_arena_set_limit(a, limit);
  ct_value *dot = ct_map_new(a, CT_MAP, 0);
  ct_exec_opts o = {.arena = a, .max_depth = 200};
  if (ct_tpl_execute(s, "t", dot, &out, &o, &err) == 0) {
    r = strdup(ct_buf_str(&out));
  } else {
    r = malloc(err.len + 6);
    sprintf(r, "ERR: %s", ct_buf_str(&err));
  }
  ct_arena_free(a);
  ct_tpl_set_free(s);
  ct_buf_dispose(&err);
  ct_buf_dispose(&out);
  return r;
}

static void arena_marks_the_limit(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_arena_set_limit(a, 100000);
  ct_arena_alloc(a, 60000);
  assert_false(ct_arena_over_limit(a));
  char *p = ct_arena_alloc(a, 30000);
  assert_false(ct_arena_over_limit(a));
  /* the last block grown in place counts too */
  p = ct_arena_realloc(a, p, 30000, 45000);
  assert_non_null(p);
  assert_true(ct_arena_over_limit(a));
  assert_true(ct_arena_used(a) > 100000);
  ct_arena_free(a);
}

/* A function whose result takes the render past its limit fails, at that call. */
static void a_big_result_fails_the_render(void **state) {
  (void)state;
  char *r = render("{{ seq 0 700000 | quote | len }}", (size_t)4 << 20);
  assert_string_equal(r, "ERR: template: t:1:3: executing \"t\" at <seq 0 700000>: error calling "
                         "seq: render exceeded memory limit");
  free(r);
  /* the same under a limit it fits */
  r = render("{{ seq 0 700000 | len }}", (size_t)64 << 20);
  assert_string_equal(r, "4788896"); /* 4088896 digits and 700000 blanks */
  free(r);
}

/* Functions that build one block from a count in the template check the room left first:
 * a clean error however big the count, never the exit below. */
static void counted_blocks_checked_first(void **state) {
  (void)state;
  static const struct {
    const char *tpl, *call;
  } cs[] = {
      {"{{ repeat 3000000 \"a\" | len }}", "repeat 3000000 \"a\">: error calling repeat"},
      {"{{ seq 10000000 | len }}", "seq 10000000>: error calling seq"},
      {"{{ until 10000000 | len }}", "until 10000000>: error calling until"},
      {"{{ randAlphaNum 5000000 | len }}", "randAlphaNum 5000000>: error calling randAlphaNum"},
      {"{{ randBytes 5000000 | len }}", "randBytes 5000000>: error calling randBytes"},
      {"{{ \"a\\nb\" | indent 3000000 | len }}", "indent 3000000>: error calling indent"},
  };
  for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
    char *r = render(cs[i].tpl, (size_t)1 << 20);
    char want[300];
    snprintf(want, sizeof want,
             "ERR: template: t:1:%d: executing \"t\" at <%s: render exceeded memory limit",
             strstr(cs[i].tpl, "| indent") ? 12 : 3, cs[i].call);
    assert_string_equal(r, want);
    free(r);
  }
}

/* A loop building something too big (append copies the list each time) fails too. */
static void a_growing_loop_fails_the_render(void **state) {
  (void)state;
  char *r = render("{{ $l := list }}{{ range until 100000 }}{{ $l = append $l \"abcdefgh\" }}"
                   "{{ end }}{{ len $l }}",
                   (size_t)1 << 20);
  assert_non_null(strstr(r, "render exceeded memory limit"));
  assert_memory_equal(r, "ERR: template: t:1:", 19);
  free(r);
  r = render("{{ $l := list }}{{ range until 100 }}{{ $l = append $l \"abcdefgh\" }}{{ end }}"
             "{{ len $l }}",
             (size_t)1 << 20);
  assert_string_equal(r, "100");
  free(r);
}

/* In a child: print joins its arguments in one block, which nothing checks beforehand. */
static void print_four_copies(void *unused) {
  (void)unused;
  char *r = render("{{ $s := repeat 600000 \"a\" }}{{ print $s $s $s $s | len }}", (size_t)1 << 20);
  fprintf(stderr, "not exited: %s\n", r);
}

/* One allocation reaching past twice the limit still ends the process, with the message. */
static void one_huge_allocation_exits(void **state) {
  (void)state;
  char buf[256];
  int st = ct_test_in_child(print_four_copies, NULL, buf, sizeof buf);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 1);
  assert_string_equal(buf, "Error: render exceeded memory limit\n");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(arena_marks_the_limit),
      cmocka_unit_test(a_big_result_fails_the_render),
      cmocka_unit_test(counted_blocks_checked_first),
      cmocka_unit_test(a_growing_loop_fails_the_render),
      cmocka_unit_test(one_huge_allocation_exits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
