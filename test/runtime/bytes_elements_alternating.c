// Byte masks: two threads write alternating 2-byte elements of the same
// granules (thread 0 the even ones, thread 1 the odd ones), many times over,
// with no synchronization. Disjoint bytes never race: no report.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s
// RUN: %exitcode 0 %t.O1 | FileCheck %s
// RUN: %exitcode 0 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define N 4096

_Alignas(64) uint16_t cells[N];

static void *writer(void *arg) {
  int id = (int)(intptr_t)arg;
  for (int round = 0; round < 50; round++)
    for (int i = id; i < N; i += 2)
      cells[i] = (uint16_t)(round + i);
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, writer, (void *)(intptr_t)i);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  unsigned long long s = 0;
  for (int i = 0; i < N; i++)
    s += cells[i];
  printf("%llu done\n", s);
  return 0;
}

// CHECK-NOT: WARNING: AtomicGuard
// CHECK:     8587264 done
// CHECK-NOT: WARNING: AtomicGuard
