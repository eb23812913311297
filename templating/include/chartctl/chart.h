/* chart.h — a loaded Helm chart (Helm's pkg/chart Chart, Metadata, Dependency, Lock) and the
 * loader (pkg/chart/loader: directories and .tgz archives, .helmignore, charts/ subcharts). */
#ifndef CHARTCTL_CHART_H
#define CHARTCTL_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "chartctl/arena.h"
#include "chartctl/file_id.h"
#include "chartctl/value.h"

/* Ownership: everything reachable from a ct_chart (strings, arrays, values, subcharts) lives
 * in the chart's own arena and is freed by ct_chart_free() of the top-level chart. A loaded
 * chart is read-only: nothing here mutates it. ct_values_prepare() (values.h) returns a
 * processed *view* (disabled subcharts removed, aliases applied) allocated in the caller's
 * arena that shares the loaded chart's data. All strings are NUL-terminated; absent
 * optional strings are "" (never NULL) unless said otherwise. */

typedef struct ct_chart ct_chart;

/* One file of the chart: NAME is the path relative to the chart root with '/' separators
 * ("templates/deployment.yaml", "files/a.txt"); DATA holds LEN bytes plus a NUL.
 * A chart loaded by ct_chart_load_lazy has Files and templates whose contents are not read
 * yet: LAZY_PATH says where they are, DATA is "" and LEN 0 until ct_chart_file_read. Such a
 * template has its stat in ID (else NULL). */
typedef struct ct_chart_file {
  const char *name;
  const char *data;
  size_t len;
  const char *lazy_path;
  const char *read_error; /* the deferred read failed: Helm's load error for it */
  const ct_chart_file_id *id;
} ct_chart_file;

typedef struct ct_chart_maintainer {
  const char *name, *email, *url;
} ct_chart_maintainer;

/* chart.Dependency (Chart.yaml dependencies / requirements.yaml / Chart.lock entries). */
typedef struct ct_chart_dep {
  const char *name;
  const char *version;
  const char *repository;
  const char *condition; /* "a.enabled,b.enabled" as written */
  const char **tags;
  size_t ntags;
  bool enabled; /* Helm's Enabled field (false as loaded) */
  /* import-values as written: NULL, or a CT_LIST whose items are CT_STRING ("data" or
   * "child.path") or CT_MAP {child: ..., parent: ...}. */
  ct_value *import_values;
  const char *alias;
} ct_chart_dep;

/* chart.Metadata; string fields as Helm's struct reads them (a YAML number such as
 * `version: 1.0` becomes the string sigs.k8s.io/yaml makes of it). */
typedef struct ct_chart_metadata {
  const char *name;
  const char *home;
  const char **sources;
  size_t nsources;
  const char *version;
  const char *description;
  const char **keywords;
  size_t nkeywords;
  ct_chart_maintainer *maintainers;
  size_t nmaintainers;
  const char *icon;
  const char *api_version; /* "v1" or "v2" */
  const char *condition;
  const char *tags;
  const char *app_version;
  bool deprecated;
  ct_value *annotations; /* NULL or CT_STRMAP */
  const char *kube_version;
  ct_chart_dep *deps;
  size_t ndeps;
  const char *type; /* "", "application" or "library" */
} ct_chart_metadata;

/* chart.Lock (Chart.lock, or requirements.lock for apiVersion v1). */
typedef struct ct_chart_lock {
  const char *generated; /* as written */
  const char *digest;
  ct_chart_dep *deps;
  size_t ndeps;
} ct_chart_lock;

struct ct_chart {
  ct_arena *arena;        /* owner of everything below (shared by subcharts) */
  ct_chart_metadata meta; /* Chart.yaml */
  ct_chart_lock *lock;    /* NULL when there is no lock file */
  /* templates/ files, sorted by name as Helm's loader keeps them */
  ct_chart_file *templates;
  size_t ntemplates;
  /* values.yaml parsed as Helm's ReadValues (a CT_MAP; empty map when absent) */
  ct_value *values;
  /* values.yaml bytes exactly as in the file (helm show values); NULL when absent */
  const ct_chart_file *raw_values;
  /* values.schema.json bytes; NULL when absent */
  const ct_chart_file *schema;
  /* Chart.Files: every file that is not Chart.yaml, values.yaml, values.schema.json,
   * requirements.yaml/lock (v1), templates/ or charts/ — sorted by name. Includes
   * Chart.lock, README.md, LICENSE, crds/... exactly as Helm's .Files sees them. */
  ct_chart_file *files;
  size_t nfiles;
  /* Chart.Raw: every file loaded (including Chart.yaml, values.yaml, templates), sorted. */
  ct_chart_file *raw;
  size_t nraw;
  /* subcharts (charts/NAME dirs and charts/NAME-x.tgz archives), in load order */
  ct_chart **deps;
  size_t ndeps;
  ct_chart *parent; /* NULL for the top-level chart */
  /* A chart directory loaded lazily with the parse cache on: the cache's hint link for it
   * (parse_cache.h), which the render points at the template entry it used, and what the
   * link named at load ("" for nothing); both NULL otherwise. */
  const char *hint_link, *hint_target;
};

