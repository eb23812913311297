/* semver.c — Sprig's semver and semverCompare on Masterminds/semver v3 rules: loose version
 * parsing, constraint strings (^ ~ ranges, ||, hyphen ranges, wildcards, prerelease rules)
 * and the *semver.Version object templates reach (.Major, .Compare, .IncMinor...). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sprig/sprig_int.h"

typedef struct semver {
  uint64_t major, minor, patch;
  const char *pre, *meta, *orig;
} semver;

/* ---- patterns (PCRE2, ASCII only) ---- */

#define CV "v?([0-9|xX*]+)(\\.[0-9|xX*]+)?(\\.[0-9|xX*]+)?(-([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?(\\+([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?"
#define OPS "(!=|>=|=>|<=|=<|~>|=|>|<|~|\\^|)"
#define WS "[\\t\\n\\f\\r ]"

enum { RE_VERSION, RE_VALID, RE_FIND, RE_ONE, RE_RANGE, RE_N };
static const char *const patterns[RE_N] = {
    "^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$",
    "^(" WS "*" OPS WS "*(" CV ")" WS "*,?)+$",
    OPS WS "*(" CV ")",
    "^" WS "*" OPS WS "*(" CV ")" WS "*$",
    WS "*(" CV ")" WS "+-" WS "+(" CV ")" WS "*",
};
static _Thread_local pcre2_code *compiled[RE_N];

static pcre2_code *re(int which) {
  if (!compiled[which]) {
    int ec;
    PCRE2_SIZE eo;
    compiled[which] = pcre2_compile((PCRE2_SPTR)patterns[which], PCRE2_ZERO_TERMINATED,
                                    PCRE2_DOLLAR_ENDONLY, &ec, &eo, NULL);
    if (!compiled[which]) abort(); /* the patterns are constants */
  }
  return compiled[which];
}

typedef struct {
  pcre2_match_data *md;
  PCRE2_SIZE *ov;
  int rc;
} rmatch;

static bool rmatch_at(rmatch *m, int which, const char *s, size_t n, size_t start) {
  if (!m->md) m->md = pcre2_match_data_create_from_pattern(re(which), NULL);
  m->rc = pcre2_match(re(which), (PCRE2_SPTR)s, n, start, 0, m->md, NULL);
  m->ov = pcre2_get_ovector_pointer(m->md);
  return m->rc >= 0;
}
static void rmatch_free(rmatch *m) {
  pcre2_match_data_free(m->md);
  m->md = NULL;
}
/* Group G of the last match as (ptr, len); len 0 and ptr "" when unset. */
static const char *grp(const rmatch *m, const char *s, int g, size_t *len) {
  if (g >= m->rc || m->ov[2 * g] == PCRE2_UNSET) {
    *len = 0;
    return "";
  }
  *len = m->ov[2 * g + 1] - m->ov[2 * g];
  return s + m->ov[2 * g];
}

/* ---- versions ---- */

static bool all_in(const char *s, size_t n, const char *set) {
  for (size_t i = 0; i < n; i++)
    if (!s[i] || !strchr(set, s[i])) return false;
  return true;
}

#define NUMS "0123456789"
#define ALLOWED "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"

static const char *validate_pre(const char *p) {
  const char *seg = p;
  for (;;) {
    const char *dot = strchr(seg, '.');
    size_t n = dot ? (size_t)(dot - seg) : strlen(seg);
    if (all_in(seg, n, NUMS)) {
      if (n > 1 && seg[0] == '0') return "Version segment starts with 0";
    } else if (!all_in(seg, n, ALLOWED)) {
      return "Invalid Prerelease string";
    }
    if (!dot) return NULL;
    seg = dot + 1;
  }
}

static const char *parse_uint(const char *s, size_t n, uint64_t *out, ct_arena *a) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned d = (unsigned)(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10)
      return ct_arena_sprintf(a, "Error parsing version segment: strconv.ParseUint: parsing \"%.*s\": value out of range",
                              (int)n, s);
    v = v * 10 + d;
  }
  *out = v;
  return NULL;
}

