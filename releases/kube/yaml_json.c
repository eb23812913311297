/* yaml_json.c — YAML streams (rendered manifests, kubeconfig files) to jansson values, with
 * YAML 1.1 scalar resolution as go-yaml v2 applies it when Kubernetes tools read YAML. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "chartctl/errors.h"
#include "chartctl/stack.h"
#include "kube/kube.h"

typedef struct anchor {
  char *name;
  json_t *value;
  struct anchor *next;
} anchor;

typedef struct reader {
  yaml_parser_t p;
  anchor *anchors;
} reader;

static bool eq_any(const char *s, const char *const *set) {
  for (; *set; set++)
    if (strcmp(s, *set) == 0) return true;
  return false;
}

static json_t *plain_scalar(const char *s, size_t n) {
  static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
  static const char *const trues[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y", NULL};
  static const char *const falses[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N", NULL};
  if (eq_any(s, nulls)) return json_null();
  if (eq_any(s, trues)) return json_true();
  if (eq_any(s, falses)) return json_false();
  if (n && (isdigit((unsigned char)s[0]) || ((s[0] == '-' || s[0] == '+') && n > 1))) {
    char *clean = malloc(n + 1), *end;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
      if (s[i] != '_') clean[m++] = s[i];
    clean[m] = 0;
    errno = 0;
    long long v = strtoll(clean, &end, 0);
    if (*end == 0 && errno == 0) {
      free(clean);
      return json_integer(v);
    }
    double d = strtod(clean, &end);
    bool hex = strchr(clean, 'x') || strchr(clean, 'X');
    if (*end == 0 && !hex && strpbrk(clean, "0123456789")) {
      free(clean);
      return json_real(d);
    }
    free(clean);
  }
  if (strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 || strcmp(s, ".nan") == 0) return json_stringn(s, n);
  return json_stringn(s, n);
}

static int read_node(reader *r, yaml_event_t *ev, json_t **out);

static int next(reader *r, yaml_event_t *ev) {
  if (!yaml_parser_parse(&r->p, ev))
    return ct_error_set(CT_EINVAL, "yaml: line %zu: %s", r->p.problem_mark.line + 1,
                        r->p.problem ? r->p.problem : "syntax error");
  return CT_OK;
}

static void remember(reader *r, const yaml_char_t *name, json_t *v) {
  if (!name) return;
  anchor *a = calloc(1, sizeof *a);
  a->name = strdup((const char *)name);
  a->value = json_incref(v);
  a->next = r->anchors;
  r->anchors = a;
}

static int read_node(reader *r, yaml_event_t *ev, json_t **out) {
  int rc = CT_OK;
  if ((ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) &&
      ct_stack_low()) /* a frame here and one in libyaml a level: an error, not a crash */
    return ct_error_set(CT_EINVAL, "yaml: line %zu: document nested too deeply for the stack",
                        ev->start_mark.line + 1);
  switch (ev->type) {
  case YAML_SCALAR_EVENT: {
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const char *tag = (const char *)ev->data.scalar.tag;
    if (tag && strcmp(tag, "tag:yaml.org,2002:str") == 0) *out = json_stringn(s, n);
    else if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) *out = plain_scalar(s, n);
    else *out = json_stringn(s, n);
    if (!*out) *out = json_string("");
    remember(r, ev->data.scalar.anchor, *out);
    return CT_OK;
  }
  case YAML_ALIAS_EVENT:
    for (anchor *a = r->anchors; a; a = a->next)
      if (strcmp(a->name, (const char *)ev->data.alias.anchor) == 0) {
        *out = json_incref(a->value);
        return CT_OK;
      }
    return ct_error_set(CT_EINVAL, "yaml: unknown anchor '%s' referenced", ev->data.alias.anchor);
  case YAML_SEQUENCE_START_EVENT: {
    json_t *arr = json_array();
    yaml_char_t *anc = ev->data.sequence_start.anchor ? (yaml_char_t *)strdup((char *)ev->data.sequence_start.anchor) : NULL;
    for (;;) {
      yaml_event_t e;
      if ((rc = next(r, &e))) break;
      if (e.type == YAML_SEQUENCE_END_EVENT) {
        yaml_event_delete(&e);
        break;
      }
      json_t *item = NULL;
      rc = read_node(r, &e, &item);
      yaml_event_delete(&e);
      if (rc) break;
      json_array_append_new(arr, item);
    }
    if (rc) {
      json_decref(arr);
      free(anc);
      return rc;
    }
    remember(r, anc, arr);
    free(anc);
    *out = arr;
    return CT_OK;
  }
  case YAML_MAPPING_START_EVENT: {
    json_t *obj = json_object();
    yaml_char_t *anc = ev->data.mapping_start.anchor ? (yaml_char_t *)strdup((char *)ev->data.mapping_start.anchor) : NULL;
    for (;;) {
      yaml_event_t ke;
      if ((rc = next(r, &ke))) break;
      if (ke.type == YAML_MAPPING_END_EVENT) {
        yaml_event_delete(&ke);
        break;
      }
      json_t *key = NULL;
      rc = read_node(r, &ke, &key);
      bool merge = ke.type == YAML_SCALAR_EVENT && strcmp((char *)ke.data.scalar.value, "<<") == 0 &&
                   ke.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
      yaml_event_delete(&ke);
      if (rc) break;
      yaml_event_t ve;
      if ((rc = next(r, &ve))) {
        json_decref(key);
        break;
      }
      json_t *val = NULL;
      rc = read_node(r, &ve, &val);
      yaml_event_delete(&ve);
      if (rc) {
        json_decref(key);
        break;
      }
      if (merge && json_is_object(val)) {
        const char *k;
        json_t *v;
        json_object_foreach(val, k, v) if (!json_object_get(obj, k)) json_object_set(obj, k, v);
        json_decref(val);
      } else {
        char kbuf[64];
        const char *ks;
        if (json_is_string(key)) ks = json_string_value(key);
        else if (json_is_integer(key)) snprintf(kbuf, sizeof kbuf, "%lld", (long long)json_integer_value(key)), ks = kbuf;
        else if (json_is_true(key)) ks = "true";
        else if (json_is_false(key)) ks = "false";
        else if (json_is_null(key)) ks = "null";
        else if (json_is_real(key)) snprintf(kbuf, sizeof kbuf, "%g", json_real_value(key)), ks = kbuf;
        else ks = "";
        json_object_set_new(obj, ks, val);
      }
      json_decref(key);
    }
    if (rc) {
      json_decref(obj);
      free(anc);
      return rc;
    }
    remember(r, anc, obj);
    free(anc);
    *out = obj;
    return CT_OK;
  }
  default: return ct_error_set(CT_EINVAL, "yaml: unexpected event");
  }
}

