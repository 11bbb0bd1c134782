// A thread whose loop reads wait while another thread resets memory more
// often than the reset log holds (1024 ranges): T1 allocates, writes and
// frees a block 5000 times while main, which read data in a loop, waits in
// an uninstrumented helper (Inputs/phase_helper.c) without entering the
// runtime. main's check at pthread_join finds the log wrapped and checks
// its range whole: no wait for log slots that were overwritten, and no
// report (T1 never touches data).
//
// RUN: %cc -g -O1 -c %S/Inputs/phase_helper.c -o %t.helper.o
// RUN: %agcc -g -O0 %s %t.helper.o -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s %t.helper.o -o %t.O2 %agrt
// RUN: %t.O0 2>&1 | FileCheck %s
// RUN: %t.O2 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: AtomicGuard
// CHECK:     done
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

void phase_set(int p);
void phase_wait(int p);

int data[1000];

__attribute__((noinline)) static long sum(const int *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i];
  return s;
}

static void *churner(void *arg) {
  (void)arg;
  phase_wait(1);
  for (int i = 0; i < 5000; i++) {
    volatile int *p = malloc(64);
    *p = i;
    free((void *)p);
  }
  phase_set(2);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, churner, 0);
  long s = sum(data, 1000);
  phase_set(1);
  phase_wait(2);
  pthread_join(t, 0);
  printf("done %ld\n", s);
  return 0;
}
