/* crypto.c — Sprig's hashing and secret functions: sha1sum sha256sum sha512sum adler32sum,
 * bcrypt and htpasswd ($2a$, cost 10), derivePassword (Master Password with scrypt) and
 * encryptAES/decryptAES (AES-256-CBC, PKCS#7, IV first, base64) byte-compatible with Sprig.
 * Key and certificate generation live in crypto_certs.c. */
#include <crypt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/dl_crypto.h"
#include "chartctl/entropy.h"
#include "chartctl/dl_libcrypt.h"
#include "chartctl/sha1.h"
#include "chartctl/sha256.h"
#include "codec/codec_int.h"

#include "sprig/sprig_int.h"

const ct_func *ct_sprig__crypto_certs(size_t *n);

static const char *sarg(ct_value *const *args, size_t i, size_t *len) {
  const ct_value *v = args[i];
  if (!v || (v->type != CT_STRING && v->type != CT_BYTES)) {
    *len = 0;
    return "";
  }
  *len = v->s.len;
  return v->s.ptr;
}

/* ---- digests ---- */

/* The DL bytes of D in lower-case hex, into O (2 * DL bytes). */
static void hex_into(char *o, const unsigned char *d, unsigned dl) {
  static const char hex[] = "0123456789abcdef";
  for (unsigned i = 0; i < dl; i++) {
    o[2 * i] = hex[d[i] >> 4];
    o[2 * i + 1] = hex[d[i] & 15];
  }
}

static ct_value *hex_value(ct_call *c, const unsigned char *d, unsigned dl) {
  char *o = ct_arena_alloc(ct_call_arena(c), 2 * dl + 1);
  hex_into(o, d, dl);
  return ct_string_nocopy(ct_call_arena(c), o, 2 * dl);
}

/* Digests of big inputs already hashed by this process: charts checksum the same rendered
 * config once per workload (Wikimedia's airflow hashes one 70 KB text 8 times in a render).
 * A cheap word hash finds the entry, the bytes themselves are compared. */
#define MEMO_MIN 1024              /* shorter inputs are hashed outright */
#define MEMO_SLOTS 64              /* a power of two */
#define MEMO_BYTES ((size_t)8 << 20) /* cap on the inputs kept */

typedef struct memo_entry {
  uint64_t key;
  size_t n;
  char *text; /* malloc'ed copy of the input; NULL: the slot is free */
  unsigned char d[32];
} memo_entry;

static memo_entry memo[MEMO_SLOTS];
static size_t memo_bytes;

static void sha256_memo(const char *s, size_t n, unsigned char d[32]) {
  if (n < MEMO_MIN) {
    ct_sha256(s, n, d);
    return;
  }
  uint64_t key = ct_codec__memo_hash(s, n); /* the fromYaml memo's hash */
  memo_entry *e = &memo[key & (MEMO_SLOTS - 1)];
  if (e->text && e->key == key && e->n == n && memcmp(e->text, s, n) == 0) {
    memcpy(d, e->d, 32);
    return;
  }
  ct_sha256(s, n, d);
  if (e->text) { /* the slot is taken: the newer input wins */
    memo_bytes -= e->n;
    free(e->text);
    e->text = NULL;
  }
  if (memo_bytes + n > MEMO_BYTES || !(e->text = malloc(n))) return;
  memcpy(e->text, s, n);
  e->key = key, e->n = n;
  memcpy(e->d, d, 32);
  memo_bytes += n;
}

/* sha256sum is in most charts: hashed here without loading libcrypto (chartctl/sha256.h). */
static int f_sha256(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  size_t n;
  const char *s = sarg(args, 0, &n);
  unsigned char d[32];
  sha256_memo(s, n, d);
  *out = hex_value(c, d, sizeof d);
  return 0;
}

/* sha256sum of a printed text (ct_func_direct): OUT's text from START hashed where it lies
 * and replaced by its digest. */
int ct_sprig__d_sha256(ct_call *c, ct_buf *out, size_t start, ct_value *const *args, size_t nargs) {
  (void)c, (void)args, (void)nargs;
  unsigned char d[32];
  sha256_memo(ct_buf_str(out) + start, out->len - start, d);
  ct_buf_truncate(out, start);
  char o[64];
  hex_into(o, d, sizeof d);
  ct_buf_put(out, o, sizeof o);
  return 0;
}

