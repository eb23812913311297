/* serialize.c — Helm's and Sprig's serialization functions: toYaml, toYamlPretty, fromYaml,
 * fromYamlArray, toJson, mustToJson, fromJson, fromJsonArray, mustFromJson, toPrettyJson,
 * mustToPrettyJson, toRawJson, mustToRawJson, toToml, fromToml, as Helm 3.17.1 wires them. */
#include <string.h>

#include "chartctl/codec.h"
#include "sprig/sprig_int.h"

static const char *sarg(ct_value *const *args, size_t *len) {
  const ct_value *v = args[0];
  if (!v || (v->type != CT_STRING && v->type != CT_BYTES)) {
    *len = 0;
    return "";
  }
  *len = v->s.len;
  return v->s.ptr;
}

static ct_value *buf_value(ct_call *c, const ct_buf *b) {
  return ct_string(ct_call_arena(c), ct_buf_str(b), b->len);
}

/* Result string with one trailing newline removed (strings.TrimSuffix(s, "\n")). */
static ct_value *trimmed(ct_call *c, ct_buf *b) {
  if (b->len && b->ptr[b->len - 1] == '\n') ct_buf_truncate(b, b->len - 1);
  return buf_value(c, b);
}

/* toYaml: sigs.k8s.io/yaml.Marshal; errors are swallowed into "". */
static int to_yaml(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT, err = CT_BUF_INIT;
  if (ct_yaml_emit(&b, args[0], &err) < 0) ct_buf_reset(&b);
  *out = trimmed(c, &b);
  ct_buf_dispose(&b);
  ct_buf_dispose(&err);
  return 0;
}

/* toYaml printed by its action (ct_func_direct): the YAML straight into OUT, trimmed alike. */
int ct_sprig__p_to_yaml(ct_call *c, ct_buf *out, ct_value *const *args, size_t nargs) {
  (void)c, (void)nargs;
  size_t start = out->len;
  ct_buf err = CT_BUF_INIT;
  if (ct_yaml_emit(out, args[0], &err) < 0)
    ct_buf_truncate(out, start);
  else if (out->len > start && out->ptr[out->len - 1] == '\n')
    ct_buf_truncate(out, out->len - 1);
  ct_buf_dispose(&err);
  return 0;
}

/* toYamlPretty: yaml.v3 Encoder with SetIndent(2); errors give "". */
static int to_yaml_pretty(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT, err = CT_BUF_INIT;
  if (ct_yaml_emit_v3(&b, args[0], &err) < 0) ct_buf_reset(&b);
  *out = trimmed(c, &b);
  ct_buf_dispose(&b);
  ct_buf_dispose(&err);
  return 0;
}

/* fromYaml: a map; on any error the map holds "Error" with the message. */
static int from_yaml(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t n;
  const char *s = sarg(args, &n);
  ct_buf err = CT_BUF_INIT;
  ct_value *v;
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  if (ct_yaml_parse_any(&v, a, s, n, &err) < 0) {
    ct_map_setc(a, m, "Error", buf_value(c, &err));
  } else if (v && !ct_is_map(v)) {
    ct_buf_puts(&err, "error unmarshaling JSON: while decoding JSON: ");
    ct_json_type_error(&err, v, "map[string]interface {}");
    ct_map_setc(a, m, "Error", buf_value(c, &err));
  } else if (v) {
    m = v;
  }
  ct_buf_dispose(&err);
  *out = m;
  return 0;
}

/* fromYamlArray: a list; on error a one-item list holding the message. */
static int from_yaml_array(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t n;
  const char *s = sarg(args, &n);
  ct_buf err = CT_BUF_INIT;
  ct_value *v;
  ct_value *l = ct_list_new(a, CT_LIST, 0);
  if (ct_yaml_parse_any(&v, a, s, n, &err) < 0) {
    ct_list_push(a, l, buf_value(c, &err));
  } else if (v && !ct_is_list(v)) {
    ct_buf_puts(&err, "error unmarshaling JSON: while decoding JSON: ");
    ct_json_type_error(&err, v, "[]interface {}");
    ct_list_push(a, l, buf_value(c, &err));
  } else if (v) {
    l = v;
  }
  ct_buf_dispose(&err);
  *out = l;
  return 0;
}

/* The encoding/json forms: Marshal (HTML escaped), MarshalIndent "  ", Encoder without HTML
 * escaping (raw). MUST reports the error; otherwise "" (Helm's toJson, Sprig's
 * toPrettyJson) or an execution error (Sprig's toRawJson panics). */
typedef enum jform { J_PLAIN, J_PRETTY, J_RAW } jform;

static int json_out(ct_call *c, ct_value **out, const ct_value *v, jform form, bool must) {
  ct_buf b = CT_BUF_INIT, err = CT_BUF_INIT;
  int rc = ct_json_emit(&b, v, form == J_PRETTY ? "  " : NULL, form != J_RAW, &err);
  if (rc < 0) {
    ct_buf_dispose(&b);
    if (must) {
      ct_call_errorf(c, "%s", ct_buf_str(&err));
      ct_buf_dispose(&err);
      return -1;
    }
    *out = ct_cstring(ct_call_arena(c), "");
    ct_buf_dispose(&err);
    return 0;
  }
  *out = buf_value(c, &b);
  ct_buf_dispose(&b);
  ct_buf_dispose(&err);
  return 0;
}

