/* test_parse_cache.c — the persistent parse cache (parse_cache.c, docs/parse-cache.md) in a
 * directory of its own: lookups and stores through ct_pcache_*, entries compared byte for
 * byte, damaged, truncated and foreign entries as misses (and removed), markers (a first
 * render's empty file), the switches (CHARTCTL_NO_PARSE_CACHE, CHARTCTL_PARSE_CACHE_DIR,
 * XDG_CACHE_HOME, HOME), a cache directory that is a file or read-only, the size cap (oldest
 * first, a hit renews), stale temporary files, concurrent writers, mapped entries (texts
 * compared window by window, a hit outliving its file, a truncated file as an error); then
 * ct_render_chart with the cache cold (a marker, then the entry), warm, with an entry whose
 * payload does not load, with edited templates and with parse errors (never cached). */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../child.h"

#include "chartctl/chart.h"
#include "chartctl/parse_cache.h"
#include "chartctl/render.h"

/* The entry's layout (docs/parse-cache.md): a 64-byte header of 8-byte fields (magic
 * "ctparse\n", version, key, length of the names and texts, length of the payload, payload
 * checksum, texts' checksum), then per template its name's length, its text's length, name and
 * text, then the payload. */
enum { HDR = 64, H_VERSION = 8, H_KEY = 16, H_TEXTS = 24, H_PAYLOAD = 32, H_SUM = 40, H_TSUM = 48 };

static char dir[256]; /* the test's cache directory (CHARTCTL_PARSE_CACHE_DIR) */

/* ---- files ---- */
static void rm_rf(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    chmod(path, 0700);
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      char p[1024];
      snprintf(p, sizeof p, "%s/%s", path, e->d_name);
      rm_rf(p);
    }
    if (d) closedir(d);
    rmdir(path);
  } else {
    unlink(path);
  }
}

static bool is_entry_name(const char *n) {
  if (strlen(n) != 16) return false;
  for (int i = 0; i < 16; i++)
    if (!((n[i] >= '0' && n[i] <= '9') || (n[i] >= 'a' && n[i] <= 'f'))) return false;
  return true;
}

/* Counts D's files named by a key (16 hex digits: entries and markers) and its ".tmp-*"
 * files; *FIRST: the path of one of the former. */
static int count_files(const char *d, int *tmps, char *first, size_t cap) {
  int n = 0;
  if (tmps) *tmps = 0;
  DIR *dd = opendir(d);
  if (!dd) return 0;
  struct dirent *e;
  while ((e = readdir(dd)) != NULL) {
    if (is_entry_name(e->d_name)) {
      if (first && n == 0) snprintf(first, cap, "%s/%s", d, e->d_name);
      n++;
    } else if (tmps && strncmp(e->d_name, ".tmp-", 5) == 0) {
      (*tmps)++;
    }
  }
  closedir(dd);
  return n;
}

static int count_entries(void) { return count_files(dir, NULL, NULL, 0); }

static unsigned char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *p = malloc((size_t)n + 1);
  *len = fread(p, 1, (size_t)n, f);
  fclose(f);
  return p;
}

/* Writes PATH as the cache writes its files: mode 0600 (the cache ignores files others could
 * have written), whatever the umask. */
