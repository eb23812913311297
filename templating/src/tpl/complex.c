/* complex.c — Go's complex128 constants ({{ 1i }}, {{ 1+2i }}): the value model has no complex
 * type, so they are objects of type complex128 that format as fmt does: "(0+1i)". */
#include <math.h>
#include <string.h>

#include "chartctl/gofmt.h"
#include "tpl/tpl_int.h"

typedef struct cplx {
  double re, im;
} cplx;

static int cplx_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  (void)out;
  (void)self;
  (void)name;
  (void)a;
  return -1;
}

static void cplx_format(const ct_value *self, ct_buf *out) {
  const cplx *c = self->obj.data;
  ct_buf_putc(out, '(');
  ct_gofmt_float(out, c->re, 'g', -1);
  if (!(c->im < 0) && !(isinf(c->im) && c->im < 0) && !isnan(c->im)) ct_buf_putc(out, '+');
  if (isnan(c->im)) ct_buf_putc(out, '+');
  ct_gofmt_float(out, c->im, 'g', -1);
  ct_buf_puts(out, "i)");
}

static const ct_object_class cplx_class = {"complex128", cplx_field, NULL, NULL, NULL, cplx_format, NULL};

ct_value *ct_tpl__complex(ct_arena *a, double re, double im) {
  cplx *c = ct_arena_alloc(a, sizeof *c);
  c->re = re;
  c->im = im;
  return ct_object(a, &cplx_class, c);
}

bool ct_tpl__complex_parts(const ct_value *v, double *re, double *im) {
  if (!v || v->type != CT_OBJECT || v->obj.cls != &cplx_class) return false;
  const cplx *c = v->obj.data;
  *re = c->re;
  *im = c->im;
  return true;
}
