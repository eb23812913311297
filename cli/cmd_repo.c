/* cmd_repo.c — `chartctl repo add|list|remove|update|index` as `helm repo`: the
 * repositories file (locked while written), the index cache, basic auth and TLS options. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chartctl/buf.h"
#include "chartctl/codec.h"
#include "chartctl/errors.h"
#include "cli.h"
#include "repo/repo.h"

static int finish(ct_cmd_def *cmd, ct_strv *pos, int status) {
  ct_cli_args_dispose(pos);
  ct_cli_flags_dispose(cmd);
  return status;
}

static void mkdir_parents(const char *path) {
  char *p = strdup(path);
  if (!p) return;
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    if (mkdir(p, 0755) != 0 && errno != EEXIST) break;
    *s = '/';
  }
  free(p);
}

/* repositories.lock next to the file, held (flock) while the file is rewritten, as Helm */
static int lock_config(void) {
  const char *cfg = ct_repo_config_path();
  mkdir_parents(cfg);
  ct_buf p = CT_BUF_INIT;
  const char *slash = strrchr(cfg, '/');
  const char *dot = strrchr(cfg, '.');
  size_t l = dot && dot > (slash ? slash : cfg) ? (size_t)(dot - cfg) : strlen(cfg);
  ct_buf_put(&p, cfg, l);
  ct_buf_puts(&p, ".lock");
  int fd = open(ct_buf_str(&p), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ct_buf_dispose(&p);
  if (fd >= 0) flock(fd, LOCK_EX);
  return fd;
}

static void unlock_config(int fd) {
  if (fd >= 0) close(fd);
}

static bool same(const char *a, const char *b) { return !strcmp(a ? a : "", b ? b : ""); }

static int repo_add(int argc, char **argv) {
  const char *user = "", *pass = "", *ca = "", *cert = "", *key = "";
  bool pass_stdin = false, insecure = false, passcreds = false, force = false, no_update = false,
       allow_deprecated = false;
  ct_flag flags[] = {
      {.name = "allow-deprecated-repos", .kind = CT_FLAG_BOOL, .dest = &allow_deprecated,
       .usage = "by default, this command will not allow adding official repos that have been permanently deleted. This disables that behavior"},
      {.name = "ca-file", .kind = CT_FLAG_STRING, .dest = &ca, .usage = "verify certificates of HTTPS-enabled servers using this CA bundle"},
      {.name = "cert-file", .kind = CT_FLAG_STRING, .dest = &cert, .usage = "identify HTTPS client using this SSL certificate file"},
      {.name = "force-update", .kind = CT_FLAG_BOOL, .dest = &force, .usage = "replace (overwrite) the repo if it already exists"},
      {.name = "insecure-skip-tls-verify", .kind = CT_FLAG_BOOL, .dest = &insecure, .usage = "skip tls certificate checks for the repository"},
      {.name = "key-file", .kind = CT_FLAG_STRING, .dest = &key, .usage = "identify HTTPS client using this SSL key file"},
      {.name = "no-update", .kind = CT_FLAG_BOOL, .dest = &no_update, .usage = "Ignored. Formerly, it would disabled forced updates. It is deprecated by force-update.", .hidden = true},
      {.name = "pass-credentials", .kind = CT_FLAG_BOOL, .dest = &passcreds, .usage = "pass credentials to all domains"},
      {.name = "password", .kind = CT_FLAG_STRING, .dest = &pass, .usage = "chart repository password"},
      {.name = "password-stdin", .kind = CT_FLAG_BOOL, .dest = &pass_stdin, .usage = "read chart repository password from stdin"},
      {.name = "username", .kind = CT_FLAG_STRING, .dest = &user, .usage = "chart repository username"},
  };
  ct_cmd_def cmd = {.path = "chartctl repo add", .args_use = "[NAME] [URL]", .short_desc = "add a chart repository",
                    .flags = flags, .nflags = sizeof flags / sizeof flags[0]};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_exact(&cmd, &pos, 2);
  if (rc != CT_CLI_OK) return finish(&cmd, &pos, rc == CT_CLI_HELP ? 0 : 1);
  ct_repo_set_paths(ct_cli_g.repository_config, ct_cli_g.repository_cache);
  const char *name = pos.items[0], *url = pos.items[1];
  if (strchr(name, '/'))
    return finish(&cmd, &pos, ct_cli_errorf("repository name (%s) contains '/', please specify a different name without '/'", name));
  static const char *const deprecated[][2] = {
      {"//kubernetes-charts.storage.googleapis.com", "https://charts.helm.sh/stable"},
      {"//kubernetes-charts-incubator.storage.googleapis.com", "https://charts.helm.sh/incubator"}};
  for (size_t i = 0; i < 2 && !allow_deprecated; i++)
    if (strstr(url, deprecated[i][0]))
      return finish(&cmd, &pos, ct_cli_errorf("repo \"%s\" is no longer available; try \"%s\" instead", url, deprecated[i][1]));
  char *stdin_pass = NULL;
  if (pass_stdin) {
    ct_buf b = CT_BUF_INIT;
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, stdin)) > 0) ct_buf_put(&b, tmp, n);
    while (b.len && (b.ptr[b.len - 1] == '\n' || b.ptr[b.len - 1] == '\r')) ct_buf_truncate(&b, b.len - 1);
    stdin_pass = ct_buf_steal(&b);
    if (!stdin_pass) stdin_pass = strdup("");
    pass = stdin_pass;
  }
  if (*user && !*pass) {
    free(stdin_pass);
    return finish(&cmd, &pos, ct_cli_errorf("password is required with --username (use --password or --password-stdin)"));
  }
  int fd = lock_config();
  ct_repo_list l;
  int status = 0;
  if (ct_repo_file_read(&l, ct_repo_config_path()) != CT_OK) {
    unlock_config(fd);
    free(stdin_pass);
    return finish(&cmd, &pos, ct_cli_errorf("%s", ct_error_last()));
  }
  ct_repo_entry e = {(char *)name, (char *)url, (char *)user, (char *)pass, (char *)ca, (char *)cert, (char *)key,
                     insecure, passcreds};
  const ct_repo_entry *old = ct_repo_list_find(&l, name);
  if (old && !force) {
    bool eq = same(old->url, url) && same(old->username, user) && same(old->password, pass) && same(old->ca_file, ca) &&
              same(old->cert_file, cert) && same(old->key_file, key) && old->insecure == insecure &&
              old->pass_credentials == passcreds;
    if (!eq) status = ct_cli_errorf("repository name (%s) already exists, please specify a different name", name);
    else printf("\"%s\" already exists with the same configuration, skipping\n", name);
  } else if (ct_repo_update_index(&e) != CT_OK) {
    char *safe = strdup(url);
    /* never echo credentials embedded in the URL */
    char *at = strchr(safe, '@'), *sch = strstr(safe, "://");
    if (at && sch && at > sch && !memchr(sch + 3, '/', (size_t)(at - sch - 3)))
      memmove(sch + 3, at + 1, strlen(at + 1) + 1);
    status = ct_cli_errorf("looks like \"%s\" is not a valid chart repository or cannot be reached: %s", safe,
                           ct_error_last());
    free(safe);
  } else {
    ct_repo_list nl = {calloc(l.len + 1, sizeof(ct_repo_entry)), 0};
    bool replaced = false;
    for (size_t i = 0; i < l.len; i++) {
      if (!strcmp(l.v[i].name, name)) {
        nl.v[nl.len++] = e;
        replaced = true;
      } else {
        nl.v[nl.len++] = l.v[i];
      }
    }
    if (!replaced) nl.v[nl.len++] = e;
    if (ct_repo_file_write(&nl, ct_repo_config_path()) != CT_OK) status = ct_cli_errorf("%s", ct_error_last());
    else printf("\"%s\" has been added to your repositories\n", name);
    free(nl.v);
  }
  ct_repo_list_dispose(&l);
  unlock_config(fd);
  free(stdin_pass);
  return finish(&cmd, &pos, status);
}

