/* lint_rules.c — Helm 3.17.1's pkg/lint rules: Chart.yaml (chartfile.go), values.yaml
 * (values.go), rendered templates (template.go) and dependencies (dependencies.go), each
 * message "[SEVERITY] PATH: TEXT" as support.Message prints it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "chartctl/render.h"
#include "chartctl/values.h"
#include "lint.h"

static void add(ct_lint_result *r, int sev, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add(ct_lint_result *r, int sev, const char *path, const char *fmt, ...) {
  if (r->n == r->cap) {
    size_t nc = r->cap ? r->cap * 2 : 16;
    ct_lint_msg *m = realloc(r->msgs, nc * sizeof *m);
    if (!m) abort();
    r->msgs = m;
    r->cap = nc;
  }
  ct_buf b = CT_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  ct_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  r->msgs[r->n].severity = sev;
  r->msgs[r->n].path = strdup(path);
  r->msgs[r->n].text = ct_buf_steal(&b);
  if (!r->msgs[r->n].path || !r->msgs[r->n].text) abort();
  r->n++;
}

void ct_lint_result_dispose(ct_lint_result *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->msgs[i].path);
    free(r->msgs[i].text);
  }
  free(r->msgs);
  free(r->fatal);
  memset(r, 0, sizeof *r);
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  ct_buf b = CT_BUF_INIT;
  char tmp[65536];
  size_t k;
  while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) ct_buf_put(&b, tmp, k);
  fclose(f);
  *len = b.len;
  if (!b.ptr) ct_buf_puts(&b, "");
  return ct_buf_steal(&b);
}

/* Go's error text for errno (strerror, lower-cased first letter) */
static const char *go_errno(int e, char *buf, size_t n) {
  snprintf(buf, n, "%s", strerror(e));
  if (buf[0] >= 'A' && buf[0] <= 'Z') buf[0] = (char)(buf[0] + 32);
  return buf;
}

/* Go's %T of a decoded YAML value */
static const char *go_type(const ct_value *v) { return v ? ct_type_name(v) : "<nil>"; }

static const char *str_of(const ct_value *m, const char *key) {
  ct_value *v = ct_is_map(m) ? ct_map_getc(m, key) : NULL;
  return v && v->type == CT_STRING ? v->s.ptr : "";
}

/* govalidator.IsRequestURL: url.ParseRequestURI succeeds and has a scheme */
static bool is_request_url(const char *s) {
  if (!s || !*s) return false;
  const char *p = s;
  if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) return false;
  while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
         *p == '+' || *p == '-' || *p == '.')
    p++;
  if (*p != ':') return false;
  for (const char *q = s; *q; q++)
    if (*q == ' ' || *q == '\t' || *q == '\n') return false;
  return p[1] != 0;
}

/* govalidator.IsEmail (its essentials: one local part, a dotted domain, no spaces) */
static bool is_email(const char *s) {
  const char *at = strchr(s, '@');
  if (!at || at == s || strchr(at + 1, '@')) return false;
  const char *dom = at + 1;
  const char *dot = strchr(dom, '.');
  if (!dot || dot == dom || !dot[1]) return false;
  for (const char *q = s; *q; q++)
    if (*q == ' ' || *q == '\t' || *q == ',' || *q == '<' || *q == '>') return false;
  return true;
}

