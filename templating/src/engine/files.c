/* files.c — `.Files` as Helm's engine.files (pkg/engine/files.go): Get, GetBytes, Glob
 * (gobwas/glob with '/' separator), Lines, AsConfig, AsSecrets. */
#include <stdio.h>
#include <string.h>

#include "chartctl/codec.h"
#include "engine/engine_int.h"

typedef struct files_obj {
  const ct_chart_file **f; /* sorted by name */
  size_t n;
  ct_arena *chart_arena; /* where contents the load deferred are read to */
} files_obj;

static const ct_object_class files_class;

static ct_value *make_files(ct_arena *a, const ct_chart_file **f, size_t n, ct_arena *chart_arena) {
  files_obj *o = ct_arena_alloc(a, sizeof *o);
  o->f = f;
  o->n = n;
  o->chart_arena = chart_arena;
  return ct_object(a, &files_class, o);
}

ct_value *ct_engine__files_value(ct_arena *a, const ct_chart *c) {
  const ct_chart_file **f = ct_arena_alloc(a, (c->nfiles + 1) * sizeof *f);
  for (size_t i = 0; i < c->nfiles; i++) f[i] = &c->files[i];
  return make_files(a, f, c->nfiles, c->arena);
}

/* F's contents, read now if the load deferred them (ct_chart_load_lazy). A read that fails
 * leaves them empty; the render then fails with the load error (ct_chart_lazy_error). */
static const ct_chart_file *contents(const files_obj *o, const ct_chart_file *f) {
  if (f && f->lazy_path) (void)ct_chart_file_read((ct_chart_file *)f, o->chart_arena);
  return f;
}

static const ct_chart_file *find(const files_obj *o, const char *name) {
  size_t lo = 0, hi = o->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int r = strcmp(o->f[mid]->name, name);
    if (!r) return contents(o, o->f[mid]);
    if (r < 0) lo = mid + 1;
    else hi = mid;
  }
  /* not sorted as expected? fall back to a scan */
  for (size_t i = 0; i < o->n; i++)
    if (!strcmp(o->f[i]->name, name)) return contents(o, o->f[i]);
  return NULL;
}

/* ---- gobwas/glob with separator '/' ---- */
/* Matches P[0..pn) against S[0..sn). Returns 1 match, 0 no match, -1 bad pattern. */
static int glob_at(const char *p, size_t pn, const char *s, size_t sn, int depth);

/* Finds the end of a {a,b} group starting at P (pointing at '{'); returns index after '}'. */
static long group_end(const char *p, size_t pn, size_t at) {
  int lvl = 0;
  for (size_t i = at; i < pn; i++) {
    if (p[i] == '\\') { i++; continue; }
    if (p[i] == '[') {
      while (i < pn && p[i] != ']') i++;
      continue;
    }
    if (p[i] == '{') lvl++;
    else if (p[i] == '}' && --lvl == 0) return (long)i + 1;
  }
  return -1;
}

static int glob_at(const char *p, size_t pn, const char *s, size_t sn, int depth) {
  if (depth > 64) return 0;
  size_t pi = 0, si = 0;
  while (pi < pn) {
    char c = p[pi];
    if (c == '*') {
      bool super = pi + 1 < pn && p[pi + 1] == '*';
      size_t rest = pi + (super ? 2 : 1);
      while (rest < pn && p[rest] == '*') rest++;
      for (size_t k = si;; k++) {
        int r = glob_at(p + rest, pn - rest, s + k, sn - k, depth + 1);
        if (r) return r;
        if (k >= sn) return 0;
        if (!super && s[k] == '/') return 0;
      }
    }
    if (c == '{') {
      long end = group_end(p, pn, pi);
      if (end < 0) return -1;
      /* try each alternative followed by the rest of the pattern */
      size_t start = pi + 1;
      int lvl = 0;
      for (size_t i = start; i < (size_t)end; i++) {
        if (p[i] == '\\') { i++; continue; }
        if (p[i] == '{') lvl++;
        if ((p[i] == ',' && lvl == 0) || (i == (size_t)end - 1)) {
          size_t alen = i - start;
          size_t restlen = pn - (size_t)end;
          char buf[4096];
          if (alen + restlen >= sizeof buf) return -1;
          memcpy(buf, p + start, alen);
          memcpy(buf + alen, p + end, restlen);
          int r = glob_at(buf, alen + restlen, s + si, sn - si, depth + 1);
          if (r) return r;
          start = i + 1;
        }
        if (p[i] == '}') lvl--;
      }
      return 0;
    }
    if (si >= sn) return 0;
    if (c == '?') {
      if (s[si] == '/') return 0;
      pi++, si++;
      continue;
    }
    if (c == '[') {
      size_t i = pi + 1;
      bool neg = false;
      if (i < pn && p[i] == '!') neg = true, i++;
      bool matched = false;
      size_t first = i;
      while (i < pn && (p[i] != ']' || i == first)) {
        char lo = p[i], hi = lo;
        if (i + 2 < pn && p[i + 1] == '-' && p[i + 2] != ']') {
          hi = p[i + 2];
          i += 3;
        } else {
          i++;
        }
        if ((unsigned char)s[si] >= (unsigned char)lo && (unsigned char)s[si] <= (unsigned char)hi)
          matched = true;
      }
      if (i >= pn) return -1;
      if (matched == neg) return 0;
      pi = i + 1, si++;
      continue;
    }
    if (c == '\\') {
      if (pi + 1 >= pn) return -1;
      c = p[++pi];
    }
    if (s[si] != c) return 0;
    pi++, si++;
  }
  return si == sn;
}

