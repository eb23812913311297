/* cmd_get.c — `chartctl get manifest|values|notes|hooks|metadata|all RELEASE` (--revision,
 * values --all, metadata -o, all --template), as helm get. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "chartctl/tpl.h"
#include "release_common.h"

/* chartutil.CoalesceValues over a stored chart: DST (the user's values) gets SRC's defaults;
 * a user null removes the key. */
static void coalesce_into(json_t *dst, const json_t *src) {
  const char *k;
  json_t *sv;
  json_object_foreach((json_t *)src, k, sv) {
    json_t *dv = json_object_get(dst, k);
    if (!dv) json_object_set_new(dst, k, json_deep_copy(sv));
    else if (json_is_null(dv)) json_object_del(dst, k);
    else if (json_is_object(dv) && json_is_object(sv)) coalesce_into(dv, sv);
  }
}

static json_t *computed_values(const json_t *rel) {
  const json_t *cfg = json_object_get(rel, "config");
  json_t *out = json_is_object(cfg) ? json_deep_copy(cfg) : json_object();
  const json_t *defs = json_object_get(json_object_get(rel, "chart"), "values");
  if (json_is_object(defs)) coalesce_into(out, defs);
  return out;
}

/* The record with Go's field names (helm get all --template executes over *release.Release). */
static const char *const go_names[][2] = {
    {"name", "Name"}, {"info", "Info"}, {"chart", "Chart"}, {"config", "Config"}, {"manifest", "Manifest"},
    {"hooks", "Hooks"}, {"version", "Version"}, {"namespace", "Namespace"}, {"labels", "Labels"},
    {"first_deployed", "FirstDeployed"}, {"last_deployed", "LastDeployed"}, {"deleted", "Deleted"},
    {"description", "Description"}, {"status", "Status"}, {"notes", "Notes"}, {"resources", "Resources"},
    {"metadata", "Metadata"}, {"lock", "Lock"}, {"templates", "Templates"}, {"values", "Values"}, {"schema", "Schema"},
    {"files", "Files"}, {"home", "Home"}, {"sources", "Sources"}, {"keywords", "Keywords"},
    {"maintainers", "Maintainers"}, {"icon", "Icon"}, {"apiVersion", "APIVersion"}, {"condition", "Condition"},
    {"tags", "Tags"}, {"appVersion", "AppVersion"}, {"deprecated", "Deprecated"}, {"annotations", "Annotations"},
    {"kubeVersion", "KubeVersion"}, {"dependencies", "Dependencies"}, {"type", "Type"}, {"kind", "Kind"},
    {"path", "Path"}, {"events", "Events"}, {"last_run", "LastRun"}, {"weight", "Weight"},
    {"delete_policies", "DeletePolicies"}, {"started_at", "StartedAt"}, {"completed_at", "CompletedAt"},
    {"phase", "Phase"}, {"data", "Data"}, {"repository", "Repository"}, {"enabled", "Enabled"},
    {"import-values", "ImportValues"}, {"alias", "Alias"}, {"email", "Email"}, {"url", "URL"},
    {"generated", "Generated"}, {"digest", "Digest"},
};

static bool is_time_field(const char *k) {
  return !strcmp(k, "first_deployed") || !strcmp(k, "last_deployed") || !strcmp(k, "deleted") ||
         !strcmp(k, "started_at") || !strcmp(k, "completed_at") || !strcmp(k, "generated");
}

/* STRUCTURED: the object is one of Helm's structs (field names renamed); user maps (config,
 * values, annotations, labels) keep their keys. */
static ct_value *go_struct(const json_t *j, ct_arena *a, bool structured) {
  if (!json_is_object(j)) {
    if (json_is_array(j)) {
      ct_value *l = ct_list_new(a, CT_LIST, json_array_size(j));
      size_t i;
      json_t *x;
      json_array_foreach(j, i, x) ct_list_push(a, l, go_struct(x, a, structured));
      return l;
    }
    return ct_action_json_to_value(j, a);
  }
  if (!structured) return ct_action_json_to_value(j, a);
  ct_value *m = ct_map_new(a, CT_MAP, json_object_size(j));
  const char *k;
  json_t *x;
  json_object_foreach((json_t *)j, k, x) {
    const char *gk = NULL;
    for (size_t i = 0; i < sizeof go_names / sizeof go_names[0] && !gk; i++)
      if (!strcmp(go_names[i][0], k)) gk = go_names[i][1];
    if (!gk) continue;
    bool user = !strcmp(k, "config") || !strcmp(k, "values") || !strcmp(k, "annotations") || !strcmp(k, "labels") ||
                !strcmp(k, "schema") || !strcmp(k, "resources") || !strcmp(k, "import-values");
    if (is_time_field(k) && json_is_string(x)) {
      char t[96];
      ct_rel_gotime(t, sizeof t, json_string_value(x));
      ct_map_setc(a, m, gk, ct_cstring(a, t));
    } else {
      ct_map_setc(a, m, gk, go_struct(x, a, !user));
    }
  }
  return m;
}

