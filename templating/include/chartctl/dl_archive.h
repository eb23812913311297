/* libarchive, loaded on first use: include this header instead of the library's own.
 * Each call goes through a table that ct_dl_archive() fills by dlopen/dlsym, so commands
 * that never need libarchive do not pay for loading it (and its dependencies) at start-up.
 * A function missing from the list below fails to link: add it to CT_DL_ARCHIVE_FUNCS and
 * give it a #define like its neighbours. */
#ifndef CHARTCTL_DL_ARCHIVE_H
#define CHARTCTL_DL_ARCHIVE_H

#include <archive.h>
#include <archive_entry.h>

#define CT_DL_ARCHIVE_FUNCS(X) \
  X(archive_entry_filetype) \
  X(archive_entry_hardlink) \
  X(archive_entry_pathname) \
  X(archive_entry_size) \
  X(archive_entry_size_is_set) \
  X(archive_entry_symlink) \
  X(archive_error_string) \
  X(archive_read_data) \
  X(archive_read_free) \
  X(archive_read_new) \
  X(archive_read_next_header) \
  X(archive_read_open_memory) \
  X(archive_read_support_filter_gzip) \
  X(archive_read_support_format_tar)

typedef struct {
#define CT_DL_FIELD(f) __typeof__(f) *f;
  CT_DL_ARCHIVE_FUNCS(CT_DL_FIELD)
#undef CT_DL_FIELD
} ct_dl_archive_table;

/* The loaded table; on failure prints why to stderr and exits with status 127. */
const ct_dl_archive_table *ct_dl_archive(void);

#ifndef CT_DL_NO_MACROS
#undef archive_entry_filetype
#define archive_entry_filetype (ct_dl_archive()->archive_entry_filetype)
#undef archive_entry_hardlink
#define archive_entry_hardlink (ct_dl_archive()->archive_entry_hardlink)
#undef archive_entry_pathname
#define archive_entry_pathname (ct_dl_archive()->archive_entry_pathname)
#undef archive_entry_size
#define archive_entry_size (ct_dl_archive()->archive_entry_size)
#undef archive_entry_size_is_set
#define archive_entry_size_is_set (ct_dl_archive()->archive_entry_size_is_set)
#undef archive_entry_symlink
#define archive_entry_symlink (ct_dl_archive()->archive_entry_symlink)
#undef archive_error_string
#define archive_error_string (ct_dl_archive()->archive_error_string)
#undef archive_read_data
#define archive_read_data (ct_dl_archive()->archive_read_data)
#undef archive_read_free
#define archive_read_free (ct_dl_archive()->archive_read_free)
#undef archive_read_new
#define archive_read_new (ct_dl_archive()->archive_read_new)
#undef archive_read_next_header
#define archive_read_next_header (ct_dl_archive()->archive_read_next_header)
#undef archive_read_open_memory
#define archive_read_open_memory (ct_dl_archive()->archive_read_open_memory)
#undef archive_read_support_filter_gzip
#define archive_read_support_filter_gzip (ct_dl_archive()->archive_read_support_filter_gzip)
#undef archive_read_support_format_tar
#define archive_read_support_format_tar (ct_dl_archive()->archive_read_support_format_tar)
#endif

#endif
