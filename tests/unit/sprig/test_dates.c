/* test_dates.c — the dates family: Go's reference-time layouts, toDate parsing and its
 * errors, zones from the tz database, time.Time printing, durations, dateModify, and the
 * argument types date accepts (conformance "dates"). Local time is pinned with TZ. */
#include <stdlib.h>
#include <time.h>

#include "sprigB_harness.h"

#define FIXED "{{ $t := toDate \"2006-01-02 15:04:05\" \"2024-03-09 17:45:30\" }}"

static void formatting(void **state) {
  (void)state;
  EXPECT("2024-03-09", FIXED "{{ date \"2006-01-02\" $t }}");
  EXPECT("Mar 9, 2024 at 5:45pm", FIXED "{{ $t | date \"Jan 2, 2006 at 3:04pm\" }}");
  EXPECT("2024-03-09T17:45:30Z", FIXED "{{ dateInZone \"2006-01-02T15:04:05Z07:00\" $t \"UTC\" }}");
  EXPECT("17:45 UTC", FIXED "{{ date_in_zone \"15:04 MST\" $t \"UTC\" }}");
  EXPECT("2024-03-09 2024-03-09 1710006330", FIXED "{{ htmlDate $t }} {{ htmlDateInZone $t \"UTC\" }} {{ unixEpoch $t }}");
  EXPECT("Sat Mar  9 12:45:30.000 EST 2024 -05:00 -0500 069  69 pm PM",
         FIXED "{{ dateInZone \"Mon Jan _2 15:04:05.000 MST 2006 -07:00 Z0700 002 __2 pm PM\" $t \"America/New_York\" }}");
  EXPECT("2024-03-09T23:15:30+05:30:00 IST", FIXED "{{ dateInZone \"2006-01-02T15:04:05.999999999-07:00:00 MST\" $t \"Asia/Kolkata\" }}");
  EXPECT("Saturday March 24 03 Sat", FIXED "{{ date \"Monday January 06 01 Mon\" $t }}");
  EXPECT("2024", FIXED "{{ dateInZone \"2006\" $t \"No/Such_Zone\" }}"); /* unknown zone: UTC */
}

static void date_argument_types(void **state) {
  (void)state;
  EXPECT("1970-01-01T00:00:00", "{{ date \"2006-01-02T15:04:05\" 0 }}");
  assert_string_equal("2023-11-14", RD("{{ date \"2006-01-02\" . }}", ct_int(HA, CT_INT64, 1700000000)));
  assert_string_equal("2023-11-14", RD("{{ date \"2006-01-02\" . }}", ct_int(HA, CT_INT32, 1700000000)));
  /* anything else means now */
  const char *y = R("{{ date \"2006\" \"not a time\" }}");
  assert_true(strtol(y, NULL, 10) >= 2024);
}

static void printing_and_fields(void **state) {
  (void)state;
  EXPECT("2024-03-09 17:45:30 +0000 UTC", FIXED "{{ $t }}");
  EXPECT("time.Time", FIXED "{{ printf \"%T\" $t }}");
  EXPECT("2024-07-01 10:00:00.123 +0200 +0200", "{{ toDate \"2006-01-02T15:04:05Z07:00\" \"2024-07-01T10:00:00.123+02:00\" }}");
  EXPECT("2024-07-01 10:00:00 +0000 EST", "{{ toDate \"2006-01-02 15:04:05 MST\" \"2024-07-01 10:00:00 EST\" }}");
  EXPECT("July Monday 2024 1 183", "{{ $t := toDate \"2006-01-02\" \"2024-07-01\" }}{{ $t.Month }} {{ $t.Weekday }} {{ $t.Year }} {{ $t.Day }} {{ $t.YearDay }}");
  EXPECT("2024-07-01", "{{ (toDate \"2006-01-02\" \"2024-07-01\").Format \"2006-01-02\" }}");
  const char *now = R("{{ now }}");
  assert_non_null(strstr(now, " +0000 UTC m=+"));
  EXPECT("time.Time", "{{ printf \"%T\" now }}");
}

static void time_methods(void **state) {
  (void)state;
  EXPECT("2024-03-02 10:37:45.678 +0000 UTC|2022-12-31 10:37:45.678 +0000 UTC|2024-01-31 10:00:00 +0000 UTC|"
         "2024-01-31 10:38:00 +0000 UTC|2024-01-31 10:37:46 +0000 UTC|1706697465678000|UTC||UTC",
         "{{ $t := toDate \"2006-01-02 15:04:05.999\" \"2024-01-31 10:37:45.678\" }}{{ $t.AddDate 0 1 0 }}|{{ $t.AddDate -1 0 -31 }}|"
         "{{ $t.Truncate 3600000000000 }}|{{ $t.Round 60000000000 }}|{{ $t.Round 1000000000 }}|{{ $t.UnixMicro }}|{{ $t.Location }}|"
         "{{ (toDate \"2006-01-02T15:04:05Z07:00\" \"2024-01-01T00:00:00+01:00\").Location }}|{{ $t.UTC.Location }}");
  EXPECT("true false true", "{{ $a := toDate \"2006\" \"2001\" }}{{ $b := toDate \"2006\" \"2002\" }}{{ $a.Before $b }} {{ $a.After $b }} "
                            "{{ (toDate \"2006\" \"bad\").IsZero }}");
}