/* semver.NewVersion: returns NULL (and the error message) or the version. */
static semver *version_parse(ct_arena *a, const char *s, size_t n, const char **err) {
  rmatch m = {0};
  if (!rmatch_at(&m, RE_VERSION, s, n, 0)) {
    rmatch_free(&m);
    *err = "Invalid Semantic Version";
    return NULL;
  }
  semver *v = ct_arena_alloc(a, sizeof *v);
  size_t l;
  const char *g;
  g = grp(&m, s, 1, &l);
  *err = parse_uint(g, l, &v->major, a);
  if (!*err) {
    g = grp(&m, s, 2, &l);
    if (l) *err = parse_uint(g + 1, l - 1, &v->minor, a);
  }
  if (!*err) {
    g = grp(&m, s, 3, &l);
    if (l) *err = parse_uint(g + 1, l - 1, &v->patch, a);
  }
  g = grp(&m, s, 5, &l);
  v->pre = ct_arena_strndup(a, g, l);
  g = grp(&m, s, 8, &l);
  v->meta = ct_arena_strndup(a, g, l);
  v->orig = ct_arena_strndup(a, s, n);
  rmatch_free(&m);
  if (!*err && v->pre[0]) *err = validate_pre(v->pre);
  return *err ? NULL : v;
}

static const char *version_string(ct_arena *a, const semver *v) {
  return ct_arena_sprintf(a, "%llu.%llu.%llu%s%s%s%s", (unsigned long long)v->major,
                          (unsigned long long)v->minor, (unsigned long long)v->patch,
                          v->pre[0] ? "-" : "", v->pre, v->meta[0] ? "+" : "", v->meta);
}

static int cmp_u(uint64_t x, uint64_t y) { return x < y ? -1 : x > y ? 1 : 0; }

