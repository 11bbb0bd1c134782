// C11/C17 release sequences (5.1.2.4p10): after a release store, later
// stores to the same atomic by the same thread, even relaxed ones, continue
// the release sequence; a plain store by another thread ends it.
// - `data` is written, then `flag` is stored 1 (release) and 2 (relaxed) by
//   the same thread; a consumer that acquires the 2 reads `data`: clean.
// - `other` is written, then `flag2` is stored 1 (release); another thread
//   then stores 2 (relaxed); a consumer that acquires the 2 does not
//   synchronize with the first thread, and its read of `other` is reported.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

int data, other;
atomic_int flag, flag2;
// Lets main wait, without synchronizing, until flag2 holds 2, so that its
// acquire load never reads the 1 of the release store.
atomic_int flag2_is_2;

static void *same_thread_producer(void *arg) {
  (void)arg;
  data = 42;
  atomic_store_explicit(&flag, 1, memory_order_release);
  atomic_store_explicit(&flag, 2, memory_order_relaxed);
  return 0;
}

static void *first_producer(void *arg) {
  (void)arg;
  other = 7;
  atomic_store_explicit(&flag2, 1, memory_order_release);
  return 0;
}

static void *second_producer(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&flag2, memory_order_relaxed) != 1)
    sched_yield();
  atomic_store_explicit(&flag2, 2, memory_order_relaxed);
  atomic_store_explicit(&flag2_is_2, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t a, b, c;
  pthread_create(&a, 0, same_thread_producer, 0);
  while (atomic_load_explicit(&flag, memory_order_acquire) != 2)
    sched_yield();
  printf("data=%d\n", data);

  pthread_create(&b, 0, first_producer, 0);
  pthread_create(&c, 0, second_producer, 0);
  while (!atomic_load_explicit(&flag2_is_2, memory_order_relaxed))
    sched_yield();
  if (atomic_load_explicit(&flag2, memory_order_acquire) != 2)
    return 1;
  printf("other=%d\n", other);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size 4 at {{.*}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}release_sequence_same_thread.c:64:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at {{.*}} by thread T2:
// CHECK-NEXT:     #0 first_producer {{.*}}release_sequence_same_thread.c:37:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'other'
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      data=42
// CHECK:      other=7
// CHECK:      AtomicGuard: reported 1 data race(s)
