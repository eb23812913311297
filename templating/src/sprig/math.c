/* math.c — Sprig's math family: integer math on cast.ToInt64 (add add1 sub mul div mod max
 * min biggest), float math (maxf minf floor ceil round) and the shopspring/decimal ops
 * (addf add1f subf mulf divf: exact decimal arithmetic, division to 16 places). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/gomath.h"
#include "sprig/sprig_a.h"

/* ---- integer math (Go's int64 wraps; division by zero panics) ---- */

static ct_value *i64(ct_call *c, int64_t v) { return ct_int(ct_call_arena(c), CT_INT64, v); }

static int f_add1(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = i64(c, (int64_t)((uint64_t)ct_sprig__toint64(args[0]) + 1u));
  return 0;
}

static int f_add(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  uint64_t s = 0;
  for (size_t i = 0; i < nargs; i++)
    s += (uint64_t)ct_sprig__toint64(args[i]);
  *out = i64(c, (int64_t)s);
  return 0;
}

static int f_sub(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = i64(
      c, (int64_t)((uint64_t)ct_sprig__toint64(args[0]) - (uint64_t)ct_sprig__toint64(args[1])));
  return 0;
}

static int f_mul(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  uint64_t p = (uint64_t)ct_sprig__toint64(args[0]);
  for (size_t i = 1; i < nargs; i++)
    p *= (uint64_t)ct_sprig__toint64(args[i]);
  *out = i64(c, (int64_t)p);
  return 0;
}

static int f_div(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t a = ct_sprig__toint64(args[0]), b = ct_sprig__toint64(args[1]);
  if (b == 0) return ct_call_errorf(c, "runtime error: integer divide by zero");
  *out = i64(c, (b == -1) ? (int64_t)(0u - (uint64_t)a) : a / b);
  return 0;
}

static int f_mod(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  int64_t a = ct_sprig__toint64(args[0]), b = ct_sprig__toint64(args[1]);
  if (b == 0) return ct_call_errorf(c, "runtime error: integer divide by zero");
  *out = i64(c, b == -1 ? 0 : a % b);
  return 0;
}

static int f_max(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  int64_t m = ct_sprig__toint64(args[0]);
  for (size_t i = 1; i < nargs; i++) {
    int64_t v = ct_sprig__toint64(args[i]);
    if (v > m) m = v;
  }
  *out = i64(c, m);
  return 0;
}

static int f_min(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  int64_t m = ct_sprig__toint64(args[0]);
  for (size_t i = 1; i < nargs; i++) {
    int64_t v = ct_sprig__toint64(args[i]);
    if (v < m) m = v;
  }
  *out = i64(c, m);
  return 0;
}

/* ---- float math ---- */

static ct_value *f64(ct_call *c, double v) { return ct_float(ct_call_arena(c), v); }

/* Go's math.Max / math.Min: infinities win, then NaN, then signed zeros. */
static double go_max(double x, double y) {
  if (isinf(x) && x > 0) return x;
  if (isinf(y) && y > 0) return y;
  if (isnan(x) || isnan(y)) return NAN;
  if (x == 0 && x == y) return signbit(x) ? y : x;
  return x > y ? x : y;
}
static double go_min(double x, double y) {
  if (isinf(x) && x < 0) return x;
  if (isinf(y) && y < 0) return y;
  if (isnan(x) || isnan(y)) return NAN;
  if (x == 0 && x == y) return signbit(x) ? x : y;
  return x < y ? x : y;
}

static int f_maxf(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  double m = ct_sprig__tofloat64(args[0]);
  for (size_t i = 1; i < nargs; i++)
    m = go_max(m, ct_sprig__tofloat64(args[i]));
  *out = f64(c, m);
  return 0;
}

static int f_minf(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  double m = ct_sprig__tofloat64(args[0]);
  for (size_t i = 1; i < nargs; i++)
    m = go_min(m, ct_sprig__tofloat64(args[i]));
  *out = f64(c, m);
  return 0;
}

static int f_floor(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = f64(c, ct_go_floor(ct_sprig__tofloat64(args[0])));
  return 0;
}

static int f_ceil(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  *out = f64(c, ct_go_ceil(ct_sprig__tofloat64(args[0])));
  return 0;
}

/* round(a, places int, roundOn ...float64): Sprig ceils when the fraction of a*10^p is at
 * least roundOn (.5), else floors — so negative halves go down. */
