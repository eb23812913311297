/* crypto_certs.c — Sprig's key and certificate functions: genPrivateKey (rsa, dsa, ecdsa,
 * ed25519 in Go's PEM forms), genCA*, genSelfSignedCert*, genSignedCert*, buildCustomCert
 * and the sprig.certificate {Cert, Key} object they return. OpenSSL does the cryptography. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "chartctl/dl_crypto.h"

#include "chartctl/gofmt.h"
#include "sprig/sprig_int.h"

/* ---- the sprig.certificate object ---- */

typedef struct {
  const char *cert, *key;
} certificate;

static int cert_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  const certificate *c = self->obj.data;
  if (!strcmp(name, "Cert")) *out = ct_cstring(a, c->cert);
  else if (!strcmp(name, "Key")) *out = ct_cstring(a, c->key);
  else return -1;
  return 0;
}

static int cert_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args, size_t nargs,
                       ct_arena *a, char *errbuf, size_t errlen) {
  (void)args;
  (void)errbuf;
  (void)errlen;
  if (nargs == 0) return cert_field(out, self, name, a);
  return -1;
}

static bool cert_has_method(const ct_value *self, const char *name) {
  (void)self;
  (void)name;
  return false;
}

static ct_value *cert_marshal(const ct_value *self, ct_arena *a) {
  const certificate *c = self->obj.data;
  ct_value *m = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, m, "Cert", ct_cstring(a, c->cert));
  ct_map_setc(a, m, "Key", ct_cstring(a, c->key));
  return m;
}

static void cert_format(const ct_value *self, ct_buf *out) {
  const certificate *c = self->obj.data;
  ct_buf_printf(out, "{%s %s}", c->cert, c->key);
}

static const ct_object_class cert_class = {"sprig.certificate", cert_field, cert_method, cert_has_method,
                                           cert_marshal, cert_format, NULL};

static ct_value *cert_value(ct_arena *a, const char *cert, const char *key) {
  certificate *c = ct_arena_alloc(a, sizeof *c);
  c->cert = ct_arena_strdup(a, cert);
  c->key = ct_arena_strdup(a, key);
  return ct_object(a, &cert_class, c);
}

/* ---- PEM (encoding/pem) ---- */

static char *pem_encode(ct_arena *a, const char *type, const unsigned char *der, size_t n) {
  static const char T[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  ct_buf b = CT_BUF_INIT;
  ct_buf_printf(&b, "-----BEGIN %s-----\n", type);
  size_t col = 0;
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)der[i] << 16;
    if (i + 1 < n) v |= (unsigned)der[i + 1] << 8;
    if (i + 2 < n) v |= der[i + 2];
    char q[4] = {T[(v >> 18) & 63], T[(v >> 12) & 63], i + 1 < n ? T[(v >> 6) & 63] : '=', i + 2 < n ? T[v & 63] : '='};
    for (int k = 0; k < 4; k++) {
      ct_buf_putc(&b, q[k]);
      if (++col == 64) {
        ct_buf_putc(&b, '\n');
        col = 0;
      }
    }
  }
  if (col) ct_buf_putc(&b, '\n');
  ct_buf_printf(&b, "-----END %s-----\n", type);
  char *s = ct_arena_strndup(a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return s;
}

