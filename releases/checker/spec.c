/* spec.c — reading a Swagger 2 / OpenAPI 3 document into its x-amples examples, and building
 * an example's request path (URL template params, defaults, query string). */
#include <ctype.h>
#include <string.h>

#include "chartctl/codec.h"
#include "checker/checker.h"

/* service-checker exercises these two methods only (GETs without x-amples get a default
 * example expecting 200; other methods need explicit x-amples). */
static const char *const methods[] = {"get", "post"};

static const char *str_of(const ct_value *v) { return v && v->type == CT_STRING ? v->s.ptr : NULL; }

/* servers[0].url (OpenAPI 3, its path when absolute, variables at their defaults) or
 * basePath (Swagger 2), without trailing slashes. */
static const char *base_path(ct_arena *a, const ct_value *spec) {
  ct_value *servers = ct_map_getc(spec, "servers");
  const char *bp = NULL;
  const ct_value *server = NULL;
  if (ct_is_list(servers) && servers->list->len && ct_truth(servers->list->items[0])) {
    server = servers->list->items[0];
    bp = str_of(ct_map_getc(server, "url"));
  } else {
    bp = str_of(ct_map_getc(spec, "basePath"));
  }
  if (!bp) return "";
  const char *scheme = strstr(bp, "://");
  if (scheme) {
    const char *slash = strchr(scheme + 3, '/');
    bp = slash ? slash : "";
  }
  ct_buf out = CT_BUF_INIT;
  ct_value *vars = ct_map_getc(server, "variables");
  for (const char *p = bp; *p;) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    if (close) {
      char *name = ct_arena_strndup(a, p + 1, (size_t)(close - p - 1));
      ct_buf_puts(&out, str_of(ct_map_getc(ct_map_getc(vars, name), "default")) ? str_of(ct_map_getc(ct_map_getc(vars, name), "default")) : "");
      p = close + 1;
    } else {
      ct_buf_putc(&out, *p++);
    }
  }
  while (out.len && out.ptr[out.len - 1] == '/') ct_buf_truncate(&out, out.len - 1);
  char *r = ct_arena_strdup(a, ct_buf_str(&out));
  ct_buf_dispose(&out);
  return r;
}

static void upper(char *s) {
  for (; *s; s++) *s = (char)toupper((unsigned char)*s);
}

int ct_checker_spec_parse(ct_checker_spec *out, ct_arena *a, const char *text, size_t len, ct_buf *err) {
  memset(out, 0, sizeof *out);
  ct_value *spec = NULL;
  ct_buf jerr = CT_BUF_INIT, yerr = CT_BUF_INIT;
  int rc = ct_json_parse(&spec, a, text, len, &jerr);
  if (rc) rc = ct_yaml_parse_any(&spec, a, text, len, &yerr);
  if (rc || !ct_is_map(spec)) {
    ct_buf_printf(err, "no valid spec found: %s", rc ? ct_buf_str(&yerr) : "the document is not an object");
    ct_buf_dispose(&jerr);
    ct_buf_dispose(&yerr);
    return -1;
  }
  ct_buf_dispose(&jerr);
  ct_buf_dispose(&yerr);
  ct_value *paths = ct_map_getc(spec, "paths");
  if (!ct_is_map(paths)) {
    ct_buf_puts(err, "no valid spec found: it has no \"paths\" object");
    return -1;
  }
  ct_value *dp = ct_map_getc(spec, "x-default-params"), *dq = ct_map_getc(spec, "x-default-query");
  out->default_params = ct_is_map(dp) ? dp : NULL;
  out->default_query = ct_is_map(dq) ? dq : NULL;
  const char *bp = base_path(a, spec);
  size_t np, cap = 0;
  const ct_map_entry *pes = ct_map_entries(paths, &np);
  for (size_t i = 0; i < np; i++) {
    if (!pes[i].key.len || !ct_is_map(pes[i].value)) continue;
    for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
      ct_value *op = ct_map_getc(pes[i].value, methods[m]);
      if (!ct_is_map(op)) continue;
      ct_value *mon = NULL;
      if (ct_map_get(op, "x-monitor", 9, &mon) && !ct_truth(mon)) {
        out->skipped++;
        continue;
      }
      ct_value *xs = NULL;
      bool has = ct_map_get(op, "x-amples", 8, &xs);
      if (has && !ct_is_list(xs)) {
        ct_buf_printf(err, "paths.%s.%s.x-amples: want a list of examples", pes[i].key.ptr, methods[m]);
        return -1;
      }
      size_t nx = has ? xs->list->len : (m == 0 ? 1 : 0);
      for (size_t k = 0; k < nx; k++) {
        const ct_value *x = has ? xs->list->items[k] : NULL;
        if (has && !ct_is_map(x)) {
          ct_buf_printf(err, "paths.%s.%s.x-amples[%zu]: want an object with title, request and response", pes[i].key.ptr,
                        methods[m], k);
          return -1;
        }
        if (out->n == cap) {
          size_t ncap = cap ? cap * 2 : 16;
          out->items = ct_arena_realloc(a, out->items, cap * sizeof *out->items, ncap * sizeof *out->items);
          cap = ncap;
        }
        ct_checker_example *e = &out->items[out->n++];
        const char *title = str_of(ct_map_getc(x, "title"));
        e->title = title ? title : "Untitled test";
        char *mu = ct_arena_strdup(a, methods[m]);
        upper(mu);
        e->method = mu;
        e->path = ct_arena_sprintf(a, "%s%s", bp, pes[i].key.ptr);
        ct_value *req = ct_map_getc(x, "request"), *resp = ct_map_getc(x, "response");
        e->request = ct_is_map(req) ? req : NULL;
        e->response = ct_is_map(resp) ? resp : NULL;
        e->op = op;
        e->path_item = pes[i].value;
      }
    }
  }
  return 0;
}

