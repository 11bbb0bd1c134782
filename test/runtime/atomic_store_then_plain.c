// An atomic store handed over to a plain write of the same variable 20000
// times: main stores `x` with release order, the other thread spins on an
// acquire load until it sees the store, overwrites `x` with a plain store
// and hands the turn back through `turn`. Every plain write happens after
// the atomic store it read, and every atomic store after the plain write
// before it: no report. (The runtime must record an atomic store before a
// load can return its value: otherwise the plain write can be recorded
// first, and the store's late record finds it unordered. Recording after
// the sync object's unlock fails this test.)
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s
// RUN: %exitcode 0 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define ROUNDS 20000

struct shared {
  _Atomic long x;
  atomic_int turn;
};

static void *other(void *arg) {
  struct shared *s = arg;
  for (int i = 1; i <= ROUNDS; i++) {
    while (atomic_load_explicit(&s->x, memory_order_acquire) != i)
      ;
    *(volatile long *)&s->x = -i;
    atomic_store_explicit(&s->turn, i, memory_order_release);
  }
  return 0;
}

int main(void) {
  static struct shared s;
  pthread_t t;
  pthread_create(&t, 0, other, &s);
  for (int i = 1; i <= ROUNDS; i++) {
    atomic_store_explicit(&s.x, i, memory_order_release);
    while (atomic_load_explicit(&s.turn, memory_order_acquire) != i)
      ;
  }
  pthread_join(t, 0);
  printf("x=%ld\n", atomic_load(&s.x));
  return 0;
}

// CHECK-NOT: AtomicGuard
// CHECK:     x=-20000
// CHECK-NOT: AtomicGuard
