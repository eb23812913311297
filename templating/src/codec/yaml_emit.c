/* yaml_emit.c — toYaml: sigs.k8s.io/yaml.Marshal (json.Marshal, then go-yaml v2 re-reading the
 * JSON and marshalling it) and yaml.v3's Encoder for toYamlPretty; a port of libyaml's block
 * emitter as go-yaml ships it: styles, quoting, 80-column folding, literal blocks. Scalars of
 * printable ASCII are scanned with a table and written whole where nothing can fold; the
 * character-by-character paths handle the rest and are the reference the tests compare with. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/gofmt.h"
#include "codec/codec_int.h"

bool ct_codec__emit_reference;

enum { ST_PLAIN = 1, ST_SINGLE, ST_DOUBLE, ST_LITERAL };

typedef struct em {
  ct_buf *out;
  ct_arena *a;
  ct_buf *err;
  bool v3; /* yaml.v3 Encoder (toYamlPretty): Go values as they are, indented sequences */
  int best_indent, best_width;
  int indent;
  int *indents;
  size_t nindents, cap;
  int column;
  bool whitespace, indention;
  int flow_level;
  bool root_ctx, seq_ctx, map_ctx, simple_key_ctx;
  /* analysis of the scalar at hand */
  const char *value;
  size_t len;
  bool multiline, flow_plain_allowed, block_plain_allowed, single_quoted_allowed, block_allowed;
  bool ascii;       /* every byte printable ASCII (0x20-0x7E): one column each, nothing to escape */
  bool ascii_lines; /* every byte printable ASCII or a newline */
  bool reference;   /* the character-by-character paths only (ct_codec__emit_reference) */
  int depth;
} em;

/* ---- character classes (yamlh.go) ---- */

static int width(unsigned char c) {
  if ((c & 0x80) == 0) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 0;
}

static unsigned char at(const em *e, size_t i) { return i < e->len ? (unsigned char)e->value[i] : 0; }

static bool is_space(const em *e, size_t i) { return at(e, i) == ' '; }
static bool is_tab(const em *e, size_t i) { return at(e, i) == '\t'; }
static bool is_blank(const em *e, size_t i) { return is_space(e, i) || is_tab(e, i); }

static bool is_break(const em *e, size_t i) {
  unsigned char c = at(e, i);
  return c == '\r' || c == '\n' || (c == 0xC2 && at(e, i + 1) == 0x85) ||
         (c == 0xE2 && at(e, i + 1) == 0x80 && (at(e, i + 2) == 0xA8 || at(e, i + 2) == 0xA9));
}

static bool is_z(const em *e, size_t i) { return at(e, i) == 0; }
static bool is_blankz(const em *e, size_t i) { return is_blank(e, i) || is_break(e, i) || is_z(e, i); }
/* go-yaml's is_bom looks at the start of the value whatever I is: a value starting with a BOM
 * gets every character escaped in double quotes. */
static bool is_bom(const em *e, size_t i) {
  (void)i;
  return at(e, 0) == 0xEF && at(e, 1) == 0xBB && at(e, 2) == 0xBF;
}

static bool is_printable(const em *e, size_t i) {
  unsigned char c = at(e, i), c1 = at(e, i + 1), c2 = at(e, i + 2);
  return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && c1 >= 0xA0) ||
         (c > 0xC2 && c < 0xED) || (c == 0xED && c1 < 0xA0) || c == 0xEE ||
         (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
}

/* ---- output primitives ---- */

static void put(em *e, char c) {
  ct_buf_putc(e->out, c);
  e->column++;
}

static void put_break(em *e) {
  ct_buf_putc(e->out, '\n');
  e->column = 0;
  if (e->v3) e->indention = true;
}

static void write1(em *e, size_t *i) {
  int w = width(at(e, *i));
  if (w == 0) w = 1;
  if (*i + (size_t)w > e->len) w = (int)(e->len - *i);
  ct_buf_put(e->out, e->value + *i, (size_t)w);
  e->column++;
  *i += (size_t)w;
}

static void write_all(em *e, const char *s) {
  for (; *s; s++) put(e, *s);
}

static void write_break(em *e, size_t *i) {
  if (at(e, *i) == '\n') {
    put_break(e);
    (*i)++;
  } else {
    write1(e, i);
    e->column = 0;
    if (e->v3) e->indention = true;
  }
}

