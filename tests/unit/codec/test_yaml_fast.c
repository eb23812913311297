/* test_yaml_fast.c — the fast block-YAML reader (yaml_fast.c) must build exactly the node tree
 * libyaml's reader builds, or leave the text to libyaml; the memo of fromYaml results. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "chartctl/codec.h"
#include "codec/codec_int.h"

/* Same tree: kinds, scalar text, tags, flags, children. Prints the first difference. */
static bool same_node(const ynode *x, const ynode *y, const char *src) {
  if (!x || !y) return x == y;
  bool ok = x->kind == y->kind && x->n == y->n && x->implicit == y->implicit &&
            x->quoted == y->quoted && !x->tag == !y->tag && !x->anchor == !y->anchor;
  if (ok && (x->kind == YN_SCALAR || x->kind == YN_ALIAS))
    ok = x->len == y->len && memcmp(x->value, y->value, x->len) == 0;
  if (ok && x->kind == YN_ALIAS)
    ok = x->alias && y->alias && x->alias->kind == y->alias->kind && x->alias->n == y->alias->n;
  if (!ok) {
    fprintf(stderr,
            "differ: kind %d/%d n %zu/%zu implicit %d/%d quoted %d/%d value [%.*s] / [%.*s]\n"
            "in: %.300s\n",
            x->kind, y->kind, x->n, y->n, x->implicit, y->implicit, x->quoted, y->quoted,
            x->kind == YN_SCALAR ? (int)x->len : 0, x->kind == YN_SCALAR ? x->value : "",
            y->kind == YN_SCALAR ? (int)y->len : 0, y->kind == YN_SCALAR ? y->value : "", src);
    return false;
  }
  for (size_t i = 0; i < x->n; i++)
    if (!same_node(x->children[i], y->children[i], src)) return false;
  return true;
}

/* 1 fast path read it the same as libyaml, 0 it left it to libyaml, -1 it read it wrong. */
static int check(const char *src, size_t len) {
  ct_arena *a = ct_arena_new();
  ynode **fd, **sd;
  size_t fn, sn;
  int why;
  size_t at;
  int r = ct_codec__yaml_fast_why(&fd, &fn, a, src, len, &why, &at);
  if (r) {
    ct_buf err = CT_BUF_INIT;
    int rc = ct_codec__yaml_load_libyaml(&sd, &sn, a, src, len, 1, &err);
    if (rc != 0) {
      fprintf(stderr, "fast path read what libyaml refuses (%s):\n%.300s\n", ct_buf_str(&err), src);
      r = -1;
    } else if (fn != sn) {
      fprintf(stderr, "documents %zu vs %zu:\n%.300s\n", fn, sn, src);
      r = -1;
    } else {
      for (size_t i = 0; i < fn; i++)
        if (!same_node(fd[i], sd[i], src)) r = -1;
    }
    ct_buf_dispose(&err);
  } else if (getenv("CT_YAML_FAST_VERBOSE")) {
    size_t e = at;
    while (e < len && src[e] != '\n')
      e++;
    fprintf(stderr, "left to libyaml (yaml_fast.c:%d): %.*s\n", why, (int)(e - at), src + at);
  }
  ct_arena_free(a);
  return r;
}

#define FAST(s) assert_int_equal(1, check(s, strlen(s)))
#define SLOW(s) assert_int_equal(0, check(s, strlen(s)))

