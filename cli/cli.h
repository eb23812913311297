/* cli.h — the command-line framework every cmd_<verb>.c uses: Helm/cobra-style flag parsing
 * (pflag rules), help output, argument checks with Helm's messages, and the global flags. */
#ifndef CT_CLI_H
#define CT_CLI_H

#include <stdbool.h>
#include <stddef.h>

/* ---- growable list of strings (repeatable flags, positional args) ---- */
typedef struct ct_strv {
  char **items; /* heap copies, owned by the list */
  size_t len, cap;
} ct_strv;

void ct_strv_push(ct_strv *v, const char *s);
void ct_strv_pushn(ct_strv *v, const char *s, size_t n);
void ct_strv_dispose(ct_strv *v); /* frees items; the list is left empty */

/* ---- flags (pflag's kinds and spellings) ---- */
typedef enum ct_flag_kind {
  CT_FLAG_BOOL,         /* bool*; "--x", "--x=true|false" (strconv.ParseBool) */
  CT_FLAG_STRING,       /* const char** (points into argv or the default) */
  CT_FLAG_STRING_OPT,   /* const char**; bare "--x" stores .noopt ("--dry-run" → "client") */
  CT_FLAG_STRING_ARRAY, /* ct_strv*; repeatable, each value kept whole ("--set") */
  CT_FLAG_STRINGS,      /* ct_strv*; repeatable, each value split on commas ("-f a,b") */
  CT_FLAG_STRING_MAP,   /* ct_strv* of "k=v" items; comma separated ("--labels") */
  CT_FLAG_INT,          /* int* */
  CT_FLAG_FLOAT,        /* double* (pflag float32/float64) */
  CT_FLAG_DURATION,     /* double* seconds; Go duration syntax ("5m0s", "300ms") */
} ct_flag_kind;

typedef struct ct_flag {
  const char *name;     /* long name without "--" */
  char shorthand;       /* 0 for none */
  ct_flag_kind kind;
  void *dest;           /* see ct_flag_kind */
  const char *usage;
  const char *def_text; /* default shown in help as "(default X)", NULL for none */
  const char *noopt;    /* CT_FLAG_STRING_OPT: value of the bare flag */
  bool hidden;
  bool changed;         /* set by the parser when the flag was given */
} ct_flag;

/* One command as cobra knows it. */
typedef struct ct_subcmd_info {
  const char *name, *short_desc;
} ct_subcmd_info;

typedef struct ct_cmd_def {
  const char *path;        /* "chartctl show chart" */
  const char *args_use;    /* "[CHART]" or NULL: usage line is "PATH ARGS [flags]" */
  const char *short_desc;
  const char *long_desc;   /* printed first by --help (short_desc when NULL) */
  const char *aliases;     /* "show, inspect" or NULL */
  ct_flag *flags;          /* the command's own flags; globals are added by the parser */
  size_t nflags;
  const ct_subcmd_info *subs; /* for "Available Commands" in help */
  size_t nsubs;
  bool no_globals;         /* hide global flags in help */
} ct_cmd_def;

enum { CT_CLI_OK = 0, CT_CLI_HELP = 1, CT_CLI_ERR = -1 };

/* Parses ARGV[1..ARGC) (ARGV[0] is the command's own name) against CMD's flags and the global
 * flags, flags and positional arguments interleaved as cobra allows, "--" ending flags.
 * Positional arguments go to POS (pointers into ARGV; POS->items must not be freed one by
 * one: call ct_cli_args_dispose). Returns CT_CLI_OK, CT_CLI_HELP (help was printed: exit 0),
 * or CT_CLI_ERR (an "Error: ..." line was printed: exit 1). */
int ct_cli_parse(ct_cmd_def *cmd, int argc, char **argv, ct_strv *pos);
void ct_cli_args_dispose(ct_strv *pos);

/* Frees what the parser allocated for CMD's repeatable flags (ct_strv destinations). */
void ct_cli_flags_dispose(ct_cmd_def *cmd);

/* Whether the flag NAME of CMD (or a global flag) was given on the command line. */
bool ct_cli_changed(const ct_cmd_def *cmd, const char *name);

/* Prints the --help text of CMD to stdout. */
void ct_cli_help(const ct_cmd_def *cmd);
/* "PATH ARGS [flags]" as cobra's UseLine. Static storage, valid until the next call. */
const char *ct_cli_use_line(const ct_cmd_def *cmd);

/* Helm's argument checks (cmd/helm/require): print "Error: ..." with the usage line and
 * return CT_CLI_ERR, or return CT_CLI_OK. */
int ct_cli_require_none(const ct_cmd_def *cmd, const ct_strv *pos);
int ct_cli_require_exact(const ct_cmd_def *cmd, const ct_strv *pos, size_t n);
int ct_cli_require_min(const ct_cmd_def *cmd, const ct_strv *pos, size_t n);
int ct_cli_require_max(const ct_cmd_def *cmd, const ct_strv *pos, size_t n);

/* Prints "Error: MSG\n" to stderr (Helm's main). Returns 1, the exit status. */
int ct_cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Dispatches to one of SUBS by ARGV[1] (for "show", "repo", "dependency"...). ARGV[0] is the
 * parent's name. With no subcommand the parent's help is printed (exit 0) as cobra does. */
typedef int (*ct_cmd_fn)(int argc, char **argv);
typedef struct ct_subcmd {
  const char *name;
  const char *aliases; /* comma separated, or NULL */
  ct_cmd_fn fn;
} ct_subcmd;
int ct_cli_dispatch(ct_cmd_def *parent, const ct_subcmd *subs, size_t nsubs, int argc,
                    char **argv);

/* ---- global flags (Helm's EnvSettings), defaults from HELM_* environment variables ---- */
typedef struct ct_cli_globals {
  const char *namespace_;      /* -n/--namespace (NULL when not given) */
  const char *kube_context;    /* --kube-context / HELM_KUBECONTEXT */
  const char *kubeconfig;      /* --kubeconfig / KUBECONFIG */
  const char *kube_apiserver, *kube_as_user, *kube_ca_file, *kube_token, *kube_tls_server_name;
  ct_strv kube_as_group;
  bool kube_insecure_skip_tls_verify;
  bool debug;                  /* --debug / HELM_DEBUG */
  int burst_limit;
  double qps;
  const char *registry_config, *repository_config, *repository_cache;
} ct_cli_globals;

extern ct_cli_globals ct_cli_g;

/* Fills ct_cli_g's defaults from the environment (main calls it once). */
void ct_cli_globals_init(void);
void ct_cli_globals_dispose(void);
/* The namespace of the request: -n, else HELM_NAMESPACE, else the kube context's namespace
 * (when a releases library provides ct_cli_kube_namespace), else "default". */
const char *ct_cli_namespace(void);
/* Optional hook a kube library may define: the current context's namespace or NULL. */
const char *ct_cli_kube_namespace(void) __attribute__((weak));

/* The global flag table (for main's scan of flags before the command name). */
ct_flag *ct_cli_global_flags(size_t *n);

/* chartctl's own version. */
#define CT_CLI_VERSION "v0.1.0"

#endif
