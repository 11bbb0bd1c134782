// verbosity=1 also counts the runtime checks every thread made, so that the
// effect of the pass's check elimination can be measured on a real run
// (at -O0, where the optimizer keeps every access): main writes 100 shared
// longs and reads its 3 pthread_t; three threads each read the 100 longs,
// copy them into a heap buffer (a read range and a write range) and bump a
// counter (one atomic each, and main loads it once). No race.
//
// RUN: %agcc -g -O0 %s -o %t %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 0 %t | FileCheck %s
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

long table[100];
atomic_long total;

static void *reader(void *arg) {
  (void)arg;
  long s = 0;
  for (int i = 0; i < 100; i++)
    s += table[i];
  long *copy = malloc(sizeof table);
  memcpy(copy, table, sizeof table);
  free(copy);
  atomic_fetch_add(&total, s);
  return 0;
}

int main(void) {
  for (int i = 0; i < 100; i++)
    table[i] = i;
  pthread_t t[3];
  for (int i = 0; i < 3; i++)
    pthread_create(&t[i], 0, reader, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return atomic_load(&total) == 3 * 4950 ? 0 : 1;
}

// CHECK-NOT: WARNING: AtomicGuard
// CHECK:     AtomicGuard: checks: 403 plain accesses, 6 ranges, 0 loop ranges, 4 atomic operations
