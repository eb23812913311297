/* resources.c — Helm's action.renderResources: kubeVersion check, render, NOTES.txt split,
 * SortManifests, CRDs, and the release manifest document or --output-dir files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chartctl/errors.h"
#include "engine/engine_int.h"

/* chartutil.IsCompatibleRange, from the chart module (not exported yet; see report) */
bool ct_chart__semver_in_range(const char *constraint, const char *version);

static bool has_manifest_ext(const char *name) {
  const char *b = strrchr(name, '/');
  b = b ? b + 1 : name;
  const char *dot = strrchr(b, '.');
  if (!dot) return false;
  return !strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml") || !strcasecmp(dot, ".json");
}

static int mkdir_p(const char *path) {
  char buf[4096];
  size_t n = strlen(path);
  if (n >= sizeof buf) return ct_error_set(CT_EINVAL, "path too long: %s", path);
  memcpy(buf, path, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (buf[i] == '/' || buf[i] == 0) {
      char c = buf[i];
      buf[i] = 0;
      if (mkdir(buf, 0755) != 0 && errno != EEXIST)
        return ct_error_set(CT_EIO, "mkdir %s: %s", buf, strerror(errno));
      buf[i] = c;
    }
  }
  return CT_OK;
}

int ct_render_write_file(const char *dir, const char *name, const char *data, size_t len,
                         bool append) {
  size_t need = strlen(dir) + strlen(name) + 2;
  char *path = malloc(need);
  if (!path) return ct_error_set(CT_ENOMEM, "out of memory");
  snprintf(path, need, "%s/%s", dir, name);
  char *slash = strrchr(path, '/');
  if (slash) {
    *slash = 0;
    int rc = mkdir_p(path);
    *slash = '/';
    if (rc) {
      free(path);
      return rc;
    }
  }
  int fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0644);
  if (fd < 0) {
    int rc = ct_error_set(CT_EIO, "open %s: %s", path, strerror(errno));
    free(path);
    return rc;
  }
  FILE *f = fdopen(fd, append ? "a" : "w");
  if (!f) {
    close(fd);
    int rc = ct_error_set(CT_EIO, "open %s: %s", path, strerror(errno));
    free(path);
    return rc;
  }
  fprintf(f, "---\n# Source: %s\n", name);
  fwrite(data, 1, len, f);
  fputc('\n', f);
  int bad = ferror(f);
  if (fclose(f) != 0 || bad) {
    int rc = ct_error_set(CT_EIO, "write %s: %s", path, strerror(errno));
    free(path);
    return rc;
  }
  printf("wrote %s\n", path);
  free(path);
  return CT_OK;
}

typedef struct written {
  const char **names;
  size_t n, cap;
} written;

static bool was_written(const written *w, const char *name) {
  for (size_t i = 0; i < w->n; i++)
    if (!strcmp(w->names[i], name)) return true;
  return false;
}

static void mark_written(ct_arena *a, written *w, const char *name) {
  if (was_written(w, name)) return;
  if (w->n == w->cap) {
    size_t nc = w->cap ? w->cap * 2 : 16;
    w->names = ct_arena_realloc(a, w->names, w->cap * sizeof *w->names, nc * sizeof *w->names);
    w->cap = nc;
  }
  w->names[w->n++] = name;
}

/* The release manifest is assembled twice over the same pieces: once to count its bytes,
 * once to copy them into one block of exactly that size (no growing buffer, no second copy
 * of a text that can be megabytes of CRDs). Or it is written once to a stream, trimmed on the
 * way: leading white space is dropped and trailing white space held back until more text
 * follows it. */
typedef struct doc_sink {
  char *dst; /* NULL while counting */
  size_t len;
  FILE *f;      /* streaming instead */
  bool started; /* something other than white space was written */
  ct_buf held;  /* white space not written yet */
} doc_sink;

static bool ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void stream_put(doc_sink *s, const char *p, size_t n) {
  size_t b = 0, e = n;
  if (!s->started)
    while (b < e && ws(p[b]))
      b++;
  while (e > b && ws(p[e - 1]))
    e--;
  if (e > b) {
    if (s->held.len) fwrite(ct_buf_str(&s->held), 1, s->held.len, s->f);
    ct_buf_reset(&s->held);
    fwrite(p + b, 1, e - b, s->f);
    s->started = true;
  }
  if (s->started) ct_buf_put(&s->held, p + e, n - e);
}

static void sink_put(doc_sink *s, const char *p, size_t n) {
  if (s->f) {
    stream_put(s, p, n);
    return;
  }
  if (s->dst && n) memcpy(s->dst + s->len, p, n);
  s->len += n;
}
static void sink_puts(doc_sink *s, const char *p) { sink_put(s, p, strlen(p)); }

/* "---\n# Source: NAME\nBODY\n" */
static void sink_source(doc_sink *s, const char *name, const char *body, size_t n) {
  sink_put(s, "---\n# Source: ", 14);
  sink_puts(s, name);
  sink_put(s, "\n", 1);
  sink_put(s, body, n);
  sink_put(s, "\n", 1);
}

/* The CRDs of crds/ (chart first, then its subcharts): into S, or written under output_dir. */
static int put_crds(ct_arena *a, const ct_chart *c, doc_sink *s, const ct_resources_opts *o,
                    written *w) {
  const char *full = ct_chart_full_path(c, a);
  for (size_t i = 0; i < c->nfiles; i++) {
    const ct_chart_file *f = &c->files[i];
    if (strncmp(f->name, "crds/", 5) || !has_manifest_ext(f->name)) continue;
    const char *fname = ct_arena_sprintf(a, "%s/%s", full, f->name);
    if (!o->output_dir) {
      sink_source(s, fname, f->data, f->len);
    } else {
      if (ct_render_write_file(o->output_dir, fname, f->data, f->len, was_written(w, fname)) !=
          CT_OK)
        return -1;
      mark_written(a, w, fname);
    }
  }
  for (size_t i = 0; i < c->ndeps; i++)
    if (put_crds(a, c->deps[i], s, o, w)) return -1;
  return 0;
}

