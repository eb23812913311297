/* parse_cache.c — where parsed templates (and the files of chart archives, another kind of
 * entry) are kept between processes (docs/parse-cache.md): the key (a fast hash of the
 * binary's ELF build id, the kind, and every template's name and text), the entry's file (a
 * header; the names and texts, compared on lookup; the payload), mapped on a hit and guarded
 * against truncation while in use, markers (empty files: the texts were seen once), atomic
 * writes by rename, and a size cap trimmed oldest first. */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "chartctl/mapguard.h"
#include "chartctl/parse_cache.h"

#define MAGIC "ctparse\n"
/* The format: 2 trees decoded lazily (a root's length before it); 3 the texts' checksum; 4
 * branch lists decoded lazily; 5 check64 checksums; 6 strings stored with their NUL and used
 * where they lie; 7 sparse templates held by their digest, with their trees. */
#define VERSION 7u
/* The header: magic, version, key, texts' and payload's lengths, payload's and texts'
 * checksums, the kind of payload (trees: 0, as when these 8 bytes were spare). */
#define HDR 64
#define DEFAULT_CAP (128u << 20) /* bytes of entries kept */
#define MAX_ENTRY (256u << 20)
#define MARKER_DAYS 7    /* a marker not followed by a second render within this goes */
#define TOUCH_AFTER 3600 /* seconds: a hit older than this has its mtime renewed */
#define STAT_SEED 0x73746174u /* "stat": the links' keys apart from the entries' */
/* A file changed less than this before a link is made may change again within the same tick
 * of the file system's clock (a coarse one: jiffies), keeping its stat: no link then. */
#define SETTLE_NS 2000000000LL

/* ---- the binary's identity ---- */
typedef struct build_id {
  unsigned char b[64];
  size_t n;
} build_id;

static int find_build_id(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  build_id *id = data;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_NOTE) continue;
    const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
    const unsigned char *end = p + ph->p_memsz;
    while ((size_t)(end - p) >= sizeof(ElfW(Nhdr))) {
      const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
      size_t name = (nh->n_namesz + 3u) & ~3u, desc = (nh->n_descsz + 3u) & ~3u;
      if ((size_t)(end - p) - sizeof *nh < name + desc) break;
      const unsigned char *nm = p + sizeof *nh;
      if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(nm, "GNU", 4) == 0 &&
          nh->n_descsz > 0 && nh->n_descsz <= sizeof id->b) {
        memcpy(id->b, nm + name, nh->n_descsz);
        id->n = nh->n_descsz;
        return 1;
      }
      p += sizeof *nh + name + desc;
    }
  }
  return 1; /* the first object is the program itself: stop there */
}

/* ---- helpers ---- */
static bool env_on(const char *name) {
  const char *v = getenv(name);
  return v && *v && strcmp(v, "0") != 0;
}

/* The cache directory (heap), or NULL. */
static char *cache_dir(void) {
  const char *d = getenv("CHARTCTL_PARSE_CACHE_DIR");
  char *out = NULL;
  if (d && *d) return strdup(d);
  const char *x = getenv("XDG_CACHE_HOME");
  if (x && x[0] == '/') { /* the XDG spec ignores relative paths */
    if (asprintf(&out, "%s/chartctl/parse", x) < 0) return NULL;
    return out;
  }
  const char *h = getenv("HOME");
  if (!h || h[0] != '/') return NULL;
  if (asprintf(&out, "%s/.cache/chartctl/parse", h) < 0) return NULL;
  return out;
}

/* A fast 64-bit hash (not against an adversary: entries are compared byte for byte, and a
 * collision only costs a miss): four multiply-xorshift lanes over 8-byte words. */
static uint64_t hash64(uint64_t seed, const void *data, size_t n) {
  const unsigned char *p = data;
  const uint64_t m = 0x9E3779B97F4A7C15u;
  uint64_t h[4] = {seed ^ n, 0x243F6A8885A308D3u, 0x13198A2E03707344u, 0xA4093822299F31D0u};
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int k = 0; k < 4; k++) {
      uint64_t w;
      memcpy(&w, p + i + 8 * k, 8);
      h[k] = (h[k] ^ w) * m;
      h[k] ^= h[k] >> 29;
    }
  }
  for (int k = 0; i < n; i++, k = (k + 1) & 3) {
    h[k] = (h[k] ^ p[i]) * m;
    h[k] ^= h[k] >> 29;
  }
  uint64_t r = 0;
  for (int k = 0; k < 4; k++) {
    r = (r ^ h[k]) * m;
    r ^= r >> 31;
  }
  return r;
}

