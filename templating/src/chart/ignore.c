/* ignore.c — .helmignore rules as Helm's pkg/ignore evaluates them, on top of Go's
 * path/filepath.Match (Unix separator), with Helm's default rule `templates/.?*`. */
#include <string.h>

#include "chart/chart_int.h"

/* ---- Go's filepath.Match ---- */

static int utf8_decode(const char *s, size_t len, int *n) {
  const unsigned char *u = (const unsigned char *)s;
  if (len == 0) { *n = 0; return -1; }
  if (u[0] < 0x80) { *n = 1; return u[0]; }
  int need, cp;
  if ((u[0] & 0xE0) == 0xC0) { need = 1; cp = u[0] & 0x1F; }
  else if ((u[0] & 0xF0) == 0xE0) { need = 2; cp = u[0] & 0x0F; }
  else if ((u[0] & 0xF8) == 0xF0) { need = 3; cp = u[0] & 0x07; }
  else { *n = 1; return 0xFFFD; }
  if ((size_t)need >= len) { *n = 1; return 0xFFFD; }
  for (int i = 1; i <= need; i++) {
    if ((u[i] & 0xC0) != 0x80) { *n = 1; return 0xFFFD; }
    cp = (cp << 6) | (u[i] & 0x3F);
  }
  *n = need + 1;
  return cp;
}

/* scanChunk: sets star and the chunk (cs, cl); returns the rest */
static const char *scan_chunk(const char *p, bool *star, const char **cs, size_t *cl) {
  *star = false;
  while (*p == '*') { p++; *star = true; }
  bool inrange = false;
  size_t i;
  for (i = 0; p[i]; i++) {
    char ch = p[i];
    if (ch == '\\') {
      if (p[i + 1]) i++;
    } else if (ch == '[') {
      inrange = true;
    } else if (ch == ']') {
      inrange = false;
    } else if (ch == '*' && !inrange) {
      break;
    }
  }
  *cs = p;
  *cl = i;
  return p + i;
}

/* getEsc: returns the rune and advances the chunk; -1 on bad pattern */
static int get_esc(const char **c, size_t *cl, int *r) {
  const char *p = *c;
  size_t l = *cl;
  if (l == 0 || *p == '-' || *p == ']') return -1;
  if (*p == '\\') {
    p++; l--;
    if (l == 0) return -1;
  }
  int n;
  int cp = utf8_decode(p, l, &n);
  int bad = 0;
  if (cp == 0xFFFD && n == 1 && (unsigned char)*p >= 0x80) bad = 1;
  p += n; l -= (size_t)n;
  if (l == 0) bad = 1;
  *r = cp;
  *c = p;
  *cl = l;
  return bad ? -1 : 0;
}

/* matchChunk: 1 ok (rest in *rest), 0 no, -1 bad pattern */
static int match_chunk(const char *chunk, size_t cl, const char *s, size_t sl, const char **rest,
                       size_t *restl) {
  bool failed = false;
  while (cl > 0) {
    if (!failed && sl == 0) failed = true;
    char ch = *chunk;
    if (ch == '[') {
      int r = -1;
      if (!failed) {
        int n;
        r = utf8_decode(s, sl, &n);
        s += n; sl -= (size_t)n;
      }
      chunk++; cl--;
      bool negated = false;
      if (cl > 0 && *chunk == '^') { negated = true; chunk++; cl--; }
      bool match = false;
      int nrange = 0;
      for (;;) {
        if (cl > 0 && *chunk == ']' && nrange > 0) { chunk++; cl--; break; }
        int lo, hi;
        if (get_esc(&chunk, &cl, &lo) < 0) return -1;
        hi = lo;
        if (*chunk == '-') {
          chunk++; cl--;
          if (get_esc(&chunk, &cl, &hi) < 0) return -1;
        }
        if (lo <= r && r <= hi) match = true;
        nrange++;
      }
      if (match == negated) failed = true;
    } else if (ch == '?') {
      if (!failed) {
        if (*s == '/') failed = true;
        int n;
        utf8_decode(s, sl, &n);
        s += n; sl -= (size_t)n;
      }
      chunk++; cl--;
    } else {
      if (ch == '\\') {
        chunk++; cl--;
        if (cl == 0) return -1;
      }
      if (!failed) {
        if (*chunk != *s) failed = true;
        s++; sl--;
      }
      chunk++; cl--;
    }
  }
  if (failed) return 0;
  *rest = s;
  *restl = sl;
  return 1;
}

int ct_chart__glob_match(const char *pattern, const char *name) {
  const char *p = pattern;
  const char *nm = name;
  size_t nl = strlen(name);
  while (*p) {
    bool star;
    const char *cs;
    size_t cl;
    p = scan_chunk(p, &star, &cs, &cl);
    if (star && cl == 0) return memchr(nm, '/', nl) ? 0 : 1;
    const char *t;
    size_t tl;
    int ok = match_chunk(cs, cl, nm, nl, &t, &tl);
    if (ok == 1 && (tl == 0 || *p)) {
      nm = t; nl = tl;
      continue;
    }
    if (ok < 0) return -1;
    bool advanced = false;
    if (star) {
      for (size_t i = 0; i < nl && nm[i] != '/'; i++) {
        int ok2 = match_chunk(cs, cl, nm + i + 1, nl - i - 1, &t, &tl);
        if (ok2 == 1) {
          if (!*p && tl > 0) continue;
          nm = t; nl = tl;
          advanced = true;
          break;
        }
        if (ok2 < 0) return -1;
      }
    }
    if (advanced) continue;
    while (*p) {
      p = scan_chunk(p, &star, &cs, &cl);
      if (match_chunk(cs, cl, "", 0, &t, &tl) < 0) return -1;
    }
    return 0;
  }
  return nl == 0 ? 1 : 0;
}