/* Python's urllib.parse.quote_plus: letters, digits and "_.-~" stay, space is "+". */
static void quote_plus(ct_buf *out, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~') ct_buf_putc(out, (char)c);
    else if (c == ' ') ct_buf_putc(out, '+');
    else {
      ct_buf_putc(out, '%');
      ct_buf_putc(out, hex[c >> 4]);
      ct_buf_putc(out, hex[c & 15]);
    }
  }
}

static void quote_value(ct_buf *out, const ct_value *v) {
  ct_buf t = CT_BUF_INIT;
  ct_checker_scalar_text(v, &t);
  quote_plus(out, ct_buf_str(&t), t.len);
  ct_buf_dispose(&t);
}

/* A path parameter's declared default: {name, in: path, default} (Swagger 2) or
 * schema.default (OpenAPI 3), on the operation or the path item. */
static const ct_value *declared_default(const ct_value *holder, const char *name) {
  ct_value *ps = ct_map_getc(holder, "parameters");
  if (!ct_is_list(ps)) return NULL;
  for (size_t i = 0; i < ps->list->len; i++) {
    const ct_value *p = ps->list->items[i];
    const char *n = str_of(ct_map_getc(p, "name")), *in = str_of(ct_map_getc(p, "in"));
    if (!n || strcmp(n, name) || (in && strcmp(in, "path"))) continue;
    ct_value *d = NULL;
    if (ct_map_get(p, "default", 7, &d) && d) return d;
    if (ct_map_get(ct_map_getc(p, "schema"), "default", 7, &d) && d) return d;
  }
  return NULL;
}

static const ct_value *param(const ct_checker_spec *s, const ct_checker_example *e, const char *key, bool *found) {
  ct_value *v = NULL;
  *found = true;
  if (ct_map_get(ct_map_getc(e->request, "params"), key, strlen(key), &v)) return v;
  if (ct_map_get(s->default_params, key, strlen(key), &v)) return v;
  const ct_value *d = declared_default(e->op, key);
  if (!d) d = declared_default(e->path_item, key);
  *found = d != NULL;
  return d;
}

static void add_query(ct_buf *out, bool *first, const char *k, size_t kl, const ct_value *v) {
  size_t n = ct_is_list(v) ? v->list->len : 1;
  for (size_t i = 0; i < n; i++) {
    ct_buf_putc(out, *first ? (strchr(ct_buf_str(out), '?') ? '&' : '?') : '&');
    *first = false;
    quote_plus(out, k, kl);
    ct_buf_putc(out, '=');
    quote_value(out, ct_is_list(v) ? v->list->items[i] : v);
  }
}

void ct_checker_request_path(const ct_checker_spec *s, const ct_checker_example *e, ct_buf *out) {
  /* RFC 6570 in part, as service-checker: {x} simple, {/x} optional segment, {+x} a list
   * joined by "/"; values escaped as quote_plus; an unknown param expands to nothing */
  const char *p = e->path;
  ct_arena *a = ct_arena_new();
  while (*p) {
    const char *close = *p == '{' && p[1] ? strchr(p + 2, '}') : NULL;
    if (!close) {
      ct_buf_putc(out, *p++);
      continue;
    }
    const char *k = p, *ke = close + 1;
    while (k < ke && (*k == '{' || *k == '}')) k++;
    while (ke > k && (ke[-1] == '{' || ke[-1] == '}')) ke--;
    bool optional = false, multiple = false;
    if (k < ke && *k == '/') optional = true;
    while (k < ke && *k == '/') k++;
    if (k < ke && *k == '+') multiple = true;
    while (k < ke && *k == '+') k++;
    char *key = ct_arena_strndup(a, k, (size_t)(ke - k));
    bool found;
    const ct_value *v = param(s, e, key, &found);
    if (found) {
      if (optional) ct_buf_putc(out, '/');
      if (ct_is_list(v)) {
        for (size_t i = 0; i < v->list->len; i++) {
          if (i) ct_buf_putc(out, multiple ? '/' : ',');
          quote_value(out, v->list->items[i]);
        }
      } else {
        quote_value(out, v);
      }
    }
    p = close + 1;
  }
  ct_arena_free(a);
  /* query: x-default-query overlaid with request.query, defaults' order first */
  const ct_value *rq = ct_map_getc(e->request, "query");
  if (!ct_is_map(rq)) rq = NULL;
  bool first = true;
  size_t n;
  if (s->default_query) {
    const ct_map_entry *es = ct_map_entries(s->default_query, &n);
    for (size_t i = 0; i < n; i++) {
      ct_value *v = es[i].value, *over = NULL;
      if (rq && ct_map_get(rq, es[i].key.ptr, es[i].key.len, &over)) v = over;
      add_query(out, &first, es[i].key.ptr, es[i].key.len, v);
    }
  }
  if (rq) {
    const ct_map_entry *es = ct_map_entries(rq, &n);
    for (size_t i = 0; i < n; i++) {
      ct_value *dummy;
      if (s->default_query && ct_map_get(s->default_query, es[i].key.ptr, es[i].key.len, &dummy)) continue;
      add_query(out, &first, es[i].key.ptr, es[i].key.len, es[i].value);
    }
  }
}
