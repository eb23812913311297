/* manifests.c — Helm's pkg/releaseutil for rendered templates: SplitManifests (its "---"
 * regex), SortManifests (SimpleHead decoding, hooks by helm.sh/hook), InstallOrder sorting;
 * and the heads cache, which keeps the heads of a render's documents in the parse cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/parse_cache.h"
#include "chartctl/scan.h"
#include "engine/engine_int.h"

static const char *const install_order[] = {
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
    "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
    "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
    "APIService"}; /* 3.17.1 has no webhook configurations here: they sort as unknown kinds */

static const char *const uninstall_order[] = {
    "APIService", "Ingress",
    "IngressClass", "Service", "CronJob", "Job", "StatefulSet", "HorizontalPodAutoscaler",
    "Deployment", "ReplicaSet", "ReplicationController", "Pod", "DaemonSet", "RoleBindingList",
    "RoleBinding", "RoleList", "Role", "ClusterRoleBindingList", "ClusterRoleBinding",
    "ClusterRoleList", "ClusterRole", "CustomResourceDefinition", "PersistentVolumeClaim",
    "PersistentVolume", "StorageClass", "ConfigMap", "SecretList", "Secret", "ServiceAccount",
    "PodDisruptionBudget", "PodSecurityPolicy", "LimitRange", "ResourceQuota", "NetworkPolicy",
    "Namespace", "PriorityClass"};

const char *const *ct_manifests_install_order(size_t *n) {
  *n = sizeof install_order / sizeof install_order[0];
  return install_order;
}

const char *const *ct_manifests_uninstall_order(size_t *n) {
  *n = sizeof uninstall_order / sizeof uninstall_order[0];
  return uninstall_order;
}

static bool re_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* The next "\n---" at or after I in S[0..SL), or NULL. */
static const char *next_sep(const char *s, size_t i, size_t sl) {
  while (i < sl) {
    size_t nl = ct_scan_byte(s, i, sl, '\n');
    if (sl - nl < 4) return NULL;
    if (s[nl + 1] == '-' && s[nl + 2] == '-' && s[nl + 3] == '-') return s + nl;
    i = nl + 1;
  }
  return NULL;
}

/* Go: sep = regexp.MustCompile("(?:^|\\s*\n)---\\s*"); docs := sep.Split(TrimSpace(s), -1).
 * A match is "---" at the text start, or a run of white space ending in "\n" right before
 * "---" (the whole run: matches are leftmost), with the white space after it. The split is
 * linear in the text: one memchr per line looks for the next "\n---". */
ct_span *ct_manifests_split_spans(ct_arena *a, const char *text, size_t len, size_t *n) {
  const char *s = text;
  size_t sl = len;
  ct_engine__trim(&s, &sl);
  size_t cap = 8, cnt = 0;
  ct_span *docs = ct_arena_alloc(a, cap * sizeof *docs);
  size_t piece = 0; /* start of the current piece */
  size_t i = 0;     /* where the search for the next match starts (the last match's end) */
  if (sl >= 3 && !memcmp(s, "---", 3)) { /* the ^ alternative: only at the text start */
    piece = i = 3;
    while (i < sl && re_space(s[i]))
      i++;
    piece = i;
  }
  for (;;) {
    size_t ms = sl, me = sl;
    const char *q = next_sep(s, i, sl);
    bool found = q != NULL;
    if (found) {
      ms = (size_t)(q - s);
      while (ms > i && re_space(s[ms - 1])) /* the run of white space the "\n" ends */
        ms--;
      me = (size_t)(q - s) + 4;
      while (me < sl && re_space(s[me]))
        me++;
    }
    size_t end = found ? ms : sl;
    if (end > piece) {
      const char *d = s + piece;
      size_t dl = end - piece;
      ct_engine__trim(&d, &dl);
      if (cnt == cap) {
        docs = ct_arena_realloc(a, docs, cap * sizeof *docs, cap * 2 * sizeof *docs);
        cap *= 2;
      }
      docs[cnt++] = (ct_span){d, dl};
    }
    if (!found) break;
    piece = i = me;
  }
  *n = cnt;
  return docs;
}

const char **ct_manifests_split(ct_arena *a, const char *text, size_t len, size_t *n) {
  ct_span *sp = ct_manifests_split_spans(a, text, len, n);
  const char **docs = ct_arena_alloc(a, (*n ? *n : 1) * sizeof *docs);
  for (size_t i = 0; i < *n; i++)
    docs[i] = ct_arena_strndup(a, sp[i].p, sp[i].n);
  return docs;
}

