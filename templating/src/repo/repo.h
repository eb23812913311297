/* repo.h — packaging charts, chart repository indexes, the repositories file and cache,
 * chart downloads (HTTP(S) via libcurl, git via libgit2) and Chart.yaml dependencies. */
#ifndef CT_REPO_H
#define CT_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "chartctl/buf.h"
#include "chartctl/chart.h"

/* ---- where repositories live (Helm's helmpath layout) ----
 * CONFIG is repositories.yaml, CACHE holds NAME-index.yaml and NAME-charts.txt. NULL keeps
 * the default: HELM_REPOSITORY_CONFIG / HELM_REPOSITORY_CACHE, else the XDG/HOME paths. The
 * strings must outlive every later call (the CLI passes its global flag values). */
void ct_repo_set_paths(const char *config, const char *cache);
const char *ct_repo_config_path(void);
const char *ct_repo_cache_path(void);

/* Connection options of one repository (from repositories.yaml or command flags). */
typedef struct ct_repo_auth {
  const char *username, *password;      /* basic auth; NULL/"" for none */
  const char *ca_file, *cert_file, *key_file;
  bool insecure;                         /* --insecure-skip-tls-verify */
  bool pass_credentials;                 /* send credentials to other hosts too */
} ct_repo_auth;

/* ---- package ---- */
typedef struct ct_repo_package_opts {
  const char *destination; /* directory, NULL or "" = "." */
  const char *version;     /* overrides Chart.yaml version when non-empty */
  const char *app_version; /* overrides appVersion when non-empty */
  bool dependency_update;  /* run dependency update first */
  FILE *out;               /* progress lines of --dependency-update (stdout when NULL) */
} ct_repo_package_opts;

/* helm package CHART_DIR: writes DEST/NAME-VERSION.tgz; *OUT_PATH (malloc'd) its path.
 * Byte-for-byte reproducible: fixed entry order, mode 0644, uid/gid 0, mtime
 * SOURCE_DATE_EPOCH or 0, gzip header as Helm's. */
int ct_repo_package(char **out_path, const char *chart_dir, const ct_repo_package_opts *o);
/* The archive of a loaded chart (chartutil.Save's contents) into OUT. */
int ct_repo_archive(ct_buf *out, const ct_chart *c);

/* ---- repository index (helm repo index) ---- */
/* Indexes every *.tgz under DIR (recursively) into DIR/index.yaml. URL prefixes the chart
 * URLs; MERGE (may be NULL) is an existing index whose entries are kept unless replaced. */
int ct_repo_index_dir(const char *dir, const char *url, const char *merge);
/* Same; JSON writes index.yaml as JSON (helm repo index --json). */
int ct_repo_index_dir_fmt(const char *dir, const char *url, const char *merge, bool json);

/* ---- charts by reference ----
 * REF is a chart directory or archive path, "repo/name" (a repository added with `repo add`),
 * or an http(s)://...tgz URL. VERSION is an exact version or a SemVer range ("" = newest
 * stable). Remote charts are downloaded into the cache (verified against the index digest) and
 * *PATH_OUT (malloc'd) is the local .tgz. Errors as Helm words them. */
int ct_repo_locate_chart(char **path_out, const char *ref, const char *version);
/* Same with `--repo URL` (REF is then a chart name in that repository) and the connection
 * flags (--username/--password/--ca-file/--cert-file/--key-file/--insecure-skip-tls-verify/
 * --pass-credentials); REPO_URL and AUTH may be NULL. For --devel pass ">0.0.0-0". */
int ct_repo_locate_chart_opts(char **path_out, const char *ref, const char *version, const char *repo_url,
                              const ct_repo_auth *auth);

typedef struct ct_repo_pull_opts {
  const char *version;
  const char *destination; /* "." when NULL */
  bool untar;
  const char *untardir;    /* "." when NULL */
  const char *repo_url;    /* --repo: REF is then a chart name in that repository */
  ct_repo_auth auth;       /* flags for --repo / URLs */
} ct_repo_pull_opts;
/* helm pull: *SAVED (malloc'd, may be NULL) is the archive written (or the untar dir). */
int ct_repo_pull(char **saved, const char *ref, const ct_repo_pull_opts *o);

/* ---- repositories file ---- */
typedef struct ct_repo_entry {
  char *name, *url, *username, *password, *ca_file, *cert_file, *key_file;
  bool insecure, pass_credentials;
} ct_repo_entry;

typedef struct ct_repo_list {
  ct_repo_entry *v;
  size_t len;
} ct_repo_list;

/* Reads PATH; a missing file is an empty list. */
int ct_repo_file_read(ct_repo_list *out, const char *path);
/* Writes PATH (0600, parent directories created), atomically. */
int ct_repo_file_write(const ct_repo_list *l, const char *path);
void ct_repo_list_dispose(ct_repo_list *l);
const ct_repo_entry *ct_repo_list_find(const ct_repo_list *l, const char *name);

/* Downloads E's index.yaml into the cache as NAME-index.yaml (+ NAME-charts.txt). */
int ct_repo_update_index(const ct_repo_entry *e);

/* ---- search ---- */
typedef struct ct_repo_hit {
  char *name; /* "repo/chart" */
  char *version, *app_version, *description;
} ct_repo_hit;
/* Searches the cached indexes of every repository for TERM (substring, or a regular
 * expression with REGEX). ALL_VERSIONS lists every version; VERSION filters by range. */
int ct_repo_search(ct_repo_hit **hits, size_t *n, const char *term, bool regex, bool all_versions,
                   const char *version, bool devel);
void ct_repo_hits_free(ct_repo_hit *hits, size_t n);

/* ---- dependencies ---- */
/* helm dependency list: the table on OUT. */
int ct_repo_dep_list(const char *chart_dir, FILE *out);
/* helm dependency update (resolve, download into charts/, write Chart.lock) and
 * build (download what Chart.lock says after checking its digest). */
int ct_repo_dep_update(const char *chart_dir, FILE *out, bool skip_refresh);
int ct_repo_dep_build(const char *chart_dir, FILE *out, bool skip_refresh);

/* Prints a uitable-style table (cells padded to column width, "\t" between columns; cells
 * longer than MAXW cut to MAXW with "..."). CELLS is NROWS*NCOLS, row-major. */
void ct_repo_table(FILE *out, const char **cells, size_t ncols, size_t nrows, size_t maxw);

/* ---- low level ---- */
/* GETs URL into OUT (at most MAX bytes). Credentials never appear in messages. */
int ct_repo_http_get(ct_buf *out, const char *url, const ct_repo_auth *auth, size_t max);
/* sha256 hex of the bytes. HEX has room for 65. */
void ct_repo_sha256_hex(char hex[65], const void *data, size_t len);
/* Extracts a chart archive into DIR/NAME (Helm's chartutil.ExpandFile safety rules). */
int ct_repo_untar(const void *data, size_t len, const char *dir);

#endif
