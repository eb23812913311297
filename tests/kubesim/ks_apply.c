/* kubesim: server-side apply and managedFields — per-manager field sets (FieldsV1),
 * conflict detection, removal of fields a manager stopped applying, merge of applied config. */
#include "ks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEP "\x1f"

/* ---- list keys: a list of objects is "associative" when each element has a unique key ---- */
static const char *key_field(json_t *elem) {
  static const char *cands[] = {"name", "mountPath", "containerPort", "port", "devicePath", "ip", NULL};
  if (!json_is_object(elem)) return NULL;
  for (int i = 0; cands[i]; i++) {
    json_t *v = json_object_get(elem, cands[i]);
    if (json_is_string(v) || json_is_integer(v)) return cands[i];
  }
  return NULL;
}

/* Returns the key field shared by all elements, or NULL when the list is atomic. */
static const char *list_key(json_t *arr) {
  if (!json_is_array(arr) || json_array_size(arr) == 0) return NULL;
  const char *k = key_field(json_array_get(arr, 0));
  if (!k) return NULL;
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) {
    if (!json_is_object(e) || !json_object_get(e, k)) return NULL;
    for (size_t j = 0; j < i; j++)
      if (json_equal(json_object_get(json_array_get(arr, j), k), json_object_get(e, k))) return NULL;
  }
  return k;
}

static char *elem_seg(const char *kf, json_t *elem) {
  json_t *kj = json_pack("{s:O}", kf, json_object_get(elem, kf));
  char *d = json_dumps(kj, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(kj);
  char *seg = ks_strdup_printf("k:%s", d);
  free(d);
  return seg;
}

static void leaves_of_value(json_t *v, const char *prefix, json_t *set);

static void leaves_of_object(json_t *obj, const char *prefix, json_t *set) {
  const char *k;
  json_t *child;
  json_object_foreach(obj, k, child) {
    char *p = prefix[0] ? ks_strdup_printf("%s" SEP "f:%s", prefix, k) : ks_strdup_printf("f:%s", k);
    leaves_of_value(child, p, set);
    free(p);
  }
}

static void leaves_of_value(json_t *v, const char *p, json_t *set) {
  if (json_is_object(v) && json_object_size(v) > 0) {
    leaves_of_object(v, p, set);
  } else if (json_is_array(v) && list_key(v)) {
    const char *kf = list_key(v);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
      char *seg = elem_seg(kf, e);
      char *ep = ks_strdup_printf("%s" SEP "%s", p, seg);
      char *dot = ks_strdup_printf("%s" SEP ".", ep);
      json_object_set_new(set, dot, json_true());
      leaves_of_object(e, ep, set);
      free(dot);
      free(ep);
      free(seg);
    }
  } else {
    json_object_set_new(set, p, json_true());
  }
}

/* The field set an object (applied config or full object) claims, as leaf-path strings. */
static json_t *fieldset_of(json_t *obj, int status_only) {
  json_t *set = json_object();
  const char *k;
  json_t *v;
  json_object_foreach(obj, k, v) {
    if (!strcmp(k, "apiVersion") || !strcmp(k, "kind")) continue;
    if (status_only != !strcmp(k, "status")) continue;
    if (!strcmp(k, "metadata")) {
      static const char *mk[] = {"labels", "annotations", "finalizers", "ownerReferences", NULL};
      for (int i = 0; mk[i]; i++) {
        json_t *c = json_object_get(v, mk[i]);
        if (!c) continue;
        char *p = ks_strdup_printf("f:metadata" SEP "f:%s", mk[i]);
        leaves_of_value(c, p, set);
        free(p);
      }
      continue;
    }
    char *p = ks_strdup_printf("f:%s", k);
    leaves_of_value(v, p, set);
    free(p);
  }
  return set;
}

/* ---- path helpers ---- */
static size_t split_path(const char *path, char ***out) {
  size_t n = 1;
  for (const char *c = path; *c; c++)
    if (*c == SEP[0]) n++;
  char **segs = calloc(n, sizeof *segs);
  const char *p = path;
  for (size_t i = 0; i < n; i++) {
    const char *e = strchr(p, SEP[0]);
    size_t len = e ? (size_t)(e - p) : strlen(p);
    segs[i] = strndup(p, len);
    p = e ? e + 1 : p + len;
  }
  *out = segs;
  return n;
}

