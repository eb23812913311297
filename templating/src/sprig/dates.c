/* dates.c — Sprig's date functions (now date dateInZone dateModify toDate unixEpoch ago
 * duration durationRound htmlDate...) over a Go time.Time object: Go's layout formatting and
 * parsing, time.Duration text, and zones from the tz database (via the C library). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sprig/sprig_int.h"

/* ---- locations and instants ---- */

typedef enum { LOC_UTC, LOC_LOCAL, LOC_NAMED, LOC_FIXED } loc_kind;

typedef struct {
  loc_kind kind;
  const char *name; /* NAMED: tz database name; FIXED: the zone's name (may be "") */
  int offset;       /* FIXED: seconds east of UTC */
} gloc;

typedef struct {
  int64_t sec; /* Unix seconds */
  int32_t nsec;
  gloc loc;
  bool mono;
  int64_t mono_ns; /* monotonic reading (nanoseconds since process clock origin) */
} gtime;

#define SECS_PER_DAY 86400LL
#define NS_PER_SEC 1000000000LL

/* Offset and abbreviation of zone NAME (NULL = the process's local zone, as Go's Local
 * reads TZ or /etc/localtime) at Unix second SEC. */
static void tz_lookup(const char *name, int64_t sec, int *off, char *abbr, size_t abbrlen, int *isdst) {
  char *saved = NULL;
  const char *cur = getenv("TZ");
  if (name) {
    saved = cur ? strdup(cur) : NULL;
    size_t nl = strlen(name);
    char *spec = malloc(nl + 2);
    if (!spec) abort();
    spec[0] = ':';
    memcpy(spec + 1, name, nl + 1);
    setenv("TZ", spec, 1);
    free(spec);
  }
  tzset();
  time_t t = (time_t)sec;
  struct tm tm;
  if (localtime_r(&t, &tm)) {
    *off = (int)tm.tm_gmtoff;
    snprintf(abbr, abbrlen, "%s", tm.tm_zone ? tm.tm_zone : "");
    if (isdst) *isdst = tm.tm_isdst > 0;
  } else {
    *off = 0;
    snprintf(abbr, abbrlen, "UTC");
    if (isdst) *isdst = 0;
  }
  if (name) {
    if (saved) {
      setenv("TZ", saved, 1);
      free(saved);
    } else if (cur == NULL) {
      unsetenv("TZ");
    }
    tzset();
  }
}

/* Offset and abbreviation of LOC at SEC; the abbreviation is arena-allocated. */
static int zone_at(const gloc *loc, int64_t sec, const char **abbr, ct_arena *a) {
  char buf[64] = "";
  int off = 0;
  switch (loc->kind) {
  case LOC_UTC:
    *abbr = "UTC";
    return 0;
  case LOC_FIXED:
    *abbr = loc->name;
    return loc->offset;
  case LOC_LOCAL: {
    const char *tz = getenv("TZ");
    if (tz && !*tz) { /* Go: TZ="" means UTC */
      *abbr = "UTC";
      return 0;
    }
    tz_lookup(NULL, sec, &off, buf, sizeof buf, NULL);
    break;
  }
  case LOC_NAMED:
    tz_lookup(loc->name, sec, &off, buf, sizeof buf, NULL);
    break;
  }
  *abbr = a ? ct_arena_strdup(a, buf) : "";
  return off;
}

/* time.LoadLocation: "" and "UTC" are UTC, "Local" the local zone, else a tz database
 * file. Returns false when no such zone exists. */
static bool load_location(const char *name, gloc *out) {
  if (!*name || !strcmp(name, "UTC")) {
    *out = (gloc){LOC_UTC, "UTC", 0};
    return true;
  }
  if (!strcmp(name, "Local")) {
    *out = (gloc){LOC_LOCAL, "Local", 0};
    return true;
  }
  if (name[0] == '/' || strstr(name, "..") || strchr(name, '\\')) return false;
  const char *dir = getenv("ZONEINFO");
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  char magic[4] = {0};
  size_t got = fread(magic, 1, 4, f);
  fclose(f);
  if (got != 4 || memcmp(magic, "TZif", 4) != 0) return false;
  *out = (gloc){LOC_NAMED, name, 0};
  return true;
}

/* ---- civil calendar ---- */

static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

static int64_t floordiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

static bool is_leap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }
static int days_in(int m, int64_t y) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

typedef struct {
  int64_t year;
  int month, day, hour, min, sec, wday, yday;
  int32_t nsec;
  int offset;
  const char *abbr;
} civil;

static void to_civil(const gtime *t, civil *c, ct_arena *a) {
  c->offset = zone_at(&t->loc, t->sec, &c->abbr, a);
  int64_t s = t->sec + c->offset;
  int64_t days = floordiv(s, SECS_PER_DAY);
  int64_t rem = s - days * SECS_PER_DAY;
  civil_from_days(days, &c->year, &c->month, &c->day);
  c->hour = (int)(rem / 3600);
  c->min = (int)(rem % 3600 / 60);
  c->sec = (int)(rem % 60);
  c->wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
  c->yday = (int)(days - days_from_civil(c->year, 1, 1)) + 1;
  c->nsec = t->nsec;
}

/* time.Date in LOC (normalising overflowing fields as Go does). */
static gtime make_date(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t min, int64_t sec,
                       int64_t nsec, gloc loc) {
  /* Go wraps on absurd inputs; keep the arithmetic defined (no signed overflow) */
  const int64_t lim = 1000000000000000LL;
  if (month > lim || month < -lim) month %= lim;
  if (day > lim || day < -lim) day %= lim;
  if (year > lim || year < -lim) year %= lim;
  int64_t m0 = month - 1;
  year += floordiv(m0, 12);
  m0 -= floordiv(m0, 12) * 12;
  sec += floordiv(nsec, NS_PER_SEC);
  nsec -= floordiv(nsec, NS_PER_SEC) * NS_PER_SEC;
  int64_t unix = (days_from_civil(year, (int)m0 + 1, 1) + day - 1) * SECS_PER_DAY + hour * 3600 + min * 60 + sec;
  const char *abbr;
  int off = zone_at(&loc, unix, &abbr, NULL);
  if (off != 0) {
    int off2 = zone_at(&loc, unix - off, &abbr, NULL);
    if (off2 != off) off = off2;
    unix -= off;
  }
  gtime t = {unix, (int32_t)nsec, loc, false, 0};
  return t;
}

static const gloc UTC_LOC = {LOC_UTC, "UTC", 0};
static const gloc LOCAL_LOC = {LOC_LOCAL, "Local", 0};

static gtime zero_time(void) {
  gtime t = {-62135596800LL, 0, UTC_LOC, false, 0};
  return t;
}

static int64_t mono_origin;
static int64_t mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  int64_t v = (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
  if (!mono_origin) mono_origin = v - 1;
  return v - mono_origin;
}

static gtime time_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  gtime t = {ts.tv_sec, (int32_t)ts.tv_nsec, LOCAL_LOC, true, mono_now()};
  return t;
}

/* ---- layouts ---- */

enum {
  STD_NONE, STD_LONG_MONTH, STD_MONTH, STD_NUM_MONTH, STD_ZERO_MONTH, STD_LONG_WEEKDAY, STD_WEEKDAY,
  STD_DAY, STD_UNDER_DAY, STD_ZERO_DAY, STD_UNDER_YEARDAY, STD_ZERO_YEARDAY, STD_HOUR, STD_HOUR12,
  STD_ZERO_HOUR12, STD_MINUTE, STD_ZERO_MINUTE, STD_SECOND, STD_ZERO_SECOND, STD_LONG_YEAR, STD_YEAR,
  STD_PM, STD_pm, STD_TZ, STD_ISO_TZ, STD_ISO_SECONDS_TZ, STD_ISO_SHORT_TZ, STD_ISO_COLON_TZ,
  STD_ISO_COLON_SECONDS_TZ, STD_NUM_TZ, STD_NUM_SECONDS_TZ, STD_NUM_SHORT_TZ, STD_NUM_COLON_TZ,
  STD_NUM_COLON_SECONDS_TZ, STD_FRAC0, STD_FRAC9,
};

typedef struct {
  size_t prefix;   /* literal bytes before the element */
  int std;         /* STD_NONE when none */
  size_t len;      /* bytes of the element */
  int digits;      /* fractional seconds: digit count */
  char sep;        /* fractional seconds: '.' or ',' */
} chunk;

static bool starts_lower(const char *s, size_t n) { return n > 0 && s[0] >= 'a' && s[0] <= 'z'; }
static bool pre(const char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  return n >= k && memcmp(s, p, k) == 0;
}

