/* value.h — the value model shared by the YAML/JSON codecs, the template engine and Sprig.
 * Values mirror the Go types Helm ends up with (interface{} trees, int64 vs float64...). */
#ifndef CHARTCTL_VALUE_H
#define CHARTCTL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"

/* Go's concrete type of a value. The NULL pointer is Go's untyped nil (a nil interface{}):
 * a map entry may hold NULL, a list item may be NULL. */
typedef enum ct_type {
  CT_BOOL = 1,
  /* integers: value in .i (signed) or .u (unsigned); the tag is the Go type */
  CT_INT,   /* int    (len, atoi, int, Go literal constants) */
  CT_INT64, /* int64  (--set integers, add/sub/mul, int64) */
  CT_INT32, /* int32  (runes) */
  CT_UINT8, /* uint8  (bytes) */
  CT_UINT,  /* uint   */
  CT_UINT64,
  CT_FLOAT64, /* float64 (every number from a values file, float64 func) */
  CT_STRING,  /* .s: bytes, NUL-terminated, may contain NULs */
  CT_BYTES,   /* []byte (.s likewise) */
  CT_LIST,    /* []interface {} */
  CT_STRLIST, /* []string  (items are CT_STRING values) */
  CT_MAP,     /* map[string]interface {} */
  CT_STRMAP,  /* map[string]string (values are CT_STRING) */
  CT_OBJECT,  /* a Go struct or pointer with fields/methods: .Files, .Capabilities, time.Time... */
} ct_type;

typedef struct ct_value ct_value;
typedef struct ct_map ct_map;
typedef struct ct_object_class ct_object_class;

typedef struct ct_str {
  const char *ptr; /* NUL-terminated; len excludes the terminator */
  size_t len;
} ct_str;

typedef struct ct_list {
  ct_value **items; /* items may be NULL (nil) */
  size_t len, cap;
} ct_list;

/* Go type details the tag alone does not give (ct_value.gotype; 0 = the tag's own type). */
typedef enum ct_gotype {
  CT_GO_PLAIN = 0,
  CT_GO_VALUES,           /* CT_MAP: chartutil.Values, Helm's .Values (a named map type) */
  CT_GO_INT_SLICE,        /* CT_LIST of CT_INT items: []int (until, untilStep) */
  CT_GO_LIST_SLICE,       /* CT_LIST of CT_LIST items: [][]interface {} (chunk) */
  CT_GO_MAINTAINER_SLICE, /* CT_LIST of objects: []*chart.Maintainer */
  CT_GO_DEPENDENCY_SLICE, /* CT_LIST of objects: []*chart.Dependency */
  /* CT_MAP holding a Go struct's JSON form (an object's marshal): ct_map_sorted gives the
   * insertion order, i.e. struct field order as encoding/json writes it; %T and everything
   * else still see map[string]interface {}. */
  CT_GO_STRUCT_FIELDS,
  /* Go's named integer types with methods (a CT_INT or CT_INT64 value): they are integers to
   * eq, index, printf "%d", kindOf, if and Sprig's casts, print through their String method
   * (%v %s %q %x), and have the methods of the class registered for them (ct_named_class). */
  CT_GO_MONTH,    /* CT_INT: time.Month */
  CT_GO_WEEKDAY,  /* CT_INT: time.Weekday */
  CT_GO_DURATION, /* CT_INT64: time.Duration */
  CT_GO__COUNT,
} ct_gotype;

struct ct_value {
  ct_type type;
  /* A typed nil (CT_LIST, CT_STRLIST, CT_BYTES, CT_MAP, CT_STRMAP): Go's nil slice or map.
   * It has length 0 and prints as an empty one, but marshals to JSON/YAML as null and
   * is not reflect.DeepEqual to an empty one. ct_list_push/ct_map_set clear it. */
  uint8_t is_nil;
  uint8_t gotype; /* ct_gotype */
  union {
    bool b;
    int64_t i;  /* CT_INT, CT_INT64, CT_INT32 */
    uint64_t u; /* CT_UINT8, CT_UINT, CT_UINT64 */
    double f;
    ct_str s; /* CT_STRING, CT_BYTES */
    ct_list *list;
    ct_map *map;
    struct {
      const ct_object_class *cls;
      void *data;
    } obj;
  };
};

