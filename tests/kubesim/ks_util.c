/* kubesim: small helpers shared by every file — time, random names, durations, files,
 * JSON path access and YAML→JSON conversion (libyaml). */
#include "ks.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

int64_t ks_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ks_rfc3339(char out[32], int64_t unix_s) {
  time_t t = (time_t)unix_s;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ks_now_rfc3339(char out[32]) { ks_rfc3339(out, ks_now_ms() / 1000); }

int64_t ks_parse_rfc3339(const char *s) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
  return (int64_t)timegm(&tm);
}

static pthread_mutex_t rng_mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t rng_state;

static uint64_t rng_next(void) {
  pthread_mutex_lock(&rng_mu);
  if (!rng_state) {
    if (getrandom(&rng_state, sizeof rng_state, 0) != sizeof rng_state || !rng_state)
      rng_state = (uint64_t)ks_now_ms() | 1;
  }
  uint64_t x = rng_state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  rng_state = x;
  pthread_mutex_unlock(&rng_mu);
  return x;
}

double ks_rand01(void) { return (double)(rng_next() >> 11) / (double)(1ULL << 53); }

void ks_uuid(char out[37]) {
  unsigned char b[16];
  for (int i = 0; i < 16; i += 8) {
    uint64_t r = rng_next();
    memcpy(b + i, &r, 8);
  }
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
           b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static const char alnum[] = "bcdfghjklmnpqrstvwxz2456789";

void ks_rand_suffix(char *out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = alnum[rng_next() % (sizeof alnum - 1)];
  out[n] = 0;
}

void ks_safe_encode(char *out, size_t outsz, uint32_t h) {
  char tmp[16];
  snprintf(tmp, sizeof tmp, "%u", h);
  size_t i = 0;
  for (; tmp[i] && i + 1 < outsz; i++) out[i] = alnum[(unsigned char)tmp[i] % (sizeof alnum - 1)];
  out[i] = 0;
}

uint32_t ks_fnv32(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 16777619u;
  }
  return h;
}

long ks_parse_duration_ms(const char *s) {
  if (!s || !*s) return -1;
  double total = 0;
  const char *p = s;
  while (*p) {
    char *end;
    errno = 0;
    double v = strtod(p, &end);
    if (end == p || errno) return -1;
    p = end;
    if (!strncmp(p, "ms", 2)) {
      total += v;
      p += 2;
    } else if (*p == 's') {
      total += v * 1000;
      p++;
    } else if (*p == 'm') {
      total += v * 60000;
      p++;
    } else if (*p == 'h') {
      total += v * 3600000;
      p++;
    } else if (!*p) {
      total += v * 1000; /* bare number = seconds */
    } else {
      return -1;
    }
  }
  return (long)total;
}

char *ks_strdup_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *out = NULL;
  if (vasprintf(&out, fmt, ap) < 0) out = NULL;
  va_end(ap);
  return out;
}

int ks_write_file_atomic(const char *path, const void *data, size_t len, int mode) {
  char tmp[1200];
  snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0) return -1;
  const char *p = data;
  size_t left = len;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      close(fd);
      unlink(tmp);
      return -1;
    }
    p += w;
    left -= (size_t)w;
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp);
    return -1;
  }
  if (rename(tmp, path) != 0) {
    unlink(tmp);
    return -1;
  }
  return 0;
}

char *ks_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (n + 1024 > cap) {
      cap *= 2;
      buf = realloc(buf, cap);
    }
    size_t r = fread(buf + n, 1, cap - n - 1, f);
    if (r == 0) break;
    n += r;
  }
  fclose(f);
  buf[n] = 0;
  if (len) *len = n;
  return buf;
}

json_t *ks_jpath(json_t *obj, const char *dotted) {
  char part[256];
  const char *p = dotted;
  json_t *cur = obj;
  while (cur && *p) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (n >= sizeof part) return NULL;
    memcpy(part, p, n);
    part[n] = 0;
    if (!json_is_object(cur)) return NULL;
    cur = json_object_get(cur, part);
    p += n;
    if (*p == '.') p++;
  }
  return cur;
}

