/* funcs.c — Go's text/template builtins (funcs.go): call, html, index, slice, js, len, not,
 * print/printf/println, urlquery, eq/ne/lt/le/gt/ge, and the html/js/url escapers. */
#include <inttypes.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "tpl/exec_int.h"

static ct_value b_true = {.type = CT_BOOL, .b = true};
static ct_value b_false = {.type = CT_BOOL, .b = false};

static ct_value *boolv(bool b) { return b ? &b_true : &b_false; }

/* ---------------- escapers ---------------- */

void ct_tpl__html_escape(ct_buf *out, const char *s, size_t n) {
  size_t last = 0;
  for (size_t i = 0; i < n; i++) {
    const char *rep;
    switch (s[i]) {
    case 0: rep = "\xEF\xBF\xBD"; break;
    case '"': rep = "&#34;"; break;
    case '\'': rep = "&#39;"; break;
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    default: continue;
    }
    ct_buf_put(out, s + last, i - last);
    ct_buf_puts(out, rep);
    last = i + 1;
  }
  ct_buf_put(out, s + last, n - last);
}

/* unicode.IsPrint for non-ASCII runes (C1 controls, non-ASCII spaces, line/paragraph
 * separators, format characters and noncharacters are not printable). */
static bool is_print_rune(int r) {
  if (r < 0xA0) return false;
  if (r == 0xA0 || r == 0xAD || r == 0x1680 || (r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
      (r >= 0x205F && r <= 0x206F) || r == 0x3000 || r == 0xFEFF || (r >= 0xFFF9 && r <= 0xFFFB) ||
      r == 0xFFFE || r == 0xFFFF || (r >= 0xE000 && r <= 0xF8FF) || r >= 0xF0000 || r == 0x061C ||
      r == 0x180E || (r >= 0xD800 && r <= 0xDFFF))
    return false;
  return true;
}

void ct_tpl__js_escape(ct_buf *out, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  size_t last = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    bool special = c == '\\' || c == '\'' || c == '"' || c == '<' || c == '>' || c == '&' || c == '=' ||
                   c < ' ' || c >= 0x80;
    if (!special) continue;
    ct_buf_put(out, s + last, i - last);
    if (c < 0x80) {
      switch (c) {
      case '\\': ct_buf_puts(out, "\\\\"); break;
      case '\'': ct_buf_puts(out, "\\'"); break;
      case '"': ct_buf_puts(out, "\\\""); break;
      case '<': ct_buf_puts(out, "\\u003C"); break;
      case '>': ct_buf_puts(out, "\\u003E"); break;
      case '&': ct_buf_puts(out, "\\u0026"); break;
      case '=': ct_buf_puts(out, "\\u003D"); break;
      default:
        ct_buf_puts(out, "\\u00");
        ct_buf_putc(out, hex[c >> 4]);
        ct_buf_putc(out, hex[c & 0xF]);
      }
    } else {
      uint32_t ur;
      int w = ct_gofmt_utf8_decode(s + i, n - i, &ur);
      int r = (int)ur;
      if (is_print_rune(r))
        ct_buf_put(out, s + i, (size_t)w);
      else
        ct_buf_printf(out, "\\u%04X", (unsigned)r);
      i += (size_t)w - 1;
    }
    last = i + 1;
  }
  ct_buf_put(out, s + last, n - last);
}

void ct_tpl__url_query_escape(ct_buf *out, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      ct_buf_putc(out, (char)c);
    } else if (c == ' ') {
      ct_buf_putc(out, '+');
    } else {
      ct_buf_putc(out, '%');
      ct_buf_putc(out, hex[c >> 4]);
      ct_buf_putc(out, hex[c & 0xF]);
    }
  }
}

/* evalArgs: one string argument as is, else fmt.Sprint with nils as "<no value>" */
static void eval_args(ct_buf *b, ct_arena *a, ct_value *const *args, size_t n) {
  if (n == 1 && args[0] && args[0]->type == CT_STRING) {
    ct_buf_put(b, args[0]->s.ptr, args[0]->s.len);
    return;
  }
  static ct_value noval = {.type = CT_STRING, .s = {"<no value>", 10}};
  ct_value **tmp = ct_arena_alloc(a, (n ? n : 1) * sizeof *tmp);
  for (size_t i = 0; i < n; i++) tmp[i] = args[i] ? args[i] : &noval;
  ct_gofmt_sprint(b, tmp, n);
}