static void maps_and_sequences(void **state) {
  (void)state;
  FAST("");
  FAST("\n\n# only a comment\n   \n");
  FAST("a: 1\nb: two\n");
  FAST("a: 1\nb: two"); /* no final newline */
  FAST("key with spaces: value with spaces  \n");
  FAST("a:\n  b:\n    c: d\n  e: f\ng: h\n");
  FAST("a:\n- 1\n- 2\nb: 3\n"); /* indentless sequence, as toYaml writes it */
  FAST("a:\n  - 1\n  -\n  - x: 1\n    y: 2\n");
  FAST("- a\n- b: c\n  d: e\n-\n  f: g\n- \n");
  FAST("-   a: 1\n    b: 2\n");
  FAST("a:\nb:\n");
  FAST("a: # comment\n  b: c # another\n# last\n");
  FAST("a: x#y\nb: http://h:80/p\nc: -1\nd: :x\ne: ?y\nf: a,b[c]{d}\n");
  FAST("a: []\nb: {}\nc: [ ]\nd: { }  # empty\n");
  FAST("a: [x]\nb: [\"\"]\nc: ['']\nd: [ a b , \"c, d\" ,'e''s', -t, /srv/x, 1.5 ]  # c\n");
  FAST("- [a, b]\n- c: [\"v1\", \"v1beta1\"]\n");
  FAST("admin: {port: 1666 }\nb: {\"k\": 'v', x y: z, n: 1.5}\n");
  FAST("\"quoted key\": 'single ''q'''\n'k2': \"d \\\" \\\\ \\n \\t \\x41 \\u00e9 \\U0001F600\"\n");
  FAST("a: \"\"\nb: ''\n");
  FAST("  indented: root\n  second: 2\n");
  FAST("scalar document\n");
  FAST("'quoted document'\n");
  FAST("a:\n  value on the next line\nb: 1\n");
  FAST("<<: {}\nnull: ~\ntrue: yes\n1.5: 0x10\n");
  FAST("a: héllo wörld ✓ 日本語 🚀\n");
  FAST("a: 1\na: 2\n"); /* duplicates are the decoder's business: same tree */
  FAST("a: &x 1\nb: *x\nc: &m\n  k: v\nd:\n  <<: *m\n  e: 2\nf: &x 3\ng: *x\n");
  FAST("- &a x\n- *a\n- &b\n  k: v\n- *b\n- &c [1, 2]\n- *c\n");
  FAST("a: multi\n  line plain\n\n  with a paragraph\nb: x\n");
  FAST("- a\n  b\n   c\n- d\n");
  FAST("a:\n  first\n  second\nb: 1\n");
  /* a document start marker on the first content line opens the one document */
  FAST("---\na: 1\n");
  FAST("---\n- a\n- b\n");
  FAST("# head comment\n\n---   \n# c\napiVersion: v1\nkind: ConfigMap\n");
  FAST("--- # a comment on the marker\na:\n  b: c\n");
  FAST("---\t\n  indented: root\n");
  FAST("---\nscalar document\n");
  FAST("---"); /* one empty document, where no marker means none */
  FAST("---\n");
  FAST("---  # nothing after\n\n# or here\n");
}

static void block_scalars(void **state) {
  (void)state;
  FAST("a: |\n  line1\n  line2\nb: 1\n");
  FAST("a: |-\n  line1\n\n  line2\n\n\nb: 1\n");
  FAST("a: |+\n  line1\n\n\nb: 1\n");
  FAST("a: >\n  folded\n  text\n\n  para\n    more indented\n  back\nb: 1\n");
  FAST("a: >-\n  x\n  y\n");
  FAST("a: >+\n  x\n\n");
  FAST("a: |\n  # not a comment\n  \tTab inside\n     deeper\nb: 1\n");
  FAST("a: |\nb: 1\n"); /* empty */
  FAST("a: |\n\n\n  late\n");
  FAST("a: |\n    first\n      \n    after a line of spaces longer than the indentation\n");
  FAST("- |\n  in a sequence\n- >\n  folded\n  in a sequence\n");
  FAST("- k: |\n    compact map\n  j: 1\n");
  FAST("a: |  # comment\n  x\n");
  FAST("|\n top level\n");
  FAST("a: |\n  x\n# comment at column 0\nb: 1\n");
  FAST("a: |\n  x"); /* no final newline */
}

