// C11 <threads.h> without the mutex: two threads made with thrd_create store
// their id into `last_worker` with no synchronization between them. One
// report; the creation sites are the thrd_create calls.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <threads.h>

int last_worker;

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

static int worker(void *arg) {
  int id = (int)(intptr_t)arg;
  wait_turn(id);
  last_worker = id;
  pass_turn(id + 1);
  return 0;
}

int main(void) {
  thrd_t a, b;
  thrd_create(&a, worker, (void *)1);
  thrd_create(&b, worker, (void *)2);
  thrd_join(a, 0);
  thrd_join(b, 0);
  return last_worker == 2 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 worker {{.*}}c11_threads_race.c:34:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}c11_threads_race.c:34:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'last_worker' of size 4 declared at {{.*}}c11_threads_race.c:16{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}c11_threads_race.c:42:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}c11_threads_race.c:41:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}c11_threads_race.c:34:{{[0-9]+}} in worker
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
