/* chart_action.c — Helm's runInstall and Install.RunWithContext for client-only rendering:
 * NameAndChart, LocateChart (local paths), MergeValues, load, checks, values, render. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "chart_action.h"
#include "chartctl/warn.h"
#include "front.h"
#include "repo/repo.h"
#include "postrender.h"
#include "chartctl/errors.h"
#include "chartctl/gofmt.h"
#include "chartctl/sprig.h"
#include "chartctl/tpl.h"
#include "chartctl/values.h"

void ct_cli__trim(const char **s, size_t *len) {
  const char *p = *s;
  size_t n = *len;
  while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f'))
    p++, n--;
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r' ||
               p[n - 1] == '\v' || p[n - 1] == '\f'))
    n--;
  *s = p;
  *len = n;
}

int ct_cli_values_merge(ct_value **out, ct_arena *a, const ct_cli_values_flags *v, ct_buf *err) {
  /* values from stdin could not be read again by chartctl-dyn after a later hand-off */
  for (size_t i = 0; i < v->files.len; i++) {
    const char *f = v->files.items[i];
    while (*f == ' ' || *f == '\t' || *f == '\n' || *f == '\r')
      f++;
    if (*f == '-' && !f[1 + strspn(f + 1, " \t\n\r")]) ct_front_need("values from standard input");
    else
      ct_front_need_rereadable(v->files.items[i]);
  }
  /* --set-file KEY=PATH[,KEY=PATH...]: every text after a '=' up to a ',' may be a path */
  for (size_t i = 0; i < v->set_file.len; i++) {
    for (const char *eq = strchr(v->set_file.items[i], '='); eq; eq = strchr(eq + 1, '=')) {
      size_t n = strcspn(eq + 1, ",");
      char *path = ct_arena_strndup(a, eq + 1, n);
      ct_front_need_rereadable(path);
    }
  }
  ct_values_opts o = {
      .value_files = (const char *const *)v->files.items, .n_value_files = v->files.len,
      .set_json = (const char *const *)v->set_json.items, .n_set_json = v->set_json.len,
      .set = (const char *const *)v->set.items, .n_set = v->set.len,
      .set_string = (const char *const *)v->set_string.items, .n_set_string = v->set_string.len,
      .set_file = (const char *const *)v->set_file.items, .n_set_file = v->set_file.len,
      .set_literal = (const char *const *)v->set_literal.items, .n_set_literal = v->set_literal.len,
  };
  if (ct_values_merge(out, a, &o) != CT_OK) {
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  return 0;
}

void ct_cli_values_flags_dispose(ct_cli_values_flags *v) {
  /* the parser's ct_cli_flags_dispose frees these; nothing else is owned */
  (void)v;
}

/* ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$, at most 53 bytes */
bool ct_cli__valid_release_name(const char *name) {
  size_t n = strlen(name);
  if (!n || n > 53) return false;
  const char *p = name;
  for (;;) {
    /* one label: alnum, then [-alnum]* ending in alnum */
    const char *s = p;
    while (*p && *p != '.') {
      char c = *p;
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
      p++;
    }
    if (p == s || s[0] == '-' || p[-1] == '-') return false;
    if (!*p) return true;
    p++;
  }
}

