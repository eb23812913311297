/* kube_int.h — internals shared by the kube client's files. */
#ifndef CT_KUBE_INT_H
#define CT_KUBE_INT_H

#include <stddef.h>

int ct_kube__read_file(const char *path, char **out, size_t *len);
/* Standard base64 (padding optional); *out NUL-terminated, heap. */
int ct_kube__base64_decode(const char *in, char **out, size_t *len);
/* Runs an exec credential plugin; fills token or client cert/key. */
struct ct_kubeconfig;
int ct_kube__exec_credential(struct ct_kubeconfig *kc);

#endif
