/* network.c — getHostByName as Helm 3.17 installs it: without --enable-dns (the only mode
 * `helm template` offers by default) it resolves nothing and returns "". */
#include "sprig/sprig_int.h"

static int f_gethostbyname(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)args;
  (void)nargs;
  *out = ct_cstring(ct_call_arena(c), "");
  return 0;
}

static const ct_func funcs[] = {
    {"getHostByName", "string->string", f_gethostbyname, NULL},
};

const ct_func *ct_sprig__network(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
