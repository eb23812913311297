/* record.c — the release record codec (Helm's encodeRelease/decodeRelease) and accessors
 * of record fields. */
#include <math.h>
#include "chartctl/dl_crypto.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "chartctl/errors.h"
#include "storage/storage.h"

json_t *ct_json_go_numbers(const json_t *v) {
  if (!v) return json_null();
  switch (json_typeof(v)) {
  case JSON_REAL: {
    double d = json_real_value(v);
    if (d == (double)(json_int_t)d && fabs(d) < 1e21 && !(d == 0 && signbit(d))) return json_integer((json_int_t)d);
    return json_real(d);
  }
  case JSON_ARRAY: {
    json_t *a = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) json_array_append_new(a, ct_json_go_numbers(x));
    return a;
  }
  case JSON_OBJECT: {
    json_t *o = json_object();
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x) json_object_set_new(o, k, ct_json_go_numbers(x));
    return o;
  }
  default: return json_deep_copy(v);
  }
}

int ct_release_encode(const json_t *rel, char **out) {
  json_t *go = ct_json_go_numbers(rel);
  char *js = json_dumps(go, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(go);
  if (!js) return ct_error_set(CT_EINVAL, "release: cannot encode record");
  size_t n = strlen(js);
  z_stream z = {0};
  if (deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    free(js);
    return ct_error_set(CT_ENOMEM, "release: gzip init failed");
  }
  uLong cap = deflateBound(&z, (uLong)n) + 32;
  unsigned char *gz = malloc(cap);
  z.next_in = (unsigned char *)js;
  z.avail_in = (uInt)n;
  z.next_out = gz;
  z.avail_out = (uInt)cap;
  int zr = deflate(&z, Z_FINISH);
  size_t gzlen = z.total_out;
  deflateEnd(&z);
  free(js);
  if (zr != Z_STREAM_END) {
    free(gz);
    return ct_error_set(CT_EIO, "release: gzip failed");
  }
  char *b64 = malloc(4 * ((gzlen + 2) / 3) + 1);
  EVP_EncodeBlock((unsigned char *)b64, gz, (int)gzlen);
  free(gz);
  *out = b64;
  return CT_OK;
}

static int b64_decode(const char *in, size_t len, unsigned char **out, size_t *outlen) {
  if (len % 4) return -1;
  unsigned char *buf = malloc(len / 4 * 3 + 1);
  int got = len ? EVP_DecodeBlock(buf, (const unsigned char *)in, (int)len) : 0;
  if (got < 0) {
    free(buf);
    return -1;
  }
  size_t pad = (len && in[len - 1] == '=') + (len > 1 && in[len - 2] == '=');
  *outlen = (size_t)got - pad;
  *out = buf;
  return 0;
}

int ct_release_decode(const char *b64, size_t len, json_t **out) {
  unsigned char *raw;
  size_t rawlen;
  if (b64_decode(b64, len, &raw, &rawlen)) return ct_error_set(CT_EINVAL, "release: illegal base64 data in record");
  unsigned char *json = raw;
  size_t jsonlen = rawlen;
  unsigned char *plain = NULL;
  if (rawlen >= 3 && raw[0] == 0x1f && raw[1] == 0x8b && raw[2] == 0x08) {
    z_stream z = {0};
    if (inflateInit2(&z, 31) != Z_OK) {
      free(raw);
      return ct_error_set(CT_ENOMEM, "release: gunzip init failed");
    }
    size_t cap = rawlen * 8 + 1024, used = 0;
    plain = malloc(cap);
    z.next_in = raw;
    z.avail_in = (uInt)rawlen;
    int zr;
    do {
      if (cap - used < 4096) plain = realloc(plain, cap *= 2);
      z.next_out = plain + used;
      z.avail_out = (uInt)(cap - used);
      zr = inflate(&z, Z_NO_FLUSH);
      used = z.total_out;
    } while (zr == Z_OK);
    inflateEnd(&z);
    if (zr != Z_STREAM_END) {
      free(raw);
      free(plain);
      return ct_error_set(CT_EINVAL, "release: corrupt gzip data in record");
    }
    json = plain;
    jsonlen = used;
  }
  json_error_t jerr;
  json_t *rel = json_loadb((const char *)json, jsonlen, JSON_DECODE_ANY, &jerr);
  free(raw);
  free(plain);
  if (!rel || !json_is_object(rel)) {
    json_decref(rel);
    return ct_error_set(CT_EINVAL, "release: record is not a JSON object: %s", jerr.text);
  }
  *out = rel;
  return CT_OK;
}

const char *ct_release_name(const json_t *rel) {
  const char *s = json_string_value(json_object_get(rel, "name"));
  return s ? s : "";
}

int ct_release_version(const json_t *rel) { return (int)json_integer_value(json_object_get(rel, "version")); }

const char *ct_release_status(const json_t *rel) {
  const char *s = json_string_value(json_object_get(json_object_get(rel, "info"), "status"));
  return s ? s : "unknown";
}

void ct_release_set_status(json_t *rel, const char *status, const char *description) {
  json_t *info = json_object_get(rel, "info");
  if (!info) {
    info = json_object();
    json_object_set_new(rel, "info", info);
  }
  json_object_set_new(info, "status", json_string(status));
  if (description) json_object_set_new(info, "description", json_string(description));
}

void ct_release_now(char *buf, size_t len) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char base[32];
  strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
  /* Go trims trailing zeros of the fraction in RFC3339Nano */
  char frac[16];
  snprintf(frac, sizeof frac, "%09ld", ts.tv_nsec);
  size_t fl = strlen(frac);
  while (fl && frac[fl - 1] == '0') frac[--fl] = 0;
  snprintf(buf, len, "%s%s%sZ", base, fl ? "." : "", frac);
}
