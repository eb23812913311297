/* metadata.c — Chart.yaml, requirements.yaml and Chart.lock read into Helm's structs as
 * sigs.k8s.io/yaml + encoding/json do (scalars converted for string fields), and
 * Metadata.Validate with Helm's messages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chartctl/gomath.h"
#include "chart/chart_int.h"
#include "chartctl/codec.h"
#include "chartctl/gofmt.h"

static const char *json_kind(const ct_value *v) {
  if (!v) return "null";
  switch (v->type) {
  case CT_BOOL: return "bool";
  case CT_STRING: case CT_BYTES: return "string";
  case CT_LIST: case CT_STRLIST: return "array";
  case CT_MAP: case CT_STRMAP: return "object";
  default: return "number";
  }
}

/* strconv.FormatFloat(f, 'g', -1, 32) */
static void format_float32(ct_buf *out, double d) {
  float f = (float)d;
  if (isnan(f)) { ct_buf_puts(out, "NaN"); return; }
  if (isinf(f)) { ct_buf_puts(out, f > 0 ? "+Inf" : "-Inf"); return; }
  char tmp[64];
  int prec;
  for (prec = 1; prec <= 9; prec++) {
    snprintf(tmp, sizeof tmp, "%.*e", prec - 1, (double)f);
    if (strtof(tmp, NULL) == f) break;
  }
  /* tmp = d.ddde±XX: digits and exponent */
  char digits[32];
  size_t nd = 0;
  const char *p = tmp;
  bool neg = false;
  if (*p == '-') { neg = true; p++; }
  for (; *p && *p != 'e'; p++)
    if (*p >= '0' && *p <= '9') digits[nd++] = *p;
  int exp = atoi(p + 1);
  while (nd > 1 && digits[nd - 1] == '0') nd--;
  if (f == 0) { nd = 1; digits[0] = '0'; exp = 0; neg = signbit(f) != 0; }
  if (neg) ct_buf_putc(out, '-');
  if (exp < -4 || exp >= 21 /* eprec: shortest uses max(nd, ...) */) {
    /* Go: eprec = 6 when shortest, but if eprec > nd && nd >= dp then eprec = nd; shortest
     * forces 6 afterwards; %e when exp < -4 || exp >= eprec */
  }
  int eprec = 6;
  if (exp < -4 || exp >= eprec) {
    ct_buf_putc(out, digits[0]);
    if (nd > 1) { ct_buf_putc(out, '.'); ct_buf_put(out, digits + 1, nd - 1); }
    ct_buf_printf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return;
  }
  if (exp < 0) {
    ct_buf_puts(out, "0.");
    for (int i = 0; i < -exp - 1; i++) ct_buf_putc(out, '0');
    ct_buf_put(out, digits, nd);
    return;
  }
  for (int i = 0; i <= exp; i++) ct_buf_putc(out, (size_t)i < nd ? digits[i] : '0');
  if ((size_t)exp + 1 < nd) { ct_buf_putc(out, '.'); ct_buf_put(out, digits + exp + 1, nd - (size_t)exp - 1); }
}

typedef struct dctx {
  ct_arena *a;
  ct_buf *err;
  const ct_value *raw; /* the raw (as-written) counterpart of the value being decoded */
  const char *strct; /* innermost Go struct name */
  char path[256];    /* dotted field path */
} dctx;

/* the raw counterpart of item I of a container with N items (NULL when shapes differ) */
static const ct_value *rsub(const ct_value *raw, size_t i, size_t n) {
  if (!raw) return NULL;
  if (ct_is_map(raw) && ct_map_len(raw) == n) {
    size_t m;
    const ct_map_entry *e = ct_map_entries(raw, &m);
    return i < m ? e[i].value : NULL;
  }
  if (ct_is_list(raw) && raw->list->len == n) return raw->list->items[i];
  return NULL;
}

