// One report per distinct pair of source sites, even when the optimizer
// copies a statement: at -O1 and -O2, record() is inlined into each of its
// three call sites, so its store exists three times in the binary, but every
// copy is the same statement. T2's call races with T1's first call, and T1's
// second call races with T2's call: the same pair of source sites, so exactly
// one report (at -O0, where record() stays a function, trivially so).
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

int last_value;

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

static inline void record(int v) {
  last_value = v;
}

static void *first(void *arg) {
  (void)arg;
  wait_turn(1);
  record(1);
  pass_turn(2);
  wait_turn(3);
  record(3);
  pass_turn(4);
  return 0;
}

static void *second(void *arg) {
  (void)arg;
  wait_turn(2);
  record(2);
  pass_turn(3);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, first, 0);
  pthread_create(&b, 0, second, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return last_value == 3 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 record {{.*}}dedup_inlined.c:35:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 record {{.*}}dedup_inlined.c:35:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'last_value' of size 4 declared at {{.*}}dedup_inlined.c:19{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}dedup_inlined.c:60:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}dedup_inlined.c:59:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}dedup_inlined.c:35:{{[0-9]+}} in record
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
// CHECK-NOT:  WARNING: AtomicGuard
