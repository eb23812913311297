/* tpl_int.h — internals shared by the text/template files: lexer items (lex.c), parse-tree
 * nodes (parse.c, node.c), sets and function tables (set.c), executor (exec.c, funcs.c). */
#ifndef CT_TPL_INT_H
#define CT_TPL_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chartctl/tpl.h"

/* ---------------- lexer (Go's parse/lex.go) ---------------- */
typedef enum ct_tpl__itype {
  IT_ERROR,
  IT_BOOL,
  IT_CHAR,
  IT_CHARCONST,
  IT_COMMENT,
  IT_COMPLEX,
  IT_ASSIGN,  /* = */
  IT_DECLARE, /* := */
  IT_EOF,
  IT_FIELD,
  IT_IDENT,
  IT_LDELIM,
  IT_LPAREN,
  IT_NUMBER,
  IT_PIPE,
  IT_RAWSTRING,
  IT_RDELIM,
  IT_RPAREN,
  IT_SPACE,
  IT_STRING,
  IT_TEXT,
  IT_VARIABLE,
  IT_KEYWORD, /* keywords after this */
  IT_BLOCK,
  IT_BREAK,
  IT_CONTINUE,
  IT_DOT,
  IT_DEFINE,
  IT_ELSE,
  IT_END,
  IT_IF,
  IT_NIL,
  IT_RANGE,
  IT_TEMPLATE,
  IT_WITH,
} ct_tpl__itype;

typedef struct ct_tpl__item {
  ct_tpl__itype typ;
  int line;
  size_t pos;      /* byte offset in the input */
  const char *val; /* into the input, or (errors) into the lexer's arena */
  size_t len;
} ct_tpl__item;

typedef struct ct_tpl__lexer {
  const char *input;
  size_t len;
  const char *ldelim, *rdelim;
  size_t ldlen, rdlen;
  size_t pos, start;
  bool at_eof;
  int paren_depth;
  int line, start_line;
  int rd_rune; /* the right delimiter's first rune (ends words) */
  ct_tpl__item item;
  bool inside_action;
  bool break_ok, continue_ok;
  ct_arena *arena; /* error messages */
} ct_tpl__lexer;

void ct_tpl__lex_init(ct_tpl__lexer *l, const char *input, size_t len, const char *ldelim,
                      const char *rdelim, ct_arena *a);
ct_tpl__item ct_tpl__lex_next(ct_tpl__lexer *l);
/* ct_tpl__lex_next leaving the item in l->item only. */
void ct_tpl__lex_advance(ct_tpl__lexer *l);

/* ---------------- nodes (Go's parse/node.go) ---------------- */
typedef enum ct_tpl__ntype {
  N_TEXT,
  N_ACTION,
  N_BOOL,
  N_CHAIN,
  N_COMMAND,
  N_DOT,
  N_FIELD,
  N_IDENT,
  N_IF,
  N_LIST,
  N_NIL,
  N_NUMBER,
  N_PIPE,
  N_RANGE,
  N_STRING,
  N_TEMPLATE,
  N_VARIABLE,
  N_WITH,
  N_COMMENT,
  N_BREAK,
  N_CONTINUE,
  N_ELSE, /* parse-time only */
  N_END,  /* parse-time only */
  N_LAZY, /* a branch's list loaded from the parse cache, decoded where it is first walked */
} ct_tpl__ntype;

typedef struct ct_tpl__tree ct_tpl__tree;
typedef struct ct_tpl__node ct_tpl__node;
typedef struct ct_tpl__fentry ct_tpl__fentry;
typedef struct ct_tpl__lazy_ctx ct_tpl__lazy_ctx;

typedef struct ct_tpl__nlist {
  ct_tpl__node **items; /* exactly N: lists are copied out of the parser at their final size */
  uint32_t n;           /* a template's text is limited far below 4 G */
} ct_tpl__nlist;

/* An N_NUMBER's constant, out of the node (numbers are few; nodes are many). */
typedef struct ct_tpl__num {
  int flags;
  int64_t i;
  uint64_t u;
  double f;
  const char *text;
  ct_value *ideal; /* the constant as an untyped operand (int or float64), or NULL */
} ct_tpl__num;

