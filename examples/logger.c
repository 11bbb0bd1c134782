/*
 * logger.c - a relaxed atomic counter done right.
 *
 * Worker threads log lines into a ring buffer protected by a mutex and count
 * every line in
 *
 *     atomic_size_t lines_logged;
 *
 * with atomic_fetch_add_explicit(&lines_logged, 1, memory_order_relaxed).
 * Relaxed is enough here: the counter publishes no other data (the ring
 * buffer has its own lock), and atomic operations never race with each
 * other. After joining the workers, main reads the total with a seq_cst load
 * -- pthread_join already orders every increment before it.
 *
 * This is the fix for scheduler.c's counter, and it is what atomicguard
 * models precisely: relaxed operations create no happens-before edge, but
 * they are atomic, so there is nothing to report. The counter is declared
 * AG_COUNTER (atomicguard.h): the compiler checks that every access to it is
 * atomic, with any ordering.
 *
 * Expected verdict: clean (no report; exit status 0)
 *
 * Build and run:
 *   clang-22 -g -O1 -fpass-plugin=build/lib/atomicguard.so -Iinclude \
 *     examples/logger.c -Lbuild/lib -latomicguard_rt -lpthread -o logger \
 *     && ./logger
 */
#include <atomicguard.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define NUM_WORKERS 4
#define LINES_PER_WORKER 250
#define RING_LINES 8
#define LOG_LINE_MAX 64

static char ring[RING_LINES][LOG_LINE_MAX]; /* protected by ring_lock */
static size_t ring_next;                /* protected by ring_lock */
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;

AG_COUNTER atomic_size_t lines_logged; /* relaxed increments are enough */

static void log_line(int worker, int n) {
  char line[LOG_LINE_MAX];
  snprintf(line, sizeof line, "worker %d: event %d", worker, n);
  pthread_mutex_lock(&ring_lock);
  memcpy(ring[ring_next % RING_LINES], line, sizeof line);
  ring_next++;
  pthread_mutex_unlock(&ring_lock);
  atomic_fetch_add_explicit(&lines_logged, 1, memory_order_relaxed);
}

static void *worker(void *arg) {
  int id = *(const int *)arg;
  for (int n = 0; n < LINES_PER_WORKER; n++)
    log_line(id, n);
  return NULL;
}

int main(void) {
  static const int ids[NUM_WORKERS] = {0, 1, 2, 3};
  pthread_t workers[NUM_WORKERS];
  for (int i = 0; i < NUM_WORKERS; i++)
    pthread_create(&workers[i], NULL, worker, (void *)&ids[i]);
  for (int i = 0; i < NUM_WORKERS; i++)
    pthread_join(workers[i], NULL);

  size_t total = atomic_load(&lines_logged); /* seq_cst, after the joins */
  printf("logger: %zu lines logged (expected %d)\n", total,
         NUM_WORKERS * LINES_PER_WORKER);
  printf("logger: last line: %s\n", ring[(ring_next - 1) % RING_LINES]);
  return total == (size_t)NUM_WORKERS * LINES_PER_WORKER ? 0 : 1;
}
