/* lint.h — `chartctl lint`: Helm 3.17.1's chart lint rules (pkg/lint) over a chart
 * directory, collecting "[SEVERITY] PATH: MESSAGE" findings. */
#ifndef CT_LINT_H
#define CT_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "chartctl/value.h"

enum { CT_LINT_INFO = 1, CT_LINT_WARNING = 2, CT_LINT_ERROR = 4 };

typedef struct ct_lint_msg {
  int severity;
  char *path;
  char *text;
} ct_lint_msg;

typedef struct ct_lint_result {
  ct_lint_msg *msgs;
  size_t n, cap;
  char *fatal; /* the chart could not be linted at all ("unable to check Chart.yaml ...") */
} ct_lint_result;

typedef struct ct_lint_opts {
  const char *namespace_;
  const char *kube_version; /* validated by the caller */
  bool strict;
  bool skip_schema_validation;
} ct_lint_opts;

/* Lints the chart directory DIR with USER values. Returns 0, or -1 with OUT->fatal set. */
int ct_lint_chart(ct_lint_result *out, const char *dir, const ct_value *user, const ct_lint_opts *o);
void ct_lint_result_dispose(ct_lint_result *r);

/* strings.TrimSpace bounds */
void ct_cli__lint_trim(const char **s, size_t *len);

#endif
