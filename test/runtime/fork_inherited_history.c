// fork() while another thread is busy with shared data: the parent's helper
// thread keeps updating `table` under a mutex when main forks. In the child
// that helper does not exist, and its accesses all took place before the
// child began, so the child may use `table` freely (after re-initializing the
// mutex, which the helper may have held at fork time). No report in either
// process; the child exits 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O1 | FileCheck %s --check-prefix=CLEAN
// RUN: %exitcode 0 %t.O2 | FileCheck %s --check-prefix=CLEAN
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long table[8];

static atomic_int stop_helper, helper_busy;
static void *helper(void *arg) {
  (void)arg;
  for (long round = 0; !atomic_load(&stop_helper); round++) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < 8; i++)
      table[i] = round;
    pthread_mutex_unlock(&lock);
    atomic_store_explicit(&helper_busy, 1, memory_order_relaxed);
  }
  return 0;
}

static void *child_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) {
    pthread_mutex_lock(&lock);
    table[i % 8] += 1;
    pthread_mutex_unlock(&lock);
  }
  return 0;
}

int main(void) {
  pthread_t h;
  pthread_create(&h, 0, helper, 0);
  while (!atomic_load_explicit(&helper_busy, memory_order_relaxed))
    sched_yield();
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    pthread_mutex_init(&lock, 0);
    for (int i = 0; i < 8; i++)
      table[i] = 0; // written by the (vanished) helper before the fork
    pthread_t a, b;
    pthread_create(&a, 0, child_worker, 0);
    pthread_create(&b, 0, child_worker, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    long sum = 0;
    for (int i = 0; i < 8; i++)
      sum += table[i];
    printf("child: sum=%ld\n", sum);
    exit(sum == 2000 ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  atomic_store(&stop_helper, 1);
  pthread_join(h, 0);
  printf("parent: child exited with status %d done\n",
         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

// CLEAN-NOT: AtomicGuard
// CLEAN:     child: sum=2000
// CLEAN-NOT: AtomicGuard
// CLEAN:     parent: child exited with status 0 done
// CLEAN-NOT: AtomicGuard
