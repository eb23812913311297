/* node.c — parse-tree node helpers, after Go's text/template/parse/node.go: String() of every
 * node (used in error messages "at <...>" and "unexpected {{end}}") and IsEmptyTree. */
#include <string.h>

#include "chartctl/gofmt.h"
#include "tpl/tpl_int.h"

void ct_tpl__quote(ct_buf *out, const char *s, size_t n) { ct_gofmt_quote(out, s, n); }

static void pipe_string(ct_buf *out, const ct_tpl__node *p);

static void command_string(ct_buf *out, const ct_tpl__node *c) {
  for (size_t i = 0; i < c->list.n; i++) {
    if (i > 0) ct_buf_putc(out, ' ');
    const ct_tpl__node *a = c->list.items[i];
    if (a->type == N_PIPE) {
      ct_buf_putc(out, '(');
      pipe_string(out, a);
      ct_buf_putc(out, ')');
      continue;
    }
    ct_tpl__node_string(out, a);
  }
}

static void pipe_string(ct_buf *out, const ct_tpl__node *p) {
  /* an error met deep in a nested expression prints that expression from where the stack
   * is nearly spent: the rest of it is elided rather than overflowing the stack */
  if (ct_tpl__stack_left() < 64 * 1024) {
    ct_buf_puts(out, "...");
    return;
  }
  if (p->ndecl > 0) {
    for (size_t i = 0; i < p->ndecl; i++) {
      if (i > 0) ct_buf_puts(out, ", ");
      ct_tpl__node_string(out, p->pipe.decl[i]);
    }
    ct_buf_puts(out, p->is_assign ? " = " : " := ");
  }
  for (size_t i = 0; i < p->pipe.cmds.n; i++) {
    if (i > 0) ct_buf_puts(out, " | ");
    command_string(out, p->pipe.cmds.items[i]);
  }
}

static void branch_string(ct_buf *out, const ct_tpl__node *n, const char *name) {
  ct_buf_puts(out, "{{");
  ct_buf_puts(out, name);
  ct_buf_putc(out, ' ');
  pipe_string(out, n->branch.pipe);
  ct_buf_puts(out, "}}");
  ct_tpl__node_string(out, n->branch.list);
  if (n->branch.else_list) {
    ct_buf_puts(out, "{{else}}");
    ct_tpl__node_string(out, n->branch.else_list);
  }
  ct_buf_puts(out, "{{end}}");
}

void ct_tpl__node_string(ct_buf *out, const ct_tpl__node *n) {
  if (!n) return;
  switch (n->type) {
  case N_TEXT: ct_buf_put(out, n->text.s, n->text.len); break;
  case N_COMMENT:
    ct_buf_puts(out, "{{");
    ct_buf_put(out, n->text.s, n->text.len);
    ct_buf_puts(out, "}}");
    break;
  case N_ACTION:
    ct_buf_puts(out, "{{");
    pipe_string(out, n->action);
    ct_buf_puts(out, "}}");
    break;
  case N_BOOL: ct_buf_puts(out, n->b ? "true" : "false"); break;
  case N_CHAIN:
    if (n->chain.node->type == N_PIPE) {
      ct_buf_putc(out, '(');
      pipe_string(out, n->chain.node);
      ct_buf_putc(out, ')');
    } else {
      ct_tpl__node_string(out, n->chain.node);
    }
    for (size_t i = 0; i < n->chain.n; i++) {
      ct_buf_putc(out, '.');
      ct_buf_puts(out, n->chain.fields[i]);
    }
    break;
  case N_COMMAND: command_string(out, n); break;
  case N_DOT: ct_buf_putc(out, '.'); break;
  case N_FIELD:
    for (size_t i = 0; i < n->field.n; i++) {
      ct_buf_putc(out, '.');
      ct_buf_puts(out, n->field.idents[i]);
    }
    break;
  case N_VARIABLE:
    for (size_t i = 0; i < n->field.n; i++) {
      if (i > 0) ct_buf_putc(out, '.');
      ct_buf_puts(out, n->field.idents[i]);
    }
    break;
  case N_IDENT: ct_buf_puts(out, n->ident.name); break;
  case N_IF: branch_string(out, n, "if"); break;
  case N_RANGE: branch_string(out, n, "range"); break;
  case N_WITH: branch_string(out, n, "with"); break;
  case N_LAZY:
    ct_tpl__decode_lazy((ct_tpl__node *)n); /* now a list (empty if it did not decode) */
    ct_tpl__node_string(out, n);
    break;
  case N_LIST:
    for (size_t i = 0; i < n->list.n; i++) ct_tpl__node_string(out, n->list.items[i]);
    break;
  case N_NIL: ct_buf_puts(out, "nil"); break;
  case N_NUMBER: ct_buf_puts(out, n->num->text); break;
  case N_PIPE: pipe_string(out, n); break;
  case N_STRING: ct_buf_put(out, n->str.quoted, n->str.qlen); break;
  case N_TEMPLATE:
    ct_buf_puts(out, "{{template ");
    ct_tpl__quote(out, n->tmpl.name, strlen(n->tmpl.name));
    if (n->tmpl.pipe) {
      ct_buf_putc(out, ' ');
      pipe_string(out, n->tmpl.pipe);
    }
    ct_buf_puts(out, "}}");
    break;
  case N_BREAK: ct_buf_puts(out, "{{break}}"); break;
  case N_CONTINUE: ct_buf_puts(out, "{{continue}}"); break;
  case N_ELSE: ct_buf_puts(out, "{{else}}"); break;
  case N_END: ct_buf_puts(out, "{{end}}"); break;
  }
}

/* bytes.TrimSpace's notion of space (unicode.IsSpace) */
static bool only_space(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || (c >= '\t' && c <= '\r')) continue;
    if (c == 0xC2 && i + 1 < n && ((unsigned char)s[i + 1] == 0x85 || (unsigned char)s[i + 1] == 0xA0)) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}

bool ct_tpl__is_empty_tree(const ct_tpl__node *n) {
  if (!n) return true; /* (roots and their items: never a lazy branch list) */
  switch (n->type) {
  case N_LIST:
    for (size_t i = 0; i < n->list.n; i++)
      if (!ct_tpl__is_empty_tree(n->list.items[i])) return false;
    return true;
  case N_TEXT: return only_space(n->text.s, n->text.len);
  case N_COMMENT: return true;
  default: return false;
  }
}
