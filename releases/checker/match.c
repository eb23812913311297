/* match.c — comparing a response with an x-amples expectation: "/regex/" strings (PCRE2),
 * prefix/equality, JSON bodies as recursive subsets, status and headers. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chartctl/codec.h"
#include "chartctl/gofmt.h"
#include "checker/checker.h"

const char *ct_checker_status_name(ct_checker_status s) {
  switch (s) {
  case CT_CHECKER_OK: return "OK";
  case CT_CHECKER_WARNING: return "WARNING";
  case CT_CHECKER_CRITICAL: return "CRITICAL";
  default: return "UNKNOWN";
  }
}

void ct_checker_scalar_text(const ct_value *v, ct_buf *out) {
  if (!v) return;
  switch (v->type) {
  case CT_BOOL: ct_buf_puts(out, v->b ? "true" : "false"); break;
  case CT_STRING:
  case CT_BYTES: ct_buf_put(out, v->s.ptr, v->s.len); break;
  case CT_FLOAT64: ct_gofmt_float_json(out, v->f); break;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: ct_buf_printf(out, "%lld", (long long)v->i); break;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: ct_buf_printf(out, "%llu", (unsigned long long)v->u); break;
  default: {
    ct_buf err = CT_BUF_INIT;
    ct_json_emit(out, v, NULL, false, &err);
    ct_buf_dispose(&err);
  }
  }
}

static bool regex_search(const char *re, size_t re_len, const char *got, size_t got_len, ct_buf *why) {
  int ec;
  PCRE2_SIZE eoff;
  uint32_t flags = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, re_len, flags, &ec, &eoff, NULL);
  if (!code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(ec, msg, sizeof msg);
    if (why) ct_buf_printf(why, "bad regex /%.*s/: %s at offset %zu", (int)re_len, re, (const char *)msg, (size_t)eoff);
    return false;
  }
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
  int rc = pcre2_match(code, (PCRE2_SPTR)got, got_len, 0, 0, md, NULL);
  pcre2_match_data_free(md);
  pcre2_code_free(code);
  return rc >= 0;
}

bool ct_checker_match_text(const char *want, const char *got, size_t got_len, ct_buf *why) {
  size_t wl = strlen(want);
  if (wl >= 1 && want[0] == '/' && want[wl - 1] == '/') {
    /* as Python's str.strip('/'): every slash at either end goes */
    const char *s = want, *e = want + wl;
    while (s < e && *s == '/') s++;
    while (e > s && e[-1] == '/') e--;
    return regex_search(s, (size_t)(e - s), got ? got : "", got ? got_len : 0, why);
  }
  if (!got) got = "", got_len = 0;
  return got_len >= wl && !memcmp(got, want, wl); /* equal, or starts with */
}

/* At most 200 bytes of S for a message, control characters escaped (one-line reports). */
static void short_text(ct_buf *out, const char *s, size_t n) {
  const size_t max = 200;
  for (size_t i = 0; i < n && i < max; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') ct_buf_puts(out, "\\n");
    else if (c == '\r') ct_buf_puts(out, "\\r");
    else if (c == '\t') ct_buf_puts(out, "\\t");
    else if (c < 0x20 || c == 0x7f) ct_buf_printf(out, "\\x%02x", c);
    else ct_buf_putc(out, (char)c);
  }
  if (n > max) ct_buf_printf(out, "... (%zu bytes)", n);
}

static const char *kind(const ct_value *v) {
  if (!v) return "null";
  if (ct_is_map(v)) return "object";
  if (ct_is_list(v)) return "array";
  if (v->type == CT_STRING) return "string";
  if (v->type == CT_BOOL) return "boolean";
  return "number";
}

/* Starts a mismatch line: "at /a/b[2]: " (the caller writes the rest). */
static void at(ct_buf *why, const char *path) {
  if (why->len) ct_buf_puts(why, "; ");
  ct_buf_printf(why, "at %s: ", *path ? path : "/");
}