/* The checksums of an entry's parts: against damage (bits flipped, bytes lost or moved), not
 * an adversary, and read over the whole entry at every hit, so cheaper than hash64: Fletcher's
 * two running sums (the second adds up the first, so a word's place counts) in four 32-bit
 * lanes, 16 bytes a step (~0.2 instructions a byte against hash64's ~0.6), then mixed. */
static uint64_t check64(uint64_t seed, const void *data, size_t n) {
  const unsigned char *p = data;
  uint32_t a[4] = {(uint32_t)seed, 1, 2, 3}, b[4] = {(uint32_t)(seed >> 32), 0, 0, 0};
  size_t i = 0;
#if defined(__SSE2__)
  __m128i s1 = _mm_loadu_si128((const __m128i *)a), s2 = _mm_loadu_si128((const __m128i *)b);
  for (; i + 16 <= n; i += 16) {
    s1 = _mm_add_epi32(s1, _mm_loadu_si128((const __m128i *)(p + i)));
    s2 = _mm_add_epi32(s2, s1);
  }
  _mm_storeu_si128((__m128i *)a, s1);
  _mm_storeu_si128((__m128i *)b, s2);
#else
  for (; i + 16 <= n; i += 16)
    for (int k = 0; k < 4; k++) {
      uint32_t w;
      memcpy(&w, p + i + 4 * k, 4);
      a[k] += w;
      b[k] += a[k];
    }
#endif
  const uint64_t m = 0x9E3779B97F4A7C15u;
  uint64_t h = seed ^ n;
  for (int k = 0; k < 4; k++) {
    h = (h ^ ((uint64_t)b[k] << 32 | a[k])) * m;
    h ^= h >> 29;
  }
  for (; i < n; i++) {
    h = (h ^ p[i]) * m;
    h ^= h >> 29;
  }
  return h ^ (h >> 31);
}

static void put_u64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static uint64_t get_u64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

static bool mkdirs(const char *path) {
  char *p = strdup(path);
  if (!p) return false;
  bool ok = true;
  for (char *s = p + 1;; s++) {
    if (*s == '/' || *s == 0) {
      char c = *s;
      *s = 0;
      if (mkdir(p, 0700) != 0 && errno != EEXIST) ok = false;
      *s = c;
      if (!c || !ok) break;
    }
  }
  free(p);
  return ok;
}

/* ---- the key ---- */
void ct_pcache_begin(ct_pcache *pc) { ct_pcache_begin_kind(pc, CT_PCACHE_TREES); }

void ct_pcache_begin_kind(ct_pcache *pc, unsigned kind) {
  memset(pc, 0, sizeof *pc);
  pc->kind = kind;
  if (env_on("CHARTCTL_NO_PARSE_CACHE")) return;
  static build_id id;
  static int id_state; /* 0 unknown, 1 found, -1 none */
  if (!id_state) {
    dl_iterate_phdr(find_build_id, &id);
    id_state = id.n ? 1 : -1;
  }
  if (id_state < 0) return;
  pc->on = true;
  pc->key = hash64(VERSION ^ (uint64_t)kind << 32, id.b, id.n);
  pc->stat_key = hash64(VERSION ^ STAT_SEED, id.b, id.n);
  pc->stat_settled = true;
}

void ct_pcache_add(ct_pcache *pc, const char *name, const char *text, size_t len) {
  if (!pc->on) return;
  if (pc->ntpls == pc->cap) {
    size_t nc = pc->cap ? pc->cap * 2 : 64;
    ct_pcache_tpl *v = realloc(pc->tpls, nc * sizeof *v);
    if (!v) {
      pc->on = false;
      return;
    }
    pc->tpls = v;
    pc->cap = nc;
  }
  size_t nl = strlen(name);
  pc->tpls[pc->ntpls++] = (ct_pcache_tpl){name, text, len, false};
  pc->texts_len += 16 + nl + len;
  pc->key = hash64(pc->key, name, nl);
  pc->key = hash64(pc->key, text, len);
}

/* A template held by its digest is marked in its text length's top bit (format 7): the
 * digest's bytes are never taken for a text, nor a text for a digest. */
