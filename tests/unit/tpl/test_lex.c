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

/* the first error the lexer reports for INPUT (default delimiters) */
static void check_error(const char *input, const char *msg) {
  ct_arena *a = ct_arena_new();
  ct_tpl__lexer lx;
  ct_tpl__lex_init(&lx, input, strlen(input), NULL, NULL, a);
  ct_tpl__item it;
  do it = ct_tpl__lex_next(&lx);
  while (it.typ != IT_ERROR && it.typ != IT_EOF);
  if (it.typ != IT_ERROR || strcmp(it.val, msg) != 0) fprintf(stderr, "input %s\n", input);
  assert_int_equal(it.typ, IT_ERROR);
  assert_string_equal(it.val, msg);
  ct_arena_free(a);
}

static void non_ascii_around_delims(void **state) {
  (void)state;
  const want w[] = {
      {IT_TEXT, "é", 1},  {IT_LDELIM, "{{", 1}, {IT_FIELD, ".a", 1}, {IT_RDELIM, "}}", 1},
      {IT_TEXT, "ü\n", 1}, {IT_LDELIM, "{{", 2}, {IT_SPACE, " ", 2}, {IT_IDENT, "aé", 2},
      {IT_RDELIM, "}}", 2}, {IT_LDELIM, "{{", 2}, {IT_FIELD, ".xé", 2}, {IT_FIELD, ".ü", 2},
      {IT_RDELIM, "}}", 2}, {IT_TEXT, "€", 2},  {IT_EOF, "", 2},
  };
  /* a multibyte rune right before }} ends the word; text keeps its UTF-8 */
  check("é{{.a}}ü\n{{ aé}}{{.xé.ü}}€", NULL, NULL, w, sizeof w / sizeof w[0]);
  /* a comment may hold anything, the delimiters and non-ASCII text included */
  const want c[] = {{IT_TEXT, "x", 2}, {IT_EOF, "", 2}};
  check("{{/* é }} {{ \n */}}x", NULL, NULL, c, sizeof c / sizeof c[0]);
}

static void multibyte_custom_delims(void **state) {
  (void)state;
  const want w[] = {
      {IT_LDELIM, "«", 1}, {IT_FIELD, ".x", 1}, {IT_RDELIM, "»", 1},   {IT_TEXT, " {{ y }} ", 1},
      {IT_LDELIM, "«", 1}, {IT_IDENT, "y", 1},  {IT_RDELIM, "»", 1},   {IT_LDELIM, "«", 1},
      {IT_IDENT, "z", 1},  {IT_RDELIM, "»", 1}, {IT_TEXT, "t»", 2},   {IT_EOF, "", 2},
  };
  /* the right delimiter's first rune ends a word; trim markers next to multibyte delims;
   * a right delimiter outside an action is text */
  check("«.x» {{ y }} «y»  «- z -»\n t»", "«", "»", w, sizeof w / sizeof w[0]);
  const want d[] = {{IT_LDELIM, "{{{", 1}, {IT_FIELD, ".a", 1}, {IT_RDELIM, "}}}", 1}, {IT_TEXT, "}", 1},
                    {IT_EOF, "", 1}};
  check("{{{.a}}}}", "{{{", "}}}", d, sizeof d / sizeof d[0]);
}

static void trim_markers_at_buffer_ends(void **state) {
  (void)state;
  const want a[] = {{IT_LDELIM, "{{", 1}, {IT_IDENT, "x", 1}, {IT_RDELIM, "}}", 1}, {IT_EOF, "", 1}};
  check("{{- x -}}", NULL, NULL, a, sizeof a / sizeof a[0]);
  const want b[] = {{IT_LDELIM, "{{", 2}, {IT_IDENT, "x", 2}, {IT_RDELIM, "}}", 2}, {IT_EOF, "", 4}};
  check(" \n\t{{- x -}} \n\n", NULL, NULL, b, sizeof b / sizeof b[0]);
  /* "{{-" with nothing after it is no trim marker: "-" lexes as a number */
  const want c[] = {{IT_TEXT, "a ", 1}, {IT_LDELIM, "{{", 1}, {IT_NUMBER, "-", 1}};
  check("a {{-", NULL, NULL, c, sizeof c / sizeof c[0]);
  check_error("a {{-", "unclosed action");
  /* "-}" cut short is no trim marker either */
  const want d[] = {{IT_LDELIM, "{{", 1}, {IT_SPACE, " ", 1}, {IT_IDENT, "x", 1}, {IT_SPACE, " ", 1},
                    {IT_NUMBER, "-", 1},  {IT_CHAR, "}", 1}};
  check("{{ x -}", NULL, NULL, d, sizeof d / sizeof d[0]);
  check_error("{{ x -}", "unclosed action");
  /* a newline before "-}}" is trimmed, and counted */
  const want e[] = {{IT_LDELIM, "{{", 1}, {IT_IDENT, "x", 1}, {IT_RDELIM, "}}", 2}, {IT_TEXT, "y", 2},
                    {IT_EOF, "", 2}};
  check("{{x\n-}}y", NULL, NULL, e, sizeof e / sizeof e[0]);
  /* Go counts the trimmed newline twice here (backup, then ignore): the delim is on line 4 */
  const want f[] = {{IT_LDELIM, "{{", 1}, {IT_IDENT, "x", 1}, {IT_SPACE, "\n\n", 1}, {IT_RDELIM, "}}", 4},
                    {IT_EOF, "", 4}};
  check("{{x\n\n\n-}}", NULL, NULL, f, sizeof f / sizeof f[0]);
}

