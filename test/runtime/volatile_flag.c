// A volatile "stop" flag used for signalling: the worker writes `data`, then
// sets `stop`; main spins on `stop` and then reads `data`. volatile gives no
// synchronization in C, so both the flag and the data race: two reports, the
// flag's accesses shown as volatile.
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

volatile int stop;
long data;
// Relaxed atomics that only order the two threads in time (no happens-before):
static atomic_int polling; // main has read `stop` at least once
static atomic_int stored;  // the worker has written `stop`

// The one place that reads the flag.
__attribute__((noinline)) static int stop_requested(void) {
  return stop;
}

static void *worker(void *arg) {
  (void)arg;
  data = 42;
  while (!atomic_load_explicit(&polling, memory_order_relaxed))
    sched_yield();
  stop = 1;
  atomic_store_explicit(&stored, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  while (!stop_requested()) {
    atomic_store_explicit(&polling, 1, memory_order_relaxed);
    // Let the worker's store be the access that finds the race (not the next
    // poll): wait until it is done, through a relaxed atomic.
    while (!atomic_load_explicit(&stored, memory_order_relaxed))
      sched_yield();
  }
  long seen = data;
  pthread_join(t, 0);
  return seen == 42 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Volatile write of size 4 at [[STOP:0x[0-9a-f]+]] by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}volatile_flag.c:32:{{[0-9]+}}
// CHECK-NEXT:   Previous volatile read of size 4 at [[STOP]] by {{thread T0|main thread}}:
// CHECK-NEXT:     #0 stop_requested {{.*}}volatile_flag.c:24:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'stop' of size 4 declared at {{.*}}volatile_flag.c:16{{$}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}volatile_flag.c:39:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}volatile_flag.c:32:{{[0-9]+}} in worker
// CHECK-NEXT: ==================
// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Read of size 8 at [[DATA:0x[0-9a-f]+]] by {{thread T0|main thread}}:
// CHECK-NEXT:     #0 main {{.*}}volatile_flag.c:47:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[DATA]] by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}volatile_flag.c:29:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'data' of size 8 declared at {{.*}}volatile_flag.c:17{{$}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}volatile_flag.c:39:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}volatile_flag.c:47:{{[0-9]+}} in main
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 2 data race(s)