static void parsing(void **state) {
  (void)state;
  EXPECT("31/12/2017", "{{ toDate \"2006-01-02\" \"2017-12-31\" | date \"02/01/2006\" }}");
  EXPECT("Saturday", "{{ mustToDate \"2006-01-02\" \"2020-02-29\" | date \"Monday\" }}");
  EXPECT("0001-01-01 00:00:00 +0000 UTC", "{{ toDate \"2006-01-02\" \"bad\" }}");
  EXPECT("1719792000", "{{ toDate \"2006-01-02\" \"2024-07-01\" | unixEpoch }}");
  EXPECT_ERR("error calling mustToDate: parsing time \"bad\" as \"2006-01-02\": cannot parse \"bad\" as \"2006\"",
             "{{ mustToDate \"2006-01-02\" \"bad\" }}");
  EXPECT_ERR("parsing time \"2020-13-01\": month out of range", "{{ mustToDate \"2006-01-02\" \"2020-13-01\" }}");
  EXPECT_ERR("parsing time \"2021-02-29\": day out of range", "{{ mustToDate \"2006-01-02\" \"2021-02-29\" }}");
  EXPECT_ERR("parsing time \"2021-02-28x\": extra text: \"x\"", "{{ mustToDate \"2006-01-02\" \"2021-02-28x\" }}");
}

static void local_zone(void **state) {
  (void)state;
  setenv("TZ", "America/New_York", 1);
  tzset();
  const char *got = R("{{ $t := toDate \"2006-01-02 15:04\" \"2024-07-01 12:00\" }}{{ $t }}|{{ unixEpoch $t }}|{{ date \"15:04 MST\" 0 }}");
  setenv("TZ", "UTC", 1);
  tzset();
  assert_string_equal("2024-07-01 12:00:00 -0400 EDT|1719849600|19:00 EST", got);
}

static void durations(void **state) {
  (void)state;
  /* only strings and int64 count: an int literal is 0 */
  EXPECT("0s 1h0m0s 0s", "{{ duration 90 }} {{ duration \"3600\" }} {{ duration 0 }}");
  assert_string_equal("25h1m1s", RD("{{ duration . }}", ct_int(HA, CT_INT64, 90061)));
  assert_string_equal("5s 1m", RD("{{ durationRound . }} {{ durationRound \"-90s\" }}", ct_int(HA, CT_INT64, 5000000001)));
  EXPECT("2h 16d 3m 0s 91y 3h 0s",
         "{{ durationRound \"2h10m5s\" }} {{ durationRound \"400h\" }} {{ durationRound \"3m50s\" }} {{ durationRound 5000000000 }} "
         "{{ durationRound \"800000h\" }} {{ durationRound \"-3h\" }} {{ durationRound \"bad\" }}");
  const char *ago = R("{{ ago (toDate \"2006-01-02\" \"2020-01-01\") }}");
  assert_non_null(strchr(ago, 'h'));
  assert_non_null(strchr(ago, 'm'));
  assert_int_equal('s', ago[strlen(ago) - 1]);
}

static void modify(void **state) {
  (void)state;
  EXPECT("2024-02-29|2024-02-27 22:30|2024-03-01|01:30|2024-02-28",
         "{{ $t := toDate \"2006-01-02\" \"2024-02-28\" }}{{ dateModify \"24h\" $t | date \"2006-01-02\" }}|"
         "{{ date_modify \"-1.5h\" $t | date \"2006-01-02 15:04\" }}|{{ mustDateModify \"48h\" $t | date \"2006-01-02\" }}|"
         "{{ must_date_modify \"1h30m\" $t | date \"15:04\" }}|{{ dateModify \"bogus\" $t | date \"2006-01-02\" }}");
  EXPECT_ERR("error calling mustDateModify: time: invalid duration \"bogus\"", "{{ mustDateModify \"bogus\" now }}");
  EXPECT_ERR("error calling mustDateModify: time: unknown unit \"x\" in duration \"5x\"", "{{ mustDateModify \"5x\" now }}");
  EXPECT_ERR("wrong type for value; expected time.Time; got string", "{{ dateModify \"1h\" \"x\" }}");
}

int main(void) {
  setenv("TZ", "UTC", 1);
  tzset();
  const struct CMUnitTest tests[] = {T(formatting), T(date_argument_types), T(printing_and_fields), T(time_methods), T(parsing),
                                     T(local_zone), T(durations), T(modify)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
