/* render.h — renders a loaded chart as Helm's pkg/engine does (every template of the chart and
 * its subcharts, include/tpl/required/fail/lookup, .Files, .Capabilities, Helm's error
 * rewriting), and sorts the result into manifests and hooks as pkg/releaseutil does. */
#ifndef CHARTCTL_RENDER_H
#define CHARTCTL_RENDER_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/chart.h"
#include "chartctl/value.h"

/* ---- .Capabilities ---- */
typedef struct ct_caps {
  const char *kube_version; /* "v1.32.0" (always with the leading v) */
  const char *kube_major;   /* "1" */
  const char *kube_minor;   /* "32" */
  const char **api_versions; /* Helm's default VersionSet plus the --api-versions given */
  size_t n_api_versions;
} ct_caps;

/* Helm 3.17.1's chartutil.DefaultCapabilities, plus EXTRA api versions appended (the
 * `--api-versions` flag). Allocated in A. */
ct_caps *ct_caps_default(ct_arena *a, const char *const *extra, size_t n_extra);
/* chartutil.ParseKubeVersion: "1.20" → v1.20.0 / "1" / "20". Returns CT_OK or CT_EINVAL with
 * the semver error ("Invalid Semantic Version") in ct_error_last(). */
int ct_caps_set_kube_version(ct_caps *caps, ct_arena *a, const char *version);
/* The `.Capabilities` value (a CT_OBJECT of Go type *chartutil.Capabilities). */
ct_value *ct_caps_value(ct_arena *a, const ct_caps *caps);

/* ---- lookup (Helm's cluster access; offline it returns an empty map) ---- */
/* Returns 0 with *out a map (NULL = empty map), or -1 with a message in ERR. */
typedef int (*ct_lookup_fn)(ct_value **out, ct_arena *a, const char *api_version,
                            const char *kind, const char *ns, const char *name, void *udata,
                            ct_buf *err);

typedef struct ct_render_opts {
  bool strict;    /* missingkey=error (lint --strict) */
  bool lint_mode; /* required/fail only log (helm lint) */
  ct_lookup_fn lookup; /* NULL: offline, every lookup gives an empty map */
  void *lookup_udata;
  bool no_include_memo;      /* execute every include again (engine/include_memo.c) */
  size_t *include_memo_hits; /* when set: counts the includes answered from the memo */
  bool no_direct_print;      /* include and indent make strings even where an action prints them
                                (ct_tpl_set_direct; for tests comparing the two) */
} ct_render_opts;

/* One rendered template: NAME is "chart/templates/x.yaml" (subcharts
 * "chart/charts/sub/templates/x.yaml"); TEXT is the output with "<no value>" removed.
 * Partials (_*.tpl...) are not listed. */
typedef struct ct_rendered {
  const char *name;
  const char *text;
  size_t len;
} ct_rendered;

/* engine.Render: TOP is the map ToRenderValues gives (Values, Release, Chart; see
 * ct_values_prepare); CAPS the capabilities. *OUT is an array of *N entries sorted by name,
 * allocated in A. On failure returns -1 with Helm's exact error text in ERR (without
 * "Error: "), e.g. "parse error at (c/templates/x.yaml:3): function \"nope\" not defined". */
int ct_render_chart(ct_rendered **out, size_t *n, ct_arena *a, const ct_chart *c,
                    ct_value *top, const ct_caps *caps, const ct_render_opts *opts, ct_buf *err);

/* ---- releaseutil: manifests and hooks ---- */
typedef struct ct_manifest {
  const char *name;    /* source template path */
  const char *doc;     /* one YAML document, trimmed: DOC_LEN bytes of the rendered text, with */
  size_t doc_len;      /* no terminator of their own (the text goes on past them) */
  const char *kind;    /* "" when absent */
  const char *api_version;
  const char *res_name; /* metadata.name */
  /* hooks only */
  const char **events; /* lower-cased hook events ("pre-install", "test"...) */
  size_t nevents;
  int weight;          /* helm.sh/hook-weight */
  const char **delete_policies;
  size_t ndelete_policies;
} ct_manifest;

