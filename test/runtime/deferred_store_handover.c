// Stores that a cell defers to the sync object (deferred_store_plain_read.c)
// handed from thread to thread: T1 stores `x` three times from one site; T2
// waits for the third value with an acquire load, adds one with an
// acquire-release RMW (which takes the stores back while it holds the sync
// object's lock), writes and reads `x` plainly, and releases `done`; T1
// acquires `done` and stores `x` once more from the same site, which the
// cell records again. Every pair of accesses is ordered: no report, and the
// program ends.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s
// RUN: %exitcode 0 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

_Atomic long x;
atomic_int done;

static void *storer(void *arg) {
  (void)arg;
  for (long i = 1; i <= 4; i++) {
    if (i == 4)
      while (!atomic_load_explicit(&done, memory_order_acquire))
        ;
    atomic_store_explicit(&x, i * 10, memory_order_release);
  }
  return 0;
}

static void *updater(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&x, memory_order_acquire) != 30)
    ;
  atomic_fetch_add_explicit(&x, 1, memory_order_acq_rel);
  *(volatile long *)&x += 2; // plain read and write
  atomic_store_explicit(&done, 1, memory_order_release);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, storer, 0);
  pthread_create(&b, 0, updater, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("x=%ld\n", atomic_load(&x));
  return 0;
}

// CHECK-NOT: AtomicGuard
// CHECK:     x=40
// CHECK-NOT: AtomicGuard
