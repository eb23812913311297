/* test_crypto.c — the crypto family: digests, derivePassword (Master Password), AES as Sprig
 * does it (decrypting ciphertext made by helm 3.17.1), bcrypt/htpasswd shapes, private keys
 * in Go's PEM forms, and certificates checked with OpenSSL: CN, SANs, CA flag, validity,
 * issuer signature (conformance "crypto"). */
#include <time.h>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "sprigB_harness.h"

/* list is part A's; a stand-in for these tests. */
static int f_list(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_value *l = ct_list_new(a, CT_LIST, nargs);
  for (size_t i = 0; i < nargs; i++) ct_list_push(a, l, args[i]);
  *out = l;
  return 0;
}

static void digests(void **state) {
  (void)state;
  EXPECT("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d", "{{ sha1sum \"hello\" }}");
  EXPECT("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "{{ sha256sum \"hello\" }}");
  EXPECT("9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043",
         "{{ sha512sum \"hello\" }}");
  EXPECT("103547413 1", "{{ adler32sum \"hello\" }} {{ adler32sum \"\" }}");
  EXPECT("da39a3ee5e6b4b0d3255bfef95601890afd80709", "{{ sha1sum \"\" }}");
  EXPECT("74ee4ee1973a9f0d651d9b77b77ae6c5342d2f4a0488df5e902f3e006341482a", "{{ sha256sum \"héllo wörld ✓ 日本語 🚀\" }}");
  char abc[301];
  for (int i = 0; i < 100; i++) memcpy(abc + 3 * i, "abc", 3);
  abc[300] = 0;
  assert_string_equal("2286777049", RD("{{ adler32sum . }}", ct_cstring(HA, abc)));
}

/* Big inputs are memoised by content: repeats, same-length inputs differing in one byte and
 * inputs interleaved must each get their own digest. */
static void sha256_repeats(void **state) {
  (void)state;
  static char a[2001], b[2001], c[2001];
  memset(a, 'a', 2000), memset(b, 'b', 2000), memset(c, 'a', 2000);
  c[1999] = 'b';
  const char *da = "c4a700f85b7e9e5cdbdc51170409ee2ad48bebe2f2f0957a067937531a0a3c42";
  const char *db = "d4c6e5ac27e3c25dd200c9efbb07e9018132f434883fa5b700ce00f41363be5b";
  const char *dc = "5b1d45e1514c17355ef19c37f36f59a31ad051757642ff971e9452c2659e02a6";
  for (int round = 0; round < 3; round++) {
    assert_string_equal(da, RD("{{ sha256sum . }}", ct_cstring(HA, a)));
    assert_string_equal(dc, RD("{{ sha256sum . }}", ct_cstring(HA, c)));
    assert_string_equal(db, RD("{{ sha256sum . }}", ct_cstring(HA, b)));
    assert_string_equal(da, RD("{{ sha256sum . }}", ct_cstring(HA, a)));
  }
}

static void derive_password(void **state) {
  (void)state;
  EXPECT("ZedaFaxcZaso9*", "{{ derivePassword 1 \"long\" \"password\" \"user\" \"example.com\" }}");
  EXPECT("pP3TTT7(aadDgCDuNb8+", "{{ derivePassword 1 \"maximum\" \"secret\" \"alice\" \"wikimedia.org\" }}");
  EXPECT("ZerWic8:", "{{ derivePassword 2 \"medium\" \"pw\" \"bob\" \"site\" }}");
  EXPECT("oWp0HFv1 Jay0 6500", "{{ derivePassword 1 \"basic\" \"pw\" \"bob\" \"site\" }} {{ derivePassword 1 \"short\" \"pw\" \"bob\" \"site\" }} "
                              "{{ derivePassword 1 \"pin\" \"pw\" \"bob\" \"site\" }}");
  EXPECT("cannot find password template nope", "{{ derivePassword 1 \"nope\" \"pw\" \"bob\" \"site\" }}");
}

static void aes(void **state) {
  (void)state;
  EXPECT("plaintext", "{{ encryptAES \"secretkey\" \"plaintext\" | decryptAES \"secretkey\" }}");
  EXPECT("héllo wörld ✓ 日本語 🚀", "{{ encryptAES \"k\" \"héllo wörld ✓ 日本語 🚀\" | decryptAES \"k\" }}");
  EXPECT("a key longer than thirty-two bytes is cut", "{{ encryptAES \"0123456789abcdef0123456789abcdefXYZ\" \"a key longer than thirty-two bytes is cut\" "
                                                      "| decryptAES \"0123456789abcdef0123456789abcdefQQQ\" }}");
  /* ciphertext made by helm 3.17.1's encryptAES */
  EXPECT("text", "{{ decryptAES \"key\" \"N7CR3cUBC4WDt2re+69SOQ+daEJ5JYqHxVlzupiXb4k=\" }}");
  EXPECT("héllo wörld, a longer text spanning blocks!",
         "{{ decryptAES \"secretkey\" \"7TB0S4kIxHAH+sX0hPvqsivldXGYz/VuAv/Oeze3uhDQrAqUXHq3m6HsJgT7nYdpxcumhP3ZZT6JtvbafnnNAA==\" }}");
  assert_int_equal(44, strlen(R("{{ encryptAES \"key\" \"short\" }}"))); /* IV + one block */
  assert_int_equal(64, strlen(R("{{ encryptAES \"key\" \"exactly sixteen!\" }}")));
  assert_string_not_equal(R("{{ encryptAES \"k\" \"x\" }}"), R("{{ encryptAES \"k\" \"x\" }}"));
  EXPECT("|", "{{ encryptAES \"k\" \"\" }}|{{ decryptAES \"k\" \"\" }}");
  EXPECT_ERR("error calling decryptAES: illegal base64 data at input byte 0", "{{ decryptAES \"k\" \"!!\" }}");
  EXPECT_ERR("error calling decryptAES: runtime error: slice bounds out of range [:16] with capacity 3", "{{ decryptAES \"k\" \"YWJj\" }}");
  EXPECT_ERR("error calling decryptAES: crypto/cipher: input not full blocks",
             "{{ decryptAES \"k\" \"MDEyMzQ1Njc4OWFiY2RlZjAxMg==\" }}");
}

static void bcrypt_and_htpasswd(void **state) {
  (void)state;
  const char *h = R("{{ bcrypt \"pw\" }}");
  assert_int_equal(60, strlen(h));
  assert_memory_equal("$2a$10$", h, 7);
  assert_string_not_equal(h, R("{{ bcrypt \"pw\" }}")); /* random salt */
  h = R("{{ htpasswd \"user\" \"pw\" }}");
  assert_int_equal(65, strlen(h));
  assert_memory_equal("user:$2a$10$", h, 12);
  EXPECT("invalid username: us:er", "{{ htpasswd \"us:er\" \"pw\" }}");
  EXPECT("failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes",
         "{{ bcrypt \"0123456789012345678901234567890123456789012345678901234567890123456789012\" }}");
}

static EVP_PKEY *read_key(const char *pem) {
  BIO *b = BIO_new_mem_buf(pem, -1);
  EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
  BIO_free(b);
  return k;
}

static X509 *read_cert(const char *pem) {
  BIO *b = BIO_new_mem_buf(pem, -1);
  X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
  BIO_free(b);
  return x;
}

static void private_keys(void **state) {
  (void)state;
  static const struct { const char *type, *prefix; int id; } cases[] = {
      {"ecdsa", "-----BEGIN EC PRIVATE KEY-----\n", EVP_PKEY_EC},
      {"ed25519", "-----BEGIN PRIVATE KEY-----\n", EVP_PKEY_ED25519},
      {"rsa", "-----BEGIN RSA PRIVATE KEY-----\n", EVP_PKEY_RSA},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char src[64];
    snprintf(src, sizeof src, "{{ genPrivateKey \"%s\" }}", cases[i].type);
    const char *pem = R(src);
    assert_memory_equal(cases[i].prefix, pem, strlen(cases[i].prefix));
    EVP_PKEY *k = read_key(pem);
    assert_non_null(k);
    assert_int_equal(cases[i].id, EVP_PKEY_get_base_id(k));
    if (cases[i].id == EVP_PKEY_RSA) assert_int_equal(4096, EVP_PKEY_get_bits(k));
    if (cases[i].id == EVP_PKEY_EC) assert_int_equal(256, EVP_PKEY_get_bits(k));
    EVP_PKEY_free(k);
  }
  EXPECT("Unknown type nope", "{{ genPrivateKey \"nope\" }}");
}

static void dsa_key(void **state) {
  (void)state;
  const char *pem = R("{{ genPrivateKey \"dsa\" }}");
  assert_memory_equal("-----BEGIN DSA PRIVATE KEY-----\n", pem, 32);
  EVP_PKEY *k = read_key(pem);
  assert_non_null(k);
  assert_int_equal(2048, EVP_PKEY_get_bits(k));
  EVP_PKEY_free(k);
  /* Go's x509 cannot sign with DSA */
  const char *got = RD("{{ genCAWithKey \"x\" 1 . }}", ct_cstring(HA, pem));
  assert_non_null(strstr(got, "error creating certificate: x509: certificate private key does not implement crypto.Signer"));
}

static const char *cn_of(X509 *x, char *buf, size_t n) {
  X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, buf, (int)n);
  return buf;
}

static long validity_days(X509 *x) {
  int days = 0, secs = 0;
  ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x), X509_get0_notAfter(x));
  return days;
}