/* Number node flags */
enum { NUM_INT = 1, NUM_UINT = 2, NUM_FLOAT = 4, NUM_COMPLEX = 8 };

/* 32 bytes: a parse makes one node per ~12 bytes of template text, and the trees of every
 * template of every chart stay for the whole render. */
struct ct_tpl__node {
  uint8_t type;   /* ct_tpl__ntype */
  uint8_t ndecl;  /* N_PIPE: variables declared (Go allows at most 2) */
  bool is_assign; /* N_PIPE: "=" rather than ":=" */
  uint32_t pos;   /* byte offset in the text parsed (ct_tpl_parse refuses 4 GiB or more) */
  union {
    struct {
      const char *s;
      size_t len;
    } text;                   /* N_TEXT, N_COMMENT */
    ct_tpl__nlist list;       /* N_LIST, N_COMMAND (args) */
    struct {
      ct_tpl__node **decl; /* N_VARIABLE nodes (ndecl of them) */
      ct_tpl__nlist cmds;
    } pipe;                   /* N_PIPE */
    ct_tpl__node *action;     /* N_ACTION: its pipe */
    struct {
      ct_tpl__node *pipe, *list, *else_list;
    } branch;                 /* N_IF, N_RANGE, N_WITH */
    struct {
      const char *name;
      ct_tpl__node *pipe; /* may be NULL */
    } tmpl;                   /* N_TEMPLATE */
    struct {
      const char *name; /* NUL-terminated */
      /* exec's cache: the function NAME resolved to in the set whose lookup key
       * (ct_tpl__lookup_key) was KEY */
      const ct_tpl__fentry *fn;
      uint64_t key;
    } ident;                  /* N_IDENT */
    struct {
      const char **idents; /* N_FIELD: without dots; N_VARIABLE: idents[0] = "$x" */
      size_t n;
    } field;                  /* N_FIELD, N_VARIABLE */
    struct {
      ct_tpl__node *node;
      const char **fields;
      size_t n;
    } chain;                  /* N_CHAIN */
    bool b;                   /* N_BOOL */
    ct_tpl__num *num;         /* N_NUMBER */
    struct {
      const char *quoted; /* as written: into the template text (not NUL-terminated) */
      size_t qlen;
      ct_value *val;      /* unquoted */
    } str;                    /* N_STRING */
    struct {
      const unsigned char *rec; /* the list's record bytes (tree_codec.c) */
      uint32_t len;
      const ct_tpl__lazy_ctx *ctx;
    } lazy; /* N_LAZY */
  };
};

struct ct_tpl__tree {
  const char *name;       /* template name */
  const char *parse_name; /* top-level name during parsing (file), for positions */
  const char *text;       /* the whole input that was parsed */
  size_t text_len;
  ct_tpl__node *root; /* N_LIST */
  /* A {{define}}'s own text, from its {{ to the }} of its {{end}}, in TEXT (def_len 0 for
   * a file's tree), with the delimiters and function generation it was parsed under: a
   * later definition of the same text shares ROOT instead of parsing it again. */
  size_t def_start, def_len;
  const char *ldelim, *rdelim;
  unsigned func_gen;
  /* ROOT's node positions are offsets in TEXT minus POS_DELTA (ROOT was parsed from another
   * file's identical definition). */
  int64_t pos_delta;
  /* A tree loaded from the parse cache (tree_codec.c) and not looked up yet: ROOT is NULL
   * and its nodes are LAZY_LEN bytes at LAZY, decoded at the first ct_tpl__lookup. */
  const unsigned char *lazy;
  uint32_t lazy_len;
  bool lazy_empty; /* what ct_tpl__is_empty_tree will say of ROOT */
};

/* The unused tail of the node block the set's last tree decode took (tree_codec.c): the next
 * decode carves its nodes from it before taking a new block. */
typedef struct ct_tpl__slab {
  ct_tpl__node *next;
  size_t left;
} ct_tpl__slab;

/* Decodes N_LAZY node N in place into the N_LIST it stands for; false (N left an empty
 * list) when its bytes do not decode. Other nodes: true, unchanged. */
bool ct_tpl__decode_lazy(ct_tpl__node *n);

