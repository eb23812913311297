/* toml_emit.c — Helm's toToml: BurntSushi/toml's Encoder for ct_value (sorted keys, plain
 * values before sub-tables, [table] / [[array]] headers indented two spaces a level, inline
 * tables inside arrays) and its error texts. */
#include <math.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/gofmt.h"
#include "codec/codec_int.h"

typedef struct tenc {
  ct_buf *out;
  ct_arena *a;
  ct_buf *err;
  bool written;
  /* the current key path */
  const ct_str *keys[256];
  size_t nkeys;
} tenc;

enum { TT_NIL, TT_SCALAR, TT_ARRAY, TT_HASH, TT_ARRAY_HASH };

static void wf(tenc *e, const char *s, size_t n) {
  ct_buf_put(e->out, s, n);
  e->written = true;
}
static void wfs(tenc *e, const char *s) { wf(e, s, strlen(s)); }

static void newline(tenc *e) {
  if (e->written) wfs(e, "\n");
}

static int fail(tenc *e, const char *msg) {
  if (e->err->len == 0) ct_buf_puts(e->err, msg);
  return -1;
}

static const ct_value *view(tenc *e, const ct_value *v) { return ct_codec__json_view(v, e->a); }

static int toml_type(tenc *e, const ct_value *v, int *out);

static int is_table_array(tenc *e, const ct_value *v, bool *out) {
  *out = false;
  if (v->list->len == 0) return 0;
  bool ret = true;
  for (size_t i = 0; i < v->list->len; i++) {
    int tt;
    if (toml_type(e, v->list->items[i], &tt) < 0) return -1;
    if (tt == TT_NIL) return fail(e, "toml: cannot encode array with nil element");
    if (tt != TT_HASH) ret = false;
  }
  *out = ret;
  return 0;
}

static int toml_type(tenc *e, const ct_value *v, int *out) {
  v = view(e, v);
  if (!v) {
    *out = TT_NIL;
    return 0;
  }
  switch (v->type) {
  case CT_MAP:
  case CT_STRMAP: *out = TT_HASH; return 0;
  case CT_LIST:
  case CT_STRLIST: {
    bool ta;
    if (is_table_array(e, v, &ta) < 0) return -1;
    *out = ta ? TT_ARRAY_HASH : TT_ARRAY;
    return 0;
  }
  case CT_BYTES: *out = TT_ARRAY; return 0;
  default: *out = TT_SCALAR; return 0;
  }
}

static void write_quoted(tenc *e, const char *s, size_t n) {
  ct_buf b = CT_BUF_INIT;
  ct_buf_putc(&b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': ct_buf_puts(&b, "\\\""); break;
    case '\\': ct_buf_puts(&b, "\\\\"); break;
    case '\b': ct_buf_puts(&b, "\\b"); break;
    case '\t': ct_buf_puts(&b, "\\t"); break;
    case '\n': ct_buf_puts(&b, "\\n"); break;
    case '\f': ct_buf_puts(&b, "\\f"); break;
    case '\r': ct_buf_puts(&b, "\\r"); break;
    default:
      if (c < 0x20 || c == 0x7f) ct_buf_printf(&b, "\\u%04x", c);
      else ct_buf_putc(&b, (char)c);
    }
  }
  ct_buf_putc(&b, '"');
  wf(e, b.ptr, b.len);
  ct_buf_dispose(&b);
}

static bool is_bare(const char *s, size_t n) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return false;
  }
  return true;
}

static void write_key(tenc *e, const ct_str *k) {
  if (is_bare(k->ptr, k->len)) wf(e, k->ptr, k->len);
  else write_quoted(e, k->ptr, k->len);
}

static void indent(tenc *e) {
  for (size_t i = 1; i < e->nkeys; i++) wfs(e, "  ");
}

static void key_path(tenc *e) {
  for (size_t i = 0; i < e->nkeys; i++) {
    if (i) wfs(e, ".");
    write_key(e, e->keys[i]);
  }
}

static int element(tenc *e, const ct_value *v);
static int emap(tenc *e, const ct_value *m, bool inline_);

static int array_element(tenc *e, const ct_value *v) {
  wfs(e, "[");
  if (v->type == CT_BYTES) {
    for (size_t i = 0; i < v->s.len; i++) {
      if (i) wfs(e, ", ");
      ct_buf_printf(e->out, "%u", (unsigned char)v->s.ptr[i]);
    }
  } else {
    for (size_t i = 0; i < v->list->len; i++) {
      if (element(e, v->list->items[i]) < 0) return -1;
      if (i != v->list->len - 1) wfs(e, ", ");
    }
  }
  wfs(e, "]");
  return 0;
}