static void increase_indent(em *e, bool flow, bool indentless) {
  if (e->nindents == e->cap) {
    e->cap = e->cap ? e->cap * 2 : 16;
    int *n = realloc(e->indents, e->cap * sizeof *n);
    if (!n) abort();
    e->indents = n;
  }
  e->indents[e->nindents++] = e->indent;
  if (e->indent < 0) e->indent = flow ? e->best_indent : 0;
  else if (!indentless) e->indent += e->best_indent;
}

static void pop_indent(em *e) { e->indent = e->indents[--e->nindents]; }

static void write_indent(em *e) {
  int indent = e->indent < 0 ? 0 : e->indent;
  if (!e->indention || e->column > indent || (e->column == indent && !e->whitespace)) put_break(e);
  static const char spaces[] = "                                ";
  while (e->column < indent) {
    int n = indent - e->column < 32 ? indent - e->column : 32;
    ct_buf_put(e->out, spaces, (size_t)n);
    e->column += n;
  }
  e->whitespace = true;
  e->indention = true;
}

static void write_indicator(em *e, const char *ind, bool need_ws, bool is_ws, bool is_indention) {
  if (need_ws && !e->whitespace) put(e, ' ');
  write_all(e, ind);
  e->whitespace = is_ws;
  e->indention = e->indention && is_indention;
}

/* ---- scalar analysis and style ---- */

/* The indicators character C at I (FIRST: I == 0) raises, followed and preceded by blanks or
 * not. */
static inline void indicators(char c, bool first, bool followed_ws, bool preceded_ws,
                              bool *flow_ind, bool *block_ind) {
  if (first && ct_codec__yaml_indicator((unsigned char)c)) {
    *flow_ind = *block_ind = true;
    return;
  }
  switch (c) {
  case ',':
  case '[':
  case ']':
  case '{':
  case '}': *flow_ind = true; break;
  case '?':
    *flow_ind = true;
    if (first && followed_ws) *block_ind = true;
    break;
  case ':':
    *flow_ind = true;
    if (followed_ws) *block_ind = true;
    break;
  case '-':
    if (first && followed_ws) *flow_ind = *block_ind = true;
    break;
  case '#': /* past the first character: a comment only after a blank */
    if (preceded_ws) *flow_ind = *block_ind = true;
    break;
  default: break;
  }
}

/* What analyze_scalar finds in a value, before deciding the styles it allows. */
typedef struct scan {
  bool block_ind, flow_ind, line_breaks, special, tabs;
  bool leading_space, leading_break, trailing_space, trailing_break, break_space, space_break;
} scan;

/* Printable ASCII but the blank and the indicators that matter past a value's first
 * character (, ? [ ] { } : #), one bit per character. */
static const uint32_t INNER_PLAIN[4] = {0x00000000, 0x7bffeff6, 0xd7ffffff, 0x57ffffff};

static inline bool inner_plain(unsigned char c) {
  return c < 0x80 && (INNER_PLAIN[c >> 5] >> (c & 31) & 1);
}

/* A character (a SPACE, a BREAK or neither; FIRST and LAST in the value) in S's record of
 * blanks at the ends and spaces next to breaks. */
static inline void note_blank(scan *s, bool space, bool brk, bool first, bool last,
                              bool *prev_space, bool *prev_break) {
  if (space) {
    if (first) s->leading_space = true;
    if (last) s->trailing_space = true;
    if (*prev_break) s->break_space = true;
  } else if (brk) {
    s->line_breaks = true;
    if (first) s->leading_break = true;
    if (last) s->trailing_break = true;
    if (*prev_space) s->space_break = true;
  }
  *prev_space = space;
  *prev_break = brk && !space;
}

/* The scan of a value of printable ASCII and newlines only (most keys and values): one byte a
 * character, nothing special. False at the first other byte, *S then half done. */
static bool scan_ascii(scan *s, const char *value, size_t len) {
  bool preceded_ws = true, prev_space = false, prev_break = false;
  for (size_t i = 0; i < len; i++) {
    char c = value[i];
    if (i > 0 && inner_plain((unsigned char)c)) { /* past the first: no indicator, no blank */
      while (i + 1 < len && inner_plain((unsigned char)value[i + 1]))
        i++;
      preceded_ws = prev_space = prev_break = false;
      continue;
    }
    if (((unsigned char)c < 0x20 && c != '\n') || (unsigned char)c > 0x7E) return false;
    bool followed_ws = i + 1 >= len || value[i + 1] == ' ';
    indicators(c, i == 0, followed_ws, preceded_ws, &s->flow_ind, &s->block_ind);
    note_blank(s, c == ' ', c == '\n', i == 0, i + 1 == len, &prev_space, &prev_break);
    preceded_ws = c == ' ' || c == '\n';
  }
  return true;
}