static int type_err(dctx *d, const ct_value *v, const char *gotype) {
  ct_buf_printf(d->err,
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go "
                "struct field %s.%s of type %s",
                json_kind(v), d->strct, d->path, gotype);
  return -1;
}

/* strconv.ParseInt(s, 0, 64) / ParseUint after go-yaml strips '_': the plain scalar was an
 * int. Returns 1 (signed, *i), 2 (unsigned, *u) or 0. */
static int yaml_int(const char *s, size_t n, long long *i, unsigned long long *u) {
  char buf[80];
  size_t k = 0;
  for (size_t j = 0; j < n; j++)
    if (s[j] != '_') {
      if (k + 1 >= sizeof buf) return 0;
      buf[k++] = s[j];
    }
  buf[k] = 0;
  const char *p = buf;
  bool neg = false;
  if (*p == '+' || *p == '-') { neg = *p == '-'; p++; }
  int base = 10;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) { base = 16; p += 2; }
  else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O')) { base = 8; p += 2; }
  else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) { base = 2; p += 2; }
  else if (p[0] == '0' && p[1]) { base = 8; p += 1; }
  if (!*p) return 0;
  unsigned long long acc = 0;
  for (; *p; p++) {
    int dv;
    if (*p >= '0' && *p <= '9') dv = *p - '0';
    else if (*p >= 'a' && *p <= 'f') dv = *p - 'a' + 10;
    else if (*p >= 'A' && *p <= 'F') dv = *p - 'A' + 10;
    else return 0;
    if (dv >= base) return 0;
    if (acc > (~0ULL - (unsigned long long)dv) / (unsigned long long)base) return 0;
    acc = acc * (unsigned long long)base + (unsigned long long)dv;
  }
  if (neg) {
    if (acc > 9223372036854775808ULL) return 0;
    *i = (long long)(0 - acc);
    return 1;
  }
  if (acc <= 9223372036854775807ULL) { *i = (long long)acc; return 1; }
  *u = acc;
  return 2;
}

/* scalar → string as sigs.k8s.io/yaml converts for a string target; NULL keeps *out */
static int dec_string(dctx *d, const ct_value *v, const char **out) {
  if (!v) return 0;
  ct_buf b = CT_BUF_INIT;
  if (v->type == CT_FLOAT64 && d->raw && d->raw->type == CT_STRING) {
    long long i;
    unsigned long long u;
    int k = yaml_int(d->raw->s.ptr, d->raw->s.len, &i, &u);
    if (k == 1) { *out = ct_arena_sprintf(d->a, "%lld", i); return 0; }
    if (k == 2) { *out = ct_arena_sprintf(d->a, "%llu", u); return 0; }
    format_float32(&b, v->f);
    *out = ct_arena_strdup(d->a, ct_buf_str(&b));
    ct_buf_dispose(&b);
    return 0;
  }
  switch (v->type) {
  case CT_STRING: case CT_BYTES: *out = v->s.ptr; return 0;
  case CT_BOOL: *out = v->b ? "true" : "false"; return 0;
  case CT_INT: case CT_INT64: case CT_INT32:
    *out = ct_arena_sprintf(d->a, "%lld", (long long)v->i);
    return 0;
  case CT_UINT8: case CT_UINT: case CT_UINT64:
    *out = ct_arena_sprintf(d->a, "%llu", (unsigned long long)v->u);
    return 0;
  case CT_FLOAT64:
    if (v->f == ct_go_floor(v->f) && fabs(v->f) < 1e15 && !(v->f == 0 && signbit(v->f))) {
      *out = ct_arena_sprintf(d->a, "%lld", (long long)v->f);
    } else {
      format_float32(&b, v->f);
      *out = ct_arena_strdup(d->a, ct_buf_str(&b));
      ct_buf_dispose(&b);
    }
    return 0;
  default: return type_err(d, v, "string");
  }
}

