/* loader.c — Helm's loader.LoadFiles (classifying files into Chart.yaml, values, templates,
 * Files, subcharts) and loader.Load for directories (sympath walk + .helmignore) and archives. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "chart/chart_int.h"
#include "chartctl/codec.h"
#include "chartctl/mapguard.h"
#include "chartctl/warn.h"

void ct_chart__logf(FILE *w, const char *where, const char *fmt, ...) {
  ct_buf line = CT_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  ct_buf_vprintf(&line, fmt, ap);
  va_end(ap);
  ct_warnf(w, "%s: %s\n", where, ct_buf_str(&line));
  ct_buf_dispose(&line);
}

static void meta_init(ct_chart_metadata *md) {
  memset(md, 0, sizeof *md);
  md->name = md->home = md->version = md->description = md->icon = md->api_version = "";
  md->condition = md->tags = md->app_version = md->kube_version = md->type = "";
}

typedef struct fvec {
  ct_chart_file *v;
  size_t len, cap;
} fvec;

static ct_chart_file *fpush(ct_arena *a, fvec *f, const ct_chart__bfile *b) {
  if (f->len == f->cap) {
    size_t nc = f->cap ? f->cap * 2 : 16;
    f->v = ct_arena_realloc(a, f->v, f->cap * sizeof *f->v, nc * sizeof *f->v);
    f->cap = nc;
  }
  ct_chart_file *x = &f->v[f->len++];
  x->name = b->name;
  x->data = b->data;
  x->len = b->len;
  x->lazy_path = b->lazy_path;
  x->read_error = NULL;
  x->id = b->id;
  return x;
}

typedef struct group {
  const char *name;
  ct_chart__blist files;
} group;

static int group_cmp(const void *x, const void *y) {
  return strcmp(((const group *)x)->name, ((const group *)y)->name);
}

static int wrap_sub(int rc, const char *n, const char *parent) {
  return ct_error_wrap(rc, "error unpacking subchart %s in %s", n, parent);
}

int ct_chart__load_files(ct_chart **out, ct_arena *a, ct_chart__blist *files, FILE *warn,
                         int depth) {
  if (depth > CT_CHART__MAX_DEPTH)
    return ct_error_set(CT_EINVAL, "charts nested more than %d levels deep", CT_CHART__MAX_DEPTH);
  ct_chart *c = ct_arena_alloc(a, sizeof *c);
  c->arena = a;
  meta_init(&c->meta);
  bool have_meta = false;
  ct_buf err = CT_BUF_INIT;
  int rc = CT_OK;
  fvec raw = {0}, tpls = {0}, fls = {0};
  group *groups = NULL;
  size_t ngroups = 0, capgroups = 0;

  for (size_t i = 0; i < files->len; i++) {
    ct_chart__bfile *f = &files->v[i];
    fpush(a, &raw, f);
    if (!strcmp(f->name, "Chart.yaml")) {
      have_meta = true;
      if (ct_chart__decode_metadata(&c->meta, a, f->data, f->len, &err) < 0) {
        rc = ct_error_set(CT_EINVAL, "cannot load Chart.yaml: %s", ct_buf_str(&err));
        goto done;
      }
      if (!*c->meta.api_version) c->meta.api_version = "v1";
    }
  }
  for (size_t i = 0; i < files->len; i++) {
    ct_chart__bfile *f = &files->v[i];
    const char *n = f->name;
    if (!strcmp(n, "Chart.yaml")) continue;
    if (!strcmp(n, "Chart.lock")) {
      c->lock = ct_arena_alloc(a, sizeof *c->lock);
      c->lock->generated = c->lock->digest = "";
      if (ct_chart__decode_lock(c->lock, a, f->data, f->len, &err) < 0) {
        rc = ct_error_set(CT_EINVAL, "cannot load Chart.lock: %s", ct_buf_str(&err));
        goto done;
      }
    } else if (!strcmp(n, "values.yaml")) {
      ct_value *v = NULL;
      if (ct_yaml_parse_values(&v, a, f->data, f->len, &err) < 0) {
        rc = ct_error_set(CT_EINVAL, "cannot load values.yaml: %s", ct_buf_str(&err));
        goto done;
      }
      c->values = v;
      c->raw_values = &raw.v[i]; /* fixed below once raw stops growing */
    } else if (!strcmp(n, "values.schema.json")) {
      c->schema = &raw.v[i];
    } else if (!strcmp(n, "requirements.yaml")) {
      if (!have_meta) { have_meta = true; meta_init(&c->meta); }
      if (strcmp(c->meta.api_version, "v1"))
        ct_chart__logf(warn, "load.go:120",
                       "Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". We "
                       "recommend migrating dependencies to Chart.yaml.");
      if (ct_chart__decode_metadata(&c->meta, a, f->data, f->len, &err) < 0) {
        rc = ct_error_set(CT_EINVAL, "cannot load requirements.yaml: %s", ct_buf_str(&err));
        goto done;
      }
      if (!strcmp(c->meta.api_version, "v1")) fpush(a, &fls, f);
    } else if (!strcmp(n, "requirements.lock")) {
      c->lock = ct_arena_alloc(a, sizeof *c->lock);
      c->lock->generated = c->lock->digest = "";
      if (ct_chart__decode_lock(c->lock, a, f->data, f->len, &err) < 0) {
        rc = ct_error_set(CT_EINVAL, "cannot load requirements.lock: %s", ct_buf_str(&err));
        goto done;
      }
      if (!have_meta) { have_meta = true; meta_init(&c->meta); }
      if (strcmp(c->meta.api_version, "v1"))
        ct_chart__logf(warn, "load.go:138",
                       "Warning: Dependency locking is handled in Chart.lock since apiVersion "
                       "\"v2\". We recommend migrating to Chart.lock.");
      else
        fpush(a, &fls, f);
    } else if (!strncmp(n, "templates/", 10)) {
      fpush(a, &tpls, f);
    } else if (!strncmp(n, "charts/", 7)) {
      size_t nl = strlen(n);
      const char *dot = strrchr(n, '.');
      const char *sl = strrchr(n, '/');
      if (nl >= 5 && dot && dot > sl && !strcmp(dot, ".prov")) {
        fpush(a, &fls, f);
        continue;
      }
      const char *fname = n + 7;
      const char *s2 = strchr(fname, '/');
      size_t cl = s2 ? (size_t)(s2 - fname) : strlen(fname);
      group *g = NULL;
      for (size_t k = 0; k < ngroups; k++)
        if (strlen(groups[k].name) == cl && !strncmp(groups[k].name, fname, cl)) { g = &groups[k]; break; }
      if (!g) {
        if (ngroups == capgroups) {
          size_t nc = capgroups ? capgroups * 2 : 8;
          groups = ct_arena_realloc(a, groups, capgroups * sizeof *groups, nc * sizeof *groups);
          capgroups = nc;
        }
        g = &groups[ngroups++];
        memset(g, 0, sizeof *g);
        g->name = ct_arena_strndup(a, fname, cl);
      }
      ct_chart__blist_push(a, &g->files, ct_arena_strdup(a, fname), f->data, f->len);
      g->files.v[g->files.len - 1].lazy_path = f->lazy_path;
      g->files.v[g->files.len - 1].id = f->id;
    } else {
      fpush(a, &fls, f);
    }
  }
  /* raw is complete: re-point values/schema (the array may have moved) */
  c->raw_values = NULL;
  c->schema = NULL;
  for (size_t i = 0; i < raw.len; i++) {
    if (!strcmp(raw.v[i].name, "values.yaml")) c->raw_values = &raw.v[i];
    if (!strcmp(raw.v[i].name, "values.schema.json")) c->schema = &raw.v[i];
  }
  if (!c->values) c->values = ct_map_new(a, CT_MAP, 0);
  if (!have_meta) {
    rc = ct_error_set(CT_EINVAL, "Chart.yaml file is missing");
    goto done;
  }
  if (ct_chart__validate_metadata(&c->meta, a, &err) < 0) {
    rc = ct_error_set(CT_EINVAL, "%s", ct_buf_str(&err));
    goto done;
  }
  c->raw = raw.v; c->nraw = raw.len;
  c->templates = tpls.v; c->ntemplates = tpls.len;
  c->files = fls.v; c->nfiles = fls.len;

  if (ngroups) qsort(groups, ngroups, sizeof *groups, group_cmp);
  c->deps = ct_arena_alloc(a, (ngroups + 1) * sizeof *c->deps);
  for (size_t k = 0; k < ngroups; k++) {
    group *g = &groups[k];
    if (g->name[0] == '_' || g->name[0] == '.') continue;
    ct_chart *sc = NULL;
    size_t gl = strlen(g->name);
    if (gl >= 4 && !strcmp(g->name + gl - 4, ".tgz")) {
      ct_chart__bfile *f0 = &g->files.v[0];
      if (strcmp(f0->name, g->name)) {
        rc = ct_error_set(CT_EINVAL, "error unpacking tar in %s: expected %s, got %s", c->meta.name,
                          g->name, f0->name);
        goto done;
      }
      rc = ct_chart__load_archive(&sc, a, f0->data, f0->len, warn, depth + 1);
      if (rc < 0 && !strcmp(ct_error_last(), "gzip: invalid header")) {
        /* as Go's gzip reader says it */
      }
    } else {
      ct_chart__blist sub = {0};
      for (size_t q = 0; q < g->files.len; q++) {
        char *slash = strchr(g->files.v[q].name, '/');
        if (!slash) continue;
        ct_chart__blist_push(a, &sub, slash + 1, g->files.v[q].data, g->files.v[q].len);
        sub.v[sub.len - 1].lazy_path = g->files.v[q].lazy_path;
        sub.v[sub.len - 1].id = g->files.v[q].id;
      }
      rc = ct_chart__load_files(&sc, a, &sub, warn, depth + 1);
    }
    if (rc < 0) {
      rc = wrap_sub(rc, g->name, c->meta.name);
      goto done;
    }
    sc->parent = c;
    c->deps[c->ndeps++] = sc;
  }
  *out = c;
