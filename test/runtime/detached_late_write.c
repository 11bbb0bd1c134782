// A detached thread posts its completion semaphore and only then writes a
// shared status: that write is not ordered before anything main does. The
// next detached thread (created after main's sem_wait) writes the status too
// and races with it. The first thread's slot must not be handed to the
// second (main has not seen its last epoch), or the race would be hidden.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static sem_t done;
int status; // external: the optimizer must keep the stores
// Orders the two threads in time (relaxed: no happens-before), so the report
// is the same on every run.
static atomic_int first_finished;

static void *first(void *arg) {
  (void)arg;
  sem_post(&done);
  status = 1;
  atomic_store_explicit(&first_finished, 1, memory_order_relaxed);
  return 0;
}

static void *second(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&first_finished, memory_order_relaxed))
    ;
  status = 2;
  sem_post(&done);
  return 0;
}

int main(void) {
  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  sem_init(&done, 0, 0);
  pthread_t t;
  pthread_create(&t, &detached, first, 0);
  sem_wait(&done);
  // Give the first thread time to finish, so that its slot is free when the
  // second is created: the test then shows the slot is still not reused.
  // (If it has not finished, a fresh slot is used and the race is reported
  // all the same, so timing never makes the test fail.)
  usleep(50 * 1000);
  pthread_create(&t, &detached, second, 0);
  sem_wait(&done);
  printf("done\n");
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK-NEXT:   Write of size 4 at [[ADDR:0x[0-9a-f]+]] by thread T2:
// CHECK-NEXT:     #0 second {{.*}}detached_late_write.c:37:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 4 at [[ADDR]] by thread T1:
// CHECK-NEXT:     #0 first {{.*}}detached_late_write.c:28:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'status' of size 4 declared at {{.*}}detached_late_write.c:20{{$}}
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
