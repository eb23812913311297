/* test_repo.c — unit tests of the repo module: reproducible packaging, tar/gzip layout, SemVer
 * ordering, index lookups, URL redaction, safe extraction, repositories file, Chart.lock digest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repo/repo_int.h"

static char *tmpdir(void) {
  char t[] = "/tmp/ct-repo-unit-XXXXXX";
  assert_non_null(mkdtemp(t));
  return strdup(t);
}

static void put(const char *dir, const char *name, const char *text) {
  char *p = ct_repo__join(dir, name);
  assert_int_equal(ct_repo__write_atomic(p, text, strlen(text), 0644), CT_OK);
  free(p);
}

static void mkchart(const char *dir) {
  put(dir, "Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: \"2.0\"\ndescription: d\n");
  put(dir, "values.yaml", "a: 1\n");
  put(dir, "templates/cm.yaml", "a: {{ .Values.a }}\n");
  put(dir, ".helmignore", "secret.txt\n");
  put(dir, "secret.txt", "no\n");
  put(dir, "README.md", "# demo\n");
}

static void read_all(ct_buf *b, const char *path) {
  ct_buf_reset(b);
  assert_int_equal(ct_repo__read_file(b, path, (size_t)1 << 30), CT_OK);
}

static void test_package_reproducible(void **state) {
  (void)state;
  char *d = tmpdir();
  char *src = ct_repo__join(d, "src"), *o1 = ct_repo__join(d, "o1"), *o2 = ct_repo__join(d, "o2");
  mkchart(src);
  ct_repo_package_opts o = {.destination = o1};
  char *p1 = NULL, *p2 = NULL;
  assert_int_equal(ct_repo_package(&p1, src, &o), CT_OK);
  o.destination = o2;
  assert_int_equal(ct_repo_package(&p2, src, &o), CT_OK);
  char *want = ct_repo__join(o1, "demo-1.2.3.tgz");
  assert_string_equal(p1, want);
  ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
  read_all(&a, p1);
  read_all(&b, p2);
  assert_int_equal(a.len, b.len);
  assert_memory_equal(a.ptr, b.ptr, a.len);
  /* Helm's gzip header: FEXTRA|FCOMMENT, mtime 0, OS 255 */
  assert_int_equal((unsigned char)a.ptr[3], 0x14);
  assert_int_equal((unsigned char)a.ptr[9], 0xff);
  ct_chart *c = NULL;
  assert_int_equal(ct_chart_load_archive_mem(&c, a.ptr, a.len), CT_OK);
  assert_string_equal(c->meta.name, "demo");
  assert_int_equal(c->ntemplates, 1);
  bool secret = false, readme = false;
  for (size_t i = 0; i < c->nfiles; i++) {
    if (!strcmp(c->files[i].name, "secret.txt")) secret = true;
    if (!strcmp(c->files[i].name, "README.md")) readme = true;
  }
  assert_false(secret); /* .helmignore honoured */
  assert_true(readme);
  ct_chart_free(c);
  ct_buf_dispose(&a), ct_buf_dispose(&b);
  free(p1), free(p2), free(want), free(src), free(o1), free(o2);
  ct_repo__rmtree(d);
  free(d);
}

static void test_package_overrides_and_errors(void **state) {
  (void)state;
  char *d = tmpdir();
  char *src = ct_repo__join(d, "src");
  mkchart(src);
  ct_repo_package_opts o = {.destination = d, .version = "3.0.0-beta.1", .app_version = "9"};
  char *p = NULL;
  assert_int_equal(ct_repo_package(&p, src, &o), CT_OK);
  ct_chart *c = NULL;
  assert_int_equal(ct_chart_load(&c, p), CT_OK);
  assert_string_equal(c->meta.version, "3.0.0-beta.1");
  assert_string_equal(c->meta.app_version, "9");
  ct_chart_free(c);
  free(p);
  o.version = "1.0"; /* lenient semver.NewVersion, as helm package */
  assert_int_equal(ct_repo_package(&p, src, &o), CT_OK);
  free(p);
  o.version = "notsemver";
  assert_int_equal(ct_repo_package(&p, src, &o), CT_EINVAL);
  assert_string_equal(ct_error_last(), "Invalid Semantic Version");
  o.version = NULL;
  char *nope = ct_repo__join(d, "nope");
  assert_int_not_equal(ct_repo_package(&p, nope, &o), CT_OK);
  assert_non_null(strstr(ct_error_last(), "no such file or directory"));
  free(nope), free(src);
  ct_repo__rmtree(d);
  free(d);
}

