// POSIX semaphores hand a buffer back and forth: the producer fills it and
// posts `full`; the consumer waits on `full`, drains it and posts `empty`,
// which the producer waits on before refilling. sem_post -> sem_wait orders
// every access: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t full, empty;
static int buffer[8];
static long consumed;

static void *producer(void *arg) {
  (void)arg;
  for (int round = 0; round < 100; round++) {
    sem_wait(&empty);
    for (int i = 0; i < 8; i++)
      buffer[i] = round + i;
    sem_post(&full);
  }
  return 0;
}

static void *consumer(void *arg) {
  (void)arg;
  for (int round = 0; round < 100; round++) {
    sem_wait(&full);
    for (int i = 0; i < 8; i++)
      consumed += buffer[i];
    sem_post(&empty);
  }
  return 0;
}

int main(void) {
  pthread_t p, c;
  sem_init(&full, 0, 0);
  sem_init(&empty, 0, 1);
  pthread_create(&c, 0, consumer, 0);
  pthread_create(&p, 0, producer, 0);
  pthread_join(p, 0);
  pthread_join(c, 0);
  sem_destroy(&full);
  sem_destroy(&empty);
  printf("consumed=%ld done\n", consumed);
  return consumed == 8 * 4950 + 100 * 28 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     consumed=42400 done
// CLEAN-NOT: AtomicGuard