/* Go's nextStdChunk. */
static chunk next_chunk(const char *l, size_t n) {
  chunk c = {n, STD_NONE, 0, 0, 0};
  for (size_t i = 0; i < n; i++) {
    const char *s = l + i;
    size_t r = n - i;
#define RET(code, length) do { c.prefix = i; c.std = (code); c.len = (length); return c; } while (0)
    switch (s[0]) {
    case 'J':
      if (pre(s, r, "Jan")) {
        if (pre(s, r, "January")) RET(STD_LONG_MONTH, 7);
        if (!starts_lower(s + 3, r - 3)) RET(STD_MONTH, 3);
      }
      break;
    case 'M':
      if (pre(s, r, "Mon")) {
        if (pre(s, r, "Monday")) RET(STD_LONG_WEEKDAY, 6);
        if (!starts_lower(s + 3, r - 3)) RET(STD_WEEKDAY, 3);
      }
      if (pre(s, r, "MST")) RET(STD_TZ, 3);
      break;
    case '0':
      if (r >= 2 && s[1] >= '1' && s[1] <= '6') {
        static const int z[] = {STD_ZERO_MONTH, STD_ZERO_DAY, STD_ZERO_HOUR12, STD_ZERO_MINUTE, STD_ZERO_SECOND, STD_YEAR};
        RET(z[s[1] - '1'], 2);
      }
      if (r >= 3 && s[1] == '0' && s[2] == '2') RET(STD_ZERO_YEARDAY, 3);
      break;
    case '1':
      if (r >= 2 && s[1] == '5') RET(STD_HOUR, 2);
      RET(STD_NUM_MONTH, 1);
    case '2':
      if (pre(s, r, "2006")) RET(STD_LONG_YEAR, 4);
      RET(STD_DAY, 1);
    case '_':
      if (r >= 2 && s[1] == '2') {
        if (r >= 5 && memcmp(s + 1, "2006", 4) == 0) {
          c.prefix = i + 1;
          c.std = STD_LONG_YEAR;
          c.len = 4;
          return c;
        }
        RET(STD_UNDER_DAY, 2);
      }
      if (r >= 3 && s[1] == '_' && s[2] == '2') RET(STD_UNDER_YEARDAY, 3);
      break;
    case '3': RET(STD_HOUR12, 1);
    case '4': RET(STD_MINUTE, 1);
    case '5': RET(STD_SECOND, 1);
    case 'P':
      if (r >= 2 && s[1] == 'M') RET(STD_PM, 2);
      break;
    case 'p':
      if (r >= 2 && s[1] == 'm') RET(STD_pm, 2);
      break;
    case '-':
      if (pre(s, r, "-070000")) RET(STD_NUM_SECONDS_TZ, 7);
      if (pre(s, r, "-07:00:00")) RET(STD_NUM_COLON_SECONDS_TZ, 9);
      if (pre(s, r, "-0700")) RET(STD_NUM_TZ, 5);
      if (pre(s, r, "-07:00")) RET(STD_NUM_COLON_TZ, 6);
      if (pre(s, r, "-07")) RET(STD_NUM_SHORT_TZ, 3);
      break;
    case 'Z':
      if (pre(s, r, "Z070000")) RET(STD_ISO_SECONDS_TZ, 7);
      if (pre(s, r, "Z07:00:00")) RET(STD_ISO_COLON_SECONDS_TZ, 9);
      if (pre(s, r, "Z0700")) RET(STD_ISO_TZ, 5);
      if (pre(s, r, "Z07:00")) RET(STD_ISO_COLON_TZ, 6);
      if (pre(s, r, "Z07")) RET(STD_ISO_SHORT_TZ, 3);
      break;
    case '.': case ',':
      if (r >= 2 && (s[1] == '0' || s[1] == '9')) {
        char ch = s[1];
        size_t j = 1;
        while (j < r && s[j] == ch) j++;
        if (!(j < r && s[j] >= '0' && s[j] <= '9')) {
          c.prefix = i;
          c.std = ch == '0' ? STD_FRAC0 : STD_FRAC9;
          c.len = j;
          c.digits = (int)(j - 1);
          c.sep = s[0];
          return c;
        }
      }
      break;
    }
#undef RET
  }
  return c;
}

static const char *const long_months[] = {"January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"};
static const char *const long_days[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

static void put_int(ct_buf *b, int64_t x, int width) {
  if (x < 0) {
    ct_buf_putc(b, '-');
    x = -x;
  }
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%lld", (long long)x);
  for (int i = n; i < width; i++) ct_buf_putc(b, '0');
  ct_buf_put(b, tmp, (size_t)n);
}

static void put_frac(ct_buf *b, int32_t nsec, int digits, char sep, bool trim) {
  char d[10];
  snprintf(d, sizeof d, "%09d", (int)nsec);
  if (digits > 9) digits = 9;
  if (trim) {
    int n = digits;
    while (n > 0 && d[n - 1] == '0') n--;
    if (n == 0) return;
    ct_buf_putc(b, sep);
    ct_buf_put(b, d, (size_t)n);
    return;
  }
  ct_buf_putc(b, sep);
  ct_buf_put(b, d, (size_t)digits);
}

/* Go's Time.Format. */
static void time_format(ct_buf *b, const gtime *t, const char *layout, size_t ln, ct_arena *a) {
  civil c;
  to_civil(t, &c, a);
  while (ln > 0) {
    chunk k = next_chunk(layout, ln);
    ct_buf_put(b, layout, k.prefix);
    if (k.std == STD_NONE) break;
    switch (k.std) {
    case STD_YEAR: {
      int64_t y = c.year % 100;
      if (y < 0) y = -y;
      put_int(b, y, 2);
      break;
    }
    case STD_LONG_YEAR: put_int(b, c.year, 4); break;
    case STD_MONTH: ct_buf_put(b, long_months[c.month - 1], 3); break;
    case STD_LONG_MONTH: ct_buf_puts(b, long_months[c.month - 1]); break;
    case STD_NUM_MONTH: put_int(b, c.month, 0); break;
    case STD_ZERO_MONTH: put_int(b, c.month, 2); break;
    case STD_WEEKDAY: ct_buf_put(b, long_days[c.wday], 3); break;
    case STD_LONG_WEEKDAY: ct_buf_puts(b, long_days[c.wday]); break;
    case STD_DAY: put_int(b, c.day, 0); break;
    case STD_UNDER_DAY:
      if (c.day < 10) ct_buf_putc(b, ' ');
      put_int(b, c.day, 0);
      break;
    case STD_ZERO_DAY: put_int(b, c.day, 2); break;
    case STD_UNDER_YEARDAY:
      if (c.yday < 100) {
        ct_buf_putc(b, ' ');
        if (c.yday < 10) ct_buf_putc(b, ' ');
      }
      put_int(b, c.yday, 0);
      break;
    case STD_ZERO_YEARDAY: put_int(b, c.yday, 3); break;
    case STD_HOUR: put_int(b, c.hour, 2); break;
    case STD_HOUR12: {
      int h = c.hour % 12;
      put_int(b, h == 0 ? 12 : h, 0);
      break;
    }
    case STD_ZERO_HOUR12: {
      int h = c.hour % 12;
      put_int(b, h == 0 ? 12 : h, 2);
      break;
    }
    case STD_MINUTE: put_int(b, c.min, 0); break;
    case STD_ZERO_MINUTE: put_int(b, c.min, 2); break;
    case STD_SECOND: put_int(b, c.sec, 0); break;
    case STD_ZERO_SECOND: put_int(b, c.sec, 2); break;
    case STD_PM: ct_buf_puts(b, c.hour >= 12 ? "PM" : "AM"); break;
    case STD_pm: ct_buf_puts(b, c.hour >= 12 ? "pm" : "am"); break;
    case STD_ISO_TZ: case STD_ISO_COLON_TZ: case STD_ISO_SECONDS_TZ: case STD_ISO_SHORT_TZ:
    case STD_ISO_COLON_SECONDS_TZ: case STD_NUM_TZ: case STD_NUM_COLON_TZ: case STD_NUM_SECONDS_TZ:
    case STD_NUM_SHORT_TZ: case STD_NUM_COLON_SECONDS_TZ: {
      bool iso = k.std >= STD_ISO_TZ && k.std <= STD_ISO_COLON_SECONDS_TZ;
      if (c.offset == 0 && iso) {
        ct_buf_putc(b, 'Z');
        break;
      }
      int zone = c.offset / 60, abs_off = c.offset;
      if (zone < 0) {
        ct_buf_putc(b, '-');
        zone = -zone;
        abs_off = -abs_off;
      } else {
        ct_buf_putc(b, '+');
      }
      put_int(b, zone / 60, 2);
      bool colon = k.std == STD_ISO_COLON_TZ || k.std == STD_NUM_COLON_TZ || k.std == STD_ISO_COLON_SECONDS_TZ ||
                   k.std == STD_NUM_COLON_SECONDS_TZ;
      if (colon) ct_buf_putc(b, ':');
      if (k.std != STD_NUM_SHORT_TZ && k.std != STD_ISO_SHORT_TZ) put_int(b, zone % 60, 2);
      if (k.std == STD_ISO_SECONDS_TZ || k.std == STD_NUM_SECONDS_TZ || k.std == STD_NUM_COLON_SECONDS_TZ ||
          k.std == STD_ISO_COLON_SECONDS_TZ) {
        if (colon) ct_buf_putc(b, ':');
        put_int(b, abs_off % 60, 2);
      }
      break;
    }
    case STD_TZ:
      if (c.abbr && *c.abbr) {
        ct_buf_puts(b, c.abbr);
      } else {
        int zone = c.offset / 60;
        if (zone < 0) {
          ct_buf_putc(b, '-');
          zone = -zone;
        } else {
          ct_buf_putc(b, '+');
        }
        put_int(b, zone / 60, 2);
        put_int(b, zone % 60, 2);
      }
      break;
    case STD_FRAC0: put_frac(b, c.nsec, k.digits, k.sep, false); break;
    case STD_FRAC9: put_frac(b, c.nsec, k.digits, k.sep, true); break;
    }
    layout += k.prefix + k.len;
    ln -= k.prefix + k.len;
  }
}

/* Go's time.Time.String(). */
static void time_string(ct_buf *b, const gtime *t, ct_arena *a) {
  static const char L[] = "2006-01-02 15:04:05.999999999 -0700 MST";
  time_format(b, t, L, sizeof L - 1, a);
  if (t->mono) {
    int64_t m = t->mono_ns;
    char sign = '+';
    if (m < 0) {
      sign = '-';
      m = -m;
    }
    ct_buf_printf(b, " m=%c%lld.%09lld", sign, (long long)(m / NS_PER_SEC), (long long)(m % NS_PER_SEC));
  }
}

/* ---- parsing (Go's time.Parse) ---- */

static void go_quote(ct_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  ct_buf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch >= 0x80 || ch < ' ') {
      ct_buf_puts(b, "\\x");
      ct_buf_putc(b, hex[ch >> 4]);
      ct_buf_putc(b, hex[ch & 15]);
    } else {
      if (ch == '"' || ch == '\\') ct_buf_putc(b, '\\');
      ct_buf_putc(b, (char)ch);
    }
  }
  ct_buf_putc(b, '"');
}

