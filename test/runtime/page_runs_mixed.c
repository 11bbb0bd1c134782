// Past 16 runs, a page stays in runs only while every run holds the same
// last write, or none (data written once, or before the threads, and read
// since: a shared input read in windows). Reads of every other element of
// r make 20 runs with no write: r stays in runs. Writes of every other
// element of the first half of m, then reads of every other element of its
// second half, make 20 runs, some with main's write and some with none (as
// a hash table's written and probed slots do): m goes to cells, where the
// inline checks serve the later accesses. No race.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %t.O0 2>&1 \
// RUN:   | FileCheck %s %if ag-optimized %{--check-prefixes=CHECK,COUNT%}
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %t.O2 2>&1 \
// RUN:   | FileCheck %s %if ag-optimized %{--check-prefixes=CHECK,COUNT%}
#include <pthread.h>

_Alignas(4096) long r[512];
_Alignas(4096) long m[512];

static void *nothing(void *arg) { return arg; }

int main(void) {
  // Accesses are recorded once a second thread has existed.
  pthread_t t;
  pthread_create(&t, 0, nothing, 0);
  pthread_join(t, 0);
  volatile long sum = 0;
  for (int i = 0; i < 40; i += 2)
    sum += r[i];
  for (int i = 0; i < 20; i += 2)
    m[i] = i;
  for (int i = 21; i < 61; i += 2)
    sum += m[i];
  return 0;
}

// CHECK-NOT:  WARNING: AtomicGuard
// COUNT:      AtomicGuard: shadow: {{[0-9]+}} chunks of 1 MiB, 1 pages in cells,
// CHECK-NOT:  WARNING: AtomicGuard