#define DIGEST_BIT ((uint64_t)1 << 63)

void ct_pcache_add_digest(ct_pcache *pc, const char *name, const unsigned char *digest) {
  ct_pcache_add(pc, name, (const char *)digest, CT_PCACHE_DIGEST);
  if (!pc->on) return;
  pc->tpls[pc->ntpls - 1].digest = true;
  pc->key = hash64(pc->key, "#", 1); /* a digest is not the same text */
}

/* The length field of T in the names-and-texts section. */
static uint64_t len_field(const ct_pcache_tpl *t) {
  return (uint64_t)t->len | (t->digest ? DIGEST_BIT : 0);
}

void ct_pcache_add_stat(ct_pcache *pc, const char *name, const ct_chart_file_id *id) {
  if (!pc->on) return;
  if (!pc->now_ns) {
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    pc->now_ns = t.tv_sec * 1000000000LL + t.tv_nsec;
  }
  unsigned char b[40];
  put_u64(b, id->dev);
  put_u64(b + 8, id->ino);
  put_u64(b + 16, id->size);
  put_u64(b + 24, (uint64_t)id->mtime_ns);
  put_u64(b + 32, (uint64_t)id->ctime_ns);
  pc->stat_key = hash64(pc->stat_key, name, strlen(name));
  pc->stat_key = hash64(pc->stat_key, b, sizeof b);
  pc->nstats++;
  if (id->mtime_ns > pc->now_ns - SETTLE_NS || id->ctime_ns > pc->now_ns - SETTLE_NS)
    pc->stat_settled = false;
}

/* The names-and-texts section of a mapped entry, compared piece by piece with the templates
 * added. Compared pages are dropped from the mapping a window at a time, and the rest of the
 * section once compared: mapped pages count in the peak RSS (the kernel records its high
 * water whenever pages are dropped), so the texts weigh at most a window in it. */
#define TEXTS_WINDOW ((size_t)64 << 10)

typedef struct texts_cmp {
  const unsigned char *p, *end; /* the next byte to compare, the section's end */
  const unsigned char *kept;    /* the first page not dropped yet */
  size_t page;
} texts_cmp;

static void drop_compared(texts_cmp *c, size_t at_least) {
  size_t done = (size_t)(c->p - c->kept) & ~(c->page - 1);
  if (done && done >= at_least) {
    madvise((void *)c->kept, done, MADV_DONTNEED);
    c->kept += done;
  }
}

static bool cmp_same(texts_cmp *c, const void *q, size_t n) {
  const unsigned char *b = q;
  if ((size_t)(c->end - c->p) < n) return false;
  while (n) {
    size_t k = n < TEXTS_WINDOW ? n : TEXTS_WINDOW;
    if (memcmp(c->p, b, k) != 0) return false;
    c->p += k;
    b += k;
    n -= k;
    drop_compared(c, TEXTS_WINDOW);
  }
  return true;
}

/* Whether the mapped entry M's names-and-texts section (at HDR, pc->texts_len bytes) is the
 * templates added. */
static bool same_texts(const ct_pcache *pc, const unsigned char *m) {
  texts_cmp c = {m + HDR, m + HDR + pc->texts_len, m, (size_t)sysconf(_SC_PAGESIZE)};
  for (size_t i = 0; i < pc->ntpls; i++) {
    const ct_pcache_tpl *t = &pc->tpls[i];
    unsigned char ln[16];
    size_t nl = strlen(t->name);
    put_u64(ln, nl);
    put_u64(ln + 8, len_field(t));
    if (!cmp_same(&c, ln, 16) || !cmp_same(&c, t->name, nl) || !cmp_same(&c, t->text, t->len))
      return false;
  }
  drop_compared(&c, 1); /* the section's last page is the payload's first: kept */
  return true;
}

void ct_pcache_unmap(ct_pcache_map *m) {
  if (m->addr) {
    ct_mapguard_remove(m->addr);
    munmap(m->addr, m->len);
  }
  m->addr = NULL;
  m->len = 0;
}

/* ---- an entry: header, names and texts, payload ---- */
enum {
  H_MAGIC = 0,
  H_VERSION = 8,
  H_KEY = 16,
  H_TEXTS = 24,
  H_PAYLOAD = 32,
  H_SUM = 40,
  H_TSUM = 48,
  H_KIND = 56
};

