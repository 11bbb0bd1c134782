// free checks the whole block as a write. A loop read of the block that
// main has not checked yet when T1 frees it (main waits in an uninstrumented
// helper, Inputs/phase_helper.c) is checked against that free at main's next
// runtime entry: the race is reported from the read's side at -O2, from the
// free's side at -O0.
//
// RUN: %cc -g -O1 -c %S/Inputs/phase_helper.c -o %t.helper.o
// RUN: %agcc -g -O0 %s %t.helper.o -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s %t.helper.o -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s --check-prefixes=CHECK,NOW
// RUN: %exitcode 66 %t.O2 | FileCheck %s \
// RUN:   %if ag-optimized %{--check-prefixes=CHECK,DEFERRED%} %else %{--check-prefixes=CHECK,NOW%}
#include <pthread.h>
#include <stdlib.h>

void phase_set(int p);
void phase_wait(int p);

static int *block;

__attribute__((noinline)) static long sum(const int *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i]; // the loop's read
  return s;
}

static void *freer(void *arg) {
  (void)arg;
  phase_wait(1);
  free(block); // the racing free
  phase_set(2);
  return 0;
}

int main(void) {
  block = calloc(256, sizeof(int));
  pthread_t t;
  pthread_create(&t, 0, freer, 0);
  long s = sum(block, 256);
  phase_set(1);
  phase_wait(2);
  pthread_join(t, 0);
  return (int)s;
}

// CHECK:           WARNING: AtomicGuard: data race
// NOW-NEXT:          Write of size 1024 at 0x{{[0-9a-f]+}} by thread T1:
// NOW-NEXT:            #0 free
// NOW-NEXT:          Previous read of size {{4|8|16|32}} at 0x{{[0-9a-f]+}} by main thread:
// NOW-NEXT:            #0 sum {{.*}}deferred_read_free.c:24:
// DEFERRED-NEXT:     Read of size {{4|8|16|32}} at 0x{{[0-9a-f]+}} by main thread:
// DEFERRED-NEXT:       #0 sum {{.*}}deferred_read_free.c:24:
// DEFERRED-NEXT:     Previous write of size 1024 at 0x{{[0-9a-f]+}} by thread T1:
// DEFERRED-NEXT:       #0 free
// CHECK:           AtomicGuard: reported 1 data race(s)
