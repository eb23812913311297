/* events.c — how a rollout reports: one line per event, a JSON event stream (-o json), or
 * on a terminal a live view (progress bar per step, pods per track, checks) under the log. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "chartctl/buf.h"
#include "rollout/rollout_int.h"

static int g_block_lines; /* lines of the live view currently on screen */

static void erase_block(FILE *f) {
  if (g_block_lines > 0) fprintf(f, "\033[%dA\033[J", g_block_lines);
  g_block_lines = 0;
}

static int step_no(const ct_rollout__run *r) {
  int n = (int)ct_rollout__num(r->ro, "step", 0) + 1, max = (int)json_array_size(json_object_get(r->ro, "steps"));
  return n > max && max ? max : n;
}

void ct_rollout__event(ct_rollout__run *r, const char *type, const char *fmt, ...) {
  ct_rollout_ctx *c = r->c;
  if (c->out == CT_ROLLOUT_OUT_QUIET || !c->stream) return;
  char msg[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  char now[64];
  ct_release_now(now, sizeof now);
  now[19] = 'Z';
  now[20] = 0; /* seconds are enough in a log line */
  int version = r->rel ? ct_release_version(r->rel) : 0;
  if (c->out == CT_ROLLOUT_OUT_JSON) {
    json_t *e = json_pack("{s:s,s:s,s:i,s:s,s:s,s:i,s:i,s:s}", "time", now, "release", r->name ? r->name : "", "revision", version,
                          "type", type, "phase", ct_rollout__str(r->ro, "phase"), "step", step_no(r),
                          "weight", (int)ct_rollout__num(r->ro, "weight", 0), "message", msg);
    char *s = json_dumps(e, JSON_COMPACT);
    fprintf(c->stream, "%s\n", s);
    free(s);
    json_decref(e);
  } else {
    if (c->out == CT_ROLLOUT_OUT_TTY) erase_block(c->stream);
    fprintf(c->stream, "%s %s rev %d %-12s %s\n", now, r->name ? r->name : "", version, type, msg);
  }
  fflush(c->stream);
  if (c->out == CT_ROLLOUT_OUT_TTY) ct_rollout__view(r, true);
}

static void bar(ct_buf *b, int pct, int width) {
  int full = pct * width / 100;
  ct_buf_puts(b, "[");
  for (int i = 0; i < width; i++) ct_buf_puts(b, i < full ? "#" : ".");
  ct_buf_puts(b, "]");
}

void ct_rollout__view(ct_rollout__run *r, bool force) {
  ct_rollout_ctx *c = r->c;
  if (c->out != CT_ROLLOUT_OUT_TTY || !c->stream || !r->ro) return;
  double now = ct_rollout__now();
  if (!force && now - r->last_view < 1.0) return;
  r->last_view = now;
  ct_buf b = CT_BUF_INIT;
  const char *phase = ct_rollout__str(r->ro, "phase");
  int step = (int)ct_rollout__num(r->ro, "step", 0), weight = (int)ct_rollout__num(r->ro, "weight", 0);
  ct_buf_printf(&b, "  %s rollout of %s: revision %d, phase %s\n", ct_rollout__str(r->ro, "strategy"), r->name,
                ct_release_version(r->rel), phase);
  size_t i;
  json_t *s;
  json_array_foreach(json_object_get(r->ro, "steps"), i, s) {
    int w = (int)json_integer_value(s);
    bool done = (int)i < step || !strcmp(phase, "Completed");
    bool cur = (int)i == step && strcmp(phase, "Completed");
    int pct = done ? 100 : cur ? (w ? weight * 100 / w : 0) : 0;
    if (pct > 100) pct = 100;
    ct_buf_printf(&b, "  step %zu %3d%% ", i + 1, w);
    bar(&b, pct, 30);
    ct_buf_printf(&b, " %s\n", done ? "done" : cur ? phase : "");
  }
  if (!strcmp(phase, "Paused") || !strcmp(phase, "Switched")) {
    double until = ct_rollout__num(r->ro, "pauseUntil", -1);
    if (until < 0) ct_buf_printf(&b, "  paused until `chartctl rollout promote %s`\n", r->name);
    else ct_buf_printf(&b, "  %s, %.0fs left\n", !strcmp(phase, "Paused") ? "paused" : "old pods kept",
                       until > now ? until - now : 0);
  }
  json_t *wl;
  const char *track = strcmp(ct_rollout__str(r->ro, "strategy"), "blue-green") ? "canary" : "preview";
  json_array_foreach(json_object_get(r->ro, "workloads"), i, wl) {
    long t, rd, rs;
    ct_rollout__pods(r, wl, "stable", &t, &rd, &rs, NULL, 0);
    ct_buf_printf(&b, "  %s %s: stable %ld/%ld ready", ct_rollout__str(wl, "kind"), ct_rollout__str(wl, "name"), rd, t);
    ct_rollout__pods(r, wl, track, &t, &rd, &rs, NULL, 0);
    ct_buf_printf(&b, ", %s %ld/%ld ready, %ld restarts\n", track, rd, t, rs);
  }
  json_t *res = json_object_get(r->ro, "results");
  size_t n = json_array_size(res);
  for (i = n > 3 ? n - 3 : 0; i < n; i++) {
    json_t *x = json_array_get(res, i);
    ct_buf_printf(&b, "  step %d %s %s: %s\n", (int)ct_rollout__num(x, "step", 0) + 1, json_is_true(json_object_get(x, "ok")) ? "ok  " : "FAIL",
                  ct_rollout__str(x, "check"), ct_rollout__str(x, "message"));
  }
  erase_block(c->stream);
  fputs(ct_buf_str(&b), c->stream);
  for (const char *p = ct_buf_str(&b); *p; p++) g_block_lines += *p == '\n';
  fflush(c->stream);
  ct_buf_dispose(&b);
}