static bool isdig(const char *s, size_t n, size_t i) { return i < n && s[i] >= '0' && s[i] <= '9'; }

static int getnum(const char **v, size_t *n, bool fixed, int *out) {
  const char *s = *v;
  if (!isdig(s, *n, 0)) return -1;
  if (!isdig(s, *n, 1)) {
    if (fixed) return -1;
    *out = s[0] - '0';
    *v += 1;
    *n -= 1;
    return 0;
  }
  *out = (s[0] - '0') * 10 + (s[1] - '0');
  *v += 2;
  *n -= 2;
  return 0;
}

static int getnum3(const char **v, size_t *n, bool fixed, int *out) {
  int x = 0, i = 0;
  for (; i < 3 && isdig(*v, *n, (size_t)i); i++) x = x * 10 + ((*v)[i] - '0');
  if (i == 0 || (fixed && i != 3)) return -1;
  *out = x;
  *v += i;
  *n -= (size_t)i;
  return 0;
}

static int lookup_name(const char *const *tab, int count, size_t len_or_0, const char **v, size_t *n, int *out) {
  for (int i = 0; i < count; i++) {
    size_t l = len_or_0 ? len_or_0 : strlen(tab[i]);
    if (*n >= l) {
      bool eq = true;
      for (size_t k = 0; k < l && eq; k++) {
        char x = (*v)[k], y = tab[i][k];
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
        eq = x == y;
      }
      if (eq) {
        *out = i;
        *v += l;
        *n -= l;
        return 0;
      }
    }
  }
  return -1;
}

static size_t signed_offset_len(const char *s, size_t n) {
  if (n == 0 || (s[0] != '-' && s[0] != '+')) return 0;
  size_t i = 1;
  int64_t x = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') {
    x = x * 10 + (s[i] - '0');
    if (x > 1000) x = 1000;
    i++;
  }
  if (i == 1 || x > 23) return 0;
  return i;
}

static size_t parse_tz_len(const char *s, size_t n) {
  if (n < 3) return 0;
  if (n >= 4 && (!memcmp(s, "ChST", 4) || !memcmp(s, "MeST", 4))) return 4;
  if (!memcmp(s, "GMT", 3)) return 3 + signed_offset_len(s + 3, n - 3);
  if (s[0] == '+' || s[0] == '-') return signed_offset_len(s, n);
  size_t up = 0;
  while (up < 6 && up < n && s[up] >= 'A' && s[up] <= 'Z') up++;
  switch (up) {
  case 5: return s[4] == 'T' ? 5 : 0;
  case 4: return s[3] == 'T' || !memcmp(s, "WITA", 4) ? 4 : 0;
  case 3: return 3;
  default: return 0;
  }
}

static int parse_nanos(const char *v, size_t nbytes, int32_t *out, const char **range) {
  if (v[0] != '.' && v[0] != ',') return -1;
  if (nbytes > 10) nbytes = 10;
  int64_t ns = 0;
  for (size_t i = 1; i < nbytes; i++) {
    if (v[i] < '0' || v[i] > '9') return -1;
    ns = ns * 10 + (v[i] - '0');
  }
  for (size_t i = nbytes; i < 10; i++) ns *= 10;
  if (ns < 0) *range = "fractional second";
  *out = (int32_t)ns;
  return 0;
}