/* Go's Node.String(), appended to OUT. */
void ct_tpl__node_string(ct_buf *out, const ct_tpl__node *n);
/* Go's IsEmptyTree. */
bool ct_tpl__is_empty_tree(const ct_tpl__node *n);
/* Decodes a lazy tree's nodes into ARENA (ROOT stays NULL if they do not decode). */
void ct_tpl__materialize(ct_arena *arena, ct_tpl__slab *slab, ct_tpl__tree *t);
/* Whether T's root is empty (Go's IsEmptyTree), for a lazy tree without decoding it. */
static inline bool ct_tpl__tree_empty(const ct_tpl__tree *t) {
  return t->root ? ct_tpl__is_empty_tree(t->root) : t->lazy ? t->lazy_empty : true;
}
/* strconv.Quote into OUT (Go's %q of a string). */
void ct_tpl__quote(ct_buf *out, const char *s, size_t n);

/* ---------------- functions and sets ---------------- */
/* parameter types of a function signature */
typedef enum ct_tpl__ptype {
  PT_ANY = 1, /* interface {} */
  PT_VALUE,   /* reflect.Value (builtins): anything, nil included */
  PT_STRING,
  PT_INT,
  PT_INT64,
  PT_FLOAT64,
  PT_BOOL,
  PT_LIST,    /* []interface {} */
  PT_STRLIST, /* []string */
  PT_MAP,     /* map[string]interface {} */
  PT_STRMAP,  /* map[string]string */
  PT_BYTES,   /* []uint8 */
  /* named Go types of object methods' parameters: a value is assignable when its Go type
   * has this name (ct_type_name) */
  PT_GO_DURATION, /* time.Duration: int64 kind, so a number constant converts to it */
  PT_GO_TIME,     /* time.Time: a struct */
  PT_GO_LOCATION, /* *time.Location: a pointer, nil allowed */
  PT_GO_SEMVER,   /* *semver.Version: a pointer, nil allowed */
} ct_tpl__ptype;

#define CT_TPL_MAXPARAMS 8

typedef struct ct_tpl__sig {
  unsigned char nparams; /* including the variadic one */
  unsigned char ptypes[CT_TPL_MAXPARAMS];
  bool variadic;  /* the last param is ...T */
  bool ret_error; /* second result is error */
  unsigned char nresults; /* results listed after "->" */
  unsigned char ret2len;
  const char *ret2; /* the second result's type (points into the signature text) */
} ct_tpl__sig;

/* Builtin ids */
typedef enum ct_tpl__builtin {
  B_NONE = 0,
  B_AND,
  B_CALL,
  B_HTML,
  B_INDEX,
  B_SLICE,
  B_JS,
  B_LEN,
  B_NOT,
  B_OR,
  B_PRINT,
  B_PRINTF,
  B_PRINTLN,
  B_URLQUERY,
  B_EQ,
  B_GE,
  B_GT,
  B_LE,
  B_LT,
  B_NE,
} ct_tpl__builtin;

/* 32 bytes: a set's table has a slot for every function Helm defines, twice over. */
struct ct_tpl__fentry {
  const char *name;
  const ct_func *fn;       /* NULL for a builtin */
  const ct_tpl__sig *sig;  /* parsed from fn->sig at the first lookup (NULL before) */
  uint32_t nlen;           /* strlen(name) */
  ct_tpl__builtin builtin; /* B_NONE for a table function */
};

/* A function's direct forms (ct_tpl_set_direct), found by its table entry: a set holds a few
 * of these rather than two more pointers in every function entry (a set's function table is
 * touched whole at each render: 40 bytes an entry, not 56). */
typedef struct ct_tpl__direct {
  const ct_func *fn;
  ct_func_print print;
  ct_func_filter filter;
} ct_tpl__direct;
#define CT_TPL__DIRECT_MAX 8

typedef struct ct_tpl__fmap {
  ct_tpl__fentry *slots; /* open addressing */
  size_t cap, n;
  bool in_arena; /* SLOTS belong to the set's arena (else malloc'ed) */
} ct_tpl__fmap;

typedef struct ct_tpl__tmap {
  ct_tpl__tree **slots;
  size_t cap, n;
} ct_tpl__tmap;