done:
  ct_buf_dispose(&err);
  return rc;
}

/* ---- directory loading ---- */

typedef struct walker {
  ct_arena *a;
  const char *top; /* absolute, with trailing '/' */
  size_t toplen;
  ct_ignore *rules;
  ct_chart__blist files;
  FILE *warn;
  int depth;
  bool lazy; /* defer reading Files (ct_chart_load_lazy) */
  uid_t euid; /* geteuid(), asked once */
  bool ids;   /* a lazy load's templates get their stat (a local file system) */
  dev_t dev;  /* the chart directory's device: a template elsewhere gets none */
  ct_chart__listing *listing; /* directories' listings kept by stat (with IDS), or NULL */
  int topfd;                  /* the chart directory, open */
} walker;

/* Whether stat on the file system of FD says at once when a file changed. Network and
 * FUSE file systems cache attributes for seconds and revalidate them when a file is opened,
 * which the parse cache's links by stat avoid doing (docs/parse-cache.md). */
static bool stat_fresh(int fd) {
  static const unsigned long remote[] = {
      0x6969,     /* NFS */
      0x517B,     /* SMB */
      0xFF534D42, /* CIFS */
      0xFE534D42, /* SMB2 */
      0x65735546, /* FUSE */
      0x00C36400, /* Ceph */
      0x5346414F, /* AFS */
      0x6B414653, /* kAFS */
      0x01021997, /* 9P */
      0x73757245, /* Coda */
      0x01161970, /* GFS2 */
      0x7461636F, /* OCFS2 */
      0x564C,     /* NCP */
      0x013111A8, /* IBRIX */
      0x47504653, /* GPFS */
      0x0BD00BD0, /* Lustre */
  };
  struct statfs sf;
  if (fstatfs(fd, &sf) != 0) return false;
  for (size_t i = 0; i < sizeof remote / sizeof *remote; i++)
    if ((unsigned long)sf.f_type == remote[i]) return false;
  return true;
}

