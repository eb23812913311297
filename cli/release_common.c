/* release_common.c — shared plumbing of the release commands (see release_common.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "chartctl/sprig.h"
#include "chartctl/tpl.h"
#include "chartctl/values.h"
#include "release_common.h"

int ct_rel_env_open(ct_rel_env *e, bool all_namespaces) {
  memset(e, 0, sizeof *e);
  ct_kube_opts o = {.kubeconfig = ct_cli_g.kubeconfig, .context = ct_cli_g.kube_context,
                    .namespace = ct_cli_g.namespace_, .max_retries = -1};
  int rc = ct_kube_open(&e->kube, &o);
  if (rc) return ct_cli_errorf("Kubernetes cluster unreachable: %s", ct_error_last());
  e->ns = ct_cli_g.namespace_ ? ct_cli_g.namespace_ : ct_kube_namespace(e->kube);
  e->store = ct_store_open(getenv("HELM_DRIVER"), e->kube, all_namespaces ? "" : e->ns);
  if (!e->store) {
    ct_kube_close(e->kube);
    return ct_cli_errorf("%s", ct_error_last());
  }
  e->cfg = (ct_action_cfg){.kube = e->kube, .store = e->store, .namespace_ = e->ns, .log = ct_cli_g.debug ? stderr : NULL};
  return 0;
}

void ct_rel_env_close(ct_rel_env *e) {
  ct_store_free(e->store);
  ct_kube_close(e->kube);
  memset(e, 0, sizeof *e);
}

void ct_rel_values_flags(ct_flag *flags, size_t *n, ct_rel_values *v) {
  flags[(*n)++] = (ct_flag){.name = "values", .shorthand = 'f', .kind = CT_FLAG_STRINGS, .dest = &v->files,
                            .usage = "specify values in a YAML file or a URL (can specify multiple)", .def_text = "[]"};
  flags[(*n)++] = (ct_flag){.name = "set", .kind = CT_FLAG_STRING_ARRAY, .dest = &v->set,
                            .usage = "set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)"};
  flags[(*n)++] = (ct_flag){.name = "set-string", .kind = CT_FLAG_STRING_ARRAY, .dest = &v->set_string,
                            .usage = "set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)"};
  flags[(*n)++] = (ct_flag){.name = "set-json", .kind = CT_FLAG_STRING_ARRAY, .dest = &v->set_json,
                            .usage = "set JSON values on the command line (can specify multiple or separate values with commas: key1=jsonval1,key2=jsonval2)"};
  flags[(*n)++] = (ct_flag){.name = "set-file", .kind = CT_FLAG_STRING_ARRAY, .dest = &v->set_file,
                            .usage = "set values from respective files specified via the command line (can specify multiple or separate values with commas: key1=path1,key2=path2)"};
  flags[(*n)++] = (ct_flag){.name = "set-literal", .kind = CT_FLAG_STRING_ARRAY, .dest = &v->set_literal,
                            .usage = "set a literal STRING value on the command line"};
}

json_t *ct_rel_values_merge(ct_rel_values *v) {
  ct_arena *a = ct_arena_new();
  ct_values_opts o = {
      .value_files = (const char *const *)v->files.items, .n_value_files = v->files.len,
      .set_json = (const char *const *)v->set_json.items, .n_set_json = v->set_json.len,
      .set = (const char *const *)v->set.items, .n_set = v->set.len,
      .set_string = (const char *const *)v->set_string.items, .n_set_string = v->set_string.len,
      .set_file = (const char *const *)v->set_file.items, .n_set_file = v->set_file.len,
      .set_literal = (const char *const *)v->set_literal.items, .n_set_literal = v->set_literal.len,
  };
  ct_value *merged = NULL;
  json_t *j = NULL;
  if (ct_values_merge(&merged, a, &o)) ct_cli_errorf("%s", ct_error_last());
  else j = ct_action_value_to_json(merged, a);
  ct_arena_free(a);
  return j;
}

void ct_rel_values_dispose(ct_rel_values *v) {
  ct_strv_dispose(&v->files);
  ct_strv_dispose(&v->set);
  ct_strv_dispose(&v->set_string);
  ct_strv_dispose(&v->set_json);
  ct_strv_dispose(&v->set_file);
  ct_strv_dispose(&v->set_literal);
}

static bool parse_time(const char *s, struct tm *tm, long *nsec) {
  memset(tm, 0, sizeof *tm);
  *nsec = 0;
  if (!s || !*s) return false;
  const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", tm);
  if (!rest) return false;
  if (*rest == '.') {
    rest++;
    long scale = 100000000;
    while (*rest >= '0' && *rest <= '9') {
      *nsec += (*rest - '0') * scale;
      scale /= 10;
      rest++;
    }
  }
  long off = 0;
  if (*rest == '+' || *rest == '-') {
    int h = 0, m = 0;
    sscanf(rest + 1, "%d:%d", &h, &m);
    off = (h * 3600 + m * 60) * (*rest == '-' ? -1 : 1);
  }
  time_t t = timegm(tm) - off;
  localtime_r(&t, tm);
  return true;
}

void ct_rel_ansic(char *buf, size_t len, const char *rfc3339) {
  struct tm tm;
  long ns;
  if (!parse_time(rfc3339, &tm, &ns)) {
    snprintf(buf, len, "Mon Jan  1 00:00:00 0001");
    return;
  }
  char day[4];
  snprintf(day, sizeof day, "%2d", tm.tm_mday);
  char head[16], tail[32];
  strftime(head, sizeof head, "%a %b", &tm);
  strftime(tail, sizeof tail, "%H:%M:%S %Y", &tm);
  snprintf(buf, len, "%s %s %s", head, day, tail);
}

void ct_rel_gotime(char *buf, size_t len, const char *rfc3339) {
  struct tm tm;
  long ns;
  if (!parse_time(rfc3339, &tm, &ns)) {
    snprintf(buf, len, "0001-01-01 00:00:00 +0000 UTC");
    return;
  }
  char base[32], zone[32];
  strftime(base, sizeof base, "%Y-%m-%d %H:%M:%S", &tm);
  strftime(zone, sizeof zone, "%z %Z", &tm);
  char frac[16] = "";
  if (ns) {
    snprintf(frac, sizeof frac, ".%09ld", ns);
    size_t fl = strlen(frac);
    while (fl > 1 && frac[fl - 1] == '0') frac[--fl] = 0;
  }
  snprintf(buf, len, "%s%s %s", base, frac, zone);
}

void ct_rel_chart_label(const json_t *rel, char *buf, size_t len, const char **app_version) {
  const json_t *md = json_object_get(json_object_get(rel, "chart"), "metadata");
  const char *n = json_string_value(json_object_get(md, "name")), *v = json_string_value(json_object_get(md, "version"));
  snprintf(buf, len, "%s-%s", n ? n : "", v ? v : "");
  if (app_version) {
    const char *av = json_string_value(json_object_get(md, "appVersion"));
    *app_version = av ? av : "";
  }
}

void ct_rel_print_status(const json_t *rel, bool show_notes) { ct_rel_print_status_ex(rel, show_notes, false, false); }

void ct_rel_print_status_ex(const json_t *rel, bool show_notes, bool show_metadata, bool show_desc) {
  const json_t *info = json_object_get(rel, "info");
  char when[64];
  ct_rel_ansic(when, sizeof when, json_string_value(json_object_get(info, "last_deployed")));
  printf("NAME: %s\n", ct_release_name(rel));
  const char *ld = json_string_value(json_object_get(info, "last_deployed"));
  if (ld && *ld && strncmp(ld, "0001-01-01T00:00:00", 19)) printf("LAST DEPLOYED: %s\n", when);
  printf("NAMESPACE: %s\n", json_string_value(json_object_get(rel, "namespace")));
  printf("STATUS: %s\n", ct_release_status(rel));
  printf("REVISION: %d\n", ct_release_version(rel));
  if (show_metadata) {
    const json_t *md = json_object_get(json_object_get(rel, "chart"), "metadata");
    const char *cn = json_string_value(json_object_get(md, "name")), *cv = json_string_value(json_object_get(md, "version")),
               *av = json_string_value(json_object_get(md, "appVersion"));
    printf("CHART: %s\nVERSION: %s\nAPP_VERSION: %s\n", cn ? cn : "", cv ? cv : "", av ? av : "");
  }
  const char *desc = json_string_value(json_object_get(info, "description"));
  if (show_desc) printf("DESCRIPTION: %s\n", desc ? desc : ""); /* helm: only with --show-desc */
  bool has_tests = false;
  size_t i;
  json_t *h;
  json_array_foreach(json_object_get(rel, "hooks"), i, h) {
    size_t j;
    json_t *e;
    json_array_foreach(json_object_get(h, "events"), j, e) if (!strcmp(json_string_value(e), "test")) has_tests = true;
  }
  if (!has_tests) printf("TEST SUITE: None\n");
  else {
    json_array_foreach(json_object_get(rel, "hooks"), i, h) {
      const json_t *lr = json_object_get(h, "last_run");
      const char *phase = json_string_value(json_object_get(lr, "phase"));
      if (!phase || !*phase) continue;
      char s[64], c[64];
      ct_rel_ansic(s, sizeof s, json_string_value(json_object_get(lr, "started_at")));
      ct_rel_ansic(c, sizeof c, json_string_value(json_object_get(lr, "completed_at")));
      printf("TEST SUITE:     %s\nLast Started:   %s\nLast Completed: %s\nPhase:          %s\n",
             json_string_value(json_object_get(h, "name")), s, c, phase);
    }
  }
  /* helm's statusPrinter shows a dry run's hooks and manifest */
  if (desc && !strcasecmp(desc, "Dry run complete")) {
    printf("HOOKS:\n");
    json_array_foreach(json_object_get(rel, "hooks"), i, h)
        printf("---\n# Source: %s\n%s\n", json_string_value(json_object_get(h, "path")), json_string_value(json_object_get(h, "manifest")));
    const char *man = json_string_value(json_object_get(rel, "manifest"));
    printf("MANIFEST:\n%s\n", man ? man : "");
  }
  if (show_notes) ct_rel_print_notes(rel);
}