/* A run of bytes inside a longer text (not NUL-terminated). */
typedef struct ct_span {
  const char *p;
  size_t n;
} ct_span;

/* releaseutil.SplitManifests: the documents of a stream ("---" separated, Helm's regex), in
 * order, trimmed, empty ones dropped, as spans of TEXT (the array is allocated in A). */
ct_span *ct_manifests_split_spans(ct_arena *a, const char *text, size_t len, size_t *n);
/* The same documents, each copied to A as a string. */
const char **ct_manifests_split(ct_arena *a, const char *text, size_t len, size_t *n);

/* releaseutil.SortManifests with InstallOrder: RENDERED (as ct_render_chart gives) → generic
 * manifests and hooks, each sorted by kind. Unknown hook events are skipped (logged to
 * stderr as helm does). Returns 0, or -1 with "YAML parse error on NAME: ..." in ERR. */
int ct_manifests_sort(ct_manifest **out_manifests, size_t *n_manifests, ct_manifest **out_hooks,
                      size_t *n_hooks, ct_arena *a, const ct_rendered *rendered, size_t n,
                      ct_buf *err);

/* Kubernetes kinds in Helm's install order (InstallOrder), for installers. */
const char *const *ct_manifests_install_order(size_t *n);
/* ... and UninstallOrder. */
const char *const *ct_manifests_uninstall_order(size_t *n);

/* ---- action.renderResources: render, split NOTES, sort, assemble the manifest ---- */
typedef struct ct_resources_opts {
  bool include_crds;     /* CRDs of crds/ (chart and subcharts) first, as `--include-crds` */
  bool sub_notes;        /* keep subcharts' NOTES.txt too */
  bool hide_secret;      /* v1 Secrets printed as "# HIDDEN: ..." */
  const char *output_dir; /* write each manifest to OUTPUT_DIR/NAME instead of the doc */
  bool use_release_name; /* OUTPUT_DIR/RELEASE/NAME */
  const char *release_name;
  const ct_render_opts *render;
  /* When set (and no output_dir), a successful render writes its manifest document here,
   * trimmed of leading and trailing white space and ended by "\n" (what `helm template`
   * prints first), instead of keeping it in OUT->manifest (which stays ""). */
  FILE *stream;
} ct_resources_opts;

typedef struct ct_resources {
  ct_manifest *manifests; /* sorted by InstallOrder */
  size_t nmanifests;
  ct_manifest *hooks;
  size_t nhooks;
  const char *manifest; /* "---\n# Source: NAME\nCONTENT\n" each (release.Manifest) */
  size_t manifest_len;
  const char *notes;    /* rendered NOTES.txt ("" when none) */
  bool streamed;        /* the manifest went to the stream of the options */
} ct_resources;

/* Everything `helm install/template` does between ToRenderValues and printing: the chart's
 * kubeVersion check, engine.Render, NOTES, SortManifests, CRDs, the manifest document (or
 * files under output_dir, printing "wrote PATH" lines to stdout). Returns 0, or -1 with
 * Helm's message in ERR; on a YAML error OUT->manifest holds every rendered file for
 * --debug as helm does. Allocated in A. */
int ct_render_resources(ct_resources *out, ct_arena *a, const ct_chart *c, ct_value *top,
                        const ct_caps *caps, const ct_resources_opts *o, ct_buf *err);

/* action's writeToFile: appends (APPEND) or creates DIR/NAME with
 * "---\n# Source: NAME\nDATA\n" (DATA: LEN bytes) and prints "wrote DIR/NAME". Returns 0 or
 * -1 (message in ct_error_last()). */
int ct_render_write_file(const char *dir, const char *name, const char *data, size_t len,
                         bool append);

/* Go's path/filepath.Match (used by --show-only). Bad patterns never match. */
bool ct_path_match(const char *pattern, const char *name);

#endif
