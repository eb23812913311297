/* codec_util.c — small pieces the codecs share: base64 as Go's StdEncoding, UTF-8 checks and
 * encoding/json's replacement of invalid bytes, and the value encoding/json sees for a ct_value. */
#include <math.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "codec/codec_int.h"

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void ct_codec__base64_encode(ct_buf *out, const unsigned char *s, size_t n) {
  ct_buf_reserve(out, (n + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
    char q[4] = {b64chars[v >> 18], b64chars[(v >> 12) & 63], b64chars[(v >> 6) & 63],
                 b64chars[v & 63]};
    ct_buf_put(out, q, 4);
  }
  if (i < n) {
    unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
    char q[4] = {b64chars[v >> 18], b64chars[(v >> 12) & 63],
                 i + 1 < n ? b64chars[(v >> 6) & 63] : '=', '='};
    ct_buf_put(out, q, 4);
  }
}

static int b64val(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int ct_codec__base64_decode(ct_buf *out, const char *s, size_t n) {
  int q[4];
  int nq = 0, pad = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\r' || c == '\n') continue;
    if (pad) {
      if (c == '=' && nq + pad < 4) {
        pad++;
        continue;
      }
      return -1;
    }
    if (c == '=') {
      if (nq < 2) return -1;
      pad = 1;
      continue;
    }
    int v = b64val(c);
    if (v < 0) return -1;
    q[nq++] = v;
    if (nq == 4) {
      unsigned w = (unsigned)q[0] << 18 | (unsigned)q[1] << 12 | (unsigned)q[2] << 6 | (unsigned)q[3];
      char b[3] = {(char)(w >> 16), (char)(w >> 8), (char)w};
      ct_buf_put(out, b, 3);
      nq = 0;
    }
  }
  if (pad) {
    if (nq + pad != 4) return -1;
  } else if (nq != 0) {
    return -1;
  }
  if (nq == 2) {
    unsigned w = (unsigned)q[0] << 18 | (unsigned)q[1] << 12;
    ct_buf_putc(out, (char)(w >> 16));
  } else if (nq == 3) {
    unsigned w = (unsigned)q[0] << 18 | (unsigned)q[1] << 12 | (unsigned)q[2] << 6;
    char b[2] = {(char)(w >> 16), (char)(w >> 8)};
    ct_buf_put(out, b, 2);
  }
  if (!out->ptr) ct_buf_put(out, "", 0);
  return 0;
}

bool ct_codec__utf8_valid(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t r;
    int w = ct_gofmt_utf8_decode(s + i, n - i, &r);
    if (w == 1) return false;
    i += (size_t)w;
  }
  return true;
}

void ct_codec__utf8_sanitize(ct_buf *out, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    if ((unsigned char)s[i] < 0x80) {
      ct_buf_putc(out, s[i++]);
      continue;
    }
    uint32_t r;
    int w = ct_gofmt_utf8_decode(s + i, n - i, &r);
    if (w == 1) ct_buf_puts(out, "\xEF\xBF\xBD");
    else ct_buf_put(out, s + i, (size_t)w);
    i += (size_t)w;
  }
}

const ct_value *ct_codec__json_view(const ct_value *v, ct_arena *a) {
  while (v && v->type == CT_OBJECT) {
    if (!v->obj.cls->marshal) return ct_map_new(a, CT_MAP, 0);
    const ct_value *m = v->obj.cls->marshal(v, a);
    if (m == v) break;
    v = m;
  }
  if (v && v->is_nil) return NULL; /* Go's nil slice or map marshals as null */
  return v;
}

static int json_check(const ct_value *v, ct_arena *a, ct_buf *err, int depth, const ct_value *top);

int ct_codec__json_check(const ct_value *v, ct_arena *a, ct_buf *err) {
  return json_check(v, a, err, 0, v);
}

/* Go's encoder looks for a cycle once it is 1000 pointers deep; here once CT_VALUE_DEEP levels
 * deep: the same error for a value that reaches itself. */
static int json_check(const ct_value *v, ct_arena *a, ct_buf *err, int depth, const ct_value *top) {
  if (ct_value_stack_low(depth)) { /* the executor fails the call (value.h) */
    ct_value_note_too_deep();
    ct_buf_puts(err, "json: value nested too deeply for the stack");
    return -1;
  }
  if (depth == CT_VALUE_DEEP && ct_value_cyclic(top)) {
    ct_buf_printf(err, "json: unsupported value: encountered a cycle via %s", ct_type_name(v));
    return -1;
  }
  v = ct_codec__json_view(v, a);
  if (!v) return 0;
  switch (v->type) {
  case CT_FLOAT64:
    if (isnan(v->f) || isinf(v->f)) {
      ct_buf_puts(err, "json: unsupported value: ");
      ct_gofmt_float(err, v->f, 'g', -1);
      return -1;
    }
    return 0;
  case CT_LIST:
  case CT_STRLIST:
    for (size_t i = 0; i < v->list->len; i++)
      if (json_check(v->list->items[i], a, err, depth + 1, top) < 0) return -1;
    return 0;
  case CT_MAP:
  case CT_STRMAP: {
    size_t n;
    const ct_map_entry *e = ct_map_sorted(a, v, &n);
    for (size_t i = 0; i < n; i++)
      if (json_check(e[i].value, a, err, depth + 1, top) < 0) return -1;
    return 0;
  }
  default: return 0;
  }
}

bool ct_codec__yaml_indicator(unsigned char c) {
  static const char set[] = ",[]{}#&*!|>'\"%@`";
  return c && memchr(set, c, sizeof set - 1) != NULL;
}
