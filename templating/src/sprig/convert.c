/* convert.c — Sprig's conversion family (conv): atoi int int64 float64 toString toStrings
 * toDecimal, and the integer sequences seq until untilStep. */
#include <limits.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "sprig/sprig_a.h"

/* strconv.Atoi with the error ignored: syntax errors give 0, range errors the clamped
 * value, as ParseInt returns them. */
static int64_t go_atoi(const char *s, size_t n) {
  size_t i = 0;
  bool neg = false;
  if (n == 0) return 0;
  if (s[0] == '+' || s[0] == '-') neg = s[0] == '-', i = 1;
  if (i == n) return 0;
  uint64_t acc = 0;
  bool over = false;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    unsigned d = (unsigned)(s[i] - '0');
    if (acc > (UINT64_MAX - d) / 10)
      over = true;
    else
      acc = acc * 10 + d;
  }
  if (neg) return (over || acc > (uint64_t)INT64_MAX + 1) ? INT64_MIN : (int64_t)(0 - acc);
  return (over || acc > (uint64_t)INT64_MAX) ? INT64_MAX : (int64_t)acc;
}

static int f_atoi(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const ct_value *v = args[0];
  int64_t r = v && v->type == CT_STRING ? go_atoi(v->s.ptr, v->s.len) : 0;
  *out = ct_int(ct_call_arena(c), CT_INT, r);
  return 0;
}

static int f_int(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_int(ct_call_arena(c), CT_INT, ct_sprig__toint64(args[0]));
  return 0;
}

static int f_int64(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_int(ct_call_arena(c), CT_INT64, ct_sprig__toint64(args[0]));
  return 0;
}

static int f_float64(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_float(ct_call_arena(c), ct_sprig__tofloat64(args[0]));
  return 0;
}

static int f_tostring(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  if (args[0] && args[0]->type == CT_STRING) {
    *out = args[0];
    return 0;
  }
  size_t len;
  const char *s = ct_sprig__strval(a, args[0], &len);
  *out = ct_string_nocopy(a, s, len);
  return 0;
}

static int f_tostrings(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = ct_sprig__strslice(ct_call_arena(c), args[0]);
  return 0;
}

/* toDecimal: strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 on any error. */
static int f_todecimal(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  size_t n;
  const char *s = ct_sprig__strval(a, args[0], &n);
  if (args[0] && args[0]->type == CT_BYTES) { /* Sprint of a []byte is [1 2 3]: never octal */
    n = 0;
  }
  size_t i = 0;
  bool neg = false, ok = n > 0;
  if (ok && (s[0] == '+' || s[0] == '-')) neg = s[0] == '-', i = 1;
  if (i == n) ok = false;
  uint64_t acc = 0;
  for (; ok && i < n; i++) {
    if (s[i] < '0' || s[i] > '7')
      ok = false;
    else if (acc > (UINT64_MAX >> 3))
      ok = false;
    else
      acc = acc * 8 + (uint64_t)(s[i] - '0');
  }
  if (ok && acc > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX)) ok = false;
  int64_t r = ok ? (neg ? (int64_t)(0 - acc) : (int64_t)acc) : 0;
  *out = ct_int(a, CT_INT64, r);
  return 0;
}

/* Longest sequence until/untilStep/seq build; Go would die of an out-of-memory error. */
#define MAX_SEQ ((uint64_t)1 << 24)

/* Number of items of untilStep(start, stop, step). */
static uint64_t seq_len(int64_t start, int64_t stop, int64_t step) {
  if (stop < start) {
    if (step >= 0) return 0;
    uint64_t span = (uint64_t)start - (uint64_t)stop, st = 0 - (uint64_t)step;
    return (span + st - 1) / st;
  }
  if (step <= 0 || stop == start) return 0;
  uint64_t span = (uint64_t)stop - (uint64_t)start, st = (uint64_t)step;
  return span / st + (span % st != 0);
}

/* Sprig's untilStep(start, stop, step) []int; NULL (with an error set) when too long. */
static ct_value *until_step(ct_call *c, int64_t start, int64_t stop, int64_t step) {
  ct_arena *a = ct_call_arena(c);
  uint64_t n = seq_len(start, stop, step);
  if (n > MAX_SEQ) {
    ct_call_errorf(c, "sequence of %llu numbers is too long", (unsigned long long)n);
    return NULL;
  }
  if (n * (sizeof(ct_value *) + sizeof(ct_value)) > ct_arena_left(a)) { /* the list, its ints */
    ct_call_errorf(c, "render exceeded memory limit");
    return NULL;
  }
  ct_value *l = ct_list_new(a, CT_LIST, (size_t)n);
  l->gotype = CT_GO_INT_SLICE;
  int64_t v = start;
  for (uint64_t i = 0; i < n; i++) {
    ct_list_push(a, l, ct_int(a, CT_INT, v));
    v = (int64_t)((uint64_t)v + (uint64_t)step);
  }
  return l;
}

static int64_t iarg(const ct_value *v) { return ct_sprig__toint64(v); }

static int f_until(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t n = iarg(args[0]);
  *out = until_step(c, 0, n, n < 0 ? -1 : 1);
  return *out ? 0 : -1;
}

static int f_untilstep(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = until_step(c, iarg(args[0]), iarg(args[1]), iarg(args[2]));
  return *out ? 0 : -1;
}

static int64_t wrap_add(int64_t x, int64_t y) { return (int64_t)((uint64_t)x + (uint64_t)y); }

/* seq: like GNU seq — "seq END", "seq START END", "seq START STEP END" — space separated. */
static int f_seq(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_arena *a = ct_call_arena(c);
  ct_value *l = NULL;
  int64_t start, end, step;
  switch (nargs) {
  case 1:
    end = iarg(args[0]);
    step = end < 1 ? -1 : 1;
    if (!(l = until_step(c, 1, wrap_add(end, step), step))) return -1;
    break;
  case 2:
    start = iarg(args[0]);
    end = iarg(args[1]);
    step = end < start ? -1 : 1;
    if (!(l = until_step(c, start, wrap_add(end, step), step))) return -1;
    break;
  case 3: {
    start = iarg(args[0]);
    step = iarg(args[1]);
    end = iarg(args[2]);
    int64_t inc = 1;
    if (end < start) {
      inc = -1;
      if (step > 0) break;
    }
    if (!(l = until_step(c, start, wrap_add(end, inc), step))) return -1;
    break;
  }
  default: break;
  }
  ct_buf b = CT_BUF_INIT;
  for (size_t i = 0; l && i < l->list->len; i++) {
    if (i) ct_buf_putc(&b, ' ');
    ct_buf_printf(&b, "%lld", (long long)l->list->items[i]->i);
  }
  *out = ct_string(a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return 0;
}

static const ct_func funcs[] = {
    {"atoi", "string->int", f_atoi, NULL},
    {"int", "any->int", f_int, NULL},
    {"int64", "any->int64", f_int64, NULL},
    {"float64", "any->float64", f_float64, NULL},
    {"toString", "any->string", f_tostring, NULL},
    {"toStrings", "any->[]string", f_tostrings, NULL},
    {"toDecimal", "any->int64", f_todecimal, NULL},
    {"seq", "...int->string", f_seq, NULL},
    {"until", "int->[]int", f_until, NULL},
    {"untilStep", "int,int,int->[]int", f_untilstep, NULL},
};

const ct_func *ct_sprig__conv(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
