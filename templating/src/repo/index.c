/* index.c — repository index.yaml documents: loading as Helm's loadIndex, version lookup
 * with SemVer ranges (IndexFile.Get), newest-first sorting, and `helm repo index DIR`. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chartctl/codec.h"
#include "repo/repo_int.h"

const char *ct_repo__field(const ct_value *m, const char *key) {
  ct_value *v = ct_is_map(m) ? ct_map_getc(m, key) : NULL;
  return v && v->type == CT_STRING ? v->s.ptr : "";
}

static int cmp_desc(const void *x, const void *y) {
  const ct_value *a = *(ct_value *const *)x, *b = *(ct_value *const *)y;
  return -ct_repo__semver_cmp(ct_repo__field(a, "version"), ct_repo__field(b, "version"));
}

void ct_repo__index_sort(ct_arena *a, ct_value *idx) {
  ct_value *entries = ct_map_getc(idx, "entries");
  if (!ct_is_map(entries)) return;
  size_t n;
  const ct_map_entry *e = ct_map_sorted(a, entries, &n);
  for (size_t i = 0; i < n; i++)
    if (ct_is_list(e[i].value) && e[i].value->list->len > 1)
      qsort(e[i].value->list->items, e[i].value->list->len, sizeof(ct_value *), cmp_desc);
}

int ct_repo__index_parse(ct_value **out, ct_arena *a, const char *data, size_t len, const char *source) {
  ct_value *doc = NULL;
  if (!len) return ct_error_set(CT_EINVAL, "empty index.yaml file");
  ct_buf err = CT_BUF_INIT;
  if (ct_yaml_parse_raw(&doc, a, data, len, &err) < 0) {
    int rc = ct_error_set(CT_EINVAL, "%s", ct_buf_str(&err));
    ct_buf_dispose(&err);
    return rc;
  }
  ct_buf_dispose(&err);
  if (!ct_is_map(doc)) return ct_error_set(CT_EINVAL, "%s: no API version specified", source);
  if (!*ct_repo__field(doc, "apiVersion")) return ct_error_set(CT_EINVAL, "no API version specified");
  ct_value *entries = ct_map_getc(doc, "entries");
  if (!entries) {
    entries = ct_map_new(a, CT_MAP, 0);
    ct_map_setc(a, doc, "entries", entries);
  }
  if (!ct_is_map(entries)) return ct_error_set(CT_EINVAL, "%s: entries is not a map", source);
  /* loadIndex drops entries that are nil or fail validation; keep the well-formed ones */
  size_t n;
  const ct_map_entry *e = ct_map_sorted(a, entries, &n);
  for (size_t i = 0; i < n; i++) {
    ct_value *l = e[i].value;
    if (!ct_is_list(l)) return ct_error_set(CT_EINVAL, "%s: entry %s is not a list", source, e[i].key.ptr);
    size_t k = 0;
    for (size_t j = 0; j < l->list->len; j++) {
      ct_value *cv = l->list->items[j];
      if (!ct_is_map(cv) || !*ct_repo__field(cv, "version")) continue;
      if (!*ct_repo__field(cv, "name")) ct_map_setc(a, cv, "name", ct_string(a, e[i].key.ptr, e[i].key.len));
      l->list->items[k++] = cv;
    }
    l->list->len = k;
  }
  ct_repo__index_sort(a, doc);
  *out = doc;
  return CT_OK;
}

ct_value *ct_repo__index_get(ct_value *idx, const char *name, const char *version) {
  ct_value *entries = ct_map_getc(idx, "entries");
  ct_value *l = entries ? ct_map_getc(entries, name) : NULL;
  if (!ct_is_list(l)) {
    ct_error_set(CT_ENOTFOUND, "no chart name found");
    return NULL;
  }
  if (!l->list->len) {
    ct_error_set(CT_ENOTFOUND, "no chart version found");
    return NULL;
  }
  if (version && *version) {
    for (size_t i = 0; i < l->list->len; i++)
      if (!strcmp(ct_repo__field(l->list->items[i], "version"), version)) return l->list->items[i];
  }
  const char *constraint = version && *version ? version : "*";
  for (size_t i = 0; i < l->list->len; i++) {
    const char *v = ct_repo__field(l->list->items[i], "version");
    if (!ct_chart_version_valid(v)) continue;
    if (ct_chart_version_in_range(constraint, v)) return l->list->items[i];
  }
  ct_error_set(CT_ENOTFOUND, "no chart version found for %s-%s", name, version ? version : "");
  return NULL;
}

/* ---- helm repo index ---- */
typedef struct found {
  char **v;
  size_t len, cap;
} found;