struct ct_tpl_set {
  ct_tpl_set *parent; /* overlays: lookups fall through */
  ct_tpl__slab slab;  /* lazy trees' nodes (in ARENA) */
  /* exec's function cache key (ct_tpl__lookup_key) and the function generation it is for */
  uint64_t lookup_key;
  unsigned lookup_gen;
  ct_arena *arena;    /* trees, nodes, names, constants */
  bool borrowed_arena; /* overlays use their root's arena */
  ct_tpl__fmap funcs; /* own functions (builtins live in a shared table) */
  ct_tpl__tmap tmpls;
  const char *ldelim, *rdelim;
  const char *name; /* for "no template %q associated with template %q" */
  ct_tpl__direct direct[CT_TPL__DIRECT_MAX];
  size_t ndirect;
};

const ct_tpl__fentry *ct_tpl__find_func(const ct_tpl_set *s, const char *name, size_t len);
/* The direct forms of function F in S (or the sets it overlays), NULL when it has none. */
const ct_tpl__direct *ct_tpl__direct_of(const ct_tpl_set *s, const ct_tpl__fentry *f);
/* Changes whenever a function lookup could give another answer (functions added to a set),
 * so that a cached lookup is reused only while it stays right. Set ids are never reused, so
 * sets made or freed need no change. */
extern unsigned ct_tpl__func_gen;
/* A key unique in the process to set S as its function lookups answer now: a new one is
 * drawn when ct_tpl__func_gen has moved since the last (keys are never reused, so a node's
 * cache from another set, a freed one, or another generation never matches). */
uint64_t ct_tpl__lookup_key(ct_tpl_set *s);
ct_tpl__tree *ct_tpl__lookup(const ct_tpl_set *s, const char *name);
/* Adds TREE to the set as Go's associate does (an empty tree never replaces a real one). */
void ct_tpl__associate(ct_tpl_set *s, ct_tpl__tree *tree);
/* Parses a signature string; returns false on a malformed one. */
bool ct_tpl__parse_sig(ct_tpl__sig *out, const char *sig);
const char *ct_tpl__ptype_name(int pt);

/* Go's text/template escapers (funcs.go), appended to OUT. */
void ct_tpl__html_escape(ct_buf *out, const char *s, size_t n);
void ct_tpl__js_escape(ct_buf *out, const char *s, size_t n);
void ct_tpl__url_query_escape(ct_buf *out, const char *s, size_t n);

/* A named Go map/slice type with methods (engine.files, chartutil.VersionSet) is an object
 * whose marshal() gives the map/list that range, len, index and slice see. Returns V itself
 * for anything else (pointers to structs keep Go's errors). */
static inline ct_value *ct_tpl__as_container(ct_arena *a, ct_value *v) {
  if (v && v->type == CT_OBJECT && v->obj.cls->marshal && v->obj.cls->go_type[0] != '*') {
    ct_value *m = v->obj.cls->marshal(v, a);
    if (m && (ct_is_map(m) || ct_is_list(m))) return m;
  }
  return v;
}

/* A complex128 constant (an object printing as fmt does, "(0+1i)"). */
ct_value *ct_tpl__complex(ct_arena *a, double re, double im);
/* The parts of a ct_tpl__complex value; false for any other value. */
bool ct_tpl__complex_parts(const ct_value *v, double *re, double *im);

/* ct_tpl_parse, also giving the trees the parse added to the set, in the order they were
 * associated (*TREES: arena memory of the set). */
int ct_tpl__parse_trees(ct_tpl_set *s, const char *name, const char *text, size_t len, ct_buf *err,
                        ct_tpl__tree ***trees, size_t *ntrees);

/* Remaining stack bytes below the current frame (conservative), for recursion limits. */
size_t ct_tpl__stack_left(void);

/* values_methods.c: chartutil.Values's methods. Arity of method NAME (-1: not a method). */
int ct_tpl__values_method_arity(const char *name);
/* Calls it on SELF (ARG: its string argument, if any): 0 ok, -2 error (message in ERR). */
int ct_tpl__values_method(ct_value **out, const ct_value *self, const char *name, const ct_value *arg,
                          ct_arena *a, ct_buf *err);

#endif
