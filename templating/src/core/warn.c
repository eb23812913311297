/* warn.c — the counted stderr warning sink of warn.h. */
#include <stdarg.h>

#include "chartctl/warn.h"

static unsigned printed, to_skip;

void ct_warnf(FILE *w, const char *fmt, ...) {
  if (!w) w = stderr;
  if (w == stderr && to_skip) {
    to_skip--;
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  vfprintf(w, fmt, ap);
  va_end(ap);
  if (w == stderr) printed++;
}

unsigned ct_warn_count(void) { return printed; }

void ct_warn_skip(unsigned n) { to_skip = n; }
