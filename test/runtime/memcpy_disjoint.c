// memcpy ranges that do not overlap: two threads copy into the two halves of
// one shared buffer with no synchronization. Disjoint byte ranges never race:
// no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define HALF 128
char shared_buf[2 * HALF];

static const char messages[2][HALF] = {"left half", "right half"};

static void *copier(void *arg) {
  int id = (int)(intptr_t)arg;
  for (int i = 0; i < 50; i++)
    memcpy(shared_buf + id * HALF, messages[id], HALF);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, copier, (void *)0);
  pthread_create(&b, 0, copier, (void *)1);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%s|%s done\n", shared_buf, shared_buf + HALF);
  return 0;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     left half|right half done
// CLEAN-NOT: AtomicGuard
