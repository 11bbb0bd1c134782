// Two threads count with no lock: the race on 'hits'.
#include "counters.h"
#include <pthread.h>
#include <stdio.h>
static void *worker(void *arg) { for (int i = 0; i < 100; i++) count_unlocked(); return arg; }
int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++) pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++) pthread_join(t[i], 0);
  printf("counted %ld\n", counted());
  return 0;
}
