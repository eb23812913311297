/* kubesim: fault-injection switches (error rate, latency, dropped connections, conflict
 * storms), shared by the HTTP layer and changeable at run time through /kubesim/faults. */
#include "ks.h"

#include <stdio.h>
#include <string.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static ks_faults cur;

void ks_faults_set(const ks_faults *f) {
  pthread_mutex_lock(&mu);
  cur = *f;
  pthread_mutex_unlock(&mu);
}

ks_faults ks_faults_get(void) {
  pthread_mutex_lock(&mu);
  ks_faults f = cur;
  pthread_mutex_unlock(&mu);
  return f;
}

json_t *ks_faults_json(void) {
  ks_faults f = ks_faults_get();
  char lat[32];
  snprintf(lat, sizeof lat, "%ldms", f.latency_ms);
  return json_pack("{s:f, s:s, s:I, s:f, s:f}", "errorRate", f.error_rate, "latency", lat, "latencyMs",
                   (json_int_t)f.latency_ms, "dropRate", f.drop_rate, "conflictRate", f.conflict_rate);
}

static int rate(json_t *j, const char *a, const char *b, double *out, char *err, size_t errsz) {
  json_t *v = json_object_get(j, a);
  if (!v) v = json_object_get(j, b);
  if (!v) return 0;
  if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1) {
    snprintf(err, errsz, "%s must be a number between 0 and 1", a);
    return -1;
  }
  *out = json_number_value(v);
  return 0;
}

/* Accepts {"errorRate":0.1,"latency":"50ms"|latencyMs:50,"dropRate":..,"conflictRate":..};
 * flag spellings (error-rate, ...) work too; {"reset":true} clears everything first. */
int ks_faults_from_json(json_t *j, char *err, size_t errsz) {
  if (!json_is_object(j)) {
    snprintf(err, errsz, "body must be a JSON object");
    return -1;
  }
  ks_faults f = ks_faults_get();
  if (json_is_true(json_object_get(j, "reset"))) memset(&f, 0, sizeof f);
  if (rate(j, "errorRate", "error-rate", &f.error_rate, err, errsz) ||
      rate(j, "dropRate", "drop-rate", &f.drop_rate, err, errsz) ||
      rate(j, "conflictRate", "conflict-rate", &f.conflict_rate, err, errsz))
    return -1;
  json_t *lat = json_object_get(j, "latency");
  json_t *latms = json_object_get(j, "latencyMs");
  if (json_is_string(lat)) {
    long ms = ks_parse_duration_ms(json_string_value(lat));
    if (ms < 0) {
      snprintf(err, errsz, "latency: invalid duration \"%s\"", json_string_value(lat));
      return -1;
    }
    f.latency_ms = ms;
  } else if (json_is_integer(latms)) {
    f.latency_ms = (long)json_integer_value(latms);
  } else if (json_is_integer(lat)) {
    f.latency_ms = (long)json_integer_value(lat);
  }
  ks_faults_set(&f);
  return 0;
}
