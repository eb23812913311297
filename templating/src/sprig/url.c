/* url.c — Sprig's urlParse and urlJoin over a port of Go's net/url parsing, escaping and
 * URL.String() rules (userinfo, host, path, query, fragment, opaque). */
#include <stdio.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "sprig/sprig_int.h"

typedef enum { ENC_PATH, ENC_USER, ENC_HOST, ENC_ZONE, ENC_QUERY_COMPONENT, ENC_FRAGMENT } enc_mode;

typedef struct {
  const char *scheme, *opaque, *host, *path, *raw_query, *fragment;
  const char *user, *password; /* user NULL: no userinfo */
  bool has_password, omit_host, force_query;
} gurl;

static bool ishex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static int unhex(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
}

static bool should_escape(unsigned char c, enc_mode mode) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return false;
  if (mode == ENC_HOST || mode == ENC_ZONE) {
    if (c && strchr("!$&'()*+,;=:[]<>\"", c)) return false;
  }
  if (c == '-' || c == '_' || c == '.' || c == '~') return false;
  if (c && strchr("$&+,/:;=?@", c)) {
    switch (mode) {
    case ENC_PATH: return c == '?';
    case ENC_USER: return c == '@' || c == '/' || c == '?' || c == ':';
    case ENC_QUERY_COMPONENT: return true;
    case ENC_FRAGMENT: return false;
    default: break;
    }
  }
  if (mode == ENC_FRAGMENT && (c == '!' || c == '(' || c == ')' || c == '*')) return false;
  return true;
}

static const char *escape(ct_arena *a, const char *s, enc_mode mode) {
  ct_buf b = CT_BUF_INIT;
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (should_escape(*p, mode)) {
      if (*p == ' ' && mode == ENC_QUERY_COMPONENT) {
        ct_buf_putc(&b, '+');
      } else {
        ct_buf_putc(&b, '%');
        ct_buf_putc(&b, hex[*p >> 4]);
        ct_buf_putc(&b, hex[*p & 15]);
      }
    } else {
      ct_buf_putc(&b, (char)*p);
    }
  }
  const char *r = ct_arena_strndup(a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return r;
}

/* net/url unescape; NULL with *err on failure. */
static const char *unescape(ct_arena *a, const char *s, size_t n, enc_mode mode, const char **err) {
  for (size_t i = 0; i < n;) {
    if (s[i] == '%') {
      if (i + 2 >= n || !ishex(s[i + 1]) || !ishex(s[i + 2])) {
        size_t l = n - i > 3 ? 3 : n - i;
        ct_buf q = CT_BUF_INIT;
        ct_gofmt_quote(&q, s + i, l);
        *err = ct_arena_sprintf(a, "invalid URL escape %s", ct_buf_str(&q));
        ct_buf_dispose(&q);
        return NULL;
      }
      if (mode == ENC_HOST && unhex(s[i + 1]) < 8 && memcmp(s + i, "%25", 3) != 0) {
        ct_buf q = CT_BUF_INIT;
        ct_gofmt_quote(&q, s + i, 3);
        *err = ct_arena_sprintf(a, "invalid URL escape %s", ct_buf_str(&q));
        ct_buf_dispose(&q);
        return NULL;
      }
      i += 3;
    } else {
      if ((mode == ENC_HOST || mode == ENC_ZONE) && (unsigned char)s[i] < 0x80 && should_escape((unsigned char)s[i], mode)) {
        ct_buf q = CT_BUF_INIT;
        ct_gofmt_quote(&q, s + i, 1);
        *err = ct_arena_sprintf(a, "invalid character %s in host name", ct_buf_str(&q));
        ct_buf_dispose(&q);
        return NULL;
      }
      i++;
    }
  }
  char *o = ct_arena_alloc(a, n + 1);
  size_t w = 0;
  for (size_t i = 0; i < n;) {
    if (s[i] == '%') {
      o[w++] = (char)(unhex(s[i + 1]) << 4 | unhex(s[i + 2]));
      i += 3;
    } else {
      o[w++] = s[i++];
    }
  }
  o[w] = 0;
  return o;
}

