/* chart_int.h — internals shared by the chart module's files (loader, ignore rules,
 * metadata decoding, Go-compatible helpers, coalescing, semver ranges). Not exported. */
#ifndef CT_CHART_INT_H
#define CT_CHART_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/chart.h"
#include "chartctl/errors.h"
#include "chartctl/file_id.h"
#include "chartctl/value.h"

/* Caps on what the loader reads (archives and directories). */
#define CT_CHART__MAX_FILE ((size_t)256 << 20)   /* one file */
#define CT_CHART__MAX_TOTAL ((size_t)1 << 30)    /* all files of a chart tree */
#define CT_CHART__MAX_FILES 100000               /* entries */
#define CT_CHART__MAX_DEPTH 64                   /* nested charts/ levels */

/* Go's log.Printf with log.Lshortfile as helm sets it: "FILE:LINE: MSG\n" to W. */
void ct_chart__logf(FILE *w, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- files buffered before classification (loader.LoadFiles) ---- */
typedef struct ct_chart__bfile {
  char *name;
  char *data; /* NUL-terminated, len bytes */
  size_t len;
  const char *lazy_path; /* not read yet: where it is (ct_chart_load_lazy) */
  const ct_chart_file_id *id; /* a lazy template's stat */
} ct_chart__bfile;

typedef struct ct_chart__blist {
  ct_chart__bfile *v;
  size_t len, cap;
  size_t total; /* bytes */
} ct_chart__blist;

void ct_chart__blist_push(ct_arena *a, ct_chart__blist *l, char *name, char *data, size_t len);

/* Helm's loaders keep a file's bytes without a leading UTF-8 byte order mark. */
static inline void ct_chart__drop_bom(char **data, size_t *len) {
  if (*len >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0) {
    *data += 3;
    *len -= 3;
  }
}

/* LoadFiles: classify FILES into a chart allocated in A (recursing into charts/). */
int ct_chart__load_files(ct_chart **out, ct_arena *a, ct_chart__blist *files, FILE *warn,
                         int depth);
/* LoadArchiveFiles: gzip'd tar bytes to a file list, with Helm's path checks. */
/* An archive that loaded is kept in the parse cache's directory from its second load on, as
 * its files, and later loads take them from there without inflating (a count for tests). */
int ct_chart__archive_files(ct_chart__blist *out, ct_arena *a, const void *data, size_t len);
extern unsigned long ct_chart__archive_cache_hits;
/* An archive's files as its cache entry's payload, and back: the latter copies them into A
 * and is false when P..END does not decode (nothing is trusted: fuzz_chart_archive). */
void ct_chart__archive_to_entry(ct_buf *b, const ct_chart__blist *l);
bool ct_chart__archive_from_entry(ct_chart__blist *out, ct_arena *a, const unsigned char *p,
                                  const unsigned char *end);

/* PATH cleaned as Go's filepath.Clean does for an absolute path (no "//", "/./", ".." resolved
 * lexically, no trailing '/') into O (strlen(PATH) + 2 bytes); returns its length. */
size_t ct_chart__clean_path(char *o, const char *path);
/* The chart directory DIR as the loader names it: absolute, cleaned, with a trailing '/'
 * (heap; NULL without a working directory). Its listings' cache key. */
char *ct_chart__dir_key(const char *dir);

/* A directory entry as getdents gives it. */
typedef struct ct_chart__dentry {
  char *name;
  unsigned char type; /* DT_REG, DT_DIR, DT_LNK... or DT_UNKNOWN */
} ct_chart__dentry;

/* listing.c: a chart directory's listings kept in the parse cache, each with its directory's
 * stat, so that a later load of the chart reads no directory whose stat is unchanged. */
typedef struct ct_chart__listing ct_chart__listing;
typedef struct ct_chart__listing_dir {
  const char *rel; /* relative to the chart: "" for the chart itself, else "a/b" */
  ct_chart_file_id id;
  const ct_chart__dentry *ents; /* sorted by name */
  size_t n;
} ct_chart__listing_dir;
/* The listings kept for the chart directory TOP (absolute, cleaned); NULL when the parse
 * cache is off. Entries found stay valid until ct_chart__listing_close. */
ct_chart__listing *ct_chart__listing_open(ct_arena *a, const char *top);
/* The entries of the directory REL, whose stat is ST, when kept for that stat (L may be
 * NULL: false). */
bool ct_chart__listing_get(ct_chart__listing *l, const char *rel, const struct stat *st,
                           const ct_chart__dentry **ents, size_t *n);
/* What reading the directory REL (stat ST) gave: ENTS (sorted) must live until close. */
void ct_chart__listing_put(ct_chart__listing *l, const char *rel, const struct stat *st,
                           const ct_chart__dentry *ents, size_t n);
/* The parse cache's hint link for the directory and what it named at open, copied into A
 * (both NULL without one). */
void ct_chart__listing_hint(const ct_chart__listing *l, ct_arena *a, const char **link,
                            const char **target);
/* A directory the listings cannot vouch for (another file system): nothing is written. */
void ct_chart__listing_unsettle(ct_chart__listing *l);
/* Writes the listings when WALKED (the walk succeeded), a directory was read and every one
 * last changed over 2 s before; frees L (accepts NULL). */
void ct_chart__listing_close(ct_chart__listing *l, bool walked);
/* Listings as an entry's payload (appended to B), and back: P..END decoded into A (names point into
 * it); false when it does not decode (nothing is trusted: fuzz_chart_listing). */
void ct_chart__listing_encode(ct_buf *b, const ct_chart__listing_dir *dirs, size_t n);
bool ct_chart__listing_decode(ct_arena *a, const unsigned char *p, const unsigned char *end,
                              ct_chart__listing_dir **out, size_t *nout);
/* Listings taken from the cache instead of read, and how long before the load a directory
 * must have last changed for its listing to be kept (2 s; tests lower it). */
extern unsigned long ct_chart__listing_hits;
extern long long ct_chart__listing_settle_ns;

/* targz.c: the entries of a gzip'ed tar stream, as Go's archive/tar gives them to Helm. */
typedef struct ct_chart__tar ct_chart__tar;
typedef struct ct_chart__tar_entry {
  char type;        /* tar typeflag ('0' regular, '1' hard link, '2' symlink, '5' dir...) */
  const char *name; /* PAX path, GNU long name or [prefix/]name */
  const char *link; /* link target */
  size_t size;      /* data bytes (0 for header-only types) */
  bool is_dir;
} ct_chart__tar_entry;
int ct_chart__tar_open(ct_chart__tar **t, ct_arena *a, const void *gz, size_t len);
/* 1: an entry in *E; 0: the end of the archive; < 0: an error (ct_error_last). */
int ct_chart__tar_next(ct_chart__tar *t, ct_chart__tar_entry *e);
/* N bytes of the current entry's data into DST (N <= what is left of it). */
int ct_chart__tar_read(ct_chart__tar *t, void *dst, size_t n);
void ct_chart__tar_close(ct_chart__tar *t); /* accepts NULL */
int ct_chart__load_archive(ct_chart **out, ct_arena *a, const void *data, size_t len,
                           FILE *warn, int depth);

/* ---- .helmignore (pkg/ignore) ---- */
typedef struct ct_ignore ct_ignore;
/* Parses rules TEXT (may be NULL for none), then adds Helm's defaults. */
int ct_chart__ignore_parse(ct_ignore **out, ct_arena *a, const char *text, size_t len);
bool ct_chart__ignore_match(const ct_ignore *r, const char *path, bool is_dir);
/* Go's path/filepath.Match: 1 match, 0 no match, -1 ErrBadPattern. */
int ct_chart__glob_match(const char *pattern, const char *name);

/* ---- Chart.yaml / lock decoding (sigs.k8s.io/yaml into Go structs) ---- */
/* Decodes YAML SRC into MD (fields present overwrite; others kept). ERR gets the message
 * without the "cannot load Chart.yaml: " prefix. */
int ct_chart__decode_metadata(ct_chart_metadata *md, ct_arena *a, const char *src, size_t len,
                              ct_buf *err);
int ct_chart__decode_lock(ct_chart_lock *lk, ct_arena *a, const char *src, size_t len,
                          ct_buf *err);
/* Metadata.Validate: 0 or -1 with "validation: ..." in ERR. Sanitizes strings in place. */
int ct_chart__validate_metadata(ct_chart_metadata *md, ct_arena *a, ct_buf *err);

/* ---- Masterminds semver v3 ---- */
bool ct_chart__semver_valid(const char *v);
/* chartutil.IsCompatibleRange(constraint, version) */
bool ct_chart__semver_in_range(const char *constraint, const char *version);

/* ---- values helpers (chartutil.Values) ---- */
/* Table(path): the map at dotted PATH; NULL with ERRKEY set to the failing segment. */
ct_value *ct_chart__values_table(ct_value *v, const char *path, const char **errkey,
                                 ct_arena *a);
/* coalesce (merge=false: CoalesceValues; true: chartutil.MergeValues) into DEST, in place.
 * Returns CT_OK or an error (type mismatch). */
int ct_chart__coalesce(ct_arena *a, const ct_chart *c, ct_value *dest, const char *prefix,
                       bool merge, FILE *warn);
/* coalesceTablesFullKey */
ct_value *ct_chart__coalesce_tables(ct_arena *a, ct_value *dst, ct_value *src,
                                    const char *prefix, bool merge, FILE *warn);
/* Deep copy of a values tree keeping map insertion order. */
ct_value *ct_chart__copy(ct_arena *a, const ct_value *v);

/* The chart view allocation used by dependency processing. */
ct_chart *ct_chart__clone_shallow(ct_arena *a, const ct_chart *c);

/* Schema validation; NULL_AS_EMPTY: a null document is validated as {} (Helm's rule). */
int ct_chart__schema_validate(const char *schema, size_t len, const ct_value *values, ct_buf *errs,
                              bool null_as_empty);
/* ct_chart__schema_validate (a null document as {}), skipped when the parse cache remembers
 * that these values passed this schema (schema_cache.c). Below CT_CHART__SCHEMA_CACHE_MIN
 * bytes the lookup saves nothing measurable (helm's 1.2 KB test schema: 0.21 against 0.20
 * ms; cloudnative-pg's 6 KB: 0.65 against 0.63 ms), so small schemas add no entries. */
#define CT_CHART__SCHEMA_CACHE_MIN ((size_t)4096)
int ct_chart__schema_check(const char *schema, size_t len, const ct_value *values, ct_buf *errs);
/* The exact encoding of a values tree the cache compares (false: not encodable). */
bool ct_chart__schema_encode_values(ct_buf *out, const ct_value *values);
extern unsigned long ct_chart__schema_cache_hits;

/* Go's %v of a value for warnings (uses gofmt). */
void ct_chart__fmt_v(ct_buf *out, const ct_value *v);

#endif