/* Scalars over several lines, folded as libyaml folds them (big CRD descriptions). */
static void multi_line_scalars(void **state) {
  (void)state;
  /* quoted: one break is a space, each empty line a newline, spaces around breaks go */
  FAST("a: 'multi\n  line'\n");
  FAST("a: 'one\n\n  two\n\n\n  three  \n   four'\nb: 1\n");
  FAST("a: \"one\n\n  two  \n     \n  three\"\nb: 1\n");
  FAST("a: 'x\n  '\n");
  FAST("a: '\n  x\n  '\n");
  FAST("a: 'it''s\n  # not a comment: here - [x] {y}'\n");
  FAST("- 'in a\n  sequence'\n- \"b\n  c\"\n");
  FAST("- k: 'compact\n    map'\n  j: 1\n");
  FAST("a:\n  'value on its own\n  line'\nb: 1\n");
  FAST("k:\n  d: 'x\n     y'\n  e: 1\n");
  FAST("'top\n level'\n");
  FAST("a: 'x\n  y' # comment\nb: 1\n");
  /* double quotes: escapes next to breaks, escaped breaks join without a space */
  FAST("a: \"x\\n\n  y\"\n");
  FAST("a: \"joined\\\n  here\"\n");
  FAST("a: \"joined  \\\n   here\"\n");
  FAST("a: \"joined\\\n\n  here\"\n");
  FAST("a: \"sp\\ \n  x\"\n");
  FAST("a: \"tab\\t  \n  x\\u00e9\"\n");
  FAST("a: \"x\\\n  \"\n");
  /* plain: continuation lines may start with indicators */
  FAST("a: x\n  - y\n  \"z\"\n  [w] {v}\n  'q' |p >r !s &t *u %w @x `y ?z\nb: 1\n");
  FAST("- a\n  - b\n");
  FAST("k:\n  description: The name of the cluster that identifies the\n    \"publisher\"\n  x: 1\n");
  FAST("a: x\n\n\n  y\n\n");
  /* block scalars with an indentation indicator */
  FAST("a: |2\n   explicit\n");
  FAST("a: |2-\n    x\n   y\n\nb: 1\n");
  FAST("a: >1+\n  x\n  y\n\n z\n\n");
  FAST("a: |-2\n    x\n");
  FAST("- |1\n   x\n-  >2\n     y\n");
  FAST("a:\n  b: |2\n      deep\n     less\n    z\n  c: 1\n");
  FAST("|2\n  top\n");
  FAST("a: |9 # comment\n           x\n");
  FAST("a: |2\n      \n    after a blank line longer than the indentation\n");
  /* left to libyaml: errors, and what the reader does not take on */
  SLOW("a: 'unterminated\n  x\n");
  SLOW("a: \"unterminated\\\n");
  SLOW("a: 'x\ny'\n");            /* continuation at column 0 */
  SLOW("a:\n  b: 'x\n  y'\n");   /* not more indented than its map */
  SLOW("a: 'x\n---\n'\n");
  SLOW("a: 'x\n...\n'\n");
  SLOW("'multi\n  line key': v\n");
  SLOW("a: 'x\n  y' z\n");
  SLOW("a: 'x\n  y'\n  b: 1\n");
  SLOW("a: 'x\n\t y'\n");
  SLOW("a: \"x\\/\n  y\"\n");
  SLOW("a: x\n  b: c\n");
  SLOW("a: x\n  b #c\n");
  SLOW("a: |0\n x\n");
  SLOW("a: |12\n  x\n");
  SLOW("a: |-+\n x\n");
  SLOW("a: |2#c\n  x\n");
  SLOW("a: |2\n x\n");
  FAST("a: |1\n  x\n y\n");
  SLOW("a:\n  b: |1\n  c\n");
}

