/* targz.c — reads a gzip'ed tar stream as Go's compress/gzip (multistream) and archive/tar
 * readers do for Helm's LoadArchive: ustar, GNU and PAX headers (long names, path/linkpath/
 * size records), header checksums, the end-of-archive blocks. Inflates straight into the
 * caller's buffers with zlib: no temporary copy of the archive, no libarchive to load. */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "chart/chart_int.h"

#define BLOCK 512

struct ct_chart__tar {
  ct_arena *a;
  z_stream z;
  bool z_open, member_ended;
  size_t left, pad; /* unread data and padding of the current entry */
};

/* ---- gzip stream ---- */

static int gz_error(ct_chart__tar *t, int zrc) {
  const char *m = t->z.msg ? t->z.msg : "";
  if (zrc == Z_DATA_ERROR && (strstr(m, "header") || strstr(m, "method") || strstr(m, "flags")))
    return ct_error_set(CT_EINVAL, "gzip: invalid header");
  if (zrc == Z_DATA_ERROR && strstr(m, "check"))
    return ct_error_set(CT_EINVAL, "gzip: invalid checksum");
  if (zrc == Z_DATA_ERROR)
    return ct_error_set(CT_EINVAL, "flate: corrupt input before offset %lu",
                        (unsigned long)t->z.total_in);
  return ct_error_set(CT_ENOMEM, "out of memory");
}

/* Reads up to N bytes into DST; *GOT gets how many (fewer only at the end of the stream). */
static int gz_read(ct_chart__tar *t, unsigned char *dst, size_t n, size_t *got) {
  *got = 0;
  while (*got < n) {
    if (t->member_ended) {
      if (t->z.avail_in == 0) return CT_OK; /* the end of the last member */
      if (t->z.avail_in < 2 || t->z.next_in[0] != 0x1f || t->z.next_in[1] != 0x8b)
        return ct_error_set(CT_EINVAL, "gzip: invalid header");
      if (inflateReset(&t->z) != Z_OK) return ct_error_set(CT_ENOMEM, "out of memory");
      t->member_ended = false;
    }
    size_t want = n - *got;
    t->z.next_out = dst + *got;
    t->z.avail_out = want > (1u << 30) ? (1u << 30) : (uInt)want;
    uInt before = t->z.avail_out;
    int zrc = inflate(&t->z, Z_NO_FLUSH);
    *got += before - t->z.avail_out;
    if (zrc == Z_STREAM_END) {
      t->member_ended = true;
      continue;
    }
    if (zrc == Z_BUF_ERROR || (zrc == Z_OK && before == t->z.avail_out && t->z.avail_in == 0))
      return ct_error_set(CT_EINVAL, "unexpected EOF"); /* the input ends inside a member */
    if (zrc != Z_OK) return gz_error(t, zrc);
  }
  return CT_OK;
}

/* Exactly N bytes, or "unexpected EOF". */
static int gz_full(ct_chart__tar *t, unsigned char *dst, size_t n) {
  size_t got;
  int rc = gz_read(t, dst, n, &got);
  if (rc < 0) return rc;
  return got == n ? CT_OK : ct_error_set(CT_EINVAL, "unexpected EOF");
}

static int gz_skip(ct_chart__tar *t, size_t n) {
  unsigned char scratch[4096];
  while (n > 0) {
    size_t k = n < sizeof scratch ? n : sizeof scratch;
    int rc = gz_full(t, scratch, k);
    if (rc < 0) return rc;
    n -= k;
  }
  return CT_OK;
}

int ct_chart__tar_open(ct_chart__tar **out, ct_arena *a, const void *data, size_t len) {
  *out = NULL;
  const unsigned char *d = data;
  if (len < 2 || d[0] != 0x1f || d[1] != 0x8b)
    return ct_error_set(CT_EINVAL, "gzip: invalid header");
  if (len > CT_CHART__MAX_TOTAL)
    return ct_error_set(CT_EINVAL, "chart archive exceeds the size limit");
  ct_chart__tar *t = ct_arena_alloc(a, sizeof *t);
  t->a = a;
  /* 16 + MAX_WBITS: a gzip wrapper, its CRC and length checked at the end of each member */
  if (inflateInit2(&t->z, 16 + MAX_WBITS) != Z_OK) return ct_error_set(CT_ENOMEM, "out of memory");
  t->z_open = true;
  t->z.next_in = (unsigned char *)d;
  t->z.avail_in = (uInt)len;
  *out = t;
  return CT_OK;
}

