/* runcases.c — the benchmark harness: runs `BIN template` once per conformance case (posix_spawn
 * + wait4: wall, CPU, peak RSS per case) and `BIN template --batch` in one process, A vs B. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "runcases: ");
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) die("%s", "out of memory");
  return p;
}

static char *xstrdup(const char *s) {
  char *d = strdup(s);
  if (!d) die("%s", "out of memory");
  return d;
}

/* ---- cases ---- */
typedef struct meas {
  double wall_sum, wall_min, cpu_sum, cpu_min; /* seconds over the repeats */
  long rss_max;                                /* KiB, the largest of the repeats */
  int rc;                                      /* exit status of the last run (-1: signal) */
  long inblock, majflt, disk_runs; /* --io: sums over the repeats, runs that read the disk */
} meas;

typedef struct tcase {
  char *id, *group, *expect;
  char **argv; /* "template" [release] dir args... NULL-terminated, argv[0] set per binary */
  size_t argc;
  meas m[2];
} tcase;

typedef struct caselist {
  tcase *v;
  size_t n, cap;
} caselist;

static char *field(char **p) {
  char *s = *p, *t = strchr(s, '\t');
  if (t) {
    *t = 0;
    *p = t + 1;
  } else {
    *p = s + strlen(s);
  }
  return s;
}

/* The args column is shell words (the corpus splits it with `eval "set -- $args"` under
 * `set -f`): split them all with one bash, whose output is "COUNT\0WORD\0WORD\0..." a case. */
static void split_args(caselist *cl, char **args, const char *tmpdir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/args", tmpdir);
  FILE *f = fopen(path, "w");
  if (!f) die("cannot write %s", path);
  for (size_t i = 0; i < cl->n; i++) fprintf(f, "%s\n", args[i]);
  fclose(f);
  char cmd[8192];
  snprintf(cmd, sizeof cmd,
           "bash -c 'set -f; while IFS= read -r l; do if eval \"set -- $l\"; then "
           "printf \"%%d\\0\" $#; for w in \"$@\"; do printf \"%%s\\0\" \"$w\"; done; "
           "else printf -- \"-1\\0\"; fi; done' < '%s'",
           path);
  FILE *p = popen(cmd, "r");
  if (!p) die("%s", "cannot run bash");
  char *buf = NULL;
  size_t len = 0, cap = 0, r;
  do {
    if (len + 65536 > cap) buf = xrealloc(buf, cap = cap * 2 + 65536);
    r = fread(buf + len, 1, cap - len, p);
    len += r;
  } while (r > 0);
  if (pclose(p) != 0) die("%s", "bash failed splitting the args column");
  size_t at = 0;
  for (size_t i = 0; i < cl->n; i++) {
    tcase *c = &cl->v[i];
    if (at >= len) die("%s", "bash printed fewer cases than given");
    long nw = strtol(buf + at, NULL, 10);
    at += strlen(buf + at) + 1;
    if (nw < 0) die("cannot split the args of case %s", c->id);
    char **av = c->argv;
    size_t k = c->argc;
    av = xrealloc(av, (k + (size_t)nw + 1) * sizeof *av);
    for (long w = 0; w < nw; w++) {
      if (at >= len) die("%s", "bash output ended early");
      av[k++] = xstrdup(buf + at);
      at += strlen(buf + at) + 1;
    }
    av[k] = NULL;
    c->argv = av;
    c->argc = k;
  }
  free(buf);
}

