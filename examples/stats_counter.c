/*
 * stats_counter.c - a statistics counter updated atomically but read plainly.
 *
 * Request handlers count their work with an atomic increment:
 *
 *     __atomic_fetch_add(&requests_served, 1, __ATOMIC_RELAXED);
 *
 * which is right for a statistic. But a monitor thread prints the counter
 * with a plain read while the handlers run:
 *
 *     printf("%lu requests so far\n", requests_served);
 *
 * A plain read of a variable that other threads write concurrently is a data
 * race, even when every write is atomic (C11 5.1.2.4p25): the read must be
 * __atomic_load_n(&requests_served, __ATOMIC_RELAXED).
 *
 * The counter is declared AG_COUNTER (atomicguard.h: atomic accesses only,
 * any ordering), so the pass flags the plain read at compile time, and the
 * runtime reports the race between the read and the increments.
 *
 * Expected verdict: race (on 'requests_served'; exit status 66)
 *
 * Build and run:
 *   clang-22 -g -O1 -fpass-plugin=build/lib/atomicguard.so -Iinclude \
 *     examples/stats_counter.c -Lbuild/lib -latomicguard_rt -lpthread \
 *     -o stats_counter && ./stats_counter
 */
#include <atomicguard.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define NUM_HANDLERS 2
#define REQUESTS_PER_HANDLER 500

AG_COUNTER unsigned long requests_served; /* bumped with __atomic_fetch_add */
static int handlers_done;                 /* __atomic_* too */
static int monitor_samples;               /* __atomic_* too */

static void *handler(void *arg) {
  (void)arg;
  for (int i = 0; i < REQUESTS_PER_HANDLER; i++) {
    /* ... serve a request ... */
    __atomic_fetch_add(&requests_served, 1, __ATOMIC_RELAXED);
    if (i % 100 == 0)
      sched_yield();
  }
  /* Keep serving until the monitor has looked at least once, so that the
   * demo shows its sampling on every run. */
  while (__atomic_load_n(&monitor_samples, __ATOMIC_RELAXED) == 0)
    sched_yield();
  __atomic_fetch_add(&handlers_done, 1, __ATOMIC_RELEASE);
  return NULL;
}

static void *monitor(void *arg) {
  (void)arg;
  while (__atomic_load_n(&handlers_done, __ATOMIC_ACQUIRE) < NUM_HANDLERS) {
    /* BUG: a plain read racing with the increments. */
    printf("monitor: %lu requests so far\n", requests_served);
    __atomic_fetch_add(&monitor_samples, 1, __ATOMIC_RELAXED);
    sched_yield();
  }
  return NULL;
}

int main(void) {
  pthread_t handlers[NUM_HANDLERS], mon;
  pthread_create(&mon, NULL, monitor, NULL);
  for (int i = 0; i < NUM_HANDLERS; i++)
    pthread_create(&handlers[i], NULL, handler, NULL);
  for (int i = 0; i < NUM_HANDLERS; i++)
    pthread_join(handlers[i], NULL);
  pthread_join(mon, NULL);
  printf("stats_counter: %lu requests served (expected %d)\n",
         __atomic_load_n(&requests_served, __ATOMIC_RELAXED),
         NUM_HANDLERS * REQUESTS_PER_HANDLER);
  return 0;
}
