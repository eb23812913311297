/* test_loader.c — chart loading from directories and archives: classification of files,
 * .helmignore, subcharts, metadata conversion, Helm's error texts, unsafe archives refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "chart/chart_int.h"
#include "chartctl/chart.h"
#include "chartctl/errors.h"
#include "chartctl/render.h"
#include "chartctl/values.h"
#include "fsutil.h"

static const char *find_file(const ct_chart_file *f, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(f[i].name, name)) return f[i].data;
  return NULL;
}

static void load_directory(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "Chart.yaml", "apiVersion: v2\nname: top\nversion: 1.10\nappVersion: 1.20\nkeywords: [1, true, x]\n"
                            "annotations:\n  a: 1\nmaintainers:\n- name: me\n  email: me@x\n"
                            "dependencies:\n- name: sub\n  version: '>=0.1.0'\n  repository: file://x\n");
  put_file(d, "values.yaml", "\xEF\xBB\xBF# comment kept\nreplicas: 2\n");
  put_file(d, "values.schema.json", "{}");
  put_file(d, "templates/b.yaml", "b");
  put_file(d, "templates/a.yaml", "a");
  put_file(d, "templates/.hidden", "ignored by the default rule");
  put_file(d, "templates/x.bak", "ignored by .helmignore");
  put_file(d, ".helmignore", "# rules\n*.bak\nsecret/\n");
  put_file(d, "secret/key", "nope");
  put_file(d, "files/conf.txt", "conf");
  put_file(d, "crds/crd.yaml", "kind: CRD");
  put_file(d, "README.md", "readme");
  put_file(d, "charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.2.0\n");
  put_file(d, "charts/sub/templates/.hidden", "subchart dotfiles are kept");
  put_file(d, "charts/sub/values.yaml", "x: 1\n");
  put_file(d, "charts/_skipped/Chart.yaml", "not: a chart\n");

  ct_chart *c = NULL;
  int rc = ct_chart_load(&c, d);
  if (rc != CT_OK) fail_msg("load: %s", ct_error_last());
  assert_string_equal(c->meta.name, "top");
  assert_string_equal(c->meta.version, "1.1"); /* float 1.10 through sigs.k8s.io/yaml */
  assert_string_equal(c->meta.app_version, "1.2");
  assert_string_equal(c->meta.api_version, "v2");
  assert_int_equal(c->meta.nkeywords, 3);
  assert_string_equal(c->meta.keywords[0], "1");
  assert_string_equal(c->meta.keywords[1], "true");
  assert_string_equal(ct_map_getc(c->meta.annotations, "a")->s.ptr, "1");
  assert_int_equal(c->meta.nmaintainers, 1);
  assert_string_equal(c->meta.maintainers[0].email, "me@x");
  assert_int_equal(c->meta.ndeps, 1);
  assert_string_equal(c->meta.deps[0].version, ">=0.1.0");

  assert_int_equal(c->ntemplates, 2);
  assert_string_equal(c->templates[0].name, "templates/a.yaml");
  assert_string_equal(c->templates[1].name, "templates/b.yaml");
  assert_non_null(find_file(c->files, c->nfiles, ".helmignore"));
  assert_non_null(find_file(c->files, c->nfiles, "files/conf.txt"));
  assert_non_null(find_file(c->files, c->nfiles, "README.md"));
  assert_null(find_file(c->files, c->nfiles, "secret/key"));
  assert_null(find_file(c->files, c->nfiles, "values.yaml"));
  assert_null(find_file(c->files, c->nfiles, "Chart.yaml"));
  assert_non_null(find_file(c->raw, c->nraw, "Chart.yaml"));
  size_t n;
  const char *vt = ct_chart_values_text(c, &n);
  assert_string_equal(vt, "# comment kept\nreplicas: 2\n"); /* BOM trimmed, bytes kept */
  assert_non_null(c->schema);
  assert_int_equal(ct_map_getc(c->values, "replicas")->f, 2);

  ct_arena *a = ct_arena_new();
  const ct_chart_file **crds = ct_chart_crds(c, a, &n);
  assert_int_equal(n, 1);
  assert_string_equal(crds[0]->name, "crds/crd.yaml");

  assert_int_equal(c->ndeps, 1);
  ct_chart *s = c->deps[0];
  assert_string_equal(ct_chart_name(s), "sub");
  assert_ptr_equal(s->parent, c);
  assert_false(ct_chart_is_root(s));
  assert_string_equal(ct_chart_full_path(s, a), "top/charts/sub");
  assert_string_equal(ct_chart_path(s, a), "top.sub");
  assert_int_equal(s->ntemplates, 1); /* the default ignore rule is for the top chart only */
  ct_arena_free(a);
  ct_chart_free(c);
  rm_rf(d);
  free(d);
}

