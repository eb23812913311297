/* yaml_head_ref.h — the reference for ct_yaml_read_head, shared by its unit test and fuzz
 * target: the document decoded whole (ct_yaml_parse_any) and its head taken as Helm's
 * SimpleHead decoding does, compared field by field with what the head reader returned. */
#ifndef CT_TEST_YAML_HEAD_REF_H
#define CT_TEST_YAML_HEAD_REF_H
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "chartctl/codec.h"

/* A string head field of map M: "" when absent or null, NULL when of another type. */
static const char *ref_field(const ct_value *m, const char *key) {
  ct_value *x = NULL;
  if (!ct_map_get(m, key, strlen(key), &x) || !x) return "";
  return x->type == CT_STRING ? x->s.ptr : NULL;
}

/* The head as the full decoder gives it; false when SimpleHead decoding fails. */
static bool ref_head(ct_yaml_head *h, ct_arena *a, const char *src, size_t len) {
  memset(h, 0, sizeof *h);
  ct_value *v = NULL;
  ct_buf err = CT_BUF_INIT;
  int rc = ct_yaml_parse_any(&v, a, src, len, &err);
  ct_buf_dispose(&err);
  if (rc != 0) return false;
  h->api_version = h->kind = h->name = "";
  if (!v) return true;
  if (!ct_is_map(v)) return false;
  h->api_version = ref_field(v, "apiVersion");
  h->kind = ref_field(v, "kind");
  if (!h->api_version || !h->kind) return false;
  ct_value *md = NULL;
  if (!ct_map_get(v, "metadata", 8, &md) || !md) return true;
  if (!ct_is_map(md)) return false;
  h->name = ref_field(md, "name");
  if (!h->name) return false;
  ct_value *ann = NULL;
  if (!ct_map_get(md, "annotations", 11, &ann) || !ann) return true;
  if (!ct_is_map(ann)) return false;
  size_t n;
  const ct_map_entry *e = ct_map_entries(ann, &n);
  for (size_t i = 0; i < n; i++)
    if (e[i].value && e[i].value->type != CT_STRING) return false;
  h->annotations = ann;
  return true;
}

static bool same_str(const char *x, const char *y) { return !strcmp(x ? x : "", y ? y : ""); }

/* Same annotations: the same keys in the same order, each with the same string or nil. */
static bool same_annotations(const ct_value *x, const ct_value *y) {
  if (!x || !y) return x == y;
  size_t nx, ny;
  const ct_map_entry *ex = ct_map_entries(x, &nx), *ey = ct_map_entries(y, &ny);
  if (nx != ny) return false;
  for (size_t i = 0; i < nx; i++) {
    if (ex[i].key.len != ey[i].key.len || memcmp(ex[i].key.ptr, ey[i].key.ptr, ex[i].key.len)) return false;
    if (!ex[i].value || !ey[i].value) {
      if (ex[i].value != ey[i].value) return false;
    } else if (ex[i].value->s.len != ey[i].value->s.len ||
               memcmp(ex[i].value->s.ptr, ey[i].value->s.ptr, ex[i].value->s.len)) {
      return false;
    }
  }
  return true;
}

/* 1: the head reader read SRC as the decoder does; 0: it left SRC to the decoder; -1: it
 * read SRC differently from the decoder (printed), or accepted what the decoder refuses. */
/* Where yaml_head.c starts pruning (codec_int.h): 4 is the shallowest that keeps the head. */
extern int ct_codec__yaml_head_prune_depth;

static int head_differs(const char *src, size_t len) {
  ct_arena *a = ct_arena_new();
  ct_yaml_head fast, ref;
  int show = len < 300 ? (int)len : 300; /* SRC need not end in a NUL */
  int r = ct_yaml_read_head(&fast, a, src, len);
  if (r) {
    if (!ref_head(&ref, a, src, len)) {
      fprintf(stderr, "head reader accepted what the decoder refuses: %.*s\n", show, src);
      r = -1;
    } else if (!same_str(fast.api_version, ref.api_version) || !same_str(fast.kind, ref.kind) ||
               !same_str(fast.name, ref.name) || !same_annotations(fast.annotations, ref.annotations)) {
      fprintf(stderr, "head differs: [%s|%s|%s] vs [%s|%s|%s] in: %.*s\n", fast.api_version,
              fast.kind, fast.name, ref.api_version, ref.kind, ref.name, show, src);
      r = -1;
    }
  }
  ct_arena_free(a);
  return r;
}
#endif
