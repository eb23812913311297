/* sc_test_util.h — helpers of the scaffold unit tests: temporary folders, writing and reading
 * small files, the path of the Wikimedia fixtures. */
#ifndef SC_TEST_UTIL_H
#define SC_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sc_int.h"

#define SC_FIXTURES "tests/scaffold/fixtures/wmf"

static inline char *sc_tmpdir(void) {
  char tmpl[] = "/tmp/ct-scaffold-test-XXXXXX";
  char *d = mkdtemp(tmpl);
  return d ? strdup(d) : NULL;
}

/* Writes TEXT at DIR/REL, creating folders. */
static inline void sc_put(const char *dir, const char *rel, const char *text) {
  ct_arena *a = ct_arena_new();
  char *p = ct_scaffold__path_join(a, dir, rel);
  if (ct_scaffold__mkdir_p(ct_scaffold__dirname(a, p)) != CT_OK ||
      ct_scaffold__write_file(p, text, strlen(text)) != CT_OK) {
    fprintf(stderr, "cannot write %s: %s\n", p, ct_error_last());
    abort();
  }
  ct_arena_free(a);
}

/* Contents of DIR/REL (heap) or NULL. */
static inline char *sc_get(const char *dir, const char *rel) {
  ct_arena *a = ct_arena_new();
  char *p = ct_scaffold__path_join(a, dir, rel), *s;
  size_t n;
  char *r = ct_scaffold__read_file(&s, &n, a, p) == CT_OK ? strdup(s) : NULL;
  ct_arena_free(a);
  return r;
}

static inline bool sc_has(const char *dir, const char *rel) {
  ct_arena *a = ct_arena_new();
  bool r = ct_scaffold__exists(ct_scaffold__path_join(a, dir, rel));
  ct_arena_free(a);
  return r;
}

#endif