static int kind_rank(const char *kind) {
  for (size_t i = 0; i < sizeof install_order / sizeof install_order[0]; i++)
    if (!strcmp(install_order[i], kind)) return (int)i;
  return -1;
}

/* lessByKind: known kinds by InstallOrder (RANK: their index, -1 for unknown kinds), unknown
 * kinds last, alphabetically. */
static bool less_by_kind(const ct_manifest *x, int a, const ct_manifest *y, int b) {
  if (a < 0 && b < 0) return strcmp(x->kind, y->kind) < 0;
  if (a < 0) return false;
  if (b < 0) return true;
  return a < b;
}

/* Insertion sort (stable; manifest counts are small), each kind ranked once. */
static void stable_sort(ct_arena *a, ct_manifest *v, size_t n) {
  if (n < 2) return;
  int *rank = ct_arena_alloc(a, n * sizeof *rank);
  for (size_t i = 0; i < n; i++)
    rank[i] = kind_rank(v[i].kind);
  for (size_t i = 1; i < n; i++) {
    ct_manifest t = v[i];
    int tr = rank[i];
    size_t j = i;
    while (j > 0 && less_by_kind(&t, tr, &v[j - 1], rank[j - 1])) {
      v[j] = v[j - 1];
      rank[j] = rank[j - 1];
      j--;
    }
    v[j] = t;
    rank[j] = tr;
  }
}

typedef struct mlist {
  ct_manifest *v;
  size_t len, cap;
} mlist;

static void mpush(ct_arena *a, mlist *l, ct_manifest m) {
  if (l->len == l->cap) {
    size_t nc = l->cap ? l->cap * 2 : 32;
    l->v = ct_arena_realloc(a, l->v, l->cap * sizeof *l->v, nc * sizeof *l->v);
    l->cap = nc;
  }
  l->v[l->len++] = m;
}

static const char *str_field(ct_value *m, const char *key) {
  ct_value *v = ct_map_getc(m, key);
  return v && v->type == CT_STRING ? v->s.ptr : "";
}

static const char *go_json_kind(const ct_value *v) {
  if (!v) return "null";
  switch (v->type) {
  case CT_STRING: return "string";
  case CT_BOOL: return "bool";
  case CT_LIST: case CT_STRLIST: return "array";
  case CT_MAP: case CT_STRMAP: return "object";
  default: return "number";
  }
}

/* yaml.Unmarshal(doc, &SimpleHead): JSON type errors for the fields it decodes. The whole
 * document is decoded into A (read_head passes a scratch arena and copies the head out). */
static int decode_head(ct_manifest *m, ct_value **ann_out, ct_arena *a, const char *doc, size_t len,
                       ct_buf *err) {
  *ann_out = NULL;
  ct_value *v = NULL;
  ct_buf e = CT_BUF_INIT;
  if (ct_yaml_parse_any(&v, a, doc, len, &e) != 0) {
    ct_buf_puts(err, ct_buf_str(&e));
    ct_buf_dispose(&e);
    return -1;
  }
  ct_buf_dispose(&e);
  m->kind = m->api_version = m->res_name = "";
  if (!v) return 0;
  if (!ct_is_map(v)) {
    ct_buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s "
                       "into Go value of type releaseutil.SimpleHead", go_json_kind(v));
    return -1;
  }
  ct_value *x;
  static const struct { const char *key, *field; } sf[] = {{"apiVersion", "apiVersion"},
                                                          {"kind", "kind"}};
  for (size_t i = 0; i < 2; i++) {
    if (ct_map_get(v, sf[i].key, strlen(sf[i].key), &x) && x && x->type != CT_STRING) {
      ct_buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s "
                         "into Go struct field SimpleHead.%s of type string", go_json_kind(x),
                    sf[i].field);
      return -1;
    }
  }
  m->api_version = str_field(v, "apiVersion");
  m->kind = str_field(v, "kind");
  ct_value *md = NULL;
  if (ct_map_get(v, "metadata", 8, &md) && md) {
    if (!ct_is_map(md)) {
      ct_buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s "
                         "into Go struct field SimpleHead.metadata of type struct { Name string "
                         "\"json:\\\"name\\\"\"; Annotations map[string]string "
                         "\"json:\\\"annotations\\\"\" }", go_json_kind(md));
      return -1;
    }
    if (ct_map_get(md, "name", 4, &x) && x && x->type != CT_STRING) {
      ct_buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s "
                         "into Go struct field .metadata.name of type string", go_json_kind(x));
      return -1;
    }
    m->res_name = str_field(md, "name");
    ct_value *ann = NULL;
    if (ct_map_get(md, "annotations", 11, &ann) && ann) {
      if (!ct_is_map(ann)) {
        ct_buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s "
                           "into Go struct field .metadata.annotations of type map[string]string",
                      go_json_kind(ann));
        return -1;
      }
      size_t na;
      const ct_map_entry *ae = ct_map_entries(ann, &na);
      for (size_t i = 0; i < na; i++)
        if (ae[i].value && ae[i].value->type != CT_STRING) {
          ct_buf_printf(err, "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s "
                             "into Go struct field .metadata.annotations of type string",
                        go_json_kind(ae[i].value));
          return -1;
        }
      *ann_out = ann;
    }
  }
  return 0;
}