/* geteuid(), asked once: a render checks the owner of every entry and link it opens (eight
 * system calls a render before). chartctl never changes its effective user. */
static uid_t my_euid(void) {
  static uid_t euid;
  static bool known;
  if (!known) euid = geteuid(), known = true;
  return euid;
}

/* Whether ST is a file of this user's that others cannot write: only such files count. In a
 * directory others can write to (a CHARTCTL_PARSE_CACHE_DIR under /tmp), another user's file
 * could carry other trees for the same texts, or (a link) name an entry for other texts. */
static bool own_file(const struct stat *st) {
  return S_ISREG(st->st_mode) && st->st_uid == my_euid() && !(st->st_mode & 022);
}

/* Maps the entry open as FD (SIZE bytes) into pc->map, guarded under PATH; NULL on failure. */
static const unsigned char *map_entry(ct_pcache *pc, int fd, size_t size, const char *path) {
  void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (m == MAP_FAILED) return NULL;
  pc->map = (ct_pcache_map){m, size};
  /* entries are replaced by rename and removed by unlink, which leave a mapping whole: only
   * a truncation takes its pages away */
  ct_mapguard_add(m, size, path, CT_MAPGUARD_CACHE_ENTRY);
  return m;
}

/* Whether the mapped entry H (SIZE bytes) has this format's header for pc->kind with the texts'
 * length *TEXTS_LEN and a payload filling the rest (its checksum is payload_ok's). */
static bool header_ok(const ct_pcache *pc, const unsigned char *h, size_t size,
                      uint64_t *texts_len) {
  if (size < HDR || memcmp(h + H_MAGIC, MAGIC, 8) != 0 || get_u64(h + H_VERSION) != VERSION ||
      get_u64(h + H_KIND) != pc->kind)
    return false;
  *texts_len = get_u64(h + H_TEXTS);
  return *texts_len <= size - HDR && get_u64(h + H_PAYLOAD) == size - HDR - *texts_len;
}

static bool payload_ok(const unsigned char *h, size_t size, uint64_t texts_len) {
  return get_u64(h + H_SUM) == check64(0, h + HDR + texts_len, size - HDR - texts_len);
}

/* A hit renews an entry older than TOUCH_AFTER: the size cap trims the oldest first. */
static void renew(int fd, const struct stat *st) {
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME_COARSE, &now) == 0 && now.tv_sec - st->st_mtime > TOUCH_AFTER)
    futimens(fd, NULL);
}

/* Sets pc->path, the entry's file, once: false (and the cache off) when there is none. */
static bool entry_path(ct_pcache *pc) {
  if (pc->path) return true;
  char *dir = cache_dir();
  if (!dir) {
    pc->on = false;
    return false;
  }
  const char *prefix = pc->kind == CT_PCACHE_LISTING ? "d"
                       : pc->kind == CT_PCACHE_HEADS ? "m"
                                                     : "";
  int r = asprintf(&pc->path, "%s/%s%016llx", dir, prefix, (unsigned long long)pc->key);
  free(dir);
  if (r < 0) {
    pc->path = NULL;
    pc->on = false;
    return false;
  }
  return true;
}

