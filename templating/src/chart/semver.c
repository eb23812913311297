/* semver.c — Masterminds/semver v3 as Helm's chart code uses it: NewVersion (lenient
 * parsing) for Chart.yaml validation and constraint checks for IsCompatibleRange. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_int.h"

typedef struct sv {
  unsigned long long maj, min, pat;
  char pre[128];
  bool has_min, has_pat;
  bool wild_maj, wild_min, wild_pat; /* for constraints: x, X, * */
} sv;

static bool ident_ok(const char *s, size_t n, bool numeric_check) {
  if (n == 0) return false;
  bool alldig = true;
  for (size_t i = 0; i < n; i++) {
    if (!(isalnum((unsigned char)s[i]) || s[i] == '-')) return false;
    if (!isdigit((unsigned char)s[i])) alldig = false;
  }
  if (numeric_check && alldig && n > 1 && s[0] == '0') return false;
  return true;
}

static bool dotted_ok(const char *s, size_t n, bool numeric_check) {
  size_t st = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i == n || s[i] == '.') {
      if (!ident_ok(s + st, i - st, numeric_check)) return false;
      st = i + 1;
    }
  }
  return true;
}

/* parses a number or (when WILD) a wildcard; returns chars consumed or 0 */
static size_t num(const char *s, unsigned long long *out, bool wild, bool *is_wild) {
  if (wild && (*s == 'x' || *s == 'X' || *s == '*')) { *is_wild = true; *out = 0; return 1; }
  size_t i = 0;
  unsigned long long v = 0;
  while (isdigit((unsigned char)s[i])) {
    unsigned long long nv = v * 10 + (unsigned long long)(s[i] - '0');
    if (nv / 10 != v) return 0;
    v = nv;
    i++;
  }
  *out = v;
  return i;
}

static bool parse(const char *s, sv *v, bool wild) {
  memset(v, 0, sizeof *v);
  if (*s == 'v' || *s == 'V') s++;
  size_t n = num(s, &v->maj, wild, &v->wild_maj);
  if (!n) return false;
  s += n;
  if (*s == '.') {
    n = num(s + 1, &v->min, wild, &v->wild_min);
    if (!n) return false;
    v->has_min = true;
    s += n + 1;
    if (*s == '.') {
      n = num(s + 1, &v->pat, wild, &v->wild_pat);
      if (!n) return false;
      v->has_pat = true;
      s += n + 1;
    }
  }
  if (*s == '-') {
    const char *e = strchr(s, '+');
    size_t l = e ? (size_t)(e - s - 1) : strlen(s + 1);
    if (!dotted_ok(s + 1, l, true) || l >= sizeof v->pre) return false;
    memcpy(v->pre, s + 1, l);
    v->pre[l] = 0;
    s += l + 1;
  }
  if (*s == '+') {
    if (!dotted_ok(s + 1, strlen(s + 1), false)) return false;
    s += strlen(s);
  }
  if (*s) return false;
  if (v->wild_maj) { v->wild_min = v->wild_pat = true; }
  if (v->wild_min) v->wild_pat = true;
  if (wild && !v->has_min) v->wild_min = v->wild_pat = true;
  else if (wild && !v->has_pat) v->wild_pat = true;
  return true;
}

bool ct_chart__semver_valid(const char *v) {
  sv x;
  return parse(v, &x, false);
}

static int cmp_pre(const char *a, const char *b) {
  if (!*a && !*b) return 0;
  if (!*a) return 1;
  if (!*b) return -1;
  while (*a || *b) {
    const char *ea = strchr(a, '.'), *eb = strchr(b, '.');
    size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
    if (la == 0 && *a == 0) return -1;
    if (lb == 0 && *b == 0) return 1;
    bool da = true, db = true;
    for (size_t i = 0; i < la; i++) if (!isdigit((unsigned char)a[i])) da = false;
    for (size_t i = 0; i < lb; i++) if (!isdigit((unsigned char)b[i])) db = false;
    int c;
    if (da && db) {
      unsigned long long x = strtoull(a, NULL, 10), y = strtoull(b, NULL, 10);
      c = x < y ? -1 : x > y;
    } else if (da) {
      c = -1;
    } else if (db) {
      c = 1;
    } else {
      size_t m = la < lb ? la : lb;
      c = memcmp(a, b, m);
      if (c == 0) c = la < lb ? -1 : la > lb;
      c = c < 0 ? -1 : c > 0;
    }
    if (c) return c;
    a += la; b += lb;
    if (*a == '.') a++;
    if (*b == '.') b++;
    if (!*a && *b) return -1;
    if (*a && !*b) return 1;
  }
  return 0;
}

