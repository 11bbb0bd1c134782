// A sync object's release clock starts in the object itself, room for six
// thread slots, and moves to an array of its own when a thread with a
// higher slot releases into it. 12 threads, in turn, each write their own
// element of data and then increment an atomic counter with a release RMW:
// a release sequence, so the counter's clock gathers all 12 threads'
// clocks, from threads that never acquired it (they wait for their turn
// with relaxed loads). A checker thread waits for the count of 12 with
// acquire loads and reads every element: an entry lost when the clock
// moved would make an element's write look unordered with the checker's
// read, and be reported as a race. Nothing is reported.
//
// Four rounds, each with its own counter, start with different threads: a
// round whose first thread has a high slot moves the clock while it holds
// nothing else, and which slot a thread gets is not the program's to say.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: %exitcode 0 %t | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#define WRITERS 12
#define ROUNDS 4

static int data[ROUNDS][WRITERS];
static atomic_int done[ROUNDS];
static long sum;

static void *writer(void *arg) {
  int id = (int)(long)arg;
  for (int r = 0; r < ROUNDS; r++) {
    int place = (id + WRITERS - 3 * r) % WRITERS;
    while (atomic_load_explicit(&done[r], memory_order_relaxed) != place)
      sched_yield();
    data[r][id] = id + 1;
    atomic_fetch_add_explicit(&done[r], 1, memory_order_release);
  }
  /* Alive until the last one counts, so that no slot is used twice. */
  while (atomic_load_explicit(&done[ROUNDS - 1], memory_order_relaxed) !=
         WRITERS)
    sched_yield();
  return 0;
}

static void *checker(void *arg) {
  (void)arg;
  for (int r = 0; r < ROUNDS; r++) {
    while (atomic_load_explicit(&done[r], memory_order_acquire) != WRITERS)
      sched_yield();
    for (int i = 0; i < WRITERS; i++)
      sum += data[r][i];
  }
  return 0;
}

int main(void) {
  pthread_t c, w[WRITERS];
  pthread_create(&c, 0, checker, 0);
  for (long i = 0; i < WRITERS; i++)
    pthread_create(&w[i], 0, writer, (void *)i);
  for (int i = 0; i < WRITERS; i++)
    pthread_join(w[i], 0);
  pthread_join(c, 0);
  printf("sum=%ld\n", sum);
  return 0;
}

// CHECK-NOT: AtomicGuard
// CHECK:     sum=312
// CHECK-NOT: AtomicGuard
