/* lists.c — Sprig's list family (list.go): list tuple append/push prepend first rest last
 * initial reverse uniq without has compact slice concat chunk sortAlpha, and must* forms. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/gomath.h"
#include "sprig/sprig_a.h"

/* The checks Sprig's reflection does before touching a list argument: nil panics with a
 * nil dereference, a non-slice gets MSG with its "%s" replaced by the kind name. */
static int need_slice(ct_call *c, const ct_value *v, const char *msg) {
  if (!v) return ct_call_errorf(c, "%s", CT_SPRIG_NILDEREF);
  if (!ct_sprig__is_slice(v)) {
    const char *at = strstr(msg, "%s");
    return ct_call_errorf(c, "%.*s%s%s", (int)(at - msg), msg, ct_sprig__kind(v), at + 2);
  }
  return 0;
}

/* A fresh []interface{} of V's items from FROM to TO. */
static ct_value *copy_items(ct_arena *a, const ct_value *v, size_t from, size_t to, size_t extra) {
  ct_value *l = ct_list_new(a, CT_LIST, to - from + extra);
  for (size_t i = from; i < to; i++)
    ct_list_push(a, l, ct_sprig__slice_at(a, v, i));
  return l;
}

static int f_list(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_value *l = ct_list_new(a, CT_LIST, nargs);
  for (size_t i = 0; i < nargs; i++)
    ct_list_push(a, l, args[i]);
  *out = l;
  return 0;
}

static int f_push(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (need_slice(c, args[0], "Cannot push on type %s")) return -1;
  ct_arena *a = ct_call_arena(c);
  ct_value *l = copy_items(a, args[0], 0, ct_sprig__slice_len(args[0]), 1);
  ct_list_push(a, l, args[1]);
  *out = l;
  return 0;
}

static int f_prepend(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (need_slice(c, args[0], "Cannot prepend on type %s")) return -1;
  ct_arena *a = ct_call_arena(c);
  size_t n = ct_sprig__slice_len(args[0]);
  ct_value *l = ct_list_new(a, CT_LIST, n + 1);
  ct_list_push(a, l, args[1]);
  for (size_t i = 0; i < n; i++)
    ct_list_push(a, l, ct_sprig__slice_at(a, args[0], i));
  *out = l;
  return 0;
}

static int f_first(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (need_slice(c, args[0], "Cannot find first on type %s")) return -1;
  size_t n = ct_sprig__slice_len(args[0]);
  *out = n ? ct_sprig__slice_at(ct_call_arena(c), args[0], 0) : NULL;
  return 0;
}

static int f_last(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (need_slice(c, args[0], "Cannot find last on type %s")) return -1;
  size_t n = ct_sprig__slice_len(args[0]);
  *out = n ? ct_sprig__slice_at(ct_call_arena(c), args[0], n - 1) : NULL;
  return 0;
}

/* rest/initial of an empty list is a nil []interface{}: prints as [], marshals as null */
static int f_rest(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (need_slice(c, args[0], "Cannot find rest on type %s")) return -1;
  size_t n = ct_sprig__slice_len(args[0]);
  ct_arena *a = ct_call_arena(c);
  *out = n ? copy_items(a, args[0], 1, n, 0) : ct_list_new_nil(a, CT_LIST);
  return 0;
}

static int f_initial(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (need_slice(c, args[0], "Cannot find initial on type %s")) return -1;
  size_t n = ct_sprig__slice_len(args[0]);
  ct_arena *a = ct_call_arena(c);
  *out = n ? copy_items(a, args[0], 0, n - 1, 0) : ct_list_new_nil(a, CT_LIST);
  return 0;
}

static int f_reverse(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (need_slice(c, args[0], "Cannot find reverse on type %s")) return -1;
  ct_arena *a = ct_call_arena(c);
  size_t n = ct_sprig__slice_len(args[0]);
  ct_value *l = ct_list_new(a, CT_LIST, n);
  for (size_t i = n; i > 0; i--)
    ct_list_push(a, l, ct_sprig__slice_at(a, args[0], i - 1));
  *out = l;
  return 0;
}

static bool in_list(ct_value *const *hay, size_t n, const ct_value *needle) {
  for (size_t i = 0; i < n; i++)
    if (ct_value_deep_equal(needle, hay[i])) return true;
  return false;
}

