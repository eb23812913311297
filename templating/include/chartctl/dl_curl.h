/* libcurl, loaded on first use: include this header instead of the library's own.
 * Each call goes through a table that ct_dl_curl() fills by dlopen/dlsym, so commands
 * that never need libcurl do not pay for loading it (and its dependencies) at start-up.
 * A function missing from the list below fails to link: add it to CT_DL_CURL_FUNCS and
 * give it a #define like its neighbours. */
#ifndef CHARTCTL_DL_CURL_H
#define CHARTCTL_DL_CURL_H

#ifndef CURL_DISABLE_TYPECHECK
#define CURL_DISABLE_TYPECHECK 1
#endif
#include <curl/curl.h>

#define CT_DL_CURL_FUNCS(X) \
  X(curl_easy_cleanup) \
  X(curl_easy_escape) \
  X(curl_easy_getinfo) \
  X(curl_easy_init) \
  X(curl_easy_perform) \
  X(curl_easy_reset) \
  X(curl_easy_setopt) \
  X(curl_easy_strerror) \
  X(curl_free) \
  X(curl_global_init) \
  X(curl_multi_add_handle) \
  X(curl_multi_cleanup) \
  X(curl_multi_info_read) \
  X(curl_multi_init) \
  X(curl_multi_perform) \
  X(curl_multi_remove_handle) \
  X(curl_multi_wait) \
  X(curl_slist_append) \
  X(curl_slist_free_all)

typedef struct {
#define CT_DL_FIELD(f) __typeof__(f) *f;
  CT_DL_CURL_FUNCS(CT_DL_FIELD)
#undef CT_DL_FIELD
} ct_dl_curl_table;

/* The loaded table; on failure prints why to stderr and exits with status 127. */
const ct_dl_curl_table *ct_dl_curl(void);

#ifndef CT_DL_NO_MACROS
#undef curl_easy_cleanup
#define curl_easy_cleanup (ct_dl_curl()->curl_easy_cleanup)
#undef curl_easy_escape
#define curl_easy_escape (ct_dl_curl()->curl_easy_escape)
#undef curl_easy_getinfo
#define curl_easy_getinfo (ct_dl_curl()->curl_easy_getinfo)
#undef curl_easy_init
#define curl_easy_init (ct_dl_curl()->curl_easy_init)
#undef curl_easy_perform
#define curl_easy_perform (ct_dl_curl()->curl_easy_perform)
#undef curl_easy_reset
#define curl_easy_reset (ct_dl_curl()->curl_easy_reset)
#undef curl_easy_setopt
#define curl_easy_setopt (ct_dl_curl()->curl_easy_setopt)
#undef curl_easy_strerror
#define curl_easy_strerror (ct_dl_curl()->curl_easy_strerror)
#undef curl_free
#define curl_free (ct_dl_curl()->curl_free)
#undef curl_global_init
#define curl_global_init (ct_dl_curl()->curl_global_init)
#undef curl_multi_add_handle
#define curl_multi_add_handle (ct_dl_curl()->curl_multi_add_handle)
#undef curl_multi_cleanup
#define curl_multi_cleanup (ct_dl_curl()->curl_multi_cleanup)
#undef curl_multi_info_read
#define curl_multi_info_read (ct_dl_curl()->curl_multi_info_read)
#undef curl_multi_init
#define curl_multi_init (ct_dl_curl()->curl_multi_init)
#undef curl_multi_perform
#define curl_multi_perform (ct_dl_curl()->curl_multi_perform)
#undef curl_multi_remove_handle
#define curl_multi_remove_handle (ct_dl_curl()->curl_multi_remove_handle)
#undef curl_multi_wait
#define curl_multi_wait (ct_dl_curl()->curl_multi_wait)
#undef curl_slist_append
#define curl_slist_append (ct_dl_curl()->curl_slist_append)
#undef curl_slist_free_all
#define curl_slist_free_all (ct_dl_curl()->curl_slist_free_all)
#endif

#endif
