/* cmd_template.c — `chartctl template [NAME] CHART` as Helm 3.17.1's `helm template`
 * (cmd/helm/template.go over action.Install in client-only dry-run mode). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chartctl/errors.h"
#include "chartctl/mapguard.h"
#include "chartctl/render.h"
#include "chart_action.h"
#include "cli.h"
#include "front.h"
#include "postrender.h"

typedef struct tmpl_flags {
  ct_strv api_versions, show_only, labels, post_renderer_args;
  bool include_crds, skip_crds, skip_tests, is_upgrade, use_release_name, validate, generate_name;
  bool no_hooks, hide_notes, render_subchart_notes, atomic, create_namespace, dependency_update,
      devel, disable_openapi_validation, enable_dns, force, insecure_skip_tls_verify,
      pass_credentials, plain_http, replace, skip_schema_validation, take_ownership, verify,
      wait, wait_for_jobs;
  const char *kube_version, *output_dir, *name_template, *description, *dry_run, *ca_file,
      *cert_file, *key_file, *keyring, *password, *post_renderer, *repo, *username, *version,
      *batch;
  double timeout;
  ct_cli_values_flags values;
} tmpl_flags;

/* "# Source: [^/]+/(.+)": the path after the chart name of the first such line */
static bool source_path(const char *m, const char **out, size_t *len) {
  for (const char *p = m; (p = strstr(p, "# Source: ")) != NULL; p++) {
    const char *q = p + 10;
    const char *start = q;
    while (*q && *q != '/') q++;
    if (q == start || *q != '/') continue;
    q++;
    const char *e = q;
    while (*e && *e != '\n') e++;
    if (e == q) continue;
    *out = q;
    *len = (size_t)(e - q);
    return true;
  }
  return false;
}

static bool is_test_hook(const ct_manifest *h) {
  for (size_t i = 0; i < h->nevents; i++)
    if (!strcmp(h->events[i], "test")) return true;
  return false;
}