static void load_cases(caselist *cl, const char *file, const regex_t *filter, const char *tmpdir) {
  FILE *f = fopen(file, "r");
  if (!f) die("cannot open %s", file);
  char *line = NULL, **args = NULL;
  size_t lcap = 0;
  ssize_t len;
  while ((len = getline(&line, &lcap, f)) >= 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
    if (!len || line[0] == '#') continue;
    char *p = line;
    char *id = field(&p), *dir = field(&p), *a = field(&p), *rel = field(&p), *exp = field(&p);
    if (strcmp(exp, "ok") && strcmp(exp, "error"))
      die("%s: case %s: the 5th column (expect) is \"%s\", not ok or error", file, id, exp);
    if (filter && regexec(filter, id, 0, NULL, 0) != 0) continue;
    if (cl->n == cl->cap) {
      cl->cap = cl->cap ? cl->cap * 2 : 1024;
      cl->v = xrealloc(cl->v, cl->cap * sizeof *cl->v);
      args = xrealloc(args, cl->cap * sizeof *args);
    }
    tcase *c = &cl->v[cl->n];
    memset(c, 0, sizeof *c);
    c->id = xstrdup(id);
    const char *dot = strchr(id, '.');
    c->group = dot ? strndup(id, (size_t)(dot - id)) : xstrdup(id);
    c->expect = xstrdup(exp);
    c->argv = xrealloc(NULL, 4 * sizeof *c->argv);
    c->argv[c->argc++] = NULL; /* the binary, set when run */
    c->argv[c->argc++] = xstrdup("template");
    if (*rel) c->argv[c->argc++] = xstrdup(rel);
    c->argv[c->argc++] = xstrdup(dir);
    args[cl->n] = xstrdup(a);
    cl->n++;
  }
  free(line);
  fclose(f);
  if (cl->n) split_args(cl, args, tmpdir);
  for (size_t i = 0; i < cl->n; i++) free(args[i]);
  free(args);
}

/* ---- running ---- */
static char **child_env;
static size_t child_env_own; /* child_env[child_env_own..] are runcases' own strings */
static int devnull = -1;

static void make_env(const char *tmpdir) {
  static const char *const drop[] = {"TZ=", "LC_ALL=", "KUBECONFIG=", "HELM_CACHE_HOME=",
                                     "HELM_CONFIG_HOME=", "HELM_DATA_HOME=", "HELM_NAMESPACE=",
                                     "HELM_KUBECONTEXT=", "HELM_DEBUG=", NULL};
  size_t n = 0;
  while (environ[n]) n++;
  child_env = xrealloc(NULL, (n + 8) * sizeof *child_env);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    bool skip = false;
    for (size_t d = 0; drop[d]; d++) skip = skip || !strncmp(environ[i], drop[d], strlen(drop[d]));
    if (!skip) child_env[k++] = environ[i];
  }
  char b[4200];
  child_env_own = k;
  child_env[k++] = xstrdup("TZ=UTC");
  child_env[k++] = xstrdup("LC_ALL=C");
  child_env[k++] = xstrdup("KUBECONFIG=/dev/null");
  snprintf(b, sizeof b, "HELM_CACHE_HOME=%s/cache", tmpdir);
  child_env[k++] = xstrdup(b);
  snprintf(b, sizeof b, "HELM_CONFIG_HOME=%s/config", tmpdir);
  child_env[k++] = xstrdup(b);
  snprintf(b, sizeof b, "HELM_DATA_HOME=%s/data", tmpdir);
  child_env[k++] = xstrdup(b);
  child_env[k] = NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct rusage last_ru; /* the last run's */

/* Runs ARGV with stdin, stdout and stderr on /dev/null (stdout on OUT_FD when >= 0). */
static void run(char **argv, int out_fd, double *wall, double *cpu, long *rss, int *rc) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, devnull, 0);
  posix_spawn_file_actions_adddup2(&fa, out_fd >= 0 ? out_fd : devnull, 1);
  posix_spawn_file_actions_adddup2(&fa, devnull, 2);
  double t0 = now();
  pid_t pid;
  int e = posix_spawn(&pid, argv[0], &fa, NULL, argv, child_env);
  if (e) die("cannot run %s", argv[0]);
  int st;
  struct rusage ru;
  while (wait4(pid, &st, 0, &ru) < 0)
    if (errno != EINTR) die("%s", "wait4 failed");
  *wall = now() - t0;
  posix_spawn_file_actions_destroy(&fa);
  *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  *rss = ru.ru_maxrss;
  *rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  last_ru = ru;
}

static void meas_add(meas *m, int round, double wall, double cpu, long rss, int rc) {
  if (!round || wall < m->wall_min) m->wall_min = wall;
  if (!round || cpu < m->cpu_min) m->cpu_min = cpu;
  m->wall_sum += wall;
  m->cpu_sum += cpu;
  if (rss > m->rss_max) m->rss_max = rss;
  m->rc = rc;
}

