/* sc_yaml.c — the scaffold model's YAML reader: libyaml events to a ct_value tree where every
 * scalar is the string as written (plain null/~/empty become NULL), anchors and aliases kept. */
#include <string.h>
#include <yaml.h>

#include "sc_int.h"

typedef struct anchor {
  const char *name;
  ct_value *v;
} anchor;

typedef struct reader {
  yaml_parser_t p;
  ct_arena *a;
  const char *what;
  anchor *anchors;
  size_t nanchors, capanchors;
  int depth;
} reader;

static int fail(reader *r, const char *msg, size_t line) {
  return ct_error_set(CT_EINVAL, "%s: line %zu: %s", r->what, line + 1, msg);
}

static int next(reader *r, yaml_event_t *ev) {
  if (!yaml_parser_parse(&r->p, ev)) {
    return ct_error_set(CT_EINVAL, "%s: line %zu: %s", r->what, r->p.problem_mark.line + 1,
                        r->p.problem ? r->p.problem : "invalid YAML");
  }
  return CT_OK;
}

static void remember(reader *r, const unsigned char *name, ct_value *v) {
  if (!name) return;
  if (r->nanchors == r->capanchors) {
    size_t nc = r->capanchors ? r->capanchors * 2 : 8;
    r->anchors = ct_arena_realloc(r->a, r->anchors, r->capanchors * sizeof *r->anchors,
                                  nc * sizeof *r->anchors);
    r->capanchors = nc;
  }
  r->anchors[r->nanchors].name = ct_arena_strdup(r->a, (const char *)name);
  r->anchors[r->nanchors++].v = v;
}

static int node(reader *r, yaml_event_t *ev, ct_value **out);

static int collection(reader *r, bool is_map, ct_value *v) {
  for (;;) {
    yaml_event_t ev;
    int rc = next(r, &ev);
    if (rc) return rc;
    if (ev.type == (is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT)) {
      yaml_event_delete(&ev);
      return CT_OK;
    }
    if (!is_map) {
      ct_value *item = NULL;
      rc = node(r, &ev, &item);
      if (rc) return rc;
      ct_list_push(r->a, v, item);
      continue;
    }
    size_t line = ev.start_mark.line;
    ct_value *key = NULL;
    rc = node(r, &ev, &key);
    if (rc) return rc;
    if (key && key->type != CT_STRING) return fail(r, "map keys must be scalars", line);
    yaml_event_t vev;
    rc = next(r, &vev);
    if (rc) return rc;
    ct_value *val = NULL;
    rc = node(r, &vev, &val);
    if (rc) return rc;
    const char *k = key ? key->s.ptr : "";
    ct_map_set(r->a, v, k, key ? key->s.len : 0, val);
  }
}

/* Consumes EV (already read) and the events of its node. */
static int node(reader *r, yaml_event_t *ev, ct_value **out) {
  int rc = CT_OK;
  *out = NULL;
  if (++r->depth > 200) {
    size_t line = ev->start_mark.line;
    yaml_event_delete(ev);
    return fail(r, "document nested too deeply", line);
  }
  switch (ev->type) {
  case YAML_SCALAR_EVENT: {
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (plain && (n == 0 || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
                  !strcmp(s, "NULL")))
      *out = NULL;
    else
      *out = ct_string(r->a, s, n);
    remember(r, ev->data.scalar.anchor, *out);
    break;
  }
  case YAML_SEQUENCE_START_EVENT: {
    *out = ct_list_new(r->a, CT_LIST, 4);
    remember(r, ev->data.sequence_start.anchor, *out);
    yaml_event_delete(ev);
    rc = collection(r, false, *out);
    r->depth--;
    return rc;
  }
  case YAML_MAPPING_START_EVENT: {
    *out = ct_map_new(r->a, CT_MAP, 4);
    remember(r, ev->data.mapping_start.anchor, *out);
    yaml_event_delete(ev);
    rc = collection(r, true, *out);
    r->depth--;
    return rc;
  }
  case YAML_ALIAS_EVENT: {
    const char *name = (const char *)ev->data.alias.anchor;
    size_t i = r->nanchors;
    while (i > 0 && strcmp(r->anchors[i - 1].name, name) != 0)
      i--;
    if (i == 0)
      rc = fail(r, "unknown anchor", ev->start_mark.line);
    else
      *out = r->anchors[i - 1].v;
    break;
  }
  default: rc = fail(r, "unexpected YAML event", ev->start_mark.line);
  }
  yaml_event_delete(ev);
  r->depth--;
  return rc;
}

int ct_scaffold__yaml_load(ct_value **out, ct_arena *a, const char *src, size_t len,
                           const char *what) {
  reader r;
  memset(&r, 0, sizeof r);
  r.a = a;
  r.what = what;
  *out = NULL;
  if (!yaml_parser_initialize(&r.p)) return ct_error_set(CT_ENOMEM, "out of memory");
  yaml_parser_set_input_string(&r.p, (const unsigned char *)src, len);
  int rc = CT_OK;
  bool got_doc = false;
  for (;;) {
    yaml_event_t ev;
    rc = next(&r, &ev);
    if (rc) break;
    if (ev.type == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      break;
    }
    if (ev.type == YAML_DOCUMENT_START_EVENT && !got_doc) {
      yaml_event_delete(&ev);
      yaml_event_t nev;
      rc = next(&r, &nev);
      if (rc) break;
      if (nev.type == YAML_DOCUMENT_END_EVENT) {
        yaml_event_delete(&nev);
        got_doc = true;
        continue;
      }
      rc = node(&r, &nev, out);
      if (rc) break;
      got_doc = true;
      continue;
    }
    if (ev.type == YAML_DOCUMENT_START_EVENT) { /* only the first document is read */
      yaml_event_delete(&ev);
      break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&r.p);
  return rc;
}

int ct_scaffold__yaml_load_file(ct_value **out, ct_arena *a, const char *path) {
  char *src;
  size_t n;
  int rc = ct_scaffold__read_file(&src, &n, a, path);
  if (rc) return rc;
  return ct_scaffold__yaml_load(out, a, src, n, path);
}

const char *ct_scaffold__str(const ct_value *v) {
  return v && v->type == CT_STRING ? v->s.ptr : NULL;
}