static int go_errno_msg(int code, const char *op, const char *path, int e) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s", strerror(e));
  if (msg[0] >= 'A' && msg[0] <= 'Z') msg[0] = (char)(msg[0] - 'A' + 'a');
  return ct_error_set(code, "%s %s: %s", op, path, msg);
}

/* The file at PATH, whole, NUL-terminated, in A. The buffer is sized from the file's size
 * (SIZE_HINT from a stat already made, or -1 to fstat here), so a file is copied once into
 * exactly its own bytes; a read shorter than asked of a regular file is its end (POSIX), so no
 * extra read for EOF. A file that grows while read, or reports no size, is read to its end,
 * the buffer doubling. */
/* Files from this size on are mapped rather than read (read_whole_at). 16 KiB: cert-manager's
 * sparse CRD templates of 12-42 KB are read at every render and printed by none of its
 * default renders; read, they cost 23 page faults, mapped none (1.91 -> 1.75 ms). Over every
 * wmf case the page faults fell 0.7% and the time did not move. */
#define MAP_FROM ((size_t)16 << 10)

static void unmap_file(void *p, size_t n) { ct_mapguard_unmap(p, n); }

/* The SIZE bytes of the regular file open as FD (PATH) mapped into *DATA, for as long as A
 * lives: false when they are not (the caller reads them). A read copies the file into fresh
 * memory (cert-manager's 940 KB of CRD templates, read at every render: 235 page faults and
 * the copy); a mapping takes the page cache's own pages, sixteen a fault. Only sizes that
 * end inside a page: the rest of the last page is zeros, so the text is NUL-terminated as
 * callers want. Writable and private: a caller changing the text changes its own copy. A
 * truncation while mapped ends the process with an error naming the file (mapguard.h). */