static int f_round(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  double on = 0.5;
  if (nargs > 2 && args[2])
    on = args[2]->type == CT_FLOAT64 ? args[2]->f : ct_sprig__tofloat64(args[2]);
  double val = ct_sprig__tofloat64(args[0]);
  double pw = ct_go_pow_int(10, ct_sprig__toint64(args[1]));
  double digit = pw * val, ip;
  double frac = modf(digit, &ip);
  double r = frac >= on ? ct_go_ceil(digit) : ct_go_floor(digit);
  *out = f64(c, r / pw);
  return 0;
}

/* ---- shopspring/decimal: sign * mag * 10^exp, mag a base-1e9 big integer ---- */

#define BASE 1000000000u

typedef struct big {
  uint32_t *d; /* little-endian limbs */
  size_t n, cap;
} big;

typedef struct dec {
  int sign; /* -1, 0, 1 */
  big mag;
  long exp;
} dec;

static void big_reserve(big *b, size_t n) {
  if (n <= b->cap) return;
  size_t cap = b->cap ? b->cap * 2 : 4;
  while (cap < n)
    cap *= 2;
  uint32_t *d = realloc(b->d, cap * sizeof *d);
  if (!d) abort();
  b->d = d;
  b->cap = cap;
}
static void big_trim(big *b) {
  while (b->n && b->d[b->n - 1] == 0)
    b->n--;
}
static void big_set_u64(big *b, uint64_t v) {
  b->n = 0;
  while (v) {
    big_reserve(b, b->n + 1);
    b->d[b->n++] = (uint32_t)(v % BASE);
    v /= BASE;
  }
}
static void big_copy(big *dst, const big *src) {
  big_reserve(dst, src->n);
  if (src->n) memcpy(dst->d, src->d, src->n * sizeof *src->d);
  dst->n = src->n;
}
static void big_mul_small(big *b, uint64_t m) {
  unsigned __int128 carry = 0;
  for (size_t i = 0; i < b->n; i++) {
    unsigned __int128 t = (unsigned __int128)b->d[i] * m + carry;
    b->d[i] = (uint32_t)(t % BASE);
    carry = t / BASE;
  }
  while (carry) {
    big_reserve(b, b->n + 1);
    b->d[b->n++] = (uint32_t)(carry % BASE);
    carry /= BASE;
  }
  big_trim(b);
}
static void big_mul_pow10(big *b, long k) {
  for (; k >= 9; k -= 9)
    big_mul_small(b, BASE);
  static const uint32_t p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  if (k > 0) big_mul_small(b, p10[k]);
}
/* b = b / m (m < 2^63), returns the remainder */
static uint64_t big_div_small(big *b, uint64_t m) {
  unsigned __int128 rem = 0;
  for (size_t i = b->n; i > 0; i--) {
    unsigned __int128 cur = rem * BASE + b->d[i - 1];
    b->d[i - 1] = (uint32_t)(cur / m);
    rem = cur % m;
  }
  big_trim(b);
  return (uint64_t)rem;
}
static int big_cmp(const big *x, const big *y) {
  if (x->n != y->n) return x->n < y->n ? -1 : 1;
  for (size_t i = x->n; i > 0; i--)
    if (x->d[i - 1] != y->d[i - 1]) return x->d[i - 1] < y->d[i - 1] ? -1 : 1;
  return 0;
}
static void big_add(big *x, const big *y) { /* x += y */
  size_t n = x->n > y->n ? x->n : y->n;
  big_reserve(x, n + 1);
  for (size_t i = x->n; i < n + 1; i++)
    x->d[i] = 0;
  uint32_t carry = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t t = x->d[i] + (i < y->n ? y->d[i] : 0) + carry;
    carry = t >= BASE;
    x->d[i] = carry ? t - BASE : t;
  }
  x->d[n] = carry;
  x->n = n + 1;
  big_trim(x);
}
static void big_sub(big *x, const big *y) { /* x -= y, x >= y */
  int32_t borrow = 0;
  for (size_t i = 0; i < x->n; i++) {
    int64_t t = (int64_t)x->d[i] - (i < y->n ? y->d[i] : 0) - borrow;
    borrow = t < 0;
    x->d[i] = (uint32_t)(borrow ? t + BASE : t);
  }
  big_trim(x);
}
static void big_mul(big *x, const big *y) { /* x *= y */
  if (!x->n || !y->n) {
    x->n = 0;
    return;
  }
  size_t n = x->n + y->n;
  uint64_t *t = calloc(n + 1, sizeof *t);
  if (!t) abort();
  for (size_t i = 0; i < x->n; i++) {
    uint64_t carry = 0;
    for (size_t j = 0; j < y->n; j++) {
      uint64_t cur = t[i + j] + (uint64_t)x->d[i] * y->d[j] + carry;
      t[i + j] = cur % BASE;
      carry = cur / BASE;
    }
    size_t k = i + y->n;
    while (carry) {
      uint64_t cur = t[k] + carry;
      t[k++] = cur % BASE;
      carry = cur / BASE;
    }
  }
  big_reserve(x, n);
  for (size_t i = 0; i < n; i++)
    x->d[i] = (uint32_t)t[i];
  x->n = n;
  free(t);
  big_trim(x);
}