static int dec_bool(dctx *d, const ct_value *v, bool *out) {
  if (!v) return 0;
  if (v->type != CT_BOOL) return type_err(d, v, "bool");
  *out = v->b;
  return 0;
}

static int dec_strlist(dctx *d, const ct_value *v, const char ***out, size_t *n) {
  if (!v) { *out = NULL; *n = 0; return 0; }
  if (!ct_is_list(v)) return type_err(d, v, "[]string");
  const char **arr = ct_arena_alloc(d->a, (v->list->len + 1) * sizeof *arr);
  const ct_value *r = d->raw;
  for (size_t i = 0; i < v->list->len; i++) {
    arr[i] = "";
    d->raw = rsub(r, i, v->list->len);
    int rc = dec_string(d, v->list->items[i], &arr[i]);
    d->raw = r;
    if (rc < 0) return -1;
  }
  *out = arr;
  *n = v->list->len;
  return 0;
}

static void push_path(dctx *d, const char *f, size_t *save) {
  *save = strlen(d->path);
  size_t l = *save;
  if (l && l < sizeof d->path - 1) d->path[l++] = '.';
  snprintf(d->path + l, sizeof d->path - l, "%s", f);
}
static void pop_path(dctx *d, size_t save) { d->path[save] = 0; }

/* field lookup as encoding/json: exact name first, then ASCII case-insensitive */
static bool field_is(const char *key, const char *name) { return strcasecmp(key, name) == 0; }

static int dec_dep(dctx *d, const ct_value *v, ct_chart_dep *dep) {
  const char *saved = d->strct;
  d->strct = "Dependency";
  size_t n;
  const ct_map_entry *e = ct_map_entries(v, &n);
  int rc = 0;
  const ct_value *r = d->raw;
  for (size_t i = 0; i < n && rc == 0; i++) {
    const char *k = e[i].key.ptr;
    ct_value *x = e[i].value;
    size_t sv;
    const char *fname = NULL;
    d->raw = rsub(r, i, n);
    if (field_is(k, "name")) fname = "name";
    else if (field_is(k, "version")) fname = "version";
    else if (field_is(k, "repository")) fname = "repository";
    else if (field_is(k, "condition")) fname = "condition";
    else if (field_is(k, "tags")) fname = "tags";
    else if (field_is(k, "enabled")) fname = "enabled";
    else if (field_is(k, "import-values")) fname = "import-values";
    else if (field_is(k, "alias")) fname = "alias";
    if (!fname) continue;
    push_path(d, fname, &sv);
    if (!strcmp(fname, "name")) rc = dec_string(d, x, &dep->name);
    else if (!strcmp(fname, "version")) rc = dec_string(d, x, &dep->version);
    else if (!strcmp(fname, "repository")) rc = dec_string(d, x, &dep->repository);
    else if (!strcmp(fname, "condition")) rc = dec_string(d, x, &dep->condition);
    else if (!strcmp(fname, "tags")) rc = dec_strlist(d, x, &dep->tags, &dep->ntags);
    else if (!strcmp(fname, "enabled")) rc = dec_bool(d, x, &dep->enabled);
    else if (!strcmp(fname, "alias")) rc = dec_string(d, x, &dep->alias);
    else {
      if (x && !ct_is_list(x)) rc = type_err(d, x, "[]interface {}");
      else dep->import_values = x;
    }
    pop_path(d, sv);
  }
  d->raw = r;
  d->strct = saved;
  return rc;
}

static void dep_init(ct_chart_dep *dep) {
  memset(dep, 0, sizeof *dep);
  dep->name = dep->version = dep->repository = dep->condition = dep->alias = "";
}