static bool map_file(ct_arena *a, int fd, const char *path, size_t size, char **data) {
  long page = sysconf(_SC_PAGESIZE);
  if (size < MAP_FROM || page <= 0 || size % (size_t)page == 0) return false;
  struct stat st; /* the size as the file is now, open (a stat before may be older) */
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != size) return false;
  void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (m == MAP_FAILED) return false;
  if (!ct_mapguard_add(m, size, path, CT_MAPGUARD_CHART_FILE)) {
    munmap(m, size);
    return false;
  }
  ct_arena_on_free(a, unmap_file, m, size);
  *data = m;
  return true;
}

static int read_whole_at(ct_arena *a, int dfd, const char *name, const char *path, char **data,
                         size_t *len, size_t cap, long long size_hint) {
  int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return go_errno_msg(errno == ENOENT ? CT_ENOTFOUND : CT_EIO, "open", path, errno);
  size_t sz = 4096, n = 0;
  bool sized = false;
  if (size_hint < 0) {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) size_hint = (long long)st.st_size;
  }
  if (size_hint > 0) {
    if ((unsigned long long)size_hint > cap) {
      close(fd);
      return ct_error_set(CT_EINVAL, "file %s exceeds the size limit", path);
    }
    sz = (size_t)size_hint + 1; /* one more byte: reaching it means the file grew */
    sized = true;
    if (map_file(a, fd, path, (size_t)size_hint, data)) {
      close(fd);
      *len = (size_t)size_hint;
      return CT_OK;
    }
  }
  char *buf = ct_arena_alloc(a, sz + 1);
  for (;;) {
    if (n == sz) {
      if (sz > cap) {
        close(fd);
        return ct_error_set(CT_EINVAL, "file %s exceeds the size limit", path);
      }
      buf = ct_arena_realloc(a, buf, sz + 1, sz * 2 + 1);
      sz *= 2;
    }
    ssize_t got = read(fd, buf + n, sz - n);
    if (got < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      return go_errno_msg(CT_EIO, "read", path, e);
    }
    if (got == 0) break;
    n += (size_t)got;
    if (sized && n < sz) break; /* a short read of a regular file: its end */
  }
  close(fd);
  buf[n] = 0;
  *data = buf;
  *len = n;
  return CT_OK;
}

static int read_whole(ct_arena *a, const char *path, char **data, size_t *len, size_t cap,
                      long long size_hint) {
  return read_whole_at(a, AT_FDCWD, path, path, data, len, cap, size_hint);
}

/* Whether the file at N (relative to the chart root) is one of a chart's Files, which only
 * templates read (through .Files), in the chart or in a directory subchart under charts/:
 * none of the names ct_chart__load_files above gives a place of their own (keep the two
 * lists together), nor crds/ (printed by --include-crds without a template asking). */
/* N relative to the root of the chart or directory subchart holding it ("charts/a/charts/b/x"
 * -> "x"); NULL for charts/x.tgz and charts/x.prov, which the loader reads itself. */
static const char *own_path(const char *n) {
  while (!strncmp(n, "charts/", 7)) {
    const char *s = strchr(n + 7, '/');
    if (!s) return NULL;
    n = s + 1;
  }
  return n;
}

static bool is_plain_file(const char *n) {
  if (!(n = own_path(n))) return false;
  static const char *const own[] = {"Chart.yaml",         "Chart.lock",        "values.yaml",
                                    "values.schema.json", "requirements.yaml", "requirements.lock"};
  for (size_t i = 0; i < sizeof own / sizeof *own; i++)
    if (!strcmp(n, own[i])) return false;
  return strncmp(n, "templates/", 10) && strncmp(n, "crds/", 5);
}

/* Whether the file at N (relative to the chart root) is a template of the chart or of a
 * directory subchart under charts/. */
static bool is_template_file(const char *n) {
  n = own_path(n);
  return n && !strncmp(n, "templates/", 10);
}

/* Whether ST's permission bits let this process read the file (root reads anything): a
 * file that would fail to open is read at load time, so the load fails as Helm's does. */
