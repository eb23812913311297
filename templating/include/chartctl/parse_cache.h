/* parse_cache.h — the persistent parse cache (docs/parse-cache.md): one entry per list of
 * templates a render parses (or per chart archive, a kind of its own), for the chartctl
 * build that wrote it, kept under $XDG_CACHE_HOME/chartctl/parse. An entry holds the
 * templates' names and texts (an archive's bytes), compared byte for byte on lookup (the file
 * name is only a fast hash of them), and a payload that is opaque here (the records of
 * ct_tpl_parse_record, an archive's files). Any problem (no cache directory, a read-only
 * one, a corrupt or foreign entry) makes it a miss: the cache never fails a render. */
#ifndef CHARTCTL_PARSE_CACHE_H
#define CHARTCTL_PARSE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include <stdint.h>

#include "chartctl/file_id.h"

typedef struct ct_pcache_tpl {
  const char *name;
  const char *text; /* or, DIGEST set, the template's digest (ct_pcache_add_digest) */
  size_t len;
  bool digest;
} ct_pcache_tpl;

/* An entry mapped read-only (its trees are decoded from it until the set is freed). Entries
 * are only ever replaced by rename and removed by unlink, never rewritten in place, so the
 * mapping keeps the bytes the checks passed. While it is mapped, a truncation of its file by
 * someone else is reported as an error and exit status 1 (a SIGBUS handler), not a crash. */
typedef struct ct_pcache_map {
  void *addr;
  size_t len;
} ct_pcache_map;

/* What an entry's payload is: a chart's parsed templates (engine/render.c), the files of a
 * chart archive (chart/archive.c), keyed by the archive's bytes, the directory listings of
 * a chart directory (chart/listing.c), keyed by its path, in files named "d" and the key,
 * the fact that values passed a schema (chart/schema_cache.c), keyed by both, or the heads
 * of a render's documents (engine/manifests.c), keyed by the documents. */
enum {
  CT_PCACHE_TREES = 0,
  CT_PCACHE_ARCHIVE = 1,
  CT_PCACHE_LISTING = 2,
  CT_PCACHE_SCHEMA = 3,
  CT_PCACHE_HEADS = 4
};

typedef struct ct_pcache {
  bool on; /* false: disabled (CHARTCTL_NO_PARSE_CACHE, no build id, no home) */
  unsigned kind; /* CT_PCACHE_TREES, _ARCHIVE, _LISTING, _SCHEMA or _HEADS */
  bool admit; /* after a miss: record the parse and store it (else ct_pcache_mark) */
  uint64_t key;
  ct_pcache_tpl *tpls; /* what ct_pcache_add was given (heap) */
  size_t ntpls, cap;
  size_t texts_len;             /* bytes of the entry's names-and-texts section */
  char *path;                   /* the entry's file (heap), once the key is known */
  uint64_t stat_key;            /* the templates' names and stats (ct_pcache_add_stat) */
  size_t nstats;
  bool stat_settled; /* every file last changed over 2 s ago */
  long long now_ns;
  char *link;                   /* the link's file (heap), once the stat key is known */
  ct_pcache_map map;            /* the entry, after a hit */
  const unsigned char *payload; /* within MAP after a hit */
  size_t payload_len;
} ct_pcache;

/* Starts a key. The cache directory is CHARTCTL_PARSE_CACHE_DIR if set, else
 * $XDG_CACHE_HOME/chartctl/parse, else $HOME/.cache/chartctl/parse. */
void ct_pcache_begin(ct_pcache *pc);
/* The same for another kind of payload: entries of one kind are never found for another. */
void ct_pcache_begin_kind(ct_pcache *pc, unsigned kind);
/* Adds one template (in parse order); NAME and TEXT must live until ct_pcache_dispose. */
void ct_pcache_add(ct_pcache *pc, const char *name, const char *text, size_t len);
/* Adds a template by the digest of its text (SHA-256, CT_PCACHE_DIGEST bytes) instead of the
 * text: the entry holds the digest, and the file keeps the text (a sparse template, whose
 * megabyte of CRD text would otherwise be in the entry). DIGEST must live as NAME does. */
#define CT_PCACHE_DIGEST 32
void ct_pcache_add_digest(ct_pcache *pc, const char *name, const unsigned char *digest);
/* Adds a template's stat to the stat key (in parse order, as ct_pcache_add): for finding the
 * entry through a link made when the same files with the same stats were last rendered. */
void ct_pcache_add_stat(ct_pcache *pc, const char *name, const ct_chart_file_id *id);
/* Looks the entry up by the stat key alone (every template added with ct_pcache_add_stat,
 * none with ct_pcache_add yet): true on a hit, with pc->payload, and for each template I
 * TEXTS[I] and LENS[I], its text as the entry holds it (NULL and 0: the entry holds its
 * digest, and the text is the file's). NAMES are the templates' names, which must be the
 * entry's. */
bool ct_pcache_fetch_stat(ct_pcache *pc, const char *const *names, size_t n, const char **texts,
                          size_t *lens);
/* After a hit by texts or a store: links the stat key to the entry, when every template was
 * added with its stat and every file last changed over 2 s ago (a file changed within the
 * same tick of the file system's clock as the link is made could keep its stat). */
void ct_pcache_link_stat(ct_pcache *pc);
/* Ends the key and looks the entry up: true with pc->payload on a hit. */
bool ct_pcache_fetch(ct_pcache *pc);
/* Leaves a marker for the key (an empty file): recording a parse costs about half a parse,
 * so an entry is written only for templates rendered before (ct_pcache_fetch sets ADMIT
 * when it finds the marker, or an entry it could not use). */
void ct_pcache_mark(ct_pcache *pc);
/* Writes PAYLOAD as the entry (atomically: readers see all of it or none), then trims the
 * directory to its size cap (oldest entries first). */
void ct_pcache_store(ct_pcache *pc, const void *payload, size_t len);
/* Hints (CT_PCACHE_LISTING keys only): a link, "h" and the key of a chart directory's
 * listings, naming the template entry the directory's last render used, so that a load can
 * ask for both files at once (ct_pcache_prefetch) before it needs either.
 * ct_pcache_hint: the hint link's path (heap, or NULL) and what it names now (TARGET, "" for
 * nothing). ct_pcache_prefetch: ends the key and asks the kernel to read the entry and the
 * entry its hint names ahead (posix_fadvise WILLNEED; nothing is read or fails here).
 * ct_pcache_hint_set: makes LINK name ENTRY's file (a template entry just found or written)
 * unless it already named it (OLD_TARGET), replacing it atomically. */
#define CT_PCACHE_HINT_TARGET 17
void ct_pcache_hint(ct_pcache *pc, char **link, char target[CT_PCACHE_HINT_TARGET]);
void ct_pcache_prefetch(ct_pcache *pc);
void ct_pcache_hint_set(const char *link, const char *old_target, const ct_pcache *entry);
/* Removes the entry (its payload did not load). */
void ct_pcache_drop(ct_pcache *pc);
void ct_pcache_dispose(ct_pcache *pc);
/* Unmaps an entry taken out of a ct_pcache after a hit (accepts an empty one). */
void ct_pcache_unmap(ct_pcache_map *m);

#endif
