/*
 * reduce_partials.c - reduction with per-thread partial sums.
 *
 * main fills an array of N 32-bit values (read-only once the threads run).
 * For each of ROUNDS keys, every thread sums mix(x[i] ^ key) over its own
 * contiguous slice into a local accumulator and stores the result in its own
 * slot of a shared partials array; main combines the partials after
 * pthread_join. Integer sums wrap mod 2^64, so the result does not depend on
 * the number of threads.
 *
 * Check: main recomputes the first and the last round sequentially and
 * compares them exactly with the combined partials.
 *
 * Usage: reduce_partials [-t threads]     (default 2 worker threads)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_threads.h"

#define N (4u << 20)
#define ROUNDS 160

static uint32_t *x;
static int nthreads = 2;
static uint64_t (*partials)[ROUNDS]; /* partials[t][r], written by thread t */

static inline uint64_t mix(uint64_t v) {
  v *= 0x9e3779b97f4a7c15ull;
  v ^= v >> 29;
  v *= 0xbf58476d1ce4e5b9ull;
  return v ^ (v >> 32);
}

static uint64_t key(int r) { return 0x5bd1e995u * (uint32_t)(r + 1); }

static void *worker(void *arg) {
  int id = (int)(long)arg;
  size_t lo = (size_t)N * id / nthreads, hi = (size_t)N * (id + 1) / nthreads;
  for (int r = 0; r < ROUNDS; r++) {
    uint64_t k = key(r), sum = 0;
    for (size_t i = lo; i < hi; i++)
      sum += mix(x[i] ^ k);
    partials[id][r] = sum;
  }
  return NULL;
}

int main(int argc, char **argv) {
  nthreads = parse_threads(argc, argv);
  x = malloc(sizeof(uint32_t) * N);
  partials = calloc(nthreads, sizeof *partials);
  if (!x || !partials) {
    perror("malloc");
    return 1;
  }
  uint64_t s = 42;
  for (size_t i = 0; i < N; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    x[i] = (uint32_t)(s >> 32);
  }

  pthread_t th[256];
  for (long t = 0; t < nthreads; t++)
    pthread_create(&th[t], NULL, worker, (void *)t);
  for (int t = 0; t < nthreads; t++)
    pthread_join(th[t], NULL);

  uint64_t total[ROUNDS] = {0}, checksum = 0;
  for (int r = 0; r < ROUNDS; r++) {
    for (int t = 0; t < nthreads; t++)
      total[r] += partials[t][r];
    checksum ^= total[r] + (uint64_t)r;
  }
  int check[2] = {0, ROUNDS - 1};
  for (int c = 0; c < 2; c++) {
    uint64_t k = key(check[c]), expect = 0;
    for (size_t i = 0; i < N; i++)
      expect += mix(x[i] ^ k);
    if (expect != total[check[c]]) {
      fprintf(stderr, "reduce_partials: wrong sum in round %d\n", check[c]);
      return 1;
    }
  }
  printf("ok reduce_partials %016llx\n", (unsigned long long)checksum);
  free(x);
  free(partials);
  return 0;
}