static void lint_chartfile(ct_lint_result *r, const char *dir, ct_arena *a) {
  const char *file = "Chart.yaml";
  char *path = ct_arena_sprintf(a, "%s/Chart.yaml", dir);
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    add(r, CT_LINT_ERROR, file, "should be a file, not a directory");
  size_t len;
  char *src = read_file(path, &len);
  if (!src) {
    char eb[128];
    add(r, CT_LINT_ERROR, file, "unable to parse YAML: open %s: %s", path, go_errno(errno, eb, sizeof eb));
    return;
  }
  ct_value *cf = NULL;
  ct_buf err = CT_BUF_INIT;
  int rc = ct_yaml_parse_any(&cf, a, src, len, &err);
  free(src);
  if (rc != 0) {
    add(r, CT_LINT_ERROR, file, "unable to parse YAML: %s", ct_buf_str(&err));
    ct_buf_dispose(&err);
    return;
  }
  ct_buf_dispose(&err);
  if (cf && !ct_is_map(cf)) {
    add(r, CT_LINT_ERROR, file, "unable to parse YAML: error unmarshaling JSON: while decoding JSON: "
                                "json: cannot unmarshal %s into Go value of type chart.Metadata",
        cf->type == CT_STRING ? "string" : ct_is_list(cf) ? "array" : "number");
    return;
  }
  const char *name = str_of(cf, "name");
  if (!*name)
    add(r, CT_LINT_ERROR, file, "name is required");
  else if (strchr(name, '/'))
    add(r, CT_LINT_ERROR, file, "chart name \"%s\" is invalid", name);
  const char *api = str_of(cf, "apiVersion");
  if (!*api)
    add(r, CT_LINT_ERROR, file, "apiVersion is required. The value must be either \"v1\" or \"v2\"");
  else if (strcmp(api, "v1") && strcmp(api, "v2"))
    add(r, CT_LINT_ERROR, file, "apiVersion '%s' is not valid. The value must be either \"v1\" or \"v2\"", api);
  ct_value *ver = ct_is_map(cf) ? ct_map_getc(cf, "version") : NULL;
  bool ver_typed = !ver || ver->type == CT_STRING;
  if (!ver_typed)
    add(r, CT_LINT_ERROR, file, "version should be of type string but it's of type %s", go_type(ver));
  if (ver_typed) {
    const char *v = str_of(cf, "version");
    if (!*v) {
      add(r, CT_LINT_ERROR, file, "version is required");
    } else {
      ct_caps tmp;
      if (ct_caps_set_kube_version(&tmp, a, v) != CT_OK)
        add(r, CT_LINT_ERROR, file, "version '%s' is not a valid SemVer", v);
    }
  }
  ct_value *av = ct_is_map(cf) ? ct_map_getc(cf, "appVersion") : NULL;
  if (av && av->type != CT_STRING)
    add(r, CT_LINT_ERROR, file, "appVersion should be of type string but it's of type %s", go_type(av));
  ct_value *ms = ct_is_map(cf) ? ct_map_getc(cf, "maintainers") : NULL;
  for (size_t i = 0; ct_is_list(ms) && i < ms->list->len; i++) {
    ct_value *m = ms->list->items[i];
    const char *mn = str_of(m, "name"), *me = str_of(m, "email"), *mu = str_of(m, "url");
    if (!*mn)
      add(r, CT_LINT_ERROR, file, "each maintainer requires a name");
    else if (*me && !is_email(me))
      add(r, CT_LINT_ERROR, file, "invalid email '%s' for maintainer '%s'", me, mn);
    else if (*mu && !is_request_url(mu))
      add(r, CT_LINT_ERROR, file, "invalid url '%s' for maintainer '%s'", mu, mn);
  }
  ct_value *srcs = ct_is_map(cf) ? ct_map_getc(cf, "sources") : NULL;
  for (size_t i = 0; ct_is_list(srcs) && i < srcs->list->len; i++) {
    ct_value *s = srcs->list->items[i];
    const char *sv = s && s->type == CT_STRING ? s->s.ptr : "";
    if (!is_request_url(sv)) {
      add(r, CT_LINT_ERROR, file, "invalid source URL '%s'", sv);
      break;
    }
  }
  const char *icon = str_of(cf, "icon");
  if (!*icon) add(r, CT_LINT_INFO, file, "icon is recommended");
  if (*icon && !is_request_url(icon)) add(r, CT_LINT_ERROR, file, "invalid icon URL '%s'", icon);
  const char *type = str_of(cf, "type");
  if (!strcmp(api, "v1") && *type)
    add(r, CT_LINT_ERROR, file, "chart type is not valid in apiVersion 'v1'. It is valid in apiVersion 'v2'");
  ct_value *deps = ct_is_map(cf) ? ct_map_getc(cf, "dependencies") : NULL;
  if (!strcmp(api, "v1") && deps && ct_is_list(deps) && deps->list->len)
    add(r, CT_LINT_ERROR, file, "dependencies are not valid in the Chart file with apiVersion 'v1'. "
                                "They are valid in apiVersion 'v2'");
}