static bool match_at(const ct_value *model, const ct_value *data, ct_buf *path, ct_buf *why) {
  if (!model) return true; /* a null model says nothing about the value */
  bool ok = true;
  if (ct_is_map(model)) {
    if (data && !ct_is_map(data)) {
      at(why, ct_buf_str(path)), ct_buf_printf(why, "expected an object, got %s", kind(data));
      return false;
    }
    size_t n;
    const ct_map_entry *es = ct_map_entries(model, &n);
    ct_buf missing = CT_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
      ct_value *d = NULL;
      if (!data || !ct_map_get(data, es[i].key.ptr, es[i].key.len, &d)) {
        ct_buf_printf(&missing, "%s%s", missing.len ? ", " : "", es[i].key.ptr);
        continue;
      }
      size_t mark = path->len;
      ct_buf_putc(path, '/');
      ct_buf_put(path, es[i].key.ptr, es[i].key.len);
      ok &= match_at(es[i].value, d, path, why);
      ct_buf_truncate(path, mark);
    }
    if (missing.len) {
      at(why, ct_buf_str(path)), ct_buf_printf(why, "missing keys: %s", ct_buf_str(&missing));
      ok = false;
    }
    ct_buf_dispose(&missing);
    return ok;
  }
  if (ct_is_list(model)) {
    if (data && !ct_is_list(data)) {
      at(why, ct_buf_str(path)), ct_buf_printf(why, "expected an array, got %s", kind(data));
      return false;
    }
    size_t ml = model->list->len, dl = data ? data->list->len : 0;
    if (!(ml == 1 && dl > 1) && ml != dl) {
      at(why, ct_buf_str(path)), ct_buf_printf(why, "expected %zu array elements, got %zu", ml, dl);
      return false;
    }
    for (size_t i = 0; i < dl; i++) {
      size_t mark = path->len;
      ct_buf_printf(path, "[%zu]", i);
      ok &= match_at(model->list->items[ml == 1 ? 0 : i], data->list->items[i], path, why);
      ct_buf_truncate(path, mark);
    }
    return ok;
  }
  /* scalars compare as text; a missing/null value is the empty text */
  ct_buf want = CT_BUF_INIT, got = CT_BUF_INIT, err = CT_BUF_INIT;
  ct_checker_scalar_text(model, &want);
  if (data && (ct_is_map(data) || ct_is_list(data))) {
    ct_buf_reset(&err);
    ct_json_emit(&got, data, NULL, false, &err);
  } else if (data) {
    ct_checker_scalar_text(data, &got);
  } else if (model->type != CT_STRING && model->type != CT_BOOL) {
    ct_buf_puts(&got, "0"); /* a missing number reads as 0, anything else as "" */
  }
  ct_buf rerr = CT_BUF_INIT;
  if (!ct_checker_match_text(ct_buf_str(&want), ct_buf_str(&got), got.len, &rerr)) {
    ct_buf shown = CT_BUF_INIT;
    short_text(&shown, ct_buf_str(&got), got.len);
    if (rerr.len) at(why, ct_buf_str(path)), ct_buf_puts(why, ct_buf_str(&rerr));
    else at(why, ct_buf_str(path)), ct_buf_printf(why, "got \"%s\", want \"%s\"", ct_buf_str(&shown), ct_buf_str(&want));
    ct_buf_dispose(&shown);
    ok = false;
  }
  ct_buf_dispose(&rerr);
  ct_buf_dispose(&want);
  ct_buf_dispose(&got);
  ct_buf_dispose(&err);
  return ok;
}

ct_checker_status ct_checker_match_body(const ct_value *model, const ct_value *data, ct_buf *why) {
  ct_buf path = CT_BUF_INIT;
  bool ok = match_at(model, data, &path, why);
  ct_buf_dispose(&path);
  return ok ? CT_CHECKER_OK : CT_CHECKER_WARNING;
}

bool ct_checker_header(const char *headers, const char *name, ct_buf *out) {
  size_t nl = strlen(name);
  bool found = false;
  const char *p = headers ? headers : "";
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    if (len > nl && p[nl] == ':' && !strncasecmp(p, name, nl)) {
      const char *v = p + nl + 1, *e = p + len;
      while (v < e && (*v == ' ' || *v == '\t')) v++;
      while (e > v && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t')) e--;
      if (found) ct_buf_puts(out, ", ");
      ct_buf_put(out, v, (size_t)(e - v));
      found = true;
    }
    p += len + (eol ? 1 : 0);
  }
  return found;
}