static void write_all(const char *path, const void *p, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(p, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
  assert_int_equal(chmod(path, 0600), 0);
}

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static void set_mtime(const char *path, time_t t) {
  struct timespec ts[2] = {{t, 0}, {t, 0}};
  assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static off_t size_of(const char *path) {
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  return st.st_size;
}

static time_t mtime_of(const char *path) {
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  return st.st_mtime;
}

static uint64_t u64_at(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

/* ---- the cache through its API ---- */
typedef struct tpl {
  const char *name, *text;
} tpl;

static const tpl T2[] = {
    {"c/templates/b.yaml", "b: {{ .Values.b }}\n"},
    {"c/templates/a.yaml", "a: {{ include \"h\" . }}\n"},
};

static void begin_add(ct_pcache *pc, const tpl *t, size_t n) {
  ct_pcache_begin(pc);
  for (size_t i = 0; i < n; i++)
    ct_pcache_add(pc, t[i].name, t[i].text, strlen(t[i].text));
}

/* Looks T up: true on a hit, with the payload in OUT (if given); *ADMIT (if given): whether
 * a miss found a marker or an entry to replace (the render then records its parse). */
static bool lookup_admit(const tpl *t, size_t n, ct_buf *out, bool *admit) {
  ct_pcache pc;
  begin_add(&pc, t, n);
  assert_true(pc.on);
  bool hit = ct_pcache_fetch(&pc);
  if (hit && out) {
    ct_buf_reset(out);
    ct_buf_put(out, (const char *)pc.payload, pc.payload_len);
  }
  if (admit) *admit = pc.admit;
  ct_pcache_dispose(&pc);
  return hit;
}

static bool lookup(const tpl *t, size_t n, ct_buf *out) { return lookup_admit(t, n, out, NULL); }

/* Leaves T's marker; *PATH: its file. */
static void mark(const tpl *t, size_t n, char *path, size_t cap) {
  ct_pcache pc;
  begin_add(&pc, t, n);
  ct_pcache_fetch(&pc);
  ct_pcache_mark(&pc);
  if (path) snprintf(path, cap, "%s", pc.path ? pc.path : "");
  ct_pcache_dispose(&pc);
}

/* Stores PAYLOAD for T (after the lookup a store needs); *PATH: the entry's file. */
static void store(const tpl *t, size_t n, const char *payload, char *path, size_t cap) {
  ct_pcache pc;
  begin_add(&pc, t, n);
  assert_true(pc.on);
  ct_pcache_fetch(&pc);
  ct_pcache_store(&pc, payload, strlen(payload));
  if (path) {
    assert_non_null(pc.path);
    snprintf(path, cap, "%s", pc.path);
  }
  ct_pcache_dispose(&pc);
}

/* Template lists of the same sizes, told apart by one digit. */
static void nth(tpl *t, char *name, char *text, int i) {
  snprintf(name, 32, "c/templates/t%d.yaml", i);
  snprintf(text, 32, "text number %d {{ . }}", i);
  t->name = name;
  t->text = text;
}

static const char *PAYLOAD = "an opaque payload \x01\x02\xff of some bytes";

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "%s/ct-pcache-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(dir)) return -1;
  setenv("CHARTCTL_PARSE_CACHE_DIR", dir, 1);
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  unsetenv("CHARTCTL_PARSE_CACHE_MAX");
  return 0;
}

static int teardown(void **state) {
  (void)state;
  rm_rf(dir);
  unsetenv("CHARTCTL_PARSE_CACHE_DIR");
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  unsetenv("CHARTCTL_PARSE_CACHE_MAX");
  return 0;
}

static void miss_on_empty_dir(void **state) {
  (void)state;
  ct_pcache pc;
  begin_add(&pc, T2, 2);
  assert_true(pc.on); /* the test binary has a build id */
  assert_false(ct_pcache_fetch(&pc));
  assert_null(pc.payload);
  assert_false(pc.admit); /* never seen: a render would not record its parse */
  /* the entry's file: 16 hex digits in the directory */
  assert_non_null(pc.path);
  size_t dl = strlen(dir);
  assert_memory_equal(pc.path, dir, dl);
  assert_int_equal(pc.path[dl], '/');
  assert_true(is_entry_name(pc.path + dl + 1));
  ct_pcache_dispose(&pc);
  assert_int_equal(count_entries(), 0); /* a lookup writes nothing */
}

static void store_then_fetch(void **state) {
  (void)state;
  char path[512];
  store(T2, 2, PAYLOAD, path, sizeof path);
  int tmps;
  assert_int_equal(count_files(dir, &tmps, NULL, 0), 1);
  assert_int_equal(tmps, 0); /* no temporary file left */
  assert_true(exists(path));
  /* the layout */
  size_t len;
  unsigned char *e = read_all(path, &len);
  size_t texts = 0;
  for (int i = 0; i < 2; i++)
    texts += 16 + strlen(T2[i].name) + strlen(T2[i].text);
  assert_int_equal(len, HDR + texts + strlen(PAYLOAD));
  assert_memory_equal(e, "ctparse\n", 8);
  assert_int_equal(u64_at(e + H_TEXTS), texts);
  assert_int_equal(u64_at(e + H_PAYLOAD), strlen(PAYLOAD));
  assert_memory_equal(e + HDR + texts, PAYLOAD, strlen(PAYLOAD));
  free(e);

  /* the same names and texts at other addresses: a hit with the payload */
  tpl copy[2];
  for (int i = 0; i < 2; i++) {
    copy[i].name = strdup(T2[i].name);
    copy[i].text = strdup(T2[i].text);
  }
  ct_buf got = CT_BUF_INIT;
  assert_true(lookup(copy, 2, &got));
  assert_int_equal(got.len, strlen(PAYLOAD));
  assert_memory_equal(got.ptr, PAYLOAD, got.len);
  assert_true(lookup(copy, 2, NULL)); /* a hit leaves the entry */
  /* a subset, another order: misses */
  assert_false(lookup(copy, 1, NULL));
  tpl swapped[2] = {copy[1], copy[0]};
  assert_false(lookup(swapped, 2, NULL));
  assert_true(lookup(copy, 2, NULL));
  /* a second store replaces the entry */
  store(copy, 2, "another payload", NULL, 0);
  assert_true(lookup(T2, 2, &got));
  assert_string_equal(ct_buf_str(&got), "another payload");
  assert_int_equal(count_files(dir, &tmps, NULL, 0), 1);
  assert_int_equal(tmps, 0);
  for (int i = 0; i < 2; i++) {
    free((char *)copy[i].name);
    free((char *)copy[i].text);
  }
  ct_buf_dispose(&got);
}

/* Another text of the same length, another name: misses; the stored entry stays a hit. */
static void other_text_or_name_misses(void **state) {
  (void)state;
  store(T2, 2, PAYLOAD, NULL, 0);
  tpl t[2] = {T2[0], T2[1]};
  t[0].text = "b: {{ .Values.c }}\n";
  assert_int_equal(strlen(t[0].text), strlen(T2[0].text));
  assert_false(lookup(t, 2, NULL));
  t[0].text = "b: {{ .Values.b }}\r";
  assert_false(lookup(t, 2, NULL));
  t[0] = T2[0];
  t[1].name = "c/templates/c.yaml";
  assert_int_equal(strlen(t[1].name), strlen(T2[1].name));
  assert_false(lookup(t, 2, NULL));
  assert_true(lookup(T2, 2, NULL));
  assert_int_equal(count_entries(), 1);
}

/* The file name is only a hash: an entry at the right name whose header is right (as after a
 * collision) but whose texts differ is a miss. */
static void texts_compared_byte_for_byte(void **state) {
  (void)state;
  char path[512];
  store(T2, 2, PAYLOAD, path, sizeof path);
  size_t len;
  unsigned char *e = read_all(path, &len);
  tpl t[2] = {T2[0], {T2[1].name, "a: {{ include \"H\" . }}\n"}};
  ct_pcache pc;
  begin_add(&pc, t, 2);
  assert_false(ct_pcache_fetch(&pc));
  memcpy(e + H_KEY, &pc.key, 8); /* T2's entry under T's key */
  write_all(pc.path, e, len);
  ct_pcache_dispose(&pc);
  assert_false(lookup(t, 2, NULL));
  /* the same file with the right texts is a hit (the header was right) */
  begin_add(&pc, t, 2);
  ct_pcache_fetch(&pc);
  memcpy(e + HDR + 16 + strlen(t[0].name) + strlen(t[0].text) + 16 + strlen(t[1].name), t[1].text,
         strlen(t[1].text));
  write_all(pc.path, e, len);
  ct_pcache_dispose(&pc);
  ct_buf got = CT_BUF_INIT;
  assert_true(lookup(t, 2, &got));
  assert_int_equal(got.len, strlen(PAYLOAD));
  ct_buf_dispose(&got);
  free(e);
}

/* Texts past the window the lookup compares at a time (256 KiB, dropped from the mapping
 * behind it): a hit still needs every byte equal, in every window, and the payload after them
 * still reads whole. */
static void big_texts_compared_window_by_window(void **state) {
  (void)state;
  size_t n = (700u << 10) + 13; /* three windows and a bit, not page-aligned */
  char *big = malloc(n + 1);
  for (size_t i = 0; i < n; i++)
    big[i] = (char)('a' + i % 26);
  big[n] = 0;
  tpl t[3] = {T2[0], {"c/templates/big.yaml", big}, T2[1]};
  store(t, 3, PAYLOAD, NULL, 0);
  ct_buf got = CT_BUF_INIT;
  assert_true(lookup(t, 3, &got));
  assert_int_equal(got.len, strlen(PAYLOAD));
  assert_memory_equal(got.ptr, PAYLOAD, got.len);
  /* one byte changed: in the first window, either side of the first window's end, in the
   * third, and the last byte. The entry is moved under the edited texts' key, so only the
   * byte compare can tell: each must miss. */
  size_t at[] = {5, (256u << 10) - 1, 256u << 10, (512u << 10) + 7, n - 1};
  for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
    char *edited = strdup(big);
    edited[at[k]] = edited[at[k]] == 'z' ? 'y' : 'z';
    tpl e[3] = {T2[0], {"c/templates/big.yaml", edited}, T2[1]};
    ct_pcache pc;
    begin_add(&pc, t, 3);
    ct_pcache_fetch(&pc);
    char old_path[512];
    snprintf(old_path, sizeof old_path, "%s", pc.path);
    uint64_t old_key = pc.key;
    ct_pcache_dispose(&pc);
    begin_add(&pc, e, 3);
    ct_pcache_fetch(&pc);
    size_t len;
    unsigned char *bytes = read_all(old_path, &len);
    assert_int_equal(u64_at(bytes + H_KEY), old_key);
    memcpy(bytes + H_KEY, &pc.key, 8);
    write_all(pc.path, bytes, len);
    ct_pcache_dispose(&pc);
    free(bytes);
    assert_false(lookup(e, 3, NULL));
    assert_true(lookup(t, 3, NULL)); /* the original stays a hit */
    free(edited);
  }
  ct_buf_dispose(&got);
  free(big);
}

/* A hit's payload is the entry's file mapped: replacing the entry (a newer store renames over
 * it) or removing it (a trim, a drop) leaves the bytes the hit checked. */
static void hit_outlives_replacement(void **state) {
  (void)state;
  char path[512];
  store(T2, 2, PAYLOAD, path, sizeof path);
  ct_pcache pc;
  begin_add(&pc, T2, 2);
  assert_true(ct_pcache_fetch(&pc));
  ct_pcache_map keep = pc.map;
  const unsigned char *payload = pc.payload;
  size_t plen = pc.payload_len;
  pc.map = (ct_pcache_map){0};
  ct_pcache_dispose(&pc);
  store(T2, 2, "a newer payload, longer than the first one was", NULL, 0);
  assert_int_equal(plen, strlen(PAYLOAD));
  assert_memory_equal(payload, PAYLOAD, plen);
  assert_int_equal(unlink(path), 0);
  assert_memory_equal(payload, PAYLOAD, plen);
  ct_pcache_unmap(&keep);
  assert_null(keep.addr);
  ct_pcache_unmap(&keep); /* an empty one is fine */
  assert_false(lookup(T2, 2, NULL));
}

/* A hit, then the entry's file truncated under it (PATH), then the payload read. */
static void read_after_truncate(void *path) {
  ct_pcache pc;
  begin_add(&pc, T2, 2);
  if (!ct_pcache_fetch(&pc)) _exit(3);
  if (truncate(path, 0) != 0) _exit(4);
  volatile unsigned char c = pc.payload[0];
  (void)c;
  _exit(5); /* not reached: the page is gone */
}

/* A hit (the guard installed), then a SIGBUS that is not about an entry. */
static void other_sigbus(void *unused) {
  (void)unused;
  signal(SIGBUS, SIG_DFL); /* not the test harness's handler: the default one */
  ct_pcache pc;
  begin_add(&pc, T2, 2);
  if (!ct_pcache_fetch(&pc)) _exit(3);
  raise(SIGBUS);
  _exit(5);
}

/* The one way a mapped entry can fail under a render: someone truncates the file. That is an
 * error naming the entry, exit status 1, not a crash; other SIGBUSes still kill. */
static void truncated_while_mapped(void **state) {
  (void)state;
  char path[512], err[1024];
  store(T2, 2, PAYLOAD, path, sizeof path);
  int st = ct_test_in_child(read_after_truncate, path, err, sizeof err);
  assert_true(WIFEXITED(st));
  assert_int_equal(WEXITSTATUS(st), 1);
  char want[1024];
  snprintf(want, sizeof want,
           "Error: the parse cache entry %s was truncated while in use (the next render writes "
           "it again)\n",
           path);
  assert_string_equal(err, want);

  store(T2, 2, PAYLOAD, path, sizeof path);
  st = ct_test_in_child(other_sigbus, NULL, err, sizeof err);
  assert_true(WIFSIGNALED(st));
  assert_int_equal(WTERMSIG(st), SIGBUS);
  assert_string_equal(err, "");
}

/* ---- links by stat ---- */

/* Stats of T2's two files: an hour old (settled) unless FRESH, ino told apart by SALT. */
static void t2_ids(ct_chart_file_id ids[2], bool fresh, unsigned salt) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  long long t = now.tv_sec * 1000000000LL + now.tv_nsec - (fresh ? 0 : 3600LL * 1000000000LL);
  for (int i = 0; i < 2; i++)
    ids[i] = (ct_chart_file_id){.dev = 2049,
                                .ino = 1000u + salt * 10u + (unsigned)i,
                                .size = strlen(T2[i].text),
                                .mtime_ns = t,
                                .ctime_ns = t};
}

/* A render's steps by texts with stats added: fetch (must hit), then link. *LINK: the link. */
static void link_t2(const ct_chart_file_id ids[2], char *link, size_t cap) {
  ct_pcache pc;
  ct_pcache_begin(&pc);
  for (int i = 0; i < 2; i++)
    ct_pcache_add_stat(&pc, T2[i].name, &ids[i]);
  for (int i = 0; i < 2; i++)
    ct_pcache_add(&pc, T2[i].name, T2[i].text, strlen(T2[i].text));
  assert_true(ct_pcache_fetch(&pc));
  ct_pcache_link_stat(&pc);
  if (link) {
    const char *slash = strrchr(pc.path, '/');
    snprintf(link, cap, "%.*s/s%016llx", (int)(slash - pc.path), pc.path,
             (unsigned long long)pc.stat_key);
  }
  ct_pcache_dispose(&pc);
}

/* Looks T2 up by stats alone; on a hit TEXTS/LENS and the payload in OUT. */
static bool by_stat(const ct_chart_file_id ids[2], const char **texts, size_t *lens, ct_buf *out) {
  ct_pcache pc;
  ct_pcache_begin(&pc);
  const char *names[2] = {T2[0].name, T2[1].name};
  for (int i = 0; i < 2; i++)
    ct_pcache_add_stat(&pc, names[i], &ids[i]);
  bool hit = ct_pcache_fetch_stat(&pc, names, 2, texts, lens);
  if (hit && out) {
    ct_buf_reset(out);
    ct_buf_put(out, (const char *)pc.payload, pc.payload_len);
  }
  if (hit) { /* the texts are the entry's: copied out before it goes */
    for (int i = 0; i < 2; i++)
      texts[i] = strndup(texts[i], lens[i]);
  }
  ct_pcache_dispose(&pc);
  return hit;
}

