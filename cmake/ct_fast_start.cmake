# ct_fast_start.cmake — decides whether the static front starts through cli/start/glibc_start.c
# (glibc 2.36's start-up without its CPU identification, see that file) and sets
# CT_FAST_START_ON. Three checks, any failure keeps glibc's own start-up with a STATUS line:
#  1. x86-64 and glibc 2.36;
#  2. libc.a's libc-start.o has exactly the global symbols glibc_start.c accounts for: the
#     functions it calls, the data it sets, the __x86_* variables it defines, and the ones only
#     the skipped CPU identification and main-thread cancellation use. A new start-up step in a
#     glibc update shows up here as a new symbol;
#  3. tests/cli/static_start_check.c, linked as chartctl is (CT_STATIC_LINK) with the replacement, runs and passes.

set(CT_FAST_START_ON OFF)
set(ct_fs_dir ${CMAKE_BINARY_DIR}/fast_start)
file(MAKE_DIRECTORY ${ct_fs_dir})

# nm -g --format=posix of Debian 12's libc-start.o (glibc 2.36), as "type name"
set(ct_fs_expected
  "U _GLOBAL_OFFSET_TABLE_;U __assert_fail;U __cxa_atexit;U __environ;U __fini_array_end;\
U __fini_array_start;U __init_array_end;U __init_array_start;U __libc_check_standard_fds;\
U __libc_early_init;U __libc_enable_secure;U __libc_fatal;U __libc_init_first;U __libc_setup_tls;\
U __libc_stack_end;T __libc_start_main;T __libc_start_main_impl;U __nptl_deallocate_tsd;\
U __nptl_nthreads;U __preinit_array_end;U __preinit_array_start;w __pthread_initialize_minimal;\
w __rela_iplt_end;w __rela_iplt_start;U __tunable_get_val;U __tunable_set_val;U __tunables_init;\
D __x86_data_cache_size;D __x86_data_cache_size_half;B __x86_rep_movsb_stop_threshold;\
D __x86_rep_movsb_threshold;D __x86_rep_stosb_threshold;D __x86_shared_cache_size;\
D __x86_shared_cache_size_half;B __x86_shared_non_temporal_threshold;B __x86_string_control;\
U _dl_aux_init;U _dl_debug_initialize;U _dl_hwcap;U _dl_minsigstacksize;U _dl_platform;\
U _dl_random;U _dl_relocate_static_pie;U _dl_tunable_set_hwcaps;U _dl_x86_cpu_features;U _fini;\
U _init;U _setjmp;U exit")

set(ct_fs_why "")
if(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(ct_fs_why "not x86-64")
endif()
if(NOT ct_fs_why)
  include(CheckCSourceCompiles)
  check_c_source_compiles("
#include <features.h>
#if !defined(__GLIBC__) || __GLIBC__ != 2 || __GLIBC_MINOR__ != 36
#error not glibc 2.36
#endif
int main(void) { return 0; }" CT_FAST_START_GLIBC_236)
  if(NOT CT_FAST_START_GLIBC_236)
    set(ct_fs_why "the C library is not glibc 2.36")
  endif()
endif()
if(NOT ct_fs_why)
  execute_process(COMMAND ${CMAKE_AR} x ${CT_STATIC_LIBC} libc-start.o
                  WORKING_DIRECTORY ${ct_fs_dir} RESULT_VARIABLE ar_rc ERROR_QUIET)
  execute_process(COMMAND ${CMAKE_NM} -g --format=posix ${ct_fs_dir}/libc-start.o
                  OUTPUT_VARIABLE nm_out RESULT_VARIABLE nm_rc ERROR_QUIET)
  set(found "")
  if(ar_rc EQUAL 0 AND nm_rc EQUAL 0)
    string(REPLACE "\n" ";" nm_lines "${nm_out}")
    foreach(l ${nm_lines})
      if(l MATCHES "^([^ ]+) ([A-Za-z])")
        list(APPEND found "${CMAKE_MATCH_2} ${CMAKE_MATCH_1}")
      endif()
    endforeach()
  endif()
  # compared as sets: nm's order is not part of the contract
  list(SORT found)
  set(expected ${ct_fs_expected})
  list(SORT expected)
  if(NOT "${found}" STREQUAL "${expected}")
    set(ct_fs_why "libc.a's libc-start.o is not the one cli/start/glibc_start.c mirrors")
  endif()
endif()
if(NOT ct_fs_why)
  unset(ct_fs_compiled CACHE) # build and run it at every configure: it checks this machine
  try_compile(ct_fs_compiled ${ct_fs_dir}/try ${PROJECT_SOURCE_DIR}/tests/cli/static_start_check.c
              COMPILE_DEFINITIONS -D_GNU_SOURCE -fno-stack-protector
              LINK_OPTIONS ${CT_STATIC_LINK}
              LINK_LIBRARIES pthread
              COPY_FILE ${ct_fs_dir}/static_start_check)
  if(NOT ct_fs_compiled)
    set(ct_fs_why "the start-up check program did not build")
  else()
    execute_process(COMMAND ${CMAKE_COMMAND} -E env CT_START_CHECK=env
                            ${ct_fs_dir}/static_start_check arg
                    OUTPUT_VARIABLE ct_fs_out RESULT_VARIABLE ct_fs_rc ERROR_VARIABLE ct_fs_err)
    if(NOT ct_fs_rc EQUAL 7 OR ct_fs_out MATCHES "FAIL"
       OR NOT ct_fs_out MATCHES "exit atexit\nexit destructor\n$")
      set(ct_fs_why "the start-up check program failed (${ct_fs_rc}): ${ct_fs_out}${ct_fs_err}")
    endif()
  endif()
endif()
if(ct_fs_why)
  message(STATUS "chartctl keeps glibc's start-up: ${ct_fs_why}")
else()
  set(CT_FAST_START_ON ON)
  message(STATUS "chartctl starts through cli/start/glibc_start.c")
endif()
