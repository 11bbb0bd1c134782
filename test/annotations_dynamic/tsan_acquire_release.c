// __tsan_release/__tsan_acquire (sanitizer/tsan_interface.h) describe
// synchronization atomicguard cannot see: here a flag set and polled with
// inline asm, which is not instrumented. With the calls the handoff of
// `payload` is ordered and nothing is reported; without them it races.
//
// RUN: %agcc -g -O1 -DANNOTATE %s -o %t.ann %agrt
// RUN: %exitcode 0 %t.ann | FileCheck %s --check-prefix=CLEAN
// RUN: %agcc -g -O1 %s -o %t.plain %agrt
// RUN: %exitcode 66 %t.plain | FileCheck %s --check-prefix=RACE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#ifdef ANNOTATE
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#else
#define __tsan_acquire(a)
#define __tsan_release(a)
#endif

long payload[4];
int flag;

static void set_flag(void) {
  __asm__ volatile("movl $1, %0" : "=m"(flag) : : "memory");
}

static int get_flag(void) {
  int v;
  __asm__ volatile("movl %1, %0" : "=r"(v) : "m"(flag) : "memory");
  return v;
}

static void *producer(void *arg) {
  for (int i = 0; i < 4; i++)
    payload[i] = i + 1;
  __tsan_release(&flag);
  set_flag();
  return 0;
}

static void *consumer(void *arg) {
  while (!get_flag())
    sched_yield();
  __tsan_acquire(&flag);
  long sum = 0;
  for (int i = 0; i < 4; i++)
    sum += payload[i];
  printf("sum=%ld\n", sum);
  return 0;
}

int main(void) {
  pthread_t p, c;
  pthread_create(&c, 0, consumer, 0);
  pthread_create(&p, 0, producer, 0);
  pthread_join(p, 0);
  pthread_join(c, 0);
  return 0;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     sum=10
// CLEAN-NOT: AtomicGuard

// RACE:      WARNING: AtomicGuard: data race
// RACE-NEXT:   Read of size 8 at {{.*}} by thread T1:
// RACE-NEXT:     #0 consumer {{.*}}tsan_acquire_release.c:49:{{[0-9]+}}
// RACE-NEXT:   Previous write of size 8 at {{.*}} by thread T2:
// RACE-NEXT:     #0 producer {{.*}}tsan_acquire_release.c:37:{{[0-9]+}}
// RACE-NEXT:   Location is global 'payload' of size 32
// RACE:      AtomicGuard: reported 1 data race(s)