/* pem.Decode of the first block: its type and DER bytes (arena). false when none. */
static bool pem_decode(ct_arena *a, const char *s, size_t n, char **type, unsigned char **der, size_t *dlen) {
  const char *end = s + n;
  const char *p = s;
  for (;;) {
    const char *b = memmem(p, (size_t)(end - p), "-----BEGIN ", 11);
    if (!b) return false;
    if (b != s && b[-1] != '\n') {
      p = b + 11;
      continue;
    }
    const char *tstart = b + 11;
    const char *tend = memmem(tstart, (size_t)(end - tstart), "-----", 5);
    const char *eol = memchr(tstart, '\n', (size_t)(end - tstart));
    if (!tend || (eol && eol < tend)) {
      p = tstart;
      continue;
    }
    *type = ct_arena_strndup(a, tstart, (size_t)(tend - tstart));
    const char *body = eol ? eol + 1 : end;
    char *endmark = ct_arena_sprintf(a, "-----END %s-----", *type);
    const char *e = memmem(body, (size_t)(end - body), endmark, strlen(endmark));
    if (!e) {
      p = tstart;
      continue;
    }
    /* skip RFC 1421 headers (lines with ':' before a blank line) */
    const char *q = body;
    const char *first_nl = memchr(q, '\n', (size_t)(e - q));
    if (first_nl && memchr(q, ':', (size_t)(first_nl - q))) {
      const char *blank = memmem(q, (size_t)(e - q), "\n\n", 2);
      if (blank) q = blank + 2;
    }
    unsigned char *out = ct_arena_alloc(a, (size_t)(e - q) + 1);
    EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
    int l1 = 0, l2 = 0;
    EVP_DecodeInit(ctx);
    int ok = EVP_DecodeUpdate(ctx, out, &l1, (const unsigned char *)q, (int)(e - q)) >= 0 &&
             EVP_DecodeFinal(ctx, out + l1, &l2) == 1;
    EVP_ENCODE_CTX_free(ctx);
    if (!ok) {
      p = tstart;
      continue;
    }
    *der = out;
    *dlen = (size_t)(l1 + l2);
    return true;
  }
}

/* ---- keys ---- */

static EVP_PKEY *gen_rsa(unsigned bits) { return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits); }

static EVP_PKEY *gen_dsa(void) {
  EVP_PKEY *params = NULL, *key = NULL;
  EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DSA", NULL);
  if (pc && EVP_PKEY_paramgen_init(pc) == 1 && EVP_PKEY_CTX_set_dsa_paramgen_bits(pc, 2048) == 1 &&
      EVP_PKEY_CTX_set_dsa_paramgen_q_bits(pc, 256) == 1 && EVP_PKEY_paramgen(pc, &params) == 1) {
    EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
    if (kc && EVP_PKEY_keygen_init(kc) == 1) EVP_PKEY_keygen(kc, &key);
    EVP_PKEY_CTX_free(kc);
  }
  EVP_PKEY_CTX_free(pc);
  EVP_PKEY_free(params);
  return key;
}

/* Sprig's pemBlockForKey: PKCS#1 for RSA, SEC 1 for EC, OpenSSL's DSA form, PKCS#8 else. */
static char *key_pem(ct_arena *a, EVP_PKEY *k) {
  const char *type;
  unsigned char *der = NULL;
  int n;
  switch (EVP_PKEY_get_base_id(k)) {
  case EVP_PKEY_RSA: type = "RSA PRIVATE KEY"; n = i2d_PrivateKey(k, &der); break;
  case EVP_PKEY_EC: type = "EC PRIVATE KEY"; n = i2d_PrivateKey(k, &der); break;
  case EVP_PKEY_DSA: type = "DSA PRIVATE KEY"; n = i2d_PrivateKey(k, &der); break;
  default: {
    type = "PRIVATE KEY";
    PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(k);
    n = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, &der) : -1;
    PKCS8_PRIV_KEY_INFO_free(p8);
  }
  }
  if (n <= 0) return NULL;
  char *s = pem_encode(a, type, der, (size_t)n);
  OPENSSL_free(der);
  return s;
}

static int f_gen_private_key(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  const char *typ = args[0] && args[0]->type == CT_STRING ? args[0]->s.ptr : "";
  EVP_PKEY *k;
  if (!*typ || !strcmp(typ, "rsa")) k = gen_rsa(4096);
  else if (!strcmp(typ, "dsa")) k = gen_dsa();
  else if (!strcmp(typ, "ecdsa")) k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
  else if (!strcmp(typ, "ed25519")) k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
  else {
    *out = ct_cstring(a, ct_arena_sprintf(a, "Unknown type %s", typ));
    return 0;
  }
  if (!k) {
    *out = ct_cstring(a, "failed to generate private key: key generation failed");
    return 0;
  }
  char *pem = key_pem(a, k);
  EVP_PKEY_free(k);
  *out = ct_cstring(a, pem ? pem : "");
  return 0;
}

