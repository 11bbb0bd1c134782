// One report per distinct pair of sites: two threads overwrite `shared_slot`
// in a loop, strictly alternating 1000 times each (through a relaxed atomic,
// which orders them in time but creates no happens-before edge). Every one of
// the ~2000 writes races with the previous one, but it is always the same
// pair of statements: exactly one report.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

int shared_slot;

// The threads take turns through a relaxed atomic: that orders them in time,
// so the report is the same on every run, but creates no happens-before edge.
static atomic_int turn = 1;
static void wait_turn(int t) {
  while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
    sched_yield();
  __asm__ __volatile__("" ::: "memory"); // compiler barrier only
}
static void pass_turn(int t) {
  __asm__ __volatile__("" ::: "memory");
  atomic_store_explicit(&turn, t, memory_order_relaxed);
}

static void *ping(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) {
    wait_turn(2 * i + 1);
    shared_slot = i;
    pass_turn(2 * i + 2);
  }
  return 0;
}

static void *pong(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) {
    wait_turn(2 * i + 2);
    shared_slot = -i;
    pass_turn(2 * i + 3);
  }
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, ping, 0);
  pthread_create(&b, 0, pong, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return shared_slot == -999 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 pong {{.*}}dedup_loop.c:47:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 ping {{.*}}dedup_loop.c:37:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'shared_slot' of size 4 declared at {{.*}}dedup_loop.c:18{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}dedup_loop.c:56:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}dedup_loop.c:55:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}dedup_loop.c:47:{{[0-9]+}} in pong
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
// CHECK-NOT:  WARNING: AtomicGuard