static void walk(found *f, const char *dir, const char *rel, int depth) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2]))) continue;
    char *full = ct_repo__join(dir, e->d_name);
    char *r = *rel ? ct_repo__join(rel, e->d_name) : strdup(e->d_name);
    struct stat st;
    if (lstat(full, &st) == 0) {
      if (S_ISDIR(st.st_mode)) {
        if (depth == 0) walk(f, full, r, 1); /* Helm globs DIR and its direct subdirectories */
      } else if (S_ISREG(st.st_mode)) {
        size_t l = strlen(e->d_name);
        if (l > 4 && !strcmp(e->d_name + l - 4, ".tgz")) {
          if (f->len == f->cap) {
            f->cap = f->cap ? f->cap * 2 : 16;
            f->v = realloc(f->v, f->cap * sizeof *f->v);
            if (!f->v) abort();
          }
          f->v[f->len++] = r;
          r = NULL;
        }
      }
    }
    free(r);
    free(full);
  }
  closedir(d);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* A version map for a loaded chart, as ChartVersion marshals. */
static ct_value *version_map(ct_arena *a, const ct_chart *c, const char *url, const char *digest,
                             const char *created) {
  ct_value *obj = ct_chart_metadata_value(a, c);
  /* deep copy: annotations and import-values point into the chart, freed before the index */
  ct_value *m = ct_value_copy(a, obj->obj.cls->marshal(obj, a));
  ct_map_delete(m, "IsRoot", 6);
  ct_value *urls = ct_list_new(a, CT_LIST, 1);
  ct_list_push(a, urls, ct_cstring(a, url));
  ct_map_setc(a, m, "urls", urls);
  ct_map_setc(a, m, "created", ct_cstring(a, created));
  ct_map_setc(a, m, "digest", ct_cstring(a, digest));
  return m;
}

static bool has_version(const ct_value *entries, const char *name, const char *version) {
  ct_value *l = ct_map_getc(entries, name);
  if (!ct_is_list(l)) return false;
  for (size_t i = 0; i < l->list->len; i++)
    if (!strcmp(ct_repo__field(l->list->items[i], "version"), version)) return true;
  return false;
}

/* json.MarshalIndent(IndexFile, "", "  "): struct-backed maps (the document, chart versions,
 * maintainers, dependencies) in field order as built; Go maps (entries, annotations,
 * import-values contents) sorted, which is what ct_json_emit does. */
static void jindent(ct_buf *b, int depth) {
  ct_buf_putc(b, '\n');
  for (int i = 0; i < depth; i++) ct_buf_puts(b, "  ");
}

static int jvalue(ct_buf *b, const ct_value *v, int depth, bool ordered, ct_arena *a);

static int jgeneric(ct_buf *b, const ct_value *v, int depth) {
  /* a nested generic value: ct_json_emit with this depth's indentation */
  ct_buf tmp = CT_BUF_INIT, err = CT_BUF_INIT;
  int rc = ct_json_emit(&tmp, v, "  ", true, &err);
  rc = rc < 0 ? ct_error_set(CT_EINVAL, "index: %s", ct_buf_str(&err)) : CT_OK;
  for (size_t i = 0; !rc && i < tmp.len; i++) {
    ct_buf_putc(b, tmp.ptr[i]);
    if (tmp.ptr[i] == '\n')
      for (int k = 0; k < depth; k++) ct_buf_puts(b, "  ");
  }
  ct_buf_dispose(&tmp), ct_buf_dispose(&err);
  return rc;
}

static int jvalue(ct_buf *b, const ct_value *v, int depth, bool ordered, ct_arena *a) {
  if (ordered && ct_is_map(v)) {
    size_t n;
    const ct_map_entry *e = ct_map_entries(v, &n);
    if (!n) return ct_buf_puts(b, "{}"), CT_OK;
    ct_buf_putc(b, '{');
    for (size_t i = 0; i < n; i++) {
      if (i) ct_buf_putc(b, ',');
      jindent(b, depth + 1);
      ct_value key = {.type = CT_STRING};
      key.s = e[i].key;
      ct_json_emit(b, &key, NULL, true, NULL);
      ct_buf_puts(b, ": ");
      const char *k = e[i].key.ptr;
      bool child_ordered = strcmp(k, "annotations") && strcmp(k, "import-values");
      int rc;
      if (!strcmp(k, "entries") && ct_is_map(e[i].value)) {
        /* map[string]ChartVersions: sorted names, each a list of ordered version maps */
        size_t m;
        const ct_map_entry *en = ct_map_sorted(a, e[i].value, &m);
        ct_buf_putc(b, '{');
        for (size_t j = 0; j < m; j++) {
          if (j) ct_buf_putc(b, ',');
          jindent(b, depth + 2);
          key.s = en[j].key;
          ct_json_emit(b, &key, NULL, true, NULL);
          ct_buf_puts(b, ": ");
          if ((rc = jvalue(b, en[j].value, depth + 2, true, a))) return rc;
        }
        if (m) jindent(b, depth + 1);
        ct_buf_putc(b, '}');
        continue;
      }
      if ((rc = jvalue(b, e[i].value, depth + 1, child_ordered, a))) return rc;
    }
    jindent(b, depth);
    ct_buf_putc(b, '}');
    return CT_OK;
  }
  if (ordered && ct_is_list(v)) {
    if (!v->list->len) return ct_buf_puts(b, "[]"), CT_OK;
    ct_buf_putc(b, '[');
    for (size_t i = 0; i < v->list->len; i++) {
      if (i) ct_buf_putc(b, ',');
      jindent(b, depth + 1);
      int rc = jvalue(b, v->list->items[i], depth + 1, true, a);
      if (rc) return rc;
    }
    jindent(b, depth);
    ct_buf_putc(b, ']');
    return CT_OK;
  }
  if (!v) return ct_buf_puts(b, "null"), CT_OK;
  return jgeneric(b, v, depth);
}

