/* kubesim: decodes Kubernetes protobuf request bodies (magic "k8s\0" + runtime.Unknown) into the
 * same JSON objects the JSON path receives, for the core kinds client-go's typed clients send. */
#include "ks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* wire-format reader */
typedef struct pb {
  const unsigned char *p, *end;
} pb;

static int pb_varint(pb *b, uint64_t *out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (b->p >= b->end) return -1;
    unsigned char c = *b->p++;
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) {
      *out = v;
      return 0;
    }
  }
  return -1;
}

/* one field: number, wire type, and either its varint/fixed value or its byte range */
typedef struct pb_field {
  uint32_t num;
  int wt;
  uint64_t v;
  const unsigned char *data;
  size_t len;
} pb_field;

/* 1 = field read, 0 = end of message, -1 = malformed */
static int pb_next(pb *b, pb_field *f) {
  if (b->p >= b->end) return 0;
  uint64_t key;
  if (pb_varint(b, &key)) return -1;
  f->num = (uint32_t)(key >> 3);
  f->wt = (int)(key & 7);
  if (f->num == 0) return -1;
  switch (f->wt) {
  case 0:
    return pb_varint(b, &f->v) ? -1 : 1;
  case 1:
  case 5: {
    size_t n = f->wt == 1 ? 8 : 4;
    if ((size_t)(b->end - b->p) < n) return -1;
    f->v = 0;
    for (size_t i = 0; i < n; i++) f->v |= (uint64_t)b->p[i] << (8 * i);
    b->p += n;
    return 1;
  }
  case 2: {
    uint64_t n;
    if (pb_varint(b, &n) || n > (uint64_t)(b->end - b->p)) return -1;
    f->data = b->p;
    f->len = (size_t)n;
    b->p += n;
    return 1;
  }
  default: /* groups (3, 4) are not used by Kubernetes types */
    return -1;
  }
}

/* message schemas: only what kubesim needs to turn protobuf bodies into JSON */
enum fkind { K_STR, K_BYTES, K_INT, K_BOOL, K_MSG, K_TIME, K_MAP_SS, K_MAP_SB, K_FIELDSV1 };
enum { F_REP = 1, F_PRESENCE = 2 }; /* repeated; emit even when zero/empty (pointer fields) */

typedef struct msgdef msgdef;
typedef struct fielddef {
  uint32_t num;
  const char *name;
  int kind, flags;
  const msgdef *sub;
} fielddef;
struct msgdef {
  const fielddef *f;
  size_t n;
};
#define MSG(arr) {arr, sizeof arr / sizeof arr[0]}

static const fielddef owner_ref_f[] = {
    {5, "apiVersion", K_STR, F_PRESENCE, NULL}, {1, "kind", K_STR, F_PRESENCE, NULL},
    {3, "name", K_STR, F_PRESENCE, NULL},       {4, "uid", K_STR, F_PRESENCE, NULL},
    {6, "controller", K_BOOL, F_PRESENCE, NULL}, {7, "blockOwnerDeletion", K_BOOL, F_PRESENCE, NULL}};
static const msgdef owner_ref = MSG(owner_ref_f);

static const fielddef managed_f[] = {{1, "manager", K_STR, 0, NULL},        {2, "operation", K_STR, 0, NULL},
                                     {3, "apiVersion", K_STR, 0, NULL},     {4, "time", K_TIME, 0, NULL},
                                     {6, "fieldsType", K_STR, 0, NULL},     {7, "fieldsV1", K_FIELDSV1, 0, NULL},
                                     {8, "subresource", K_STR, 0, NULL}};
static const msgdef managed = MSG(managed_f);

static const fielddef meta_f[] = {
    {1, "name", K_STR, 0, NULL},
    {2, "generateName", K_STR, 0, NULL},
    {3, "namespace", K_STR, 0, NULL},
    {4, "selfLink", K_STR, 0, NULL},
    {5, "uid", K_STR, 0, NULL},
    {6, "resourceVersion", K_STR, 0, NULL},
    {7, "generation", K_INT, 0, NULL},
    {8, "creationTimestamp", K_TIME, 0, NULL},
    {9, "deletionTimestamp", K_TIME, 0, NULL},
    {10, "deletionGracePeriodSeconds", K_INT, F_PRESENCE, NULL},
    {11, "labels", K_MAP_SS, 0, NULL},
    {12, "annotations", K_MAP_SS, 0, NULL},
    {13, "ownerReferences", K_MSG, F_REP, &owner_ref},
    {14, "finalizers", K_STR, F_REP, NULL},
    {17, "managedFields", K_MSG, F_REP, &managed},
};
static const msgdef meta = MSG(meta_f);