int ct_cli__locate_chart(const char **out, const char *name, ct_arena *a, ct_buf *err) {
  const char *s = name;
  size_t n = strlen(name);
  ct_cli__trim(&s, &n);
  char *p = ct_arena_strndup(a, s, n);
  struct stat st;
  if (stat(p, &st) == 0) {
    *out = p;
    return 0;
  }
  /* repo/name or an http(s) URL: the repositories added with `chartctl repo add` */
  if (p[0] != '/' && p[0] != '.' && strchr(p, '/')) {
    char *local = NULL;
    ct_repo_set_paths(ct_cli_g.repository_config, ct_cli_g.repository_cache);
    if (ct_repo_locate_chart(&local, p, "") == CT_OK) {
      *out = ct_arena_strdup(a, local);
      free(local);
      return 0;
    }
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  ct_buf q = CT_BUF_INIT;
  ct_gofmt_quote(&q, p, strlen(p));
  if (p[0] == '/' || p[0] == '.') {
    ct_buf_printf(err, "path %s not found", ct_buf_str(&q));
  } else {
    const char *slash = strchr(p, '/');
    if (!slash)
      ct_buf_printf(err, "non-absolute URLs should be in form of repo_name/path_to_chart, got: %s", p);
    else
      ct_buf_printf(err, "repo %.*s not found", (int)(slash - p), p);
  }
  ct_buf_dispose(&q);
  return -1;
}

/* action.TemplateName: the name template executed with Sprig's functions and nil data */
static int template_name(const char **out, ct_arena *a, const char *tmpl, ct_buf *err) {
  ct_tpl_set *s = ct_tpl_set_new();
  size_t nf;
  const ct_func *f = ct_sprig_funcs(&nf);
  ct_tpl_set_funcs(s, f, nf);
  ct_buf b = CT_BUF_INIT;
  int rc = -1;
  char *copy = ct_arena_strdup(a, tmpl);
  if (ct_tpl_parse(s, "name-template", copy, strlen(copy), err) == 0) {
    ct_exec_opts o = {.arena = a};
    if (ct_tpl_execute(s, "name-template", NULL, &b, &o, err) == 0) {
      *out = ct_arena_strndup(a, ct_buf_str(&b), b.len);
      rc = 0;
    }
  }
  ct_buf_dispose(&b);
  ct_tpl_set_free(s);
  return rc;
}

static int name_and_chart(const char **name, const char **chart, ct_arena *a,
                          const ct_chart_install_opts *o, const char *const *args, size_t nargs,
                          ct_buf *err) {
  if (nargs > 2) {
    ct_buf_puts(err, "expected at most two arguments, unexpected arguments: ");
    for (size_t i = 2; i < nargs; i++) ct_buf_printf(err, "%s%s", i > 2 ? ", " : "", args[i]);
    return -1;
  }
  if (nargs == 2) {
    *name = args[0];
    *chart = args[1];
    if (o->generate_name) return ct_buf_puts(err, "cannot set --generate-name and also specify a name"), -1;
    if (o->name_template && *o->name_template)
      return ct_buf_puts(err, "cannot set --name-template and also specify a name"), -1;
    return 0;
  }
  *chart = args[0];
  if (o->name_template && *o->name_template) return template_name(name, a, o->name_template, err);
  if (o->release_name && *o->release_name) {
    *name = o->release_name;
    return 0;
  }
  if (!o->generate_name) return ct_buf_puts(err, "must either provide a name or specify --generate-name"), -1;
  const char *base = strrchr(args[0], '/');
  base = base && base[1] ? base + 1 : args[0];
  if (!strcmp(base, ".") || !*base) base = "chart";
  const char *dot = strchr(base, '.');
  size_t bl = dot ? (size_t)(dot - base) : strlen(base);
  *name = ct_arena_sprintf(a, "%.*s-%ld", (int)bl, base, (long)time(NULL));
  return 0;
}

int ct_cli__install_render(ct_chart_install_result *out, ct_arena *a,
                           const ct_chart_install_opts *o, const char *const *args, size_t nargs,
                           ct_buf *err) {
  memset(out, 0, sizeof *out);
  ct_caps *caps = ct_caps_default(a, o->api_versions, o->n_api_versions);
  if (o->kube_version && *o->kube_version) {
    if (ct_caps_set_kube_version(caps, a, o->kube_version) != CT_OK) {
      ct_buf_printf(err, "invalid kube version '%s': %s", o->kube_version, ct_error_last());
      return -1;
    }
  }
  const char *name, *chart_ref;
  if (name_and_chart(&name, &chart_ref, a, o, args, nargs, err)) return -1;
  out->release_name = name;
  const char *path;
  if (ct_cli__locate_chart(&path, chart_ref, a, err)) return -1;
  ct_chart_prefetch(path, (const char *const *)o->values->files.items, o->values->files.len);

  ct_value *user = NULL;
  if (ct_cli_values_merge(&user, a, o->values, err)) return -1;

  ct_chart *c = NULL;
  /* Files are read when a template asks for them (.Files): template needs no others */
  if (ct_chart_load_lazy(&c, path, NULL) != CT_OK) {
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  out->chart = c;
  const char *type = c->meta.type ? c->meta.type : "";
  if (*type && strcmp(type, "application")) {
    ct_buf_printf(err, "%s charts are not installable", type);
    return -1;
  }
  if (c->meta.deprecated) ct_warnf(NULL, "WARNING: This chart is deprecated\n");
  if (c->meta.ndeps && ct_chart_check_dependencies(c) != CT_OK) {
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  out->namespace_ = ct_cli_namespace();
  if (o->dry_run) {
    static const char *const ok[] = {"false", "true", "none", "client", "server"};
    bool good = false;
    for (size_t i = 0; i < 5; i++) good = good || !strcmp(o->dry_run, ok[i]);
    if (!good) {
      ct_buf_puts(err, "Invalid dry-run flag. Flag must one of the following: false, true, none, "
                       "client, server");
      return -1;
    }
  }
  if (!ct_cli__valid_release_name(name)) {
    ct_buf q = CT_BUF_INIT;
    ct_gofmt_quote(&q, name, strlen(name));
    ct_buf_printf(err, "release name %s: invalid release name, must match regex "
                       "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the "
                       "length must not be longer than 53", ct_buf_str(&q));
    ct_buf_dispose(&q);
    return -1;
  }
  ct_chart *view = NULL;
  if (ct_chart_process_dependencies(&view, a, c, user, NULL) != CT_OK) {
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  ct_value *vals = NULL;
  if (ct_values_coalesce(&vals, a, view, user, NULL) != CT_OK) {
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  if (!o->skip_schema_validation && ct_values_validate(view, vals) != CT_OK) {
    ct_buf_puts(err, ct_error_last());
    return -1;
  }
  ct_release_opts rel = {
      .name = name,
      .namespace = out->namespace_,
      .revision = 1,
      .is_upgrade = o->is_upgrade,
      .is_install = !o->is_upgrade,
  };
  ct_value *top = ct_values_render_top(a, view, vals, &rel);
  out->rendered = true;
  ct_resources_opts ro = {
      .include_crds = o->include_crds,
      .sub_notes = o->sub_notes,
      .output_dir = o->output_dir && *o->output_dir ? o->output_dir : NULL,
      .use_release_name = o->use_release_name,
      .release_name = name,
      .render = &o->render,
      .stream = o->post_renderer && *o->post_renderer ? NULL : o->stream,
  };
  if (ct_render_resources(&out->res, a, view, top, caps, &ro, err) != 0) {
    if (ct_chart_read_error(view)) out->rendered = false; /* a load error: no release yet */
    return -1;
  }
  if (o->post_renderer && *o->post_renderer) {
    ct_buf pr = CT_BUF_INIT, perr = CT_BUF_INIT;
    if (ct_cli__post_render(&pr, o->post_renderer, o->post_renderer_args, o->n_post_renderer_args,
                            out->res.manifest, out->res.manifest_len, &perr) != 0) {
      ct_buf_printf(err, "error while running post render on files: %s", ct_buf_str(&perr));
      ct_buf_dispose(&pr);
      ct_buf_dispose(&perr);
      return -1;
    }
    out->res.manifest = ct_arena_strndup(a, ct_buf_str(&pr), pr.len);
    out->res.manifest_len = pr.len;
    ct_buf_dispose(&pr);
    ct_buf_dispose(&perr);
  }
  return 0;
}