static void chart_yaml_errors(void **state) {
  (void)state;
  static const struct { const char *yaml; const char *err; } cs[] = {
      {"apiVersion: v2\nname: x\n", "validation: chart.metadata.version is required"},
      {"apiVersion: v2\nversion: 1.0.0\n", "validation: chart.metadata.name is required"},
      {"apiVersion: v2\nname: bad/name\nversion: 1.0.0\n", "validation: chart.metadata.name \"bad/name\" is invalid"},
      {"apiVersion: v2\nname: ..\nversion: 1.0.0\n", "validation: chart.metadata.name \"..\" is not allowed"},
      {"apiVersion: v2\nname: x\nversion: one\n", "validation: chart.metadata.version \"one\" is invalid"},
      {"apiVersion: v2\nname: x\nversion: 1.0.0\ntype: app\n", "validation: chart.metadata.type must be application or library"},
      {"apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies:\n- name: a\n  alias: b.c\n",
       "validation: dependency \"a\" has disallowed characters in the alias"},
      {"apiVersion: v2\nname: x\nversion: 1.0.0\nmaintainers:\n- null\n",
       "validation: maintainers must not contain empty or null nodes"},
      {"apiVersion: v2\nname: [x]\nversion: 1.0.0\n",
       "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Metadata.name of type string"},
      {"- a\n", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type chart.Metadata"},
      {"name: x\nversion: 1.0.0\n  bad: indent\n", "cannot load Chart.yaml: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context"},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    char *d = make_tmpdir();
    put_file(d, "Chart.yaml", cs[i].yaml);
    ct_chart *c = NULL;
    int rc = ct_chart_load(&c, d);
    if (rc == CT_OK) fail_msg("case %zu loaded", i);
    if (strcmp(ct_error_last(), cs[i].err)) fail_msg("case %zu: want '%s', got '%s'", i, cs[i].err, ct_error_last());
    assert_null(c);
    rm_rf(d);
    free(d);
  }
}

static void other_errors(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "values.yaml", "a: 1\n");
  ct_chart *c = NULL;
  assert_int_not_equal(ct_chart_load(&c, d), CT_OK);
  assert_string_equal(ct_error_last(), "Chart.yaml file is missing");
  put_file(d, "Chart.yaml", "apiVersion: v2\nname: x\nversion: 1.0.0\n");
  put_file(d, "values.yaml", "a:\n  - b\n c: d\n");
  assert_int_not_equal(ct_chart_load(&c, d), CT_OK);
  assert_string_equal(ct_error_last(), "cannot load values.yaml: error converting YAML to JSON: yaml: line 2: did not find expected key");
  put_file(d, "values.yaml", "a: 1\n");
  put_file(d, "charts/bad/Chart.yaml", "apiVersion: v2\nversion: 1.0.0\n");
  assert_int_not_equal(ct_chart_load(&c, d), CT_OK);
  assert_string_equal(ct_error_last(), "error unpacking subchart bad in x: validation: chart.metadata.name is required");
  put_file(d, ".helmignore", "charts/bad\na**b\n");
  assert_int_not_equal(ct_chart_load(&c, d), CT_OK);
  assert_string_equal(ct_error_last(), "double-star (**) syntax is not supported");
  rm_rf(d);
  free(d);
  assert_int_not_equal(ct_chart_load(&c, "/nonexistent/chart"), CT_OK);
  assert_string_equal(ct_error_last(), "stat /nonexistent/chart: no such file or directory");
}