static void test_tar_long_names(void **state) {
  (void)state;
  char n1[200], n2[400];
  memset(n1, 'a', sizeof n1);
  memcpy(n1 + 90, "/", 1);
  n1[150] = 0; /* fits the ustar prefix split */
  memset(n2, 'b', sizeof n2);
  n2[399] = 0; /* needs a PAX record */
  char full1[260], full2[460];
  snprintf(full1, sizeof full1, "c/%s", n1);
  snprintf(full2, sizeof full2, "c/%s", n2);
  ct_repo__tar t;
  ct_repo__tar_init(&t);
  assert_int_equal(ct_repo__tar_add(&t, "c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n", 38), CT_OK);
  assert_int_equal(ct_repo__tar_add(&t, full1, "one", 3), CT_OK);
  assert_int_equal(ct_repo__tar_add(&t, full2, "two", 3), CT_OK);
  ct_buf out = CT_BUF_INIT;
  assert_int_equal(ct_repo__tar_finish(&t, &out), CT_OK);
  ct_chart *c = NULL;
  assert_int_equal(ct_chart_load_archive_mem(&c, out.ptr, out.len), CT_OK);
  assert_int_equal(c->nfiles, 2);
  bool f1 = false, f2 = false;
  for (size_t i = 0; i < c->nfiles; i++) {
    if (!strcmp(c->files[i].name, n1)) f1 = !strcmp(c->files[i].data, "one");
    if (!strcmp(c->files[i].name, n2)) f2 = !strcmp(c->files[i].data, "two");
  }
  assert_true(f1);
  assert_true(f2);
  ct_chart_free(c);
  ct_buf_dispose(&out);
}

static void test_semver_order(void **state) {
  (void)state;
  assert_true(ct_repo__semver_cmp("1.10.0", "1.9.0") > 0);
  assert_true(ct_repo__semver_cmp("1.0.0", "1.0.0-rc.1") > 0);
  assert_true(ct_repo__semver_cmp("1.0.0-rc.10", "1.0.0-rc.2") > 0);
  assert_true(ct_repo__semver_cmp("1.0.0-alpha", "1.0.0-1") > 0);
  assert_int_equal(ct_repo__semver_cmp("v1.2.3", "1.2.3+build"), 0);
  assert_true(ct_repo__semver_cmp("1.0.0", "garbage") > 0);
  assert_true(ct_repo__semver_is_pre("2.0.0-beta"));
  assert_false(ct_repo__semver_is_pre("2.0.0"));
  /* semver.NewConstraint's grammar */
  static const char *const ok[] = {"1.2.3", "^1", "~1.2", ">= 1.0, < 2", ">=1.0 <2", "1.0 - 2.0", "1.x || 3.*",
                                   "*", "v1.2.3-rc.1", "!=1.0.0", "=> 1.0"};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) assert_true(ct_repo__constraint_valid(ok[i]));
  static const char *const bad[] = {"", "bad constraint", "1.2.3.4", ">= ", "1.0 -", "||", "^a"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_false(ct_repo__constraint_valid(bad[i]));
}

static const char index_yaml[] =
    "apiVersion: v1\n"
    "entries:\n"
    "  web:\n"
    "  - name: web\n    version: 1.2.0\n    urls: [web-1.2.0.tgz]\n"
    "  - name: web\n    version: 2.0.0-rc.1\n    urls: [web-2.0.0-rc.1.tgz]\n"
    "  - name: web\n    version: 1.10.1\n    urls: [https://cdn.example/web-1.10.1.tgz]\n"
    "    digest: abc\n";

static void test_index_get(void **state) {
  (void)state;
  ct_arena *a = ct_arena_new();
  ct_value *idx = NULL;
  assert_int_equal(ct_repo__index_parse(&idx, a, index_yaml, sizeof index_yaml - 1, "index.yaml"), CT_OK);
  ct_value *cv = ct_repo__index_get(idx, "web", "");
  assert_non_null(cv);
  assert_string_equal(ct_repo__field(cv, "version"), "1.10.1"); /* newest stable */
  cv = ct_repo__index_get(idx, "web", "~1.2");
  assert_string_equal(ct_repo__field(cv, "version"), "1.2.0");
  cv = ct_repo__index_get(idx, "web", ">0.0.0-0");
  assert_string_equal(ct_repo__field(cv, "version"), "2.0.0-rc.1");
  cv = ct_repo__index_get(idx, "web", "2.0.0-rc.1");
  assert_non_null(cv);
  assert_null(ct_repo__index_get(idx, "web", ">3"));
  assert_string_equal(ct_error_last(), "no chart version found for web->3");
  assert_null(ct_repo__index_get(idx, "db", ""));
  assert_string_equal(ct_error_last(), "no chart name found");
  ct_value *bad = NULL;
  assert_int_equal(ct_repo__index_parse(&bad, a, "entries: {}\n", 12, "x"), CT_EINVAL);
  assert_string_equal(ct_error_last(), "no API version specified");
  ct_arena_free(a);
}

