/* sc_cmd_service.c — create_new_service (also `chartctl scaffold create`): options, the
 * dialogue (chart name, components, questions, each validated and asked again), and the
 * atomic build of the chart in a temporary folder beside the target. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sc_int.h"

typedef ct_sc_create_opts opts;

typedef struct dialog {
  FILE *in, *out;
  ct_arena *a;
} dialog;

static void usage(FILE *f, const char *prog) {
  fprintf(f,
          "Usage: %s [options]\n"
          "Create a new service chart from a scaffold model and a modules folder.\n\n"
          "  --scaffold DIR|GITURL[@REF][//PATH]  the model folder (default _scaffold/service)\n"
          "  --modules DIR|GITURL[@REF][//PATH]  the modules folder (default: modules beside\n"
          "                       the model's repository root)\n"
          "  --charts-dir DIR     where charts live (default charts)\n"
          "  --name NAME          the chart name\n"
          "  --preset NAME|FILE   components and answers from a preset\n"
          "  --component NAME     select a component (repeatable)\n"
          "  --answers FILE       answers from a YAML map (question id: answer)\n"
          "  --set-answer ID=VAL  an answer (repeatable)\n"
          "  --cache-dir DIR      where git models are cloned\n"
          "  --force              replace an existing chart folder\n",
          prog);
}

static volatile sig_atomic_t chart_created;
static void on_interrupt(int sig) {
  (void)sig;
  static const char msg[] = "\naborted: no chart was created\n";
  static const char late[] = "\ninterrupted (the chart was created)\n";
  ssize_t w = chart_created ? write(2, late, sizeof late - 1) : write(2, msg, sizeof msg - 1);
  (void)w;
  _exit(130);
}

/* Reads one line; NULL on EOF. */
static char *read_line(dialog *d) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, d->in);
  if (n < 0) {
    free(line);
    return NULL;
  }
  while (n > 0 &&
         (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
    line[--n] = 0;
  size_t lead = strspn(line, " \t");
  char *r = ct_arena_strdup(d->a, line + lead);
  free(line);
  return r;
}

/* textwrap.wrap(text, 70): "* first line" then "  more lines". */
static void print_wrapped(FILE *f, const char *text, const char *first, const char *rest) {
  const char *p = text;
  size_t col = 0;
  bool line_start = true;
  fputs(first, f);
  while (*p) {
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
      p++;
    if (!*p) break;
    const char *w = p;
    while (*p && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
      p++;
    size_t wl = (size_t)(p - w);
    if (!line_start && col + 1 + wl > 70) {
      fputc('\n', f);
      fputs(rest, f);
      col = 0;
      line_start = true;
    }
    if (!line_start) {
      fputc(' ', f);
      col++;
    }
    fwrite(w, 1, wl, f);
    col += wl;
    line_start = false;
  }
  fputc('\n', f);
}

static int ask_aborted(void) {
  return ct_error_set(CT_ECONFLICT, "aborted: end of input, no chart was created");
}

static const char *dest_of(ct_arena *a, const opts *o, const char *name) {
  return ct_scaffold__path_join(a, o->charts_dir, name);
}

static const char *check_name(ct_arena *a, const opts *o, const char *name) {
  const char *why = ct_scaffold_check_chart_name(name);
  if (why) return why;
  if (!o->force && ct_scaffold__exists(dest_of(a, o, name)))
    return ct_arena_sprintf(a, "%s already exists (use --force to replace it)",
                            dest_of(a, o, name));
  return NULL;
}

static int get_name(dialog *d, const opts *o, const char **out) {
  if (o->name) {
    const char *why = check_name(d->a, o, o->name);
    if (why) return ct_error_set(CT_EINVAL, "invalid chart name \"%s\": %s", o->name, why);
    *out = o->name;
    return CT_OK;
  }
  for (;;) {
    fputs("Please input the name of the new chart\n> ", d->out);
    fflush(d->out);
    char *line = read_line(d);
    if (!line) return ask_aborted();
    const char *why = check_name(d->a, o, line);
    if (!why) {
      *out = line;
      return CT_OK;
    }
    fprintf(d->out, "Invalid answer: %s\n", why);
  }
}

typedef struct selection {
  const ct_sc_component **v;
  size_t n;
} selection;

static const char *selectable(ct_arena *a, const ct_sc_model *m, const selection *s,
                              const char *name, const ct_sc_component **out) {
  const ct_sc_component *c = ct_scaffold__model_component(m, name);
  if (!c) {
    ct_buf known = CT_BUF_INIT;
    for (size_t i = 0; i < m->ncomponents; i++)
      ct_buf_printf(&known, "%s%s", i ? ", " : "", m->components[i].name);
    const char *r =
        ct_arena_sprintf(a, "unknown component \"%s\" (available: %s)", name, ct_buf_str(&known));
    ct_buf_dispose(&known);
    return r;
  }
  for (size_t i = 0; i < s->n; i++) {
    if (s->v[i] == c) return ct_arena_sprintf(a, "%s is already selected", name);
    if (ct_scaffold__components_conflict(c, s->v[i]))
      return ct_arena_sprintf(a, "%s conflicts with %s, which is already selected", name,
                              s->v[i]->name);
  }
  *out = c;
  return NULL;
}

static int select_list(ct_arena *a, const ct_sc_model *m, selection *s, const char *const *names,
                       size_t n, const char *from) {
  for (size_t i = 0; i < n; i++) {
    const ct_sc_component *c;
    const char *why = selectable(a, m, s, names[i], &c);
    if (why) return ct_error_set(CT_EINVAL, "%s: %s", from, why);
    s->v[s->n++] = c;
  }
  return CT_OK;
}

static void list_available(dialog *d, const ct_sc_model *m, const selection *s) {
  fputs("===> Available components:\n", d->out);
  for (size_t i = 0; i < m->ncomponents; i++) {
    const ct_sc_component *c = &m->components[i], *dummy;
    if (selectable(d->a, m, s, c->name, &dummy)) continue;
    fprintf(d->out, "\n* %s\n", c->name);
    print_wrapped(d->out, c->description, "  ", "  ");
  }
  if (m->npresets && s->n == 0) {
    fputs("\nPresets (type \"preset NAME\" to use one):\n", d->out);
    for (size_t i = 0; i < m->npresets; i++) {
      fprintf(d->out, "* %s:", m->presets[i].name);
      for (size_t k = 0; k < m->presets[i].ncomponents; k++)
        fprintf(d->out, " %s", m->presets[i].components[k]);
      fputc('\n', d->out);
    }
  }
  if (s->n) {
    fputs("Already selected: ", d->out);
    for (size_t i = 0; i < s->n; i++)
      fprintf(d->out, "%s%s", i ? "," : "", s->v[i]->name);
    fputc('\n', d->out);
  }
}

static bool any_available(dialog *d, const ct_sc_model *m, const selection *s) {
  for (size_t i = 0; i < m->ncomponents; i++) {
    const ct_sc_component *dummy;
    if (!selectable(d->a, m, s, m->components[i].name, &dummy)) return true;
  }
  return false;
}

static int pick_components(dialog *d, const ct_sc_model *m, selection *s, ct_sc_preset *preset,
                           bool *have_preset) {
  for (;;) {
    if (!any_available(d, m, s)) return CT_OK;
    list_available(d, m, s);
    fputs("Please select a component by name (q to quit)\n> ", d->out);
    fflush(d->out);
    char *line = read_line(d);
    if (!line) return ask_aborted();
    if (!strcmp(line, "q")) return CT_OK;
    if (!*line) {
      fputs("Invalid answer: type a component name, or q to finish\n", d->out);
      continue;
    }
    if (!strncmp(line, "preset ", 7) && s->n == 0) {
      const char *pn = line + 7;
      pn += strspn(pn, " ");
      if (ct_scaffold__model_preset(preset, d->a, m, pn) != CT_OK) {
        fprintf(d->out, "Invalid answer: %s\n", ct_error_last());
        continue;
      }
      selection tmp = {s->v, 0};
      if (select_list(d->a, m, &tmp, preset->components, preset->ncomponents, preset->file) !=
          CT_OK) {
        fprintf(d->out, "Invalid answer: %s\n", ct_error_last());
        continue;
      }
      s->n = tmp.n;
      *have_preset = true;
      return CT_OK;
    }
    const ct_sc_component *c;
    const char *why = selectable(d->a, m, s, line, &c);
    if (why) {
      fprintf(d->out, "Invalid answer: %s\n", why);
      continue;
    }
    s->v[s->n++] = c;
  }
}

typedef struct answers {
  ct_sc_answer *v;
  size_t n, cap;
} answers;

static const char *answer_of(const answers *as, const char *id) {
  for (size_t i = as->n; i > 0; i--)
    if (!strcmp(as->v[i - 1].id, id)) return as->v[i - 1].value;
  return NULL;
}

static void answer_set(ct_arena *a, answers *as, const char *id, const char *value) {
  for (size_t i = 0; i < as->n; i++)
    if (!strcmp(as->v[i].id, id)) {
      as->v[i].value = value;
      return;
    }
  if (as->n == as->cap) {
    size_t nc = as->cap ? as->cap * 2 : 8;
    as->v = ct_arena_realloc(a, as->v, as->cap * sizeof *as->v, nc * sizeof *as->v);
    as->cap = nc;
  }
  as->v[as->n].id = id;
  as->v[as->n++].value = value;
}

static int add_answer_map(ct_arena *a, answers *as, const ct_value *map, const char *from) {
  size_t n;
  const ct_map_entry *e = ct_map_entries(map, &n);
  for (size_t i = 0; i < n; i++) {
    const char *v = ct_scaffold__str(e[i].value);
    if (!v)
      return ct_error_set(CT_EINVAL, "%s: the answer to %s must be a string", from, e[i].key.ptr);
    answer_set(a, as, e[i].key.ptr, v);
  }
  return CT_OK;
}

/* Answers from --answers FILE: a map of answers, or a preset-like {components, responses}. */
static int load_answers_file(ct_arena *a, const char *file, answers *as, const char ***comps,
                             size_t *ncomps) {
  ct_value *v;
  int rc = ct_scaffold__yaml_load_file(&v, a, file);
  if (rc) return rc;
  if (!v) return CT_OK;
  if (!ct_is_map(v)) return ct_error_set(CT_EINVAL, "%s: answers must be a YAML map", file);
  ct_value *resp = ct_map_getc(v, "responses");
  ct_value *cl = ct_map_getc(v, "components");
  if (!resp && !cl) return add_answer_map(a, as, v, file);
  if (resp) {
    if (!ct_is_map(resp)) return ct_error_set(CT_EINVAL, "%s: responses must be a map", file);
    if ((rc = add_answer_map(a, as, resp, file))) return rc;
  }
  if (cl) {
    if (!ct_is_list(cl)) return ct_error_set(CT_EINVAL, "%s: components must be a list", file);
    *comps = ct_arena_alloc(a, (cl->list->len + 1) * sizeof **comps);
    for (size_t i = 0; i < cl->list->len; i++) {
      const char *s = ct_scaffold__str(cl->list->items[i]);
      if (!s) return ct_error_set(CT_EINVAL, "%s: components must be names", file);
      (*comps)[(*ncomps)++] = s;
    }
  }
  return CT_OK;
}

static int ask_questions(dialog *d, const ct_sc_model *m, const selection *s, answers *as) {
  /* needed ids: questions.yaml order first, then any others in component order */
  size_t total = 0;
  for (size_t i = 0; i < s->n; i++)
    total += s->v[i]->nquestions;
  const char **ids = ct_arena_alloc(d->a, (total + 1) * sizeof *ids);
  const char **prompts = ct_arena_alloc(d->a, (total + 1) * sizeof *prompts);
  size_t n = 0;
  for (size_t q = 0; q < m->nquestions; q++) {
    bool needed = false;
    for (size_t i = 0; i < s->n && !needed; i++)
      for (size_t k = 0; k < s->v[i]->nquestions && !needed; k++)
        needed = !strcmp(s->v[i]->questions[k], m->questions[q].id);
    if (needed) {
      ids[n] = m->questions[q].id;
      prompts[n++] = m->questions[q].prompt;
    }
  }
  for (size_t i = 0; i < s->n; i++)
    for (size_t k = 0; k < s->v[i]->nquestions; k++) {
      const char *id = s->v[i]->questions[k];
      bool have = false;
      for (size_t j = 0; j < n && !have; j++)
        have = !strcmp(ids[j], id);
      if (have) continue;
      ids[n] = id;
      prompts[n++] = ct_arena_sprintf(d->a, "Please input a value for %s", id);
    }
  bool header = false;
  for (size_t q = 0; q < n; q++) {
    if (answer_of(as, ids[q])) continue;
    if (!header) {
      fputs("\n===> Please answer the following questions:\n\n", d->out);
      header = true;
    }
    print_wrapped(d->out, prompts[q], "* ", "  ");
    for (;;) {
      fputs("> ", d->out);
      fflush(d->out);
      char *line = read_line(d);
      if (!line) return ask_aborted();
      const char *why = ct_scaffold_check_answer(ids[q], line);
      if (!why) {
        answer_set(d->a, as, ids[q], line);
        break;
      }
      fprintf(d->out, "Invalid answer: %s\n", why);
    }
  }
  return CT_OK;
}

static int build(const opts *o, const char *name, const ct_sc_model *m, const ct_sc_registry *reg,
                 const selection *s, const answers *as, ct_arena *a, FILE *out) {
  int rc = ct_scaffold__mkdir_p(o->charts_dir);
  if (rc) return rc;
  const char *dest = dest_of(a, o, name);
  char *tmp = ct_arena_sprintf(a, "%s/.%s.tmp-%ld", o->charts_dir, name, (long)getpid());
  char *old = ct_arena_sprintf(a, "%s/.%s.old-%ld", o->charts_dir, name, (long)getpid());
  sigset_t block, prev;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGHUP);
  sigaddset(&block, SIGQUIT);
  sigprocmask(SIG_BLOCK, &block, &prev);
  ct_scaffold__rm_rf(tmp);
  ct_buf report = CT_BUF_INIT;
  rc = ct_scaffold__synth(tmp, name, m, s->v, s->n, as->v, as->n, a);
  if (!rc) rc = ct_scaffold_vendor(tmp, reg, CT_SC_VENDOR_RESOLVE, false, &report, NULL);
  if (rc && !strncmp(ct_error_last(), tmp, strlen(tmp))) { /* name the chart, not the temp folder */
    char *msg = ct_arena_strdup(a, ct_error_last() + strlen(tmp));
    ct_error_set(rc, "%s%s", dest, msg);
  }
  if (!rc && ct_scaffold__exists(dest)) {
    if (!o->force)
      rc = ct_error_set(CT_EEXIST, "%s already exists (use --force to replace it)", dest);
    else if (rename(dest, old) != 0)
      rc = ct_error_set(CT_EIO, "cannot move %s aside: %s", dest, strerror(errno));
  }
  if (!rc && rename(tmp, dest) != 0) {
    rc = ct_error_set(CT_EIO, "cannot rename %s to %s: %s", tmp, dest, strerror(errno));
    if (ct_scaffold__exists(old)) rename(old, dest);
  }
  if (rc)
    ct_scaffold__rm_rf(tmp);
  else
    ct_scaffold__rm_rf(old);
  if (!rc) chart_created = 1;
  sigprocmask(SIG_SETMASK, &prev, NULL);
  if (!rc) {
    fprintf(out, "\nSelected components: ");
    for (size_t i = 0; i < s->n; i++)
      fprintf(out, "%s%s", i ? "," : "", s->v[i]->name);
    fprintf(out, "\nChart %s created in %s, modules vendored:\n", name, dest);
    const char *r = ct_buf_str(&report);
    while (*r) {
      const char *nl = strchr(r, '\n');
      size_t len = nl ? (size_t)(nl - r) : strlen(r);
      fprintf(out, "  %.*s\n", (int)len, r);
      r += len + (nl ? 1 : 0);
    }
  }
  ct_buf_dispose(&report);
  return rc;
}

static int parse_opts(opts *o, ct_arena *a, int argc, char **argv, bool *help) {
  static const struct option longs[] = {{"scaffold", required_argument, 0, 's'},
                                        {"modules", required_argument, 0, 'm'},
                                        {"charts-dir", required_argument, 0, 'c'},
                                        {"name", required_argument, 0, 'n'},
                                        {"preset", required_argument, 0, 'p'},
                                        {"answers", required_argument, 0, 'a'},
                                        {"set-answer", required_argument, 0, 'S'},
                                        {"component", required_argument, 0, 'C'},
                                        {"cache-dir", required_argument, 0, 'K'},
                                        {"force", no_argument, 0, 'f'},
                                        {"help", no_argument, 0, 'h'},
                                        {0, 0, 0, 0}};
  memset(o, 0, sizeof *o);
  o->charts_dir = "charts";
  const char **sets = ct_arena_alloc(a, (size_t)(argc + 1) * sizeof *sets);
  const char **comps = ct_arena_alloc(a, (size_t)(argc + 1) * sizeof *comps);
  o->set_answers = sets;
  o->components = comps;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "+s:m:c:n:p:a:S:C:fh", longs, NULL)) != -1) {
    switch (c) {
    case 's': o->scaffold = optarg; break;
    case 'm': o->modules = optarg; break;
    case 'c': o->charts_dir = optarg; break;
    case 'n': o->name = optarg; break;
    case 'p': o->preset = optarg; break;
    case 'a': o->answers_file = optarg; break;
    case 'S': sets[o->nset_answers++] = optarg; break;
    case 'C': comps[o->ncomponents++] = optarg; break;
    case 'K': o->cache_dir = optarg; break;
    case 'f': o->force = true; break;
    case 'h': *help = true; return CT_OK;
    default: return ct_error_set(CT_EINVAL, "unknown or incomplete option %s", argv[optind - 1]);
    }
  }
  if (optind < argc) {
    if (o->name || optind + 1 < argc)
      return ct_error_set(CT_EINVAL, "unexpected argument %s", argv[optind]);
    o->name = argv[optind];
  }
  return CT_OK;
}

