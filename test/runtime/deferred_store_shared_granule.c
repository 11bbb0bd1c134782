// Two 4-byte atomics in one 8-byte granule share a shadow cell, each with a
// sync object of its own. T1 stores `pair.a` three times from one site, so
// the cell defers T1's stores to a's object; between the first store and
// the other two, T2 stores `pair.b`, whose record takes the deferred stores
// back from a's object (not b's, the one T2's store has at hand) and ends
// that deferral. main, ordered after T1's first store only (`ready`), then
// reads `pair.a` plainly: it races with T1's last store, which it finds only
// if T1's later stores went to the cell. The threads take turns in an
// uninstrumented helper (Inputs/phase_helper.c).
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

struct {
  _Alignas(8) _Atomic int a;
  _Atomic int b;
} pair;
atomic_int ready;

static void *store_a(void *arg) {
  (void)arg;
  for (int i = 1; i <= 3; i++) {
    if (i == 2) {
      atomic_store_explicit(&ready, 1, memory_order_release);
      phase_set(1);
      phase_wait(2);
    }
    atomic_store_explicit(&pair.a, i, memory_order_release); // a's stores
  }
  phase_set(3);
  return 0;
}

static void *store_b(void *arg) {
  (void)arg;
  phase_wait(1);
  atomic_store_explicit(&pair.b, 1, memory_order_release);
  phase_set(2);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, store_a, 0);
  pthread_create(&t2, 0, store_b, 0);
  while (!atomic_load_explicit(&ready, memory_order_acquire))
    ;
  phase_wait(3);
  int seen = *(volatile int *)&pair.a; // the racing read
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return seen == 3 ? 0 : 1;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Volatile read of size 4 at [[ADDR:0x[0-9a-f]+]] by main thread:
// CHECK-NEXT:     #0 main {{.*}}deferred_store_shared_granule.c:57:{{[0-9]+}}
// CHECK-NEXT:   Previous atomic store (release) of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 store_a {{.*}}deferred_store_shared_granule.c:36:{{[0-9]+}}
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
