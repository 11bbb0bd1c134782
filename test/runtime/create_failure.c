// pthread_create calls that fail (an impossible stack size) leave no trace:
// the next threads are still T1 and T2, the runtime keeps three slots, and
// their race is reported.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: env ATOMICGUARD_OPTIONS=verbosity=1 %exitcode 66 %t | FileCheck %s
#include <pthread.h>
#include <stdio.h>

long racy;

static void *bump(void *arg) {
  (void)arg;
  racy++;
  return 0;
}

int main(void) {
  pthread_attr_t huge;
  pthread_attr_init(&huge);
  pthread_attr_setstacksize(&huge, (size_t)1 << 46);
  int failures = 0;
  for (int i = 0; i < 100; i++) {
    pthread_t t;
    if (pthread_create(&t, &huge, bump, 0) != 0)
      failures++;
    else
      pthread_join(t, 0);
  }
  printf("failures=%d\n", failures);
  pthread_t a, b;
  pthread_create(&a, 0, bump, 0);
  pthread_create(&b, 0, bump, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}

// CHECK:     WARNING: AtomicGuard: data race
// CHECK:     Thread T{{[12]}} created by main thread at:
// CHECK:     Thread T{{[12]}} created by main thread at:
// CHECK:     failures=100
// CHECK:     AtomicGuard: threads: 2 created, {{[0-9]+}} max live, 3 slots; 1 data race(s) reported
