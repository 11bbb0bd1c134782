// A global counter incremented by two threads with no synchronization.
// `counter++` is a read and a write at one source position: both race with
// the other thread's write but are one pair of source sites, so one report
// (as TSan gives) and exit status 66.
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

long counter;

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

static void *worker(void *arg) {
  int id = (int)(intptr_t)arg;
  wait_turn(id);
  counter++;
  pass_turn(id + 1);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, worker, (void *)1);
  pthread_create(&t2, 0, worker, (void *)2);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return counter == 2 ? 0 : 1; // after join: ordered, not a race
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   {{Read|Write}} of size 8 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 worker {{.*}}counter_race.c:35:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}counter_race.c:35:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'counter' of size 8 declared at {{.*}}counter_race.c:17{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}counter_race.c:43:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}counter_race.c:42:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}counter_race.c:35:{{[0-9]+}} in worker
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
// CHECK-NOT:  WARNING: AtomicGuard
