/* harness.h — starts and stops kubesim for integration tests (free port, temp data dir,
 * waits for the kubeconfig file that signals readiness). */
#ifndef CT_TEST_HARNESS_H
#define CT_TEST_HARNESS_H

#include <sys/types.h>

typedef struct ct_sim {
  pid_t pid;
  char dir[256];        /* data dir */
  char kubeconfig[300]; /* written by kubesim when ready */
} ct_sim;

/* Starts kubesim ($KUBESIM, else ./build/kubesim) with EXTRA args (NULL-terminated list,
 * may be NULL). Returns 0 when ready within 20 s. */
int ct_sim_start(ct_sim *s, const char *const *extra);
/* SIGTERM and wait; removes the data dir unless KEEP. */
void ct_sim_stop(ct_sim *s, int keep);
/* POST /kubesim/faults with JSON body through curl's CLI-free path (libcurl). */
int ct_sim_faults(const ct_sim *s, const char *json);

#endif
