// A detached thread that reports completion through a semaphore: it fills in
// a result and posts; main waits on the semaphore and reads the result.
// sem_post -> sem_wait orders the accesses: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t done;
static long result[4];

static void *background(void *arg) {
  (void)arg;
  for (int i = 0; i < 4; i++)
    result[i] = (i + 1) * 100;
  sem_post(&done);
  return 0;
}

int main(void) {
  pthread_t t;
  sem_init(&done, 0, 0);
  pthread_create(&t, 0, background, 0);
  pthread_detach(t);
  sem_wait(&done);
  long sum = result[0] + result[1] + result[2] + result[3];
  printf("sum=%ld done\n", sum);
  return sum == 1000 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     sum=1000 done
// CLEAN-NOT: AtomicGuard