static void test_urls(void **state) {
  (void)state;
  char *s = ct_repo__redact("https://user:pw@host:8443/charts?x=1");
  assert_string_equal(s, "https://host:8443/charts?x=1");
  free(s);
  s = ct_repo__origin("https://user:pw@host:8443/charts");
  assert_string_equal(s, "https://host:8443");
  free(s);
  s = ct_repo__resolve_url("https://h/charts", "web-1.0.0.tgz");
  assert_string_equal(s, "https://h/charts/web-1.0.0.tgz");
  free(s);
  s = ct_repo__resolve_url("https://h/charts/", "https://cdn/x.tgz");
  assert_string_equal(s, "https://cdn/x.tgz");
  free(s);
  s = ct_repo__resolve_url("https://h/charts", "/abs/x.tgz");
  assert_string_equal(s, "https://h/abs/x.tgz");
  free(s);
}

static void test_http_errors_hide_credentials(void **state) {
  (void)state;
  ct_buf b = CT_BUF_INIT;
  /* port 1 on loopback: nothing listens */
  assert_int_not_equal(ct_repo_http_get(&b, "http://user:topsecret@127.0.0.1:1/index.yaml", NULL, 100), CT_OK);
  assert_null(strstr(ct_error_last(), "topsecret"));
  assert_non_null(strstr(ct_error_last(), "127.0.0.1:1"));
  ct_buf_dispose(&b);
}

static void test_untar_refuses_escape(void **state) {
  (void)state;
  char *d = tmpdir();
  ct_repo__tar t;
  ct_repo__tar_init(&t);
  ct_repo__tar_add(&t, "evil/Chart.yaml", "apiVersion: v2\nname: evil\nversion: 1.0.0\n", 41);
  ct_repo__tar_add(&t, "evil/../../escaped.txt", "x", 1);
  ct_buf out = CT_BUF_INIT;
  assert_int_equal(ct_repo__tar_finish(&t, &out), CT_OK);
  assert_int_not_equal(ct_repo_untar(out.ptr, out.len, d), CT_OK);
  assert_non_null(strstr(ct_error_last(), "illegally"));
  char *esc = ct_repo__join(d, "../escaped.txt");
  assert_false(ct_repo__exists(esc));
  free(esc);
  ct_buf_dispose(&out);
  /* a good archive extracts under DIR/NAME */
  ct_repo__tar_init(&t);
  ct_repo__tar_add(&t, "good/Chart.yaml", "apiVersion: v2\nname: good\nversion: 1.0.0\n", 41);
  ct_repo__tar_add(&t, "good/templates/a.yaml", "a: 1\n", 5);
  assert_int_equal(ct_repo__tar_finish(&t, &out), CT_OK);
  assert_int_equal(ct_repo_untar(out.ptr, out.len, d), CT_OK);
  char *p = ct_repo__join(d, "good/templates/a.yaml");
  assert_true(ct_repo__exists(p));
  free(p);
  ct_buf_dispose(&out);
  /* not a gzip stream at all */
  assert_int_not_equal(ct_repo_untar("hello", 5, d), CT_OK);
  ct_repo__rmtree(d);
  free(d);
}