/* Flow collections nested, in JSON style, and over several lines (as templates write them). */
static void flow_collections(void **state) {
  (void)state;
  FAST("a: [1, [2]]\nb: [[], {}, [[x]]]\n");
  FAST("a: {b: {c: d}, e: [f, {g: h}]}\n");
  FAST("a: {\"b\":c}\n");
  FAST("d: {\"pullPolicy\":\"IfNotPresent\",\"tag\":\"1.25\",\"n\":-1,\"m\":{\"x\":[1,{\"a\":2}]}}\n");
  FAST("- [1,\"two\",{\"three\":3}]\n- [\"a\",{\"b\":\"c\"}]\n");
  FAST("args: [--arg1, val1, -x, -1]\n");
  FAST("a:\n  emptyDir: {\n    medium: \"Memory\"\n  }\nb: 1\n");
  FAST("args: [\n  \"/srv/bin\",\n  \"-c\",\n\n  \"/etc/x.yaml\"\n]\n");
  FAST("a: [ # comment\n  x, # another\n  y\n  ] # after\n");
  FAST("args: [\n  a,\n  b  \n\n  # c\n]\nk: {\n  x: y\n  ,\n  z: w\n}\n");
  FAST("- {a: 1,\n   b: [2,\n     3]}\n");
  FAST("[a,\nb]\n");
  FAST("a: {\"k\" : v}\n");
  /* left to libyaml */
  SLOW("a: [x\n  y]\n");            /* a plain scalar over two lines */
  SLOW("a: {x\n  : y}\n");
  SLOW("a: [x\n---\n]\n");
  SLOW("a: [x\n");
  FAST("a: [x,\ny]\n"); /* flow context has no indentation */
  FAST("a:\n  b: [x,\n  y]\n");
  SLOW("a: [x,\n---\n]\n");
  SLOW("a: [x,#c\n  y]\n");
  SLOW("a: [\"x\n  y\"]\n");     /* a quoted scalar over two lines */
  SLOW("a: {b\n  : c}\n");
  SLOW("a: {b:\n  c}\n");
  SLOW("a: {[b]: c}\n");
  SLOW("a: {b: }\n");
  SLOW("a: [x,\n\t y]\n");
  SLOW("a: [x,\n");
  SLOW("a: [-, x]\n");
  SLOW("a: [- x]\n");
  SLOW("a: {\"b\"::c}\n");
  SLOW("a: [&x 1, *x]\n");
  SLOW("[a, b]: c\n");
  SLOW("a: [x,\n  y]: z\n");
}

static void left_to_libyaml(void **state) {
  (void)state;
  SLOW("a: &x\n  b: *x\n"); /* an alias inside its own anchor */
  SLOW("a: *nothing\n");
  SLOW("- &a k: v\n");
  SLOW("a: &x *y\n");
  SLOW("a: &x\n  b: &x 1\n  c: *x\n"); /* redefined inside itself: the inner one counts */
  SLOW("a: !!str 1\n");
  SLOW("a: [1, 2,]\n");
  SLOW("a: [1,, 2]\n");
  SLOW("a: [a: b]\n");
  SLOW("a: [-]\n");
  SLOW("a: [1, 2\n");
  SLOW("a: [1] x\n");
  SLOW("a: {b}\n");
  SLOW("a: {b:c}\n");
  SLOW("a: {b: c,}\n");
  SLOW("a: {?b: c}\n");
  SLOW("a: [?b, :c]\n");
  SLOW("a: 1\n---\nb: 2\n");
  SLOW("---\na: 1\n---\nb: 2\n"); /* a second document */
  SLOW("---\na: 1\n...\n");
  SLOW("%YAML 1.1\n---\na: 1\n");
  SLOW("--- a: 1\n"); /* content on the marker's line */
  SLOW("--- |\n  text\n");
  SLOW("---\r\na: 1\n");
  SLOW("\t---\na: 1\n");
  SLOW("---x: 1\n"); /* a key "---x", which the line reader leaves alone */
  SLOW("----\n");
  SLOW("a: x # comment\n  then more\n");
  SLOW("a: x\n  then: more\n");
  SLOW("multi\nline top level\n");
  SLOW("a: b: c\n");
  SLOW("a:\tb\n");
  SLOW("\ta: b\n");
  SLOW("a: 1\r\nb: 2\r\n");
  SLOW("? complex\n: key\n");
  SLOW("- - nested\n");
  SLOW("a: \"\\/\"\n");
  SLOW("a: \"it\\'s\"\n");
  SLOW("a: 1\n  b: 2\n");
  SLOW("a:\n  - 1\n b: 2\n");
  SLOW("a: x\x01y\n");
  SLOW("a: \xff\n");
  SLOW("a: \xef\xbb\xbf\n");
  SLOW("a: -\n");
  SLOW("a: |\n      \n    first line less indented than a leading blank line\n");
  SLOW("key: 'x' trailing\n");
  SLOW("- a\nb: c\n");
  SLOW("a: 1\n- b\n");
}