void ct_rel_print_notes(const json_t *rel) {
  const char *n = json_string_value(json_object_get(json_object_get(rel, "info"), "notes"));
  if (!n) return;
  /* strings.TrimSpace */
  while (*n == ' ' || *n == '\t' || *n == '\n' || *n == '\r' || *n == '\v' || *n == '\f') n++;
  size_t l = strlen(n);
  while (l && (n[l - 1] == ' ' || n[l - 1] == '\t' || n[l - 1] == '\n' || n[l - 1] == '\r' || n[l - 1] == '\v' || n[l - 1] == '\f')) l--;
  if (*json_string_value(json_object_get(json_object_get(rel, "info"), "notes"))) printf("NOTES:\n%.*s\n", (int)l, n);
}

void ct_rel_print_table(const json_t *rows, size_t max_width) {
  size_t widths[32] = {0}, ncols = 0;
  size_t i, j;
  json_t *row, *cell;
  json_array_foreach(rows, i, row) {
    json_array_foreach(row, j, cell) {
      if (j >= 32) break;
      size_t w = strlen(json_string_value(cell));
      if (max_width && w > max_width) w = max_width;
      if (w > widths[j]) widths[j] = w;
      if (j + 1 > ncols) ncols = j + 1;
    }
  }
  json_array_foreach(rows, i, row) {
    size_t n = json_array_size(row);
    for (j = 0; j < n && j < 32; j++) {
      const char *s = json_string_value(json_array_get(row, j));
      size_t w = strlen(s);
      if (max_width && w > max_width) {
        printf("%.*s...", (int)max_width - 3, s);
        w = max_width;
      } else {
        fputs(s, stdout);
      }
      /* uitable pads every cell, the last one too, and joins them with tabs */
      for (size_t k = w; k < widths[j]; k++) putchar(' ');
      if (j + 1 < n) putchar('\t');
    }
    putchar('\n');
  }
}

