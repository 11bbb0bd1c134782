// C11 cnd_t handshake: main prepares a request (plain data) and signals the
// worker through mtx_t + cnd_t; the worker computes a reply (plain data) and
// signals back. Every plain access is ordered by the mutex hand-offs around
// cnd_wait/cnd_signal: no report, exit status 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <stdio.h>
#include <string.h>
#include <threads.h>

static mtx_t lock;
static cnd_t changed;
static int state; // 0 idle, 1 request posted, 2 reply posted (under lock)
static char request[32]; // written by main before posting, outside the lock
static char reply[32];   // written by the worker before replying

static int worker(void *arg) {
  (void)arg;
  mtx_lock(&lock);
  while (state != 1)
    cnd_wait(&changed, &lock);
  mtx_unlock(&lock);
  // Plain accesses outside the lock, ordered by the hand-off above.
  size_t n = strlen(request);
  for (size_t i = 0; i < n; i++)
    reply[i] = (char)(request[n - 1 - i]);
  reply[n] = 0;
  mtx_lock(&lock);
  state = 2;
  cnd_signal(&changed);
  mtx_unlock(&lock);
  return 0;
}

int main(void) {
  thrd_t t;
  mtx_init(&lock, mtx_plain);
  cnd_init(&changed);
  thrd_create(&t, worker, 0);
  strcpy(request, "olleh");
  mtx_lock(&lock);
  state = 1;
  cnd_signal(&changed);
  while (state != 2)
    cnd_wait(&changed, &lock);
  mtx_unlock(&lock);
  printf("reply=%s done\n", reply);
  thrd_join(t, 0);
  cnd_destroy(&changed);
  mtx_destroy(&lock);
  return strcmp(reply, "hello") == 0 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     reply=hello done
// CLEAN-NOT: AtomicGuard
