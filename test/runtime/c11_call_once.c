// C11 call_once: four threads race to initialize a lookup table through
// call_once and then read it. Exactly one runs the initializer and every
// return from call_once happens after it: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <stdio.h>
#include <threads.h>

static once_flag table_once = ONCE_FLAG_INIT;
static int squares[64];
static int init_calls;

static void init_table(void) {
  init_calls++;
  for (int i = 0; i < 64; i++)
    squares[i] = i * i;
}

static long sums[4];
static int worker(void *arg) {
  int id = *(const int *)arg;
  call_once(&table_once, init_table);
  long s = 0;
  for (int i = 0; i < 64; i++)
    s += squares[i];
  sums[id] = s;
  return 0;
}

int main(void) {
  static const int ids[4] = {0, 1, 2, 3};
  thrd_t t[4];
  for (int i = 0; i < 4; i++)
    thrd_create(&t[i], worker, (void *)&ids[i]);
  for (int i = 0; i < 4; i++)
    thrd_join(t[i], 0);
  int ok = init_calls == 1;
  for (int i = 0; i < 4; i++)
    ok &= sums[i] == 85344;
  printf("init_calls=%d done\n", init_calls);
  return ok ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     init_calls=1 done
// CLEAN-NOT: AtomicGuard
