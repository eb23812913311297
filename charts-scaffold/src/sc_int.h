/* sc_int.h — internals shared by the scaffold library's files: file helpers, the small
 * YAML/JSON readers, the scaffold model types and the git source. */
#ifndef CT_SC_INT_H
#define CT_SC_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "chartctl/value.h"
#include "ct_scaffold.h"

/* ---- files (sc_fs.c); errors through ct_error_set ---- */
int ct_scaffold__read_file(char **out, size_t *len, ct_arena *a, const char *path);
int ct_scaffold__write_file(const char *path, const char *data, size_t len);
bool ct_scaffold__is_dir(const char *path);
bool ct_scaffold__is_file(const char *path);
bool ct_scaffold__exists(const char *path);
int ct_scaffold__mkdir_p(const char *path);
int ct_scaffold__rm_rf(const char *path);
int ct_scaffold__copy_file(const char *src, const char *dst);
int ct_scaffold__copy_tree(const char *src, const char *dst);
bool ct_scaffold__same_content(const char *a, const char *b);
/* Sorted names of the entries of DIR (no "." ".."); NULL-terminated, in arena. */
char **ct_scaffold__list_dir(ct_arena *a, const char *dir, size_t *n);
char *ct_scaffold__path_join(ct_arena *a, const char *x, const char *y);
char *ct_scaffold__dirname(ct_arena *a, const char *path);
const char *ct_scaffold__basename(const char *path);
char *ct_scaffold__abspath(ct_arena *a, const char *path);

/* ---- YAML/JSON readers (sc_yaml.c, sc_json.c) ----
 * Every scalar becomes a CT_STRING as written (null, ~ and empty plain scalars become NULL);
 * maps keep the file's key order (ct_map_entries). */
int ct_scaffold__yaml_load(ct_value **out, ct_arena *a, const char *src, size_t len,
                           const char *what);
int ct_scaffold__yaml_load_file(ct_value **out, ct_arena *a, const char *path);
/* JSON numbers become CT_FLOAT64, true/false CT_BOOL, null NULL. */
int ct_scaffold__json_load_file(ct_value **out, ct_arena *a, const char *path);
/* A JSON string as Python's json.dumps writes it (ensure_ascii). */
void ct_scaffold__json_pystr(ct_buf *out, const char *s);
/* Scalar string of V or NULL when V is not a string. */
const char *ct_scaffold__str(const ct_value *v);

/* ---- semver (sc_registry.c) ---- */
/* Parses "X.Y" or "X.Y.Z" (non-negative integers); returns the number of parts or -1. */
int ct_scaffold__parse_version(const char *s, int v[3]);
/* Splits "ns.module:ver" into its parts (in arena). CT_EINVAL when malformed. */
int ct_scaffold__split_req(ct_arena *a, const char *req, char **ns, char **name, char **ver);

/* ---- scaffold model (sc_model.c) ---- */
typedef struct ct_sc_component {
  const char *name, *description;
  const char **modules;
  size_t nmodules;
  int priority;
  const char **conflicts;
  size_t nconflicts;
  ct_value *templates; /* map slot -> snippet (CT_STRING) */
  const char *values;  /* values snippet ("" when none) */
  const char **questions;
  size_t nquestions;
  const char *file;
} ct_sc_component;

typedef struct ct_sc_question {
  const char *id, *prompt;
} ct_sc_question;

typedef struct ct_sc_preset {
  const char *name, *file;
  const char **components;
  size_t ncomponents;
  ct_value *responses; /* map id -> string, may be NULL */
} ct_sc_preset;

typedef struct ct_sc_model {
  const char *dir; /* the model folder (holding _skel) */
  ct_sc_question *questions;
  size_t nquestions;
  ct_sc_component *components; /* sorted by priority (stable, by file name) */
  size_t ncomponents;
  ct_sc_preset *presets;
  size_t npresets;
} ct_sc_model;

int ct_scaffold__model_load(ct_sc_model *out, ct_arena *a, const char *dir);
const ct_sc_component *ct_scaffold__model_component(const ct_sc_model *m, const char *name);
/* A preset by name (in .presets/) or by path to a YAML file. */
int ct_scaffold__model_preset(ct_sc_preset *out, ct_arena *a, const ct_sc_model *m,
                              const char *name_or_path);
bool ct_scaffold__components_conflict(const ct_sc_component *x, const ct_sc_component *y);

/* ---- chart synthesis (sc_skel.c) ---- */
typedef struct ct_sc_answer {
  const char *id, *value;
} ct_sc_answer;

/* Line of a snippet for a "# replace: SLOT; indent: N" marker, as sextant writes it. */
void ct_scaffold__indent_line(ct_buf *out, const char *line, size_t len, int indent);
/* Expands the .skel text SRC with the components' snippets; *USED tells whether any
 * component contributed (sextant drops files that no component filled). */
void ct_scaffold__expand_skel(ct_buf *out, const char *src, size_t len,
                              const ct_sc_component *const *comps, size_t ncomps, bool *used);
/* Builds the chart in DIR (which must not exist) from the model. */
int ct_scaffold__synth(const char *dir, const char *chart_name, const ct_sc_model *m,
                       const ct_sc_component *const *comps, size_t ncomps,
                       const ct_sc_answer *answers, size_t nanswers, ct_arena *a);

/* ---- sources (sc_source.c) ---- */
typedef struct ct_sc_source {
  const char *model_dir; /* local folder of the model */
  const char *root;      /* repository root (or the folder where modules/ was found) */
  bool from_git;
} ct_sc_source;

/* SPEC: DIR, or GITURL[@REF][//SUBDIR] (https://, http://, file://, ssh://, [user@]host:path, a
 * local path to a git repository). Git sources are cloned or fetched into CACHE_DIR (NULL: the
 * default $XDG_CACHE_HOME/chartctl/scaffold or ~/.cache/chartctl/scaffold). */
int ct_scaffold__source_open(ct_sc_source *out, ct_arena *a, const char *spec,
                             const char *cache_dir);
/* A modules folder given as DIR or GITURL[@REF][//SUBDIR] (default SUBDIR: modules). */
int ct_scaffold__modules_open(const char **out, ct_arena *a, const char *spec,
                              const char *cache_dir);
/* The modules folder for a source: ROOT/modules. */
const char *ct_scaffold__source_modules(ct_arena *a, const ct_sc_source *s);

#endif