void ct_chart__tar_close(ct_chart__tar *t) {
  if (t && t->z_open) inflateEnd(&t->z);
  if (t) t->z_open = false;
}

/* ---- tar headers ---- */

static int bad_header(void) { return ct_error_set(CT_EINVAL, "archive/tar: invalid tar header"); }

/* A NUL-terminated field (Go's parseString), into the arena. */
static char *field_str(ct_arena *a, const unsigned char *f, size_t n) {
  const unsigned char *z = memchr(f, 0, n);
  return ct_arena_strndup(a, (const char *)f, z ? (size_t)(z - f) : n);
}

/* A numeric field: octal with blanks/NULs around it, or base-256 (Go's parseNumeric). */
static bool field_num(const unsigned char *f, size_t n, int64_t *v) {
  *v = 0;
  if (n > 0 && (f[0] & 0x80)) {    /* base-256, two's complement when 0x40 is set */
    if (f[0] & 0x40) return false; /* negative: no size or mode is */
    uint64_t x = f[0] & 0x3f;
    for (size_t i = 1; i < n; i++) {
      if (x >> 55) return false;
      x = x << 8 | f[i];
    }
    *v = (int64_t)x;
    return true;
  }
  size_t s = 0, e = n;
  while (s < e && (f[s] == ' ' || f[s] == 0))
    s++;
  while (e > s && (f[e - 1] == ' ' || f[e - 1] == 0))
    e--;
  uint64_t x = 0;
  for (size_t i = s; i < e; i++) {
    if (f[i] < '0' || f[i] > '7' || (x >> 60)) return false;
    x = x * 8 + (uint64_t)(f[i] - '0');
  }
  if (x > INT64_MAX) return false;
  *v = (int64_t)x;
  return true;
}

/* The stored checksum matches the unsigned or the signed sum of the block (field as blanks). */
static bool checksum_ok(const unsigned char *b) {
  int64_t want;
  if (!field_num(b + 148, 8, &want)) return false;
  int64_t us = 0, ss = 0;
  for (int i = 0; i < BLOCK; i++) {
    unsigned char c = (i >= 148 && i < 156) ? ' ' : b[i];
    us += c;
    ss += (signed char)c;
  }
  return want == us || want == ss;
}

static bool is_zero(const unsigned char *b) {
  for (int i = 0; i < BLOCK; i++)
    if (b[i]) return false;
  return true;
}

/* PAX records "LEN key=value\n": path, linkpath and size are the ones Helm can see. */
static int pax_records(ct_arena *a, const char *p, size_t n, char **path, char **link,
                       int64_t *size) {
  size_t i = 0;
  while (i < n) {
    size_t len = 0, j = i;
    while (j < n && p[j] >= '0' && p[j] <= '9' && len < n)
      len = len * 10 + (size_t)(p[j++] - '0');
    if (j == i || j >= n || p[j] != ' ' || len <= j - i + 1 || len > n - i ||
        p[i + len - 1] != '\n')
      return bad_header();
    const char *kv = p + j + 1, *end = p + i + len - 1;
    const char *eq = memchr(kv, '=', (size_t)(end - kv));
    if (!eq) return bad_header();
    size_t kl = (size_t)(eq - kv), vl = (size_t)(end - eq - 1);
    if (kl == 4 && !memcmp(kv, "path", 4)) {
      *path = ct_arena_strndup(a, eq + 1, vl);
    } else if (kl == 8 && !memcmp(kv, "linkpath", 8)) {
      *link = ct_arena_strndup(a, eq + 1, vl);
    } else if (kl == 4 && !memcmp(kv, "size", 4)) {
      int64_t v = 0;
      for (size_t k = 0; k < vl; k++) {
        char c = eq[1 + k];
        if (c < '0' || c > '9' || v > INT64_MAX / 10 - 1) return bad_header();
        v = v * 10 + (c - '0');
      }
      if (vl == 0) return bad_header();
      *size = v;
    }
    i += len;
  }
  return CT_OK;
}

