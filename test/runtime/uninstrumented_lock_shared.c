// Synchronization inside uninstrumented code, linked as a shared library: the
// lock helpers of Inputs/lock_helper.c are built with -shared -fPIC and no
// plugin, and the instrumented program protects its shared data only through
// them. The library's pthread_mutex calls are still seen: no report, exit
// status 0.
//
// RUN: %cc -g -O1 -shared -fPIC %S/Inputs/lock_helper.c -o %t.libhelper.so
// RUN: %agcc -g -O0 %s %t.libhelper.so -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s %t.libhelper.so -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s %t.libhelper.so -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>

void helper_lock(void);
void helper_unlock(void);

struct account {
  long balance;
  int operations;
};

static struct account *account;

static void *worker(void *arg) {
  long amount = *(const long *)arg;
  for (int i = 0; i < 2000; i++) {
    helper_lock();
    account->balance += amount;
    account->operations++;
    helper_unlock();
  }
  return 0;
}

int main(void) {
  static const long amounts[3] = {5, -2, 1};
  static struct account the_account;
  account = &the_account;
  pthread_t t[3];
  for (int i = 0; i < 3; i++)
    pthread_create(&t[i], 0, worker, (void *)&amounts[i]);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  printf("balance=%ld operations=%d done\n", account->balance, account->operations);
  return account->balance == 8000 && account->operations == 6000 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     balance=8000 operations=6000 done
// CLEAN-NOT: AtomicGuard
