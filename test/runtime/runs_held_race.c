// A thread's accesses of bytes its entries of the epoch already hold are
// skipped for any statement (struct ag_held), but not once another thread's
// racing access replaced those entries: T1 sums buf (the first read), T2
// then writes buf[8] (a race with it), and T1 reads buf[8] again with
// another statement in the same epoch: a second race, between that read
// and T2's write. Relaxed atomics order the threads in time but create no
// happens-before edge.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

_Alignas(4096) long buf[64];
static atomic_int turn = 1;

static void wait_turn(int t) {
  while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
    sched_yield();
}
static void give_turn(int t) {
  atomic_store_explicit(&turn, t, memory_order_relaxed);
}

__attribute__((noinline)) static long sum(const long *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i]; // the first read
  return s;
}

__attribute__((noinline)) static long get(const long *p) {
  return *p; // the read again
}

static void *reader(void *arg) {
  (void)arg;
  wait_turn(1);
  long s = sum(buf, 64);
  give_turn(2);
  wait_turn(3);
  s += get(&buf[8]);
  give_turn(4);
  return (void *)s;
}

static void *writer(void *arg) {
  (void)arg;
  wait_turn(2);
  buf[8] = 1; // the racing write
  give_turn(3);
  return 0;
}

int main(void) {
  pthread_t r, w;
  pthread_create(&r, 0, reader, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_join(r, 0);
  pthread_join(w, 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by thread T2:
// CHECK-NEXT:     #0 writer {{.*}}runs_held_race.c:53:
// CHECK-NEXT:   Previous read of size {{[0-9]+}} at {{.*}} by thread T1:
// CHECK-NEXT:     #0 sum {{.*}}runs_held_race.c:31:
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 get {{.*}}runs_held_race.c:36:
// CHECK-NEXT:   Previous write of size 8 at {{.*}} by thread T2:
// CHECK-NEXT:     #0 writer {{.*}}runs_held_race.c:53:
// CHECK:      AtomicGuard: reported 2 data race(s)
