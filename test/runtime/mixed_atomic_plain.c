// One variable accessed both ways: a thread stores it atomically (seq_cst),
// another reads it with a plain load and no synchronization. An atomic access
// does not protect a plain one: one report naming both kinds.
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

int status_word;

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

static void *updater(void *arg) {
  (void)arg;
  wait_turn(1);
  atomic_store_explicit((_Atomic int *)&status_word, 7, memory_order_seq_cst);
  pass_turn(2);
  return 0;
}

static void *poller(void *arg) {
  (void)arg;
  wait_turn(2);
  int seen = status_word; // plain read
  return (void *)(intptr_t)seen;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, updater, 0);
  pthread_create(&b, 0, poller, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Read of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 poller {{.*}}mixed_atomic_plain.c:42:{{[0-9]+}}
// CHECK-NEXT:   Previous atomic store (seq_cst) of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 updater {{.*}}mixed_atomic_plain.c:34:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'status_word' of size 4 declared at {{.*}}mixed_atomic_plain.c:16{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}mixed_atomic_plain.c:49:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}mixed_atomic_plain.c:48:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}mixed_atomic_plain.c:42:{{[0-9]+}} in poller
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
