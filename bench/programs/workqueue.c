/*
 * workqueue.c - a mutex + condition variable protected queue of small tasks.
 *
 * main is the producer: it pushes NTASKS task descriptors into a bounded
 * FIFO (QCAP slots) guarded by one mutex and two condition variables
 * (not_empty, not_full), then pushes one stop marker per worker. Workers pop
 * tasks and run them. A task copies a WINDOW-element window of a shared
 * read-only input array into a local buffer, insertion-sorts it and
 * stores a digest of the sorted window in results[task] (each slot written
 * by exactly one task; pthread_join publishes them to main).
 *
 * Check: every task ran exactly once (each result slot is set, with the
 * task id in its top bits), and main recomputes every 16th task's digest.
 *
 * Usage: workqueue [-t threads]     (default 2 worker threads)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_threads.h"

#define NTASKS 130000
#define WINDOW 128
#define INPUT (1u << 16)
#define QCAP 256
#define STOP UINT32_MAX

static uint32_t *input;
static uint64_t *results; /* results[t] written by the task t */

static struct {
  pthread_mutex_t lock;
  pthread_cond_t not_empty, not_full;
  uint32_t slot[QCAP];
  unsigned head, count; /* protected by lock */
} q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
       PTHREAD_COND_INITIALIZER, {0}, 0, 0};

static void push(uint32_t task) {
  pthread_mutex_lock(&q.lock);
  while (q.count == QCAP)
    pthread_cond_wait(&q.not_full, &q.lock);
  q.slot[(q.head + q.count) % QCAP] = task;
  q.count++;
  pthread_cond_signal(&q.not_empty);
  pthread_mutex_unlock(&q.lock);
}

static uint32_t pop(void) {
  pthread_mutex_lock(&q.lock);
  while (q.count == 0)
    pthread_cond_wait(&q.not_empty, &q.lock);
  uint32_t task = q.slot[q.head];
  q.head = (q.head + 1) % QCAP;
  q.count--;
  pthread_cond_signal(&q.not_full);
  pthread_mutex_unlock(&q.lock);
  return task;
}

static uint64_t run_task(uint32_t task) {
  uint32_t buf[WINDOW];
  size_t start = (size_t)task * 2654435761u % (INPUT - WINDOW);
  memcpy(buf, &input[start], sizeof buf);
  for (int i = 1; i < WINDOW; i++) {
    uint32_t v = buf[i];
    int j = i - 1;
    while (j >= 0 && buf[j] > v) {
      buf[j + 1] = buf[j];
      j--;
    }
    buf[j + 1] = v;
  }
  uint64_t digest = 0;
  for (int i = 0; i < WINDOW; i++)
    digest = digest * 1099511628211ull + buf[i];
  return ((uint64_t)task << 32) | (uint32_t)(digest ^ (digest >> 32));
}

static void *worker(void *arg) {
  (void)arg;
  for (uint32_t task; (task = pop()) != STOP;)
    results[task] = run_task(task);
  return NULL;
}

int main(int argc, char **argv) {
  int nthreads = parse_threads(argc, argv);
  input = malloc(sizeof(uint32_t) * INPUT);
  results = calloc(NTASKS, sizeof(uint64_t));
  if (!input || !results) {
    perror("malloc");
    return 1;
  }
  uint64_t s = 99;
  for (size_t i = 0; i < INPUT; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    input[i] = (uint32_t)(s >> 32);
  }

  pthread_t th[256];
  for (int t = 0; t < nthreads; t++)
    pthread_create(&th[t], NULL, worker, NULL);
  /* Tasks 1..NTASKS-1 and task 0 last, so that slot 0 also needs a task. */
  for (uint32_t task = 1; task < NTASKS; task++)
    push(task);
  push(0);
  for (int t = 0; t < nthreads; t++)
    push(STOP);
  for (int t = 0; t < nthreads; t++)
    pthread_join(th[t], NULL);

  uint64_t checksum = 0;
  for (uint32_t task = 0; task < NTASKS; task++) {
    if (results[task] >> 32 != task || (task > 0 && results[task] == 0)) {
      fprintf(stderr, "workqueue: task %u did not run\n", task);
      return 1;
    }
    if (task % 16 == 0 && results[task] != run_task(task)) {
      fprintf(stderr, "workqueue: wrong result for task %u\n", task);
      return 1;
    }
    checksum = checksum * 31 + results[task];
  }
  printf("ok workqueue %016llx\n", (unsigned long long)checksum);
  free(input);
  free(results);
  return 0;
}
