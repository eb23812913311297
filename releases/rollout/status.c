/* status.c — `rollout status`: the record's rollout state joined with the live pods of each
 * track, as JSON and as text. */
#include <string.h>

#include "chartctl/errors.h"
#include "rollout/rollout_int.h"

int ct_rollout_status(ct_rollout_ctx *c, const char *name, json_t **out) {
  ct_rollout__run r;
  int rc = ct_rollout__load(&r, c, name);
  if (rc) {
    ct_rollout__dispose(&r);
    return rc;
  }
  bool bg = !strcmp(ct_rollout__str(r.ro, "strategy"), "blue-green");
  const char *phase = ct_rollout__phase(&r);
  bool live = strcmp(phase, "Completed") && strcmp(phase, "Aborted");
  json_t *tracks = json_array();
  size_t i;
  json_t *w;
  json_array_foreach(json_object_get(r.ro, "workloads"), i, w) {
    const char *names[2] = {"stable", bg ? "preview" : "canary"};
    for (int t = 0; t < 2 && live; t++) {
      long total, ready, restarts;
      char why[512];
      ct_rollout__pods(&r, w, names[t], &total, &ready, &restarts, why, sizeof why);
      json_array_append_new(tracks, json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:s}", "kind", ct_rollout__str(w, "kind"), "name",
                                              ct_rollout__str(w, "name"), "track", names[t], "pods", (json_int_t)total, "ready",
                                              (json_int_t)ready, "restarts", (json_int_t)restarts, "problem", why));
    }
  }
  char who[300] = "";
  bool driven = ct_rollout__driven_elsewhere(r.ro, who, sizeof who);
  json_t *st = json_pack("{s:s,s:i,s:s,s:s,s:O,s:o,s:s}", "release", name, "revision", ct_release_version(r.rel), "status",
                         ct_release_status(r.rel), "description",
                         ct_rollout__str(json_object_get(r.rel, "info"), "description"), "rollout", r.ro, "tracks", tracks,
                         "driver", driven ? who : "");
  ct_rollout__dispose(&r);
  *out = st;
  return CT_OK;
}

void ct_rollout_print_status(FILE *f, const json_t *st) {
  const json_t *ro = json_object_get(st, "rollout");
  fprintf(f, "NAME: %s\nREVISION: %d\nSTATUS: %s\nSTRATEGY: %s\nPHASE: %s\n", ct_rollout__str(st, "release"),
          (int)ct_rollout__num(st, "revision", 0), ct_rollout__str(st, "status"), ct_rollout__str(ro, "strategy"),
          ct_rollout__str(ro, "phase"));
  fprintf(f, "STABLE REVISION: %d\n", (int)ct_rollout__num(ro, "stableRevision", 0));
  const json_t *steps = json_object_get(ro, "steps");
  fprintf(f, "STEP: %d/%zu\nWEIGHT: %d%%\n", (int)ct_rollout__num(ro, "step", 0) + 1, json_array_size(steps),
          (int)ct_rollout__num(ro, "weight", 0));
  if (*ct_rollout__str(ro, "message")) fprintf(f, "MESSAGE: %s\n", ct_rollout__str(ro, "message"));
  const char *phase = ct_rollout__str(ro, "phase");
  if (!strcmp(phase, "Paused") || !strcmp(phase, "Switched")) {
    double until = ct_rollout__num(ro, "pauseUntil", -1);
    if (until < 0) fprintf(f, "PAUSED: until `chartctl rollout promote %s`\n", ct_rollout__str(st, "release"));
    else fprintf(f, "PAUSED: %.0fs left\n", until - ct_rollout__now() > 0 ? until - ct_rollout__now() : 0);
  }
  if (*ct_rollout__str(st, "driver")) fprintf(f, "DRIVEN BY: chartctl %s\n", ct_rollout__str(st, "driver"));
  size_t i;
  json_t *t;
  if (json_array_size(json_object_get(st, "tracks"))) fprintf(f, "PODS:\n");
  json_array_foreach(json_object_get(st, "tracks"), i, t) {
    const char *problem = ct_rollout__str(t, "problem");
    fprintf(f, "  %s/%s %-7s %d/%d ready, %d restarts%s%s\n", ct_rollout__str(t, "kind"), ct_rollout__str(t, "name"),
            ct_rollout__str(t, "track"), (int)ct_rollout__num(t, "ready", 0), (int)ct_rollout__num(t, "pods", 0),
            (int)ct_rollout__num(t, "restarts", 0), *problem ? " — " : "", problem);
  }
  const json_t *res = json_object_get(ro, "results");
  if (json_array_size(res)) fprintf(f, "CHECKS:\n");
  json_array_foreach(res, i, t) {
    fprintf(f, "  step %d (%d%%) %-10s %s %s\n", (int)ct_rollout__num(t, "step", 0) + 1, (int)ct_rollout__num(t, "weight", 0),
            ct_rollout__str(t, "check"), json_is_true(json_object_get(t, "ok")) ? "ok  " : "FAIL", ct_rollout__str(t, "message"));
  }
}
