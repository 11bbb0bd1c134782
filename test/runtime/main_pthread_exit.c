// main ends with pthread_exit while its workers run on: the process exits
// when the last worker returns, and the runtime's exit handler, run from
// that worker, still prints the workers' race, flushes their stdio output
// before its summary and sets the exit status.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: %exitcode 66 timeout 60 %t | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

long counter;

static void *worker(void *arg) {
  (void)arg;
  usleep(20000); // main has exited by now (not needed for the verdict)
  counter++;
  printf("worker done\n");
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  pthread_exit(0);
}
// CHECK:      WARNING: AtomicGuard: data race
// CHECK:      #0 worker {{.*}}main_pthread_exit.c:[[#@LINE-12]]:
// CHECK:      Location is global 'counter' of size 8
// CHECK:      worker done
// CHECK:      worker done
// CHECK-NEXT: AtomicGuard: reported 1 data race(s)
