/* yaml_fast.c — a fast reader for the block YAML templates render (maps, sequences, plain, quoted
 * and block scalars over lines, [] and {}) into libyaml's tree; the rest is left to libyaml. */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "chartctl/scan.h"
#include "codec/codec_int.h"

/* The reader gives up ("bail") on anything outside its subset or anything that may be an
 * error: the caller then parses the text with libyaml, which also words the errors. */
typedef struct fp {
  const char *s;
  size_t n;
  ct_arena *a;
  ct_buf tmp; /* decoded scalar text */
  bool bail;
  int why;       /* the source line that bailed (for tests and debugging) */
  size_t why_at; /* the content line it was at */
  int depth;
  /* anchors of the document (latest definition wins) and those whose node is being read */
  const char **anchor_names;
  ynode **anchor_nodes;
  size_t nanchors, anchor_cap;
  const char *open_anchors[8];
  size_t nopen;
  /* the current content line (the next line that is neither blank nor a comment) */
  size_t ls, le; /* its start and end (index of its '\n', or n) */
  int ind;       /* its indentation */
  bool eof;      /* no content line left */
  const ct_codec__yaml_prune *prune; /* NULL: the whole tree is kept */
  /* The next scalar() is a child a pruned collection checks and drops at once: it is made in
   * SCRATCH, its text left where it lies (no copy, no NUL: the checks go by length). */
  bool want_scratch;
  ynode scratch;
  /* The last line plain_more looked at and stopped before (its start, end and first
   * non-space byte), which next_line is then asked for: it is not scanned twice. */
  size_t peek_pos, peek_le, peek_i;
} fp;

#define MAX_DEPTH 1000
#define MAX_KEY 1000 /* libyaml's simple keys are at most 1024 characters */

static ynode *bail_at(fp *f, int why) {
  if (!f->bail) f->why = why, f->why_at = f->ls;
  f->bail = true;
  return NULL;
}
#define bail(f) bail_at(f, __LINE__)

/* ---- scanning a line 16 (or 8) bytes at a time ---- */
/* The first byte from I in [I, E) that is not a space (E when all are). N: the length of S,
 * which may be read past E (16 bytes at a time). */
static inline size_t skip_spaces(const char *s, size_t i, size_t e, size_t n) {
#if defined(__SSE2__)
  const __m128i sp = _mm_set1_epi8(' ');
  while (i < e && n - i >= 16) {
    unsigned m = (unsigned)_mm_movemask_epi8(
                     _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + i)), sp)) ^ 0xFFFFu;
    if (m) {
      size_t k = i + (size_t)__builtin_ctz(m);
      return k < e ? k : e;
    }
    i += 16;
  }
  if (i >= e) return e;
#else
  (void)n;
#endif
  while (i < e && s[i] == ' ')
    i++;
  return i;
}

/* The first ':', '#' or tab from I in [I, E) (E when there is none); N as for skip_spaces. */
static inline size_t find_special(const char *s, size_t i, size_t e, size_t n) {
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(':'), vb = _mm_set1_epi8('#'), vc = _mm_set1_epi8('\t');
  while (i < e && n - i >= 16) {
    __m128i w = _mm_loadu_si128((const __m128i *)(s + i));
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(w, va), _mm_cmpeq_epi8(w, vb)), _mm_cmpeq_epi8(w, vc)));
    if (m) {
      size_t k = i + (size_t)__builtin_ctz(m);
      return k < e ? k : e;
    }
    i += 16;
  }
  if (i >= e) return e;
#else
  (void)n;
#endif
  while (i < e && s[i] != ':' && s[i] != '#' && s[i] != '\t')
    i++;
  return i;
}

/* E moved back over the spaces that end [I, E). */
static inline size_t trim_end(const char *s, size_t i, size_t e) {
  while (e > i && s[e - 1] == ' ')
    e--;
  return e;
}

/* Characters libyaml reads without complaint and that break no line: printable ASCII, tab,
 * and UTF-8 for #xA0-#xD7FF, #xE000-#xFFFD (not the BOM) and #x10000-#x10FFFF. NEL, LS and
 * PS are line breaks to libyaml and CR is one too: all of them send the text to libyaml. */
static bool text_ok(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s, *e = p + n;
  const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  while (p < e) {
#if defined(__SSE2__)
    if (e - p >= 16) { /* sixteen bytes of printable ASCII or newlines at once */
      __m128i w = _mm_loadu_si128((const __m128i *)p);
      __m128i ok = _mm_or_si128(
          _mm_and_si128(_mm_cmpgt_epi8(w, _mm_set1_epi8(0x1F)), _mm_cmplt_epi8(w, _mm_set1_epi8(0x7F))),
          _mm_cmpeq_epi8(w, _mm_set1_epi8('\n')));
      if (_mm_movemask_epi8(ok) == 0xFFFF) {
        p += 16;
        continue;
      }
    }
#endif
    if (e - p >= 8) { /* eight bytes of printable ASCII at once (a newline stops it) */
      uint64_t w, del;
      memcpy(&w, p, 8);
      del = w ^ (0x7F * ones);
      if (!((w | ((w - 0x20 * ones) & ~w) | ((del - ones) & ~del)) & highs)) {
        p += 8;
        continue;
      }
    }
    unsigned c = *p;
    if (c >= 0x20 && c < 0x7F) {
      p++;
      continue;
    }
    if (c == '\n' || c == '\t') {
      p++;
      continue;
    }
    if (c < 0xC2 || c > 0xF4) return false; /* controls, DEL, stray or overlong bytes */
    size_t w = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if ((size_t)(e - p) < w) return false;
    uint32_t r = c & (w == 2 ? 0x1F : w == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < w; k++) {
      if ((p[k] & 0xC0) != 0x80) return false;
      r = r << 6 | (p[k] & 0x3F);
    }
    if ((w == 3 && r < 0x800) || (w == 4 && (r < 0x10000 || r > 0x10FFFF))) return false;
    if (r < 0xA0 || (r >= 0xD800 && r < 0xE000) || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF ||
        r == 0x2028 || r == 0x2029)
      return false;
    p += w;
  }
  return true;
}