/* Sprig's parsePrivateKeyPEM. NULL with *err set on failure. */
static EVP_PKEY *parse_key_pem(ct_arena *a, const char *s, size_t n, const char **err) {
  char *type;
  unsigned char *der;
  size_t dl;
  if (!pem_decode(a, s, n, &type, &der, &dl)) {
    *err = "no PEM data in input";
    return NULL;
  }
  const unsigned char *p = der;
  EVP_PKEY *k = NULL;
  if (!strcmp(type, "PRIVATE KEY")) {
    PKCS8_PRIV_KEY_INFO *p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)dl);
    if (p8) k = EVP_PKCS82PKEY(p8);
    PKCS8_PRIV_KEY_INFO_free(p8);
    if (!k || EVP_PKEY_get_base_id(k) == EVP_PKEY_DSA) {
      EVP_PKEY_free(k);
      *err = "decoding PEM as PKCS#8: x509: failed to parse private key";
      return NULL;
    }
    return k;
  }
  size_t tl = strlen(type);
  if (tl < 12 || strcmp(type + tl - 12, " PRIVATE KEY") != 0) {
    *err = ct_arena_sprintf(a, "no private key data in PEM block of type %s", type);
    return NULL;
  }
  type[tl - 12] = 0;
  int id;
  if (!strcmp(type, "RSA")) id = EVP_PKEY_RSA;
  else if (!strcmp(type, "EC")) id = EVP_PKEY_EC;
  else if (!strcmp(type, "DSA")) id = EVP_PKEY_DSA;
  else {
    *err = ct_arena_sprintf(a, "invalid private key type %s PRIVATE KEY", type);
    return NULL;
  }
  k = d2i_PrivateKey(id, NULL, &p, (long)dl);
  if (!k) {
    *err = ct_arena_sprintf(a, "parsing %s private key from PEM: asn1: structure error", type);
    return NULL;
  }
  return k;
}

/* ---- certificates ---- */

typedef struct {
  const char *cn;
  ct_value *ips, *dns; /* []interface{} or nil */
  int64_t days;
  bool ca;
} cert_tpl;

static bool printable(const char *s) {
  for (; *s; s++) {
    char ch = *s;
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || strchr(" '()+,-./:=?*&", ch)))
      return false;
  }
  return true;
}

/* Checks the IP and DNS lists as Sprig's getNetIPs / getAlternateDNSStrs do. */
static const char *check_names(ct_arena *a, const cert_tpl *t) {
  if (t->ips && ct_is_list(t->ips)) {
    for (size_t i = 0; i < t->ips->list->len; i++) {
      const ct_value *v = t->ips->list->items[i];
      if (!v || v->type != CT_STRING) {
        ct_buf b = CT_BUF_INIT;
        ct_gofmt_value(&b, v);
        const char *e = ct_arena_sprintf(a, "error parsing ip: %s is not a string", ct_buf_str(&b));
        ct_buf_dispose(&b);
        return e;
      }
      unsigned char buf[16];
      if (inet_pton(AF_INET, v->s.ptr, buf) != 1 && inet_pton(AF_INET6, v->s.ptr, buf) != 1)
        return ct_arena_sprintf(a, "error parsing ip: %s", v->s.ptr);
    }
  }
  if (t->dns && ct_is_list(t->dns)) {
    for (size_t i = 0; i < t->dns->list->len; i++) {
      const ct_value *v = t->dns->list->items[i];
      if (!v || v->type != CT_STRING) {
        ct_buf b = CT_BUF_INIT;
        ct_gofmt_value(&b, v);
        const char *e = ct_arena_sprintf(a, "error processing alternate dns name: %s is not a string", ct_buf_str(&b));
        ct_buf_dispose(&b);
        return e;
      }
    }
  }
  return NULL;
}

static bool add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value) {
  X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
  if (!e) return false;
  bool ok = X509_add_ext(x, e, -1) == 1;
  X509_EXTENSION_free(e);
  return ok;
}

