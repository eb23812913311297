/* wmf.c — sextant compatibility against Wikimedia's charts: resolving package.json reproduces
 * package.lock byte for byte for every chart whose lock is current with the modules folder
 * (at least ten), and vendoring from each lock reproduces templates/vendor wherever the files
 * there are unmodified copies of the modules. Usage: scaffold_wmf WMF_DIR... (the first that
 * exists is used; 77 when none does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "sc_int.h"

static int failures;
#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                         \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

/* Every entry of the lock is the newest patch of its X.Y in the registry. */
static bool lock_is_current(const ct_sc_resolution *lock, const ct_sc_registry *r) {
  for (size_t i = 0; i < lock->n; i++) {
    const ct_sc_module *m = lock->items[i].mod;
    char mm[32];
    snprintf(mm, sizeof mm, "%d.%d", m->major, m->minor);
    if (ct_scaffold_registry_newest(r, m->ns, m->name, mm) != m) return false;
  }
  return true;
}

/* The chart's vendored files (NS/FILE) match the lock's file names exactly. */
static bool vendor_in_sync(ct_arena *a, const char *want, const ct_sc_resolution *lock) {
  size_t count = 0, nns;
  char **nss = ct_scaffold__list_dir(a, want, &nns);
  for (size_t i = 0; nss && i < nns; i++) {
    size_t nf;
    char **fs = ct_scaffold__list_dir(a, ct_scaffold__path_join(a, want, nss[i]), &nf);
    for (size_t k = 0; fs && k < nf; k++) {
      bool named = false;
      for (size_t j = 0; j < lock->n && !named; j++)
        named = !strcmp(lock->items[j].mod->ns, nss[i]) &&
                !strcmp(ct_scaffold__basename(lock->items[j].mod->path), fs[k]);
      if (!named) return false;
      count++;
    }
  }
  return count == lock->n;
}

/* Compares the vendor folder made from the lock (GOT) with the chart's (WANT). */
static void compare_vendor(ct_arena *a, const char *chart, const char *got, const char *want,
                           const ct_sc_resolution *lock, int *files_same, int *files_modified) {
  for (size_t i = 0; i < lock->n; i++) {
    const ct_sc_module *m = lock->items[i].mod;
    char *rel = ct_arena_sprintf(a, "%s/%s", m->ns, ct_scaffold__basename(m->path));
    char *g = ct_scaffold__path_join(a, got, rel), *w = ct_scaffold__path_join(a, want, rel);
    CHECK(ct_scaffold__is_file(g), "%s: %s not vendored", chart, rel);
    if (ct_scaffold__same_content(g, w))
      (*files_same)++;
    else if (!ct_scaffold__same_content(w, m->path))
      (*files_modified)++; /* edited in the chart */
    else
      CHECK(0, "%s: %s differs from the module", chart, rel);
  }
}