static void symlinks_followed_with_warning(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "Chart.yaml", "apiVersion: v2\nname: x\nversion: 1.0.0\n");
  put_file(d, "real/values.yaml", "linked: true\n");
  char lp[4200], tp[4200];
  snprintf(lp, sizeof lp, "%s/values.yaml", d);
  snprintf(tp, sizeof tp, "%s/real/values.yaml", d);
  assert_int_equal(symlink("real/values.yaml", lp), 0);
  FILE *w = tmpfile();
  ct_chart *c = NULL;
  assert_int_equal(ct_chart_load_warn(&c, d, w), CT_OK);
  assert_true(ct_map_getc(c->values, "linked")->b);
  rewind(w);
  char line[8192] = {0};
  assert_non_null(fgets(line, sizeof line, w));
  char want[12000];
  snprintf(want, sizeof want,
           "walk.go:75: found symbolic link in path: %s resolves to %s. Contents of linked file included and used\n",
           lp, tp);
  assert_string_equal(line, want);
  fclose(w);
  ct_chart_free(c);

  /* a linked directory is walked under the link's name; a linked File read lazily gives the
   * target's bytes */
  put_file(d, "real/tpl/t.yaml", "kind: T\n");
  char dl[4200];
  snprintf(dl, sizeof dl, "%s/templates", d);
  assert_int_equal(symlink("real/tpl", dl), 0);
  put_file(d, "files/plain.txt", "plain");
  snprintf(lp, sizeof lp, "%s/files/link.txt", d);
  assert_int_equal(symlink("../real/tpl/t.yaml", lp), 0);
  w = tmpfile();
  assert_int_equal(ct_chart_load_lazy(&c, d, w), CT_OK);
  assert_int_equal(c->ntemplates, 1);
  assert_string_equal(c->templates[0].name, "templates/t.yaml");
  /* a template is left on disk too, with the stat of the file the link leads to */
  assert_non_null(c->templates[0].id);
  struct stat tst;
  snprintf(dl, sizeof dl, "%s/real/tpl/t.yaml", d);
  assert_int_equal(stat(dl, &tst), 0);
  assert_int_equal(c->templates[0].id->ino, (unsigned long long)tst.st_ino);
  assert_int_equal(c->templates[0].id->size, 8);
  assert_int_equal(ct_chart_file_read(&c->templates[0], c->arena), CT_OK);
  assert_string_equal(c->templates[0].data, "kind: T\n");
  ct_chart_file *lf = NULL;
  for (size_t i = 0; i < c->nfiles; i++)
    if (!strcmp(c->files[i].name, "files/link.txt")) lf = &c->files[i];
  assert_non_null(lf);
  assert_non_null(lf->lazy_path);
  assert_int_equal(ct_chart_file_read(lf, c->arena), CT_OK);
  assert_string_equal(lf->data, "kind: T\n");
  fclose(w);
  ct_chart_free(c);

  /* a link to nothing, and a FIFO: Helm's errors, lazy or not */
  assert_int_equal(unlink(lp), 0);
  assert_int_equal(symlink("../nowhere", lp), 0);
  snprintf(want, sizeof want, "error evaluating symlink %s: lstat %s: no such file or directory",
           lp, lp);
  assert_int_not_equal(ct_chart_load_lazy(&c, d, NULL), CT_OK);
  assert_string_equal(ct_error_last(), want);
  assert_int_not_equal(ct_chart_load(&c, d), CT_OK);
  assert_string_equal(ct_error_last(), want);
  assert_int_equal(unlink(lp), 0);
  assert_int_equal(mkfifo(lp, 0644), 0);
  snprintf(want, sizeof want, "cannot load irregular file %s as it has file mode type bits set",
           lp);
  assert_int_not_equal(ct_chart_load_lazy(&c, d, NULL), CT_OK);
  assert_string_equal(ct_error_last(), want);
  assert_int_not_equal(ct_chart_load(&c, d), CT_OK);
  assert_string_equal(ct_error_last(), want);
  rm_rf(d);
  free(d);
}

