/* kubesim: client patch formats — JSON merge patch (RFC 7386), strategic merge patch
 * (merge patch plus lists of named objects merged by name, $patch: delete) and JSON patch (RFC 6902). */
#include "ks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void merge_rec(json_t *target, json_t *patch, int strategic);

json_t *ks_merge_patch(json_t *target, json_t *patch) {
  if (!json_is_object(patch)) return json_deep_copy(patch);
  json_t *out = json_is_object(target) ? json_deep_copy(target) : json_object();
  merge_rec(out, patch, 0);
  return out;
}

json_t *ks_strategic_merge_patch(json_t *target, json_t *patch) {
  if (!json_is_object(patch)) return json_deep_copy(patch);
  json_t *out = json_is_object(target) ? json_deep_copy(target) : json_object();
  merge_rec(out, patch, 1);
  return out;
}

static const char *merge_key(json_t *arr) {
  static const char *cands[] = {"name", "mountPath", "containerPort", "port", "ip", NULL};
  size_t i;
  json_t *e;
  for (int c = 0; cands[c]; c++) {
    int ok = json_array_size(arr) > 0;
    json_array_foreach(arr, i, e) {
      if (!json_is_object(e) || !json_object_get(e, cands[c])) {
        /* $patch directives may lack the key */
        if (!(json_is_object(e) && json_object_get(e, "$patch") && json_object_get(e, cands[c]))) ok = 0;
      }
    }
    if (ok) return cands[c];
  }
  return NULL;
}

static void merge_rec(json_t *target, json_t *patch, int strategic) {
  const char *k;
  json_t *pv;
  json_object_foreach(patch, k, pv) {
    if (strategic && k[0] == '$') continue; /* $patch, $retainKeys, $setElementOrder... */
    json_t *tv = json_object_get(target, k);
    if (json_is_null(pv)) {
      json_object_del(target, k);
    } else if (json_is_object(pv)) {
      if (strategic && !strcmp(ks_jstr(pv, "$patch") ? ks_jstr(pv, "$patch") : "", "replace")) {
        json_t *c = json_deep_copy(pv);
        json_object_del(c, "$patch");
        json_object_set_new(target, k, c);
        continue;
      }
      if (!json_is_object(tv)) {
        tv = json_object();
        json_object_set_new(target, k, tv);
      }
      merge_rec(tv, pv, strategic);
    } else if (strategic && json_is_array(pv) && json_is_array(tv) && merge_key(pv) && merge_key(tv) &&
               !strcmp(merge_key(pv), merge_key(tv))) {
      const char *mk = merge_key(pv);
      json_t *out = json_deep_copy(tv);
      size_t i;
      json_t *pe;
      json_array_foreach(pv, i, pe) {
        size_t j, found = (size_t)-1;
        json_t *te;
        json_array_foreach(out, j, te) {
          if (json_equal(json_object_get(te, mk), json_object_get(pe, mk))) found = j;
        }
        const char *dir = ks_jstr(pe, "$patch");
        if (dir && !strcmp(dir, "delete")) {
          if (found != (size_t)-1) json_array_remove(out, found);
        } else if (found != (size_t)-1) {
          merge_rec(json_array_get(out, found), pe, 1);
        } else {
          json_t *c = json_object();
          merge_rec(c, pe, 1);
          json_array_append_new(out, c);
        }
      }
      json_object_set_new(target, k, out);
    } else {
      json_object_set_new(target, k, json_deep_copy(pv));
    }
  }
}

/* ---- JSON patch ---- */
static char *unescape_token(const char *s, size_t n) {
  char *out = malloc(n + 1), *o = out;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '~' && i + 1 < n && s[i + 1] == '1') {
      *o++ = '/';
      i++;
    } else if (s[i] == '~' && i + 1 < n && s[i + 1] == '0') {
      *o++ = '~';
      i++;
    } else {
      *o++ = s[i];
    }
  }
  *o = 0;
  return out;
}

