/* postrender.h — runs a --post-renderer program over the rendered manifest document. */
#ifndef CT_POSTRENDER_H
#define CT_POSTRENDER_H

#include <stddef.h>

#include "chartctl/buf.h"

/* Looks BIN up as exec.LookPath, runs it with ARGS, IN on stdin; its stdout is appended to
 * OUT. Returns 0, or -1 with Helm's message in ERR (failed run, empty output, not found). */
int ct_cli__post_render(ct_buf *out, const char *bin, const char *const *args, size_t nargs,
                        const char *in, size_t inlen, ct_buf *err);

/* The flag-time check helm does ("invalid argument ... unable to find binary at ..."). */
int ct_cli__post_render_check(const char *bin, ct_buf *err);

#endif
