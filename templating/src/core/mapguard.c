/* mapguard.c — SIGBUS on a guarded mapping (mapguard.h) as an error naming its file. The
 * guards are a fixed table of atomics, so that the handler reads them without locks. */
#include "chartctl/mapguard.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUARDS 64

static _Atomic(uintptr_t) guard_addr[GUARDS];
static _Atomic(size_t) guard_len[GUARDS];
static _Atomic(char *) guard_path[GUARDS];
static _Atomic(int) guard_kind[GUARDS];
static struct sigaction guard_old;

static void put_err(const char *s) {
  size_t n = strlen(s);
  while (n) {
    ssize_t k = write(2, s, n);
    if (k <= 0) return;
    s += k;
    n -= (size_t)k;
  }
}

static void on_sigbus(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  uintptr_t at = (uintptr_t)si->si_addr;
  for (int i = 0; si->si_code > 0 && i < GUARDS; i++) {
    uintptr_t a = atomic_load(&guard_addr[i]);
    char *path = atomic_load(&guard_path[i]);
    if (a && at >= a && at - a < atomic_load(&guard_len[i]) && path) {
      if (atomic_load(&guard_kind[i]) == CT_MAPGUARD_CACHE_ENTRY) {
        put_err("Error: the parse cache entry ");
        put_err(path);
        put_err(" was truncated while in use (the next render writes it again)\n");
      } else {
        put_err("Error: ");
        put_err(path);
        put_err(" was truncated while chartctl was reading it\n");
      }
      _exit(1);
    }
  }
  /* not ours: as if this handler were not there */
  sigaction(sig, &guard_old, NULL);
  raise(sig);
}

bool ct_mapguard_add(const void *addr, size_t len, const char *path, ct_mapguard_kind kind) {
  /* (again if someone replaced the handler since: a test harness, an embedding program) */
  struct sigaction cur;
  if (sigaction(SIGBUS, NULL, &cur) != 0) return false;
  if (!(cur.sa_flags & SA_SIGINFO) || cur.sa_sigaction != on_sigbus) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGBUS, &sa, &guard_old) != 0) return false;
  }
  for (int i = 0; i < GUARDS; i++) {
    if (atomic_load(&guard_addr[i])) continue;
    char *p = strdup(path);
    if (!p) return false;
    atomic_store(&guard_path[i], p);
    atomic_store(&guard_len[i], len);
    atomic_store(&guard_kind[i], (int)kind);
    atomic_store(&guard_addr[i], (uintptr_t)addr);
    return true;
  }
  return false;
}

static atomic_bool exiting;

void ct_mapguard_exiting(void) { atomic_store(&exiting, true); }

void ct_mapguard_unmap(void *addr, size_t len) {
  if (atomic_load(&exiting)) return;
  ct_mapguard_remove(addr);
  munmap(addr, len);
}

void ct_mapguard_remove(const void *addr) {
  for (int i = 0; i < GUARDS; i++) {
    if (atomic_load(&guard_addr[i]) != (uintptr_t)addr) continue;
    atomic_store(&guard_addr[i], 0);
    free(atomic_exchange(&guard_path[i], NULL));
    return;
  }
}
