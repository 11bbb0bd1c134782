// A report about memory with a declared intent names the intent and its
// rule: here an AG_COUNTER incremented atomically by a worker and read with
// a plain load by main while the worker runs (the pass also warns about the
// plain read at compile time; this test is about the run-time report).
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=report_format=json %exitcode 66 %t.O1 | FileCheck %s --check-prefix=JSON
#include <atomicguard.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

AG_COUNTER long hits;
// Orders the two accesses in time (relaxed: no happens-before), so the
// report is the same on every run.
static atomic_int counted;

static void *worker(void *arg) {
  (void)arg;
  __atomic_fetch_add(&hits, 1, __ATOMIC_RELAXED);
  atomic_store_explicit(&counted, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  while (!atomic_load_explicit(&counted, memory_order_relaxed))
    sched_yield();
  long seen = hits;
  pthread_join(t, 0);
  printf("seen=%ld\n", seen);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size 8 at {{.*}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}intent_in_report.c:36:{{[0-9]+}}
// CHECK-NEXT:   Previous atomic read-modify-write (relaxed) of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}intent_in_report.c:26:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'hits' of size 8 declared at {{.*}}intent_in_report.c:19{{$}}
// CHECK-NEXT:   Declared intent is counter: atomic accesses only, any ordering
// CHECK:      AtomicGuard: reported 1 data race(s)

// JSON: "location":{"kind":"global","name":"hits",{{.*}}},"intent":"counter","threads":