/* Loads the chart at PATH: a directory, or a .tgz/.tar.gz archive (any file that is not a
 * directory is read as a gzip'd tar, as Helm's loader.Load). Returns CT_OK and *out (free
 * with ct_chart_free), or a negative CT_E* code with ct_error_last() holding Helm's message
 * without the "Error: " prefix, e.g.
 *   "validation: chart.metadata.version is required"
 *   "cannot load Chart.yaml: error converting YAML to JSON: yaml: line 2: ..."
 *   "chart illegally references parent directory" (archive entries escaping the chart).
 * Warnings Helm prints while loading (symlinks) go to WARN (stderr when NULL). */
int ct_chart_load(ct_chart **out, const char *path);
int ct_chart_load_warn(ct_chart **out, const char *path, FILE *warn);
/* ct_chart_load_warn for a render (`template`): a chart directory's Files (not Chart.yaml,
 * values, templates/, crds/ or charts/, in the chart or its directory subcharts) are checked
 * as Helm's loader checks them (regular, within the size limit, readable by their mode bits)
 * but not read; ct_chart_file_read reads one when a template asks for it. Everything else
 * that takes a chart (packaging, releases, lint, show) wants ct_chart_load. */
int ct_chart_load_lazy(ct_chart **out, const char *path, FILE *warn);
/* Starts reading the files a load of the chart at PATH reads (a directory's Chart.yaml,
 * values.yaml, .helmignore...; an archive) and the values files VALUES, all at once
 * (posix_fadvise WILLNEED on each regular file): loads from a cold page cache then wait for
 * one round of reads, not one per file. */
void ct_chart_prefetch(const char *path, const char *const *values, size_t nvalues);
/* Reads F's contents if the load deferred them (BOM removed, as the loader does), into A
 * (the chart's arena). CT_OK, or an error with Helm's load message ("error reading NAME:
 * open PATH: ...") in ct_error_last() and in F->read_error (DATA stays ""). */
int ct_chart_file_read(ct_chart_file *f, ct_arena *a);
/* The first Files read that failed in C or its subcharts (F->read_error), or NULL: Helm
 * would have failed to load the chart with it, so a render that saw one reports it instead
 * of its own outcome. */
const char *ct_chart_read_error(const ct_chart *c);
/* Same as ct_chart_load for an in-memory .tgz (fuzzing, `helm template` of a fetched
 * archive). DATA need not outlive the chart. */
int ct_chart_load_archive_mem(ct_chart **out, const void *data, size_t len);
/* Validates Chart.yaml bytes alone (fuzzing and tests): CT_OK or CT_EINVAL with Helm's
 * message. *OUT (may be NULL) receives the metadata, allocated in A. */
int ct_chart_parse_metadata(ct_chart_metadata *out, ct_arena *a, const char *src, size_t len);

void ct_chart_free(ct_chart *c); /* accepts NULL; frees subcharts too; top-level only */

/* ---- accessors (Helm's Chart methods) ---- */
const char *ct_chart_name(const ct_chart *c);        /* Metadata.Name ("" when unset) */
bool ct_chart_is_root(const ct_chart *c);            /* parent == NULL */
bool ct_chart_is_library(const ct_chart *c);         /* type == "library" */
/* Chart.ChartPath(): "parent.sub.subsub" (names joined by '.'); allocated in A. */
const char *ct_chart_path(const ct_chart *c, ct_arena *a);
/* Chart.ChartFullPath(): "parent/charts/sub"; allocated in A. Template names are
 * ChartFullPath + "/" + file name ("mychart/charts/sub/templates/x.yaml"). */
const char *ct_chart_full_path(const ct_chart *c, ct_arena *a);
/* The raw values.yaml text `helm show values` prints (the file's bytes, BOM removed; "" when
 * the chart has none). Owned by the chart. helm prints it with fmt.Fprintln, i.e. followed by
 * "\n" — but only when the chart has a values.yaml (c->raw_values != NULL); without one it
 * prints nothing at all. */
const char *ct_chart_values_text(const ct_chart *c, size_t *len);
/* Chart.CRDObjects(): files under crds/ (in this chart only), sorted; *n their count.
 * The returned array is allocated in A; the files are the chart's. */
const ct_chart_file **ct_chart_crds(const ct_chart *c, ct_arena *a, size_t *n);

/* chartutil.IsCompatibleRange: VERSION satisfies the Masterminds semver CONSTRAINT (both
 * must parse; e.g. kubeVersion checks ">= 1.19.0-0" against "v1.32.0"). */
bool ct_chart_version_in_range(const char *constraint, const char *version);
/* Masterminds semver.NewVersion accepts V (Chart.yaml version rule). */
bool ct_chart_version_valid(const char *v);

/* ---- metadata as the template engine sees it (`.Chart`) ----
 * A CT_OBJECT of go_type "struct { chart.Metadata; IsRoot bool }" (what Helm's engine puts in
 * .Chart; IsRoot is c->parent == NULL): fields by Go name (.Chart.Name, .AppVersion,
 * .Version, .APIVersion, .Annotations (map[string]string), .Maintainers ([]*Maintainer),
 * .Dependencies ([]*Dependency), .Keywords, .Sources, .Deprecated, .KubeVersion, .Type, ...);
 * toYaml/toJson marshal it with Helm's JSON names and omitempty, plus "IsRoot" (the marshal
 * hook returns a CT_MAP whose *insertion order* is the struct's field order, which is what
 * encoding/json prints for toJson; toYaml sorts keys anyway). Allocated in A; it
 * points into the chart, which must outlive the value. */
ct_value *ct_chart_metadata_value(ct_arena *a, const ct_chart *c);

#endif
