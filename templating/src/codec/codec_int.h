/* codec_int.h — what the codec files share: go-yaml's scalar resolution, the YAML node tree
 * built from libyaml events, the Go-typed intermediate values, and go-yaml's key order. */
#ifndef CT_CODEC_INT_H
#define CT_CODEC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/value.h"

/* ---- go-yaml's resolve() ---- */
typedef enum yres_kind {
  YR_STR,
  YR_NULL,
  YR_BOOL,
  YR_INT, /* Go int (int64 on 64-bit) */
  YR_UINT, /* uint64 (too big for int) */
  YR_FLOAT,
  YR_TIMESTAMP, /* looks like a timestamp: decodes into interface{} as the string */
  YR_BINARY,    /* !!binary: the string is base64 */
  YR_MERGE,
  YR_OTHER, /* a tag that is not resolvable (custom "!foo"): the string */
} yres_kind;

typedef struct yres {
  yres_kind kind;
  bool b;
  int64_t i;
  uint64_t u;
  double f;
} yres;

#define CT_YAML_TAG_PREFIX "tag:yaml.org,2002:"

/* go-yaml v2's resolve(tag, in) (V3 for yaml.v3's rules, used by toYamlPretty). TAG is the
 * full tag or NULL/"" for none. Returns 0, or -1 with go-yaml's message in ERR when the
 * value does not fit an explicit tag ("cannot decode !!str `abc` as a !!int"). */
int ct_codec__resolve(yres *out, const char *tag, const char *in, size_t len, bool v3, ct_buf *err);
/* Whether an untagged plain scalar S (N bytes) decodes to a string, told without resolving
 * it: it starts with none of the characters resolve() looks further at, or with a letter (or
 * ~) and is none of go-yaml v2's bool and null words. False says nothing (resolve it). The
 * readers' shortcut; the emitter's question is ct_codec__plain_is_str's. */
bool ct_codec__plain_string(const char *s, size_t n);
/* Whether an untagged plain S would read back as a string in go-yaml v2 (v3), i.e. the
 * encoder may write it without quotes (base-60 floats and, for v3, YAML 1.1 bools excluded). */
bool ct_codec__plain_is_str(const char *s, size_t len, bool v3);
/* The short form of a tag as go-yaml prints it: "!!int" for tag:yaml.org,2002:int. */
const char *ct_codec__short_tag(const char *tag);

/* ---- YAML nodes (go-yaml's parser.go) ---- */
typedef enum ynode_kind { YN_DOC = 1, YN_SCALAR, YN_SEQ, YN_MAP, YN_ALIAS } ynode_kind;

typedef struct ynode ynode;
struct ynode {
  ynode_kind kind;
  int line, column; /* 0-based start mark */
  const char *tag;  /* full tag or NULL */
  const char *anchor;
  const char *value; /* scalar text or alias name */
  size_t len;
  bool implicit; /* plain scalar without tag (resolved by content) */
  bool quoted;   /* scalar style other than plain */
  ynode **children;
  size_t n;
  ynode *alias; /* target of an alias */
};

/* Parses documents of SRC into node trees (arena A). MAX_DOCS 1 reads only the first document
 * (as yaml.Unmarshal); 0 reads all. *docs gets the documents (YN_DOC nodes), *ndocs their
 * count (0 for an empty stream). On error returns -1 with go-yaml's message ("yaml: line 3:
 * could not find expected ':'") in ERR. */
int ct_codec__yaml_load(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src, size_t len,
                        size_t max_docs, ct_buf *err);

/* The same with libyaml alone (ct_codec__yaml_load tries ct_codec__yaml_fast first). */
int ct_codec__yaml_load_libyaml(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src,
                                size_t len, size_t max_docs, ct_buf *err);
/* yaml_fast.c: reads the block YAML subset templates render (block maps and sequences, plain
 * and quoted scalars folded over lines, literal/folded scalars, [] and {}) into the tree libyaml's reader
 * would build, much faster. Returns 1 with the documents (0 or 1 of them), or 0 when the text
 * is outside that subset or may be an error: the caller then uses libyaml. */
