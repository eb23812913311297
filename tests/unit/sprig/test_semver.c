/* test_semver.c — semver and semverCompare with Masterminds/semver v3 rules: loose parsing,
 * errors, caret/tilde/wildcard/hyphen/|| constraints, prerelease exclusion, and the
 * *semver.Version object's fields and methods (conformance "semver"). */
#include "sprigB_harness.h"

static void parse_and_fields(void **state) {
  (void)state;
  EXPECT("1 2 3 beta.1 build.5 1.2.3-beta.1+build.5 1.2.3-beta.1+build.5",
         "{{ $v := semver \"1.2.3-beta.1+build.5\" }}{{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} {{ $v.Prerelease }} "
         "{{ $v.Metadata }} {{ $v.Original }} {{ $v.String }}");
  EXPECT("2.0.0 1.2.0 1.0.0 1.2.3", "{{ (semver \"v2.0\").String }} {{ semver \"1.2\" }} {{ semver \"v1\" }} {{ semver \"01.2.3\" }}");
  EXPECT("*semver.Version", "{{ printf \"%T\" (semver \"1.2.3\") }}");
  EXPECT("uint64", "{{ printf \"%T\" (semver \"1.2.3\").Major }}");
}

static void parse_errors(void **state) {
  (void)state;
  EXPECT_ERR("error calling semver: Invalid Semantic Version", "{{ semver \"1.2.3.4\" }}");
  EXPECT_ERR("error calling semver: Invalid Semantic Version", "{{ semver \"\" }}");
  EXPECT_ERR("error calling semver: Invalid Semantic Version", "{{ semver \"1.2.3-a_b\" }}");
  EXPECT_ERR("error calling semver: Version segment starts with 0", "{{ semver \"1.2.3-01\" }}");
  EXPECT_ERR("error calling semver: Error parsing version segment: strconv.ParseUint: parsing \"99999999999999999999\": value out of range",
             "{{ semver \"99999999999999999999.0.0\" }}");
}

static void methods(void **state) {
  (void)state;
  EXPECT("-1 0 true true true", "{{ (semver \"1.2.3\").Compare (semver \"1.2.4\") }} {{ (semver \"1.2.3\").Compare (semver \"1.2.3\") }} "
                                "{{ (semver \"1.2.3\").LessThan (semver \"1.10.0\") }} {{ (semver \"2.0.0\").GreaterThan (semver \"2.0.0-rc.1\") }} "
                                "{{ (semver \"1.0.0\").Equal (semver \"1.0.0+meta\") }}");
  EXPECT("2.0.0 1.3.0 1.2.3 1.3.0", "{{ (semver \"1.2.3\").IncMajor }} {{ (semver \"1.2.3\").IncMinor }} {{ (semver \"1.2.3-rc1\").IncPatch }} "
                                    "{{ (semver \"1.2.3-rc1+b\").IncMinor }}");
  EXPECT("semver.Version 1.2.3-x 1.2.3+y", "{{ printf \"%T\" (semver \"1.2.3\").IncMajor }} {{ (semver \"1.2.3\").SetPrerelease \"x\" }} "
                                          "{{ (semver \"1.2.3\").SetMetadata \"y\" }}");
  EXPECT("true", "{{ (semver \"1.2.3\").LessThanEqual (semver \"1.2.3\") }}");
  /* prerelease identifiers: numeric < alphanumeric, numbers compared as numbers */
  EXPECT("-1 1 -1", "{{ (semver \"1.0.0-2\").Compare (semver \"1.0.0-10\") }} {{ (semver \"1.0.0-a\").Compare (semver \"1.0.0-1\") }} "
                    "{{ (semver \"1.0.0-alpha\").Compare (semver \"1.0.0-alpha.1\") }}");
}

static void constraints(void **state) {
  (void)state;
  static const struct { const char *c, *v, *want; } cases[] = {
      {">=1.2.0", "1.2.3", "true"},       {"^1.2.0", "1.9.9", "true"},         {"^1.2.0", "2.0.0", "false"},
      {"~1.2", "1.2.9", "true"},          {"~1.2", "1.3.0", "false"},          {">=1.0.0 <2.0.0", "1.5.0", "true"},
      {"1.x", "1.8.2", "true"},           {">=1.0.0", "1.2.3-alpha", "false"}, {">=1.0.0-0", "1.2.3-alpha", "true"},
      {"<2.0.0 || >3.0.0", "3.1.0", "true"}, {"v1.2.3", "1.2.3", "true"},     {"!=1.2.3", "1.2.3", "false"},
      {">=1.21-0", "v1.32.0", "true"},    {"1.2.3 - 1.4.5", "1.4.0", "true"},  {">=1.2.5", "1.10.0", "true"},
      {">=1.2.5", "2.0.0-rc.1", "false"}, {">=1.2.5", "v1.0.0", "false"},      {">1", "1.2.3", "false"},
      {">=1.2,<2", "1.5", "true"},        {"^0.0", "0.0.5", "true"},           {"1.2.3 - 1.4.5 || ~2", "2.1", "true"},
      {"~1.2.3-beta", "1.2.3-beta.2", "true"}, {"=1.2.x", "1.2.9", "true"},    {"!=1.2.x", "1.3.0", "true"},
      {"<=1.2", "1.2.9", "true"},         {">1.2", "1.2.9", "false"},          {"*", "1.2.9-rc", "false"},
      {"^0.2.3", "0.2.9", "true"},        {"^0.2.3", "0.3.0", "false"},        {"^0.0.3", "0.0.4", "false"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char src[200];
    snprintf(src, sizeof src, "{{ semverCompare \"%s\" \"%s\" }}", cases[i].c, cases[i].v);
    const char *got = R(src);
    if (strcmp(got, cases[i].want) != 0) fail_msg("%s: got %s want %s", src, got, cases[i].want);
  }
}

static void constraint_errors(void **state) {
  (void)state;
  EXPECT_ERR("error calling semverCompare: improper constraint: foo", "{{ semverCompare \"foo\" \"1.2.3\" }}");
  EXPECT_ERR("error calling semverCompare: improper constraint: ", "{{ semverCompare \"\" \"1.2.3\" }}");
  EXPECT_ERR("error calling semverCompare: Invalid Semantic Version", "{{ semverCompare \">=1.0\" \"x1.0\" }}");
  assert_string_equal("string,string->bool,error", h_find("semverCompare")->sig);
}

int main(void) {
  const struct CMUnitTest tests[] = {T(parse_and_fields), T(parse_errors), T(methods), T(constraints), T(constraint_errors)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