/* The data of an extension header (PAX or GNU long name), NUL-terminated, in the arena. */
static int ext_data(ct_chart__tar *t, int64_t size, char **out) {
  if (size < 0 || (size_t)size > ((size_t)1 << 20)) return bad_header();
  char *d = ct_arena_alloc(t->a, (size_t)size + 1);
  int rc = gz_full(t, (unsigned char *)d, (size_t)size);
  if (rc == CT_OK) rc = gz_skip(t, (BLOCK - (size_t)size % BLOCK) % BLOCK);
  d[size] = 0;
  *out = d;
  return rc;
}

static bool header_only(char type) {
  return type == '1' || type == '2' || type == '3' || type == '4' || type == '5' || type == '6';
}

int ct_chart__tar_next(ct_chart__tar *t, ct_chart__tar_entry *e) {
  memset(e, 0, sizeof *e);
  int rc = gz_skip(t, t->left + t->pad);
  t->left = t->pad = 0;
  if (rc < 0) return rc;
  char *pax_path = NULL, *pax_link = NULL, *long_name = NULL, *long_link = NULL;
  int64_t pax_size = -1;
  for (;;) {
    unsigned char b[BLOCK];
    size_t got;
    if ((rc = gz_read(t, b, BLOCK, &got)) < 0) return rc;
    if (got == 0) return 0; /* io.EOF at a block boundary: the end */
    if (got < BLOCK) return ct_error_set(CT_EINVAL, "unexpected EOF");
    if (is_zero(b)) { /* the end: a second zero block (or nothing) must follow */
      if ((rc = gz_read(t, b, BLOCK, &got)) < 0) return rc;
      if (got == 0) return 0;
      if (got < BLOCK) return ct_error_set(CT_EINVAL, "unexpected EOF");
      return is_zero(b) ? 0 : bad_header();
    }
    if (!checksum_ok(b)) return bad_header();
    int64_t size, mode;
    if (!field_num(b + 124, 12, &size) || !field_num(b + 100, 8, &mode) || size < 0 ||
        (uint64_t)size > SIZE_MAX - BLOCK)
      return bad_header();
    char type = (char)b[156];
    if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
      char *d = NULL;
      if ((rc = ext_data(t, size, &d)) < 0) return rc;
      if (type == 'x' &&
          (rc = pax_records(t->a, d, (size_t)size, &pax_path, &pax_link, &pax_size)) < 0)
        return rc;
      if (type == 'L') long_name = d;
      if (type == 'K') long_link = d;
      continue; /* 'g' (global records) changes nothing Helm reads */
    }
    bool ustar = !memcmp(b + 257, "ustar\0", 6); /* POSIX ustar/PAX: name = prefix/name */
    char *name = field_str(t->a, b, 100);
    if (ustar && b[345])
      name = ct_arena_sprintf(t->a, "%s/%s", field_str(t->a, b + 345, 155), name);
    if (long_name) name = long_name;
    if (pax_path) name = pax_path;
    char *link = field_str(t->a, b + 157, 100);
    if (long_link) link = long_link;
    if (pax_link) link = pax_link;
    if (pax_size >= 0) size = pax_size;
    if (type == '\0') type = (*name && name[strlen(name) - 1] == '/') ? '5' : '0';
    e->type = type;
    e->name = name;
    e->link = link;
    e->is_dir = type == '5' || (mode & 0170000) == 0040000;
    e->size = header_only(type) ? 0 : (size_t)size;
    t->left = e->size;
    t->pad = (BLOCK - e->size % BLOCK) % BLOCK;
    return 1;
  }
}

int ct_chart__tar_read(ct_chart__tar *t, void *dst, size_t n) {
  if (n > t->left) n = t->left;
  int rc = gz_full(t, dst, n);
  if (rc == CT_OK) t->left -= n;
  return rc;
}
