/* paths.c — Sprig's path functions: base dir clean ext isAbs (Go's path package) and
 * osBase osDir osClean osExt osIsAbs (path/filepath, which on Unix behaves the same). */
#include <string.h>

#include "sprig/sprig_int.h"

static void sarg(ct_value *const *args, const char **s, size_t *n) {
  const ct_value *v = args[0];
  if (v && v->type == CT_STRING) {
    *s = v->s.ptr;
    *n = v->s.len;
  } else {
    *s = "";
    *n = 0;
  }
}

/* Go's path.Clean: lexical processing of ".", "..", and repeated slashes. */
static ct_value *clean(ct_arena *a, const char *p, size_t n) {
  if (n == 0) return ct_cstring(a, ".");
  bool rooted = p[0] == '/';
  char *o = ct_arena_alloc(a, n + 2);
  size_t w = 0, r = 0, dotdot = 0;
  if (rooted) {
    o[w++] = '/';
    r = 1;
    dotdot = 1;
  }
  while (r < n) {
    if (p[r] == '/') {
      r++;
    } else if (p[r] == '.' && (r + 1 == n || p[r + 1] == '/')) {
      r++;
    } else if (p[r] == '.' && p[r + 1] == '.' && (r + 2 == n || p[r + 2] == '/')) {
      r += 2;
      if (w > dotdot) {
        w--;
        while (w > dotdot && o[w] != '/') w--;
      } else if (!rooted) {
        if (w > 0) o[w++] = '/';
        o[w++] = '.';
        o[w++] = '.';
        dotdot = w;
      }
    } else {
      if ((rooted && w != 1) || (!rooted && w != 0)) o[w++] = '/';
      for (; r < n && p[r] != '/'; r++) o[w++] = p[r];
    }
  }
  if (w == 0) o[w++] = '.';
  o[w] = 0;
  return ct_string_nocopy(a, o, w);
}

static int f_clean(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const char *s;
  size_t n;
  sarg(args, &s, &n);
  *out = clean(ct_call_arena(c), s, n);
  return 0;
}

static int f_base(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const char *s;
  size_t n;
  sarg(args, &s, &n);
  ct_arena *a = ct_call_arena(c);
  if (n == 0) {
    *out = ct_cstring(a, ".");
    return 0;
  }
  while (n > 0 && s[n - 1] == '/') n--;
  size_t i = n;
  while (i > 0 && s[i - 1] != '/') i--;
  if (n - i == 0) {
    *out = ct_cstring(a, "/");
    return 0;
  }
  *out = ct_string(a, s + i, n - i);
  return 0;
}

static int f_dir(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const char *s;
  size_t n;
  sarg(args, &s, &n);
  size_t i = n;
  while (i > 0 && s[i - 1] != '/') i--;
  *out = clean(ct_call_arena(c), s, i);
  return 0;
}

static int f_ext(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const char *s;
  size_t n;
  sarg(args, &s, &n);
  for (size_t i = n; i > 0 && s[i - 1] != '/'; i--) {
    if (s[i - 1] == '.') {
      *out = ct_string(ct_call_arena(c), s + i - 1, n - i + 1);
      return 0;
    }
  }
  *out = ct_cstring(ct_call_arena(c), "");
  return 0;
}

static int f_isabs(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const char *s;
  size_t n;
  sarg(args, &s, &n);
  *out = ct_bool(ct_call_arena(c), n > 0 && s[0] == '/');
  return 0;
}

static const ct_func funcs[] = {
    {"base", "string->string", f_base, NULL},     {"dir", "string->string", f_dir, NULL},
    {"clean", "string->string", f_clean, NULL},   {"ext", "string->string", f_ext, NULL},
    {"isAbs", "string->bool", f_isabs, NULL},     {"osBase", "string->string", f_base, NULL},
    {"osDir", "string->string", f_dir, NULL},     {"osClean", "string->string", f_clean, NULL},
    {"osExt", "string->string", f_ext, NULL},     {"osIsAbs", "string->bool", f_isabs, NULL},
};

const ct_func *ct_sprig__paths(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
