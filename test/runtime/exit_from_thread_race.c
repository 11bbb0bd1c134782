// exit() called from a non-main thread while other threads still run: T1 and
// T2 race on `progress`, then T2 calls exit(0) while main is blocked joining
// T1 and T1 keeps spinning on an atomic. The race was reported before exit,
// so the process still exits with status 66 after the summary line.
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

long progress;
static atomic_int forever; // never set: T1 spins until the process exits

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

static void *spinner(void *arg) {
  (void)arg;
  wait_turn(1);
  progress = 1;
  pass_turn(2);
  while (!atomic_load_explicit(&forever, memory_order_relaxed))
    sched_yield();
  return 0;
}

static void *quitter(void *arg) {
  (void)arg;
  wait_turn(2);
  progress = 2;
  exit(0); // from a non-main thread, with T1 still running
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, spinner, 0);
  pthread_create(&b, 0, quitter, 0);
  pthread_join(a, 0); // never returns
  return 3;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 8 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 quitter {{.*}}exit_from_thread_race.c:47:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 spinner {{.*}}exit_from_thread_race.c:37:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'progress' of size 8 declared at {{.*}}exit_from_thread_race.c:18{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}exit_from_thread_race.c:54:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}exit_from_thread_race.c:53:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}exit_from_thread_race.c:47:{{[0-9]+}} in quitter
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
