// Two threads increment a global counter 10000 times each, always holding a
// pthread mutex: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>

long counter;
pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 10000; i++) {
    pthread_mutex_lock(&counter_lock);
    counter++;
    pthread_mutex_unlock(&counter_lock);
  }
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  printf("counter=%ld done\n", counter);
  return counter == 20000 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     counter=20000 done
// CLEAN-NOT: AtomicGuard
