// C11 <threads.h>: thrd_create / thrd_join with a mtx_t protecting a shared
// total. mtx_lock/mtx_unlock order the updates, thrd_join orders them before
// main's read: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <stdio.h>
#include <threads.h>

static mtx_t lock;
static long total;

static int worker(void *arg) {
  long step = *(const long *)arg;
  for (int i = 0; i < 5000; i++) {
    mtx_lock(&lock);
    total += step;
    mtx_unlock(&lock);
  }
  return 0;
}

int main(void) {
  static const long steps[3] = {1, 2, 3};
  thrd_t t[3];
  if (mtx_init(&lock, mtx_plain) != thrd_success)
    return 2;
  for (int i = 0; i < 3; i++)
    thrd_create(&t[i], worker, (void *)&steps[i]);
  for (int i = 0; i < 3; i++)
    thrd_join(t[i], 0);
  mtx_destroy(&lock);
  printf("total=%ld done\n", total);
  return total == 30000 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     total=30000 done
// CLEAN-NOT: AtomicGuard
