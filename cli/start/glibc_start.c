/* glibc_start.c — the start-up of the statically linked chartctl (front.h) in place of
 * glibc 2.36's __libc_start_main, without its CPU identification.
 *
 * Why: glibc's static start-up (libc-start.o) reads the CPU's cache geometry one parameter at
 * a time, twelve of them, each walking CPUID leaf 2's descriptor bytes and leaf 4's cache
 * levels: about 70 CPUID instructions. On bare metal that is a few microseconds; under a
 * hypervisor every CPUID traps to it, 6.4 us each on our CI's VMs, so 0.45 ms of every
 * process start, a third of a typical `chartctl template`. This file runs the same start-up
 * steps in the same order (the auxiliary vector, tunables, static-pie self-relocation, IRELATIVE
 * relocations, TLS, stack and pointer guards, early libc init, constructors, main) and skips
 * only the CPU identification. glibc's CPU feature record stays zeroed, so its string and
 * memory functions resolve to their baseline x86-64 (SSE2) versions, which every x86-64 runs;
 * the cache sizes glibc's memmove/memset consult are fixed values instead of measured ones.
 *
 * It mirrors glibc internals, so CMakeLists.txt links it only after checking that libc.a is
 * glibc 2.36 on x86-64 and that its libc-start.o references exactly the symbols this file
 * accounts for (any new start-up step changes that list), and after a test program built with
 * it runs (tests/cli/static_start_check.c, which is also a ctest). Anything else keeps glibc's
 * own start-up. -DCT_FAST_START=OFF turns it off.
 *
 * Compiled without the stack protector: the guard lives in TLS, set up half-way through. Until
 * _dl_relocate_static_pie has run, the code may only reach data PC-relatively, hence the hidden
 * declarations below. Defining every global symbol of libc-start.o (the __x86_* cache sizes
 * too) keeps the linker from pulling libc-start.o out of libc.a. */
#include <elf.h>
#include <link.h>
#include <stddef.h>
#include <stdint.h>

#define CT_HIDDEN __attribute__((visibility("hidden")))

typedef void (*ct_init_fn)(int, char **, char **);
typedef void (*ct_fini_fn)(void);

extern char **__environ CT_HIDDEN;
extern void *__libc_stack_end CT_HIDDEN;
extern int __libc_enable_secure CT_HIDDEN;
extern void *_dl_random CT_HIDDEN;
extern uint64_t _dl_hwcap CT_HIDDEN;

extern void _dl_aux_init(ElfW(auxv_t) *) CT_HIDDEN;
extern void __tunables_init(char **) CT_HIDDEN;
extern void _dl_relocate_static_pie(void) CT_HIDDEN;
extern void __libc_setup_tls(void) CT_HIDDEN;
extern void __libc_early_init(_Bool) CT_HIDDEN;
extern void __libc_init_first(int, char **, char **) CT_HIDDEN;
extern void __libc_check_standard_fds(void) CT_HIDDEN;
extern void __libc_fatal(const char *) CT_HIDDEN __attribute__((noreturn));
extern void _dl_debug_initialize(ElfW(Addr), long) CT_HIDDEN;
extern int __cxa_atexit(void (*)(void *), void *, void *) CT_HIDDEN;
extern void __pthread_initialize_minimal(void) __attribute__((weak)) CT_HIDDEN;
extern void exit(int) CT_HIDDEN __attribute__((noreturn));
extern void _init(void) CT_HIDDEN;
extern void _fini(void) CT_HIDDEN;

extern const ct_init_fn __preinit_array_start[] CT_HIDDEN;
extern const ct_init_fn __preinit_array_end[] CT_HIDDEN;
extern const ct_init_fn __init_array_start[] CT_HIDDEN;
extern const ct_init_fn __init_array_end[] CT_HIDDEN;
extern const ct_fini_fn __fini_array_start[] CT_HIDDEN;
extern const ct_fini_fn __fini_array_end[] CT_HIDDEN;
/* IRELATIVE relocations of a non-PIE static link (a static-pie has them in its dynamic
 * relocations, which _dl_relocate_static_pie applies). */
extern const ElfW(Rela) __rela_iplt_start[] __attribute__((weak)) CT_HIDDEN;
extern const ElfW(Rela) __rela_iplt_end[] __attribute__((weak)) CT_HIDDEN;