static int f_uniq(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (need_slice(c, args[0], "Cannot find uniq on type %s")) return -1;
  ct_arena *a = ct_call_arena(c);
  size_t n = ct_sprig__slice_len(args[0]);
  ct_value *l = ct_list_new(a, CT_LIST, 0);
  for (size_t i = 0; i < n; i++) {
    ct_value *it = ct_sprig__slice_at(a, args[0], i);
    if (!in_list(l->list->items, l->list->len, it)) ct_list_push(a, l, it);
  }
  *out = l;
  return 0;
}

static int f_without(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  if (need_slice(c, args[0], "Cannot find without on type %s")) return -1;
  ct_arena *a = ct_call_arena(c);
  size_t n = ct_sprig__slice_len(args[0]);
  ct_value *l = ct_list_new(a, CT_LIST, 0);
  for (size_t i = 0; i < n; i++) {
    ct_value *it = ct_sprig__slice_at(a, args[0], i);
    if (!in_list(args + 1, nargs - 1, it)) ct_list_push(a, l, it);
  }
  *out = l;
  return 0;
}

/* has(needle, haystack): a nil haystack has nothing (checked before the kind). */
static int f_has(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  if (!args[1]) {
    *out = ct_bool(a, false);
    return 0;
  }
  if (need_slice(c, args[1], "Cannot find has on type %s")) return -1;
  size_t n = ct_sprig__slice_len(args[1]);
  bool r = false;
  for (size_t i = 0; i < n && !r; i++)
    if (ct_value_deep_equal(args[0], ct_sprig__slice_at(a, args[1], i))) r = true;
  *out = ct_bool(a, r);
  return 0;
}

static int f_compact(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  if (need_slice(c, args[0], "Cannot compact on type %s")) return -1;
  ct_arena *a = ct_call_arena(c);
  size_t n = ct_sprig__slice_len(args[0]);
  ct_value *l = ct_list_new(a, CT_LIST, 0);
  for (size_t i = 0; i < n; i++) {
    ct_value *it = ct_sprig__slice_at(a, args[0], i);
    if (!ct_sprig__empty(it)) ct_list_push(a, l, it);
  }
  *out = l;
  return 0;
}

/* slice(list, indices...): list[start:end] keeping the list's own type; empty → nil. */
static int f_slice(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  const ct_value *v = args[0];
  if (!v) return ct_call_errorf(c, "%s", CT_SPRIG_NILDEREF);
  if (!ct_sprig__is_slice(v))
    return ct_call_errorf(c, "list should be type of slice or array but %s", ct_sprig__kind(v));
  size_t n = ct_sprig__slice_len(v);
  if (n == 0) {
    *out = NULL;
    return 0;
  }
  int64_t start = nargs > 1 ? ct_sprig__toint64(args[1]) : 0;
  int64_t end = nargs > 2 ? ct_sprig__toint64(args[2]) : (int64_t)n;
  if (start < 0 || end < start || (uint64_t)end > n)
    return ct_call_errorf(c, "reflect.Value.Slice: slice index out of bounds");
  ct_arena *a = ct_call_arena(c);
  if (v->type == CT_BYTES) {
    *out = ct_bytes(a, v->s.ptr + start, (size_t)(end - start));
    return 0;
  }
  ct_value *l = ct_list_new(a, v->type, (size_t)(end - start));
  l->gotype = v->gotype; /* []int stays []int */
  for (int64_t i = start; i < end; i++)
    ct_list_push(a, l, v->list->items[i]);
  *out = l;
  return 0;
}

/* concat appends to a nil []interface{}: nothing to append leaves it nil (JSON null). */
static int f_concat(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_value *l = ct_list_new_nil(a, CT_LIST);
  for (size_t k = 0; k < nargs; k++) {
    if (need_slice(c, args[k], "Cannot concat type %s as list")) return -1;
    size_t n = ct_sprig__slice_len(args[k]);
    for (size_t i = 0; i < n; i++)
      ct_list_push(a, l, ct_sprig__slice_at(a, args[k], i));
  }
  *out = l;
  return 0;
}

/* Go's int(f) on amd64: NaN and out-of-range give math.MinInt64. */
static int64_t go_int(double f) {
  if (isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0) return INT64_MIN;
  return (int64_t)f;
}

