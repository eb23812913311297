/* codec.h — YAML and JSON (and TOML output) to and from ct_value, with Helm's rules:
 * values files read as sigs.k8s.io/yaml does (YAML 1.1 via go-yaml v2 → JSON → interface{}:
 * every number float64), toYaml as sigs.k8s.io/yaml.Marshal (go-yaml v2 emitter), toJson
 * as encoding/json. All results live in the given arena. */
#ifndef CHARTCTL_CODEC_H
#define CHARTCTL_CODEC_H

#include <stdbool.h>
#include <stddef.h>

#include "chartctl/buf.h"
#include "chartctl/value.h"

/* ---- YAML in ----
 * Parses the first document of SRC as Helm parses a values file (chartutil.ReadValues):
 * maps → CT_MAP (key order of the file kept in insertion order), sequences → CT_LIST,
 * numbers → CT_FLOAT64, YAML 1.1 booleans, null → NULL, everything else CT_STRING.
 * An empty document gives an empty map. A top-level non-map is an error as in Helm.
 * On error returns -1 and ERR holds Helm's message, e.g.
 *   "error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context"
 * Only the first document is read (later ones are not even checked), as yaml.Unmarshal.
 * Callers add their own prefixes (file names); the message is sigs.k8s.io/yaml's. */
int ct_yaml_parse_values(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err);
/* Same conversion, any top-level type (fromYaml/fromYamlArray/Chart.yaml): *out may be a map,
 * list, scalar or NULL. */
int ct_yaml_parse_any(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err);
/* ct_yaml_parse_any remembers (per thread) what texts of 64 bytes or more decoded to once it
 * has seen them twice, and hands out deep copies after that (a template that runs fromYaml
 * over the same rendered text in a loop parses it once). This drops what it remembers. */
void ct_yaml_cache_clear(void);
/* The head of a rendered manifest, as releaseutil.SortManifests decodes it into SimpleHead. */
typedef struct ct_yaml_head {
  const char *api_version, *kind, *name; /* NULL when absent or null */
  ct_value *annotations;                 /* a map (string or nil values), NULL when absent/null */
} ct_yaml_head;
/* Reads SRC's first document far enough to fill *OUT (strings in A) and checks the whole of it
 * for the errors ct_yaml_parse_any would report, without decoding it into values. Returns 1,
 * or 0 when the document needs ct_yaml_parse_any: one that fails (the decoder words the
 * error), or uses what this reader leaves to the decoder (aliases, merge keys, !!binary,
 * non-string keys, a head field of another type). */
int ct_yaml_read_head(ct_yaml_head *out, ct_arena *a, const char *src, size_t len);
/* Every document of a multi-document stream ("---" separated), each as ct_yaml_parse_any. */
int ct_yaml_parse_all(ct_value **out_list, ct_arena *a, const char *src, size_t len, ct_buf *err);
/* For reading a document into typed Go structs (Chart.yaml, requirements, index files) as
 * sigs.k8s.io/yaml does: every scalar arrives as a Go string field receives it — strings as
 * written, ints in decimal (0x10 → "16"), floats as FormatFloat(f, 'g', -1, 32) (so
 * `version: 1.0` → "1" and `appVersion: 1.10` → "1.1", exactly Helm's behaviour), bools
 * "true"/"false"; null stays NULL. Maps/lists as in ct_yaml_parse_any. */
int ct_yaml_parse_raw(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err);

/* encoding/json's type mismatch text for decoding V into GO_TYPE:
 * "json: cannot unmarshal array into Go value of type map[string]interface {}". */
void ct_json_type_error(ct_buf *err, const ct_value *v, const char *go_type);

/* ---- YAML out: sigs.k8s.io/yaml.Marshal of V (toYaml before Helm's TrimSuffix) ---- */
int ct_yaml_emit(ct_buf *out, const ct_value *v, ct_buf *err);
/* yaml.v3 Encoder with SetIndent(2) (Helm's toYamlPretty): values as they are (float64
 * 1000000 prints 1e+06), sequences indented under their key. */
int ct_yaml_emit_v3(ct_buf *out, const ct_value *v, ct_buf *err);

/* ---- JSON ---- */
/* encoding/json.Unmarshal into interface{} (numbers float64). Error text as Go's. */
int ct_json_parse(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err);
/* encoding/json.Marshal (INDENT NULL) or MarshalIndent("", INDENT); ESCAPE_HTML as
 * json.Encoder's SetEscapeHTML (Marshal escapes <, >, &). */
int ct_json_emit(ct_buf *out, const ct_value *v, const char *indent, bool escape_html,
                 ct_buf *err);

/* ---- TOML out: BurntSushi/toml encoder as Helm's toToml ---- */
int ct_toml_emit(ct_buf *out, const ct_value *v, ct_buf *err);
/* ---- TOML in: BurntSushi/toml decoding into map[string]interface{} (Helm's fromToml):
 * integers CT_INT64, floats CT_FLOAT64, tables CT_MAP, arrays CT_LIST; datetimes are kept as
 * their text. Errors as "toml: line 1: unexpected '=': key name appears blank". */
int ct_toml_parse(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err);

#endif
