// fork() in a multithreaded program: the parent has a helper thread running
// when it forks; the child starts two threads of its own that race on
// `child_counter`. The child reports the race (with its own pid) and exits
// with status 66; the parent, which raced on nothing, exits with 0.
//
// RUN: %agcc -g -O0 %s -o %t.O0 %agrt
// RUN: %agcc -g -O1 %s -o %t.O1 %agrt
// RUN: %agcc -g -O2 %s -o %t.O2 %agrt
// RUN: %exitcode 0 %t.O0 | FileCheck %s
// RUN: %exitcode 0 %t.O1 | FileCheck %s
// RUN: %exitcode 0 %t.O2 | FileCheck %s
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

long child_counter;

// The threads take turns through a relaxed atomic: that orders them in time,
// so the report is the same on every run, but creates no happens-before edge.
static atomic_int turn = 1;
static void wait_turn(int t) {
  while (atomic_load_explicit(&turn, memory_order_relaxed) != t)
    sched_yield();
  __asm__ __volatile__("" ::: "memory"); // compiler barrier only
}
static void pass_turn(int t) {
  __asm__ __volatile__("" ::: "memory");
  atomic_store_explicit(&turn, t, memory_order_relaxed);
}

static atomic_int stop_helper;
static void *helper(void *arg) { // keeps the parent multithreaded across fork
  (void)arg;
  while (!atomic_load(&stop_helper))
    sched_yield();
  return 0;
}

static void *child_worker(void *arg) {
  int id = (int)(intptr_t)arg;
  wait_turn(id);
  child_counter = id;
  pass_turn(id + 1);
  return 0;
}

int main(void) {
  pthread_t h;
  pthread_create(&h, 0, helper, 0);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t a, b;
    pthread_create(&a, 0, child_worker, (void *)1);
    pthread_create(&b, 0, child_worker, (void *)2);
    pthread_join(a, 0);
    pthread_join(b, 0);
    exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  atomic_store(&stop_helper, 1);
  pthread_join(h, 0);
  printf("parent: child %d exited with status %d\n", (int)pid,
         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}

// CHECK:      ==================
// CHECK-NEXT: WARNING: AtomicGuard: data race (pid=[[CHILD:[0-9]+]])
// CHECK-NEXT:   Write of size 8 at [[ADDR:0x[0-9a-f]+]] by thread [[T_B:T[0-9]+]]:
// CHECK-NEXT:     #0 child_worker {{.*}}fork_child_race.c:47:{{[0-9]+}}
// CHECK-NEXT:   Previous write of size 8 at [[ADDR]] by thread [[T_A:T[0-9]+]]:
// CHECK-NEXT:     #0 child_worker {{.*}}fork_child_race.c:47:{{[0-9]+}}
// CHECK-NEXT:   Location is global 'child_counter' of size 8 declared at {{.*}}fork_child_race.c:21{{$}}
// CHECK-NEXT:   Thread [[T_B]] created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}fork_child_race.c:60:{{[0-9]+}}
// CHECK-NEXT:   Thread [[T_A]] created by main thread at:
// CHECK-NEXT:     #0 main {{.*}}fork_child_race.c:59:{{[0-9]+}}
// CHECK-NEXT: SUMMARY: AtomicGuard: data race {{.*}}fork_child_race.c:47:{{[0-9]+}} in child_worker
// CHECK-NEXT: ==================
// CHECK-NOT:  WARNING: AtomicGuard
// CHECK:      AtomicGuard: reported 1 data race(s)
// CHECK-NOT:  AtomicGuard
// CHECK:      parent: child [[CHILD]] exited with status 66
// CHECK-NOT:  AtomicGuard
