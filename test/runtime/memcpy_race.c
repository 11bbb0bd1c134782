// memcpy ranges: two threads copy a message into the same shared buffer with
// no synchronization. The copies are range accesses; the report gives the
// size of the whole range.
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
#include <string.h>

char shared_buf[256];

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

static const char messages[3][256] = {"", "first message", "second message"};

static void *copier(void *arg) {
  int id = (int)(intptr_t)arg;
  wait_turn(id);
  memcpy(shared_buf, messages[id], sizeof shared_buf);
  pass_turn(id + 1);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, copier, (void *)1);
  pthread_create(&b, 0, copier, (void *)2);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return strcmp(shared_buf, "second message") == 0 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 256 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 copier {{.*}}memcpy_race.c:37:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 256 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 copier {{.*}}memcpy_race.c:37:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'shared_buf' of size 256 declared at {{.*}}memcpy_race.c:17{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}memcpy_race.c:45:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}memcpy_race.c:44:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}memcpy_race.c:37:{{[0-9]+}} in copier
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