static void free_segs(char **s, size_t n) {
  for (size_t i = 0; i < n; i++) free(s[i]);
  free(s);
}

static int elem_matches(json_t *elem, json_t *keyj) {
  const char *k;
  json_t *v;
  json_object_foreach(keyj, k, v) {
    if (!json_equal(json_object_get(elem, k), v)) return 0;
  }
  return 1;
}

/* Resolve one segment in cur; for k: segments returns element and its index. */
static json_t *step(json_t *cur, const char *seg, size_t *idx) {
  if (!strncmp(seg, "f:", 2)) return json_is_object(cur) ? json_object_get(cur, seg + 2) : NULL;
  if (!strncmp(seg, "k:", 2)) {
    if (!json_is_array(cur)) return NULL;
    json_t *kj = json_loads(seg + 2, 0, NULL);
    if (!kj) return NULL;
    size_t i;
    json_t *e;
    json_t *found = NULL;
    json_array_foreach(cur, i, e) {
      if (json_is_object(e) && elem_matches(e, kj)) {
        found = e;
        if (idx) *idx = i;
        break;
      }
    }
    json_decref(kj);
    return found;
  }
  if (!strcmp(seg, ".")) return cur;
  return NULL;
}

static json_t *value_at(json_t *obj, const char *path, int *found) {
  char **segs;
  size_t n = split_path(path, &segs);
  json_t *cur = obj;
  for (size_t i = 0; i < n && cur; i++) cur = step(cur, segs[i], NULL);
  free_segs(segs, n);
  *found = cur != NULL;
  return cur;
}

/* Remove the field at path; prune containers emptied by the removal. */
static void remove_at(json_t *obj, const char *path) {
  char **segs;
  size_t n = split_path(path, &segs);
  json_t *chain[64];
  size_t depth = 0;
  json_t *cur = obj;
  chain[depth++] = cur;
  int ok = 1;
  size_t last = n;
  if (n >= 2 && !strcmp(segs[n - 1], ".")) last = n - 1; /* remove the element itself */
  for (size_t i = 0; i + 1 < last && ok && depth < 63; i++) {
    cur = step(cur, segs[i], NULL);
    if (!cur) ok = 0;
    chain[depth++] = cur;
  }
  if (ok && last >= 1 && depth >= 1) {
    json_t *parent = chain[depth - 1];
    const char *seg = segs[last - 1];
    if (!strncmp(seg, "f:", 2) && json_is_object(parent)) {
      json_object_del(parent, seg + 2);
    } else if (!strncmp(seg, "k:", 2) && json_is_array(parent)) {
      size_t idx = 0;
      if (step(parent, seg, &idx)) json_array_remove(parent, idx);
    }
    /* prune empties upwards (never the root) */
    for (size_t d = depth - 1; d >= 1; d--) {
      json_t *c = chain[d];
      int empty = (json_is_object(c) && json_object_size(c) == 0) || (json_is_array(c) && json_array_size(c) == 0);
      if (!empty) break;
      json_t *p = chain[d - 1];
      const char *s = segs[d - 1];
      if (!strncmp(s, "f:", 2) && json_is_object(p)) {
        json_object_del(p, s + 2);
      } else if (!strncmp(s, "k:", 2) && json_is_array(p)) {
        size_t idx = 0;
        if (step(p, s, &idx)) json_array_remove(p, idx);
      } else {
        break;
      }
    }
  }
  free_segs(segs, n);
}

/* ".spec.template.spec.containers[name=\"app\"].image" */
static char *pretty_path(const char *path) {
  char **segs;
  size_t n = split_path(path, &segs);
  size_t cap = strlen(path) * 2 + 16;
  char *out = calloc(1, cap);
  for (size_t i = 0; i < n; i++) {
    const char *s = segs[i];
    if (!strncmp(s, "f:", 2)) {
      strncat(out, ".", cap - strlen(out) - 1);
      strncat(out, s + 2, cap - strlen(out) - 1);
    } else if (!strncmp(s, "k:", 2)) {
      json_t *kj = json_loads(s + 2, 0, NULL);
      const char *k;
      json_t *v;
      strncat(out, "[", cap - strlen(out) - 1);
      json_object_foreach(kj, k, v) {
        char *d = json_dumps(v, JSON_ENCODE_ANY);
        char *part = ks_strdup_printf("%s=%s", k, d ? d : "");
        strncat(out, part, cap - strlen(out) - 1);
        free(part);
        free(d);
      }
      strncat(out, "]", cap - strlen(out) - 1);
      json_decref(kj);
    }
  }
  free_segs(segs, n);
  return out;
}