static void ca_and_signed_certs(void **state) {
  (void)state;
  const char *out = R("{{ $ca := genCA \"snippets-ca\" 30 }}{{ $ca.Cert }}|{{ $ca.Key }}|"
                      "{{ $l := genSignedCert \"leaf\" (list \"10.0.0.2\" \"::1\") (list \"leaf.example\") 7 $ca }}{{ $l.Cert }}|{{ $l.Key }}|"
                      "{{ printf \"%T\" $ca }}");
  char *parts[5] = {0};
  char *s = ct_arena_strdup(HA, out);
  for (int i = 0; i < 5; i++) {
    parts[i] = s;
    char *bar = strchr(s, '|');
    if (bar) *bar = 0, s = bar + 1;
  }
  assert_string_equal("sprig.certificate", parts[4]);
  X509 *ca = read_cert(parts[0]), *leaf = read_cert(parts[2]);
  EVP_PKEY *cakey = read_key(parts[1]), *leafkey = read_key(parts[3]);
  assert_non_null(ca);
  assert_non_null(leaf);
  assert_non_null(cakey);
  assert_non_null(leafkey);
  char buf[128];
  assert_string_equal("snippets-ca", cn_of(ca, buf, sizeof buf));
  assert_string_equal("leaf", cn_of(leaf, buf, sizeof buf));
  assert_int_equal(30, validity_days(ca));
  assert_int_equal(7, validity_days(leaf));
  assert_int_equal(1, X509_check_ca(ca) > 0);
  assert_int_equal(0, X509_check_ca(leaf));
  assert_int_equal(1, X509_check_private_key(ca, cakey));
  assert_int_equal(1, X509_check_private_key(leaf, leafkey));
  assert_int_equal(2048, EVP_PKEY_get_bits(leafkey));
  EVP_PKEY *capub = X509_get0_pubkey(ca);
  assert_int_equal(1, X509_verify(leaf, capub));
  assert_int_equal(0, X509_NAME_cmp(X509_get_issuer_name(leaf), X509_get_subject_name(ca)));
  assert_int_equal(1, X509_check_host(leaf, "leaf.example", 0, 0, NULL));
  assert_int_equal(1, X509_check_ip_asc(leaf, "10.0.0.2", 0));
  assert_int_equal(1, X509_check_ip_asc(leaf, "::1", 0));
  uint32_t ku = X509_get_key_usage(leaf), xku = X509_get_extended_key_usage(leaf);
  assert_true(ku & KU_DIGITAL_SIGNATURE);
  assert_true(ku & KU_KEY_ENCIPHERMENT);
  assert_false(ku & KU_KEY_CERT_SIGN);
  assert_true(X509_get_key_usage(ca) & KU_KEY_CERT_SIGN);
  assert_true(xku & XKU_SSL_SERVER);
  assert_true(xku & XKU_SSL_CLIENT);
  assert_non_null(X509_get0_authority_key_id(leaf));
  assert_non_null(X509_get0_subject_key_id(ca));
  X509_free(ca);
  X509_free(leaf);
  EVP_PKEY_free(cakey);
  EVP_PKEY_free(leafkey);
}

