// pthread_barrier_t separating phases: in each round every thread writes its
// own slot, waits at the barrier, reads every other slot, and waits again
// before the next round overwrites them. The barrier orders all of it: no
// report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define ROUNDS 50

static pthread_barrier_t barrier;
static long slot[NTHREADS];
static long checksum[NTHREADS];

static void *worker(void *arg) {
  int id = *(const int *)arg;
  for (int round = 1; round <= ROUNDS; round++) {
    slot[id] = (long)round * (id + 1); // phase 1: write own slot
    pthread_barrier_wait(&barrier);
    long sum = 0; // phase 2: read every slot
    for (int i = 0; i < NTHREADS; i++)
      sum += slot[i];
    checksum[id] += sum;
    pthread_barrier_wait(&barrier); // phase 3: nobody reads any more
  }
  return 0;
}

int main(void) {
  static const int ids[NTHREADS] = {0, 1, 2, 3};
  pthread_t t[NTHREADS];
  pthread_barrier_init(&barrier, 0, NTHREADS);
  for (int i = 0; i < NTHREADS; i++)
    pthread_create(&t[i], 0, worker, (void *)&ids[i]);
  for (int i = 0; i < NTHREADS; i++)
    pthread_join(t[i], 0);
  pthread_barrier_destroy(&barrier);
  int ok = 1;
  for (int i = 0; i < NTHREADS; i++)
    ok &= checksum[i] == 10L * (ROUNDS * (ROUNDS + 1) / 2);
  printf("checksum=%ld done\n", checksum[0]);
  return ok ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     checksum=12750 done
// CLEAN-NOT: AtomicGuard