/* ---- FieldsV1 tree <-> leaf set ---- */
static void tree_to_set(json_t *tree, const char *prefix, json_t *set) {
  const char *k;
  json_t *child;
  json_object_foreach(tree, k, child) {
    char *p = prefix[0] ? ks_strdup_printf("%s" SEP "%s", prefix, k) : strdup(k);
    if (!strcmp(k, ".") || !json_is_object(child) || json_object_size(child) == 0)
      json_object_set_new(set, p, json_true());
    else
      tree_to_set(child, p, set);
    free(p);
  }
}

static json_t *set_to_tree(json_t *set) {
  json_t *tree = json_object();
  const char *path;
  json_t *v;
  json_object_foreach(set, path, v) {
    char **segs;
    size_t n = split_path(path, &segs);
    json_t *cur = tree;
    for (size_t i = 0; i < n; i++) cur = ks_jobj_ensure(cur, segs[i]);
    free_segs(segs, n);
  }
  return tree;
}

static json_t *entry_set(json_t *entry) {
  json_t *set = json_object();
  json_t *f = json_object_get(entry, "fieldsV1");
  if (json_is_object(f)) tree_to_set(f, "", set);
  return set;
}

static json_t *make_entry(const char *manager, const char *op, const char *av, json_t *set, int status) {
  char now[32];
  ks_now_rfc3339(now);
  json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "manager", manager, "operation", op, "apiVersion", av,
                        "time", now, "fieldsType", "FieldsV1", "fieldsV1", set_to_tree(set));
  if (status) json_object_set_new(e, "subresource", json_string("status"));
  return e;
}

static int entry_is(json_t *e, const char *manager, const char *op, int status) {
  const char *m = ks_jstr(e, "manager"), *o = ks_jstr(e, "operation");
  int st = ks_jstr(e, "subresource") != NULL;
  return m && o && !strcmp(m, manager) && !strcmp(o, op) && st == status;
}

void ks_managed_fields_update(json_t *newobj, json_t *old, const char *manager, const char *av, int status) {
  json_t *meta = ks_jobj_ensure(newobj, "metadata");
  json_t *entries = old ? ks_jpath(old, "metadata.managedFields") : NULL;
  json_t *newset = fieldset_of(newobj, status);
  json_t *oldset = old ? fieldset_of(old, status) : json_object();
  json_t *changed = json_object(), *removed = json_object();
  const char *p;
  json_t *v;
  json_object_foreach(newset, p, v) {
    int f1, f2;
    json_t *a = value_at(newobj, p, &f1), *b = old ? value_at(old, p, &f2) : NULL;
    if (!old || !b || !json_equal(a, b)) json_object_set_new(changed, p, json_true());
  }
  json_object_foreach(oldset, p, v) {
    if (!json_object_get(newset, p)) json_object_set_new(removed, p, json_true());
  }
  json_t *out = json_array();
  int have_mine = 0;
  size_t i;
  json_t *e;
  json_array_foreach(entries, i, e) {
    json_t *set = entry_set(e);
    int mine = entry_is(e, manager, "Update", status);
    const char *k;
    json_t *x;
    void *tmp;
    json_object_foreach_safe(set, tmp, k, x) {
      if (json_object_get(removed, k) || (!mine && json_object_get(changed, k))) json_object_del(set, k);
    }
    if (mine) {
      json_object_update(set, changed);
      have_mine = 1;
    }
    if (json_object_size(set)) {
      json_t *ne = json_deep_copy(e);
      json_object_set_new(ne, "fieldsV1", set_to_tree(set));
      if (mine) {
        char now[32];
        ks_now_rfc3339(now);
        json_object_set_new(ne, "time", json_string(now));
      }
      json_array_append_new(out, ne);
    }
    json_decref(set);
  }
  if (!have_mine && json_object_size(changed)) json_array_append_new(out, make_entry(manager, "Update", av, changed, status));
  if (json_array_size(out))
    json_object_set_new(meta, "managedFields", out);
  else {
    json_decref(out);
    json_object_del(meta, "managedFields");
  }
  json_decref(newset);
  json_decref(oldset);
  json_decref(changed);
  json_decref(removed);
}