static bool parse_num(const char *s, size_t n, uint64_t *out) {
  if (n == 0) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    unsigned d = (unsigned)(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

static int cmp_pre_part(const char *s, size_t sn, const char *o, size_t on) {
  if (sn == on && memcmp(s, o, sn) == 0) return 0;
  if (sn == 0) return -1;
  if (on == 0) return 1;
  uint64_t si = 0, oi = 0;
  bool sok = parse_num(s, sn, &si), ook = parse_num(o, on, &oi);
  if (!sok && !ook) {
    size_t k = sn < on ? sn : on;
    int c = memcmp(s, o, k);
    return c > 0 || (c == 0 && sn > on) ? 1 : -1;
  }
  if (!ook) return -1;
  if (!sok) return 1;
  return si > oi ? 1 : -1;
}

static int cmp_pre(const char *s, const char *o) {
  while (*s || *o) {
    const char *sd = strchr(s, '.'), *od = strchr(o, '.');
    size_t sn = sd ? (size_t)(sd - s) : strlen(s), on = od ? (size_t)(od - o) : strlen(o);
    int d = cmp_pre_part(s, sn, o, on);
    if (d) return d;
    s = sd ? sd + 1 : s + sn;
    o = od ? od + 1 : o + on;
    if (!sd && !od) break;
  }
  return 0;
}

static int version_compare(const semver *v, const semver *o) {
  int d;
  if ((d = cmp_u(v->major, o->major)) || (d = cmp_u(v->minor, o->minor)) || (d = cmp_u(v->patch, o->patch)))
    return d;
  if (!v->pre[0] && !o->pre[0]) return 0;
  if (!v->pre[0]) return 1;
  if (!o->pre[0]) return -1;
  return cmp_pre(v->pre, o->pre);
}

/* ---- constraints ---- */

typedef enum { OP_TILDE_EQ, OP_NE, OP_GT, OP_LT, OP_GE, OP_LE, OP_TILDE, OP_CARET } op_t;

typedef struct {
  op_t op;
  semver *con;
  bool dirty, minor_dirty, patch_dirty;
} constraint;

static op_t op_of(const char *s, size_t n) {
  static const struct { const char *t; op_t op; } ops[] = {
      {"", OP_TILDE_EQ}, {"=", OP_TILDE_EQ}, {"!=", OP_NE}, {">", OP_GT},     {"<", OP_LT},
      {">=", OP_GE},     {"=>", OP_GE},      {"<=", OP_LE}, {"=<", OP_LE},    {"~", OP_TILDE},
      {"~>", OP_TILDE},  {"^", OP_CARET},
  };
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (strlen(ops[i].t) == n && memcmp(ops[i].t, s, n) == 0) return ops[i].op;
  return OP_TILDE_EQ;
}

static bool is_x(const char *s, size_t n) {
  return n == 1 && (s[0] == 'x' || s[0] == 'X' || s[0] == '*');
}

static const char *parse_constraint(ct_arena *a, const char *s, size_t n, constraint *c) {
  memset(c, 0, sizeof *c);
  if (n == 0) {
    const char *e;
    c->con = version_parse(a, "0.0.0", 5, &e);
    c->dirty = true;
    return NULL;
  }
  rmatch m = {0};
  if (!rmatch_at(&m, RE_ONE, s, n, 0)) {
    rmatch_free(&m);
    return ct_arena_sprintf(a, "improper constraint: %.*s", (int)n, s);
  }
  size_t l1, l2, l3, l4, l5, l6;
  const char *op = grp(&m, s, 1, &l1), *whole = grp(&m, s, 2, &l2), *maj = grp(&m, s, 3, &l3);
  const char *mi = grp(&m, s, 4, &l4), *pa = grp(&m, s, 5, &l5), *pre = grp(&m, s, 6, &l6);
  c->op = op_of(op, l1);
  const char *ver;
  if (is_x(maj, l3) || l3 == 0) {
    ver = ct_arena_sprintf(a, "0.0.0%.*s", (int)l6, pre);
    c->dirty = true;
  } else if (l4 == 0 || is_x(mi + 1, l4 - 1)) {
    c->minor_dirty = c->dirty = true;
    ver = ct_arena_sprintf(a, "%.*s.0.0%.*s", (int)l3, maj, (int)l6, pre);
  } else if (l5 == 0 || is_x(pa + 1, l5 - 1)) {
    c->patch_dirty = c->dirty = true;
    ver = ct_arena_sprintf(a, "%.*s%.*s.0%.*s", (int)l3, maj, (int)l4, mi, (int)l6, pre);
  } else {
    ver = ct_arena_strndup(a, whole, l2);
  }
  rmatch_free(&m);
  const char *e;
  c->con = version_parse(a, ver, strlen(ver), &e);
  if (!c->con) return "constraint Parser Error";
  return NULL;
}

static bool check_tilde(const semver *v, const constraint *c) {
  if (v->pre[0] && !c->con->pre[0]) return false;
  if (version_compare(v, c->con) < 0) return false;
  if (c->con->major == 0 && c->con->minor == 0 && c->con->patch == 0 && !c->minor_dirty && !c->patch_dirty)
    return true;
  if (v->major != c->con->major) return false;
  if (v->minor != c->con->minor && !c->minor_dirty) return false;
  return true;
}

static bool check(const semver *v, const constraint *c) {
  const semver *k = c->con;
  bool pre_blocked = v->pre[0] && !k->pre[0];
  switch (c->op) {
  case OP_NE:
    if (c->dirty) {
      if (pre_blocked) return false;
      if (k->major != v->major) return true;
      if (k->minor != v->minor && !c->minor_dirty) return true;
      if (c->minor_dirty) return false;
      if (k->patch != v->patch && !c->patch_dirty) return true;
      if (c->patch_dirty) {
        if (v->pre[0] || k->pre[0]) return cmp_pre(v->pre, k->pre) != 0;
        return false;
      }
    }
    return version_compare(v, k) != 0;
  case OP_GT:
    if (pre_blocked) return false;
    if (!c->dirty) return version_compare(v, k) == 1;
    if (v->major > k->major) return true;
    if (v->major < k->major) return false;
    if (c->minor_dirty) return false;
    if (c->patch_dirty) return v->minor > k->minor;
    return version_compare(v, k) == 1;
  case OP_LT:
    if (pre_blocked) return false;
    return version_compare(v, k) < 0;
  case OP_GE:
    if (pre_blocked) return false;
    return version_compare(v, k) >= 0;
  case OP_LE:
    if (pre_blocked) return false;
    if (!c->dirty) return version_compare(v, k) <= 0;
    if (v->major > k->major) return false;
    if (v->major == k->major && v->minor > k->minor && !c->minor_dirty) return false;
    return true;
  case OP_TILDE:
    return check_tilde(v, c);
  case OP_TILDE_EQ:
    if (pre_blocked) return false;
    if (c->dirty) return check_tilde(v, c);
    return version_compare(v, k) == 0;
  case OP_CARET:
    if (pre_blocked) return false;
    if (version_compare(v, k) < 0) return false;
    if (k->major > 0 || c->minor_dirty) return v->major == k->major;
    if (k->major == 0 && v->major > 0) return false;
    if (k->minor > 0 || c->patch_dirty) return v->minor == k->minor;
    if (k->minor == 0 && v->minor > 0) return false;
    return k->patch == v->patch;
  }
  return false;
}

/* Rewrites "A - B" hyphen ranges to ">= A, <= B " (first occurrence of each match text). */
static char *rewrite_range(ct_arena *a, const char *s) {
  rmatch m = {0};
  size_t n = strlen(s), pos = 0;
  char *o = ct_arena_strdup(a, s);
  while (pos <= n && rmatch_at(&m, RE_RANGE, s, n, pos)) {
    size_t l0 = m.ov[1] - m.ov[0], l1, l2;
    const char *whole = s + m.ov[0];
    const char *v1 = grp(&m, s, 1, &l1), *v2 = grp(&m, s, 11, &l2);
    char *t = ct_arena_sprintf(a, ">= %.*s, <= %.*s ", (int)l1, v1, (int)l2, v2);
    char *needle = ct_arena_strndup(a, whole, l0);
    char *at = l0 ? strstr(o, needle) : NULL;
    if (at) {
      size_t off = (size_t)(at - o);
      o = ct_arena_sprintf(a, "%.*s%s%s", (int)off, o, t, at + l0);
    }
    pos = m.ov[1] > pos ? m.ov[1] : pos + 1;
  }
  rmatch_free(&m);
  return o;
}

/* semverCompare: NewConstraint(cs).Check(NewVersion(vs)). Returns NULL or the error. */
static const char *constraint_check(ct_arena *a, const char *cs, const semver *v, bool *ok) {
  char *c = rewrite_range(a, cs);
  *ok = false;
  bool any = false;
  /* parse every || group first: errors win over matches, as NewConstraint comes first */
  size_t ngroups = 1;
  for (const char *p = c; (p = strstr(p, "||")); p += 2) ngroups++;
  bool *results = ct_arena_alloc(a, ngroups * sizeof *results);
  size_t gi = 0;
  const char *seg = c;
  for (;;) {
    const char *bar = strstr(seg, "||");
    size_t sn = bar ? (size_t)(bar - seg) : strlen(seg);
    rmatch m = {0};
    if (!rmatch_at(&m, RE_VALID, seg, sn, 0)) {
      rmatch_free(&m);
      return ct_arena_sprintf(a, "improper constraint: %.*s", (int)sn, seg);
    }
    bool joy = true, found = false;
    size_t pos = 0;
    while (pos <= sn && rmatch_at(&m, RE_FIND, seg, sn, pos)) {
      found = true;
      constraint k;
      const char *e = parse_constraint(a, seg + m.ov[0], m.ov[1] - m.ov[0], &k);
      if (e) {
        rmatch_free(&m);
        return e;
      }
      if (joy && !check(v, &k)) joy = false;
      pos = m.ov[1] > m.ov[0] ? m.ov[1] : m.ov[1] + 1;
    }
    if (!found) {
      constraint k;
      const char *e = parse_constraint(a, seg, sn, &k);
      if (e) {
        rmatch_free(&m);
        return e;
      }
      joy = check(v, &k);
    }
    rmatch_free(&m);
    results[gi++] = joy;
    if (!bar) break;
    seg = bar + 2;
  }
  for (size_t i = 0; i < gi; i++) any = any || results[i];
  *ok = any;
  return NULL;
}

/* ---- the *semver.Version object ---- */

static const ct_object_class ptr_class, val_class;

static ct_value *make_obj(ct_arena *a, const semver *v, bool pointer) {
  semver *copy = ct_arena_alloc(a, sizeof *copy);
  *copy = *v;
  return ct_object(a, pointer ? &ptr_class : &val_class, copy);
}

static const char *vprefix(const semver *v) { return v->orig[0] == 'v' ? "v" : ""; }

static ct_value *inc(ct_arena *a, const semver *v, int which) {
  semver n = *v;
  if (which == 2) { /* IncPatch */
    if (v->pre[0]) {
      n.meta = "";
      n.pre = "";
    } else {
      n.meta = "";
      n.pre = "";
      n.patch++;
    }
  } else if (which == 1) {
    n.meta = n.pre = "";
    n.patch = 0;
    n.minor++;
  } else {
    n.meta = n.pre = "";
    n.patch = n.minor = 0;
    n.major++;
  }
  n.orig = ct_arena_sprintf(a, "%s%s", vprefix(v), version_string(a, &n));
  return make_obj(a, &n, false);
}

static int set_part(ct_value **out, const semver *v, const ct_value *arg, bool pre, ct_arena *a, char *errbuf,
                    size_t errlen) {
  if (!arg || arg->type != CT_STRING) {
    snprintf(errbuf, errlen, "wrong type for value; expected string; got %s", ct_type_name(arg));
    return -2;
  }
  semver n = *v;
  if (pre) {
    const char *e = arg->s.len ? validate_pre(arg->s.ptr) : NULL;
    if (!e && strlen(arg->s.ptr) != arg->s.len) e = "Invalid Prerelease string"; /* a NUL byte */
    if (e) {
      snprintf(errbuf, errlen, "%s", e);
      return -2;
    }
    n.pre = ct_arena_strdup(a, arg->s.ptr);
  } else {
    if (arg->s.len && !all_in(arg->s.ptr, arg->s.len, ALLOWED)) {
      snprintf(errbuf, errlen, "Invalid Metadata string");
      return -2;
    }
    n.meta = ct_arena_strdup(a, arg->s.ptr);
  }
  n.orig = ct_arena_sprintf(a, "%s%s", vprefix(v), version_string(a, &n));
  *out = make_obj(a, &n, false);
  return 0;
}

/* Masterminds/semver v3.3.0's methods with Go's signatures in the ct_func form. Value
 * receivers (both semver.Version and *semver.Version have them) come first; the pointer
 * receivers after them are only in *semver.Version's method set. The engine has no
 * *semver.Version parameter type yet: until it does, method_sig gives `sig`, where that
 * parameter is "any" (the engine checks the count, the method the type); then it can give
 * `go` itself. The mutating UnmarshalJSON, UnmarshalText and Scan are not provided. */
static const struct {
  const char *name, *go, *sig;
} methods[] = {
    {"IncMajor", "->semver.Version", "->any"},
    {"IncMinor", "->semver.Version", "->any"},
    {"IncPatch", "->semver.Version", "->any"},
    {"Major", "->uint64", "->uint64"},
    {"MarshalJSON", "->[]byte,error", "->[]byte,error"},
    {"MarshalText", "->[]byte,error", "->[]byte,error"},
    {"Metadata", "->string", "->string"},
    {"Minor", "->uint64", "->uint64"},
    {"Patch", "->uint64", "->uint64"},
    {"Prerelease", "->string", "->string"},
    {"SetMetadata", "string->semver.Version,error", "string->any,error"},
    {"SetPrerelease", "string->semver.Version,error", "string->any,error"},
    {"String", "->string", "->string"},
    {"Value", "->driver.Value,error", "->any,error"},
#define N_VALUE_METHODS 14
    {"Original", "->string", "->string"},
    {"Compare", "*semver.Version->int", "any->int"},
    {"Equal", "*semver.Version->bool", "any->bool"},
    {"GreaterThan", "*semver.Version->bool", "any->bool"},
    {"GreaterThanEqual", "*semver.Version->bool", "any->bool"},
    {"LessThan", "*semver.Version->bool", "any->bool"},
    {"LessThanEqual", "*semver.Version->bool", "any->bool"},
};

static const char *obj_sig(const ct_value *self, const char *name) {
  size_t n = self->obj.cls == &ptr_class ? sizeof methods / sizeof methods[0] : N_VALUE_METHODS;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(methods[i].name, name)) return methods[i].go;
  return NULL;
}

static bool obj_has_method(const ct_value *self, const char *name) { return obj_sig(self, name) != NULL; }

static int obj_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  const semver *v = self->obj.data;
  if (!obj_sig(self, name)) return -1; /* every exported name of Version is a method */
  if (!strcmp(name, "String") || !strcmp(name, "Value")) *out = ct_cstring(a, version_string(a, v));
  else if (!strcmp(name, "IncMajor")) *out = inc(a, v, 0);
  else if (!strcmp(name, "IncMinor")) *out = inc(a, v, 1);
  else if (!strcmp(name, "IncPatch")) *out = inc(a, v, 2);
  else if (!strcmp(name, "Major")) *out = ct_uint(a, CT_UINT64, v->major);
  else if (!strcmp(name, "Minor")) *out = ct_uint(a, CT_UINT64, v->minor);
  else if (!strcmp(name, "Patch")) *out = ct_uint(a, CT_UINT64, v->patch);
  else if (!strcmp(name, "Prerelease")) *out = ct_cstring(a, v->pre);
  else if (!strcmp(name, "Metadata")) *out = ct_cstring(a, v->meta);
  else if (!strcmp(name, "Original")) *out = ct_cstring(a, v->orig);
  else if (!strcmp(name, "MarshalText")) *out = ct_cstring(a, version_string(a, v));
  else if (!strcmp(name, "MarshalJSON")) *out = ct_cstring(a, ct_arena_sprintf(a, "\"%s\"", version_string(a, v)));
  else return -1;
  if (name[0] == 'M' && name[1] == 'a' && name[2] == 'r') (*out)->type = CT_BYTES; /* Marshal*: []byte */
  return 0;
}

