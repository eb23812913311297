/* kubesim: label selectors (=, ==, !=, in, notin, exists, !key) and field selectors
 * (metadata.name=, any dotted path =/!=), plus matchLabels/matchExpressions for controllers. */
#include "ks.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OP_EQ, OP_NE, OP_IN, OP_NOTIN, OP_EXISTS, OP_NOTEXISTS };

typedef struct req {
  char *key;
  int op;
  char **vals;
  size_t nvals;
  int field; /* field selector requirement */
} req;

struct ks_selector {
  req *reqs;
  size_t n;
};

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
  return s;
}

static void add_req(ks_selector *s, req r) {
  s->reqs = realloc(s->reqs, (s->n + 1) * sizeof *s->reqs);
  s->reqs[s->n++] = r;
}

static void add_val(req *r, const char *v) {
  r->vals = realloc(r->vals, (r->nvals + 1) * sizeof *r->vals);
  r->vals[r->nvals++] = strdup(v);
}

/* split at top-level commas (not inside parentheses) */
static int parse_one(ks_selector *s, char *term, int field, char *err, size_t errsz) {
  term = trim(term);
  if (!*term) return 0;
  req r = {0};
  r.field = field;
  char *p;
  if (!field && term[0] == '!') {
    r.op = OP_NOTEXISTS;
    r.key = strdup(trim(term + 1));
  } else if ((p = strstr(term, "!="))) {
    *p = 0;
    r.op = OP_NE;
    r.key = strdup(trim(term));
    add_val(&r, trim(p + 2));
  } else if ((p = strstr(term, "=="))) {
    *p = 0;
    r.op = OP_EQ;
    r.key = strdup(trim(term));
    add_val(&r, trim(p + 2));
  } else if ((p = strchr(term, '='))) {
    *p = 0;
    r.op = OP_EQ;
    r.key = strdup(trim(term));
    add_val(&r, trim(p + 1));
  } else if (!field && (p = strchr(term, '('))) {
    char *close = strrchr(term, ')');
    if (!close) {
      snprintf(err, errsz, "unable to parse requirement: found '(', expected: ')'");
      return -1;
    }
    *close = 0;
    *p = 0;
    char *head = trim(term);
    char *sp = head;
    while (*sp && !isspace((unsigned char)*sp)) sp++;
    char *opword = trim(sp);
    *sp = 0;
    r.key = strdup(head);
    if (!strcmp(opword, "in"))
      r.op = OP_IN;
    else if (!strcmp(opword, "notin"))
      r.op = OP_NOTIN;
    else {
      snprintf(err, errsz, "unable to parse requirement: found '%s', expected: in, notin, =, ==, !=, gt, lt", opword);
      free(r.key);
      return -1;
    }
    char *save = NULL;
    for (char *v = strtok_r(p + 1, ",", &save); v; v = strtok_r(NULL, ",", &save)) add_val(&r, trim(v));
  } else if (!field) {
    r.op = OP_EXISTS;
    r.key = strdup(term);
  } else {
    snprintf(err, errsz, "invalid selector: '%s'; can't understand '%s'", term, term);
    return -1;
  }
  add_req(s, r);
  return 0;
}

static int parse_list(ks_selector *s, const char *text, int field, char *err, size_t errsz) {
  char *buf = strdup(text);
  int depth = 0;
  char *start = buf;
  int rc = 0;
  for (char *c = buf;; c++) {
    if (*c == '(') depth++;
    if (*c == ')') depth--;
    if ((*c == ',' && depth == 0) || !*c) {
      int end = !*c;
      *c = 0;
      if (parse_one(s, start, field, err, errsz)) {
        rc = -1;
        break;
      }
      if (end) break;
      start = c + 1;
    }
  }
  free(buf);
  return rc;
}

ks_selector *ks_selector_parse(const char *label_sel, const char *field_sel, char *err, size_t errsz) {
  ks_selector *s = calloc(1, sizeof *s);
  if ((label_sel && parse_list(s, label_sel, 0, err, errsz)) || (field_sel && parse_list(s, field_sel, 1, err, errsz))) {
    ks_selector_free(s);
    return NULL;
  }
  return s;
}

void ks_selector_free(ks_selector *s) {
  if (!s) return;
  for (size_t i = 0; i < s->n; i++) {
    free(s->reqs[i].key);
    for (size_t j = 0; j < s->reqs[i].nvals; j++) free(s->reqs[i].vals[j]);
    free(s->reqs[i].vals);
  }
  free(s->reqs);
  free(s);
}

static int in_vals(const req *r, const char *v) {
  for (size_t i = 0; i < r->nvals; i++)
    if (!strcmp(r->vals[i], v)) return 1;
  return 0;
}

int ks_selector_match(const ks_selector *s, json_t *obj) {
  if (!s) return 1;
  json_t *labels = ks_jpath(obj, "metadata.labels");
  for (size_t i = 0; i < s->n; i++) {
    const req *r = &s->reqs[i];
    const char *v;
    char buf[64];
    if (r->field) {
      json_t *jv = ks_jpath(obj, r->key);
      if (json_is_string(jv))
        v = json_string_value(jv);
      else if (json_is_integer(jv)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(jv));
        v = buf;
      } else if (json_is_boolean(jv))
        v = json_is_true(jv) ? "true" : "false";
      else
        v = "";
    } else {
      json_t *jv = json_object_get(labels, r->key);
      v = json_is_string(jv) ? json_string_value(jv) : NULL;
    }
    switch (r->op) {
    case OP_EQ:
      if (!v || strcmp(v, r->vals[0])) return 0;
      break;
    case OP_NE:
      if (v && !strcmp(v, r->vals[0])) return 0;
      break;
    case OP_IN:
      if (!v || !in_vals(r, v)) return 0;
      break;
    case OP_NOTIN:
      if (v && in_vals(r, v)) return 0;
      break;
    case OP_EXISTS:
      if (!v) return 0;
      break;
    case OP_NOTEXISTS:
      if (v) return 0;
      break;
    }
  }
  return 1;
}

int ks_label_selector_match_json(json_t *sel, json_t *labels) {
  if (!json_is_object(sel)) return 0;
  json_t *ml = json_object_get(sel, "matchLabels");
  json_t *me = json_object_get(sel, "matchExpressions");
  if (!json_object_size(ml) && !json_array_size(me)) {
    /* a plain map (Service selector) */
    if (!ml && !me && json_object_size(sel)) ml = sel;
    else return 0;
  }
  const char *k;
  json_t *v;
  json_object_foreach(ml, k, v) {
    json_t *lv = json_object_get(labels, k);
    if (!json_is_string(lv) || !json_is_string(v) || strcmp(json_string_value(lv), json_string_value(v))) return 0;
  }
  size_t i;
  json_t *ex;
  json_array_foreach(me, i, ex) {
    const char *key = ks_jstr(ex, "key"), *op = ks_jstr(ex, "operator");
    if (!key || !op) return 0;
    json_t *lv = json_object_get(labels, key);
    const char *val = json_is_string(lv) ? json_string_value(lv) : NULL;
    int in = 0;
    size_t j;
    json_t *x;
    json_array_foreach(json_object_get(ex, "values"), j, x) {
      if (val && json_is_string(x) && !strcmp(json_string_value(x), val)) in = 1;
    }
    if (!strcmp(op, "In") && !in) return 0;
    if (!strcmp(op, "NotIn") && val && in) return 0;
    if (!strcmp(op, "Exists") && !val) return 0;
    if (!strcmp(op, "DoesNotExist") && val) return 0;
  }
  return 1;
}
