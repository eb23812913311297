/* flags.c — pflag-compatible parsing of a command's flags plus the global flags: long and
 * short forms, "=value" or next-argument values, repeatable lists, "--" ending flags. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- string lists ---- */
void ct_strv_pushn(ct_strv *v, const char *s, size_t n) {
  if (v->len == v->cap) {
    size_t nc = v->cap ? v->cap * 2 : 8;
    char **ni = realloc(v->items, nc * sizeof *ni);
    if (!ni) abort();
    v->items = ni;
    v->cap = nc;
  }
  char *c = malloc(n + 1);
  if (!c) abort();
  memcpy(c, s, n);
  c[n] = 0;
  v->items[v->len++] = c;
}

void ct_strv_push(ct_strv *v, const char *s) { ct_strv_pushn(v, s, strlen(s)); }

void ct_strv_dispose(ct_strv *v) {
  for (size_t i = 0; i < v->len; i++) free(v->items[i]);
  free(v->items);
  v->items = NULL;
  v->len = v->cap = 0;
}

void ct_cli_args_dispose(ct_strv *pos) { ct_strv_dispose(pos); }

int ct_cli_errorf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("Error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

/* ---- value conversions with Go's error texts ---- */
static int parse_bool(const char *s, bool *out) {
  static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
  static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
  for (size_t i = 0; i < 6; i++) {
    if (!strcmp(s, t[i])) return *out = true, 0;
    if (!strcmp(s, f[i])) return *out = false, 0;
  }
  return -1;
}

/* Go's time.ParseDuration; seconds in *out. */
static int parse_duration(const char *s, double *out) {
  const char *p = s;
  double sign = 1, total = 0;
  if (*p == '-' || *p == '+') sign = *p++ == '-' ? -1 : 1;
  if (!strcmp(p, "0")) return *out = 0, 0;
  if (!*p) return -1;
  while (*p) {
    if (!((*p >= '0' && *p <= '9') || *p == '.')) return -1;
    char *end;
    errno = 0;
    double n = strtod(p, &end);
    if (end == p || errno) return -1;
    p = end;
    static const struct { const char *u; double mul; } units[] = {
        {"ns", 1e-9}, {"us", 1e-6}, {"\xc2\xb5s", 1e-6}, {"\xce\xbcs", 1e-6}, {"ms", 1e-3},
        {"s", 1}, {"m", 60}, {"h", 3600}};
    size_t best = 0, bi = 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
      size_t ul = strlen(units[i].u);
      if (ul > best && !strncmp(p, units[i].u, ul)) best = ul, bi = i;
    }
    if (!best) return -1;
    total += n * units[bi].mul;
    p += best;
  }
  *out = sign * total;
  return 0;
}

static void flag_label(const ct_flag *f, char *buf, size_t n) {
  if (f->shorthand)
    snprintf(buf, n, "-%c, --%s", f->shorthand, f->name);
  else
    snprintf(buf, n, "--%s", f->name);
}

static void split_commas(ct_strv *v, const char *s) {
  /* encoding/csv as pflag's stringSlice: fields split on commas, "quoted" fields kept whole */
  const char *p = s;
  for (;;) {
    if (*p == '"') {
      p++;
      size_t cap = strlen(p) + 1, k = 0;
      char *b = malloc(cap);
      if (!b) abort();
      while (*p) {
        if (*p == '"' && p[1] == '"') { b[k++] = '"'; p += 2; continue; }
        if (*p == '"') { p++; break; }
        b[k++] = *p++;
      }
      ct_strv_pushn(v, b, k);
      free(b);
      while (*p && *p != ',') p++;
    } else {
      const char *e = strchr(p, ',');
      size_t l = e ? (size_t)(e - p) : strlen(p);
      ct_strv_pushn(v, p, l);
      p += l;
    }
    if (*p != ',') break;
    p++;
  }
}