static bool is_cmp_method(const char *name) {
  return !strcmp(name, "Compare") || !strcmp(name, "LessThan") || !strcmp(name, "GreaterThan") ||
         !strcmp(name, "Equal") || !strcmp(name, "LessThanEqual") || !strcmp(name, "GreaterThanEqual");
}

static int obj_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args,
                      size_t nargs, ct_arena *a, char *errbuf, size_t errlen) {
  const semver *v = self->obj.data;
  const char *sig = obj_sig(self, name);
  if (!sig) return -1;
  size_t want = sig[0] == '-' ? 0 : 1;
  if (nargs != want) { /* the engine checks this first; kept for other callers */
    snprintf(errbuf, errlen, "wrong number of args for %s: want %zu got %zu", name, want, nargs);
    return -2;
  }
  if (is_cmp_method(name)) {
    const ct_value *o = args[0];
    if (!o) { /* a nil *Version: Equal says false, the others dereference it */
      if (!strcmp(name, "Equal")) {
        *out = ct_bool(a, false);
        return 0;
      }
      snprintf(errbuf, errlen, "runtime error: invalid memory address or nil pointer dereference");
      return -2;
    }
    if (o->type != CT_OBJECT || o->obj.cls != &ptr_class) {
      snprintf(errbuf, errlen, "wrong type for value; expected *semver.Version; got %s", ct_type_name(o));
      return -2;
    }
    int d = version_compare(v, o->obj.data);
    if (!strcmp(name, "Compare")) *out = ct_int(a, CT_INT, d);
    else if (!strcmp(name, "LessThan")) *out = ct_bool(a, d < 0);
    else if (!strcmp(name, "GreaterThan")) *out = ct_bool(a, d > 0);
    else if (!strcmp(name, "Equal")) *out = ct_bool(a, d == 0);
    else if (!strcmp(name, "LessThanEqual")) *out = ct_bool(a, d <= 0);
    else *out = ct_bool(a, d >= 0);
    return 0;
  }
  if (!strcmp(name, "SetPrerelease") || !strcmp(name, "SetMetadata"))
    return set_part(out, v, args[0], name[3] == 'P', a, errbuf, errlen);
  return obj_field(out, self, name, a);
}