static bool is_link(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* An entry found by texts, then linked by stats: found again by the stats alone, with the
 * entry's texts and payload; other stats miss. */
static void stat_link_then_fetch(void **state) {
  (void)state;
  char entry[512], link[512];
  store(T2, 2, PAYLOAD, entry, sizeof entry);
  ct_chart_file_id ids[2];
  t2_ids(ids, false, 0);
  const char *texts[2];
  size_t lens[2];
  assert_false(by_stat(ids, texts, lens, NULL)); /* no link yet */
  link_t2(ids, link, sizeof link);
  assert_true(is_link(link));
  char target[64];
  ssize_t k = readlink(link, target, sizeof target - 1);
  assert_true(k > 0);
  target[k] = 0;
  assert_string_equal(target, strrchr(entry, '/') + 1); /* relative: the entry's name */
  ct_buf got = CT_BUF_INIT;
  assert_true(by_stat(ids, texts, lens, &got));
  for (int i = 0; i < 2; i++) {
    assert_int_equal(lens[i], strlen(T2[i].text));
    assert_memory_equal(texts[i], T2[i].text, lens[i]);
    free((char *)texts[i]);
  }
  assert_int_equal(got.len, strlen(PAYLOAD));
  assert_memory_equal(got.ptr, PAYLOAD, got.len);
  /* any field of any stat changed: another key, a miss */
  for (int f = 0; f < 5; f++) {
    ct_chart_file_id other[2] = {ids[0], ids[1]};
    unsigned long long *u[] = {&other[1].dev, &other[1].ino, &other[1].size};
    if (f < 3) *u[f] += 1;
    if (f == 3) other[1].mtime_ns += 1;
    if (f == 4) other[1].ctime_ns += 1;
    assert_false(by_stat(other, texts, lens, NULL));
  }
  assert_true(is_link(link)); /* misses of other keys leave it */
  /* a hit by stat renews an entry older than an hour, as a hit by texts does (the size
   * cap trims the oldest first) */
  time_t old = time(NULL) - 7200;
  set_mtime(entry, old);
  assert_true(by_stat(ids, texts, lens, NULL));
  free((char *)texts[0]);
  free((char *)texts[1]);
  struct stat est;
  assert_int_equal(stat(entry, &est), 0);
  assert_true(est.st_mtime > old + 3600);
  ct_buf_dispose(&got);
}

/* A template added by its digest (a sparse one): the digest, not a text, is what a lookup by
 * texts compares, so another digest misses and the same text added as a text misses; by
 * stat, its text comes back as NULL (the file's), the other template's as the entry holds it. */
static void digest_templates(void **state) {
  (void)state;
  unsigned char d1[CT_PCACHE_DIGEST], d2[CT_PCACHE_DIGEST];
  memset(d1, 0x7b, sizeof d1); /* "{{...": a digest is never taken for a text */
  memcpy(d2, d1, sizeof d2);
  d2[31] ^= 1;
  ct_chart_file_id ids[2];
  t2_ids(ids, false, 7);
  ct_pcache pc;
  ct_pcache_begin(&pc);
  for (int i = 0; i < 2; i++)
    ct_pcache_add_stat(&pc, T2[i].name, &ids[i]);
  ct_pcache_add(&pc, T2[0].name, T2[0].text, strlen(T2[0].text));
  ct_pcache_add_digest(&pc, T2[1].name, d1);
  assert_false(ct_pcache_fetch(&pc));
  ct_pcache_store(&pc, PAYLOAD, strlen(PAYLOAD));
  ct_pcache_link_stat(&pc);
  ct_pcache_dispose(&pc);
  /* by texts: the same digest hits; another digest, or the digest's bytes as a text, miss */
  for (int k = 0; k < 3; k++) {
    ct_pcache_begin(&pc);
    ct_pcache_add(&pc, T2[0].name, T2[0].text, strlen(T2[0].text));
    if (k == 2)
      ct_pcache_add(&pc, T2[1].name, (const char *)d1, sizeof d1);
    else
      ct_pcache_add_digest(&pc, T2[1].name, k == 0 ? d1 : d2);
    bool hit = ct_pcache_fetch(&pc);
    if (k == 0) {
      assert_true(hit);
      assert_int_equal(pc.payload_len, strlen(PAYLOAD));
      assert_memory_equal(pc.payload, PAYLOAD, pc.payload_len);
    } else {
      assert_false(hit);
    }
    ct_pcache_dispose(&pc);
  }
  /* by stat: the first text as held, the digest's template without a text */
  ct_pcache_begin(&pc);
  const char *names[2] = {T2[0].name, T2[1].name}, *texts[2] = {"x", "x"};
  size_t lens[2] = {9, 9};
  for (int i = 0; i < 2; i++)
    ct_pcache_add_stat(&pc, names[i], &ids[i]);
  assert_true(ct_pcache_fetch_stat(&pc, names, 2, texts, lens));
  assert_int_equal(lens[0], strlen(T2[0].text));
  assert_memory_equal(texts[0], T2[0].text, lens[0]);
  assert_null(texts[1]);
  assert_int_equal(lens[1], 0);
  assert_int_equal(pc.payload_len, strlen(PAYLOAD));
  ct_pcache_dispose(&pc);
}

/* Loads the chart at PATH lazily (templates stat'ed, not read), then calls BETWEEN (if
 * given) and renders it with .Values.crd true: the text of PATH's templates/big.yaml
 * rendered, into OUT. */
static int render_lazy(const char *path, void (*between)(const char *), ct_buf *out) {
  ct_chart *c = NULL;
  if (ct_chart_load_lazy(&c, path, NULL) != 0) return -1;
  if (between) between(path);
  ct_arena *a = ct_arena_new();
  ct_value *vals = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, vals, "crd", ct_bool(a, true));
  ct_value *top = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, top, "Values", vals);
  ct_rendered *r;
  size_t nr;
  ct_buf err = CT_BUF_INIT;
  ct_buf_reset(out);
  int rc = ct_render_chart(&r, &nr, a, c, top, ct_caps_default(a, NULL, 0), NULL, &err);
  for (size_t i = 0; rc == 0 && i < nr; i++)
    if (strstr(r[i].name, "big.yaml")) ct_buf_put(out, r[i].text, r[i].len);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  ct_chart_free(c);
  return rc;
}

/* big.yaml: a sparse template (a CRD with an if around it) of LINES lines, written anew. */
static void write_big(const char *chart, int lines, const char *word) {
  char p[600];
  snprintf(p, sizeof p, "%s/templates/big.yaml", chart);
  FILE *f = fopen(p, "w");
  assert_non_null(f);
  fputs("{{- if .Values.crd }}\nkind: CustomResourceDefinition\n", f);
  for (int i = 0; i < lines; i++)
    fprintf(f, "line%d: %s of a long and plain block of text\n", i, word);
  fputs("{{- end }}\n", f);
  fclose(f);
}

static void grow_big(const char *chart) { write_big(chart, 500, "grown"); }

/* A sparse template whose file changed between the load's stat and the render's read (a
 * write while chartctl runs): its trees in the entry are for the text the stat had, so the
 * render goes by texts and prints the new text, whole, and the entry stays (the trees'
 * record would refuse the new length too, but as a damaged entry, and drop it). */
static void sparse_template_changed_after_its_stat(void **state) {
  (void)state;
  char chart[300];
  snprintf(chart, sizeof chart, "%s/chart-src", dir);
  char tdir[400];
  snprintf(tdir, sizeof tdir, "%s/templates", chart);
  assert_int_equal(mkdir(chart, 0755), 0);
  assert_int_equal(mkdir(tdir, 0755), 0);
  char p[600];
  snprintf(p, sizeof p, "%s/Chart.yaml", chart);
  write_all(p, "apiVersion: v2\nname: s\nversion: 0.1.0\n", 38);
  snprintf(p, sizeof p, "%s/templates/dense.yaml", chart);
  write_all(p, "a: {{ .Values.crd }}\n", 21);
  write_big(chart, 400, "first"); /* 19 KB, two actions: sparse */
  sleep(3);                       /* the files settle: the entry gets its link by stat */
  ct_buf got = CT_BUF_INIT;
  for (int i = 0; i < 3; i++) /* a marker, the entry and its link, a hit by stat */
    assert_int_equal(render_lazy(chart, NULL, &got), 0);
  assert_non_null(strstr(ct_buf_str(&got), "line399: first of"));
  char entry[512];
  assert_int_equal(count_files(dir, NULL, entry, sizeof entry), 1);
  assert_true(size_of(entry) > 0);
  assert_int_equal(render_lazy(chart, grow_big, &got), 0);
  if (!strstr(ct_buf_str(&got), "line499: grown of a long and plain block of text"))
    fail_msg("got (%zu bytes): %.300s ... %s", got.len, ct_buf_str(&got),
             got.len > 200 ? ct_buf_str(&got) + got.len - 200 : "");
  assert_null(strstr(ct_buf_str(&got), "first"));
  assert_null(strstr(ct_buf_str(&got), "{{"));
  assert_true(size_of(entry) > 0); /* a miss by stat, not a damaged entry: it stays */
  ct_buf_dispose(&got);
}

/* Files changed within the last 2 s get no link (a change in the same clock tick could keep
 * the stat); a dangling link, or one to an entry of other names or a damaged one, is a miss
 * and goes, the entry stays; a link naming another entry than the one found by texts goes. */