static const fielddef secret_f[] = {{1, "metadata", K_MSG, F_PRESENCE, &meta},
                                    {2, "data", K_MAP_SB, 0, NULL},
                                    {3, "type", K_STR, 0, NULL},
                                    {4, "stringData", K_MAP_SS, 0, NULL},
                                    {5, "immutable", K_BOOL, F_PRESENCE, NULL}};
static const fielddef configmap_f[] = {{1, "metadata", K_MSG, F_PRESENCE, &meta},
                                       {2, "data", K_MAP_SS, 0, NULL},
                                       {3, "binaryData", K_MAP_SB, 0, NULL},
                                       {4, "immutable", K_BOOL, F_PRESENCE, NULL}};

static const fielddef ns_cond_f[] = {{1, "type", K_STR, F_PRESENCE, NULL},  {2, "status", K_STR, F_PRESENCE, NULL},
                                     {4, "lastTransitionTime", K_TIME, 0, NULL}, {5, "reason", K_STR, 0, NULL},
                                     {6, "message", K_STR, 0, NULL}};
static const msgdef ns_cond = MSG(ns_cond_f);
static const fielddef ns_spec_f[] = {{1, "finalizers", K_STR, F_REP, NULL}};
static const msgdef ns_spec = MSG(ns_spec_f);
static const fielddef ns_status_f[] = {{1, "phase", K_STR, 0, NULL}, {2, "conditions", K_MSG, F_REP, &ns_cond}};
static const msgdef ns_status = MSG(ns_status_f);
static const fielddef namespace_f[] = {{1, "metadata", K_MSG, F_PRESENCE, &meta},
                                       {2, "spec", K_MSG, F_PRESENCE, &ns_spec},
                                       {3, "status", K_MSG, F_PRESENCE, &ns_status}};

static const fielddef precond_f[] = {{1, "uid", K_STR, F_PRESENCE, NULL}, {2, "resourceVersion", K_STR, F_PRESENCE, NULL}};
static const msgdef precond = MSG(precond_f);
static const fielddef delopts_f[] = {{1, "gracePeriodSeconds", K_INT, F_PRESENCE, NULL},
                                     {2, "preconditions", K_MSG, F_PRESENCE, &precond},
                                     {3, "orphanDependents", K_BOOL, F_PRESENCE, NULL},
                                     {4, "propagationPolicy", K_STR, F_PRESENCE, NULL},
                                     {5, "dryRun", K_STR, F_REP, NULL}};

typedef struct kinddef {
  const char *api_version, *kind;
  msgdef def;
} kinddef;
static const kinddef kinds[] = {
    {"v1", "Secret", MSG(secret_f)},
    {"v1", "ConfigMap", MSG(configmap_f)},
    {"v1", "Namespace", MSG(namespace_f)},
    {"v1", "DeleteOptions", MSG(delopts_f)},
    {"meta.k8s.io/v1", "DeleteOptions", MSG(delopts_f)},
};

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static json_t *b64_json(const unsigned char *in, size_t n) {
  size_t outn = 4 * ((n + 2) / 3);
  char *out = malloc(outn + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16;
    if (i + 1 < n) v |= (uint32_t)in[i + 1] << 8;
    if (i + 2 < n) v |= in[i + 2];
    out[o++] = b64chars[(v >> 18) & 63];
    out[o++] = b64chars[(v >> 12) & 63];
    out[o++] = i + 1 < n ? b64chars[(v >> 6) & 63] : '=';
    out[o++] = i + 2 < n ? b64chars[v & 63] : '=';
  }
  json_t *j = json_stringn(out, o);
  free(out);
  return j;
}

typedef struct derr {
  char *buf;
  size_t n;
} derr;

static json_t *fail(derr *e, const char *fmt, ...) KS_PRINTF(2, 3);
static json_t *fail(derr *e, const char *fmt, ...) {
  if (e->n && !e->buf[0]) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->buf, e->n, fmt, ap);
    va_end(ap);
  }
  return NULL;
}

static json_t *decode_msg(const unsigned char *data, size_t len, const msgdef *def, derr *e, int depth);

/* a length-delimited string as JSON; NULL for invalid UTF-8 (Go would replace it, we refuse) */
static json_t *str_json(const pb_field *f) { return json_stringn((const char *)f->data, f->len); }

