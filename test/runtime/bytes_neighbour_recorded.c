// A thread's record of one byte does not stand for its neighbour in the
// same granule: T1 writes s.a and then s.b (offsets 0 and 1 of one 8-byte
// granule, same epoch); T2 then writes s.b, ordered in time by a relaxed
// atomic but not by happens-before. The race on s.b must be reported, with
// the inline checks and the runtime's fast path alike.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

struct flags {
  char a, b;
} s __attribute__((aligned(8))); // s.a is byte 0 of its granule
static atomic_int turn = 1;

static void *first(void *arg) {
  (void)arg;
  s.a = 1;
  s.b = 1;
  atomic_store_explicit(&turn, 2, memory_order_relaxed);
  return 0;
}

static void *second(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&turn, memory_order_relaxed) != 2)
    sched_yield();
  s.b = 2;
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, first, 0);
  pthread_create(&t2, 0, second, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 1 at {{.*}} by thread T2:
// CHECK-NEXT:     #0 second {{.*}}bytes_neighbour_recorded.c:32:
// CHECK-NEXT:   Previous write of size 1 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 first {{.*}}bytes_neighbour_recorded.c:23:
// CHECK:      AtomicGuard: reported 1 data race(s)