/* []*Dependency; a null item is kept as a dependency named NULL (validated later) */
static int dec_deps(dctx *d, const ct_value *v, ct_chart_dep **out, size_t *n) {
  if (!v) { *out = NULL; *n = 0; return 0; }
  if (!ct_is_list(v)) return type_err(d, v, "[]*chart.Dependency");
  ct_chart_dep *deps = ct_arena_alloc(d->a, (v->list->len + 1) * sizeof *deps);
  for (size_t i = 0; i < v->list->len; i++) {
    ct_value *x = v->list->items[i];
    dep_init(&deps[i]);
    if (!x) { deps[i].name = NULL; continue; }
    if (!ct_is_map(x)) return type_err(d, x, "chart.Dependency");
    const ct_value *r = d->raw;
    d->raw = rsub(r, i, v->list->len);
    int rc = dec_dep(d, x, &deps[i]);
    d->raw = r;
    if (rc < 0) return -1;
  }
  *out = deps;
  *n = v->list->len;
  return 0;
}

/* Whether a number (float64, as JSON decodes every one) is anywhere in V. */
static bool has_number(const ct_value *v) {
  if (!v) return false;
  if (v->type == CT_FLOAT64) return true;
  if (ct_is_list(v)) {
    for (size_t i = 0; i < v->list->len; i++)
      if (has_number(v->list->items[i])) return true;
  } else if (ct_is_map(v)) {
    size_t n;
    const ct_map_entry *e = ct_map_entries(v, &n);
    for (size_t i = 0; i < n; i++)
      if (has_number(e[i].value)) return true;
  }
  return false;
}