/* Mutations of block YAML seeds (characters that matter to YAML put in, taken out,
 * swapped): whatever the fast reader accepts must be exactly what libyaml reads. */
static const char *const mut_seeds[] = {
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app: a\ndata:\n"
    "  a.conf: |\n    line one\n\n    line: two\n  b: >-\n    folded\n    text\n",
    "spec:\n  containers:\n  - name: c\n    image: \"img:1\"\n    args: [\"-t\", '5', x]\n"
    "    env:\n      - name: A\n        value: 'it''s'\n    resources: {}\n",
    "a: &x 1\nb: *x\nc:\n  d: multi\n    line\n  e: {k: v, q: \"w\"}\n# comment\nf: ~\n",
    "- a\n- b: c\n  d: e\n-\n  - f\n- |+\n  keep\n\n- \"\\x41\\u00e9\"\n",
    "k:\n- x\n- y: >\n    fold\n     more\n\n    end\n  z: 'q'\n\"j\": [a b, c] # c\nl: w\n",
    "top:\n  mid:\n    low: |-\n      text\n        deeper\n    low2: plain # c\n  m2: &a\n"
    "    - 1\n  m3: *a\n",
    "x: héllo ✓\ny:\n  - 'a: b'\n  - \"c # d\"\n  - e#f\nz: -1\n",
    "d:\n  description: 'Container name: required\n    for volumes, it''s\n\n    here'\n  e: \"a\\\n"
    "    b \\u00e9\n\n    c\"\n  f: plain text that\n    goes on - here\n\n    and \"here\"\ng: 1\n",
    "a: |2-\n    x\n   y\n\nb: >1+\n  z\n\nc:\n- |1\n  w\n",
    "s:\n  emptyDir: {\n    medium: \"Memory\"\n  }\n  args: [\n    \"-c\", x,\n    {\"k\":[1,{\"a\":-2}]}\n  ]\n",
};

static uint64_t mrng = 0x2545F4914F6CDD1DULL;
static uint64_t mnext(void) {
  mrng ^= mrng << 13;
  mrng ^= mrng >> 7;
  mrng ^= mrng << 17;
  return mrng;
}

static void mutations(void **state) {
  (void)state;
  static const char pool[] = " \n:-#|>\"'[]{},&*!?x1\t%@`\\";
  size_t wrong = 0, fast = 0;
  char buf[1024];
  for (int round = 0; round < 120000; round++) {
    const char *seed = mut_seeds[mnext() % (sizeof mut_seeds / sizeof mut_seeds[0])];
    size_t n = strlen(seed);
    memcpy(buf, seed, n);
    int edits = 1 + (int)(mnext() % 3);
    for (int e = 0; e < edits && n > 2 && n < sizeof buf - 8; e++) {
      size_t at = mnext() % n;
      char c = pool[mnext() % (sizeof pool - 1)];
      switch (mnext() % 3) {
      case 0: buf[at] = c; break;
      case 1: memmove(buf + at + 1, buf + at, n - at), buf[at] = c, n++; break;
      default: memmove(buf + at, buf + at + 1, n - at - 1), n--; break;
      }
    }
    int r = check(buf, n);
    if (r < 0) wrong++;
    if (r > 0) fast++;
  }
  fprintf(stderr, "mutations: %zu read fast, %zu wrong\n", fast, wrong);
  assert_int_equal(0, wrong);
}