static int print_as(const json_t *v, const char *format, size_t sort) {
  if (!strcmp(format, "json")) {
    json_t *go = ct_json_go_numbers(v);
    char *s = json_dumps(go, JSON_COMPACT | JSON_ENCODE_ANY | sort);
    json_decref(go);
    if (!s) return ct_cli_errorf("cannot encode the output as JSON");
    /* Go's json.Encoder escapes <, >, & and U+2028/U+2029 (they only occur inside strings) */
    for (const char *p = s; *p; p++) {
      if (*p == '<') fputs("\\u003c", stdout);
      else if (*p == '>') fputs("\\u003e", stdout);
      else if (*p == '&') fputs("\\u0026", stdout);
      else if (!strncmp(p, "\xe2\x80\xa8", 3) || !strncmp(p, "\xe2\x80\xa9", 3)) {
        fputs(p[2] == '\xa8' ? "\\u2028" : "\\u2029", stdout);
        p += 2;
      } else putchar(*p);
    }
    putchar('\n');
    free(s);
    return 0;
  }
  if (!strcmp(format, "yaml")) {
    ct_arena *a = ct_arena_new();
    ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
    int rc = ct_yaml_emit(&out, ct_action_json_to_value(v, a), &err);
    if (rc) ct_cli_errorf("%s", ct_buf_str(&err));
    else fputs(ct_buf_str(&out), stdout);
    ct_buf_dispose(&out);
    ct_buf_dispose(&err);
    ct_arena_free(a);
    return rc ? 1 : 0;
  }
  return ct_cli_errorf("invalid format type \"%s\"", format);
}