/* The same for any value, character by character as go-yaml's emitter does. */
static void scan_any(em *e, scan *s, const char *value, size_t len) {
  bool preceded_ws = true, followed_ws, prev_space = false, prev_break = false;
  for (size_t i = 0, w; i < len; i += w) {
    w = (size_t)width(at(e, i));
    if (w == 0) w = 1;
    followed_ws = i + w >= len || is_blank(e, i + w);
    char c = value[i];
    indicators(c, i == 0, followed_ws, preceded_ws, &s->flow_ind, &s->block_ind);
    if (e->v3 && c == '\t')
      s->tabs = true;
    else if (!is_printable(e, i))
      s->special = true;
    note_blank(s, is_space(e, i), is_break(e, i), i == 0, i + w == len, &prev_space, &prev_break);
    preceded_ws = is_blankz(e, i);
  }
}

static void analyze_scalar(em *e, const char *value, size_t len) {
  e->value = value;
  e->len = len;
  e->ascii = e->ascii_lines = false;
  if (len == 0) {
    e->multiline = false;
    e->flow_plain_allowed = false;
    e->block_plain_allowed = true;
    e->single_quoted_allowed = true;
    e->block_allowed = false;
    return;
  }
  scan s0 = {0};
  if (len >= 3 && ((value[0] == '-' && value[1] == '-' && value[2] == '-') ||
                   (value[0] == '.' && value[1] == '.' && value[2] == '.'))) {
    s0.block_ind = true;
    s0.flow_ind = true;
  }
  scan s = s0;
  if (!e->reference && scan_ascii(&s, value, len)) {
    e->ascii_lines = true;
    e->ascii = !s.line_breaks;
  } else {
    s = s0;
    scan_any(e, &s, value, len);
  }
  e->multiline = s.line_breaks;
  e->flow_plain_allowed = e->block_plain_allowed = true;
  e->single_quoted_allowed = e->block_allowed = true;
  if (s.leading_space || s.leading_break || s.trailing_space || s.trailing_break)
    e->flow_plain_allowed = e->block_plain_allowed = false;
  if (s.trailing_space) e->block_allowed = false;
  if (s.break_space)
    e->flow_plain_allowed = e->block_plain_allowed = e->single_quoted_allowed = false;
  if (s.space_break || s.tabs || s.special)
    e->flow_plain_allowed = e->block_plain_allowed = e->single_quoted_allowed = false;
  if (s.space_break || s.special) e->block_allowed = false;
  if (s.line_breaks) e->flow_plain_allowed = e->block_plain_allowed = false;
  if (s.flow_ind) e->flow_plain_allowed = false;
  if (s.block_ind) e->block_plain_allowed = false;
}

static int select_style(em *e, int style) {
  if (e->simple_key_ctx && e->multiline) style = ST_DOUBLE;
  if (style == ST_PLAIN) {
    if ((e->flow_level > 0 && !e->flow_plain_allowed) ||
        (e->flow_level == 0 && !e->block_plain_allowed))
      style = ST_SINGLE;
    if (e->len == 0 && (e->flow_level > 0 || e->simple_key_ctx)) style = ST_SINGLE;
  }
  if (style == ST_SINGLE && !e->single_quoted_allowed) style = ST_DOUBLE;
  if (style == ST_LITERAL && (!e->block_allowed || e->flow_level > 0 || e->simple_key_ctx))
    style = ST_DOUBLE;
  return style;
}

/* ---- scalar writers ---- */

/* True when the analysed ASCII value, written from the current column, can go out at once:
 * no line could fold at one of its spaces (a fold needs the column past the best width) and
 * it holds neither NEED1 nor NEED2 (0: none), the characters the style doubles or escapes. */
static bool bulk_ok(const em *e, bool allow_breaks, char need1, char need2) {
  if (!e->ascii) return false; /* (never set for the reference paths) */
  if (need1 && (memchr(e->value, need1, e->len) || (need2 && memchr(e->value, need2, e->len))))
    return false;
  if (!allow_breaks || (size_t)e->column + e->len <= (size_t)e->best_width) return true;
  return memchr(e->value, ' ', e->len) == NULL;
}

