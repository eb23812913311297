/* create_new_service.c — the create_new_service command: scaffolds a new service chart from a
 * scaffold model and a modules folder (see ct_scaffold_cmd_create_service). */
#include <stdio.h>

#include "ct_scaffold.h"

int main(int argc, char **argv) {
  return ct_scaffold_cmd_create_service(argc, argv, stdin, stdout);
}