static bool mode_readable(const struct stat *st, uid_t u) {
  if (u == 0) return true;
  if (st->st_uid == u) return st->st_mode & S_IRUSR;
  bool in_group = st->st_gid == getegid();
  if (!in_group) {
    gid_t gs[256];
    int n = getgroups(256, gs);
    if (n < 0) return false;
    for (int i = 0; i < n && !in_group; i++)
      in_group = gs[i] == st->st_gid;
  }
  return st->st_mode & (in_group ? S_IRGRP : S_IROTH);
}

const char *ct_chart_read_error(const ct_chart *c) {
  for (size_t i = 0; i < c->nfiles; i++)
    if (c->files[i].read_error) return c->files[i].read_error;
  for (size_t i = 0; i < c->ndeps; i++) {
    const char *e = ct_chart_read_error(c->deps[i]);
    if (e) return e;
  }
  return NULL;
}

int ct_chart_file_read(ct_chart_file *f, ct_arena *a) {
  if (!f->lazy_path) return f->read_error ? ct_error_set(CT_EIO, "%s", f->read_error) : CT_OK;
  char *data;
  size_t len;
  int rc = read_whole(a, f->lazy_path, &data, &len, CT_CHART__MAX_FILE, -1);
  if (rc < 0) {
    rc = ct_error_wrap(rc, "error reading %s", f->name);
    f->read_error = ct_arena_strdup(a, ct_error_last());
    f->lazy_path = NULL;
    return rc;
  }
  ct_chart__drop_bom(&data, &len);
  f->data = data;
  f->len = len;
  f->lazy_path = NULL;
  return CT_OK;
}

static int dentry_cmp(const void *x, const void *y) {
  return strcmp(((const ct_chart__dentry *)x)->name, ((const ct_chart__dentry *)y)->name);
}

static int walk(walker *w, int dfd, const char *name, const char *path, unsigned char type,
                const struct stat *st, int level);

/* The entry NAME of the directory open as DFD, PATH its full name (for messages and for
 * deferred reads). Entries readdir says are regular files or directories need no lstat
 * (Helm's walk lstats everything; the answer is the same); symlinks are resolved as
 * sympath.Walk does, with its warning. */
static int visit(walker *w, int dfd, const char *name, const char *path, unsigned char type,
                 int level) {
  if (type == DT_REG || type == DT_DIR) return walk(w, dfd, name, path, type, NULL, level);
  struct stat st;
  if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return go_errno_msg(CT_EIO, "lstat", path, errno);
  if (S_ISLNK(st.st_mode)) {
    char *res = realpath(path, NULL);
    if (!res) {
      int e = errno;
      return ct_error_wrap(go_errno_msg(CT_EIO, "lstat", path, e), "error evaluating symlink %s", path);
    }
    ct_chart__logf(w->warn, "walk.go:75",
                   "found symbolic link in path: %s resolves to %s. Contents of linked file "
                   "included and used",
                   path, res);
    int rc = 0;
    if (lstat(res, &st) < 0) rc = go_errno_msg(CT_EIO, "lstat", res, errno);
    free(res);
    if (rc < 0) return rc;
  }
  return walk(w, dfd, name, path, DT_UNKNOWN, &st, level);
}

/* A regular file NAME of DFD (PATH): read into the file list, or (a lazy load's Files)
 * checked and listed with its contents left on disk. ST is its stat when already made. */
