// The parent runs a racy pair of threads (and reports it), then forks; the
// child runs the same racy code. The child is a process of its own: it
// reports the race again, with its own pid, and exits with 66.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 66 %t.O0 | FileCheck %s
// RUN: %exitcode 66 %t.O1 | FileCheck %s
// RUN: %exitcode 66 %t.O2 | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

long counter;

static void *bump(void *arg) {
  (void)arg;
  counter++;
  return 0;
}

static void race(void) {
  pthread_t a, b;
  pthread_create(&a, 0, bump, 0);
  pthread_create(&b, 0, bump, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
}

int main(void) {
  race();
  fflush(0);
  pid_t pid = fork();
  if (pid == 0) {
    race();
    exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  printf("child exit status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}

// CHECK:     WARNING: AtomicGuard: data race (pid=[[PARENT:[0-9]+]])
// CHECK:     Location is global 'counter'
// CHECK:     WARNING: AtomicGuard: data race (pid=[[CHILD:[0-9]+]])
// CHECK:     Location is global 'counter'
// CHECK:     AtomicGuard: reported 1 data race(s)
// CHECK:     child exit status 66
// CHECK-NEXT: AtomicGuard: reported 1 data race(s)