static long expected_status(const ct_value *expect) {
  ct_value *s = ct_map_getc(expect, "status");
  if (!s) return 200;
  if (s->type == CT_FLOAT64) return (long)s->f;
  if (ct_is_int(s)) return (long)s->i;
  if (s->type == CT_STRING) return strtol(s->s.ptr, NULL, 10);
  return 200;
}

ct_checker_status ct_checker_check_response(const ct_value *expect, const ct_checker_response *r, ct_buf *why) {
  long want = expected_status(expect);
  if (r->status != want) {
    ct_buf_printf(why, "returned the unexpected status %ld (expecting: %ld)", r->status, want);
    return CT_CHECKER_CRITICAL;
  }
  ct_value *hs = ct_map_getc(expect, "headers");
  if (ct_is_map(hs)) {
    size_t n;
    const ct_map_entry *es = ct_map_entries(hs, &n);
    for (size_t i = 0; i < n; i++) {
      ct_buf got = CT_BUF_INIT, want_s = CT_BUF_INIT, rerr = CT_BUF_INIT;
      bool present = ct_checker_header(r->headers, es[i].key.ptr, &got);
      ct_checker_scalar_text(es[i].value, &want_s);
      bool ok = present && ct_checker_match_text(ct_buf_str(&want_s), ct_buf_str(&got), got.len, &rerr);
      if (!ok) {
        if (!present) ct_buf_printf(why, "missing header %s (want \"%s\")", es[i].key.ptr, ct_buf_str(&want_s));
        else if (rerr.len) ct_buf_printf(why, "header %s: %s", es[i].key.ptr, ct_buf_str(&rerr));
        else ct_buf_printf(why, "unexpected value for header %s: \"%s\" (want \"%s\")", es[i].key.ptr, ct_buf_str(&got), ct_buf_str(&want_s));
      }
      ct_buf_dispose(&got);
      ct_buf_dispose(&want_s);
      ct_buf_dispose(&rerr);
      if (!ok) return CT_CHECKER_CRITICAL;
    }
  }
  ct_value *body = NULL;
  if (!ct_map_get(expect, "body", 4, &body) || !body) return CT_CHECKER_OK;
  if (ct_is_map(body) || ct_is_list(body)) {
    ct_arena *a = ct_arena_new();
    ct_value *data = NULL;
    ct_buf err = CT_BUF_INIT;
    ct_checker_status st;
    if (ct_json_parse(&data, a, r->body ? r->body : "", r->body_len, &err)) {
      ct_buf shown = CT_BUF_INIT;
      short_text(&shown, r->body ? r->body : "", r->body_len);
      ct_buf_printf(why, "responds with a malformed JSON body (%s): %s", ct_buf_str(&err), ct_buf_str(&shown));
      ct_buf_dispose(&shown);
      st = CT_CHECKER_CRITICAL;
    } else {
      ct_buf m = CT_BUF_INIT;
      st = ct_checker_match_body(body, data, &m);
      if (st != CT_CHECKER_OK) ct_buf_printf(why, "responds with an unexpected body: %s", ct_buf_str(&m));
      ct_buf_dispose(&m);
    }
    ct_buf_dispose(&err);
    ct_arena_free(a);
    return st;
  }
  ct_buf want_s = CT_BUF_INIT, rerr = CT_BUF_INIT;
  ct_checker_scalar_text(body, &want_s);
  ct_checker_status st = CT_CHECKER_OK;
  if (!ct_checker_match_text(ct_buf_str(&want_s), r->body ? r->body : "", r->body_len, &rerr)) {
    ct_buf shown = CT_BUF_INIT;
    short_text(&shown, r->body ? r->body : "", r->body_len);
    if (rerr.len) ct_buf_printf(why, "body: %s", ct_buf_str(&rerr));
    else ct_buf_printf(why, "responds with an unexpected body: \"%s\" (want \"%s\")", ct_buf_str(&shown), ct_buf_str(&want_s));
    ct_buf_dispose(&shown);
    st = CT_CHECKER_WARNING;
  }
  ct_buf_dispose(&want_s);
  ct_buf_dispose(&rerr);
  return st;
}
