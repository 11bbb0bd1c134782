// Four threads bump an atomic counter with relaxed atomic_fetch_add: atomics
// never race with each other, whatever their order, and main reads the total
// after joining. No report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

atomic_long counter;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 10000; i++)
    atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  long total = atomic_load_explicit(&counter, memory_order_relaxed);
  printf("counter=%ld done\n", total);
  return total == 40000 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     counter=40000 done
// CLEAN-NOT: AtomicGuard