/* M's head and annotations (in A) from document DOC. Most documents are read by
 * ct_yaml_read_head; the rest (errors, aliases...) are decoded whole for their head, in a
 * scratch arena so one document's tree is in memory at a time (a CRD decodes to ~10x its
 * text). */
static int read_head(ct_manifest *m, ct_value **ann, ct_arena *a, const char *doc, size_t len,
                     ct_buf *err) {
  ct_yaml_head h;
  if (ct_yaml_read_head(&h, a, doc, len)) {
    m->api_version = h.api_version ? h.api_version : "";
    m->kind = h.kind ? h.kind : "";
    m->res_name = h.name ? h.name : "";
    *ann = h.annotations;
    return 0;
  }
  ct_arena *scratch = ct_arena_new();
  int rc = decode_head(m, ann, scratch, doc, len, err);
  if (rc == 0) {
    m->kind = ct_arena_strdup(a, m->kind);
    m->api_version = ct_arena_strdup(a, m->api_version);
    m->res_name = ct_arena_strdup(a, m->res_name);
    *ann = *ann ? ct_value_copy(a, *ann) : NULL;
  }
  ct_arena_free(scratch);
  return rc;
}

static bool base_is_partial(const char *name) {
  const char *b = strrchr(name, '/');
  return (b ? b[1] : name[0]) == '_';
}

static const char *const hook_events[] = {"pre-install", "post-install", "pre-delete",
                                          "post-delete", "pre-upgrade", "post-upgrade",
                                          "pre-rollback", "post-rollback", "test"};

static char *lower_trim(ct_arena *a, const char *s, size_t n) {
  const char *p = s;
  size_t l = n;
  ct_engine__trim(&p, &l);
  char *r = ct_arena_strndup(a, p, l);
  for (char *q = r; *q; q++)
    if (*q >= 'A' && *q <= 'Z') *q = (char)(*q - 'A' + 'a');
  return r;
}

typedef ct_engine__doc_head doc_head;

/* M's head (read_head: 0, or -1 with the decoder's error in ERR). */
static int head_of(doc_head *h, ct_arena *a, const ct_manifest *m, ct_buf *err) {
  ct_manifest t = *m;
  ct_value *ann = NULL;
  if (read_head(&t, &ann, a, m->doc, m->doc_len, err) != 0) return -1;
  h->api_version = t.api_version, h->kind = t.kind, h->res_name = t.res_name;
  ct_value *hv = ann && ct_map_len(ann) ? ct_map_getc(ann, "helm.sh/hook") : NULL;
  ct_value *wv = hv ? ct_map_getc(ann, "helm.sh/hook-weight") : NULL;
  ct_value *dp = hv ? ct_map_getc(ann, "helm.sh/hook-delete-policy") : NULL;
  h->hook = hv ? hv->s.ptr : NULL;
  h->weight = wv && wv->type == CT_STRING ? wv->s.ptr : NULL;
  h->policy = dp && dp->type == CT_STRING ? dp->s.ptr : NULL;
  return 0;
}

/* ---- the heads cache ----
 * Reading a document's head checks the whole document as sigs.k8s.io/yaml would: ~16
 * instructions a byte, a tenth of a render whose manifests hold a mesh's configuration. A
 * head is a function of the document's bytes alone, so the heads of a render's documents are
 * kept in the parse cache (kind CT_PCACHE_HEADS), keyed by every document's file name and
 * bytes, which the cache compares byte for byte (a hash collision is a miss): a render whose
 * documents are the same again reads them back. As the other kinds: a marker the first time,
 * the entry the second, nothing for a render that fails, never in the way of an error (a
 * document that fails is read every time). Below HEADS_CACHE_MIN bytes of documents reading
 * them costs less than the cache's files. */
#define HEADS_CACHE_MIN 16384

static void put_field(ct_buf *b, const char *s) {
  if (!s) {
    ct_buf_putc(b, 0);
    return;
  }
  uint32_t n = (uint32_t)strlen(s);
  ct_buf_putc(b, 1);
  ct_buf_put(b, (const char *)&n, sizeof n);
  ct_buf_put(b, s, n);
}