static int get_template(const json_t *rel, const char *text) {
  ct_arena *a = ct_arena_new();
  ct_tpl_set *s = ct_tpl_set_new();
  ct_buf out = CT_BUF_INIT, err = CT_BUF_INIT;
  int rc = ct_tpl_parse(s, "_", text, strlen(text), &err);
  if (!rc) {
    ct_value *dot = ct_map_new(a, CT_MAP, 1);
    ct_value *r = go_struct(rel, a, true);
    /* zero values of the fields a record may omit (Go prints map[] / [] / "" for them) */
    static const char *const strs[] = {"Name", "Manifest", "Namespace"};
    for (size_t i = 0; i < 3; i++)
      if (!ct_map_getc(r, strs[i])) ct_map_setc(a, r, strs[i], ct_cstring(a, ""));
    if (!ct_map_getc(r, "Config")) ct_map_setc(a, r, "Config", ct_map_new(a, CT_MAP, 0));
    if (!ct_map_getc(r, "Labels")) ct_map_setc(a, r, "Labels", ct_map_new(a, CT_STRMAP, 0));
    if (!ct_map_getc(r, "Hooks")) ct_map_setc(a, r, "Hooks", ct_list_new(a, CT_LIST, 0));
    ct_value *info = ct_map_getc(r, "Info");
    static const char *const istrs[] = {"Description", "Status", "Notes"};
    for (size_t i = 0; info && i < 3; i++)
      if (!ct_map_getc(info, istrs[i])) ct_map_setc(a, info, istrs[i], ct_cstring(a, ""));
    ct_value *md = ct_map_getc(ct_map_getc(r, "Chart"), "Metadata");
    static const char *const mstrs[] = {"Name", "Home", "Version", "Description", "Icon", "APIVersion", "Condition",
                                        "Tags", "AppVersion", "KubeVersion", "Type"};
    for (size_t i = 0; md && i < sizeof mstrs / sizeof mstrs[0]; i++)
      if (!ct_map_getc(md, mstrs[i])) ct_map_setc(a, md, mstrs[i], ct_cstring(a, ""));
    ct_map_setc(a, dot, "Release", r);
    ct_exec_opts o = {.arena = a};
    rc = ct_tpl_execute(s, "_", dot, &out, &o, &err);
  }
  fputs(ct_buf_str(&out), stdout);
  if (rc) ct_cli_errorf("%s", ct_buf_str(&err));
  ct_buf_dispose(&out);
  ct_buf_dispose(&err);
  ct_tpl_set_free(s);
  ct_arena_free(a);
  return rc ? 1 : 0;
}

