/* schema.c — values.schema.json validation as Helm 3.17 does it through xeipuuv/gojsonschema
 * (draft-04/06/07 keywords, local $ref), with gojsonschema's messages, order and "(root)". */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <arpa/inet.h>
#include <math.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/gomath.h"
#include "chart/chart_int.h"
#include "chartctl/codec.h"
#include "chartctl/values.h"

typedef struct verr {
  char *field; /* context with "(root)." trimmed */
  char *desc;
} verr;

typedef struct result {
  verr *v;
  size_t len, cap;
  long score;
} result;

typedef struct vctx {
  ct_arena *a;
  const ct_value *root; /* schema document */
  int depth;
  bool bad;   /* schema problem (message set) */
} vctx;

static void add_err(vctx *x, result *r, const char *ctx, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add_err(vctx *x, result *r, const char *ctx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *d = ct_arena_vsprintf(x->a, fmt, ap);
  va_end(ap);
  if (r->len == r->cap) {
    size_t nc = r->cap ? r->cap * 2 : 8;
    r->v = ct_arena_realloc(x->a, r->v, r->cap * sizeof *r->v, nc * sizeof *r->v);
    r->cap = nc;
  }
  const char *f = ctx;
  if (!strncmp(f, "(root).", 7)) f += 7;
  r->v[r->len].field = ct_arena_strdup(x->a, f);
  r->v[r->len].desc = d;
  r->len++;
}

static void merge(vctx *x, result *dst, const result *src) {
  for (size_t i = 0; i < src->len; i++) {
    if (dst->len == dst->cap) {
      size_t nc = dst->cap ? dst->cap * 2 : 8;
      dst->v = ct_arena_realloc(x->a, dst->v, dst->cap * sizeof *dst->v, nc * sizeof *dst->v);
      dst->cap = nc;
    }
    dst->v[dst->len++] = src->v[i];
  }
  dst->score += src->score;
}

static const char *field_of(const char *ctx) { return !strncmp(ctx, "(root).", 7) ? ctx + 7 : ctx; }

/* ---- value helpers ---- */

static bool is_num(const ct_value *v) {
  return v && (ct_is_int(v) || ct_is_uint(v) || v->type == CT_FLOAT64);
}
static double num(const ct_value *v) {
  if (ct_is_int(v)) return (double)v->i;
  if (ct_is_uint(v)) return (double)v->u;
  return v->f;
}
static bool is_integral(const ct_value *v) {
  if (v->type != CT_FLOAT64) return true;
  return isfinite(v->f) && v->f == ct_go_floor(v->f);
}

/* equality as gojsonschema's marshalWithoutNumber comparison */
static bool json_equal(const ct_value *a, const ct_value *b) {
  if (!a || !b) return a == b;
  if (is_num(a) && is_num(b)) return num(a) == num(b);
  if (a->type == CT_BOOL && b->type == CT_BOOL) return a->b == b->b;
  bool sa = a->type == CT_STRING || a->type == CT_BYTES, sb = b->type == CT_STRING || b->type == CT_BYTES;
  if (sa && sb) return a->s.len == b->s.len && !memcmp(a->s.ptr, b->s.ptr, a->s.len);
  if (ct_is_list(a) && ct_is_list(b)) {
    if (a->list->len != b->list->len) return false;
    for (size_t i = 0; i < a->list->len; i++)
      if (!json_equal(a->list->items[i], b->list->items[i])) return false;
    return true;
  }
  if (ct_is_map(a) && ct_is_map(b)) {
    if (ct_map_len(a) != ct_map_len(b)) return false;
    size_t n;
    const ct_map_entry *e = ct_map_entries(a, &n);
    for (size_t i = 0; i < n; i++) {
      ct_value *o = NULL;
      if (!ct_map_get(b, e[i].key.ptr, e[i].key.len, &o)) return false;
      if (!json_equal(e[i].value, o)) return false;
    }
    return true;
  }
  return false;
}

static char *marshal(vctx *x, const ct_value *v) {
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  if (ct_json_emit(&out, v, NULL, true, &err) < 0) ct_buf_puts(&out, "null");
  char *s = ct_arena_strdup(x->a, ct_buf_str(&out));
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  return s;
}

/* big.Float.String(): %.10g */
static char *gnum(vctx *x, double d) {
  char *s = ct_arena_sprintf(x->a, "%.10g", d);
  return s;
}

/* ---- $ref ---- */

static const ct_value *resolve_ref(vctx *x, const char *ref) {
  if (ref[0] != '#') return NULL;
  const ct_value *cur = x->root;
  const char *p = ref + 1;
  if (!*p) return cur;
  if (*p != '/') return NULL;
  while (*p == '/') {
    p++;
    const char *e = strchr(p, '/');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    char *tok = ct_arena_alloc(x->a, l + 1);
    size_t w = 0;
    for (size_t i = 0; i < l; i++) {
      if (p[i] == '~' && i + 1 < l && p[i + 1] == '1') { tok[w++] = '/'; i++; }
      else if (p[i] == '~' && i + 1 < l && p[i + 1] == '0') { tok[w++] = '~'; i++; }
      else if (p[i] == '%' && i + 2 < l) {
        char h[3] = {p[i + 1], p[i + 2], 0};
        tok[w++] = (char)strtol(h, NULL, 16);
        i += 2;
      } else tok[w++] = p[i];
    }
    tok[w] = 0;
    if (ct_is_map(cur)) {
      ct_value *n = NULL;
      if (!ct_map_get(cur, tok, w, &n)) return NULL;
      cur = n;
    } else if (ct_is_list(cur)) {
      char *end;
      long idx = strtol(tok, &end, 10);
      if (*end || idx < 0 || (size_t)idx >= cur->list->len) return NULL;
      cur = cur->list->items[idx];
    } else {
      return NULL;
    }
    p += l;
  }
  return cur;
}

/* ---- formats ---- */

static bool re_match(vctx *x, const char *pat, const char *s, size_t n, bool *bad) {
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
  (void)x;
  if (!re) {
    if (bad) *bad = true;
    return false;
  }
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  int rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
  pcre2_match_data_free(md);
  pcre2_code_free(re);
  return rc >= 0;
}

static bool digits(const char *s, int n) {
  for (int i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

static bool is_date(const char *s) {
  if (strlen(s) < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
    return false;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  static const int md[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > md[m - 1]) return false;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
  return true;
}

static bool is_time(const char *s) {
  if (strlen(s) < 8 || !digits(s, 2) || s[2] != ':' || !digits(s + 3, 2) || s[5] != ':' || !digits(s + 6, 2))
    return false;
  if (atoi(s) > 23 || atoi(s + 3) > 59 || atoi(s + 6) > 60) return false;
  const char *p = s + 8;
  if (*p == '.') {
    p++;
    if (!(*p >= '0' && *p <= '9')) return false;
    while (*p >= '0' && *p <= '9') p++;
  }
  if (*p == 'Z' || *p == 'z') return p[1] == 0;
  if (*p == '+' || *p == '-') {
    if (!digits(p + 1, 2) || p[3] != ':' || !digits(p + 4, 2) || p[6]) return false;
    return atoi(p + 1) <= 23 && atoi(p + 4) <= 59;
  }
  return false;
}

static bool is_format(vctx *x, const char *fmt, const char *s, size_t n) {
  if (!strcmp(fmt, "ipv4")) {
    struct in_addr a;
    return inet_pton(AF_INET, s, &a) == 1;
  }
  if (!strcmp(fmt, "ipv6")) {
    struct in6_addr a;
    return strchr(s, ':') && inet_pton(AF_INET6, s, &a) == 1;
  }
  if (!strcmp(fmt, "date")) return strlen(s) == 10 && is_date(s);
  if (!strcmp(fmt, "time")) return is_time(s);
  if (!strcmp(fmt, "date-time")) return strlen(s) > 11 && is_date(s) && (s[10] == 'T' || s[10] == 't') && is_time(s + 11);
  if (!strcmp(fmt, "email") || !strcmp(fmt, "idn-email")) {
    const char *at = strrchr(s, '@');
    return at && at != s && at[1];
  }
  if (!strcmp(fmt, "hostname")) {
    if (n == 0 || n > 255) return false;
    return re_match(x, "^([a-zA-Z0-9]([a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])?\\.)*[a-zA-Z0-9]([a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])?\\.?$", s, n, NULL);
  }
  if (!strcmp(fmt, "uuid"))
    return re_match(x, "^(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", s, n, NULL);
  if (!strcmp(fmt, "uri") || !strcmp(fmt, "iri"))
    return re_match(x, "^[a-zA-Z][a-zA-Z0-9+.\\-]*:[^\\s]*$", s, n, NULL);
  if (!strcmp(fmt, "regex")) {
    bool bad = false;
    re_match(x, s, "", 0, &bad);
    return !bad;
  }
  if (!strcmp(fmt, "json-pointer")) return n == 0 || s[0] == '/';
  if (!strcmp(fmt, "relative-json-pointer")) return n > 0 && s[0] >= '0' && s[0] <= '9';
  return true; /* unknown formats pass */
}

/* ---- validation ---- */

static void validate(vctx *x, const ct_value *sch, const ct_value *node, result *r, const char *ctx);

static void sub_validate(vctx *x, const ct_value *sch, const ct_value *node, result *out, const char *ctx) {
  memset(out, 0, sizeof *out);
  validate(x, sch, node, out, ctx);
}

static const ct_value *kw(const ct_value *sch, const char *k) {
  ct_value *v = NULL;
  if (!ct_is_map(sch) || !ct_map_get(sch, k, strlen(k), &v)) return NULL;
  return v;
}

static bool has_kw(const ct_value *sch, const char *k) {
  ct_value *v = NULL;
  return ct_is_map(sch) && ct_map_get(sch, k, strlen(k), &v);
}

/* types: returns the display string ("" when untyped) and whether T is allowed */
static bool types_contain(const ct_value *t, const char *name) {
  if (!t) return true;
  if (t->type == CT_STRING) return !strcmp(t->s.ptr, name);
  if (ct_is_list(t)) {
    for (size_t i = 0; i < t->list->len; i++) {
      ct_value *it = t->list->items[i];
      if (it && it->type == CT_STRING && !strcmp(it->s.ptr, name)) return true;
    }
  }
  return false;
}

static char *types_string(vctx *x, const ct_value *t) {
  if (t->type == CT_STRING) return (char *)t->s.ptr;
  ct_buf b = CT_BUF_INIT;
  if (t->list->len == 1 && t->list->items[0] && t->list->items[0]->type == CT_STRING) {
    char *s = ct_arena_strdup(x->a, t->list->items[0]->s.ptr);
    return s;
  }
  ct_buf_putc(&b, '[');
  for (size_t i = 0; i < t->list->len; i++) {
    if (i) ct_buf_putc(&b, ',');
    if (t->list->items[i] && t->list->items[i]->type == CT_STRING) ct_buf_puts(&b, t->list->items[i]->s.ptr);
  }
  ct_buf_putc(&b, ']');
  char *s = ct_arena_strdup(x->a, ct_buf_str(&b));
  ct_buf_dispose(&b);
  return s;
}

static char *child_ctx(vctx *x, const char *ctx, const char *k) { return ct_arena_sprintf(x->a, "%s.%s", ctx, k); }

static void validate_schema_kw(vctx *x, const ct_value *sch, const ct_value *node, result *r, const char *ctx) {
  const ct_value *any = kw(sch, "anyOf");
  if (ct_is_list(any) && any->list->len) {
    bool ok = false;
    result best = {0};
    bool have_best = false;
    for (size_t i = 0; i < any->list->len && !ok; i++) {
      result sr;
      sub_validate(x, any->list->items[i], node, &sr, ctx);
      ok = sr.len == 0;
      if (!ok && (!have_best || sr.score > best.score)) { best = sr; have_best = true; }
    }
    if (!ok) {
      add_err(x, r, ctx, "Must validate at least one schema (anyOf)");
      if (have_best) merge(x, r, &best);
    }
  }
  const ct_value *one = kw(sch, "oneOf");
  if (ct_is_list(one) && one->list->len) {
    int nv = 0;
    result best = {0};
    bool have_best = false;
    for (size_t i = 0; i < one->list->len; i++) {
      result sr;
      sub_validate(x, one->list->items[i], node, &sr, ctx);
      if (sr.len == 0) nv++;
      else if (nv == 0 && (!have_best || sr.score > best.score)) { best = sr; have_best = true; }
    }
    if (nv != 1) {
      add_err(x, r, ctx, "Must validate one and only one schema (oneOf)");
      if (nv == 0 && have_best) merge(x, r, &best);
    }
  }
  const ct_value *all = kw(sch, "allOf");
  if (ct_is_list(all) && all->list->len) {
    size_t nv = 0;
    for (size_t i = 0; i < all->list->len; i++) {
      result sr;
      sub_validate(x, all->list->items[i], node, &sr, ctx);
      if (sr.len == 0) nv++;
      merge(x, r, &sr);
    }
    if (nv != all->list->len) add_err(x, r, ctx, "Must validate all the schemas (allOf)");
  }
  if (has_kw(sch, "not")) {
    result sr;
    sub_validate(x, kw(sch, "not"), node, &sr, ctx);
    if (sr.len == 0) add_err(x, r, ctx, "Must not validate the schema (not)");
  }
  const ct_value *deps = kw(sch, "dependencies");
  if (ct_is_map(deps) && ct_is_map(node)) {
    size_t n;
    const ct_map_entry *e = ct_map_sorted(x->a, node, &n);
    for (size_t i = 0; i < n; i++) {
      ct_value *d = NULL;
      if (!ct_map_get(deps, e[i].key.ptr, e[i].key.len, &d)) continue;
      if (ct_is_list(d)) {
        for (size_t j = 0; j < d->list->len; j++) {
          ct_value *k = d->list->items[j];
          if (!k || k->type != CT_STRING) continue;
          ct_value *tmp;
          if (!ct_map_get(node, k->s.ptr, k->s.len, &tmp)) add_err(x, r, ctx, "Has a dependency on %s", k->s.ptr);
        }
      } else {
        validate(x, d, node, r, ctx);
      }
    }
  }
  if (has_kw(sch, "if")) {
    result ri;
    sub_validate(x, kw(sch, "if"), node, &ri, ctx);
    if (has_kw(sch, "then") && ri.len == 0) {
      result rt;
      sub_validate(x, kw(sch, "then"), node, &rt, ctx);
      if (rt.len) {
        add_err(x, r, ctx, "Must validate \"then\" as \"if\" was valid");
        merge(x, r, &rt);
      }
    }
    if (has_kw(sch, "else") && ri.len != 0) {
      result re;
      sub_validate(x, kw(sch, "else"), node, &re, ctx);
      if (re.len) {
        add_err(x, r, ctx, "Must validate \"else\" as \"if\" was not valid");
        merge(x, r, &re);
      }
    }
  }
  r->score++;
}

static void validate_common(vctx *x, const ct_value *sch, const ct_value *node, result *r, const char *ctx) {
  ct_value *c = NULL;
  if (ct_is_map(sch) && ct_map_get(sch, "const", 5, &c)) {
    if (!json_equal(c, node)) add_err(x, r, ctx, "%s does not match: %s", field_of(ctx), marshal(x, c));
  }
  const ct_value *en = kw(sch, "enum");
  if (ct_is_list(en) && en->list->len) {
    bool found = false;
    for (size_t i = 0; i < en->list->len && !found; i++)
      if (json_equal(en->list->items[i], node)) found = true;
    if (!found) {
      ct_buf b = CT_BUF_INIT;
      for (size_t i = 0; i < en->list->len; i++) {
        if (i) ct_buf_puts(&b, ", ");
        ct_buf_puts(&b, marshal(x, en->list->items[i]));
      }
      add_err(x, r, ctx, "%s must be one of the following: %s", field_of(ctx), ct_buf_str(&b));
      ct_buf_dispose(&b);
    }
  }
  r->score++;
}

static bool get_num(const ct_value *sch, const char *k, double *out) {
  const ct_value *v = kw(sch, k);
  if (!is_num(v)) return false;
  *out = num(v);
  return true;
}

static void validate_array(vctx *x, const ct_value *sch, const ct_value *node, result *r, const char *ctx) {
  size_t nv = node->list->len;
  const ct_value *items = kw(sch, "items");
  if (items && !ct_is_list(items)) {
    for (size_t i = 0; i < nv; i++) {
      result sr;
      sub_validate(x, items, node->list->items[i], &sr, child_ctx(x, ctx, ct_arena_sprintf(x->a, "%zu", i)));
      merge(x, r, &sr);
    }
  } else if (items && items->list->len) {
    size_t ni = items->list->len;
    for (size_t i = 0; i != ni && i != nv; i++) {
      result sr;
      sub_validate(x, items->list->items[i], node->list->items[i], &sr, child_ctx(x, ctx, ct_arena_sprintf(x->a, "%zu", i)));
      merge(x, r, &sr);
    }
    if (ni < nv) {
      const ct_value *ai = kw(sch, "additionalItems");
      if (ai && ai->type == CT_BOOL) {
        if (!ai->b) add_err(x, r, ctx, "No additional items allowed on array");
      } else if (ai && ct_is_map(ai)) {
        for (size_t i = ni; i != nv; i++) {
          result sr;
          sub_validate(x, ai, node->list->items[i], &sr, child_ctx(x, ctx, ct_arena_sprintf(x->a, "%zu", i)));
          merge(x, r, &sr);
        }
      }
    }
  }
  double d;
  if (get_num(sch, "minItems", &d) && (double)nv < d) add_err(x, r, ctx, "Array must have at least %s items", gnum(x, d));
  if (get_num(sch, "maxItems", &d) && (double)nv > d) add_err(x, r, ctx, "Array must have at most %s items", gnum(x, d));
  const ct_value *u = kw(sch, "uniqueItems");
  if (u && u->type == CT_BOOL && u->b) {
    for (size_t j = 0; j < nv; j++) {
      /* the last earlier index with an equal value (map overwritten with j each time) */
      long last = -1;
      for (size_t i = 0; i < j; i++)
        if (json_equal(node->list->items[i], node->list->items[j])) last = (long)i;
      if (last >= 0) add_err(x, r, ctx, "array items[%ld,%zu] must be unique", last, j);
    }
  }
  if (has_kw(sch, "contains")) {
    bool one = false;
    result best = {0};
    bool have_best = false;
    for (size_t i = 0; i < nv; i++) {
      result sr;
      sub_validate(x, kw(sch, "contains"), node->list->items[i], &sr, child_ctx(x, ctx, ct_arena_sprintf(x->a, "%zu", i)));
      if (sr.len == 0) { one = true; break; }
      if (!have_best || sr.score > best.score) { best = sr; have_best = true; }
    }
    if (!one) {
      add_err(x, r, ctx, "At least one of the items must match");
      if (have_best) merge(x, r, &best);
    }
  }
  r->score++;
}

static void validate_object(vctx *x, const ct_value *sch, const ct_value *node, result *r, const char *ctx) {
  double d;
  size_t nprops = ct_map_len(node);
  if (get_num(sch, "minProperties", &d) && (double)nprops < d) add_err(x, r, ctx, "Must have at least %s properties", gnum(x, d));
  if (get_num(sch, "maxProperties", &d) && (double)nprops > d) add_err(x, r, ctx, "Must have at most %s properties", gnum(x, d));
  const ct_value *req = kw(sch, "required");
  if (ct_is_list(req)) {
    for (size_t i = 0; i < req->list->len; i++) {
      ct_value *k = req->list->items[i], *tmp;
      if (!k || k->type != CT_STRING) continue;
      if (ct_map_get(node, k->s.ptr, k->s.len, &tmp)) r->score++;
      else add_err(x, r, ctx, "%s is required", k->s.ptr);
    }
  }
  const ct_value *props = kw(sch, "properties");
  const ct_value *pp = kw(sch, "patternProperties");
  const ct_value *ap = kw(sch, "additionalProperties");
  size_t n;
  const ct_map_entry *e = ct_map_sorted(x->a, node, &n);
  for (size_t i = 0; i < n; i++) {
    ct_value *tmp;
    bool found = ct_is_map(props) && ct_map_get(props, e[i].key.ptr, e[i].key.len, &tmp);
    bool ppm = false;
    if (ct_is_map(pp)) {
      size_t pn;
      const ct_map_entry *pe = ct_map_sorted(x->a, pp, &pn);
      for (size_t j = 0; j < pn; j++) {
        if (re_match(x, pe[j].key.ptr, e[i].key.ptr, e[i].key.len, NULL)) {
          ppm = true;
          result sr;
          sub_validate(x, pe[j].value, e[i].value, &sr, child_ctx(x, ctx, e[i].key.ptr));
          merge(x, r, &sr);
        }
      }
      if (ppm) r->score++;
    }
    if (!found && !ppm && ap) {
      if (ap->type == CT_BOOL) {
        if (!ap->b) add_err(x, r, ctx, "Additional property %s is not allowed", e[i].key.ptr);
      } else {
        result sr;
        sub_validate(x, ap, e[i].value, &sr, child_ctx(x, ctx, e[i].key.ptr));
        merge(x, r, &sr);
      }
    }
  }
  if (has_kw(sch, "propertyNames")) {
    for (size_t i = 0; i < n; i++) {
      result sr;
      ct_value *kv = ct_string(x->a, e[i].key.ptr, e[i].key.len);
      sub_validate(x, kw(sch, "propertyNames"), kv, &sr, ctx);
      if (sr.len) {
        add_err(x, r, ctx, "Property name of \"%s\" does not match", e[i].key.ptr);
        merge(x, r, &sr);
      }
    }
  }
  r->score++;
}

static void validate_string(vctx *x, const ct_value *sch, const ct_value *node, result *r, const char *ctx) {
  if (!node || node->type != CT_STRING) return;
  size_t runes = 0;
  for (size_t i = 0; i < node->s.len; i++)
    if (((unsigned char)node->s.ptr[i] & 0xC0) != 0x80) runes++;
  double d;
  if (get_num(sch, "minLength", &d) && (double)runes < d) add_err(x, r, ctx, "String length must be greater than or equal to %s", gnum(x, d));
  if (get_num(sch, "maxLength", &d) && (double)runes > d) add_err(x, r, ctx, "String length must be less than or equal to %s", gnum(x, d));
  const ct_value *pat = kw(sch, "pattern");
  if (pat && pat->type == CT_STRING) {
    bool bad = false;
    if (!re_match(x, pat->s.ptr, node->s.ptr, node->s.len, &bad))
      add_err(x, r, ctx, "Does not match pattern '%s'", pat->s.ptr);
  }
  const ct_value *fmt = kw(sch, "format");
  if (fmt && fmt->type == CT_STRING && !is_format(x, fmt->s.ptr, node->s.ptr, node->s.len))
    add_err(x, r, ctx, "Does not match format '%s'", fmt->s.ptr);
  r->score++;
}

static void validate_number(vctx *x, const ct_value *sch, const ct_value *node, result *r, const char *ctx) {
  if (!is_num(node)) return;
  double v = num(node), d;
  if (get_num(sch, "multipleOf", &d) && d != 0) {
    double q = v / d;
    if (!(fabs(q - ct_go_round_even(q)) <= 1e-9 * (fabs(q) > 1.0 ? fabs(q) : 1.0)))
      add_err(x, r, ctx, "Must be a multiple of %s", gnum(x, d));
  }
  const ct_value *exmax = kw(sch, "exclusiveMaximum"), *exmin = kw(sch, "exclusiveMinimum");
  if (get_num(sch, "maximum", &d)) {
    if (exmax && exmax->type == CT_BOOL && exmax->b) {
      if (v >= d) add_err(x, r, ctx, "Must be less than %s", gnum(x, d));
    } else if (v > d) {
      add_err(x, r, ctx, "Must be less than or equal to %s", gnum(x, d));
    }
  }
  if (is_num(exmax) && v >= num(exmax)) add_err(x, r, ctx, "Must be less than %s", gnum(x, num(exmax)));
  if (get_num(sch, "minimum", &d)) {
    if (exmin && exmin->type == CT_BOOL && exmin->b) {
      if (v <= d) add_err(x, r, ctx, "Must be greater than %s", gnum(x, d));
    } else if (v < d) {
      add_err(x, r, ctx, "Must be greater than or equal to %s", gnum(x, d));
    }
  }
  if (is_num(exmin) && v <= num(exmin)) add_err(x, r, ctx, "Must be greater than %s", gnum(x, num(exmin)));
  r->score++;
}

static void validate(vctx *x, const ct_value *sch, const ct_value *node, result *r, const char *ctx) {
  if (x->bad) return;
  if (++x->depth > 500) {
    ct_error_set(CT_EINVAL, "schema recursion too deep ($ref loop?)");
    x->bad = true;
    x->depth--;
    return;
  }
  if (sch && sch->type == CT_BOOL) {
    if (!sch->b) add_err(x, r, ctx, "False always fails validation");
    goto out;
  }
  if (!ct_is_map(sch)) goto out;
  const ct_value *ref = kw(sch, "$ref");
  if (ref && ref->type == CT_STRING) {
    const ct_value *t = resolve_ref(x, ref->s.ptr);
    if (!t) {
      ct_error_set(CT_EINVAL, "Object has no key '%s'", ref->s.ptr);
      x->bad = true;
      goto out;
    }
    validate(x, t, node, r, ctx);
    goto out;
  }
  const ct_value *types = kw(sch, "type");
  if (types && !(types->type == CT_STRING || ct_is_list(types))) types = NULL;
  if (!node) {
    if (types && !types_contain(types, "null")) {
      add_err(x, r, ctx, "Invalid type. Expected: %s, given: null", types_string(x, types));
      goto out;
    }
    validate_schema_kw(x, sch, node, r, ctx);
    validate_common(x, sch, node, r, ctx);
  } else if (is_num(node)) {
    bool isint = is_integral(node);
    bool ok = types_contain(types, "number") || (isint && types_contain(types, "integer"));
    if (types && !ok) {
      add_err(x, r, ctx, "Invalid type. Expected: %s, given: %s", types_string(x, types), isint ? "integer" : "number");
      goto out;
    }
    validate_schema_kw(x, sch, node, r, ctx);
    validate_number(x, sch, node, r, ctx);
    validate_common(x, sch, node, r, ctx);
    validate_string(x, sch, node, r, ctx);
  } else if (ct_is_list(node)) {
    if (types && !types_contain(types, "array")) {
      add_err(x, r, ctx, "Invalid type. Expected: %s, given: array", types_string(x, types));
      goto out;
    }
    validate_schema_kw(x, sch, node, r, ctx);
    validate_array(x, sch, node, r, ctx);
    validate_common(x, sch, node, r, ctx);
  } else if (ct_is_map(node)) {
    if (types && !types_contain(types, "object")) {
      add_err(x, r, ctx, "Invalid type. Expected: %s, given: object", types_string(x, types));
      goto out;
    }
    validate_schema_kw(x, sch, node, r, ctx);
    validate_object(x, sch, node, r, ctx);
    validate_common(x, sch, node, r, ctx);
    const ct_value *props = kw(sch, "properties");
    if (ct_is_map(props)) {
      size_t n;
      const ct_map_entry *e = ct_map_sorted(x->a, props, &n);
      for (size_t i = 0; i < n; i++) {
        ct_value *nx = NULL;
        if (ct_map_get(node, e[i].key.ptr, e[i].key.len, &nx))
          validate(x, e[i].value, nx, r, child_ctx(x, ctx, e[i].key.ptr));
      }
    }
  } else if (node->type == CT_BOOL) {
    if (types && !types_contain(types, "boolean")) {
      add_err(x, r, ctx, "Invalid type. Expected: %s, given: boolean", types_string(x, types));
      goto out;
    }
    validate_schema_kw(x, sch, node, r, ctx);
    validate_number(x, sch, node, r, ctx);
    validate_common(x, sch, node, r, ctx);
    validate_string(x, sch, node, r, ctx);
  } else {
    if (types && !types_contain(types, "string")) {
      add_err(x, r, ctx, "Invalid type. Expected: %s, given: string", types_string(x, types));
      goto out;
    }
    validate_schema_kw(x, sch, node, r, ctx);
    validate_number(x, sch, node, r, ctx);
    validate_common(x, sch, node, r, ctx);
    validate_string(x, sch, node, r, ctx);
  }
  r->score++;
out:
  x->depth--;
}

int ct_chart__schema_validate(const char *schema, size_t len, const ct_value *values, ct_buf *errs,
                              bool null_as_empty) {
  ct_arena *a = ct_arena_new();
  ct_value *sch = NULL;
  ct_buf perr = CT_BUF_INIT;
  int rc = CT_OK;
  if (ct_json_parse(&sch, a, schema, len, &perr) < 0) {
    rc = ct_error_set(CT_ERROR, "%s", ct_buf_str(&perr));
    goto done;
  }
  vctx x = {.a = a, .root = sch};
  result r = {0};
  const ct_value *doc = values || !null_as_empty ? values : ct_map_new(a, CT_MAP, 0);
  validate(&x, sch, doc, &r, "(root)");
  if (x.bad) {
    rc = CT_ERROR;
    goto done;
  }
  if (r.len) {
    for (size_t i = 0; i < r.len; i++) ct_buf_printf(errs, "- %s: %s\n", r.v[i].field, r.v[i].desc);
    rc = CT_EINVAL;
  }
done:
  ct_buf_dispose(&perr);
  ct_arena_free(a);
  return rc;
}

int ct_values_validate_schema(const char *schema, size_t len, const ct_value *values, ct_buf *errs) {
  return ct_chart__schema_validate(schema, len, values, errs, true);
}
