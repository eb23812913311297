/* test_targz.c — the in-tree .tgz reader against archives built byte by byte: ustar prefixes,
 * GNU long names, PAX path/size records, old-style directories, concatenated gzip members,
 * and the errors Go's readers give (truncation, bad checksums, corrupt deflate data); and the
 * archive cache (archives kept as their files in the parse cache's directory). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../cache_dir.h"
#include <zlib.h>

#include "chart/chart_int.h"
#include "chartctl/chart.h"
#include "chartctl/errors.h"
#include "chartctl/parse_cache.h"

/* ---- a tar writer for tests ---- */

typedef struct tarbuf {
  unsigned char *p;
  size_t len, cap;
} tarbuf;

static void put(tarbuf *t, const void *d, size_t n) {
  if (t->len + n > t->cap) {
    t->cap = (t->len + n) * 2 + 4096;
    t->p = realloc(t->p, t->cap);
    assert_non_null(t->p);
  }
  memcpy(t->p + t->len, d, n);
  t->len += n;
}

static void pad(tarbuf *t) {
  static const unsigned char z[512];
  if (t->len % 512) put(t, z, 512 - t->len % 512);
}

typedef enum { F_USTAR, F_GNU, F_V7 } fmt;

/* One header (+ data). NAME goes into the name field as is (truncated to 100 bytes). */
static void entry(tarbuf *t, fmt f, char type, const char *name, const char *prefix,
                  const char *link, const void *data, size_t n) {
  unsigned char h[512] = {0};
  strncpy((char *)h, name, 100);
  snprintf((char *)h + 100, 8, "%07o", type == '5' ? 0755 : 0644);
  snprintf((char *)h + 108, 8, "%07o", 0);
  snprintf((char *)h + 116, 8, "%07o", 0);
  snprintf((char *)h + 124, 12, "%011zo", n);
  snprintf((char *)h + 136, 12, "%011o", 0);
  h[156] = (unsigned char)type;
  if (link) strncpy((char *)h + 157, link, 100);
  if (f == F_USTAR)
    memcpy(h + 257,
           "ustar\0"
           "00",
           8);
  if (f == F_GNU) memcpy(h + 257, "ustar  \0", 8);
  if (prefix) strncpy((char *)h + 345, prefix, 155);
  memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (int i = 0; i < 512; i++)
    sum += h[i];
  snprintf((char *)h + 148, 8, "%06o", sum);
  put(t, h, 512);
  if (n) {
    put(t, data, n);
    pad(t);
  }
}

static void file(tarbuf *t, fmt f, const char *name, const char *text) {
  entry(t, f, '0', name, NULL, NULL, text, strlen(text));
}

static void end(tarbuf *t) {
  static const unsigned char z[1024];
  put(t, z, sizeof z);
}

/* gzip of D (one member) appended to OUT */
static void gz(tarbuf *out, const void *d, size_t n) {
  z_stream z = {0};
  assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  size_t cap = deflateBound(&z, (uLong)n) + 64;
  unsigned char *o = malloc(cap);
  z.next_in = (unsigned char *)d;
  z.avail_in = (uInt)n;
  z.next_out = o;
  z.avail_out = (uInt)cap;
  assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
  put(out, o, z.total_out);
  deflateEnd(&z);
  free(o);
}

static const char *chart_yaml = "apiVersion: v2\nname: c\nversion: 0.1.0\n";

static ct_chart *load_ok(tarbuf *g) {
  ct_chart *c = NULL;
  int rc = ct_chart_load_archive_mem(&c, g->p, g->len);
  if (rc != CT_OK) fail_msg("load failed: %s", ct_error_last());
  return c;
}

static const char *find(const ct_chart_file *f, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(f[i].name, name)) return f[i].data;
  return NULL;
}

static void load_err(tarbuf *g, const char *want) {
  ct_chart *c = NULL;
  assert_int_not_equal(ct_chart_load_archive_mem(&c, g->p, g->len), CT_OK);
  if (strcmp(ct_error_last(), want)) fail_msg("want '%s', got '%s'", want, ct_error_last());
}

static char long_name[300];

