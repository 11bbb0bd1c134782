// fork() in a multithreaded program, race-free: the parent has a helper
// thread running when it forks; the child starts two threads that update a
// counter under a mutex. Neither process reports anything; the child exits 0
// and so does the parent.
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
static long counter;

static atomic_int stop_helper;
static void *helper(void *arg) { // keeps the parent multithreaded across fork
  (void)arg;
  while (!atomic_load(&stop_helper))
    sched_yield();
  return 0;
}

static void *child_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
  }
  return 0;
}

int main(void) {
  pthread_t h;
  pthread_create(&h, 0, helper, 0);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t a, b;
    pthread_create(&a, 0, child_worker, 0);
    pthread_create(&b, 0, child_worker, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    printf("child: counter=%ld\n", counter);
    exit(counter == 2000 ? 0 : 1);
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
// CLEAN:     child: counter=2000
// CLEAN-NOT: AtomicGuard
// CLEAN:     parent: child exited with status 0 done
// CLEAN-NOT: AtomicGuard
