/* test_lex.c — the lexer on its own: item kinds, values, positions and line numbers (which
 * parse errors report), trim markers, comments, custom delimiters, lexical errors. */
#include "tpl_test.h"
#include "tpl/tpl_int.h"

typedef struct want {
  ct_tpl__itype typ;
  const char *val;
  int line;
} want;

static void check(const char *input, const char *l, const char *r, const want *w, size_t n) {
  ct_arena *a = ct_arena_new();
  ct_tpl__lexer lx;
  ct_tpl__lex_init(&lx, input, strlen(input), l, r, a);
  for (size_t i = 0; i < n; i++) {
    ct_tpl__item it = ct_tpl__lex_next(&lx);
    char got[256];
    snprintf(got, sizeof got, "%d %.*s @%d", (int)it.typ, (int)it.len, it.val, it.line);
    char exp[256];
    snprintf(exp, sizeof exp, "%d %s @%d", (int)w[i].typ, w[i].val, w[i].line);
    if (strcmp(got, exp) != 0) fprintf(stderr, "item %zu of %s\n", i, input);
    assert_string_equal(got, exp);
  }
  ct_arena_free(a);
}

static void items_and_lines(void **state) {
  (void)state;
  const char *in = "a \n{{- .b.c | x 1.5 \"s\" `r\nr` 'c' $v := $ }}\n {{/* c\n */}}z{{ else -}}  \n y";
  const want w[] = {
      {IT_TEXT, "a", 1},         {IT_LDELIM, "{{", 2},    {IT_FIELD, ".b", 2},     {IT_FIELD, ".c", 2},
      {IT_SPACE, " ", 2},        {IT_PIPE, "|", 2},       {IT_SPACE, " ", 2},      {IT_IDENT, "x", 2},
      {IT_SPACE, " ", 2},        {IT_NUMBER, "1.5", 2},   {IT_SPACE, " ", 2},      {IT_STRING, "\"s\"", 2},
      {IT_SPACE, " ", 2},        {IT_RAWSTRING, "`r\nr`", 2}, {IT_SPACE, " ", 3},  {IT_CHARCONST, "'c'", 3},
      {IT_SPACE, " ", 3},        {IT_VARIABLE, "$v", 3},  {IT_SPACE, " ", 3},      {IT_DECLARE, ":=", 3},
      {IT_SPACE, " ", 3},        {IT_VARIABLE, "$", 3},   {IT_SPACE, " ", 3},      {IT_RDELIM, "}}", 3},
      {IT_TEXT, "\n ", 3},       {IT_TEXT, "z", 5},       {IT_LDELIM, "{{", 5},    {IT_SPACE, " ", 5},
      {IT_ELSE, "else", 5},      {IT_RDELIM, "}}", 5},    {IT_TEXT, "y", 6},       {IT_EOF, "", 6},
  };
  check(in, NULL, NULL, w, sizeof w / sizeof w[0]);
}

static void keywords_numbers_and_delims(void **state) {
  (void)state;
  const want w[] = {
      {IT_LDELIM, "<%", 1}, {IT_IF, "if", 1},      {IT_SPACE, " ", 1}, {IT_BOOL, "true", 1},
      {IT_SPACE, " ", 1},   {IT_NUMBER, "0x1F", 1}, {IT_SPACE, " ", 1}, {IT_COMPLEX, "1+2i", 1},
      {IT_SPACE, " ", 1},   {IT_NUMBER, "-3", 1},   {IT_SPACE, " ", 1}, {IT_NIL, "nil", 1},
      {IT_SPACE, " ", 1},   {IT_DOT, ".", 1},       {IT_RDELIM, "%>", 1}, {IT_TEXT, "{{ x }}", 1},
      {IT_EOF, "", 1},
  };
  check("<%if true 0x1F 1+2i -3 nil . -%>  {{ x }}", "<%", "%>", w, sizeof w / sizeof w[0]);
}

static void lexical_errors(void **state) {
  (void)state;
  struct {
    const char *in, *msg;
  } cases[] = {
      {"{{ \"abc }}", "unterminated quoted string"},
      {"{{ 'a }}", "unterminated character constant"},
      {"{{ `abc }}", "unterminated raw quoted string"},
      {"{{ 3x }}", "bad number syntax: \"3x\""},
      {"{{ .a^ }}", "bad character U+005E '^'"},
      {"{{ $x: }}", "expected :="},
      {"{{ ) }}", "unexpected right paren"},
      {"{{ ( }}", "unclosed left paren"},
      {"{{ \x01 }}", "unrecognized character in action: U+0001"},
      {"{{ x", "unclosed action"},
      {"{{/* x", "unclosed comment"},
      {"{{/* x */ }}", "comment ends before closing delimiter"},
  };
  ct_arena *a = ct_arena_new();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_tpl__lexer lx;
    ct_tpl__lex_init(&lx, cases[i].in, strlen(cases[i].in), NULL, NULL, a);
    ct_tpl__item it;
    do it = ct_tpl__lex_next(&lx);
    while (it.typ != IT_ERROR && it.typ != IT_EOF);
    assert_int_equal(it.typ, IT_ERROR);
    assert_string_equal(it.val, cases[i].msg);
    /* after an error the input is gone: nothing but errors or EOF follow */
    ct_tpl__itype t = ct_tpl__lex_next(&lx).typ;
    assert_true(t == IT_ERROR || t == IT_EOF);
  }
  ct_arena_free(a);
}

static void parse_error_lines(void **state) {
  (void)state;
  /* lines count newlines in text, raw strings, comments and trimmed space */
  EXPECT("a\n{{- /* one\ntwo */ -}}\n\n{{ nosuch }}", "{}", "ERR: template: t:5: function \"nosuch\" not defined");
  EXPECT("{{ `x\ny` }}\n{{ if }}", "{}", "ERR: template: t:3: missing value for if");
  EXPECT("{{ if true }}\n{{ .a\n", "{}", "ERR: template: t:3: unclosed action started at t:2");
  EXPECT("{{ .a\n  | x }}", "{}", "ERR: template: t:2: function \"x\" not defined");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(items_and_lines),
      cmocka_unit_test(keywords_numbers_and_delims),
      cmocka_unit_test(lexical_errors),
      cmocka_unit_test(parse_error_lines),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