static void write_bulk(em *e) {
  ct_buf_put(e->out, e->value, e->len);
  e->column += (int)e->len;
}

static void write_plain(em *e, bool allow_breaks) {
  if (!e->whitespace && (!e->v3 || e->len > 0)) put(e, ' ');
  if (bulk_ok(e, allow_breaks, 0, 0)) {
    write_bulk(e);
    e->whitespace = false;
    e->indention = false;
    return;
  }
  bool spaces = false, breaks = false;
  for (size_t i = 0; i < e->len;) {
    if (is_space(e, i)) {
      if (allow_breaks && !spaces && e->column > e->best_width && !is_space(e, i + 1)) {
        write_indent(e);
        i += (size_t)width(at(e, i));
      } else {
        write1(e, &i);
      }
      spaces = true;
    } else if (is_break(e, i)) {
      if (!breaks && at(e, i) == '\n') put_break(e);
      write_break(e, &i);
      e->indention = true;
      breaks = true;
    } else {
      if (breaks) write_indent(e);
      write1(e, &i);
      e->indention = false;
      spaces = false;
      breaks = false;
    }
  }
  e->whitespace = false;
  e->indention = false;
}

static void write_single(em *e, bool allow_breaks) {
  write_indicator(e, "'", true, false, false);
  if (bulk_ok(e, allow_breaks, '\'', 0)) {
    write_bulk(e);
    write_indicator(e, "'", false, false, false);
    e->whitespace = false;
    e->indention = false;
    return;
  }
  bool spaces = false, breaks = false;
  for (size_t i = 0; i < e->len;) {
    if (is_space(e, i)) {
      if (allow_breaks && !spaces && e->column > e->best_width && i > 0 && i < e->len - 1 &&
          !is_space(e, i + 1)) {
        write_indent(e);
        i += (size_t)width(at(e, i));
      } else {
        write1(e, &i);
      }
      spaces = true;
    } else if (is_break(e, i)) {
      if (!breaks && at(e, i) == '\n') put_break(e);
      write_break(e, &i);
      e->indention = true;
      breaks = true;
    } else {
      if (breaks) write_indent(e);
      if (at(e, i) == '\'') put(e, '\'');
      write1(e, &i);
      e->indention = false;
      spaces = false;
      breaks = false;
    }
  }
  write_indicator(e, "'", false, false, false);
  e->whitespace = false;
  e->indention = false;
}

static void write_double(em *e, bool allow_breaks) {
  bool spaces = false;
  write_indicator(e, "\"", true, false, false);
  if (bulk_ok(e, allow_breaks, '"', '\\')) {
    write_bulk(e);
    write_indicator(e, "\"", false, false, false);
    e->whitespace = false;
    e->indention = false;
    return;
  }
  for (size_t i = 0; i < e->len;) {
    unsigned char c = at(e, i);
    if (!is_printable(e, i) || is_bom(e, i) || is_break(e, i) || c == '"' || c == '\\') {
      int w;
      uint32_t v;
      if ((c & 0x80) == 0) w = 1, v = c & 0x7F;
      else if ((c & 0xE0) == 0xC0) w = 2, v = c & 0x1F;
      else if ((c & 0xF0) == 0xE0) w = 3, v = c & 0x0F;
      else if ((c & 0xF8) == 0xF0) w = 4, v = c & 0x07;
      else w = 1, v = c;
      for (int k = 1; k < w; k++) v = (v << 6) + (at(e, i + (size_t)k) & 0x3F);
      i += (size_t)w;
      put(e, '\\');
      switch (v) {
      case 0x00: put(e, '0'); break;
      case 0x07: put(e, 'a'); break;
      case 0x08: put(e, 'b'); break;
      case 0x09: put(e, 't'); break;
      case 0x0A: put(e, 'n'); break;
      case 0x0b: put(e, 'v'); break;
      case 0x0c: put(e, 'f'); break;
      case 0x0d: put(e, 'r'); break;
      case 0x1b: put(e, 'e'); break;
      case 0x22: put(e, '"'); break;
      case 0x5c: put(e, '\\'); break;
      case 0x85: put(e, 'N'); break;
      case 0xA0: put(e, '_'); break;
      case 0x2028: put(e, 'L'); break;
      case 0x2029: put(e, 'P'); break;
      default: {
        int digits;
        if (v <= 0xFF) put(e, 'x'), digits = 2;
        else if (v <= 0xFFFF) put(e, 'u'), digits = 4;
        else put(e, 'U'), digits = 8;
        for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
          unsigned d = (v >> k) & 0x0F;
          put(e, (char)(d < 10 ? '0' + d : 'A' + d - 10));
        }
      }
      }
      spaces = false;
    } else if (is_space(e, i)) {
      if (allow_breaks && !spaces && e->column > e->best_width && i > 0 && i < e->len - 1) {
        write_indent(e);
        if (is_space(e, i + 1)) put(e, '\\');
        i += (size_t)width(at(e, i));
      } else {
        write1(e, &i);
      }
      spaces = true;
    } else {
      write1(e, &i);
      spaces = false;
    }
  }
  write_indicator(e, "\"", false, false, false);
  e->whitespace = false;
  e->indention = false;
}

