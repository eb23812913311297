/* sc_model.c — loading a scaffold model folder: questions.yaml, _wizard/ YAML components
 * (sorted by priority as sextant does) and .presets/ YAML files. */
#include <stdlib.h>
#include <string.h>

#include "sc_int.h"

/* A list of strings from a YAML list, or from a "a, b c" string (some models write it so). */
static int string_list(ct_arena *a, const ct_value *v, const char ***out, size_t *n,
                       const char *file, const char *field) {
  *out = NULL;
  *n = 0;
  if (!v) return CT_OK;
  if (v->type == CT_STRING) {
    const char **items = ct_arena_alloc(a, (v->s.len / 2 + 2) * sizeof *items);
    const char *p = v->s.ptr;
    while (*p) {
      while (*p == ',' || *p == ' ' || *p == '\t' || *p == '\n')
        p++;
      const char *s = p;
      while (*p && *p != ',' && *p != ' ' && *p != '\t' && *p != '\n')
        p++;
      if (p > s) items[(*n)++] = ct_arena_strndup(a, s, (size_t)(p - s));
    }
    *out = items;
    return CT_OK;
  }
  if (!ct_is_list(v)) return ct_error_set(CT_EINVAL, "%s: %s must be a list", file, field);
  const char **items = ct_arena_alloc(a, (v->list->len + 1) * sizeof *items);
  for (size_t i = 0; i < v->list->len; i++) {
    const char *s = ct_scaffold__str(v->list->items[i]);
    if (!s) return ct_error_set(CT_EINVAL, "%s: %s: item %zu is not a string", file, field, i + 1);
    items[(*n)++] = s;
  }
  *out = items;
  return CT_OK;
}

static int load_component(ct_sc_component *c, ct_arena *a, const char *file) {
  ct_value *v;
  int rc = ct_scaffold__yaml_load_file(&v, a, file);
  if (rc) return rc;
  if (!ct_is_map(v)) return ct_error_set(CT_EINVAL, "%s: a component must be a map", file);
  memset(c, 0, sizeof *c);
  c->file = file;
  c->name = ct_scaffold__str(ct_map_getc(v, "name"));
  if (!c->name) return ct_error_set(CT_EINVAL, "%s: the component has no name", file);
  c->description = ct_scaffold__str(ct_map_getc(v, "description"));
  if (!c->description) c->description = ct_arena_sprintf(a, "Scaffold for %s", c->name);
  c->priority = 99;
  const char *prio = ct_scaffold__str(ct_map_getc(v, "priority"));
  if (prio) {
    char *end;
    long p = strtol(prio, &end, 10);
    if (*end || end == prio || p < -1000000 || p > 1000000)
      return ct_error_set(CT_EINVAL, "%s: priority %s is not an integer", file, prio);
    c->priority = (int)p;
  }
  if ((rc =
           string_list(a, ct_map_getc(v, "modules"), &c->modules, &c->nmodules, file, "modules")) ||
      (rc = string_list(a, ct_map_getc(v, "conflicts"), &c->conflicts, &c->nconflicts, file,
                        "conflicts")) ||
      (rc = string_list(a, ct_map_getc(v, "questions"), &c->questions, &c->nquestions, file,
                        "questions")))
    return rc;
  for (size_t i = 0; i < c->nmodules; i++) {
    char *ns, *name, *ver;
    if ((rc = ct_scaffold__split_req(a, c->modules[i], &ns, &name, &ver)))
      return ct_error_wrap(rc, "%s", file);
  }
  ct_value *t = ct_map_getc(v, "templates");
  if (t && !ct_is_map(t)) return ct_error_set(CT_EINVAL, "%s: templates must be a map", file);
  c->templates = t;
  if (t) {
    size_t n;
    const ct_map_entry *e = ct_map_entries(t, &n);
    for (size_t i = 0; i < n; i++)
      if (e[i].value && e[i].value->type != CT_STRING)
        return ct_error_set(CT_EINVAL, "%s: template %s must be a string", file, e[i].key.ptr);
  }
  ct_value *vals = ct_map_getc(v, "values");
  if (vals && vals->type != CT_STRING)
    return ct_error_set(CT_EINVAL, "%s: values must be a string (a YAML snippet)", file);
  c->values = vals ? vals->s.ptr : "";
  return CT_OK;
}

static int load_questions(ct_sc_model *m, ct_arena *a, const char *dir) {
  char *file = ct_scaffold__path_join(a, dir, "questions.yaml");
  if (!ct_scaffold__is_file(file)) return CT_OK;
  ct_value *v;
  int rc = ct_scaffold__yaml_load_file(&v, a, file);
  if (rc) return rc;
  if (!v) return CT_OK;
  if (!ct_is_map(v)) return ct_error_set(CT_EINVAL, "Malformed questions file: %s", file);
  size_t n;
  const ct_map_entry *e = ct_map_entries(v, &n);
  m->questions = ct_arena_alloc(a, (n + 1) * sizeof *m->questions);
  for (size_t i = 0; i < n; i++) {
    const char *prompt = ct_scaffold__str(e[i].value);
    if (!prompt)
      return ct_error_set(CT_EINVAL, "%s: question %s must be a string", file, e[i].key.ptr);
    m->questions[m->nquestions].id = e[i].key.ptr;
    m->questions[m->nquestions++].prompt = prompt;
  }
  return CT_OK;
}

