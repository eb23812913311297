/* warn.h — the warnings and notes chartctl prints to stderr while it works (Helm's
 * "walk.go:75: found symbolic link...", "WARNING: This chart is deprecated", lint's
 * "[INFO] ..."): one sink that counts them, so the static front (cli/front.h) can tell
 * chartctl-dyn how many it already printed before handing a command over, and chartctl-dyn,
 * repeating the same work, does not print them twice. */
#ifndef CHARTCTL_WARN_H
#define CHARTCTL_WARN_H

#include <stdio.h>

/* Prints one warning (printf-style, newline included by the caller) to W, or to stderr when
 * W is NULL. Warnings to stderr are counted, and skipped while a skip count is left. */
void ct_warnf(FILE *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Warnings printed to stderr so far (skipped ones not counted). */
unsigned ct_warn_count(void);

/* The next N warnings to stderr are not printed (they were, by the process that started
 * this one). */
void ct_warn_skip(unsigned n);

#endif