static int by_string(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* helm get metadata: table, json or yaml of action.Metadata */
static int print_metadata(const json_t *rel, const char *output) {
  const json_t *md = json_object_get(json_object_get(rel, "chart"), "metadata");
  const json_t *ann = json_object_get(md, "annotations"), *deps = json_object_get(md, "dependencies");
  const char *cn = json_string_value(json_object_get(md, "name")), *cv = json_string_value(json_object_get(md, "version")),
             *av = json_string_value(json_object_get(md, "appVersion"));
  ct_buf when = CT_BUF_INIT;
  const char *ld = json_string_value(json_object_get(json_object_get(rel, "info"), "last_deployed"));
  if (ct_rel_time_format(&when, ld && *ld ? ld : "0001-01-01T00:00:00Z", "2006-01-02T15:04:05Z07:00"))
    ct_buf_puts(&when, ld ? ld : "");
  int status = 0;
  if (!strcmp(output, "table")) {
    printf("NAME: %s\nCHART: %s\nVERSION: %s\nAPP_VERSION: %s\nANNOTATIONS: ", ct_release_name(rel), cn ? cn : "",
           cv ? cv : "", av ? av : "");
    /* labels.Set(annotations).String(): sorted key=value, comma joined */
    size_t n = json_object_size(ann), i = 0;
    const char **keys = malloc((n ? n : 1) * sizeof *keys);
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)ann, k, x) keys[i++] = k;
    qsort(keys, n, sizeof *keys, by_string);
    for (i = 0; i < n; i++) {
      const char *val = json_string_value(json_object_get(ann, keys[i]));
      printf("%s%s=%s", i ? "," : "", keys[i], val ? val : "");
    }
    free(keys);
    printf("\nDEPENDENCIES: ");
    n = json_array_size(deps);
    const char **names = malloc((n ? n : 1) * sizeof *names);
    json_array_foreach(deps, i, x) {
      const char *dn = json_string_value(json_object_get(x, "name"));
      names[i] = dn ? dn : "";
    }
    qsort(names, n, sizeof *names, by_string);
    for (i = 0; i < n; i++) printf("%s%s", i ? "," : "", names[i]);
    free(names);
    printf("\nNAMESPACE: %s\nREVISION: %d\nSTATUS: %s\nDEPLOYED_AT: %s\n", json_string_value(json_object_get(rel, "namespace")),
           ct_release_version(rel), ct_release_status(rel), ct_buf_str(&when));
  } else {
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(ct_release_name(rel)));
    json_object_set_new(o, "chart", json_string(cn ? cn : ""));
    json_object_set_new(o, "version", json_string(cv ? cv : ""));
    json_object_set_new(o, "appVersion", json_string(av ? av : ""));
    if (json_object_size(ann)) json_object_set(o, "annotations", (json_t *)ann);
    if (json_array_size(deps)) json_object_set(o, "dependencies", (json_t *)deps);
    json_object_set_new(o, "namespace", json_string(json_string_value(json_object_get(rel, "namespace"))));
    json_object_set_new(o, "revision", json_integer(ct_release_version(rel)));
    json_object_set_new(o, "status", json_string(ct_release_status(rel)));
    json_object_set_new(o, "deployedAt", json_string(ct_buf_str(&when)));
    status = ct_rel_print_as(o, output);
    json_decref(o);
  }
  ct_buf_dispose(&when);
  return status;
}