static void lint_values(ct_lint_result *r, const char *dir, const ct_value *overrides, ct_arena *a) {
  const char *file = "values.yaml";
  char *path = ct_arena_sprintf(a, "%s/values.yaml", dir);
  struct stat st;
  if (stat(path, &st) != 0) {
    add(r, CT_LINT_INFO, file, "file does not exist");
    return;
  }
  size_t len;
  char *src = read_file(path, &len);
  if (!src) return;
  ct_value *vals = NULL;
  if (ct_values_read(&vals, a, src, len) != CT_OK) {
    add(r, CT_LINT_ERROR, file, "unable to parse YAML: %s", ct_error_last());
    free(src);
    return;
  }
  free(src);
  char *spath = ct_arena_sprintf(a, "%s/values.schema.json", dir);
  size_t sl;
  char *schema = read_file(spath, &sl);
  if (!schema) return;
  if (sl) {
    /* CoalesceTables(overrides, values): overrides win, tables merged */
    ct_value *merged = ct_value_copy(a, vals);
    size_t n = 0;
    const ct_map_entry *e = ct_is_map(overrides) ? ct_map_entries(overrides, &n) : NULL;
    for (size_t i = 0; i < n; i++) ct_map_set(a, merged, e[i].key.ptr, e[i].key.len, e[i].value);
    ct_buf errs = CT_BUF_INIT;
    int rc = ct_values_validate_schema(schema, sl, merged, &errs);
    if (rc != CT_OK) {
      const char *t = errs.len ? ct_buf_str(&errs) : ct_error_last();
      size_t tl = strlen(t);
      while (tl && t[tl - 1] == '\n') tl--;
      add(r, CT_LINT_ERROR, file, "%.*s", (int)tl, t);
    }
    ct_buf_dispose(&errs);
  }
  free(schema);
}

/* k8s.io/apimachinery YAMLReader: documents split at lines starting with "---" */
static int next_doc(const char **p, const char *end, const char **doc, size_t *dlen) {
  const char *s = *p, *start = NULL, *stop = NULL;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le = nl ? nl + 1 : end;
    if ((size_t)(le - s) >= 3 && !memcmp(s, "---", 3)) {
      if (start) {
        stop = s;
        break;
      }
      s = le;
      continue;
    }
    if (!start) start = s;
    s = le;
  }
  if (!start) {
    *p = end;
    return 0;
  }
  if (!stop) stop = s;
  *doc = start;
  *dlen = (size_t)(stop - start);
  *p = stop;
  return 1;
}

static bool dns_label(const char *s, bool alpha_start) {
  size_t n = strlen(s);
  if (!n) return false;
  if (alpha_start ? !(s[0] >= 'a' && s[0] <= 'z') : !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-')) return false;
  return s[n - 1] != '-';
}

static bool dns_subdomain(const char *s) {
  if (!*s) return false;
  const char *p = s;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t l = dot ? (size_t)(dot - p) : strlen(p);
    char buf[256];
    if (l == 0 || l >= sizeof buf) return false;
    memcpy(buf, p, l);
    buf[l] = 0;
    if (!dns_label(buf, false)) return false;
    if (!dot) return true;
    p = dot + 1;
  }
}

