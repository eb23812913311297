/* commands.h — every chartctl command, one cmd_<verb>.c each. All are weak: a command whose
 * file is not linked yet is reported by main as unknown, so new files need no edit here. */
#ifndef CT_COMMANDS_H
#define CT_COMMANDS_H

/* Each gets ARGV[0] = its own name, then every other argument (global flags included) in the
 * order given; returns the process exit status (0 ok, 1 error after "Error: ..." on stderr). */
#define CT_WEAK_CMD(verb) int ct_cmd_##verb(int argc, char **argv) __attribute__((weak));
CT_WEAK_CMD(template)
CT_WEAK_CMD(show)
CT_WEAK_CMD(lint)
CT_WEAK_CMD(version)
CT_WEAK_CMD(completion)
CT_WEAK_CMD(create)
CT_WEAK_CMD(scaffold)
CT_WEAK_CMD(install)
CT_WEAK_CMD(upgrade)
CT_WEAK_CMD(rollback)
CT_WEAK_CMD(uninstall)
CT_WEAK_CMD(history)
CT_WEAK_CMD(status)
CT_WEAK_CMD(list)
CT_WEAK_CMD(get)
CT_WEAK_CMD(test)
CT_WEAK_CMD(rollout)
CT_WEAK_CMD(package)
CT_WEAK_CMD(repo)
CT_WEAK_CMD(pull)
CT_WEAK_CMD(dependency)
CT_WEAK_CMD(search)
#undef CT_WEAK_CMD

/* The command table main dispatches on (name, aliases, short description, function). */
typedef struct ct_command {
  const char *name;
  const char *aliases; /* comma separated, or NULL */
  const char *short_desc;
  int (*fn)(int argc, char **argv); /* NULL when the command is not linked in */
} ct_command;

const ct_command *ct_commands(unsigned *n);

#endif