static void names(void **state) {
  (void)state;
  /* c/templates/ddd.../aaa....yaml: longer than the 100-byte name field */
  char prefix[100];
  strcpy(prefix, "c/templates/");
  memset(prefix + 12, 'd', 80);
  prefix[92] = 0;
  char base[100];
  memset(base, 'a', 90);
  strcpy(base + 90, ".yaml");
  snprintf(long_name, sizeof long_name, "%s/%s", prefix, base);
  for (int f = 0; f < 3; f++) {
    tarbuf t = {0}, g = {0};
    file(&t, F_USTAR, "c/Chart.yaml", chart_yaml);
    entry(&t, F_V7, '\0', "c/templates/", NULL, NULL, NULL, 0); /* an old-style directory */
    if (f == 0) {                                               /* ustar: prefix + name */
      entry(&t, F_USTAR, '0', base, prefix, NULL, "long: 1\n", 8);
    } else if (f == 1) { /* GNU: an 'L' entry carries the name */
      entry(&t, F_GNU, 'L', "././@LongLink", NULL, NULL, long_name, strlen(long_name) + 1);
      entry(&t, F_GNU, '0', "c/templates/truncated", NULL, NULL, "long: 1\n", 8);
    } else { /* PAX: a path record, and a size record that overrides the header's */
      char rec[400];
      int n = snprintf(rec, sizeof rec, "%03zu path=%s\n", strlen(long_name) + 10, long_name);
      char rec2[32];
      int n2 = snprintf(rec2, sizeof rec2, "10 size=8\n");
      char both[450];
      memcpy(both, rec, (size_t)n);
      memcpy(both + n, rec2, (size_t)n2);
      entry(&t, F_USTAR, 'x', "c/PaxHeaders/x", NULL, NULL, both, (size_t)(n + n2));
      entry(&t, F_USTAR, 'g', "pax_global_header", NULL, NULL, "8 a=bcd\n", 8);
      /* the header says 3 bytes; the PAX size (8) wins */
      unsigned char h8[8] = "long: 1\n";
      tarbuf tmp = {0};
      entry(&tmp, F_USTAR, '0', "c/templates/short", NULL, NULL, h8, 3);
      /* rewrite: a 3-byte header followed by 8 data bytes padded */
      put(&t, tmp.p, 512);
      put(&t, h8, 8);
      pad(&t);
      free(tmp.p);
    }
    file(&t, F_USTAR, "c/values.yaml", "x: 1\n");
    end(&t);
    gz(&g, t.p, t.len);
    ct_chart *c = load_ok(&g);
    const char *v = find(c->templates, c->ntemplates, long_name + 2);
    if (!v) fail_msg("format %d: no template %s", f, long_name + 2);
    assert_string_equal(v, "long: 1\n");
    assert_int_equal(c->ntemplates, 1);
    ct_chart_free(c);
    free(t.p), free(g.p);
  }
}

static void gzip_members(void **state) {
  (void)state;
  /* the archive split over two gzip members, cut inside a header: Go reads them as one stream */
  tarbuf t = {0}, g = {0};
  file(&t, F_USTAR, "c/Chart.yaml", chart_yaml);
  file(&t, F_USTAR, "c/templates/a.yaml", "a: 1\n");
  end(&t);
  gz(&g, t.p, 700);
  gz(&g, t.p + 700, t.len - 700);
  ct_chart *c = load_ok(&g);
  assert_string_equal(find(c->templates, c->ntemplates, "templates/a.yaml"), "a: 1\n");
  ct_chart_free(c);
  /* bytes after the end-of-archive blocks are never read (as Go's tar reader stops there) */
  put(&g, "garbage", 7);
  c = load_ok(&g);
  ct_chart_free(c);
  free(t.p), free(g.p);
}