static bool add_san(X509 *x, const cert_tpl *t) {
  GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
  if (!gens) return false;
  if (t->dns && ct_is_list(t->dns))
    for (size_t i = 0; i < t->dns->list->len; i++) {
      const ct_value *v = t->dns->list->items[i];
      GENERAL_NAME *g = GENERAL_NAME_new();
      ASN1_IA5STRING *s = ASN1_IA5STRING_new();
      ASN1_STRING_set(s, v->s.ptr, (int)v->s.len);
      GENERAL_NAME_set0_value(g, GEN_DNS, s);
      sk_GENERAL_NAME_push(gens, g);
    }
  if (t->ips && ct_is_list(t->ips))
    for (size_t i = 0; i < t->ips->list->len; i++) {
      const ct_value *v = t->ips->list->items[i];
      unsigned char buf[16];
      int len = 4;
      if (inet_pton(AF_INET, v->s.ptr, buf) != 1) {
        inet_pton(AF_INET6, v->s.ptr, buf);
        static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (!memcmp(buf, v4mapped, 12)) memmove(buf, buf + 12, 4); /* Go's To4() */
        else len = 16;
      }
      GENERAL_NAME *g = GENERAL_NAME_new();
      ASN1_OCTET_STRING *o = ASN1_OCTET_STRING_new();
      ASN1_OCTET_STRING_set(o, buf, len);
      GENERAL_NAME_set0_value(g, GEN_IPADD, o);
      sk_GENERAL_NAME_push(gens, g);
    }
  bool ok = true;
  if (sk_GENERAL_NAME_num(gens) > 0) ok = X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT) == 1;
  GENERAL_NAMES_free(gens);
  return ok;
}

/* x509.CreateCertificate as Sprig's getCertAndKey calls it: template T for SIGNEE's public
 * key, issued by PARENT (NULL: self-signed) with SIGNER. *cert and *key get PEM text. */
static const char *create_cert(ct_arena *a, const cert_tpl *t, EVP_PKEY *signee, X509 *parent, EVP_PKEY *signer,
                               char **cert, char **key) {
  if (EVP_PKEY_get_base_id(signer) == EVP_PKEY_DSA)
    return "error creating certificate: x509: certificate private key does not implement crypto.Signer";
  if (EVP_PKEY_get_base_id(signee) == EVP_PKEY_DSA)
    return "error creating certificate: x509: unsupported public key type: *dsa.PublicKey";
  if (parent && X509_check_private_key(parent, signer) != 1)
    return "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey";
  const char *err = "error creating certificate: x509: signing failed";
  X509 *x = X509_new();
  BIGNUM *bound = BN_new(), *serial = BN_new();
  X509_NAME *name = X509_NAME_new();
  X509V3_CTX ctx;
  if (!x || !bound || !serial || !name) goto done;
  X509_set_version(x, 2);
  BN_set_bit(bound, 128);
  if (BN_rand_range(serial, bound) != 1 || !BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x))) goto done;
  if (t->cn[0] &&
      X509_NAME_add_entry_by_NID(name, NID_commonName, printable(t->cn) ? V_ASN1_PRINTABLESTRING : V_ASN1_UTF8STRING,
                                 (const unsigned char *)t->cn, -1, -1, 0) != 1)
    goto done;
  X509_set_subject_name(x, name);
  X509_set_issuer_name(x, parent ? X509_get_subject_name(parent) : name);
  int64_t secs = t->days * 86400;
  if (!X509_gmtime_adj(X509_getm_notBefore(x), 0) || !X509_time_adj_ex(X509_getm_notAfter(x), 0, (long)secs, NULL))
    goto done;
  if (X509_set_pubkey(x, signee) != 1) goto done;
  X509V3_set_ctx(&ctx, parent ? parent : x, x, NULL, NULL, 0);
  if (!add_ext(x, &ctx, NID_key_usage,
               t->ca ? "critical,digitalSignature,keyEncipherment,keyCertSign" : "critical,digitalSignature,keyEncipherment") ||
      !add_ext(x, &ctx, NID_ext_key_usage, "serverAuth,clientAuth") ||
      !add_ext(x, &ctx, NID_basic_constraints, t->ca ? "critical,CA:TRUE" : "critical,CA:FALSE"))
    goto done;
  if (t->ca && !add_ext(x, &ctx, NID_subject_key_identifier, "hash")) goto done;
  if (parent && X509_get0_subject_key_id(parent) &&
      X509_NAME_cmp(X509_get_subject_name(parent), name) != 0 &&
      !add_ext(x, &ctx, NID_authority_key_identifier, "keyid"))
    goto done;
  if (!add_san(x, t)) goto done;
  int id = EVP_PKEY_get_base_id(signer);
  const EVP_MD *md = NULL;
  if (id == EVP_PKEY_RSA) md = EVP_sha256();
  else if (id == EVP_PKEY_EC) {
    int bits = EVP_PKEY_get_bits(signer);
    md = bits > 384 ? EVP_sha512() : bits > 256 ? EVP_sha384() : EVP_sha256();
  }
  if (X509_sign(x, signer, md) <= 0) goto done;
  unsigned char *der = NULL;
  int n = i2d_X509(x, &der);
  if (n <= 0) goto done;
  *cert = pem_encode(a, "CERTIFICATE", der, (size_t)n);
  OPENSSL_free(der);
  *key = key_pem(a, signee);
  err = *key ? NULL : "error creating certificate: x509: cannot encode key";
