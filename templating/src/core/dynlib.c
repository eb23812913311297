/* Lazy loading of the heavy shared libraries (libcurl, libgit2, libarchive, libcrypto):
 * the first call of any of their functions dlopens the library and fills its call table. */
#define CT_DL_NO_MACROS 1
#include "chartctl/dl_archive.h"
#include "chartctl/dl_crypto.h"
#include "chartctl/dl_curl.h"
#include "chartctl/dl_git2.h"
#include "chartctl/dl_libcrypt.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* Sonames come from the build (CMake reads them off the libraries it found). */
#ifndef CT_SONAME_CURL
#define CT_SONAME_CURL "libcurl.so.4"
#endif
#ifndef CT_SONAME_GIT2
#define CT_SONAME_GIT2 "libgit2.so"
#endif
#ifndef CT_SONAME_ARCHIVE
#define CT_SONAME_ARCHIVE "libarchive.so.13"
#endif
#ifndef CT_SONAME_CRYPTO
#define CT_SONAME_CRYPTO "libcrypto.so.3"
#endif

static void *open_or_die(const char *soname) {
  void *h = dlopen(soname, RTLD_NOW | RTLD_GLOBAL);
  if (!h) {
    const char *why = dlerror();
    fprintf(stderr, "Error: cannot load %s: %s\n", soname, why ? why : "unknown error");
    exit(127);
  }
  return h;
}

static void *sym_or_die(void *h, const char *soname, const char *name) {
  dlerror();
  void *p = dlsym(h, name);
  if (!p) {
    const char *why = dlerror();
    fprintf(stderr, "Error: %s has no function %s: %s\n", soname, name, why ? why : "symbol is null");
    exit(127);
  }
  return p;
}

/* One table, its once-flag and its loader per library. Storing dlsym's object pointer into
 * a function pointer goes through memcpy: POSIX guarantees the representations agree. */
#define CT_DL_LOAD_FIELD(f)                                  \
  {                                                          \
    void *p_ = sym_or_die(h, soname, #f);                    \
    memcpy(&tbl_.f, &p_, sizeof p_);                         \
  }
#define CT_DL_DEFINE(name, SONAME, FUNCS)                    \
  static ct_dl_##name##_table name##_tbl;                    \
  static pthread_once_t name##_once = PTHREAD_ONCE_INIT;     \
  static void name##_load(void) {                            \
    const char *soname = SONAME;                             \
    void *h = open_or_die(soname);                           \
    ct_dl_##name##_table tbl_;                               \
    FUNCS(CT_DL_LOAD_FIELD)                                  \
    name##_tbl = tbl_;                                       \
  }                                                          \
  const ct_dl_##name##_table *ct_dl_##name(void) {           \
    pthread_once(&name##_once, name##_load);                 \
    return &name##_tbl;                                      \
  }

#include <string.h>

CT_DL_DEFINE(curl, CT_SONAME_CURL, CT_DL_CURL_FUNCS)
CT_DL_DEFINE(git2, CT_SONAME_GIT2, CT_DL_GIT2_FUNCS)
CT_DL_DEFINE(archive, CT_SONAME_ARCHIVE, CT_DL_ARCHIVE_FUNCS)
CT_DL_DEFINE(crypto, CT_SONAME_CRYPTO, CT_DL_CRYPTO_FUNCS)

/* libxcrypt, for bcrypt: loaded without its table (one function), NULL when missing. */
static ct_crypt_r_fn crypt_r_fn;
static pthread_once_t crypt_r_once = PTHREAD_ONCE_INIT;
static void crypt_r_load(void) {
  void *h = dlopen("libcrypt.so.1", RTLD_NOW | RTLD_LOCAL);
  void *p = h ? dlsym(h, "crypt_r") : NULL;
  memcpy(&crypt_r_fn, &p, sizeof p);
}
ct_crypt_r_fn ct_dl_crypt_r(void) {
  pthread_once(&crypt_r_once, crypt_r_load);
  return crypt_r_fn;
}