static void errors(void **state) {
  (void)state;
  tarbuf t = {0}, g = {0};
  file(&t, F_USTAR, "c/Chart.yaml", chart_yaml);
  file(&t, F_USTAR, "c/templates/a.yaml", "a: 1\n");
  end(&t);
  gz(&g, t.p, t.len);

  /* the gzip stream cut short */
  tarbuf cut = {0};
  put(&cut, g.p, g.len / 2);
  load_err(&cut, "unexpected EOF");
  /* the tar stream cut inside a file's data */
  tarbuf tc = {0}, gc = {0};
  put(&tc, t.p, 512 + 512 + 512 + 3);
  gz(&gc, tc.p, tc.len);
  load_err(&gc, "unexpected EOF");
  /* a header whose checksum does not match */
  tarbuf tb = {0}, gb = {0};
  put(&tb, t.p, t.len);
  tb.p[1024 + 20] ^= 1; /* the second entry's name */
  gz(&gb, tb.p, tb.len);
  load_err(&gb, "archive/tar: invalid tar header");
  /* a size field that is not octal */
  tarbuf ts = {0}, gs = {0};
  put(&ts, t.p, t.len);
  memcpy(ts.p + 124, "0000000009x", 11);
  gz(&gs, ts.p, ts.len);
  load_err(&gs, "archive/tar: invalid tar header");
  /* deflate data damaged after the gzip header */
  tarbuf gd = {0};
  put(&gd, g.p, g.len);
  for (size_t i = 12; i < 40 && i < gd.len; i++)
    gd.p[i] ^= 0x5a;
  ct_chart *c = NULL;
  assert_int_not_equal(ct_chart_load_archive_mem(&c, gd.p, gd.len), CT_OK);
  const char *e = ct_error_last();
  if (strncmp(e, "flate: corrupt input", 20) && strcmp(e, "unexpected EOF") &&
      strcmp(e, "archive/tar: invalid tar header") && strcmp(e, "gzip: invalid checksum"))
    fail_msg("damaged deflate data: %s", e);
  /* one zero block then a header: Go's "invalid tar header" */
  tarbuf tz = {0}, gz2 = {0};
  put(&tz, t.p, 1024);
  static const unsigned char zero[512];
  put(&tz, zero, 512);
  put(&tz, t.p, 512);
  gz(&gz2, tz.p, tz.len);
  load_err(&gz2, "archive/tar: invalid tar header");
  /* an empty archive */
  tarbuf te = {0}, ge = {0};
  end(&te);
  gz(&ge, te.p, te.len);
  load_err(&ge, "no files in chart archive");
  /* a hard link out of the chart */
  tarbuf th = {0}, gh = {0};
  file(&th, F_USTAR, "c/Chart.yaml", chart_yaml);
  entry(&th, F_USTAR, '1', "c/templates/h", NULL, "../../etc/passwd", NULL, 0);
  end(&th);
  gz(&gh, th.p, th.len);
  load_err(&gh, "chart illegally contains a link pointing outside the chart: templates/h -> "
                "../../etc/passwd");
  free(t.p), free(g.p), free(cut.p), free(tc.p), free(gc.p), free(tb.p), free(gb.p), free(ts.p);
  free(gs.p), free(gd.p), free(tz.p), free(gz2.p), free(te.p), free(ge.p), free(th.p), free(gh.p);
}

/* ---- the archive cache ---- */

static char cdir[256]; /* the cache directory of the tests below */

static int cache_setup(void **state) {
  (void)state;
  return ct_test_cache_dir(cdir, sizeof cdir, "targz-cache");
}

static int cache_teardown(void **state) {
  (void)state;
  ct_test_cache_dir_remove(cdir);
  return 0;
}

/* The cache directory's files: how many, how many are empty (markers); *BIG: the largest. */
static int cache_files(int *empty, char *big, size_t cap) {
  return ct_test_cache_files(cdir, empty, big, cap);
}

static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  *len = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = malloc(*len + 1);
  assert_int_equal(fread(b, 1, *len, f), *len);
  fclose(f);
  return b;
}

static void spill(const char *path, const void *b, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(b, 1, len, f), len);
  fclose(f);
}

/* An archive with what a cached copy must keep: a BOM dropped, a NUL inside a file, an
 * empty file, a link inside the chart (an empty file), a subchart and other files. */
static void rich_archive(tarbuf *g) {
  tarbuf t = {0};
  file(&t, F_USTAR, "c/Chart.yaml", chart_yaml);
  file(&t, F_USTAR, "c/values.yaml", "\xEF\xBB\xBFreplicas: 2\n");
  entry(&t, F_USTAR, '0', "c/files/bin", NULL, NULL, "a\0b", 3);
  file(&t, F_USTAR, "c/files/empty", "");
  file(&t, F_USTAR, "c/templates/cm.yaml", "x: {{ .Values.replicas }}\n");
  entry(&t, F_USTAR, '2', "c/templates/link", NULL, "cm.yaml", NULL, 0);
  file(&t, F_USTAR, "c/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 1.0.0\n");
  file(&t, F_USTAR, "c/charts/sub/templates/s.yaml", "s: 1\n");
  end(&t);
  gz(g, t.p, t.len);
  free(t.p);
}

