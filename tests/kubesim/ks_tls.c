/* kubesim: credentials — generates (OpenSSL) a CA, a serving cert and a client cert plus a
 * bearer token in DIR on first start, and writes the minikube-style kubeconfig atomically. */
#include "ks.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static EVP_PKEY *gen_key(void) { return EVP_EC_gen("P-256"); }

static char *pem_of_cert(X509 *c) {
  BIO *b = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(b, c);
  char *data;
  long n = BIO_get_mem_data(b, &data);
  char *out = strndup(data, (size_t)n);
  BIO_free(b);
  return out;
}

static char *pem_of_key(EVP_PKEY *k) {
  BIO *b = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
  char *data;
  long n = BIO_get_mem_data(b, &data);
  char *out = strndup(data, (size_t)n);
  BIO_free(b);
  return out;
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
  X509_EXTENSION *ex = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
  if (!ex) return -1;
  X509_add_ext(cert, ex, -1);
  X509_EXTENSION_free(ex);
  return 0;
}

/* kind: 0 CA, 1 server, 2 client */
static X509 *make_cert(int kind, EVP_PKEY *key, X509 *ca, EVP_PKEY *ca_key) {
  X509 *c = X509_new();
  X509_set_version(c, 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM *bn = BN_bin2bn(serial, sizeof serial, NULL);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(c));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(c), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c), (long)60 * 60 * 24 * 365 * 10);
  X509_set_pubkey(c, key);
  X509_NAME *name = X509_get_subject_name(c);
  if (kind == 0) {
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"kubesimCA", -1, -1, 0);
  } else if (kind == 1) {
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"kubesim", -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"kubesim-apiserver", -1, -1, 0);
  } else {
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"system:masters", -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"kubesim-admin", -1, -1, 0);
  }
  X509 *issuer = kind == 0 ? c : ca;
  X509_set_issuer_name(c, X509_get_subject_name(issuer));
  add_ext(c, issuer, NID_subject_key_identifier, "hash");
  if (kind == 0) {
    add_ext(c, c, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(c, c, NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign");
  } else {
    add_ext(c, issuer, NID_authority_key_identifier, "keyid:always");
    add_ext(c, issuer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(c, issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_ext(c, issuer, NID_ext_key_usage, kind == 1 ? "serverAuth" : "clientAuth");
    if (kind == 1) add_ext(c, issuer, NID_subject_alt_name, "DNS:localhost,DNS:kubesim,IP:127.0.0.1,IP:::1");
  }
  X509_sign(c, kind == 0 ? key : ca_key, EVP_sha256());
  return c;
}

static int write_private(const char *dir, const char *name, const char *text) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return ks_write_file_atomic(path, text, strlen(text), 0600);
}

static char *read_in(const char *dir, const char *name) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return ks_read_file(path, NULL);
}

int ks_tls_ensure(const char *dir, ks_tls *t) {
  memset(t, 0, sizeof *t);
  t->ca_pem = read_in(dir, "ca.crt");
  t->server_cert_pem = read_in(dir, "server.crt");
  t->server_key_pem = read_in(dir, "server.key");
  t->client_cert_pem = read_in(dir, "client.crt");
  t->client_key_pem = read_in(dir, "client.key");
  char *tok = read_in(dir, "token");
  if (t->ca_pem && t->server_cert_pem && t->server_key_pem && t->client_cert_pem && t->client_key_pem && tok &&
      strlen(tok) >= 32) {
    snprintf(t->token, sizeof t->token, "%.*s", (int)strcspn(tok, "\r\n"), tok);
    free(tok);
    return 0;
  }
  free(tok);
  free(t->ca_pem);
  free(t->server_cert_pem);
  free(t->server_key_pem);
  free(t->client_cert_pem);
  free(t->client_key_pem);
  EVP_PKEY *cak = gen_key(), *sk = gen_key(), *ck = gen_key();
  if (!cak || !sk || !ck) return -1;
  X509 *ca = make_cert(0, cak, NULL, NULL);
  X509 *sc = make_cert(1, sk, ca, cak);
  X509 *cc = make_cert(2, ck, ca, cak);
  t->ca_pem = pem_of_cert(ca);
  t->server_cert_pem = pem_of_cert(sc);
  t->server_key_pem = pem_of_key(sk);
  t->client_cert_pem = pem_of_cert(cc);
  t->client_key_pem = pem_of_key(ck);
  unsigned char rnd[24];
  RAND_bytes(rnd, sizeof rnd);
  for (size_t i = 0; i < sizeof rnd; i++) snprintf(t->token + 2 * i, 3, "%02x", rnd[i]);
  char *ca_key_pem = pem_of_key(cak);
  int rc = write_private(dir, "ca.key", ca_key_pem) || write_private(dir, "ca.crt", t->ca_pem) ||
           write_private(dir, "server.crt", t->server_cert_pem) || write_private(dir, "server.key", t->server_key_pem) ||
           write_private(dir, "client.crt", t->client_cert_pem) || write_private(dir, "client.key", t->client_key_pem);
  char tokline[80];
  snprintf(tokline, sizeof tokline, "%s\n", t->token);
  rc = rc || write_private(dir, "token", tokline);
  free(ca_key_pem);
  X509_free(ca);
  X509_free(sc);
  X509_free(cc);
  EVP_PKEY_free(cak);
  EVP_PKEY_free(sk);
  EVP_PKEY_free(ck);
  return rc ? -1 : 0;
}

static char *b64(const char *s) {
  size_t n = strlen(s);
  char *out = malloc(4 * ((n + 2) / 3) + 1);
  EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)s, (int)n);
  return out;
}

int ks_write_kubeconfig(const char *path, const ks_tls *t, const char *host, int port) {
  char *ca = b64(t->ca_pem), *cc = b64(t->client_cert_pem), *ck = b64(t->client_key_pem);
  char hostpart[80];
  if (strchr(host, ':'))
    snprintf(hostpart, sizeof hostpart, "[%s]", host);
  else
    snprintf(hostpart, sizeof hostpart, "%s", host);
  char *text = ks_strdup_printf("apiVersion: v1\n"
                                "clusters:\n"
                                "- cluster:\n"
                                "    certificate-authority-data: %s\n"
                                "    server: https://%s:%d\n"
                                "  name: kubesim\n"
                                "contexts:\n"
                                "- context:\n"
                                "    cluster: kubesim\n"
                                "    namespace: default\n"
                                "    user: kubesim\n"
                                "  name: kubesim\n"
                                "current-context: kubesim\n"
                                "kind: Config\n"
                                "preferences: {}\n"
                                "users:\n"
                                "- name: kubesim\n"
                                "  user:\n"
                                "    client-certificate-data: %s\n"
                                "    client-key-data: %s\n",
                                ca, hostpart, port, cc, ck);
  int rc = ks_write_file_atomic(path, text, strlen(text), 0600);
  free(text);
  free(ca);
  free(cc);
  free(ck);
  return rc;
}
