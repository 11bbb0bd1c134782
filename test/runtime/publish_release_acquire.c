// Message passing done right: the writer fills plain `data` and sets `ready`
// with a release store; the reader spins on an acquire load and then reads
// `data`. The acquire load that reads the released value makes the write of
// `data` happen before the read: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

int data[4];
atomic_int ready;

static void *writer(void *arg) {
  (void)arg;
  for (int i = 0; i < 4; i++)
    data[i] = 42 + i;
  atomic_store_explicit(&ready, 1, memory_order_release);
  return 0;
}

static int sum;
static void *reader(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&ready, memory_order_acquire))
    sched_yield();
  for (int i = 0; i < 4; i++)
    sum += data[i];
  return 0;
}

int main(void) {
  pthread_t w, r;
  pthread_create(&r, 0, reader, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_join(w, 0);
  pthread_join(r, 0);
  printf("sum=%d done\n", sum);
  return sum == 174 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     sum=174 done
// CLEAN-NOT: AtomicGuard