static void test_repositories_file(void **state) {
  (void)state;
  char *d = tmpdir();
  char *p = ct_repo__join(d, "sub/repositories.yaml");
  ct_repo_entry e[2] = {{"one", "https://a/charts", "u", "p:w", "ca.pem", "", "", true, false},
                        {"two", "http://b", "", "", "", "", "", false, true}};
  ct_repo_list l = {e, 2};
  assert_int_equal(ct_repo_file_write(&l, p), CT_OK);
  struct stat st;
  assert_int_equal(stat(p, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  ct_repo_list r;
  assert_int_equal(ct_repo_file_read(&r, p), CT_OK);
  assert_int_equal(r.len, 2);
  const ct_repo_entry *one = ct_repo_list_find(&r, "one");
  assert_non_null(one);
  assert_string_equal(one->url, "https://a/charts");
  assert_string_equal(one->password, "p:w");
  assert_string_equal(one->ca_file, "ca.pem");
  assert_true(one->insecure);
  assert_true(ct_repo_list_find(&r, "two")->pass_credentials);
  assert_null(ct_repo_list_find(&r, "three"));
  ct_repo_list_dispose(&r);
  char *missing = ct_repo__join(d, "none.yaml");
  assert_int_equal(ct_repo_file_read(&r, missing), CT_OK);
  assert_int_equal(r.len, 0);
  free(missing), free(p);
  ct_repo__rmtree(d);
  free(d);
}

/* The Chart.lock digest helm 3.17.1 wrote for the same Chart.yaml (HashReq). */
static void test_lock_digest_matches_helm(void **state) {
  (void)state;
  char *d = tmpdir();
  char *p = ct_repo__join(d, "p"), *sub = ct_repo__join(d, "subsrc"), *cfg = ct_repo__join(d, "r.yaml"),
       *cache = ct_repo__join(d, "cache");
  put(p, "Chart.yaml",
      "apiVersion: v2\nname: p\nversion: 1.2.3\nappVersion: \"1.0\"\ndescription: parent <chart> & more\n"
      "keywords: [a, b]\nmaintainers:\n- name: me\n  email: me@x.io\nannotations:\n  z: \"1\"\n  a: two\n"
      "dependencies:\n- name: sub\n  version: \">=0.1.0\"\n  repository: \"file://../subsrc\"\n"
      "  condition: sub.enabled\n  tags: [t1]\n  import-values:\n  - child: a\n    parent: b\n  alias: s2\n");
  put(p, "values.yaml", "x: 1\n");
  put(sub, "Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.2.0\n");
  put(sub, "values.yaml", "a: 1\n");
  ct_repo_set_paths(cfg, cache);
  FILE *out = tmpfile();
  assert_int_equal(ct_repo_dep_update(p, out, false), CT_OK);
  ct_chart *c = NULL;
  assert_int_equal(ct_chart_load(&c, p), CT_OK);
  assert_non_null(c->lock);
  assert_string_equal(c->lock->digest, "sha256:b1ee76ebbf15589269473cfdb72d0e309d06368bf98b657722164f6ae1926b5e");
  assert_int_equal(c->ndeps, 1);
  assert_string_equal(c->deps[0]->meta.version, "0.2.0");
  ct_chart_free(c);
  /* build verifies the lock; a changed constraint makes it stale */
  assert_int_equal(ct_repo_dep_build(p, out, false), CT_OK);
  put(p, "Chart.yaml", "apiVersion: v2\nname: p\nversion: 1.2.3\ndependencies:\n- name: sub\n  version: \">=0.2.0\"\n"
                       "  repository: \"file://../subsrc\"\n");
  assert_int_equal(ct_repo_dep_build(p, out, false), CT_ECONFLICT);
  assert_string_equal(ct_error_last(), "the lock file (Chart.lock) is out of sync with the dependencies file "
                                       "(Chart.yaml). Please update the dependencies");
  /* dependency list: the helm table */
  rewind(out);
  assert_int_equal(ftruncate(fileno(out), 0), 0);
  assert_int_equal(ct_repo_dep_list(p, out), CT_OK);
  fflush(out);
  rewind(out);
  char buf[512] = "";
  size_t n = fread(buf, 1, sizeof buf - 1, out);
  buf[n] = 0;
  assert_string_equal(buf, "NAME\tVERSION\tREPOSITORY      \tSTATUS\nsub \t>=0.2.0\tfile://../subsrc\tok    \n\n");
  fclose(out);
  ct_repo_set_paths(NULL, NULL);
  free(p), free(sub), free(cfg), free(cache);
  ct_repo__rmtree(d);
  free(d);
}

static void test_dep_missing_repo(void **state) {
  (void)state;
  char *d = tmpdir();
  char *p = ct_repo__join(d, "p"), *cfg = ct_repo__join(d, "r.yaml");
  put(p, "Chart.yaml", "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: x\n  version: 1.0.0\n  repository: stable\n");
  ct_repo_set_paths(cfg, d);
  FILE *out = tmpfile();
  assert_int_equal(ct_repo_dep_update(p, out, false), CT_ENOTFOUND);
  assert_non_null(strstr(ct_error_last(), "no repository definition for stable. Please add them via 'helm repo add'\nNote"));
  put(p, "Chart.yaml", "apiVersion: v2\nname: p\nversion: 1.0.0\n");
  assert_int_equal(ftruncate(fileno(out), 0), 0);
  assert_int_equal(ct_repo_dep_list(p, out), CT_OK);
  fclose(out);
  ct_repo_set_paths(NULL, NULL);
  free(p), free(cfg);
  ct_repo__rmtree(d);
  free(d);
}

static void test_locate_chart(void **state) {
  (void)state;
  char *d = tmpdir();
  char *src = ct_repo__join(d, "src"), *cfg = ct_repo__join(d, "r.yaml");
  mkchart(src);
  ct_repo_set_paths(cfg, d);
  char *p = NULL;
  assert_int_equal(ct_repo_locate_chart(&p, src, NULL), CT_OK);
  char *real = realpath(src, NULL);
  assert_string_equal(p, real);
  free(p), free(real);
  assert_int_equal(ct_repo_locate_chart(&p, "./no/such/chart", NULL), CT_ENOTFOUND);
  assert_string_equal(ct_error_last(), "path \"./no/such/chart\" not found");
  assert_int_not_equal(ct_repo_locate_chart(&p, "nginx", NULL), CT_OK);
  assert_string_equal(ct_error_last(), "non-absolute URLs should be in form of repo_name/path_to_chart, got: nginx");
  assert_int_not_equal(ct_repo_locate_chart(&p, "stable/nginx", "1.0.0"), CT_OK);
  assert_string_equal(ct_error_last(), "repo stable not found");
  assert_null(p);
  ct_repo_set_paths(NULL, NULL);
  free(src), free(cfg);
  ct_repo__rmtree(d);
  free(d);
}

/* Every conformance chart packs into an archive that loads with the same templates, files
 * and values as the folder (skipped when /work/shared is absent). */
static void test_package_conformance_charts(void **state) {
  (void)state;
  const char *root = "/work/shared/conformance/wmf/charts";
  if (!ct_repo__is_dir(root)) skip();
  DIR *dir = opendir(root);
  assert_non_null(dir);
  struct dirent *e;
  size_t n = 0;
  while ((e = readdir(dir))) {
    if (e->d_name[0] == '.') continue;
    char *path = ct_repo__join(root, e->d_name);
    ct_chart *c = NULL;
    if (ct_chart_load(&c, path) != CT_OK) { /* charts helm itself refuses */
      free(path);
      continue;
    }
    ct_buf a = CT_BUF_INIT;
    assert_int_equal(ct_repo_archive(&a, c), CT_OK);
    ct_chart *c2 = NULL;
    assert_int_equal(ct_chart_load_archive_mem(&c2, a.ptr, a.len), CT_OK);
    assert_string_equal(c2->meta.name, c->meta.name);
    assert_int_equal(c2->ntemplates, c->ntemplates);
    for (size_t i = 0; i < c->ntemplates; i++) {
      assert_string_equal(c2->templates[i].name, c->templates[i].name);
      assert_int_equal(c2->templates[i].len, c->templates[i].len);
      assert_memory_equal(c2->templates[i].data, c->templates[i].data, c->templates[i].len);
    }
    assert_int_equal(c2->nfiles, c->nfiles);
    assert_int_equal(c2->ndeps, c->ndeps);
    assert_true(ct_value_deep_equal(c2->values, c->values));
    ct_buf b = CT_BUF_INIT;
    assert_int_equal(ct_repo_archive(&b, c2), CT_OK); /* a second round trip is byte-identical */
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.ptr, b.ptr, a.len);
    ct_buf_dispose(&a), ct_buf_dispose(&b);
    ct_chart_free(c2);
    ct_chart_free(c);
    free(path);
    n++;
  }
  closedir(dir);
  assert_true(n > 50);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_package_reproducible),
      cmocka_unit_test(test_package_overrides_and_errors),
      cmocka_unit_test(test_tar_long_names),
      cmocka_unit_test(test_semver_order),
      cmocka_unit_test(test_index_get),
      cmocka_unit_test(test_urls),
      cmocka_unit_test(test_http_errors_hide_credentials),
      cmocka_unit_test(test_untar_refuses_escape),
      cmocka_unit_test(test_repositories_file),
      cmocka_unit_test(test_lock_digest_matches_helm),
      cmocka_unit_test(test_dep_missing_repo),
      cmocka_unit_test(test_locate_chart),
      cmocka_unit_test(test_package_conformance_charts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
