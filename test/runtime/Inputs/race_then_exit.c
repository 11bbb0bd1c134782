// Two threads race on `counter` (none do with "clean" as argv[2]), then
// the process leaves a half line in stdout's buffer and ends the way
// argv[1] says: "_exit", "_Exit" or "quick_exit", each with status 0, or
// "abort".
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

long counter;

static void *worker(void *arg) {
  (void)arg;
  counter++;
  return 0;
}

int main(int argc, char **argv) {
  const int clean = argc > 2 && strcmp(argv[2], "clean") == 0;
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  if (clean)
    pthread_join(a, 0);
  pthread_create(&b, 0, worker, 0);
  if (!clean)
    pthread_join(a, 0);
  pthread_join(b, 0);
  printf("buffered, never flushed");
  if (argc > 1 && strcmp(argv[1], "quick_exit") == 0)
    quick_exit(0);
  if (argc > 1 && strcmp(argv[1], "_Exit") == 0)
    _Exit(0);
  if (argc > 1 && strcmp(argv[1], "abort") == 0)
    abort();
  _exit(0);
}
