// 200 detached threads (half detached at creation, half detaching
// themselves) read a configuration main wrote before creating them and add to
// an atomic sum; main waits for them with an acquire load of an atomic
// "finished" counter. No report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define NTHREADS 200

static int multiplier; // plain: written by main before any thread exists
static atomic_long sum;
static atomic_int finished;

static void *worker(void *arg) {
  long id = (long)(intptr_t)arg;
  if (id % 2)
    pthread_detach(pthread_self());
  atomic_fetch_add_explicit(&sum, id * multiplier, memory_order_relaxed);
  atomic_fetch_add_explicit(&finished, 1, memory_order_release);
  return 0;
}

int main(void) {
  multiplier = 3;
  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  for (long i = 0; i < NTHREADS; i++) {
    pthread_t t;
    if (pthread_create(&t, i % 2 ? 0 : &detached, worker, (void *)(intptr_t)i) != 0)
      return 2;
  }
  pthread_attr_destroy(&detached);
  while (atomic_load_explicit(&finished, memory_order_acquire) != NTHREADS)
    sched_yield();
  long total = atomic_load(&sum);
  printf("sum=%ld done\n", total);
  return total == 3L * NTHREADS * (NTHREADS - 1) / 2 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     sum=59700 done
// CLEAN-NOT: AtomicGuard
