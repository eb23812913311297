/* version_tpl.c — `chartctl version --template`: a Go template over a map with Helm's
 * BuildInfo field names (Version, GitCommit, GitTreeState, GoVersion). */
#include <stdio.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/sprig.h"
#include "chartctl/tpl.h"
#include "chartctl/value.h"
#include "cli.h"
#include "version_tpl.h"

int ct_cli__version_template(const char *tmpl, const char *version, const char *commit,
                             const char *tree_state, const char *compiler) {
  ct_arena *a = ct_arena_new();
  ct_value *dot = ct_map_new(a, CT_MAP, 4);
  ct_map_setc(a, dot, "Version", ct_cstring(a, version));
  ct_map_setc(a, dot, "GitCommit", ct_cstring(a, commit));
  ct_map_setc(a, dot, "GitTreeState", ct_cstring(a, tree_state));
  ct_map_setc(a, dot, "GoVersion", ct_cstring(a, compiler));
  ct_tpl_set *s = ct_tpl_set_new();
  size_t nf;
  const ct_func *f = ct_sprig_funcs(&nf);
  ct_tpl_set_funcs(s, f, nf);
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  int rc = 0;
  size_t len = 0;
  while (tmpl[len]) len++;
  if (ct_tpl_parse(s, "version", tmpl, len, &err) != 0) {
    rc = ct_cli_errorf("%s", ct_buf_str(&err));
  } else {
    ct_exec_opts o = {.arena = a};
    if (ct_tpl_execute(s, "version", dot, &out, &o, &err) != 0)
      rc = ct_cli_errorf("%s", ct_buf_str(&err));
    else
      fwrite(out.ptr ? out.ptr : "", 1, out.len, stdout);
  }
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_tpl_set_free(s);
  ct_arena_free(a);
  return rc;
}