/* ---------------- comparison ---------------- */

typedef enum { K_INVALID, K_BOOL, K_INT, K_FLOAT, K_STRING, K_UINT } bkind;

static bkind basic_kind(const ct_value *v) {
  if (!v) return K_INVALID;
  switch (v->type) {
  case CT_BOOL: return K_BOOL;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: return K_INT;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: return K_UINT;
  case CT_FLOAT64: return K_FLOAT;
  case CT_STRING: return K_STRING;
  default: return K_INVALID;
  }
}

static int str_cmp(const ct_value *a, const ct_value *b) {
  size_t n = a->s.len < b->s.len ? a->s.len : b->s.len;
  int c = memcmp(a->s.ptr, b->s.ptr, n);
  if (c) return c;
  return a->s.len < b->s.len ? -1 : a->s.len > b->s.len ? 1 : 0;
}

static bool comparable_type(const ct_value *v) {
  return !(v->type == CT_LIST || v->type == CT_STRLIST || v->type == CT_MAP || v->type == CT_STRMAP ||
           v->type == CT_BYTES);
}

static int eq(ct_call *c, bool *out, ct_value *const *args, size_t n) {
  const ct_value *a1 = args[0];
  if (n < 2) return ct_call_errorf(c, "missing argument for comparison");
  bkind k1 = basic_kind(a1);
  for (size_t i = 1; i < n; i++) {
    const ct_value *a = args[i];
    bkind k2 = basic_kind(a);
    bool truth = false;
    if (k1 != k2) {
      if (k1 == K_INT && k2 == K_UINT)
        truth = a1->i >= 0 && (uint64_t)a1->i == a->u;
      else if (k1 == K_UINT && k2 == K_INT)
        truth = a->i >= 0 && a1->u == (uint64_t)a->i;
      else if (a1 && a)
        return ct_call_errorf(c, "incompatible types for comparison");
    } else {
      switch (k1) {
      case K_BOOL: truth = a1->b == a->b; break;
      case K_FLOAT: truth = a1->f == a->f; break;
      case K_INT: truth = a1->i == a->i; break;
      case K_STRING: truth = str_cmp(a1, a) == 0; break;
      case K_UINT: truth = a1->u == a->u; break;
      case K_INVALID: {
        bool can = !a1 || !a || strcmp(ct_kind_name(a1), ct_kind_name(a)) == 0;
        if (!can) {
          ct_arena *ar = ct_call_arena(c);
          ct_value *fa[4] = {(ct_value *)a1, ct_cstring(ar, ct_type_name(a1)), ct_cstring(ar, ct_type_name(a)),
                             (ct_value *)a};
          ct_buf b = CT_BUF_INIT;
          static const char f[] = "non-comparable types %s: %v, %s: %v";
          ct_gofmt_sprintf(&b, f, sizeof f - 1, fa, 4);
          int rc = ct_call_errorf(c, "%s", ct_buf_str(&b));
          ct_buf_dispose(&b);
          return rc;
        }
        if (!a1 || !a) {
          truth = !a1 && !a;
        } else {
          if (!comparable_type(a)) {
            ct_buf b = CT_BUF_INIT;
            ct_value *sa[1] = {(ct_value *)a};
            ct_gofmt_sprintf(&b, "%s", 2, sa, 1);
            int rc = ct_call_errorf(c, "non-comparable type %s: %s", ct_buf_str(&b), ct_type_name(a));
            ct_buf_dispose(&b);
            return rc;
          }
          truth = ct_value_deep_equal(a1, a);
        }
        break;
      }
      }
    }
    if (truth) {
      *out = true;
      return 0;
    }
  }
  *out = false;
  return 0;
}

static int lt(ct_call *c, bool *out, const ct_value *a1, const ct_value *a2) {
  bkind k1 = basic_kind(a1), k2 = basic_kind(a2);
  if (k1 == K_INVALID || k2 == K_INVALID) return ct_call_errorf(c, "invalid type for comparison");
  bool truth = false;
  if (k1 != k2) {
    if (k1 == K_INT && k2 == K_UINT)
      truth = a1->i < 0 || (uint64_t)a1->i < a2->u;
    else if (k1 == K_UINT && k2 == K_INT)
      truth = a2->i >= 0 && a1->u < (uint64_t)a2->i;
    else
      return ct_call_errorf(c, "incompatible types for comparison");
  } else {
    switch (k1) {
    case K_BOOL: return ct_call_errorf(c, "invalid type for comparison");
    case K_FLOAT: truth = a1->f < a2->f; break;
    case K_INT: truth = a1->i < a2->i; break;
    case K_STRING: truth = str_cmp(a1, a2) < 0; break;
    case K_UINT: truth = a1->u < a2->u; break;
    default: break;
    }
  }
  *out = truth;
  return 0;
}

