/* test_mapfile.c — large chart files are mapped, not read (loader.c, map_file): their text is
 * the file's bytes, NUL-terminated, whether mapped (16 KiB and more, a size ending inside a
 * page) or read (smaller, or a whole number of pages); the mapping goes when the chart is
 * freed; a file truncated while mapped ends the process with an error naming it (exit status
 * 1), not a crash; and a caller writing into the text changes its own copy, not the file. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../child.h"

#include "chartctl/chart.h"
#include "chartctl/errors.h"
#include "chartctl/mapguard.h"
#include "fsutil.h"

/* A template text of N bytes: YAML comment lines, with one action. */
static char *big_text(size_t n) {
  char *t = malloc(n + 1);
  for (size_t i = 0; i < n; i++)
    t[i] = i % 64 == 63 ? '\n' : (i % 64 == 0 ? '#' : 'a' + (char)(i % 26));
  memcpy(t, "# {{ .Values.x }}\n", 18);
  t[n] = 0;
  return t;
}

/* Whether PATH is mapped in this process (/proc/self/maps). */
static bool mapped(const char *path) {
  FILE *f = fopen("/proc/self/maps", "r");
  assert_non_null(f);
  char line[4096];
  bool found = false;
  while (!found && fgets(line, sizeof line, f)) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    size_t ll = strlen(line), pl = strlen(path);
    found = ll >= pl && strcmp(line + ll - pl, path) == 0;
  }
  fclose(f);
  return found;
}

static const ct_chart_file *template_named(const ct_chart *c, const char *name) {
  for (size_t i = 0; i < c->ntemplates; i++)
    if (!strcmp(c->templates[i].name, name)) return &c->templates[i];
  return NULL;
}