/* sha1sum and sha512sum: in-tree too (chartctl/sha1.h), so no render loads libcrypto for them */
static int f_sha1(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  size_t n;
  const char *s = sarg(args, 0, &n);
  unsigned char d[20];
  ct_sha1(s, n, d);
  *out = hex_value(c, d, sizeof d);
  return 0;
}
static int f_sha512(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  size_t n;
  const char *s = sarg(args, 0, &n);
  unsigned char d[64];
  ct_sha512(s, n, d);
  *out = hex_value(c, d, sizeof d);
  return 0;
}

/* hash/adler32 printed with %d. */
static int f_adler32(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  size_t n;
  const unsigned char *s = (const unsigned char *)sarg(args, 0, &n);
  uint32_t a = 1, b = 0;
  for (size_t i = 0; i < n; i++) {
    a = (a + s[i]) % 65521;
    b = (b + a) % 65521;
  }
  ct_arena *ar = ct_call_arena(c);
  *out = ct_cstring(ar, ct_arena_sprintf(ar, "%u", (unsigned)((b << 16) | a)));
  return 0;
}

/* ---- bcrypt (golang.org/x/crypto/bcrypt, DefaultCost 10, $2a$) via libxcrypt ---- */

/* Returns the hash (arena) or an error message (arena) with *ok false. */
static const char *bcrypt_hash(ct_arena *a, const char *pw, size_t n, bool *ok) {
  *ok = false;
  if (n > 72) return "bcrypt: password length exceeds 72 bytes";
  ct_crypt_r_fn cr = ct_dl_crypt_r();
  if (!cr) return "bcrypt: libcrypt.so.1 is not available";
  unsigned char salt[16];
  if (!ct_entropy(salt, sizeof salt)) return "crypto/rand: no entropy";
  static const char alpha[] = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  char setting[8 + 22 + 1] = "$2a$10$";
  size_t w = 7;
  for (size_t i = 0; i < 16; i += 3) {
    unsigned v = (unsigned)salt[i] << 16;
    if (i + 1 < 16) v |= (unsigned)salt[i + 1] << 8;
    if (i + 2 < 16) v |= salt[i + 2];
    setting[w++] = alpha[(v >> 18) & 63];
    setting[w++] = alpha[(v >> 12) & 63];
    if (i + 1 < 16) setting[w++] = alpha[(v >> 6) & 63];
    if (i + 2 < 16) setting[w++] = alpha[v & 63];
  }
  setting[w] = 0;
  char *key = ct_arena_strndup(a, pw, n);
  struct crypt_data *cd = calloc(1, sizeof *cd);
  if (!cd) abort();
  const char *h = cr(key, setting, cd);
  const char *res;
  if (!h || h[0] != '$') {
    res = "bcrypt: hashing failed";
  } else {
    res = ct_arena_strdup(a, h);
    *ok = true;
  }
  free(cd);
  return res;
}

static int f_bcrypt(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t n;
  const char *s = sarg(args, 0, &n);
  bool ok;
  const char *h = bcrypt_hash(a, s, n, &ok);
  *out = ct_cstring(a, ok ? h : ct_arena_sprintf(a, "failed to encrypt string with bcrypt: %s", h));
  return 0;
}

static int f_htpasswd(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t un, pn;
  const char *u = sarg(args, 0, &un), *p = sarg(args, 1, &pn);
  if (memchr(u, ':', un)) {
    *out = ct_cstring(a, ct_arena_sprintf(a, "invalid username: %s", u));
    return 0;
  }
  bool ok;
  const char *h = bcrypt_hash(a, p, pn, &ok);
  if (!ok) h = ct_arena_sprintf(a, "failed to encrypt string with bcrypt: %s", h);
  *out = ct_cstring(a, ct_arena_sprintf(a, "%s:%s", u, h));
  return 0;
}

/* ---- derivePassword: the Master Password algorithm ---- */

static const char *const tpl_maximum[] = {"anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"};
static const char *const tpl_long[] = {
    "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
    "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
    "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
    "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
    "CvccCvcvCvccno"};