static int le(ct_call *c, bool *out, ct_value *const *args) {
  if (lt(c, out, args[0], args[1]) != 0) return -1;
  if (*out) return 0;
  return eq(c, out, args, 2);
}

/* ---------------- index / slice / len ---------------- */

static int index_arg(ct_call *c, const ct_value *idx, size_t cap, int64_t *out) {
  int64_t x;
  if (!idx) return ct_call_errorf(c, "cannot index slice/array with nil");
  if (ct_is_int(idx))
    x = idx->i;
  else if (ct_is_uint(idx))
    x = (int64_t)idx->u;
  else
    return ct_call_errorf(c, "cannot index slice/array with type %s", ct_type_name(idx));
  if (x < 0 || (uint64_t)x > cap) return ct_call_errorf(c, "index out of range: %" PRId64, x);
  *out = x;
  return 0;
}

static int b_index(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  ct_arena *a = ct_call_arena(c);
  ct_value *item = ct_tpl__as_container(a, args[0]);
  if (!item) return ct_call_errorf(c, "index of untyped nil");
  for (size_t k = 1; k < n; k++) {
    const ct_value *idx = args[k];
    if (!item) return ct_call_errorf(c, "index of nil pointer");
    item = ct_tpl__as_container(a, item);
    switch (item->type) {
    case CT_LIST:
    case CT_STRLIST:
    case CT_BYTES:
    case CT_STRING: {
      size_t len = (item->type == CT_LIST || item->type == CT_STRLIST) ? item->list->len : item->s.len;
      int64_t x = 0;
      if (index_arg(c, idx, len, &x) != 0) return -1;
      if ((size_t)x == len)
        return ct_call_errorf(c, "reflect: %s index out of range", item->type == CT_STRING ? "string" : "slice");
      if (item->type == CT_LIST || item->type == CT_STRLIST)
        item = item->list->items[x];
      else
        item = ct_uint(a, CT_UINT8, (unsigned char)item->s.ptr[x]);
      break;
    }
    case CT_MAP:
    case CT_STRMAP: {
      if (!idx) return ct_call_errorf(c, "value is nil; should be of type string");
      if (idx->type != CT_STRING)
        return ct_call_errorf(c, "value has type %s; should be string", ct_type_name(idx));
      ct_value *v = NULL;
      if (ct_map_get(item, idx->s.ptr, idx->s.len, &v))
        item = v;
      else
        item = item->type == CT_STRMAP ? ct_string(a, "", 0) : NULL;
      break;
    }
    default: return ct_call_errorf(c, "can't index item of type %s", ct_type_name(item));
    }
  }
  *out = item;
  return 0;
}

static int b_slice(ct_call *c, ct_value **out, ct_value *const *args, size_t n) {
  ct_arena *a = ct_call_arena(c);
  ct_value *item = ct_tpl__as_container(a, args[0]);
  size_t nidx = n - 1;
  if (!item) return ct_call_errorf(c, "slice of untyped nil");
  if (nidx > 3) return ct_call_errorf(c, "too many slice indexes: %zu", nidx);
  size_t len;
  switch (item->type) {
  case CT_STRING:
    if (nidx == 3) return ct_call_errorf(c, "cannot 3-index slice a string");
    len = item->s.len;
    break;
  case CT_BYTES: len = item->s.len; break;
  case CT_LIST:
  case CT_STRLIST: len = item->list->len; break;
  default: return ct_call_errorf(c, "can't slice item of type %s", ct_type_name(item));
  }
  int64_t idx[3] = {0, (int64_t)len, 0};
  for (size_t i = 0; i < nidx; i++)
    if (index_arg(c, args[1 + i], len, &idx[i]) != 0) return -1;
  if (idx[0] > idx[1]) return ct_call_errorf(c, "invalid slice index: %" PRId64 " > %" PRId64, idx[0], idx[1]);
  if (nidx == 3 && idx[1] > idx[2])
    return ct_call_errorf(c, "invalid slice index: %" PRId64 " > %" PRId64, idx[1], idx[2]);
  size_t i0 = (size_t)idx[0], i1 = (size_t)idx[1];
  if (item->type == CT_STRING || item->type == CT_BYTES) {
    ct_value *r = ct_string(a, item->s.ptr + i0, i1 - i0);
    r->type = item->type;
    *out = r;
    return 0;
  }
  ct_value *r = ct_list_new(a, item->type, i1 - i0);
  for (size_t i = i0; i < i1; i++) ct_list_push(a, r, item->list->items[i]);
  *out = r;
  return 0;
}