/* ---- merging the applied configuration ---- */
static void merge_into(json_t *dst, json_t *src) {
  const char *k;
  json_t *sv;
  json_object_foreach(src, k, sv) {
    json_t *dv = json_object_get(dst, k);
    if (json_is_null(sv)) {
      json_object_del(dst, k);
    } else if (json_is_object(sv) && json_is_object(dv)) {
      merge_into(dv, sv);
    } else if (json_is_array(sv) && json_is_array(dv) && list_key(sv)) {
      const char *kf = list_key(sv);
      json_t *merged = json_array();
      size_t i;
      json_t *se;
      json_array_foreach(sv, i, se) {
        json_t *match = NULL;
        size_t j;
        json_t *de;
        json_array_foreach(dv, j, de) {
          if (json_is_object(de) && json_equal(json_object_get(de, kf), json_object_get(se, kf))) match = de;
        }
        if (match) {
          json_t *c = json_deep_copy(match);
          merge_into(c, se);
          json_array_append_new(merged, c);
        } else {
          json_array_append_new(merged, json_deep_copy(se));
        }
      }
      /* keep elements owned by others that the applier does not mention, after its own */
      json_t *de;
      json_array_foreach(dv, i, de) {
        int mentioned = 0;
        size_t j;
        json_array_foreach(sv, j, se) {
          if (json_is_object(de) && json_equal(json_object_get(de, kf), json_object_get(se, kf))) mentioned = 1;
        }
        if (!mentioned) json_array_append(merged, de);
      }
      json_object_set_new(dst, k, merged);
    } else {
      json_object_set_new(dst, k, json_deep_copy(sv));
    }
  }
}