static void stat_link_rules(void **state) {
  (void)state;
  char entry[512], link[512];
  store(T2, 2, PAYLOAD, entry, sizeof entry);
  ct_chart_file_id ids[2];
  const char *texts[2];
  size_t lens[2];
  t2_ids(ids, true, 1);
  link_t2(ids, link, sizeof link);
  assert_false(is_link(link));
  assert_false(by_stat(ids, texts, lens, NULL));
  /* dangling */
  t2_ids(ids, false, 2);
  link_t2(ids, link, sizeof link);
  assert_true(is_link(link));
  size_t len = 0;
  unsigned char *good = read_all(entry, &len);
  assert_int_equal(unlink(entry), 0);
  assert_false(by_stat(ids, texts, lens, NULL));
  assert_false(is_link(link));
  write_all(entry, good, len);
  /* a damaged payload: the link goes, the entry is left to the lookup by texts */
  link_t2(ids, link, sizeof link);
  assert_true(is_link(link));
  unsigned char *bad = malloc(len);
  memcpy(bad, good, len);
  bad[len - 1] ^= 0x55;
  write_all(entry, bad, len);
  assert_false(by_stat(ids, texts, lens, NULL));
  assert_false(is_link(link));
  assert_true(exists(entry));
  write_all(entry, good, len);
  /* a byte of a text damaged: the stat path does not compare texts with files, so their
   * checksum must tell; a miss, the link goes */
  link_t2(ids, link, sizeof link);
  assert_true(is_link(link));
  memcpy(bad, good, len);
  bad[HDR + 16 + strlen(T2[0].name) + 3] ^= 0x20;
  write_all(entry, bad, len);
  assert_false(by_stat(ids, texts, lens, NULL));
  assert_false(is_link(link));
  write_all(entry, good, len);
  /* a link under these stats' key to an entry of other names: a miss, the link goes */
  tpl other[2] = {{"c/templates/x.yaml", T2[0].text}, T2[1]};
  char oentry[512];
  store(other, 2, PAYLOAD, oentry, sizeof oentry);
  t2_ids(ids, false, 3);
  link_t2(ids, link, sizeof link);
  assert_int_equal(unlink(link), 0);
  assert_int_equal(symlink(strrchr(oentry, '/') + 1, link), 0);
  assert_false(by_stat(ids, texts, lens, NULL));
  assert_false(is_link(link));
  assert_true(exists(oentry));
  /* a link that names another entry than the texts find: the stats stood for two texts */
  assert_int_equal(symlink(strrchr(oentry, '/') + 1, link), 0);
  link_t2(ids, NULL, 0);
  assert_false(is_link(link));
  link_t2(ids, NULL, 0); /* made again from the entry found by texts */
  assert_true(is_link(link));
  assert_true(by_stat(ids, texts, lens, NULL));
  free((char *)texts[0]);
  free((char *)texts[1]);
  free(good);
  free(bad);
}

/* A trim (after a store) removes dangling links and links older than 7 days; a link to an
 * entry that is kept, made lately, stays. */
static void stat_links_trimmed(void **state) {
  (void)state;
  char entry[512], keep[512], old[512], dangling[512];
  store(T2, 2, PAYLOAD, entry, sizeof entry);
  ct_chart_file_id ids[2];
  t2_ids(ids, false, 4);
  link_t2(ids, keep, sizeof keep);
  t2_ids(ids, false, 5);
  link_t2(ids, old, sizeof old);
  struct timespec ts[2] = {{time(NULL) - 8 * 86400, 0}, {time(NULL) - 8 * 86400, 0}};
  assert_int_equal(utimensat(AT_FDCWD, old, ts, AT_SYMLINK_NOFOLLOW), 0);
  snprintf(dangling, sizeof dangling, "%s/s0123456789abcdef", dir);
  assert_int_equal(symlink("fedcba9876543210", dangling), 0);
  assert_true(is_link(keep) && is_link(old) && is_link(dangling));
  tpl t[2];
  char name[32], text[32];
  nth(&t[0], name, text, 7);
  t[1] = T2[1];
  store(t, 2, "x", NULL, 0); /* a store trims */
  assert_true(is_link(keep));
  assert_false(is_link(old));
  assert_false(is_link(dangling));
}

/* Writes BYTES (LEN) as T2's entry, looks T2 up: must miss; returns whether the file stayed. */
static bool miss_with(const unsigned char *bytes, size_t len, const char *path) {
  write_all(path, bytes, len);
  bool admit = false;
  assert_false(lookup_admit(T2, 2, NULL, &admit));
  assert_true(admit); /* the render will write a good entry */
  return exists(path);
}

static void damaged_entries_miss_and_go(void **state) {
  (void)state;
  char path[512];
  store(T2, 2, PAYLOAD, path, sizeof path);
  size_t len;
  unsigned char *good = read_all(path, &len), *e = malloc(len + 16);
  size_t texts = u64_at(good + H_TEXTS);
  /* a flipped payload byte, first, middle and last */
  const size_t at[] = {HDR + texts, HDR + texts + (len - HDR - texts) / 2, len - 1};
  for (size_t k = 0; k < 3; k++) {
    memcpy(e, good, len);
    e[at[k]] ^= 0x20;
    assert_false(miss_with(e, len, path)); /* removed */
  }
  /* the payload's first two 16-byte blocks swapped, and a change in one block that the same
   * word of the next makes up for (the first running sum stays; the second does not) */
  assert_true(len - HDR - texts >= 32);
  memcpy(e, good, len);
  memcpy(e + HDR + texts, good + HDR + texts + 16, 16);
  memcpy(e + HDR + texts + 16, good + HDR + texts, 16);
  assert_false(miss_with(e, len, path));
  memcpy(e, good, len);
  e[HDR + texts + 4] = (unsigned char)(e[HDR + texts + 4] + 1);
  e[HDR + texts + 20] = (unsigned char)(e[HDR + texts + 20] - 1);
  assert_false(miss_with(e, len, path));
  /* each header field wrong: magic, version (a foreign format), key (another build), the
   * lengths, the checksum */
  const size_t fields[] = {0, 7, H_VERSION, H_KEY, H_KEY + 7, H_TEXTS, H_PAYLOAD, H_SUM};
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
    memcpy(e, good, len);
    e[fields[k]] ^= 1;
    assert_false(miss_with(e, len, path));
  }
  /* truncated, at every length (but 0: an empty file is a marker, it stays) */
  for (size_t n = 0; n < len; n++) {
    memcpy(e, good, len);
    assert_int_equal(miss_with(e, n, path), n == 0);
  }
  /* a byte too many */
  memcpy(e, good, len);
  e[len] = 0;
  assert_false(miss_with(e, len + 1, path));
  /* garbage of the right size, and of another */
  for (size_t i = 0; i < len + 16; i++)
    e[i] = (unsigned char)(i * 37 + 11);
  assert_false(miss_with(e, len, path));
  assert_false(miss_with(e, len + 16, path));
  /* a directory where the entry should be: a miss, no crash */
  assert_int_equal(mkdir(path, 0700), 0);
  assert_false(lookup(T2, 2, NULL));
  rmdir(path);
  /* the good entry is a hit again; a store after a miss writes a good one */
  write_all(path, good, len);
  assert_true(lookup(T2, 2, NULL));
  write_all(path, e, 10);
  assert_false(lookup(T2, 2, NULL));
  store(T2, 2, PAYLOAD, NULL, 0);
  size_t len2;
  unsigned char *again = read_all(path, &len2);
  assert_int_equal(len2, len);
  assert_memory_equal(again, good, len);
  free(again);
  free(good);
  free(e);
}

/* A damaged names-and-texts section is a miss (found by texts, the section is compared with
 * the templates'; its checksum serves the lookup by stat, stat_link_rules). */
static void damaged_texts_miss(void **state) {
  (void)state;
  char path[512];
  store(T2, 2, PAYLOAD, path, sizeof path);
  size_t len;
  unsigned char *good = read_all(path, &len);
  size_t texts = u64_at(good + H_TEXTS);
  for (size_t i = HDR; i < HDR + texts; i++) {
    good[i] ^= 0x01;
    write_all(path, good, len);
    assert_false(lookup(T2, 2, NULL));
    good[i] ^= 0x01;
  }
  store(T2, 2, PAYLOAD, NULL, 0);
  assert_true(lookup(T2, 2, NULL));
  free(good);
}

/* Other files of the directory are not entries: a lookup leaves them. */
static void foreign_files(void **state) {
  (void)state;
  char p[512];
  snprintf(p, sizeof p, "%s/README", dir);
  write_all(p, "not an entry", 12);
  snprintf(p, sizeof p, "%s/0123456789abcdef", dir);
  write_all(p, "ctparse\ngarbage", 15);
  assert_false(lookup(T2, 2, NULL));
  assert_true(exists(p));
  store(T2, 2, PAYLOAD, NULL, 0);
  assert_true(lookup(T2, 2, NULL));
  assert_int_equal(count_entries(), 2);
}

/* A first render leaves a marker (an empty file at the entry's name): the next lookup is a
 * miss that admits recording; an entry replaces the marker; a marker never replaces an
 * entry; markers are not counted in the cap and go after a week. */
