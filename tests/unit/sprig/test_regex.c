/* test_regex.c — the regex family with Go's RE2 syntax and semantics: matching, FindAll and
 * Split with Go's empty-match rules, ReplaceAll's $name expansion ($1x is group "1x"),
 * Go-only syntax errors and MustCompile panics (conformance "regex"). */
#include "sprigB_harness.h"

size_t ct_sprig__regex_jit_compiles(void); /* sprig_int.h */

static void match_and_find(void **state) {
  (void)state;
  EXPECT("true false true true true", "{{ regexMatch \"^[a-z]+$\" \"hello\" }} {{ regexMatch \"^[a-z]+$\" \"Hello\" }} "
                                      "{{ regexMatch \"(?i)^[a-z]+$\" \"Hello\" }} {{ mustRegexMatch \"\\\\d{3}\" \"ab123\" }} "
                                      "{{ regexMatch \"^$\" \"\" }}");
  EXPECT("true", "{{ regexMatch \"日本\" \"héllo 日本語\" }}");
  EXPECT("false", "{{ regexMatch \"a$\" \"a\\n\" }}"); /* $ is end of text without (?m) */
  EXPECT("false", "{{ regexMatch \"(\" \"x\" }}");     /* regexMatch drops the error */
  EXPECT("123||bbb", "{{ regexFind \"[0-9]+\" \"abc123def456\" }}|{{ regexFind \"x\" \"abc\" }}|{{ mustRegexFind \"b+\" \"abbbc\" }}");
  EXPECT("[1 22 333] [1 22]", "{{ regexFindAll \"[0-9]+\" \"a1b22c333\" -1 }} {{ regexFindAll \"[0-9]+\" \"a1b22c333\" 2 }}");
  /* no match (or n == 0) gives Go's nil []string: false, nothing to range over */
  EXPECT("||", "{{ if regexFindAll \"z\" \"abc\" -1 }}x{{ end }}|{{ range mustRegexFindAll \"a.\" \"aXaYaZ\" 0 }}x{{ end }}|");
  EXPECT("[ aaa ]", "{{ regexFindAll \"a*\" \"baaab\" -1 }}");
  EXPECT("[日 本 語]", "{{ regexFindAll \"\\\\p{Han}\" \"héllo 日本語\" -1 }}");
  EXPECT("[ ]", "{{ regexFindAll \"\\\\s\" \"a\\vb c\" -1 }}"); /* Go's \\s has no \\v */
  /* \\w \\W \\d are ASCII-only in Go: every non-ASCII rune is \\W */
  EXPECT("[É é   ü]|É", "{{ regexFindAll \"\\\\W\" \"Éé aü\" -1 }}|{{ regexFind \"[\\\\W]\" \"abÉ\" }}");
  EXPECT("ab|éa|a", "{{ regexFind \"[[:alpha:]]+\" \"12ab\" }}|{{ regexFind \"\\\\pL+\" \"12éa\" }}|{{ regexFind \"(?U)a+\" \"aaa\" }}");
  EXPECT("AA.*", "{{ regexFind \"\\\\x41\\\\101\\\\Q.*\\\\E\" \"AA.*\" }}");
}

/* A pattern is JIT-compiled only once it is used often or on a long subject; the results are
 * the same before and after. */
static void jit_only_when_it_pays(void **state) {
  (void)state;
  size_t before = ct_sprig__regex_jit_compiles();
  EXPECT("12", "{{ regexFind \"[0-8]+\" \"ab12cd\" }}");
  EXPECT("true", "{{ regexMatch \"^x+y$\" \"xxy\" }}");
  assert_int_equal(ct_sprig__regex_jit_compiles(), before); /* once each: interpreted */
  /* the same pattern ten times: JIT-compiled on the eighth use, every result alike */
  EXPECT("a7 a7 a7 a7 a7 a7 a7 a7 a7 a7 ",
         "{{ range regexFindAll \".\" \"abcdefghij\" -1 }}{{ regexReplaceAll \"[1-3]+\" \"a123\" "
         "\"7\" }} {{ end }}");
  assert_int_equal(ct_sprig__regex_jit_compiles(), before + 1);
  /* a long subject: at its first use */
  EXPECT("[5002 zz]",
         "{{ $s := printf \"%05000d%s\" 0 \"zz\" }}[{{ len $s }} {{ regexFind \"z{2}\" $s }}]");
  assert_int_equal(ct_sprig__regex_jit_compiles(), before + 2);
}

static void replace(void **state) {
  (void)state;
  EXPECT("-W-xxW-", "{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }}");
  EXPECT("---", "{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1W\" }}");
  EXPECT("-${1}-${1}-", "{{ regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"${1}\" }}");
  EXPECT("_d_c_t__n", "{{ mustRegexReplaceAll \"[aeiou]\" \"education\" \"_\" }}");
  EXPECT("a$b$c", "{{ mustRegexReplaceAllLiteral \"\\\\.\" \"a.b.c\" \"$\" }}");
  EXPECT("world hello", "{{ regexReplaceAll \"(?P<first>\\\\w+) (?P<second>\\\\w+)\" \"hello world\" \"${second} ${first}\" }}");
  EXPECT(">abc", "{{ regexReplaceAll \"^\" \"abc\" \">\" }}");
  EXPECT("> a\n> b", "{{ regexReplaceAll \"(?m)^\" \"a\\nb\" \"> \" }}");
  EXPECT("-b-b-", "{{ regexReplaceAll \"a*\" \"baaab\" \"-\" }}");
  EXPECT("[|b|b|$|$] [|||$|$]", "{{ regexReplaceAll \"(a)(b)?\" \"ab a\" \"[$1x|${2}|$2|$$|$]\" }}");
  EXPECT("aaa", "{{ regexReplaceAll \"(?P<x>a)\" \"a\" \"${x}${1}$x1$0\" }}");
  EXPECT("|ab| |cd|", "{{ regexReplaceAll \"\\\\b\" \"ab cd\" \"|\" }}");
  EXPECT("my-release-name-v2", "{{ regexReplaceAll \"[^a-z0-9-]\" \"my release_name.v2\" \"-\" }}");
}

