/* sc_cmd_scaffold.c — `chartctl scaffold {create,update,vendor}`: create is create_new_service;
 * update re-resolves package.json to the newest patches and re-vendors showing what changed;
 * vendor vendors from package.lock, or re-resolves when package.json is newer. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sc_int.h"

static void usage(FILE *f) {
  fputs("Usage: chartctl scaffold create [options]      (see create_new_service --help)\n"
        "       chartctl scaffold update CHART [--modules DIR] [--no-version-bump]\n"
        "       chartctl scaffold vendor CHART [--modules DIR] [--force] [--no-version-bump]\n",
        f);
}

/* MODULES given, or the first modules/ folder found walking up from the chart. */
static const char *modules_for(ct_arena *a, const char *chart, const char *given) {
  if (given) return given;
  char *d = ct_scaffold__abspath(a, chart);
  for (int i = 0; i < 64; i++) {
    char *m = ct_scaffold__path_join(a, d, "modules");
    if (ct_scaffold__is_dir(m) && ct_scaffold__is_dir(ct_scaffold__path_join(a, d, "charts")))
      return m;
    if (!strcmp(d, "/")) break;
    d = ct_scaffold__dirname(a, d);
  }
  d = ct_scaffold__abspath(a, chart);
  for (int i = 0; i < 64; i++) {
    char *m = ct_scaffold__path_join(a, d, "modules");
    if (ct_scaffold__is_dir(m)) return m;
    if (!strcmp(d, "/")) break;
    d = ct_scaffold__dirname(a, d);
  }
  return "modules";
}

int ct_scaffold_vendor_chart(const char *chart, const char *modules, bool resolve, bool bump,
                             bool update, FILE *out) {
  bool force = resolve;
  ct_arena *a = ct_arena_new();
  int rc = CT_OK;
  if (!ct_scaffold__is_dir(chart)) {
    rc = ct_error_set(CT_ENOTFOUND, "chart folder %s not found", chart);
    goto done;
  }
  const char *mods = modules_for(a, chart, NULL);
  if (modules && (rc = ct_scaffold__modules_open(&mods, a, modules, NULL))) goto done;
  ct_sc_registry *reg = ct_scaffold_registry_load(a, mods);
  if (!reg) {
    rc = CT_ERROR;
    goto done;
  }
  ct_buf report = CT_BUF_INIT;
  bool changed = false;
  rc = ct_scaffold_vendor(chart, reg, force ? CT_SC_VENDOR_RESOLVE : CT_SC_VENDOR_LOCK, bump,
                          &report, &changed);
  if (!rc) {
    if (report.len) fprintf(out, "%s %s:\n", update ? "Updated" : "Vendored", chart);
    const char *r = ct_buf_str(&report);
    while (*r) {
      const char *nl = strchr(r, '\n');
      size_t len = nl ? (size_t)(nl - r) : strlen(r);
      fprintf(out, "  %.*s\n", (int)len, r);
      r += len + (nl ? 1 : 0);
    }
    if (!report.len)
      fprintf(out, "%s is up to date%s\n", chart, changed ? " (vendored files restored)" : "");
  }
  ct_buf_dispose(&report);
done:
  if (rc) fprintf(stderr, "Error: %s\n", ct_error_last());
  ct_arena_free(a);
  return rc ? 1 : 0;
}

static int run_vendor(int argc, char **argv, bool update) {
  static const struct option longs[] = {{"modules", required_argument, 0, 'm'},
                                        {"force", no_argument, 0, 'f'},
                                        {"no-version-bump", no_argument, 0, 'b'},
                                        {"help", no_argument, 0, 'h'},
                                        {0, 0, 0, 0}};
  const char *modules = NULL;
  bool force = update, bump = true;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "m:fbh", longs, NULL)) != -1) {
    switch (c) {
    case 'm': modules = optarg; break;
    case 'f': force = true; break;
    case 'b': bump = false; break;
    case 'h': usage(stdout); return 0;
    default:
      fprintf(stderr, "Error: unknown or incomplete option %s\n", argv[optind - 1]);
      usage(stderr);
      return 2;
    }
  }
  if (optind + 1 != argc) {
    fprintf(stderr, "Error: %s needs exactly one CHART folder\n", update ? "update" : "vendor");
    usage(stderr);
    return 2;
  }
  return ct_scaffold_vendor_chart(argv[optind], modules, force, bump, update, stdout);
}

int ct_scaffold_cmd_scaffold(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
      !strcmp(argv[1], "help")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const char *sub = argv[1];
  if (!strcmp(sub, "create")) {
    argv[1] = "chartctl scaffold create";
    return ct_scaffold_cmd_create_service(argc - 1, argv + 1, stdin, stdout);
  }
  if (!strcmp(sub, "update")) return run_vendor(argc - 1, argv + 1, true);
  if (!strcmp(sub, "vendor")) return run_vendor(argc - 1, argv + 1, false);
  fprintf(stderr, "Error: unknown scaffold command \"%s\"\n", sub);
  usage(stderr);
  return 2;
}
