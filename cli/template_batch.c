/* template_batch.c — `chartctl template --batch FILE`: many renders in one process, one line
 * of FILE per render (shell-like words), each line's stdout after a "# chartctl-batch: N" line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart_action.h"
#include "cli.h"
#include "commands.h"

static int batch_depth; /* > 0 while a batch runs: a line may not start another one */

bool ct_cli__in_batch(void) { return batch_depth > 0; }

/* ---- splitting a line into words ---- */

/* Splits LINE into words as a POSIX shell splits a simple command whose words need no
 * expansion: blanks separate words; '...' is literal; "..." is literal except \" \\ \$ \`
 * and backslash-newline; a backslash outside quotes quotes the next character; '#' at the
 * start of a word begins a comment. $, *, ? and ~ are kept as they are (nothing expands).
 * Returns 0 with the words in *OUT, or -1 with the reason in *WHY. */
int ct_cli__batch_split(ct_strv *out, const char *line, const char **why) {
  size_t cap = strlen(line) + 1;
  char *w = malloc(cap);
  if (!w) abort();
  const char *p = line;
  int rc = 0;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (!*p || *p == '#') break;
    size_t k = 0;
    while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
      if (*p == '\'') {
        const char *e = strchr(p + 1, '\'');
        if (!e) {
          *why = "unterminated single quote";
          rc = -1;
          goto done;
        }
        memcpy(w + k, p + 1, (size_t)(e - p - 1));
        k += (size_t)(e - p - 1);
        p = e + 1;
      } else if (*p == '"') {
        p++;
        while (*p && *p != '"') {
          if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`')) p++;
          else if (*p == '\\' && p[1] == '\n') {
            p += 2;
            continue;
          }
          w[k++] = *p++;
        }
        if (*p != '"') {
          *why = "unterminated double quote";
          rc = -1;
          goto done;
        }
        p++;
      } else if (*p == '\\') {
        if (!p[1]) {
          *why = "backslash at the end of the line";
          rc = -1;
          goto done;
        }
        w[k++] = p[1];
        p += 2;
      } else {
        w[k++] = *p++;
      }
    }
    ct_strv_pushn(out, w, k);
  }
done:
  free(w);
  return rc;
}

/* ---- the command line shared by every line ---- */

static const ct_flag *find_flag(const ct_flag *flags, size_t n, const char *name, size_t nl,
                                char shorthand) {
  size_t ng;
  const ct_flag *g = ct_cli_global_flags(&ng);
  for (int pass = 0; pass < 2; pass++) {
    const ct_flag *t = pass ? g : flags;
    size_t tn = pass ? ng : n;
    for (size_t i = 0; i < tn; i++) {
      if (shorthand ? t[i].shorthand == shorthand
                    : strlen(t[i].name) == nl && !strncmp(t[i].name, name, nl))
        return &t[i];
    }
  }
  return NULL;
}

static bool takes_value(const ct_flag *f) {
  return f && f->kind != CT_FLAG_BOOL && f->kind != CT_FLAG_STRING_OPT;
}

/* Copies ARGV[1..ARGC) without the --batch flag and its value into OUT (pointers into ARGV),
 * walking the arguments as the parser does so that a value that looks like "--batch" (as in
 * "--set --batch") is left alone. Returns the number of arguments copied. */
static size_t strip_batch(char **out, int argc, char **argv, const ct_flag *flags, size_t n) {
  size_t k = 0;
  for (int i = 1; i < argc; i++) {
    char *a = argv[i];
    if (!strcmp(a, "--")) {
      for (; i < argc; i++) out[k++] = argv[i];
      break;
    }
    if (a[0] != '-' || !a[1]) {
      out[k++] = a;
      continue;
    }
    if (a[1] == '-') {
      const char *name = a + 2, *eq = strchr(name, '=');
      size_t nl = eq ? (size_t)(eq - name) : strlen(name);
      bool is_batch = nl == 5 && !strncmp(name, "batch", 5);
      bool has_next = !eq && takes_value(find_flag(flags, n, name, nl, 0)) && i + 1 < argc;
      if (!is_batch) out[k++] = a;
      if (has_next) {
        i++;
        if (!is_batch) out[k++] = argv[i];
      }
      continue;
    }
    out[k++] = a;
    for (const char *p = a + 1; *p; p++) {
      if (*p == 'h') continue;
      const ct_flag *f = find_flag(flags, n, NULL, 0, *p);
      if (!takes_value(f)) continue;
      if (!p[1] && i + 1 < argc) out[k++] = argv[++i];
      break;
    }
  }
  return k;
}

/* ---- per-line state ---- */

/* What parsing one line may change outside the command: the global flags and their
 * "changed" marks. Saved before a line and put back after it. */
typedef struct saved_globals {
  ct_cli_globals g;
  bool *changed;
  size_t n;
} saved_globals;

static void globals_save(saved_globals *s) {
  s->g = ct_cli_g;
  ct_flag *t = ct_cli_global_flags(&s->n);
  s->changed = malloc(s->n ? s->n * sizeof *s->changed : 1);
  if (!s->changed) abort();
  for (size_t i = 0; i < s->n; i++) s->changed[i] = t[i].changed;
  /* the line works on its own copy of the one list */
  memset(&ct_cli_g.kube_as_group, 0, sizeof ct_cli_g.kube_as_group);
  for (size_t i = 0; i < s->g.kube_as_group.len; i++)
    ct_strv_push(&ct_cli_g.kube_as_group, s->g.kube_as_group.items[i]);
}

static void globals_restore(saved_globals *s) {
  ct_strv_dispose(&ct_cli_g.kube_as_group);
  ct_cli_g = s->g;
  size_t n;
  ct_flag *t = ct_cli_global_flags(&n);
  for (size_t i = 0; i < n && i < s->n; i++) t[i].changed = s->changed[i];
  free(s->changed);
}

/* Runs one batch line: `template COMMON... WORDS...`. Returns the command's exit status. */
static int run_line(char *verb, char **common, size_t ncommon, const ct_strv *words) {
  size_t argc = 1 + ncommon + words->len;
  char **av = malloc((argc + 1) * sizeof *av);
  if (!av) abort();
  size_t k = 0;
  av[k++] = verb;
  for (size_t i = 0; i < ncommon; i++) av[k++] = common[i];
  for (size_t i = 0; i < words->len; i++) av[k++] = words->items[i];
  av[k] = NULL;
  saved_globals s;
  globals_save(&s);
  int rc = ct_cmd_template((int)argc, av);
  globals_restore(&s);
  free(av);
  return rc;
}

int ct_cli__template_batch(const char *file, int argc, char **argv, const ct_flag *flags,
                           size_t nflags) {
  if (batch_depth) {
    ct_cli_errorf("--batch cannot be given on a line of a batch file");
    return 1;
  }
  FILE *in = strcmp(file, "-") ? fopen(file, "r") : stdin;
  if (!in) {
    ct_cli_errorf("open %s: %s", file, strerror(errno));
    return 1;
  }
  char **common = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *common);
  if (!common) abort();
  size_t ncommon = strip_batch(common, argc, argv, flags, nflags);

  batch_depth++;
  char *line = NULL;
  size_t lcap = 0, lineno = 0, nlines = 0, nfail = 0;
  ssize_t len;
  while ((len = getline(&line, &lcap, in)) >= 0) {
    lineno++;
    ct_strv words = {0};
    const char *why = NULL;
    if (memchr(line, 0, (size_t)len))
      why = "a NUL byte in the line";
    else if (ct_cli__batch_split(&words, line, &why) == 0 && !words.len)
      continue; /* blank or comment */
    nlines++;
    printf("# chartctl-batch: %zu\n", lineno);
    fflush(stdout);
    int rc;
    if (why) {
      fprintf(stderr, "Error: batch line %zu: %s\n", lineno, why);
      rc = 1;
    } else {
      rc = run_line(argv[0], common, ncommon, &words);
      fflush(stdout);
    }
    if (rc != 0) {
      fprintf(stderr, "chartctl-batch: line %zu failed (exit %d)\n", lineno, rc);
      nfail++;
    }
    fflush(stderr);
    ct_strv_dispose(&words);
  }
  bool read_err = ferror(in);
  if (read_err) ct_cli_errorf("read %s: %s", file, strerror(errno));
  batch_depth--;
  free(line);
  free(common);
  if (in != stdin) fclose(in);
  if (nfail) fprintf(stderr, "chartctl-batch: %zu of %zu lines failed\n", nfail, nlines);
  return nfail || read_err ? 1 : 0;
}
