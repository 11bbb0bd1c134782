// Thread slot reuse: 3000 short-lived threads, created and joined one after
// another, each incrementing a plain shared counter. Creation and join order
// every increment, so thousands of threads (far more than the runtime keeps
// slots for at once) give no report, and this must finish quickly.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 3000

static long counter;
static char touched[NTHREADS];

static void *worker(void *arg) {
  int id = *(const int *)arg;
  counter++;
  touched[id] = 1;
  return 0;
}

int main(void) {
  for (int i = 0; i < NTHREADS; i++) {
    pthread_t t;
    if (pthread_create(&t, 0, worker, &i) != 0)
      return 2;
    pthread_join(t, 0);
  }
  int all = 1;
  for (int i = 0; i < NTHREADS; i++)
    all &= touched[i];
  printf("counter=%ld all=%d done\n", counter, all);
  return counter == NTHREADS && all ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     counter=3000 all=1 done
// CLEAN-NOT: AtomicGuard