static int repo_list(int argc, char **argv) {
  const char *output = "table";
  ct_flag flags[] = {{.name = "output", .shorthand = 'o', .kind = CT_FLAG_STRING, .dest = &output,
                      .usage = "prints the output in the specified format. Allowed values: table, json, yaml",
                      .def_text = "table"}};
  ct_cmd_def cmd = {.path = "chartctl repo list", .short_desc = "list chart repositories", .aliases = "list, ls",
                    .flags = flags, .nflags = 1};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_none(&cmd, &pos);
  if (rc != CT_CLI_OK) return finish(&cmd, &pos, rc == CT_CLI_HELP ? 0 : 1);
  ct_repo_set_paths(ct_cli_g.repository_config, ct_cli_g.repository_cache);
  if (strcmp(output, "table") && strcmp(output, "json") && strcmp(output, "yaml"))
    return finish(&cmd, &pos, ct_cli_errorf("invalid format type"));
  ct_repo_list l;
  if (ct_repo_file_read(&l, ct_repo_config_path()) != CT_OK)
    return finish(&cmd, &pos, ct_cli_errorf("%s", ct_error_last()));
  int status = 0;
  if (!l.len && !strcmp(output, "table")) {
    status = ct_cli_errorf("no repositories to show");
  } else if (!strcmp(output, "table")) {
    const char **cells = calloc((l.len + 1) * 2, sizeof *cells);
    cells[0] = "NAME", cells[1] = "URL";
    for (size_t i = 0; i < l.len; i++) cells[(i + 1) * 2] = l.v[i].name, cells[(i + 1) * 2 + 1] = l.v[i].url;
    ct_repo_table(stdout, cells, 2, l.len + 1, 0);
    free(cells);
  } else {
    /* output.EncodeJSON / EncodeYAML of []repositoryElement{name, url} */
    ct_arena *a = ct_arena_new();
    ct_buf b = CT_BUF_INIT, err = CT_BUF_INIT;
    if (!strcmp(output, "json")) {
      ct_buf_putc(&b, '[');
      for (size_t i = 0; i < l.len; i++) {
        ct_buf_puts(&b, i ? ",{\"name\":" : "{\"name\":");
        ct_json_emit(&b, ct_cstring(a, l.v[i].name), NULL, true, &err);
        ct_buf_puts(&b, ",\"url\":");
        ct_json_emit(&b, ct_cstring(a, l.v[i].url), NULL, true, &err);
        ct_buf_putc(&b, '}');
      }
      ct_buf_puts(&b, "]\n");
    } else {
      ct_value *lst = ct_list_new(a, CT_LIST, l.len);
      for (size_t i = 0; i < l.len; i++) {
        ct_value *m = ct_map_new(a, CT_MAP, 2);
        ct_map_setc(a, m, "name", ct_cstring(a, l.v[i].name));
        ct_map_setc(a, m, "url", ct_cstring(a, l.v[i].url));
        ct_list_push(a, lst, m);
      }
      ct_yaml_emit(&b, lst, &err);
    }
    fputs(ct_buf_str(&b), stdout);
    ct_buf_dispose(&b);
    ct_buf_dispose(&err);
    ct_arena_free(a);
  }
  ct_repo_list_dispose(&l);
  return finish(&cmd, &pos, status);
}

