// pthread_rwlock misuse: two "readers" hold only the read lock but *write*
// `last_reader`. Read locks are shared, so they do not order the readers with
// each other (a read unlock does not synchronize with a later read lock):
// one report.
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
#include <stdint.h>

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static int last_reader;

// The threads take turns through a relaxed atomic: that orders them in time,
// so the report is the same on every run, but creates no happens-before edge.
static atomic_int turn = 1;
static void wait_turn(int t) {
  while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
    sched_yield();
  __asm__ __volatile__("" ::: "memory"); // compiler barrier only
}
static void pass_turn(int t) {
  __asm__ __volatile__("" ::: "memory");
  atomic_store_explicit(&turn, t, memory_order_relaxed);
}

static void *reader(void *arg) {
  int id = (int)(intptr_t)arg;
  wait_turn(id);
  pthread_rwlock_rdlock(&lock);
  last_reader = id; // a write under a read lock
  pthread_rwlock_unlock(&lock);
  pass_turn(id + 1);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, reader, (void *)1);
  pthread_create(&b, 0, reader, (void *)2);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return last_reader == 2 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 reader {{.*}}rwlock_misuse.c:37:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 reader {{.*}}rwlock_misuse.c:37:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'last_reader' of size 4 declared at {{.*}}rwlock_misuse.c:18{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}rwlock_misuse.c:46:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}rwlock_misuse.c:45:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}rwlock_misuse.c:37:{{[0-9]+}} in reader
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
