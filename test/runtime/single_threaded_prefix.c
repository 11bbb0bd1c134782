// Until the process starts its second thread, plain accesses are not
// recorded: every thread starts after them, so they can race with nothing.
// main fills a 4 MiB array first (no shadow for it: 4 chunks of 1 MiB are
// mapped in all, for the elements used later, stacks and globals, where
// recording the fill maps 7), then the
// thread's read of an element main wrote before is clean, and the writes of
// one element by both threads after the start still race.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O0 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>

#define N (1 << 20)
int big[N];
long sink;

static void *worker(void *arg) {
  (void)arg;
  sink = big[5]; // ordered after main's fill: clean
  big[7] = 1;    // the race
  return 0;
}

int main(void) {
  for (int i = 0; i < N; i++)
    big[i] = i;
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  big[7] = 2; // the race's other side
  pthread_join(t, 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   {{Write of size 4 at .* by (thread T1|main thread)}}:
// CHECK-NEXT:     #0 {{worker|main}} {{.*}}single_threaded_prefix.c:{{22|31}}:
// CHECK-NEXT:   Previous write of size 4 at {{.*}} by {{thread T1|main thread}}:
// CHECK-NEXT:     #0 {{worker|main}} {{.*}}single_threaded_prefix.c:{{22|31}}:
// CHECK-NEXT:   Location is global 'big' of size 4194304
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: shadow: {{[1-4]}} chunks of 1 MiB,
// CHECK:      AtomicGuard: reported 1 data race(s)
