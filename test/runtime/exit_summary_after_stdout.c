// The summary line comes after everything the program wrote to stdout, even
// when stdout's buffer holds half a line at exit: the exit handler flushes
// stdio before it writes. With a 16-byte buffer, the last line below leaves
// its tail buffered; writing the summary first would split that line.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: %exitcode 66 %t | FileCheck %s
#include <pthread.h>
#include <stdio.h>

long counter;

static void *worker(void *arg) {
  (void)arg;
  counter++;
  return 0;
}

int main(void) {
  static char buf[16];
  setvbuf(stdout, buf, _IOFBF, sizeof buf);
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("the program's last line, longer than the buffer: %ld\n", counter);
  return 0;
}

// CHECK:      WARNING: AtomicGuard: data race
// CHECK:      Location is global 'counter'
// CHECK:      {{^}}the program's last line, longer than the buffer: {{[12]$}}
// CHECK-NEXT: {{^}}AtomicGuard: reported 1 data race(s)
