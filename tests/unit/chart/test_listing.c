/* test_listing.c — a chart directory's listings kept in the parse cache (chart/listing.c):
 * written from the second load on once the directories have settled, then taken instead of
 * reading the directories; any change to a directory (a file added, removed or renamed, the
 * directory replaced) is seen at the next load; a directory that has not settled, a failed
 * walk or a directory on another file system writes nothing; and the decoder refuses every
 * damaged payload. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "chart/chart_int.h"
#include "chartctl/chart.h"
#include "chartctl/errors.h"
#include "fsutil.h"

static char cdir[256]; /* the cache directory */
static char *root;     /* the charts' directory */

/* The settle time of the tests: directories changed within it are not vouched for. */
#define SETTLE_MS 40

static void nap(void) { /* past the settle time (and many ticks of the file system's clock) */
  struct timespec t = {0, (SETTLE_MS + 20) * 1000000L};
  nanosleep(&t, NULL);
}

static int setup(void **state) {
  (void)state;
  snprintf(cdir, sizeof cdir, "/tmp/ct-listing-cache-XXXXXX");
  if (!mkdtemp(cdir)) return -1;
  setenv("CHARTCTL_PARSE_CACHE_DIR", cdir, 1);
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  ct_chart__listing_settle_ns = SETTLE_MS * 1000000LL;
  root = make_tmpdir();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  rm_rf(cdir);
  rm_rf(root);
  free(root);
  ct_chart__listing_settle_ns = 2000000000LL;
  return 0;
}

/* The cache directory's listing files ("d" and a key): how many, how many empty (markers). */
static int listing_files(int *markers) {
  int n = 0;
  *markers = 0;
  DIR *d = opendir(cdir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (e->d_name[0] != 'd' || strlen(e->d_name) != 17) continue;
    char p[600];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", cdir, e->d_name);
    if (stat(p, &st) == 0) {
      n++;
      *markers += st.st_size == 0;
    }
  }
  if (d) closedir(d);
  return n;
}

/* Appends the names of C's templates and files, and its subcharts', to OUT. */
static void names(const ct_chart *c, char *out, size_t cap) {
  size_t w = strlen(out);
  w += (size_t)snprintf(out + w, cap - w, "[%s]", c->meta.name);
  for (size_t i = 0; i < c->ntemplates; i++)
    w += (size_t)snprintf(out + w, cap - w, " t:%s", c->templates[i].name);
  for (size_t i = 0; i < c->nfiles; i++)
    w += (size_t)snprintf(out + w, cap - w, " f:%s", c->files[i].name);
  w += (size_t)snprintf(out + w, cap - w, "\n");
  for (size_t i = 0; i < c->ndeps; i++)
    names(c->deps[i], out, cap);
}

/* Loads ROOT/chart lazily: what it holds, and how many listings came from the cache. */
static unsigned long load(char *out, size_t cap) {
  char path[600];
  snprintf(path, sizeof path, "%s/chart", root);
  unsigned long before = ct_chart__listing_hits;
  ct_chart *c = NULL;
  int rc = ct_chart_load_lazy(&c, path, NULL);
  if (rc < 0) fprintf(stderr, "load: %s\n", ct_error_last());
  assert_int_equal(rc, 0);
  out[0] = 0;
  names(c, out, cap);
  ct_chart_free(c);
  return ct_chart__listing_hits - before;
}

/* The same load with the cache off: what the chart really holds. */
static void load_uncached(char *out, size_t cap) {
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  unsigned long hits = load(out, cap);
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  assert_int_equal(hits, 0);
}

static void make_chart(void) {
  put_file(root, "chart/Chart.yaml", "apiVersion: v2\nname: top\nversion: 0.1.0\n");
  put_file(root, "chart/values.yaml", "a: 1\n");
  put_file(root, "chart/templates/cm.yaml", "a: {{ .Values.a }}\n");
  put_file(root, "chart/templates/_helpers.tpl", "{{ define \"x\" }}x{{ end }}\n");
  put_file(root, "chart/templates/vendor/lib.tpl", "{{ define \"y\" }}y{{ end }}\n");
  put_file(root, "chart/files/a.txt", "a\n");
  put_file(root, "chart/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n");
  put_file(root, "chart/charts/sub/templates/s.yaml", "s: 1\n");
}