/* ---- rules ---- */

typedef enum { M_ROOT, M_PATH, M_BASE } match_kind;

/* How a rule is matched: most rules are a literal name or `*` + a literal suffix (`*.swp`),
 * which need no glob machinery; anything else goes through ct_chart__glob_match. */
typedef enum { G_GLOB, G_LITERAL, G_STAR_SUFFIX } glob_shape;

typedef struct pattern {
  const char *rule; /* without !, trailing / and (for M_ROOT) leading / */
  match_kind kind;
  bool negate, must_dir;
  glob_shape shape;
  size_t lit_len; /* G_LITERAL: strlen(rule); G_STAR_SUFFIX: length of the suffix;
                   * G_GLOB: length of the literal text before the first special character
                   * (a name that does not start with it cannot match) */
} pattern;

static glob_shape shape_of(const char *rule, size_t *lit_len) {
  const char *lit = rule[0] == '*' ? rule + 1 : rule;
  if (strpbrk(lit, "*?[\\")) {
    *lit_len = strcspn(rule, "*?[\\");
    return G_GLOB;
  }
  *lit_len = strlen(lit);
  return lit == rule ? G_LITERAL : G_STAR_SUFFIX;
}

struct ct_ignore {
  pattern *v;
  size_t len, cap;
};

static int parse_rule(ct_ignore *r, ct_arena *a, const char *line, size_t len) {
  while (len > 0 && (*line == ' ' || *line == '\t' || *line == '\r' || *line == '\v' ||
                     *line == '\f' || *line == '\n')) {
    line++; len--;
  }
  while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r' ||
                     line[len - 1] == '\v' || line[len - 1] == '\f' || line[len - 1] == '\n'))
    len--;
  if (len == 0 || line[0] == '#') return 0;
  char *rule = ct_arena_strndup(a, line, len);
  if (strstr(rule, "**")) return ct_error_set(CT_EINVAL, "double-star (**) syntax is not supported");
  if (ct_chart__glob_match(rule, "abc") < 0) return ct_error_set(CT_EINVAL, "syntax error in pattern");
  pattern p = {0};
  if (*rule == '!') { p.negate = true; rule++; }
  size_t rl = strlen(rule);
  if (rl > 0 && rule[rl - 1] == '/') { p.must_dir = true; rule[rl - 1] = 0; }
  if (*rule == '/') {
    p.kind = M_ROOT;
    rule++;
  } else if (strchr(rule, '/')) {
    p.kind = M_PATH;
  } else {
    p.kind = M_BASE;
  }
  p.rule = rule;
  p.shape = shape_of(rule, &p.lit_len);
  if (r->len == r->cap) {
    size_t nc = r->cap ? r->cap * 2 : 8;
    r->v = ct_arena_realloc(a, r->v, r->cap * sizeof *r->v, nc * sizeof *r->v);
    r->cap = nc;
  }
  r->v[r->len++] = p;
  return 0;
}

int ct_chart__ignore_parse(ct_ignore **out, ct_arena *a, const char *text, size_t len) {
  ct_ignore *r = ct_arena_alloc(a, sizeof *r);
  if (text) {
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len) {
      size_t j = i;
      while (j < len && text[j] != '\n') j++;
      int rc = parse_rule(r, a, text + i, j - i);
      if (rc < 0) return rc;
      i = j + 1;
    }
  }
  parse_rule(r, a, "templates/.?*", 13);
  *out = r;
  return CT_OK;
}

/* NAME against the rule as filepath.Match would: `*` matches any run without '/'. */
static bool rule_match(const pattern *p, const char *name) {
  if (p->shape == G_LITERAL) return strcmp(p->rule, name) == 0;
  if (p->shape == G_STAR_SUFFIX) {
    size_t nl = strlen(name);
    if (nl < p->lit_len || memcmp(name + nl - p->lit_len, p->rule + 1, p->lit_len) != 0)
      return false;
    return memchr(name, '/', nl - p->lit_len) == NULL;
  }
  if (strncmp(name, p->rule, p->lit_len) != 0) return false;
  return ct_chart__glob_match(p->rule, name) == 1;
}

static bool pat_match(const pattern *p, const char *path) {
  if (p->kind == M_BASE) {
    const char *b = strrchr(path, '/');
    /* filepath.Base: trailing slashes removed first; paths here never end in '/' */
    return rule_match(p, b ? b + 1 : path);
  }
  return rule_match(p, path);
}

bool ct_chart__ignore_match(const ct_ignore *r, const char *path, bool is_dir) {
  if (!*path || strcmp(path, ".") == 0 || strcmp(path, "./") == 0) return false;
  bool pos = false, neg = false;
  for (size_t i = 0; i < r->len; i++) {
    const pattern *p = &r->v[i];
    if (p->negate) {
      if (p->must_dir && !is_dir) continue;
      if (!pat_match(p, path)) continue;
      neg = true;
    }
    if (p->must_dir && !is_dir) continue;
    if (pat_match(p, path)) pos = true;
  }
  return pos && !neg;
}
