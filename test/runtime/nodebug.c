// Compiled without -g: reports still name the variables (an external and an
// internal global) and the file, but no line: frames are `#0 FUNCTION FILE`
// and locations say `declared in FILE`.
//
// RUN: %agcc -O0 %s -o %t.O0 %agrt
// RUN: %agcc -O1 %s -o %t.O1 %agrt
// RUN: %agcc -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

int config_version;
static long cache_hits;

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

static void *first_writer(void *arg) {
  (void)arg;
  wait_turn(1);
  config_version = 1;
  cache_hits = 10;
  pass_turn(2);
  return 0;
}

static void *second_writer(void *arg) {
  (void)arg;
  wait_turn(2);
  config_version = 2;
  cache_hits = 20;
  pass_turn(3);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, first_writer, 0);
  pthread_create(&b, 0, second_writer, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return config_version + cache_hits == 22 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 second_writer {{.*}}nodebug.c{{$}}
// CHECK-NEXT:   Previous write of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 first_writer {{.*}}nodebug.c{{$}}
// CHECK-NEXT:   Location is global 'config_version' of size 4 declared in {{.*}}nodebug.c{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}nodebug.c{{$}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}nodebug.c{{$}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}nodebug.c in second_writer
// CHECK-NEXT: ==================
// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 8 at [[ADDR2:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 second_writer {{.*}}nodebug.c{{$}}
// CHECK-NEXT:   Previous write of size 8 at [[ADDR2]] by thread T1:
// CHECK-NEXT:     #0 first_writer {{.*}}nodebug.c{{$}}
// CHECK-NEXT:   Location is global 'cache_hits' of size 8 declared in {{.*}}nodebug.c{{$}}
// CHECK:      SUMMARY: AtomicGuard: data race {{.*}}nodebug.c in second_writer
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 2 data race(s)