done:
  X509_NAME_free(name);
  BN_free(bound);
  BN_free(serial);
  X509_free(x);
  return err;
}

static const char *str_of(const ct_value *v) { return v && v->type == CT_STRING ? v->s.ptr : ""; }
static size_t len_of(const ct_value *v) { return v && v->type == CT_STRING ? v->s.len : 0; }
static int64_t int_of(const ct_value *v) { return v && ct_is_int(v) ? v->i : 0; }

/* Issues a certificate. KEY_ARG: PEM of the signee key, or NULL to make an RSA 2048 key.
 * CA: the issuing sprig.certificate, or NULL for self-signed. */
static int issue(ct_call *c, ct_value **out, const cert_tpl *t, const ct_value *key_arg, const certificate *ca) {
  ct_arena *a = ct_call_arena(c);
  const char *err = NULL;
  EVP_PKEY *signee = NULL, *signer = NULL;
  X509 *parent = NULL;
  if (key_arg) {
    signee = parse_key_pem(a, str_of(key_arg), len_of(key_arg), &err);
    if (!signee) return ct_call_errorf(c, "parsing private key: %s", err);
  } else {
    signee = gen_rsa(2048);
    if (!signee) return ct_call_errorf(c, "error generating rsa key: key generation failed");
  }
  if (ca) {
    char *type;
    unsigned char *der;
    size_t dl;
    if (!pem_decode(a, ca->cert, strlen(ca->cert), &type, &der, &dl)) {
      err = "unable to decode certificate";
      goto done;
    }
    const unsigned char *p = der;
    parent = d2i_X509(NULL, &p, (long)dl);
    if (!parent) {
      err = "error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate";
      goto done;
    }
    signer = parse_key_pem(a, ca->key, strlen(ca->key), &err);
    if (!signer) {
      err = ct_arena_sprintf(a, "error parsing private key: %s", err);
      goto done;
    }
  }
  if ((err = check_names(a, t))) goto done;
  char *cert = NULL, *keypem = NULL;
  err = create_cert(a, t, signee, parent, signer ? signer : signee, &cert, &keypem);
  if (!err) *out = cert_value(a, cert, keypem);
done:
  EVP_PKEY_free(signee);
  EVP_PKEY_free(signer);
  X509_free(parent);
  if (err) return ct_call_errorf(c, "%s", err);
  return 0;
}

static const certificate *need_cert(ct_call *c, const ct_value *v) {
  if (v && v->type == CT_OBJECT && v->obj.cls == &cert_class) return v->obj.data;
  if (!v) ct_call_error_raw(c, "invalid value; expected sprig.certificate");
  else
    ct_call_error_raw(c, ct_arena_sprintf(ct_call_arena(c), "wrong type for value; expected sprig.certificate; got %s",
                                          ct_type_name(v)));
  return NULL;
}

