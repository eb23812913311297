/* libxcrypt's crypt_r (bcrypt for Sprig's bcrypt and htpasswd), loaded on first use. */
#ifndef CHARTCTL_DL_LIBCRYPT_H
#define CHARTCTL_DL_LIBCRYPT_H

struct crypt_data;
typedef char *(*ct_crypt_r_fn)(const char *phrase, const char *setting, struct crypt_data *data);

/* crypt_r, or NULL when libcrypt.so.1 cannot be loaded. */
ct_crypt_r_fn ct_dl_crypt_r(void);

#endif