/* The manifest document of a sorted release: CRDs (when asked) then each manifest. */
static void put_manifests(ct_arena *a, const ct_chart *c, const ct_resources *r, doc_sink *s,
                          const ct_resources_opts *o) {
  if (o->include_crds) (void)put_crds(a, c, s, o, NULL);
  for (size_t i = 0; i < r->nmanifests; i++) {
    const ct_manifest *m = &r->manifests[i];
    if (o->hide_secret && !strcmp(m->kind, "Secret") && !strcmp(m->api_version, "v1")) {
      sink_put(s, "---\n# Source: ", 14);
      sink_puts(s, m->name);
      sink_puts(s, "\n# HIDDEN: The Secret output has been suppressed\n");
    } else {
      sink_source(s, m->name, m->doc, m->doc_len);
    }
  }
}

/* Every non-blank rendered file as it is, for --debug after a YAML error (helm prints them in
 * its map order; here in name order). */
static void put_files(const ct_rendered *files, size_t nfiles, doc_sink *s) {
  for (size_t i = 0; i < nfiles; i++) {
    const char *t = files[i].text;
    size_t tl = files[i].len;
    ct_engine__trim(&t, &tl);
    if (tl) sink_source(s, files[i].name, files[i].text, files[i].len);
  }
}

/* Sets OUT's manifest to what PUT gives: counted first, then copied into one arena block. */
#define ASSEMBLE(out, a, put_call)                                                                 \
  do {                                                                                             \
    doc_sink s_ = {0};                                                                             \
    doc_sink *s = &s_;                                                                             \
    put_call;                                                                                      \
    s_.dst = ct_arena_alloc((a), s_.len + 1);                                                      \
    s_.len = 0;                                                                                    \
    put_call;                                                                                      \
    (out)->manifest = s_.dst;                                                                      \
    (out)->manifest_len = s_.len;                                                                  \
  } while (0)

int ct_render_resources(ct_resources *out, ct_arena *a, const ct_chart *c, ct_value *top,
                        const ct_caps *caps, const ct_resources_opts *o, ct_buf *err) {
  memset(out, 0, sizeof *out);
  out->manifest = out->notes = "";
  const char *kv = c->meta.kube_version;
  if (kv && *kv && !ct_chart__semver_in_range(kv, caps->kube_version)) {
    ct_buf_printf(err, "chart requires kubeVersion: %s which is incompatible with Kubernetes %s", kv,
                  caps->kube_version);
    return -1;
  }
  ct_rendered *files;
  size_t nfiles;
  int rrc = ct_render_chart(&files, &nfiles, a, c, top, caps, o->render, err);
  const char *load_err = ct_chart_read_error(c);
  if (load_err) { /* a File the load deferred could not be read: Helm's load error */
    ct_buf_reset(err);
    ct_buf_puts(err, load_err);
    return -1;
  }
  if (rrc != 0) return -1;

  /* NOTES.txt: the top chart's (and subcharts' with sub_notes) out of the file list */
  ct_buf notes = CT_BUF_INIT;
  const char *top_notes = ct_arena_sprintf(a, "%s/templates/NOTES.txt", ct_chart_name(c));
  size_t k = 0;
  for (size_t i = 0; i < nfiles; i++) {
    size_t nl = strlen(files[i].name);
    if (nl >= 9 && !strcmp(files[i].name + nl - 9, "NOTES.txt")) {
      if (o->sub_notes || !strcmp(files[i].name, top_notes)) {
        if (notes.len) ct_buf_putc(&notes, '\n');
        ct_buf_put(&notes, files[i].text, files[i].len);
      }
      continue;
    }
    files[k++] = files[i];
  }
  nfiles = k;
  out->notes = ct_arena_strndup(a, ct_buf_str(&notes), notes.len);
  ct_buf_dispose(&notes);

  if (ct_manifests_sort(&out->manifests, &out->nmanifests, &out->hooks, &out->nhooks, a, files,
                        nfiles, err) != 0) {
    ASSEMBLE(out, a, put_files(files, nfiles, s));
    return -1;
  }
  if (!o->output_dir && o->stream) {
    doc_sink st = {.f = o->stream};
    put_manifests(a, c, out, &st, o);
    fputc('\n', o->stream);
    ct_buf_dispose(&st.held);
    out->streamed = true;
    return 0;
  }
  if (!o->output_dir) {
    ASSEMBLE(out, a, put_manifests(a, c, out, s, o));
    return 0;
  }
  /* --output-dir: each CRD and manifest to its file; the manifest document stays empty */
  written w = {0};
  if (o->include_crds && put_crds(a, c, NULL, o, &w)) {
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  const char *dir = o->output_dir;
  if (o->use_release_name && o->release_name)
    dir = ct_arena_sprintf(a, "%s/%s", o->output_dir, o->release_name);
  for (size_t i = 0; i < out->nmanifests; i++) {
    const ct_manifest *m = &out->manifests[i];
    if (ct_render_write_file(dir, m->name, m->doc, m->doc_len, was_written(&w, m->name)) != CT_OK) {
      ct_buf_puts(err, ct_error_last());
      return -1;
    }
    mark_written(a, &w, m->name);
  }
  return 0;
}