/* time.ParseInLocation(layout, value, LOC). Returns 0, or -1 with Go's message in ERR. */
static int time_parse(gtime *out, const char *layout0, const char *value0, gloc loc, ct_arena *a, ct_buf *err) {
  const char *layout = layout0, *value = value0;
  size_t ln = strlen(layout), vn = strlen(value);
  bool am = false, pm = false, have_z = false;
  int64_t year = 0;
  int month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0;
  int32_t nsec = 0;
  int zone_offset = -1;
  bool zone_offset_set = false;
  const char *zone_name = NULL;
  size_t zone_name_len = 0;
  for (;;) {
    chunk k = next_chunk(layout, ln);
    /* skip the literal prefix (runs of spaces are equivalent) */
    const char *p = layout;
    size_t pn = k.prefix;
    while (pn > 0) {
      if (p[0] == ' ') {
        if (vn > 0 && value[0] != ' ') goto bad_prefix;
        while (pn > 0 && p[0] == ' ') p++, pn--;
        while (vn > 0 && value[0] == ' ') value++, vn--;
        continue;
      }
      if (vn == 0 || value[0] != p[0]) goto bad_prefix;
      p++, pn--, value++, vn--;
    }
    if (k.std == STD_NONE) {
      if (vn != 0) {
        ct_buf_puts(err, "parsing time ");
        go_quote(err, value0, strlen(value0));
        ct_buf_puts(err, ": extra text: ");
        go_quote(err, value, vn);
        return -1;
      }
      break;
    }
    const char *stdstr = layout + k.prefix;
    size_t stdlen = k.len;
    layout += k.prefix + k.len;
    ln -= k.prefix + k.len;
    const char *hold = value;
    size_t holdn = vn;
    const char *range = NULL;
    int rc = 0, x = 0;
    switch (k.std) {
    case STD_YEAR:
      if (vn < 2 || !isdig(value, vn, 0) || !isdig(value, vn, 1)) { rc = -1; break; }
      year = (value[0] - '0') * 10 + (value[1] - '0');
      year += year >= 69 ? 1900 : 2000;
      value += 2, vn -= 2;
      break;
    case STD_LONG_YEAR:
      if (vn < 4 || !isdig(value, vn, 0)) { rc = -1; break; }
      year = 0;
      for (int i = 0; i < 4; i++) {
        if (!isdig(value, vn, (size_t)i)) { rc = -1; break; }
        year = year * 10 + (value[i] - '0');
      }
      if (!rc) value += 4, vn -= 4;
      break;
    case STD_MONTH:
      rc = lookup_name(long_months, 12, 3, &value, &vn, &x);
      month = x + 1;
      break;
    case STD_LONG_MONTH:
      rc = lookup_name(long_months, 12, 0, &value, &vn, &x);
      month = x + 1;
      break;
    case STD_NUM_MONTH: case STD_ZERO_MONTH:
      rc = getnum(&value, &vn, k.std == STD_ZERO_MONTH, &month);
      if (!rc && (month <= 0 || month > 12)) range = "month";
      break;
    case STD_WEEKDAY: rc = lookup_name(long_days, 7, 3, &value, &vn, &x); break;
    case STD_LONG_WEEKDAY: rc = lookup_name(long_days, 7, 0, &value, &vn, &x); break;
    case STD_DAY: case STD_UNDER_DAY: case STD_ZERO_DAY:
      if (k.std == STD_UNDER_DAY && vn > 0 && value[0] == ' ') value++, vn--;
      rc = getnum(&value, &vn, k.std == STD_ZERO_DAY, &day);
      break;
    case STD_UNDER_YEARDAY: case STD_ZERO_YEARDAY:
      for (int i = 0; i < 2; i++)
        if (k.std == STD_UNDER_YEARDAY && vn > 0 && value[0] == ' ') value++, vn--;
      rc = getnum3(&value, &vn, k.std == STD_ZERO_YEARDAY, &yday);
      break;
    case STD_HOUR:
      rc = getnum(&value, &vn, false, &hour);
      if (hour < 0 || hour >= 24) range = "hour";
      break;
    case STD_HOUR12: case STD_ZERO_HOUR12:
      rc = getnum(&value, &vn, k.std == STD_ZERO_HOUR12, &hour);
      if (hour < 0 || hour > 12) range = "hour";
      break;
    case STD_MINUTE: case STD_ZERO_MINUTE:
      rc = getnum(&value, &vn, k.std == STD_ZERO_MINUTE, &min);
      if (min < 0 || min >= 60) range = "minute";
      break;
    case STD_SECOND: case STD_ZERO_SECOND:
      rc = getnum(&value, &vn, k.std == STD_ZERO_SECOND, &sec);
      if (rc) break;
      if (sec < 0 || sec >= 60) {
        range = "second";
        break;
      }
      if (vn >= 2 && (value[0] == '.' || value[0] == ',') && isdig(value, vn, 1)) {
        chunk nx = next_chunk(layout, ln);
        if (nx.std == STD_FRAC0 || nx.std == STD_FRAC9) break;
        size_t nd = 2;
        while (nd < vn && isdig(value, vn, nd)) nd++;
        rc = parse_nanos(value, nd, &nsec, &range);
        value += nd, vn -= nd;
      }
      break;
    case STD_PM: case STD_pm:
      if (vn < 2) { rc = -1; break; }
      if (!memcmp(value, k.std == STD_PM ? "PM" : "pm", 2)) pm = true;
      else if (!memcmp(value, k.std == STD_PM ? "AM" : "am", 2)) am = true;
      else rc = -1;
      value += 2, vn -= 2;
      break;
    case STD_ISO_TZ: case STD_ISO_SHORT_TZ: case STD_ISO_COLON_TZ: case STD_ISO_SECONDS_TZ:
    case STD_ISO_COLON_SECONDS_TZ:
      if (vn >= 1 && value[0] == 'Z') {
        value++, vn--;
        have_z = true;
        break;
      }
      /* fallthrough */
    case STD_NUM_TZ: case STD_NUM_SHORT_TZ: case STD_NUM_COLON_TZ: case STD_NUM_SECONDS_TZ:
    case STD_NUM_COLON_SECONDS_TZ: {
      char sign;
      char hh[2], mm[2] = {'0', '0'}, ss[2] = {'0', '0'};
      int s = k.std;
      if (s == STD_ISO_COLON_TZ || s == STD_NUM_COLON_TZ) {
        if (vn < 6 || value[3] != ':') { rc = -1; break; }
        sign = value[0], memcpy(hh, value + 1, 2), memcpy(mm, value + 4, 2);
        value += 6, vn -= 6;
      } else if (s == STD_NUM_SHORT_TZ || s == STD_ISO_SHORT_TZ) {
        if (vn < 3) { rc = -1; break; }
        sign = value[0], memcpy(hh, value + 1, 2);
        value += 3, vn -= 3;
      } else if (s == STD_ISO_COLON_SECONDS_TZ || s == STD_NUM_COLON_SECONDS_TZ) {
        if (vn < 9 || value[3] != ':' || value[6] != ':') { rc = -1; break; }
        sign = value[0], memcpy(hh, value + 1, 2), memcpy(mm, value + 4, 2), memcpy(ss, value + 7, 2);
        value += 9, vn -= 9;
      } else if (s == STD_ISO_SECONDS_TZ || s == STD_NUM_SECONDS_TZ) {
        if (vn < 7) { rc = -1; break; }
        sign = value[0], memcpy(hh, value + 1, 2), memcpy(mm, value + 3, 2), memcpy(ss, value + 5, 2);
        value += 7, vn -= 7;
      } else {
        if (vn < 5) { rc = -1; break; }
        sign = value[0], memcpy(hh, value + 1, 2), memcpy(mm, value + 3, 2);
        value += 5, vn -= 5;
      }
      int hr, mi, se;
      const char *q;
      size_t qn;
      q = hh, qn = 2;
      rc = getnum(&q, &qn, true, &hr);
      if (!rc) q = mm, qn = 2, rc = getnum(&q, &qn, true, &mi);
      if (!rc) q = ss, qn = 2, rc = getnum(&q, &qn, true, &se);
      if (rc) break;
      if (hr > 24) range = "time zone offset hour";
      if (mi > 60) range = "time zone offset minute";
      if (se > 60) range = "time zone offset second";
      zone_offset = (hr * 60 + mi) * 60 + se;
      zone_offset_set = true;
      if (sign == '-') zone_offset = -zone_offset;
      else if (sign != '+') rc = -1;
      break;
    }
    case STD_TZ: {
      if (vn >= 3 && !memcmp(value, "UTC", 3)) {
        have_z = true;
        value += 3, vn -= 3;
        break;
      }
      size_t zl = parse_tz_len(value, vn);
      if (!zl) { rc = -1; break; }
      zone_name = value, zone_name_len = zl;
      value += zl, vn -= zl;
      break;
    }
    case STD_FRAC0: {
      size_t nd = 1 + (size_t)k.digits;
      if (vn < nd) { rc = -1; break; }
      rc = parse_nanos(value, nd, &nsec, &range);
      value += nd, vn -= nd;
      break;
    }
    case STD_FRAC9: {
      if (vn < 2 || (value[0] != '.' && value[0] != ',') || !isdig(value, vn, 1)) break;
      size_t i = 0;
      while (i + 1 < vn && isdig(value, vn, i + 1)) i++;
      rc = parse_nanos(value, 1 + i, &nsec, &range);
      value += 1 + i, vn -= 1 + i;
      break;
    }
    }
    if (range) {
      ct_buf_puts(err, "parsing time ");
      go_quote(err, value0, strlen(value0));
      ct_buf_printf(err, ": %s out of range", range);
      return -1;
    }
    if (rc) {
      ct_buf_puts(err, "parsing time ");
      go_quote(err, value0, strlen(value0));
      ct_buf_puts(err, " as ");
      go_quote(err, layout0, strlen(layout0));
      ct_buf_puts(err, ": cannot parse ");
      go_quote(err, hold, holdn);
      ct_buf_puts(err, " as ");
      go_quote(err, stdstr, stdlen);
      return -1;
    }
    continue;
  bad_prefix:
    ct_buf_puts(err, "parsing time ");
    go_quote(err, value0, strlen(value0));
    ct_buf_puts(err, " as ");
    go_quote(err, layout0, strlen(layout0));
    ct_buf_puts(err, ": cannot parse ");
    go_quote(err, value, vn);
    ct_buf_puts(err, " as ");
    go_quote(err, layout, k.prefix);
    return -1;
  }
  if (pm && hour < 12) hour += 12;
  else if (am && hour == 12) hour = 0;
  if (yday >= 0) {
    int d, m;
    if (is_leap(year)) {
      if (yday == 31 + 29) {
        m = 2, d = 29;
        goto have_md;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365) {
      ct_buf_puts(err, "parsing time ");
      go_quote(err, value0, strlen(value0));
      ct_buf_puts(err, ": day-of-year out of range");
      return -1;
    }
    m = 1;
    d = yday;
    while (d > days_in(m, 2001)) d -= days_in(m, 2001), m++;
  have_md:
    if (month >= 0 && month != m) {
      ct_buf_puts(err, "parsing time ");
      go_quote(err, value0, strlen(value0));
      ct_buf_puts(err, ": day-of-year does not match month");
      return -1;
    }
    month = m;
    if (day >= 0 && day != d) {
      ct_buf_puts(err, "parsing time ");
      go_quote(err, value0, strlen(value0));
      ct_buf_puts(err, ": day-of-year does not match day");
      return -1;
    }
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > days_in(month, year)) {
    ct_buf_puts(err, "parsing time ");
    go_quote(err, value0, strlen(value0));
    ct_buf_puts(err, ": day out of range");
    return -1;
  }
  if (have_z) {
    *out = make_date(year, month, day, hour, min, sec, nsec, UTC_LOC);
    return 0;
  }
  if (zone_offset_set) {
    gtime t = make_date(year, month, day, hour, min, sec, nsec, UTC_LOC);
    t.sec -= zone_offset;
    char abbr[64];
    int off;
    if (loc.kind == LOC_UTC) {
      off = 0;
      snprintf(abbr, sizeof abbr, "UTC");
    } else {
      tz_lookup(loc.kind == LOC_NAMED ? loc.name : NULL, t.sec, &off, abbr, sizeof abbr, NULL);
    }
    if (off == zone_offset && (!zone_name || (strlen(abbr) == zone_name_len && !memcmp(abbr, zone_name, zone_name_len)))) {
      t.loc = loc;
      *out = t;
      return 0;
    }
    t.loc = (gloc){LOC_FIXED, zone_name ? ct_arena_strndup(a, zone_name, zone_name_len) : "", zone_offset};
    *out = t;
    return 0;
  }
  if (zone_name) {
    gtime t = make_date(year, month, day, hour, min, sec, nsec, UTC_LOC);
    /* a zone of LOC with that abbreviation around this time */
    static const int64_t probes[] = {0, 182 * SECS_PER_DAY, -182 * SECS_PER_DAY};
    for (size_t i = 0; i < 3 && loc.kind != LOC_UTC; i++) {
      char abbr[64];
      int off;
      tz_lookup(loc.kind == LOC_NAMED ? loc.name : NULL, t.sec + probes[i], &off, abbr, sizeof abbr, NULL);
      if (strlen(abbr) == zone_name_len && !memcmp(abbr, zone_name, zone_name_len)) {
        t.sec -= off;
        t.loc = loc;
        *out = t;
        return 0;
      }
    }
    int off = 0;
    if (zone_name_len > 3 && !memcmp(zone_name, "GMT", 3)) off = (int)strtol(zone_name + 3, NULL, 10) * 3600; /* checked above */
    t.loc = (gloc){LOC_FIXED, ct_arena_strndup(a, zone_name, zone_name_len), off};
    *out = t;
    return 0;
  }
  *out = make_date(year, month, day, hour, min, sec, nsec, loc);
  return 0;
}

/* ---- durations ---- */

/* time.Duration.String() */
static void duration_string(ct_buf *b, int64_t d) {
  char buf[32];
  int w = (int)sizeof buf;
  uint64_t u = (uint64_t)d;
  bool neg = d < 0;
  if (neg) u = -u;
  if (u < (uint64_t)NS_PER_SEC) {
    int prec = 0;
    w--;
    buf[w] = 's';
    w--;
    if (u == 0) {
      ct_buf_puts(b, "0s");
      return;
    } else if (u < 1000ULL) {
      prec = 0;
      buf[w] = 'n';
    } else if (u < 1000000ULL) {
      prec = 3;
      w--; /* µ is two bytes */
      memcpy(buf + w, "\xc2\xb5", 2);
    } else {
      prec = 6;
      buf[w] = 'm';
    }
    /* fmtFrac then fmtInt */
    bool print = false;
    for (int i = 0; i < prec; i++) {
      int digit = (int)(u % 10);
      print = print || digit != 0;
      if (print) buf[--w] = (char)('0' + digit);
      u /= 10;
    }
    if (print) buf[--w] = '.';
    if (u == 0) buf[--w] = '0';
    else
      while (u > 0) buf[--w] = (char)('0' + u % 10), u /= 10;
  } else {
    buf[--w] = 's';
    bool print = false;
    for (int i = 0; i < 9; i++) {
      int digit = (int)(u % 10);
      print = print || digit != 0;
      if (print) buf[--w] = (char)('0' + digit);
      u /= 10;
    }
    if (print) buf[--w] = '.';
    uint64_t secs = u % 60;
    u /= 60;
    if (secs == 0) buf[--w] = '0';
    else
      while (secs > 0) buf[--w] = (char)('0' + secs % 10), secs /= 10;
    if (u > 0) {
      buf[--w] = 'm';
      uint64_t mins = u % 60;
      u /= 60;
      if (mins == 0) buf[--w] = '0';
      else
        while (mins > 0) buf[--w] = (char)('0' + mins % 10), mins /= 10;
      if (u > 0) {
        buf[--w] = 'h';
        while (u > 0) buf[--w] = (char)('0' + u % 10), u /= 10;
      }
    }
  }
  if (neg) buf[--w] = '-';
  ct_buf_put(b, buf + w, sizeof buf - (size_t)w);
}

/* time.ParseDuration. Returns 0, or -1 with Go's message in ERR. */
static int duration_parse(const char *s0, int64_t *out, ct_buf *err) {
  const char *s = s0;
  uint64_t d = 0;
  bool neg = false;
  if (*s == '-' || *s == '+') {
    neg = *s == '-';
    s++;
  }
  if (!strcmp(s, "0")) {
    *out = 0;
    return 0;
  }
  if (!*s) goto invalid;
  while (*s) {
    uint64_t v = 0, f = 0;
    double scale = 1;
    if (!(*s == '.' || (*s >= '0' && *s <= '9'))) goto invalid;
    const char *pl = s;
    bool overflow = false;
    while (*s >= '0' && *s <= '9') {
      if (v > ((uint64_t)1 << 63) / 10) overflow = true;
      v = v * 10 + (uint64_t)(*s - '0');
      if (v > (uint64_t)1 << 63) overflow = true;
      s++;
    }
    if (overflow) goto invalid;
    bool pre_digits = s != pl;
    bool post = false;
    if (*s == '.') {
      s++;
      const char *pf = s;
      bool fover = false;
      while (*s >= '0' && *s <= '9') {
        if (!fover) {
          if (f > ((uint64_t)1 << 63) / 10) {
            fover = true;
          } else {
            f = f * 10 + (uint64_t)(*s - '0');
            scale *= 10;
          }
        }
        s++;
      }
      post = s != pf;
    }
    if (!pre_digits && !post) goto invalid;
    const char *pu = s;
    while (*s && *s != '.' && !(*s >= '0' && *s <= '9')) s++;
    size_t ul = (size_t)(s - pu);
    if (ul == 0) {
      ct_buf_puts(err, "time: missing unit in duration ");
      go_quote(err, s0, strlen(s0));
      return -1;
    }
    static const struct { const char *u; uint64_t ns; } units[] = {
        {"ns", 1}, {"us", 1000}, {"\xc2\xb5s", 1000}, {"\xce\xbcs", 1000}, {"ms", 1000000},
        {"s", 1000000000ULL}, {"m", 60000000000ULL}, {"h", 3600000000000ULL},
    };
    uint64_t unit = 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
      if (strlen(units[i].u) == ul && !memcmp(units[i].u, pu, ul)) unit = units[i].ns;
    if (!unit) {
      ct_buf_puts(err, "time: unknown unit ");
      go_quote(err, pu, ul);
      ct_buf_puts(err, " in duration ");
      go_quote(err, s0, strlen(s0));
      return -1;
    }
    if (v > ((uint64_t)1 << 63) / unit) goto invalid;
    v *= unit;
    if (f > 0) {
      v += (uint64_t)((double)f * ((double)unit / scale));
      if (v > (uint64_t)1 << 63) goto invalid;
    }
    d += v;
    if (d > (uint64_t)1 << 63) goto invalid;
  }
  if (neg) {
    *out = (int64_t)(0 - d);
    return 0;
  }
  if (d > (uint64_t)INT64_MAX) goto invalid;
  *out = (int64_t)d;
  return 0;
invalid:
  ct_buf_puts(err, "time: invalid duration ");
  go_quote(err, s0, strlen(s0));
  return -1;
}

/* ---- the time.Time, time.Duration and *time.Location objects ---- */

static const ct_object_class time_class, duration_class, location_class, month_class, weekday_class;
static ct_value *enum_value(ct_arena *a, const ct_object_class *cls, int n);
static int64_t duration_round(int64_t d, int64_t m);

static ct_value *time_value(ct_arena *a, const gtime *t) {
  gtime *c = ct_arena_alloc(a, sizeof *c);
  *c = *t;
  return ct_object(a, &time_class, c);
}

static const gtime *as_time(const ct_value *v) {
  return v && v->type == CT_OBJECT && v->obj.cls == &time_class ? v->obj.data : NULL;
}

static ct_value *duration_value(ct_arena *a, int64_t d) {
  ct_named_register(CT_GO_DURATION, &duration_class);
  return ct_named_int(a, CT_GO_DURATION, d);
}

static ct_value *location_value(ct_arena *a, const gloc *l) {
  gloc *c = ct_arena_alloc(a, sizeof *c);
  *c = *l;
  return ct_object(a, &location_class, c);
}

/* A time.Duration argument (the engine has converted a number constant to one). */
static bool duration_arg(const ct_value *v, int64_t *out) {
  if (v && v->type == CT_INT64 && v->gotype == CT_GO_DURATION) {
    *out = v->i;
    return true;
  }
  return false;
}

/* "wrong type for value; expected T; got X" for an argument the method checks itself */
static int arg_type_error(char *errbuf, size_t errlen, const char *want, const ct_value *got) {
  if (!got) snprintf(errbuf, errlen, "invalid value; expected %s", want);
  else snprintf(errbuf, errlen, "wrong type for value; expected %s; got %s", want, ct_type_name(got));
  return -2;
}

static gtime time_add(gtime t, int64_t d) {
  int64_t s = d / NS_PER_SEC, ns = t.nsec + d % NS_PER_SEC;
  if (ns >= NS_PER_SEC) s++, ns -= NS_PER_SEC;
  else if (ns < 0) s--, ns += NS_PER_SEC;
  t.sec += s;
  t.nsec = (int32_t)ns;
  if (t.mono) t.mono_ns += d;
  return t;
}

/* Time.Compare: the monotonic readings when both have one, else the wall clock. */
static int time_cmp(const gtime *t, const gtime *u) {
  if (t->mono && u->mono) return t->mono_ns < u->mono_ns ? -1 : t->mono_ns > u->mono_ns;
  if (t->sec != u->sec) return t->sec < u->sec ? -1 : 1;
  return t->nsec < u->nsec ? -1 : t->nsec > u->nsec;
}

/* Time.Sub: saturates at the Duration bounds as Go does. */
static int64_t time_sub(const gtime *t, const gtime *u) {
  __int128 d;
  if (t->mono && u->mono) d = (__int128)t->mono_ns - u->mono_ns;
  else d = ((__int128)t->sec - u->sec) * NS_PER_SEC + (t->nsec - u->nsec);
  if (d > INT64_MAX) return INT64_MAX;
  if (d < INT64_MIN) return INT64_MIN;
  return (int64_t)d;
}

/* Time.Truncate / Time.Round to a multiple of D since the zero time (d > 0). */
static gtime time_round(const gtime *t, int64_t d, bool round) {
  gtime n = *t;
  n.mono = false;
  if (d <= 0) return n;
  const int64_t zero = -62135596800LL;
  __int128 since = (__int128)(t->sec - zero) * NS_PER_SEC + t->nsec;
  __int128 r = since % d;
  if (r < 0) r += d;
  int64_t adj = -(int64_t)r;
  if (round && !((uint64_t)r + (uint64_t)r < (uint64_t)d)) adj = d - (int64_t)r; /* half rounds up */
  n = time_add(n, adj);
  n.mono = false;
  return n;
}

/* Go's name of the Local location, from TZ as time.initLocal reads it: "Local" for the
 * system zone (TZ unset) or TZ=/etc/localtime, the path or zone name TZ gives, "UTC" when TZ
 * is "", "UTC" or a zone that does not load. */
static const char *local_name(void) {
  const char *tz = getenv("TZ");
  if (!tz) return access("/etc/localtime", R_OK) == 0 ? "Local" : "UTC";
  if (*tz == ':') tz++;
  if (!*tz) return "UTC";
  if (*tz == '/') {
    if (access(tz, R_OK) != 0) return "UTC";
    return strcmp(tz, "/etc/localtime") ? tz : "Local";
  }
  gloc probe;
  if (strcmp(tz, "UTC") && load_location(tz, &probe)) return tz;
  return "UTC";
}

static const char *loc_name(const gloc *l) {
  return l->kind == LOC_UTC ? "UTC" : l->kind == LOC_LOCAL ? local_name() : l->name;
}

/* Time.GoString */
static void time_gostring(ct_buf *b, const gtime *t, ct_arena *a) {
  civil c;
  to_civil(t, &c, a);
  ct_buf_printf(b, "time.Date(%lld, time.%s, %d, %d, %d, %d, %d, ", (long long)c.year, long_months[c.month - 1],
                c.day, c.hour, c.min, c.sec, (int)c.nsec);
  if (t->loc.kind == LOC_UTC) ct_buf_puts(b, "time.UTC");
  else if (t->loc.kind == LOC_LOCAL) ct_buf_puts(b, "time.Local");
  else {
    ct_buf_puts(b, "time.Location(");
    go_quote(b, t->loc.name, strlen(t->loc.name));
    ct_buf_putc(b, ')');
  }
  ct_buf_putc(b, ')');
}

/* Time.MarshalText (RFC 3339 with nanoseconds); -1 when the year is out of [0,9999]. */
static int time_rfc3339(ct_buf *b, const gtime *t, ct_arena *a) {
  static const char L[] = "2006-01-02T15:04:05.999999999Z07:00";
  civil c;
  to_civil(t, &c, a);
  if (c.year < 0 || c.year > 9999) return -1;
  time_format(b, t, L, sizeof L - 1, a);
  return 0;
}

static bool time_is_dst(const gtime *t) {
  if (t->loc.kind != LOC_LOCAL && t->loc.kind != LOC_NAMED) return false;
  if (t->loc.kind == LOC_LOCAL) {
    const char *tz = getenv("TZ");
    if (tz && !*tz) return false;
  }
  int off = 0, dst = 0;
  char abbr[64];
  tz_lookup(t->loc.kind == LOC_NAMED ? t->loc.name : NULL, t->sec, &off, abbr, sizeof abbr, &dst);
  return dst != 0;
}

static int time_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  const gtime *t = self->obj.data;
  civil c;
  if (!strcmp(name, "String") || !strcmp(name, "GoString")) {
    ct_buf b = CT_BUF_INIT;
    if (name[0] == 'S') time_string(&b, t, a);
    else time_gostring(&b, t, a);
    *out = ct_string(a, ct_buf_str(&b), b.len);
    ct_buf_dispose(&b);
    return 0;
  }
  if (!strcmp(name, "Unix")) {
    *out = ct_int(a, CT_INT64, t->sec);
    return 0;
  }
  if (!strcmp(name, "UnixNano")) {
    *out = ct_int(a, CT_INT64, (int64_t)((uint64_t)t->sec * (uint64_t)NS_PER_SEC + (uint64_t)t->nsec));
    return 0;
  }
  if (!strcmp(name, "UnixMilli")) {
    *out = ct_int(a, CT_INT64, t->sec * 1000 + t->nsec / 1000000);
    return 0;
  }
  if (!strcmp(name, "UnixMicro")) {
    *out = ct_int(a, CT_INT64, t->sec * 1000000 + t->nsec / 1000);
    return 0;
  }
  if (!strcmp(name, "Location")) {
    *out = location_value(a, &t->loc);
    return 0;
  }
  if (!strcmp(name, "IsZero")) {
    *out = ct_bool(a, t->sec == -62135596800LL && t->nsec == 0);
    return 0;
  }
  if (!strcmp(name, "IsDST")) {
    *out = ct_bool(a, time_is_dst(t));
    return 0;
  }
  if (!strcmp(name, "UTC") || !strcmp(name, "Local")) {
    gtime n = *t;
    n.loc = name[0] == 'U' ? UTC_LOC : LOCAL_LOC;
    n.mono = false;
    *out = time_value(a, &n);
    return 0;
  }
  to_civil(t, &c, a);
  if (!strcmp(name, "Year")) *out = ct_int(a, CT_INT, c.year);
  else if (!strcmp(name, "Month")) *out = enum_value(a, &month_class, c.month);
  else if (!strcmp(name, "Day")) *out = ct_int(a, CT_INT, c.day);
  else if (!strcmp(name, "Hour")) *out = ct_int(a, CT_INT, c.hour);
  else if (!strcmp(name, "Minute")) *out = ct_int(a, CT_INT, c.min);
  else if (!strcmp(name, "Second")) *out = ct_int(a, CT_INT, c.sec);
  else if (!strcmp(name, "Nanosecond")) *out = ct_int(a, CT_INT, c.nsec);
  else if (!strcmp(name, "YearDay")) *out = ct_int(a, CT_INT, c.yday);
  else if (!strcmp(name, "Weekday")) *out = enum_value(a, &weekday_class, c.wday);
  else return -1;
  return 0;
}

