// Synchronization inside uninstrumented code, linked as an object file: the
// instrumented program protects its shared data only through helper_lock() /
// helper_unlock() from Inputs/lock_helper.c, compiled without the plugin. The
// helpers' pthread_mutex calls are still seen, so no report, exit status 0.
//
// RUN: %cc -g -O1 -c %S/Inputs/lock_helper.c -o %t.helper.o
// RUN: %agcc -g -O0 %s %t.helper.o -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s %t.helper.o -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s %t.helper.o -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>

void helper_lock(void);
void helper_unlock(void);

long balance;
long history[64];

static void *worker(void *arg) {
  long amount = *(const long *)arg;
  for (int i = 0; i < 2000; i++) {
    helper_lock();
    balance += amount;
    history[i % 64] = balance;
    helper_unlock();
  }
  return 0;
}

int main(void) {
  static const long amounts[3] = {1, 2, -1};
  pthread_t t[3];
  for (int i = 0; i < 3; i++)
    pthread_create(&t[i], 0, worker, (void *)&amounts[i]);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  printf("balance=%ld done\n", balance);
  return balance == 4000 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     balance=4000 done
// CLEAN-NOT: AtomicGuard
