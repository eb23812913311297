/* test_sprigA_robust.c — every part-A function, called with its declared number of
 * arguments (and more for variadic ones) of every kind of value, returns a result or an
 * error and never crashes (run under ASan/UBSan in the sanitizer build). */
#include <math.h>

#include "sprigA_harness.h"

enum { NSAMPLES = 15 };

static ct_value *sample(int k) {
  switch (k) {
  case 0: return NIL;
  case 1: return I(3);
  case 2: return I(-2);
  case 3: return I64(0);
  case 4: return F(NAN);
  case 5: return F(2.5);
  case 6: return S("");
  case 7: return S("a,b");
  case 8: return L(I(1), NIL, S("x"));
  case 9: return CALL("splitList", S(","), S("p,q"));
  case 10: return M(S("a"), M(S("b"), I(1)), S("n"), NIL);
  case 11: return CALL("split", S(","), S("u,v"));
  case 12: return ct_bytes(H.a, "hi\xff", 3);
  case 13: return B(true);
  default: return F(-1e300);
  }
}

/* Number of declared parameters (the variadic one counted) and whether the last is "...". */
static size_t arity(const char *sig, bool *variadic) {
  const char *arrow = strstr(sig, "->");
  *variadic = false;
  if (arrow == sig) return 0;
  size_t n = 1;
  for (const char *p = sig; p < arrow; p++) {
    if (*p == ',') n++;
    if (p[0] == '.' && p[1] == '.' && p[2] == '.') *variadic = true;
  }
  return n;
}

static void call_with(const ct_func *f, const int *ks, size_t n) {
  ct_value *args[8];
  for (size_t i = 0; i < n; i++)
    args[i] = sample(ks[i]);
  ct_value *out = END;
  H.err[0] = 0;
  int rc = f->fn(&H, &out, args, n);
  if (rc == 0) {
    assert_true(out != END);
    (void)V(out); /* the result prints */
  } else {
    assert_int_equal(-1, rc);
    assert_true(H.err[0] != 0); /* every failure says why */
  }
}

static void every_function_any_arguments(void **state) {
  (void)state;
  const ct_func *(*fams[])(size_t *) = {ct_sprig__strings,  ct_sprig__lists, ct_sprig__dicts,
                                        ct_sprig__defaults, ct_sprig__math,  ct_sprig__conv,
                                        ct_sprig__reflect};
  size_t calls = 0;
  for (size_t fi = 0; fi < sizeof fams / sizeof fams[0]; fi++) {
    size_t nf;
    const ct_func *t = fams[fi](&nf);
    for (size_t i = 0; i < nf; i++) {
      bool var;
      size_t n = arity(t[i].sig, &var);
      size_t lo = var ? n - 1 : n, hi = var ? n + 1 : n;
      if (hi > 3) hi = 3;
      if (lo > hi) lo = hi;
      for (size_t k = lo; k <= hi; k++) {
        size_t combos = 1;
        for (size_t j = 0; j < k; j++)
          combos *= NSAMPLES;
        for (size_t c = 0; c < combos; c++) {
          int ks[8];
          size_t x = c;
          for (size_t j = 0; j < k; j++)
            ks[j] = (int)(x % NSAMPLES), x /= NSAMPLES;
          call_with(&t[i], ks, k);
          calls++;
          if (calls % 4096 == 0) { /* keep the arena small */
            h_teardown(NULL);
            h_setup(NULL);
          }
        }
      }
    }
  }
  assert_true(calls > 10000);
}

int main(void) {
  const struct CMUnitTest tests[] = {T(every_function_any_arguments)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
