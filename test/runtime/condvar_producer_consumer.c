// Bounded queue with pthread mutex + two condition variables: two producers
// push heap-allocated jobs, two consumers pop them, fill in a result and free
// them. Everything is ordered through the mutex (the job payload is written
// before the push and read after the pop): no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CAP 4
#define PER_PRODUCER 500

struct job {
  int input;
  long output;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static struct job *queue[CAP];
static int head, count, producers_left = 2;
static long total;

static void push(struct job *j) {
  pthread_mutex_lock(&lock);
  while (count == CAP)
    pthread_cond_wait(&not_full, &lock);
  queue[(head + count) % CAP] = j;
  count++;
  pthread_cond_signal(&not_empty);
  pthread_mutex_unlock(&lock);
}

static struct job *pop(void) {
  pthread_mutex_lock(&lock);
  while (count == 0 && producers_left > 0)
    pthread_cond_wait(&not_empty, &lock);
  struct job *j = 0;
  if (count > 0) {
    j = queue[head];
    head = (head + 1) % CAP;
    count--;
    pthread_cond_signal(&not_full);
  }
  pthread_mutex_unlock(&lock);
  return j;
}

static void *producer(void *arg) {
  int base = *(const int *)arg;
  for (int i = 1; i <= PER_PRODUCER; i++) {
    struct job *j = malloc(sizeof *j);
    j->input = base + i; // plain write before the push
    j->output = 0;
    push(j);
  }
  pthread_mutex_lock(&lock);
  producers_left--;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&lock);
  return 0;
}

static void *consumer(void *arg) {
  long mine = 0;
  struct job *j;
  while ((j = pop()) != 0) {
    j->output = 2L * j->input; // plain accesses after the pop
    mine += j->output;
    free(j);
  }
  *(long *)arg = mine;
  return 0;
}

int main(void) {
  static const int bases[2] = {0, 1000};
  long got[2];
  pthread_t p[2], c[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&c[i], 0, consumer, &got[i]);
  for (int i = 0; i < 2; i++)
    pthread_create(&p[i], 0, producer, (void *)&bases[i]);
  for (int i = 0; i < 2; i++) {
    pthread_join(p[i], 0);
    pthread_join(c[i], 0);
  }
  total = got[0] + got[1];
  printf("total=%ld done\n", total);
  return total == 2L * (2 * (PER_PRODUCER * (PER_PRODUCER + 1) / 2) + 1000L * PER_PRODUCER) ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     total=1501000 done
// CLEAN-NOT: AtomicGuard