static void load_archive(void **state) {
  (void)state;
  void *sub;
  size_t sublen;
  tentry se[] = {{"sub/Chart.yaml", "apiVersion: v1\nname: sub\nversion: 0.1.0\n", NULL},
                 {"sub/requirements.yaml", "dependencies:\n- name: deep\n  version: 1.x\n", NULL},
                 {"sub/values.yaml", "s: 1\n", NULL}};
  make_tgz(se, 3, &sub, &sublen);
  tentry e[] = {{"top/Chart.yaml", "apiVersion: v2\nname: top\nversion: 2.0.0-rc.1\n", NULL},
                {"top/values.yaml", "\xEF\xBB\xBFt: 1\n", NULL},
                {"top/templates/t.yaml", "x", NULL},
                {"top/charts/sub-0.1.0.tgz", "", NULL},
                {"top/link", NULL, "templates/t.yaml"}};
  /* the embedded archive is binary: write it through a second pass */
  void *buf;
  size_t len;
  {
    size_t cap = 1 << 20, used = 0;
    buf = malloc(cap);
    struct archive *a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    archive_write_open_memory(a, buf, cap, &used);
    for (size_t i = 0; i < 5; i++) {
      struct archive_entry *ae = archive_entry_new();
      archive_entry_set_pathname(ae, e[i].name);
      const char *data = e[i].data;
      size_t dl = data ? strlen(data) : 0;
      if (i == 3) { data = sub; dl = sublen; }
      if (e[i].linkto) {
        archive_entry_set_filetype(ae, AE_IFLNK);
        archive_entry_set_symlink(ae, e[i].linkto);
        archive_entry_set_size(ae, 0);
        archive_write_header(a, ae);
      } else {
        archive_entry_set_filetype(ae, AE_IFREG);
        archive_entry_set_perm(ae, 0644);
        archive_entry_set_size(ae, (la_int64_t)dl);
        archive_write_header(a, ae);
        archive_write_data(a, data, dl);
      }
      archive_entry_free(ae);
    }
    archive_write_close(a);
    archive_write_free(a);
    len = used;
  }
  ct_chart *c = NULL;
  int rc = ct_chart_load_archive_mem(&c, buf, len);
  if (rc != CT_OK) fail_msg("%s", ct_error_last());
  assert_string_equal(c->meta.version, "2.0.0-rc.1");
  assert_string_equal(ct_chart_values_text(c, NULL), "t: 1\n");
  assert_int_equal(c->ntemplates, 1);
  assert_non_null(find_file(c->files, c->nfiles, "link")); /* a link inside the chart: empty file, as Go's tar */
  assert_int_equal(c->ndeps, 1);
  ct_chart *s = c->deps[0];
  assert_string_equal(s->meta.api_version, "v1");
  assert_int_equal(s->meta.ndeps, 1); /* from requirements.yaml */
  assert_string_equal(s->meta.deps[0].name, "deep");
  assert_non_null(find_file(s->files, s->nfiles, "requirements.yaml"));
  ct_chart_free(c);
  free(buf);
  free(sub);
}

static void unsafe_archives(void **state) {
  (void)state;
  static const struct { tentry e; const char *err; } cs[] = {
      {{"x/../../etc/passwd", "root", NULL}, "chart illegally references parent directory"},
      {{"x//etc/passwd", "root", NULL}, "chart illegally contains absolute paths"},
      {{"Chart.yaml", "name: x", NULL}, "chart illegally contains content outside the base directory: \"Chart.yaml\""},
      {{"Chart.yaml/x", "name: x", NULL}, "chart yaml not in base directory"},
      {{"x/c:/windows", "w", NULL}, "chart contains illegally named files"},
      {{"x/evil", NULL, "../../../etc/passwd"}, "chart illegally contains a link pointing outside the chart: evil -> ../../../etc/passwd"},
      {{"x/evil2", NULL, "/etc/passwd"}, "chart illegally contains a link pointing outside the chart: evil2 -> /etc/passwd"},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    void *buf;
    size_t len;
    make_tgz(&cs[i].e, 1, &buf, &len);
    ct_chart *c = NULL;
    assert_int_not_equal(ct_chart_load_archive_mem(&c, buf, len), CT_OK);
    if (strcmp(ct_error_last(), cs[i].err)) fail_msg("case %zu: want '%s' got '%s'", i, cs[i].err, ct_error_last());
    free(buf);
  }
  ct_chart *c = NULL;
  assert_int_not_equal(ct_chart_load_archive_mem(&c, "not gzip", 8), CT_OK);
  assert_string_equal(ct_error_last(), "gzip: invalid header");
}

