/* archive.c — chart archives (.tgz) as Helm's LoadArchiveFiles reads them (entries from
 * targz.c): first path component dropped, Helm's path-safety errors, BOM trimmed, size caps. */
#include <stdlib.h>
#include <string.h>

#include "chart/chart_int.h"
#include "chartctl/gofmt.h"
#include "chartctl/parse_cache.h"

/* Go's path.Clean for '/' paths, into the arena */
static char *path_clean(ct_arena *a, const char *p) {
  size_t n = strlen(p);
  if (n == 0) return ct_arena_strdup(a, ".");
  bool rooted = p[0] == '/';
  char *out = ct_arena_alloc(a, n + 2);
  size_t w = 0, r = 0, dotdot = 0;
  if (rooted) { out[w++] = '/'; r = 1; dotdot = 1; }
  while (r < n) {
    if (p[r] == '/') { r++; continue; }
    if (p[r] == '.' && (r + 1 == n || p[r + 1] == '/')) { r++; continue; }
    if (p[r] == '.' && p[r + 1] == '.' && (r + 2 == n || p[r + 2] == '/')) {
      r += 2;
      if (w > dotdot) {
        w--;
        while (w > dotdot && out[w] != '/') w--;
      } else if (!rooted) {
        if (w > 0) out[w++] = '/';
        out[w++] = '.';
        out[w++] = '.';
        dotdot = w;
      }
      continue;
    }
    if ((rooted && w != 1) || (!rooted && w != 0)) out[w++] = '/';
    while (r < n && p[r] != '/') out[w++] = p[r++];
  }
  if (w == 0) out[w++] = '.';
  out[w] = 0;
  return out;
}

void ct_chart__blist_push(ct_arena *a, ct_chart__blist *l, char *name, char *data, size_t len) {
  if (l->len == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 32;
    l->v = ct_arena_realloc(a, l->v, l->cap * sizeof *l->v, nc * sizeof *l->v);
    l->cap = nc;
  }
  l->v[l->len].name = name;
  l->v[l->len].data = data;
  l->v[l->len].len = len;
  l->v[l->len].lazy_path = NULL;
  l->v[l->len].id = NULL;
  l->len++;
  l->total += len;
}

static int entry_name(ct_arena *a, const char *raw, char **out) {
  char delim = strchr(raw, '\\') ? '\\' : '/';
  const char *rest = strchr(raw, delim);
  size_t first_len = rest ? (size_t)(rest - raw) : strlen(raw);
  char *n = ct_arena_strdup(a, rest ? rest + 1 : "");
  for (char *p = n; *p; p++)
    if (*p == delim) *p = '/';
  if (n[0] == '/') return ct_error_set(CT_EINVAL, "chart illegally contains absolute paths");
  char *c = path_clean(a, n);
  if (!strcmp(c, ".")) {
    ct_buf q = CT_BUF_INIT;
    ct_gofmt_quote(&q, raw, strlen(raw));
    int rc = ct_error_set(CT_EINVAL, "chart illegally contains content outside the base directory: %s",
                          ct_buf_str(&q));
    ct_buf_dispose(&q);
    return rc;
  }
  if (!strncmp(c, "..", 2)) return ct_error_set(CT_EINVAL, "chart illegally references parent directory");
  if (((c[0] >= 'a' && c[0] <= 'z') || (c[0] >= 'A' && c[0] <= 'Z')) && c[1] == ':' && c[2] == '/')
    return ct_error_set(CT_EINVAL, "chart contains illegally named files");
  if (first_len == 10 && !strncmp(raw, "Chart.yaml", 10))
    return ct_error_set(CT_EINVAL, "chart yaml not in base directory");
  *out = c;
  return CT_OK;
}

/* a link target must stay inside the chart */
static bool link_inside(ct_arena *a, const char *name, const char *target) {
  if (!target || target[0] == '/' || target[0] == '\\') return false;
  const char *slash = strrchr(name, '/');
  char *joined = slash ? ct_arena_sprintf(a, "%.*s/%s", (int)(slash - name), name, target)
                       : ct_arena_strdup(a, target);
  char *c = path_clean(a, joined);
  return strncmp(c, "..", 2) != 0 && c[0] != '/';
}

/* ---- archives seen before (the parse cache, kind CT_PCACHE_ARCHIVE) ----
 * Inflating is most of an archive's load (toolhub's 27 KB elasticsearch subchart inflates to
 * 176 KB in a quarter of its render). An archive whose files loaded is kept as those files,
 * keyed by the archive's bytes, which the entry holds and the lookup compares: the payload is
 * the file count, then each file's name length, data length, name and data (each with a NUL
 * after it), as 64-bit lengths. Only archives that loaded are kept: errors come from the
 * archive itself, every time. */

unsigned long ct_chart__archive_cache_hits;

static void put_len(ct_buf *b, uint64_t v) { ct_buf_put(b, (const char *)&v, 8); }

static bool get_len(const unsigned char **p, const unsigned char *end, uint64_t *v) {
  if ((size_t)(end - *p) < 8) return false;
  memcpy(v, *p, 8);
  *p += 8;
  return true;
}