void ct_engine__heads_encode(ct_buf *b, const doc_head *h, size_t n) {
  uint32_t cnt = (uint32_t)n;
  ct_buf_put(b, (const char *)&cnt, sizeof cnt);
  for (size_t i = 0; i < n; i++) {
    put_field(b, h[i].api_version);
    put_field(b, h[i].kind);
    put_field(b, h[i].res_name);
    put_field(b, h[i].hook);
    put_field(b, h[i].weight);
    put_field(b, h[i].policy);
  }
}

/* One field at *P (before END) into *OUT (a string in A, or NULL); false when malformed. */
static bool get_field(const unsigned char **p, const unsigned char *end, ct_arena *a,
                      const char **out) {
  if (*p >= end || **p > 1) return false;
  if (!*(*p)++) {
    *out = NULL;
    return true;
  }
  uint32_t n;
  if ((size_t)(end - *p) < sizeof n) return false;
  memcpy(&n, *p, sizeof n);
  *p += sizeof n;
  if (n > (size_t)(end - *p) || memchr(*p, 0, n)) return false;
  *out = ct_arena_strndup(a, (const char *)*p, n);
  *p += n;
  return true;
}

bool ct_engine__heads_decode(doc_head *h, size_t n, ct_arena *a, const unsigned char *p,
                             size_t len) {
  const unsigned char *end = p + len;
  uint32_t cnt;
  if (len < sizeof cnt) return false;
  memcpy(&cnt, p, sizeof cnt);
  p += sizeof cnt;
  if (cnt != n) return false;
  for (size_t i = 0; i < n; i++)
    if (!get_field(&p, end, a, &h[i].api_version) || !get_field(&p, end, a, &h[i].kind) ||
        !get_field(&p, end, a, &h[i].res_name) || !get_field(&p, end, a, &h[i].hook) ||
        !get_field(&p, end, a, &h[i].weight) || !get_field(&p, end, a, &h[i].policy) ||
        !h[i].api_version || !h[i].kind || !h[i].res_name)
      return false;
  return p == end;
}

unsigned long ct_engine__heads_cache_hits;

