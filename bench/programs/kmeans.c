/*
 * kmeans.c - Lloyd's k-means with per-thread partial centroids.
 *
 * main generates NPOINTS points in DIM dimensions around K well-separated
 * true centres (uniform noise in [-1, 1] per coordinate) and starts the
 * centroids at the true centres plus an offset. Each iteration, every thread
 * assigns its slice of the points to the nearest centroid and accumulates
 * coordinate sums and counts in its own slot of a shared partials array;
 * after a barrier, thread 0 combines the partials into new centroids; a
 * second barrier publishes them for the next iteration.
 *
 * Check: the clusters are separated far beyond the noise, so every point
 * must end in the cluster it was generated from (exact counts), and every
 * centroid must be within 0.02 of its true centre.
 *
 * Usage: kmeans [-t threads]     (default 2 worker threads)
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_threads.h"

#define NPOINTS (1u << 20)
#define DIM 4
#define K 8
#define ITERS 24

struct partial {
  double sum[K][DIM];
  long count[K];
};

static double (*points)[DIM];
static double centroid[K][DIM];
static long final_count[K];
static struct partial *partials; /* partials[t] written by thread t */
static int nthreads = 2;
static pthread_barrier_t barrier;

static double true_centre(int c, int d) { return 20.0 * ((c >> d) & 1) + 3.0 * d; }

static void *worker(void *arg) {
  int id = (int)(long)arg;
  size_t lo = (size_t)NPOINTS * id / nthreads,
         hi = (size_t)NPOINTS * (id + 1) / nthreads;
  struct partial *my = &partials[id];
  for (int it = 0; it < ITERS; it++) {
    memset(my, 0, sizeof *my);
    for (size_t i = lo; i < hi; i++) {
      int best = 0;
      double bestd = INFINITY;
      for (int c = 0; c < K; c++) {
        double d2 = 0;
        for (int d = 0; d < DIM; d++) {
          double diff = points[i][d] - centroid[c][d];
          d2 += diff * diff;
        }
        if (d2 < bestd) {
          bestd = d2;
          best = c;
        }
      }
      for (int d = 0; d < DIM; d++)
        my->sum[best][d] += points[i][d];
      my->count[best]++;
    }
    pthread_barrier_wait(&barrier);
    if (id == 0) {
      for (int c = 0; c < K; c++) {
        long n = 0;
        double s[DIM] = {0};
        for (int t = 0; t < nthreads; t++) {
          n += partials[t].count[c];
          for (int d = 0; d < DIM; d++)
            s[d] += partials[t].sum[c][d];
        }
        if (n > 0)
          for (int d = 0; d < DIM; d++)
            centroid[c][d] = s[d] / n;
        final_count[c] = n;
      }
    }
    pthread_barrier_wait(&barrier);
  }
  return NULL;
}

int main(int argc, char **argv) {
  nthreads = parse_threads(argc, argv);
  points = malloc(sizeof *points * NPOINTS);
  partials = calloc(nthreads, sizeof *partials);
  if (!points || !partials) {
    perror("malloc");
    return 1;
  }
  long expect_count[K] = {0};
  uint64_t s = 12345;
  for (size_t i = 0; i < NPOINTS; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    int c = (int)(s >> 61);
    expect_count[c]++;
    for (int d = 0; d < DIM; d++) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      points[i][d] = true_centre(c, d) + ((s >> 11) * 0x1p-53 * 2 - 1);
    }
  }
  for (int c = 0; c < K; c++)
    for (int d = 0; d < DIM; d++)
      centroid[c][d] = true_centre(c, d) + 4.0;

  pthread_barrier_init(&barrier, NULL, nthreads);
  pthread_t th[256];
  for (long t = 0; t < nthreads; t++)
    pthread_create(&th[t], NULL, worker, (void *)t);
  for (int t = 0; t < nthreads; t++)
    pthread_join(th[t], NULL);
  pthread_barrier_destroy(&barrier);

  uint64_t checksum = 0;
  for (int c = 0; c < K; c++) {
    if (final_count[c] != expect_count[c]) {
      fprintf(stderr, "kmeans: cluster %d has %ld points, expected %ld\n", c,
              final_count[c], expect_count[c]);
      return 1;
    }
    for (int d = 0; d < DIM; d++) {
      if (fabs(centroid[c][d] - true_centre(c, d)) > 0.02) {
        fprintf(stderr, "kmeans: centroid %d is off in dimension %d: %g\n", c,
                d, centroid[c][d]);
        return 1;
      }
      checksum = checksum * 31 + (uint64_t)llround(centroid[c][d] * 1e4);
    }
  }
  printf("ok kmeans %016llx\n", (unsigned long long)checksum);
  free(points);
  free(partials);
  return 0;
}
