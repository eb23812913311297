/* yaml_decode.c — a YAML document node to ct_value as sigs.k8s.io/yaml.Unmarshal does it:
 * go-yaml v2 decoding into interface{} (merges, aliases, tags), then the JSON round trip
 * (numbers float64, keys as strings, NaN/Inf refused) or typed-string conversion (raw mode). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "chartctl/stack.h"
#include "codec/codec_int.h"

typedef struct dec {
  ct_arena *a;
  ct_buf *err;
  int mode;
  long decode_count, alias_count;
  int alias_depth;
  ynode **active; /* alias nodes being expanded */
  size_t nactive, cap;
  ct_buf key_err; /* first sigs.k8s.io/yaml key conversion error */
  ct_buf json_err; /* first json.Marshal error */
} dec;

static double allowed_alias_ratio(long count) {
  if (count <= 400000) return 0.99;
  if (count >= 4000000) return 0.10;
  return 0.99 - 0.89 * ((double)(count - 400000) / 3600000.0);
}

static int fail(dec *d, const char *msg) {
  ct_buf_puts(d->err, "yaml: ");
  ct_buf_puts(d->err, msg);
  return -1;
}

static ct_value *str_value(dec *d, const char *s, size_t n) { return ct_string(d->a, s, n); }

/* A float in a Go string field: strconv.FormatFloat(f, 'g', -1, 32). */
static ct_value *float32_string(dec *d, double f) {
  ct_buf b = CT_BUF_INIT;
  ct_gofmt_float_bits(&b, f, 'g', -1, 32);
  ct_value *v = ct_string(d->a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return v;
}

/* Resolves scalar N as go-yaml's decoder does (tag and plain rules). */
static int resolve_scalar(dec *d, ynode *n, yres *r) {
  if ((!n->tag || !*n->tag) && (!n->implicit || ct_codec__plain_string(n->value, n->len))) {
    /* quoted, or plain and sure to be a string: no whole resolution (most keys and many
     * values) */
    memset(r, 0, sizeof *r);
    r->kind = YR_STR;
    return 0;
  }
  ct_buf msg = CT_BUF_INIT;
  if (ct_codec__resolve(r, n->tag, n->value, n->len, false, &msg) < 0) {
    fail(d, ct_buf_str(&msg));
    ct_buf_dispose(&msg);
    return -1;
  }
  return 0;
}

static int decode_scalar(dec *d, ynode *n, ct_value **out) {
  yres r;
  if (resolve_scalar(d, n, &r) < 0) return -1;
  switch (r.kind) {
  case YR_NULL: *out = NULL; return 0;
  case YR_BOOL:
    *out = d->mode == YD_RAW ? ct_cstring(d->a, r.b ? "true" : "false") : ct_bool(d->a, r.b);
    return 0;
  case YR_INT:
    if (d->mode == YD_RAW) *out = ct_cstring(d->a, ct_arena_sprintf(d->a, "%lld", (long long)r.i));
    else *out = ct_float(d->a, (double)r.i);
    return 0;
  case YR_UINT:
    if (d->mode == YD_RAW) *out = ct_cstring(d->a, ct_arena_sprintf(d->a, "%llu", (unsigned long long)r.u));
    else *out = ct_float(d->a, (double)r.u);
    return 0;
  case YR_FLOAT:
    if (d->mode == YD_RAW) {
      *out = float32_string(d, r.f);
      return 0;
    }
    if ((isnan(r.f) || isinf(r.f)) && d->json_err.len == 0) {
      ct_buf_puts(&d->json_err, "json: unsupported value: ");
      ct_gofmt_float(&d->json_err, r.f, 'g', -1);
    }
    *out = ct_float(d->a, r.f);
    return 0;
  case YR_BINARY: {
    ct_buf raw = CT_BUF_INIT;
    if (ct_codec__base64_decode(&raw, n->value, n->len) < 0) {
      ct_buf_dispose(&raw);
      return fail(d, "!!binary value contains invalid base64 data");
    }
    ct_buf clean = CT_BUF_INIT;
    ct_codec__utf8_sanitize(&clean, ct_buf_str(&raw), raw.len);
    *out = str_value(d, ct_buf_str(&clean), clean.len);
    ct_buf_dispose(&clean);
    ct_buf_dispose(&raw);
    return 0;
  }
  default: *out = ct_string(d->a, n->value, n->len); return 0;
  }
}

static int decode(dec *d, ynode *n, ct_value **out, ct_value *into);

static bool is_merge(const ynode *k) {
  return k->kind == YN_SCALAR && k->len == 2 && memcmp(k->value, "<<", 2) == 0 &&
         (k->implicit || (k->tag && strcmp(k->tag, CT_YAML_TAG_PREFIX "merge") == 0));
}

static int fail_want_map(dec *d) {
  return fail(d, "map merge requires map or sequence of maps as the value");
}

static int merge(dec *d, ynode *n, ct_value *into) {
  ct_value *dummy;
  switch (n->kind) {
  case YN_MAP: return decode(d, n, &dummy, into);
  case YN_ALIAS:
    if (n->alias && n->alias->kind != YN_MAP) return fail_want_map(d);
    return decode(d, n, &dummy, into);
  case YN_SEQ:
    for (size_t i = n->n; i-- > 0;) {
      ynode *ni = n->children[i];
      if (ni->kind == YN_ALIAS) {
        if (ni->alias && ni->alias->kind != YN_MAP) return fail_want_map(d);
      } else if (ni->kind != YN_MAP) {
        return fail_want_map(d);
      }
      if (decode(d, ni, &dummy, into) < 0) return -1;
    }
    return 0;
  default: return fail_want_map(d);
  }
}

/* Go's %#v of a decoded key or value, with go-yaml's map type. */
static void gosyntax(dec *d, ct_buf *out, const ct_value *v) {
  ct_buf tmp = CT_BUF_INIT;
  ct_value *args[1] = {(ct_value *)v};
  ct_gofmt_sprintf(&tmp, "%#v", 3, args, 1);
  const char *s = ct_buf_str(&tmp);
  static const char from[] = "map[string]interface {}";
  for (;;) {
    const char *p = strstr(s, from);
    if (!p) break;
    ct_buf_put(out, s, (size_t)(p - s));
    ct_buf_puts(out, "map[interface {}]interface {}");
    s = p + sizeof from - 1;
  }
  ct_buf_puts(out, s);
  ct_buf_dispose(&tmp);
  (void)d;
}

/* The string a key becomes (sigs.k8s.io/yaml's convertToJSONableObject); false when the key
 * type is unsupported (the error is recorded once VALUE is known). */
typedef struct keyres {
  bool ok;
  const char *s;
  size_t len;
  const char *type; /* for the error */
  ct_buf gokey;
} keyres;

static int decode_key(dec *d, ynode *k, keyres *kr) {
  memset(kr, 0, sizeof *kr);
  ynode *n = k;
  /* A key through an alias decodes the anchored node. */
  if (n->kind == YN_ALIAS) {
    for (size_t i = 0; i < d->nactive; i++)
      if (d->active[i] == n) {
        ct_buf_printf(d->err, "yaml: anchor '%s' value contains itself", n->value);
        return -1;
      }
    n = n->alias;
  }
  if (n->kind != YN_SCALAR) {
    ct_value *kv;
    if (decode(d, k, &kv, NULL) < 0) return -1;
    ct_buf_puts(d->err, "yaml: invalid map key: ");
    gosyntax(d, d->err, kv);
    return -1;
  }
  d->decode_count++;
  yres r;
  if (resolve_scalar(d, n, &r) < 0) return -1;
  kr->ok = true;
  switch (r.kind) {
  case YR_NULL:
    kr->ok = false;
    kr->type = "%!s(<nil>)";
    ct_buf_puts(&kr->gokey, "<nil>");
    break;
  case YR_BOOL: kr->s = r.b ? "true" : "false"; break;
  case YR_INT: kr->s = ct_arena_sprintf(d->a, "%lld", (long long)r.i); break;
  case YR_UINT:
    kr->ok = false;
    kr->type = "uint64";
    ct_buf_printf(&kr->gokey, "0x%llx", (unsigned long long)r.u);
    break;
  case YR_FLOAT: {
    if (isinf(r.f)) kr->s = r.f > 0 ? ".inf" : "-.inf";
    else if (isnan(r.f)) kr->s = ".nan";
    else {
      ct_buf b = CT_BUF_INIT;
      ct_gofmt_float_bits(&b, r.f, 'g', -1, 32);
      kr->s = ct_arena_strndup(d->a, ct_buf_str(&b), b.len);
      ct_buf_dispose(&b);
    }
    break;
  }
  case YR_BINARY: {
    ct_value *v;
    if (decode_scalar(d, n, &v) < 0) return -1;
    kr->s = v->s.ptr;
    kr->len = v->s.len;
    return 0;
  }
  default:
    kr->s = n->value;
    kr->len = n->len;
    return 0;
  }
  if (kr->s) kr->len = strlen(kr->s);
  return 0;
}

static int decode_mapping(dec *d, ynode *n, ct_value *map) {
  for (size_t i = 0; i + 1 < n->n; i += 2) {
    ynode *k = n->children[i], *v = n->children[i + 1];
    if (is_merge(k)) {
      if (merge(d, v, map) < 0) return -1;
      continue;
    }
    keyres kr;
    if (decode_key(d, k, &kr) < 0) {
      ct_buf_dispose(&kr.gokey);
      return -1;
    }
    ct_value *val;
    if (decode(d, v, &val, NULL) < 0) {
      ct_buf_dispose(&kr.gokey);
      return -1;
    }
    if (!kr.ok) {
      if (d->key_err.len == 0) {
        ct_buf_printf(&d->key_err, "unsupported map key of type: %s, key: %s, value: ", kr.type,
                      ct_buf_str(&kr.gokey));
        gosyntax(d, &d->key_err, val);
      }
      ct_buf_dispose(&kr.gokey);
      continue;
    }
    ct_map_set(d->a, map, kr.s, kr.len, val);
  }
  return 0;
}

static int decode(dec *d, ynode *n, ct_value **out, ct_value *into) {
  d->decode_count++;
  if (d->alias_depth > 0) d->alias_count++;
  if (d->alias_count > 100 && d->decode_count > 1000 &&
      (double)d->alias_count / (double)d->decode_count > allowed_alias_ratio(d->decode_count))
    return fail(d, "document contains excessive aliasing");
  *out = NULL;
  if ((n->kind == YN_SEQ || n->kind == YN_MAP || n->kind == YN_ALIAS) && ct_stack_low())
    return fail(d, "document nested too deeply for the stack");
  switch (n->kind) {
  case YN_DOC: return n->n ? decode(d, n->children[0], out, into) : 0;
  case YN_ALIAS: {
    for (size_t i = 0; i < d->nactive; i++) {
      if (d->active[i] == n) {
        ct_buf_printf(d->err, "yaml: anchor '%s' value contains itself", n->value);
        return -1;
      }
    }
    if (d->nactive == d->cap) {
      size_t nc = d->cap ? d->cap * 2 : 8;
      d->active = ct_arena_realloc(d->a, d->active, d->cap * sizeof(ynode *), nc * sizeof(ynode *));
      d->cap = nc;
    }
    d->active[d->nactive++] = n;
    d->alias_depth++;
    int rc = decode(d, n->alias, out, into);
    d->alias_depth--;
    d->nactive--;
    return rc;
  }
  case YN_SCALAR:
    if (into) return fail_want_map(d);
    return decode_scalar(d, n, out);
  case YN_SEQ: {
    if (into) return fail_want_map(d);
    ct_value *l = ct_list_new(d->a, CT_LIST, n->n);
    for (size_t i = 0; i < n->n; i++) {
      ct_value *item;
      if (decode(d, n->children[i], &item, NULL) < 0) return -1;
      ct_list_push(d->a, l, item);
    }
    *out = l;
    return 0;
  }
  case YN_MAP: {
    ct_value *m = into ? into : ct_map_new(d->a, CT_MAP, n->n / 2);
    if (decode_mapping(d, n, m) < 0) return -1;
    *out = m;
    return 0;
  }
  }
  return 0;
}

int ct_codec__yaml_decode(ct_value **out, ct_arena *a, ynode *doc, int mode, ct_buf *err) {
  dec d;
  memset(&d, 0, sizeof d);
  d.a = a;
  d.err = err;
  d.mode = mode;
  int rc = decode(&d, doc, out, NULL);
  if (rc == 0 && d.key_err.len) {
    ct_buf_put(err, d.key_err.ptr, d.key_err.len);
    rc = -1;
  } else if (rc == 0 && d.json_err.len) {
    ct_buf_put(err, d.json_err.ptr, d.json_err.len);
    rc = -1;
  }
  ct_buf_dispose(&d.key_err);
  ct_buf_dispose(&d.json_err);
  return rc;
}