static ct_value *obj_marshal(const ct_value *self, ct_arena *a) {
  return ct_cstring(a, version_string(a, self->obj.data));
}

static void obj_format(const ct_value *self, ct_buf *out) {
  const semver *v = self->obj.data;
  ct_buf_printf(out, "%llu.%llu.%llu", (unsigned long long)v->major, (unsigned long long)v->minor,
                (unsigned long long)v->patch);
  if (v->pre[0]) ct_buf_printf(out, "-%s", v->pre);
  if (v->meta[0]) ct_buf_printf(out, "+%s", v->meta);
}

static const ct_object_class ptr_class = {"*semver.Version", obj_field, obj_method, obj_has_method,
                                          obj_marshal, obj_format, obj_sig};
static const ct_object_class val_class = {"semver.Version", obj_field, obj_method, obj_has_method,
                                          obj_marshal, obj_format, obj_sig};

/* ---- functions ---- */

static int f_semver(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  const ct_value *s = args[0];
  const char *err;
  semver *v = version_parse(a, s && s->type == CT_STRING ? s->s.ptr : "", s && s->type == CT_STRING ? s->s.len : 0, &err);
  if (!v) return ct_call_errorf(c, "%s", err);
  *out = make_obj(a, v, true);
  return 0;
}

static int f_semver_compare(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  const char *cs = args[0] && args[0]->type == CT_STRING ? args[0]->s.ptr : "";
  const ct_value *s = args[1];
  /* NewConstraint first: its error wins */
  semver zero = {0, 0, 0, "", "", ""};
  bool ok;
  const char *err = constraint_check(a, cs, &zero, &ok);
  if (err) return ct_call_errorf(c, "%s", err);
  semver *v = version_parse(a, s && s->type == CT_STRING ? s->s.ptr : "", s && s->type == CT_STRING ? s->s.len : 0, &err);
  if (!v) return ct_call_errorf(c, "%s", err);
  err = constraint_check(a, cs, v, &ok);
  if (err) return ct_call_errorf(c, "%s", err);
  *out = ct_bool(a, ok);
  return 0;
}

static const ct_func funcs[] = {
    {"semver", "string->any,error", f_semver, NULL},
    {"semverCompare", "string,string->bool,error", f_semver_compare, NULL},
};

const ct_func *ct_sprig__semver(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