/* The methods of time.Time (value receivers: a template's time.Time is not addressable, so
 * UnmarshalJSON and the other pointer methods are not in its method set) with Go's
 * signatures in the ct_func form. The engine has no parameter type for time.Duration,
 * time.Time or *time.Location yet, and does not check the result count (goodFunc): until it
 * does, method_sig gives `sig`, where such parameters are "any" (the engine checks the
 * count, the method the type), and the methods with more than one result (sig NULL) are
 * not offered. Once the engine knows these types, method_sig can give `go` itself. The
 * binary encoders (MarshalBinary, GobEncode) are not provided. */
typedef struct {
  const char *name, *go, *sig;
} method_def;

static const method_def time_methods[] = {
    {"Add", "time.Duration->time.Time", "any->any"},
    {"AddDate", "int,int,int->time.Time", "int,int,int->any"},
    {"After", "time.Time->bool", "any->bool"},
    {"AppendFormat", "[]byte,string->[]byte", "[]byte,string->[]byte"},
    {"Before", "time.Time->bool", "any->bool"},
    {"Clock", "->int,int,int", NULL},
    {"Compare", "time.Time->int", "any->int"},
    {"Date", "->int,time.Month,int", NULL},
    {"Day", "->int", "->int"},
    {"Equal", "time.Time->bool", "any->bool"},
    {"Format", "string->string", "string->string"},
    {"GoString", "->string", "->string"},
    {"Hour", "->int", "->int"},
    {"ISOWeek", "->int,int", NULL},
    {"In", "*time.Location->time.Time", "any->any"},
    {"IsDST", "->bool", "->bool"},
    {"IsZero", "->bool", "->bool"},
    {"Local", "->time.Time", "->any"},
    {"Location", "->*time.Location", "->any"},
    {"MarshalJSON", "->[]byte,error", "->[]byte,error"},
    {"MarshalText", "->[]byte,error", "->[]byte,error"},
    {"Minute", "->int", "->int"},
    {"Month", "->time.Month", "->any"},
    {"Nanosecond", "->int", "->int"},
    {"Round", "time.Duration->time.Time", "any->any"},
    {"Second", "->int", "->int"},
    {"String", "->string", "->string"},
    {"Sub", "time.Time->time.Duration", "any->any"},
    {"Truncate", "time.Duration->time.Time", "any->any"},
    {"UTC", "->time.Time", "->any"},
    {"Unix", "->int64", "->int64"},
    {"UnixMicro", "->int64", "->int64"},
    {"UnixMilli", "->int64", "->int64"},
    {"UnixNano", "->int64", "->int64"},
    {"Weekday", "->time.Weekday", "->any"},
    {"Year", "->int", "->int"},
    {"YearDay", "->int", "->int"},
    {"Zone", "->string,int", NULL},
    {"ZoneBounds", "->time.Time,time.Time", NULL},
};