/* validateMetadataName: the apimachinery name rule for the kind */
static void check_name(ct_lint_result *r, const char *file, const char *kind, const char *name) {
  char lk[64];
  size_t i = 0;
  for (; kind[i] && i < sizeof lk - 1; i++) lk[i] = (char)(kind[i] >= 'A' && kind[i] <= 'Z' ? kind[i] + 32 : kind[i]);
  lk[i] = 0;
  const char *msg[3];
  size_t nm = 0;
  if (!strcmp(lk, "certificatesigningrequest")) return;
  if (!strcmp(lk, "role") || !strcmp(lk, "clusterrole") || !strcmp(lk, "rolebinding") ||
      !strcmp(lk, "clusterrolebinding")) {
    if (!strcmp(name, ".") || !strcmp(name, "..")) msg[nm++] = !strcmp(name, ".") ? "may not be '.'" : "may not be '..'";
    if (strchr(name, '/')) msg[nm++] = "may not contain '/'";
    if (strchr(name, '%')) msg[nm++] = "may not contain '%'";
  } else if (!strcmp(lk, "service")) {
    if (strlen(name) > 63) msg[nm++] = "must be no more than 63 characters";
    if (!dns_label(name, true))
      msg[nm++] = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
                  "with an alphabetic character, and end with an alphanumeric character (e.g. "
                  "'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  } else if (!strcmp(lk, "namespace")) {
    if (strlen(name) > 63) msg[nm++] = "must be no more than 63 characters";
    if (!dns_label(name, false))
      msg[nm++] = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
                  "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                  "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  } else {
    if (strlen(name) > 253) msg[nm++] = "must be no more than 253 characters";
    if (!dns_subdomain(name))
      msg[nm++] = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                  "characters, '-' or '.', and must start and end with an alphanumeric character "
                  "(e.g. 'example.com', regex used for validation is "
                  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  }
  if (!nm) return;
  ct_buf b = CT_BUF_INIT;
  if (nm > 1) ct_buf_putc(&b, '[');
  for (size_t k = 0; k < nm; k++)
    ct_buf_printf(&b, "%smetadata.name: Invalid value: \"%s\": %s", k ? ", " : "", name, msg[k]);
  if (nm > 1) ct_buf_putc(&b, ']');
  add(r, CT_LINT_WARNING, file,
      "object name does not conform to Kubernetes naming requirements: \"%s\": %s", name,
      ct_buf_str(&b));
  ct_buf_dispose(&b);
}

