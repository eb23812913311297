/* front.h — the statically linked chartctl and its dynamically linked twin.
 *
 * A static executable starts ~0.5 ms faster (no loader, no libc.so to map and relocate), a
 * seventh of a small chart's render, but it cannot dlopen libcurl, libgit2 or libarchive.
 * So `chartctl` is built static when the system allows it (CMake option CT_STATIC_FRONT) and
 * runs the commands that work offline (template, lint, show, package, create, version...)
 * itself; every other command, and any of those that turns out to need one of the dynamic
 * libraries (a chart from a repository, say), is handed to `chartctl-dyn`, the same program
 * linked dynamically, installed beside it: the same command line is executed there.
 *
 * In chartctl-dyn (and in builds without the static front) these functions do nothing. */
#ifndef CT_CLI_FRONT_H
#define CT_CLI_FRONT_H

/* Remembers the command line for a hand-off. */
void ct_front_start(int argc, char **argv);

/* Hands the command line to chartctl-dyn now unless VERB (a command name as typed) runs in
 * the static front. */
void ct_front_command(const char *verb);

/* In the static front, hands the command line to chartctl-dyn now (WHAT, a library's name,
 * is going to be needed, and the command would print before it is); elsewhere returns. */
void ct_front_need(const char *what);

/* In the static front, hands the command line to chartctl-dyn now when PATH (a values file,
 * a --set-file path) is a pipe, a socket or a character device such as /dev/stdin on a
 * pipe: reading it consumes it, so chartctl-dyn could not read it again if a later hand-off
 * (a libcrypto function in a template) started the command over. Elsewhere returns. */
void ct_front_need_rereadable(const char *path);

/* Hands the command line to chartctl-dyn because WHAT (a library's name) is needed, telling
 * it how many warnings (warn.h) were printed already so that it does not repeat them. Does not
 * return: it executes chartctl-dyn, or exits with status 127 and a message naming WHAT when
 * chartctl-dyn is missing or this process has already written to stdout or read stdin
 * (starting over would repeat or lose data). */
_Noreturn void ct_front_handoff(const char *what);

#endif