/* The cache sizes glibc's memmove, memcpy and memset read (what its cacheinfo would have
 * measured): a 32 KiB L1 data cache and a 1 MiB share of the last level, non-temporal stores
 * from three quarters of that, `rep movsb`/`rep stosb` from 2 KiB (glibc's own defaults). */
long int __x86_data_cache_size_half CT_HIDDEN = 32 * 1024 / 2;
long int __x86_data_cache_size CT_HIDDEN = 32 * 1024;
long int __x86_shared_cache_size_half CT_HIDDEN = 1024 * 1024 / 2;
long int __x86_shared_cache_size CT_HIDDEN = 1024 * 1024;
long int __x86_shared_non_temporal_threshold CT_HIDDEN = 1024 * 1024 * 3 / 4;
long int __x86_rep_movsb_threshold CT_HIDDEN = 2048;
long int __x86_rep_stosb_threshold CT_HIDDEN = 2048;
long int __x86_rep_movsb_stop_threshold CT_HIDDEN = 1024 * 1024 * 3 / 4;
int __x86_string_control CT_HIDDEN;

/* glibc's HWCAP_X86_64: what its start-up stores for a CPU without AVX-512 */
#define CT_HWCAP_X86_64 2u

static void run_fini_array(void *unused) {
  (void)unused;
  size_t n = (size_t)(__fini_array_end - __fini_array_start);
  while (n-- > 0)
    __fini_array_start[n]();
  _fini();
}

/* The stack guard is AT_RANDOM's first eight bytes with the lowest one zeroed (a string
 * overflow cannot reproduce it), the pointer guard the next eight; both live in the thread
 * control block at the offsets the x86-64 ABI fixes (%fs:0x28, %fs:0x30). */
static void set_guards(void) {
  uint64_t stack_guard, pointer_guard;
  __builtin_memcpy(&stack_guard, _dl_random, sizeof stack_guard);
  __builtin_memcpy(&pointer_guard, (const char *)_dl_random + 8, sizeof pointer_guard);
  stack_guard &= ~(uint64_t)0xff;
  __asm__ volatile("movq %0, %%fs:0x28" : : "r"(stack_guard) : "memory");
  __asm__ volatile("movq %0, %%fs:0x30" : : "r"(pointer_guard) : "memory");
}

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void *stack_end)
    __attribute__((noreturn));

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void *stack_end) {
  (void)init; /* always NULL from glibc 2.34's start files: the arrays are run here */
  (void)fini;
  char **envp = &argv[argc + 1];
  __environ = envp;
  __libc_stack_end = stack_end;
  char **after_env = envp;
  while (*after_env != NULL)
    after_env++;
  _dl_aux_init((ElfW(auxv_t) *)(after_env + 1));
  __tunables_init(__environ);
  _dl_hwcap = CT_HWCAP_X86_64;

  _dl_relocate_static_pie();
  for (const ElfW(Rela) *r = __rela_iplt_start; r < __rela_iplt_end; r++) {
    if (ELF64_R_TYPE(r->r_info) != R_X86_64_IRELATIVE)
      __libc_fatal("Unexpected reloc type in static binary.\n");
    ElfW(Addr) (*resolver)(void) = (ElfW(Addr)(*)(void))r->r_addend;
    *(ElfW(Addr) *)r->r_offset = resolver();
  }
  __libc_setup_tls();
  set_guards();
  if (__pthread_initialize_minimal != NULL) /* none in glibc 2.36's libc.a */
    __pthread_initialize_minimal();

  if (rtld_fini != NULL) __cxa_atexit((void (*)(void *))rtld_fini, NULL, NULL);
  __libc_early_init(1);
  __libc_init_first(argc, argv, __environ);
  __cxa_atexit(run_fini_array, NULL, NULL);
  if (__libc_enable_secure) __libc_check_standard_fds();

  size_t n = (size_t)(__preinit_array_end - __preinit_array_start);
  for (size_t i = 0; i < n; i++)
    __preinit_array_start[i](argc, argv, __environ);
  _init();
  n = (size_t)(__init_array_end - __init_array_start);
  for (size_t i = 0; i < n; i++)
    __init_array_start[i](argc, argv, __environ);
  _dl_debug_initialize(0, 0 /* LM_ID_BASE */);

  exit(main(argc, argv, __environ));
}
extern __typeof__(__libc_start_main) __libc_start_main_impl
    __attribute__((alias("__libc_start_main"), noreturn));
