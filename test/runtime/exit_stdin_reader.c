// A thread blocked in fgets holds stdin's lock while main returns: the exit
// must not wait for it, and no stream's buffered output may be lost. The
// runtime's exit handler flushes the streams as glibc's exit does, without
// their locks, before it prints its summary and (with a race) ends the
// process with status 66: fflush(NULL) would wait for stdin's lock, and
// flushing only stdout and stderr would lose the buffered line of the file
// main opened.
//
// RUN: %agcc -g -O1 %s -o %t %agrt
// RUN: timeout 20 %t | FileCheck %s --check-prefix=CLEAN
// RUN: rm -f %t.out
// RUN: %exitcode 66 timeout 20 %t race %t.out | FileCheck %s --check-prefix=RACE
// RUN: FileCheck %s --check-prefix=FILE < %t.out
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int pipe_fds[2]; // the write end stays open: fgets never returns
static long counter;

static void *reader(void *arg) {
  (void)arg;
  char line[64];
  fgets(line, sizeof line, stdin);
  return 0;
}

static void *racer(void *arg) {
  (void)arg;
  counter++;
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "race") == 0) {
    pthread_t a, b;
    pthread_create(&a, 0, racer, 0);
    pthread_create(&b, 0, racer, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    FILE *f = fopen(argv[2], "w");
    if (!f)
      return 1;
    fprintf(f, "buffered line of the file\n"); // never flushed by main
  }
  if (pipe(pipe_fds) != 0 || dup2(pipe_fds[0], 0) < 0)
    return 1;
  pthread_t t;
  pthread_create(&t, 0, reader, 0);
  pthread_detach(t);
  usleep(100 * 1000); // let the reader block in fgets
  printf("main returns\n");
  return 0;
}

// CLEAN-NOT: WARNING: AtomicGuard
// CLEAN:     main returns

// RACE:      WARNING: AtomicGuard: data race
// RACE:      Location is global 'counter'
// RACE:      main returns
// RACE-NEXT: AtomicGuard: reported 1 data race(s)

// FILE: buffered line of the file