static void block_scalar_hints(em *e) {
  if (is_space(e, 0) || is_break(e, 0)) {
    char hint[2] = {(char)('0' + e->best_indent), 0};
    write_indicator(e, hint, false, false, false);
  }
  char chomp = 0;
  if (e->len == 0) {
    chomp = '-';
  } else {
    size_t i = e->len - 1;
    while (i > 0 && (at(e, i) & 0xC0) == 0x80) i--;
    if (!is_break(e, i)) {
      chomp = '-';
    } else if (i == 0) {
      chomp = '+';
    } else {
      i--;
      while (i > 0 && (at(e, i) & 0xC0) == 0x80) i--;
      if (is_break(e, i)) chomp = '+';
    }
  }
  if (chomp) {
    char s[2] = {chomp, 0};
    write_indicator(e, s, false, false, false);
  }
}

static void write_literal(em *e) {
  write_indicator(e, "|", true, false, false);
  block_scalar_hints(e);
  put_break(e);
  e->indention = true;
  e->whitespace = true;
  bool breaks = true;
  for (size_t i = 0; i < e->len;) {
    if (is_break(e, i)) {
      write_break(e, &i);
      e->indention = true;
      breaks = true;
    } else {
      if (breaks) write_indent(e);
      if (e->ascii_lines) { /* the line at once */
        const char *nl = memchr(e->value + i, '\n', e->len - i);
        size_t end = nl ? (size_t)(nl - e->value) : e->len;
        ct_buf_put(e->out, e->value + i, end - i);
        e->column += (int)(end - i);
        i = end;
      } else {
        write1(e, &i);
      }
      e->indention = false;
      breaks = false;
    }
  }
}

/* Emits the scalar analyze_scalar last looked at, requesting STYLE, in the contexts set by
 * emit_node (BINARY: tagged !!binary, as yaml.v3 writes invalid UTF-8). */
static void emit_analyzed(em *e, int style, bool binary) {
  style = select_style(e, style);
  if (binary) {
    if (!e->whitespace) put(e, ' ');
    write_all(e, "!!binary");
    e->whitespace = false;
    e->indention = false;
  }
  increase_indent(e, true, false);
  switch (style) {
  case ST_PLAIN: write_plain(e, !e->simple_key_ctx); break;
  case ST_SINGLE: write_single(e, !e->simple_key_ctx); break;
  case ST_DOUBLE: write_double(e, !e->simple_key_ctx); break;
  default: write_literal(e); break;
  }
  pop_indent(e);
}

static void emit_scalar(em *e, const char *text, size_t len, int style, bool binary) {
  analyze_scalar(e, text, len);
  emit_analyzed(e, style, binary);
}

/* ---- values to scalars, as the go-yaml encoder sees them ---- */

typedef struct scalar {
  const char *s;
  size_t len;
  int style;
  bool binary; /* tagged !!binary (yaml.v3, invalid UTF-8) */
  ct_buf tmp; /* owns text when needed */
} scalar;

/* Characters go-yaml's reader refuses ("control characters are not allowed") that
 * json.Marshal leaves raw in its text: DEL, C1 controls but NEL, U+FFFE and U+FFFF. */
static bool reader_refuses(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < n) {
      unsigned char d = (unsigned char)s[i + 1];
      if (d >= 0x80 && d <= 0x9F && d != 0x85) return true;
    }
    if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
        ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF))
      return true;
  }
  return false;
}

static bool is_nel(const char *s, size_t n, size_t i) {
  return i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0x85;
}

