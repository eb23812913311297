/* sc_validate.c — validation of the answers create_new_service collects: chart names
 * (DNS-1123 labels), ports and container image names; each check returns the reason. */
#include <ctype.h>
#include <string.h>

#include "sc_int.h"

const char *ct_scaffold_check_chart_name(const char *name) {
  size_t n = strlen(name);
  if (n == 0) return "a chart name is required";
  if (n > 53) return "a chart name must be at most 53 characters long";
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if (!(islower(c) || isdigit(c) || c == '-'))
      return "a chart name must consist of lower case letters, digits and '-' (DNS-1123 label)";
  }
  if (name[0] == '-' || name[n - 1] == '-')
    return "a chart name must start and end with a lower case letter or a digit (DNS-1123 label)";
  return NULL;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

static const char *check_port(const char *v) {
  if (!*v) return "a port number is required";
  long x = 0;
  for (const char *p = v; *p; p++) {
    if (!isdigit((unsigned char)*p)) return "a port must be a number between 1 and 65535";
    x = x * 10 + (*p - '0');
    if (x > 65535) return "a port must be a number between 1 and 65535";
  }
  if (x < 1) return "a port must be a number between 1 and 65535";
  return NULL;
}

/* One path component of a repository name: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)* */
static bool repo_component(const char *s, size_t n) {
  if (n == 0) return false;
  size_t i = 0;
  for (;;) {
    size_t st = i;
    while (i < n && (islower((unsigned char)s[i]) || isdigit((unsigned char)s[i])))
      i++;
    if (i == st) return false;
    if (i == n) return true;
    if (s[i] == '.')
      i++;
    else if (s[i] == '_')
      i += (i + 1 < n && s[i + 1] == '_') ? 2 : 1;
    else if (s[i] == '-')
      while (i < n && s[i] == '-')
        i++;
    else
      return false;
    if (i == n) return false;
  }
}

static const char *check_image(const char *v) {
  if (!*v) return "an image name is required";
  if (strlen(v) > 255) return "an image name must be at most 255 characters long";
  const char *at = strchr(v, '@');
  if (at) return "give the image name without a digest";
  const char *slash = strrchr(v, '/');
  const char *colon = strrchr(v, ':');
  size_t name_len = strlen(v);
  if (colon && (!slash || colon > slash)) {
    const char *tag = colon + 1;
    size_t tl = strlen(tag);
    if (tl == 0 || tl > 128) return "an image tag must be 1 to 128 characters long";
    if (!(isalnum((unsigned char)tag[0]) || tag[0] == '_'))
      return "an image tag must start with a letter, a digit or '_'";
    for (size_t i = 0; i < tl; i++)
      if (!(isalnum((unsigned char)tag[i]) || tag[i] == '_' || tag[i] == '.' || tag[i] == '-'))
        return "an image tag may only contain letters, digits, '_', '.' and '-'";
    name_len = (size_t)(colon - v);
  }
  const char *first_slash = memchr(v, '/', name_len);
  if (first_slash) {
    size_t fl = (size_t)(first_slash - v);
    if (memchr(v, '.', fl) || memchr(v, ':', fl) || (fl == 9 && !memcmp(v, "localhost", 9)))
      return "give the image name without the registry";
  }
  size_t i = 0;
  while (i <= name_len) {
    size_t j = i;
    while (j < name_len && v[j] != '/')
      j++;
    if (!repo_component(v + i, j - i))
      return "an image name must be lower case path components of letters and digits, "
             "separated by '.', '_' or '-' (e.g. repos/team/my-service)";
    i = j + 1;
  }
  return NULL;
}

const char *ct_scaffold_check_answer(const char *id, const char *value) {
  if (strchr(value, '\n') || strchr(value, '\r')) return "an answer must fit on one line";
  if (!strcmp(id, "port") || ends_with(id, "_port") || ends_with(id, "-port"))
    return check_port(value);
  if (!strcmp(id, "image") || !strcmp(id, "image_name") || ends_with(id, "_image") ||
      ends_with(id, "_image_name"))
    return check_image(value);
  if (!*value) return "an answer is required";
  return NULL;
}