static int to_json(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return json_out(c, out, args[0], J_PLAIN, false);
}
static int must_to_json(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return json_out(c, out, args[0], J_PLAIN, true);
}
static int to_pretty_json(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return json_out(c, out, args[0], J_PRETTY, false);
}
static int must_to_pretty_json(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return json_out(c, out, args[0], J_PRETTY, true);
}
static int to_raw_json(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return json_out(c, out, args[0], J_RAW, true);
}

/* fromJson (Helm): a map, "Error" on failure (a value decoded before a number error stays). */
static int from_json(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t n;
  const char *s = sarg(args, &n);
  ct_buf err = CT_BUF_INIT;
  ct_value *v;
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  int rc = ct_json_parse(&v, a, s, n, &err);
  if (v && !ct_is_map(v)) {
    ct_buf_reset(&err);
    ct_json_type_error(&err, v, "map[string]interface {}");
    rc = -1;
  } else if (v) {
    m = v;
  } else if (rc == 0) {
    m = ct_map_new_nil(a, CT_MAP); /* json "null" sets Go's map to nil: prints map[], marshals null */
  }
  if (rc < 0) ct_map_setc(a, m, "Error", buf_value(c, &err));
  ct_buf_dispose(&err);
  *out = m;
  return 0;
}

static int from_json_array(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t n;
  const char *s = sarg(args, &n);
  ct_buf err = CT_BUF_INIT;
  ct_value *v;
  int rc = ct_json_parse(&v, a, s, n, &err);
  if (v && !ct_is_list(v)) {
    ct_buf_reset(&err);
    ct_json_type_error(&err, v, "[]interface {}");
    rc = -1;
  }
  ct_value *l;
  if (rc < 0) {
    l = ct_list_new(a, CT_LIST, 1);
    ct_list_push(a, l, buf_value(c, &err));
  } else {
    l = v ? v : ct_list_new_nil(a, CT_LIST); /* json "null" leaves a nil slice */
  }
  ct_buf_dispose(&err);
  *out = l;
  return 0;
}

/* mustFromJson (Sprig): any value, or the error. */
static int must_from_json(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  size_t n;
  const char *s = sarg(args, &n);
  ct_buf err = CT_BUF_INIT;
  if (ct_json_parse(out, ct_call_arena(c), s, n, &err) < 0) {
    ct_call_errorf(c, "%s", ct_buf_str(&err));
    ct_buf_dispose(&err);
    return -1;
  }
  ct_buf_dispose(&err);
  return 0;
}

/* toToml: BurntSushi/toml's Encoder; the error's text is the result on failure. */
static int to_toml(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_buf b = CT_BUF_INIT, err = CT_BUF_INIT;
  if (ct_toml_emit(&b, args[0], &err) < 0) {
    if (!args[0]) {
      /* Go panics inside reflect: text/template reports it as the call's error */
      ct_call_errorf(c, "%s", ct_buf_str(&err));
      ct_buf_dispose(&b);
      ct_buf_dispose(&err);
      return -1;
    }
    *out = buf_value(c, &err);
  } else {
    *out = buf_value(c, &b);
  }
  ct_buf_dispose(&b);
  ct_buf_dispose(&err);
  return 0;
}

/* fromToml: a map, "Error" on failure. */
static int from_toml(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t n;
  const char *s = sarg(args, &n);
  ct_buf err = CT_BUF_INIT;
  ct_value *v;
  ct_value *m = ct_map_new(a, CT_MAP, 0);
  if (ct_toml_parse(&v, a, s, n, &err) < 0) ct_map_setc(a, m, "Error", buf_value(c, &err));
  else if (v) m = v;
  ct_buf_dispose(&err);
  *out = m;
  return 0;
}

static const ct_func funcs[] = {
    {"toYaml", "any->string", to_yaml, NULL},
    {"toYamlPretty", "any->string", to_yaml_pretty, NULL},
    {"fromYaml", "string->map[string]any", from_yaml, NULL},
    {"fromYamlArray", "string->[]any", from_yaml_array, NULL},
    {"toJson", "any->string", to_json, NULL},
    {"mustToJson", "any->string,error", must_to_json, NULL},
    {"fromJson", "string->map[string]any", from_json, NULL},
    {"fromJsonArray", "string->[]any", from_json_array, NULL},
    {"mustFromJson", "string->any,error", must_from_json, NULL},
    {"toPrettyJson", "any->string", to_pretty_json, NULL},
    {"mustToPrettyJson", "any->string,error", must_to_pretty_json, NULL},
    {"toRawJson", "any->string", to_raw_json, NULL},
    {"mustToRawJson", "any->string,error", to_raw_json, NULL},
    {"toToml", "any->string", to_toml, NULL},
    {"fromToml", "string->map[string]any", from_toml, NULL},
};

const ct_func *ct_sprig__serialize(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