static int repo_remove(int argc, char **argv) {
  ct_cmd_def cmd = {.path = "chartctl repo remove", .args_use = "[REPO1 [REPO2 ...]]",
                    .short_desc = "remove one or more chart repositories", .aliases = "remove, rm"};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_min(&cmd, &pos, 1);
  if (rc != CT_CLI_OK) return finish(&cmd, &pos, rc == CT_CLI_HELP ? 0 : 1);
  ct_repo_set_paths(ct_cli_g.repository_config, ct_cli_g.repository_cache);
  int fd = lock_config();
  ct_repo_list l;
  int status = 0;
  if (ct_repo_file_read(&l, ct_repo_config_path()) != CT_OK) {
    unlock_config(fd);
    return finish(&cmd, &pos, ct_cli_errorf("%s", ct_error_last()));
  }
  if (!l.len) status = ct_cli_errorf("no repositories configured");
  for (size_t i = 0; i < pos.len && !status; i++) {
    const char *name = pos.items[i];
    size_t k = 0;
    bool found = false;
    for (size_t j = 0; j < l.len; j++) {
      if (!strcmp(l.v[j].name, name)) {
        ct_repo_entry *e = &l.v[j];
        free(e->name), free(e->url), free(e->username), free(e->password);
        free(e->ca_file), free(e->cert_file), free(e->key_file);
        found = true;
      } else {
        l.v[k++] = l.v[j];
      }
    }
    l.len = k;
    if (!found) {
      status = ct_cli_errorf("no repo named \"%s\" found", name);
      break;
    }
    if (ct_repo_file_write(&l, ct_repo_config_path()) != CT_OK) {
      status = ct_cli_errorf("%s", ct_error_last());
      break;
    }
    ct_buf p = CT_BUF_INIT;
    ct_buf_printf(&p, "%s/%s-index.yaml", ct_repo_cache_path(), name);
    unlink(ct_buf_str(&p));
    ct_buf_reset(&p);
    ct_buf_printf(&p, "%s/%s-charts.txt", ct_repo_cache_path(), name);
    unlink(ct_buf_str(&p));
    ct_buf_dispose(&p);
    printf("\"%s\" has been removed from your repositories\n", name);
  }
  ct_repo_list_dispose(&l);
  unlock_config(fd);
  return finish(&cmd, &pos, status);
}

