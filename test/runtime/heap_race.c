// A heap block allocated by main and handed to two threads that both write
// element 3 with no synchronization. The report names the block, the offset
// of the racing bytes within it, and where and by whom it was allocated.
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
#include <stdlib.h>

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

struct task {
  int *slots;
  int id;
};

static void *fill(void *arg) {
  struct task *t = arg;
  wait_turn(t->id);
  t->slots[3] = t->id;
  pass_turn(t->id + 1);
  return 0;
}

int main(void) {
  int *slots = malloc(16 * sizeof(int));
  struct task t1 = {slots, 1}, t2 = {slots, 2};
  pthread_t a, b;
  pthread_create(&a, 0, fill, &t1);
  pthread_create(&b, 0, fill, &t2);
  pthread_join(a, 0);
  pthread_join(b, 0);
  free(slots);
  return 0;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 fill {{.*}}heap_race.c:38:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 fill {{.*}}heap_race.c:38:{{[0-9]+}}
// CHECK-NEXT:   Location is heap block of 64 bytes at offset 12 allocated at {{.*}}heap_race.c:44:{{[0-9]+}} in main by {{thread T0|main thread}}{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}heap_race.c:48:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}heap_race.c:47:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}heap_race.c:38:{{[0-9]+}} in fill
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