/* Stores VALUE into F. Returns 0 or prints Go's error and returns -1. */
static int set_flag(ct_flag *f, const char *value) {
  char label[160];
  f->changed = true;
  switch (f->kind) {
  case CT_FLAG_BOOL: {
    bool b;
    if (parse_bool(value, &b)) {
      flag_label(f, label, sizeof label);
      ct_cli_errorf("invalid argument \"%s\" for \"%s\" flag: strconv.ParseBool: parsing \"%s\": "
                    "invalid syntax", value, label, value);
      return -1;
    }
    *(bool *)f->dest = b;
    return 0;
  }
  case CT_FLAG_STRING:
  case CT_FLAG_STRING_OPT:
    *(const char **)f->dest = value;
    return 0;
  case CT_FLAG_STRING_ARRAY:
    ct_strv_push(f->dest, value);
    return 0;
  case CT_FLAG_STRINGS:
    if (*value) split_commas(f->dest, value);
    return 0;
  case CT_FLAG_STRING_MAP: {
    ct_strv parts = {0};
    if (*value) split_commas(&parts, value);
    for (size_t i = 0; i < parts.len; i++) {
      if (!strchr(parts.items[i], '=')) {
        flag_label(f, label, sizeof label);
        ct_cli_errorf("invalid argument \"%s\" for \"%s\" flag: %s must be formatted as key=value",
                      value, label, parts.items[i]);
        ct_strv_dispose(&parts);
        return -1;
      }
      ct_strv_push(f->dest, parts.items[i]);
    }
    ct_strv_dispose(&parts);
    return 0;
  }
  case CT_FLAG_INT: {
    char *end;
    errno = 0;
    long long n = strtoll(value, &end, 0);
    if (!*value || *end || errno || n > 2147483647LL || n < -2147483648LL) {
      flag_label(f, label, sizeof label);
      ct_cli_errorf("invalid argument \"%s\" for \"%s\" flag: strconv.ParseInt: parsing \"%s\": %s",
                    value, label, value, errno == ERANGE ? "value out of range" : "invalid syntax");
      return -1;
    }
    *(int *)f->dest = (int)n;
    return 0;
  }
  case CT_FLAG_FLOAT: {
    char *end;
    errno = 0;
    double d = strtod(value, &end);
    if (!*value || *end || errno) {
      flag_label(f, label, sizeof label);
      ct_cli_errorf("invalid argument \"%s\" for \"%s\" flag: strconv.ParseFloat: parsing \"%s\": "
                    "invalid syntax", value, label, value);
      return -1;
    }
    *(double *)f->dest = d;
    return 0;
  }
  case CT_FLAG_DURATION: {
    double d;
    if (parse_duration(value, &d)) {
      flag_label(f, label, sizeof label);
      ct_cli_errorf("invalid argument \"%s\" for \"%s\" flag: time: invalid duration \"%s\"", value,
                    label, value);
      return -1;
    }
    *(double *)f->dest = d;
    return 0;
  }
  }
  return -1;
}

static bool takes_value(const ct_flag *f) { return f->kind != CT_FLAG_BOOL && f->kind != CT_FLAG_STRING_OPT; }

static ct_flag *find_long(ct_cmd_def *cmd, const char *name, size_t n) {
  for (size_t i = 0; i < cmd->nflags; i++)
    if (strlen(cmd->flags[i].name) == n && !strncmp(cmd->flags[i].name, name, n)) return &cmd->flags[i];
  size_t ng;
  ct_flag *g = ct_cli_global_flags(&ng);
  for (size_t i = 0; i < ng; i++)
    if (strlen(g[i].name) == n && !strncmp(g[i].name, name, n)) return &g[i];
  return NULL;
}

static ct_flag *find_short(ct_cmd_def *cmd, char c) {
  for (size_t i = 0; i < cmd->nflags; i++)
    if (cmd->flags[i].shorthand == c) return &cmd->flags[i];
  size_t ng;
  ct_flag *g = ct_cli_global_flags(&ng);
  for (size_t i = 0; i < ng; i++)
    if (g[i].shorthand == c) return &g[i];
  return NULL;
}

