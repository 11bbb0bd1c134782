/*
 * stencil.c - 2D Jacobi relaxation over row partitions.
 *
 * Two N x N grids of doubles (read one, write the other, swap). Each thread
 * owns a contiguous band of rows and updates it from the previous grid; a
 * pthread barrier separates sweeps, so a thread only reads its neighbours'
 * boundary rows after they were written in the previous sweep.
 *
 * Workload: the boundary holds the harmonic function L(i,j) = i + 2j and the
 * interior starts at L + A sin(pi i/(N-1)) sin(pi j/(N-1)), an eigenvector
 * of the Jacobi operator with eigenvalue lambda = cos(pi/(N-1)). After S
 * sweeps the exact answer is L + lambda^S * (the perturbation), which the
 * program checks at every cell.
 *
 * Usage: stencil [-t threads]     (default 2 worker threads)
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_threads.h"

#define N 1024
#define SWEEPS 1100
#define AMP 100.0

static double *grid[2];
static int nthreads = 2;
static pthread_barrier_t barrier;

static void *worker(void *arg) {
  int id = (int)(long)arg;
  int rows = N - 2;
  int lo = 1 + rows * id / nthreads, hi = 1 + rows * (id + 1) / nthreads;
  for (int s = 0; s < SWEEPS; s++) {
    const double *src = grid[s & 1];
    double *dst = grid[(s + 1) & 1];
    for (int i = lo; i < hi; i++)
      for (int j = 1; j < N - 1; j++)
        dst[i * N + j] = 0.25 * (src[(i - 1) * N + j] + src[(i + 1) * N + j] +
                                 src[i * N + j - 1] + src[i * N + j + 1]);
    pthread_barrier_wait(&barrier);
  }
  return NULL;
}

static double perturbation(int i, int j) {
  return AMP * sin(M_PI * i / (N - 1)) * sin(M_PI * j / (N - 1));
}

int main(int argc, char **argv) {
  nthreads = parse_threads(argc, argv);
  for (int g = 0; g < 2; g++) {
    grid[g] = malloc(sizeof(double) * N * N);
    if (!grid[g]) {
      perror("malloc");
      return 1;
    }
  }
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++)
      grid[0][i * N + j] = grid[1][i * N + j] = i + 2.0 * j + perturbation(i, j);

  pthread_barrier_init(&barrier, NULL, nthreads);
  pthread_t th[256];
  for (long t = 0; t < nthreads; t++)
    pthread_create(&th[t], NULL, worker, (void *)t);
  for (int t = 0; t < nthreads; t++)
    pthread_join(th[t], NULL);
  pthread_barrier_destroy(&barrier);

  const double *u = grid[SWEEPS & 1];
  double decay = pow(cos(M_PI / (N - 1)), SWEEPS), sum = 0, maxerr = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      double expect = i + 2.0 * j + decay * perturbation(i, j);
      double err = fabs(u[i * N + j] - expect);
      if (err > maxerr)
        maxerr = err;
      sum += u[i * N + j];
    }
  if (maxerr > 1e-6) {
    fprintf(stderr, "stencil: wrong result: max error %g\n", maxerr);
    return 1;
  }
  printf("ok stencil %.6f\n", sum);
  free(grid[0]);
  free(grid[1]);
  return 0;
}
