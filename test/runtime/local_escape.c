// An automatic variable whose address escapes to threads: `total` lives in
// main's frame and two threads add to it through a pointer with no
// synchronization. `+=` reads and writes at one source position, so one
// report; the location is the local variable of main.
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

struct job {
  long *total;
  int id;
};

static void *add(void *arg) {
  struct job *j = arg;
  wait_turn(j->id);
  *j->total += j->id;
  pass_turn(j->id + 1);
  return 0;
}

int main(void) {
  long total = 0;
  struct job j1 = {&total, 1}, j2 = {&total, 2};
  pthread_t a, b;
  pthread_create(&a, 0, add, &j1);
  pthread_create(&b, 0, add, &j2);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return total == 3 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   {{Read|Write}} of size 8 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 add {{.*}}local_escape.c:38:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 add {{.*}}local_escape.c:38:{{[0-9]+}}
// CHECK-NEXT:   Location is local 'total' of main of size 8 declared at {{.*}}local_escape.c:44{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}local_escape.c:48:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}local_escape.c:47:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}local_escape.c:38:{{[0-9]+}} in add
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
