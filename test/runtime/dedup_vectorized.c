// Copies of one statement that differ in access size are one site: at -O2
// the writer's loop is vectorized (16-byte stores, then a scalar remainder)
// and so is the reader's, and the race between the two statements is
// reported once, whichever accesses meet first.
//
// RUN: %agcc -g -O2 %s -o %t %agrt
// RUN: %exitcode 66 %t | FileCheck %s --implicit-check-not="WARNING: AtomicGuard"
#include <pthread.h>
#include <stdio.h>

int values[1027]; // not a multiple of the vector width: a remainder loop runs

static void *writer(void *arg) {
  (void)arg;
  for (int i = 0; i < 1027; i++)
    values[i] = i;
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  long sum = 0;
  for (int i = 0; i < 1027; i++)
    sum += values[i];
  pthread_join(t, 0);
  printf("sum computed\n");
  return sum < 0;
}
// CHECK:     WARNING: AtomicGuard: data race
// CHECK:     Location is global 'values' of size 4108
// CHECK:     sum computed
// CHECK:     AtomicGuard: reported 1 data race(s)
