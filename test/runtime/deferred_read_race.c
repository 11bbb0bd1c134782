// A loop's read range is checked when the thread next enters the runtime,
// not right after the loop (at -O2): the write another thread makes in
// between, unordered with the read, is then found by the read's check
// instead of the read being found by the write's. Either way the race is
// reported once, naming both statements. main waits in an uninstrumented
// helper (Inputs/phase_helper.c), so it enters the runtime only at
// pthread_join, after the write, and before the join orders the writer's
// accesses before its own.
//
// RUN: %cc -g -O1 -c %S/Inputs/phase_helper.c -o %t.helper.o
// RUN: %agcc -g -O0 %s %t.helper.o -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s %t.helper.o -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s --check-prefixes=CHECK,NOW
// RUN: %exitcode 66 %t.O2 | FileCheck %s \
// RUN:   %if ag-optimized %{--check-prefixes=CHECK,DEFERRED%} %else %{--check-prefixes=CHECK,NOW%}
#include <pthread.h>

void phase_set(int p);
void phase_wait(int p);

int data[1000];

__attribute__((noinline)) static long sum(const int *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i]; // the loop's read
  return s;
}

static void *writer(void *arg) {
  (void)arg;
  phase_wait(1);
  data[500] = 7; // the racing write
  phase_set(2);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  long s = sum(data, 1000);
  phase_set(1);
  phase_wait(2);
  pthread_join(t, 0);
  return (int)s;
}

// CHECK:         WARNING: AtomicGuard: data race
// NOW-NEXT:        Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T1:
// NOW-NEXT:          #0 writer {{.*}}deferred_read_race.c:33:
// NOW-NEXT:        Previous read of size {{4|8|16|32}} at 0x{{[0-9a-f]+}} by main thread:
// NOW-NEXT:          #0 sum {{.*}}deferred_read_race.c:26:
// DEFERRED-NEXT:   Read of size {{4|8|16|32}} at 0x{{[0-9a-f]+}} by main thread:
// DEFERRED-NEXT:     #0 sum {{.*}}deferred_read_race.c:26:
// DEFERRED-NEXT:   Previous write of size 4 at 0x{{[0-9a-f]+}} by thread T1:
// DEFERRED-NEXT:     #0 writer {{.*}}deferred_read_race.c:33:
// CHECK-NEXT:      Location is global 'data' of size 4000
// CHECK:         AtomicGuard: reported 1 data race(s)
