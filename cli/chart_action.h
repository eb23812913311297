/* chart_action.h — what `template`, `install`, `upgrade` and `lint` share on the CLI side:
 * Helm's values flags (-f, --set*), NameAndChart, LocateChart for local charts, and the
 * client-only install render (runInstall + Install.RunWithContext up to the manifest). */
#ifndef CT_CHART_ACTION_H
#define CT_CHART_ACTION_H

#include <stdbool.h>
#include <stddef.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/chart.h"
#include "chartctl/render.h"
#include "chartctl/value.h"
#include "cli.h"

/* ---- values flags (pkg/cli/values.Options) ---- */
typedef struct ct_cli_values_flags {
  ct_strv files, set, set_string, set_file, set_json, set_literal;
} ct_cli_values_flags;

/* Flag table entries for a command's ct_flag array. */
#define CT_CLI_VALUES_FLAGS(v)                                                                   \
  {"set", 0, CT_FLAG_STRING_ARRAY, &(v).set,                                                     \
   "set values on the command line (can specify multiple or separate values with commas: "      \
   "key1=val1,key2=val2)", NULL, NULL, false, false},                                           \
  {"set-file", 0, CT_FLAG_STRING_ARRAY, &(v).set_file,                                           \
   "set values from respective files specified via the command line (can specify multiple or "  \
   "separate values with commas: key1=path1,key2=path2)", NULL, NULL, false, false},            \
  {"set-json", 0, CT_FLAG_STRING_ARRAY, &(v).set_json,                                           \
   "set JSON values on the command line (can specify multiple or separate values with commas: " \
   "key1=jsonval1,key2=jsonval2)", NULL, NULL, false, false},                                   \
  {"set-literal", 0, CT_FLAG_STRING_ARRAY, &(v).set_literal,                                     \
   "set a literal STRING value on the command line", NULL, NULL, false, false},                 \
  {"set-string", 0, CT_FLAG_STRING_ARRAY, &(v).set_string,                                       \
   "set STRING values on the command line (can specify multiple or separate values with "       \
   "commas: key1=val1,key2=val2)", NULL, NULL, false, false},                                   \
  {"values", 'f', CT_FLAG_STRINGS, &(v).files,                                                   \
   "specify values in a YAML file or a URL (can specify multiple)", NULL, NULL, false, false}

/* MergeValues of the flags into *OUT (a map in A). Returns 0 or -1 with Helm's message. */
int ct_cli_values_merge(ct_value **out, ct_arena *a, const ct_cli_values_flags *v, ct_buf *err);
void ct_cli_values_flags_dispose(ct_cli_values_flags *v);

/* ---- the client-only install render ---- */
typedef struct ct_chart_install_opts {
  const char *release_name;  /* preset name (template: "release-name"), or NULL */
  const char *name_template; /* --name-template */
  bool generate_name;        /* --generate-name */
  const char *kube_version;  /* --kube-version */
  const char *const *api_versions;
  size_t n_api_versions;
  bool is_upgrade;
  bool skip_schema_validation;
  const char *dry_run;       /* --dry-run value, NULL when not given */
  bool include_crds, sub_notes, use_release_name;
  const char *output_dir;
  const ct_cli_values_flags *values;
  const char *post_renderer;
  const char *const *post_renderer_args;
  size_t n_post_renderer_args;
  ct_render_opts render;     /* lookup, strict... */
  FILE *stream;              /* template: the manifest document straight here (see render.h) */
} ct_chart_install_opts;

typedef struct ct_chart_install_result {
  bool rendered;            /* Helm's "rel != nil": errors then get the --debug hint */
  const char *release_name;
  const char *namespace_;
  ct_chart *chart;          /* the loaded chart (freed with the arena's owner: see below) */
  ct_resources res;
} ct_chart_install_result;

/* Runs Helm's template/install path for ARGS ([NAME] CHART) without a cluster. Everything
 * is allocated in A (the loaded chart is freed when A is freed: its arena is registered
 * there). Returns 0, or -1 with Helm's message in ERR. */
int ct_cli__install_render(ct_chart_install_result *out, ct_arena *a,
                           const ct_chart_install_opts *o, const char *const *args, size_t nargs,
                           ct_buf *err);

/* chartutil.ValidateReleaseName */
bool ct_cli__valid_release_name(const char *name);

/* LocateChart for a local path: returns 0 with *OUT the path, or -1 with Helm's message. */
int ct_cli__locate_chart(const char **out, const char *name, ct_arena *a, ct_buf *err);

/* strings.TrimSpace bounds */
void ct_cli__trim(const char **s, size_t *len);

/* ---- `chartctl template --batch FILE` (template_batch.c) ---- */

/* Whether a batch (--batch) is running: its lines are rendered by ct_cmd_template too. */
bool ct_cli__in_batch(void);
/* Runs `template` once for every line of FILE ("-": stdin) in this process. ARGV[0..ARGC) is
 * the command line of the batch (ARGV[0] the command's name); everything in it except the
 * --batch flag comes before each line's own words, FLAGS[0..NFLAGS) being template's flag
 * table (to tell flag values from flags). Blank lines and lines starting with '#' are
 * skipped. Each run line's stdout follows a "# chartctl-batch: N\n" line on stdout (N the
 * line number in FILE); a failing line gets "chartctl-batch: line N failed (exit S)" on
 * stderr after its own error and the batch goes on. Returns 0, or 1 if any line failed. */
int ct_cli__template_batch(const char *file, int argc, char **argv, const ct_flag *flags,
                           size_t nflags);

/* Splits one batch line into words, as a POSIX shell splits a command without expansions.
 * Returns 0 (words appended to OUT), or -1 with the reason in *WHY. */
int ct_cli__batch_split(ct_strv *out, const char *line, const char **why);

#endif
