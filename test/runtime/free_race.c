// free and realloc access the whole block: a free that is not ordered after
// another thread's use of the block races with it, and so does a use through
// a stale pointer after the free, and a realloc racing with a write.
// - `first` is written by a worker; main frees it after a relaxed handshake
//   (no happens-before): reported at the free.
// - `second` is freed by main; the worker, told through a relaxed flag,
//   writes it afterwards: reported at the worker's write.
// - `third` is written by the worker while main reallocs it: reported at
//   the realloc.
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
#include <stdio.h>
#include <stdlib.h>

long *first, *second, *third;
// Orders the threads in time (relaxed: no happens-before), so the reports
// are the same on every run.
static atomic_int turn = 1;
static void wait_turn(int t) {
  while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
    sched_yield();
}
static void pass_turn(int t) {
  atomic_store_explicit(&turn, t, memory_order_relaxed);
}

static void *worker(void *arg) {
  (void)arg;
  *first = 1;
  *third = 3;
  pass_turn(2);
  wait_turn(3);
  *second = 2; // after main freed it
  pass_turn(4);
  return 0;
}

int main(void) {
  first = malloc(sizeof *first);
  second = malloc(sizeof *second);
  third = malloc(4 * sizeof *third);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  wait_turn(2);
  free(first);
  free(second);
  long *grown = realloc(third, 1 << 20);
  if (!grown)
    return 2;
  grown[1] = 5; // keeps the realloc: the optimizer deletes unused ones
  pass_turn(3);
  wait_turn(4);
  pthread_join(t, 0);
  printf("%ld\n", grown[1]);
  free(grown);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at [[FIRST:0x[0-9a-f]+]] by main thread:
// CHECK-NEXT:     #0 free{{$}}
// CHECK-NEXT:   Previous write of size 8 at [[FIRST]] by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}free_race.c:37:{{[0-9]+}}
// CHECK-NEXT:   Location is heap block of 8 bytes at offset 0 allocated at {{.*}}free_race.c:47:{{[0-9]+}} in main by main thread
// CHECK:      SUMMARY: AtomicGuard: data race in free
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 32 at {{.*}} by main thread:
// CHECK-NEXT:     #0 realloc{{$}}
// CHECK-NEXT:   Previous write of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}free_race.c:38:{{[0-9]+}}
// CHECK:      SUMMARY: AtomicGuard: data race in realloc
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}free_race.c:41:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at {{.*}} by main thread:
// CHECK-NEXT:     #0 free{{$}}
// CHECK-NEXT:   Location is unknown memory at
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 3 data race(s)