static int add_file(walker *w, int dfd, const char *name, const char *path, const char *n,
                    const struct stat *st) {
  if (w->files.len >= CT_CHART__MAX_FILES)
    return ct_error_set(CT_EINVAL, "chart has too many files (limit %d)", CT_CHART__MAX_FILES);
  struct stat own;
  /* a lazy load leaves Files on disk until a template reads them, and templates until the
   * render knows whether the parse cache has their text (their stat says whether it may) */
  bool tpl = w->lazy && is_template_file(n);
  if (w->lazy && (tpl || is_plain_file(n))) {
    if (!st) {
      if (fstatat(dfd, name, &own, AT_SYMLINK_NOFOLLOW) < 0)
        return go_errno_msg(CT_EIO, "lstat", path, errno);
      st = &own;
    }
    if ((size_t)st->st_size <= CT_CHART__MAX_FILE && S_ISREG(st->st_mode) &&
        mode_readable(st, w->euid)) {
      if (w->files.total + (size_t)st->st_size > CT_CHART__MAX_TOTAL)
        return ct_error_set(CT_EINVAL, "chart exceeds the size limit");
      ct_chart__blist_push(w->a, &w->files, ct_arena_strdup(w->a, n), (char *)"", 0);
      ct_chart__bfile *b = &w->files.v[w->files.len - 1];
      b->lazy_path = path;
      if (tpl && w->ids && st->st_dev == w->dev) {
        ct_chart_file_id *id = ct_arena_alloc(w->a, sizeof *id);
        *id = (ct_chart_file_id){(unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
                                 (unsigned long long)st->st_size,
                                 st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec,
                                 st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec};
        b->id = id;
      }
      w->files.total += (size_t)st->st_size;
      return 0;
    }
  }
  char *data;
  size_t len;
  int rc = read_whole_at(w->a, dfd, name, path, &data, &len, CT_CHART__MAX_FILE,
                         st ? (long long)st->st_size : -1);
  if (rc < 0) return ct_error_wrap(rc, "error reading %s", n);
  if (w->files.total + len > CT_CHART__MAX_TOTAL)
    return ct_error_set(CT_EINVAL, "chart exceeds the size limit");
  ct_chart__drop_bom(&data, &len);
  ct_chart__blist_push(w->a, &w->files, ct_arena_strdup(w->a, n), data, len);
  return 0;
}

/* Visits the N entries ENTS (sorted) of the directory PATH open as FD, which it closes
 * unless it is DFD. FD -1: the directory is not open (its listing was kept), and its entries
 * are reached from the chart directory by their paths within it. */
static int walk_entries(walker *w, int fd, int dfd, const char *path, const ct_chart__dentry *ents,
                        size_t n, int level) {
  size_t pl = strlen(path);
  size_t sl = pl && path[pl - 1] == '/' ? 0 : 1; /* a '/' between, unless PATH ends in one */
  int rc = 0;
  for (size_t i = 0; i < n && rc >= 0; i++) {
    size_t nl = strlen(ents[i].name);
    char *child = ct_arena_alloc(w->a, pl + sl + nl + 1);
    memcpy(child, path, pl);
    child[pl] = '/';
    memcpy(child + pl + sl, ents[i].name, nl + 1);
    if (fd < 0)
      rc = visit(w, w->topfd, child + w->toplen, child, ents[i].type, level + 1);
    else
      rc = visit(w, fd, ents[i].name, child, ents[i].type, level + 1);
  }
  if (fd >= 0 && fd != dfd) close(fd);
  return rc < 0 ? rc : 0;
}

/* The entries of the directory open as FD (but "." and ".."), unsorted, into *ENTS (N of
 * them); -1 with errno on failure. A function of its own, so that its 8 KiB buffer is not in
 * the frame of every level of walk's recursion: each frame would take fresh stack pages. */
static __attribute__((noinline)) int read_entries(ct_arena *a, int fd, ct_chart__dentry **ents,
                                                  size_t *n) {
  size_t nn = 0, cap = 0;
  ct_chart__dentry *v = NULL;
  char buf[8192] __attribute__((aligned(8)));
  ssize_t got;
  while ((got = getdents64(fd, buf, sizeof buf)) > 0) {
    for (ssize_t off = 0; off < got;) {
      const struct dirent64 *de = (const struct dirent64 *)(buf + off);
      off += de->d_reclen;
      if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
      if (nn == cap) {
        size_t nc = cap ? cap * 2 : 32;
        v = ct_arena_realloc(a, v, cap * sizeof *v, nc * sizeof *v);
        cap = nc;
      }
      v[nn].name = ct_arena_strdup(a, de->d_name);
      v[nn++].type = de->d_type;
    }
  }
  *ents = v;
  *n = nn;
  return got < 0 ? -1 : 0;
}

/* The entry NAME of DFD (PATH), a directory or a file: TYPE from readdir, or ST (symlinks
 * resolved) when it was stat'ed. NAME is NULL for the chart's root (open as DFD itself). */
static int walk(walker *w, int dfd, const char *name, const char *path, unsigned char type,
                const struct stat *st, int level) {
  if (level > 256) return ct_error_set(CT_EINVAL, "directory tree too deep at %s (symlink loop?)", path);
  const char *n = strlen(path) > w->toplen ? path + w->toplen : "";
  bool isdir = st ? S_ISDIR(st->st_mode) : type == DT_DIR;
  if (*n) {
    if (isdir) {
      if (ct_chart__ignore_match(w->rules, n, true)) return 1; /* SkipDir */
    } else {
      if (ct_chart__ignore_match(w->rules, n, false)) return 0;
      if (st && !S_ISREG(st->st_mode))
        return ct_error_set(CT_EINVAL, "cannot load irregular file %s as it has file mode type bits set", path);
      return add_file(w, dfd, name, path, n, st);
    }
  }
  if (!isdir) return 0;
  const ct_chart__dentry *list;
  size_t nn = 0;
  struct stat dst;
  /* a directory whose listing was kept with its stat is not opened: a stat says whether the
   * listing holds, and its entries are reached by path (an open and a close fewer each) */
  if (name && w->listing && fstatat(dfd, name, &dst, 0) == 0 && S_ISDIR(dst.st_mode)) {
    if (dst.st_dev != w->dev)
      ct_chart__listing_unsettle(w->listing); /* another file system: not vouched for */
    else if (ct_chart__listing_get(w->listing, n, &dst, &list, &nn))
      return walk_entries(w, -1, dfd, path, list, nn, level);
  }
  int fd = name ? openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : dfd;
  if (fd < 0) return go_errno_msg(CT_EIO, "open", path, errno);
  /* the listing kept with this directory's stat, else getdents64 straight (opendir would add
   * an fstat and two fcntl per directory) */
  bool kept = w->listing && fstat(fd, &dst) == 0;
  if (kept && dst.st_dev != w->dev) {
    ct_chart__listing_unsettle(w->listing); /* another file system: not vouched for */
    kept = false;
  }
  if (kept && ct_chart__listing_get(w->listing, n, &dst, &list, &nn))
    return walk_entries(w, fd, dfd, path, list, nn, level);
  ct_chart__dentry *ents = NULL;
  if (read_entries(w->a, fd, &ents, &nn) < 0) {
    int e = errno;
    if (fd != dfd) close(fd);
    return go_errno_msg(CT_EIO, "readdirent", path, e);
  }
  if (nn) qsort(ents, nn, sizeof *ents, dentry_cmp);
  if (kept) ct_chart__listing_put(w->listing, n, &dst, ents, nn);
  return walk_entries(w, fd, dfd, path, ents, nn, level);
}

size_t ct_chart__clean_path(char *o, const char *top) {
  size_t n = strlen(top), w = 0;
  for (size_t r = 0; r < n;) {
    if (top[r] == '/') {
      while (r < n && top[r] == '/')
        r++;
      if (r < n && top[r] == '.' && (r + 1 == n || top[r + 1] == '/')) {
        r++;
        continue;
      }
      if (r + 1 < n && top[r] == '.' && top[r + 1] == '.' && (r + 2 == n || top[r + 2] == '/')) {
        r += 2;
        while (w > 0 && o[w - 1] != '/')
          w--;
        if (w > 0) w--;
        continue;
      }
      o[w++] = '/';
      continue;
    }
    o[w++] = top[r++];
  }
  while (w > 1 && o[w - 1] == '/')
    w--;
  if (w == 0) o[w++] = '/';
  o[w] = 0;
  return w;
}

char *ct_chart__dir_key(const char *dir) {
  char *abs = NULL;
  if (dir[0] == '/') {
    abs = strdup(dir);
  } else {
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) && asprintf(&abs, "%s/%s", cwd, dir) < 0) abs = NULL;
  }
  char *o = abs ? malloc(strlen(abs) + 2) : NULL;
  if (o) {
    size_t w = ct_chart__clean_path(o, abs);
    if (strcmp(o, "/")) o[w++] = '/';
    o[w] = 0;
  }
  free(abs);
  return o;
}

