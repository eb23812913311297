/* test_deep_stack.c — deeply nested YAML and JSON read on a small stack (a thread's, or a shell's
 * `ulimit -s`): the recursive readers stop with an error naming the cause instead of running
 * off the stack, and the same documents, less deep, still read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../small_stack.h"
#include "chartctl/codec.h"

typedef struct job {
  const char *open, *close, *head; /* one level's opening and closing text; what comes first */
  bool json;                       /* read as JSON (fromJson), else as a values file */
  int depth;
  int rc;
  char err[256];
} job;

static void *parse_deep(void *arg) {
  job *j = arg;
  size_t ol = strlen(j->open), cl = strlen(j->close), hl = strlen(j->head);
  size_t n = hl + (size_t)j->depth * (ol + cl) + 3;
  char *doc = malloc(n), *w = doc;
  memcpy(w, j->head, hl), w += hl;
  for (int i = 0; i < j->depth; i++)
    memcpy(w, j->open, ol), w += ol;
  *w++ = '1';
  for (int i = 0; i < j->depth; i++)
    memcpy(w, j->close, cl), w += cl;
  *w++ = '\n';
  *w = 0;
  ct_arena *a = ct_arena_new();
  ct_value *v = NULL;
  ct_buf err = CT_BUF_INIT;
  j->rc = j->json ? ct_json_parse(&v, a, doc, (size_t)(w - doc), &err)
                  : ct_yaml_parse_values(&v, a, doc, (size_t)(w - doc), &err);
  snprintf(j->err, sizeof j->err, "%s", ct_buf_str(&err));
  ct_buf_dispose(&err);
  ct_arena_free(a);
  free(doc);
  ct_yaml_cache_clear(); /* the thread's memo of decoded texts goes with it */
  return NULL;
}

/* Flow lists and flow maps, past the fast reader's depth: libyaml's reader and the decoder;
 * JSON arrays and objects, within the 10,000 levels Go's decoder allows: the value builder.
 * 9000 levels do not fit in 512 KiB and are refused; 300 levels read. */
static void small_stack(void **state) {
  (void)state;
  job jobs[] = {
      {"[", "]", "a: ", false, 9000, 0, ""}, {"{k: ", "}", "a: ", false, 9000, 0, ""},
      {"[", "]", "a: ", false, 300, 0, ""},  {"{k: ", "}", "a: ", false, 300, 0, ""},
      {"[", "]", "", true, 9000, 0, ""},     {"{\"k\": ", "}", "", true, 9000, 0, ""},
      {"[", "]", "", true, 300, 0, ""},      {"{\"k\": ", "}", "", true, 300, 0, ""},
  };
  for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
    ct_test_on_stack(parse_deep, &jobs[i], (size_t)512 << 10);
    bool refused = jobs[i].depth > 1000;
    if ((jobs[i].rc < 0) != refused)
      fail_msg("depth %d: rc %d %s", jobs[i].depth, jobs[i].rc, jobs[i].err);
    if (refused && !strstr(jobs[i].err, "nested too deeply for the stack"))
      fail_msg("%s", jobs[i].err);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(small_stack),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
