// A function-scope static: next_id() hands out ids with `++calls` and is
// called from two threads with no synchronization. One report (the read and
// the write of `++` are one source position, so one pair of sites); the
// location is the static local of next_id.
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

__attribute__((noinline)) int next_id(void) {
  static int calls;
  return ++calls;
}

static int ids[3];
static void *worker(void *arg) {
  int slot = (int)(intptr_t)arg;
  wait_turn(slot);
  ids[slot] = next_id();
  pass_turn(slot + 1);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, (void *)1);
  pthread_create(&b, 0, worker, (void *)2);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return ids[1] == 1 && ids[2] == 2 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   {{Read|Write}} of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 next_id {{.*}}static_local.c:32:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 next_id {{.*}}static_local.c:32:{{[0-9]+}}
// CHECK-NEXT:   Location is static 'calls' in next_id of size 4 declared at {{.*}}static_local.c:31{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}static_local.c:47:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}static_local.c:46:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}static_local.c:32:{{[0-9]+}} in next_id
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