static int load_dir(ct_chart **out, ct_arena *a, const char *dir, FILE *warn, bool lazy) {
  /* filepath.Abs does not resolve symlinks; use cwd + cleaned path for messages */
  char *top;
  if (dir[0] == '/') {
    top = ct_arena_strdup(a, dir);
  } else {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return go_errno_msg(CT_EIO, "getwd", ".", errno);
    top = ct_arena_sprintf(a, "%s/%s", cwd, dir);
  }
  /* clean: drop "/./", trailing '/' and resolve ".." lexically */
  char *clean = ct_arena_alloc(a, strlen(top) + 2);
  ct_chart__clean_path(clean, top);
  top = clean;
  walker w = {.a = a, .warn = warn, .lazy = lazy, .euid = lazy ? geteuid() : 0};
  char *ifile = ct_arena_sprintf(a, "%s/.helmignore", top);
  char *itext = NULL;
  size_t ilen = 0;
  int rc = read_whole(a, ifile, &itext, &ilen, CT_CHART__MAX_FILE, -1);
  if (rc == CT_ENOTFOUND) {
    ct_error_clear(); /* no .helmignore */
  } else if (rc < 0) {
    return rc;
  }
  rc = ct_chart__ignore_parse(&w.rules, a, itext, ilen);
  if (rc < 0) return rc;
  w.top = ct_arena_sprintf(a, "%s/", strcmp(top, "/") ? top : "");
  w.toplen = strlen(w.top);
  int topfd = open(w.top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (topfd < 0) return go_errno_msg(CT_EIO, "open", w.top, errno);
  w.topfd = topfd;
  struct stat tst;
  if (lazy && fstat(topfd, &tst) == 0 && stat_fresh(topfd)) {
    w.ids = true;
    w.dev = tst.st_dev;
    w.listing = ct_chart__listing_open(a, w.top);
  }
  rc = walk(&w, topfd, NULL, w.top, DT_DIR, NULL, 0);
  const char *hint_link, *hint_target;
  ct_chart__listing_hint(w.listing, a, &hint_link, &hint_target);
  ct_chart__listing_close(w.listing, rc >= 0);
  close(topfd);
  if (rc < 0) return rc;
  rc = ct_chart__load_files(out, a, &w.files, warn, 0);
  if (rc >= 0) {
    (*out)->hint_link = hint_link;
    (*out)->hint_target = hint_target;
  }
  return rc;
}

static int load_file(ct_chart **out, ct_arena *a, const char *path, FILE *warn) {
  char *data;
  size_t len;
  int rc = read_whole(a, path, &data, &len, CT_CHART__MAX_TOTAL, -1);
  if (rc < 0) return rc;
  const unsigned char *u = (const unsigned char *)data;
  if (!(len >= 3 && u[0] == 0x1f && u[1] == 0x8b && u[2] == 0x08)) {
    size_t pl = strlen(path);
    if ((pl >= 4 && !strcmp(path + pl - 4, ".yml")) || (pl >= 5 && !strcmp(path + pl - 5, ".yaml")))
      return ct_error_set(CT_EINVAL, "file '%s' seems to be a YAML file, but expected a gzipped archive", path);
    bool text = true;
    for (size_t i = 0; i < len && i < 512; i++)
      if (u[i] < 0x20 && u[i] != '\n' && u[i] != '\r' && u[i] != '\t' && u[i] != '\f' && u[i] != 0x1b) text = false;
    return ct_error_set(CT_EINVAL, "file '%s' does not appear to be a gzipped archive; got '%s'", path,
                        text ? "text/plain; charset=utf-8" : "application/octet-stream");
  }
  rc = ct_chart__load_archive(out, a, data, len, warn, 0);
  if (rc < 0 && !strcmp(ct_error_last(), "gzip: invalid header"))
    rc = ct_error_set(rc, "file '%s' does not appear to be a valid chart file (details: gzip: invalid header)", path);
  return rc;
}

static int load(ct_chart **out, const char *path, FILE *warn, bool lazy) {
  *out = NULL;
  struct stat st;
  if (stat(path, &st) < 0) return go_errno_msg(errno == ENOENT ? CT_ENOTFOUND : CT_EIO, "stat", path, errno);
  ct_arena *a = ct_arena_new();
  ct_chart *c = NULL;
  int rc = S_ISDIR(st.st_mode) ? load_dir(&c, a, path, warn, lazy) : load_file(&c, a, path, warn);
  if (rc < 0) {
    ct_arena_free(a);
    return rc;
  }
  *out = c;
  return CT_OK;
}

int ct_chart_load_warn(ct_chart **out, const char *path, FILE *warn) {
  return load(out, path, warn, false);
}

int ct_chart_load_lazy(ct_chart **out, const char *path, FILE *warn) {
  return load(out, path, warn, true);
}

int ct_chart_load(ct_chart **out, const char *path) { return ct_chart_load_warn(out, path, NULL); }

int ct_chart_load_archive_mem(ct_chart **out, const void *data, size_t len) {
  *out = NULL;
  ct_arena *a = ct_arena_new();
  ct_chart *c = NULL;
  int rc = ct_chart__load_archive(&c, a, data, len, NULL, 0);
  if (rc < 0) {
    ct_arena_free(a);
    return rc;
  }
  *out = c;
  return CT_OK;
}

void ct_chart_free(ct_chart *c) {
  if (!c) return;
  ct_arena_free(c->arena);
}
