/* uuid.c — Sprig's uuidv4: a random (version 4, RFC 4122 variant) UUID as
 * google/uuid's String() prints it, from the kernel (chartctl/entropy.h). */
#include "chartctl/entropy.h"

#include "sprig/sprig_int.h"

static int f_uuidv4(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)args;
  (void)nargs;
  unsigned char u[16];
  if (!ct_entropy(u, sizeof u)) return ct_call_errorf(c, "crypto/rand: no entropy");
  u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
  u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
  static const char hex[] = "0123456789abcdef";
  char *s = ct_arena_alloc(ct_call_arena(c), 37);
  size_t w = 0;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s[w++] = '-';
    s[w++] = hex[u[i] >> 4];
    s[w++] = hex[u[i] & 15];
  }
  *out = ct_string_nocopy(ct_call_arena(c), s, w);
  return 0;
}

static const ct_func funcs[] = {
    {"uuidv4", "->string", f_uuidv4, NULL},
};

const ct_func *ct_sprig__uuid(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