static int get_one(const char *what, int argc, char **argv) {
  int revision = 0;
  bool all = false;
  const char *output = "table", *template = NULL;
  ct_flag flags[3];
  size_t nf = 0;
  flags[nf++] = (ct_flag){.name = "revision", .kind = CT_FLAG_INT, .dest = &revision, .usage = "get the named release with revision"};
  if (!strcmp(what, "values")) {
    flags[nf++] = (ct_flag){.name = "all", .shorthand = 'a', .kind = CT_FLAG_BOOL, .dest = &all, .usage = "dump all (computed) values"};
    flags[nf++] = (ct_flag){.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output, .usage = "prints the output in the specified format. Allowed values: table, json, yaml", .def_text = "table"};
  }
  if (!strcmp(what, "metadata"))
    flags[nf++] = (ct_flag){.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output, .usage = "prints the output in the specified format. Allowed values: table, json, yaml", .def_text = "table"};
  if (!strcmp(what, "all"))
    flags[nf++] = (ct_flag){.name = "template", .kind = CT_FLAG_STRING, .dest = &template, .usage = "go template for formatting the output, eg: {{.Release.Name}}"};
  char path[64];
  snprintf(path, sizeof path, "chartctl get %s", what);
  ct_cmd_def cmd = {.path = path, .args_use = "RELEASE_NAME", .short_desc = "download a named release", .flags = flags, .nflags = nf};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_exact(&cmd, &pos, 1);
  int status = 1;
  if (rc != CT_CLI_OK) {
    status = rc == CT_CLI_HELP ? 0 : 1;
    goto out;
  }
  ct_rel_env env;
  if (ct_rel_env_open(&env, false)) goto out;
  json_t *rel = NULL;
  rc = revision > 0 ? env.store->ops->get(env.store, pos.items[0], revision, &rel) : ct_store_last(env.store, pos.items[0], &rel);
  if (rc) {
    ct_cli_errorf("%s", ct_error_last());
  } else if (!strcmp(what, "manifest")) {
    const char *man = json_string_value(json_object_get(rel, "manifest"));
    printf("%s\n", man ? man : ""); /* fmt.Fprintln */
    status = 0;
  } else if (!strcmp(what, "notes")) {
    const char *n = json_string_value(json_object_get(json_object_get(rel, "info"), "notes"));
    if (n && *n) printf("NOTES:\n%s\n", n);
    status = 0;
  } else if (!strcmp(what, "hooks")) {
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(rel, "hooks"), i, h)
        printf("---\n# Source: %s\n%s\n", json_string_value(json_object_get(h, "path")), json_string_value(json_object_get(h, "manifest")));
    status = 0;
  } else if (!strcmp(what, "values")) {
    json_t *cfg = json_object_get(rel, "config");
    if (all) {
      /* computed values: chart defaults under the user's */
      json_t *merged = computed_values(rel); /* chartutil.CoalesceValues: a user null removes the key */
      if (!strcmp(output, "table")) printf("COMPUTED VALUES:\n");
      status = ct_rel_print_map_as(merged, !strcmp(output, "table") ? "yaml" : output);
      json_decref(merged);
    } else {
      if (!strcmp(output, "table")) printf("USER-SUPPLIED VALUES:\n");
      if (!strcmp(output, "table") && json_object_size(cfg) == 0) {
        printf("null\n");
        status = 0;
      } else {
        status = ct_rel_print_map_as(cfg, !strcmp(output, "table") ? "yaml" : output);
      }
    }
  } else if (!strcmp(what, "metadata")) {
    status = print_metadata(rel, output);
  } else if (template) { /* all --template */
    status = get_template(rel, template);
  } else { /* all: helm's status printer with debug and metadata */
    ct_rel_print_status_ex(rel, false, true, false);
    printf("USER-SUPPLIED VALUES:\n");
    json_t *cfg = json_object_get(rel, "config");
    if (!json_is_object(cfg)) printf("null\n");
    else ct_rel_print_map_as(cfg, "yaml");
    printf("\nCOMPUTED VALUES:\n");
    json_t *computed = computed_values(rel);
    ct_rel_print_map_as(computed, "yaml");
    json_decref(computed);
    printf("\nHOOKS:\n");
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(rel, "hooks"), i, h)
        printf("---\n# Source: %s\n%s\n", json_string_value(json_object_get(h, "path")), json_string_value(json_object_get(h, "manifest")));
    const char *man = json_string_value(json_object_get(rel, "manifest"));
    printf("MANIFEST:\n%s\n", man ? man : "");
    ct_rel_print_notes(rel);
    status = 0;
  }
  json_decref(rel);
  ct_rel_env_close(&env);
out:
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  return status;
}

static int get_manifest(int argc, char **argv) { return get_one("manifest", argc, argv); }
static int get_values(int argc, char **argv) { return get_one("values", argc, argv); }
static int get_notes(int argc, char **argv) { return get_one("notes", argc, argv); }
static int get_hooks(int argc, char **argv) { return get_one("hooks", argc, argv); }
static int get_metadata(int argc, char **argv) { return get_one("metadata", argc, argv); }
static int get_all(int argc, char **argv) { return get_one("all", argc, argv); }

int ct_cmd_get(int argc, char **argv) {
  static const ct_subcmd subs[] = {
      {"all", NULL, get_all},       {"hooks", NULL, get_hooks},   {"manifest", NULL, get_manifest},
      {"metadata", NULL, get_metadata}, {"notes", NULL, get_notes}, {"values", NULL, get_values},
  };
  static const ct_subcmd_info info[] = {
      {"all", "download all information for a named release"}, {"hooks", "download all hooks for a named release"},
      {"manifest", "download the manifest for a named release"}, {"metadata", "This command fetches metadata for a given release"},
      {"notes", "download the notes for a named release"},       {"values", "download the values file for a named release"},
  };
  ct_cmd_def parent = {.path = "chartctl get", .short_desc = "download extended information of a named release",
                       .long_desc = "This command consists of multiple subcommands which can be used to\nget extended information about the release.",
                       .subs = info, .nsubs = sizeof info / sizeof info[0]};
  return ct_cli_dispatch(&parent, subs, sizeof subs / sizeof subs[0], argc, argv);
}
