/* values.h — user values and chart values as Helm builds them: --set parsing (pkg/strvals),
 * MergeValues (pkg/cli/values), ProcessDependencies, CoalesceValues, schema validation and
 * the top-level render values (pkg/chartutil). */
#ifndef CHARTCTL_VALUES_H
#define CHARTCTL_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/chart.h"
#include "chartctl/value.h"

/* Error convention: functions return CT_OK or a negative CT_E* code with Helm's message (no
 * "Error: " prefix) in ct_error_last(). Every value returned is allocated in the arena A
 * given; inputs are never modified unless said so. Warnings Helm logs (coalesce.go ...) are
 * written to WARN, or stderr when WARN is NULL. */

/* ---- pkg/strvals ---- */
typedef enum ct_strvals_mode {
  CT_STRVALS_SET,        /* --set: ints → int64, true/false → bool, null → delete */
  CT_STRVALS_STRING,     /* --set-string: every value a string */
  CT_STRVALS_JSON,       /* --set-json: each value is JSON (ParseJSON) */
  CT_STRVALS_LITERAL,    /* --set-literal: the whole rest after the first '=' is the value */
  CT_STRVALS_FILE,       /* --set-file: value is a path; READ_FILE gives the content */
} ct_strvals_mode;

/* Reader for --set-file values: returns CT_OK and a string value (allocated in A), or an
 * error code with the message set ("open PATH: no such file or directory"). */
typedef int (*ct_strvals_file_reader)(ct_value **out, ct_arena *a, const char *path,
                                      void *udata);

/* Parses one flag argument S ("a.b=1,c[0]=x") into DEST (a CT_MAP, modified in place) as
 * strvals.ParseInto / ParseIntoString / ParseJSON / ParseLiteralInto / ParseIntoFile do.
 * READER may be NULL for CT_STRVALS_FILE (then the file is read from disk). On error the
 * message is strvals' own, e.g. `key "x" has no value` (MergeValues adds the "failed parsing
 * --set data: " prefix). */
int ct_strvals_parse(ct_value *dest, ct_arena *a, const char *s, ct_strvals_mode mode,
                     ct_strvals_file_reader reader, void *udata);

/* ---- pkg/cli/values MergeValues ---- */
typedef struct ct_values_opts {
  const char *const *value_files; size_t n_value_files;   /* -f/--values ("-" = stdin) */
  const char *const *set_json; size_t n_set_json;          /* --set-json */
  const char *const *set; size_t n_set;                    /* --set */
  const char *const *set_string; size_t n_set_string;      /* --set-string */
  const char *const *set_file; size_t n_set_file;          /* --set-file */
  const char *const *set_literal; size_t n_set_literal;    /* --set-literal */
  FILE *stdin_file; /* where "-" reads from; stdin when NULL */
} ct_values_opts;

/* The user-supplied values, merged in Helm's order: -f files in order (deep merge of maps),
 * then --set-json, --set, --set-string, --set-file, --set-literal. *out is a CT_MAP. Errors
 * as helm prints them: "open x.yaml: no such file or directory", "failed to parse x.yaml:
 * error converting YAML to JSON: ...", "failed parsing --set data: key \"x\" has no value",
 * "failed parsing --set-json data ov.j={bad", ... */
int ct_values_merge(ct_value **out, ct_arena *a, const ct_values_opts *o);

/* chartutil.ReadValues: parse a values document (empty → empty map). Errors
 * "error converting YAML to JSON: yaml: line N: ...". */
int ct_values_read(ct_value **out, ct_arena *a, const char *data, size_t len);

/* ---- pkg/chartutil ---- */

/* action.CheckDependencies: every Chart.yaml dependency has a loaded subchart (by name or
 * alias). Error text as helm template prints it ("An error occurred while checking for chart
 * dependencies. You may need to run `helm dependency build` to fetch missing dependencies:
 * found in Chart.yaml, but missing in charts/ directory: a, b"). */
int ct_chart_check_dependencies(const ct_chart *c);

/* chartutil.ProcessDependenciesWithMerge: evaluates conditions/tags against the values
 * coalesced with USER_VALUES, drops disabled subcharts, applies aliases, processes
 * import-values. *OUT is a new chart view (allocated in A; the loaded chart is untouched)
 * whose values include the imports. */
int ct_chart_process_dependencies(ct_chart **out, ct_arena *a, const ct_chart *c,
                                  const ct_value *user_values, FILE *warn);

/* chartutil.CoalesceValues(chart, user_values): the chart's defaults (and every subchart's,
 * scoped under its name) with USER_VALUES on top; globals propagated; null deletes. */
int ct_values_coalesce(ct_value **out, ct_arena *a, const ct_chart *c,
                       const ct_value *user_values, FILE *warn);

/* chartutil.ValidateAgainstSchema of the chart and its subcharts. On failure the message is
 * Helm's full text "values don't meet the specifications of the schema(s) in the following
 * chart(s):\nNAME:\n- path: msg\n". */
int ct_values_validate(const ct_chart *c, const ct_value *values);

/* Validates VALUES against one JSON schema document (draft-07 subset; for tests and the
 * JSON-Schema suite). Returns CT_OK when valid, CT_EINVAL with the error lines ("- a: msg\n"
 * each) appended to ERRS when not, or another code when the schema itself is bad. */
int ct_values_validate_schema(const char *schema, size_t len, const ct_value *values,
                              ct_buf *errs);

typedef struct ct_release_opts {
  const char *name;      /* Release.Name */
  const char *namespace; /* Release.Namespace */
  int revision;          /* Release.Revision (1 for install/template) */
  bool is_upgrade, is_install;
  bool skip_schema_validation; /* --skip-schema-validation */
} ct_release_opts;

/* What `helm template`/install does between loading and rendering:
 *   ProcessDependenciesWithMerge, CoalesceValues, ValidateAgainstSchema, ToRenderValues.
 * Returns the processed chart view in *OUT_CHART and in *OUT_TOP the top-level map
 * { Values, Release{Name,Namespace,IsUpgrade,IsInstall,Revision,Service:"Helm"},
 *   Chart (ct_chart_metadata_value) }; the engine adds Capabilities, Files, Template,
 * Subcharts. Allocated in A. The library-chart check is not done here. */
int ct_values_prepare(ct_chart **out_chart, ct_value **out_top, ct_arena *a, const ct_chart *c,
                      const ct_value *user_values, const ct_release_opts *rel, FILE *warn);

/* Helm's ToRenderValues alone, for an already processed chart and coalesced values (the
 * engine uses it for subchart scopes too). */
ct_value *ct_values_render_top(ct_arena *a, const ct_chart *c, ct_value *values,
                               const ct_release_opts *rel);

#endif