static void raw_strings_and_chars(void **state) {
  (void)state;
  const want w[] = {
      {IT_LDELIM, "{{", 1},         {IT_SPACE, " ", 1},        {IT_RAWSTRING, "`a\n}}\r\nb`", 1},
      {IT_SPACE, " ", 3},           {IT_CHARCONST, "'a'", 3},  {IT_SPACE, " ", 3},
      {IT_CHARCONST, "'\\''", 3},   {IT_SPACE, " ", 3},        {IT_CHARCONST, "'é'", 3},
      {IT_SPACE, " ", 3},           {IT_CHARCONST, "'\\u00e9'", 3}, {IT_SPACE, " ", 3},
      {IT_STRING, "\"\\\"é\\\\\"", 3}, {IT_SPACE, " ", 3},    {IT_RDELIM, "}}", 3},
      {IT_TEXT, "\n", 3},           {IT_LDELIM, "{{", 4},      {IT_IDENT, "x", 4},
      {IT_RDELIM, "}}", 4},         {IT_EOF, "", 4},
  };
  check("{{ `a\n}}\r\nb` 'a' '\\'' 'é' '\\u00e9' \"\\\"é\\\\\" }}\n{{x}}", NULL, NULL, w, sizeof w / sizeof w[0]);
  check_error("{{ 'a\n' }}", "unterminated character constant");
  check_error("{{ '\\", "unterminated character constant");
  check_error("{{ \"a\\\n\" }}", "unterminated quoted string");
  check_error("{{ `a\nb", "unterminated raw quoted string");
  /* values: runes, escapes, \r dropped from raw strings */
  EXPECT("{{ 'é' }} {{ '\\u00e9' }} {{ '\\n' }} {{ '\\x41' }} {{ `a\r\nb` | printf \"%q\" }}", "{}",
         "233 233 10 65 \"a\\nb\"");
}

static void numbers(void **state) {
  (void)state;
  const want w[] = {
      {IT_LDELIM, "{{", 1},       {IT_NUMBER, "0x1p-2", 1}, {IT_SPACE, " ", 1},  {IT_NUMBER, "1_000", 1},
      {IT_SPACE, " ", 1},         {IT_NUMBER, ".5", 1},     {IT_SPACE, " ", 1},  {IT_NUMBER, "0b101", 1},
      {IT_SPACE, " ", 1},         {IT_NUMBER, "0o17", 1},   {IT_SPACE, " ", 1},  {IT_NUMBER, "1.5e+3", 1},
      {IT_SPACE, " ", 1},         {IT_NUMBER, "0x1.8p1", 1}, {IT_SPACE, " ", 1}, {IT_COMPLEX, "1e3-2.5i", 1},
      {IT_SPACE, " ", 1},         {IT_NUMBER, "2i", 1},     {IT_SPACE, " ", 1},  {IT_NUMBER, "+7", 1},
      {IT_RDELIM, "}}", 1},
  };
  check("{{0x1p-2 1_000 .5 0b101 0o17 1.5e+3 0x1.8p1 1e3-2.5i 2i +7}}", NULL, NULL, w, sizeof w / sizeof w[0]);
  EXPECT("{{ 0x1p-2 }} {{ 1_000 }} {{ 0b101 }} {{ 0o17 }} {{ 0x_1F }} {{ 1.5e+3 }} {{ 0x1.8p1 }} {{ .5 }}", "{}",
         "0.25 1000 5 15 31 1500 3 0.5");
  check_error("{{ 3é }}", "bad number syntax: \"3é\"");
  check_error("{{ 0x1e+2 }}", "bad number syntax: \"0x1e+2\"");
  check_error("{{ 1+2 }}", "bad number syntax: \"1+2\"");
}

static void non_letters_end_words(void **state) {
  (void)state;
  /* unicode.IsLetter decides: € and … are no letters, é and ж are */
  check_error("{{ a€ }}", "bad character U+20AC '€'");
  check_error("{{ .x… }}", "bad character U+2026 '…'");
  check_error("{{ $x€ := 1 }}", "bad character U+20AC '€'");
  check_error("{{ 1€ }}", "unrecognized character in action: U+20AC '€'");
  check_error("{{ a\xff }}", "bad character U+FFFD '\xef\xbf\xbd'");
  check_error("{{ \xc3 }}", "unrecognized character in action: U+FFFD '\xef\xbf\xbd'");
  const want w[] = {{IT_LDELIM, "{{", 1}, {IT_IDENT, "жé_1", 1}, {IT_RDELIM, "}}", 1}, {IT_EOF, "", 1}};
  check("{{жé_1}}", NULL, NULL, w, sizeof w / sizeof w[0]);
  EXPECT("{{ a€ }}", "{}", "ERR: template: t:1: bad character U+20AC '€'");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(items_and_lines),
      cmocka_unit_test(keywords_numbers_and_delims),
      cmocka_unit_test(lexical_errors),
      cmocka_unit_test(parse_error_lines),
      cmocka_unit_test(non_ascii_around_delims),
      cmocka_unit_test(multibyte_custom_delims),
      cmocka_unit_test(trim_markers_at_buffer_ends),
      cmocka_unit_test(raw_strings_and_chars),
      cmocka_unit_test(numbers),
      cmocka_unit_test(non_letters_end_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