static int cmp(const sv *a, const sv *b) {
  if (a->maj != b->maj) return a->maj < b->maj ? -1 : 1;
  if (a->min != b->min) return a->min < b->min ? -1 : 1;
  if (a->pat != b->pat) return a->pat < b->pat ? -1 : 1;
  return cmp_pre(a->pre, b->pre);
}

/* one constraint term: op + version */
static bool check(const char *op, sv *c, const sv *v) {
  /* prerelease versions only satisfy constraints that carry a prerelease */
  if (v->pre[0] && !c->pre[0]) return false;
  bool dirty = c->wild_maj || c->wild_min || c->wild_pat;
  if (!*op || !strcmp(op, "=")) {
    if (!dirty) return cmp(v, c) == 0;
    op = "~";
  }
  if (!strcmp(op, "!=")) {
    if (!dirty) return cmp(v, c) != 0;
    if (c->wild_maj) return false;
    if (c->wild_min) return v->maj != c->maj;
    return !(v->maj == c->maj && v->min == c->min);
  }
  if (!strcmp(op, ">")) {
    if (!dirty) return cmp(v, c) > 0;
    if (c->wild_maj) return false;
    if (c->wild_min) return v->maj > c->maj;
    return v->maj > c->maj || (v->maj == c->maj && v->min > c->min);
  }
  if (!strcmp(op, "<")) return cmp(v, c) < 0;
  if (!strcmp(op, ">=") || !strcmp(op, "=>")) return cmp(v, c) >= 0;
  if (!strcmp(op, "<=") || !strcmp(op, "=<")) {
    if (!dirty) return cmp(v, c) <= 0;
    if (c->wild_maj) return true;
    if (c->wild_min) return v->maj <= c->maj;
    return v->maj < c->maj || (v->maj == c->maj && v->min <= c->min);
  }
  if (!strcmp(op, "~") || !strcmp(op, "~>")) {
    if (cmp(v, c) < 0) return false;
    if (c->wild_maj) return true;
    if (v->maj != c->maj) return false;
    if (c->wild_min) return true;
    return v->min == c->min;
  }
  if (!strcmp(op, "^")) {
    if (cmp(v, c) < 0) return false;
    if (c->wild_maj) return true;
    if (c->maj > 0) return v->maj == c->maj;
    if (v->maj > 0) return false;
    if (c->wild_min) return true;
    if (c->min > 0) return v->min == c->min;
    if (v->min > 0) return false;
    if (c->wild_pat) return true;
    return v->pat == c->pat;
  }
  return false;
}

static bool and_group(const char *g, const sv *v) {
  /* tokens: [op]version, separated by ',' or spaces; "a - b" hyphen range */
  char buf[512];
  size_t gl = strlen(g);
  if (gl >= sizeof buf) return false;
  memcpy(buf, g, gl + 1);
  char *tok[32];
  size_t nt = 0;
  char *p = buf;
  while (*p && nt < 32) {
    while (*p == ' ' || *p == ',' || *p == '\t') p++;
    if (!*p) break;
    char *st = p;
    /* operator may be followed by spaces before the version */
    while (*p && strchr("<>=!~^", *p)) p++;
    while (*p == ' ') p++;
    while (*p && *p != ' ' && *p != ',' && *p != '\t') p++;
    if (*p) *p++ = 0;
    tok[nt++] = st;
  }
  if (nt == 0) return false;
  for (size_t i = 0; i < nt; i++) {
    if (i + 2 < nt && !strcmp(tok[i + 1], "-")) {
      sv lo, hi;
      if (!parse(tok[i], &lo, true) || !parse(tok[i + 2], &hi, true)) return false;
      if (!check(">=", &lo, v) || !check("<=", &hi, v)) return false;
      i += 2;
      continue;
    }
    char op[4] = {0};
    const char *s = tok[i];
    size_t ol = 0;
    while (*s && strchr("<>=!~^", *s) && ol < 3) op[ol++] = *s++;
    while (*s == ' ') s++;
    sv c;
    if (!parse(s, &c, true)) return false;
    if (!check(op, &c, v)) return false;
  }
  return true;
}

bool ct_chart__semver_in_range(const char *constraint, const char *version) {
  sv v;
  if (!constraint || !*constraint) return false;
  if (!parse(version, &v, false)) return false;
  const char *p = constraint;
  for (;;) {
    const char *e = strstr(p, "||");
    size_t l = e ? (size_t)(e - p) : strlen(p);
    char g[512];
    if (l >= sizeof g) return false;
    memcpy(g, p, l);
    g[l] = 0;
    if (and_group(g, &v)) return true;
    if (!e) return false;
    p = e + 2;
  }
}