/* ---- batch runs: all the cases of a group in one `BIN template --batch FILE` ---- */
static void write_batch(const char *path, caselist *cl, const char *group) {
  FILE *f = fopen(path, "w");
  if (!f) die("cannot write %s", path);
  for (size_t i = 0; i < cl->n; i++) {
    tcase *c = &cl->v[i];
    if (group && strcmp(group, c->group)) continue;
    for (size_t w = 2; w < c->argc; w++) { /* after the binary and "template" */
      fputc('\'', f);
      for (const char *s = c->argv[w]; *s; s++)
        if (*s == '\'') fputs("'\\''", f);
        else fputc(*s, f);
      fputs(w + 1 < c->argc ? "' " : "'", f);
    }
    fputc('\n', f);
  }
  fclose(f);
}

/* ---- report ---- */
typedef struct gstat {
  const char *name;
  size_t n, bad_rc[2];
  double wall[2], wall_min[2], cpu[2]; /* sums of per-case means / minimums */
  long rss_max[2];
  long *rss[2]; /* per-case peaks, for the median */
  double b_wall, b_cpu;                 /* batch: one process, seconds per round */
  long b_rss;
  int b_rc;
} gstat;

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

static long median(long *v, size_t n) {
  if (!n) return 0;
  qsort(v, n, sizeof *v, cmp_long);
  return v[n / 2];
}

static double ratio(double h, double c) { return c > 0 ? h / c : 0; }

static void usage(void) {
  puts("usage: runcases [OPTIONS] BIN [BIN2]\n"
       "Runs `BIN template [RELEASE] DIR ARGS...` once per case of the conformance corpus (cwd =\n"
       "the corpus, stdin/stdout/stderr on /dev/null, TZ=UTC LC_ALL=C KUBECONFIG=/dev/null,\n"
       "HELM_*_HOME in a temporary directory) and reports wall time (clock_gettime around\n"
       "spawn..wait4), CPU time and peak RSS (wait4's rusage) per case group; with BIN2 (helm)\n"
       "the cases run interleaved, BIN then BIN2, and the ratios BIN2/BIN are printed.\n"
       "  --conformance DIR   the corpus (default /work/shared/conformance)\n"
       "  --cases FILE        the case list (default DIR/cases.tsv)\n"
       "  --filter REGEX      only cases whose id matches (POSIX extended regex)\n"
       "  --repeat N          run every case N times (mean and minimum are reported)\n"
       "  --per-case          print one line per case\n"
       "  --io                with --per-case: runs that read the disk (ru_inblock or a major\n"
       "                      fault), 512-byte blocks read and major faults per run; and totals\n"
       "  --batch             also time `BIN template --batch` (each group in one process)\n"
       "  --batch-only        only the batch runs\n"
       "  --names A,B         labels for BIN and BIN2 (default chartctl,helm)\n"
       "  --between PROG      run PROG (no arguments, untimed) before every timed run, e.g.\n"
       "                      build/bench/evict: caches as a large process leaves them\n"
       "  --blocks            with BIN2: each round runs every case with BIN, then every case\n"
       "                      with BIN2 (as hyperfine does), instead of interleaving them");
}