/* The directories: the chart, templates, templates/vendor, files, charts, charts/sub and
 * charts/sub/templates. */
#define NDIRS 7

static void kept_from_second_load(void **state) {
  (void)state;
  make_chart();
  nap();
  char want[4096], got[4096];
  load_uncached(want, sizeof want);
  int markers;
  assert_int_equal(listing_files(&markers), 0);
  assert_int_equal(load(got, sizeof got), 0); /* first load: a marker */
  assert_string_equal(got, want);
  assert_int_equal(listing_files(&markers), 1);
  assert_int_equal(markers, 1);
  assert_int_equal(load(got, sizeof got), 0); /* second: the listings written */
  assert_string_equal(got, want);
  assert_int_equal(listing_files(&markers), 1);
  assert_int_equal(markers, 0);
  assert_int_equal(load(got, sizeof got), NDIRS); /* third: every directory from the cache */
  assert_string_equal(got, want);
  assert_int_equal(load(got, sizeof got), NDIRS);
  assert_string_equal(got, want);
}

/* Brings the chart to a state where every listing comes from the cache. */
static void warm(char *want, size_t cap) {
  make_chart();
  nap();
  char got[4096];
  load(got, sizeof got);
  load(got, sizeof got);
  assert_int_equal(load(got, sizeof got), NDIRS);
  load_uncached(want, cap);
  assert_string_equal(got, want);
}

/* After a change: the next load sees it, reading the changed directories and taking the
 * UNCHANGED others from the cache; the listings are written once the change has settled, and
 * every directory comes from the cache again. */
static void sees(const char *what, unsigned long unchanged) {
  char want[4096], got[4096];
  load_uncached(want, sizeof want);
  assert_non_null(strstr(want, what));
  assert_int_equal(load(got, sizeof got), unchanged);
  assert_string_equal(got, want);
  /* the change had not settled at that load (unless the machine took longer than the settle
   * time to get there): the listings are written by the load after it has */
  nap();
  unsigned long hits = load(got, sizeof got);
  assert_true(hits == unchanged || hits == NDIRS);
  assert_string_equal(got, want);
  assert_int_equal(load(got, sizeof got), NDIRS);
  assert_string_equal(got, want);
}

static void changes_are_seen(void **state) {
  (void)state;
  char want[4096], got[4096];
  warm(want, sizeof want);
  char p[700], q[700];

  /* a template added: templates/ changed */
  put_file(root, "chart/templates/new.yaml", "n: 1\n");
  sees("t:templates/new.yaml", NDIRS - 1);

  /* a file renamed in a nested directory */
  snprintf(p, sizeof p, "%s/chart/templates/vendor/lib.tpl", root);
  snprintf(q, sizeof q, "%s/chart/templates/vendor/lib2.tpl", root);
  assert_int_equal(rename(p, q), 0);
  sees("t:templates/vendor/lib2.tpl", NDIRS - 1);
  load(got, sizeof got);
  assert_null(strstr(got, "vendor/lib.tpl"));

  /* a file removed from the subchart's templates, another added */
  snprintf(p, sizeof p, "%s/chart/charts/sub/templates/s.yaml", root);
  assert_int_equal(unlink(p), 0);
  put_file(root, "chart/charts/sub/templates/t.yaml", "t: 1\n");
  sees("t:templates/t.yaml", NDIRS - 1);
  load(got, sizeof got);
  assert_null(strstr(got, "s.yaml"));

  /* a directory replaced by another of the same name (a new inode; its parent changed) */
  snprintf(p, sizeof p, "rm -rf '%s/chart/files' && mkdir '%s/chart/files'", root, root);
  assert_int_equal(system(p), 0);
  put_file(root, "chart/files/b.txt", "b\n");
  sees("f:files/b.txt", NDIRS - 2);
  load(got, sizeof got);
  assert_null(strstr(got, "a.txt"));

  /* a file's contents changed: no directory changed, every listing still from the cache */
  nap();
  put_file(root, "chart/templates/cm.yaml", "a: {{ .Values.a }} changed\n");
  load_uncached(want, sizeof want);
  assert_int_equal(load(got, sizeof got), NDIRS);
  assert_string_equal(got, want);
}

