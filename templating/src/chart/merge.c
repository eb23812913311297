/* merge.c — user-supplied values as pkg/cli/values MergeValues builds them (-f files, then
 * --set-json, --set, --set-string, --set-file, --set-literal) and chartutil.ReadValues. */
#include <errno.h>
#include <string.h>

#include "chart/chart_int.h"
#include "chartctl/codec.h"
#include "chartctl/values.h"

int ct_values_read(ct_value **out, ct_arena *a, const char *data, size_t len) {
  ct_buf err = CT_BUF_INIT;
  ct_value *v = NULL;
  int rc = CT_OK;
  if (ct_yaml_parse_values(&v, a, data, len, &err) < 0)
    rc = ct_error_set(CT_EINVAL, "%s", ct_buf_str(&err));
  else
    *out = v ? v : ct_map_new(a, CT_MAP, 0);
  ct_buf_dispose(&err);
  return rc;
}

/* readFile: "-" (after trimming spaces) is stdin, anything else a local path */
static int read_file(ct_buf *out, const char *path, FILE *in) {
  const char *s = path;
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
  size_t l = strlen(s);
  while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\n' || s[l - 1] == '\r')) l--;
  FILE *f;
  bool std = l == 1 && s[0] == '-';
  if (std) {
    f = in ? in : stdin;
  } else {
    f = fopen(path, "rb");
    if (!f) {
      char m[128];
      snprintf(m, sizeof m, "%s", strerror(errno));
      if (m[0] >= 'A' && m[0] <= 'Z') m[0] = (char)(m[0] + 32);
      return ct_error_set(errno == ENOENT ? CT_ENOTFOUND : CT_EIO, "open %s: %s", path, m);
    }
  }
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) ct_buf_put(out, tmp, n);
  int rc = CT_OK;
  if (ferror(f)) {
    char m[128];
    snprintf(m, sizeof m, "%s", strerror(errno));
    if (m[0] >= 'A' && m[0] <= 'Z') m[0] = (char)(m[0] + 32);
    rc = ct_error_set(CT_EIO, "read %s: %s", path, m);
  }
  if (!std) fclose(f);
  return rc;
}

/* mergeMaps(a, b): a new map with b's entries over a's, maps merged recursively */
static ct_value *merge_maps(ct_arena *a, const ct_value *x, const ct_value *y) {
  size_t nx = 0, ny = 0;
  const ct_map_entry *ex = x ? ct_map_entries(x, &nx) : NULL;
  const ct_map_entry *ey = y ? ct_map_entries(y, &ny) : NULL;
  ct_value *out = ct_map_new(a, CT_MAP, nx + ny);
  for (size_t i = 0; i < nx; i++) ct_map_set(a, out, ex[i].key.ptr, ex[i].key.len, ex[i].value);
  for (size_t i = 0; i < ny; i++) {
    ct_value *v = ey[i].value, *cur = NULL;
    if (v && v->type == CT_MAP && ct_map_get(out, ey[i].key.ptr, ey[i].key.len, &cur) && cur &&
        cur->type == CT_MAP) {
      ct_map_set(a, out, ey[i].key.ptr, ey[i].key.len, merge_maps(a, cur, v));
      continue;
    }
    ct_map_set(a, out, ey[i].key.ptr, ey[i].key.len, v);
  }
  return out;
}

typedef struct file_ctx {
  FILE *in;
} file_ctx;

static int set_file_reader(ct_value **out, ct_arena *a, const char *path, void *udata) {
  file_ctx *fc = udata;
  ct_buf b = CT_BUF_INIT;
  int rc = read_file(&b, path, fc->in);
  *out = ct_string(a, b.ptr ? b.ptr : "", b.len);
  ct_buf_dispose(&b);
  return rc;
}

int ct_values_merge(ct_value **out, ct_arena *a, const ct_values_opts *o) {
  ct_value *base = ct_map_new(a, CT_MAP, 8);
  file_ctx fc = {.in = o->stdin_file};
  for (size_t i = 0; i < o->n_value_files; i++) {
    ct_buf b = CT_BUF_INIT;
    int rc = read_file(&b, o->value_files[i], o->stdin_file);
    if (rc < 0) {
      ct_buf_dispose(&b);
      return rc;
    }
    ct_value *cur = NULL;
    ct_buf err = CT_BUF_INIT;
    rc = ct_yaml_parse_values(&cur, a, b.ptr ? b.ptr : "", b.len, &err);
    ct_buf_dispose(&b);
    if (rc < 0) {
      rc = ct_error_set(CT_EINVAL, "failed to parse %s: %s", o->value_files[i], ct_buf_str(&err));
      ct_buf_dispose(&err);
      return rc;
    }
    ct_buf_dispose(&err);
    base = merge_maps(a, base, cur);
  }
  for (size_t i = 0; i < o->n_set_json; i++)
    if (ct_strvals_parse(base, a, o->set_json[i], CT_STRVALS_JSON, NULL, NULL) < 0)
      return ct_error_set(CT_EINVAL, "failed parsing --set-json data %s", o->set_json[i]);
  for (size_t i = 0; i < o->n_set; i++)
    if (ct_strvals_parse(base, a, o->set[i], CT_STRVALS_SET, NULL, NULL) < 0)
      return ct_error_wrap(CT_EINVAL, "failed parsing --set data");
  for (size_t i = 0; i < o->n_set_string; i++)
    if (ct_strvals_parse(base, a, o->set_string[i], CT_STRVALS_STRING, NULL, NULL) < 0)
      return ct_error_wrap(CT_EINVAL, "failed parsing --set-string data");
  for (size_t i = 0; i < o->n_set_file; i++)
    if (ct_strvals_parse(base, a, o->set_file[i], CT_STRVALS_FILE, set_file_reader, &fc) < 0)
      return ct_error_wrap(CT_EINVAL, "failed parsing --set-file data");
  for (size_t i = 0; i < o->n_set_literal; i++)
    if (ct_strvals_parse(base, a, o->set_literal[i], CT_STRVALS_LITERAL, NULL, NULL) < 0)
      return ct_error_wrap(CT_EINVAL, "failed parsing --set-literal data");
  *out = base;
  return CT_OK;
}
