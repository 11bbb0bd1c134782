// Release sequence: T1 writes `data` and release-stores flag = 1; T2 waits for
// 1 and bumps the flag to 2 with a *relaxed* fetch_add; T3 acquire-loads 2 and
// reads `data`. A read-modify-write continues the release sequence headed by
// T1's store, so T3's acquire synchronizes with T1: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

int data;
atomic_int flag;

static void *producer(void *arg) {
  (void)arg;
  data = 42;
  atomic_store_explicit(&flag, 1, memory_order_release);
  return 0;
}

static void *bumper(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&flag, memory_order_relaxed) != 1)
    sched_yield();
  atomic_fetch_add_explicit(&flag, 1, memory_order_relaxed);
  return 0;
}

static int seen;
static void *consumer(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&flag, memory_order_acquire) != 2)
    sched_yield();
  seen = data;
  return 0;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], 0, consumer, 0);
  pthread_create(&t[1], 0, bumper, 0);
  pthread_create(&t[2], 0, producer, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  printf("seen=%d done\n", seen);
  return seen == 42 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     seen=42 done
// CLEAN-NOT: AtomicGuard
