// A loop that may stop early is not checked as a whole range: main's loop
// reads data[] only up to the first negative element (data[500]), while a
// thread writes data[900..999] at the same time. Nothing races; a range
// check over all 1000 elements would report a race on bytes never read.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --allow-empty
// RUN: %exitcode 0 %t.O2 | FileCheck %s --allow-empty
// CHECK-NOT: WARNING: AtomicGuard
#include <pthread.h>

int data[1000];

static void *tail_writer(void *arg) {
  (void)arg;
  for (int i = 900; i < 1000; i++)
    data[i] = i;
  return 0;
}

__attribute__((noinline)) static long prefix_sum(const int *p, int n) {
  long s = 0;
  for (int i = 0; i < n && p[i] >= 0; i++)
    s += p[i];
  return s;
}

int main(void) {
  data[500] = -1;
  pthread_t t;
  pthread_create(&t, 0, tail_writer, 0);
  long s = prefix_sum(data, 1000);
  pthread_join(t, 0);
  return s == 0 ? 0 : 1;
}