static void lint_templates(ct_lint_result *r, const char *dir, const ct_value *user,
                           const ct_lint_opts *o, ct_arena *a) {
  const char *tdir = "templates/";
  char *tpath = ct_arena_sprintf(a, "%s/templates", dir);
  struct stat st;
  if (stat(tpath, &st) != 0) {
    add(r, CT_LINT_WARNING, tdir, "directory not found");
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    add(r, CT_LINT_WARNING, tdir, "not a directory");
    return;
  }
  ct_chart *c = NULL;
  if (ct_chart_load(&c, dir) != CT_OK) {
    add(r, CT_LINT_ERROR, tdir, "%s", ct_error_last());
    return;
  }
  ct_caps *caps = ct_caps_default(a, NULL, 0);
  if (o->kube_version) ct_caps_set_kube_version(caps, a, o->kube_version);
  ct_chart *view = NULL;
  ct_value *vals = NULL;
  if (ct_chart_process_dependencies(&view, a, c, user, NULL) != CT_OK ||
      ct_values_coalesce(&vals, a, view, user, NULL) != CT_OK)
    goto done;
  if (!o->skip_schema_validation && ct_values_validate(view, vals) != CT_OK) {
    add(r, CT_LINT_ERROR, tdir, "%s", ct_error_last());
    goto done;
  }
  ct_release_opts rel = {.name = "test-release", .namespace = o->namespace_};
  ct_value *top = ct_values_render_top(a, view, vals, &rel);
  /* helm 3.17.1 lints with missingkey=zero even under --strict */
  ct_render_opts ro = {.lint_mode = true};
  ct_rendered *files;
  size_t nfiles;
  ct_buf err = CT_BUF_INIT;
  if (ct_render_chart(&files, &nfiles, a, view, top, caps, &ro, &err) != 0) {
    add(r, CT_LINT_ERROR, tdir, "%s", ct_buf_str(&err));
    ct_buf_dispose(&err);
    goto done;
  }
  ct_buf_dispose(&err);
  for (size_t i = 0; i < c->ntemplates; i++) {
    const char *fname = c->templates[i].name;
    const char *ext = strrchr(fname, '.');
    const char *slash = strrchr(fname, '/');
    if (ext && slash && ext < slash) ext = NULL;
    if (!ext || (strcmp(ext, ".yaml") && strcmp(ext, ".yml") && strcmp(ext, ".tpl") && strcmp(ext, ".txt")))
      add(r, CT_LINT_ERROR, fname,
          "file extension '%s' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt", ext ? ext : "");
    if (!ext || strcmp(ext, ".yaml")) continue;
    const char *full = ct_arena_sprintf(a, "%s/%s", ct_chart_name(c), fname);
    const ct_rendered *rd = NULL;
    for (size_t k = 0; k < nfiles; k++)
      if (!strcmp(files[k].name, full)) rd = &files[k];
    if (!rd) continue;
    const char *t = rd->text;
    size_t tl = rd->len;
    ct_cli__lint_trim(&t, &tl);
    if (!tl) continue;
    /* validateTopIndentLevel: the first non-blank line */
    for (const char *p = rd->text; p < rd->text + rd->len;) {
      const char *nl = memchr(p, '\n', (size_t)(rd->text + rd->len - p));
      size_t ll = nl ? (size_t)(nl - p) : (size_t)(rd->text + rd->len - p);
      const char *q = p;
      size_t ql = ll;
      ct_cli__lint_trim(&q, &ql);
      if (ql) {
        if (p[0] == ' ' || p[0] == '\t')
          add(r, CT_LINT_WARNING, fname,
              "document starts with an illegal indent: \"%.*s\", which may cause parsing problems",
              (int)ll, p);
        break;
      }
      p += ll + 1;
    }
    const char *p = rd->text, *end = rd->text + rd->len, *doc;
    size_t dl;
    while (next_doc(&p, end, &doc, &dl)) {
      ct_value *v = NULL;
      ct_buf e = CT_BUF_INIT;
      if (ct_yaml_parse_any(&v, a, doc, dl, &e) != 0) {
        add(r, CT_LINT_ERROR, fname, "unable to parse YAML: %s", ct_buf_str(&e));
        ct_buf_dispose(&e);
        goto done;
      }
      ct_buf_dispose(&e);
      if (!ct_is_map(v)) continue;
      const char *kind = str_of(v, "kind");
      ct_value *md = ct_map_getc(v, "metadata");
      const char *name = str_of(md, "name");
      check_name(r, fname, kind, name);
      if (!strcmp(kind, "Deployment") || !strcmp(kind, "ReplicaSet") || !strcmp(kind, "DaemonSet") ||
          !strcmp(kind, "StatefulSet")) {
        if (!memmem(rd->text, rd->len, "matchLabels", 11) && !memmem(rd->text, rd->len, "matchExpressions", 16))
          add(r, CT_LINT_ERROR, fname, "a %s must contain matchLabels or matchExpressions, and \"%s\" does not",
              kind, name);
      }
      if (!strcmp(kind, "List")) {
        ct_value *items = ct_map_getc(v, "items");
        for (size_t k = 0; ct_is_list(items) && k < items->list->len; k++) {
          ct_value *im = ct_map_getc(items->list->items[k], "metadata");
          ct_value *ann = ct_is_map(im) ? ct_map_getc(im, "annotations") : NULL;
          if (ct_is_map(ann) && ct_map_getc(ann, "helm.sh/resource-policy")) {
            add(r, CT_LINT_ERROR, fname, "annotation 'helm.sh/resource-policy' within List objects are ignored");
            break;
          }
        }
      }
    }
  }
done:
  ct_chart_free(c);
}