int ct_cli_parse(ct_cmd_def *cmd, int argc, char **argv, ct_strv *pos) {
  bool help = false;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    if (!strcmp(a, "--")) {
      for (i++; i < argc; i++) ct_strv_push(pos, argv[i]);
      break;
    }
    if (a[0] != '-' || a[1] == 0) {
      ct_strv_push(pos, a);
      continue;
    }
    if (a[1] == '-') {
      const char *name = a + 2, *eq = strchr(name, '=');
      size_t nl = eq ? (size_t)(eq - name) : strlen(name);
      if (nl == 4 && !strncmp(name, "help", 4)) {
        bool hv = true;
        if (eq && parse_bool(eq + 1, &hv)) {
          ct_cli_errorf("invalid argument \"%s\" for \"-h, --help\" flag: strconv.ParseBool: parsing "
                        "\"%s\": invalid syntax", eq + 1, eq + 1);
          return CT_CLI_ERR;
        }
        help = help || hv;
        continue;
      }
      ct_flag *f = find_long(cmd, name, nl);
      if (!f) {
        ct_cli_errorf("unknown flag: --%.*s", (int)nl, name);
        return CT_CLI_ERR;
      }
      const char *val;
      if (eq)
        val = eq + 1;
      else if (f->kind == CT_FLAG_BOOL)
        val = "true";
      else if (f->kind == CT_FLAG_STRING_OPT)
        val = f->noopt ? f->noopt : "";
      else if (i + 1 < argc)
        val = argv[++i];
      else {
        ct_cli_errorf("flag needs an argument: --%s", f->name);
        return CT_CLI_ERR;
      }
      if (set_flag(f, val)) return CT_CLI_ERR;
      continue;
    }
    /* shorthand group: -abc, -fvalue, -f=value, -f value */
    for (const char *p = a + 1; *p;) {
      char c = *p;
      if (c == 'h') {
        help = true;
        p++;
        continue;
      }
      ct_flag *f = find_short(cmd, c);
      if (!f) {
        ct_cli_errorf("unknown shorthand flag: '%c' in -%s", c, p);
        return CT_CLI_ERR;
      }
      const char *val;
      if (p[1] == '=') {
        val = p + 2;
        p += strlen(p);
      } else if (!takes_value(f)) {
        val = f->kind == CT_FLAG_BOOL ? "true" : (f->noopt ? f->noopt : "");
        p++;
      } else if (p[1]) {
        val = p + 1;
        p += strlen(p);
      } else if (i + 1 < argc) {
        val = argv[++i];
        p++;
      } else {
        ct_cli_errorf("flag needs an argument: '%c' in -%c", c, c);
        return CT_CLI_ERR;
      }
      if (set_flag(f, val)) return CT_CLI_ERR;
    }
  }
  if (help) {
    ct_cli_help(cmd);
    return CT_CLI_HELP;
  }
  return CT_CLI_OK;
}

void ct_cli_flags_dispose(ct_cmd_def *cmd) {
  for (size_t i = 0; i < cmd->nflags; i++) {
    ct_flag *f = &cmd->flags[i];
    if (f->kind == CT_FLAG_STRING_ARRAY || f->kind == CT_FLAG_STRINGS || f->kind == CT_FLAG_STRING_MAP)
      ct_strv_dispose(f->dest);
  }
}

bool ct_cli_changed(const ct_cmd_def *cmd, const char *name) {
  for (size_t i = 0; i < cmd->nflags; i++)
    if (!strcmp(cmd->flags[i].name, name)) return cmd->flags[i].changed;
  size_t ng;
  ct_flag *g = ct_cli_global_flags(&ng);
  for (size_t i = 0; i < ng; i++)
    if (!strcmp(g[i].name, name)) return g[i].changed;
  return false;
}
