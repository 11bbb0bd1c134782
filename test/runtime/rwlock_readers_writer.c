// pthread_rwlock used correctly: one writer updates a table under the write
// lock while three readers scan it under read locks. Readers run concurrently
// with each other, but they only read: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static int table[16];
static int version;

static void *writer(void *arg) {
  (void)arg;
  for (int round = 1; round <= 200; round++) {
    pthread_rwlock_wrlock(&table_lock);
    for (int i = 0; i < 16; i++)
      table[i] = round;
    version = round;
    pthread_rwlock_unlock(&table_lock);
  }
  return 0;
}

static int torn;
static pthread_mutex_t torn_lock = PTHREAD_MUTEX_INITIALIZER;
static void *reader(void *arg) {
  (void)arg;
  for (int round = 0; round < 200; round++) {
    pthread_rwlock_rdlock(&table_lock);
    int v = version, bad = 0;
    for (int i = 0; i < 16; i++)
      bad |= v != 0 && table[i] != v;
    pthread_rwlock_unlock(&table_lock);
    if (bad) {
      pthread_mutex_lock(&torn_lock);
      torn++;
      pthread_mutex_unlock(&torn_lock);
    }
  }
  return 0;
}

int main(void) {
  pthread_t t[4];
  pthread_create(&t[0], 0, reader, 0);
  pthread_create(&t[1], 0, writer, 0);
  pthread_create(&t[2], 0, reader, 0);
  pthread_create(&t[3], 0, reader, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  printf("version=%d torn=%d done\n", version, torn);
  return torn == 0 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     version=200 torn=0 done
// CLEAN-NOT: AtomicGuard
