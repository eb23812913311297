/* cache_dir.h — for unit tests of the parse cache's users: a fresh cache directory for each
 * test (CHARTCTL_PARSE_CACHE_DIR), emptied and removed after it, and a count of what it holds. */
#ifndef CT_TEST_CACHE_DIR_H
#define CT_TEST_CACHE_DIR_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Makes DIR (CAP bytes) a new directory /tmp/ct-TAG-XXXXXX and points the cache at it;
 * 0, or -1 when it cannot be made. */
__attribute__((unused)) static int ct_test_cache_dir(char *dir, size_t cap, const char *tag) {
  snprintf(dir, cap, "/tmp/ct-%s-XXXXXX", tag);
  if (!mkdtemp(dir)) return -1;
  setenv("CHARTCTL_PARSE_CACHE_DIR", dir, 1);
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  return 0;
}

/* Removes DIR and every file in it (a test may have left it read-only), and turns the cache
 * off for what runs next. */
__attribute__((unused)) static void ct_test_cache_dir_remove(const char *dir) {
  chmod(dir, 0700);
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    unlink(p);
  }
  if (d) closedir(d);
  rmdir(dir);
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
}

/* DIR's regular files but dot files (entries and markers; links aside): how many, *EMPTY how
 * many are empty (markers), and with BIG the path of the largest (CAP bytes). */
__attribute__((unused)) static int ct_test_cache_files(const char *dir, int *empty, char *big,
                                                       size_t cap) {
  int n = 0;
  off_t most = -1;
  *empty = 0;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char p[600];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    n++;
    if (st.st_size == 0) (*empty)++;
    if (big && st.st_size > most) {
      most = st.st_size;
      snprintf(big, cap, "%s", p);
    }
  }
  if (d) closedir(d);
  return n;
}

#endif