int ct_rel_print_as(const json_t *v, const char *format) { return print_as(v, format, 0); }
int ct_rel_print_map_as(const json_t *v, const char *format) { return print_as(v, format, JSON_SORT_KEYS); }

int ct_rel_time_format(ct_buf *out, const char *rfc3339, const char *layout) {
  /* Go's Time.Format through Sprig's dateInZone over toDate (the record's zone kept: "Z" is UTC) */
  static const char text[] = "{{ dateInZone .layout (toDate \"2006-01-02T15:04:05.999999999Z07:00\" .t) .zone }}";
  ct_arena *a = ct_arena_new();
  ct_tpl_set *s = ct_tpl_set_new();
  size_t nf;
  const ct_func *f = ct_sprig_funcs(&nf);
  ct_tpl_set_funcs(s, f, nf);
  ct_buf err = CT_BUF_INIT;
  int rc = ct_tpl_parse(s, "t", text, sizeof text - 1, &err);
  size_t tl = rfc3339 ? strlen(rfc3339) : 0;
  if (!rc) {
    ct_value *dot = ct_map_new(a, CT_MAP, 3);
    ct_map_setc(a, dot, "layout", ct_cstring(a, layout));
    ct_map_setc(a, dot, "t", ct_cstring(a, rfc3339 ? rfc3339 : ""));
    ct_map_setc(a, dot, "zone", ct_cstring(a, tl && rfc3339[tl - 1] == 'Z' ? "UTC" : "Local"));
    ct_exec_opts o = {.arena = a};
    rc = ct_tpl_execute(s, "t", dot, out, &o, &err);
  }
  ct_buf_dispose(&err);
  ct_tpl_set_free(s);
  ct_arena_free(a);
  return rc ? CT_ERROR : CT_OK;
}