static void certs_with_keys(void **state) {
  (void)state;
  const char *out = R("{{ $k := genPrivateKey \"ecdsa\" }}{{ $k }}|"
                      "{{ (genSelfSignedCertWithKey \"self2\" (list \"10.0.0.1\") (list \"a.example\") 30 $k).Cert }}|"
                      "{{ $ca := genCAWithKey \"ca2\" 30 (genPrivateKey \"ed25519\") }}{{ $ca.Cert }}|"
                      "{{ (genSignedCertWithKey \"leaf2\" nil nil 30 $ca $k).Cert }}|"
                      "{{ (genSelfSignedCert \"self\" nil nil 30).Cert }}");
  char *parts[5] = {0};
  char *s = ct_arena_strdup(HA, out);
  for (int i = 0; i < 5; i++) {
    parts[i] = s;
    char *bar = strchr(s, '|');
    if (bar) *bar = 0, s = bar + 1;
  }
  EVP_PKEY *k = read_key(parts[0]);
  X509 *self = read_cert(parts[1]), *ca = read_cert(parts[2]), *leaf = read_cert(parts[3]), *self2 = read_cert(parts[4]);
  assert_non_null(k);
  assert_non_null(self);
  assert_non_null(ca);
  assert_non_null(leaf);
  assert_non_null(self2);
  assert_int_equal(1, X509_check_private_key(self, k));
  assert_int_equal(1, X509_verify(self, k));
  assert_int_equal(1, X509_check_host(self, "a.example", 0, 0, NULL));
  assert_int_equal(EVP_PKEY_ED25519, EVP_PKEY_get_base_id(X509_get0_pubkey(ca)));
  assert_int_equal(1, X509_verify(leaf, X509_get0_pubkey(ca)));
  assert_int_equal(1, X509_check_private_key(leaf, k));
  assert_int_equal(1, X509_verify(self2, X509_get0_pubkey(self2)));
  assert_null(X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL)); /* no names, no SAN */
  X509_free(self);
  X509_free(ca);
  X509_free(leaf);
  X509_free(self2);
  EVP_PKEY_free(k);
}