/* what gobwas/glob.Compile rejects: unclosed '[' or '{', stray '}', trailing '\\' */
static bool glob_valid(const char *p) {
  int braces = 0;
  for (; *p; p++) {
    if (*p == '\\') {
      if (!p[1]) return false;
      p++;
    } else if (*p == '[') {
      const char *q = p + 1;
      if (*q == '!') q++;
      if (*q == ']') q++;
      while (*q && *q != ']') q++;
      if (!*q) return false;
      p = q;
    } else if (*p == '{') {
      braces++;
    } else if (*p == '}') {
      if (--braces < 0) return false;
    }
  }
  return braces == 0;
}

bool ct_engine__glob(const char *pattern, const char *name) {
  if (!glob_valid(pattern)) return true; /* Helm falls back to "**" */
  int r = glob_at(pattern, strlen(pattern), name, strlen(name), 0);
  if (r < 0) return true; /* Helm falls back to "**" for a bad pattern */
  return r == 1;
}

/* ---- methods ---- */
static int files_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  const files_obj *o = self->obj.data;
  if (!strcmp(name, "AsConfig") || !strcmp(name, "AsSecrets")) {
    bool secrets = name[2] == 'S';
    if (!o->n) {
      *out = ct_string(a, "", 0);
      return 0;
    }
    ct_value *m = ct_map_new(a, CT_STRMAP, o->n);
    for (size_t i = 0; i < o->n; i++) {
      contents(o, o->f[i]);
      const char *base = strrchr(o->f[i]->name, '/');
      base = base ? base + 1 : o->f[i]->name;
      ct_value *v;
      if (secrets) {
        ct_buf b = CT_BUF_INIT;
        ct_engine__base64(&b, o->f[i]->data, o->f[i]->len);
        v = ct_string(a, ct_buf_str(&b), b.len);
        ct_buf_dispose(&b);
      } else {
        v = ct_string_nocopy(a, o->f[i]->data, o->f[i]->len);
      }
      ct_map_set(a, m, base, strlen(base), v);
    }
    ct_buf y = CT_BUF_INIT, err = CT_BUF_INIT;
    if (ct_yaml_emit(&y, m, &err) != 0) ct_buf_reset(&y);
    size_t len = y.len;
    if (len && y.ptr[len - 1] == '\n') len--;
    *out = ct_string(a, ct_buf_str(&y), len);
    ct_buf_dispose(&y);
    ct_buf_dispose(&err);
    return 0;
  }
  return -1;
}

