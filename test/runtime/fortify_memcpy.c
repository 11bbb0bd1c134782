// With -D_FORTIFY_SOURCE=2 clang emits __memcpy_chk/__memset_chk calls
// instead of the memcpy/memset intrinsics (at -O1 and above); they are
// checked as ranges all the same: two threads filling one buffer race.
//
// RUN: %agcc -g -O1 -D_FORTIFY_SOURCE=2 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 -D_FORTIFY_SOURCE=2 %s -o %t.O2 %agrt
// RUN: %agcc -g -O2 -fno-builtin %s -o %t.nobuiltin %agrt
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
// RUN: %exitcode 66 %t.nobuiltin | FileCheck %s
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

char buf[128];
char src[128];
size_t n = 64; // a run-time size: the calls stay calls

static void *copier(void *arg) {
  (void)arg;
  memcpy(buf, src, n);
  return 0;
}

static void *clearer(void *arg) {
  (void)arg;
  memset(buf, 1, n);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, copier, 0);
  pthread_create(&b, 0, clearer, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return buf[0] == 1 || buf[0] == 0 ? 0 : 1;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 64 at {{.*}} by thread T{{[12]}}:
// CHECK-NEXT:     #0 {{copier|clearer}} {{.*}}fortify_memcpy.c:{{21|27}}:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 64 at {{.*}} by thread T{{[12]}}:
// CHECK-NEXT:     #0 {{copier|clearer}} {{.*}}fortify_memcpy.c:{{21|27}}:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'buf' of size 128
// CHECK:      AtomicGuard: reported 1 data race(s)