static const char *find_sig(const method_def *defs, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(defs[i].name, name)) return defs[i].go;
  return NULL;
}

#define NDEFS(d) (sizeof(d) / sizeof(d)[0])

static const char *time_sig(const ct_value *self, const char *name) {
  (void)self;
  return find_sig(time_methods, NDEFS(time_methods), name);
}

static bool time_has_method(const ct_value *self, const char *name) { return time_sig(self, name) != NULL; }

static int time_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args, size_t nargs,
                       ct_arena *a, char *errbuf, size_t errlen) {
  const gtime *t = self->obj.data;
  const char *sig = time_sig(self, name);
  if (!sig) return -1;
  /* the engine checked the count against the signature; be safe when called otherwise */
  size_t want = sig[0] == '-' ? 0 : !strcmp(name, "AddDate") ? 3 : !strcmp(name, "AppendFormat") ? 2 : 1;
  if (nargs != want) {
    snprintf(errbuf, errlen, "wrong number of args for %s: want %zu got %zu", name, want, nargs);
    return -2;
  }
  if (want == 0) {
    if (!strcmp(name, "MarshalJSON") || !strcmp(name, "MarshalText")) {
      bool json = name[7] == 'J';
      ct_buf b = CT_BUF_INIT;
      if (json) ct_buf_putc(&b, '"');
      if (time_rfc3339(&b, t, a)) {
        ct_buf_dispose(&b);
        snprintf(errbuf, errlen, "Time.%s: year outside of range [0,9999]", name);
        return -2;
      }
      if (json) ct_buf_putc(&b, '"');
      *out = ct_bytes(a, ct_buf_str(&b), b.len);
      ct_buf_dispose(&b);
      return 0;
    }
    return time_field(out, self, name, a);
  }
  if (!strcmp(name, "Format") || !strcmp(name, "AppendFormat")) {
    const ct_value *lay = args[want - 1];
    const ct_value *pre = want == 2 ? args[0] : NULL;
    if (!lay || lay->type != CT_STRING) return arg_type_error(errbuf, errlen, "string", lay);
    if (want == 2 && pre && pre->type != CT_BYTES) return arg_type_error(errbuf, errlen, "[]uint8", pre);
    ct_buf b = CT_BUF_INIT;
    if (pre) ct_buf_put(&b, pre->s.ptr, pre->s.len);
    time_format(&b, t, lay->s.ptr, lay->s.len, a);
    *out = want == 2 ? ct_bytes(a, ct_buf_str(&b), b.len) : ct_string(a, ct_buf_str(&b), b.len);
    ct_buf_dispose(&b);
    return 0;
  }
  if (!strcmp(name, "AddDate")) {
    for (size_t i = 0; i < 3; i++)
      if (!args[i] || args[i]->type != CT_INT) return arg_type_error(errbuf, errlen, "int", args[i]);
    civil cv;
    to_civil(t, &cv, a);
    gtime n = make_date((int64_t)((uint64_t)cv.year + (uint64_t)args[0]->i),
                        (int64_t)((uint64_t)cv.month + (uint64_t)args[1]->i),
                        (int64_t)((uint64_t)cv.day + (uint64_t)args[2]->i), cv.hour, cv.min, cv.sec, cv.nsec, t->loc);
    *out = time_value(a, &n);
    return 0;
  }
  if (!strcmp(name, "Add") || !strcmp(name, "Truncate") || !strcmp(name, "Round")) {
    int64_t d;
    if (!duration_arg(args[0], &d)) return arg_type_error(errbuf, errlen, "time.Duration", args[0]);
    gtime n = name[0] == 'A' ? time_add(*t, d) : time_round(t, d, name[0] == 'R');
    *out = time_value(a, &n);
    return 0;
  }
  if (!strcmp(name, "In")) {
    const ct_value *l = args[0];
    if (!l) {
      snprintf(errbuf, errlen, "time: missing Location in call to Time.In");
      return -2;
    }
    if (l->type != CT_OBJECT || l->obj.cls != &location_class)
      return arg_type_error(errbuf, errlen, "*time.Location", l);
    gtime n = *t;
    n.loc = *(const gloc *)l->obj.data;
    n.mono = false;
    *out = time_value(a, &n);
    return 0;
  }
  /* After, Before, Compare, Equal, Sub: a time.Time argument */
  const gtime *u = as_time(args[0]);
  if (!u) return arg_type_error(errbuf, errlen, "time.Time", args[0]);
  if (!strcmp(name, "Sub")) {
    *out = duration_value(a, time_sub(t, u));
    return 0;
  }
  int d = time_cmp(t, u);
  if (name[0] == 'C') *out = ct_int(a, CT_INT, d);
  else *out = ct_bool(a, name[0] == 'B' ? d < 0 : name[0] == 'A' ? d > 0 : d == 0);
  return 0;
}

