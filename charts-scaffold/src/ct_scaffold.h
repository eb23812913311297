/* ct_scaffold.h — public interface of the scaffold library: versioned template modules
 * (registry, resolution, package.json/package.lock, vendoring), scaffold models and commands. */
#ifndef CT_SCAFFOLD_H
#define CT_SCAFFOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/errors.h"

/* ---- module registry: MODULES/NS/module.json + MODULES/NS/NAME_X.Y.Z.tpl ---- */
typedef struct ct_sc_module {
  const char *ns, *name;
  int major, minor, patch;
  const char *version;     /* "X.Y.Z" */
  const char *const *deps; /* "ns.module:X.Y" requirements from module.json */
  size_t ndeps;
  const char *path; /* the .tpl file */
} ct_sc_module;

typedef struct ct_sc_registry {
  ct_sc_module *mods;
  size_t n;
  const char *root;
} ct_sc_registry;

/* Loads every namespace folder holding a module.json under MODULES_DIR (recursively, as
 * sextant). Returns NULL with ct_error_last() set when the folder or a module.json is bad. */
ct_sc_registry *ct_scaffold_registry_load(ct_arena *a, const char *modules_dir);
/* Newest module NS.NAME whose version starts with the components of VERSION ("1.2" → the
 * newest 1.2.z; "1.2.3" → exactly 1.2.3). NULL when none. */
const ct_sc_module *ct_scaffold_registry_newest(const ct_sc_registry *r, const char *ns,
                                                const char *name, const char *version);
/* Exactly NS.NAME at VERSION "X.Y.Z". */
const ct_sc_module *ct_scaffold_registry_exact(const ct_sc_registry *r, const char *ns,
                                               const char *name, const char *version);

/* ---- resolution ---- */
typedef struct ct_sc_resolved {
  const ct_sc_module *mod;
  const char *required_by; /* "ns.name:X.Y.Z" of the module that pulled it in; NULL: package.json */
} ct_sc_resolved;

typedef struct ct_sc_resolution {
  ct_sc_resolved *items; /* in sextant's order: depth-first, package.json order */
  size_t n;
} ct_sc_resolution;

/* Resolves REQS ("ns.module:X.Y[.Z]") transitively to the newest patch releases.
 * CT_ENOTFOUND: a requested version does not exist; CT_ECONFLICT: two requirers need
 * incompatible versions of one module (the message names both); CT_EINVAL: bad syntax. */
int ct_scaffold_resolve(ct_sc_resolution *out, ct_arena *a, const ct_sc_registry *r,
                        const char *const *reqs, size_t nreqs);
/* package.lock text of RES exactly as sextant writes it (Python json.dumps indent=4). */
void ct_scaffold_lock_format(ct_buf *out, const ct_sc_resolution *res);
/* package.json text of a requirement list (sextant: json.dump(list, indent=4)). */
void ct_scaffold_package_format(ct_buf *out, const char *const *reqs, size_t n);
/* Reads a package.json file: a JSON list of strings. */
int ct_scaffold_package_read(const char ***out, size_t *n, ct_arena *a, const char *path);
/* Reads a package.lock and finds every entry in the registry (CT_ENOTFOUND when one is
 * missing). */
int ct_scaffold_lock_read(ct_sc_resolution *out, ct_arena *a, const ct_sc_registry *r,
                          const char *path);

/* ---- vendoring ---- */
typedef enum {
  CT_SC_VENDOR_LOCK = 0,    /* use package.lock when present and not older than package.json */
  CT_SC_VENDOR_RESOLVE = 1, /* always re-resolve package.json (update) */
} ct_sc_vendor_mode;

/* Vendors the modules of the chart at CHART_DIR into templates/vendor/NS/, writing
 * package.lock when resolving, pruning stale .tpl files. A line per change goes to REPORT
 * ("+ ns.name 1.2.3", "~ ns.name 1.2.3 -> 1.2.4", "- ns.name 1.2.3"). *CHANGED (may be
 * NULL) tells whether any vendored file changed; then, with BUMP_VERSION, the patch number of
 * Chart.yaml's version is raised as sextant does. */
int ct_scaffold_vendor(const char *chart_dir, const ct_sc_registry *r, ct_sc_vendor_mode mode,
                       bool bump_version, ct_buf *report, bool *changed);
/* Raises the patch number of the version: line of CHART_DIR/Chart.yaml; *NEW_VERSION (may be
 * NULL) gets the new version (heap; free it). */
int ct_scaffold_bump_chart_version(const char *chart_dir, char **new_version);

/* ---- answers validation ---- */
/* DNS-1123 label of at most 53 characters (Helm's release/chart name limit). NULL when valid,
 * else the reason. */
const char *ct_scaffold_check_chart_name(const char *name);
/* Validates an answer for question ID (ports: 1-65535; image names: a docker repository name
 * without registry, optional tag). NULL when valid, else the reason. */
const char *ct_scaffold_check_answer(const char *id, const char *value);

/* ---- commands (argv[0] is the program or command name) ---- */
/* What create_new_service needs to know; NULL/0 fields take their defaults. */
typedef struct ct_sc_create_opts {
  const char *scaffold;   /* DIR|GITURL[@REF][//PATH] (default _scaffold/service) */
  const char *modules;    /* default: modules beside the model's repository root */
  const char *charts_dir; /* default "charts" */
  const char *name;       /* asked when NULL */
  const char *preset;     /* name in .presets/ or a YAML file */
  const char *answers_file;
  const char *cache_dir;          /* git clones (default $XDG_CACHE_HOME/chartctl/scaffold) */
  const char *const *set_answers; /* "id=value" */
  size_t nset_answers;
  const char *const *components; /* picked without asking */
  size_t ncomponents;
  bool force;
} ct_sc_create_opts;

/* Runs the dialogue on IN/OUT and creates the chart. Returns 0, or 1 after printing
 * "Error: ..." on stderr. */
int ct_scaffold_create_service(const ct_sc_create_opts *o, FILE *in, FILE *out);
/* create_new_service / chartctl scaffold create. IN/OUT: the dialogue streams. */
int ct_scaffold_cmd_create_service(int argc, char **argv, FILE *in, FILE *out);
/* scaffold update/vendor of CHART: RESOLVE re-resolves package.json (update, or vendor
 * --force), else package.lock is used unless package.json is newer; BUMP raises the chart's
 * patch version when vendored files changed; what changed is printed on OUT. */
int ct_scaffold_vendor_chart(const char *chart, const char *modules, bool resolve, bool bump,
                             bool update, FILE *out);
/* chartctl scaffold {create,update,vendor} ... */
int ct_scaffold_cmd_scaffold(int argc, char **argv);
/* `chartctl create`'s starter service chart NAME written into DIR as helm create does: the
 * name must match ^[a-zA-Z0-9._-]+$ (1-250 characters), DIR's parent must exist, an existing
 * DIR has its files overwritten with a "WARNING: File ... already exists. Overwriting." line
 * on WARN (may be NULL); a new DIR appears complete or not at all. */
int ct_scaffold_starter_write(const char *dir, const char *name, FILE *warn);

#endif
