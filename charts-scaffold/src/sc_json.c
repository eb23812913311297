/* sc_json.c — JSON for module.json/package.json/package.lock: jansson in, and the exact text
 * Python's json.dumps(indent=4) writes out (sextant's files). */
#include <jansson.h>
#include <string.h>

#include "sc_int.h"

static ct_value *convert(ct_arena *a, json_t *j) {
  switch (json_typeof(j)) {
  case JSON_OBJECT: {
    ct_value *m = ct_map_new(a, CT_MAP, json_object_size(j));
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v) ct_map_setc(a, m, k, convert(a, v));
    return m;
  }
  case JSON_ARRAY: {
    ct_value *l = ct_list_new(a, CT_LIST, json_array_size(j));
    size_t i;
    json_t *v;
    json_array_foreach(j, i, v) ct_list_push(a, l, convert(a, v));
    return l;
  }
  case JSON_STRING: return ct_string(a, json_string_value(j), json_string_length(j));
  case JSON_INTEGER: return ct_float(a, (double)json_integer_value(j));
  case JSON_REAL: return ct_float(a, json_real_value(j));
  case JSON_TRUE: return ct_bool(a, true);
  case JSON_FALSE: return ct_bool(a, false);
  default: return NULL;
  }
}

int ct_scaffold__json_load_file(ct_value **out, ct_arena *a, const char *path) {
  char *src;
  size_t n;
  int rc = ct_scaffold__read_file(&src, &n, a, path);
  if (rc) return rc;
  json_error_t err;
  json_t *j = json_loadb(src, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
  if (!j) return ct_error_set(CT_EINVAL, "%s: line %d: %s", path, err.line, err.text);
  /* jansson keeps object keys in file order */
  *out = convert(a, j);
  json_decref(j);
  return CT_OK;
}

/* Decodes one UTF-8 sequence at S (len N); returns its length, *CP the code point, or 0 when
 * invalid (the byte is then written as U+FFFD like Python's surrogateescape would not: we
 * refuse such input earlier, this is a fallback). */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp) {
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  size_t len = (s[0] & 0xE0) == 0xC0   ? 2
               : (s[0] & 0xF0) == 0xE0 ? 3
               : (s[0] & 0xF8) == 0xF0 ? 4
                                       : 0;
  if (len == 0 || len > n) return 0;
  unsigned c = s[0] & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  *cp = c;
  return len;
}

void ct_scaffold__json_pystr(ct_buf *out, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  ct_buf_putc(out, '"');
  for (size_t i = 0; i < n;) {
    unsigned c = p[i];
    if (c == '"')
      ct_buf_puts(out, "\\\"");
    else if (c == '\\')
      ct_buf_puts(out, "\\\\");
    else if (c == '\n')
      ct_buf_puts(out, "\\n");
    else if (c == '\r')
      ct_buf_puts(out, "\\r");
    else if (c == '\t')
      ct_buf_puts(out, "\\t");
    else if (c == '\b')
      ct_buf_puts(out, "\\b");
    else if (c == '\f')
      ct_buf_puts(out, "\\f");
    else if (c < 0x20 || c == 0x7F)
      ct_buf_printf(out, "\\u%04x", c);
    if (c < 0x80) {
      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) ct_buf_putc(out, (char)c);
      i++;
      continue;
    }
    unsigned cp;
    size_t len = utf8_decode(p + i, n - i, &cp);
    if (len == 0) {
      cp = 0xFFFD;
      len = 1;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      ct_buf_printf(out, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
      ct_buf_printf(out, "\\u%04x", cp);
    }
    i += len;
  }
  ct_buf_putc(out, '"');
}