/* Directories changed within the settle time: read, and nothing written. */
static void unsettled_not_kept(void **state) {
  (void)state;
  make_chart();
  char got[4096];
  long long keep = ct_chart__listing_settle_ns;
  ct_chart__listing_settle_ns = 3600LL * 1000000000LL; /* nothing settles */
  for (int i = 0; i < 3; i++)
    assert_int_equal(load(got, sizeof got), 0);
  int markers;
  assert_int_equal(listing_files(&markers), 0);
  ct_chart__listing_settle_ns = keep;

  /* kept, then one directory changes and does not settle: its change is seen, and the
   * listings are not written again until it has */
  nap();
  load(got, sizeof got);
  load(got, sizeof got);
  assert_int_equal(load(got, sizeof got), NDIRS);
  put_file(root, "chart/templates/late.yaml", "l: 1\n");
  ct_chart__listing_settle_ns = 3600LL * 1000000000LL;
  for (int i = 0; i < 2; i++) {
    assert_int_equal(load(got, sizeof got), NDIRS - 1);
    assert_non_null(strstr(got, "t:templates/late.yaml"));
  }
  ct_chart__listing_settle_ns = keep;
}

/* A walk that fails writes nothing, and its error is the same each time. */
static void failed_walk_not_kept(void **state) {
  (void)state;
  make_chart();
  char p[700];
  snprintf(p, sizeof p, "%s/chart/templates/dangling", root);
  assert_int_equal(symlink("missing-target", p), 0);
  nap();
  char path[600], first[1024] = "";
  snprintf(path, sizeof path, "%s/chart", root);
  for (int i = 0; i < 3; i++) {
    ct_chart *c = NULL;
    assert_true(ct_chart_load_lazy(&c, path, NULL) < 0);
    assert_non_null(strstr(ct_error_last(), "templates/dangling"));
    if (!i) snprintf(first, sizeof first, "%s", ct_error_last());
    assert_string_equal(ct_error_last(), first);
  }
  int markers;
  assert_int_equal(listing_files(&markers), 0);
}

/* A directory on another file system (a link into /dev/shm): read every time, and the
 * listings of the chart are not written (its device is not the chart's). */
static void other_device_not_kept(void **state) {
  (void)state;
  struct stat a, b;
  if (stat("/dev/shm", &b) != 0 || stat(root, &a) != 0 || a.st_dev == b.st_dev) skip();
  char shm[] = "/dev/shm/ct-listing-XXXXXX", p[700];
  assert_non_null(mkdtemp(shm));
  put_file(shm, "elsewhere.yaml", "e: 1\n");
  make_chart();
  snprintf(p, sizeof p, "%s/chart/templates/ext", root);
  assert_int_equal(symlink(shm, p), 0);
  nap();
  char want[4096], got[4096];
  load_uncached(want, sizeof want);
  assert_non_null(strstr(want, "t:templates/ext/elsewhere.yaml"));
  for (int i = 0; i < 3; i++) {
    assert_int_equal(load(got, sizeof got), 0);
    assert_string_equal(got, want);
  }
  int markers;
  assert_int_equal(listing_files(&markers), 0);
  rm_rf(shm);
}

/* A cache entry damaged on disk (its checksum fails): a miss, the chart read as it is. */
static void damaged_entry(void **state) {
  (void)state;
  char want[4096], got[4096];
  warm(want, sizeof want);
  DIR *d = opendir(cdir);
  struct dirent *e;
  char p[700] = "";
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] == 'd' && strlen(e->d_name) == 17)
      snprintf(p, sizeof p, "%s/%s", cdir, e->d_name);
  closedir(d);
  assert_true(p[0]);
  FILE *f = fopen(p, "r+b");
  assert_non_null(f);
  fseek(f, -3, SEEK_END);
  fputc('X', f);
  fclose(f);
  assert_int_equal(load(got, sizeof got), 0); /* dropped, read, and written again */
  assert_string_equal(got, want);
  assert_int_equal(load(got, sizeof got), NDIRS);
  assert_string_equal(got, want);
}

/* ---- the decoder ---- */
static void put32(unsigned char **p, uint32_t v) {
  memcpy(*p, &v, 4);
  *p += 4;
}
static void put64(unsigned char **p, uint64_t v) {
  memcpy(*p, &v, 8);
  *p += 8;
}
static void putstr(unsigned char **p, const char *s) {
  put32(p, (uint32_t)strlen(s));
  memcpy(*p, s, strlen(s) + 1);
  *p += strlen(s) + 1;
}