/* The files as the loader lists them, in order: "name=len:data" lines. */
static char *listing(const void *gzp, size_t len) {
  ct_arena *a = ct_arena_new();
  ct_chart__blist l = {0};
  assert_int_equal(ct_chart__archive_files(&l, a, gzp, len), CT_OK);
  size_t cap = 64;
  for (size_t i = 0; i < l.len; i++)
    cap += strlen(l.v[i].name) + 4 * l.v[i].len + 32;
  char *out = malloc(cap), *w = out;
  for (size_t i = 0; i < l.len; i++) {
    w += sprintf(w, "%s=%zu:", l.v[i].name, l.v[i].len);
    for (size_t k = 0; k < l.v[i].len; k++)
      w += sprintf(w, (unsigned char)l.v[i].data[k] < 32 ? "\\%02x" : "%c",
                   (unsigned char)l.v[i].data[k]);
    assert_int_equal(l.v[i].data[l.v[i].len], 0); /* NUL-terminated, as read files are */
    *w++ = '\n';
  }
  *w = 0;
  ct_arena_free(a);
  return out;
}

static void archive_kept_from_second_load(void **state) {
  (void)state;
  tarbuf g = {0};
  rich_archive(&g);
  unsigned long hits = ct_chart__archive_cache_hits;
  char *first = listing(g.p, g.len);
  assert_non_null(strstr(first, "values.yaml=12:replicas: 2\\0a\n")); /* BOM dropped */
  assert_non_null(strstr(first, "files/bin=3:a\\00b\n"));             /* the NUL kept */
  assert_non_null(strstr(first, "templates/link=0:\n"));              /* a link: empty */
  int empty;
  assert_int_equal(cache_files(&empty, NULL, 0), 1); /* the first load: a marker */
  assert_int_equal(empty, 1);
  char *second = listing(g.p, g.len);
  assert_string_equal(second, first);
  char entry_path[600];
  assert_int_equal(cache_files(&empty, entry_path, sizeof entry_path), 1); /* the entry */
  assert_int_equal(empty, 0);
  assert_int_equal(ct_chart__archive_cache_hits, hits);
  for (int i = 0; i < 3; i++) {
    char *again = listing(g.p, g.len);
    assert_string_equal(again, first);
    free(again);
  }
  assert_int_equal(ct_chart__archive_cache_hits, hits + 3);
  /* the whole chart loads from the kept files as it did */
  ct_chart *c = load_ok(&g);
  assert_int_equal(c->ndeps, 1);
  assert_string_equal(c->deps[0]->meta.name, "sub");
  ct_chart_free(c);
  assert_int_equal(ct_chart__archive_cache_hits, hits + 4);

  /* another archive differing in one byte of its compressed bytes is not this one's entry */
  tarbuf other = {0};
  put(&other, g.p, g.len);
  other.p[other.len - 5] ^= 1; /* in the gzip trailer: the length no longer matches */
  ct_chart *oc = NULL;
  assert_int_not_equal(ct_chart_load_archive_mem(&oc, other.p, other.len), CT_OK);
  assert_int_equal(ct_chart__archive_cache_hits, hits + 4);

  /* the payload of another kind with the same bytes: a tree lookup never finds it */
  ct_pcache pc;
  ct_pcache_begin(&pc);
  ct_pcache_add(&pc, "", (const char *)g.p, g.len);
  assert_false(ct_pcache_fetch(&pc));
  ct_pcache_dispose(&pc);
  ct_pcache_begin_kind(&pc, CT_PCACHE_ARCHIVE);
  ct_pcache_add(&pc, "", (const char *)g.p, g.len);
  assert_true(ct_pcache_fetch(&pc));
  ct_pcache_dispose(&pc);
  free(first), free(second), free(g.p), free(other.p);
}

