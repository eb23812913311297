/* fuzz_yaml_diff.c — libFuzzer target: the fast YAML reader (yaml_fast.c) against libyaml on
 * arbitrary text: whenever the fast reader accepts a text, libyaml must accept it too and
 * build the same tree (kinds, styles, tags, anchors, alias targets, scalar bytes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chartctl/codec.h"
#include "codec/codec_int.h"
static int same_node(const ynode *x, const ynode *y) {
  if (!x || !y) return x == y;
  int ok = x->kind == y->kind && x->n == y->n && x->implicit == y->implicit &&
           x->quoted == y->quoted && !x->tag == !y->tag && !x->anchor == !y->anchor;
  if (ok && x->anchor) ok = !strcmp(x->anchor, y->anchor);
  if (ok && (x->kind == YN_SCALAR || x->kind == YN_ALIAS))
    ok = x->len == y->len && memcmp(x->value, y->value, x->len) == 0;
  if (ok && x->kind == YN_ALIAS)
    ok = x->alias && y->alias && same_node(x->alias, y->alias);
  if (!ok) return 0;
  for (size_t i = 0; i < x->n; i++)
    if (!same_node(x->children[i], y->children[i])) return 0;
  return 1;
}
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  ct_arena *a = ct_arena_new();
  ynode **fd, **sd; size_t fn, sn; int why; size_t at;
  const char *src = (const char *)data;
  if (ct_codec__yaml_fast_why(&fd, &fn, a, src, size, &why, &at)) {
    ct_buf err = CT_BUF_INIT;
    int rc = ct_codec__yaml_load_libyaml(&sd, &sn, a, src, size, 1, &err);
    if (rc != 0) { fprintf(stderr, "fast accepted, libyaml: %s\n", ct_buf_str(&err)); abort(); }
    if (fn != sn) { fprintf(stderr, "ndocs %zu %zu\n", fn, sn); abort(); }
    for (size_t i = 0; i < fn; i++) if (!same_node(fd[i], sd[i])) { fprintf(stderr, "tree differs\n"); abort(); }
    ct_buf_dispose(&err);
  }
  ct_arena_free(a);
  return 0;
}
