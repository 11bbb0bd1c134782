/*
 * reduce_atomic.c - reduction into shared atomics.
 *
 * main fills an array of N 32-bit values (read-only once the threads run).
 * The work is ROUNDS x (N / BLOCK) blocks of BLOCK elements; threads claim
 * blocks dynamically with atomic_fetch_add on a shared counter, sum
 * mix(x[i] ^ key(round)) over the block locally and add the block's sum into
 * the round's total with one atomic_fetch_add (relaxed: pthread_join orders
 * the totals before main reads them). So there is one atomic add per
 * BLOCK = 4096 elements of local work, plus one to claim the block.
 *
 * Check: main recomputes the first and the last round sequentially.
 *
 * Usage: reduce_atomic [-t threads]     (default 2 worker threads)
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_threads.h"

#define N (4u << 20)
#define ROUNDS 160
#define BLOCK 4096
#define NBLOCKS (N / BLOCK)

static uint32_t *x;
static atomic_uint next_block;
static _Atomic uint64_t total[ROUNDS];

static inline uint64_t mix(uint64_t v) {
  v *= 0x9e3779b97f4a7c15ull;
  v ^= v >> 29;
  v *= 0xbf58476d1ce4e5b9ull;
  return v ^ (v >> 32);
}

static uint64_t key(int r) { return 0x5bd1e995u * (uint32_t)(r + 1); }

static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    unsigned b = atomic_fetch_add_explicit(&next_block, 1, memory_order_relaxed);
    if (b >= ROUNDS * NBLOCKS)
      break;
    int r = b / NBLOCKS;
    uint64_t k = key(r), sum = 0;
    const uint32_t *p = &x[(size_t)(b % NBLOCKS) * BLOCK];
    for (int i = 0; i < BLOCK; i++)
      sum += mix(p[i] ^ k);
    atomic_fetch_add_explicit(&total[r], sum, memory_order_relaxed);
  }
  return NULL;
}

int main(int argc, char **argv) {
  int nthreads = parse_threads(argc, argv);
  x = malloc(sizeof(uint32_t) * N);
  if (!x) {
    perror("malloc");
    return 1;
  }
  uint64_t s = 42;
  for (size_t i = 0; i < N; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    x[i] = (uint32_t)(s >> 32);
  }

  pthread_t th[256];
  for (int t = 0; t < nthreads; t++)
    pthread_create(&th[t], NULL, worker, NULL);
  for (int t = 0; t < nthreads; t++)
    pthread_join(th[t], NULL);

  uint64_t checksum = 0;
  for (int r = 0; r < ROUNDS; r++)
    checksum ^= atomic_load(&total[r]) + (uint64_t)r;
  int check[2] = {0, ROUNDS - 1};
  for (int c = 0; c < 2; c++) {
    uint64_t k = key(check[c]), expect = 0;
    for (size_t i = 0; i < N; i++)
      expect += mix(x[i] ^ k);
    if (expect != atomic_load(&total[check[c]])) {
      fprintf(stderr, "reduce_atomic: wrong sum in round %d\n", check[c]);
      return 1;
    }
  }
  printf("ok reduce_atomic %016llx\n", (unsigned long long)checksum);
  free(x);
  return 0;
}
