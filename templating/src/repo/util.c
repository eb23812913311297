/* util.c — the repo module's small helpers: whole-file reads, atomic writes (temp + rename),
 * mkdir -p / rm -rf, RFC3339 timestamps, sha256 digests and URL redaction/resolution. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chartctl/sha256.h"

#include "repo/repo_int.h"

int ct_repo__read_file(ct_buf *out, const char *path, size_t max) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ct_error_set(errno == ENOENT ? CT_ENOTFOUND : CT_EIO, "open %s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    return ct_error_set(CT_EINVAL, "read %s: is a directory", path);
  }
  char tmp[65536];
  for (;;) {
    ssize_t r = read(fd, tmp, sizeof tmp);
    if (r < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      return ct_error_set(CT_EIO, "read %s: %s", path, strerror(e));
    }
    if (r == 0) break;
    if (out->len + (size_t)r > max) {
      close(fd);
      return ct_error_set(CT_EINVAL, "%s: file too large (limit %zu bytes)", path, max);
    }
    ct_buf_put(out, tmp, (size_t)r);
  }
  close(fd);
  if (!out->ptr) ct_buf_puts(out, "");
  return CT_OK;
}

int ct_repo__mkdirs(const char *path, unsigned mode) {
  char *p = strdup(path);
  if (!p) return ct_error_set(CT_ENOMEM, "out of memory");
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    if (mkdir(p, mode) != 0 && errno != EEXIST) {
      int e = errno;
      int rc = ct_error_set(CT_EIO, "mkdir %s: %s", p, strerror(e));
      free(p);
      return rc;
    }
    *s = '/';
  }
  int rc = CT_OK;
  if (mkdir(p, mode) != 0 && errno != EEXIST) rc = ct_error_set(CT_EIO, "mkdir %s: %s", p, strerror(errno));
  else if (!ct_repo__is_dir(p)) rc = ct_error_set(CT_EIO, "mkdir %s: not a directory", p);
  free(p);
  return rc;
}

int ct_repo__write_atomic(const char *path, const void *data, size_t len, unsigned mode) {
  const char *slash = strrchr(path, '/');
  if (slash && slash != path) {
    char *dir = strndup(path, (size_t)(slash - path));
    int rc = dir ? ct_repo__mkdirs(dir, 0755) : ct_error_set(CT_ENOMEM, "out of memory");
    free(dir);
    if (rc) return rc;
  }
  size_t pl = strlen(path);
  char *tmp = malloc(pl + 16);
  if (!tmp) return ct_error_set(CT_ENOMEM, "out of memory");
  snprintf(tmp, pl + 16, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    int rc = ct_error_set(CT_EIO, "create %s: %s", path, strerror(errno));
    free(tmp);
    return rc;
  }
  const char *p = data;
  size_t left = len;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      int rc = ct_error_set(CT_EIO, "write %s: %s", path, strerror(errno));
      close(fd);
      unlink(tmp);
      free(tmp);
      return rc;
    }
    p += w;
    left -= (size_t)w;
  }
  if (fchmod(fd, mode) != 0 || fsync(fd) != 0 || close(fd) != 0) {
    int rc = ct_error_set(CT_EIO, "write %s: %s", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return rc;
  }
  if (rename(tmp, path) != 0) {
    int rc = ct_error_set(CT_EIO, "rename %s: %s", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return rc;
  }
  free(tmp);
  return CT_OK;
}

void ct_repo__rmtree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    if (d) {
      struct dirent *e;
      while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *c = ct_repo__join(path, e->d_name);
        ct_repo__rmtree(c);
        free(c);
      }
      closedir(d);
    }
    rmdir(path);
  } else {
    unlink(path);
  }
}

bool ct_repo__is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool ct_repo__exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

char *ct_repo__join(const char *dir, const char *name) {
  size_t dl = strlen(dir), nl = strlen(name);
  while (dl > 1 && dir[dl - 1] == '/') dl--;
  char *s = malloc(dl + nl + 2);
  if (!s) abort();
  memcpy(s, dir, dl);
  s[dl] = '/';
  memcpy(s + dl + 1, name, nl + 1);
  return s;
}

void ct_repo__now_rfc3339(char *buf, size_t n) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char frac[16] = "";
  if (ts.tv_nsec) {
    snprintf(frac, sizeof frac, ".%09ld", ts.tv_nsec);
    size_t l = strlen(frac);
    while (l > 1 && frac[l - 1] == '0') frac[--l] = 0; /* RFC3339Nano trims zeros */
  }
  snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d%sZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

void ct_repo_sha256_hex(char hex[65], const void *data, size_t len) {
  unsigned char md[32];
  ct_sha256(data, len, md);
  for (unsigned i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
  hex[64] = 0;
}

/* ---- URLs ---- */
static const char *after_scheme(const char *url) {
  const char *p = strstr(url, "://");
  return p ? p + 3 : NULL;
}

char *ct_repo__redact(const char *url) {
  const char *h = after_scheme(url);
  char *out = strdup(url);
  if (!out) abort();
  if (!h) return out;
  size_t hostlen = strcspn(h, "/?#");
  const char *at = memchr(h, '@', hostlen);
  if (!at) return out;
  /* drop the user info entirely */
  size_t pre = (size_t)(h - url);
  memmove(out + pre, url + (at + 1 - url), strlen(at + 1) + 1);
  return out;
}

char *ct_repo__origin(const char *url) {
  const char *h = after_scheme(url);
  if (!h) return strdup("");
  size_t hostlen = strcspn(h, "/?#");
  const char *at = memchr(h, '@', hostlen);
  const char *hs = at ? at + 1 : h;
  size_t scheme = (size_t)(h - url);
  char *o = malloc(scheme + hostlen + 1);
  if (!o) abort();
  memcpy(o, url, scheme);
  memcpy(o + scheme, hs, (size_t)(h + hostlen - hs));
  o[scheme + (size_t)(h + hostlen - hs)] = 0;
  return o;
}

char *ct_repo__resolve_url(const char *base, const char *ref) {
  if (after_scheme(ref) && strcspn(ref, ":") < strcspn(ref, "/")) return strdup(ref);
  /* repo.ResolveReferenceURL: the base URL as a directory ("/" added), ref relative to it */
  size_t bl = strcspn(base, "?#");
  ct_buf b = CT_BUF_INIT;
  if (ref[0] == '/') {
    const char *h = after_scheme(base);
    size_t hl = h ? (size_t)(h - base) + strcspn(h, "/?#") : 0;
    ct_buf_put(&b, base, hl);
    ct_buf_puts(&b, ref);
  } else {
    ct_buf_put(&b, base, bl);
    if (!bl || base[bl - 1] != '/') ct_buf_putc(&b, '/');
    const char *r = ref;
    while (!strncmp(r, "./", 2)) r += 2;
    ct_buf_puts(&b, r);
    ct_buf_puts(&b, base + bl); /* keep the base's query (Helm keeps it on chart URLs) */
  }
  return ct_buf_steal(&b);
}

char *ct_repo__mkdtemp(const char *what) {
  const char *t = getenv("TMPDIR");
  ct_buf b = CT_BUF_INIT;
  ct_buf_printf(&b, "%s/chartctl-%s-XXXXXX", t && *t ? t : "/tmp", what);
  char *p = ct_buf_steal(&b);
  if (!mkdtemp(p)) {
    ct_error_set(CT_EIO, "cannot create a temporary directory: %s", strerror(errno));
    free(p);
    return NULL;
  }
  return p;
}
