// Pages keep their history as runs (byte ranges with one state) until a
// runs cannot hold it, and races are found the same either way:
//  1. a race on one element of an array whose page is runs;
//  2. an atomic operation in a page of runs turns it into cells, and races
//     with the plain write the runs held;
//  3. seven concurrent readers are more than a run holds (RUN_READS, six):
//     cells, and a later write races with the readers;
//  4. writes to every other element make more runs than a page holds
//     (RUNS_MAX, thirty-two): cells, and a write to one of them races.
// Each array fills exactly one page, and the phase counters have their own,
// so exactly three pages are turned into cells (2, 3, 4) plus the counters'
// (with the optimizations off, per-access checks of locals can make more).
// Phases are ordered in time by relaxed atomics, which create no
// happens-before edge.
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

_Alignas(4096) int a[1024];
_Alignas(4096) int d[1024];
_Alignas(4096) long c[512];
_Alignas(4096) long e[512];
// [0]: main's progress, [1]: readers of c finished
_Alignas(4096) atomic_int counters[2];
#define READERS 5 // besides main and the worker

static void wait_for(atomic_int *counter, int n) {
  while (atomic_load_explicit(counter, memory_order_relaxed) < n)
    sched_yield();
}
static void advance(atomic_int *counter) {
  atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
}

__attribute__((noinline)) static long read_all(const long *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i]; // readers of c
  return s;
}

static void *reader(void *arg) {
  (void)arg;
  volatile long sum = read_all(c, 512); // volatile: the reads are not dead
  (void)sum;
  advance(&counters[1]);
  return 0;
}

static void *worker(void *arg) {
  (void)arg;
  wait_for(&counters[0], 1);
  if (a[700] == 700) // phase 1 (and phase 2 depends on it: not before it)
    atomic_fetch_add_explicit((atomic_int *)&d[5], 1,
                              memory_order_relaxed); // phase 2
  volatile long sum = read_all(c, 512);
  (void)sum;
  wait_for(&counters[1], READERS); // the other readers are done
  c[100] = 1; // phase 3
  wait_for(&counters[0], 2);
  e[6] = 1; // phase 4
  return 0;
}

int main(void) {
  for (int i = 0; i < 512; i++)
    c[i] = i;
  pthread_t w, r[READERS];
  pthread_create(&w, 0, worker, 0);
  for (long i = 0; i < READERS; i++)
    pthread_create(&r[i], 0, reader, 0);
  for (int i = 0; i < 1024; i++)
    a[i] = i; // phase 1's write
  for (int i = 0; i < 1024; i++)
    d[i] = i; // phase 2's write
  volatile long sum = read_all(c, 512);
  (void)sum;
  advance(&counters[0]);
  for (int i = 0; i < 80; i += 2)
    e[i] = i; // phase 4's writes
  advance(&counters[0]);
  pthread_join(w, 0);
  for (int i = 0; i < READERS; i++)
    pthread_join(r[i], 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size 4 at {{0x[0-9a-f]+}} by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}page_runs.c:60:
// CHECK-NEXT:   Previous write of size {{[0-9]+}} at {{0x[0-9a-f]+}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}page_runs.c:80:
// CHECK-NEXT:   Location is global 'a' of size 4096
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Atomic read-modify-write (relaxed) of size 4 at {{0x[0-9a-f]+}} by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}page_runs.c:61:
// CHECK-NEXT:   Previous write of size {{[0-9]+}} at {{0x[0-9a-f]+}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}page_runs.c:82:
// CHECK-NEXT:   Location is global 'd' of size 4096
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{0x[0-9a-f]+}} by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}page_runs.c:66:
// CHECK-NEXT:   Previous read of size {{[0-9]+}} at {{0x[0-9a-f]+}} by {{main thread|thread T[2-6]}}:
// CHECK-NEXT:     #0 read_all {{.*}}page_runs.c:45:
// CHECK-NEXT:   Location is global 'c' of size 4096
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at {{0x[0-9a-f]+}} by thread T1:
// CHECK-NEXT:     #0 worker {{.*}}page_runs.c:68:
// CHECK-NEXT:   Previous write of size 8 at {{0x[0-9a-f]+}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}page_runs.c:87:
// CHECK-NEXT:   Location is global 'e' of size 4096
// COUNT:      AtomicGuard: shadow: {{[0-9]+}} chunks of 1 MiB, 4 pages in cells,
// CHECK:      AtomicGuard: reported 4 data race(s)
