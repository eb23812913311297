/* sprig.h — the Sprig v3 function library as Helm 3.17 ships it (minus env/expandenv, which
 * Helm removes), plus Helm's own offline functions (toYaml, fromYaml, toJson, fromJson,
 * fromYamlArray, fromJsonArray, toToml, mustToYaml...). include/tpl/required/fail/lookup
 * are the engine's. */
#ifndef CHARTCTL_SPRIG_H
#define CHARTCTL_SPRIG_H

#include "chartctl/tpl.h"

/* The whole table; every entry's name is unique. */
const ct_func *ct_sprig_funcs(size_t *n);
/* Their direct forms (ct_tpl_set_direct): toYaml printed where its action prints it, and
 * indent, nindent and sha256sum as filters of printed text. */
const ct_func_direct *ct_sprig_direct(size_t *n);

#endif