int main(int argc, char **argv) {
  const char *conf = "/work/shared/conformance", *cases = NULL, *filter_s = NULL;
  const char *names = "chartctl,helm";
  char *between = NULL;
  bool blocks = false;
  int repeat = 1;
  bool per_case = false, batch = false, single = true, io = false;
  char *bins[2] = {NULL, NULL};
  int nbins = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool more = i + 1 < argc;
    if (!strcmp(a, "--conformance") && more) conf = argv[++i];
    else if (!strcmp(a, "--cases") && more) cases = argv[++i];
    else if (!strcmp(a, "--filter") && more) filter_s = argv[++i];
    else if (!strcmp(a, "--repeat") && more) {
      char *e;
      long r = strtol(argv[++i], &e, 10);
      if (*e || r < 1 || r > 1000) die("bad --repeat %s", argv[i]);
      repeat = (int)r;
    } else if (!strcmp(a, "--per-case")) per_case = true;
    else if (!strcmp(a, "--io"))
      io = true;
    else if (!strcmp(a, "--batch")) batch = true;
    else if (!strcmp(a, "--batch-only")) batch = true, single = false;
    else if (!strcmp(a, "--names") && more) names = argv[++i];
    else if (!strcmp(a, "--between") && more)
      between = argv[++i];
    else if (!strcmp(a, "--blocks"))
      blocks = true;
    else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage();
      return 0;
    } else if (a[0] == '-') die("unknown option %s (see --help)", a);
    else if (nbins < 2) bins[nbins++] = (char *)a;
    else die("too many binaries: %s", a);
  }
  if (!nbins) {
    usage();
    return 2;
  }
  char label[2][64];
  {
    const char *comma = strchr(names, ',');
    snprintf(label[0], sizeof label[0], "%.*s", comma ? (int)(comma - names) : 63, names);
    snprintf(label[1], sizeof label[1], "%s", comma ? comma + 1 : "B");
  }
  for (int b = 0; b < nbins; b++) {
    char *abs = realpath(bins[b], NULL);
    if (!abs || access(abs, X_OK)) die("not an executable: %s", bins[b]);
    bins[b] = abs;
  }
  if (between) {
    char *abs = realpath(between, NULL);
    if (!abs || access(abs, X_OK)) die("not an executable: %s", between);
    between = abs;
  }
  regex_t filter;
  if (filter_s && regcomp(&filter, filter_s, REG_EXTENDED | REG_NOSUB))
    die("bad --filter regex %s", filter_s);
  char tmpdir[] = "/tmp/runcases.XXXXXX";
  if (!mkdtemp(tmpdir)) die("%s", "mkdtemp failed");
  char casefile[4096];
  snprintf(casefile, sizeof casefile, "%s/cases.tsv", conf);
  if (!cases) cases = casefile;
  caselist cl = {0};
  load_cases(&cl, cases, filter_s ? &filter : NULL, tmpdir);
  if (chdir(conf)) die("cannot enter %s", conf);
  make_env(tmpdir);
  devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull < 0) die("%s", "cannot open /dev/null");

  /* groups, in order of first appearance */
  gstat g[64];
  size_t ng = 0;
  size_t *gi = xrealloc(NULL, (cl.n ? cl.n : 1) * sizeof *gi);
  for (size_t i = 0; i < cl.n; i++) {
    size_t k = 0;
    while (k < ng && strcmp(g[k].name, cl.v[i].group)) k++;
    if (k == ng) {
      if (ng == 63) die("%s", "too many case groups");
      memset(&g[ng], 0, sizeof g[ng]);
      g[ng].name = cl.v[i].group;
      for (int b = 0; b < 2; b++) g[ng].rss[b] = xrealloc(NULL, cl.n * sizeof(long));
      ng++;
    }
    gi[i] = k;
  }
  gstat *tot = &g[ng];
  memset(tot, 0, sizeof *tot);
  tot->name = "all";
  for (int b = 0; b < 2; b++) tot->rss[b] = xrealloc(NULL, (cl.n ? cl.n : 1) * sizeof(long));

  printf("runcases: %zu cases from %s%s%s, %d round(s); cwd %s\n", cl.n, cases,
         filter_s ? " matching " : "", filter_s ? filter_s : "", repeat, conf);
  for (int b = 0; b < nbins; b++) printf("  %-9s %s\n", label[b], bins[b]);
  if (between) printf("  between every run (untimed): %s\n", between);
  if (blocks && nbins > 1)
    printf("  in blocks: every case with %s, then every case with %s\n", label[0], label[1]);
  fflush(stdout);

  if (single) {
    /* interleaved: case by case, BIN then BIN2; blocks: every case with BIN, then every case
     * with BIN2 (each program after itself, as hyperfine runs commands) */
    size_t steps = cl.n * (size_t)nbins;
    for (int r = 0; r < repeat; r++)
      for (size_t k = 0; k < steps; k++) {
        size_t ci = blocks ? k % cl.n : k / (size_t)nbins;
        int bi = blocks ? (int)(k / cl.n) : (int)(k % (size_t)nbins);
        tcase *c = &cl.v[ci];
        c->argv[0] = bins[bi];
        double w, cpu;
        long rss;
        int rc;
        if (between) {
          char *bargv[] = {between, NULL};
          run(bargv, -1, &w, &cpu, &rss, &rc);
        }
        run(c->argv, -1, &w, &cpu, &rss, &rc);
        meas_add(&c->m[bi], r, w, cpu, rss, rc);
        c->m[bi].inblock += last_ru.ru_inblock;
        c->m[bi].majflt += last_ru.ru_majflt;
        c->m[bi].disk_runs += last_ru.ru_inblock > 0 || last_ru.ru_majflt > 0;
      }
    for (size_t i = 0; i < cl.n; i++) {
      tcase *c = &cl.v[i];
      bool want_ok = !strcmp(c->expect, "ok");
      for (int b = 0; b < nbins; b++) {
        meas *m = &c->m[b];
        for (gstat *s = &g[gi[i]];; s = tot) {
          s->wall[b] += m->wall_sum / repeat;
          s->wall_min[b] += m->wall_min;
          s->cpu[b] += m->cpu_sum / repeat;
          if (m->rss_max > s->rss_max[b]) s->rss_max[b] = m->rss_max;
          s->rss[b][b ? s->n - 1 : s->n] = m->rss_max;
          if ((m->rc == 0) != want_ok) s->bad_rc[b]++;
          if (!b) s->n++;
          if (s == tot) break;
        }
      }
      if (per_case) {
        printf("%-60s", c->id);
        for (int b = 0; b < nbins; b++)
          printf("  %s %7.2f ms %7.2f cpu %7ld KiB rc %d", label[b], 1e3 * c->m[b].wall_sum / repeat,
                 1e3 * c->m[b].cpu_sum / repeat, c->m[b].rss_max, c->m[b].rc);
        if (io)
          for (int b = 0; b < nbins; b++) /* (the totals are printed after the cases) */
            printf("  %s disk %ld/%d runs, %.1f blocks %.1f majflt", label[b], c->m[b].disk_runs,
                   repeat, (double)c->m[b].inblock / repeat, (double)c->m[b].majflt / repeat);
        if (nbins == 2)
          printf("  x%.1f", ratio(c->m[1].wall_sum, c->m[0].wall_sum));
        putchar('\n');
      }
    }
    if (io)
      for (int b = 0; b < nbins; b++) {
        long runs = 0, blocks_read = 0;
        for (size_t i = 0; i < cl.n; i++) {
          runs += cl.v[i].m[b].disk_runs;
          blocks_read += cl.v[i].m[b].inblock;
        }
        printf("%s: %ld of %zu runs read the disk (%ld blocks of 512 bytes)\n", label[b], runs,
               cl.n * (size_t)repeat, blocks_read);
      }
  } else {
    for (size_t i = 0; i < cl.n; i++) {
      g[gi[i]].n++;
      tot->n++;
    }
  }

  if (batch) {
    char path[4200];
    char *av[5] = {bins[0], "template", "--batch", path, NULL};
    for (size_t k = 0; k <= ng; k++) {
      gstat *s = &g[k];
      snprintf(path, sizeof path, "%s/batch.%zu", tmpdir, k);
      write_batch(path, &cl, k < ng ? s->name : NULL);
      for (int r = 0; r < repeat; r++) {
        double w, cpu;
        long rss;
        int rc;
        run(av, -1, &w, &cpu, &rss, &rc);
        s->b_wall += w / repeat;
        s->b_cpu += cpu / repeat;
        if (rss > s->b_rss) s->b_rss = rss;
        s->b_rc = rc;
      }
    }
  }

  /* the table */
  if (single) {
    printf("\nper process (mean of %d round(s); min = sum of each case's fastest round)\n", repeat);
    printf("%-10s %5s |", "", "");
    for (int b = 0; b < nbins; b++) printf(" %-50.50s |", label[b]);
    if (nbins == 2) printf(" %s/%s", label[1], label[0]);
    printf("\n%-10s %5s |", "group", "cases");
    for (int b = 0; b < nbins; b++)
      printf(" %8s %6s %7s %9s %6s %6s |", "ms/case", "min", "cpu ms", "peak KiB", "median",
             "badrc");
    if (nbins == 2) printf(" %6s %5s %5s", "wall", "cpu", "peak");
    putchar('\n');
    for (size_t k = 0; k <= ng; k++) {
      gstat *s = &g[k];
      if (!s->n) continue;
      double n = (double)s->n;
      printf("%-10s %5zu |", s->name, s->n);
      for (int b = 0; b < nbins; b++)
        printf(" %8.2f %6.2f %7.2f %9ld %6ld %6zu |", 1e3 * s->wall[b] / n,
               1e3 * s->wall_min[b] / n, 1e3 * s->cpu[b] / n, s->rss_max[b],
               median(s->rss[b], s->n), s->bad_rc[b]);
      if (nbins == 2)
        printf(" %5.1fx %4.1fx %4.1fx", ratio(s->wall[1], s->wall[0]), ratio(s->cpu[1], s->cpu[0]),
               ratio((double)s->rss_max[1], (double)s->rss_max[0]));
      putchar('\n');
    }
    printf("(ms/case: mean wall; min: the same from each case's fastest round; median: of the\n"
           " per-case peaks; badrc: cases whose exit status disagrees with the expect column)\n");
  }
  if (batch) {
    printf("\n%s template --batch: each group in one process (mean of %d round(s))\n", label[0],
           repeat);
    printf("%-10s %5s | %9s %8s %8s %9s %3s |", "group", "cases", "wall ms", "ms/case", "cpu ms",
           "peak KiB", "rc");
    if (single) printf(" %s per-process/batch", label[0]);
    if (single && nbins == 2) printf(" | %s per-process/%s batch", label[1], label[0]);
    putchar('\n');
    for (size_t k = 0; k <= ng; k++) {
      gstat *s = &g[k];
      if (!s->n) continue;
      double n = (double)s->n;
      printf("%-10s %5zu | %9.1f %8.3f %8.1f %9ld %3d |", s->name, s->n, 1e3 * s->b_wall,
             1e3 * s->b_wall / n, 1e3 * s->b_cpu, s->b_rss, s->b_rc);
      if (single) printf(" %*.1fx", (int)strlen(label[0]) + 18, ratio(s->wall[0], s->b_wall));
      if (single && nbins == 2)
        printf(" | %*.1fx", (int)(strlen(label[0]) + strlen(label[1])) + 20,
               ratio(s->wall[1], s->b_wall));
      putchar('\n');
    }
    printf("(rc: the batch's exit status; 1 when any case fails, as error cases do)\n");
  }

  {
    /* a spawned child's ru_maxrss starts from the harness's own peak (exec replaces the
     * harness's memory image, and the kernel keeps that image's peak): the floor of the
     * peak columns */
    struct rusage self;
    getrusage(RUSAGE_SELF, &self);
    printf("(runcases' own peak RSS: %ld KiB, the floor of every peak above)\n", self.ru_maxrss);
  }
  /* clean up the temporary directory (flat but for the HELM_*_HOME trees, normally empty) */
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "runcases: could not remove %s\n", tmpdir);
  for (size_t i = 0; i < cl.n; i++) {
    tcase *c = &cl.v[i];
    for (size_t w = 1; w < c->argc; w++) free(c->argv[w]);
    free(c->argv);
    free(c->id);
    free(c->group);
    free(c->expect);
  }
  free(cl.v);
  for (size_t k = 0; k <= ng; k++)
    for (int b = 0; b < 2; b++) free(g[k].rss[b]);
  free(gi);
  for (size_t i = child_env_own; child_env[i]; i++) free(child_env[i]);
  free(child_env);
  for (int b = 0; b < nbins; b++) free(bins[b]);
  free(between);
  if (filter_s) regfree(&filter);
  close(devnull);
  return 0;
}