static int load_preset_file(ct_sc_preset *p, ct_arena *a, const char *name, const char *file) {
  ct_value *v;
  int rc = ct_scaffold__yaml_load_file(&v, a, file);
  if (rc) return rc;
  memset(p, 0, sizeof *p);
  p->name = name;
  p->file = file;
  if (v && !ct_is_map(v)) return ct_error_set(CT_EINVAL, "%s: a preset must be a map", file);
  if ((rc = string_list(a, ct_map_getc(v, "components"), &p->components, &p->ncomponents, file,
                        "components")))
    return rc;
  ct_value *resp = ct_map_getc(v, "responses");
  if (resp && !ct_is_map(resp)) return ct_error_set(CT_EINVAL, "%s: responses must be a map", file);
  if (resp) {
    size_t n;
    const ct_map_entry *e = ct_map_entries(resp, &n);
    for (size_t i = 0; i < n; i++)
      if (!e[i].value || e[i].value->type != CT_STRING)
        return ct_error_set(CT_EINVAL, "%s: response %s must be a string", file, e[i].key.ptr);
  }
  p->responses = resp;
  return CT_OK;
}

int ct_scaffold__model_load(ct_sc_model *m, ct_arena *a, const char *dir) {
  memset(m, 0, sizeof *m);
  m->dir = dir;
  char *skel = ct_scaffold__path_join(a, dir, "_skel");
  if (!ct_scaffold__is_dir(skel))
    return ct_error_set(CT_ENOTFOUND, "%s is not a scaffold model (no _skel folder)", dir);
  int rc = load_questions(m, a, dir);
  if (rc) return rc;
  char *wiz = ct_scaffold__path_join(a, dir, "_wizard");
  size_t n = 0;
  char **names = ct_scaffold__is_dir(wiz) ? ct_scaffold__list_dir(a, wiz, &n) : NULL;
  m->components = ct_arena_alloc(a, (n + 1) * sizeof *m->components);
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(names[i]);
    if (len < 6 || strcmp(names[i] + len - 5, ".yaml") != 0) continue;
    rc =
        load_component(&m->components[m->ncomponents], a, ct_scaffold__path_join(a, wiz, names[i]));
    if (rc) return rc;
    for (size_t k = 0; k < m->ncomponents; k++)
      if (!strcmp(m->components[k].name, m->components[m->ncomponents].name))
        return ct_error_set(CT_EINVAL, "%s: component %s is defined twice", wiz,
                            m->components[k].name);
    m->ncomponents++;
  }
  /* stable insertion sort by priority */
  for (size_t i = 1; i < m->ncomponents; i++) {
    ct_sc_component c = m->components[i];
    size_t k = i;
    while (k > 0 && m->components[k - 1].priority > c.priority) {
      m->components[k] = m->components[k - 1];
      k--;
    }
    m->components[k] = c;
  }
  char *pre = ct_scaffold__path_join(a, dir, ".presets");
  n = 0;
  names = ct_scaffold__is_dir(pre) ? ct_scaffold__list_dir(a, pre, &n) : NULL;
  m->presets = ct_arena_alloc(a, (n + 1) * sizeof *m->presets);
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(names[i]);
    if (len < 6 || strcmp(names[i] + len - 5, ".yaml") != 0) continue;
    rc = load_preset_file(&m->presets[m->npresets], a, ct_arena_strndup(a, names[i], len - 5),
                          ct_scaffold__path_join(a, pre, names[i]));
    if (rc) return rc;
    m->npresets++;
  }
  return CT_OK;
}

const ct_sc_component *ct_scaffold__model_component(const ct_sc_model *m, const char *name) {
  for (size_t i = 0; i < m->ncomponents; i++)
    if (!strcmp(m->components[i].name, name)) return &m->components[i];
  return NULL;
}

int ct_scaffold__model_preset(ct_sc_preset *out, ct_arena *a, const ct_sc_model *m,
                              const char *name_or_path) {
  for (size_t i = 0; i < m->npresets; i++)
    if (!strcmp(m->presets[i].name, name_or_path)) {
      *out = m->presets[i];
      return CT_OK;
    }
  if (strchr(name_or_path, '/') && ct_scaffold__is_file(name_or_path))
    return load_preset_file(out, a, name_or_path, name_or_path);
  ct_buf known = CT_BUF_INIT;
  for (size_t i = 0; i < m->npresets; i++)
    ct_buf_printf(&known, "%s%s", i ? ", " : "", m->presets[i].name);
  int rc = ct_error_set(CT_ENOTFOUND, "unknown preset \"%s\" (available: %s)", name_or_path,
                        m->npresets ? ct_buf_str(&known) : "none");
  ct_buf_dispose(&known);
  return rc;
}

bool ct_scaffold__components_conflict(const ct_sc_component *x, const ct_sc_component *y) {
  for (size_t i = 0; i < x->nconflicts; i++)
    if (!strcmp(x->conflicts[i], y->name)) return true;
  for (size_t i = 0; i < y->nconflicts; i++)
    if (!strcmp(y->conflicts[i], x->name)) return true;
  return false;
}
