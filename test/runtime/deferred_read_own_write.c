// A thread's deferred loop reads of the bytes it then writes are checked
// before the write: T1 writes data[500], then main reads data in a loop and
// writes data[500] itself, with nothing ordering T1's write before either.
// The read's check goes first, as at -O0, so both of main's statements are
// reported with T1's; checked after the write, the read would find main's
// own write and the read's race would go unreported. main waits for T1 in
// an uninstrumented helper (Inputs/phase_helper.c).
//
// RUN: %cc -g -O1 -c %S/Inputs/phase_helper.c -o %t.helper.o
// RUN: %agcc -g -O0 %s %t.helper.o -o %t.O0 %agrt
// RUN: %agcc -g -O2 %s %t.helper.o -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
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
  data[500] = 7; // the racing write
  phase_set(1);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  phase_wait(1);
  long s = sum(data, 1000);
  data[500] = 8; // main's write
  pthread_join(t, 0);
  return (int)s;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size {{4|8|16|32}} at 0x{{[0-9a-f]+}} by main thread:
// CHECK-NEXT:     #0 sum {{.*}}deferred_read_own_write.c:24:
// CHECK-NEXT:   Previous write of size 4 at 0x{{[0-9a-f]+}} by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}deferred_read_own_write.c:30:
// CHECK-NEXT:   Location is global 'data' of size 4000
// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 4 at 0x{{[0-9a-f]+}} by main thread:
// CHECK-NEXT:     #0 main {{.*}}deferred_read_own_write.c:40:
// CHECK-NEXT:   Previous write of size 4 at 0x{{[0-9a-f]+}} by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}deferred_read_own_write.c:30:
// CHECK-NEXT:   Location is global 'data' of size 4000
// CHECK:      AtomicGuard: reported 2 data race(s)