static void markers(void **state) {
  (void)state;
  char path[512], p2[512], sub[512];
  bool admit = true;
  assert_false(lookup_admit(T2, 2, NULL, &admit));
  assert_false(admit);
  mark(T2, 2, path, sizeof path);
  assert_true(exists(path));
  assert_int_equal(size_of(path), 0);
  int tmps;
  assert_int_equal(count_files(dir, &tmps, NULL, 0), 1);
  assert_int_equal(tmps, 0);
  assert_false(lookup_admit(T2, 2, NULL, &admit));
  assert_true(admit);
  assert_true(exists(path)); /* a marker is not a damaged entry */
  mark(T2, 2, NULL, 0);
  assert_int_equal(size_of(path), 0);
  store(T2, 2, PAYLOAD, p2, sizeof p2);
  assert_string_equal(p2, path);
  assert_true(size_of(path) > 0);
  assert_true(lookup(T2, 2, NULL));
  mark(T2, 2, NULL, 0);
  assert_true(lookup(T2, 2, NULL));
  assert_int_equal(count_files(dir, &tmps, NULL, 0), 1);

  /* a cache directory not made yet is made */
  snprintf(sub, sizeof sub, "%s/new/deeper", dir);
  setenv("CHARTCTL_PARSE_CACHE_DIR", sub, 1);
  mark(T2, 2, path, sizeof path);
  assert_int_equal(count_files(sub, NULL, NULL, 0), 1);
  assert_int_equal(size_of(path), 0);
  /* switched off, or the directory is a file: nothing, silently */
  rm_rf(sub);
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  mark(T2, 2, NULL, 0);
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  assert_false(exists(sub));
  snprintf(sub, sizeof sub, "%s/file", dir);
  write_all(sub, "x", 1);
  setenv("CHARTCTL_PARSE_CACHE_DIR", sub, 1);
  mark(T2, 2, NULL, 0);
  assert_int_equal(size_of(sub), 1);

  /* trimming: markers a week old go, younger ones stay, none counts in the cap */
  snprintf(sub, sizeof sub, "%s/trim", dir);
  setenv("CHARTCTL_PARSE_CACHE_DIR", sub, 1);
  char names[4][32], texts[4][32], paths[4][512];
  tpl t[4];
  for (int i = 0; i < 4; i++) {
    nth(&t[i], names[i], texts[i], i);
    if (i < 3) mark(&t[i], 1, paths[i], sizeof paths[i]);
  }
  time_t now = time(NULL);
  set_mtime(paths[0], now - 8 * 86400);
  set_mtime(paths[1], now - 6 * 86400);
  char cap[32];
  snprintf(cap, sizeof cap, "%zu",
           HDR + 16 + strlen(t[3].name) + strlen(t[3].text) + strlen(PAYLOAD));
  setenv("CHARTCTL_PARSE_CACHE_MAX", cap, 1); /* exactly one entry */
  store(&t[3], 1, PAYLOAD, paths[3], sizeof paths[3]);
  assert_false(exists(paths[0]));
  assert_true(exists(paths[1]) && exists(paths[2]) && exists(paths[3]));
  assert_true(lookup(&t[3], 1, NULL));
  unsetenv("CHARTCTL_PARSE_CACHE_MAX");
  setenv("CHARTCTL_PARSE_CACHE_DIR", dir, 1);
}

/* Only the user's own files that nobody else can write count: another's, or a group- or
 * other-writable one, is a miss that is neither admitted nor removed. */
static void foreign_owner_or_mode(void **state) {
  (void)state;
  char path[512];
  store(T2, 2, PAYLOAD, path, sizeof path);
  assert_true(lookup(T2, 2, NULL));
  const mode_t modes[] = {0620, 0602, 0666, 0622};
  for (size_t k = 0; k < sizeof modes / sizeof modes[0]; k++) {
    assert_int_equal(chmod(path, modes[k]), 0);
    bool admit = true;
    assert_false(lookup_admit(T2, 2, NULL, &admit));
    assert_false(admit);
    assert_true(exists(path));
  }
  assert_int_equal(chmod(path, 0644), 0); /* readable by others is fine */
  assert_true(lookup(T2, 2, NULL));
  assert_int_equal(chmod(path, 0600), 0);
  assert_true(lookup(T2, 2, NULL));
  /* a marker others can write is no marker */
  char m[512];
  tpl t[1] = {T2[0]};
  mark(t, 1, m, sizeof m);
  bool admit = false;
  assert_false(lookup_admit(t, 1, NULL, &admit));
  assert_true(admit);
  assert_int_equal(chmod(m, 0666), 0);
  assert_false(lookup_admit(t, 1, NULL, &admit));
  assert_false(admit);
  if (geteuid() == 0) { /* another owner: root can make one */
    assert_int_equal(chown(path, 65534, 65534), 0);
    assert_false(lookup_admit(T2, 2, NULL, &admit));
    assert_false(admit);
    assert_true(exists(path));
    assert_int_equal(chown(path, 0, 0), 0);
    assert_true(lookup(T2, 2, NULL));
  }
}

static void disabled_by_env(void **state) {
  (void)state;
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  ct_pcache pc;
  begin_add(&pc, T2, 2);
  assert_false(pc.on);
  assert_false(ct_pcache_fetch(&pc));
  ct_pcache_store(&pc, PAYLOAD, strlen(PAYLOAD));
  ct_pcache_dispose(&pc);
  int tmps;
  assert_int_equal(count_files(dir, &tmps, NULL, 0), 0);
  assert_int_equal(tmps, 0);
  /* an entry there is not read either */
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  store(T2, 2, PAYLOAD, NULL, 0);
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  begin_add(&pc, T2, 2);
  assert_false(ct_pcache_fetch(&pc));
  ct_pcache_dispose(&pc);
  /* empty or 0: on */
  setenv("CHARTCTL_NO_PARSE_CACHE", "", 1);
  assert_true(lookup(T2, 2, NULL));
  setenv("CHARTCTL_NO_PARSE_CACHE", "0", 1);
  assert_true(lookup(T2, 2, NULL));
}

/* CHARTCTL_PARSE_CACHE_DIR, else $XDG_CACHE_HOME/chartctl/parse (absolute only), else
 * $HOME/.cache/chartctl/parse; missing directories are made. */
static void directory_choice(void **state) {
  (void)state;
  char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
  char *xdg = getenv("XDG_CACHE_HOME") ? strdup(getenv("XDG_CACHE_HOME")) : NULL;
  char d1[512], d2[512], p[600];
  snprintf(d1, sizeof d1, "%s/xdg", dir);
  snprintf(d2, sizeof d2, "%s/home", dir);
  unsetenv("CHARTCTL_PARSE_CACHE_DIR");
  setenv("XDG_CACHE_HOME", d1, 1);
  setenv("HOME", d2, 1);
  store(T2, 2, PAYLOAD, NULL, 0);
  snprintf(p, sizeof p, "%s/chartctl/parse", d1);
  assert_int_equal(count_files(p, NULL, NULL, 0), 1);
  assert_true(lookup(T2, 2, NULL));
  setenv("XDG_CACHE_HOME", "relative/dir", 1);
  assert_false(lookup(T2, 2, NULL));
  store(T2, 2, PAYLOAD, NULL, 0);
  snprintf(p, sizeof p, "%s/.cache/chartctl/parse", d2);
  assert_int_equal(count_files(p, NULL, NULL, 0), 1);
  unsetenv("XDG_CACHE_HOME");
  assert_true(lookup(T2, 2, NULL));
  /* CHARTCTL_PARSE_CACHE_DIR first */
  setenv("XDG_CACHE_HOME", d1, 1);
  snprintf(p, sizeof p, "%s/own/deeper", dir);
  setenv("CHARTCTL_PARSE_CACHE_DIR", p, 1);
  assert_false(lookup(T2, 2, NULL));
  store(T2, 2, PAYLOAD, NULL, 0);
  assert_int_equal(count_files(p, NULL, NULL, 0), 1);
  /* no directory at all: off, silently */
  unsetenv("CHARTCTL_PARSE_CACHE_DIR");
  unsetenv("XDG_CACHE_HOME");
  unsetenv("HOME");
  ct_pcache pc;
  begin_add(&pc, T2, 2);
  assert_false(ct_pcache_fetch(&pc));
  ct_pcache_store(&pc, PAYLOAD, strlen(PAYLOAD));
  ct_pcache_dispose(&pc);
  if (home) setenv("HOME", home, 1);
  if (xdg)
    setenv("XDG_CACHE_HOME", xdg, 1);
  else
    unsetenv("XDG_CACHE_HOME");
  setenv("CHARTCTL_PARSE_CACHE_DIR", dir, 1);
  free(home);
  free(xdg);
}

static void dir_is_a_file(void **state) {
  (void)state;
  char p[512];
  snprintf(p, sizeof p, "%s/file", dir);
  write_all(p, "x", 1);
  setenv("CHARTCTL_PARSE_CACHE_DIR", p, 1);
  assert_false(lookup(T2, 2, NULL));
  store(T2, 2, PAYLOAD, NULL, 0);
  assert_false(lookup(T2, 2, NULL));
  size_t len;
  unsigned char *c = read_all(p, &len);
  assert_int_equal(len, 1);
  assert_int_equal(c[0], 'x');
  free(c);
  /* below a file */
  char q[600];
  snprintf(q, sizeof q, "%s/sub", p);
  setenv("CHARTCTL_PARSE_CACHE_DIR", q, 1);
  store(T2, 2, PAYLOAD, NULL, 0);
  assert_false(lookup(T2, 2, NULL));
  setenv("CHARTCTL_PARSE_CACHE_DIR", dir, 1);
  assert_int_equal(count_entries(), 0);
}

static void read_only_dir(void **state) {
  (void)state;
  if (geteuid() == 0) {
    print_message("(running as root: permissions are not enforced, check skipped)\n");
    skip();
  }
  char p[512];
  snprintf(p, sizeof p, "%s/ro", dir);
  assert_int_equal(mkdir(p, 0700), 0);
  setenv("CHARTCTL_PARSE_CACHE_DIR", p, 1);
  store(T2, 2, PAYLOAD, NULL, 0);
  assert_int_equal(count_files(p, NULL, NULL, 0), 1);
  rm_rf(p);
  assert_int_equal(mkdir(p, 0500), 0);
  store(T2, 2, PAYLOAD, NULL, 0);
  int tmps;
  assert_int_equal(count_files(p, &tmps, NULL, 0), 0);
  assert_int_equal(tmps, 0);
  assert_false(lookup(T2, 2, NULL));
  /* an entry in a directory made read-only later still reads */
  chmod(p, 0700);
  store(T2, 2, PAYLOAD, NULL, 0);
  chmod(p, 0500);
  assert_true(lookup(T2, 2, NULL));
  chmod(p, 0700);
  setenv("CHARTCTL_PARSE_CACHE_DIR", dir, 1);
}

/* CHARTCTL_PARSE_CACHE_MAX: after a store the directory is trimmed, oldest mtime first; a
 * hit on an entry older than an hour renews its mtime. */
