/* mapguard.h — files mapped (mmap) while in use: the parse cache's entries, and large chart
 * files. Renames and unlinks leave a mapping whole, but a truncation of the file by someone
 * else takes its pages away, and the next touch of one raises SIGBUS. For a guarded mapping
 * the handler prints an error naming the file and exits with status 1 instead of crashing;
 * any other SIGBUS goes to the handler that was there before. */
#ifndef CHARTCTL_MAPGUARD_H
#define CHARTCTL_MAPGUARD_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { CT_MAPGUARD_CACHE_ENTRY, CT_MAPGUARD_CHART_FILE } ct_mapguard_kind;

/* Guards LEN bytes mapped at ADDR from the file PATH; false when no guard is free (the caller
 * reads the file instead of mapping it). */
bool ct_mapguard_add(const void *addr, size_t len, const char *path, ct_mapguard_kind kind);
/* Before ADDR is unmapped. */
void ct_mapguard_remove(const void *addr);
/* Removes ADDR's guard and unmaps its LEN bytes; once ct_mapguard_exiting was called, does
 * neither (the mapping stays guarded until the exit unmaps everything at once). */
void ct_mapguard_unmap(void *addr, size_t len);
/* The process is about to exit (a command's output is written): mappings are no longer
 * unmapped one by one. cert-manager's render unmapped seven files and the cache entry, a
 * system call each, just before exit_group took them all. */
void ct_mapguard_exiting(void);

#endif
