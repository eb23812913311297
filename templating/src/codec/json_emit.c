/* json_emit.c — encoding/json.Marshal / MarshalIndent / Encoder (SetEscapeHTML) output for
 * ct_value: sorted keys, Go's string escaping, float64 layout, []byte as base64. */
#include <math.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/gofmt.h"
#include "codec/codec_int.h"

typedef struct jenc {
  ct_buf *out;
  const char *indent;
  bool html;
  ct_arena *a;
  ct_buf *err;
  int depth;
  const ct_value *top; /* checked once for a cycle when the encoding gets deep */
  bool checked;
} jenc;

static const char hexd[] = "0123456789abcdef";

static void json_string(jenc *e, const char *s, size_t n) {
  ct_buf *o = e->out;
  ct_buf_putc(o, '"');
  size_t start = 0, i = 0;
  while (i < n) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
      bool safe = b >= 0x20 && b != '"' && b != '\\' && b != 0x7f;
      if (b == 0x7f) safe = true;
      if (e->html && (b == '<' || b == '>' || b == '&')) safe = false;
      if (safe) {
        i++;
        continue;
      }
      ct_buf_put(o, s + start, i - start);
      switch (b) {
      case '\\':
      case '"':
        ct_buf_putc(o, '\\');
        ct_buf_putc(o, (char)b);
        break;
      case '\b': ct_buf_puts(o, "\\b"); break;
      case '\f': ct_buf_puts(o, "\\f"); break;
      case '\n': ct_buf_puts(o, "\\n"); break;
      case '\r': ct_buf_puts(o, "\\r"); break;
      case '\t': ct_buf_puts(o, "\\t"); break;
      default: {
        char u[6] = {'\\', 'u', '0', '0', hexd[b >> 4], hexd[b & 0xF]};
        ct_buf_put(o, u, 6);
      }
      }
      i++;
      start = i;
      continue;
    }
    uint32_t r;
    int w = ct_gofmt_utf8_decode(s + i, n - i, &r);
    if (w == 1) {
      ct_buf_put(o, s + start, i - start);
      ct_buf_puts(o, "\\ufffd");
      i++;
      start = i;
      continue;
    }
    if (r == 0x2028 || r == 0x2029) {
      ct_buf_put(o, s + start, i - start);
      ct_buf_puts(o, r == 0x2028 ? "\\u2028" : "\\u2029");
      i += (size_t)w;
      start = i;
      continue;
    }
    i += (size_t)w;
  }
  ct_buf_put(o, s + start, n - start);
  ct_buf_putc(o, '"');
}

static void newline(jenc *e) {
  if (!e->indent) return;
  ct_buf_putc(e->out, '\n');
  for (int d = 0; d < e->depth; d++) ct_buf_puts(e->out, e->indent);
}

static int encode(jenc *e, const ct_value *v) {
  if (ct_value_stack_low(e->depth)) { /* the executor fails the call (value.h) */
    ct_value_note_too_deep();
    ct_buf_puts(e->err, "json: value nested too deeply for the stack");
    return -1;
  }
  if (e->depth >= CT_VALUE_DEEP && !e->checked) {
    e->checked = true;
    if (ct_value_cyclic(e->top)) {
      ct_buf_printf(e->err, "json: unsupported value: encountered a cycle via %s", ct_type_name(v));
      return -1;
    }
  }
  v = ct_codec__json_view(v, e->a);
  if (!v) {
    ct_buf_puts(e->out, "null");
    return 0;
  }
  switch (v->type) {
  case CT_BOOL: ct_buf_puts(e->out, v->b ? "true" : "false"); return 0;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: ct_buf_printf(e->out, "%lld", (long long)v->i); return 0;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: ct_buf_printf(e->out, "%llu", (unsigned long long)v->u); return 0;
  case CT_FLOAT64:
    if (isnan(v->f) || isinf(v->f)) {
      ct_buf_puts(e->err, "json: unsupported value: ");
      ct_gofmt_float(e->err, v->f, 'g', -1);
      return -1;
    }
    ct_gofmt_float_json(e->out, v->f);
    return 0;
  case CT_STRING: json_string(e, v->s.ptr, v->s.len); return 0;
  case CT_BYTES:
    ct_buf_putc(e->out, '"');
    ct_codec__base64_encode(e->out, (const unsigned char *)v->s.ptr, v->s.len);
    ct_buf_putc(e->out, '"');
    return 0;
  case CT_LIST:
  case CT_STRLIST: {
    const ct_list *l = v->list;
    ct_buf_putc(e->out, '[');
    if (l->len == 0) {
      ct_buf_putc(e->out, ']');
      return 0;
    }
    e->depth++;
    for (size_t i = 0; i < l->len; i++) {
      if (i > 0) ct_buf_putc(e->out, ',');
      newline(e);
      if (encode(e, l->items[i]) < 0) return -1;
    }
    e->depth--;
    newline(e);
    ct_buf_putc(e->out, ']');
    return 0;
  }
  case CT_MAP:
  case CT_STRMAP: {
    size_t n;
    const ct_map_entry *ent = ct_map_sorted(e->a, v, &n);
    ct_buf_putc(e->out, '{');
    if (n == 0) {
      ct_buf_putc(e->out, '}');
      return 0;
    }
    e->depth++;
    for (size_t i = 0; i < n; i++) {
      if (i > 0) ct_buf_putc(e->out, ',');
      newline(e);
      json_string(e, ent[i].key.ptr, ent[i].key.len);
      ct_buf_putc(e->out, ':');
      if (e->indent) ct_buf_putc(e->out, ' ');
      if (encode(e, ent[i].value) < 0) return -1;
    }
    e->depth--;
    newline(e);
    ct_buf_putc(e->out, '}');
    return 0;
  }
  case CT_OBJECT: ct_buf_puts(e->out, "{}"); return 0;
  }
  return 0;
}

int ct_json_emit(ct_buf *out, const ct_value *v, const char *indent, bool escape_html,
                 ct_buf *err) {
  ct_arena *a = ct_arena_new();
  size_t start = out->len;
  jenc e = {out, indent, escape_html, a, err, 0, v, false};
  int rc = encode(&e, v);
  if (rc < 0) ct_buf_truncate(out, start);
  ct_arena_free(a);
  return rc;
}
