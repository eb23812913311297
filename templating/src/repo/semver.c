/* semver.c — Masterminds/semver v3 ordering for repository indexes (newest first sorting,
 * prerelease detection). Range checks use the chart module's ct_chart_version_in_range. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "repo/repo_int.h"

typedef struct ver {
  unsigned long long n[3];
  const char *pre; /* after '-', up to '+' */
  size_t prelen;
} ver;

static bool parse(const char *s, ver *v) {
  memset(v, 0, sizeof *v);
  if (*s == 'v' || *s == 'V') s++;
  for (int i = 0; i < 3; i++) {
    if (!isdigit((unsigned char)*s)) return false;
    char *end;
    v->n[i] = strtoull(s, &end, 10);
    s = end;
    if (*s != '.') break;
    if (i < 2) s++;
  }
  if (*s == '-') {
    v->pre = ++s;
    v->prelen = strcspn(s, "+");
    if (!v->prelen) return false;
    s += v->prelen;
  }
  if (*s == '+') s += strlen(s);
  return *s == 0;
}

static int cmp_ident(const char *a, size_t al, const char *b, size_t bl) {
  bool an = al > 0, bn = bl > 0;
  for (size_t i = 0; i < al; i++) an = an && isdigit((unsigned char)a[i]);
  for (size_t i = 0; i < bl; i++) bn = bn && isdigit((unsigned char)b[i]);
  if (an && bn) {
    unsigned long long x = strtoull(a, NULL, 10), y = strtoull(b, NULL, 10);
    return x < y ? -1 : x > y;
  }
  if (an) return -1;
  if (bn) return 1;
  size_t m = al < bl ? al : bl;
  int c = memcmp(a, b, m);
  if (c) return c < 0 ? -1 : 1;
  return al < bl ? -1 : al > bl;
}

static int cmp_pre(const ver *x, const ver *y) {
  if (!x->pre && !y->pre) return 0;
  if (!x->pre) return 1;
  if (!y->pre) return -1;
  const char *a = x->pre, *ae = x->pre + x->prelen, *b = y->pre, *be = y->pre + y->prelen;
  while (a < ae && b < be) {
    const char *ad = memchr(a, '.', (size_t)(ae - a)), *bd = memchr(b, '.', (size_t)(be - b));
    size_t al = ad ? (size_t)(ad - a) : (size_t)(ae - a), bl = bd ? (size_t)(bd - b) : (size_t)(be - b);
    int c = cmp_ident(a, al, b, bl);
    if (c) return c;
    a += al + (ad != NULL);
    b += bl + (bd != NULL);
  }
  if (a < ae) return 1;
  if (b < be) return -1;
  return 0;
}

int ct_repo__semver_cmp(const char *a, const char *b) {
  ver x, y;
  bool xa = parse(a, &x), yb = parse(b, &y);
  if (!xa || !yb) {
    if (xa != yb) return xa ? 1 : -1;
    int c = strcmp(a, b);
    return c < 0 ? -1 : c > 0;
  }
  for (int i = 0; i < 3; i++)
    if (x.n[i] != y.n[i]) return x.n[i] < y.n[i] ? -1 : 1;
  return cmp_pre(&x, &y);
}

bool ct_repo__semver_is_pre(const char *v) {
  ver x;
  return parse(v, &x) && x.pre;
}

/* One constraint version: v? (N|x|X|*) (.(N|x|X|*)){0,2} (-pre)? (+meta)? */
static bool cversion_ok(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && (s[i] == 'v' || s[i] == 'V')) i++;
  for (int part = 0; part < 3; part++) {
    if (i >= n) return false;
    if (s[i] == 'x' || s[i] == 'X' || s[i] == '*') i++;
    else if (isdigit((unsigned char)s[i])) while (i < n && isdigit((unsigned char)s[i])) i++;
    else return false;
    if (i < n && s[i] == '.' && part < 2) { i++; continue; }
    break;
  }
  if (i < n && s[i] == '-') {
    i++;
    size_t st = i;
    while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.')) i++;
    if (i == st) return false;
  }
  if (i < n && s[i] == '+') {
    i++;
    size_t st = i;
    while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.')) i++;
    if (i == st) return false;
  }
  return i == n;
}

bool ct_repo__constraint_valid(const char *c) {
  const char *p = c;
  for (;;) {
    const char *bar = strstr(p, "||");
    size_t glen = bar ? (size_t)(bar - p) : strlen(p);
    /* terms separated by commas or spaces; "A - B" hyphen ranges */
    size_t i = 0;
    int terms = 0;
    bool want_hyphen_rhs = false;
    while (i < glen) {
      while (i < glen && (p[i] == ' ' || p[i] == ',' || p[i] == '\t')) i++;
      if (i >= glen) break;
      if (p[i] == '-' && i + 1 < glen && p[i + 1] == ' ' && terms) {
        want_hyphen_rhs = true;
        i++;
        continue;
      }
      size_t st = i;
      static const char *const ops[] = {"!=", ">=", "=>", "<=", "=<", "~>", "=", ">", "<", "~", "^"};
      for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        size_t ol = strlen(ops[k]);
        if (i + ol <= glen && !strncmp(p + i, ops[k], ol)) {
          i += ol;
          break;
        }
      }
      bool had_op = i > st;
      while (had_op && i < glen && p[i] == ' ') i++;
      size_t vs = i;
      while (i < glen && p[i] != ' ' && p[i] != ',' && p[i] != '\t') i++;
      if (!cversion_ok(p + vs, i - vs)) return false;
      if (want_hyphen_rhs && had_op) return false;
      want_hyphen_rhs = false;
      terms++;
    }
    if (!terms || want_hyphen_rhs) return false;
    if (!bar) return true;
    p = bar + 2;
  }
}
