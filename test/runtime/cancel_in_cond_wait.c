// A worker blocked in pthread_cond_wait is cancelled. The mutex is held
// again before the cancellation cleanup handlers run, so the handler's
// access to `shared` is under the mutex, like main's: no report.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s
// RUN: %exitcode 0 %t.O1 | FileCheck %s
// RUN: %exitcode 0 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int ready;
static long shared;

static void cleanup(void *arg) {
  (void)arg;
  shared++;
  pthread_mutex_unlock(&lock);
}

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  pthread_cleanup_push(cleanup, 0);
  while (!ready)
    pthread_cond_wait(&changed, &lock);
  pthread_cleanup_pop(1);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  usleep(50 * 1000); // usually the worker is waiting by now; if not, the
                     // cancellation hits the wait's entry, also clean
  pthread_mutex_lock(&lock);
  shared += 10;
  pthread_mutex_unlock(&lock);
  pthread_cancel(t);
  void *result;
  pthread_join(t, &result);
  printf("cancelled=%d shared=%ld\n", result == PTHREAD_CANCELED, shared);
  return 0;
}

// CHECK-NOT: AtomicGuard
// CHECK:     cancelled=1 shared=11
// CHECK-NOT: AtomicGuard