/* A payload of one directory REL holding NAMES (N of them). */
static size_t payload(unsigned char *buf, const char *rel, const char *const *names, size_t n) {
  unsigned char *p = buf;
  put32(&p, 1);
  putstr(&p, rel);
  for (int i = 0; i < 5; i++)
    put64(&p, 100 + (uint64_t)i);
  put32(&p, (uint32_t)n);
  for (size_t i = 0; i < n; i++) {
    *p++ = 8; /* DT_REG */
    putstr(&p, names[i]);
  }
  return (size_t)(p - buf);
}

/* Decodes BUF[0..N) from an exact-size heap copy (ASan sees any read past it). */
static bool decodes(const unsigned char *buf, size_t n) {
  unsigned char *copy = malloc(n ? n : 1);
  memcpy(copy, buf, n);
  ct_arena *a = ct_arena_new();
  ct_chart__listing_dir *v = NULL;
  size_t nd = 0;
  bool ok = ct_chart__listing_decode(a, copy, copy + n, &v, &nd);
  if (ok) {
    assert_int_equal(nd, 1);
    assert_int_equal(v[0].id.dev, 100);
    assert_int_equal(v[0].id.ctime_ns, 104);
  }
  ct_arena_free(a);
  free(copy);
  return ok;
}

static void decoder_refuses_damage(void **state) {
  (void)state;
  unsigned char buf[512];
  const char *good[] = {"Chart.yaml", "templates"};
  size_t n = payload(buf, "", good, 2);
  assert_true(decodes(buf, n));
  for (size_t cut = 0; cut < n; cut++) /* every truncation */
    assert_false(decodes(buf, cut));
  unsigned char more[520];
  memcpy(more, buf, n);
  more[n] = 0;
  assert_false(decodes(more, n + 1)); /* a byte too many */

  const char *slash[] = {"a/b"}, *dot[] = {"."}, *dotdot[] = {".."}, *empty[] = {""};
  const char *unsorted[] = {"b", "a"}, *twice[] = {"a", "a"};
  assert_false(decodes(buf, payload(buf, "", slash, 1)));
  assert_false(decodes(buf, payload(buf, "", dot, 1)));
  assert_false(decodes(buf, payload(buf, "", dotdot, 1)));
  assert_false(decodes(buf, payload(buf, "", empty, 1)));
  assert_false(decodes(buf, payload(buf, "", unsorted, 2)));
  assert_false(decodes(buf, payload(buf, "", twice, 2)));

  /* lengths and counts near 2^32, a NUL inside a name, a missing NUL */
  n = payload(buf, "t", good, 2);
  unsigned char bad[512];
  memcpy(bad, buf, n);
  memcpy(bad, "\xff\xff\xff\xff", 4); /* directories */
  assert_false(decodes(bad, n));
  memcpy(bad, buf, n);
  memcpy(bad + 4, "\xff\xff\xff\xff", 4); /* path length */
  assert_false(decodes(bad, n));
  memcpy(bad, buf, n);
  memcpy(bad + 4 + 4 + 2 + 40, "\xff\xff\xff\x7f", 4); /* entries */
  assert_false(decodes(bad, n));
  memcpy(bad, buf, n);
  bad[4 + 4 + 2 + 40 + 4 + 1 + 4 + 3] = 0; /* "Cha\0t.yaml" */
  assert_false(decodes(bad, n));
  memcpy(bad, buf, n);
  bad[4 + 4 + 1] = 'x'; /* the path's NUL */
  assert_false(decodes(bad, n));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(kept_from_second_load, setup, teardown),
      cmocka_unit_test_setup_teardown(changes_are_seen, setup, teardown),
      cmocka_unit_test_setup_teardown(unsettled_not_kept, setup, teardown),
      cmocka_unit_test_setup_teardown(failed_walk_not_kept, setup, teardown),
      cmocka_unit_test_setup_teardown(other_device_not_kept, setup, teardown),
      cmocka_unit_test_setup_teardown(damaged_entry, setup, teardown),
      cmocka_unit_test(decoder_refuses_damage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