/* map entry {key=1, value=2}: both strings, value bytes when as_bytes */
static int map_entry(const pb_field *f, json_t *obj, int as_bytes, derr *e, const char *name) {
  pb b = {f->data, f->data + f->len};
  pb_field x;
  const unsigned char *k = (const unsigned char *)"", *v = (const unsigned char *)"";
  size_t kl = 0, vl = 0;
  int r;
  while ((r = pb_next(&b, &x)) == 1) {
    if (x.wt != 2) continue;
    if (x.num == 1) k = x.data, kl = x.len;
    if (x.num == 2) v = x.data, vl = x.len;
  }
  if (r < 0) return fail(e, "malformed protobuf map entry in %s", name), -1;
  char *key = strndup((const char *)k, kl);
  if (!key) return -1;
  json_t *val = as_bytes ? b64_json(v, vl) : json_stringn((const char *)v, vl);
  if (!val || memchr(key, 0, kl) || json_object_set_new(obj, key, val)) {
    free(key);
    return fail(e, "invalid string in protobuf field %s", name), -1;
  }
  free(key);
  return 0;
}

/* metav1.Time {seconds=1, nanos=2}: RFC 3339 seconds like JSON; the zero time decodes to NULL */
static json_t *time_json(const pb_field *f, derr *e, const char *name) {
  pb b = {f->data, f->data + f->len};
  pb_field x;
  int64_t secs = 0;
  int have = 0, r;
  while ((r = pb_next(&b, &x)) == 1)
    if (x.num == 1 && x.wt == 0) secs = (int64_t)x.v, have = 1;
  if (r < 0) return fail(e, "malformed protobuf time in %s", name);
  if (!have || secs == -62135596800LL) return json_null();
  char out[32];
  ks_rfc3339(out, secs);
  return json_string(out);
}

static json_t *fieldsv1_json(const pb_field *f, derr *e, const char *name) {
  pb b = {f->data, f->data + f->len};
  pb_field x;
  int r;
  while ((r = pb_next(&b, &x)) == 1)
    if (x.num == 1 && x.wt == 2) {
      json_t *j = json_loadb((const char *)x.data, x.len, 0, NULL);
      return j ? j : fail(e, "invalid JSON in protobuf field %s", name);
    }
  if (r < 0) return fail(e, "malformed protobuf in %s", name);
  return json_object();
}

static int is_empty(json_t *v) {
  if (json_is_null(v)) return 1;
  if (json_is_string(v)) return json_string_length(v) == 0;
  if (json_is_integer(v)) return json_integer_value(v) == 0;
  if (json_is_false(v)) return 1;
  if (json_is_object(v)) return json_object_size(v) == 0;
  if (json_is_array(v)) return json_array_size(v) == 0;
  return 0;
}

static json_t *field_value(const pb_field *x, const fielddef *fd, derr *e, int depth) {
  int want_len = fd->kind != K_INT && fd->kind != K_BOOL;
  if (want_len != (x->wt == 2) || (!want_len && x->wt != 0))
    return fail(e, "protobuf field %s has the wrong wire type", fd->name);
  switch (fd->kind) {
  case K_STR: {
    json_t *s = str_json(x);
    return s ? s : fail(e, "invalid UTF-8 in protobuf field %s", fd->name);
  }
  case K_BYTES:
    return b64_json(x->data, x->len);
  case K_INT:
    return json_integer((json_int_t)(int64_t)x->v);
  case K_BOOL:
    return json_boolean(x->v != 0);
  case K_TIME:
    return time_json(x, e, fd->name);
  case K_FIELDSV1:
    return fieldsv1_json(x, e, fd->name);
  case K_MSG:
    return decode_msg(x->data, x->len, fd->sub, e, depth + 1);
  default:
    return fail(e, "unsupported protobuf field %s", fd->name);
  }
}

