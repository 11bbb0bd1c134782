// Runs two workers on jobs 0..15 and prints what they counted.
#include "stats.h"
#include "worker.h"

#include <pthread.h>
#include <stdio.h>

int main(void) {
  static const int first_jobs[2] = {0, JOBS_PER_WORKER};
  pthread_t workers[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&workers[i], 0, worker, (void *)&first_jobs[i]);
  for (int i = 0; i < 2; i++)
    pthread_join(workers[i], 0);
  printf("jobs recorded: %lu, sum of jobs: %ld\n", jobs_recorded(),
         jobs_total());
  return 0;
}