static const char *const tpl_medium[] = {"CvcnoCvc", "CvcCvcno"};
static const char *const tpl_short[] = {"Cvcn"};
static const char *const tpl_basic[] = {"aaanaaan", "aannaaan", "aaannaaa"};
static const char *const tpl_pin[] = {"nnnn"};

static const char *template_chars(char k) {
  switch (k) {
  case 'V': return "AEIOU";
  case 'C': return "BCDFGHJKLMNPQRSTVWXYZ";
  case 'v': return "aeiou";
  case 'c': return "bcdfghjklmnpqrstvwxyz";
  case 'A': return "AEIOUBCDFGHJKLMNPQRSTVWXYZ";
  case 'a': return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";
  case 'n': return "0123456789";
  case 'o': return "@&%?,=[]_:-+*$#!'^~;()/.";
  case 'x': return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()";
  default: return "";
  }
}

static void put_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

/* Sprig declares counter as uint32; the executor has no such type, so int is the nearest. */
static int f_derive_password(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  if (nargs != 5) return ct_call_errorf(c, "wrong number of args for derivePassword: want 5 got %zu", nargs);
  ct_arena *a = ct_call_arena(c);
  uint32_t counter = args[0] ? (uint32_t)(ct_is_uint(args[0]) ? args[0]->u : (uint64_t)args[0]->i) : 0;
  size_t tn, pn, un, sn;
  const char *type = sarg(args, 1, &tn), *pw = sarg(args, 2, &pn), *user = sarg(args, 3, &un),
             *site = sarg(args, 4, &sn);
  const char *const *tpls = NULL;
  size_t ntpl = 0;
#define T(name, arr) else if (!strcmp(type, name)) tpls = arr, ntpl = sizeof arr / sizeof arr[0];
  if (0) {
  }
  T("maximum", tpl_maximum) T("long", tpl_long) T("medium", tpl_medium) T("short", tpl_short)
  T("basic", tpl_basic) T("pin", tpl_pin)
#undef T
  if (!tpls) {
    *out = ct_cstring(a, ct_arena_sprintf(a, "cannot find password template %s", type));
    return 0;
  }
  static const char seed_name[] = "com.lyndir.masterpassword";
  size_t sl = sizeof seed_name - 1;
  unsigned char *salt = ct_arena_alloc(a, sl + 4 + un + 4 + sn + 4);
  memcpy(salt, seed_name, sl);
  put_be32(salt + sl, (uint32_t)un);
  memcpy(salt + sl + 4, user, un);
  unsigned char key[64];
  if (EVP_PBE_scrypt(pw, pn, salt, sl + 4 + un, 32768, 8, 2, 64ULL * 1024 * 1024, key, sizeof key) != 1) {
    *out = ct_cstring(a, "failed to derive password: scrypt failed");
    return 0;
  }
  put_be32(salt + sl, (uint32_t)sn);
  memcpy(salt + sl + 4, site, sn);
  put_be32(salt + sl + 4 + sn, counter);
  unsigned char seed[EVP_MAX_MD_SIZE];
  unsigned int seedlen = 0;
  if (!HMAC(EVP_sha256(), key, sizeof key, salt, sl + 4 + sn + 4, seed, &seedlen)) {
    *out = ct_cstring(a, "failed to derive password: hmac failed");
    return 0;
  }
  const char *tp = tpls[seed[0] % ntpl];
  size_t len = strlen(tp);
  char *res = ct_arena_alloc(a, len + 1);
  for (size_t i = 0; i < len; i++) {
    const char *chars = template_chars(tp[i]);
    res[i] = chars[seed[i + 1] % strlen(chars)];
  }
  *out = ct_string_nocopy(a, res, len);
  return 0;
}

/* ---- encryptAES / decryptAES ---- */

static void aes_key(unsigned char key[32], const char *pw, size_t n) {
  memset(key, 0, 32);
  memcpy(key, pw, n < 32 ? n : 32);
}


