// A detached thread racing with main: the thread records its status in a
// global and nobody ever waits for it properly (main only watches a relaxed
// atomic, which synchronizes nothing) before overwriting the status. The
// current access is main's (thread T0); only the detached thread gets a
// creation block.
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

int status;

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

static void *background(void *arg) {
  (void)arg;
  wait_turn(1);
  status = 1;
  pass_turn(2);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, background, 0);
  pthread_detach(t);
  wait_turn(2);
  status = 2;
  return 0;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 4 at [[ADDR:0x[0-9a-f]+]] by {{thread T0|main thread}}:
// CHECK-NEXT:     #0 main {{.*}}detached_race.c:46:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 background {{.*}}detached_race.c:36:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'status' of size 4 declared at {{.*}}detached_race.c:18{{$}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}detached_race.c:43:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}detached_race.c:46:{{[0-9]+}} in main
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