static int f_gen_ca(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  cert_tpl t = {str_of(args[0]), NULL, NULL, int_of(args[1]), true};
  return issue(c, out, &t, NULL, NULL);
}
static int f_gen_ca_with_key(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  cert_tpl t = {str_of(args[0]), NULL, NULL, int_of(args[1]), true};
  return issue(c, out, &t, args[2], NULL);
}
static int f_gen_self_signed(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  cert_tpl t = {str_of(args[0]), args[1], args[2], int_of(args[3]), false};
  return issue(c, out, &t, NULL, NULL);
}
static int f_gen_self_signed_with_key(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  cert_tpl t = {str_of(args[0]), args[1], args[2], int_of(args[3]), false};
  return issue(c, out, &t, args[4], NULL);
}
static int f_gen_signed(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  const certificate *ca = need_cert(c, args[4]);
  if (!ca) return -1;
  cert_tpl t = {str_of(args[0]), args[1], args[2], int_of(args[3]), false};
  return issue(c, out, &t, NULL, ca);
}
static int f_gen_signed_with_key(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  const certificate *ca = need_cert(c, args[4]);
  if (!ca) return -1;
  cert_tpl t = {str_of(args[0]), args[1], args[2], int_of(args[3]), false};
  return issue(c, out, &t, args[5], ca);
}

/* buildCustomCert(b64cert, b64key): validates a PEM certificate and PKCS#1 RSA key. */
static int f_build_custom_cert(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  const char *in[2] = {str_of(args[0]), str_of(args[1])};
  unsigned char *dec[2];
  int dl[2];
  for (int i = 0; i < 2; i++) {
    size_t n = strlen(in[i]);
    dec[i] = ct_arena_alloc(a, n + 1);
    /* strict StdEncoding: OpenSSL's block decoder, then reject bad lengths/characters */
    bool ok = n % 4 == 0 || strpbrk(in[i], "\r\n");
    for (size_t k = 0; ok && k < n; k++) {
      char ch = in[i][k];
      ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' ||
           ch == '/' || ch == '=' || ch == '\r' || ch == '\n';
    }
    EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
    int l1 = 0, l2 = 0;
    EVP_DecodeInit(ctx);
    if (ok) ok = EVP_DecodeUpdate(ctx, dec[i], &l1, (const unsigned char *)in[i], (int)n) >= 0 &&
                 EVP_DecodeFinal(ctx, dec[i] + l1, &l2) == 1;
    EVP_ENCODE_CTX_free(ctx);
    if (!ok) return ct_call_errorf(c, i == 0 ? "unable to decode base64 certificate" : "unable to decode base64 private key");
    dl[i] = l1 + l2;
    dec[i][dl[i]] = 0;
  }
  char *type;
  unsigned char *der;
  size_t n;
  if (!pem_decode(a, (const char *)dec[0], (size_t)dl[0], &type, &der, &n)) return ct_call_errorf(c, "unable to decode certificate");
  const unsigned char *p = der;
  X509 *x = d2i_X509(NULL, &p, (long)n);
  if (!x) return ct_call_errorf(c, "error parsing certificate: decodedCert.Bytes: x509: malformed certificate");
  X509_free(x);
  if (!pem_decode(a, (const char *)dec[1], (size_t)dl[1], &type, &der, &n)) return ct_call_errorf(c, "unable to decode key");
  p = der;
  EVP_PKEY *k = d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, (long)n);
  if (!k) return ct_call_errorf(c, "error parsing prive key: decodedKey.Bytes: x509: failed to parse private key");
  EVP_PKEY_free(k);
  *out = cert_value(a, (const char *)dec[0], (const char *)dec[1]);
  return 0;
}

static const ct_func funcs[] = {
    {"genPrivateKey", "string->string", f_gen_private_key, NULL},
    {"buildCustomCert", "string,string->any,error", f_build_custom_cert, NULL},
    {"genCA", "string,int->any,error", f_gen_ca, NULL},
    {"genCAWithKey", "string,int,string->any,error", f_gen_ca_with_key, NULL},
    {"genSelfSignedCert", "string,[]any,[]any,int->any,error", f_gen_self_signed, NULL},
    {"genSelfSignedCertWithKey", "string,[]any,[]any,int,string->any,error", f_gen_self_signed_with_key, NULL},
    {"genSignedCert", "string,[]any,[]any,int,any->any,error", f_gen_signed, NULL},
    {"genSignedCertWithKey", "string,[]any,[]any,int,any,string->any,error", f_gen_signed_with_key, NULL},
};

const ct_func *ct_sprig__crypto_certs(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
