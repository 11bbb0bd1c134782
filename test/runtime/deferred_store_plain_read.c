// A thread's atomic stores of one variable from one site are recorded in
// the variable's sync object once the first is the cell's last write (the
// cell defers them), and a plain access takes them back first. T1 stores
// `x` three times; after the first it publishes `ready`, which main
// acquires, so main is ordered after that store but not after the next
// two. main then reads `x` plainly: it races with the last store, which the
// read must see although only the sync object recorded it. Checked against
// the first store, the read would be ordered and go unreported. main waits
// for the stores in an uninstrumented helper (Inputs/phase_helper.c).
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
    atomic_store_explicit(&x, i, memory_order_release); // the stores
    if (i == 1)
      atomic_store_explicit(&ready, 1, memory_order_release);
  }
  phase_set(1);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, storer, 0);
  while (!atomic_load_explicit(&ready, memory_order_acquire))
    ;
  phase_wait(1);
  long seen = *(volatile long *)&x; // the racing read
  pthread_join(t, 0);
  return seen == 3 ? 0 : 1;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Volatile read of size 8 at [[ADDR:0x[0-9a-f]+]] by main thread:
// CHECK-NEXT:     #0 main {{.*}}deferred_store_plain_read.c:42:{{[0-9]+}}
// CHECK-NEXT:   Previous atomic store (release) of size 8 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 storer {{.*}}deferred_store_plain_read.c:28:{{[0-9]+}}
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