int ct_kube_yaml_to_json(json_t **out, const char *yaml, size_t len) {
  reader r = {0};
  yaml_parser_initialize(&r.p);
  yaml_parser_set_input_string(&r.p, (const unsigned char *)yaml, len);
  json_t *docs = json_array();
  int rc = CT_OK;
  for (;;) {
    yaml_event_t ev;
    if ((rc = next(&r, &ev))) break;
    yaml_event_type_t t = ev.type;
    if (t == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      break;
    }
    if (t == YAML_DOCUMENT_START_EVENT) {
      yaml_event_delete(&ev);
      yaml_event_t body;
      if ((rc = next(&r, &body))) break;
      if (body.type != YAML_DOCUMENT_END_EVENT) {
        json_t *v = NULL;
        rc = read_node(&r, &body, &v);
        yaml_event_delete(&body);
        if (rc) break;
        if (json_is_null(v)) json_decref(v);
        else json_array_append_new(docs, v);
        yaml_event_t end;
        if ((rc = next(&r, &end))) break;
        yaml_event_delete(&end);
      } else {
        yaml_event_delete(&body);
      }
      continue;
    }
    yaml_event_delete(&ev);
  }
  for (anchor *a = r.anchors; a;) {
    anchor *n = a->next;
    free(a->name);
    json_decref(a->value);
    free(a);
    a = n;
  }
  yaml_parser_delete(&r.p);
  if (rc) {
    json_decref(docs);
    return rc;
  }
  *out = docs;
  return CT_OK;
}