static bool valid_optional_port(const char *p, size_t n) {
  if (n == 0) return true;
  if (p[0] != ':') return false;
  for (size_t i = 1; i < n; i++)
    if (p[i] < '0' || p[i] > '9') return false;
  return true;
}

static const char *parse_host(ct_arena *a, const char *h, size_t n, const char **err) {
  if (n > 0 && h[0] == '[') {
    const char *rb = NULL;
    for (size_t i = n; i > 0; i--)
      if (h[i - 1] == ']') {
        rb = h + i - 1;
        break;
      }
    if (!rb) {
      *err = "missing ']' in host";
      return NULL;
    }
    size_t pi = (size_t)(rb + 1 - h);
    if (!valid_optional_port(rb + 1, n - pi)) {
      ct_buf q = CT_BUF_INIT;
      ct_gofmt_quote(&q, rb + 1, n - pi);
      *err = ct_arena_sprintf(a, "invalid port %s after host", ct_buf_str(&q));
      ct_buf_dispose(&q);
      return NULL;
    }
    const char *zone = memmem(h, pi - 1, "%25", 3);
    if (zone) {
      const char *h1 = unescape(a, h, (size_t)(zone - h), ENC_HOST, err);
      if (!h1) return NULL;
      const char *h2 = unescape(a, zone, (size_t)(rb - zone), ENC_ZONE, err);
      if (!h2) return NULL;
      const char *h3 = unescape(a, rb, n - (size_t)(rb - h), ENC_HOST, err);
      if (!h3) return NULL;
      return ct_arena_sprintf(a, "%s%s%s", h1, h2, h3);
    }
  } else {
    for (size_t i = n; i > 0; i--)
      if (h[i - 1] == ':') {
        if (!valid_optional_port(h + i - 1, n - i + 1)) {
          ct_buf q = CT_BUF_INIT;
          ct_gofmt_quote(&q, h + i - 1, n - i + 1);
          *err = ct_arena_sprintf(a, "invalid port %s after host", ct_buf_str(&q));
          ct_buf_dispose(&q);
          return NULL;
        }
        break;
      }
  }
  return unescape(a, h, n, ENC_HOST, err);
}

static bool valid_userinfo(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) continue;
    if (!strchr("-._:~!$&'()*+,;=%@", c) || !c) return false;
  }
  return true;
}

/* url.Parse; returns NULL with the inner error in *err. */
static gurl *url_parse(ct_arena *a, const char *raw, const char **err) {
  gurl *u = ct_arena_alloc(a, sizeof *u);
  u->scheme = u->opaque = u->host = u->path = u->raw_query = u->fragment = "";
  const char *hash = strchr(raw, '#');
  size_t n = hash ? (size_t)(hash - raw) : strlen(raw);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)raw[i] < 0x20 || raw[i] == 0x7f) {
      *err = "net/url: invalid control character in URL";
      return NULL;
    }
  const char *rest = raw;
  size_t rn = n;
  if (n == 1 && raw[0] == '*') {
    u->path = "*";
    goto frag;
  }
  /* scheme */
  for (size_t i = 0; i < n; i++) {
    char c = raw[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) {
        *err = "missing protocol scheme";
        return NULL;
      }
      char *sch = ct_arena_strndup(a, raw, i);
      for (char *p = sch; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
      u->scheme = sch;
      rest = raw + i + 1;
      rn = n - i - 1;
    }
    break;
  }
  /* query */
  {
    const char *q = memchr(rest, '?', rn);
    if (q && q == rest + rn - 1) {
      u->force_query = true;
      rn--;
    } else if (q) {
      u->raw_query = ct_arena_strndup(a, q + 1, rn - (size_t)(q + 1 - rest));
      rn = (size_t)(q - rest);
    }
  }
  if (rn == 0 || rest[0] != '/') {
    if (u->scheme[0]) {
      u->opaque = ct_arena_strndup(a, rest, rn);
      goto frag;
    }
    const char *slash = memchr(rest, '/', rn);
    size_t seg = slash ? (size_t)(slash - rest) : rn;
    if (memchr(rest, ':', seg)) {
      *err = "first path segment in URL cannot contain colon";
      return NULL;
    }
  }
  if ((u->scheme[0] || !(rn >= 3 && !memcmp(rest, "///", 3))) && rn >= 2 && !memcmp(rest, "//", 2)) {
    const char *auth = rest + 2;
    size_t an = rn - 2;
    const char *slash = memchr(auth, '/', an);
    size_t alen = slash ? (size_t)(slash - auth) : an;
    rest = auth + alen;
    rn = an - alen;
    const char *at = NULL;
    for (size_t i = alen; i > 0; i--)
      if (auth[i - 1] == '@') {
        at = auth + i - 1;
        break;
      }
    const char *hs = at ? at + 1 : auth;
    u->host = parse_host(a, hs, alen - (size_t)(hs - auth), err);
    if (!u->host) return NULL;
    if (at) {
      size_t ul = (size_t)(at - auth);
      if (!valid_userinfo(auth, ul)) {
        *err = "net/url: invalid userinfo";
        return NULL;
      }
      const char *colon = memchr(auth, ':', ul);
      if (!colon) {
        u->user = unescape(a, auth, ul, ENC_USER, err);
        if (!u->user) return NULL;
      } else {
        u->user = unescape(a, auth, (size_t)(colon - auth), ENC_USER, err);
        if (!u->user) return NULL;
        u->password = unescape(a, colon + 1, ul - (size_t)(colon + 1 - auth), ENC_USER, err);
        if (!u->password) return NULL;
        u->has_password = true;
      }
    }
  } else if (u->scheme[0] && rn > 0 && rest[0] == '/') {
    u->omit_host = true;
  }
  u->path = unescape(a, rest, rn, ENC_PATH, err);
  if (!u->path) return NULL;
