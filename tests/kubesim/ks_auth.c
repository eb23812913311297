/* kubesim: authentication — accepts a client certificate signed by our CA (verified on the
 * GnuTLS session libmicrohttpd hands us) or `Authorization: Bearer <DIR/token>`. */
#include "ks.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

static int cert_user(struct MHD_Connection *c, char *user, size_t n) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
  if (!ci || !ci->tls_session) return 0;
  gnutls_session_t s = (gnutls_session_t)ci->tls_session;
  unsigned int status = 0;
  if (gnutls_certificate_verify_peers2(s, &status) != GNUTLS_E_SUCCESS || status != 0) return 0;
  unsigned int count = 0;
  const gnutls_datum_t *certs = gnutls_certificate_get_peers(s, &count);
  if (!certs || count == 0) return 0;
  gnutls_x509_crt_t crt;
  if (gnutls_x509_crt_init(&crt) != GNUTLS_E_SUCCESS) return 0;
  int ok = 0;
  if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) == GNUTLS_E_SUCCESS) {
    char cn[256];
    size_t cnlen = sizeof cn;
    if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, cn, &cnlen) == GNUTLS_E_SUCCESS) {
      snprintf(user, n, "%s", cn);
      ok = 1;
    }
  }
  gnutls_x509_crt_deinit(crt);
  return ok;
}

/* 1 when authenticated (user filled), 0 otherwise. */
int ks_auth_check(void *conn, const char *token, char *user, size_t n) {
  struct MHD_Connection *c = conn;
  const char *authz = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  if (authz && !strncasecmp(authz, "Bearer ", 7)) {
    const char *t = authz + 7;
    while (*t == ' ') t++;
    size_t tl = strlen(token), gl = strlen(t);
    unsigned diff = (unsigned)(tl ^ gl);
    for (size_t i = 0; i < tl && i < gl; i++) diff |= (unsigned)(t[i] ^ token[i]);
    if (diff == 0 && tl > 0) {
      snprintf(user, n, "kubesim-token");
      return 1;
    }
    return 0; /* a wrong token is rejected even with a certificate, as the real API does */
  }
  return cert_user(c, user, n);
}
