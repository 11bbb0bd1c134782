// Vector loads and stores are checked as ranges and reported with their
// sizes. T1 stores a 16-byte vector into s.v[0] 1000 times; then main loads
// the 32 bytes of s.v, with nothing ordering the two: a race on s.v[0]'s
// bytes. The atomic next to the vectors puts their page in cells (a page in
// runs answers from its runs; cells answer per granule).
// verbosity=1 counts each vector access as a range check.
// main waits for T1 in an uninstrumented helper (Inputs/phase_helper.c).
//
// RUN: %cc -g -O1 -c %S/Inputs/phase_helper.c -o %t.helper.o
// RUN: %agcc -g -O1 %s %t.helper.o -o %t %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t | FileCheck %s
#include <pthread.h>
#include <stdio.h>

void phase_set(int p);
void phase_wait(int p);

typedef double v2d __attribute__((vector_size(16)));
typedef double v4d __attribute__((vector_size(32)));

struct {
  _Alignas(32) v2d v[2];
  int started; // __atomic_* only
} s;

__attribute__((noinline)) static void put(v2d *p, double x) {
  *p = (v2d){x, x};
}

static void *writer(void *arg) {
  (void)arg;
  __atomic_store_n(&s.started, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < 1000; i++)
    put(&s.v[0], i);
  phase_set(1);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  phase_wait(1);
  v4d all = *(v4d *)s.v;
  printf("%g\n", all[0] + all[1] + all[2] + all[3]);
  pthread_join(t, 0);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size 32 at [[ADDR:0x[0-9a-f]+]] by main thread:
// CHECK-NEXT:     #0 main {{.*}}vector_access.c:43:
// CHECK-NEXT:   Previous write of size 16 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 put {{.*}}vector_access.c:27:
// CHECK-NEXT:   Location is global 's' of size 64
// CHECK:      1998
// CHECK:      AtomicGuard: checks: {{[0-9]+}} plain accesses, 100{{[0-9]}} ranges,
// CHECK:      AtomicGuard: reported 1 data race(s)
