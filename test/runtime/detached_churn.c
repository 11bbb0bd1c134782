// 3000 detached threads, one after another (half detached at creation, half
// with pthread_detach after pthread_create, when the thread may already have
// finished). Each adds to a plain shared total and posts a semaphore as its
// last act; main waits before creating the next. sem_post -> sem_wait orders
// every access: no report. A finished detached thread's slot is reused by
// the next thread, so vector clocks stay a few entries long (the verbosity
// line shows the slot count) and the run is fast.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 0 %t.O0 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 0 %t.O1 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 0 %t.O2 | FileCheck %s
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

#define NTHREADS 3000

static sem_t done;
static long total;

static void *worker(void *arg) {
  total += (long)arg;
  sem_post(&done);
  return 0;
}

int main(void) {
  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  sem_init(&done, 0, 0);
  for (long i = 1; i <= NTHREADS; i++) {
    pthread_t t;
    if (pthread_create(&t, i % 2 ? &detached : 0, worker, (void *)i) != 0)
      return 2;
    if (i % 2 == 0)
      pthread_detach(t);
    sem_wait(&done);
  }
  printf("total=%ld\n", total);
  return total == (long)NTHREADS * (NTHREADS + 1) / 2 ? 0 : 1;
}

// CHECK-NOT: WARNING: AtomicGuard
// CHECK:     total=4501500
// CHECK:     AtomicGuard: threads: 3000 created, {{[0-9]+}} max live, {{[1-9]|[1-9][0-9]}} slots; 0 data race(s) reported
