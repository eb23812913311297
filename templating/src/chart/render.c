/* render.c — what `helm template` does between loading and rendering: dependency processing,
 * CoalesceValues, schema validation (ValidateAgainstSchema) and ToRenderValues. */
#include <string.h>

#include "chart/chart_int.h"
#include "chartctl/values.h"

bool ct_chart_version_in_range(const char *constraint, const char *version) {
  return ct_chart__semver_in_range(constraint, version);
}
bool ct_chart_version_valid(const char *v) { return ct_chart__semver_valid(v); }

static int validate_rec(const ct_chart *c, const ct_value *values, ct_buf *sb) {
  if (c->schema) {
    ct_buf errs = CT_BUF_INIT;
    int rc = ct_chart__schema_check(c->schema->data, c->schema->len, values, &errs);
    if (rc == CT_EINVAL) {
      ct_buf_printf(sb, "%s:\n", ct_chart_name(c));
      ct_buf_put(sb, errs.ptr ? errs.ptr : "", errs.len);
    } else if (rc < 0) {
      ct_buf_printf(sb, "%s:\n%s", ct_chart_name(c), ct_error_last());
    }
    ct_buf_dispose(&errs);
  }
  for (size_t i = 0; i < c->ndeps; i++) {
    const char *nm = ct_chart_name(c->deps[i]);
    ct_value *sv = values ? ct_map_getc(values, nm) : NULL;
    if (sv && sv->type != CT_MAP) sv = NULL;
    validate_rec(c->deps[i], sv, sb);
  }
  return CT_OK;
}

int ct_values_validate(const ct_chart *c, const ct_value *values) {
  ct_buf sb = CT_BUF_INIT;
  validate_rec(c, values, &sb);
  int rc = CT_OK;
  if (sb.len)
    rc = ct_error_set(CT_EINVAL,
                      "values don't meet the specifications of the schema(s) in the following "
                      "chart(s):\n%s",
                      ct_buf_str(&sb));
  ct_buf_dispose(&sb);
  return rc;
}

ct_value *ct_values_render_top(ct_arena *a, const ct_chart *c, ct_value *values,
                               const ct_release_opts *rel) {
  ct_value *top = ct_map_new(a, CT_MAP, 5);
  ct_map_setc(a, top, "Chart", ct_chart_metadata_value(a, c));
  ct_value *r = ct_map_new(a, CT_MAP, 6);
  ct_map_setc(a, r, "Name", ct_cstring(a, rel && rel->name ? rel->name : ""));
  ct_map_setc(a, r, "Namespace", ct_cstring(a, rel && rel->namespace ? rel->namespace : ""));
  ct_map_setc(a, r, "IsUpgrade", ct_bool(a, rel && rel->is_upgrade));
  ct_map_setc(a, r, "IsInstall", ct_bool(a, rel && rel->is_install));
  ct_map_setc(a, r, "Revision", ct_int(a, CT_INT, rel ? rel->revision : 0));
  ct_map_setc(a, r, "Service", ct_cstring(a, "Helm"));
  ct_map_setc(a, top, "Release", r);
  ct_map_setc(a, top, "Values", ct_value_as(a, values ? values : ct_map_new(a, CT_MAP, 0), CT_GO_VALUES));
  return top;
}

int ct_values_prepare(ct_chart **out_chart, ct_value **out_top, ct_arena *a, const ct_chart *c,
                      const ct_value *user_values, const ct_release_opts *rel, FILE *warn) {
  ct_chart *view = NULL;
  int rc = ct_chart_process_dependencies(&view, a, c, user_values, warn);
  if (rc < 0) return rc;
  ct_value *vals = NULL;
  rc = ct_values_coalesce(&vals, a, view, user_values, warn);
  if (rc < 0) return rc;
  if (!(rel && rel->skip_schema_validation)) {
    rc = ct_values_validate(view, vals);
    if (rc < 0) return rc;
  }
  *out_chart = view;
  *out_top = ct_values_render_top(a, view, vals, rel);
  return CT_OK;
}
