/* release_common.h — what the release commands share: connecting to the cluster (kubeconfig,
 * context, namespace from the global flags), opening the record store (HELM_DRIVER), the
 * values flags, and Helm's status/table printing. */
#ifndef CT_CLI_RELEASE_COMMON_H
#define CT_CLI_RELEASE_COMMON_H

#include <jansson.h>
#include <stdbool.h>

#include "action/action.h"
#include "chartctl/buf.h"
#include "cli.h"

typedef struct ct_rel_env {
  ct_kube *kube;
  ct_store *store;
  ct_action_cfg cfg;
  const char *ns;
} ct_rel_env;

/* Connects with the global flags; ALL_NAMESPACES opens the store across namespaces. On
 * failure prints "Error: Kubernetes cluster unreachable: ..." and returns 1. */
int ct_rel_env_open(ct_rel_env *e, bool all_namespaces);
void ct_rel_env_close(ct_rel_env *e);

/* -f/--values, --set, --set-string, --set-json, --set-file, --set-literal */
typedef struct ct_rel_values {
  ct_strv files, set, set_string, set_json, set_file, set_literal;
} ct_rel_values;

/* Appends the six values flags to FLAGS at *N (room for 6 more). */
void ct_rel_values_flags(ct_flag *flags, size_t *n, ct_rel_values *v);
/* Merges them as Helm's MergeValues; returns a JSON object or NULL after printing the error. */
json_t *ct_rel_values_merge(ct_rel_values *v);
void ct_rel_values_dispose(ct_rel_values *v);

/* Helm's status block (NAME, LAST DEPLOYED, NAMESPACE, STATUS, REVISION, TEST SUITE, NOTES). */
void ct_rel_print_status(const json_t *rel, bool show_notes);
/* The same; SHOW_METADATA adds helm get all's CHART/VERSION/APP_VERSION lines; SHOW_DESC
 * prints DESCRIPTION where helm status --show-desc does (helm prints it for no status
 * otherwise, failed included). A dry run's record ("Dry run complete") also gets HOOKS and
 * MANIFEST before the notes. */
void ct_rel_print_status_ex(const json_t *rel, bool show_notes, bool show_metadata, bool show_desc);
/* helm's "NOTES:\n<notes, TrimSpace'd>\n" when the record has notes. */
void ct_rel_print_notes(const json_t *rel);
/* Go's time.ANSIC of an RFC 3339 record time in local time ("Thu Nov 26 07:40:00 2026"). */
void ct_rel_ansic(char *buf, size_t len, const char *rfc3339);
/* "2006-01-02 15:04:05.999999999 -0700 MST" as helm list prints UPDATED. */
void ct_rel_gotime(char *buf, size_t len, const char *rfc3339);
/* gosuri/uitable as Helm uses it: every cell padded to its column's widest (cells longer
 * than MAX_WIDTH cut with "...", 0 = no limit), joined by "\t". ROWS: arrays of strings. */
void ct_rel_print_table(const json_t *rows, size_t max_width);
/* -o yaml/json output of a JSON value (yaml via the codec's emitter). */
int ct_rel_print_as(const json_t *v, const char *format);
/* Same for Go maps (values): JSON keys sorted as encoding/json sorts map keys. */
int ct_rel_print_map_as(const json_t *v, const char *format);
/* Go's Time.Format(LAYOUT) of an RFC 3339 record time, appended to OUT (helm list --time-format). */
int ct_rel_time_format(ct_buf *out, const char *rfc3339, const char *layout);
/* "name-version" of the record's chart, and its app version. */
void ct_rel_chart_label(const json_t *rel, char *buf, size_t len, const char **app_version);

#endif