static int aes_cbc(const unsigned char key[32], const unsigned char iv[16], const unsigned char *in, size_t n,
                   unsigned char *out, bool enc) {
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  if (!ctx) return -1;
  int ok = EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, iv, enc ? 1 : 0) == 1;
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  int l1 = 0, l2 = 0;
  if (ok) ok = EVP_CipherUpdate(ctx, out, &l1, in, (int)n) == 1;
  if (ok) ok = EVP_CipherFinal_ex(ctx, out + l1, &l2) == 1;
  EVP_CIPHER_CTX_free(ctx);
  return ok ? 0 : -1;
}

static int f_encrypt_aes(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t pn, tn;
  const char *pw = sarg(args, 0, &pn), *text = sarg(args, 1, &tn);
  if (tn == 0) {
    *out = ct_cstring(a, "");
    return 0;
  }
  unsigned char key[32];
  aes_key(key, pw, pn);
  size_t pad = 16 - tn % 16, cl = tn + pad;
  unsigned char *buf = ct_arena_alloc(a, 16 + cl + cl);
  unsigned char *plain = buf + 16 + cl;
  memcpy(plain, text, tn);
  memset(plain + tn, (int)pad, pad);
  if (!ct_entropy(buf, 16)) return ct_call_errorf(c, "crypto/rand: no entropy");
  if (aes_cbc(key, buf, plain, cl, buf + 16, true) < 0) return ct_call_errorf(c, "crypto/aes: encryption failed");
  size_t olen = (16 + cl + 2) / 3 * 4;
  char *o = ct_arena_alloc(a, olen + 1);
  ct_sprig__b64_encode(o, buf, 16 + cl);
  *out = ct_string_nocopy(a, o, olen);
  return 0;
}

static int f_decrypt_aes(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t pn, cn;
  const char *pw = sarg(args, 0, &pn), *c64 = sarg(args, 1, &cn);
  if (cn == 0) {
    *out = ct_cstring(a, "");
    return 0;
  }
  unsigned char key[32];
  aes_key(key, pw, pn);
  unsigned char *crypt = ct_arena_alloc(a, cn + 1);
  size_t len = 0, bad = 0;
  if (ct_sprig__b64_decode(c64, cn, crypt, &len, &bad) < 0) return ct_call_errorf(c, "illegal base64 data at input byte %zu", bad);
  /* Sprig slices and decrypts without checks; Go's panics surface as these errors */
  if (len < 16) return ct_call_errorf(c, "runtime error: slice bounds out of range [:16] with capacity %zu", len);
  size_t n = len - 16;
  if (n % 16 != 0) return ct_call_errorf(c, "crypto/cipher: input not full blocks");
  if (n == 0) return ct_call_errorf(c, "runtime error: index out of range [-1]");
  unsigned char *plain = ct_arena_alloc(a, n + 1);
  if (aes_cbc(key, crypt, crypt + 16, n, plain, false) < 0) return ct_call_errorf(c, "crypto/aes: decryption failed");
  size_t pad = plain[n - 1];
  if (pad > n)
    return ct_call_errorf(c, "runtime error: slice bounds out of range [:%lld]", (long long)n - (long long)pad);
  *out = ct_string(a, (const char *)plain, n - pad);
  return 0;
}

static const ct_func own[] = {
    {"sha1sum", "string->string", f_sha1, NULL},
    {"sha256sum", "string->string", f_sha256, NULL},
    {"sha512sum", "string->string", f_sha512, NULL},
    {"adler32sum", "string->string", f_adler32, NULL},
    {"bcrypt", "string->string", f_bcrypt, NULL},
    {"htpasswd", "string,string->string", f_htpasswd, NULL},
    {"derivePassword", "int,string,string,string,string->string", f_derive_password, NULL},
    {"encryptAES", "string,string->string,error", f_encrypt_aes, NULL},
    {"decryptAES", "string,string->string,error", f_decrypt_aes, NULL},
};

const ct_func *ct_sprig__crypto(size_t *n) {
  static ct_func all[32];
  static size_t count;
  if (!count) {
    size_t k = 0, m = 0;
    for (; k < sizeof own / sizeof own[0]; k++) all[k] = own[k];
    const ct_func *certs = ct_sprig__crypto_certs(&m);
    for (size_t i = 0; i < m && k < sizeof all / sizeof all[0]; i++) all[k++] = certs[i];
    count = k;
  }
  *n = count;
  return all;
}