frag:
  if (hash && hash[1]) {
    u->fragment = unescape(a, hash + 1, strlen(hash + 1), ENC_FRAGMENT, err);
    if (!u->fragment) return NULL;
  }
  return u;
}

static const char *userinfo_string(ct_arena *a, const gurl *u) {
  if (!u->user) return "";
  const char *s = escape(a, u->user, ENC_USER);
  if (u->has_password) s = ct_arena_sprintf(a, "%s:%s", s, escape(a, u->password, ENC_USER));
  return s;
}

/* URL.String() (RawPath and RawFragment unset, as urlJoin builds them). */
static const char *url_string(ct_arena *a, const gurl *u) {
  ct_buf b = CT_BUF_INIT;
  if (u->scheme[0]) {
    ct_buf_puts(&b, u->scheme);
    ct_buf_putc(&b, ':');
  }
  if (u->opaque[0]) {
    ct_buf_puts(&b, u->opaque);
  } else {
    if (u->scheme[0] || u->host[0] || u->user) {
      if (!(u->omit_host && !u->host[0] && !u->user)) {
        if (u->host[0] || u->path[0] || u->user) ct_buf_puts(&b, "//");
        if (u->user) {
          ct_buf_puts(&b, userinfo_string(a, u));
          ct_buf_putc(&b, '@');
        }
        if (u->host[0]) ct_buf_puts(&b, escape(a, u->host, ENC_HOST));
      }
    }
    const char *path = !strcmp(u->path, "*") ? "*" : escape(a, u->path, ENC_PATH);
    if (path[0] && path[0] != '/' && u->host[0]) ct_buf_putc(&b, '/');
    if (b.len == 0) {
      const char *slash = strchr(path, '/');
      size_t seg = slash ? (size_t)(slash - path) : strlen(path);
      if (memchr(path, ':', seg)) ct_buf_puts(&b, "./");
    }
    ct_buf_puts(&b, path);
  }
  if (u->force_query || u->raw_query[0]) {
    ct_buf_putc(&b, '?');
    ct_buf_puts(&b, u->raw_query);
  }
  if (u->fragment[0]) {
    ct_buf_putc(&b, '#');
    ct_buf_puts(&b, escape(a, u->fragment, ENC_FRAGMENT));
  }
  const char *r = ct_arena_strndup(a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return r;
}

static int f_url_parse(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  const char *raw = args[0] && args[0]->type == CT_STRING ? args[0]->s.ptr : "";
  const char *err = NULL;
  gurl *u = url_parse(a, raw, &err);
  if (!u) {
    const char *hash = strchr(raw, '#');
    ct_buf q = CT_BUF_INIT;
    /* Go reports the part before '#' unless the fragment failed */
    bool frag_err = hash && strncmp(err, "invalid URL escape", 18) == 0 && url_parse(a, ct_arena_strndup(a, raw, (size_t)(hash - raw)), &(const char *){NULL});
    ct_gofmt_quote(&q, raw, hash && !frag_err ? (size_t)(hash - raw) : strlen(raw));
    int rc = ct_call_errorf(c, "unable to parse url: parse %s: %s", ct_buf_str(&q), err);
    ct_buf_dispose(&q);
    return rc;
  }
  ct_value *m = ct_map_new(a, CT_MAP, 8);
  ct_map_setc(a, m, "scheme", ct_cstring(a, u->scheme));
  ct_map_setc(a, m, "host", ct_cstring(a, u->host));
  /* Hostname(): host without a valid :port, brackets removed */
  const char *h = u->host;
  size_t hn = strlen(h);
  const char *colon = strrchr(h, ':');
  if (colon && valid_optional_port(colon, hn - (size_t)(colon - h))) hn = (size_t)(colon - h);
  if (hn >= 2 && h[0] == '[' && h[hn - 1] == ']') h++, hn -= 2;
  ct_map_setc(a, m, "hostname", ct_string(a, h, hn));
  ct_map_setc(a, m, "path", ct_cstring(a, u->path));
  ct_map_setc(a, m, "query", ct_cstring(a, u->raw_query));
  ct_map_setc(a, m, "opaque", ct_cstring(a, u->opaque));
  ct_map_setc(a, m, "fragment", ct_cstring(a, u->fragment));
  ct_map_setc(a, m, "userinfo", ct_cstring(a, userinfo_string(a, u)));
  *out = m;
  return 0;
}

/* Sprig's dictGetOrEmpty: absent → "", a string → itself, anything else → panic. */
static int dict_get(ct_call *c, const ct_value *d, const char *key, const char **out) {
  ct_value *v = NULL;
  if (!d || !ct_map_get(d, key, strlen(key), &v)) {
    *out = "";
    return 0;
  }
  if (!v) return ct_call_errorf(c, "runtime error: invalid memory address or nil pointer dereference");
  if (v->type != CT_STRING)
    return ct_call_errorf(c, "unable to parse %s key, must be of type string, but %s found", key, ct_kind_name(v));
  *out = v->s.ptr;
  return 0;
}

static int f_url_join(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  const ct_value *d = args[0];
  gurl u = {0};
  const char *userinfo;
  if (dict_get(c, d, "scheme", &u.scheme) || dict_get(c, d, "host", &u.host) || dict_get(c, d, "path", &u.path) ||
      dict_get(c, d, "query", &u.raw_query) || dict_get(c, d, "opaque", &u.opaque) ||
      dict_get(c, d, "fragment", &u.fragment) || dict_get(c, d, "userinfo", &userinfo))
    return -1;
  if (userinfo[0]) {
    const char *tmp = ct_arena_sprintf(a, "proto://%s@host", userinfo);
    const char *err = NULL;
    gurl *t = url_parse(a, tmp, &err);
    if (!t) {
      const char *hash = strchr(tmp, '#');
      ct_buf q = CT_BUF_INIT;
      ct_gofmt_quote(&q, tmp, hash ? (size_t)(hash - tmp) : strlen(tmp));
      int rc = ct_call_errorf(c, "unable to parse userinfo in dict: parse %s: %s", ct_buf_str(&q), err);
      ct_buf_dispose(&q);
      return rc;
    }
    u.user = t->user;
    u.password = t->password;
    u.has_password = t->has_password;
  }
  *out = ct_cstring(a, url_string(a, &u));
  return 0;
}

static const ct_func funcs[] = {
    {"urlParse", "string->map[string]any", f_url_parse, NULL},
    {"urlJoin", "map[string]any->string", f_url_join, NULL},
};

const ct_func *ct_sprig__url(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