/* helm's own test charts and the errors helm 3.17.1 prints for them */
static void conformance_charts(void **state) {
  (void)state;
  static const struct { const char *dir; const char *err; } cs[] = {
      {"helm-testcharts/chart-bad-type", "validation: chart.metadata.type must be application or library"},
      {"helm-testcharts/chart-with-bad-subcharts",
       "error unpacking subchart bad-subchart in chart-with-bad-subcharts: validation: chart.metadata.name is required"},
      {"helm-testcharts/upgradetest", "Chart.yaml file is missing"},
      {"helm-testcharts/chart-bad-requirements",
       "cannot load Chart.yaml: error converting YAML to JSON: yaml: line 6: did not find expected '-' indicator"},
      {"snippets-errors/chart-yaml-bad-name", "validation: chart.metadata.name \"bad/name\" is invalid"},
      {"snippets-errors/chart-yaml-missing-version", "validation: chart.metadata.version is required"},
      {"snippets-errors/values-yaml-invalid",
       "cannot load values.yaml: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"},
      {"helm-testcharts/compressedchart-0.1.0.tgz", NULL},
      {"helm-testcharts/subchart", NULL},
      {"wmf/charts/cert-manager", NULL},
  };
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    char path[512];
    snprintf(path, sizeof path, "/work/shared/conformance/%s", cs[i].dir);
    if (access(path, F_OK) != 0) continue;
    ct_chart *c = NULL;
    int rc = ct_chart_load(&c, path);
    if (!cs[i].err) {
      if (rc != CT_OK) fail_msg("%s: %s", cs[i].dir, ct_error_last());
      ct_chart_free(c);
      continue;
    }
    assert_int_not_equal(rc, CT_OK);
    if (strcmp(ct_error_last(), cs[i].err)) fail_msg("%s: want '%s' got '%s'", cs[i].dir, cs[i].err, ct_error_last());
  }
}

static const ct_chart_file *file_entry(const ct_chart *c, const char *name) {
  for (size_t i = 0; i < c->nfiles; i++)
    if (!strcmp(c->files[i].name, name)) return &c->files[i];
  return NULL;
}

/* ct_chart_load_lazy: Files and templates (in the chart and its directory subcharts) are found
 * but not read, templates with their stat; everything the loader itself needs is read; a deferred
 * read gives the bytes a full load gives, and a read that fails gives Helm's load error, for the
 * render to report. */