static int repo_update(int argc, char **argv) {
  bool fail_on_error = false;
  ct_flag flags[] = {{.name = "fail-on-repo-update-fail", .kind = CT_FLAG_BOOL, .dest = &fail_on_error,
                      .usage = "update fails if any of the repository updates fail"}};
  ct_cmd_def cmd = {.path = "chartctl repo update", .args_use = "[REPO1 [REPO2 ...]]",
                    .short_desc = "update information of available charts locally from chart repositories",
                    .aliases = "update, up", .flags = flags, .nflags = 1};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc != CT_CLI_OK) return finish(&cmd, &pos, rc == CT_CLI_HELP ? 0 : 1);
  ct_repo_set_paths(ct_cli_g.repository_config, ct_cli_g.repository_cache);
  ct_repo_list l;
  if (ct_repo_file_read(&l, ct_repo_config_path()) != CT_OK)
    return finish(&cmd, &pos, ct_cli_errorf("%s", ct_error_last()));
  int status = 0;
  if (!l.len) status = ct_cli_errorf("no repositories found. You must add one before updating");
  for (size_t i = 0; i < pos.len && !status; i++)
    if (!ct_repo_list_find(&l, pos.items[i]))
      status = ct_cli_errorf("no repositories found matching '%s'.  Nothing will be updated", pos.items[i]);
  if (!status) {
    printf("Hang tight while we grab the latest from your chart repositories...\n");
    ct_buf failed = CT_BUF_INIT;
    for (size_t i = 0; i < l.len; i++) {
      bool want = !pos.len;
      for (size_t k = 0; k < pos.len; k++) want = want || !strcmp(pos.items[k], l.v[i].name);
      if (!want) continue;
      if (ct_repo_update_index(&l.v[i]) != CT_OK) {
        printf("...Unable to get an update from the \"%s\" chart repository (%s):\n\t%s\n", l.v[i].name, l.v[i].url,
               ct_error_last());
        if (failed.len) ct_buf_putc(&failed, ' ');
        ct_buf_puts(&failed, l.v[i].url);
      } else {
        printf("...Successfully got an update from the \"%s\" chart repository\n", l.v[i].name);
      }
    }
    fflush(stdout);
    if (failed.len) status = ct_cli_errorf("Failed to update the following repositories: [%s]", failed.ptr);
    else printf("Update Complete. \xe2\x8e\x88Happy Helming!\xe2\x8e\x88\n");
    ct_buf_dispose(&failed);
  }
  ct_repo_list_dispose(&l);
  return finish(&cmd, &pos, status);
}

static int repo_index(int argc, char **argv) {
  const char *url = NULL, *merge = NULL;
  bool json = false;
  ct_flag flags[] = {
      {.name = "json", .kind = CT_FLAG_BOOL, .dest = &json, .usage = "output in JSON format"},
      {.name = "merge", .kind = CT_FLAG_STRING, .dest = &merge, .usage = "merge the generated index into the given index"},
      {.name = "url", .kind = CT_FLAG_STRING, .dest = &url, .usage = "url of chart repository"},
  };
  ct_cmd_def cmd = {.path = "chartctl repo index", .args_use = "[DIR]",
                    .short_desc = "generate an index file given a directory containing packaged charts",
                    .long_desc = "Read the current directory, generate an index file based on the charts found\n"
                                 "and write the result to 'index.yaml' in the current directory.\n\n"
                                 "This tool is used for creating an 'index.yaml' file for a chart repository. To\n"
                                 "set an absolute URL to the charts, use '--url' flag.\n\n"
                                 "To merge the generated index with an existing index file, use the '--merge'\n"
                                 "flag. In this case, the charts found in the current directory will be merged\n"
                                 "into the index passed in with --merge, with local charts taking priority over\n"
                                 "existing charts.",
                    .flags = flags, .nflags = sizeof flags / sizeof flags[0]};
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK) rc = ct_cli_require_exact(&cmd, &pos, 1);
  if (rc != CT_CLI_OK) return finish(&cmd, &pos, rc == CT_CLI_HELP ? 0 : 1);
  int status = 0;
  if (ct_repo_index_dir_fmt(pos.items[0], url, merge, json) != CT_OK) status = ct_cli_errorf("%s", ct_error_last());
  return finish(&cmd, &pos, status);
}

int ct_cmd_repo(int argc, char **argv) {
  static const ct_subcmd subs[] = {
      {"add", NULL, repo_add},       {"index", NULL, repo_index},     {"list", "ls", repo_list},
      {"remove", "rm", repo_remove}, {"update", "up", repo_update},
  };
  static const ct_subcmd_info infos[] = {
      {"add", "add a chart repository"},
      {"index", "generate an index file given a directory containing packaged charts"},
      {"list", "list chart repositories"},
      {"remove", "remove one or more chart repositories"},
      {"update", "update information of available charts locally from chart repositories"},
  };
  ct_cmd_def cmd = {
      .path = "chartctl repo",
      .args_use = "[command]",
      .short_desc = "add, list, remove, update, and index chart repositories",
      .long_desc = "This command consists of multiple subcommands to interact with chart repositories.\n\n"
                   "It can be used to add, remove, list, and index chart repositories.",
      .subs = infos,
      .nsubs = sizeof infos / sizeof infos[0],
  };
  return ct_cli_dispatch(&cmd, subs, sizeof subs / sizeof subs[0], argc, argv);
}
