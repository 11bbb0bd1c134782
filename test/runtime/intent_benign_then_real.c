// A pair of statements whose race on AG_BENIGN_RACE memory is not reported
// still reports the same pair's race on other memory: store() writes through
// a pointer, first to a benign global in both threads, then (after a
// barrier) to an unannotated one. The second race must be reported.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <atomicguard.h>
#include <pthread.h>

AG_BENIGN_RACE("a hint; any recent value will do") long hint;
long total;

static pthread_barrier_t phase;

__attribute__((noinline)) static void store(long *p, long v) {
  *p = v; // the one statement of both races
}

static void *work(void *arg) {
  (void)arg;
  store(&hint, 1);
  pthread_barrier_wait(&phase);
  pthread_barrier_wait(&phase);
  store(&total, 2);
  return 0;
}

int main(void) {
  pthread_barrier_init(&phase, 0, 2);
  pthread_t a, b;
  pthread_create(&a, 0, work, 0);
  pthread_create(&b, 0, work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}

// CHECK:     WARNING: AtomicGuard: data race
// CHECK:     Location is global 'total'
// CHECK-NOT: WARNING: AtomicGuard
// CHECK:     AtomicGuard: reported 1 data race(s)
