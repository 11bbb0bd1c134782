// The atomicguard.h spellings: ag_happens_before/ag_happens_after order the
// publication of `value` through a relaxed flag, and ag_benign_race declares
// the `hits` hint of a heap object benign. Built with the plugin and the
// runtime: clean. Without the annotations (-DNO_ANNOTATIONS) both races are
// reported. Built with plain clang and no runtime, the same source compiles
// warning-free, links (the runtime entry points are weak references) and
// runs, the annotations doing nothing.
//
// RUN: %agcc -g -O1 %s -o %t.ag %agrt
// RUN: %exitcode 0 %t.ag | FileCheck %s --check-prefix=CLEAN
// RUN: %agcc -g -O1 -DNO_ANNOTATIONS %s -o %t.none %agrt
// RUN: %exitcode 66 %t.none | FileCheck %s --check-prefix=RACE
// RUN: %cc -std=c11 -pedantic -Wall -Wextra -Werror -O1 %s -o %t.plain -lpthread
// RUN: %exitcode 0 %t.plain | FileCheck %s --check-prefix=CLEAN
#include <atomicguard.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef NO_ANNOTATIONS
#undef ag_happens_before
#undef ag_happens_after
#undef ag_benign_race
#define ag_happens_before(addr) ((void)0)
#define ag_happens_after(addr) ((void)0)
#define ag_benign_race(addr, size, why) ((void)0)
#endif

struct stats {
  long hits;
};

static long value;
static atomic_int ready;
static struct stats *stats;

static void *producer(void *arg) {
  (void)arg;
  value = 42;
  stats->hits++;
  ag_happens_before(&ready);
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
  return 0;
}

static void *consumer(void *arg) {
  (void)arg;
  stats->hits++;
  while (!atomic_load_explicit(&ready, memory_order_relaxed))
    sched_yield();
  ag_happens_after(&ready);
  printf("value=%ld\n", value);
  return 0;
}

int main(void) {
  stats = calloc(1, sizeof *stats);
  ag_benign_race(&stats->hits, sizeof stats->hits,
                 "a statistic; a lost update is acceptable");
  pthread_t p, c;
  pthread_create(&c, 0, consumer, 0);
  pthread_create(&p, 0, producer, 0);
  pthread_join(p, 0);
  pthread_join(c, 0);
  free(stats);
  return 0;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     value=42
// CLEAN-NOT: AtomicGuard

// RACE-DAG:  Location is global 'value'
// RACE-DAG:  Location is heap block of 8 bytes at offset 0
// RACE:      AtomicGuard: reported 2 data race(s)