void ct_chart__archive_to_entry(ct_buf *b, const ct_chart__blist *l) {
  put_len(b, l->len);
  for (size_t i = 0; i < l->len; i++) {
    size_t nl = strlen(l->v[i].name);
    put_len(b, nl);
    put_len(b, l->v[i].len);
    ct_buf_put(b, l->v[i].name, nl + 1);
    ct_buf_put(b, l->v[i].data, l->v[i].len + 1);
  }
}

bool ct_chart__archive_from_entry(ct_chart__blist *out, ct_arena *a, const unsigned char *p,
                                  const unsigned char *end) {
  uint64_t n, nl, dl;
  if (!get_len(&p, end, &n) || n == 0 || n > CT_CHART__MAX_FILES) return false;
  for (uint64_t i = 0; i < n; i++) {
    if (!get_len(&p, end, &nl) || !get_len(&p, end, &dl)) return false;
    size_t left = (size_t)(end - p); /* the name, the data and their NULs must fit */
    if (nl == 0 || left < 2 || nl > left - 2 || dl > left - 2 - nl || dl > CT_CHART__MAX_FILE ||
        p[nl] != 0 || p[nl + 1 + dl] != 0 || memchr(p, 0, nl))
      return false;
    char *name = ct_arena_strndup(a, (const char *)p, nl);
    p += nl + 1;
    char *data = ct_arena_strndup(a, (const char *)p, dl);
    p += dl + 1;
    ct_chart__blist_push(a, out, name, data, dl);
  }
  return p == end && out->total <= CT_CHART__MAX_TOTAL;
}

static int unpack(ct_chart__blist *out, ct_arena *a, const void *data, size_t len);

int ct_chart__archive_files(ct_chart__blist *out, ct_arena *a, const void *data, size_t len) {
  ct_pcache pc;
  ct_pcache_begin_kind(&pc, CT_PCACHE_ARCHIVE);
  ct_pcache_add(&pc, "", data, len);
  if (ct_pcache_fetch(&pc)) {
    ct_chart__blist got = {0};
    if (ct_chart__archive_from_entry(&got, a, pc.payload, pc.payload + pc.payload_len)) {
      *out = got;
      ct_chart__archive_cache_hits++;
      ct_pcache_dispose(&pc);
      return CT_OK;
    }
    ct_pcache_drop(&pc); /* does not decode: unpacked again, and written again */
  }
  ct_chart__blist got = {0};
  int rc = unpack(&got, a, data, len);
  if (rc == CT_OK && pc.on && pc.admit) {
    ct_buf b = CT_BUF_INIT;
    ct_chart__archive_to_entry(&b, &got);
    ct_pcache_store(&pc, b.ptr, b.len);
    ct_buf_dispose(&b);
  } else if (rc == CT_OK && pc.on) {
    ct_pcache_mark(&pc); /* as for templates: kept from the second load on */
  }
  ct_pcache_dispose(&pc);
  if (rc == CT_OK) *out = got;
  return rc;
}

/* The archive's files, inflated (LoadArchiveFiles). */
static int unpack(ct_chart__blist *out, ct_arena *a, const void *data, size_t len) {
  ct_chart__tar *t;
  int rc = ct_chart__tar_open(&t, a, data, len);
  if (rc < 0) return rc;
  ct_chart__tar_entry e;
  while ((rc = ct_chart__tar_next(t, &e)) == 1) {
    /* LoadArchiveFiles skips directories (the PAX/global headers never reach here) */
    if (e.is_dir) continue;
    char *name = NULL;
    if ((rc = entry_name(a, e.name, &name)) < 0) break;
    if (out->len >= CT_CHART__MAX_FILES) {
      rc = ct_error_set(CT_EINVAL, "chart archive has too many files (limit %d)", CT_CHART__MAX_FILES);
      break;
    }
    if (e.type == '1' || e.type == '2') {
      const char *l = e.link;
      bool ok = e.type == '2' ? link_inside(a, name, l) : (l[0] != '/' && strncmp(path_clean(a, l), "..", 2));
      if (!ok) {
        rc = ct_error_set(CT_EPERM, "chart illegally contains a link pointing outside the chart: %s -> %s",
                          name, l);
        break;
      }
      /* Go's tar reader gives such entries empty contents; Helm keeps them as empty files */
      ct_chart__blist_push(a, out, name, ct_arena_strdup(a, ""), 0);
      continue;
    }
    if (e.size > CT_CHART__MAX_FILE || out->total + e.size > CT_CHART__MAX_TOTAL) {
      rc = ct_error_set(CT_EINVAL, "chart archive file %s exceeds the size limit", name);
      break;
    }
    char *buf = ct_arena_alloc(a, e.size + 1);
    if ((rc = ct_chart__tar_read(t, buf, e.size)) < 0) break;
    buf[e.size] = 0;
    char *dat = buf;
    size_t n = e.size;
    ct_chart__drop_bom(&dat, &n);
    ct_chart__blist_push(a, out, name, dat, n);
  }
  ct_chart__tar_close(t);
  if (rc < 0) return rc;
  if (out->len == 0) return ct_error_set(CT_EINVAL, "no files in chart archive");
  return CT_OK;
}

int ct_chart__load_archive(ct_chart **out, ct_arena *a, const void *data, size_t len, FILE *warn,
                           int depth) {
  ct_chart__blist files = {0};
  int rc = ct_chart__archive_files(&files, a, data, len);
  if (rc < 0) return rc;
  return ct_chart__load_files(out, a, &files, warn, depth);
}
