/* pty.c — drives create_new_service through a pseudo-terminal (forkpty) with the Wikimedia
 * model: prompts appear, answers are typed, wrong answers are asked again; Ctrl-C and EOF
 * abort without leaving a chart. Usage: scaffold_pty CREATE_NEW_SERVICE FIXTURES_DIR */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int failures;
static const char *prog, *fixtures;
static char charts[512];

#define CHECK(cond, ...)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                         \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

typedef struct session {
  int fd;
  pid_t pid;
  char *seen; /* everything the terminal showed */
  size_t len, cap, mark;
} session;

static void start(session *s, const char *name_arg) {
  memset(s, 0, sizeof *s);
  struct winsize ws = {.ws_row = 40, .ws_col = 120};
  s->pid = forkpty(&s->fd, NULL, NULL, &ws);
  if (s->pid < 0) {
    perror("forkpty");
    exit(1);
  }
  if (s->pid == 0) {
    char model[600];
    snprintf(model, sizeof model, "%s/_scaffold/service", fixtures);
    if (name_arg)
      execl(prog, prog, "--scaffold", model, "--charts-dir", charts, "--name", name_arg,
            (char *)NULL);
    else
      execl(prog, prog, "--scaffold", model, "--charts-dir", charts, (char *)NULL);
    perror("exec");
    _exit(127);
  }
}

/* Reads until TEXT appears after the last mark (or 20 s pass); moves the mark past it. */
static int expect(session *s, const char *text) {
  time_t end = time(NULL) + 20;
  for (;;) {
    if (s->seen) {
      char *hit = strstr(s->seen + s->mark, text);
      if (hit) {
        s->mark = (size_t)(hit - s->seen) + strlen(text);
        return 1;
      }
    }
    if (time(NULL) > end) break;
    struct pollfd p = {s->fd, POLLIN, 0};
    if (poll(&p, 1, 500) <= 0) continue;
    char buf[4096];
    ssize_t n = read(s->fd, buf, sizeof buf);
    if (n <= 0) break;
    if (s->len + (size_t)n + 1 > s->cap) {
      s->cap = (s->len + (size_t)n + 1) * 2;
      s->seen = realloc(s->seen, s->cap);
      if (!s->seen) abort();
    }
    memcpy(s->seen + s->len, buf, (size_t)n);
    s->len += (size_t)n;
    s->seen[s->len] = 0;
  }
  fprintf(stderr, "--- terminal so far:\n%s\n--- expected: %s\n", s->seen ? s->seen + s->mark : "",
          text);
  return 0;
}

static void type(session *s, const char *text) {
  size_t n = strlen(text);
  if (write(s->fd, text, n) != (ssize_t)n) perror("write");
}

