/* test_prefetch.c — ct_chart_prefetch: which files it opens (inotify: the chart directory's
 * Chart.yaml, values.yaml, .helmignore, an archive, regular values files; never templates,
 * named pipes, directories or empty files), and that it brings evicted pages back into the
 * page cache without anyone reading them (mincore); with the parse cache, the directory's
 * listings and the template entry its hint names. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "chart/chart_int.h"
#include "chartctl/chart.h"
#include "chartctl/parse_cache.h"
#include "fsutil.h"

/* The names inotify saw opened under the watches (one per line, "w:NAME" with W the watch's
 * index), in order. */
static void opened(int in, const int *wd, int nwd, char *out, size_t cap) {
  char buf[8192] __attribute__((aligned(8)));
  size_t w = 0;
  out[0] = 0;
  for (;;) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n <= 0) break;
    for (char *p = buf; p < buf + n;) {
      struct inotify_event *e = (struct inotify_event *)p;
      int k = 0;
      while (k < nwd && wd[k] != e->wd)
        k++;
      if ((e->mask & IN_OPEN) && e->len && !(e->mask & IN_ISDIR))
        w += (size_t)snprintf(out + w, cap - w, "%d:%s\n", k, e->name);
      p += sizeof *e + e->len;
    }
  }
}

static void opens_what_a_load_reads(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  put_file(dir, "chart/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
  put_file(dir, "chart/values.yaml", "a: 1\n");
  put_file(dir, "chart/.helmignore", "*.bak\n");
  put_file(dir, "chart/templates/cm.yaml", "a: {{ .Values.a }}\n");
  put_file(dir, "vals/prod.yaml", "a: 2\n");
  put_file(dir, "vals/empty.yaml", "");
  put_file(dir, "c-0.1.0.tgz", "not really gzip, but a regular file\n");
  char chart[600], vals[600], tpl[600], fifo[600], prod[600], empty[600], sub[600], tgz[600];
  snprintf(chart, sizeof chart, "%s/chart", dir);
  snprintf(vals, sizeof vals, "%s/vals", dir);
  snprintf(tpl, sizeof tpl, "%s/chart/templates", dir);
  snprintf(fifo, sizeof fifo, "%s/vals/pipe.yaml", dir);
  snprintf(prod, sizeof prod, "%s/vals/prod.yaml", dir);
  snprintf(empty, sizeof empty, "%s/vals/empty.yaml", dir);
  snprintf(sub, sizeof sub, "%s/vals", dir); /* a directory given as a values file */
  snprintf(tgz, sizeof tgz, "%s/c-0.1.0.tgz", dir);
  assert_int_equal(mkfifo(fifo, 0600), 0);

  int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  assert_true(in >= 0);
  int wd[4] = {inotify_add_watch(in, chart, IN_OPEN), inotify_add_watch(in, vals, IN_OPEN),
               inotify_add_watch(in, tpl, IN_OPEN), inotify_add_watch(in, dir, IN_OPEN)};
  for (int i = 0; i < 4; i++)
    assert_true(wd[i] >= 0);
  const char *values[] = {prod, fifo, empty, sub, "-", ""};
  ct_chart_prefetch(chart, values, 6);
  char got[4096];
  opened(in, wd, 4, got, sizeof got);
  /* the values file first, then what a load of the directory reads (the ones present) */
  assert_string_equal(got, "1:prod.yaml\n0:Chart.yaml\n0:.helmignore\n0:values.yaml\n");

  ct_chart_prefetch(tgz, NULL, 0); /* an archive: the file itself */
  opened(in, wd, 4, got, sizeof got);
  assert_string_equal(got, "3:c-0.1.0.tgz\n");

  /* nothing there: nothing opened, nothing fails */
  char gone[700];
  snprintf(gone, sizeof gone, "%s/none", dir);
  const char *missing[] = {gone};
  ct_chart_prefetch(gone, missing, 1);
  opened(in, wd, 4, got, sizeof got);
  assert_string_equal(got, "");
  close(in);
  rm_rf(dir);
  free(dir);
}

/* Pages of PATH (LEN bytes) in the page cache. */
static size_t resident(const char *path, size_t len) {
  int fd = open(path, O_RDONLY);
  assert_true(fd >= 0);
  void *m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
  assert_true(m != MAP_FAILED);
  size_t page = (size_t)sysconf(_SC_PAGESIZE), n = (len + page - 1) / page, in = 0;
  unsigned char *v = malloc(n);
  assert_int_equal(mincore(m, len, v), 0);
  for (size_t i = 0; i < n; i++)
    in += v[i] & 1;
  free(v);
  munmap(m, len);
  close(fd);
  return in;
}

static void brings_pages_in(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  enum { LEN = 64 << 10 };
  char *big = malloc(LEN + 1);
  for (size_t i = 0; i < LEN; i++)
    big[i] = i % 64 == 63 ? '\n' : 'a' + (char)(i % 26);
  memcpy(big, "a: |\n", 5);
  for (size_t i = 5; i < LEN; i += 64)
    big[i] = ' ', big[i + 1] = ' ';
  big[LEN] = 0;
  put_file(dir, "chart/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
  put_file(dir, "chart/values.yaml", big);
  char path[600], chart[600];
  snprintf(chart, sizeof chart, "%s/chart", dir);
  snprintf(path, sizeof path, "%s/chart/values.yaml", dir);
  int fd = open(path, O_RDONLY);
  assert_true(fd >= 0);
  fsync(fd); /* dirty pages cannot be dropped */
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  close(fd);
  size_t pages = LEN / (size_t)sysconf(_SC_PAGESIZE);
  if (resident(path, LEN) == pages) { /* tmpfs, or the kernel kept them: nothing to see */
    rm_rf(dir);
    free(dir), free(big);
    skip();
  }
  ct_chart_prefetch(chart, NULL, 0);
  size_t in = 0;
  for (int i = 0; i < 200 && (in = resident(path, LEN)) < pages; i++) /* reads in flight */
    nanosleep(&(struct timespec){0, 10000000}, NULL);
  assert_int_equal(in, pages);
  rm_rf(dir);
  free(dir), free(big);
}

/* With the parse cache on, the directory's listings and the template entry its hint names
 * (parse_cache.h) are asked for too; a hint naming anything but an entry is not followed. */
static void reads_cache_files_ahead(void **state) {
  (void)state;
  char *dir = make_tmpdir();
  char chart[600], cache[600], path[700];
  snprintf(chart, sizeof chart, "%s/chart", dir);
  snprintf(cache, sizeof cache, "%s/cache", dir);
  put_file(dir, "chart/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
  put_file(dir, "cache/0123456789abcdef", "a template entry");
  put_file(dir, "cache/passwd", "not an entry");
  setenv("CHARTCTL_PARSE_CACHE_DIR", cache, 1);
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  /* the names the loader's listings and hint have for this directory */
  char *key = ct_chart__dir_key(chart);
  assert_non_null(key);
  ct_pcache pc;
  ct_pcache_begin_kind(&pc, CT_PCACHE_LISTING);
  ct_pcache_add(&pc, "", key, strlen(key));
  char *hint, target[CT_PCACHE_HINT_TARGET];
  ct_pcache_hint(&pc, &hint, target);
  assert_non_null(hint);
  assert_string_equal(target, "");
  ct_pcache_fetch(&pc); /* a miss: names the listings' file */
  assert_non_null(pc.path);
  const char *listing = strrchr(pc.path, '/') + 1, *hname = strrchr(hint, '/') + 1;
  assert_int_equal(listing[0], 'd');
  assert_int_equal(hname[0], 'h');
  assert_string_equal(listing + 1, hname + 1);
  snprintf(path, sizeof path, "listings of %s", chart);
  put_file(cache, listing, path);
  for (const char *p = listing; *p; p++) /* "d" and 16 lower-case hex digits */
    assert_true(p == listing || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
  assert_int_equal(chmod(pc.path, 0600), 0);
  snprintf(path, sizeof path, "%s/0123456789abcdef", cache);
  assert_int_equal(chmod(path, 0600), 0);

  int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  assert_true(in >= 0);
  int wd[1] = {inotify_add_watch(in, cache, IN_OPEN)};
  assert_true(wd[0] >= 0);
  char got[4096], want[256];
  /* no hint yet: the listings only */
  ct_chart_prefetch(chart, NULL, 0);
  opened(in, wd, 1, got, sizeof got);
  snprintf(want, sizeof want, "0:%s\n", listing);
  assert_string_equal(got, want);
  /* a hint naming an entry: that entry too */
  assert_int_equal(symlink("0123456789abcdef", hint), 0);
  char *again;
  ct_pcache_hint(&pc, &again, target);
  assert_string_equal(again, hint);
  assert_string_equal(target, "0123456789abcdef");
  free(again);
  ct_chart_prefetch(chart, NULL, 0);
  opened(in, wd, 1, got, sizeof got);
  snprintf(want, sizeof want, "0:%s\n0:0123456789abcdef\n", listing);
  assert_string_equal(got, want);
  /* hints naming other things: not followed */
  const char *others[] = {"passwd", "../chart/Chart.yaml", "0123456789ABCDEF", "0123456789abcdef0"};
  for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
    assert_int_equal(unlink(hint), 0);
    assert_int_equal(symlink(others[i], hint), 0);
    ct_chart_prefetch(chart, NULL, 0);
    opened(in, wd, 1, got, sizeof got);
    snprintf(want, sizeof want, "0:%s\n", listing);
    assert_string_equal(got, want);
  }
  close(in);
  free(hint);
  free(key);
  ct_pcache_dispose(&pc);
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  rm_rf(dir);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(opens_what_a_load_reads),
      cmocka_unit_test(brings_pages_in),
      cmocka_unit_test(reads_cache_files_ahead),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