static void size_cap(void **state) {
  (void)state;
  char names[8][32], texts[8][32], paths[8][512];
  tpl t[8];
  for (int i = 0; i < 8; i++)
    nth(&t[i], names[i], texts[i], i);
  store(&t[0], 1, PAYLOAD, paths[0], sizeof paths[0]);
  size_t size = (size_t)0;
  struct stat st;
  assert_int_equal(stat(paths[0], &st), 0);
  size = (size_t)st.st_size;
  char cap[32];
  snprintf(cap, sizeof cap, "%zu", 3 * size);
  setenv("CHARTCTL_PARSE_CACHE_MAX", cap, 1);
  time_t now = time(NULL);
  store(&t[1], 1, PAYLOAD, paths[1], sizeof paths[1]);
  store(&t[2], 1, PAYLOAD, paths[2], sizeof paths[2]);
  assert_int_equal(count_entries(), 3);
  set_mtime(paths[0], now - 1000); /* t1 the oldest, then t0, t2 */
  set_mtime(paths[1], now - 2000);
  set_mtime(paths[2], now - 500);
  store(&t[3], 1, PAYLOAD, paths[3], sizeof paths[3]);
  assert_int_equal(count_entries(), 3);
  assert_false(exists(paths[1]));
  assert_true(exists(paths[0]) && exists(paths[2]) && exists(paths[3]));
  set_mtime(paths[3], now - 100);
  store(&t[4], 1, PAYLOAD, paths[4], sizeof paths[4]);
  assert_false(exists(paths[0]));
  assert_true(exists(paths[2]) && exists(paths[3]) && exists(paths[4]));
  /* t2 the oldest by far, but a hit renews it: t3 goes next */
  set_mtime(paths[2], now - 7200);
  set_mtime(paths[3], now - 5000);
  set_mtime(paths[4], now - 4000);
  assert_true(lookup(&t[2], 1, NULL));
  assert_true(mtime_of(paths[2]) >= now);
  store(&t[5], 1, PAYLOAD, paths[5], sizeof paths[5]);
  assert_false(exists(paths[3]));
  assert_true(exists(paths[2]) && exists(paths[4]) && exists(paths[5]));
  /* a recent hit is not touched (no write for every render) */
  set_mtime(paths[5], now - 60);
  assert_true(lookup(&t[5], 1, NULL));
  assert_int_equal(mtime_of(paths[5]), now - 60);
  /* a cap below one entry: only the entry just written stays, nothing fails */
  setenv("CHARTCTL_PARSE_CACHE_MAX", "10", 1);
  store(&t[6], 1, PAYLOAD, paths[6], sizeof paths[6]);
  assert_int_equal(count_entries(), 1);
  assert_true(lookup(&t[6], 1, NULL));
  /* the cap is checked on a write only */
  unsetenv("CHARTCTL_PARSE_CACHE_MAX");
  store(&t[7], 1, PAYLOAD, paths[7], sizeof paths[7]);
  setenv("CHARTCTL_PARSE_CACHE_MAX", "10", 1);
  assert_true(lookup(&t[7], 1, NULL) && lookup(&t[6], 1, NULL));
  assert_int_equal(count_entries(), 2);
  unsetenv("CHARTCTL_PARSE_CACHE_MAX");
}

/* Markers are trimmed without any store too: at one new key in 16, a mark trims. */
static void markers_trimmed_without_stores(void **state) {
  (void)state;
  char stale[512];
  snprintf(stale, sizeof stale, "%s/00000000000000aa", dir);
  write_all(stale, "", 0);
  set_mtime(stale, time(NULL) - 30 * 86400);
  for (int i = 0; i < 200 && exists(stale); i++) {
    char name[32], text[32];
    tpl t;
    nth(&t, name, text, 1000 + i);
    mark(&t, 1, NULL, 0);
  }
  assert_false(exists(stale));
}

static void set_mtime_ns(const char *path, time_t t, long ns) {
  struct timespec ts[2] = {{t, ns}, {t, ns}};
  assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* Entries whose key begins with 'd' are entries like any other (not taken for listings,
 * which are "d" and a key): counted and trimmed; listings too. */
static void trim_d_names(void **state) {
  (void)state;
  char entry[512], listing[512], other[512];
  snprintf(entry, sizeof entry, "%s/d123456789abcdef", dir);     /* an entry's name */
  snprintf(listing, sizeof listing, "%s/dd123456789abcde", dir); /* a listing's */
  snprintf(other, sizeof other, "%s/d123456789abcde", dir);      /* neither: 15 digits */
  char big[4096];
  memset(big, 'x', sizeof big);
  write_all(entry, big, sizeof big);
  write_all(listing, big, sizeof big);
  write_all(other, big, sizeof big);
  time_t now = time(NULL);
  set_mtime(entry, now - 3000);
  set_mtime(listing, now - 2000);
  set_mtime(other, now - 4000);
  setenv("CHARTCTL_PARSE_CACHE_MAX", "4096", 1);
  char names[1][32], texts[1][32], path[512];
  tpl t;
  nth(&t, names[0], texts[0], 0);
  store(&t, 1, PAYLOAD, path, sizeof path);
  assert_true(exists(path));
  assert_false(exists(entry));
  assert_false(exists(listing));
  assert_true(exists(other));
}

/* The trim looks only at files named as the cache names them, orders by mtime to the
 * nanosecond, never removes the entry just written, and reads CHARTCTL_PARSE_CACHE_MAX as
 * bytes with an optional K/M/G (anything else: the default cap, nothing removed). */
static void trim_rules(void **state) {
  (void)state;
  char names[6][32], texts[6][32], paths[6][512];
  tpl t[6];
  for (int i = 0; i < 6; i++)
    nth(&t[i], names[i], texts[i], i);
  /* other files in the directory, old and empty or big, are left alone */
  char notes[512], empty[512], tmpish[512];
  snprintf(notes, sizeof notes, "%s/notes.txt", dir);
  snprintf(empty, sizeof empty, "%s/0123456789abcdeg", dir); /* not hex */
  snprintf(tmpish, sizeof tmpish, "%s/.tmp-notes", dir);
  char big[8192];
  memset(big, 'x', sizeof big);
  write_all(notes, big, sizeof big);
  write_all(empty, "", 0);
  write_all(tmpish, "x", 1);
  time_t now = time(NULL);
  set_mtime(notes, now - 30 * 86400);
  set_mtime(empty, now - 30 * 86400);
  set_mtime(tmpish, now - 30 * 86400);
  store(&t[0], 1, PAYLOAD, paths[0], sizeof paths[0]);
  struct stat st;
  assert_int_equal(stat(paths[0], &st), 0);
  char cap[32];
  snprintf(cap, sizeof cap, "%lld", (long long)st.st_size * 2);
  setenv("CHARTCTL_PARSE_CACHE_MAX", cap, 1);
  store(&t[1], 1, PAYLOAD, paths[1], sizeof paths[1]);
  /* the same second, older by nanoseconds: t0 goes, not t1 */
  set_mtime_ns(paths[0], now - 10, 100);
  set_mtime_ns(paths[1], now - 10, 900);
  store(&t[2], 1, PAYLOAD, paths[2], sizeof paths[2]);
  assert_false(exists(paths[0]));
  assert_true(exists(paths[1]) && exists(paths[2]));
  assert_true(exists(notes) && exists(empty) && exists(tmpish));
  /* the entry just written stays even when it is the oldest by mtime */
  set_mtime(paths[1], now + 3600);
  set_mtime(paths[2], now + 3600);
  store(&t[3], 1, PAYLOAD, paths[3], sizeof paths[3]);
  assert_true(exists(paths[3]));
  assert_int_equal(exists(paths[1]) + exists(paths[2]), 1);
  /* a suffix: "1G" keeps everything */
  setenv("CHARTCTL_PARSE_CACHE_MAX", "1G", 1);
  store(&t[4], 1, PAYLOAD, paths[4], sizeof paths[4]);
  assert_true(exists(paths[3]) && exists(paths[4]));
  /* a bad value means the default cap (128 MiB): nothing goes */
  const char *bad[] = {"abc", "64Q", "-5", "", "99999999999999999999"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    setenv("CHARTCTL_PARSE_CACHE_MAX", bad[i], 1);
    store(&t[5], 1, PAYLOAD, paths[5], sizeof paths[5]);
    assert_true(exists(paths[3]) && exists(paths[4]) && exists(paths[5]));
  }
  /* "0" is a valid cap: only the entry just written stays */
  setenv("CHARTCTL_PARSE_CACHE_MAX", "0", 1);
  store(&t[5], 1, PAYLOAD, paths[5], sizeof paths[5]);
  assert_true(exists(paths[5]));
  assert_false(exists(paths[3]) || exists(paths[4]));
  assert_true(exists(notes) && exists(empty) && exists(tmpish));
  unsetenv("CHARTCTL_PARSE_CACHE_MAX");
}

/* Temporary files a crashed writer left more than an hour ago go at the next store. */
static void stale_temporaries(void **state) {
  (void)state;
  char old[512], recent[512], entry[512];
  snprintf(old, sizeof old, "%s/.tmp-99999-0123456789abcdef", dir);
  snprintf(recent, sizeof recent, "%s/.tmp-99998-0123456789abcdef", dir);
  write_all(old, "partial", 7);
  write_all(recent, "partial", 7);
  time_t now = time(NULL);
  set_mtime(old, now - 7200);
  set_mtime(recent, now - 60);
  assert_false(lookup(T2, 2, NULL)); /* a lookup does not trim */
  assert_true(exists(old));
  store(T2, 2, PAYLOAD, entry, sizeof entry);
  assert_false(exists(old));
  assert_true(exists(recent)); /* maybe another process writing */
  assert_true(lookup(T2, 2, NULL));
  int tmps;
  assert_int_equal(count_files(dir, &tmps, NULL, 0), 1);
  assert_int_equal(tmps, 1);
}

/* Processes storing and fetching the same entry at once: a hit is always the whole payload,
 * no temporary file stays. */
static void concurrent_writers(void **state) {
  (void)state;
  char big[64 * 1024];
  for (size_t i = 0; i < sizeof big - 1; i++)
    big[i] = (char)('a' + i % 26);
  big[sizeof big - 1] = 0;
  pid_t kids[4];
  for (int k = 0; k < 4; k++) {
    kids[k] = fork();
    assert_true(kids[k] >= 0);
    if (kids[k] == 0) {
      int bad = 0;
      for (int r = 0; r < 50; r++) {
        ct_pcache pc;
        begin_add(&pc, T2, 2);
        if (ct_pcache_fetch(&pc)) {
          if (pc.payload_len != strlen(big) || memcmp(pc.payload, big, pc.payload_len) != 0)
            bad = 1;
        }
        if (r % 2 == k % 2) ct_pcache_store(&pc, big, strlen(big));
        ct_pcache_dispose(&pc);
      }
      _exit(bad);
    }
  }
  for (int k = 0; k < 4; k++) {
    int status;
    assert_int_equal(waitpid(kids[k], &status, 0), kids[k]);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
  }
  ct_buf got = CT_BUF_INIT;
  assert_true(lookup(T2, 2, &got));
  assert_int_equal(got.len, strlen(big));
  int tmps;
  assert_int_equal(count_files(dir, &tmps, NULL, 0), 1);
  assert_int_equal(tmps, 0);
  ct_buf_dispose(&got);
}

/* ---- ct_render_chart with the cache ---- */
typedef struct tfile {
  const char *name, *text;
} tfile;

static ct_chart *mk_chart(ct_arena *a, const char *name, const tfile *t, size_t n) {
  ct_chart *c = ct_arena_alloc(a, sizeof *c);
  c->arena = a;
  c->meta.name = name;
  c->meta.version = "0.1.0";
  c->meta.api_version = "v2";
  c->meta.type = "";
  c->templates = ct_arena_alloc(a, (n + 1) * sizeof *c->templates);
  for (size_t i = 0; i < n; i++) {
    /* a copy per render: the texts are at other addresses each time */
    size_t len = strlen(t[i].text);
    char *text = ct_arena_alloc(a, len + 1);
    memcpy(text, t[i].text, len);
    c->templates[i].name = t[i].name;
    c->templates[i].data = text;
    c->templates[i].len = len;
  }
  c->ntemplates = n;
  c->values = ct_map_new(a, CT_MAP, 0);
  return c;
}

static const tfile CHART[] = {
    {"templates/_helpers.tpl",
     "{{- define \"c.name\" -}}\n{{ .Chart.Name }}-{{ .Release.Name | upper }}\n{{- end -}}\n"
     "{{- define \"c.labels\" -}}\n{{- range $k, $v := .Values.labels }}\n{{ $k }}: {{ $v | "
     "quote }}\n{{- end }}\n{{- end -}}\n"},
    {"templates/cm.yaml", "kind: ConfigMap\nname: {{ include \"c.name\" . }}\nlabels:\n"
                          "{{- include \"c.labels\" . | nindent 2 }}\n{{- with .Values.extra }}\n"
                          "extra: {{ . }}{{ else }}\nextra: none{{ end }}\n"},
    {"templates/svc.yaml", "kind: Service\nport: {{ .Values.port | default 80 }}\n"
                           "{{- range $i, $p := list 1 2 3 }}\n- {{ $i }}: {{ $p }}{{ end }}\n"},
    {"templates/fail.yaml", "{{- if .Values.boom }}\n\n  {{ fail \"boom\" }}{{ end }}\n"},
};

/* Renders TPLS (chart "c", values labels.a=x, port=8080, boom=BOOM) into OUT: every
 * document's name and text, or "error: " and the error. */
static int render(const tfile *tpls, size_t n, bool boom, ct_buf *out) {
  ct_arena *a = ct_arena_new();
  ct_chart *c = mk_chart(a, "c", tpls, n);
  ct_value *vals = ct_map_new(a, CT_MAP, 4);
  ct_value *labels = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, labels, "a", ct_cstring(a, "x"));
  ct_map_setc(a, labels, "b", ct_cstring(a, "y"));
  ct_map_setc(a, vals, "labels", labels);
  ct_map_setc(a, vals, "port", ct_cstring(a, "8080"));
  ct_map_setc(a, vals, "boom", ct_bool(a, boom));
  ct_value *top = ct_map_new(a, CT_MAP, 4);
  ct_value *rel = ct_map_new(a, CT_MAP, 2);
  ct_map_setc(a, rel, "Name", ct_cstring(a, "rel"));
  ct_map_setc(a, rel, "Namespace", ct_cstring(a, "ns"));
  ct_value *ch = ct_map_new(a, CT_MAP, 1);
  ct_map_setc(a, ch, "Name", ct_cstring(a, "c"));
  ct_map_setc(a, top, "Release", rel);
  ct_map_setc(a, top, "Chart", ch);
  ct_map_setc(a, top, "Values", vals);
  ct_rendered *r;
  size_t nr;
  ct_buf err = CT_BUF_INIT;
  ct_buf_reset(out);
  int rc = ct_render_chart(&r, &nr, a, c, top, ct_caps_default(a, NULL, 0), NULL, &err);
  if (rc == 0) {
    for (size_t i = 0; i < nr; i++)
      ct_buf_printf(out, "# %s\n%.*s\n", r[i].name, (int)r[i].len, r[i].text);
  } else {
    ct_buf_printf(out, "error: %s", ct_buf_str(&err));
  }
  ct_buf_dispose(&err);
  ct_arena_free(a);
  return rc;
}