json_t *ks_apply(const ks_resource *r, const char *ns, const char *name, json_t *applied, const ks_write_opts *o,
                 ks_err *e) {
  char av[256];
  if (r->group[0])
    snprintf(av, sizeof av, "%s/%s", r->group, r->version);
  else
    snprintf(av, sizeof av, "%s", r->version);
  if (!json_is_object(applied)) {
    ks_err_set(e, 400, "BadRequest", "error decoding patch: the applied configuration is not an object");
    return NULL;
  }
  if (!o->field_manager || !*o->field_manager) {
    ks_err_set(e, 400, "BadRequest", "PATCH %s: fieldManager is required for apply requests", name);
    return NULL;
  }
  const char *kind = ks_jstr(applied, "kind"), *aav = ks_jstr(applied, "apiVersion");
  if (!kind || !aav) {
    ks_err_set(e, 400, "BadRequest", "%s", !kind ? "Object 'Kind' is missing in '{...}'" : "apiVersion must be set");
    return NULL;
  }
  const char *aname = ks_jstr(applied, "metadata.name");
  if (aname && strcmp(aname, name)) {
    ks_err_set(e, 400, "BadRequest", "the name of the object (%s) does not match the name on the URL (%s)", aname,
               name);
    return NULL;
  }
  int status = o->subresource_status;
  json_t *cur = ks_store_get(r, r->namespaced ? ns : NULL, name);
  json_t *newset = fieldset_of(applied, status);
  ks_write_opts wo = *o;
  wo.operation = "Apply";
  if (!cur) {
    if (status) {
      json_decref(newset);
      ks_err_not_found(e, r, name);
      return NULL;
    }
    json_t *obj = json_deep_copy(applied);
    json_object_set_new(ks_jobj_ensure(obj, "metadata"), "name", json_string(name));
    json_t *mf = json_pack("[o]", make_entry(o->field_manager, "Apply", av, newset, 0));
    wo.apply_mf = mf;
    json_t *res = ks_obj_create(r, ns, obj, &wo, e);
    json_decref(mf);
    json_decref(obj);
    json_decref(newset);
    return res;
  }
  const char *arv = ks_jstr(applied, "metadata.resourceVersion");
  if (arv && *arv && strcmp(arv, ks_jstr(cur, "metadata.resourceVersion"))) {
    json_decref(newset);
    ks_err_conflict_rv(e, r, name);
    return NULL;
  }
  json_t *entries = ks_jpath(cur, "metadata.managedFields");
  size_t nentries = json_array_size(entries);
  json_t **sets = calloc(nentries + 1, sizeof *sets);
  json_t *oldset = NULL;
  json_t *causes = json_array();
  char *first_msg = NULL;
  size_t nconf = 0;
  for (size_t i = 0; i < nentries; i++) {
    json_t *en = json_array_get(entries, i);
    sets[i] = entry_set(en);
    if (entry_is(en, o->field_manager, "Apply", status)) {
      oldset = sets[i];
      continue;
    }
    const char *p;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(sets[i], tmp, p, v) {
      if (!json_object_get(newset, p)) continue;
      int f1, f2;
      json_t *a = value_at(applied, p, &f1), *b = value_at(cur, p, &f2);
      if (!f2 || json_equal(a, b) || !strcmp(p + strlen(p) - 1, ".")) continue;
      if (o->force) {
        json_object_del(sets[i], p);
        continue;
      }
      char *pp = pretty_path(p);
      const char *em = ks_jstr(en, "manager");
      char *msg = ks_strdup_printf("conflict with \"%s\"%s%s using %s", em ? em : "",
                                   !strcmp(ks_jstr(en, "operation") ? ks_jstr(en, "operation") : "", "Update") ? "" : "",
                                   ks_jstr(en, "subresource") ? " with subresource \"status\"" : "",
                                   ks_jstr(en, "apiVersion") ? ks_jstr(en, "apiVersion") : av);
      json_array_append_new(causes, json_pack("{s:s, s:s, s:s}", "reason", "FieldManagerConflict", "message", msg,
                                              "field", pp));
      if (!first_msg) first_msg = ks_strdup_printf("%s: %s", msg, pp);
      nconf++;
      free(msg);
      free(pp);
    }
  }
  json_t *result = NULL;
  if (nconf) {
    if (nconf == 1) {
      ks_err_set(e, 409, "Conflict", "Apply failed with 1 conflict: %s", first_msg);
    } else {
      char buf[900] = "";
      size_t i;
      json_t *c;
      json_array_foreach(causes, i, c) {
        char line[400];
        snprintf(line, sizeof line, "\n%s: %s", ks_jstr(c, "message"), ks_jstr(c, "field"));
        strncat(buf, line, sizeof buf - strlen(buf) - 1);
      }
      ks_err_set(e, 409, "Conflict", "Apply failed with %zu conflicts:%s", nconf, buf);
    }
    json_decref(e->details);
    e->details = json_pack("{s:s, s:s, s:s, s:O}", "name", name, "group", r->group, "kind", r->plural, "causes",
                           causes);
    goto done;
  }
  result = json_deep_copy(cur);
  if (oldset) {
    const char *p;
    json_t *v;
    json_object_foreach(oldset, p, v) {
      if (json_object_get(newset, p)) continue;
      int owned = 0;
      for (size_t i = 0; i < nentries; i++)
        if (sets[i] != oldset && json_object_get(sets[i], p)) owned = 1;
      if (!owned) remove_at(result, p);
    }
  }
  {
    json_t *src = json_deep_copy(applied);
    json_t *smeta = json_object_get(src, "metadata");
    if (json_is_object(smeta)) {
      json_object_del(smeta, "name");
      json_object_del(smeta, "namespace");
      json_object_del(smeta, "resourceVersion");
      json_object_del(smeta, "uid");
      json_object_del(smeta, "managedFields");
      json_object_del(smeta, "creationTimestamp");
      json_object_del(smeta, "generation");
    }
    if (!status) json_object_del(src, "status");
    merge_into(result, src);
    json_decref(src);
  }
  json_t *mf = json_array();
  int placed = 0;
  for (size_t i = 0; i < nentries; i++) {
    json_t *en = json_array_get(entries, i);
    if (sets[i] == oldset) {
      json_array_append_new(mf, make_entry(o->field_manager, "Apply", av, newset, status));
      placed = 1;
    } else if (json_object_size(sets[i])) {
      json_t *ne = json_deep_copy(en);
      json_object_set_new(ne, "fieldsV1", set_to_tree(sets[i]));
      json_array_append_new(mf, ne);
    }
  }
  if (!placed) json_array_append_new(mf, make_entry(o->field_manager, "Apply", av, newset, status));
  json_object_set_new(ks_jobj_ensure(result, "metadata"), "managedFields", mf);
  {
    json_t *res = ks_obj_update(r, ns, name, result, &wo, e);
    json_decref(result);
    result = res;
  }
done:
  for (size_t i = 0; i < nentries; i++) json_decref(sets[i]);
  free(sets);
  free(first_msg);
  json_decref(causes);
  json_decref(newset);
  return result;
}
