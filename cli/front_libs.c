/* front_libs.c — the library loaders of the statically linked chartctl (front.h), in place
 * of templating/src/core/dynlib.c's dlopen ones: libcrypt is linked in (bcrypt, htpasswd);
 * the first call into libcurl, libgit2, libarchive or libcrypto hands the command to
 * chartctl-dyn. libcrypto is not linked in although it could be: its 17,000 relocations
 * and 400 KB of data would cost every start of a static-pie chartctl ~100 page faults, more
 * than the static link saves. Defining every function dynlib.c defines keeps the linker from
 * pulling dynlib.c out of libct_core.a. */
#ifdef CT_STATIC_FRONT
#define CT_DL_NO_MACROS 1
#include <crypt.h>

#include "chartctl/dl_archive.h"
#include "chartctl/dl_crypto.h"
#include "chartctl/dl_curl.h"
#include "chartctl/dl_git2.h"
#include "chartctl/dl_libcrypt.h"
#include "front.h"

const ct_dl_curl_table *ct_dl_curl(void) { ct_front_handoff("libcurl"); }
const ct_dl_git2_table *ct_dl_git2(void) { ct_front_handoff("libgit2"); }
const ct_dl_archive_table *ct_dl_archive(void) { ct_front_handoff("libarchive"); }

const ct_dl_crypto_table *ct_dl_crypto(void) { ct_front_handoff("libcrypto"); }

ct_crypt_r_fn ct_dl_crypt_r(void) { return crypt_r; }

/* glibc's static start-up asks _dl_get_origin for the directory of the executable (a
 * readlink of /proc/self/exe, which makes the kernel build /proc entries for the new process)
 * only to expand $ORIGIN in the search paths of a dlopen. This binary dlopens nothing (NSS
 * modules, the one exception, are found without $ORIGIN), so its origin is "unknown", which
 * glibc's (char *) -1 means. The definition replaces libc.a's dl-origin.o, which defines
 * nothing else. Saves one system call per run. */
const char *_dl_get_origin(void);
const char *_dl_get_origin(void) { return (const char *)-1; }
#else
/* ISO C wants a translation unit to declare something. */
typedef int ct_front_libs_unused;
#endif
