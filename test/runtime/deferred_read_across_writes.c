// A thread's deferred loop reads wait across its checks of other bytes: main
// reads data in a loop, then fills out (a loop write) and writes last (a
// single write), and only then lets T1 write data[500]. Neither check of
// main's writes changes its clock, so the read stays deferred (at -O2)
// until main enters the runtime at pthread_join, and its check finds T1's
// write, unordered with it. At -O0 each read is checked at once and T1's
// write finds it. Either way the race is reported once. main waits in an
// uninstrumented helper (Inputs/phase_helper.c).
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

int data[1000], out[1000], last;

__attribute__((noinline)) static long sum(const int *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i]; // the loop's read
  return s;
}

__attribute__((noinline)) static void fill(int *p, int n, int v) {
  for (int i = 0; i < n; i++)
    p[i] = v;
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
  fill(out, 1000, (int)s);
  last = (int)s;
  phase_set(1);
  phase_wait(2);
  pthread_join(t, 0);
  return out[0] + last;
}

// CHECK:         WARNING: AtomicGuard: data race
// NOW-NEXT:        Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T1:
// NOW-NEXT:          #0 writer {{.*}}deferred_read_across_writes.c:38:
// NOW-NEXT:        Previous read of size {{4|8|16|32}} at 0x{{[0-9a-f]+}} by main thread:
// NOW-NEXT:          #0 sum {{.*}}deferred_read_across_writes.c:26:
// DEFERRED-NEXT:   Read of size {{4|8|16|32}} at 0x{{[0-9a-f]+}} by main thread:
// DEFERRED-NEXT:     #0 sum {{.*}}deferred_read_across_writes.c:26:
// DEFERRED-NEXT:   Previous write of size 4 at 0x{{[0-9a-f]+}} by thread T1:
// DEFERRED-NEXT:     #0 writer {{.*}}deferred_read_across_writes.c:38:
// CHECK-NEXT:      Location is global 'data' of size 4000
// CHECK:         AtomicGuard: reported 1 data race(s)
