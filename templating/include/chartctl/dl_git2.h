/* libgit2, loaded on first use: include this header instead of the library's own.
 * Each call goes through a table that ct_dl_git2() fills by dlopen/dlsym, so commands
 * that never need libgit2 do not pay for loading it (and its dependencies) at start-up.
 * A function missing from the list below fails to link: add it to CT_DL_GIT2_FUNCS and
 * give it a #define like its neighbours. */
#ifndef CHARTCTL_DL_GIT2_H
#define CHARTCTL_DL_GIT2_H

#include <git2.h>

#define CT_DL_GIT2_FUNCS(X) \
  X(git_blob_free) \
  X(git_blob_lookup) \
  X(git_blob_rawcontent) \
  X(git_blob_rawsize) \
  X(git_checkout_options_init) \
  X(git_checkout_tree) \
  X(git_clone) \
  X(git_clone_options_init) \
  X(git_error_last) \
  X(git_fetch_options_init) \
  X(git_libgit2_init) \
  X(git_libgit2_shutdown) \
  X(git_object_free) \
  X(git_object_id) \
  X(git_object_peel) \
  X(git_remote_create_options_init) \
  X(git_remote_create_with_opts) \
  X(git_remote_fetch) \
  X(git_remote_free) \
  X(git_remote_lookup) \
  X(git_repository_free) \
  X(git_repository_init) \
  X(git_repository_open) \
  X(git_repository_set_head_detached) \
  X(git_revparse_single) \
  X(git_tree_entry_byindex) \
  X(git_tree_entry_bypath) \
  X(git_tree_entry_filemode) \
  X(git_tree_entry_free) \
  X(git_tree_entry_id) \
  X(git_tree_entry_name) \
  X(git_tree_entry_type) \
  X(git_tree_entrycount) \
  X(git_tree_free) \
  X(git_tree_lookup)

typedef struct {
#define CT_DL_FIELD(f) __typeof__(f) *f;
  CT_DL_GIT2_FUNCS(CT_DL_FIELD)
#undef CT_DL_FIELD
} ct_dl_git2_table;

/* The loaded table; on failure prints why to stderr and exits with status 127. */
const ct_dl_git2_table *ct_dl_git2(void);

#ifndef CT_DL_NO_MACROS
#undef git_blob_free
#define git_blob_free (ct_dl_git2()->git_blob_free)
#undef git_blob_lookup
#define git_blob_lookup (ct_dl_git2()->git_blob_lookup)
#undef git_blob_rawcontent
#define git_blob_rawcontent (ct_dl_git2()->git_blob_rawcontent)
#undef git_blob_rawsize
#define git_blob_rawsize (ct_dl_git2()->git_blob_rawsize)
#undef git_checkout_options_init
#define git_checkout_options_init (ct_dl_git2()->git_checkout_options_init)
#undef git_checkout_tree
#define git_checkout_tree (ct_dl_git2()->git_checkout_tree)
#undef git_clone
#define git_clone (ct_dl_git2()->git_clone)
#undef git_clone_options_init
#define git_clone_options_init (ct_dl_git2()->git_clone_options_init)
#undef git_error_last
#define git_error_last (ct_dl_git2()->git_error_last)
#undef git_fetch_options_init
#define git_fetch_options_init (ct_dl_git2()->git_fetch_options_init)
#undef git_libgit2_init
#define git_libgit2_init (ct_dl_git2()->git_libgit2_init)
#undef git_libgit2_shutdown
#define git_libgit2_shutdown (ct_dl_git2()->git_libgit2_shutdown)
#undef git_object_free
#define git_object_free (ct_dl_git2()->git_object_free)
#undef git_object_id
#define git_object_id (ct_dl_git2()->git_object_id)
#undef git_object_peel
#define git_object_peel (ct_dl_git2()->git_object_peel)
#undef git_remote_create_options_init
#define git_remote_create_options_init (ct_dl_git2()->git_remote_create_options_init)
#undef git_remote_create_with_opts
#define git_remote_create_with_opts (ct_dl_git2()->git_remote_create_with_opts)
#undef git_remote_fetch
#define git_remote_fetch (ct_dl_git2()->git_remote_fetch)
#undef git_remote_free
#define git_remote_free (ct_dl_git2()->git_remote_free)
#undef git_remote_lookup
#define git_remote_lookup (ct_dl_git2()->git_remote_lookup)
#undef git_repository_free
#define git_repository_free (ct_dl_git2()->git_repository_free)
#undef git_repository_init
#define git_repository_init (ct_dl_git2()->git_repository_init)
#undef git_repository_open
#define git_repository_open (ct_dl_git2()->git_repository_open)
#undef git_repository_set_head_detached
#define git_repository_set_head_detached (ct_dl_git2()->git_repository_set_head_detached)
#undef git_revparse_single
#define git_revparse_single (ct_dl_git2()->git_revparse_single)
#undef git_tree_entry_byindex
#define git_tree_entry_byindex (ct_dl_git2()->git_tree_entry_byindex)
#undef git_tree_entry_bypath
#define git_tree_entry_bypath (ct_dl_git2()->git_tree_entry_bypath)
#undef git_tree_entry_filemode
#define git_tree_entry_filemode (ct_dl_git2()->git_tree_entry_filemode)
#undef git_tree_entry_free
#define git_tree_entry_free (ct_dl_git2()->git_tree_entry_free)
#undef git_tree_entry_id
#define git_tree_entry_id (ct_dl_git2()->git_tree_entry_id)
#undef git_tree_entry_name
#define git_tree_entry_name (ct_dl_git2()->git_tree_entry_name)
#undef git_tree_entry_type
#define git_tree_entry_type (ct_dl_git2()->git_tree_entry_type)
#undef git_tree_entrycount
#define git_tree_entrycount (ct_dl_git2()->git_tree_entrycount)
#undef git_tree_free
#define git_tree_free (ct_dl_git2()->git_tree_free)
#undef git_tree_lookup
#define git_tree_lookup (ct_dl_git2()->git_tree_lookup)
#endif

#endif
