// pthread_spinlock_t protecting a shared histogram: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>

static pthread_spinlock_t lock;
static int histogram[8];

static void *worker(void *arg) {
  int id = *(const int *)arg;
  for (int i = 0; i < 4000; i++) {
    pthread_spin_lock(&lock);
    histogram[(i + id) % 8]++;
    pthread_spin_unlock(&lock);
  }
  return 0;
}

int main(void) {
  static const int ids[3] = {0, 1, 2};
  pthread_t t[3];
  pthread_spin_init(&lock, PTHREAD_PROCESS_PRIVATE);
  for (int i = 0; i < 3; i++)
    pthread_create(&t[i], 0, worker, (void *)&ids[i]);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  pthread_spin_destroy(&lock);
  int total = 0;
  for (int i = 0; i < 8; i++)
    total += histogram[i];
  printf("total=%d done\n", total);
  return total == 12000 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     total=12000 done
// CLEAN-NOT: AtomicGuard