int ct_repo_index_dir(const char *dir, const char *url, const char *merge) {
  return ct_repo_index_dir_fmt(dir, url, merge, false);
}

int ct_repo_index_dir_fmt(const char *dir, const char *url, const char *merge, bool json) {
  if (!ct_repo__is_dir(dir)) return ct_error_set(CT_EINVAL, "stat %s: no such file or directory", dir);
  ct_arena *a = ct_arena_new();
  ct_value *idx = ct_map_new(a, CT_MAP, 3);
  ct_value *entries = ct_map_new(a, CT_MAP, 8);
  ct_map_setc(a, idx, "apiVersion", ct_cstring(a, "v1"));
  ct_map_setc(a, idx, "generated", ct_cstring(a, "")); /* field order: set again below */
  ct_map_setc(a, idx, "entries", entries);
  found f = {0};
  walk(&f, dir, "", 0);
  qsort(f.v, f.len, sizeof *f.v, cmp_str);
  int rc = CT_OK;
  char now[64];
  for (size_t i = 0; i < f.len && !rc; i++) {
    char *full = ct_repo__join(dir, f.v[i]);
    ct_buf data = CT_BUF_INIT;
    ct_chart *c = NULL;
    rc = ct_repo__read_file(&data, full, CT_REPO__MAX_CHART);
    if (!rc && ct_chart_load_archive_mem(&c, data.ptr, data.len) != CT_OK) {
      /* IndexDirectory: an archive that does not load is assumed not to be a chart */
      ct_error_clear();
    } else if (!rc) {
      char hex[65];
      ct_repo_sha256_hex(hex, data.ptr, data.len);
      char *u;
      if (url && *url) {
        u = ct_repo__resolve_url(url, f.v[i]);
      } else {
        u = strdup(f.v[i]);
      }
      ct_repo__now_rfc3339(now, sizeof now);
      if (!has_version(entries, c->meta.name, c->meta.version)) {
        ct_value *l = ct_map_getc(entries, c->meta.name);
        if (!l) {
          l = ct_list_new(a, CT_LIST, 2);
          ct_map_setc(a, entries, c->meta.name, l);
        }
        ct_list_push(a, l, version_map(a, c, u, hex, now));
      }
      free(u);
    }
    ct_chart_free(c);
    ct_buf_dispose(&data);
    free(full);
  }
  for (size_t i = 0; i < f.len; i++) free(f.v[i]);
  free(f.v);
  if (!rc && merge && *merge) {
    ct_buf old = CT_BUF_INIT;
    ct_value *oi = NULL;
    int r = ct_repo__read_file(&old, merge, CT_REPO__MAX_INDEX);
    if (r == CT_OK) {
      rc = ct_repo__index_parse(&oi, a, old.ptr, old.len, merge);
      if (rc) rc = ct_error_wrap(rc, "failed to load %s", merge);
    } else if (r != CT_ENOTFOUND) {
      rc = r;
    } else {
      ct_error_clear();
    }
    if (!rc && oi) {
      /* IndexFile.Merge: versions the new index lacks are added */
      size_t n;
      const ct_map_entry *e = ct_map_sorted(a, ct_map_getc(oi, "entries"), &n);
      for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < e[i].value->list->len; j++) {
          ct_value *cv = e[i].value->list->items[j];
          if (has_version(entries, e[i].key.ptr, ct_repo__field(cv, "version"))) continue;
          ct_value *l = ct_map_getc(entries, e[i].key.ptr);
          if (!l) {
            l = ct_list_new(a, CT_LIST, 2);
            ct_map_setc(a, entries, e[i].key.ptr, l);
          }
          ct_list_push(a, l, cv);
        }
      }
    }
    ct_buf_dispose(&old);
  }
  if (!rc) {
    ct_repo__index_sort(a, idx);
    ct_repo__now_rfc3339(now, sizeof now);
    ct_map_setc(a, idx, "generated", ct_cstring(a, now));
    ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
    if (json) {
      rc = jvalue(&out, idx, 0, true, a);
    } else {
      rc = ct_yaml_emit(&out, idx, &err);
      if (rc < 0) rc = ct_error_set(CT_EINVAL, "index: %s", ct_buf_str(&err));
    }
    if (!rc) {
      char *p = ct_repo__join(dir, "index.yaml");
      rc = ct_repo__write_atomic(p, out.ptr, out.len, 0644);
      free(p);
    }
    ct_buf_dispose(&out);
    ct_buf_dispose(&err);
  }
  ct_arena_free(a);
  return rc;
}
