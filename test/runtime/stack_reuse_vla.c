// Detached threads run one after another with no synchronization, each
// filling a variable-length array (its size known only at run time) through
// a pointer. glibc hands a
// finished thread's stack to the next thread, so the arrays share addresses,
// but they are distinct objects: a new thread's stack has no history, and
// nothing is reported.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s
// RUN: %exitcode 0 %t.O1 | FileCheck %s
// RUN: %exitcode 0 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int length = 20000; // external: the array size stays dynamic

__attribute__((noinline)) void fill(char *p, int n, char v) {
  for (int i = 0; i < n; i++)
    p[i] = v;
}

static void *worker(void *arg) {
  char buf[length];
  fill(buf, length, (char)(long)arg);
  return 0;
}

int main(void) {
  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  for (long i = 0; i < 3; i++) {
    pthread_t t;
    pthread_create(&t, &detached, worker, (void *)i);
    // No synchronization with the worker; the pause lets it exit, so that
    // its stack is cached and handed to the next thread.
    usleep(100 * 1000);
  }
  printf("done\n");
  return 0;
}

// CHECK-NOT: AtomicGuard
// CHECK:     done
