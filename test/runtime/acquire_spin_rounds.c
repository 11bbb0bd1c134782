// Two threads hand a turn back and forth 3000 times through two flags, each
// spinning on an acquire load of the other's flag and then reading what the
// other wrote before its release store. Most of those loads find the flag
// unchanged since the thread's last load of it, and join nothing new (the
// sync object's lock count is the same). After the last round main writes
// `late` after its release store, and the other thread reads it once a
// relaxed flag says it was written: that read is the one race (at -O2 the
// compiler stores `late` in one byte).
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define ROUNDS 3000

static int ping_data[ROUNDS], pong_data[ROUNDS];
static int late;
static atomic_int ping, pong, late_written;

static void *other(void *arg) {
  (void)arg;
  for (int i = 1; i <= ROUNDS; i++) {
    while (atomic_load_explicit(&ping, memory_order_acquire) != i)
      ;
    pong_data[i - 1] = ping_data[i - 1] + 1;
    atomic_store_explicit(&pong, i, memory_order_release);
  }
  while (atomic_load_explicit(&ping, memory_order_acquire) != ROUNDS + 1)
    ;
  while (!atomic_load_explicit(&late_written, memory_order_relaxed))
    ;
  return (void *)(intptr_t)late;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, other, 0);
  int bad = 0;
  for (int i = 1; i <= ROUNDS; i++) {
    ping_data[i - 1] = i;
    atomic_store_explicit(&ping, i, memory_order_release);
    while (atomic_load_explicit(&pong, memory_order_acquire) != i)
      ;
    bad += pong_data[i - 1] != i + 1;
  }
  atomic_store_explicit(&ping, ROUNDS + 1, memory_order_release);
  late = 1;
  atomic_store_explicit(&late_written, 1, memory_order_relaxed);
  void *r;
  pthread_join(t, &r);
  fprintf(stderr, "rounds done, %d wrong\n", bad);
  return 0;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Read of size {{[14]}} at [[ADDR:0x[0-9a-f]+]] by thread T1:
// CHECK-NEXT:     #0 other {{.*}}acquire_spin_rounds.c:37:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size {{[14]}} at [[ADDR]] by main thread:
// CHECK-NEXT:     #0 main {{.*}}acquire_spin_rounds.c:52:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'late' of size {{[14]}} declared at {{.*}}acquire_spin_rounds.c:22{{$}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}acquire_spin_rounds.c:42:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}acquire_spin_rounds.c:37:{{[0-9]+}} in other
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      rounds done, 0 wrong
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
