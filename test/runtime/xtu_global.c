// Cross translation unit: `shared_counter` is defined in another file
// (Inputs/xtu_counter.c, compiled separately); this file's thread routine
// stores to it from two threads with no synchronization. The report names the
// global and where it is declared, in the other file.
//
// RUN: %agcc -g -O0 -c %S/Inputs/xtu_counter.c -o %t.counter.O0.o
// RUN: %agcc -g -O1 -c %S/Inputs/xtu_counter.c -o %t.counter.O1.o
// RUN: %agcc -g -O2 -c %S/Inputs/xtu_counter.c -o %t.counter.O2.o
// RUN: %agcc -g -O0 %s %t.counter.O0.o -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s %t.counter.O1.o -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s %t.counter.O2.o -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

extern long shared_counter;
long read_shared_counter(void);

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
  shared_counter = id * 10;
  pass_turn(id + 1);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, (void *)1);
  pthread_create(&b, 0, worker, (void *)2);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return read_shared_counter() == 20 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 8 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 worker {{.*}}xtu_global.c:39:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}xtu_global.c:39:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'shared_counter' of size 8 declared at {{.*}}xtu_counter.c:2{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}xtu_global.c:47:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}xtu_global.c:46:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}xtu_global.c:39:{{[0-9]+}} in worker
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