/* An object: a Go struct/pointer reached by field and method names. */
struct ct_object_class {
  const char *go_type; /* "%T" spelling, e.g. "*chart.Metadata", "time.Time" */
  /* Field or niladic method NAME; *out may be set to NULL (nil). Returns 0, or -1 when the
   * object has no such field/method (the engine then reports Go's error). */
  int (*field)(ct_value **out, const ct_value *self, const char *name, ct_arena *a);
  /* Method NAME with args: returns 0 ok, -1 no such method, -2 error (message in errbuf). */
  int (*method)(ct_value **out, const ct_value *self, const char *name, ct_value *const *args,
                size_t nargs, ct_arena *a, char *errbuf, size_t errlen);
  /* Whether NAME is a method (as opposed to a field), and how many args it takes. */
  bool (*has_method)(const ct_value *self, const char *name);
  /* The value encoding/json would marshal (maps/lists/scalars), for toYaml/toJson; may be
   * NULL, then the object marshals as {}. */
  ct_value *(*marshal)(const ct_value *self, ct_arena *a);
  /* fmt's %v of the object (e.g. time.Time "2006-01-02 15:04:05 +0000 UTC"); NULL means
   * "{field field ...}" is not supported and "%v" prints go_type. Writes to out. */
  void (*format)(const ct_value *self, ct_buf *out);
  /* Go's signature of method NAME in the ct_func form ("string->string"), or NULL (may be a
   * NULL function): with it the engine checks the argument count and converts each argument
   * to its parameter's type as Go's evalCall does, before calling `method`. */
  const char *(*method_sig)(const ct_value *self, const char *name);
};

/* ---- constructors (all allocate in the arena) ---- */
ct_value *ct_bool(ct_arena *a, bool b);
ct_value *ct_int(ct_arena *a, ct_type t, int64_t i); /* t: CT_INT, CT_INT64, CT_INT32 */
ct_value *ct_uint(ct_arena *a, ct_type t, uint64_t u);
ct_value *ct_float(ct_arena *a, double f);
ct_value *ct_string(ct_arena *a, const char *s, size_t len); /* copies */
ct_value *ct_cstring(ct_arena *a, const char *s);            /* copies */
ct_value *ct_string_nocopy(ct_arena *a, const char *s, size_t len); /* s must outlive a; NUL at s[len] */
ct_value *ct_bytes(ct_arena *a, const char *s, size_t len);
ct_value *ct_list_new(ct_arena *a, ct_type t, size_t cap); /* t: CT_LIST or CT_STRLIST */
ct_value *ct_map_new(ct_arena *a, ct_type t, size_t cap);  /* t: CT_MAP or CT_STRMAP */
ct_value *ct_object(ct_arena *a, const ct_object_class *cls, void *data);
/* A named integer (CT_GO_MONTH, CT_GO_WEEKDAY: CT_INT; CT_GO_DURATION: CT_INT64). */
ct_value *ct_named_int(ct_arena *a, ct_gotype g, int64_t i);
/* The methods of a named integer type: whoever makes such values registers the class first
 * (its go_type, format and methods; marshal is not used, the value marshals as a number).
 * ct_named_class gives the class of V's named type, or NULL for any other value. */
void ct_named_register(ct_gotype g, const ct_object_class *cls);
const ct_object_class *ct_named_class(const ct_value *v);
/* Go's nil slice or map of type T (var x []interface{}): see ct_value.is_nil. */
ct_value *ct_list_new_nil(ct_arena *a, ct_type t);
ct_value *ct_map_new_nil(ct_arena *a, ct_type t);
/* A new value sharing V's list or map (not copied) whose Go type is G, e.g.
 * ct_value_as(a, vals, CT_GO_VALUES) for .Values; CT_GO_PLAIN strips a named type (what
 * Go's conversion to a map[string]interface {} parameter does). NULL stays NULL. */
ct_value *ct_value_as(ct_arena *a, const ct_value *v, ct_gotype g);

/* ---- lists ---- */
void ct_list_push(ct_arena *a, ct_value *list, ct_value *item);

/* ---- maps: Go maps; iteration order is by sorted key (bytewise), as Go prints/ranges them ---- */
typedef struct ct_map_entry {
  ct_str key;
  ct_value *value; /* may be NULL */
} ct_map_entry;

size_t ct_map_len(const ct_value *map);
/* Returns true when KEY is present; *out gets the value (possibly NULL). */
bool ct_map_get(const ct_value *map, const char *key, size_t klen, ct_value **out);
ct_value *ct_map_getc(const ct_value *map, const char *key); /* NULL when absent or nil */
void ct_map_set(ct_arena *a, ct_value *map, const char *key, size_t klen, ct_value *v);
void ct_map_setc(ct_arena *a, ct_value *map, const char *key, ct_value *v);
bool ct_map_delete(ct_value *map, const char *key, size_t klen);
/* Entries in sorted key order (insertion order for a CT_GO_STRUCT_FIELDS map). The array
 * is owned by the map and valid until the next mutation of the map. */