/* encoding/json: RFC 3339 with nanoseconds. */
static ct_value *time_marshal(const ct_value *self, ct_arena *a) {
  static const char L[] = "2006-01-02T15:04:05.999999999Z07:00";
  ct_buf b = CT_BUF_INIT;
  time_format(&b, self->obj.data, L, sizeof L - 1, a);
  ct_value *v = ct_string(a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return v;
}

static void time_fmt(const ct_value *self, ct_buf *out) {
  ct_arena *a = ct_arena_new();
  time_string(out, self->obj.data, a);
  ct_arena_free(a);
}

static const ct_object_class time_class = {"time.Time", time_field, time_method, time_has_method, time_marshal,
                                           time_fmt, time_sig};

/* time.Duration (what Time.Sub returns): prints as Duration.String, marshals as its
 * nanoseconds. */
static const method_def duration_methods[] = {
    {"Abs", "->time.Duration", "->any"},
    {"Hours", "->float64", "->float64"},
    {"Microseconds", "->int64", "->int64"},
    {"Milliseconds", "->int64", "->int64"},
    {"Minutes", "->float64", "->float64"},
    {"Nanoseconds", "->int64", "->int64"},
    {"Round", "time.Duration->time.Duration", "any->any"},
    {"Seconds", "->float64", "->float64"},
    {"String", "->string", "->string"},
    {"Truncate", "time.Duration->time.Duration", "any->any"},
};

static const char *duration_sig(const ct_value *self, const char *name) {
  (void)self;
  return find_sig(duration_methods, NDEFS(duration_methods), name);
}

static bool duration_has_method(const ct_value *self, const char *name) { return duration_sig(self, name) != NULL; }

static int duration_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  int64_t d = self->i;
  if (!strcmp(name, "String")) {
    ct_buf b = CT_BUF_INIT;
    duration_string(&b, d);
    *out = ct_string(a, ct_buf_str(&b), b.len);
    ct_buf_dispose(&b);
  } else if (!strcmp(name, "Hours")) {
    *out = ct_float(a, (double)(d / (3600 * NS_PER_SEC)) + (double)(d % (3600 * NS_PER_SEC)) / (3600 * 1e9));
  } else if (!strcmp(name, "Minutes")) {
    *out = ct_float(a, (double)(d / (60 * NS_PER_SEC)) + (double)(d % (60 * NS_PER_SEC)) / (60 * 1e9));
  } else if (!strcmp(name, "Seconds")) {
    *out = ct_float(a, (double)(d / NS_PER_SEC) + (double)(d % NS_PER_SEC) / 1e9);
  } else if (!strcmp(name, "Milliseconds")) {
    *out = ct_int(a, CT_INT64, d / 1000000);
  } else if (!strcmp(name, "Microseconds")) {
    *out = ct_int(a, CT_INT64, d / 1000);
  } else if (!strcmp(name, "Nanoseconds")) {
    *out = ct_int(a, CT_INT64, d);
  } else if (!strcmp(name, "Abs")) {
    *out = duration_value(a, d >= 0 ? d : d == INT64_MIN ? INT64_MAX : -d);
  } else {
    return -1;
  }
  return 0;
}

static int duration_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args,
                           size_t nargs, ct_arena *a, char *errbuf, size_t errlen) {
  const char *sig = duration_sig(self, name);
  if (!sig) return -1;
  size_t want = sig[0] == '-' ? 0 : 1;
  if (nargs != want) {
    snprintf(errbuf, errlen, "wrong number of args for %s: want %zu got %zu", name, want, nargs);
    return -2;
  }
  if (!want) return duration_field(out, self, name, a);
  int64_t d = self->i, m;
  if (!duration_arg(args[0], &m)) return arg_type_error(errbuf, errlen, "time.Duration", args[0]);
  if (m <= 0) *out = duration_value(a, d);
  else if (name[0] == 'T') *out = duration_value(a, d - d % m);
  else *out = duration_value(a, duration_round(d, m));
  return 0;
}

static void duration_fmt(const ct_value *self, ct_buf *out) { duration_string(out, self->i); }

static const ct_object_class duration_class = {"time.Duration",     duration_field, duration_method,
                                               duration_has_method, NULL,           duration_fmt,
                                               duration_sig};

/* time.Month and time.Weekday (what Time.Month and Time.Weekday return): named integers
 * whose String is the English name; they print as the name and marshal as the number. */

static ct_value *enum_value(ct_arena *a, const ct_object_class *cls, int n) {
  ct_gotype g = cls == &month_class ? CT_GO_MONTH : CT_GO_WEEKDAY;
  ct_named_register(g, cls);
  return ct_named_int(a, g, n);
}

/* Month.String / Weekday.String: out-of-range values print as %!Month(N) / %!Weekday(N) */
static void enum_string(const ct_value *self, ct_buf *out) {
  int64_t n = self->i;
  bool month = self->gotype == CT_GO_MONTH;
  if (month && n >= 1 && n <= 12) ct_buf_puts(out, long_months[n - 1]);
  else if (!month && n >= 0 && n <= 6) ct_buf_puts(out, long_days[n]);
  else
    ct_buf_printf(out, "%%!%s(%" PRId64 ")", month ? "Month" : "Weekday", n);
}

static const char *enum_sig(const ct_value *self, const char *name) {
  (void)self;
  return !strcmp(name, "String") ? "->string" : NULL;
}

static bool enum_has_method(const ct_value *self, const char *name) { return enum_sig(self, name) != NULL; }

static int enum_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  if (strcmp(name, "String")) return -1;
  ct_buf b = CT_BUF_INIT;
  enum_string(self, &b);
  *out = ct_string(a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return 0;
}

static int enum_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args, size_t nargs,
                       ct_arena *a, char *errbuf, size_t errlen) {
  (void)args;
  if (strcmp(name, "String")) return -1;
  if (nargs) {
    snprintf(errbuf, errlen, "wrong number of args for String: want 0 got %zu", nargs);
    return -2;
  }
  return enum_field(out, self, name, a);
}

static const ct_object_class month_class = {"time.Month", enum_field,  enum_method, enum_has_method,
                                            NULL,         enum_string, enum_sig};
static const ct_object_class weekday_class = {
    "time.Weekday", enum_field, enum_method, enum_has_method, NULL, enum_string, enum_sig};

/* *time.Location (what Time.Location returns): prints as its name; String is its only
 * method a template can call. */
static const char *location_sig(const ct_value *self, const char *name) {
  (void)self;
  return !strcmp(name, "String") ? "->string" : NULL;
}

static bool location_has_method(const ct_value *self, const char *name) { return location_sig(self, name) != NULL; }

static int location_field(ct_value **out, const ct_value *self, const char *name, ct_arena *a) {
  if (strcmp(name, "String")) return -1;
  *out = ct_cstring(a, loc_name(self->obj.data));
  return 0;
}

static int location_method(ct_value **out, const ct_value *self, const char *name, ct_value *const *args,
                           size_t nargs, ct_arena *a, char *errbuf, size_t errlen) {
  (void)args;
  if (strcmp(name, "String")) return -1;
  if (nargs) {
    snprintf(errbuf, errlen, "wrong number of args for String: want 0 got %zu", nargs);
    return -2;
  }
  return location_field(out, self, name, a);
}

static ct_value *location_marshal(const ct_value *self, ct_arena *a) { /* no exported fields: {} */
  (void)self;
  return ct_map_new(a, CT_MAP, 0);
}