/* A raw NEL in the JSON text is a line break to go-yaml reading the double-quoted string:
 * runs of spaces and NELs fold as YAML flow scalars fold (one break → a space, k → k-1
 * newlines, spaces around breaks dropped). */
static void fold_nel(ct_buf *out, const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    if (s[i] != ' ' && !is_nel(s, n, i)) {
      ct_buf_putc(out, s[i++]);
      continue;
    }
    size_t spaces = 0, breaks = 0;
    bool leading = false;
    while (i < n && (s[i] == ' ' || is_nel(s, n, i))) {
      if (s[i] == ' ') {
        if (!leading) spaces++;
        i++;
      } else {
        if (!leading) leading = true, spaces = 0;
        else breaks++;
        i += 2;
      }
    }
    if (leading) {
      if (breaks == 0) ct_buf_putc(out, ' ');
      else
        for (size_t k = 0; k < breaks; k++) ct_buf_putc(out, '\n');
    } else {
      for (size_t k = 0; k < spaces; k++) ct_buf_putc(out, ' ');
    }
  }
}

static bool all_ascii(const char *s, size_t n) {
  unsigned char acc = 0;
  for (size_t i = 0; i < n; i++)
    acc |= (unsigned char)s[i];
  return acc < 0x80;
}

static int string_scalar(em *e, scalar *sc, const char *s, size_t n) {
  /* ASCII is valid UTF-8 and holds no NEL: of what the reader refuses, only DEL */
  bool ascii = all_ascii(s, n);
  if (!ascii && !ct_codec__utf8_valid(s, n)) {
    if (e->v3) {
      /* yaml.v3 writes invalid UTF-8 as !!binary base64 (70 columns a line) */
      ct_buf b64 = CT_BUF_INIT;
      ct_codec__base64_encode(&b64, (const unsigned char *)s, n);
      size_t lines = b64.len / 70 + 1;
      for (size_t i = 0; i < b64.len; i += 70) {
        size_t j = i + 70 < b64.len ? i + 70 : b64.len;
        ct_buf_put(&sc->tmp, b64.ptr + i, j - i);
        if (lines > 1) ct_buf_putc(&sc->tmp, '\n');
      }
      ct_buf_dispose(&b64);
      sc->s = ct_buf_str(&sc->tmp);
      sc->len = sc->tmp.len;
      sc->binary = true;
      sc->style = memchr(sc->s, '\n', sc->len) ? ST_LITERAL : ST_PLAIN;
      return 0;
    }
    /* json.Marshal replaced the invalid bytes with U+FFFD before go-yaml saw the text */
    ct_codec__utf8_sanitize(&sc->tmp, s, n);
    s = ct_buf_str(&sc->tmp);
    n = sc->tmp.len;
  }
  if (!e->v3) {
    if (ascii ? memchr(s, 0x7F, n) != NULL : reader_refuses(s, n)) {
      if (e->err->len == 0)
        ct_buf_puts(e->err, "error converting JSON to YAML: yaml: control characters are not allowed");
      return -1;
    }
    if (!ascii && memmem(s, n, "\xC2\x85", 2)) {
      ct_buf folded = CT_BUF_INIT;
      fold_nel(&folded, s, n);
      ct_buf_dispose(&sc->tmp);
      sc->tmp = folded;
      s = ct_buf_str(&sc->tmp);
      n = sc->tmp.len;
    }
  }
  sc->s = s;
  sc->len = n;
  if (memchr(s, '\n', n)) sc->style = ST_LITERAL;
  else if (ct_codec__plain_is_str(s, n, e->v3)) sc->style = ST_PLAIN;
  else sc->style = ST_DOUBLE;
  return 0;
}

static void float_text(ct_buf *b, double f) {
  if (isinf(f)) ct_buf_puts(b, f > 0 ? ".inf" : "-.inf");
  else if (isnan(f)) ct_buf_puts(b, ".nan");
  else ct_gofmt_float(b, f, 'g', -1);
}

