/* prefetch.c — asks the kernel to start reading, all at once, the files a render of a chart
 * directory reads one after another (its Chart.yaml, values.yaml, .helmignore...) and the
 * values files given to it. In the page cache already, each costs an open and a lookup; when
 * not (a chart not rendered for a while, its pages reclaimed), their reads from disk overlap
 * instead of each waiting for the last. The same for the parse cache's files for the
 * directory: its listings and the template entry its last render used. Nothing here fails a
 * render. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart/chart_int.h"
#include "chartctl/chart.h"
#include "chartctl/parse_cache.h"

/* Only regular files are opened: opening a named pipe would let its writer start, and
 * closing it leave that writer without a reader. */
static void willneed_at(int dfd, const char *name) {
  struct stat st;
  if (fstatat(dfd, name, &st, 0) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return;
  int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return;
  posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
  close(fd);
}

void ct_chart_prefetch(const char *path, const char *const *values, size_t nvalues) {
  for (size_t i = 0; i < nvalues; i++)
    if (values[i] && values[i][0] && (values[i][0] != '-' || values[i][1]))
      willneed_at(AT_FDCWD, values[i]);
  int dfd = open(path, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
  if (dfd < 0) { /* an archive */
    willneed_at(AT_FDCWD, path);
    return;
  }
  static const char *const known[] = {"Chart.yaml",         ".helmignore", "values.yaml",
                                      "values.schema.json", "Chart.lock",  "requirements.yaml",
                                      "requirements.lock"};
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    willneed_at(dfd, known[i]);
  close(dfd);
  /* the parse cache's listings of the directory, and the template entry its last render
   * used (parse_cache.h, hints) */
  char *key = ct_chart__dir_key(path);
  if (!key) return;
  ct_pcache pc;
  ct_pcache_begin_kind(&pc, CT_PCACHE_LISTING);
  ct_pcache_add(&pc, "", key, strlen(key));
  ct_pcache_prefetch(&pc);
  ct_pcache_dispose(&pc);
  free(key);
}
