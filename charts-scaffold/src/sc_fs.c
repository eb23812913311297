/* sc_fs.c — file helpers of the scaffold library: read/write whole files, recursive
 * mkdir/copy/remove, directory listings and path manipulation. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sc_int.h"

int ct_scaffold__read_file(char **out, size_t *len, ct_arena *a, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return ct_error_set(errno == ENOENT ? CT_ENOTFOUND : CT_EIO, "open %s: %s", path,
                        strerror(errno));
  size_t cap = 4096, n = 0;
  char *buf = ct_arena_alloc(a, cap + 1);
  for (;;) {
    if (n == cap) {
      buf = ct_arena_realloc(a, buf, cap + 1, cap * 2 + 1);
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) return ct_error_set(CT_EIO, "read %s: I/O error", path);
  buf[n] = 0;
  *out = buf;
  if (len) *len = n;
  return CT_OK;
}

int ct_scaffold__write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) return ct_error_set(CT_EIO, "create %s: %s", path, strerror(errno));
  size_t w = len ? fwrite(data, 1, len, f) : 0;
  int bad = (w != len) | (fclose(f) != 0);
  if (bad) return ct_error_set(CT_EIO, "write %s: %s", path, strerror(errno));
  return CT_OK;
}

bool ct_scaffold__is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool ct_scaffold__is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool ct_scaffold__exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

int ct_scaffold__mkdir_p(const char *path) {
  size_t n = strlen(path);
  char *p = malloc(n + 1);
  if (!p) return ct_error_set(CT_ENOMEM, "out of memory");
  memcpy(p, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (p[i] != '/' && p[i] != 0) continue;
    char c = p[i];
    p[i] = 0;
    if (mkdir(p, 0755) != 0 && errno != EEXIST) {
      int e = errno;
      free(p);
      return ct_error_set(CT_EIO, "mkdir %s: %s", path, strerror(e));
    }
    p[i] = c;
  }
  free(p);
  if (!ct_scaffold__is_dir(path)) return ct_error_set(CT_EIO, "mkdir %s: not a directory", path);
  return CT_OK;
}

int ct_scaffold__rm_rf(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return errno == ENOENT ? CT_OK : ct_error_set(CT_EIO, "%s: %s", path, strerror(errno));
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    if (!d) return ct_error_set(CT_EIO, "opendir %s: %s", path, strerror(errno));
    struct dirent *e;
    int rc = CT_OK;
    while ((e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      size_t n = strlen(path) + strlen(e->d_name) + 2;
      char *sub = malloc(n);
      if (!sub) {
        rc = ct_error_set(CT_ENOMEM, "out of memory");
        break;
      }
      snprintf(sub, n, "%s/%s", path, e->d_name);
      rc = ct_scaffold__rm_rf(sub);
      free(sub);
      if (rc) break;
    }
    closedir(d);
    if (rc) return rc;
    if (rmdir(path) != 0) return ct_error_set(CT_EIO, "rmdir %s: %s", path, strerror(errno));
    return CT_OK;
  }
  if (unlink(path) != 0) return ct_error_set(CT_EIO, "unlink %s: %s", path, strerror(errno));
  return CT_OK;
}

int ct_scaffold__copy_file(const char *src, const char *dst) {
  int in = open(src, O_RDONLY);
  if (in < 0) return ct_error_set(CT_EIO, "open %s: %s", src, strerror(errno));
  struct stat st;
  mode_t mode = 0644;
  if (fstat(in, &st) == 0) mode = (st.st_mode & 0777) | 0200;
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (out < 0) {
    int e = errno;
    close(in);
    return ct_error_set(CT_EIO, "create %s: %s", dst, strerror(e));
  }
  char buf[65536];
  int rc = CT_OK;
  for (;;) {
    ssize_t r = read(in, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR) continue;
      rc = ct_error_set(CT_EIO, "read %s: %s", src, strerror(errno));
      break;
    }
    if (r == 0) break;
    for (ssize_t off = 0; off < r;) {
      ssize_t w = write(out, buf + off, (size_t)(r - off));
      if (w < 0) {
        if (errno == EINTR) continue;
        rc = ct_error_set(CT_EIO, "write %s: %s", dst, strerror(errno));
        break;
      }
      off += w;
    }
    if (rc) break;
  }
  close(in);
  if (close(out) != 0 && !rc) rc = ct_error_set(CT_EIO, "write %s: %s", dst, strerror(errno));
  return rc;
}

int ct_scaffold__copy_tree(const char *src, const char *dst) {
  if (!ct_scaffold__is_dir(src)) return ct_scaffold__copy_file(src, dst);
  if (mkdir(dst, 0755) != 0 && errno != EEXIST)
    return ct_error_set(CT_EIO, "mkdir %s: %s", dst, strerror(errno));
  ct_arena *a = ct_arena_new();
  size_t n = 0;
  char **names = ct_scaffold__list_dir(a, src, &n);
  int rc = names ? CT_OK : CT_EIO;
  for (size_t i = 0; names && i < n && !rc; i++) {
    char *s = ct_scaffold__path_join(a, src, names[i]);
    char *d = ct_scaffold__path_join(a, dst, names[i]);
    struct stat st;
    if (lstat(s, &st) != 0) {
      rc = ct_error_set(CT_EIO, "stat %s: %s", s, strerror(errno));
    } else if (S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t k = readlink(s, target, sizeof target - 1);
      if (k < 0 || k >= (ssize_t)sizeof target - 1) {
        rc =
            ct_error_set(CT_EIO, "readlink %s: %s", s, k < 0 ? strerror(errno) : "target too long");
      } else {
        target[k] = 0;
        if (symlink(target, d) != 0)
          rc = ct_error_set(CT_EIO, "symlink %s: %s", d, strerror(errno));
      }
    } else {
      rc = ct_scaffold__copy_tree(s, d);
    }
  }
  ct_arena_free(a);
  return rc;
}

bool ct_scaffold__same_content(const char *x, const char *y) {
  ct_arena *a = ct_arena_new();
  char *bx, *by;
  size_t nx, ny;
  bool same = ct_scaffold__read_file(&bx, &nx, a, x) == CT_OK &&
              ct_scaffold__read_file(&by, &ny, a, y) == CT_OK && nx == ny &&
              memcmp(bx, by, nx) == 0;
  ct_arena_free(a);
  return same;
}

static int name_cmp(const void *x, const void *y) {
  return strcmp(*(char *const *)x, *(char *const *)y);
}

char **ct_scaffold__list_dir(ct_arena *a, const char *dir, size_t *n) {
  DIR *d = opendir(dir);
  *n = 0;
  if (!d) {
    ct_error_set(errno == ENOENT ? CT_ENOTFOUND : CT_EIO, "open directory %s: %s", dir,
                 strerror(errno));
    return NULL;
  }
  size_t cap = 16, len = 0;
  char **v = ct_arena_alloc(a, (cap + 1) * sizeof *v);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (len == cap) {
      v = ct_arena_realloc(a, v, (cap + 1) * sizeof *v, (cap * 2 + 1) * sizeof *v);
      cap *= 2;
    }
    v[len++] = ct_arena_strdup(a, e->d_name);
  }
  closedir(d);
  v[len] = NULL;
  qsort(v, len, sizeof *v, name_cmp);
  *n = len;
  return v;
}

char *ct_scaffold__path_join(ct_arena *a, const char *x, const char *y) {
  if (!x || !*x) return ct_arena_strdup(a, y);
  if (y[0] == '/') return ct_arena_strdup(a, y);
  size_t n = strlen(x);
  return ct_arena_sprintf(a, "%s%s%s", x, x[n - 1] == '/' ? "" : "/", y);
}

char *ct_scaffold__dirname(ct_arena *a, const char *path) {
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/')
    n--;
  while (n > 0 && path[n - 1] != '/')
    n--;
  if (n == 0) return ct_arena_strdup(a, ".");
  while (n > 1 && path[n - 1] == '/')
    n--;
  return ct_arena_strndup(a, path, n);
}

const char *ct_scaffold__basename(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

char *ct_scaffold__abspath(ct_arena *a, const char *path) {
  char *r = realpath(path, NULL);
  if (r) {
    char *c = ct_arena_strdup(a, r);
    free(r);
    return c;
  }
  if (path[0] == '/') return ct_arena_strdup(a, path);
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return ct_arena_strdup(a, path);
  return ct_scaffold__path_join(a, cwd, path);
}
