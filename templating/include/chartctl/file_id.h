/* file_id.h — what stat says of a file, to tell whether it may have changed since (the parse
 * cache's links, docs/parse-cache.md): any write changes CTIME, a replaced file has another
 * INO. Shared by the chart loader, which takes it, and the parse cache, which keys on it. */
#ifndef CHARTCTL_FILE_ID_H
#define CHARTCTL_FILE_ID_H

typedef struct ct_chart_file_id {
  unsigned long long dev, ino, size;
  long long mtime_ns, ctime_ns;
} ct_chart_file_id;

#endif