static void split_and_quote(void **state) {
  (void)state;
  EXPECT("[pi a]", "{{ regexSplit \"z+\" \"pizza\" -1 }}");
  EXPECT("[a b c  d]", "{{ regexSplit \"[,;]\\\\s*\" \"a, b;c ;d\" -1 }}");
  EXPECT("[a b,c]", "{{ regexSplit \",\" \"a,b,c\" 2 }}");
  EXPECT("[a b c]", "{{ mustRegexSplit \"\" \"abc\" -1 }}");
  EXPECT("[b b]", "{{ regexSplit \"a*\" \"baaab\" -1 }}");
  EXPECT("", "{{ range regexSplit \"x\" \"abc\" 0 }}x{{ end }}");
  EXPECT("1", "{{ len (regexSplit \"x\" \"\" -1) }}");
  EXPECT("1\\.2\\.3|a\\+b\\*c\\?\\[d\\]\\(e\\)\\{f\\}\\|\\^\\$\\\\|plain",
         "{{ regexQuoteMeta \"1.2.3\" }}|{{ regexQuoteMeta \"a+b*c?[d](e){f}|^$\\\\\" }}|{{ regexQuoteMeta \"plain\" }}");
}

static void syntax_errors(void **state) {
  (void)state;
  EXPECT_ERR("error calling mustRegexMatch: error parsing regexp: missing closing ): `(`", "{{ mustRegexMatch \"(\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid escape sequence: `\\1`", "{{ mustRegexFind \"a\\\\1\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid or unsupported Perl syntax: `(?=`", "{{ mustRegexMatch \"(?=a)\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid named capture: `(?<=a)b`", "{{ mustRegexMatch \"(?<=a)b\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid nested repetition operator: `**`", "{{ mustRegexMatch \"a**\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid repeat count: `{1001}`", "{{ mustRegexMatch \"a{1001}\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: missing closing ]: `[a`", "{{ mustRegexMatch \"[a\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: unexpected ): `a)`", "{{ mustRegexMatch \"a)\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: missing argument to repetition operator: `*`", "{{ mustRegexMatch \"*a\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid escape sequence: `\\e`", "{{ mustRegexMatch \"\\\\e\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid or unsupported Perl syntax: `(?x`", "{{ mustRegexMatch \"(?x)a\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid character class range: `z-a`", "{{ mustRegexMatch \"[z-a]\" \"x\" }}");
  /* non-must variants use regexp.MustCompile: its panic becomes the error */
  EXPECT_ERR("error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`",
             "{{ regexFind \"(\" \"x\" }}");
  EXPECT_ERR("error calling regexSplit: regexp: Compile(`[`): error parsing regexp: missing closing ]: `[`",
             "{{ regexSplit \"[\" \"x\" -1 }}");
}

static void go_only_rules(void **state) {
  (void)state;
  /* assertions may be repeated in Go */
  EXPECT("[a a]|[   ]", "{{ regexFindAll \"^*a\" \"aa\" -1 }}|{{ regexFindAll \"\\\\b+\" \"ab cd\" -1 }}");
  /* duplicate group names are allowed; ${name} takes the first that matched */
  EXPECT("[x][y]", "{{ regexReplaceAll \"(?P<a>x)|(?P<a>y)\" \"xy\" \"[${a}]\" }}");
  EXPECT_ERR("error parsing regexp: invalid character class range: `[:foo:]`", "{{ mustRegexMatch \"[[:foo:]]\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid character class range: `\\p{Foo}`", "{{ mustRegexMatch \"\\\\p{Foo}\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid escape sequence: `\\d`", "{{ mustRegexMatch \"[a-\\\\d]\" \"x\" }}");
  EXPECT_ERR("error parsing regexp: invalid escape sequence: `\\x{110000`", "{{ mustRegexMatch \"\\\\x{110000}\" \"x\" }}");
  EXPECT("true true", "{{ mustRegexMatch \"\\\\p{Greek}\" \"α\" }} {{ mustRegexMatch \"[[:^alpha:]]\" \"1\" }}");
}

static void signatures(void **state) {
  (void)state;
  assert_string_equal("string,string->bool", h_find("regexMatch")->sig);
  assert_string_equal("string,string->bool,error", h_find("mustRegexMatch")->sig);
  assert_string_equal("string,string,int->[]string", h_find("regexFindAll")->sig);
  assert_string_equal("string,string,string->string,error", h_find("mustRegexReplaceAllLiteral")->sig);
}

int main(void) {
  const struct CMUnitTest tests[] = {T(match_and_find),  T(jit_only_when_it_pays), T(replace),
                                     T(split_and_quote), T(syntax_errors),         T(go_only_rules),
                                     T(signatures)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
