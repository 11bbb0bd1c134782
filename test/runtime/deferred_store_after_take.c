// A thread whose stores a cell deferred (deferred_store_plain_read.c) records
// its next store in the cell again once another access took them back, and
// that store is checked against the access: T1 stores `x` twice from one
// site and then publishes `ready`; T2 acquires `ready` and reads `x`
// plainly, ordered after both stores (no race there); then T1 stores `x` a
// third time, not ordered after T2's read. One report, for the third store
// against the read; left deferred, the store would skip that check. The
// threads take turns in an uninstrumented helper (Inputs/phase_helper.c).
//
// RUN: %cc -g -O1 -c %S/Inputs/phase_helper.c -o %t.helper.o
// RUN: %agcc -g -O0 %s %t.helper.o -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s %t.helper.o -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdatomic.h>

void phase_set(int p);
void phase_wait(int p);

_Atomic long x;
atomic_int ready;

static void *storer(void *arg) {
  (void)arg;
  for (long i = 1; i <= 3; i++) {
    if (i == 3) {
      atomic_store_explicit(&ready, 1, memory_order_release);
      phase_wait(1);
    }
    atomic_store_explicit(&x, i, memory_order_release); // the stores
  }
  return 0;
}

static void *reader(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&ready, memory_order_acquire))
    ;
  long seen = *(volatile long *)&x; // the plain read
  phase_set(1);
  return (void *)seen;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, storer, 0);
  pthread_create(&b, 0, reader, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Atomic store (release) of size 8 at [[ADDR:0x[0-9a-f]+]] by thread T1:
// CHECK-NEXT:     #0 storer {{.*}}deferred_store_after_take.c:31:{{[0-9]+}}
// CHECK-NEXT:   Previous volatile read of size 8 at [[ADDR]] by thread T2:
// CHECK-NEXT:     #0 reader {{.*}}deferred_store_after_take.c:40:{{[0-9]+}}
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