/* The output without the cache. */
static int render_uncached(const tfile *tpls, size_t n, bool boom, ct_buf *out) {
  setenv("CHARTCTL_NO_PARSE_CACHE", "1", 1);
  int rc = render(tpls, n, boom, out);
  unsetenv("CHARTCTL_NO_PARSE_CACHE");
  return rc;
}

static ino_t inode_of(const char *path) {
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  return st.st_ino;
}

/* Rewrites the entry at PATH with PAYLOAD (LEN bytes) under a valid header and checksum,
 * through the cache's own store (the names and texts are read back from the entry). */
static void restore_payload(const char *path, const void *payload, size_t len) {
  size_t n;
  unsigned char *e = read_all(path, &n);
  assert_true(n >= HDR);
  size_t texts = u64_at(e + H_TEXTS);
  ct_pcache pc;
  ct_pcache_begin(&pc);
  char *names[16];
  int k = 0;
  for (size_t at = HDR; at < HDR + texts; k++) {
    assert_true(k < 16);
    size_t nl = u64_at(e + at), tl = u64_at(e + at + 8);
    names[k] = strndup((const char *)e + at + 16, nl);
    ct_pcache_add(&pc, names[k], (const char *)e + at + 16 + nl, tl);
    at += 16 + nl + tl;
  }
  ct_pcache_fetch(&pc);
  assert_string_equal(pc.path, path);
  ct_pcache_store(&pc, payload, len);
  ct_pcache_dispose(&pc);
  for (int i = 0; i < k; i++)
    free(names[i]);
  free(e);
}

static void render_cold_warm_and_fallbacks(void **state) {
  (void)state;
  const size_t n = sizeof CHART / sizeof CHART[0];
  ct_buf want = CT_BUF_INIT, got = CT_BUF_INIT, want_err = CT_BUF_INIT;
  assert_int_equal(render_uncached(CHART, n, false, &want), 0);
  assert_int_equal(render_uncached(CHART, n, true, &want_err), -1);
  assert_int_equal(count_entries(), 0); /* CHARTCTL_NO_PARSE_CACHE: nothing written */
  assert_non_null(strstr(ct_buf_str(&want), "name: c-REL"));
  assert_non_null(strstr(ct_buf_str(&want_err), "(c/templates/fail.yaml:3:5): boom"));

  /* cold: the first render leaves a marker, the second writes the entry */
  assert_int_equal(render(CHART, n, false, &got), 0);
  assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  char path[512];
  int tmps;
  assert_int_equal(count_files(dir, &tmps, path, sizeof path), 1);
  assert_int_equal(tmps, 0);
  assert_int_equal(size_of(path), 0);
  assert_int_equal(render(CHART, n, false, &got), 0);
  assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  assert_int_equal(count_files(dir, &tmps, NULL, 0), 1);
  assert_int_equal(tmps, 0);
  size_t elen;
  unsigned char *entry = read_all(path, &elen);
  assert_true(elen > HDR);
  size_t texts = u64_at(entry + H_TEXTS);
  size_t plen = elen - HDR - texts;
  assert_int_equal(u64_at(entry + H_PAYLOAD), plen);
  assert_true(plen > 0);

  /* warm: the entry is read and loaded (not dropped and rewritten: same inode; an old one
   * has its mtime renewed) */
  ino_t ino = inode_of(path);
  time_t now = time(NULL);
  set_mtime(path, now - 7200);
  assert_int_equal(render(CHART, n, false, &got), 0);
  assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  assert_int_equal(inode_of(path), ino);
  assert_true(mtime_of(path) >= now);
  /* execution errors from loaded trees: the same message and position */
  assert_int_equal(render(CHART, n, true, &got), -1);
  assert_string_equal(ct_buf_str(&got), ct_buf_str(&want_err));
  assert_int_equal(inode_of(path), ino);

  /* the entry read back each time must be the cold one, byte for byte */
#define SAME_ENTRY_AGAIN()                                                                         \
  do {                                                                                             \
    size_t l2_;                                                                                    \
    unsigned char *e2_ = read_all(path, &l2_);                                                     \
    assert_non_null(e2_);                                                                          \
    assert_int_equal(l2_, elen);                                                                   \
    assert_memory_equal(e2_, entry, elen);                                                         \
    free(e2_);                                                                                     \
    assert_int_equal(count_files(dir, &tmps, NULL, 0), 1);                                         \
    assert_int_equal(tmps, 0);                                                                     \
  } while (0)

  /* a damaged payload (checksum wrong): parsed again, the entry rewritten */
  unsigned char *bad = malloc(elen + 1);
  memcpy(bad, entry, elen);
  bad[HDR + texts + plen / 2] ^= 0x55;
  write_all(path, bad, elen);
  assert_int_equal(render(CHART, n, false, &got), 0);
  assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  SAME_ENTRY_AGAIN();
  /* truncated */
  write_all(path, entry, elen - plen / 2);
  assert_int_equal(render(CHART, n, false, &got), 0);
  assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  SAME_ENTRY_AGAIN();

  /* payloads under a valid checksum that do not load: empty, truncated records, a byte too
   * many; each renders as without the cache (a set that loaded part
   * of the records is thrown away) and the entry is rewritten */
  const unsigned char *payload = entry + HDR + texts;
  const size_t bads[] = {0, 1, plen / 3, plen / 2, plen - 1, plen + 1};
  for (size_t k = 0; k < sizeof bads / sizeof bads[0]; k++) {
    memcpy(bad, payload, plen);
    bad[plen] = 0;
    restore_payload(path, bad, bads[k]);
    assert_int_equal(render(CHART, n, false, &got), 0);
    assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
    /* dropped and written again: the file holds the good entry once more (its inode may be
     * the old one's, which the file system can give to the new file at once) */
    SAME_ENTRY_AGAIN();
  }
  free(bad);
  free(entry);
#undef SAME_ENTRY_AGAIN
  ct_buf_dispose(&want);
  ct_buf_dispose(&got);
  ct_buf_dispose(&want_err);
}