int ct_codec__yaml_fast(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src, size_t len);
/* Reading a document only to check it (yaml_head.c): each finished child of a collection at
 * DEPTH or deeper (the root collection is at depth 1) is handed to OK (KEY: it is a mapping
 * key), then its memory is given back and a placeholder every check accepts takes its place,
 * so a document of megabytes is read in the memory of one path through it. A child OK refuses
 * makes the read give up (0), as do anchors and aliases. */
typedef struct ct_codec__yaml_prune {
  int depth;
  bool (*ok)(const ynode *n, bool key);
} ct_codec__yaml_prune;
/* The depth yaml_head.c prunes from (5; tests set it lower). */
extern int ct_codec__yaml_head_prune_depth;
int ct_codec__yaml_fast_pruned(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src,
                               size_t len, const ct_codec__yaml_prune *pr);
/* The same, saying why it gave up: *why the line of yaml_fast.c (-1: characters it leaves to
 * libyaml), *why_at the byte offset of the line it was reading. */
int ct_codec__yaml_fast_why(ynode ***docs, size_t *ndocs, ct_arena *a, const char *src,
                            size_t len, int *why, size_t *why_at);

/* ---- decoding a document as sigs.k8s.io/yaml.Unmarshal does ----
 * YD_JSON: go-yaml v2 into interface{}, then through JSON (numbers float64, map keys strings).
 * YD_RAW: the same, but every scalar as a Go string field receives it (ints in decimal,
 * floats as FormatFloat(f, 'g', -1, 32), bools "true"/"false"); null stays NULL. */
enum { YD_JSON, YD_RAW };
/* Returns 0, or -1 with the message after "error converting YAML to JSON: " in ERR. */
int ct_codec__yaml_decode(ct_value **out, ct_arena *a, ynode *doc, int mode, ct_buf *err);

/* ---- memo of decoded documents (yaml_memo.c), per thread ----
 * ct_codec__memo_get: 1 = *out is a copy (in A) of what SRC decoded to in MODE before;
 * 0 = not kept yet but seen before: decode, then ct_codec__memo_put the result with HASH;
 * -1 = decode without putting (first sighting, or too short to be worth it). */
int ct_codec__memo_get(ct_value **out, ct_arena *a, const char *src, size_t len, int mode,
                       uint64_t *hash);
void ct_codec__memo_put(const char *src, size_t len, int mode, uint64_t hash, const ct_value *v);
void ct_codec__memo_clear(void);
uint64_t ct_codec__memo_hash(const char *s, size_t n);

/* ---- go-yaml's map key order (sorter.go keyList.Less) for string keys ---- */
int ct_codec__yaml_keycmp(const char *a, size_t alen, const char *b, size_t blen);
bool ct_codec__is_letter(uint32_t r);
bool ct_codec__is_digit(uint32_t r);

/* ---- encoding/json pieces shared by the YAML encoder ---- */
/* Appends S as a JSON string body would decode back: invalid UTF-8 bytes become U+FFFD. */
void ct_codec__utf8_sanitize(ct_buf *out, const char *s, size_t n);
bool ct_codec__utf8_valid(const char *s, size_t n);
/* The YAML indicators that can never start a plain scalar: , [ ] { } # & * ! | > ' " % @ `
 * (the spec's c-indicators but - ? :, which can when no blank follows). */
bool ct_codec__yaml_indicator(unsigned char c);
/* json.Marshal's "json: unsupported value: NaN" check over a tree; 0 or -1 with message. */
int ct_codec__json_check(const ct_value *v, ct_arena *a, ct_buf *err);
/* The value encoding/json marshals for V: objects through their marshal hook ({} without). */
const ct_value *ct_codec__json_view(const ct_value *v, ct_arena *a);
/* Tests: true makes the YAML emitter write every scalar character by character, its
 * reference paths, instead of at once where it can (yaml_emit.c). */
extern bool ct_codec__emit_reference;
/* Tests: true makes the JSON reader scan a byte at a time and unquote every string into its
 * scratch buffer, its reference paths (json_parse.c). */
extern bool ct_codec__json_reference;

/* base64 (StdEncoding) */
void ct_codec__base64_encode(ct_buf *out, const unsigned char *s, size_t n);
/* Returns 0 and the bytes in OUT, or -1 on invalid input (Go's StdEncoding rules). */
int ct_codec__base64_decode(ct_buf *out, const char *s, size_t n);

#endif
