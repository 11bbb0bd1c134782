/*===- init.c - Initialization, exit, fork ----------------------------------===*
 *
 * The runtime initializes from .preinit_array (before any constructor), or
 * lazily from whichever entry point runs first. Init registers the main
 * thread as T0, parses ATOMICGUARD_OPTIONS (which may stop the process), and
 * registers the atexit handler first, so it runs last: if anything was
 * reported it prints the summary line, flushes stdio and _exits with the
 * configured exit code. Fork handlers keep the runtime usable in the child.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

int ag_state;

size_t ag_strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

void ag_die(const char *msg) {
  ag_write_fd(2, msg, ag_strlen(msg));
  ag_sys_exit(1);
}

void *ag_dlsym(const char *name) {
  void *p = dlsym(RTLD_NEXT, name);
  if (!p) {
    ag_err_write("AtomicGuard: fatal: cannot find the real ");
    ag_err_write(name);
    ag_die("\n");
  }
  return p;
}

static void ag_atexit(void) { ag_finish_process(0, 1); }
/* quick_exit runs at_quick_exit handlers but, like _Exit, does not flush
 * stdio: the program's buffered output is lost as it would be without the
 * runtime. */
static void ag_at_quick_exit(void) { ag_finish_process(0, 0); }

/* _exit/_Exit skip atexit handlers and stdio flushing; a process that
 * reported races must still end with the summary and exitcode. */
AG_EXPORT void _exit(int status) {
  if (ag_state == 2)
    ag_finish_process(0, 0);
  ag_sys_exit(status);
}

AG_EXPORT void _Exit(int status) { _exit(status); }

static void fork_prepare(void) {
  ag_report_fork_prepare();
  ag_thread_fork_prepare();
}

static void fork_parent(void) {
  ag_thread_fork_parent();
  ag_report_fork_parent();
}

static void fork_child(void) {
  ag_alloc_fork_child();
  ag_shadow_fork_child();
  ag_sync_fork_child();
  ag_heap_fork_child();
  ag_benign_fork_child();
  ag_thread_fork_child();
  ag_pending_fork_child();
  ag_report_fork_child();
}

void ag_init(void) {
  int z = 0;
  if (!__atomic_compare_exchange_n(&ag_state, &z, 1, 0, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE)) {
    /* Already done, or in progress on this thread (recursion). Another
     * thread cannot be initializing: threads only exist after init. */
    return;
  }
  ag_shadow_init();
  ag_thread_init_main();
  ag_flags_init();
  atexit(ag_atexit);
  at_quick_exit(ag_at_quick_exit);
  pthread_atfork(fork_prepare, fork_parent, fork_child);
  ag_thread_key_init();
  __atomic_store_n(&ag_state, 2, __ATOMIC_RELEASE);
}

/* glibc passes (argc, argv, envp) to .preinit_array functions. They run
 * before libc's own initialization has set environ, so the options are read
 * from envp. */
char **ag_preinit_envp;

static void ag_preinit(int argc, char **argv, char **envp) {
  ag_preinit_envp = envp;
  ag_init();
}

__attribute__((section(".preinit_array"), used)) static void (
    *const ag_preinit_entry)(int, char **, char **) = ag_preinit;