/* A template edited keeps its length: the entry does not match, the edit shows; a syntax
 * error fails as without the cache and writes no entry. */
static void render_edited_templates(void **state) {
  (void)state;
  const size_t n = sizeof CHART / sizeof CHART[0];
  ct_buf want = CT_BUF_INIT, got = CT_BUF_INIT;
  for (int i = 0; i < 3; i++)
    assert_int_equal(render(CHART, n, false, &got), 0);
  assert_int_equal(count_entries(), 1);
  tfile edited[sizeof CHART / sizeof CHART[0]];
  memcpy(edited, CHART, sizeof edited);
  edited[1].text = "kind: ConfigMaP\nname: {{ include \"c.name\" . }}\nlabels:\n"
                   "{{- include \"c.labels\" . | nindent 2 }}\n{{- with .Values.extra }}\n"
                   "extra: {{ . }}{{ else }}\nextra: none{{ end }}\n";
  assert_int_equal(strlen(edited[1].text), strlen(CHART[1].text));
  assert_int_equal(render_uncached(edited, n, false, &want), 0);
  assert_non_null(strstr(ct_buf_str(&want), "kind: ConfigMaP"));
  for (int i = 0; i < 3; i++) { /* a marker, an entry, a hit */
    assert_int_equal(render(edited, n, false, &got), 0);
    assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  }
  assert_int_equal(count_entries(), 2);
  /* a syntax error, same length */
  edited[1].text = "kind: ConfigMap\nname: {{ include \"c.name\" . }}\nlabels:\n"
                   "{{- include \"c.labels\" . | nindent 2 }}\n{{- with .Values.extra }}\n"
                   "extra: {{ . }}{{ else }}\nextra: none{{ edn }}\n";
  assert_int_equal(strlen(edited[1].text), strlen(CHART[1].text));
  assert_int_equal(render_uncached(edited, n, false, &want), -1);
  assert_int_equal(render(edited, n, false, &got), -1);
  assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  assert_non_null(strstr(ct_buf_str(&got), "parse error"));
  assert_int_equal(count_entries(), 2); /* a failed parse leaves no entry and no marker */
  assert_int_equal(render(edited, n, false, &got), -1);
  assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  ct_buf_dispose(&want);
  ct_buf_dispose(&got);
}

/* The cache's API with the names and texts of the entry at PATH, but TEXT for template NAME:
 * leaves a marker for that list (PAYLOAD NULL) or stores PAYLOAD as its entry; *OUT: the
 * file's path. */
static void like_entry(const char *path, const char *name, const char *text, const char *payload,
                       char *out, size_t cap) {
  size_t n;
  unsigned char *e = read_all(path, &n);
  assert_true(n >= HDR);
  size_t texts = u64_at(e + H_TEXTS);
  ct_pcache pc;
  ct_pcache_begin(&pc);
  char *names[16];
  int k = 0, found = 0;
  for (size_t at = HDR; at < HDR + texts; k++) {
    assert_true(k < 16);
    size_t nl = u64_at(e + at), tl = u64_at(e + at + 8);
    names[k] = strndup((const char *)e + at + 16, nl);
    if (strcmp(names[k], name) == 0) {
      ct_pcache_add(&pc, names[k], text, strlen(text));
      found++;
    } else {
      ct_pcache_add(&pc, names[k], (const char *)e + at + 16 + nl, tl);
    }
    at += 16 + nl + tl;
  }
  assert_int_equal(found, 1);
  assert_false(ct_pcache_fetch(&pc));
  if (payload)
    ct_pcache_store(&pc, payload, strlen(payload));
  else
    ct_pcache_mark(&pc);
  snprintf(out, cap, "%s", pc.path);
  ct_pcache_dispose(&pc);
  for (int i = 0; i < k; i++)
    free(names[i]);
  free(e);
}

/* A parse that fails is never cached, even for templates seen before (a marker there) or with
 * an entry that does not load: the error is the one without the cache. */
static void render_failed_parse_not_cached(void **state) {
  (void)state;
  const size_t n = sizeof CHART / sizeof CHART[0];
  ct_buf want = CT_BUF_INIT, got = CT_BUF_INIT;
  for (int i = 0; i < 2; i++)
    assert_int_equal(render(CHART, n, false, &got), 0);
  char good[512], marker[512];
  assert_int_equal(count_files(dir, NULL, good, sizeof good), 1);
  tfile broken[sizeof CHART / sizeof CHART[0]];
  memcpy(broken, CHART, sizeof broken);
  broken[2].text = "kind: Service\nport: {{ .Values.port | default 80 }}\n"
                   "{{- range $i, $p := list 1 2 3 }}\n- {{ $i }}: {{ $p }}{{ end }\n";
  assert_int_equal(strlen(broken[2].text), strlen(CHART[2].text) - 1);
  assert_int_equal(render_uncached(broken, n, false, &want), -1);
  assert_non_null(strstr(ct_buf_str(&want), "parse error at (c/templates/svc.yaml:4)"));
  like_entry(good, "c/templates/svc.yaml", broken[2].text, NULL, marker, sizeof marker);
  assert_int_equal(size_of(marker), 0);
  assert_int_equal(count_entries(), 2);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(render(broken, n, false, &got), -1);
    assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
    assert_int_equal(size_of(marker), 0); /* no entry written */
  }
  /* an entry that does not load: dropped, the parse fails as without the cache */
  like_entry(good, "c/templates/svc.yaml", broken[2].text, "not a record", marker, sizeof marker);
  assert_true(size_of(marker) > 0);
  assert_int_equal(render(broken, n, false, &got), -1);
  assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  assert_false(exists(marker));
  int tmps;
  assert_int_equal(count_files(dir, &tmps, NULL, 0), 1);
  assert_int_equal(tmps, 0);
  ct_buf_dispose(&want);
  ct_buf_dispose(&got);
}

/* The cache directory is a regular file (or read-only): renders as without the cache. */
static void render_without_usable_dir(void **state) {
  (void)state;
  const size_t n = sizeof CHART / sizeof CHART[0];
  ct_buf want = CT_BUF_INIT, got = CT_BUF_INIT;
  assert_int_equal(render_uncached(CHART, n, false, &want), 0);
  char p[512];
  snprintf(p, sizeof p, "%s/file", dir);
  write_all(p, "x", 1);
  setenv("CHARTCTL_PARSE_CACHE_DIR", p, 1);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(render(CHART, n, false, &got), 0);
    assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
  }
  if (geteuid() != 0) {
    snprintf(p, sizeof p, "%s/ro", dir);
    assert_int_equal(mkdir(p, 0500), 0);
    setenv("CHARTCTL_PARSE_CACHE_DIR", p, 1);
    assert_int_equal(render(CHART, n, false, &got), 0);
    assert_string_equal(ct_buf_str(&got), ct_buf_str(&want));
    assert_int_equal(count_files(p, NULL, NULL, 0), 0);
  }
  setenv("CHARTCTL_PARSE_CACHE_DIR", dir, 1);
  assert_int_equal(count_entries(), 0);
  ct_buf_dispose(&want);
  ct_buf_dispose(&got);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(miss_on_empty_dir),
      T(store_then_fetch),
      T(other_text_or_name_misses),
      T(texts_compared_byte_for_byte),
      T(big_texts_compared_window_by_window),
      T(hit_outlives_replacement),
      T(truncated_while_mapped),
      T(stat_link_then_fetch),
      T(digest_templates),
      T(sparse_template_changed_after_its_stat),
      T(stat_link_rules),
      T(stat_links_trimmed),
      T(damaged_entries_miss_and_go),
      T(damaged_texts_miss),
      T(foreign_files),
      T(markers),
      T(foreign_owner_or_mode),
      T(disabled_by_env),
      T(directory_choice),
      T(dir_is_a_file),
      T(read_only_dir),
      T(size_cap),
      T(trim_rules),
      T(trim_d_names),
      T(markers_trimmed_without_stores),
      T(stale_temporaries),
      T(concurrent_writers),
      T(render_cold_warm_and_fallbacks),
      T(render_edited_templates),
      T(render_failed_parse_not_cached),
      T(render_without_usable_dir),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
