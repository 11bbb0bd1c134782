// Cross translation unit: the thread routine `xtu_worker` lives in another
// file (Inputs/xtu_routine_worker.c, compiled separately) and updates the
// global `hits` defined here; this file only passes it to pthread_create.
// Two threads run it with no synchronization (they take turns through the
// relaxed atomic `xtu_turn`, which creates no happens-before edge): one
// report, whose frames are in the other file.
//
// RUN: %agcc -g -O0 -c %S/Inputs/xtu_routine_worker.c -o %t.worker.O0.o
// RUN: %agcc -g -O1 -c %S/Inputs/xtu_routine_worker.c -o %t.worker.O1.o
// RUN: %agcc -g -O2 -c %S/Inputs/xtu_routine_worker.c -o %t.worker.O2.o
// RUN: %agcc -g -O0 %s %t.worker.O0.o -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s %t.worker.O1.o -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s %t.worker.O2.o -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdatomic.h>

long hits;
atomic_int xtu_turn = 1;

void *xtu_worker(void *arg);

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, xtu_worker, (void *)1);
  pthread_create(&b, 0, xtu_worker, (void *)2);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return hits == 200 ? 0 : 1;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid={{[0-9]+}})
// CHECK-NEXT:   Write of size 8 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 xtu_worker {{.*}}xtu_routine_worker.c:15:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 xtu_worker {{.*}}xtu_routine_worker.c:15:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'hits' of size 8 declared at {{.*}}xtu_routine.c:20{{$}}
// CHECK-NEXT:   Thread T2 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}xtu_routine.c:28:{{[0-9]+}}
// CHECK-NEXT:   Thread T1 created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}xtu_routine.c:27:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}xtu_routine_worker.c:15:{{[0-9]+}} in xtu_worker
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
