// Byte masks, partial overlaps: T1 writes a whole 8-byte word, T2 then
// writes bytes 2-3 of it and T3 reads bytes 4-7, all unordered. T2 races
// with T1 on bytes 2-3 only; T1's write stays the last write of its other
// bytes, so T3 races with T1 (not with T2, whose bytes it does not touch).
// Each report names the racing bytes of the current access and the earlier
// access whole.
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
#include <stdio.h>

union word {
  uint64_t whole;
  uint16_t quarter[4];
  uint32_t half[2];
};

union word word;

// The threads take turns through a relaxed atomic: that orders them in time,
// so the reports are the same on every run, but creates no happens-before
// edge.
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

static uint32_t seen;

static void *write_whole(void *arg) {
  (void)arg;
  wait_turn(1);
  word.whole = 0x1111111111111111ull;
  pass_turn(2);
  return 0;
}

static void *write_quarter(void *arg) {
  (void)arg;
  wait_turn(2);
  word.quarter[1] = 0x2222;
  pass_turn(3);
  return 0;
}

static void *read_half(void *arg) {
  (void)arg;
  wait_turn(3);
  seen = word.half[1];
  pass_turn(4);
  return 0;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], 0, write_whole, 0);
  pthread_create(&t[1], 0, write_quarter, 0);
  pthread_create(&t[2], 0, read_half, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  printf("%x done\n", (unsigned)seen);
  return 0;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 2 at 0x[[#%x,A2:]] by thread T2:
// CHECK-NEXT:     #0 write_quarter {{.*}}bytes_partial_overlap.c:55:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at 0x[[#%x,A2-2]] by thread T1:
// CHECK-NEXT:     #0 write_whole {{.*}}bytes_partial_overlap.c:47:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'word' of size 8 declared at {{.*}}bytes_partial_overlap.c:26{{$}}
// CHECK:      SUMMARY: AtomicGuard: data race {{.*}} in write_quarter
// CHECK-NEXT: ==================
// CHECK-NEXT: ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Read of size 4 at 0x[[#%x,A2+2]] by thread T3:
// CHECK-NEXT:     #0 read_half {{.*}}bytes_partial_overlap.c:63:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at 0x[[#%x,A2-2]] by thread T1:
// CHECK-NEXT:     #0 write_whole {{.*}}bytes_partial_overlap.c:47:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'word' of size 8 declared at {{.*}}bytes_partial_overlap.c:26{{$}}
// CHECK:      SUMMARY: AtomicGuard: data race {{.*}} in read_half
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK-DAG:  11111111 done
// CHECK-DAG:  AtomicGuard: reported 2 data race(s)
