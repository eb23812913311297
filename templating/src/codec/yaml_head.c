/* yaml_head.c — the head of a rendered manifest (apiVersion, kind, metadata.name and
 * metadata.annotations) read off the YAML node tree, with the whole document checked for
 * every error sigs.k8s.io/yaml.Unmarshal would raise, but without decoding it into values. */
#include <math.h>
#include <string.h>

#include "chartctl/codec.h"
#include "codec/codec_int.h"

/* How a scalar decodes into interface{}: a string (go-yaml's default branch), null, or
 * something else (a bool or number: a head field of that type is a JSON type error). */
typedef enum { SK_STRING, SK_NULL, SK_OTHER } scalar_kind;

/* Resolves scalar N as yaml_decode.c does; false when decoding it would fail or needs the
 * decoder's own handling (NaN/Inf refused by the JSON step, !!binary). */
static bool scalar_ok(const ynode *n, scalar_kind *kind) {
  if ((!n->tag || !*n->tag) && !n->implicit) {
    *kind = SK_STRING;
    return true;
  }
  if ((!n->tag || !*n->tag) && ct_codec__plain_string(n->value, n->len)) {
    *kind = SK_STRING;
    return true;
  }
  yres r;
  ct_buf msg = CT_BUF_INIT;
  int rc = ct_codec__resolve(&r, n->tag, n->value, n->len, false, &msg);
  ct_buf_dispose(&msg);
  if (rc < 0) return false;
  switch (r.kind) {
  case YR_NULL: *kind = SK_NULL; return true;
  case YR_FLOAT: *kind = SK_OTHER; return !isnan(r.f) && !isinf(r.f);
  case YR_BOOL:
  case YR_INT:
  case YR_UINT: *kind = SK_OTHER; return true;
  case YR_BINARY: return false;
  default: *kind = SK_STRING; return true;
  }
}

/* .nan, .inf, +.inf, -.inf in the three spellings go-yaml resolves (.nan .NaN .NAN). */
static bool nonfinite_word(const char *s, size_t n) {
  bool sign = n == 5 && (s[0] == '+' || s[0] == '-');
  if (sign) s++, n--;
  if (n != 4 || s[0] != '.') return false;
  static const char *const words[] = {"nan", "NaN", "NAN", "inf", "Inf", "INF"};
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (!memcmp(s + 1, words[k], 3)) return k >= 3 || !sign; /* no signed NaN */
  return false;
}

static bool is_merge_key(const ynode *k) {
  return k->kind == YN_SCALAR && k->len == 2 && memcmp(k->value, "<<", 2) == 0 &&
         (k->implicit || (k->tag && strcmp(k->tag, CT_YAML_TAG_PREFIX "merge") == 0));
}

/* A key the JSON step keeps as it is written: a string-decoding scalar. Other keys (bools,
 * numbers: converted to text; null and big unsigned: errors; collections: errors) are left to
 * the decoder. */
static bool key_ok(const ynode *k) {
  scalar_kind sk;
  return k->kind == YN_SCALAR && !is_merge_key(k) && scalar_ok(k, &sk) && sk == SK_STRING;
}

/* True when decoding N raises no error; aliases and merges are left to the decoder. */
static bool check(const ynode *n, int depth) {
  if (depth > 10000) return false;
  switch (n->kind) {
  case YN_DOC: return n->n == 0 || check(n->children[0], depth + 1);
  case YN_ALIAS: return false;
  case YN_SCALAR: {
    /* untagged, only the words for NaN and the infinities fail (the JSON step refuses them):
     * what else a plain scalar resolves to is a string, null, bool or finite number */
    if (!n->tag || !*n->tag) return !n->implicit || !nonfinite_word(n->value, n->len);
    scalar_kind sk;
    return scalar_ok(n, &sk);
  }
  case YN_SEQ:
    for (size_t i = 0; i < n->n; i++)
      if (!check(n->children[i], depth + 1)) return false;
    return true;
  case YN_MAP:
    for (size_t i = 0; i + 1 < n->n; i += 2)
      if (!key_ok(n->children[i]) || !check(n->children[i + 1], depth + 1)) return false;
    return true;
  }
  return false;
}

/* A node that decodes to null (~, null, an empty scalar...). */
static bool is_null(const ynode *n) {
  scalar_kind sk;
  return n->kind == YN_SCALAR && scalar_ok(n, &sk) && sk == SK_NULL;
}