static void texts_as_in_the_files(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  /* mapped: 100000 and 20000 bytes; read: 65536 (whole pages), 10000 (small) */
  char *t1 = big_text(100000), *t2 = big_text(65536), *t3 = big_text(10000), *t4 = big_text(20000);
  put_file(dir, "c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
  put_file(dir, "c/templates/big.yaml", t1);
  put_file(dir, "c/templates/pages.yaml", t2);
  put_file(dir, "c/templates/small.yaml", t3);
  put_file(dir, "c/templates/mid.yaml", t4);
  char chart[600], big[700], pages[700], small[700], mid[700];
  snprintf(chart, sizeof chart, "%s/c", dir);
  snprintf(big, sizeof big, "%s/c/templates/big.yaml", dir);
  snprintf(pages, sizeof pages, "%s/c/templates/pages.yaml", dir);
  snprintf(small, sizeof small, "%s/c/templates/small.yaml", dir);
  snprintf(mid, sizeof mid, "%s/c/templates/mid.yaml", dir);
  for (int lazy = 0; lazy < 2; lazy++) {
    ct_chart *c = NULL;
    assert_int_equal(lazy ? ct_chart_load_lazy(&c, chart, NULL) : ct_chart_load(&c, chart), 0);
    const char *names[] = {"templates/big.yaml", "templates/pages.yaml", "templates/small.yaml",
                           "templates/mid.yaml"};
    const char *want[] = {t1, t2, t3, t4};
    for (int i = 0; i < 4; i++) {
      ct_chart_file *f = (ct_chart_file *)template_named(c, names[i]);
      assert_non_null(f);
      assert_int_equal(ct_chart_file_read(f, c->arena), 0);
      assert_int_equal(f->len, strlen(want[i]));
      assert_memory_equal(f->data, want[i], f->len);
      assert_int_equal(f->data[f->len], 0);
    }
    assert_true(mapped(big));
    assert_true(mapped(mid));
    assert_false(mapped(pages));
    assert_false(mapped(small));
    /* a caller's write changes its copy only */
    char *w = (char *)template_named(c, "templates/big.yaml")->data;
    w[5] = 'Z';
    ct_chart_free(c);
    assert_false(mapped(big)); /* gone with the chart */
  }
  FILE *f = fopen(big, "rb");
  char head[8];
  assert_int_equal(fread(head, 1, 8, f), 8);
  fclose(f);
  assert_memory_equal(head, t1, 8);
  rm_rf(dir);
  free(dir), free(t1), free(t2), free(t3), free(t4);
}

/* In a child: loads CHART lazily, reads its big template (mapped), truncates the file, then
 * touches the text past the page still there. */
typedef struct paths {
  const char *chart, *file;
} paths;
static void truncate_then_touch(void *arg) {
  const char *chart = ((paths *)arg)->chart, *file = ((paths *)arg)->file;
  signal(SIGBUS, SIG_DFL);
  ct_chart *c = NULL;
  if (ct_chart_load_lazy(&c, chart, NULL) != 0) _exit(3);
  ct_chart_file *f = (ct_chart_file *)template_named(c, "templates/big.yaml");
  if (!f || ct_chart_file_read(f, c->arena) != 0) _exit(4);
  if (truncate(file, 0) != 0) _exit(5);
  volatile char x = f->data[f->len - 10];
  (void)x;
  _exit(6); /* not reached: the page is gone */
}

/* A chart "c" in DIR whose one template, big.yaml, is a 100000-byte text (mapped when read):
 * the chart's path in CHART, the template's in FILE. Returns the text. */
static char *chart_with_big_template(const char *dir, char chart[600], char file[700]) {
  char *t = big_text(100000);
  put_file(dir, "c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
  put_file(dir, "c/templates/big.yaml", t);
  snprintf(chart, 600, "%s/c", dir);
  snprintf(file, 700, "%s/c/templates/big.yaml", dir);
  return t;
}

static void truncated_while_mapped(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  char chart[600], file[700];
  char *t = chart_with_big_template(dir, chart, file);
  char err[2048];
  paths p = {chart, file};
  int st = ct_test_in_child(truncate_then_touch, &p, err, sizeof err);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 1);
  char want[1024];
  snprintf(want, sizeof want, "Error: %s was truncated while chartctl was reading it\n", file);
  assert_string_equal(err, want);
  rm_rf(dir);
  free(dir), free(t);
}

/* More large files than guards (64): the rest are read, and every text is right. */
static void more_files_than_guards(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  char *t = big_text(70000);
  put_file(dir, "c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
  for (int i = 0; i < 70; i++) {
    char rel[64];
    snprintf(rel, sizeof rel, "c/templates/t%02d.yaml", i);
    t[2] = (char)('A' + i % 26); /* each text its own */
    put_file(dir, rel, t);
  }
  char chart[600];
  snprintf(chart, sizeof chart, "%s/c", dir);
  ct_chart *c = NULL;
  assert_int_equal(ct_chart_load_lazy(&c, chart, NULL), 0);
  assert_int_equal(c->ntemplates, 70);
  int maps = 0;
  for (size_t i = 0; i < c->ntemplates; i++) {
    ct_chart_file *f = &c->templates[i];
    assert_int_equal(ct_chart_file_read(f, c->arena), 0);
    assert_int_equal(f->len, 70000);
    assert_int_equal(f->data[2], 'A' + (int)i % 26);
    assert_memory_equal(f->data + 3, t + 3, f->len - 3);
    assert_int_equal(f->data[f->len], 0);
    char path[700];
    snprintf(path, sizeof path, "%s/%s", chart, f->name);
    maps += mapped(path);
  }
  assert_int_equal(maps, 64);
  ct_chart_free(c);
  rm_rf(dir);
  free(dir), free(t);
}

/* Runs last: once the process says it is exiting (chartctl template, its one render done),
 * freeing a chart leaves its files mapped for the exit to unmap (a munmap each was ~5% of
 * cert-manager's render); before, freeing unmaps them (texts_as_in_the_files). */
static void exiting_leaves_mappings(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  char chart[600], big[700];
  char *t = chart_with_big_template(dir, chart, big);
  ct_chart *c = NULL;
  assert_int_equal(ct_chart_load_lazy(&c, chart, NULL), 0);
  ct_chart_file *f = (ct_chart_file *)template_named(c, "templates/big.yaml");
  assert_int_equal(ct_chart_file_read(f, c->arena), 0);
  assert_true(mapped(big));
  ct_mapguard_exiting();
  ct_chart_free(c);
  assert_true(mapped(big));
  rm_rf(dir);
  free(dir), free(t);
}

int main(void) {
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(texts_as_in_the_files), cmocka_unit_test(truncated_while_mapped),
      cmocka_unit_test(more_files_than_guards),
      cmocka_unit_test(exiting_leaves_mappings), /* last: it cannot be undone */
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
