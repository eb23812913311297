/* fsutil.h — test helper for the chart tests: temporary chart trees on disk and in-memory
 * .tgz archives built with libarchive. */
#ifndef CT_TEST_FSUTIL_H
#define CT_TEST_FSUTIL_H

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* writes ROOT/REL (creating directories) */
__attribute__((unused)) static void put_file(const char *root, const char *rel, const char *text) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", root, rel);
  for (char *p = path + strlen(root) + 1; *p; p++) {
    if (*p == '/') {
      *p = 0;
      mkdir(path, 0755);
      *p = '/';
    }
  }
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  fputs(text, f);
  fclose(f);
}

__attribute__((unused)) static char *make_tmpdir(void) {
  char tmpl[] = "/tmp/ct-chart-test-XXXXXX";
  char *d = mkdtemp(tmpl);
  if (!d) abort();
  return strdup(d);
}

__attribute__((unused)) static void rm_rf(const char *dir) {
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) { /* best effort */ }
}

typedef struct tentry {
  const char *name;
  const char *data;      /* NULL for a symlink */
  const char *linkto;    /* symlink target */
} tentry;

/* gzip'd tar of ENTRIES in memory; caller frees *out */
__attribute__((unused)) static void make_tgz(const tentry *e, size_t n, void **out, size_t *len) {
  size_t cap = 1 << 20;
  void *buf = malloc(cap);
  size_t used = 0;
  struct archive *a = archive_write_new();
  archive_write_add_filter_gzip(a);
  archive_write_set_format_pax_restricted(a);
  archive_write_open_memory(a, buf, cap, &used);
  for (size_t i = 0; i < n; i++) {
    struct archive_entry *ae = archive_entry_new();
    archive_entry_set_pathname(ae, e[i].name);
    if (e[i].linkto) {
      archive_entry_set_filetype(ae, AE_IFLNK);
      archive_entry_set_symlink(ae, e[i].linkto);
      archive_entry_set_perm(ae, 0777);
      archive_entry_set_size(ae, 0);
      archive_write_header(a, ae);
    } else {
      archive_entry_set_filetype(ae, AE_IFREG);
      archive_entry_set_perm(ae, 0644);
      archive_entry_set_size(ae, (la_int64_t)strlen(e[i].data));
      archive_write_header(a, ae);
      archive_write_data(a, e[i].data, strlen(e[i].data));
    }
    archive_entry_free(ae);
  }
  archive_write_close(a);
  archive_write_free(a);
  *out = buf;
  *len = used;
}

#endif
