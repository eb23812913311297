/* repo_int.h — internals shared by the repo module's files: file helpers, SemVer ordering,
 * index documents, tar.gz writing, URL helpers and the cache layout. Not exported. */
#ifndef CT_REPO_INT_H
#define CT_REPO_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/chart.h"
#include "chartctl/errors.h"
#include "chartctl/value.h"
#include "repo/repo.h"

/* Caps on what is downloaded or read. */
#define CT_REPO__MAX_INDEX ((size_t)256 << 20)
#define CT_REPO__MAX_CHART ((size_t)256 << 20)

/* ---- files ---- */
/* Reads a whole file (at most MAX bytes) into OUT. */
int ct_repo__read_file(ct_buf *out, const char *path, size_t max);
/* Writes DATA to PATH through a temporary file in the same directory and rename(2), so a
 * failure never leaves a partial file in place. MODE as open(2). */
int ct_repo__write_atomic(const char *path, const void *data, size_t len, unsigned mode);
/* mkdir -p */
int ct_repo__mkdirs(const char *path, unsigned mode);
/* rm -rf (no following of symlinks). */
void ct_repo__rmtree(const char *path);
bool ct_repo__is_dir(const char *path);
bool ct_repo__exists(const char *path);
/* A new private directory under $TMPDIR (or /tmp), malloc'd; NULL with the error set. */
char *ct_repo__mkdtemp(const char *what);
/* "DIR/NAME" (malloc'd). */
char *ct_repo__join(const char *dir, const char *name);

/* ---- time ---- */
/* RFC3339Nano of now in UTC ("2026-11-26T08:23:30.411976616Z"), into BUF (>= 40). */
void ct_repo__now_rfc3339(char *buf, size_t n);

/* ---- SemVer (Masterminds v3 ordering) ---- */
/* <0, 0, >0; versions that do not parse compare as strings (after all valid ones). */
int ct_repo__semver_cmp(const char *a, const char *b);
bool ct_repo__semver_is_pre(const char *v);
/* semver.NewConstraint accepts C ("^1.2", ">= 1.0, < 2", "1.0 - 2.0", "1.x || 3.*"). */
bool ct_repo__constraint_valid(const char *c);

/* ---- index documents ---- */
/* Parses index bytes as Helm's loadIndex: needs apiVersion; entries kept as maps. *OUT is the
 * document (CT_MAP) with "entries" a map name → list of version maps sorted newest first. */
int ct_repo__index_parse(ct_value **out, ct_arena *a, const char *data, size_t len,
                         const char *source);
/* IndexFile.Get: the version map of NAME matching VERSION (exact first, else the newest in
 * the range; "" = newest stable). NULL with the error set. */
ct_value *ct_repo__index_get(ct_value *idx, const char *name, const char *version);
/* Sorts every entry list newest first (IndexFile.SortEntries). */
void ct_repo__index_sort(ct_arena *a, ct_value *idx);
/* A string field of a version map ("" when absent). */
const char *ct_repo__field(const ct_value *m, const char *key);

/* ---- archives ---- */
/* gzip'd tar of (name, data) pairs in the given order, reproducible. */
typedef struct ct_repo__tar {
  ct_buf tar;
  long long mtime;
} ct_repo__tar;
void ct_repo__tar_init(ct_repo__tar *t);
int ct_repo__tar_add(ct_repo__tar *t, const char *name, const void *data, size_t len);
/* Finishes the tar stream and gzips it into OUT (Helm's gzip header). Disposes T. */
int ct_repo__tar_finish(ct_repo__tar *t, ct_buf *out);

/* ---- URLs ---- */
/* URL with any user:password@ removed (for messages), malloc'd. */
char *ct_repo__redact(const char *url);
/* scheme://host[:port] part of URL (malloc'd) for credential scoping. */
char *ct_repo__origin(const char *url);
/* Resolves REF (absolute URL or a path relative to BASE) as Helm's ResolveReferenceURL. */
char *ct_repo__resolve_url(const char *base, const char *ref);

/* ---- repositories ---- */
char *ct_repo__index_cache_path(const char *name);
/* Loads the cached index of repository NAME into A. */
int ct_repo__load_cached_index(ct_value **idx, ct_arena *a, const char *name);
/* Fetches URL/index.yaml with AUTH and parses it. RAW (may be NULL) gets the bytes. */
int ct_repo__fetch_index(ct_value **idx, ct_arena *a, const char *url, const ct_repo_auth *auth,
                         ct_buf *raw);
/* Downloads the chart version map CV of repository BASE_URL into DEST_DIR, verifying the
 * digest; *OUT (malloc'd) the written path. */
int ct_repo__download_version(char **out, const ct_value *cv, const char *base_url,
                              const ct_repo_auth *auth, const char *dest_dir);
/* Auth of a repositories.yaml entry. */
ct_repo_auth ct_repo__entry_auth(const ct_repo_entry *e);

/* ---- git ---- */
/* Exports directory SUBPATH of the git repository URL (https://..., file://... or a local
 * path; bare or not) at REF (tag, branch or commit; "" = HEAD) into DEST (created). */
int ct_repo__git_export(const char *url, const char *ref, const char *subpath, const char *dest);

/* ---- packaging helpers ---- */
/* Saves the loaded chart C as DIR/NAME-VERSION.tgz; *OUT malloc'd path. */
int ct_repo__save(char **out, const ct_chart *c, const char *dir);
/* A dependency as chart.Dependency marshals (JSON names, omitempty). */
ct_value *ct_repo__dep_value(ct_arena *a, const ct_chart_dep *d);
/* yaml.Marshal of a chart.Lock. */
int ct_repo__lock_yaml(ct_buf *out, const ct_chart_lock *l, ct_arena *a);

#endif