/* Finds the parent container of pointer `ptr`; *last gets the final token (malloc'd). */
static json_t *resolve_parent(json_t *doc, const char *ptr, char **last) {
  *last = NULL;
  if (!ptr || ptr[0] != '/') return NULL;
  json_t *cur = doc;
  const char *p = ptr + 1;
  for (;;) {
    const char *slash = strchr(p, '/');
    size_t n = slash ? (size_t)(slash - p) : strlen(p);
    char *tok = unescape_token(p, n);
    if (!slash) {
      *last = tok;
      return cur;
    }
    json_t *next = NULL;
    if (json_is_object(cur)) {
      next = json_object_get(cur, tok);
    } else if (json_is_array(cur)) {
      char *end;
      long idx = strtol(tok, &end, 10);
      if (!*end && idx >= 0) next = json_array_get(cur, (size_t)idx);
    }
    free(tok);
    if (!next) return NULL;
    cur = next;
    p = slash + 1;
  }
}

static json_t *get_ptr(json_t *doc, const char *ptr) {
  if (!ptr || !*ptr) return doc;
  char *last;
  json_t *parent = resolve_parent(doc, ptr, &last);
  json_t *v = NULL;
  if (parent && last) {
    if (json_is_object(parent))
      v = json_object_get(parent, last);
    else if (json_is_array(parent)) {
      char *end;
      long idx = strtol(last, &end, 10);
      if (!*end && idx >= 0) v = json_array_get(parent, (size_t)idx);
    }
  }
  free(last);
  return v;
}

static int remove_ptr(json_t *doc, const char *ptr) {
  char *last;
  json_t *parent = resolve_parent(doc, ptr, &last);
  int rc = -1;
  if (parent && last) {
    if (json_is_object(parent))
      rc = json_object_del(parent, last);
    else if (json_is_array(parent)) {
      char *end;
      long idx = strtol(last, &end, 10);
      if (!*end && idx >= 0) rc = json_array_remove(parent, (size_t)idx);
    }
  }
  free(last);
  return rc;
}

static int add_ptr(json_t *doc, const char *ptr, json_t *value, int replace) {
  char *last;
  json_t *parent = resolve_parent(doc, ptr, &last);
  int rc = -1;
  if (parent && last) {
    if (json_is_object(parent)) {
      if (!replace || json_object_get(parent, last)) rc = json_object_set(parent, last, value);
    } else if (json_is_array(parent)) {
      if (!strcmp(last, "-") && !replace)
        rc = json_array_append(parent, value);
      else {
        char *end;
        long idx = strtol(last, &end, 10);
        if (!*end && idx >= 0) {
          if (replace)
            rc = json_array_set(parent, (size_t)idx, value);
          else
            rc = json_array_insert(parent, (size_t)idx, value);
        }
      }
    }
  }
  free(last);
  return rc;
}

json_t *ks_json_patch(json_t *target, json_t *ops, char *err, size_t errsz) {
  if (!json_is_array(ops)) {
    snprintf(err, errsz, "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    return NULL;
  }
  json_t *doc = json_deep_copy(target);
  size_t i;
  json_t *op;
  json_array_foreach(ops, i, op) {
    const char *o = ks_jstr(op, "op"), *path = ks_jstr(op, "path"), *from = ks_jstr(op, "from");
    json_t *value = json_object_get(op, "value");
    int rc = -1;
    if (!o || !path) {
      snprintf(err, errsz, "Unexpected kind: %s", o ? o : "missing op");
      goto fail;
    }
    if (!strcmp(o, "add")) {
      rc = value ? add_ptr(doc, path, value, 0) : -1;
    } else if (!strcmp(o, "remove")) {
      rc = remove_ptr(doc, path);
    } else if (!strcmp(o, "replace")) {
      rc = value ? add_ptr(doc, path, value, 1) : -1;
    } else if (!strcmp(o, "move") || !strcmp(o, "copy")) {
      json_t *v = get_ptr(doc, from);
      if (v) {
        v = json_deep_copy(v);
        rc = 0;
        if (!strcmp(o, "move")) rc = remove_ptr(doc, from);
        if (!rc) rc = add_ptr(doc, path, v, 0);
        json_decref(v);
      }
    } else if (!strcmp(o, "test")) {
      json_t *v = get_ptr(doc, path);
      rc = v && value && json_equal(v, value) ? 0 : -1;
      if (rc) {
        snprintf(err, errsz, "testing value %s failed: test failed", path);
        goto fail;
      }
    } else {
      snprintf(err, errsz, "Unexpected kind: %s", o);
      goto fail;
    }
    if (rc) {
      snprintf(err, errsz, "%s operation does not apply: doc is missing path: \"%s\": missing value", o, path);
      goto fail;
    }
  }
  return doc;
fail:
  json_decref(doc);
  return NULL;
}
