// Byte precision, the other way: two threads write the same char field `b`
// of a struct with no synchronization. One report of size 1 naming the
// struct variable; a third thread writing the neighbouring byte `a` is not
// involved.
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

struct flags {
  char a;
  char b;
  short c;
};

struct flags flags;

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

static void *set_a(void *arg) {
  (void)arg;
  flags.a = 1; // the neighbouring byte: no race with anything
  return 0;
}

static void *set_b(void *arg) {
  int id = (int)(intptr_t)arg;
  wait_turn(id);
  flags.b = (char)id;
  pass_turn(id + 1);
  return 0;
}

int main(void) {
  pthread_t a, b1, b2;
  pthread_create(&a, 0, set_a, 0);
  pthread_create(&b1, 0, set_b, (void *)1);
  pthread_create(&b2, 0, set_b, (void *)2);
  pthread_join(a, 0);
  pthread_join(b1, 0);
  pthread_join(b2, 0);
  return 0;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 1 at [[ADDR:0x[0-9a-f]+]] by thread T3:
// CHECK-NEXT:     #0 set_b {{.*}}bytes_same.c:47:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 1 at [[ADDR]] by thread T2:
// CHECK-NEXT:     #0 set_b {{.*}}bytes_same.c:47:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'flags' of size 4 declared at {{.*}}bytes_same.c:23{{$}}
// CHECK-NEXT:   Thread T3 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}bytes_same.c:56:{{[0-9]+}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}bytes_same.c:55:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}bytes_same.c:47:{{[0-9]+}} in set_b
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
