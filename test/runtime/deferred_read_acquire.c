// A thread's deferred loop reads are checked before its clock changes: main
// reads data[500] in a loop after T1 wrote it, with nothing ordering the
// two, and only then locks the mutex T1 released after its write. Checked
// after the lock's acquire, the read would look ordered after the write;
// the runtime checks it on entering pthread_mutex_lock, before the acquire,
// and reports the race at -O0 (per access) and at -O2 (loop range) alike.
// main waits for T1 in an uninstrumented helper (Inputs/phase_helper.c).
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
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static long sum(const int *p, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += p[i]; // the loop's read
  return s;
}

static void *writer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  data[500] = 7; // the racing write
  pthread_mutex_unlock(&m);
  phase_set(1);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  phase_wait(1);
  long s = sum(data, 1000);
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  pthread_join(t, 0);
  return (int)s;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Read of size {{4|8|16|32}} at 0x{{[0-9a-f]+}} by main thread:
// CHECK-NEXT:     #0 sum {{.*}}deferred_read_acquire.c:25:
// CHECK-NEXT:   Previous write of size 4 at 0x{{[0-9a-f]+}} by thread T1:
// CHECK-NEXT:     #0 writer {{.*}}deferred_read_acquire.c:32:
// CHECK-NEXT:   Location is global 'data' of size 4000
// CHECK:      AtomicGuard: reported 1 data race(s)
