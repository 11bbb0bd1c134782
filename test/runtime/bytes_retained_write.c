// Byte masks, retained writes: T1 writes bytes 0-3 of a word, then T2 writes
// bytes 4-7, unordered with T1 but on other bytes, so T1's write survives as
// the last write of bytes 0-3. T3 then reads byte 2: it races with T1's write
// (reported with T1's 4-byte write) and not with T2's.
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
  uint32_t half[2];
  unsigned char byte[8];
};

union word word;

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

static unsigned seen;

static void *write_low(void *arg) {
  (void)arg;
  wait_turn(1);
  word.half[0] = 0x44332211u;
  pass_turn(2);
  return 0;
}

static void *write_high(void *arg) {
  (void)arg;
  wait_turn(2);
  word.half[1] = 0x88776655u;
  pass_turn(3);
  return 0;
}

static void *read_byte(void *arg) {
  (void)arg;
  wait_turn(3);
  seen = word.byte[2];
  pass_turn(4);
  return 0;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], 0, write_low, 0);
  pthread_create(&t[1], 0, write_high, 0);
  pthread_create(&t[2], 0, read_byte, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  printf("%x done\n", seen);
  return 0;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Read of size 1 at 0x[[#%x,A:]] by thread T3:
// CHECK-NEXT:     #0 read_byte {{.*}}bytes_retained_write.c:60:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at 0x[[#%x,A-2]] by thread T1:
// CHECK-NEXT:     #0 write_low {{.*}}bytes_retained_write.c:44:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'word' of size 8 declared at {{.*}}bytes_retained_write.c:24{{$}}
// CHECK-NEXT:   Thread T3 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}bytes_retained_write.c:69:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}bytes_retained_write.c:67:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}bytes_retained_write.c:60:{{[0-9]+}} in read_byte
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK-DAG:  33 done
// CHECK-DAG:  AtomicGuard: reported 1 data race(s)
