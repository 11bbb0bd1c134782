// A thread is the same thread until its real exit: pthread_cleanup_push
// handlers (run by pthread_exit) and TSD destructors (run after the routine
// returns) keep its identity and its clock.
// - A detached worker exits with a mutex held; its cleanup handler updates
//   `shared` and unlocks. Every access to `shared` is under the mutex: clean.
// - A joinable worker's TSD destructor posts a semaphore and then writes
//   `result`; main's read after sem_wait races with that write (the post
//   comes first) and is reported, whatever the timing.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t cleaned, done;
long shared;
int result;
static pthread_key_t key;
// Orders main's read after the destructor's write in time (relaxed: no
// happens-before), so the report is the same on every run.
static atomic_int written;

static void cleanup(void *arg) {
  (void)arg;
  shared++;
  pthread_mutex_unlock(&lock);
  sem_post(&cleaned);
}

static void *exits_with_lock_held(void *arg) {
  pthread_mutex_lock(&lock);
  pthread_cleanup_push(cleanup, 0);
  pthread_exit(arg);
  pthread_cleanup_pop(0);
  return 0;
}

static void destructor(void *value) {
  (void)value;
  sem_post(&done);
  result = 42;
  atomic_store_explicit(&written, 1, memory_order_relaxed);
}

static void *sets_key(void *arg) {
  pthread_setspecific(key, arg);
  return 0;
}

int main(void) {
  sem_init(&cleaned, 0, 0);
  sem_init(&done, 0, 0);
  pthread_mutex_lock(&lock);
  shared = 10;
  pthread_mutex_unlock(&lock);
  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  pthread_create(&t, &detached, exits_with_lock_held, 0);
  sem_wait(&cleaned);
  pthread_mutex_lock(&lock);
  long seen = shared;
  pthread_mutex_unlock(&lock);

  pthread_key_create(&key, destructor);
  pthread_create(&t, 0, sets_key, (void *)1);
  sem_wait(&done);
  while (!atomic_load_explicit(&written, memory_order_relaxed))
    sched_yield();
  int r = result;
  pthread_join(t, 0);
  printf("shared=%ld result=%d\n", seen, r);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}thread_exit_handlers.c:79:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at {{.*}} by thread T2:
// CHECK-NEXT:     #0 destructor {{.*}}thread_exit_handlers.c:49:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'result'
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