/* The differential run over a corpus: CT_YAML_FAST_CORPUS names a directory; every .yaml
 * file under it, and every document of every .out file, is read both ways. */
static size_t n_fast, n_slow, n_wrong;

/* the corpus texts, kept for the mutation run */
static char **kept;
static size_t *kept_len, nkept, kept_cap;

static void check_text(const char *text, size_t len) {
  if (nkept == kept_cap) {
    kept_cap = kept_cap ? kept_cap * 2 : 1024;
    kept = realloc(kept, kept_cap * sizeof *kept);
    kept_len = realloc(kept_len, kept_cap * sizeof *kept_len);
    assert_non_null(kept);
    assert_non_null(kept_len);
  }
  kept[nkept] = malloc(len + 1);
  assert_non_null(kept[nkept]);
  memcpy(kept[nkept], text, len);
  kept_len[nkept++] = len;
  int r = check(text, len);
  if (r > 0)
    n_fast++;
  else if (r == 0)
    n_slow++;
  else
    n_wrong++;
}

static void check_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return;
  ct_buf b = CT_BUF_INIT;
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    ct_buf_put(&b, chunk, got);
  fclose(f);
  const char *s = ct_buf_str(&b);
  size_t l = strlen(path);
  if (l > 4 && !strcmp(path + l - 4, ".out")) {
    /* a rendered stream: each document as the manifest sorter reads it */
    const char *p = s, *e = s + b.len;
    if (e - p >= 4 && !memcmp(p, "---\n", 4)) p += 4;
    while (p < e) {
      const char *q = strstr(p, "\n---");
      const char *end = q ? q + 1 : e;
      check_text(p, (size_t)(end - p));
      if (!q) break;
      p = q + 4;
    }
  } else {
    check_text(s, b.len);
  }
  ct_buf_dispose(&b);
}

static void walk(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' && (!e->d_name[1] || e->d_name[1] == '.')) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(path, &st) != 0) continue;
    size_t l = strlen(path);
    if (S_ISDIR(st.st_mode)) {
      if (strcmp(e->d_name, "templates") != 0) walk(path); /* templates are not YAML yet */
    } else if (S_ISREG(st.st_mode) && ((l > 5 && !strcmp(path + l - 5, ".yaml")) ||
                                       (l > 4 && !strcmp(path + l - 4, ".out"))))
      check_file(path);
  }
  closedir(d);
}

