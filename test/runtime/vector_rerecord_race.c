// A thread's new read of a granule whose read vector is its own (four
// concurrent readers, more than an interned vector holds) replaces its
// earlier read in place only when nothing else would change: here the last
// write is not ordered before it, so the read must still be checked against
// it. A writer fills buf; four readers then read buf[0] (one race, reported
// once for the pair of sites); reader 1 starts a new epoch (a release
// store) and reads buf[0] again with another statement: a second race. The
// atomics in buf's page keep it in cells. Relaxed atomics order the threads
// in time but create no happens-before edge.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#define READERS 4
static _Alignas(4096) struct {
  atomic_int written, read, tick;
  long buf[8];
} page;

__attribute__((noinline)) static long first_read(void) {
  return page.buf[0]; // the readers' read
}

__attribute__((noinline)) static long second_read(void) {
  return page.buf[0]; // the read again
}

static void *writer(void *arg) {
  (void)arg;
  page.buf[0] = 1; // the write
  atomic_store_explicit(&page.written, 1, memory_order_relaxed);
  return 0;
}

static void *reader(void *arg) {
  long id = (long)arg;
  while (!atomic_load_explicit(&page.written, memory_order_relaxed))
    sched_yield();
  long s = first_read();
  atomic_fetch_add_explicit(&page.read, 1, memory_order_relaxed);
  if (id == 1) {
    while (atomic_load_explicit(&page.read, memory_order_relaxed) < READERS)
      sched_yield();
    atomic_store_explicit(&page.tick, 1, memory_order_release);
    s += second_read();
  }
  return (void *)s;
}

int main(void) {
  pthread_t w, r[READERS];
  pthread_create(&w, 0, writer, 0);
  for (long i = 0; i < READERS; i++)
    pthread_create(&r[i], 0, reader, (void *)(i + 1));
  pthread_join(w, 0);
  for (int i = 0; i < READERS; i++)
    pthread_join(r[i], 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size 8 at {{.*}} by thread T{{[2-5]}}:
// CHECK-NEXT:     #0 first_read {{.*}}vector_rerecord_race.c:26:
// CHECK-NEXT:   Previous write of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}vector_rerecord_race.c:35:
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size 8 at {{.*}} by thread T2:
// CHECK-NEXT:     #0 second_read {{.*}}vector_rerecord_race.c:30:
// CHECK-NEXT:   Previous write of size 8 at {{.*}} by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}vector_rerecord_race.c:35:
// CHECK:      AtomicGuard: reported 2 data race(s)