/* Moves to the next content line from byte POS (a line start). Blank lines and comment lines
 * are skipped; a tab in the indentation, or a document marker or directive, bails. */
static void next_line(fp *f, size_t pos) {
  while (pos < f->n) {
    size_t le, i;
    if (pos == f->peek_pos) {
      le = f->peek_le, i = f->peek_i;
    } else {
      le = ct_scan_byte(f->s, pos, f->n, '\n');
      i = skip_spaces(f->s, pos, le, f->n);
    }
    if (i < le && f->s[i] == '\t') {
      bail(f);
      return;
    }
    if (i == le || f->s[i] == '#') {
      pos = le + 1;
      continue;
    }
    if (i == pos && (f->s[i] == '%' || (le - i >= 3 && (!memcmp(f->s + i, "---", 3) ||
                                                        !memcmp(f->s + i, "...", 3))))) {
      bail(f);
      return;
    }
    f->ls = pos, f->le = le, f->ind = (int)(i - pos), f->eof = false;
    return;
  }
  f->eof = true;
  f->ls = f->le = f->n;
  f->ind = -1;
}

static ynode *node(fp *f, ynode_kind kind) {
  ynode *n = ct_arena_alloc(f->a, sizeof *n);
  n->kind = kind;
  n->line = 0;
  n->column = 0;
  return n;
}

static ynode *scalar(fp *f, const char *p, size_t len, bool plain) {
  if (f->want_scratch) {
    f->want_scratch = false;
    f->scratch =
        (ynode){.kind = YN_SCALAR, .value = p, .len = len, .implicit = plain, .quoted = !plain};
    return &f->scratch;
  }
  /* the node and its text in one allocation (arena memory comes zeroed) */
  ynode *n = ct_arena_alloc(f->a, sizeof *n + len + 1);
  char *text = (char *)(n + 1);
  n->kind = YN_SCALAR;
  if (len) memcpy(text, p, len);
  text[len] = 0;
  n->value = text;
  n->len = len;
  n->implicit = plain;
  n->quoted = !plain;
  return n;
}

typedef struct kids {
  ynode **v;
  size_t n, cap;
} kids;

static void push(fp *f, kids *k, ynode *c) {
  if (k->n == k->cap) {
    size_t nc = k->cap ? k->cap * 2 : 8;
    k->v = ct_arena_realloc(f->a, k->v, k->cap * sizeof *k->v, nc * sizeof *k->v);
    k->cap = nc;
  }
  k->v[k->n++] = c;
}

/* What a pruned child leaves in its collection: a node every check accepts (an untagged,
 * quoted empty scalar: a string, as key or value). */
static ynode pruned_node = {.kind = YN_SCALAR, .value = "", .quoted = true};

/* Whether children of the collection being read (at f->depth) are pruned: each is checked as
 * it is finished and dropped, and the collection is left empty. */
static bool pruning(const fp *f) { return f->prune && f->depth >= f->prune->depth; }

/* A finished child C of a pruned collection, read since mark M: checked, its memory given
 * back, the shared placeholder in its place; NULL (giving up) when the check fails. A scalar
 * made in the scratch node (most pruned children) took no memory to give back. */
static ynode *prune(fp *f, ynode *c, ct_arena_mark m, bool key) {
  if (!c || f->bail) return c;
  bool ok = f->prune->ok(c, key);
  if (c != &f->scratch) ct_arena_release(f->a, m);
  return ok ? &pruned_node : bail(f);
}

static bool blank(char c) { return c == ' ' || c == '\t'; }