/* The scalar go-yaml writes for V (not a list or map). */
static int make_scalar(em *e, scalar *sc, const ct_value *v) {
  memset(sc, 0, sizeof *sc);
  sc->style = ST_PLAIN;
  if (!v) {
    sc->s = "null";
    sc->len = 4;
    return 0;
  }
  switch (v->type) {
  case CT_BOOL: sc->s = v->b ? "true" : "false"; break;
  case CT_INT:
  case CT_INT64:
  case CT_INT32: ct_buf_printf(&sc->tmp, "%lld", (long long)v->i); break;
  case CT_UINT8:
  case CT_UINT:
  case CT_UINT64: ct_buf_printf(&sc->tmp, "%llu", (unsigned long long)v->u); break;
  case CT_FLOAT64:
    if (e->v3) {
      float_text(&sc->tmp, v->f);
    } else {
      /* the JSON number text, read back by go-yaml as int, uint or float */
      ct_buf num = CT_BUF_INIT;
      ct_gofmt_float_json(&num, v->f);
      yres r;
      ct_codec__resolve(&r, NULL, ct_buf_str(&num), num.len, false, NULL);
      if (r.kind == YR_INT) ct_buf_printf(&sc->tmp, "%lld", (long long)r.i);
      else if (r.kind == YR_UINT) ct_buf_printf(&sc->tmp, "%llu", (unsigned long long)r.u);
      else float_text(&sc->tmp, r.kind == YR_FLOAT ? r.f : v->f);
      ct_buf_dispose(&num);
    }
    break;
  case CT_STRING: return string_scalar(e, sc, v->s.ptr, v->s.len);
  case CT_BYTES: {
    /* encoding/json: base64 text (never needs sanitizing or folding) */
    ct_codec__base64_encode(&sc->tmp, (const unsigned char *)v->s.ptr, v->s.len);
    sc->s = ct_buf_str(&sc->tmp);
    sc->len = sc->tmp.len;
    sc->style = ct_codec__plain_is_str(sc->s, sc->len, e->v3) ? ST_PLAIN : ST_DOUBLE;
    return 0;
  }
  default: sc->s = "{}"; break;
  }
  if (!sc->s) {
    sc->s = ct_buf_str(&sc->tmp);
    sc->len = sc->tmp.len;
  } else {
    sc->len = strlen(sc->s);
  }
  return 0;
}

/* ---- collections ---- */

typedef struct kv {
  scalar key;
  const ct_value *value;
} kv;

static int kv_cmp(const void *x, const void *y) {
  const kv *a = x, *b = y;
  return ct_codec__yaml_keycmp(a->key.s, a->key.len, b->key.s, b->key.len);
}

static int emit_node(em *e, const ct_value *v, bool root, bool seq, bool map, bool simple_key);

static void flow_empty(em *e, const char *open, const char *close) {
  write_indicator(e, open, true, true, false);
  increase_indent(e, true, false);
  pop_indent(e);
  write_indicator(e, close, false, false, false);
}

static int emit_seq(em *e, const ct_list *l) {
  if (l->len == 0) {
    flow_empty(e, "[", "]");
    return 0;
  }
  bool indentless = !e->v3 && e->map_ctx && !e->indention;
  if (e->v3) indentless = false;
  increase_indent(e, false, indentless);
  for (size_t i = 0; i < l->len; i++) {
    write_indent(e);
    write_indicator(e, "-", true, false, true);
    if (emit_node(e, l->items[i], false, true, false, false) < 0) return -1;
  }
  pop_indent(e);
  return 0;
}

/* go-yaml reading the JSON text back needs every object key to be a simple key: on one line
 * (no raw NEL) and at most 1024 characters from its opening quote to the ':' — counted on the
 * JSON-escaped text. Longer keys make sigs.k8s.io/yaml.Marshal fail. */
static bool json_key_too_long(const char *s, size_t n) {
  size_t chars = 2;
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if (c == '<' || c == '>' || c == '&') chars += 6;
      else if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') chars += 2;
      else if (c < 0x20) chars += 6;
      else chars += 1;
      i++;
      continue;
    }
    uint32_t r;
    int w = ct_gofmt_utf8_decode(s + i, n - i, &r);
    if (w == 1 || r == 0x2028 || r == 0x2029) chars += 6;
    else chars += 1;
    if (r == 0x85) return true; /* a line break inside the key */
    i += (size_t)w;
  }
  return chars > 1024;
}

