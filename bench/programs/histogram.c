/*
 * histogram.c - per-thread local histograms merged under a mutex.
 *
 * main generates a 16-bit "image" of N pixels (read-only once the threads
 * run). For each of EXPOSURES gain settings, a thread bins
 * min(pixel * gain >> 8, BINS - 1) for its slice of the image into a private
 * histogram (on its stack), then adds that histogram into the shared one
 * while holding a mutex. Chosen over atomic bins because it is what scales:
 * one lock per thread instead of one atomic per pixel.
 *
 * Check: every exposure's histogram must count N pixels, and main recomputes
 * the first and the last exposure sequentially and compares them exactly.
 *
 * Usage: histogram [-t threads]     (default 2 worker threads)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_threads.h"

#define N (8u << 20)
#define EXPOSURES 96
#define BINS 1024

static uint16_t *image;
static int nthreads = 2;
static uint64_t hist[EXPOSURES][BINS]; /* protected by hist_lock */
static pthread_mutex_t hist_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned gain(int e) { return 64 + 8 * e; }

static inline unsigned bin(uint16_t pixel, unsigned g) {
  unsigned b = (pixel * g) >> 8;
  return b < BINS ? b : BINS - 1;
}

static void *worker(void *arg) {
  int id = (int)(long)arg;
  size_t lo = (size_t)N * id / nthreads, hi = (size_t)N * (id + 1) / nthreads;
  uint32_t local[EXPOSURES][BINS];
  memset(local, 0, sizeof local);
  for (int e = 0; e < EXPOSURES; e++) {
    unsigned g = gain(e);
    for (size_t i = lo; i < hi; i++)
      local[e][bin(image[i], g)]++;
  }
  pthread_mutex_lock(&hist_lock);
  for (int e = 0; e < EXPOSURES; e++)
    for (int b = 0; b < BINS; b++)
      hist[e][b] += local[e][b];
  pthread_mutex_unlock(&hist_lock);
  return NULL;
}

int main(int argc, char **argv) {
  nthreads = parse_threads(argc, argv);
  image = malloc(sizeof(uint16_t) * N);
  if (!image) {
    perror("malloc");
    return 1;
  }
  uint64_t s = 7;
  for (size_t i = 0; i < N; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    /* Sum of two uniforms: a triangular distribution, like a real image. */
    image[i] = (uint16_t)(((s >> 48) + ((s >> 16) & 0xffff)) >> 7);
  }

  pthread_t th[256];
  for (long t = 0; t < nthreads; t++)
    pthread_create(&th[t], NULL, worker, (void *)t);
  for (int t = 0; t < nthreads; t++)
    pthread_join(th[t], NULL);

  uint64_t checksum = 0;
  for (int e = 0; e < EXPOSURES; e++) {
    uint64_t count = 0;
    for (int b = 0; b < BINS; b++) {
      count += hist[e][b];
      checksum = checksum * 31 + hist[e][b];
    }
    if (count != N) {
      fprintf(stderr, "histogram: exposure %d counts %llu pixels, not %u\n",
              e, (unsigned long long)count, N);
      return 1;
    }
  }
  static uint64_t expect[BINS];
  int check[2] = {0, EXPOSURES - 1};
  for (int c = 0; c < 2; c++) {
    int e = check[c];
    memset(expect, 0, sizeof expect);
    for (size_t i = 0; i < N; i++)
      expect[bin(image[i], gain(e))]++;
    if (memcmp(expect, hist[e], sizeof expect) != 0) {
      fprintf(stderr, "histogram: wrong histogram for exposure %d\n", e);
      return 1;
    }
  }
  printf("ok histogram %016llx\n", (unsigned long long)checksum);
  free(image);
  return 0;
}