static void lint_dependencies(ct_lint_result *r, const char *dir) {
  ct_chart *c = NULL;
  if (ct_chart_load(&c, dir) != CT_OK) {
    add(r, CT_LINT_ERROR, "", "unable to load chart\n\t%s", ct_error_last());
    return;
  }
  ct_buf miss = CT_BUF_INIT;
  /* chart metadata is missing these dependencies */
  for (size_t i = 0; i < c->ndeps; i++) {
    const char *n = ct_chart_name(c->deps[i]);
    bool found = false;
    for (size_t k = 0; k < c->meta.ndeps && !found; k++) found = !strcmp(c->meta.deps[k].name, n);
    if (!found) ct_buf_printf(&miss, "%s%s", miss.len ? "," : "", n);
  }
  if (miss.len) add(r, CT_LINT_ERROR, dir, "chart metadata is missing these dependencies: %s", ct_buf_str(&miss));
  ct_buf_reset(&miss);
  for (size_t k = 0; k < c->meta.ndeps; k++) {
    const char *key = *c->meta.deps[k].alias ? c->meta.deps[k].alias : c->meta.deps[k].name;
    for (size_t j = 0; j < k; j++) {
      const char *kj = *c->meta.deps[j].alias ? c->meta.deps[j].alias : c->meta.deps[j].name;
      if (!strcmp(kj, key)) {
        ct_buf_printf(&miss, "%s%s", miss.len ? "," : "", key);
        break;
      }
    }
  }
  if (miss.len) add(r, CT_LINT_ERROR, dir, "multiple dependencies with name or alias: %s", ct_buf_str(&miss));
  ct_buf_reset(&miss);
  for (size_t k = 0; k < c->meta.ndeps; k++) {
    bool found = false;
    for (size_t i = 0; i < c->ndeps && !found; i++)
      found = !strcmp(ct_chart_name(c->deps[i]), c->meta.deps[k].name);
    if (!found) ct_buf_printf(&miss, "%s%s", miss.len ? "," : "", c->meta.deps[k].name);
  }
  if (miss.len) add(r, CT_LINT_WARNING, dir, "chart directory is missing these dependencies: %s", ct_buf_str(&miss));
  ct_buf_dispose(&miss);
  ct_chart_free(c);
}

void ct_cli__lint_trim(const char **s, size_t *len) {
  const char *p = *s;
  size_t n = *len;
  while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')) p++, n--;
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r' ||
               p[n - 1] == '\v' || p[n - 1] == '\f'))
    n--;
  *s = p;
  *len = n;
}

/* filepath.Join(dir, name) for the common shapes: "." and trailing slashes dropped */
static char *join(ct_arena *a, const char *dir, const char *name) {
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  if (n == 1 && dir[0] == '.') return ct_arena_strdup(a, name);
  return ct_arena_sprintf(a, "%.*s/%s", (int)n, dir, name);
}

/* filepath.Abs without symlink resolution */
static char *abs_dir(ct_arena *a, const char *dir) {
  char cwd[4096];
  const char *base = dir;
  if (dir[0] != '/') {
    if (!getcwd(cwd, sizeof cwd)) return ct_arena_strdup(a, dir);
    base = ct_arena_sprintf(a, "%s/%s", cwd, dir);
  }
  /* clean: drop "." segments, resolve "..", collapse slashes */
  char *out = ct_arena_alloc(a, strlen(base) + 2);
  size_t k = 0;
  for (const char *p = base; *p;) {
    while (*p == '/') p++;
    const char *e = p;
    while (*e && *e != '/') e++;
    size_t l = (size_t)(e - p);
    if (l == 0) break;
    if (l == 1 && p[0] == '.') {
    } else if (l == 2 && p[0] == '.' && p[1] == '.') {
      while (k > 0 && out[k - 1] != '/') k--;
      if (k > 0) k--;
    } else {
      out[k++] = '/';
      memcpy(out + k, p, l);
      k += l;
    }
    p = e;
  }
  if (!k) out[k++] = '/';
  out[k] = 0;
  return out;
}

int ct_lint_chart(ct_lint_result *out, const char *dir_in, const ct_value *user, const ct_lint_opts *o) {
  memset(out, 0, sizeof *out);
  ct_arena *a = ct_arena_new();
  char *cy = join(a, dir_in, "Chart.yaml");
  const char *dir = abs_dir(a, dir_in);
  struct stat st;
  if (stat(cy, &st) != 0) {
    char eb[128];
    out->fatal = ct_arena_sprintf(a, "unable to check Chart.yaml file in chart: stat %s: %s", cy,
                                  go_errno(errno, eb, sizeof eb));
    out->fatal = strdup(out->fatal);
    ct_arena_free(a);
    return -1;
  }
  lint_chartfile(out, dir, a);
  lint_values(out, dir, user, a);
  lint_templates(out, dir, user, o, a);
  lint_dependencies(out, dir);
  ct_arena_free(a);
  return 0;
}
