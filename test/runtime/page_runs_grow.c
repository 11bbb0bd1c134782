// A page whose history needs more runs than its summary keeps inline
// (RUNS_INLINE, four) moves them to an array of its own and stays in runs:
// main writes every other element of the first 24 of g, 12 runs, then the
// worker writes g[10], one of them, unordered with main's write (relaxed
// atomics order them in time but create no happens-before edge). The race
// is reported, and the only page turned into cells is the counter's.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O0 \
// RUN:   | FileCheck %s %if ag-optimized %{--check-prefixes=CHECK,COUNT%}
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O2 \
// RUN:   | FileCheck %s %if ag-optimized %{--check-prefixes=CHECK,COUNT%}
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

_Alignas(4096) long g[512];
_Alignas(4096) atomic_int progress;

static void *worker(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&progress, memory_order_relaxed) < 1)
    sched_yield();
  g[10] = 1; // the racing write
  return 0;
}

int main(void) {
  pthread_t w;
  pthread_create(&w, 0, worker, 0);
  for (int i = 0; i < 24; i += 2)
    g[i] = i; // main's writes
  atomic_store_explicit(&progress, 1, memory_order_relaxed);
  pthread_join(w, 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{0x[0-9a-f]+}} by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}page_runs_grow.c:25:
// CHECK-NEXT:   Previous write of size 8 at {{0x[0-9a-f]+}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}page_runs_grow.c:33:
// CHECK-NEXT:   Location is global 'g' of size 4096
// COUNT:      AtomicGuard: shadow: {{[0-9]+}} chunks of 1 MiB, 1 pages in cells,
// CHECK:      AtomicGuard: reported 1 data race(s)