int ct_chart__decode_metadata(ct_chart_metadata *md, ct_arena *a, const char *src, size_t len,
                              ct_buf *err) {
  ct_value *v = NULL, *raw = NULL;
  if (ct_yaml_parse_any(&v, a, src, len, err) < 0) return -1;
  /* the text as written is wanted only for numbers going into string fields (dec_string):
   * most Chart.yaml files have none, and are not read twice */
  if (has_number(v)) {
    ct_buf rerr = CT_BUF_INIT;
    if (ct_yaml_parse_raw(&raw, a, src, len, &rerr) < 0) raw = NULL;
    ct_buf_dispose(&rerr);
  }
  if (!v) return 0;
  if (!ct_is_map(v)) {
    ct_buf_printf(err,
                  "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go "
                  "value of type chart.Metadata",
                  json_kind(v));
    return -1;
  }
  dctx d = {.a = a, .err = err, .strct = "Metadata"};
  size_t n;
  const ct_map_entry *e = ct_map_entries(v, &n);
  static const char *const names[] = {"name", "home", "sources", "version", "description",
                                      "keywords", "maintainers", "icon", "apiVersion",
                                      "condition", "tags", "appVersion", "deprecated",
                                      "annotations", "kubeVersion", "dependencies", "type"};
  for (size_t i = 0; i < n; i++) {
    const char *k = e[i].key.ptr;
    ct_value *x = e[i].value;
    const char *f = NULL;
    for (size_t j = 0; j < sizeof names / sizeof *names; j++)
      if (field_is(k, names[j])) { f = names[j]; if (!strcmp(k, names[j])) break; }
    if (!f) continue;
    size_t sv;
    push_path(&d, f, &sv);
    int rc = 0;
    d.raw = rsub(raw, i, n);
    if (!strcmp(f, "name")) rc = dec_string(&d, x, &md->name);
    else if (!strcmp(f, "home")) rc = dec_string(&d, x, &md->home);
    else if (!strcmp(f, "sources")) rc = dec_strlist(&d, x, &md->sources, &md->nsources);
    else if (!strcmp(f, "version")) rc = dec_string(&d, x, &md->version);
    else if (!strcmp(f, "description")) rc = dec_string(&d, x, &md->description);
    else if (!strcmp(f, "keywords")) rc = dec_strlist(&d, x, &md->keywords, &md->nkeywords);
    else if (!strcmp(f, "icon")) rc = dec_string(&d, x, &md->icon);
    else if (!strcmp(f, "apiVersion")) rc = dec_string(&d, x, &md->api_version);
    else if (!strcmp(f, "condition")) rc = dec_string(&d, x, &md->condition);
    else if (!strcmp(f, "tags")) rc = dec_string(&d, x, &md->tags);
    else if (!strcmp(f, "appVersion")) rc = dec_string(&d, x, &md->app_version);
    else if (!strcmp(f, "deprecated")) rc = dec_bool(&d, x, &md->deprecated);
    else if (!strcmp(f, "kubeVersion")) rc = dec_string(&d, x, &md->kube_version);
    else if (!strcmp(f, "type")) rc = dec_string(&d, x, &md->type);
    else if (!strcmp(f, "dependencies")) rc = dec_deps(&d, x, &md->deps, &md->ndeps);
    else if (!strcmp(f, "annotations")) {
      if (!x) md->annotations = NULL;
      else if (!ct_is_map(x)) rc = type_err(&d, x, "map[string]string");
      else {
        size_t an;
        const ct_map_entry *ae = ct_map_entries(x, &an);
        ct_value *m = ct_map_new(a, CT_STRMAP, an);
        const ct_value *ar = d.raw;
        for (size_t j = 0; j < an && rc == 0; j++) {
          const char *s = "";
          if (!ae[j].value) continue; /* null → "" in Go; json sets zero value */
          d.raw = rsub(ar, j, an);
          rc = dec_string(&d, ae[j].value, &s);
          if (rc == 0) ct_map_set(a, m, ae[j].key.ptr, ae[j].key.len, ct_cstring(a, s));
        }
        for (size_t j = 0; j < an; j++)
          if (!ae[j].value) ct_map_set(a, m, ae[j].key.ptr, ae[j].key.len, ct_cstring(a, ""));
        md->annotations = m;
      }
    } else if (!strcmp(f, "maintainers")) {
      if (!x) { md->maintainers = NULL; md->nmaintainers = 0; }
      else if (!ct_is_list(x)) rc = type_err(&d, x, "[]*chart.Maintainer");
      else {
        size_t mn = x->list->len;
        ct_chart_maintainer *ms = ct_arena_alloc(a, (mn + 1) * sizeof *ms);
        d.strct = "Maintainer";
        const ct_value *mr = d.raw;
        for (size_t j = 0; j < mn && rc == 0; j++) {
          ct_value *it = x->list->items[j];
          const ct_value *ir = rsub(mr, j, mn);
          ms[j].name = ms[j].email = ms[j].url = "";
          if (!it) { ms[j].name = NULL; continue; }
          if (!ct_is_map(it)) { rc = type_err(&d, it, "chart.Maintainer"); break; }
          size_t fn;
          const ct_map_entry *fe = ct_map_entries(it, &fn);
          for (size_t q = 0; q < fn && rc == 0; q++) {
            size_t s2;
            d.raw = rsub(ir, q, fn);
            if (field_is(fe[q].key.ptr, "name")) {
              push_path(&d, "name", &s2); rc = dec_string(&d, fe[q].value, &ms[j].name); pop_path(&d, s2);
            } else if (field_is(fe[q].key.ptr, "email")) {
              push_path(&d, "email", &s2); rc = dec_string(&d, fe[q].value, &ms[j].email); pop_path(&d, s2);
            } else if (field_is(fe[q].key.ptr, "url")) {
              push_path(&d, "url", &s2); rc = dec_string(&d, fe[q].value, &ms[j].url); pop_path(&d, s2);
            }
          }
        }
        d.strct = "Metadata";
        md->maintainers = ms;
        md->nmaintainers = mn;
      }
    }
    pop_path(&d, sv);
    if (rc < 0) return -1;
  }
  return 0;
}

