/*===- lock.c - Lock slow paths ---------------------------------------------===*/
#include "rt_internal.h"

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

static void futex_wait(uint32_t *p, uint32_t v) {
  syscall(SYS_futex, p, FUTEX_WAIT_PRIVATE, v, 0, 0, 0);
}

void ag_mutex_lock_slow(ag_mutex_t *m) {
  for (int i = 0; i < 64; i++) {
    __builtin_ia32_pause();
    uint32_t z = 0;
    if (ld_relaxed(&m->v) == 0 &&
        __atomic_compare_exchange_n(&m->v, &z, 1, 0, __ATOMIC_ACQUIRE,
                                    __ATOMIC_RELAXED))
      return;
  }
  while (__atomic_exchange_n(&m->v, 2, __ATOMIC_ACQUIRE) != 0)
    futex_wait(&m->v, 2);
}

void ag_mutex_wake(ag_mutex_t *m) {
  syscall(SYS_futex, &m->v, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

/* A holder is either running (a few hundred cycles at most) or preempted,
 * when spinning on would waste its core. */
void ag_wait_step(unsigned step) {
  if (step < 128)
    __builtin_ia32_pause();
  else
    sched_yield();
}

void ag_wait_clear(const uint64_t *word, uint64_t bit) {
  for (unsigned i = 0; ld_relaxed(word) & bit; i++)
    ag_wait_step(i);
}