static void corpus(void **state) {
  (void)state;
  const char *dir = getenv("CT_YAML_FAST_CORPUS");
  if (!dir) skip();
  walk(dir);
  fprintf(stderr, "corpus: %zu read fast, %zu left to libyaml, %zu wrong\n", n_fast, n_slow,
          n_wrong);
  assert_int_equal(0, n_wrong);
  /* CT_YAML_FAST_MUTATE=SECONDS: mutate the corpus texts (windows of up to ~3 KB of the big
   * ones, their first indentation taken off) that long, comparing both readers each time */
  const char *secs = getenv("CT_YAML_FAST_MUTATE");
  if (secs && nkept) {
    static const char pool[] = " \n:-#|>\"'[]{},&*!?x1\\2+\t";
    size_t cap = 1 << 16, rounds = 0, wrong = 0, fast = 0;
    char *buf = malloc(cap + 8);
    assert_non_null(buf);
    time_t t0 = time(NULL);
    while (time(NULL) - t0 < atol(secs)) {
      size_t d = mnext() % nkept, n = kept_len[d];
      const char *src = kept[d];
      if (n > 4000) {
        size_t st = mnext() % n;
        while (st > 0 && src[st - 1] != '\n')
          st--;
        size_t len = 200 + mnext() % 3000;
        if (st + len > n) len = n - st;
        src += st, n = len;
      }
      size_t ind = 0, o = 0;
      while (ind < n && src[ind] == ' ')
        ind++;
      for (size_t i = 0; i < n && o < cap;) {
        for (size_t k = 0; k < ind && i < n && src[i] == ' '; k++)
          i++;
        while (i < n && src[i] != '\n' && o < cap)
          buf[o++] = src[i++];
        if (i < n && o < cap) buf[o++] = src[i++];
      }
      n = o;
      int edits = (int)(mnext() % 4);
      for (int e = 0; e < edits && n > 2 && n < cap; e++) {
        size_t at = mnext() % n;
        if (mnext() % 2) { /* a line start or its first non-space */
          while (at > 0 && buf[at - 1] != '\n')
            at--;
          if (mnext() % 2)
            while (at < n && buf[at] == ' ')
              at++;
          if (at == n) at--;
        }
        char c = pool[mnext() % (sizeof pool - 1)];
        switch (mnext() % 3) {
        case 0: buf[at] = c; break;
        case 1: memmove(buf + at + 1, buf + at, n - at), buf[at] = c, n++; break;
        default: memmove(buf + at, buf + at + 1, n - at - 1), n--; break;
        }
      }
      int r = check(buf, n);
      if (r < 0) wrong++;
      if (r > 0) fast++;
      rounds++;
    }
    free(buf);
    fprintf(stderr, "corpus mutations: %zu rounds, %zu read fast, %zu wrong\n", rounds, fast, wrong);
    assert_int_equal(0, wrong);
  }
  for (size_t i = 0; i < nkept; i++)
    free(kept[i]);
  free(kept);
  free(kept_len);
}

/* fromYaml's memo: the second and later reads of a text give equal, independent copies. */
static void memo_copies(void **state) {
  (void)state;
  ct_yaml_cache_clear();
  const char *text = "a: 1\nb:\n  c: [x]\n  d: text that makes this longer than the minimum\n";
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT;
  ct_value *v[3];
  for (int i = 0; i < 3; i++)
    assert_int_equal(0, ct_yaml_parse_any(&v[i], a, text, strlen(text), &err));
  assert_true(ct_value_deep_equal(v[0], v[1]));
  assert_true(ct_value_deep_equal(v[1], v[2]));
  assert_ptr_not_equal(v[1], v[2]);
  /* changing one copy leaves the next read alone */
  ct_map_setc(a, v[2], "a", ct_cstring(a, "changed"));
  ct_value *w;
  assert_int_equal(0, ct_yaml_parse_any(&w, a, text, strlen(text), &err));
  assert_true(ct_value_deep_equal(w, v[0]));
  /* an error is not remembered as a value */
  const char *bad = "a: [unclosed, and long enough to be remembered by the memo of texts\n";
  for (int i = 0; i < 3; i++) {
    ct_buf_reset(&err);
    assert_int_equal(-1, ct_yaml_parse_any(&w, a, bad, strlen(bad), &err));
    assert_non_null(strstr(ct_buf_str(&err), "yaml: line"));
  }
  /* a null document is remembered as null */
  const char *nul = "# a comment long enough to be remembered by the memo of texts......\n";
  for (int i = 0; i < 3; i++) {
    assert_int_equal(0, ct_yaml_parse_any(&w, a, nul, strlen(nul), &err));
    assert_null(w);
  }
  ct_buf_dispose(&err);
  ct_arena_free(a);
  ct_yaml_cache_clear();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(maps_and_sequences),
      cmocka_unit_test(block_scalars),
      cmocka_unit_test(multi_line_scalars),
      cmocka_unit_test(flow_collections),
      cmocka_unit_test(left_to_libyaml),
      cmocka_unit_test(mutations),
      cmocka_unit_test(corpus),
      cmocka_unit_test(memo_copies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
