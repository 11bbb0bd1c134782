// AG_BENIGN_RACE silences run-time reports on the annotated memory: a global
// and a struct field of a heap object are written by two threads with no
// synchronization and nothing is reported for them. An unannotated field of
// the same object races the same way and is reported, so the check is live.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <atomicguard.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

AG_BENIGN_RACE("a progress hint; a stale value only delays the display")
long progress;

struct stats {
  AG_BENIGN_RACE("last writer wins; any recent value is fine") long last_seen;
  long exact_total;
};

static void *work(void *arg) {
  struct stats *s = arg;
  for (int i = 1; i <= 100; i++) {
    progress = i;
    s->last_seen = i;
  }
  s->exact_total += 100;
  return 0;
}

int main(void) {
  struct stats *s = calloc(1, sizeof *s);
  pthread_t a, b;
  pthread_create(&a, 0, work, s);
  pthread_create(&b, 0, work, s);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("progress=%ld last_seen=%ld\n", progress, s->last_seen);
  free(s);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK:        #0 work {{.*}}intent_benign.c:31:{{[0-9]+}}
// CHECK:        Location is heap block of 16 bytes at offset 8
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      progress=100 last_seen=100
// CHECK-NEXT: AtomicGuard: reported 1 data race(s)