static void cert_errors(void **state) {
  (void)state;
  EXPECT_ERR("error calling genCAWithKey: parsing private key: no PEM data in input", "{{ genCAWithKey \"x\" 1 \"garbage\" }}");
  EXPECT_ERR("error calling genSelfSignedCert: error parsing ip: 5 is not a string", "{{ genSelfSignedCert \"x\" (list 5) nil 1 }}");
  EXPECT_ERR("error calling genSelfSignedCert: error parsing ip: 999.1.1.1", "{{ genSelfSignedCert \"x\" (list \"999.1.1.1\") nil 1 }}");
  EXPECT_ERR("error calling genSelfSignedCert: error processing alternate dns name: 3 is not a string",
             "{{ genSelfSignedCert \"x\" nil (list 3) 1 }}");
  EXPECT_ERR("wrong type for value; expected sprig.certificate; got string", "{{ genSignedCert \"x\" nil nil 1 \"ca\" }}");
  EXPECT_ERR("error calling genCAWithKey: parsing private key: no private key data in PEM block of type CERTIFICATE",
             "{{ genCAWithKey \"x\" 1 (genCA \"y\" 1).Cert }}");
  EXPECT_ERR("error calling buildCustomCert: unable to decode base64 certificate", "{{ buildCustomCert \"!!\" \"\" }}");
  EXPECT_ERR("error calling buildCustomCert: unable to decode certificate", "{{ buildCustomCert \"aGVsbG8=\" \"aGVsbG8=\" }}");
}

static void build_custom_cert(void **state) {
  (void)state;
  /* a certificate and PKCS#1 key made here, given back verbatim */
  const char *out = R("{{ $c := genSelfSignedCert \"custom.example\" nil (list \"custom.example\") 10 }}{{ $c.Cert }}|{{ $c.Key }}");
  char *s = ct_arena_strdup(HA, out), *bar = strchr(s, '|');
  *bar = 0;
  ct_value *dot = ct_map_new(HA, CT_MAP, 2);
  ct_map_setc(HA, dot, "c", ct_cstring(HA, s));
  ct_map_setc(HA, dot, "k", ct_cstring(HA, bar + 1));
  const char *got = RD("{{ $x := buildCustomCert (.c | b64enc) (.k | b64enc) }}{{ eq $x.Cert .c }} {{ eq $x.Key .k }} {{ printf \"%T\" $x }}", dot);
  assert_string_equal("true true sprig.certificate", got);
  /* the corpus's certificate (made by helm's genSelfSignedCertWithKey), when present */
  FILE *fc = fopen("/work/shared/conformance/snippets/files/tls/tls.crt", "rb");
  FILE *fk = fopen("/work/shared/conformance/snippets/files/tls/tls.key", "rb");
  if (fc && fk) {
    char cb[8192], kb[8192];
    size_t cn = fread(cb, 1, sizeof cb - 1, fc), kn = fread(kb, 1, sizeof kb - 1, fk);
    cb[cn] = kb[kn] = 0;
    ct_value *d = ct_map_new(HA, CT_MAP, 2);
    ct_map_setc(HA, d, "c", ct_cstring(HA, cb));
    ct_map_setc(HA, d, "k", ct_cstring(HA, kb));
    assert_string_equal("96349357d613b70fffc98017fd508e997ffda1e9cd82774fabcd517fb498785e "
                        "6c5b869b37c2525aed052f109e650bd53c329a3ae1df8e11a6530c14fed00897",
                        RD("{{ $x := buildCustomCert (.c | b64enc) (.k | b64enc) }}{{ $x.Cert | sha256sum }} {{ $x.Key | sha256sum }}", d));
  }
  if (fc) fclose(fc);
  if (fk) fclose(fk);
}

int main(void) {
  static ct_func extra = {"list", "...any->[]any", f_list, NULL};
  h_build_table();
  h_table = realloc(h_table, (h_table_len + 1) * sizeof *h_table);
  if (!h_table) abort();
  h_table[h_table_len++] = extra;
  const struct CMUnitTest tests[] = {T(digests), T(sha256_repeats), T(derive_password), T(aes), T(bcrypt_and_htpasswd), T(private_keys),
                                     T(dsa_key), T(ca_and_signed_certs), T(certs_with_keys), T(cert_errors),
                                     T(build_custom_cert)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