int ct_manifests_sort(ct_manifest **out_manifests, size_t *n_manifests, ct_manifest **out_hooks,
                      size_t *n_hooks, ct_arena *a, const ct_rendered *rendered, size_t n,
                      ct_buf *err) {
  mlist gen = {0}, hooks = {0};
  /* the documents, in order: rendered is sorted by name (sort.Strings) */
  mlist docs = {0};
  size_t total = 0;
  for (size_t f = 0; f < n; f++) {
    const ct_rendered *r = &rendered[f];
    if (base_is_partial(r->name)) continue;
    const char *t = r->text;
    size_t tl = r->len;
    ct_engine__trim(&t, &tl);
    if (!tl) continue;
    size_t nd;
    ct_span *sp = ct_manifests_split_spans(a, r->text, r->len, &nd);
    for (size_t d = 0; d < nd; d++) {
      mpush(a, &docs, (ct_manifest){.name = r->name, .doc = sp[d].p, .doc_len = sp[d].n});
      total += sp[d].n;
    }
  }
  doc_head *heads = ct_arena_alloc(a, (docs.len + 1) * sizeof *heads);
  ct_pcache pc = {0};
  bool cached = false;
  if (total >= HEADS_CACHE_MIN) {
    ct_pcache_begin_kind(&pc, CT_PCACHE_HEADS);
    for (size_t i = 0; i < docs.len; i++)
      ct_pcache_add(&pc, docs.v[i].name, docs.v[i].doc, docs.v[i].doc_len);
    if (ct_pcache_fetch(&pc)) {
      cached = ct_engine__heads_decode(heads, docs.len, a, pc.payload, pc.payload_len);
      if (cached) ct_engine__heads_cache_hits++;
    }
    ct_pcache_unmap(&pc.map); /* (the heads are copies) */
  }
  for (size_t i = 0; i < docs.len; i++) {
    ct_manifest m = docs.v[i];
    ct_buf e = CT_BUF_INIT;
    if (!cached && head_of(&heads[i], a, &m, &e) != 0) {
      ct_buf_printf(err, "YAML parse error on %s: %s", m.name, ct_buf_str(&e));
      ct_buf_dispose(&e);
      ct_pcache_dispose(&pc);
      *out_manifests = gen.v, *n_manifests = gen.len;
      *out_hooks = hooks.v, *n_hooks = hooks.len;
      return -1;
    }
    ct_buf_dispose(&e);
    const doc_head *hd = &heads[i];
    m.api_version = hd->api_version, m.kind = hd->kind, m.res_name = hd->res_name;
    if (!hd->hook) {
      mpush(a, &gen, m);
      continue;
    }
    /* a hook */
    const char *hs = hd->hook;
    size_t cap = 4, ne = 0;
    const char **ev = ct_arena_alloc(a, cap * sizeof *ev);
    bool unknown = false;
    for (const char *p = hs;;) {
      const char *c = strchr(p, ',');
      size_t l = c ? (size_t)(c - p) : strlen(p);
      char *h = lower_trim(a, p, l);
      bool ok = false;
      for (size_t k = 0; k < sizeof hook_events / sizeof hook_events[0]; k++)
        if (!strcmp(hook_events[k], h)) ok = true;
      if (!strcmp(h, "test-success")) ok = true, h = "test";
      if (!ok) {
        unknown = true;
        break;
      }
      if (ne == cap) {
        ev = ct_arena_realloc(a, ev, cap * sizeof *ev, cap * 2 * sizeof *ev);
        cap *= 2;
      }
      ev[ne++] = h;
      if (!c) break;
      p = c + 1;
    }
      if (unknown) {
        fprintf(stderr, "info: skipping unknown hook: \"%s\"\n", hs);
        continue;
      }
      m.events = ev;
      m.nevents = ne;
      m.weight = hd->weight ? (int)strtol(hd->weight, NULL, 10) : 0;
      if (hd->policy) {
        size_t dc = 4, dn = 0;
        const char **pol = ct_arena_alloc(a, dc * sizeof *pol);
        for (const char *p = hd->policy;;) {
          const char *c = strchr(p, ',');
          size_t l = c ? (size_t)(c - p) : strlen(p);
          if (dn == dc) {
            pol = ct_arena_realloc(a, pol, dc * sizeof *pol, dc * 2 * sizeof *pol);
            dc *= 2;
          }
          pol[dn++] = lower_trim(a, p, l);
          if (!c) break;
          p = c + 1;
        }
        m.delete_policies = pol;
        m.ndelete_policies = dn;
      }
      mpush(a, &hooks, m);
  }
  if (!cached && pc.on) { /* every head was read */
    if (pc.admit) {
      ct_buf b = CT_BUF_INIT;
      ct_engine__heads_encode(&b, heads, docs.len);
      ct_pcache_store(&pc, b.ptr, b.len);
      ct_buf_dispose(&b);
    } else {
      ct_pcache_mark(&pc);
    }
  }
  ct_pcache_dispose(&pc);
  stable_sort(a, gen.v, gen.len);
  stable_sort(a, hooks.v, hooks.len);
  *out_manifests = gen.v, *n_manifests = gen.len;
  *out_hooks = hooks.v, *n_hooks = hooks.len;
  return 0;
}

/* ---- Go's path/filepath.Match ---- */
static int match_class(const char **pp, char c) {
  /* *pp points after '['; returns 1 match, 0 no, -1 bad; advances past ']' */
  const char *p = *pp;
  bool neg = false, matched = false;
  if (*p == '^') neg = true, p++;
  bool first = true;
  for (;;) {
    if (*p == ']' && !first) {
      p++;
      break;
    }
    first = false;
    char lo, hi;
    if (*p == '\\') p++;
    if (!*p) return -1;
    lo = *p++;
    hi = lo;
    if (*p == '-') {
      p++;
      if (*p == '\\') p++;
      if (!*p || *p == ']') return -1;
      hi = *p++;
    }
    if (lo <= c && c <= hi) matched = true;
  }
  *pp = p;
  return matched != neg;
}

static int match_at(const char *p, const char *s) {
  while (*p) {
    if (*p == '*') {
      while (*p == '*') p++;
      for (const char *t = s;; t++) {
        int r = match_at(p, t);
        if (r) return r;
        if (!*t || *t == '/') return 0;
      }
    }
    if (!*s) {
      /* check the rest of the pattern is well formed */
      return 0;
    }
    if (*p == '?') {
      if (*s == '/') return 0;
      p++, s++;
      continue;
    }
    if (*p == '[') {
      p++;
      if (*s == '/') return 0;
      int r = match_class(&p, *s);
      if (r <= 0) return r;
      s++;
      continue;
    }
    if (*p == '\\') {
      p++;
      if (!*p) return -1;
    }
    if (*p != *s) return 0;
    p++, s++;
  }
  return *s == 0;
}

bool ct_path_match(const char *pattern, const char *name) { return match_at(pattern, name) == 1; }
