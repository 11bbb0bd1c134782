// exit() called from a non-main thread while other threads still run, in a
// race-free program: T2 finishes its work under a mutex and calls exit(0)
// while T1 spins on an atomic and main is blocked joining T1. Nothing was
// reported, so the program's own status 0 stands (and stdio is flushed).
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
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long progress;
static atomic_int forever; // never set: T1 spins until the process exits
static atomic_int spinner_started;

static void *spinner(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  progress += 1;
  pthread_mutex_unlock(&lock);
  atomic_store(&spinner_started, 1);
  while (!atomic_load_explicit(&forever, memory_order_relaxed))
    sched_yield();
  return 0;
}

static void *quitter(void *arg) {
  (void)arg;
  while (!atomic_load(&spinner_started))
    sched_yield();
  pthread_mutex_lock(&lock);
  progress += 2;
  long seen = progress;
  pthread_mutex_unlock(&lock);
  printf("progress=%ld done\n", seen);
  exit(seen == 3 ? 0 : 1); // from a non-main thread, with T1 still running
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, spinner, 0);
  pthread_create(&b, 0, quitter, 0);
  pthread_join(a, 0); // never returns
  return 3;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     progress=3 done
// CLEAN-NOT: AtomicGuard
