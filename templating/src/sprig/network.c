/* network.c — getHostByName as Helm 3.17 installs it: without --enable-dns (the default)
 * it resolves nothing and returns ""; with it, Sprig's lookup (one random address). */
#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#include "chartctl/entropy.h"

#include "sprig/sprig_int.h"

static int f_gethostbyname(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)args;
  (void)nargs;
  *out = ct_cstring(ct_call_arena(c), "");
  return 0;
}

/* Sprig's getHostByName: net.LookupHost, then addrs[rand.Intn(len(addrs))] (which panics
 * with no addresses). */
static int f_gethostbyname_dns(ct_call *c, ct_value **out, ct_value *const *args, size_t nargs) {
  ct_call_impure(c);
  (void)nargs;
  ct_arena *a = ct_call_arena(c);
  const char *name = args[0] && args[0]->type == CT_STRING ? args[0]->s.ptr : "";
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  const char **addrs = NULL;
  size_t n = 0;
  if (*name && getaddrinfo(name, NULL, &hints, &res) == 0) {
    for (struct addrinfo *p = res; p; p = p->ai_next) {
      char buf[INET6_ADDRSTRLEN];
      const void *src = p->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)p->ai_addr)->sin_addr
                                                : (const void *)&((struct sockaddr_in6 *)p->ai_addr)->sin6_addr;
      if ((p->ai_family != AF_INET && p->ai_family != AF_INET6) || !inet_ntop(p->ai_family, src, buf, sizeof buf))
        continue;
      bool dup = false;
      for (size_t i = 0; i < n && !dup; i++) dup = !strcmp(addrs[i], buf);
      if (dup) continue;
      addrs = ct_arena_realloc(a, addrs, n * sizeof *addrs, (n + 1) * sizeof *addrs);
      addrs[n++] = ct_arena_strdup(a, buf);
    }
    freeaddrinfo(res);
  }
  if (n == 0) return ct_call_errorf(c, "invalid argument to Intn");
  uint32_t r = 0;
  if (!ct_entropy(&r, sizeof r)) r = 0;
  *out = ct_cstring(a, addrs[r % n]);
  return 0;
}

static const ct_func funcs[] = {
    {"getHostByName", "string->string", f_gethostbyname, NULL},
};

static const ct_func dns_func = {"getHostByName", "string->string", f_gethostbyname_dns, NULL};

const ct_func *ct_sprig__network(size_t *n) {
  *n = sizeof funcs / sizeof funcs[0];
  return funcs;
}

/* The --enable-dns variant, for the engine to install over the table's entry. */
const ct_func *ct_sprig__network_dns(void);
const ct_func *ct_sprig__network_dns(void) { return &dns_func; }
