/* tgz.c — reproducible gzip'd tar writing for chart archives: ustar headers (PAX records for
 * long names), mode 0644, uid/gid 0, one fixed mtime, and Helm's gzip header (extra + "Helm"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "repo/repo_int.h"

void ct_repo__tar_init(ct_repo__tar *t) {
  ct_buf_init(&t->tar);
  t->mtime = 0;
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    long long v = strtoll(sde, &end, 10);
    if (!*end && v >= 0 && v < 077777777777LL) t->mtime = v;
  }
}

static void octal(char *field, size_t width, unsigned long long v) {
  /* width-1 zero-padded digits then NUL, as Go's archive/tar */
  snprintf(field, width, "%0*llo", (int)(width - 1), v);
}

static void put_header(ct_repo__tar *t, const char *name, size_t nlen, const char *prefix,
                       size_t plen, char type, unsigned long long size) {
  char h[512];
  memset(h, 0, sizeof h);
  memcpy(h, name, nlen);
  octal(h + 100, 8, type == 'x' ? 0644 : 0644);
  octal(h + 108, 8, 0);
  octal(h + 116, 8, 0);
  octal(h + 124, 12, size);
  octal(h + 136, 12, (unsigned long long)t->mtime);
  memset(h + 148, ' ', 8);
  h[156] = type;
  memcpy(h + 257, "ustar\0" "00", 8);
  octal(h + 329, 8, 0);
  octal(h + 337, 8, 0);
  if (plen) memcpy(h + 345, prefix, plen);
  unsigned sum = 0;
  for (size_t i = 0; i < 512; i++) sum += (unsigned char)h[i];
  snprintf(h + 148, 8, "%06o", sum);
  h[155] = ' ';
  ct_buf_put(&t->tar, h, 512);
}

static void pad(ct_repo__tar *t, size_t len) {
  static const char zero[512];
  if (len % 512) ct_buf_put(&t->tar, zero, 512 - len % 512);
}

int ct_repo__tar_add(ct_repo__tar *t, const char *name, const void *data, size_t len) {
  size_t nl = strlen(name);
  if (!nl) return ct_error_set(CT_EINVAL, "archive entry with an empty name");
  const char *prefix = NULL;
  size_t plen = 0;
  const char *base = name;
  size_t blen = nl;
  if (nl > 100) {
    /* ustar split: prefix (<=155) '/' name (<=100) */
    for (size_t i = nl; i-- > 0;) {
      if (name[i] != '/') continue;
      if (i <= 155 && nl - i - 1 <= 100 && nl - i - 1 > 0) {
        prefix = name, plen = i, base = name + i + 1, blen = nl - i - 1;
        break;
      }
    }
    if (!prefix) {
      /* PAX extended header with the path record "LEN path=NAME\n" */
      ct_buf rec = CT_BUF_INIT;
      size_t body = strlen(" path=") + nl + 1, total = body + 1;
      for (;;) {
        char num[32];
        size_t d = (size_t)snprintf(num, sizeof num, "%zu", total);
        if (d + body == total) break;
        total = d + body;
      }
      ct_buf_printf(&rec, "%zu path=%s\n", total, name);
      char pname[100];
      int pn = snprintf(pname, sizeof pname, "PaxHeaders.0/%.80s", strrchr(name, '/') ? strrchr(name, '/') + 1 : name);
      put_header(t, pname, (size_t)pn, NULL, 0, 'x', rec.len);
      ct_buf_put(&t->tar, rec.ptr, rec.len);
      pad(t, rec.len);
      ct_buf_dispose(&rec);
      base = name, blen = 100;
    }
  }
  put_header(t, base, blen, prefix, plen, '0', len);
  if (len) ct_buf_put(&t->tar, data, len);
  pad(t, len);
  return CT_OK;
}

int ct_repo__tar_finish(ct_repo__tar *t, ct_buf *out) {
  static const char zero[1024];
  ct_buf_put(&t->tar, zero, sizeof zero);
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    ct_buf_dispose(&t->tar);
    return ct_error_set(CT_ENOMEM, "gzip: cannot initialise");
  }
  /* Helm's gzip header: no name, mtime 0, OS unknown, its extra field and comment */
  static const char extra[] = "+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=";
  gz_header gh;
  memset(&gh, 0, sizeof gh);
  gh.os = 255;
  gh.extra = (Bytef *)extra;
  gh.extra_len = (uInt)(sizeof extra - 1);
  gh.comment = (Bytef *)"Helm";
  deflateSetHeader(&zs, &gh);
  zs.next_in = (Bytef *)t->tar.ptr;
  zs.avail_in = (uInt)t->tar.len;
  int zr;
  do {
    ct_buf_reserve(out, 65536);
    zs.next_out = (Bytef *)out->ptr + out->len;
    zs.avail_out = 65536;
    zr = deflate(&zs, Z_FINISH);
    out->len += 65536 - zs.avail_out;
  } while (zr == Z_OK || zr == Z_BUF_ERROR);
  deflateEnd(&zs);
  ct_buf_dispose(&t->tar);
  if (zr != Z_STREAM_END) return ct_error_set(CT_EIO, "gzip: compression failed");
  out->ptr[out->len] = 0;
  return CT_OK;
}
