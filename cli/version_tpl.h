/* version_tpl.h — executes `chartctl version --template` over the BuildInfo fields with the
 * Go template engine. */
#ifndef CT_VERSION_TPL_H
#define CT_VERSION_TPL_H

/* Prints the rendered template (no newline added, as helm). Returns the exit status. */
int ct_cli__version_template(const char *tmpl, const char *version, const char *commit,
                             const char *tree_state, const char *compiler);

#endif
