// Signal handlers run instrumented code. A handler that interrupts its
// thread inside the runtime (holding a shadow cell's or the heap's lock)
// and then checks accesses and calls malloc and free must skip its own
// bookkeeping, not wait for a lock its thread holds: 20000 signals sent to
// a worker that spends its time in the runtime end with no hang, no crash
// and no report (without the runtime's re-entrancy guard, every run hung).
// A handler that runs outside the runtime (raise() from plain code) is
// checked like any other code: its write races with another thread's read
// and the report names the handler.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: %exitcode 0 timeout 60 %t interrupt | FileCheck %s --check-prefix=INTERRUPT \
// RUN:   --implicit-check-not=WARNING
// RUN: %exitcode 66 timeout 60 %t raise | FileCheck %s --check-prefix=RAISE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELLS 4096
static long cells[CELLS];  // the worker's, under lock
static long handled;       // the worker's thread and its handler only
static atomic_int stop;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void interrupt_handler(int sig) {
  (void)sig;
  handled++;
  char *p = malloc(64);
  memset(p, 1, 64);
  cells[handled % CELLS] += p[3];
  free(p);
}

static void *busy_worker(void *arg) {
  (void)arg;
  for (long round = 0; !atomic_load(&stop); round++) {
    // Each lock starts a new epoch, so every access below takes the slow
    // path, which locks its shadow cell.
    pthread_mutex_lock(&lock);
    for (int i = 0; i < CELLS; i += 7)
      cells[i] += round;
    char *q = malloc(128);
    q[0] = (char)round;
    free(q);
    pthread_mutex_unlock(&lock);
  }
  return 0;
}

static int interrupt(void) {
  signal(SIGUSR1, interrupt_handler);
  pthread_t t;
  pthread_create(&t, 0, busy_worker, 0);
  for (int i = 0; i < 20000; i++)
    pthread_kill(t, SIGUSR1);
  atomic_store(&stop, 1);
  pthread_join(t, 0);
  printf("handled signals: %s\n", handled > 0 ? "yes" : "no");
  return 0;
}
// INTERRUPT: handled signals: yes

static long flag;
static atomic_int turn;

static void raise_handler(int sig) {
  flag = sig;
}

static void *raiser(void *arg) {
  (void)arg;
  raise(SIGUSR2);
  // Orders the read below after the handler's write in time, with no
  // happens-before edge.
  atomic_store_explicit(&turn, 1, memory_order_relaxed);
  return 0;
}

static int race_from_handler(void) {
  signal(SIGUSR2, raise_handler);
  pthread_t t;
  pthread_create(&t, 0, raiser, 0);
  while (!atomic_load_explicit(&turn, memory_order_relaxed))
    ;
  long seen = flag;
  pthread_join(t, 0);
  printf("flag: %ld\n", seen);
  return 0;
}
// RAISE:      WARNING: AtomicGuard: data race
// RAISE-NEXT: Read of size 8 at 0x{{[0-9a-f]+}} by main thread:
// RAISE-NEXT: #0 race_from_handler {{.*}}signal_handler.c:[[#@LINE-7]]:
// RAISE-NEXT: Previous write of size 8 at 0x{{[0-9a-f]+}} by thread T1:
// RAISE-NEXT: #0 raise_handler {{.*}}signal_handler.c:[[#@LINE-27]]:
// RAISE-NEXT: Location is global 'flag' of size 8
// RAISE:      flag: 12

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "interrupt"))
    return interrupt();
  return race_from_handler();
}
