// Slot reuse must not hide races. T1's last act is a mutex unlock (a
// release, after which its clock ticks without recording anything); main
// joins T1, so main knows T1's final clock. T2 then takes T1's slot and must
// start above that final clock: its write to `shared` races with main's
// write and is reported.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O0 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O1 | FileCheck %s
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

long shared;
long guarded;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
// Orders T2 and main in time (relaxed: no happens-before), so the report is
// the same on every run.
static atomic_int t2_wrote;

static void *first(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  guarded++;
  pthread_mutex_unlock(&lock);
  return 0;
}

static void *second(void *arg) {
  (void)arg;
  shared = 2;
  atomic_store_explicit(&t2_wrote, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, first, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, second, 0);
  while (!atomic_load_explicit(&t2_wrote, memory_order_relaxed))
    sched_yield();
  shared = 1;
  pthread_join(t, 0);
  printf("shared=%ld guarded=%ld\n", shared, guarded);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 8 at [[ADDR:0x[0-9a-f]+]] by main thread:
// CHECK-NEXT:     #0 main {{.*}}slot_reuse_race.c:47:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[ADDR]] by thread T2:
// CHECK-NEXT:     #0 second {{.*}}slot_reuse_race.c:35:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'shared' of size 8 declared at {{.*}}slot_reuse_race.c:18{{$}}
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: threads: 2 created, 2 max live, 2 slots; 1 data race(s) reported
