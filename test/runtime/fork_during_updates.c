// fork() while another thread is inside the runtime's update of a shadow
// cell: a helper thread updates one atomic counter without pause, so it
// often holds the counter's cell lock, or its sync object's sequence lock,
// at the moment main forks. A forked child has only the forking thread, and
// no one to release those locks: the runtime's fork handler clears them, so
// each of 200 children updates the counter once and exits 0. A lock left
// held makes a child wait for ever; an alarm kills it, and main reports it.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: %exitcode 0 %t | FileCheck %s
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 200

static atomic_long hot;
static atomic_int stop_helper;

static void *helper(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&stop_helper, memory_order_relaxed))
    atomic_fetch_add_explicit(&hot, 1, memory_order_acq_rel);
  return 0;
}

int main(void) {
  pthread_t h;
  pthread_create(&h, 0, helper, 0);
  int failed = 0;
  for (int i = 0; i < CHILDREN; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      alarm(5);
      atomic_fetch_add_explicit(&hot, 1, memory_order_acq_rel);
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      printf("child %d: %s %d\n", i,
             WIFSIGNALED(status) ? "killed by signal" : "exit status",
             WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
      failed++;
    }
  }
  atomic_store_explicit(&stop_helper, 1, memory_order_relaxed);
  pthread_join(h, 0);
  printf("%d of %d children failed\n", failed, CHILDREN);
  return failed != 0;
}

// CHECK-NOT: child
// CHECK:     0 of 200 children failed
// CHECK-NOT: AtomicGuard