static json_t *decode_msg(const unsigned char *data, size_t len, const msgdef *def, derr *e, int depth) {
  if (depth > 16) return fail(e, "protobuf nesting too deep");
  json_t *obj = json_object();
  pb b = {data, data + len};
  pb_field x;
  int r;
  while ((r = pb_next(&b, &x)) == 1) {
    const fielddef *fd = NULL;
    for (size_t i = 0; i < def->n; i++)
      if (def->f[i].num == x.num) fd = &def->f[i];
    if (!fd) continue; /* unknown field: skipped, like a JSON decoder drops unknown keys */
    if (fd->kind == K_MAP_SS || fd->kind == K_MAP_SB) {
      if (x.wt != 2) {
        json_decref(obj);
        return fail(e, "protobuf field %s has the wrong wire type", fd->name);
      }
      json_t *m = json_object_get(obj, fd->name);
      if (!m) json_object_set_new(obj, fd->name, m = json_object());
      if (map_entry(&x, m, fd->kind == K_MAP_SB, e, fd->name)) {
        json_decref(obj);
        return NULL;
      }
      continue;
    }
    json_t *v = field_value(&x, fd, e, depth);
    if (!v) {
      json_decref(obj);
      return NULL;
    }
    if (fd->flags & F_REP) {
      json_t *arr = json_object_get(obj, fd->name);
      if (!arr) json_object_set_new(obj, fd->name, arr = json_array());
      json_array_append_new(arr, v);
    } else {
      json_object_set_new(obj, fd->name, v); /* last one wins, as in proto2 */
    }
  }
  if (r < 0) {
    json_decref(obj);
    return fail(e, "malformed protobuf body");
  }
  /* omitempty: the generated marshallers write every non-pointer field, JSON omits empty ones */
  for (size_t i = 0; i < def->n; i++) {
    json_t *v = json_object_get(obj, def->f[i].name);
    if (v && is_empty(v) && !((def->f[i].flags & F_PRESENCE) && !json_is_null(v))) json_object_del(obj, def->f[i].name);
  }
  return obj;
}

int ks_proto_is(const char *content_type, const char *body, size_t len) {
  if (content_type && strstr(content_type, "application/vnd.kubernetes.protobuf")) return 1;
  return len >= 4 && !memcmp(body, "k8s\0", 4);
}

json_t *ks_proto_decode(const void *body, size_t len, int *code, char *err, size_t errsz) {
  derr e = {err, errsz};
  if (errsz) err[0] = 0;
  *code = 400;
  const unsigned char *p = body;
  if (len < 4 || memcmp(p, "k8s\0", 4)) return fail(&e, "protobuf body does not start with the \"k8s\\0\" prefix");
  pb b = {p + 4, p + len};
  pb_field x;
  int r;
  char *api_version = NULL, *kind = NULL, *encoding = NULL;
  const unsigned char *raw = NULL;
  size_t raw_len = 0;
  json_t *out = NULL;
  while ((r = pb_next(&b, &x)) == 1) {
    if (x.wt != 2) continue;
    if (x.num == 1) { /* TypeMeta {apiVersion=1, kind=2} */
      pb t = {x.data, x.data + x.len};
      pb_field y;
      int r2;
      while ((r2 = pb_next(&t, &y)) == 1) {
        if (y.wt != 2) continue;
        char **dst = y.num == 1 ? &api_version : y.num == 2 ? &kind : NULL;
        if (dst) {
          free(*dst);
          *dst = strndup((const char *)y.data, y.len);
        }
      }
      if (r2 < 0) r = -1;
    } else if (x.num == 2) {
      raw = x.data;
      raw_len = x.len;
    } else if (x.num == 3) {
      free(encoding);
      encoding = strndup((const char *)x.data, x.len);
    }
    if (r < 0) break;
  }
  if (r < 0) {
    fail(&e, "malformed protobuf envelope (runtime.Unknown)");
    goto done;
  }
  if (!kind || !*kind) {
    fail(&e, "Object 'Kind' is missing in protobuf body");
    goto done;
  }
  if (encoding && *encoding) {
    *code = 415;
    fail(&e, "protobuf content encoding %s is not supported", encoding);
    goto done;
  }
  const kinddef *kd = NULL;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(kinds[i].kind, kind) && !strcmp(kinds[i].api_version, api_version ? api_version : "")) kd = &kinds[i];
  if (!kd) {
    *code = 415;
    if (errsz)
      snprintf(err, errsz,
               "kubesim cannot decode protobuf bodies of kind %s (apiVersion %s); send application/json or "
               "application/yaml instead",
               kind, api_version && *api_version ? api_version : "<none>");
    goto done;
  }
  json_t *obj = decode_msg(raw ? raw : (const unsigned char *)"", raw_len, &kd->def, &e, 0);
  if (!obj) goto done;
  out = json_pack("{s:s, s:s}", "kind", kind, "apiVersion", api_version);
  json_object_update(out, obj);
  json_decref(obj);
  *code = 200;
done:
  free(api_version);
  free(kind);
  free(encoding);
  return out;
}