const ct_map_entry *ct_map_sorted(ct_arena *a, const ct_value *map, size_t *n);
/* Entries in insertion order (what a YAML file said), same validity. */
const ct_map_entry *ct_map_entries(const ct_value *map, size_t *n);
/* A new map (in A, of MAP's type, not nil) with MAP's keys in MAP's order, each value COPY's
 * of MAP's: what setting them one by one gives, without looking each key up. The keys are
 * shared with MAP (strings are never changed in place). */
ct_value *ct_map_copy(ct_arena *a, const ct_value *map,
                      ct_value *(*copy)(ct_arena *a, const ct_value *v));

/* Counts every later read of MAP's entries (a key looked up, the entries listed, copied or
 * compared; not its length), for ct_map_watched_reads: the engine marks each file's
 * .Template so, to know which texts do not depend on the file they were made in. */
void ct_map_watch_reads(ct_value *map);
/* How many reads of watched maps this thread has made. */
uint64_t ct_map_watched_reads(void);
/* Counts one such read that was not made (a result used again that made one). */
void ct_map_note_watched_read(void);

/* ---- type questions ---- */
static inline bool ct_is_int(const ct_value *v) {
  return v && (v->type == CT_INT || v->type == CT_INT64 || v->type == CT_INT32);
}
static inline bool ct_is_uint(const ct_value *v) {
  return v && (v->type == CT_UINT8 || v->type == CT_UINT || v->type == CT_UINT64);
}
static inline bool ct_is_list(const ct_value *v) {
  return v && (v->type == CT_LIST || v->type == CT_STRLIST);
}
static inline bool ct_is_map(const ct_value *v) {
  return v && (v->type == CT_MAP || v->type == CT_STRMAP);
}
static inline bool ct_is_str(const ct_value *v) { return v && v->type == CT_STRING; }
/* A typed nil slice or map (not Go's untyped nil, which is the NULL pointer). */
static inline bool ct_is_typed_nil(const ct_value *v) { return v && v->is_nil; }
/* Exactly map[string]interface {} (what a Go type assertion to it accepts: not a named
 * map type such as chartutil.Values). */
static inline bool ct_is_plain_map(const ct_value *v) {
  return v && v->type == CT_MAP && v->gotype == CT_GO_PLAIN;
}

/* Go's type name of V as %T prints it ("float64", "map[string]interface {}", "<nil>",
 * "chartutil.Values", "[]int"). */
const char *ct_type_name(const ct_value *v);
/* Go's reflect Kind name ("int64", "slice", "map", "string", "ptr", "struct", "invalid"). */
const char *ct_kind_name(const ct_value *v);

/* Go's template truthiness: false, 0, "", nil, empty list/map are false. */
bool ct_truth(const ct_value *v);

/* Deep copy into arena A (objects are shared, not copied); Go types and nil-ness kept. */
ct_value *ct_value_copy(ct_arena *a, const ct_value *v);
/* Whether V reaches itself: a map or list set into itself, or into something it holds
 * (Sprig's set $ "k" $). Go's printers and copiers recurse forever on such a value; ours
 * check once they are CT_VALUE_DEEP levels down, stop there, and count it
 * (ct_value_note_cycle) for the executor to fail the call that met it. */
bool ct_value_cyclic(const ct_value *v);
#define CT_VALUE_DEEP 100
void ct_value_note_cycle(void);
/* How many times this thread met a value that reaches itself. */
uint64_t ct_value_cycles(void);
/* A value nested deeper than the thread's stack allows (a map set into a new map 100,000
 * times): the printers, the copier and the comparer stop there instead of running off the
 * stack, and count it (ct_value_note_too_deep) for the executor to fail the call that met it.
 * Go's would go on (its stacks grow to 1 GB). ct_value_stack_low: whether a walk DEPTH levels
 * down should stop (the stack is looked at every 64 levels). */
void ct_value_note_too_deep(void);
uint64_t ct_value_too_deep(void);
bool ct_value_stack_low(int depth);

/* Deep equality as reflect.DeepEqual (types must match; a nil slice or map differs from
 * an empty one). */
bool ct_value_deep_equal(const ct_value *x, const ct_value *y);

#endif