static void lazy_files(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "Chart.yaml", "apiVersion: v2\nname: top\nversion: 0.1.0\n");
  put_file(d, "values.yaml", "a: 1\n");
  put_file(d, "templates/cm.yaml", "kind: ConfigMap\n");
  put_file(d, "crds/crd.yaml", "kind: CustomResourceDefinition\n");
  put_file(d, "files/conf.txt",
           "\xEF\xBB\xBF"
           "conf\n");
  put_file(d, "README.md", "readme");
  put_file(d, "charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.2.0\n");
  put_file(d, "charts/sub/templates/t.yaml", "t");
  put_file(d, "charts/sub/files/x", "x");

  ct_chart *c = NULL;
  if (ct_chart_load_lazy(&c, d, NULL) != CT_OK) fail_msg("lazy load: %s", ct_error_last());
  /* templates: left on disk with their stat (the parse cache's links), read on demand */
  ct_chart_file *cm = &c->templates[0];
  assert_non_null(cm->lazy_path);
  assert_string_equal(cm->data, "");
  assert_non_null(cm->id);
  char cmp_path[4096];
  snprintf(cmp_path, sizeof cmp_path, "%s/templates/cm.yaml", d);
  struct stat cst;
  assert_int_equal(stat(cmp_path, &cst), 0);
  assert_int_equal(cm->id->ino, (unsigned long long)cst.st_ino);
  assert_int_equal(cm->id->dev, (unsigned long long)cst.st_dev);
  assert_int_equal(cm->id->size, 16);
  assert_true(cm->id->mtime_ns == cst.st_mtim.tv_sec * 1000000000LL + cst.st_mtim.tv_nsec);
  assert_true(cm->id->ctime_ns == cst.st_ctim.tv_sec * 1000000000LL + cst.st_ctim.tv_nsec);
  assert_int_equal(ct_chart_file_read(cm, c->arena), CT_OK);
  assert_string_equal(cm->data, "kind: ConfigMap\n");
  assert_null(cm->lazy_path);
  const ct_chart_file *crd = file_entry(c, "crds/crd.yaml");
  assert_non_null(crd);
  assert_null(crd->lazy_path); /* --include-crds prints them without a template asking */
  assert_string_equal(crd->data, "kind: CustomResourceDefinition\n");
  ct_chart_file *conf = (ct_chart_file *)file_entry(c, "files/conf.txt");
  assert_non_null(conf);
  assert_non_null(conf->lazy_path);
  assert_string_equal(conf->data, "");
  assert_int_equal(conf->len, 0);
  assert_int_equal(c->ndeps, 1);
  const ct_chart *sub = c->deps[0];
  assert_non_null(sub->templates[0].id); /* a directory subchart's templates too */
  assert_int_equal(ct_chart_file_read((ct_chart_file *)&sub->templates[0], c->arena), CT_OK);
  assert_string_equal(sub->templates[0].data, "t");
  ct_chart_file *x = (ct_chart_file *)file_entry(sub, "files/x");
  assert_non_null(x);
  assert_non_null(x->lazy_path);

  assert_int_equal(ct_chart_file_read(conf, c->arena), CT_OK);
  assert_null(conf->lazy_path);
  assert_string_equal(conf->data, "conf\n"); /* the BOM removed, as a full load does */
  assert_int_equal(conf->len, 5);
  assert_int_equal(ct_chart_file_read(conf, c->arena), CT_OK); /* a second read: nothing */
  assert_int_equal(ct_chart_file_read(x, c->arena), CT_OK);
  assert_string_equal(x->data, "x");
  assert_null(ct_chart_read_error(c));

  /* gone since the load: the read fails with the message Helm's load would have given */
  char path[4096], want[4200];
  snprintf(path, sizeof path, "%s/README.md", d);
  assert_int_equal(unlink(path), 0);
  ct_chart_file *readme = (ct_chart_file *)file_entry(c, "README.md");
  assert_int_not_equal(ct_chart_file_read(readme, c->arena), CT_OK);
  snprintf(want, sizeof want, "error reading README.md: open %s: no such file or directory", path);
  assert_string_equal(ct_error_last(), want);
  assert_string_equal(readme->read_error, want);
  assert_string_equal(readme->data, "");
  assert_string_equal(ct_chart_read_error(c), want);
  assert_int_not_equal(ct_chart_file_read(readme, c->arena), CT_OK); /* stays failed */
  assert_string_equal(ct_error_last(), want);
  ct_chart_free(c);

  /* a full load reads everything */
  put_file(d, "README.md", "readme");
  assert_int_equal(ct_chart_load(&c, d), CT_OK);
  for (size_t i = 0; i < c->nfiles; i++)
    assert_null(c->files[i].lazy_path);
  assert_null(c->templates[0].lazy_path);
  assert_null(c->templates[0].id);
  assert_string_equal(c->templates[0].data, "kind: ConfigMap\n");
  assert_string_equal(file_entry(c, "README.md")->data, "readme");
  ct_chart_free(c);

  /* a file this process may not read fails the lazy load itself, as Helm's load fails (root
   * reads anything, so this part only runs as another user) */
  if (geteuid() != 0) {
    assert_int_equal(chmod(path, 0), 0);
    assert_int_not_equal(ct_chart_load_lazy(&c, d, NULL), CT_OK);
    snprintf(want, sizeof want, "error reading README.md: open %s: permission denied", path);
    assert_string_equal(ct_error_last(), want);
  }
  rm_rf(d);
  free(d);
}

/* A render reports a deferred read that failed as Helm's load error, whatever the
 * templates did with the empty contents, and a template that reads Files gets the bytes. */
/* A template on another device than the chart directory (a link into another mount) gets no
 * stat: the parse cache cannot know how that file system's stats behave (a network one's lag
 * behind changes made elsewhere). Needs a second file system at /dev/shm; skipped without. */