static int emit_map(em *e, const ct_value *m) {
  size_t n;
  const ct_map_entry *ent = ct_map_entries(m, &n);
  if (n == 0) {
    flow_empty(e, "{", "}");
    return 0;
  }
  kv *kvs = malloc(n * sizeof *kvs);
  if (!kvs) abort();
  for (size_t i = 0; i < n; i++) {
    memset(&kvs[i].key, 0, sizeof kvs[i].key);
    /* a sanitized key lives in its heap buffer, which moves with the struct */
    bool bad_key = !e->v3 && json_key_too_long(ent[i].key.ptr, ent[i].key.len);
    if (bad_key && e->err->len == 0)
      ct_buf_puts(e->err, "error converting JSON to YAML: yaml: did not find expected ',' or '}'");
    if (bad_key || string_scalar(e, &kvs[i].key, ent[i].key.ptr, ent[i].key.len) < 0) {
      for (size_t k = 0; k <= i; k++) ct_buf_dispose(&kvs[k].key.tmp);
      free(kvs);
      return -1;
    }
    kvs[i].value = ent[i].value;
  }
  qsort(kvs, n, sizeof *kvs, kv_cmp);
  increase_indent(e, false, false);
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    write_indent(e);
    analyze_scalar(e, kvs[i].key.s, kvs[i].key.len);
    bool simple = !e->multiline && kvs[i].key.len <= 128;
    e->root_ctx = false, e->seq_ctx = false, e->map_ctx = true;
    if (simple) {
      e->simple_key_ctx = true;
      emit_analyzed(e, kvs[i].key.style, kvs[i].key.binary); /* analysed above */
      write_indicator(e, ":", false, false, false);
    } else {
      write_indicator(e, "?", true, false, true);
      e->simple_key_ctx = false;
      emit_scalar(e, kvs[i].key.s, kvs[i].key.len, kvs[i].key.style, kvs[i].key.binary);
      write_indent(e);
      write_indicator(e, ":", true, false, true);
    }
    rc = emit_node(e, kvs[i].value, false, false, true, false);
  }
  for (size_t i = 0; i < n; i++) ct_buf_dispose(&kvs[i].key.tmp);
  free(kvs);
  pop_indent(e);
  return rc;
}

static int emit_node(em *e, const ct_value *v, bool root, bool seq, bool map, bool simple_key) {
  e->root_ctx = root, e->seq_ctx = seq, e->map_ctx = map, e->simple_key_ctx = simple_key;
  v = ct_codec__json_view(v, e->a);
  if (++e->depth > 10000) {
    ct_buf_puts(e->err, "yaml: nesting too deep");
    return -1;
  }
  if (ct_value_stack_low(e->depth)) { /* the executor fails the call (value.h) */
    ct_value_note_too_deep();
    ct_buf_puts(e->err, "yaml: value nested too deeply for the stack");
    return -1;
  }
  int rc = 0;
  if (v && (v->type == CT_LIST || v->type == CT_STRLIST)) {
    rc = emit_seq(e, v->list);
  } else if (v && (v->type == CT_MAP || v->type == CT_STRMAP)) {
    rc = emit_map(e, v);
  } else {
    scalar sc;
    rc = make_scalar(e, &sc, v);
    if (rc == 0) emit_scalar(e, sc.s, sc.len, sc.style, sc.binary);
    ct_buf_dispose(&sc.tmp);
  }
  e->depth--;
  return rc;
}

static int emit_doc(ct_buf *out, const ct_value *v, bool v3, ct_buf *err) {
  ct_arena *a = ct_arena_new();
  if (!v3) {
    ct_buf jerr = CT_BUF_INIT;
    if (ct_codec__json_check(v, a, &jerr) < 0) {
      ct_buf_printf(err, "error marshaling into JSON: %s", ct_buf_str(&jerr));
      ct_buf_dispose(&jerr);
      ct_arena_free(a);
      return -1;
    }
    ct_buf_dispose(&jerr);
  }
  em e;
  memset(&e, 0, sizeof e);
  e.out = out;
  e.a = a;
  e.err = err;
  e.v3 = v3;
  e.reference = ct_codec__emit_reference;
  e.best_indent = 2;
  e.best_width = v3 ? 2147483647 : 80; /* yaml.v3 does not fold long lines */
  e.indent = -1;
  e.whitespace = true;
  e.indention = true;
  size_t start = out->len;
  int rc = emit_node(&e, v, true, false, false, false);
  if (rc == 0) write_indent(&e); /* document end */
  else ct_buf_truncate(out, start);
  free(e.indents);
  ct_arena_free(a);
  return rc;
}

int ct_yaml_emit(ct_buf *out, const ct_value *v, ct_buf *err) { return emit_doc(out, v, false, err); }

int ct_yaml_emit_v3(ct_buf *out, const ct_value *v, ct_buf *err) { return emit_doc(out, v, true, err); }
