/* OpenSSL's libcrypto, loaded on first use: include this header instead of the library's own.
 * Each call goes through a table that ct_dl_crypto() fills by dlopen/dlsym, so commands
 * that never need OpenSSL's libcrypto do not pay for loading it (and its dependencies) at start-up.
 * A function missing from the list below fails to link: add it to CT_DL_CRYPTO_FUNCS and
 * give it a #define like its neighbours. */
#ifndef CHARTCTL_DL_CRYPTO_H
#define CHARTCTL_DL_CRYPTO_H

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define CT_DL_CRYPTO_FUNCS(X)                                                                      \
  X(ASN1_IA5STRING_new)                                                                            \
  X(ASN1_OCTET_STRING_new)                                                                         \
  X(ASN1_OCTET_STRING_set)                                                                         \
  X(ASN1_STRING_set)                                                                               \
  X(BN_free)                                                                                       \
  X(BN_new)                                                                                        \
  X(BN_rand_range)                                                                                 \
  X(BN_set_bit)                                                                                    \
  X(BN_to_ASN1_INTEGER)                                                                            \
  X(CRYPTO_free)                                                                                   \
  X(EVP_CIPHER_CTX_free)                                                                           \
  X(EVP_CIPHER_CTX_new)                                                                            \
  X(EVP_CIPHER_CTX_set_padding)                                                                    \
  X(EVP_CipherFinal_ex)                                                                            \
  X(EVP_CipherInit_ex)                                                                             \
  X(EVP_CipherUpdate)                                                                              \
  X(EVP_DecodeBlock)                                                                               \
  X(EVP_DecodeFinal)                                                                               \
  X(EVP_DecodeInit)                                                                                \
  X(EVP_DecodeUpdate)                                                                              \
  X(EVP_ENCODE_CTX_free)                                                                           \
  X(EVP_ENCODE_CTX_new)                                                                            \
  X(EVP_EncodeBlock)                                                                               \
  X(EVP_PBE_scrypt)                                                                                \
  X(EVP_PKCS82PKEY)                                                                                \
  X(EVP_PKEY2PKCS8)                                                                                \
  X(EVP_PKEY_CTX_free)                                                                             \
  X(EVP_PKEY_CTX_new_from_name)                                                                    \
  X(EVP_PKEY_CTX_new_from_pkey)                                                                    \
  X(EVP_PKEY_CTX_set_dsa_paramgen_bits)                                                            \
  X(EVP_PKEY_CTX_set_dsa_paramgen_q_bits)                                                          \
  X(EVP_PKEY_Q_keygen)                                                                             \
  X(EVP_PKEY_free)                                                                                 \
  X(EVP_PKEY_get_base_id)                                                                          \
  X(EVP_PKEY_get_bits)                                                                             \
  X(EVP_PKEY_keygen)                                                                               \
  X(EVP_PKEY_keygen_init)                                                                          \
  X(EVP_PKEY_paramgen)                                                                             \
  X(EVP_PKEY_paramgen_init)                                                                        \
  X(EVP_aes_256_cbc)                                                                               \
  X(EVP_sha256)                                                                                    \
  X(EVP_sha384)                                                                                    \
  X(EVP_sha512)                                                                                    \
  X(GENERAL_NAMES_free)                                                                            \
  X(GENERAL_NAME_new)                                                                              \
  X(GENERAL_NAME_set0_value)                                                                       \
  X(HMAC)                                                                                          \
  X(OPENSSL_sk_new_null)                                                                           \
  X(OPENSSL_sk_num)                                                                                \
  X(OPENSSL_sk_push)                                                                               \
  X(PKCS8_PRIV_KEY_INFO_free)                                                                      \
  X(X509V3_EXT_conf_nid)                                                                           \
  X(X509V3_set_ctx)                                                                                \
  X(X509_EXTENSION_free)                                                                           \
  X(X509_NAME_add_entry_by_NID)                                                                    \
  X(X509_NAME_cmp)                                                                                 \
  X(X509_NAME_free)                                                                                \
  X(X509_NAME_new)                                                                                 \
  X(X509_add1_ext_i2d)                                                                             \
  X(X509_add_ext)                                                                                  \
  X(X509_check_private_key)                                                                        \
  X(X509_free)                                                                                     \
  X(X509_get0_subject_key_id)                                                                      \
  X(X509_get_serialNumber)                                                                         \
  X(X509_get_subject_name)                                                                         \
  X(X509_getm_notAfter)                                                                            \
  X(X509_getm_notBefore)                                                                           \
  X(X509_gmtime_adj)                                                                               \
  X(X509_new)                                                                                      \
  X(X509_set_issuer_name)                                                                          \
  X(X509_set_pubkey)                                                                               \
  X(X509_set_subject_name)                                                                         \
  X(X509_set_version)                                                                              \
  X(X509_sign)                                                                                     \
  X(X509_time_adj_ex)                                                                              \
  X(d2i_PKCS8_PRIV_KEY_INFO)                                                                       \
  X(d2i_PrivateKey)                                                                                \
  X(d2i_X509)                                                                                      \
  X(i2d_PKCS8_PRIV_KEY_INFO)                                                                       \
  X(i2d_PrivateKey)                                                                                \
  X(i2d_X509)