static void archive_damaged_entry(void **state) {
  (void)state;
  tarbuf g = {0};
  rich_archive(&g);
  char *want = listing(g.p, g.len);
  free(listing(g.p, g.len));
  int empty;
  char path[600];
  assert_int_equal(cache_files(&empty, path, sizeof path), 1);
  size_t len;
  unsigned char *good = slurp(path, &len);
  unsigned long hits = ct_chart__archive_cache_hits;
  /* a byte of the payload flipped (the checksum catches it), then the entry cut short */
  for (int k = 0; k < 2; k++) {
    unsigned char *bad = malloc(len);
    memcpy(bad, good, len);
    if (k == 0) bad[len - 3] ^= 0x20;
    spill(path, bad, k == 0 ? len : len - 40);
    free(bad);
    char *got = listing(g.p, g.len); /* inflated again: the same files */
    assert_string_equal(got, want);
    free(got);
    assert_int_equal(ct_chart__archive_cache_hits, hits);
    size_t nlen;
    unsigned char *now = slurp(path, &nlen); /* and written again */
    assert_int_equal(nlen, len);
    assert_memory_equal(now, good, len);
    free(now);
  }
  /* a payload that passes its checksum but does not decode (written through the cache
   * itself): the files come from the archive, and the entry is replaced */
  const char *junk[] = {"", "\x02\0\0\0\0\0\0\0", "\x01\0\0\0\0\0\0\0\x05\0\0\0\0\0\0\0",
                        /* a name length that wraps the bounds check around (fuzz_chart_archive) */
                        "\x1f\0\0\0\0\0\0\0\x01\0\xff\xff\xff\xff\xff\xff"
                        "\xff\xff\0\0\0\0\0\0\0\0\0\0\0\0\0\0"};
  size_t junk_len[] = {0, 8, 16, 32};
  for (int k = 0; k < 4; k++) {
    /* the decoder alone, on a heap copy of exactly that size (out of bounds: ASan) */
    unsigned char *exact = malloc(junk_len[k] + 1);
    memcpy(exact, junk[k], junk_len[k]);
    ct_arena *ja = ct_arena_new();
    ct_chart__blist none = {0};
    assert_false(ct_chart__archive_from_entry(&none, ja, exact, exact + junk_len[k]));
    ct_arena_free(ja);
    free(exact);
    ct_pcache pc;
    ct_pcache_begin_kind(&pc, CT_PCACHE_ARCHIVE);
    ct_pcache_add(&pc, "", (const char *)g.p, g.len);
    ct_pcache_fetch(&pc);
    ct_pcache_store(&pc, junk[k], junk_len[k]);
    ct_pcache_dispose(&pc);
    char *got = listing(g.p, g.len);
    assert_string_equal(got, want);
    free(got);
    assert_int_equal(ct_chart__archive_cache_hits, hits);
    size_t nlen;
    unsigned char *now = slurp(path, &nlen);
    assert_int_equal(nlen, len);
    assert_memory_equal(now, good, len);
    free(now);
  }
  char *got = listing(g.p, g.len);
  assert_int_equal(ct_chart__archive_cache_hits, hits + 1);
  free(got), free(good), free(want), free(g.p);
}

static void archive_errors_not_kept(void **state) {
  (void)state;
  tarbuf t = {0}, g = {0};
  file(&t, F_USTAR, "c/Chart.yaml", chart_yaml);
  entry(&t, F_USTAR, '2', "c/templates/h", NULL, "../../../etc/passwd", NULL, 0);
  end(&t);
  gz(&g, t.p, t.len);
  for (int i = 0; i < 3; i++)
    load_err(&g, "chart illegally contains a link pointing outside the chart: templates/h -> "
                 "../../../etc/passwd");
  int empty;
  assert_int_equal(cache_files(&empty, NULL, 0), 0); /* not even a marker */
  /* and with the cache off, a good archive leaves nothing either */
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  tarbuf g2 = {0};
  rich_archive(&g2);
  for (int i = 0; i < 3; i++)
    free(listing(g2.p, g2.len));
  assert_int_equal(cache_files(&empty, NULL, 0), 0);
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  free(t.p), free(g.p), free(g2.p);
}

int main(void) {
  /* the reader's own tests run without the cache: every load inflates */
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(names),
      cmocka_unit_test(gzip_members),
      cmocka_unit_test(errors),
      cmocka_unit_test_setup_teardown(archive_kept_from_second_load, cache_setup, cache_teardown),
      cmocka_unit_test_setup_teardown(archive_damaged_entry, cache_setup, cache_teardown),
      cmocka_unit_test_setup_teardown(archive_errors_not_kept, cache_setup, cache_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