/* Drains the terminal and returns the exit status (128+signal when killed). */
static int finish(session *s) {
  for (;;) {
    char buf[4096];
    struct pollfd p = {s->fd, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) break;
    ssize_t n = read(s->fd, buf, sizeof buf);
    if (n <= 0) break;
  }
  int st = 0;
  waitpid(s->pid, &st, 0);
  close(s->fd);
  free(s->seen);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int exists(const char *name) {
  char p[700];
  struct stat st;
  snprintf(p, sizeof p, "%s/%s", charts, name);
  return stat(p, &st) == 0;
}

static int leftovers(void) {
  char cmd[700];
  snprintf(cmd, sizeof cmd, "ls -A '%s' 2>/dev/null | grep -q '^\\.'", charts);
  return system(cmd) == 0;
}

static void full_dialogue(void) {
  session s;
  start(&s, NULL);
  CHECK(expect(&s, "Please input the name of the new chart"), "name prompt");
  type(&s, "Bad_Name\r");
  CHECK(expect(&s, "Invalid answer: a chart name must consist of lower case letters"),
        "bad name refused");
  CHECK(expect(&s, "> "), "asked again");
  type(&s, "ptysvc\r");
  CHECK(expect(&s, "===> Available components:"), "component list");
  CHECK(
      expect(&s, "* generic-application\r\n  Basic component for generic (non-LAMP) applications"),
      "descriptions shown");
  CHECK(expect(&s, "Please select a component by name (q to quit)"), "component prompt");
  type(&s, "generic-application\r");
  CHECK(expect(&s, "Already selected: generic-application"), "selection shown");
  type(&s, "LAMP\r");
  CHECK(
      expect(&s,
             "Invalid answer: LAMP conflicts with generic-application, which is already selected"),
      "conflicting pick refused");
  type(&s, "service-mesh\r");
  CHECK(expect(&s, "Already selected: generic-application,service-mesh"), "second pick");
  type(&s, "q\r");
  CHECK(expect(&s, "* Please input the complete name of the image (without the registry)"),
        "image question");
  type(&s, "docker-registry.wikimedia.org/foo\r");
  CHECK(expect(&s, "Invalid answer: give the image name without the registry"), "registry refused");
  type(&s, "repos/pty-svc:1.0\r");
  CHECK(expect(&s, "* Please input the port that this service will live on."), "port question");
  type(&s, "99999\r");
  CHECK(expect(&s, "Invalid answer: a port must be a number between 1 and 65535"),
        "bad port refused");
  type(&s, "8080\r");
  CHECK(expect(&s, "Chart ptysvc created in"), "created");
  CHECK(expect(&s, "+ mesh.configuration 1.15.3"), "vendored");
  int rc = finish(&s);
  CHECK(rc == 0, "exit status %d", rc);
  CHECK(exists("ptysvc/templates/vendor/app/generic_1.0.4.tpl"), "chart written");
  char path[700], line[256];
  snprintf(path, sizeof path, "%s/ptysvc/values.yaml", charts);
  FILE *f = fopen(path, "r");
  int image = 0, port = 0;
  while (f && fgets(line, sizeof line, f)) {
    if (!strcmp(line, "  image: repos/pty-svc:1.0\n")) image = 1;
    if (!strncmp(line, "  public_port: 8080", 19)) port = 1;
  }
  if (f) fclose(f);
  CHECK(image && port, "answers in values.yaml");
}

static void ctrl_c_aborts(void) {
  session s;
  start(&s, NULL);
  CHECK(expect(&s, "Please input the name of the new chart"), "name prompt");
  type(&s, "interrupted\r");
  CHECK(expect(&s, "Please select a component by name"), "component prompt");
  type(&s, "generic-application\r");
  CHECK(expect(&s, "Already selected"), "picked");
  type(&s, "q\r");
  CHECK(expect(&s, "complete name of the image"), "question");
  type(&s, "\x03"); /* VINTR */
  CHECK(expect(&s, "aborted"), "abort message");
  int rc = finish(&s);
  CHECK(rc == 130, "exit status after Ctrl-C %d", rc);
  CHECK(!exists("interrupted"), "no chart after Ctrl-C");
}

static void eof_aborts(void) {
  session s;
  start(&s, "endoffile");
  CHECK(expect(&s, "Please select a component by name"), "component prompt");
  type(&s, "\x04"); /* VEOF */
  CHECK(expect(&s, "aborted: end of input"), "abort message");
  int rc = finish(&s);
  CHECK(rc == 1, "exit status after EOF %d", rc);
  CHECK(!exists("endoffile"), "no chart after EOF");
}

static void taken_name_asked_again(void) {
  session s;
  start(&s, NULL);
  CHECK(expect(&s, "Please input the name of the new chart"), "name prompt");
  type(&s, "ptysvc\r");
  CHECK(expect(&s, "ptysvc already exists (use --force to replace it)"), "taken name refused");
  type(&s, "\x04");
  CHECK(expect(&s, "aborted"), "abort");
  finish(&s);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s CREATE_NEW_SERVICE FIXTURES\n", argv[0]);
    return 2;
  }
  prog = argv[1];
  fixtures = argv[2];
  char tmpl[] = "/tmp/ct-scaffold-pty-XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  snprintf(charts, sizeof charts, "%s/charts", tmpl);
  signal(SIGPIPE, SIG_IGN);
  full_dialogue();
  ctrl_c_aborts();
  eof_aborts();
  taken_name_asked_again();
  CHECK(!leftovers(), "temporary folders left in %s", charts);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
  if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", tmpl);
  if (failures) {
    fprintf(stderr, "%d failure(s)\n", failures);
    return 1;
  }
  puts("pty: all checks passed");
  return 0;
}