typedef struct {
#define CT_DL_FIELD(f) __typeof__(f) *f;
  CT_DL_CRYPTO_FUNCS(CT_DL_FIELD)
#undef CT_DL_FIELD
} ct_dl_crypto_table;

/* The loaded table; on failure prints why to stderr and exits with status 127. */
const ct_dl_crypto_table *ct_dl_crypto(void);

#ifndef CT_DL_NO_MACROS
#undef ASN1_IA5STRING_new
#define ASN1_IA5STRING_new (ct_dl_crypto()->ASN1_IA5STRING_new)
#undef ASN1_OCTET_STRING_new
#define ASN1_OCTET_STRING_new (ct_dl_crypto()->ASN1_OCTET_STRING_new)
#undef ASN1_OCTET_STRING_set
#define ASN1_OCTET_STRING_set (ct_dl_crypto()->ASN1_OCTET_STRING_set)
#undef ASN1_STRING_set
#define ASN1_STRING_set (ct_dl_crypto()->ASN1_STRING_set)
#undef BN_free
#define BN_free (ct_dl_crypto()->BN_free)
#undef BN_new
#define BN_new (ct_dl_crypto()->BN_new)
#undef BN_rand_range
#define BN_rand_range (ct_dl_crypto()->BN_rand_range)
#undef BN_set_bit
#define BN_set_bit (ct_dl_crypto()->BN_set_bit)
#undef BN_to_ASN1_INTEGER
#define BN_to_ASN1_INTEGER (ct_dl_crypto()->BN_to_ASN1_INTEGER)
#undef CRYPTO_free
#define CRYPTO_free (ct_dl_crypto()->CRYPTO_free)
#undef EVP_CIPHER_CTX_free
#define EVP_CIPHER_CTX_free (ct_dl_crypto()->EVP_CIPHER_CTX_free)
#undef EVP_CIPHER_CTX_new
#define EVP_CIPHER_CTX_new (ct_dl_crypto()->EVP_CIPHER_CTX_new)
#undef EVP_CIPHER_CTX_set_padding
#define EVP_CIPHER_CTX_set_padding (ct_dl_crypto()->EVP_CIPHER_CTX_set_padding)
#undef EVP_CipherFinal_ex
#define EVP_CipherFinal_ex (ct_dl_crypto()->EVP_CipherFinal_ex)
#undef EVP_CipherInit_ex
#define EVP_CipherInit_ex (ct_dl_crypto()->EVP_CipherInit_ex)
#undef EVP_CipherUpdate
#define EVP_CipherUpdate (ct_dl_crypto()->EVP_CipherUpdate)
#undef EVP_DecodeBlock
#define EVP_DecodeBlock (ct_dl_crypto()->EVP_DecodeBlock)
#undef EVP_DecodeFinal
#define EVP_DecodeFinal (ct_dl_crypto()->EVP_DecodeFinal)
#undef EVP_DecodeInit
#define EVP_DecodeInit (ct_dl_crypto()->EVP_DecodeInit)
#undef EVP_DecodeUpdate
#define EVP_DecodeUpdate (ct_dl_crypto()->EVP_DecodeUpdate)
#undef EVP_ENCODE_CTX_free
#define EVP_ENCODE_CTX_free (ct_dl_crypto()->EVP_ENCODE_CTX_free)
#undef EVP_ENCODE_CTX_new
#define EVP_ENCODE_CTX_new (ct_dl_crypto()->EVP_ENCODE_CTX_new)
#undef EVP_EncodeBlock
#define EVP_EncodeBlock (ct_dl_crypto()->EVP_EncodeBlock)
#undef EVP_PBE_scrypt
#define EVP_PBE_scrypt (ct_dl_crypto()->EVP_PBE_scrypt)
#undef EVP_PKCS82PKEY
#define EVP_PKCS82PKEY (ct_dl_crypto()->EVP_PKCS82PKEY)
#undef EVP_PKEY2PKCS8
#define EVP_PKEY2PKCS8 (ct_dl_crypto()->EVP_PKEY2PKCS8)
#undef EVP_PKEY_CTX_free
#define EVP_PKEY_CTX_free (ct_dl_crypto()->EVP_PKEY_CTX_free)
#undef EVP_PKEY_CTX_new_from_name
#define EVP_PKEY_CTX_new_from_name (ct_dl_crypto()->EVP_PKEY_CTX_new_from_name)
#undef EVP_PKEY_CTX_new_from_pkey
#define EVP_PKEY_CTX_new_from_pkey (ct_dl_crypto()->EVP_PKEY_CTX_new_from_pkey)
#undef EVP_PKEY_CTX_set_dsa_paramgen_bits
#define EVP_PKEY_CTX_set_dsa_paramgen_bits (ct_dl_crypto()->EVP_PKEY_CTX_set_dsa_paramgen_bits)
#undef EVP_PKEY_CTX_set_dsa_paramgen_q_bits
#define EVP_PKEY_CTX_set_dsa_paramgen_q_bits (ct_dl_crypto()->EVP_PKEY_CTX_set_dsa_paramgen_q_bits)
#undef EVP_PKEY_Q_keygen
#define EVP_PKEY_Q_keygen (ct_dl_crypto()->EVP_PKEY_Q_keygen)
#undef EVP_PKEY_free
#define EVP_PKEY_free (ct_dl_crypto()->EVP_PKEY_free)
#undef EVP_PKEY_get_base_id
#define EVP_PKEY_get_base_id (ct_dl_crypto()->EVP_PKEY_get_base_id)
#undef EVP_PKEY_get_bits
#define EVP_PKEY_get_bits (ct_dl_crypto()->EVP_PKEY_get_bits)
#undef EVP_PKEY_keygen
#define EVP_PKEY_keygen (ct_dl_crypto()->EVP_PKEY_keygen)
#undef EVP_PKEY_keygen_init
#define EVP_PKEY_keygen_init (ct_dl_crypto()->EVP_PKEY_keygen_init)
#undef EVP_PKEY_paramgen
#define EVP_PKEY_paramgen (ct_dl_crypto()->EVP_PKEY_paramgen)
#undef EVP_PKEY_paramgen_init
#define EVP_PKEY_paramgen_init (ct_dl_crypto()->EVP_PKEY_paramgen_init)
#undef EVP_aes_256_cbc
#define EVP_aes_256_cbc (ct_dl_crypto()->EVP_aes_256_cbc)
#undef EVP_sha256
#define EVP_sha256 (ct_dl_crypto()->EVP_sha256)
#undef EVP_sha384
#define EVP_sha384 (ct_dl_crypto()->EVP_sha384)
#undef EVP_sha512
#define EVP_sha512 (ct_dl_crypto()->EVP_sha512)
#undef GENERAL_NAMES_free
#define GENERAL_NAMES_free (ct_dl_crypto()->GENERAL_NAMES_free)
#undef GENERAL_NAME_new
#define GENERAL_NAME_new (ct_dl_crypto()->GENERAL_NAME_new)
#undef GENERAL_NAME_set0_value
#define GENERAL_NAME_set0_value (ct_dl_crypto()->GENERAL_NAME_set0_value)
#undef HMAC
#define HMAC (ct_dl_crypto()->HMAC)
#undef OPENSSL_sk_new_null
#define OPENSSL_sk_new_null (ct_dl_crypto()->OPENSSL_sk_new_null)
#undef OPENSSL_sk_num
#define OPENSSL_sk_num (ct_dl_crypto()->OPENSSL_sk_num)
#undef OPENSSL_sk_push
#define OPENSSL_sk_push (ct_dl_crypto()->OPENSSL_sk_push)
#undef PKCS8_PRIV_KEY_INFO_free
#define PKCS8_PRIV_KEY_INFO_free (ct_dl_crypto()->PKCS8_PRIV_KEY_INFO_free)
#undef X509V3_EXT_conf_nid
#define X509V3_EXT_conf_nid (ct_dl_crypto()->X509V3_EXT_conf_nid)
#undef X509V3_set_ctx
#define X509V3_set_ctx (ct_dl_crypto()->X509V3_set_ctx)
#undef X509_EXTENSION_free
#define X509_EXTENSION_free (ct_dl_crypto()->X509_EXTENSION_free)
#undef X509_NAME_add_entry_by_NID
#define X509_NAME_add_entry_by_NID (ct_dl_crypto()->X509_NAME_add_entry_by_NID)
#undef X509_NAME_cmp
#define X509_NAME_cmp (ct_dl_crypto()->X509_NAME_cmp)
#undef X509_NAME_free
#define X509_NAME_free (ct_dl_crypto()->X509_NAME_free)
#undef X509_NAME_new
#define X509_NAME_new (ct_dl_crypto()->X509_NAME_new)
#undef X509_add1_ext_i2d
#define X509_add1_ext_i2d (ct_dl_crypto()->X509_add1_ext_i2d)
#undef X509_add_ext
#define X509_add_ext (ct_dl_crypto()->X509_add_ext)
#undef X509_check_private_key
#define X509_check_private_key (ct_dl_crypto()->X509_check_private_key)
#undef X509_free
#define X509_free (ct_dl_crypto()->X509_free)
#undef X509_get0_subject_key_id
#define X509_get0_subject_key_id (ct_dl_crypto()->X509_get0_subject_key_id)
#undef X509_get_serialNumber
#define X509_get_serialNumber (ct_dl_crypto()->X509_get_serialNumber)
#undef X509_get_subject_name
#define X509_get_subject_name (ct_dl_crypto()->X509_get_subject_name)
#undef X509_getm_notAfter
#define X509_getm_notAfter (ct_dl_crypto()->X509_getm_notAfter)
#undef X509_getm_notBefore
#define X509_getm_notBefore (ct_dl_crypto()->X509_getm_notBefore)
#undef X509_gmtime_adj
#define X509_gmtime_adj (ct_dl_crypto()->X509_gmtime_adj)
#undef X509_new
#define X509_new (ct_dl_crypto()->X509_new)
#undef X509_set_issuer_name
#define X509_set_issuer_name (ct_dl_crypto()->X509_set_issuer_name)
#undef X509_set_pubkey
#define X509_set_pubkey (ct_dl_crypto()->X509_set_pubkey)
#undef X509_set_subject_name
#define X509_set_subject_name (ct_dl_crypto()->X509_set_subject_name)
#undef X509_set_version
#define X509_set_version (ct_dl_crypto()->X509_set_version)
#undef X509_sign
#define X509_sign (ct_dl_crypto()->X509_sign)
#undef X509_time_adj_ex
#define X509_time_adj_ex (ct_dl_crypto()->X509_time_adj_ex)
#undef d2i_PKCS8_PRIV_KEY_INFO
#define d2i_PKCS8_PRIV_KEY_INFO (ct_dl_crypto()->d2i_PKCS8_PRIV_KEY_INFO)
#undef d2i_PrivateKey
#define d2i_PrivateKey (ct_dl_crypto()->d2i_PrivateKey)
#undef d2i_X509
#define d2i_X509 (ct_dl_crypto()->d2i_X509)
#undef i2d_PKCS8_PRIV_KEY_INFO
#define i2d_PKCS8_PRIV_KEY_INFO (ct_dl_crypto()->i2d_PKCS8_PRIV_KEY_INFO)
#undef i2d_PrivateKey
#define i2d_PrivateKey (ct_dl_crypto()->i2d_PrivateKey)
#undef i2d_X509
#define i2d_X509 (ct_dl_crypto()->i2d_X509)
#endif

#endif