static bool key_is(const ynode *k, const char *name) {
  size_t l = strlen(name);
  return k->len == l && memcmp(k->value, name, l) == 0;
}

/* A string head field: *out stays NULL for null; false for another type (a JSON type error
 * the decoder words). */
static bool string_field(const ynode *v, ct_arena *a, const char **out) {
  scalar_kind sk;
  if (v->kind != YN_SCALAR || !scalar_ok(v, &sk) || sk == SK_OTHER) return false;
  *out = sk == SK_STRING ? ct_arena_strndup(a, v->value, v->len) : NULL;
  return true;
}

static bool read_annotations(const ynode *m, ct_arena *a, ct_value **out) {
  if (is_null(m)) {
    *out = NULL;
    return true;
  }
  if (m->kind != YN_MAP) return false;
  ct_value *ann = ct_map_new(a, CT_MAP, m->n / 2);
  for (size_t i = 0; i + 1 < m->n; i += 2) {
    const ynode *k = m->children[i], *v = m->children[i + 1];
    const char *s = NULL;
    if (!string_field(v, a, &s)) return false;
    /* the value whole, by its length: a quoted "\0" is a NUL inside it */
    ct_map_set(a, ann, k->value, k->len, s ? ct_string(a, v->value, v->len) : NULL);
  }
  *out = ann;
  return true;
}

static bool read_metadata(const ynode *m, ct_arena *a, ct_yaml_head *h) {
  if (is_null(m)) return true;
  if (m->kind != YN_MAP) return false;
  /* a later duplicate key replaces an earlier one, as in the decoded map */
  h->name = NULL;
  h->annotations = NULL;
  for (size_t i = 0; i + 1 < m->n; i += 2) {
    const ynode *k = m->children[i], *v = m->children[i + 1];
    if (key_is(k, "name") && !string_field(v, a, &h->name)) return false;
    if (key_is(k, "annotations") && !read_annotations(v, a, &h->annotations)) return false;
  }
  return true;
}

/* A pruned child, checked as check() would check it in its collection. */
static bool prune_ok(const ynode *n, bool key) { return key ? key_ok(n) : check(n, 0); }

/* Collections from this depth on are pruned: the head (root map, metadata, annotations and
 * their scalars) sits above it. Tests lower it to prune everything they read. */
int ct_codec__yaml_head_prune_depth = 5;

int ct_yaml_read_head(ct_yaml_head *out, ct_arena *a, const char *src, size_t len) {
  memset(out, 0, sizeof *out);
  ct_arena *tmp = ct_arena_new();
  ynode **docs;
  size_t ndocs;
  /* the fast reader checks and drops the deep parts as it goes; what it leaves to libyaml
   * (or a child that fails the check) is read whole */
  const ct_codec__yaml_prune pr = {.depth = ct_codec__yaml_head_prune_depth, .ok = prune_ok};
  int ok = ct_codec__yaml_fast_pruned(&docs, &ndocs, tmp, src, len, &pr);
  if (!ok) {
    ct_arena_free(tmp);
    tmp = ct_arena_new();
    ct_buf msg = CT_BUF_INIT;
    ok = ct_codec__yaml_load(&docs, &ndocs, tmp, src, len, 1, &msg) == 0;
    ct_buf_dispose(&msg);
  }
  const ynode *root = ok && ndocs && docs[0]->n ? docs[0]->children[0] : NULL;
  if (ok && root) ok = check(root, 0);
  if (ok && root) {
    if (root->kind == YN_MAP) {
      for (size_t i = 0; ok && i + 1 < root->n; i += 2) {
        const ynode *k = root->children[i], *v = root->children[i + 1];
        if (key_is(k, "apiVersion")) ok = string_field(v, a, &out->api_version);
        else if (key_is(k, "kind")) ok = string_field(v, a, &out->kind);
        else if (key_is(k, "metadata")) {
          out->name = NULL;
          out->annotations = NULL;
          ok = read_metadata(v, a, out);
        }
      }
    } else if (!is_null(root)) {
      ok = false; /* a document that is not a map: the decoder words the type error */
    }
  }
  ct_arena_free(tmp);
  if (!ok) memset(out, 0, sizeof *out);
  return ok;
}
