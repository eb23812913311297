/* checker.h — the built-in service checker (after Wikimedia's service-checker): fetch a
 * service's OpenAPI/Swagger spec, run the x-amples request/response examples it declares. */
#ifndef CT_CHECKER_H
#define CT_CHECKER_H

#include <stdbool.h>
#include <stddef.h>

#include "chartctl/arena.h"
#include "chartctl/buf.h"
#include "chartctl/value.h"

/* Nagios-style result of one example and of a whole run (worst wins). */
typedef enum { CT_CHECKER_OK = 0, CT_CHECKER_WARNING = 1, CT_CHECKER_CRITICAL = 2, CT_CHECKER_UNKNOWN = 3 } ct_checker_status;
const char *ct_checker_status_name(ct_checker_status s); /* "OK", "WARNING", ... */

/* ---- running ---- */
typedef struct ct_checker_opts {
  const char *base_url;  /* scheme://host[:port][/prefix]; the prefix only locates the spec */
  const char *spec_path; /* appended to the base URL to fetch the spec; NULL: "/?spec" */
  double timeout_s;      /* per request (spec fetch included); <= 0: 5 */
} ct_checker_opts;

typedef struct ct_checker_result {
  char *title;  /* the example's title ("Untitled test" when it has none) */
  char *method; /* "GET", "POST"... */
  char *path;   /* the spec's path template, base path included ("/v1/page/{title}") */
  char *url;    /* the URL requested */
  ct_checker_status status;
  char *message; /* why it is not OK ("" when OK) */
} ct_checker_result;

typedef struct ct_checker_report {
  char *spec_url;
  ct_checker_result *results; /* one per example run, in the spec's order */
  size_t n;
  size_t skipped;           /* operations with x-monitor: false */
  ct_checker_status status; /* worst of the results; CRITICAL when ERROR is set */
  char *error;              /* the spec could not be fetched or read (no results then) */
} ct_checker_report;

/* Fetches the spec and runs every example. Always fills OUT (dispose it); returns CT_OK when
 * the overall status is OK, otherwise CT_ERROR with a one-line summary in ct_error_last(). */
int ct_checker_run(const ct_checker_opts *o, ct_checker_report *out);
void ct_checker_report_dispose(ct_checker_report *r);
/* "All endpoints are healthy (N examples)" or "TITLE (METHOD PATH): MESSAGE; ..." (non-OK ones). */
void ct_checker_summary(const ct_checker_report *r, ct_buf *out);
/* The first non-OK result, or NULL. */
const ct_checker_result *ct_checker_first_failure(const ct_checker_report *r);

/* ---- the spec (exposed for tests) ---- */
typedef struct ct_checker_example {
  const char *title, *method, *path; /* method upper case; path with the spec's base path */
  const ct_value *request;           /* x-amples[i].request (map or NULL) */
  const ct_value *response;          /* x-amples[i].response (map or NULL: status 200) */
  const ct_value *op;                /* the operation object (its parameters give defaults) */
  const ct_value *path_item;         /* the path item (shared parameters) */
} ct_checker_example;

typedef struct ct_checker_spec {
  ct_checker_example *items;
  size_t n, skipped;
  const ct_value *default_params; /* x-default-params (map or NULL) */
  const ct_value *default_query;  /* x-default-query (map or NULL) */
} ct_checker_spec;

/* Reads a Swagger 2 or OpenAPI 3 document (JSON, else YAML) into its examples: for every path
 * and method, x-amples (GET without x-amples: one example expecting status 200), skipping
 * operations with x-monitor: false. Everything lives in A. Error text in ERR. */
int ct_checker_spec_parse(ct_checker_spec *out, ct_arena *a, const char *text, size_t len, ct_buf *err);

/* The request path of example E: path template params ({x}, {/x}, {+x}) from request.params,
 * then x-default-params, then the parameters' declared defaults; missing ones become "";
 * then the query string (x-default-query overlaid with request.query). */
void ct_checker_request_path(const ct_checker_spec *s, const ct_checker_example *e, ct_buf *out);

/* ---- matching (exposed for tests) ---- */
/* A string expectation: "/re/" is a PCRE2 search for re (slashes stripped from both ends);
 * anything else matches when GOT equals it or starts with it. A bad regex fails with the
 * compiler's message in WHY (when not NULL). */
bool ct_checker_match_text(const char *want, const char *got, size_t got_len, ct_buf *why);
/* Scalar as the matcher compares it: strings as they are, numbers as JSON writes them,
 * true/false, null → "". */
void ct_checker_scalar_text(const ct_value *v, ct_buf *out);
/* The JSON body DATA against the model MODEL: maps are subsets (every key of the model must
 * be present and match), lists match element by element (a one-element model list matches
 * every element of a longer list), scalars by ct_checker_match_text, a null model matches
 * anything. Returns OK or WARNING; each mismatch appends "at PATH: ..." lines to WHY. */
ct_checker_status ct_checker_match_body(const ct_value *model, const ct_value *data, ct_buf *why);

/* A received response, for ct_checker_check_response. */
typedef struct ct_checker_response {
  long status;
  const char *headers; /* raw header block ("Name: value\r\n"...), last response only */
  const char *body;
  size_t body_len;
} ct_checker_response;
/* Compares R with EXPECT (x-amples response: status, headers, body). Status and header
 * mismatches are CRITICAL, body mismatches WARNING (an unparsable JSON body CRITICAL), as
 * service-checker grades them. The message goes to WHY. */
ct_checker_status ct_checker_check_response(const ct_value *expect, const ct_checker_response *r, ct_buf *why);
/* Header NAME (case-insensitive) in a raw header block; repeated headers joined by ", ".
 * False when absent. */
bool ct_checker_header(const char *headers, const char *name, ct_buf *out);

#endif