static void location_fmt(const ct_value *self, ct_buf *out) { ct_buf_puts(out, loc_name(self->obj.data)); }

static const ct_object_class location_class = {"*time.Location", location_field,   location_method, location_has_method,
                                               location_marshal, location_fmt, location_sig};

/* ---- Sprig functions ---- */

/* The time Sprig's dateInZone picks for DATE: time.Time, *time.Time, int, int64, int32 (Unix
 * seconds), anything else now. (*time.Time values are not produced by chartctl.) */
static gtime date_arg(const ct_value *v, bool allow_int32) {
  const gtime *t = as_time(v);
  if (t) return *t;
  if (v && (v->type == CT_INT || v->type == CT_INT64 || (allow_int32 && v->type == CT_INT32))) {
    gtime u = {v->i, 0, LOCAL_LOC, false, 0};
    return u;
  }
  return time_now();
}

static const char *str_arg(const ct_value *v) { return v && v->type == CT_STRING ? v->s.ptr : ""; }

static int format_in_zone(ct_call *c, ct_value **out, const char *layout, size_t ln, gtime t, const char *zone) {
  ct_arena *a = ct_call_arena(c);
  gloc loc;
  if (!load_location(zone, &loc)) loc = UTC_LOC;
  t.loc = loc;
  t.mono = false;
  ct_buf b = CT_BUF_INIT;
  time_format(&b, &t, layout, ln, a);
  *out = ct_string(a, ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return 0;
}

static int f_date(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  return format_in_zone(c, out, str_arg(args[0]), args[0] ? args[0]->s.len : 0, date_arg(args[1], true), "Local");
}

static int f_date_in_zone(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  return format_in_zone(c, out, str_arg(args[0]), args[0] ? args[0]->s.len : 0, date_arg(args[1], true),
                        str_arg(args[2]));
}

static int f_html_date(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  return format_in_zone(c, out, "2006-01-02", 10, date_arg(args[0], true), "Local");
}

static int f_html_date_in_zone(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  return format_in_zone(c, out, "2006-01-02", 10, date_arg(args[0], true), str_arg(args[1]));
}

/* A time.Time parameter: Go's executor rejects anything else before the call. */
static const gtime *need_time(ct_call *c, const ct_value *v) {
  const gtime *t = as_time(v);
  if (!t) {
    if (!v) ct_call_error_raw(c, "invalid value; expected time.Time");
    else ct_call_error_raw(c, ct_arena_sprintf(ct_call_arena(c), "wrong type for value; expected time.Time; got %s", ct_type_name(v)));
  }
  return t;
}

static int date_modify(ct_call *c, ct_value **out, ct_value *const *args, bool must) {
  const gtime *t = need_time(c, args[1]);
  if (!t) return -1;
  int64_t d;
  ct_buf err = CT_BUF_INIT;
  if (duration_parse(str_arg(args[0]), &d, &err) < 0) {
    int rc = 0;
    if (must) rc = ct_call_errorf(c, "%s", ct_buf_str(&err));
    else *out = time_value(ct_call_arena(c), t);
    ct_buf_dispose(&err);
    return rc;
  }
  gtime n = time_add(*t, d);
  *out = time_value(ct_call_arena(c), &n);
  return 0;
}

static int f_date_modify(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return date_modify(c, out, args, false);
}
static int f_must_date_modify(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return date_modify(c, out, args, true);
}

static int f_now(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)args;
  (void)nargs;
  gtime t = time_now();
  *out = time_value(ct_call_arena(c), &t);
  return 0;
}

/* Round half away from zero to a multiple of M (time.Duration.Round). */
static int64_t duration_round(int64_t d, int64_t m) {
  int64_t r = d % m;
  if (d < 0) {
    r = -r;
    if (r + r < m) return d + r;
    int64_t d1 = d - m + r;
    return d1 < d ? d1 : INT64_MIN;
  }
  if (r + r < m) return d - r;
  int64_t d1 = d + m - r;
  return d1 > d ? d1 : INT64_MAX;
}

static int64_t since(const gtime *t) {
  gtime now = time_now();
  if (t->mono) return now.mono_ns - t->mono_ns;
  return (now.sec - t->sec) * NS_PER_SEC + (now.nsec - t->nsec);
}

static int f_ago(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  const ct_value *v = args[0];
  gtime t = date_arg(v, false);
  ct_buf b = CT_BUF_INIT;
  duration_string(&b, duration_round(since(&t), NS_PER_SEC));
  *out = ct_string(ct_call_arena(c), ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return 0;
}

static int64_t parse_int64_go(const char *s) {
  /* strconv.ParseInt(s, 10, 64): 0 on syntax errors, the bound on range errors */
  const char *p = s;
  bool neg = false;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  if (!*p) return 0;
  uint64_t v = 0;
  bool over = false;
  for (; *p; p++) {
    if (*p < '0' || *p > '9') return 0;
    if (v > (UINT64_MAX - 9) / 10) over = true;
    else v = v * 10 + (uint64_t)(*p - '0');
  }
  if (!neg && (over || v > (uint64_t)INT64_MAX)) return INT64_MAX;
  if (neg && (over || v > (uint64_t)INT64_MAX + 1)) return INT64_MIN;
  return neg ? (int64_t)(0 - v) : (int64_t)v;
}

static int f_duration(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const ct_value *v = args[0];
  int64_t n = 0;
  if (v && v->type == CT_STRING) n = parse_int64_go(v->s.ptr);
  else if (v && v->type == CT_INT64) n = v->i;
  ct_buf b = CT_BUF_INIT;
  duration_string(&b, (int64_t)((uint64_t)n * (uint64_t)NS_PER_SEC));
  *out = ct_string(ct_call_arena(c), ct_buf_str(&b), b.len);
  ct_buf_dispose(&b);
  return 0;
}

static int f_duration_round(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  const ct_value *v = args[0];
  int64_t d = 0;
  if (v && v->type == CT_STRING) {
    ct_buf err = CT_BUF_INIT;
    if (duration_parse(v->s.ptr, &d, &err) < 0) d = 0;
    ct_buf_dispose(&err);
  } else if (v && v->type == CT_INT64) {
    d = v->i;
  } else if (as_time(v)) {
    d = since(as_time(v));
  }
  uint64_t u = (uint64_t)d;
  if (d < 0) u = -u;
  const uint64_t second = 1000000000ULL, minute = 60 * second, hour = 60 * minute, day = 24 * hour,
                 month = 30 * day, year = 365 * day;
  const char *r;
  ct_arena *a = ct_call_arena(c);
  if (u > year) r = ct_arena_sprintf(a, "%lluy", (unsigned long long)(u / year));
  else if (u > month) r = ct_arena_sprintf(a, "%llumo", (unsigned long long)(u / month));
  else if (u > day) r = ct_arena_sprintf(a, "%llud", (unsigned long long)(u / day));
  else if (u > hour) r = ct_arena_sprintf(a, "%lluh", (unsigned long long)(u / hour));
  else if (u > minute) r = ct_arena_sprintf(a, "%llum", (unsigned long long)(u / minute));
  else if (u > second) r = ct_arena_sprintf(a, "%llus", (unsigned long long)(u / second));
  else r = "0s";
  *out = ct_cstring(a, r);
  return 0;
}

static int to_date(ct_call *c, ct_value **out, ct_value *const *args, bool must) {
  gtime t;
  ct_buf err = CT_BUF_INIT;
  if (time_parse(&t, str_arg(args[0]), str_arg(args[1]), LOCAL_LOC, ct_call_arena(c), &err) < 0) {
    int rc = 0;
    if (must) {
      rc = ct_call_errorf(c, "%s", ct_buf_str(&err));
    } else {
      t = zero_time();
      *out = time_value(ct_call_arena(c), &t);
    }
    ct_buf_dispose(&err);
    return rc;
  }
  *out = time_value(ct_call_arena(c), &t);
  return 0;
}

static int f_to_date(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return to_date(c, out, args, false);
}
static int f_must_to_date(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  return to_date(c, out, args, true);
}

static int f_unix_epoch(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  (void)nargs;
  const gtime *t = need_time(c, args[0]);
  if (!t) return -1;
  *out = ct_cstring(ct_call_arena(c), ct_arena_sprintf(ct_call_arena(c), "%lld", (long long)t->sec));
  return 0;
}

static const ct_func funcs[] = {
    {"ago", "any->string", f_ago, NULL},
    {"date", "string,any->string", f_date, NULL},
    {"date_in_zone", "string,any,string->string", f_date_in_zone, NULL},
    {"dateInZone", "string,any,string->string", f_date_in_zone, NULL},
    {"date_modify", "string,any->any", f_date_modify, NULL},
    {"dateModify", "string,any->any", f_date_modify, NULL},
    {"must_date_modify", "string,any->any,error", f_must_date_modify, NULL},
    {"mustDateModify", "string,any->any,error", f_must_date_modify, NULL},
    {"duration", "any->string", f_duration, NULL},
    {"durationRound", "any->string", f_duration_round, NULL},
    {"htmlDate", "any->string", f_html_date, NULL},
    {"htmlDateInZone", "any,string->string", f_html_date_in_zone, NULL},
    {"now", "->any", f_now, NULL},
    {"toDate", "string,string->any", f_to_date, NULL},
    {"mustToDate", "string,string->any,error", f_must_to_date, NULL},
    {"unixEpoch", "any->string", f_unix_epoch, NULL},
};

const ct_func *ct_sprig__dates(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}
