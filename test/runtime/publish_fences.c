// Message passing with fences: the writer fills `data`, issues a release
// fence, then sets `ready` with a relaxed store; the reader spins on a relaxed
// load and issues an acquire fence before reading `data`. Fence-to-fence
// synchronization orders the accesses: no report, exit status 0.
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
#include <stdio.h>

long data;
atomic_int ready;

static void *writer(void *arg) {
  (void)arg;
  data = 42;
  atomic_thread_fence(memory_order_release);
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
  return 0;
}

static long seen;
static void *reader(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&ready, memory_order_relaxed))
    sched_yield();
  atomic_thread_fence(memory_order_acquire);
  seen = data;
  return 0;
}

int main(void) {
  pthread_t w, r;
  pthread_create(&r, 0, reader, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_join(w, 0);
  pthread_join(r, 0);
  printf("seen=%ld done\n", seen);
  return seen == 42 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     seen=42 done
// CLEAN-NOT: AtomicGuard