int ct_scaffold_cmd_create_service(int argc, char **argv, FILE *in, FILE *out) {
  const char *prog = argc > 0 ? argv[0] : "create_new_service";
  ct_arena *a = ct_arena_new();
  opts o;
  bool help = false;
  int rc = parse_opts(&o, a, argc, argv, &help);
  if (rc || help) {
    if (rc) fprintf(stderr, "Error: %s\n", ct_error_last());
    usage(rc ? stderr : out, prog);
    ct_arena_free(a);
    return rc ? 2 : 0;
  }
  rc = ct_scaffold_create_service(&o, in, out);
  ct_arena_free(a);
  return rc;
}

int ct_scaffold_create_service(const ct_sc_create_opts *oin, FILE *in, FILE *out) {
  ct_arena *a = ct_arena_new();
  opts o = *oin;
  if (!o.charts_dir) o.charts_dir = "charts";
  int rc = CT_OK;
  dialog d = {in, out, a};
  ct_sc_source src;
  ct_sc_model model;
  ct_sc_registry *reg = NULL;
  selection sel = {0};
  answers as = {0};
  ct_sc_preset preset;
  bool have_preset = false;
  const char *name = NULL;
  const char **file_comps = NULL;
  size_t nfile_comps = 0;
  struct sigaction sa, old_int, old_term;
  chart_created = 0;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_interrupt;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);

  const char *spec = o.scaffold;
  if (!spec) {
    if (!ct_scaffold__is_dir("_scaffold/service")) {
      rc = ct_error_set(CT_EINVAL, "no scaffold model: use --scaffold DIR|GITURL[@REF]");
      goto done;
    }
    spec = "_scaffold/service";
  }
  if ((rc = ct_scaffold__source_open(&src, a, spec, o.cache_dir))) goto done;
  if ((rc = ct_scaffold__model_load(&model, a, src.model_dir))) goto done;
  const char *mods = ct_scaffold__source_modules(a, &src);
  if (o.modules && (rc = ct_scaffold__modules_open(&mods, a, o.modules, o.cache_dir))) goto done;
  if (!(reg = ct_scaffold_registry_load(a, mods))) {
    rc = ct_error_code() ? ct_error_code() : CT_ERROR;
    goto done;
  }
  sel.v = ct_arena_alloc(a, (model.ncomponents + 1) * sizeof *sel.v);
  /* answers given up front; checked before any question is asked */
  if (o.preset) {
    if ((rc = ct_scaffold__model_preset(&preset, a, &model, o.preset))) goto done;
    have_preset = true;
  }
  answers given = {0};
  if (o.answers_file &&
      (rc = load_answers_file(a, o.answers_file, &given, &file_comps, &nfile_comps)))
    goto done;
  for (size_t i = 0; i < o.nset_answers; i++) {
    const char *eq = strchr(o.set_answers[i], '=');
    if (!eq || eq == o.set_answers[i]) {
      rc = ct_error_set(CT_EINVAL, "--set-answer %s: expected ID=VALUE", o.set_answers[i]);
      goto done;
    }
    answer_set(a, &given, ct_arena_strndup(a, o.set_answers[i], (size_t)(eq - o.set_answers[i])),
               eq + 1);
  }
  for (size_t i = 0; i < given.n; i++) {
    const char *why = ct_scaffold_check_answer(given.v[i].id, given.v[i].value);
    if (why) {
      rc = ct_error_set(CT_EINVAL, "invalid answer for %s (\"%s\"): %s", given.v[i].id,
                        given.v[i].value, why);
      goto done;
    }
  }
  if ((rc = get_name(&d, &o, &name))) goto done;
  if (have_preset) {
    if ((rc = select_list(a, &model, &sel, preset.components, preset.ncomponents, preset.file)))
      goto done;
  }
  if (o.ncomponents &&
      (rc = select_list(a, &model, &sel, o.components, o.ncomponents, "--component")))
    goto done;
  if (nfile_comps && (rc = select_list(a, &model, &sel, file_comps, nfile_comps, o.answers_file)))
    goto done;
  if (!have_preset && !o.ncomponents && !nfile_comps) {
    if ((rc = pick_components(&d, &model, &sel, &preset, &have_preset))) goto done;
  }
  /* precedence: --set-answer > --answers > preset responses > questions */
  if (have_preset && preset.responses) {
    size_t n;
    const ct_map_entry *e = ct_map_entries(preset.responses, &n);
    for (size_t i = 0; i < n; i++) {
      const char *why = ct_scaffold_check_answer(e[i].key.ptr, e[i].value->s.ptr);
      if (why) {
        rc = ct_error_set(CT_EINVAL, "%s: invalid answer for %s: %s", preset.file, e[i].key.ptr,
                          why);
        goto done;
      }
      answer_set(a, &as, e[i].key.ptr, e[i].value->s.ptr);
    }
  }
  for (size_t i = 0; i < given.n; i++)
    answer_set(a, &as, given.v[i].id, given.v[i].value);
  if ((rc = ask_questions(&d, &model, &sel, &as))) goto done;
  rc = build(&o, name, &model, reg, &sel, &as, a, out);
done:
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  if (rc) fprintf(stderr, "Error: %s\n", ct_error_last());
  ct_arena_free(a);
  return rc ? 1 : 0;
}
