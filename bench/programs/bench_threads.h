/*
 * bench_threads.h - the command line every benchmark takes:
 * [-t threads], 2 worker threads by default, at most 256.
 */
#ifndef BENCH_THREADS_H
#define BENCH_THREADS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_threads(int argc, char **argv) {
  int t = 2;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
      t = atoi(argv[++i]);
    else
      t = 0;
  }
  if (t < 1 || t > 256) {
    fprintf(stderr, "usage: %s [-t threads]\n", argv[0]);
    exit(2);
  }
  return t;
}

#endif