int main(int argc, char **argv) {
  const char *wmf = "/work/shared/conformance/wmf";
  for (int i = argc - 1; i >= 1; i--)
    if (ct_scaffold__is_dir(argv[i])) wmf = argv[i];
  ct_arena *a = ct_arena_new();
  char *charts = ct_scaffold__path_join(a, wmf, "charts");
  char *mods = ct_scaffold__path_join(a, wmf, "modules");
  if (!ct_scaffold__is_dir(charts) || !ct_scaffold__is_dir(mods)) {
    printf("wmf: skipped, %s not found\n", wmf);
    ct_arena_free(a);
    return 77;
  }
  ct_sc_registry *r = ct_scaffold_registry_load(a, mods);
  if (!r) {
    fprintf(stderr, "registry: %s\n", ct_error_last());
    return 1;
  }
  char tmpl[] = "/tmp/ct-scaffold-wmf-XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  size_t n;
  char **names = ct_scaffold__list_dir(a, charts, &n);
  int locks = 0, current = 0, exact = 0, vendored = 0, same = 0, modified = 0, out_of_sync = 0;
  for (size_t i = 0; names && i < n; i++) {
    char *dir = ct_scaffold__path_join(a, charts, names[i]);
    char *lockp = ct_scaffold__path_join(a, dir, "package.lock");
    char *pkgp = ct_scaffold__path_join(a, dir, "package.json");
    if (!ct_scaffold__is_file(lockp) || !ct_scaffold__is_file(pkgp)) continue;
    locks++;
    ct_sc_resolution lock;
    if (ct_scaffold_lock_read(&lock, a, r, lockp) != CT_OK) {
      printf("  %-28s lock names modules missing from the folder: %s\n", names[i], ct_error_last());
      continue;
    }
    /* 1. resolution reproduces current locks */
    if (lock_is_current(&lock, r)) {
      current++;
      const char **reqs;
      size_t nreqs;
      ct_sc_resolution res;
      CHECK(ct_scaffold_package_read(&reqs, &nreqs, a, pkgp) == CT_OK, "%s", ct_error_last());
      if (ct_scaffold_resolve(&res, a, r, reqs, nreqs) != CT_OK) {
        CHECK(0, "%s: %s", names[i], ct_error_last());
      } else {
        ct_buf text = CT_BUF_INIT;
        ct_scaffold_lock_format(&text, &res);
        char *want;
        size_t wl;
        ct_scaffold__read_file(&want, &wl, a, lockp);
        if (wl == text.len && !memcmp(want, text.ptr, wl)) {
          exact++;
        } else {
          /* a lock edited by hand may end with a newline; the content must still agree */
          bool same_but_newline =
              wl == text.len + 1 && want[wl - 1] == '\n' && !memcmp(want, text.ptr, text.len);
          CHECK(same_but_newline, "%s: resolving package.json does not reproduce package.lock",
                names[i]);
          if (same_but_newline)
            printf("  %-28s lock matches (the file has a trailing newline)\n", names[i]);
        }
        ct_buf_dispose(&text);
      }
    }
    /* 2. vendoring from the lock reproduces templates/vendor */
    char *vendor = ct_scaffold__path_join(a, dir, "templates/vendor");
    if (!ct_scaffold__is_dir(vendor)) continue;
    if (!vendor_in_sync(a, vendor, &lock)) {
      printf("  %-28s skipped: templates/vendor does not hold the files package.lock names\n",
             names[i]);
      out_of_sync++;
      continue;
    }
    char *copy = ct_arena_sprintf(a, "%s/%s", tmpl, names[i]);
    ct_scaffold__mkdir_p(copy);
    CHECK(ct_scaffold__copy_file(pkgp, ct_scaffold__path_join(a, copy, "package.json")) == CT_OK,
          "copy");
    char *lockc = ct_scaffold__path_join(a, copy, "package.lock");
    CHECK(ct_scaffold__copy_file(lockp, lockc) == CT_OK, "copy");
    struct utimbuf later = {.actime = 4000000000,
                            .modtime = 4000000000}; /* lock newer than package.json */
    utime(lockc, &later);
    bool changed;
    if (ct_scaffold_vendor(copy, r, CT_SC_VENDOR_LOCK, false, NULL, &changed) != CT_OK) {
      CHECK(0, "%s: vendor from lock: %s", names[i], ct_error_last());
      continue;
    }
    vendored++;
    char *lock_after;
    size_t la;
    ct_scaffold__read_file(&lock_after, &la, a, lockc);
    char *lock_before;
    size_t lb;
    ct_scaffold__read_file(&lock_before, &lb, a, lockp);
    CHECK(la == lb && !memcmp(lock_after, lock_before, la),
          "%s: vendoring from the lock rewrote it", names[i]);
    compare_vendor(a, names[i], ct_scaffold__path_join(a, copy, "templates/vendor"), vendor, &lock,
                   &same, &modified);
  }
  printf("wmf: %d charts with package.lock; %d current with the modules folder, %d reproduced byte "
         "for byte\n",
         locks, current, exact);
  printf("wmf: %d charts vendored from their lock (%d out of sync skipped): %d files identical, "
         "%d modified in the chart (skipped)\n",
         vendored, out_of_sync, same, modified);
  CHECK(exact >= 10, "only %d locks reproduced byte for byte (want at least 10)", exact);
  CHECK(vendored >= 50 && same > 500, "too few vendored charts/files checked");
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
  if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", tmpl);
  ct_arena_free(a);
  if (failures) {
    fprintf(stderr, "%d failure(s)\n", failures);
    return 1;
  }
  puts("wmf: all checks passed");
  return 0;
}