static void dec_free(dec *d) { free(d->mag.d); }

/* decimal.NewFromFloat: the shortest decimal that reads back as F. */
static int dec_from_float(ct_call *c, dec *out, double f) {
  memset(out, 0, sizeof *out);
  if (isnan(f) || isinf(f))
    return ct_call_errorf(c, "Cannot create a Decimal from %s",
                          isnan(f) ? "NaN"
                          : f > 0  ? "+Inf"
                                   : "-Inf");
  if (f == 0) return 0;
  char buf[40];
  for (int p = 0; p < 17; p++) {
    snprintf(buf, sizeof buf, "%.*e", p, f);
    if (strtod(buf, NULL) == f) break;
  }
  /* buf: [-]d.ddde[+-]xx */
  const char *s = buf;
  out->sign = 1;
  if (*s == '-') out->sign = -1, s++;
  uint64_t m = 0;
  int frac = 0;
  bool dot = false;
  for (; *s && *s != 'e'; s++) {
    if (*s == '.') {
      dot = true;
      continue;
    }
    m = m * 10 + (uint64_t)(*s - '0');
    if (dot) frac++;
  }
  long e = *s == 'e' ? strtol(s + 1, NULL, 10) : 0;
  big_set_u64(&out->mag, m);
  out->exp = e - frac;
  return 0;
}

/* Exact sum: align to the smaller exponent. */
static void dec_add(dec *x, const dec *y, int ysign) {
  if (!y->sign) return;
  big t = {0};
  big_copy(&t, &y->mag);
  long e = x->exp < y->exp ? x->exp : y->exp;
  if (!x->sign) {
    big_mul_pow10(&t, y->exp - e);
    free(x->mag.d);
    x->mag = t;
    x->sign = ysign * y->sign;
    x->exp = e;
    return;
  }
  big_mul_pow10(&x->mag, x->exp - e);
  big_mul_pow10(&t, y->exp - e);
  x->exp = e;
  int ys = ysign * y->sign;
  if (x->sign == ys) {
    big_add(&x->mag, &t);
  } else {
    int cmp = big_cmp(&x->mag, &t);
    if (cmp == 0) {
      x->sign = 0;
      x->mag.n = 0;
      x->exp = 0;
    } else if (cmp > 0) {
      big_sub(&x->mag, &t);
    } else {
      big_sub(&t, &x->mag);
      big_copy(&x->mag, &t);
      x->sign = ys;
    }
  }
  free(t.d);
}

static void dec_mul(dec *x, const dec *y) {
  if (!x->sign || !y->sign) {
    x->sign = 0;
    x->mag.n = 0;
    x->exp = 0;
    return;
  }
  big_mul(&x->mag, &y->mag);
  x->sign *= y->sign;
  x->exp += y->exp;
}

/* Decimal.Div: DivRound(y, 16) — quotient truncated to 16 places, then rounded half away
 * from zero. Y's magnitude is a fresh float's (< 10^17). */