static int files_method(ct_value **out, const ct_value *self, const char *name,
                        ct_value *const *args, size_t nargs, ct_arena *a, char *errbuf,
                        size_t errlen) {
  const files_obj *o = self->obj.data;
  bool one_string = !strcmp(name, "Get") || !strcmp(name, "GetBytes") || !strcmp(name, "Glob") ||
                    !strcmp(name, "Lines");
  if (!one_string) {
    if (!strcmp(name, "AsConfig") || !strcmp(name, "AsSecrets")) {
      if (nargs) {
        snprintf(errbuf, errlen, "wrong number of args for %s: want 0 got %zu", name, nargs);
        return -2;
      }
      return files_field(out, self, name, a);
    }
    return -1;
  }
  if (nargs != 1) {
    snprintf(errbuf, errlen, "wrong number of args for %s: want 1 got %zu", name, nargs);
    return -2;
  }
  if (!args[0] || args[0]->type != CT_STRING) {
    snprintf(errbuf, errlen, "wrong type for value; expected string; got %s", ct_type_name(args[0]));
    return -2;
  }
  const char *arg = args[0]->s.ptr;
  if (!strcmp(name, "Get") || !strcmp(name, "GetBytes")) {
    const ct_chart_file *f = find(o, arg);
    bool bytes = name[3] == 'B';
    const char *d = f ? f->data : "";
    size_t len = f ? f->len : 0;
    *out = bytes ? ct_bytes(a, d, len) : ct_string_nocopy(a, d, len);
    return 0;
  }
  if (!strcmp(name, "Glob")) {
    const ct_chart_file **sel = ct_arena_alloc(a, (o->n + 1) * sizeof *sel);
    size_t k = 0;
    for (size_t i = 0; i < o->n; i++)
      if (ct_engine__glob(arg, o->f[i]->name)) sel[k++] = o->f[i];
    *out = make_files(a, sel, k, o->chart_arena);
    return 0;
  }
  /* Lines */
  ct_value *l = ct_list_new(a, CT_STRLIST, 8);
  const ct_chart_file *f = find(o, arg);
  if (f) {
    size_t len = f->len;
    if (len && f->data[len - 1] == '\n') len--;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
      if (i == len || f->data[i] == '\n') {
        ct_list_push(a, l, ct_string(a, f->data + start, i - start));
        start = i + 1;
      }
    }
  }
  *out = l;
  return 0;
}

static bool files_has_method(const ct_value *self, const char *name) {
  (void)self;
  return !strcmp(name, "Get") || !strcmp(name, "GetBytes") || !strcmp(name, "Glob") ||
         !strcmp(name, "Lines") || !strcmp(name, "AsConfig") || !strcmp(name, "AsSecrets");
}

/* map[string][]byte: what range/len/index and toJson see */
static ct_value *files_marshal(const ct_value *self, ct_arena *a) {
  const files_obj *o = self->obj.data;
  ct_value *m = ct_map_new(a, CT_MAP, o->n);
  for (size_t i = 0; i < o->n; i++) {
    contents(o, o->f[i]);
    ct_map_set(a, m, o->f[i]->name, strlen(o->f[i]->name), ct_bytes(a, o->f[i]->data, o->f[i]->len));
  }
  return m;
}

static void files_format(const ct_value *self, ct_buf *out) {
  const files_obj *o = self->obj.data;
  ct_buf_puts(out, "map[");
  for (size_t i = 0; i < o->n; i++) {
    contents(o, o->f[i]);
    if (i) ct_buf_putc(out, ' ');
    ct_buf_puts(out, o->f[i]->name);
    ct_buf_puts(out, ":[");
    for (size_t k = 0; k < o->f[i]->len; k++)
      ct_buf_printf(out, k ? " %u" : "%u", (unsigned char)o->f[i]->data[k]);
    ct_buf_putc(out, ']');
  }
  ct_buf_putc(out, ']');
}

/* Helm's engine.files methods: Get, GetBytes, Glob, Lines take a string; AsConfig, AsSecrets none */
static const char *files_sig(const ct_value *self, const char *name) {
  (void)self;
  if (!strcmp(name, "Get")) return "string->string";
  if (!strcmp(name, "GetBytes")) return "string->[]byte";
  if (!strcmp(name, "Glob")) return "string->any";
  if (!strcmp(name, "Lines")) return "string->[]string";
  if (!strcmp(name, "AsConfig") || !strcmp(name, "AsSecrets")) return "->string";
  return NULL;
}

static const ct_object_class files_class = {"engine.files", files_field,   files_method, files_has_method,
                                            files_marshal,  files_format, files_sig};

bool ct_engine__is_files(const ct_value *v) {
  return v && v->type == CT_OBJECT && v->obj.cls == &files_class;
}