bool ct_pcache_fetch(ct_pcache *pc) {
  if (!pc->on) return false;
  if (!entry_path(pc)) return false;
  int fd = open(pc->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  if (fstat(fd, &st) != 0 || !own_file(&st)) {
    close(fd);
    return false;
  }
  pc->admit = true;      /* seen before: a marker, or an entry to replace */
  if (st.st_size == 0) { /* a marker */
    close(fd);
    return false;
  }
  /* the entry is mapped, not read: the payload's pages are the page cache's own (a read
   * would fault in, zero and fill as many fresh pages), and the texts are compared in place */
  size_t size = (size_t)st.st_size;
  bool ok = st.st_size <= MAX_ENTRY;
  const unsigned char *h = ok ? map_entry(pc, fd, size, pc->path) : NULL;
  if (ok && !h) { /* not the entry's fault: a miss, the entry stays */
    close(fd);
    return false;
  }
  uint64_t tl = 0;
  ok = ok && header_ok(pc, h, size, &tl) && tl == pc->texts_len && get_u64(h + H_KEY) == pc->key;
  bool same = ok && same_texts(pc, h);
  if (same) same = ok = payload_ok(h, size, tl);
  if (same) renew(fd, &st);
  close(fd);
  if (!same) {
    /* a damaged entry goes; another chart's (same hash) stays until this one replaces it */
    if (!ok) ct_pcache_drop(pc);
    ct_pcache_unmap(&pc->map);
    return false;
  }
  pc->payload = h + HDR + tl;
  pc->payload_len = size - HDR - tl;
  return true;
}

/* The texts' checksum, chained over each template's lengths (16 bytes), name and text. */
static uint64_t texts_sum(uint64_t sum, const void *lens, const void *name, size_t nl,
                          const void *text, size_t len) {
  sum = check64(sum, lens, 16);
  sum = check64(sum, name, nl);
  return check64(sum, text, len);
}

/* A link's file name (heap), PREFIX and KEY in hex in the cache directory, or NULL: links
 * by stat ('s', the stat key) and hints ('h', a listing's key). */
static char *link_named(char prefix, uint64_t key) {
  char *dir = cache_dir(), *p = NULL;
  if (dir && asprintf(&p, "%s/%c%016llx", dir, prefix, (unsigned long long)key) < 0) p = NULL;
  free(dir);
  return p;
}

static char *link_path(const ct_pcache *pc) { return link_named('s', pc->stat_key); }

bool ct_pcache_fetch_stat(ct_pcache *pc, const char *const *names, size_t n, const char **texts,
                          size_t *lens) {
  if (!pc->on || !n || pc->nstats != n) return false;
  if (!pc->link) pc->link = link_path(pc);
  if (!pc->link) return false;
  /* the link must be this user's, as the entry it names must: in a directory others can
   * write to, another user's link could name an entry of ours for other texts */
  struct stat st;
  if (fstatat(AT_FDCWD, pc->link, &st, AT_SYMLINK_NOFOLLOW) != 0) return false;
  if (!S_ISLNK(st.st_mode) || st.st_uid != my_euid()) return false;
  int fd = open(pc->link, O_RDONLY | O_CLOEXEC);
  if (fd < 0) { /* its entry was trimmed */
    unlink(pc->link);
    return false;
  }
  bool ok = fstat(fd, &st) == 0 && own_file(&st) && st.st_size <= MAX_ENTRY;
  size_t size = ok ? (size_t)st.st_size : 0;
  const unsigned char *h = ok && size ? map_entry(pc, fd, size, pc->link) : NULL;
  if (ok && size && !h) {
    close(fd);
    return false;
  }
  uint64_t tl = 0;
  ok = h && header_ok(pc, h, size, &tl) && payload_ok(h, size, tl);
  /* the names must be the templates', in order; the texts are taken as they are, once their
   * checksum says they are as written (nothing compares them with the files here) */
  const unsigned char *p = ok ? h + HDR : NULL, *end = ok ? h + HDR + tl : NULL;
  uint64_t tsum = 0;
  for (size_t i = 0; ok && i < n; i++) {
    ok = end - p >= 16;
    uint64_t nl = ok ? get_u64(p) : 0, lf = ok ? get_u64(p + 8) : 0, len = lf & ~DIGEST_BIT;
    bool dg = lf & DIGEST_BIT;
    ok = ok && nl == strlen(names[i]) && (uint64_t)(end - p - 16) >= nl &&
         (uint64_t)(end - p - 16) - nl >= len && (!dg || len == CT_PCACHE_DIGEST) &&
         memcmp(p + 16, names[i], nl) == 0;
    if (ok) {
      const char *t = (const char *)p + 16 + nl;
      tsum = texts_sum(tsum, p, p + 16, nl, t, len);
      texts[i] = dg ? NULL : t; /* a digest: the text is the file's */
      lens[i] = dg ? 0 : (size_t)len;
      p += 16 + nl + len;
    }
  }
  if (!ok || p != end || tsum != get_u64(h + H_TSUM)) {
    close(fd);
    unlink(pc->link); /* the link only: its entry is checked when found by its texts */
    ct_pcache_unmap(&pc->map);
    return false;
  }
  renew(fd, &st); /* as a hit by texts does */
  close(fd);
  pc->key = get_u64(h + H_KEY);
  free(pc->path);
  char *dir = cache_dir();
  if (!dir || asprintf(&pc->path, "%s/%016llx", dir, (unsigned long long)pc->key) < 0)
    pc->path = NULL;
  free(dir);
  pc->payload = h + HDR + tl;
  pc->payload_len = size - HDR - tl;
  return true;
}

void ct_pcache_link_stat(ct_pcache *pc) {
  if (!pc->on || !pc->stat_settled || !pc->nstats || pc->nstats != pc->ntpls || !pc->path) return;
  if (!pc->link) pc->link = link_path(pc);
  if (!pc->link) return;
  const char *slash = strrchr(pc->path, '/');
  if (symlink(slash ? slash + 1 : pc->path, pc->link) != 0 && errno == EEXIST) {
    /* a link made before: to this entry (same stat, same build), or left dangling */
    char target[32];
    ssize_t k = readlink(pc->link, target, sizeof target - 1);
    if (k >= 0) target[k] = 0;
    /* naming other texts: the same stats stood for two contents (a file changed within a
     * clock tick, a clock set back): the stats of these files cannot be trusted, no link */
    if (k < 0 || strcmp(target, slash ? slash + 1 : pc->path) != 0) unlink(pc->link);
  }
}

/* Whether S is 16 lower-case hex digits: an entry's or a marker's name. */
static bool is_key_name(const char *s) {
  for (int i = 0; i < 16; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
  return s[16] == 0;
}

/* ---- hints: which template entry a chart directory's last render used ---- */
/* Asks the kernel to read the file PATH (an entry of this user's) ahead. */
static void willneed(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return;
  struct stat st;
  if (fstat(fd, &st) == 0 && own_file(&st) && st.st_size > 0)
    posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
  close(fd);
}

/* What the hint link LINK names, into TARGET: false unless it is this user's link naming an
 * entry (16 hex digits). */
static bool read_hint(const char *link, char target[CT_PCACHE_HINT_TARGET]) {
  struct stat st;
  if (lstat(link, &st) != 0 || !S_ISLNK(st.st_mode) || st.st_uid != my_euid()) return false;
  char buf[64];
  ssize_t k = readlink(link, buf, sizeof buf);
  if (k != 16) return false;
  memcpy(target, buf, 16);
  target[16] = 0;
  return is_key_name(target);
}

void ct_pcache_hint(ct_pcache *pc, char **link, char target[CT_PCACHE_HINT_TARGET]) {
  *link = NULL;
  target[0] = 0;
  if (!pc->on || pc->kind != CT_PCACHE_LISTING) return;
  *link = link_named('h', pc->key);
  if (*link && !read_hint(*link, target)) target[0] = 0;
}

void ct_pcache_prefetch(ct_pcache *pc) {
  if (!pc->on || !entry_path(pc)) return;
  willneed(pc->path);
  char *link = NULL, target[CT_PCACHE_HINT_TARGET];
  ct_pcache_hint(pc, &link, target);
  if (target[0]) {
    const char *slash = strrchr(pc->path, '/');
    char *entry = NULL;
    if (asprintf(&entry, "%.*s/%s", (int)(slash - pc->path), pc->path, target) >= 0)
      willneed(entry);
    free(entry);
  }
  free(link);
}

void ct_pcache_hint_set(const char *link, const char *old_target, const ct_pcache *entry) {
  if (!link || !entry->on || !entry->path || entry->kind != CT_PCACHE_TREES) return;
  const char *name = strrchr(entry->path, '/');
  name = name ? name + 1 : entry->path;
  if (old_target && !strcmp(old_target, name)) return;
  /* made aside and renamed over the old one: a reader sees one of the two */
  char *tmp = NULL;
  const char *slash = strrchr(link, '/');
  if (!slash ||
      asprintf(&tmp, "%.*s/.tmp-%ld-h%s", (int)(slash - link), link, (long)getpid(), slash + 2) < 0)
    return;
  if (symlink(name, tmp) != 0 || rename(tmp, link) != 0) unlink(tmp);
  free(tmp);
}

void ct_pcache_drop(ct_pcache *pc) {
  if (pc->link) unlink(pc->link);
  if (pc->path) unlink(pc->path);
  ct_pcache_unmap(&pc->map);
  pc->payload = NULL;
  pc->payload_len = 0;
}

typedef struct entry {
  char name[18];
  struct timespec mtime;
  off_t size;
} entry;

static int by_age(const void *a, const void *b) {
  const entry *x = a, *y = b;
  if (x->mtime.tv_sec != y->mtime.tv_sec)
    return (x->mtime.tv_sec > y->mtime.tv_sec) - (x->mtime.tv_sec < y->mtime.tv_sec);
  return (x->mtime.tv_nsec > y->mtime.tv_nsec) - (x->mtime.tv_nsec < y->mtime.tv_nsec);
}

/* Whether S names a file of entries or markers: a key, or "d" or "m" and a key (directory
 * listings and documents' heads, named apart so that they are never taken for template
 * entries). */
static bool is_entry_name(const char *s) {
  return is_key_name(s) || ((s[0] == 'd' || s[0] == 'm') && is_key_name(s + 1));
}

/* Whether S is a temporary file's name: ".tmp-PID-NAME", NAME an entry's or a hint's. */
static bool is_tmp_name(const char *s) {
  if (strncmp(s, ".tmp-", 5) != 0) return false;
  const char *p = s + 5;
  if (*p < '0' || *p > '9') return false;
  while (*p >= '0' && *p <= '9')
    p++;
  return *p == '-' && (is_entry_name(p + 1) || (p[1] == 'h' && is_key_name(p + 2)));
}

/* The size cap: CHARTCTL_PARSE_CACHE_MAX bytes, with an optional K, M or G (binary units);
 * anything else gives the default. */
static uint64_t size_cap(void) {
  const char *c = getenv("CHARTCTL_PARSE_CACHE_MAX");
  if (!c || *c < '0' || *c > '9') return DEFAULT_CAP;
  char *e;
  errno = 0;
  unsigned long long v = strtoull(c, &e, 10);
  unsigned shift = 0;
  if (*e == 'K' || *e == 'k') shift = 10;
  if (*e == 'M' || *e == 'm') shift = 20;
  if (*e == 'G' || *e == 'g') shift = 30;
  if (shift) e++;
  if (errno || *e || v > (UINT64_MAX >> shift)) return DEFAULT_CAP;
  return (uint64_t)v << shift;
}

/* Removes the oldest entries while the directory holds more than its cap (never KEEP, the
 * entry just written), temporary files a crashed writer left more than an hour ago, and
 * markers older than MARKER_DAYS. Only files named as this cache names them are looked at:
 * the directory may hold other files. */
static void trim(const char *dirpath, const char *keep) {
  uint64_t cap = size_cap();
  DIR *dir = opendir(dirpath);
  if (!dir) return;
  entry *v = NULL;
  size_t n = 0, capv = 0;
  uint64_t total = 0;
  time_t now = time(NULL);
  struct dirent *de;
  while ((de = readdir(dir)) != NULL) {
    struct stat st;
    if ((de->d_name[0] == 's' || de->d_name[0] == 'h') && is_key_name(de->d_name + 1)) {
      /* a link by stat or a hint: goes with its entry, or after MARKER_DAYS (made again at
       * the next render that finds the entry by its texts, or by a directory's render) */
      if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode) &&
          st.st_uid == my_euid() &&
          (now - st.st_mtime > MARKER_DAYS * 86400 ||
           faccessat(dirfd(dir), de->d_name, F_OK, 0) != 0))
        unlinkat(dirfd(dir), de->d_name, 0);
      continue;
    }
    bool tmp = de->d_name[0] == '.';
    if (tmp ? !is_tmp_name(de->d_name) : !is_entry_name(de->d_name)) continue;
    /* (a temporary hint is a link) */
    if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !(S_ISREG(st.st_mode) || (tmp && S_ISLNK(st.st_mode))) || st.st_uid != my_euid())
      continue;
    if (tmp || st.st_size == 0) { /* a temporary file, or a marker */
      if (now - st.st_mtime > (tmp ? 3600 : MARKER_DAYS * 86400))
        unlinkat(dirfd(dir), de->d_name, 0);
      continue;
    }
    total += (uint64_t)st.st_size;
    if (keep && strcmp(de->d_name, keep) == 0) continue;
    if (n == capv) {
      size_t nc = capv ? capv * 2 : 64;
      entry *nv = realloc(v, nc * sizeof *v);
      if (!nv) break;
      v = nv;
      capv = nc;
    }
    memcpy(v[n].name, de->d_name, strlen(de->d_name) + 1);
    v[n].mtime = st.st_mtim;
    v[n].size = st.st_size;
    n++;
  }
  if (total > cap) {
    qsort(v, n, sizeof *v, by_age);
    for (size_t i = 0; i < n && total > cap; i++)
      if (unlinkat(dirfd(dir), v[i].name, 0) == 0) total -= (uint64_t)v[i].size;
  }
  free(v);
  closedir(dir);
}