int ct_cmd_template(int argc, char **argv) {
  tmpl_flags f = {0};
  f.timeout = 300;
  ct_flag flags[] = {
      {"api-versions", 'a', CT_FLAG_STRINGS, &f.api_versions,
       "Kubernetes api versions used for Capabilities.APIVersions", NULL, NULL, false, false},
      {"atomic", 0, CT_FLAG_BOOL, &f.atomic,
       "if set, the installation process deletes the installation on failure. The --wait flag "
       "will be set automatically if --atomic is used", NULL, NULL, false, false},
      {"batch", 0, CT_FLAG_STRING, &f.batch,
       "render once for each line of this file ('-' for stdin) in one process: each line holds "
       "template arguments as shell words, added after the others given; a line's output "
       "follows a '# chartctl-batch: LINE' line", NULL, NULL, false, false},
      {"ca-file", 0, CT_FLAG_STRING, &f.ca_file,
       "verify certificates of HTTPS-enabled servers using this CA bundle", NULL, NULL, false, false},
      {"cert-file", 0, CT_FLAG_STRING, &f.cert_file,
       "identify HTTPS client using this SSL certificate file", NULL, NULL, false, false},
      {"create-namespace", 0, CT_FLAG_BOOL, &f.create_namespace,
       "create the release namespace if not present", NULL, NULL, false, false},
      {"dependency-update", 0, CT_FLAG_BOOL, &f.dependency_update,
       "update dependencies if they are missing before installing the chart", NULL, NULL, false, false},
      {"description", 0, CT_FLAG_STRING, &f.description, "add a custom description", NULL, NULL,
       false, false},
      {"devel", 0, CT_FLAG_BOOL, &f.devel,
       "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, "
       "this is ignored", NULL, NULL, false, false},
      {"disable-openapi-validation", 0, CT_FLAG_BOOL, &f.disable_openapi_validation,
       "if set, the installation process will not validate rendered templates against the "
       "Kubernetes OpenAPI Schema", NULL, NULL, false, false},
      {"dry-run", 0, CT_FLAG_STRING_OPT, &f.dry_run,
       "simulate an install. If --dry-run is set with no option being specified or as "
       "'--dry-run=client', it will not attempt cluster connections. Setting '--dry-run=server' "
       "allows attempting cluster connections.", NULL, "client", false, false},
      {"enable-dns", 0, CT_FLAG_BOOL, &f.enable_dns, "enable DNS lookups when rendering templates",
       NULL, NULL, false, false},
      {"force", 0, CT_FLAG_BOOL, &f.force,
       "force resource updates through a replacement strategy", NULL, NULL, false, false},
      {"generate-name", 'g', CT_FLAG_BOOL, &f.generate_name,
       "generate the name (and omit the NAME parameter)", NULL, NULL, false, false},
      {"hide-notes", 0, CT_FLAG_BOOL, &f.hide_notes,
       "if set, do not show notes in install output. Does not affect presence in chart metadata",
       NULL, NULL, false, false},
      {"include-crds", 0, CT_FLAG_BOOL, &f.include_crds, "include CRDs in the templated output",
       NULL, NULL, false, false},
      {"insecure-skip-tls-verify", 0, CT_FLAG_BOOL, &f.insecure_skip_tls_verify,
       "skip tls certificate checks for the chart download", NULL, NULL, false, false},
      {"is-upgrade", 0, CT_FLAG_BOOL, &f.is_upgrade,
       "set .Release.IsUpgrade instead of .Release.IsInstall", NULL, NULL, false, false},
      {"key-file", 0, CT_FLAG_STRING, &f.key_file,
       "identify HTTPS client using this SSL key file", NULL, NULL, false, false},
      {"keyring", 0, CT_FLAG_STRING, &f.keyring, "location of public keys used for verification",
       NULL, NULL, false, false},
      {"kube-version", 0, CT_FLAG_STRING, &f.kube_version,
       "Kubernetes version used for Capabilities.KubeVersion", NULL, NULL, false, false},
      {"labels", 'l', CT_FLAG_STRING_MAP, &f.labels,
       "Labels that would be added to release metadata. Should be divided by comma.", "[]", NULL,
       false, false},
      {"name-template", 0, CT_FLAG_STRING, &f.name_template,
       "specify template used to name the release", NULL, NULL, false, false},
      {"no-hooks", 0, CT_FLAG_BOOL, &f.no_hooks, "prevent hooks from running during install", NULL,
       NULL, false, false},
      {"output-dir", 0, CT_FLAG_STRING, &f.output_dir,
       "writes the executed templates to files in output-dir instead of stdout", NULL, NULL, false,
       false},
      {"pass-credentials", 0, CT_FLAG_BOOL, &f.pass_credentials, "pass credentials to all domains",
       NULL, NULL, false, false},
      {"password", 0, CT_FLAG_STRING, &f.password,
       "chart repository password where to locate the requested chart", NULL, NULL, false, false},
      {"plain-http", 0, CT_FLAG_BOOL, &f.plain_http,
       "use insecure HTTP connections for the chart download", NULL, NULL, false, false},
      {"post-renderer", 0, CT_FLAG_STRING, &f.post_renderer,
       "the path to an executable to be used for post rendering. If it exists in $PATH, the "
       "binary will be used, otherwise it will try to look for the executable at the given path",
       NULL, NULL, false, false},
      {"post-renderer-args", 0, CT_FLAG_STRING_ARRAY, &f.post_renderer_args,
       "an argument to the post-renderer (can specify multiple)", "[]", NULL, false, false},
      {"release-name", 0, CT_FLAG_BOOL, &f.use_release_name,
       "use release name in the output-dir path.", NULL, NULL, false, false},
      {"render-subchart-notes", 0, CT_FLAG_BOOL, &f.render_subchart_notes,
       "if set, render subchart notes along with the parent", NULL, NULL, false, false},
      {"replace", 0, CT_FLAG_BOOL, &f.replace,
       "re-use the given name, only if that name is a deleted release which remains in the "
       "history. This is unsafe in production", NULL, NULL, false, false},
      {"repo", 0, CT_FLAG_STRING, &f.repo,
       "chart repository url where to locate the requested chart", NULL, NULL, false, false},
      {"show-only", 's', CT_FLAG_STRING_ARRAY, &f.show_only,
       "only show manifests rendered from the given templates", NULL, NULL, false, false},
      {"skip-crds", 0, CT_FLAG_BOOL, &f.skip_crds,
       "if set, no CRDs will be installed. By default, CRDs are installed if not already present",
       NULL, NULL, false, false},
      {"skip-schema-validation", 0, CT_FLAG_BOOL, &f.skip_schema_validation,
       "if set, disables JSON schema validation", NULL, NULL, false, false},
      {"skip-tests", 0, CT_FLAG_BOOL, &f.skip_tests, "skip tests from templated output", NULL, NULL,
       false, false},
      {"take-ownership", 0, CT_FLAG_BOOL, &f.take_ownership,
       "if set, install will ignore the check for helm annotations and take ownership of the "
       "existing resources", NULL, NULL, false, false},
      {"timeout", 0, CT_FLAG_DURATION, &f.timeout,
       "time to wait for any individual Kubernetes operation (like Jobs for hooks)", "5m0s", NULL,
       false, false},
      {"username", 0, CT_FLAG_STRING, &f.username,
       "chart repository username where to locate the requested chart", NULL, NULL, false, false},
      {"validate", 0, CT_FLAG_BOOL, &f.validate,
       "validate your manifests against the Kubernetes cluster you are currently pointing at. "
       "This is the same validation performed on an install", NULL, NULL, false, false},
      {"verify", 0, CT_FLAG_BOOL, &f.verify, "verify the package before using it", NULL, NULL,
       false, false},
      {"version", 0, CT_FLAG_STRING, &f.version,
       "specify a version constraint for the chart version to use. This constraint can be a "
       "specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not "
       "specified, the latest version is used", NULL, NULL, false, false},
      {"wait", 0, CT_FLAG_BOOL, &f.wait,
       "if set, will wait until all Pods, PVCs, Services, and minimum number of Pods of a "
       "Deployment, StatefulSet, or ReplicaSet are in a ready state before marking the release as "
       "successful. It will wait for as long as --timeout", NULL, NULL, false, false},
      {"wait-for-jobs", 0, CT_FLAG_BOOL, &f.wait_for_jobs,
       "if set and --wait enabled, will wait until all Jobs have been completed before marking "
       "the release as successful. It will wait for as long as --timeout", NULL, NULL, false, false},
      CT_CLI_VALUES_FLAGS(f.values),
  };
  ct_cmd_def cmd = {
      .path = "chartctl template",
      .args_use = "[NAME] [CHART]",
      .short_desc = "locally render templates",
      .long_desc = "Render chart templates locally and display the output.\n\n"
                   "Any values that would normally be looked up or retrieved in-cluster will be\n"
                   "faked locally. Additionally, none of the server-side testing of chart validity\n"
                   "(e.g. whether an API is supported) is done.",
      .flags = flags,
      .nflags = sizeof flags / sizeof flags[0],
  };
  ct_strv pos = {0};
  int rc = ct_cli_parse(&cmd, argc, argv, &pos);
  if (rc == CT_CLI_OK && f.post_renderer && *f.post_renderer) {
    ct_buf perr = CT_BUF_INIT;
    if (ct_cli__post_render_check(f.post_renderer, &perr) != 0) {
      ct_cli_errorf("%s", ct_buf_str(&perr));
      rc = CT_CLI_ERR;
    }
    ct_buf_dispose(&perr);
  }
  if (rc == CT_CLI_OK && f.batch) {
    /* a line may need a library the static front lacks once earlier lines were printed */
    ct_front_need("--batch");
    int brc = ct_cli__template_batch(f.batch, argc, argv, flags, cmd.nflags);
    ct_cli_args_dispose(&pos);
    ct_cli_flags_dispose(&cmd);
    return brc;
  }
  if (rc == CT_CLI_OK) rc = ct_cli_require_min(&cmd, &pos, 1);
  if (rc != CT_CLI_OK) {
    ct_cli_args_dispose(&pos);
    ct_cli_flags_dispose(&cmd);
    return rc == CT_CLI_HELP ? 0 : 1;
  }

  /* one render, then the process ends: files and cache entries mapped for it are left to the
   * exit to unmap (a batch renders on, and unmaps each) */
  if (!ct_cli__in_batch()) ct_mapguard_exiting();
  ct_arena *a = ct_arena_new();
  ct_buf err = CT_BUF_INIT;
  int status = 1;
  ct_chart_install_opts io = {
      .release_name = "release-name",
      .name_template = f.name_template,
      .generate_name = f.generate_name,
      .kube_version = f.kube_version,
      .api_versions = (const char *const *)f.api_versions.items,
      .n_api_versions = f.api_versions.len,
      .is_upgrade = f.is_upgrade,
      .skip_schema_validation = f.skip_schema_validation,
      .dry_run = f.dry_run,
      .include_crds = f.include_crds,
      .sub_notes = f.render_subchart_notes,
      .output_dir = f.output_dir,
      .use_release_name = f.use_release_name,
      .values = &f.values,
      .post_renderer = f.post_renderer,
      .post_renderer_args = (const char *const *)f.post_renderer_args.items,
      .n_post_renderer_args = f.post_renderer_args.len,
      /* the manifest document goes straight to stdout unless --show-only picks from it */
      .stream = f.show_only.len || (f.output_dir && *f.output_dir) ? NULL : stdout,
  };
  ct_chart_install_result res;
  int irc = ct_cli__install_render(&res, a, &io, (const char *const *)pos.items, pos.len, &err);
  if (irc != 0 && !ct_cli_g.debug) {
    if (res.rendered)
      ct_cli_errorf("%s\n\nUse --debug flag to render out invalid YAML", ct_buf_str(&err));
    else
      ct_cli_errorf("%s", ct_buf_str(&err));
    goto done;
  }
  if (res.rendered) {
    /* the manifest document (unless it was streamed to stdout already), then each hook */
    ct_buf manifests = CT_BUF_INIT;
    if (!res.res.streamed) {
      const char *m = res.res.manifest;
      size_t ml = res.res.manifest_len;
      ct_cli__trim(&m, &ml);
      ct_buf_put(&manifests, m, ml);
      ct_buf_putc(&manifests, '\n');
    }
    if (!f.no_hooks) {
      for (size_t i = 0; i < res.res.nhooks; i++) {
        ct_manifest *h = &res.res.hooks[i];
        if (f.skip_tests && is_test_hook(h)) continue;
        if (!f.output_dir) {
          ct_buf_printf(&manifests, "---\n# Source: %s\n", h->name);
          ct_buf_put(&manifests, h->doc, h->doc_len);
          ct_buf_putc(&manifests, '\n');
        } else {
          const char *dir = f.output_dir;
          if (f.use_release_name) dir = ct_arena_sprintf(a, "%s/%s", f.output_dir, res.release_name);
          const char *p = ct_arena_sprintf(a, "%s/%s", dir, h->name);
          struct stat st;
          bool exists = stat(p, &st) == 0;
          if (ct_render_write_file(dir, h->name, h->doc, h->doc_len, exists) != CT_OK) {
            ct_cli_errorf("%s", ct_error_last());
            ct_buf_dispose(&manifests);
            goto done;
          }
        }
      }
    }
    bool missing_any = false;
    if (!f.show_only.len) {
      fwrite(ct_buf_str(&manifests), 1, manifests.len, stdout);
    } else {
      size_t nd;
      const char **docs = ct_manifests_split(a, ct_buf_str(&manifests), manifests.len, &nd);
      ct_buf sel = CT_BUF_INIT;
      for (size_t s = 0; s < f.show_only.len && !missing_any; s++) {
        const char *pat = f.show_only.items[s];
        bool missing = true;
        for (size_t d = 0; d < nd; d++) {
          const char *pp;
          size_t pl;
          if (!source_path(docs[d], &pp, &pl)) continue;
          char *path = ct_arena_strndup(a, pp, pl);
          if (!ct_path_match(pat, path)) continue;
          ct_buf_printf(&sel, "---\n%s\n", docs[d]);
          missing = false;
        }
        if (missing) {
          ct_cli_errorf("could not find template %s in chart", pat);
          missing_any = true;
        }
      }
      if (!missing_any) fwrite(ct_buf_str(&sel), 1, sel.len, stdout);
      ct_buf_dispose(&sel);
    }
    ct_buf_dispose(&manifests);
    if (missing_any) goto done;
  }
  if (irc != 0) {
    ct_cli_errorf("%s", ct_buf_str(&err));
    goto done;
  }
  status = 0;
done:
  ct_chart_free(res.chart);
  ct_buf_dispose(&err);
  ct_arena_free(a);
  ct_cli_args_dispose(&pos);
  ct_cli_flags_dispose(&cmd);
  ct_cli_values_flags_dispose(&f.values);
  return status;
}