int ct_chart__decode_lock(ct_chart_lock *lk, ct_arena *a, const char *src, size_t len,
                          ct_buf *err) {
  ct_value *v = NULL;
  if (ct_yaml_parse_any(&v, a, src, len, err) < 0) return -1;
  if (!v) return 0;
  if (!ct_is_map(v)) {
    ct_buf_printf(err,
                  "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go "
                  "value of type chart.Lock",
                  json_kind(v));
    return -1;
  }
  dctx d = {.a = a, .err = err, .strct = "Lock"};
  size_t n;
  const ct_map_entry *e = ct_map_entries(v, &n);
  for (size_t i = 0; i < n; i++) {
    size_t sv;
    int rc = 0;
    const char *k = e[i].key.ptr;
    if (field_is(k, "generated")) {
      push_path(&d, "generated", &sv);
      if (e[i].value && e[i].value->type != CT_STRING) rc = type_err(&d, e[i].value, "time.Time");
      else if (e[i].value) lk->generated = e[i].value->s.ptr;
    } else if (field_is(k, "digest")) {
      push_path(&d, "digest", &sv);
      rc = dec_string(&d, e[i].value, &lk->digest);
    } else if (field_is(k, "dependencies")) {
      push_path(&d, "dependencies", &sv);
      rc = dec_deps(&d, e[i].value, &lk->deps, &lk->ndeps);
    } else {
      continue;
    }
    pop_path(&d, sv);
    if (rc < 0) return -1;
  }
  return 0;
}

/* sanitizeString: unicode spaces → ' ', non-printables dropped (ASCII and common cases) */
static const char *sanitize(ct_arena *a, const char *s) {
  if (!s) return s;
  bool clean = true;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == 0x7f || *p == 0xC2 || *p == 0xE2 || *p == 0xE3 || *p == 0xE1) {
      clean = false;
      break;
    }
  if (clean) return s;
  size_t n = strlen(s);
  char *o = ct_arena_alloc(a, n + 1);
  size_t j = 0;
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') { o[j++] = ' '; i++; continue; }
    if (c < 0x20 || c == 0x7f) { i++; continue; }
    if (c == 0xC2 && i + 1 < n && (p[i + 1] == 0x85 || p[i + 1] == 0xA0)) { o[j++] = ' '; i += 2; continue; }
    if (c == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] < 0xA0) { i += 2; continue; }
    if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x80 &&
        ((p[i + 2] >= 0x80 && p[i + 2] <= 0x8A) || p[i + 2] == 0xA8 || p[i + 2] == 0xA9 ||
         p[i + 2] == 0xAF)) { o[j++] = ' '; i += 3; continue; }
    if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x81 && p[i + 2] == 0x9F) { o[j++] = ' '; i += 3; continue; }
    if (c == 0xE3 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80) { o[j++] = ' '; i += 3; continue; }
    if (c == 0xE1 && i + 2 < n && p[i + 1] == 0x9A && p[i + 2] == 0x80) { o[j++] = ' '; i += 3; continue; }
    o[j++] = (char)c;
    i++;
  }
  o[j] = 0;
  return o;
}

static void quote(ct_buf *b, const char *s) { ct_gofmt_quote(b, s, strlen(s)); }

static bool alias_ok(const char *s) {
  if (!*s) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
          *s == '_' || *s == '-'))
      return false;
  return true;
}