/* Writes every byte of IOV[0..N) (advancing IOV past what each writev took). */
static bool writev_all(int fd, struct iovec *iov, size_t n) {
  while (n) {
    ssize_t k = writev(fd, iov, (int)(n < IOV_MAX ? n : IOV_MAX));
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    size_t done = (size_t)k;
    while (n && done >= iov->iov_len) {
      done -= iov->iov_len;
      iov++;
      n--;
    }
    if (n) {
      iov->iov_base = (char *)iov->iov_base + done;
      iov->iov_len -= done;
    }
  }
  return true;
}

void ct_pcache_mark(ct_pcache *pc) {
  if (!pc->on || !pc->path) return;
  int fd = open(pc->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == ENOENT) { /* no cache directory yet */
    char *slash = strrchr(pc->path, '/');
    char *dir = strndup(pc->path, (size_t)(slash - pc->path));
    if (dir && mkdirs(dir)) fd = open(pc->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    free(dir);
  }
  if (fd < 0) return;
  close(fd);
  /* markers are only removed by a trim, which runs after a write: a directory that only
   * ever gets markers (every chart rendered once) is trimmed at one new key in 16 */
  if ((pc->key & 15) == 0) {
    char *slash = strrchr(pc->path, '/');
    char *dir = strndup(pc->path, (size_t)(slash - pc->path));
    if (dir) trim(dir, NULL);
    free(dir);
  }
}

void ct_pcache_store(ct_pcache *pc, const void *payload, size_t len) {
  if (!pc->on || !pc->path || len > MAX_ENTRY - HDR || pc->texts_len > MAX_ENTRY - HDR - len)
    return;
  char *slash = strrchr(pc->path, '/');
  char *dir = strndup(pc->path, (size_t)(slash - pc->path));
  char *tmp = NULL;
  if (!dir || !mkdirs(dir) ||
      asprintf(&tmp, "%s/.tmp-%ld-%s", dir, (long)getpid(), slash + 1) < 0) {
    free(dir);
    return;
  }
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    unsigned char h[HDR] = {0};
    memcpy(h + H_MAGIC, MAGIC, 8);
    put_u64(h + H_VERSION, VERSION);
    put_u64(h + H_KEY, pc->key);
    put_u64(h + H_KIND, pc->kind);
    put_u64(h + H_TEXTS, pc->texts_len);
    put_u64(h + H_PAYLOAD, len);
    put_u64(h + H_SUM, check64(0, payload, len));
    /* one writev for the whole entry (a template is three pieces) */
    size_t niov = 2 + 3 * pc->ntpls;
    struct iovec *iov = malloc(niov * sizeof *iov);
    unsigned char *lens = malloc(16 * (pc->ntpls ? pc->ntpls : 1));
    bool ok = iov && lens;
    if (ok) {
      size_t k = 0;
      uint64_t tsum = 0;
      iov[k++] = (struct iovec){h, HDR};
      for (size_t i = 0; i < pc->ntpls; i++) {
        const ct_pcache_tpl *t = &pc->tpls[i];
        size_t nl = strlen(t->name);
        put_u64(lens + 16 * i, nl);
        put_u64(lens + 16 * i + 8, len_field(t));
        iov[k++] = (struct iovec){lens + 16 * i, 16};
        iov[k++] = (struct iovec){(void *)t->name, nl};
        iov[k++] = (struct iovec){(void *)t->text, t->len};
        tsum = texts_sum(tsum, lens + 16 * i, t->name, nl, t->text, t->len);
      }
      put_u64(h + H_TSUM, tsum);
      iov[k++] = (struct iovec){(void *)payload, len};
      ok = writev_all(fd, iov, k);
    }
    free(iov);
    free(lens);
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, pc->path) != 0)
      unlink(tmp);
    else if (pc->kind != CT_PCACHE_LISTING)
      trim(dir, slash + 1); /* (listings are a few KB: the next entry's trim counts them) */
  }
  free(tmp);
  free(dir);
}

void ct_pcache_dispose(ct_pcache *pc) {
  free(pc->tpls);
  free(pc->path);
  free(pc->link);
  ct_pcache_unmap(&pc->map);
  memset(pc, 0, sizeof *pc);
}
