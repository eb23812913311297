/* yaml_parse.c — the public YAML readers (values files, fromYaml, multi-document streams, raw
 * typed reads) on top of yaml_load.c and yaml_decode.c, with sigs.k8s.io/yaml's messages. */
#include <string.h>

#include "chartctl/codec.h"
#include "codec/codec_int.h"

static const char *json_kind(const ct_value *v) {
  if (!v) return "null";
  switch (v->type) {
  case CT_BOOL: return "bool";
  case CT_STRING: return "string";
  case CT_LIST:
  case CT_STRLIST: return "array";
  case CT_MAP:
  case CT_STRMAP: return "object";
  default: return "number";
  }
}

void ct_json_type_error(ct_buf *err, const ct_value *v, const char *go_type) {
  ct_buf_printf(err, "json: cannot unmarshal %s into Go value of type %s", json_kind(v), go_type);
}

/* Reads up to MAX_DOCS documents and decodes each; one list item per document. */
static int read_docs(ct_value **out, ct_arena *a, const char *src, size_t len, size_t max_docs,
                     int mode, ct_buf *err) {
  ct_arena *tmp = ct_arena_new();
  ynode **docs;
  size_t ndocs;
  ct_buf msg = CT_BUF_INIT;
  int rc = ct_codec__yaml_load(&docs, &ndocs, tmp, src, len, max_docs, &msg);
  ct_value *list = ct_list_new(a, CT_LIST, ndocs);
  for (size_t i = 0; rc == 0 && i < ndocs; i++) {
    ct_value *v;
    rc = ct_codec__yaml_decode(&v, a, docs[i], mode, &msg);
    if (rc == 0) ct_list_push(a, list, v);
  }
  if (rc < 0) {
    ct_buf_puts(err, "error converting YAML to JSON: ");
    ct_buf_put(err, ct_buf_str(&msg), msg.len);
  }
  ct_buf_dispose(&msg);
  ct_arena_free(tmp);
  *out = list;
  return rc;
}

int ct_yaml_parse_any(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err) {
  ct_value *list;
  uint64_t hash = 0;
  *out = NULL;
  int memo = ct_codec__memo_get(out, a, src, len, YD_JSON, &hash);
  if (memo > 0) return 0;
  if (read_docs(&list, a, src, len, 1, YD_JSON, err) < 0) return -1;
  if (list->list->len) *out = list->list->items[0];
  if (memo == 0) ct_codec__memo_put(src, len, YD_JSON, hash, *out);
  return 0;
}

void ct_yaml_cache_clear(void) { ct_codec__memo_clear(); }

int ct_yaml_parse_values(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err) {
  ct_value *v;
  if (ct_yaml_parse_any(&v, a, src, len, err) < 0) {
    *out = ct_map_new(a, CT_MAP, 0);
    return -1;
  }
  if (v && !ct_is_map(v)) {
    ct_buf_puts(err, "error unmarshaling JSON: while decoding JSON: ");
    ct_json_type_error(err, v, "map[string]interface {}");
    *out = ct_map_new(a, CT_MAP, 0);
    return -1;
  }
  *out = v ? v : ct_map_new(a, CT_MAP, 0);
  return 0;
}

int ct_yaml_parse_all(ct_value **out_list, ct_arena *a, const char *src, size_t len, ct_buf *err) {
  return read_docs(out_list, a, src, len, 0, YD_JSON, err);
}

int ct_yaml_parse_raw(ct_value **out, ct_arena *a, const char *src, size_t len, ct_buf *err) {
  ct_value *list;
  *out = NULL;
  if (read_docs(&list, a, src, len, 1, YD_RAW, err) < 0) return -1;
  if (list->list->len) *out = list->list->items[0];
  return 0;
}