static int element(tenc *e, const ct_value *v) {
  v = view(e, v);
  if (!v) return fail(e, "toml: cannot encode array with nil element");
  switch (v->type) {
  case CT_STRING: write_quoted(e, v->s.ptr, v->s.len); return 0;
  case CT_BOOL: wfs(e, v->b ? "true" : "false"); return 0;
  case CT_INT:
  case CT_INT64:
  case CT_INT32:
    if (v->gotype == CT_GO_DURATION) { /* the encoder writes a time.Duration as its String */
      ct_buf d = CT_BUF_INIT;
      ct_gofmt_value(&d, v);
      write_quoted(e, ct_buf_str(&d), d.len);
      ct_buf_dispose(&d);
      return 0;
    }
    ct_buf_printf(e->out, "%lld", (long long)v->i);
    e->written = true;
    return 0;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: ct_buf_printf(e->out, "%llu", (unsigned long long)v->u); e->written = true; return 0;
  case CT_FLOAT64: {
    double f = v->f;
    if (isnan(f) || isinf(f)) {
      if (signbit(f)) wfs(e, "-");
      wfs(e, isnan(f) ? "nan" : "inf");
      return 0;
    }
    size_t st = e->out->len;
    ct_gofmt_float(e->out, f, 'f', -1);
    if (!memchr(e->out->ptr + st, '.', e->out->len - st)) ct_buf_puts(e->out, ".0");
    e->written = true;
    return 0;
  }
  case CT_BYTES:
  case CT_LIST:
  case CT_STRLIST: return array_element(e, v);
  case CT_MAP:
  case CT_STRMAP: {
    size_t saved = e->nkeys;
    e->nkeys = 0;
    int rc = emap(e, v, true);
    e->nkeys = saved;
    return rc;
  }
  default: return fail(e, "toml: unsupported type");
  }
}

static int encode(tenc *e, const ct_value *v);

static int push_key(tenc *e, const ct_str *k) {
  if (e->nkeys == sizeof e->keys / sizeof e->keys[0]) return fail(e, "toml: nesting too deep");
  e->keys[e->nkeys++] = k;
  return 0;
}

/* writeKeyValue: "key = value" (or the bare value at the top level). */
static int key_value(tenc *e, const ct_value *v, bool inline_) {
  if (e->nkeys == 0) return element(e, v);
  indent(e);
  write_key(e, e->keys[e->nkeys - 1]);
  wfs(e, " = ");
  if (element(e, v) < 0) return -1;
  if (!inline_) newline(e);
  return 0;
}

static int emap(tenc *e, const ct_value *m, bool inline_) {
  size_t n;
  const ct_map_entry *ent = ct_map_sorted(e->a, m, &n);
  int *types = ct_arena_alloc(e->a, (n ? n : 1) * sizeof *types);
  size_t nsub = 0;
  for (size_t i = 0; i < n; i++) {
    if (toml_type(e, ent[i].value, &types[i]) < 0) return -1;
    if (types[i] == TT_HASH || types[i] == TT_ARRAY_HASH) nsub++;
  }
  size_t ndirect_nonnil = 0, nsub_nonnil = 0;
  for (size_t i = 0; i < n; i++) {
    if (types[i] == TT_NIL) continue;
    if (types[i] == TT_HASH || types[i] == TT_ARRAY_HASH) nsub_nonnil++;
    else ndirect_nonnil++;
  }
  (void)ndirect_nonnil;
  if (inline_) wfs(e, "{");
  for (int pass = 0; pass < 2; pass++) {
    /* pass 0: plain keys, pass 1: sub-tables */
    size_t count = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
      bool sub = types[i] == TT_HASH || types[i] == TT_ARRAY_HASH;
      if (sub == (pass == 1)) total++;
    }
    for (size_t i = 0; i < n; i++) {
      bool sub = types[i] == TT_HASH || types[i] == TT_ARRAY_HASH;
      if (sub != (pass == 1)) continue;
      count++;
      if (types[i] == TT_NIL) continue;
      if (inline_) {
        const ct_str *k = &ent[i].key;
        write_key(e, k);
        wfs(e, " = ");
        if (element(e, ent[i].value) < 0) return -1;
        bool trail = pass == 0 && nsub > 0;
        if (trail || count != total) wfs(e, ", ");
      } else {
        if (push_key(e, &ent[i].key) < 0) return -1;
        int rc = encode(e, ent[i].value);
        e->nkeys--;
        if (rc < 0) return -1;
      }
    }
  }
  (void)nsub_nonnil;
  if (inline_) wfs(e, "}");
  return 0;
}

static int table(tenc *e, const ct_value *m) {
  if (e->nkeys == 1) newline(e);
  if (e->nkeys > 0) {
    indent(e);
    wfs(e, "[");
    key_path(e);
    wfs(e, "]");
    newline(e);
  }
  return emap(e, m, false);
}

static int array_of_tables(tenc *e, const ct_value *l) {
  if (e->nkeys == 0) return fail(e, "toml: top-level values must be Go maps or structs");
  for (size_t i = 0; i < l->list->len; i++) {
    const ct_value *t = view(e, l->list->items[i]);
    if (!t) continue;
    newline(e);
    indent(e);
    wfs(e, "[[");
    key_path(e);
    wfs(e, "]]");
    newline(e);
    if (emap(e, t, false) < 0) return -1;
  }
  return 0;
}

static int encode(tenc *e, const ct_value *v) {
  v = view(e, v);
  if (!v) return 0;
  switch (v->type) {
  case CT_MAP:
  case CT_STRMAP: return table(e, v);
  case CT_LIST:
  case CT_STRLIST: {
    int tt;
    if (toml_type(e, v, &tt) < 0) return -1;
    if (tt == TT_ARRAY_HASH) return array_of_tables(e, v);
    return key_value(e, v, false);
  }
  default: return key_value(e, v, false);
  }
}

int ct_toml_emit(ct_buf *out, const ct_value *v, ct_buf *err) {
  if (!v) {
    ct_buf_puts(err, "reflect: call of reflect.Value.Type on zero Value");
    return -1;
  }
  tenc e;
  memset(&e, 0, sizeof e);
  e.out = out;
  e.a = ct_arena_new();
  e.err = err;
  size_t start = out->len;
  int rc = encode(&e, v);
  if (rc < 0) ct_buf_truncate(out, start);
  ct_arena_free(e.a);
  return rc;
}
