// Byte masks, the common case: one thread fills a uint16_t and a uint32_t
// array element by element, then (after a barrier) two threads read both
// arrays element by element. Clean. Each array's page keeps its history as
// runs: the filler's writes, one element after the other, extend one run,
// and the two readers' reads, concurrent, become two reads of that run, so
// no page is turned into cells and no granule needs state of its own (in
// cells, splitting granules per byte would need eight times as much).
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 0 %t.O0 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 0 %t.O1 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 0 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define N 1024

// A page each: while the readers sweep an array, its page holds the bytes
// both have read, those one has, and those none has yet; sharing pages, the
// arrays and the readers' sums could make more runs than a page holds,
// depending on timing.
_Alignas(4096) uint16_t pix[N];  // 2048 bytes: 256 granules
_Alignas(4096) uint32_t vals[N]; // 4096 bytes: 512 granules
_Alignas(4096) uint64_t sums[2][8]; // one cache line per reader

static pthread_barrier_t filled;

static void *worker(void *arg) {
  int id = (int)(intptr_t)arg;
  if (id == 0)
    for (int i = 0; i < N; i++) {
      pix[i] = (uint16_t)(i * 3);
      vals[i] = (uint32_t)i * 7u;
    }
  pthread_barrier_wait(&filled);
  uint64_t s = 0;
  for (int i = 0; i < N; i++)
    s += pix[i];
  for (int i = 0; i < N; i++)
    s += vals[i];
  sums[id][0] = s;
  return 0;
}

int main(void) {
  pthread_barrier_init(&filled, 0, 2);
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, (void *)(intptr_t)i);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  printf("%llu %llu done\n", (unsigned long long)sums[0][0],
         (unsigned long long)sums[1][0]);
  return 0;
}

// CHECK-NOT: WARNING: AtomicGuard
// CHECK-DAG: AtomicGuard: shadow: {{[0-9]+}} chunks of 1 MiB, 0 pages in cells, 0 overflow vectors, 0 shared read vectors
// CHECK-DAG: 5237760 5237760 done
// CHECK-NOT: WARNING: AtomicGuard