static int dec_div(ct_call *c, dec *x, const dec *y) {
  if (!y->sign) return ct_call_errorf(c, "decimal division by 0");
  if (!x->sign) return 0;
  uint64_t dm = 0;
  for (size_t i = y->mag.n; i > 0; i--)
    dm = dm * BASE + y->mag.d[i - 1];
  long k = x->exp - y->exp + 16; /* q*10^16 = x.mag * 10^k / dm */
  big n = {0}, q = {0};
  big_copy(&n, &x->mag);
  if (k >= 0) big_mul_pow10(&n, k);
  big_copy(&q, &n);
  /* q = floor(n / (dm * 10^-k)) */
  bool up;
  if (k >= 0) {
    uint64_t rem = big_div_small(&q, dm);
    up = (unsigned __int128)rem * 2 >= dm;
  } else {
    for (long j = -k; j > 0; j -= 9)
      big_div_small(&q, j >= 9 ? BASE : (uint64_t)ct_go_pow_int(10, j));
    big_div_small(&q, dm);
    /* round up when 2n >= (2q+1) * dm * 10^-k */
    big lhs = {0}, rhs = {0};
    big_copy(&lhs, &n);
    big_mul_small(&lhs, 2);
    big_copy(&rhs, &q);
    big_mul_small(&rhs, 2);
    big one = {0};
    big_set_u64(&one, 1);
    big_add(&rhs, &one);
    big_mul_small(&rhs, dm);
    big_mul_pow10(&rhs, -k);
    up = big_cmp(&lhs, &rhs) >= 0;
    free(lhs.d);
    free(rhs.d);
    free(one.d);
  }
  if (up) {
    big one = {0};
    big_set_u64(&one, 1);
    big_add(&q, &one);
    free(one.d);
  }
  free(n.d);
  free(x->mag.d);
  x->mag = q;
  x->sign = q.n ? x->sign * y->sign : 0;
  x->exp = -16;
  return 0;
}

/* Decimal.Float64: the nearest float64. */
static double dec_float(const dec *x) {
  if (!x->sign || !x->mag.n) return 0;
  ct_buf b = CT_BUF_INIT;
  if (x->sign < 0) ct_buf_putc(&b, '-');
  ct_buf_printf(&b, "%u", x->mag.d[x->mag.n - 1]);
  for (size_t i = x->mag.n - 1; i > 0; i--)
    ct_buf_printf(&b, "%09u", x->mag.d[i - 1]);
  ct_buf_printf(&b, "e%ld", x->exp);
  double f = strtod(ct_buf_str(&b), NULL);
  ct_buf_dispose(&b);
  return f;
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

/* execDecimalOp(a, rest, op) */
static int decimal_op(ct_call *c, ct_value **out, double first, ct_value *const *rest, size_t n,
                      int op) {
  dec acc, d;
  int rc = dec_from_float(c, &acc, first);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    rc = dec_from_float(c, &d, ct_sprig__tofloat64(rest[i]));
    if (rc) break;
    switch (op) {
    case OP_ADD: dec_add(&acc, &d, 1); break;
    case OP_SUB: dec_add(&acc, &d, -1); break;
    case OP_MUL: dec_mul(&acc, &d); break;
    default: rc = dec_div(c, &acc, &d); break;
    }
    dec_free(&d);
  }
  if (rc == 0) *out = f64(c, dec_float(&acc));
  dec_free(&acc);
  return rc;
}

static int f_add1f(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  ct_value one = {.type = CT_INT, .i = 1};
  ct_value *rest[1] = {&one};
  int rc = decimal_op(c, out, ct_sprig__tofloat64(args[0]), rest, 1, OP_ADD);
  return rc;
}
static int f_addf(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  return decimal_op(c, out, 0, args, nargs, OP_ADD);
}
static int f_subf(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  return decimal_op(c, out, ct_sprig__tofloat64(args[0]), args + 1, nargs - 1, OP_SUB);
}
static int f_mulf(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  return decimal_op(c, out, ct_sprig__tofloat64(args[0]), args + 1, nargs - 1, OP_MUL);
}
static int f_divf(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  return decimal_op(c, out, ct_sprig__tofloat64(args[0]), args + 1, nargs - 1, OP_DIV);
}

static const ct_func funcs[] = {
    {"add1", "any->int64", f_add1, NULL},
    {"add", "...any->int64", f_add, NULL},
    {"sub", "any,any->int64", f_sub, NULL},
    {"div", "any,any->int64", f_div, NULL},
    {"mod", "any,any->int64", f_mod, NULL},
    {"mul", "any,...any->int64", f_mul, NULL},
    {"biggest", "any,...any->int64", f_max, NULL},
    {"max", "any,...any->int64", f_max, NULL},
    {"min", "any,...any->int64", f_min, NULL},
    {"maxf", "any,...any->float64", f_maxf, NULL},
    {"minf", "any,...any->float64", f_minf, NULL},
    {"floor", "any->float64", f_floor, NULL},
    {"ceil", "any->float64", f_ceil, NULL},
    {"round", "any,int,...float64->float64", f_round, NULL},
    {"add1f", "any->float64", f_add1f, NULL},
    {"addf", "...any->float64", f_addf, NULL},
    {"subf", "any,...any->float64", f_subf, NULL},
    {"mulf", "any,...any->float64", f_mulf, NULL},
    {"divf", "any,...any->float64", f_divf, NULL},
};

const ct_func *ct_sprig__math(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