static void template_elsewhere_has_no_id(void **state) {
  (void)state;
  char *d = make_tmpdir();
  struct stat a, b;
  if (stat("/dev/shm", &b) != 0 || stat(d, &a) != 0 || a.st_dev == b.st_dev) {
    rm_rf(d);
    free(d);
    skip();
  }
  char other[] = "/dev/shm/ct-loader-XXXXXX";
  assert_non_null(mkdtemp(other));
  put_file(other, "far.yaml", "kind: Far\n");
  put_file(d, "Chart.yaml", "apiVersion: v2\nname: top\nversion: 0.1.0\n");
  put_file(d, "templates/near.yaml", "kind: Near\n");
  char lp[4200], tp[4200];
  snprintf(lp, sizeof lp, "%s/templates/far.yaml", d);
  snprintf(tp, sizeof tp, "%s/far.yaml", other);
  assert_int_equal(symlink(tp, lp), 0);
  ct_chart *c = NULL;
  FILE *w = tmpfile();
  assert_int_equal(ct_chart_load_lazy(&c, d, w), CT_OK);
  fclose(w);
  assert_int_equal(c->ntemplates, 2);
  assert_string_equal(c->templates[0].name, "templates/far.yaml");
  assert_null(c->templates[0].id);
  assert_non_null(c->templates[0].lazy_path); /* still read on demand */
  assert_non_null(c->templates[1].id);
  assert_int_equal(ct_chart_file_read(&c->templates[0], c->arena), CT_OK);
  assert_string_equal(c->templates[0].data, "kind: Far\n");
  ct_chart_free(c);
  rm_rf(other);
  rm_rf(d);
  free(d);
}

static void lazy_read_error_fails_render(void **state) {
  (void)state;
  char *d = make_tmpdir();
  put_file(d, "Chart.yaml", "apiVersion: v2\nname: top\nversion: 0.1.0\n");
  put_file(d, "templates/cm.yaml", "data: {{ .Files.Get \"files/a\" | quote }}\n");
  put_file(d, "files/a", "A");
  ct_arena *a = ct_arena_new();
  for (int pass = 0; pass < 2; pass++) {
    ct_chart *c = NULL;
    if (ct_chart_load_lazy(&c, d, NULL) != CT_OK) fail_msg("lazy load: %s", ct_error_last());
    char path[4096];
    snprintf(path, sizeof path, "%s/files/a", d);
    if (pass == 1) assert_int_equal(unlink(path), 0);
    ct_release_opts rel = {.name = "r", .namespace = "default", .revision = 1, .is_install = true};
    ct_chart *view = NULL;
    ct_value *top = NULL;
    if (ct_values_prepare(&view, &top, a, c, ct_map_new(a, CT_MAP, 0), &rel, NULL) != CT_OK)
      fail_msg("prepare: %s", ct_error_last());
    ct_resources res;
    ct_buf err = CT_BUF_INIT;
    ct_resources_opts ro = {.release_name = "r"};
    int rc = ct_render_resources(&res, a, view, top, ct_caps_default(a, NULL, 0), &ro, &err);
    if (pass == 0) {
      if (rc != 0) fail_msg("render: %s", ct_buf_str(&err));
      assert_non_null(strstr(res.manifest, "data: \"A\"\n"));
    } else {
      assert_int_not_equal(rc, 0);
      char want[4200];
      snprintf(want, sizeof want, "error reading files/a: open %s: no such file or directory",
               path);
      assert_string_equal(ct_buf_str(&err), want);
    }
    ct_buf_dispose(&err);
    ct_chart_free(c);
  }
  ct_arena_free(a);
  rm_rf(d);
  free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(load_directory),
      cmocka_unit_test(chart_yaml_errors),
      cmocka_unit_test(other_errors),
      cmocka_unit_test(symlinks_followed_with_warning),
      cmocka_unit_test(load_archive),
      cmocka_unit_test(unsafe_archives),
      cmocka_unit_test(conformance_charts),
      cmocka_unit_test(lazy_files),
      cmocka_unit_test(template_elsewhere_has_no_id),
      cmocka_unit_test(lazy_read_error_fails_render),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
