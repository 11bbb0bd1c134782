/*
 * matmul.c - dense matrix multiply C = A * B over row partitions.
 *
 * A and B (N x N doubles holding small integers, so every product and sum is
 * exact) are written by main before the threads start and only read after;
 * each thread computes a contiguous band of rows of C (i-k-j loop order).
 *
 * Check: Freivalds' test with an integer vector x: C x must equal A (B x)
 * exactly (O(N^2) work in main after the join).
 *
 * Usage: matmul [-t threads]     (default 2 worker threads)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_threads.h"

#define N 1440

static double *A, *B, *C;
static int nthreads = 2;

static void *worker(void *arg) {
  int id = (int)(long)arg;
  int lo = N * id / nthreads, hi = N * (id + 1) / nthreads;
  for (int i = lo; i < hi; i++) {
    double *c = &C[(size_t)i * N];
    for (int j = 0; j < N; j++)
      c[j] = 0;
    for (int k = 0; k < N; k++) {
      double a = A[(size_t)i * N + k];
      const double *b = &B[(size_t)k * N];
      for (int j = 0; j < N; j++)
        c[j] += a * b[j];
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  nthreads = parse_threads(argc, argv);
  A = malloc(sizeof(double) * N * N);
  B = malloc(sizeof(double) * N * N);
  C = malloc(sizeof(double) * N * N);
  if (!A || !B || !C) {
    perror("malloc");
    return 1;
  }
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      A[(size_t)i * N + j] = (double)((i * 7 + j * 3) % 17) - 8;
      B[(size_t)i * N + j] = (double)((i * 5 + j * 11) % 13) - 6;
    }

  pthread_t th[256];
  for (long t = 0; t < nthreads; t++)
    pthread_create(&th[t], NULL, worker, (void *)t);
  for (int t = 0; t < nthreads; t++)
    pthread_join(th[t], NULL);

  /* Freivalds: compare C x with A (B x), x[j] = j % 5 - 2. */
  double *bx = malloc(sizeof(double) * N);
  int64_t checksum = 0;
  for (int i = 0; i < N; i++) {
    double s = 0;
    for (int j = 0; j < N; j++)
      s += B[(size_t)i * N + j] * (j % 5 - 2);
    bx[i] = s;
  }
  for (int i = 0; i < N; i++) {
    double cx = 0, abx = 0;
    for (int j = 0; j < N; j++) {
      cx += C[(size_t)i * N + j] * (j % 5 - 2);
      abx += A[(size_t)i * N + j] * bx[j];
      checksum += (int64_t)C[(size_t)i * N + j] * (i + j + 1);
    }
    if (cx != abx) {
      fprintf(stderr, "matmul: wrong result in row %d: %.0f != %.0f\n", i,
              cx, abx);
      return 1;
    }
  }
  printf("ok matmul %lld\n", (long long)checksum);
  free(bx);
  free(A);
  free(B);
  free(C);
  return 0;
}
