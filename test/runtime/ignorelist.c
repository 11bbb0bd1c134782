// -mllvm -atomicguard-ignorelist: the race on `noise` happens in noisy(),
// which the list names, and is not reported; the race on `tally` in
// worker() is. signal() is listed too, but the release store it makes is
// still instrumented, so the handoff of `payload` it performs is seen and
// not reported. With -g the decision follows the function the code was
// written in, so it holds at -O1/-O2 where noisy() and signal() are inlined
// into their callers.
//
// RUN: echo "fun:noisy" > %t.list
// RUN: echo "fun:signal" >> %t.list
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt -mllvm -atomicguard-ignorelist=%t.list
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt -mllvm -atomicguard-ignorelist=%t.list
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt -mllvm -atomicguard-ignorelist=%t.list
// RUN: %agcc -O0 %s -o %t.nodebug %agrt -mllvm -atomicguard-ignorelist=%t.list
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
// RUN: %exitcode 66 %t.nodebug \
// RUN:   | FileCheck %s --check-prefix=NODEBUG --implicit-check-not="'noise'"
// Without the list both races are reported.
// RUN: %agcc -g -O1 %s -o %t.all %agrt
// RUN: %exitcode 66 %t.all | FileCheck %s --check-prefix=ALL
// The remarks say what was left out.
// RUN: %agcc -g -O1 -c %s -o /dev/null -mllvm -atomicguard-ignorelist=%t.list \
// RUN:   -Rpass=atomicguard 2>&1 | FileCheck %s --check-prefix=REMARK
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

long noise, tally, payload;
atomic_int ready;

static void noisy(void) { noise++; }

static void signal(void) {
  atomic_store_explicit(&ready, 1, memory_order_release);
}

static void *worker(void *arg) {
  noisy();
  tally++;
  return 0;
}

static void *producer(void *arg) {
  payload = 42;
  signal();
  return 0;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], 0, worker, 0);
  pthread_create(&t[1], 0, worker, 0);
  pthread_create(&t[2], 0, producer, 0);
  while (!atomic_load_explicit(&ready, memory_order_acquire))
    ;
  printf("payload=%ld\n", payload);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK:        #0 worker {{.*}}ignorelist.c:41:{{[0-9]+}}
// CHECK:        Location is global 'tally'
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)

// Without -g the read and the write of tally++ may be two sites.
// NODEBUG:      Location is global 'tally'
// NODEBUG:      AtomicGuard: reported {{[12]}} data race(s)

// ALL-DAG:    Location is global 'noise'
// ALL-DAG:    Location is global 'tally'
// ALL:        AtomicGuard: reported 2 data race(s)

// REMARK-DAG: ignorelist.c:33:{{[0-9]+}}: remark: plain accesses of 'noisy' inlined into 'worker' are not checked: it matches 'fun:noisy' of the ignorelist ({{.*}}.list:1)