/* What may follow a finished value on its line: spaces, then nothing or a comment. */
static bool rest_empty(fp *f, size_t i) {
  while (i < f->le && f->s[i] == ' ')
    i++;
  return i == f->le || (f->s[i] == '#' && f->s[i - 1] == ' ');
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void put_utf8(ct_buf *b, uint32_t r) {
  char u[4];
  size_t w;
  if (r < 0x80)
    u[0] = (char)r, w = 1;
  else if (r < 0x800)
    u[0] = (char)(0xC0 | r >> 6), u[1] = (char)(0x80 | (r & 0x3F)), w = 2;
  else if (r < 0x10000)
    u[0] = (char)(0xE0 | r >> 12), u[1] = (char)(0x80 | ((r >> 6) & 0x3F)),
    u[2] = (char)(0x80 | (r & 0x3F)), w = 3;
  else
    u[0] = (char)(0xF0 | r >> 18), u[1] = (char)(0x80 | ((r >> 12) & 0x3F)),
    u[2] = (char)(0x80 | ((r >> 6) & 0x3F)), u[3] = (char)(0x80 | (r & 0x3F)), w = 4;
  ct_buf_put(b, u, w);
}

/* How a quoted scalar may end its line: ONE_LINE bails (flow entries), KEY_LINE gives NULL
 * without bailing (it cannot be a key then: a value after all); a column >= -1 folds the line
 * break (a value in a block collection at that column). */
#define ONE_LINE (-3)
#define KEY_LINE (-2)

/* The line break inside a quoted scalar value at the end of the current line, as libyaml's
 * scan_flow_scalar folds it: the lines after it that are empty (or only spaces) each give
 * "\n"; without any, the break gives a space, unless it was escaped ("\" at the end of a
 * double-quoted line: nothing). The line with more text becomes the current line; it must
 * be indented more than the collection at COLL and not start at column 0 (libyaml would also
 * read it, or call it a document marker: left to libyaml). False when it bailed. */
static bool quoted_break(fp *f, int coll, bool escaped) {
  const char *s = f->s;
  size_t p = f->le + 1, breaks = 0;
  for (;;) {
    if (p >= f->n) { /* no closing quote: libyaml's error */
      bail(f);
      return false;
    }
    const char *nl = memchr(s + p, '\n', f->n - p);
    size_t eol = nl ? (size_t)(nl - s) : f->n, k = p;
    while (k < eol && s[k] == ' ')
      k++;
    if (k < eol && s[k] == '\t') {
      bail(f);
      return false;
    }
    if (k == eol) {
      breaks++;
      p = eol + 1;
      continue;
    }
    if ((int)(k - p) <= coll || k == p) {
      bail(f);
      return false;
    }
    f->ls = p, f->le = eol, f->ind = (int)(k - p);
    break;
  }
  if (!escaped && !breaks) ct_buf_putc(&f->tmp, ' ');
  for (; breaks; breaks--)
    ct_buf_putc(&f->tmp, '\n');
  return true;
}

/* A quoted scalar from the quote at I. *end gets the index after the closing quote on the
 * current line, which moves on when the scalar spans lines (COLL: see ONE_LINE). Tabs and
 * rare escapes bail. */
static ynode *quoted(fp *f, size_t i, size_t *end, int coll) {
  char q = f->s[i++];
  size_t run = i;
  ct_buf_reset(&f->tmp);
  for (;;) {
    if (i >= f->le) {
      if (coll == KEY_LINE && !f->bail) return NULL;
      if (coll < -1 || f->le >= f->n) return bail(f);
      size_t e = i; /* white space before a line break is dropped */
      while (e > run && f->s[e - 1] == ' ')
        e--;
      ct_buf_put(&f->tmp, f->s + run, e - run);
      if (!quoted_break(f, coll, false)) return NULL;
      i = run = f->ls + (size_t)f->ind;
      continue;
    }
    char c = f->s[i];
    if (c == '\t') return bail(f);
    if (q == '\'') {
      if (c != '\'') {
        i++;
        continue;
      }
      ct_buf_put(&f->tmp, f->s + run, i - run);
      if (i + 1 < f->le && f->s[i + 1] == '\'') {
        ct_buf_putc(&f->tmp, '\'');
        i += 2;
        run = i;
        continue;
      }
      i++;
      break;
    }
    if (c == '"') {
      ct_buf_put(&f->tmp, f->s + run, i - run);
      i++;
      break;
    }
    if (c != '\\') {
      i++;
      continue;
    }
    ct_buf_put(&f->tmp, f->s + run, i - run);
    if (i + 1 >= f->le) {
      if (coll == KEY_LINE) return NULL;
      if (coll < -1 || f->le >= f->n) return bail(f);
      /* an escaped line break: the lines join without a space */
      if (!quoted_break(f, coll, true)) return NULL;
      i = run = f->ls + (size_t)f->ind;
      continue;
    }
    char e = f->s[i + 1];
    const char *one = NULL;
    size_t digits = 0;
    switch (e) {
    case '0': one = "\0"; break;
    case 'a': one = "\a"; break;
    case 'b': one = "\b"; break;
    case 't': one = "\t"; break;
    case 'n': one = "\n"; break;
    case 'v': one = "\v"; break;
    case 'f': one = "\f"; break;
    case 'r': one = "\r"; break;
    case 'e': one = "\x1b"; break;
    case ' ': one = " "; break;
    case '"': one = "\""; break;
    case '\\': one = "\\"; break;
    case 'x': digits = 2; break;
    case 'u': digits = 4; break;
    case 'U': digits = 8; break;
    default: return bail(f); /* \/ \' \N \_ \L \P, unknown escapes: libyaml's business */
    }
    i += 2;
    if (one) {
      ct_buf_put(&f->tmp, one, 1);
    } else {
      if (f->le - i < digits) return bail(f);
      uint32_t r = 0;
      for (size_t k = 0; k < digits; k++) {
        int h = hexval(f->s[i + k]);
        if (h < 0) return bail(f);
        r = r << 4 | (uint32_t)h;
      }
      if ((r >= 0xD800 && r <= 0xDFFF) || r > 0x10FFFF) return bail(f);
      put_utf8(&f->tmp, r);
      i += digits;
    }
    run = i;
  }
  *end = i;
  return scalar(f, ct_buf_str(&f->tmp), f->tmp.len, false);
}

/* Whether C may start a plain scalar given the character after it (libyaml's rule). */
static bool plain_start(char c, char next) {
  if (c == '-' || c == '?' || c == ':')
    return !(next == ' ' || next == '\t' || next == '\n' || next == 0);
  return !ct_codec__yaml_indicator((unsigned char)c);
}

/* A plain key ending in ':' + blank on this line, from I: its node, *after just past the
 * ':'. NULL without bailing when the line is not a key line. */
static ynode *key_at(fp *f, size_t i, size_t *after) {
  const char *s = f->s;
  char c = s[i];
  if (c == '\'' || c == '"') {
    size_t e;
    ynode *k = quoted(f, i, &e, KEY_LINE);
    if (!k) return NULL; /* bailed, or it goes on past the line: no key */
    size_t j = e;
    while (j < f->le && s[j] == ' ')
      j++;
    if (j < f->le && s[j] == ':' && (j + 1 == f->le || blank(s[j + 1]))) {
      if (e - i > MAX_KEY) return bail(f);
      *after = j + 1;
      return k;
    }
    return NULL; /* a quoted scalar value */
  }
  /* not a plain key: a value (block scalar, [] or {}), or something inline_value leaves */
  if (!plain_start(c, i + 1 < f->le ? s[i + 1] : 0)) return NULL;
  for (size_t j = i; (j = find_special(s, j, f->le, f->n)) < f->le; j++) {
    if (s[j] == '\t') return bail(f);
    if (s[j] == '#' && j > i && s[j - 1] == ' ') return NULL; /* a comment: no key here */
    if (s[j] == ':' && (j + 1 == f->le || s[j + 1] == ' ' || s[j + 1] == '\t')) {
      size_t kl = trim_end(s, i, j);
      if (kl - i > MAX_KEY) return bail(f);
      *after = j + 1;
      return scalar(f, s + i, kl - i, true);
    }
  }
  return NULL;
}

/* One scalar of a flow collection from byte *I (spaces skipped): quoted, or plain without
 * characters that mean something in flow context (:#[]{} quotes, tab), ended on its line by
 * ',', ']' or '}' (or ": " for a plain KEY). *I is left after it. */
static ynode *flow_scalar(fp *f, size_t *i, bool key) {
  const char *s = f->s;
  size_t p = *i;
  if (s[p] == '\'' || s[p] == '"') return quoted(f, p, i, ONE_LINE);
  /* in flow context '?' and ':' are always indicators; "-x" is plain */
  if (s[p] == '?' || s[p] == ':') return bail(f);
  if (s[p] == '-' && (p + 1 >= f->le || memchr(" \t,[]{}", s[p + 1], 7))) return bail(f);
  if (!plain_start(s[p], 'x')) return bail(f);
  size_t j = p;
  for (; j < f->le && s[j] != ',' && s[j] != ']' && s[j] != '}'; j++) {
    char d = s[j];
    if (key && d == ':' && j + 1 < f->le && s[j + 1] == ' ') break;
    if (d == ':' || d == '#' || d == '[' || d == '{' || d == '\'' || d == '"' || d == '\t')
      return bail(f);
  }
  size_t end = trim_end(s, p, j);
  if (end == p) return bail(f); /* an empty entry */
  ynode *v = scalar(f, s + p, end - p, true);
  if (j >= f->le) {
    /* at the line end a plain scalar goes on unless the next content line starts with what
     * ends it in flow context (',', ']', '}'); going on, or a key, is left to libyaml */
    if (key) return bail(f);
    next_line(f, f->le + 1);
    if (f->bail) return NULL;
    if (f->eof) return bail(f);
    j = f->ls + (size_t)f->ind;
    if (s[j] != ',' && s[j] != ']' && s[j] != '}') return bail(f);
  }
  *i = j;
  return v;
}

/* White space between the tokens of a flow collection from *I: spaces, and at the end of the
 * line (or a comment after a space) the next content line, at any indentation (libyaml keeps
 * no indentation in flow context; next_line leaves "---", "..." and '%' at column 0 to it).
 * False when it bailed. */
static bool flow_space(fp *f, size_t *i) {
  for (;;) {
    size_t j = skip_spaces(f->s, *i, f->le, f->n);
    if (j < f->le && f->s[j] == '\t') {
      bail(f);
      return false;
    }
    if (j < f->le && f->s[j] != '#') {
      *i = j;
      return true;
    }
    if (j < f->le && f->s[j - 1] != ' ') { /* "#" right after a token */
      bail(f);
      return false;
    }
    next_line(f, f->le + 1);
    if (f->bail) return false;
    if (f->eof) {
      bail(f);
      return false;
    }
    *i = f->ls + (size_t)f->ind;
  }
}

static ynode *flow_collection(fp *f, size_t *i, int coll);

/* A flow entry from *I: a nested collection (not as a KEY) or a scalar. */
static ynode *flow_item(fp *f, size_t *i, bool key, int coll) {
  char c = f->s[*i];
  if (c == '[' || c == '{') return key ? bail(f) : flow_collection(f, i, coll);
  return flow_scalar(f, i, key);
}

/* A flow sequence or mapping from the '[' or '{' at *I, in a block collection at column COLL:
 * [], [a, "b", ['c d']], {}, {k: v, "q": 'w', "json":{"style":1}}, over one line or more.
 * *I is left after the closing bracket (on the line that holds it). Trailing commas, keys
 * without values, complex keys, multi-line scalars and the like are left to libyaml. */
static ynode *flow_collection(fp *f, size_t *i, int coll) {
  if (++f->depth > MAX_DEPTH) return bail(f);
  size_t p = *i;
  bool map = f->s[p] == '{';
  char close = map ? '}' : ']';
  ynode *c = node(f, map ? YN_MAP : YN_SEQ);
  kids k = {0};
  p++;
  if (!flow_space(f, &p)) return NULL;
  if (f->s[p] == close) {
    p++;
  } else {
    for (;;) {
      ynode *item = flow_item(f, &p, map, coll);
      if (!item) return NULL;
      push(f, &k, item);
      if (map) {
        /* the ':' on the key's line; after a quoted key (JSON style) no space is needed */
        p = skip_spaces(f->s, p, f->le, f->n);
        if (p >= f->le || f->s[p] != ':') return bail(f);
        if (!item->quoted && !(p + 1 < f->le && f->s[p + 1] == ' ')) return bail(f);
        p = skip_spaces(f->s, p + 1, f->le, f->n);
        if (p >= f->le || f->s[p] == '#' || f->s[p] == '\t') return bail(f);
        if (!(item = flow_item(f, &p, false, coll))) return NULL;
        push(f, &k, item);
      }
      if (!flow_space(f, &p)) return NULL;
      if (f->s[p] == close) {
        p++;
        break;
      }
      if (f->s[p] != ',') return bail(f);
      p++;
      if (!flow_space(f, &p)) return NULL;
      if (f->s[p] == close) return bail(f); /* a trailing comma */
    }
  }
  f->depth--;
  *i = p;
  c->children = k.v;
  c->n = k.n;
  return c;
}

static ynode *block_scalar(fp *f, size_t i, int coll);
static ynode *parse_node(fp *f, int parent);

/* The continuation lines of a plain scalar whose first line (FIRST, N bytes) is the current
 * line, in a collection at column COLL, folded as libyaml's scan_plain_scalar does: one line
 * break becomes a space, k+1 breaks become k newlines. *POS: the line after the current one,
 * and on return the first line that is not part of the scalar. The folded text, when there
 * are continuation lines, is left in f->tmp (else f->tmp is empty). False when it bailed. */
static bool plain_more(fp *f, size_t *pos, int coll, const char *first, size_t n) {
  const char *s = f->s;
  size_t p = *pos, breaks = 0;
  ct_buf_reset(&f->tmp);
  while (p < f->n) {
    size_t eol = ct_scan_byte(s, p, f->n, '\n'), k = skip_spaces(s, p, eol, f->n);
    if (k < eol && s[k] == '\t') {
      bail(f);
      return false;
    }
    if (k == eol) { /* an empty line */
      breaks++;
      p = eol < f->n ? eol + 1 : f->n;
      continue;
    }
    if ((int)(k - p) <= coll || s[k] == '#') { /* less indented, or a comment: the end */
      f->peek_pos = p, f->peek_le = eol, f->peek_i = k;
      break;
    }
    /* libyaml reads on whatever the line starts with ("- x", quotes, brackets are text) */
    for (size_t j = k; (j = find_special(s, j, eol, f->n)) < eol; j++) {
      char d = s[j];
      if (d == '\t' || (d == ':' && (j + 1 == eol || s[j + 1] == ' ')) ||
          (d == '#' && s[j - 1] == ' ')) {
        bail(f);
        return false;
      }
    }
    size_t end = trim_end(s, k, eol);
    if (!f->tmp.len) ct_buf_put(&f->tmp, first, n);
    if (breaks == 0)
      ct_buf_putc(&f->tmp, ' ');
    else
      for (; breaks; breaks--)
        ct_buf_putc(&f->tmp, '\n');
    breaks = 0;
    ct_buf_put(&f->tmp, s + k, end - k);
    p = eol < f->n ? eol + 1 : f->n;
  }
  /* back to the start of the line that ended the scalar: blank lines are read again */
  *pos = p;
  return true;
}

/* A value written on the current line from I (not a key, not a "- " entry) in a collection
 * at column COLL; moves to the next content line. */
static ynode *inline_value(fp *f, size_t i, int coll) {
  const char *s = f->s;
  char c = s[i];
  char next = i + 1 < f->le ? s[i + 1] : 0;
  ynode *v;
  if (c == '|' || c == '>') return block_scalar(f, i, coll);
  if (c == '\'' || c == '"') {
    size_t e;
    if (!(v = quoted(f, i, &e, coll))) return NULL;
    if (!rest_empty(f, e)) return bail(f);
  } else if (c == '[' || c == '{') {
    size_t e = i;
    if (!(v = flow_collection(f, &e, coll))) return NULL;
    if (!rest_empty(f, e)) return bail(f);
  } else {
    if (!plain_start(c, next)) return bail(f);
    size_t j = i;
    for (; (j = find_special(s, j, f->le, f->n)) < f->le; j++) {
      char d = s[j];
      if (d == '\t') return bail(f);
      if (d == '#' && s[j - 1] == ' ') { /* a comment ends the scalar */
        j--;
        break;
      }
      if (d == ':' && (j + 1 == f->le || s[j + 1] == ' ')) return bail(f); /* a key here */
    }
    size_t end = trim_end(s, i, j);
    size_t pos = f->le < f->n ? f->le + 1 : f->n;
    ct_buf_reset(&f->tmp);
    /* after a comment the scalar cannot go on (a more indented line then bails below) */
    if (coll >= 0 && j == f->le && !plain_more(f, &pos, coll, s + i, end - i)) return NULL;
    v = f->tmp.len ? scalar(f, ct_buf_str(&f->tmp), f->tmp.len, true)
                   : scalar(f, s + i, end - i, true);
    next_line(f, pos);
    if (!f->eof && f->ind > coll) return bail(f);
    return v;
  }
  next_line(f, f->le + 1);
  /* a more indented line would continue a plain scalar or be an error */
  if (!f->eof && f->ind > coll) return bail(f);
  return v;
}

/* libyaml's scan_block_scalar_breaks: skips indentation and empty lines from the line start
 * *POS, counting the line breaks; sets *indent when it was 0. Returns the column reached. */
static int bs_breaks(fp *f, size_t *pos, int *indent, int coll, size_t *breaks) {
  int max_indent = 0;
  for (;;) {
    size_t p = *pos, lim = f->n;
    if (*indent && f->n - p > (size_t)*indent) lim = p + (size_t)*indent;
    int col = (int)(skip_spaces(f->s, p, lim, f->n) - p);
    if (col > max_indent) max_indent = col;
    size_t at = p + (size_t)col;
    if ((!*indent || col < *indent) && at < f->n && f->s[at] == '\t') {
      bail(f);
      return -1;
    }
    if (at >= f->n || f->s[at] != '\n') {
      if (!*indent) {
        *indent = max_indent;
        if (*indent < coll + 1) *indent = coll + 1;
        if (*indent < 1) *indent = 1;
      }
      return col;
    }
    (*breaks)++;
    *pos = at + 1;
  }
}

static void put_breaks(ct_buf *b, size_t n) {
  for (; n; n--)
    ct_buf_putc(b, '\n');
}

/* A literal (|) or folded (>) scalar whose header is at I, in a collection at column COLL,
 * as libyaml's scan_block_scalar reads it. */
static ynode *block_scalar(fp *f, size_t i, int coll) {
  const char *s = f->s;
  bool literal = s[i] == '|';
  int chomping = 0;
  i++;
  int increment = 0; /* an explicit indentation indicator 1-9, before or after the chomping */
  if (i < f->le && (s[i] == '+' || s[i] == '-')) {
    chomping = s[i++] == '+' ? 1 : -1;
    if (i < f->le && s[i] >= '1' && s[i] <= '9') increment = s[i++] - '0';
  } else if (i < f->le && s[i] >= '1' && s[i] <= '9') {
    increment = s[i++] - '0';
    if (i < f->le && (s[i] == '+' || s[i] == '-')) chomping = s[i++] == '+' ? 1 : -1;
  }
  if (i < f->le && s[i] != ' ') return bail(f); /* "|0", "|12", "|-+", "|#": libyaml's */
  if (!rest_empty(f, i)) return bail(f);
  size_t pos = f->le < f->n ? f->le + 1 : f->n;
  /* libyaml: the indentation is the enclosing collection's plus the indicator */
  int indent = increment ? (coll >= 0 ? coll + increment : increment) : 0;
  size_t trailing = 0;
  bool leading_break = false, leading_blank = false;
  ct_buf *b = &f->tmp;
  ct_buf_reset(b);
  int col = bs_breaks(f, &pos, &indent, coll, &trailing);
  if (col < 0) return NULL;
  while (col == indent && pos + (size_t)col < f->n) {
    size_t at = pos + (size_t)col;
    bool trailing_blank = blank(s[at]);
    if (!literal && leading_break && !leading_blank && !trailing_blank) {
      if (!trailing) ct_buf_putc(b, ' ');
    } else if (leading_break) {
      ct_buf_putc(b, '\n');
    }
    leading_break = false;
    put_breaks(b, trailing);
    trailing = 0;
    leading_blank = trailing_blank;
    const char *eol = memchr(s + at, '\n', f->n - at);
    size_t le = eol ? (size_t)(eol - s) : f->n;
    ct_buf_put(b, s + at, le - at);
    if (le < f->n) {
      leading_break = true;
      pos = le + 1;
    } else {
      pos = f->n;
    }
    if ((col = bs_breaks(f, &pos, &indent, coll, &trailing)) < 0) return NULL;
  }
  if (chomping != -1 && leading_break) ct_buf_putc(b, '\n');
  if (chomping == 1) put_breaks(b, trailing);
  ynode *v = scalar(f, ct_buf_str(b), b->len, false);
  /* POS is the start of the line that ended the scalar (or the end) */
  next_line(f, pos);
  if (!f->eof && f->ind > coll) return bail(f);
  return v;
}

/* A value that starts on a later line (nothing after "key:" or "-"): a node more indented
 * than COLL, an indentless sequence at COLL when ALLOW_SEQ, or an empty (null) scalar. */
static ynode *next_line_value(fp *f, int coll, bool allow_seq);

static bool is_entry(fp *f, size_t i) {
  return f->s[i] == '-' && (i + 1 == f->le || f->s[i + 1] == ' ');
}

static ynode *parse_seq(fp *f, int col, bool indentless);
static ynode *parse_map(fp *f, size_t i, int col, ynode *key, size_t after);

static bool name_char(char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == '-';
}

/* An anchor or alias name from I (after '&' or '*'), ending in a blank or the line end. */
static size_t name_end(fp *f, size_t i) {
  size_t j = i;
  while (j < f->le && name_char(f->s[j]))
    j++;
  if (j == i || (j < f->le && f->s[j] != ' ')) return 0;
  return j;
}

static void add_anchor(fp *f, const char *name, ynode *n) {
  n->anchor = name;
  if (f->nanchors == f->anchor_cap) {
    size_t cap = f->anchor_cap ? f->anchor_cap * 2 : 8;
    f->anchor_names = ct_arena_realloc(f->a, f->anchor_names, f->anchor_cap * sizeof(char *),
                                       cap * sizeof(char *));
    f->anchor_nodes = ct_arena_realloc(f->a, f->anchor_nodes, f->anchor_cap * sizeof(ynode *),
                                       cap * sizeof(ynode *));
    f->anchor_cap = cap;
  }
  f->anchor_names[f->nanchors] = name;
  f->anchor_nodes[f->nanchors++] = n;
}

/* "*name": the node libyaml's reader would link (the latest definition). An alias of a node
 * still being read, or of no node, is left to libyaml. */
static ynode *alias(fp *f, size_t i, int coll) {
  if (f->prune) return bail(f); /* anchors are not kept while pruning */
  size_t e = name_end(f, i + 1);
  if (!e || !rest_empty(f, e)) return bail(f);
  size_t len = e - i - 1;
  const char *name = f->s + i + 1;
  for (size_t k = 0; k < f->nopen; k++)
    if (strlen(f->open_anchors[k]) == len && !memcmp(f->open_anchors[k], name, len)) return bail(f);
  ynode *target = NULL;
  for (size_t k = f->nanchors; k-- > 0;)
    if (strlen(f->anchor_names[k]) == len && !memcmp(f->anchor_names[k], name, len)) {
      target = f->anchor_nodes[k];
      break;
    }
  if (!target) return bail(f);
  ynode *n = node(f, YN_ALIAS);
  n->value = ct_arena_strndup(f->a, name, len);
  n->len = len;
  n->alias = target;
  next_line(f, f->le + 1);
  if (!f->eof && f->ind > coll) return bail(f);
  return n;
}

/* The value after "key:" (IN_MAP) or "-" whose first character is at byte I of the current
 * line (spaces skipped), in a collection at column COL: an optional anchor, then a value on
 * this line, an alias, a compact mapping ("- k: v"), or a value on the next lines. */
static ynode *entry_value(fp *f, size_t i, int col, bool in_map) {
  const char *s = f->s, *anchor = NULL;
  if (i < f->le && s[i] == '&') {
    if (f->prune) return bail(f);
    size_t e = name_end(f, i + 1);
    if (!e) return bail(f);
    anchor = ct_arena_strndup(f->a, s + i + 1, e - i - 1);
    /* a name defined again inside its own node: libyaml's reader keeps the inner one (the
     * later start), this reader would keep the outer one (the later end) */
    for (size_t k = 0; k < f->nopen; k++)
      if (!strcmp(f->open_anchors[k], anchor)) return bail(f);
    i = e;
    while (i < f->le && s[i] == ' ')
      i++;
    if (i < f->le && s[i] == '*') return bail(f);
  }
  if (i < f->le && s[i] == '\t') return bail(f);
  ynode *v;
  if (i == f->le || s[i] == '#') {
    if (i < f->le && s[i - 1] != ' ') return bail(f);
    if (anchor) {
      if (f->nopen == sizeof f->open_anchors / sizeof f->open_anchors[0]) return bail(f);
      f->open_anchors[f->nopen++] = anchor;
    }
    next_line(f, f->le + 1);
    if (f->bail) return NULL;
    v = next_line_value(f, col, in_map);
    if (anchor) f->nopen--;
  } else if (is_entry(f, i)) {
    return bail(f); /* "key: - x" is an error; "- - x" is left to libyaml */
  } else if (s[i] == '*') {
    return alias(f, i, col);
  } else {
    size_t after;
    ynode *key = in_map ? NULL : key_at(f, i, &after);
    if (f->bail) return NULL;
    if (key) {
      if (anchor) return bail(f); /* "- &a k: v": the anchor is the key's */
      if (++f->depth > MAX_DEPTH) return bail(f);
      v = parse_map(f, i, (int)(i - f->ls), key, after);
      f->depth--;
    } else {
      v = inline_value(f, i, col);
    }
  }
  if (v && anchor && !f->bail) add_anchor(f, anchor, v);
  return v;
}

/* A block mapping whose first key starts at byte I of the current line, at column COL; KEY is
 * that key as key_at read it, AFTER the byte after its ':'. */
static ynode *parse_map(fp *f, size_t i, int col, ynode *key, size_t after) {
  ynode *m = node(f, YN_MAP);
  kids k = {0};
  bool pr = pruning(f);
  for (;;) {
    ct_arena_mark mk = pr ? ct_arena_mark_here(f->a) : (ct_arena_mark){0};
    if (!key) {
      f->want_scratch = pr;
      key = key_at(f, i, &after);
      f->want_scratch = false;
      if (!key) return bail(f);
    }
    if (pr && !(key = prune(f, key, mk, true))) return NULL;
    if (!pr) push(f, &k, key); /* a pruned child is checked: nothing of it is kept */
    while (after < f->le && f->s[after] == ' ')
      after++;
    if (pr) mk = ct_arena_mark_here(f->a);
    f->want_scratch = pr;
    ynode *v = entry_value(f, after, col, true);
    f->want_scratch = false;
    if (pr) v = prune(f, v, mk, false);
    if (!v) return NULL;
    if (!pr) push(f, &k, v);
    if (f->bail) return NULL;
    if (f->eof || f->ind < col) break;
    if (f->ind > col) return bail(f);
    i = f->ls + (size_t)col;
    if (is_entry(f, i)) return bail(f);
    key = NULL;
  }
  m->children = k.v;
  m->n = k.n;
  return m;
}

/* A block sequence whose entries start at column COL (INDENTLESS: the value of a mapping key
 * at the same column, ended by a line that is not an entry). Current line: the first entry. */
static ynode *parse_seq(fp *f, int col, bool indentless) {
  ynode *sq = node(f, YN_SEQ);
  kids k = {0};
  bool pr = pruning(f);
  for (;;) {
    size_t i = f->ls + (size_t)col + 1;
    while (i < f->le && f->s[i] == ' ')
      i++;
    ct_arena_mark mk = pr ? ct_arena_mark_here(f->a) : (ct_arena_mark){0};
    f->want_scratch = pr;
    ynode *v = entry_value(f, i, col, false);
    f->want_scratch = false;
    if (pr) v = prune(f, v, mk, false);
    if (!v) return NULL;
    if (!pr) push(f, &k, v);
    if (f->bail) return NULL;
    if (f->eof || f->ind < col) break;
    if (f->ind > col) return bail(f);
    if (!is_entry(f, f->ls + (size_t)col)) {
      if (indentless) break;
      return bail(f);
    }
  }
  sq->children = k.v;
  sq->n = k.n;
  return sq;
}

static ynode *next_line_value(fp *f, int coll, bool allow_seq) {
  if (!f->eof && f->ind > coll) return parse_node(f, coll);
  if (!f->eof && f->ind == coll && allow_seq && is_entry(f, f->ls + (size_t)coll)) {
    if (++f->depth > MAX_DEPTH) return bail(f);
    ynode *v = parse_seq(f, coll, true);
    f->depth--;
    return v;
  }
  return scalar(f, "", 0, true);
}

/* The node on the current line, more indented than the enclosing collection at PARENT. */
static ynode *parse_node(fp *f, int parent) {
  if (++f->depth > MAX_DEPTH) return bail(f);
  int col = f->ind;
  size_t i = f->ls + (size_t)col;
  ynode *v;
  if (is_entry(f, i)) {
    v = parse_seq(f, col, false);
  } else {
    size_t after;
    ynode *key = key_at(f, i, &after);
    if (f->bail) return NULL;
    v = key ? parse_map(f, i, col, key, after) : inline_value(f, i, parent);
  }
  f->depth--;
  return v;
}

static int fast(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src, size_t len, int *why,
                size_t *why_at, const ct_codec__yaml_prune *pr);

int ct_codec__yaml_fast_why(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src, size_t len,
                            int *why, size_t *why_at) {
  return fast(docs, ndocs, a, src, len, why, why_at, NULL);
}

int ct_codec__yaml_fast_pruned(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src,
                               size_t len, const ct_codec__yaml_prune *pr) {
  int why;
  size_t at;
  return fast(docs, ndocs, a, src, len, &why, &at, pr);
}

/* Where the document starts when the first content line of SRC is a document start marker
 * ("---" in column 0, then nothing but blanks and perhaps a comment): the line after it. The
 * marker opens the one document a text without it would have (a rendered manifest often
 * begins with one). 0 when there is no such line; a marker with content after it on its line,
 * or a second marker later, still bails (next_line). */
static size_t after_start_marker(const char *s, size_t n) {
  size_t pos = 0;
  while (pos < n) {
    size_t le = ct_scan_byte(s, pos, n, '\n');
    size_t i = pos;
    while (i < le && s[i] == ' ')
      i++;
    if (i == le || s[i] == '#') { /* a blank or comment line */
      pos = le + 1;
      continue;
    }
    if (i != pos || le - pos < 3 || memcmp(s + pos, "---", 3)) return 0;
    i = pos + 3;
    if (i < le && s[i] != ' ' && s[i] != '\t') return 0; /* "---x": a scalar, not a marker */
    while (i < le && (s[i] == ' ' || s[i] == '\t'))
      i++;
    if (i < le && s[i] != '#') return 0;
    return le < n ? le + 1 : n;
  }
  return 0;
}

static int fast(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src, size_t len, int *why,
                size_t *why_at, const ct_codec__yaml_prune *pr) {
  *docs = NULL;
  *ndocs = 0;
  *why = 0, *why_at = 0;
  if (!text_ok(src, len)) {
    *why = -1;
    return 0;
  }
  fp f = {.s = src, .n = len, .a = a, .prune = pr, .peek_pos = SIZE_MAX};
  size_t body = after_start_marker(src, len);
  next_line(&f, body);
  if (f.bail) {
    *why = f.why, *why_at = f.why_at;
    return 0;
  }
  if (f.eof && !body) return 1; /* nothing but blanks and comments: no document */
  /* "---" and nothing after it: one document, empty (a null) */
  ynode *root = f.eof ? scalar(&f, "", 0, true) : parse_node(&f, -1);
  bool ok = root && !f.bail && f.eof;
  ct_buf_dispose(&f.tmp);
  if (!ok) {
    *why = f.bail ? f.why : __LINE__, *why_at = f.bail ? f.why_at : f.ls;
    return 0;
  }
  ynode *doc = node(&f, YN_DOC);
  doc->children = ct_arena_alloc(a, sizeof(ynode *));
  doc->children[0] = root;
  doc->n = 1;
  *docs = ct_arena_alloc(a, sizeof(ynode *));
  (*docs)[0] = doc;
  *ndocs = 1;
  return 1;
}

int ct_codec__yaml_fast(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src, size_t len) {
  int why;
  size_t at;
  return ct_codec__yaml_fast_why(docs, ndocs, a, src, len, &why, &at);
}