int ct_chart__validate_metadata(ct_chart_metadata *md, ct_arena *a, ct_buf *err) {
  md->name = sanitize(a, md->name);
  md->description = sanitize(a, md->description);
  md->home = sanitize(a, md->home);
  md->icon = sanitize(a, md->icon);
  md->condition = sanitize(a, md->condition);
  md->tags = sanitize(a, md->tags);
  md->app_version = sanitize(a, md->app_version);
  md->kube_version = sanitize(a, md->kube_version);
  for (size_t i = 0; i < md->nsources; i++) md->sources[i] = sanitize(a, md->sources[i]);
  for (size_t i = 0; i < md->nkeywords; i++) md->keywords[i] = sanitize(a, md->keywords[i]);
  if (!*md->api_version) { ct_buf_puts(err, "validation: chart.metadata.apiVersion is required"); return -1; }
  if (!*md->name) { ct_buf_puts(err, "validation: chart.metadata.name is required"); return -1; }
  if (!strcmp(md->name, ".") || !strcmp(md->name, "..")) {
    ct_buf_puts(err, "validation: chart.metadata.name ");
    quote(err, md->name);
    ct_buf_puts(err, " is not allowed");
    return -1;
  }
  /* filepath.Base(name) != name: a '/' anywhere (trailing slashes stripped by Base) */
  if (strchr(md->name, '/')) {
    ct_buf_puts(err, "validation: chart.metadata.name ");
    quote(err, md->name);
    ct_buf_puts(err, " is invalid");
    return -1;
  }
  if (!*md->version) { ct_buf_puts(err, "validation: chart.metadata.version is required"); return -1; }
  if (!ct_chart__semver_valid(md->version)) {
    ct_buf_puts(err, "validation: chart.metadata.version ");
    quote(err, md->version);
    ct_buf_puts(err, " is invalid");
    return -1;
  }
  if (*md->type && strcmp(md->type, "application") && strcmp(md->type, "library")) {
    ct_buf_puts(err, "validation: chart.metadata.type must be application or library");
    return -1;
  }
  for (size_t i = 0; i < md->nmaintainers; i++) {
    ct_chart_maintainer *m = &md->maintainers[i];
    if (!m->name) { ct_buf_puts(err, "validation: maintainers must not contain empty or null nodes"); return -1; }
    m->name = sanitize(a, m->name);
    m->email = sanitize(a, m->email);
    m->url = sanitize(a, m->url);
  }
  for (size_t i = 0; i < md->ndeps; i++) {
    ct_chart_dep *dp = &md->deps[i];
    if (!dp->name) { ct_buf_puts(err, "validation: dependencies must not contain empty or null nodes"); return -1; }
    dp->name = sanitize(a, dp->name);
    dp->version = sanitize(a, dp->version);
    dp->repository = sanitize(a, dp->repository);
    dp->condition = sanitize(a, dp->condition);
    for (size_t t = 0; t < dp->ntags; t++) dp->tags[t] = sanitize(a, dp->tags[t]);
    if (*dp->alias && !alias_ok(dp->alias)) {
      ct_buf_puts(err, "validation: dependency ");
      quote(err, dp->name);
      ct_buf_puts(err, " has disallowed characters in the alias");
      return -1;
    }
    const char *key = *dp->alias ? dp->alias : dp->name;
    for (size_t j = 0; j < i; j++) {
      const char *k2 = *md->deps[j].alias ? md->deps[j].alias : md->deps[j].name;
      if (!strcmp(key, k2)) {
        ct_buf_puts(err, "validation: more than one dependency with name or alias ");
        quote(err, key);
        return -1;
      }
    }
  }
  return 0;
}

int ct_chart_parse_metadata(ct_chart_metadata *out, ct_arena *a, const char *src, size_t len) {
  ct_chart_metadata md;
  memset(&md, 0, sizeof md);
  md.name = md.home = md.version = md.description = md.icon = md.api_version = "";
  md.condition = md.tags = md.app_version = md.kube_version = md.type = "";
  ct_buf err = CT_BUF_INIT;
  int rc = CT_OK;
  if (ct_chart__decode_metadata(&md, a, src, len, &err) < 0) {
    rc = ct_error_set(CT_EINVAL, "cannot load Chart.yaml: %s", ct_buf_str(&err));
    goto done;
  }
  if (!*md.api_version) md.api_version = "v1";
  if (ct_chart__validate_metadata(&md, a, &err) < 0) {
    rc = ct_error_set(CT_EINVAL, "%s", ct_buf_str(&err));
    goto done;
  }
  if (out) *out = md;
done:
  ct_buf_dispose(&err);
  return rc;
}
