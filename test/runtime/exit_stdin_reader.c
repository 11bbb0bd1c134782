// A thread blocked in fgets holds stdin's lock while main returns, with no
// race reported: the exit must not wait for that thread. The runtime's exit
// handler flushes stdio (fflush locks every stream) only when it writes
// lines of its own or ends the process itself; otherwise glibc's exit
// flushes the streams, without their locks.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: timeout 20 %t | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int pipe_fds[2]; // the write end stays open: fgets never returns

static void *reader(void *arg) {
  (void)arg;
  char line[64];
  fgets(line, sizeof line, stdin);
  return 0;
}

int main(void) {
  if (pipe(pipe_fds) != 0 || dup2(pipe_fds[0], 0) < 0)
    return 1;
  pthread_t t;
  pthread_create(&t, 0, reader, 0);
  pthread_detach(t);
  usleep(100 * 1000); // let the reader block in fgets
  printf("main returns\n");
  return 0;
}

// CHECK: main returns