static int b_len(ct_call *c, ct_value **out, ct_value *item) {
  item = ct_tpl__as_container(ct_call_arena(c), item);
  if (!item) return ct_call_errorf(c, "reflect: call of reflect.Value.Type on zero Value");
  int64_t n;
  switch (item->type) {
  case CT_STRING:
  case CT_BYTES: n = (int64_t)item->s.len; break;
  case CT_LIST:
  case CT_STRLIST: n = (int64_t)item->list->len; break;
  case CT_MAP:
  case CT_STRMAP: n = (int64_t)ct_map_len(item); break;
  default: return ct_call_errorf(c, "len of type %s", ct_type_name(item));
  }
  *out = ct_int(ct_call_arena(c), CT_INT, n);
  return 0;
}

static ct_value *buf_value(ct_arena *a, ct_buf *b) {
  ct_value *v = ct_string(a, b->ptr ? b->ptr : "", b->len);
  ct_buf_dispose(b);
  return v;
}

int ct_tpl__call_builtin(ct_call *c, ct_tpl__builtin id, const char *callee, ct_value **out, ct_value *const *args,
                    size_t n) {
  ct_arena *a = ct_call_arena(c);
  ct_buf b = CT_BUF_INIT;
  bool t = false;
  switch (id) {
  case B_CALL:
    if (!args[0]) return ct_call_errorf(c, "call of nil");
    return ct_call_errorf(c, "non-function %s of type %s", callee, ct_type_name(args[0]));
  case B_HTML:
    eval_args(&b, a, args, n);
    {
      ct_buf e = CT_BUF_INIT;
      ct_tpl__html_escape(&e, ct_buf_str(&b), b.len);
      ct_buf_dispose(&b);
      *out = buf_value(a, &e);
    }
    return 0;
  case B_JS:
    eval_args(&b, a, args, n);
    {
      ct_buf e = CT_BUF_INIT;
      ct_tpl__js_escape(&e, ct_buf_str(&b), b.len);
      ct_buf_dispose(&b);
      *out = buf_value(a, &e);
    }
    return 0;
  case B_URLQUERY:
    eval_args(&b, a, args, n);
    {
      ct_buf e = CT_BUF_INIT;
      ct_tpl__url_query_escape(&e, ct_buf_str(&b), b.len);
      ct_buf_dispose(&b);
      *out = buf_value(a, &e);
    }
    return 0;
  case B_INDEX: return b_index(c, out, args, n);
  case B_SLICE: return b_slice(c, out, args, n);
  case B_LEN: return b_len(c, out, args[0]);
  case B_NOT: *out = boolv(!ct_truth(args[0])); return 0;
  case B_PRINT:
    ct_gofmt_sprint(&b, args, n);
    *out = buf_value(a, &b);
    return 0;
  case B_PRINTLN:
    ct_gofmt_sprintln(&b, args, n);
    *out = buf_value(a, &b);
    return 0;
  case B_PRINTF:
    ct_gofmt_sprintf(&b, args[0] ? args[0]->s.ptr : "", args[0] ? args[0]->s.len : 0, args + 1, n - 1);
    *out = buf_value(a, &b);
    return 0;
  case B_EQ:
    if (eq(c, &t, args, n) != 0) return -1;
    *out = boolv(t);
    return 0;
  case B_NE:
    if (eq(c, &t, args, 2) != 0) return -1;
    *out = boolv(!t);
    return 0;
  case B_LT:
    if (lt(c, &t, args[0], args[1]) != 0) return -1;
    *out = boolv(t);
    return 0;
  case B_LE:
    if (le(c, &t, args) != 0) return -1;
    *out = boolv(t);
    return 0;
  case B_GT:
    if (le(c, &t, args) != 0) return -1;
    *out = boolv(!t);
    return 0;
  case B_GE:
    if (lt(c, &t, args[0], args[1]) != 0) return -1;
    *out = boolv(!t);
    return 0;
  default: return ct_call_errorf(c, "unknown builtin");
  }
}