const char *ks_jstr(json_t *obj, const char *dotted) {
  json_t *v = ks_jpath(obj, dotted);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t ks_jint(json_t *obj, const char *dotted, int64_t dflt) {
  json_t *v = ks_jpath(obj, dotted);
  if (json_is_integer(v)) return json_integer_value(v);
  if (json_is_real(v)) return (int64_t)json_real_value(v);
  return dflt;
}

json_t *ks_jobj_ensure(json_t *obj, const char *key) {
  json_t *v = json_object_get(obj, key);
  if (!json_is_object(v)) {
    v = json_object();
    json_object_set_new(obj, key, v);
  }
  return v;
}

char *ks_human_duration(int64_t s) {
  if (s < 0) s = 0;
  if (s < 120) return ks_strdup_printf("%llds", (long long)s);
  int64_t m = s / 60;
  if (m < 10) {
    if (s % 60 == 0) return ks_strdup_printf("%lldm", (long long)m);
    return ks_strdup_printf("%lldm%llds", (long long)m, (long long)(s % 60));
  }
  if (m < 180) return ks_strdup_printf("%lldm", (long long)m);
  int64_t h = s / 3600;
  if (h < 8) {
    if (m % 60 == 0) return ks_strdup_printf("%lldh", (long long)h);
    return ks_strdup_printf("%lldh%lldm", (long long)h, (long long)(m % 60));
  }
  if (h < 48) return ks_strdup_printf("%lldh", (long long)h);
  if (h < 24 * 8) {
    if (h % 24 == 0) return ks_strdup_printf("%lldd", (long long)(h / 24));
    return ks_strdup_printf("%lldd%lldh", (long long)(h / 24), (long long)(h % 24));
  }
  if (h < 24 * 365 * 2) return ks_strdup_printf("%lldd", (long long)(h / 24));
  return ks_strdup_printf("%lldy", (long long)(h / 24 / 365));
}

/* ---- YAML → JSON (first document) with YAML 1.1-ish scalar resolution as Kubernetes'
 * sigs.k8s.io/yaml does for plain scalars. ---- */
static json_t *scalar_to_json(const yaml_event_t *ev) {
  const char *v = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return json_stringn(v, n);
  if (ev->data.scalar.tag && !strcmp((const char *)ev->data.scalar.tag, "tag:yaml.org,2002:str"))
    return json_stringn(v, n);
  if (n == 0 || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") || !strcmp(v, "NULL"))
    return json_null();
  if (!strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "TRUE")) return json_true();
  if (!strcmp(v, "false") || !strcmp(v, "False") || !strcmp(v, "FALSE")) return json_false();
  char *end;
  errno = 0;
  long long ll = strtoll(v, &end, 10);
  if (*v && !*end && !errno && (v[0] != '0' || n == 1 || (v[0] == '-' && n > 1 && v[1] != '0')))
    return json_integer(ll);
  if (n > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
    ll = strtoll(v + 2, &end, 16);
    if (!*end) return json_integer(ll);
  }
  if (strpbrk(v, ".eE") && (isdigit((unsigned char)v[0]) || v[0] == '-' || v[0] == '+' || v[0] == '.')) {
    double d = strtod(v, &end);
    if (!*end && end != v) return json_real(d);
  }
  return json_stringn(v, n);
}

static json_t *parse_node(yaml_parser_t *p, yaml_event_t *first, char *err, size_t errsz);

static json_t *parse_node(yaml_parser_t *p, yaml_event_t *ev, char *err, size_t errsz) {
  switch (ev->type) {
  case YAML_SCALAR_EVENT:
    return scalar_to_json(ev);
  case YAML_ALIAS_EVENT:
    snprintf(err, errsz, "yaml aliases are not supported");
    return NULL;
  case YAML_SEQUENCE_START_EVENT: {
    json_t *arr = json_array();
    for (;;) {
      yaml_event_t e;
      if (!yaml_parser_parse(p, &e)) {
        snprintf(err, errsz, "yaml: line %zu: %s", p->problem_mark.line + 1, p->problem ? p->problem : "error");
        json_decref(arr);
        return NULL;
      }
      if (e.type == YAML_SEQUENCE_END_EVENT) {
        yaml_event_delete(&e);
        return arr;
      }
      json_t *v = parse_node(p, &e, err, errsz);
      yaml_event_delete(&e);
      if (!v) {
        json_decref(arr);
        return NULL;
      }
      json_array_append_new(arr, v);
    }
  }
  case YAML_MAPPING_START_EVENT: {
    json_t *obj = json_object();
    for (;;) {
      yaml_event_t k;
      if (!yaml_parser_parse(p, &k)) {
        snprintf(err, errsz, "yaml: line %zu: %s", p->problem_mark.line + 1, p->problem ? p->problem : "error");
        json_decref(obj);
        return NULL;
      }
      if (k.type == YAML_MAPPING_END_EVENT) {
        yaml_event_delete(&k);
        return obj;
      }
      json_t *kj = parse_node(p, &k, err, errsz);
      yaml_event_delete(&k);
      if (!kj) {
        json_decref(obj);
        return NULL;
      }
      char keybuf[64];
      const char *key;
      char *dumped = NULL;
      if (json_is_string(kj)) {
        key = json_string_value(kj);
      } else if (json_is_integer(kj)) {
        snprintf(keybuf, sizeof keybuf, "%lld", (long long)json_integer_value(kj));
        key = keybuf;
      } else if (json_is_true(kj) || json_is_false(kj)) {
        key = json_is_true(kj) ? "true" : "false";
      } else {
        dumped = json_dumps(kj, JSON_ENCODE_ANY);
        key = dumped ? dumped : "";
      }
      yaml_event_t ve;
      if (!yaml_parser_parse(p, &ve)) {
        snprintf(err, errsz, "yaml: line %zu: %s", p->problem_mark.line + 1, p->problem ? p->problem : "error");
        free(dumped);
        json_decref(kj);
        json_decref(obj);
        return NULL;
      }
      json_t *v = parse_node(p, &ve, err, errsz);
      yaml_event_delete(&ve);
      if (!v) {
        free(dumped);
        json_decref(kj);
        json_decref(obj);
        return NULL;
      }
      json_object_set_new(obj, key, v);
      free(dumped);
      json_decref(kj);
    }
  }
  default:
    snprintf(err, errsz, "yaml: unexpected event");
    return NULL;
  }
}

json_t *ks_yaml_to_json(const char *text, size_t len, char *err, size_t errsz) {
  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    snprintf(err, errsz, "yaml: cannot initialize parser");
    return NULL;
  }
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  json_t *result = NULL;
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&p, &ev)) {
      snprintf(err, errsz, "yaml: line %zu: %s", p.problem_mark.line + 1, p.problem ? p.problem : "error");
      break;
    }
    if (ev.type == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      if (!result) snprintf(err, errsz, "empty document");
      break;
    }
    if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_SEQUENCE_START_EVENT ||
        ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_ALIAS_EVENT) {
      result = parse_node(&p, &ev, err, errsz);
      yaml_event_delete(&ev);
      break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  return result;
}