/* chunk(size int, list) [][]interface{}, sized with Sprig's float arithmetic. */
static int f_chunk(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t size = ct_sprig__toint64(args[0]);
  const ct_value *v = args[1];
  if (need_slice(c, v, "Cannot chunk type %s")) return -1;
  ct_arena *a = ct_call_arena(c);
  int64_t n = (int64_t)ct_sprig__slice_len(v);
  int64_t cs = go_int(ct_go_floor((double)(n - 1) / (double)size) + 1);
  if (cs < 0 || cs > n + 1) return ct_call_errorf(c, "runtime error: makeslice: len out of range");
  ct_value *l = ct_list_new(a, CT_LIST, (size_t)cs);
  l->gotype = CT_GO_LIST_SLICE;
  for (int64_t i = 0; i < cs; i++) {
    int64_t clen = size;
    if (i == cs - 1) {
      clen = go_int(ct_go_floor(ct_go_mod((double)n, (double)size)));
      if (clen == 0) clen = size;
    }
    if (clen < 0) return ct_call_errorf(c, "runtime error: makeslice: len out of range");
    ct_value *part = ct_list_new(a, CT_LIST, (size_t)clen);
    for (int64_t j = 0; j < clen; j++) {
      int64_t ix = i * size + j;
      if (ix < 0 || ix >= n) return ct_call_errorf(c, "reflect: slice index out of range");
      ct_list_push(a, part, ct_sprig__slice_at(a, v, (size_t)ix));
    }
    ct_list_push(a, l, part);
  }
  *out = l;
  return 0;
}

static int cmp_str(const void *x, const void *y) {
  const ct_value *a = *(ct_value *const *)x, *b = *(ct_value *const *)y;
  size_t n = a->s.len < b->s.len ? a->s.len : b->s.len;
  int r = memcmp(a->s.ptr, b->s.ptr, n);
  if (r) return r;
  return a->s.len < b->s.len ? -1 : a->s.len > b->s.len;
}

/* sortAlpha: a list's items as strings, sorted bytewise; anything else → [strval]. A
 * []string is sorted in place and returned, as Go's sort.StringSlice does. */
static int f_sortalpha(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  ct_value *v = args[0];
  ct_value *r;
  if (ct_sprig__is_slice(v)) {
    r = ct_sprig__strslice(a, v);
    if (r->list->len > 1) {
      qsort(r->list->items, r->list->len, sizeof(ct_value *), cmp_str);
      ct_arena_note_change(r->list); /* (v's own items, when v is a []string) */
    }
  } else {
    size_t len;
    const char *s = ct_sprig__strval(a, v, &len);
    r = ct_list_new(a, CT_STRLIST, 1);
    ct_list_push(a, r, ct_string_nocopy(a, s, len));
  }
  *out = r;
  return 0;
}

static const ct_func funcs[] = {
    {"list", "...any->[]any", f_list, NULL},
    {"tuple", "...any->[]any", f_list, NULL},
    {"append", "any,any->[]any", f_push, NULL},
    {"push", "any,any->[]any", f_push, NULL},
    {"mustAppend", "any,any->[]any,error", f_push, NULL},
    {"mustPush", "any,any->[]any,error", f_push, NULL},
    {"prepend", "any,any->[]any", f_prepend, NULL},
    {"mustPrepend", "any,any->[]any,error", f_prepend, NULL},
    {"first", "any->any", f_first, NULL},
    {"mustFirst", "any->any,error", f_first, NULL},
    {"rest", "any->[]any", f_rest, NULL},
    {"mustRest", "any->[]any,error", f_rest, NULL},
    {"last", "any->any", f_last, NULL},
    {"mustLast", "any->any,error", f_last, NULL},
    {"initial", "any->[]any", f_initial, NULL},
    {"mustInitial", "any->[]any,error", f_initial, NULL},
    {"reverse", "any->[]any", f_reverse, NULL},
    {"mustReverse", "any->[]any,error", f_reverse, NULL},
    {"uniq", "any->[]any", f_uniq, NULL},
    {"mustUniq", "any->[]any,error", f_uniq, NULL},
    {"without", "any,...any->[]any", f_without, NULL},
    {"mustWithout", "any,...any->[]any,error", f_without, NULL},
    {"has", "any,any->bool", f_has, NULL},
    {"mustHas", "any,any->bool,error", f_has, NULL},
    {"compact", "any->[]any", f_compact, NULL},
    {"mustCompact", "any->[]any,error", f_compact, NULL},
    {"slice", "any,...any->any", f_slice, NULL},
    {"mustSlice", "any,...any->any,error", f_slice, NULL},
    {"concat", "...any->any", f_concat, NULL},
    {"chunk", "int,any->[][]any", f_chunk, NULL},
    {"mustChunk", "int,any->[][]any,error", f_chunk, NULL},
    {"sortAlpha", "any->[]string", f_sortalpha, NULL},
};

const ct_func *ct_sprig__lists(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
