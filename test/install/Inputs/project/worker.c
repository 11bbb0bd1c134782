// Each worker handles its own slice of the jobs and adds the slice's sum to
// the total under a mutex (correct), and records every job in the
// statistics before that, with no synchronization (the race, see stats.c).
#include "stats.h"
#include "worker.h"

#include <pthread.h>

static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

void *worker(void *arg) {
  int first = *(const int *)arg;
  long sum = 0;
  for (int job = first; job < first + JOBS_PER_WORKER; job++) {
    sum += job;
    record_job();
  }
  pthread_mutex_lock(&total_lock);
  total += sum;
  pthread_mutex_unlock(&total_lock);
  return 0;
}

long jobs_total(void) { return total; }
