/*
 * spsc_ring.c - a lock-free single-producer/single-consumer ring buffer.
 *
 * The producer thread writes NITEMS values into a RING-slot array and
 * publishes each one with a release store of its tail index; the consumer
 * reads the tail with an acquire load, reads the slot, and frees it with a
 * release store of its head index, which the producer reads with an acquire
 * load before reusing the slot. Each side caches the other's index and only
 * reloads it when the ring looks full (producer) or empty (consumer). A
 * waiting side yields the CPU after a short spin.
 *
 * Threads come in producer/consumer pairs, each pair with its own ring: the
 * default 2 threads are one pair (-t N runs N/2 pairs).
 *
 * Check: the consumer folds the values into a checksum that main compares
 * with the checksum of the same generated sequence.
 *
 * Usage: spsc_ring [-t threads]     (default 2 threads = 1 pair)
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_threads.h"

#define NITEMS (48u << 20)
#define RING 4096 /* a power of two */

struct ring {
  _Alignas(64) atomic_size_t head; /* next slot to read, written by consumer */
  _Alignas(64) atomic_size_t tail; /* next slot to write, written by producer */
  _Alignas(64) uint64_t slot[RING];
  uint64_t seed, result; /* seed: set by main; result: set by the consumer */
};

static inline uint64_t next(uint64_t *s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return *s >> 17;
}

static inline uint64_t fold(uint64_t acc, uint64_t v) {
  return (acc ^ v) * 0x100000001b3ull;
}

static void wait_a_bit(unsigned *spins) {
  if (++*spins > 64) {
    sched_yield();
    *spins = 0;
  }
}

static void *producer(void *arg) {
  struct ring *r = arg;
  uint64_t s = r->seed;
  size_t tail = 0, head_cache = 0;
  unsigned spins = 0;
  for (size_t n = 0; n < NITEMS; n++) {
    while (tail - head_cache == RING) {
      head_cache = atomic_load_explicit(&r->head, memory_order_acquire);
      if (tail - head_cache == RING)
        wait_a_bit(&spins);
    }
    r->slot[tail % RING] = next(&s);
    atomic_store_explicit(&r->tail, ++tail, memory_order_release);
  }
  return NULL;
}

static void *consumer(void *arg) {
  struct ring *r = arg;
  size_t head = 0, tail_cache = 0;
  uint64_t acc = 0xcbf29ce484222325ull;
  unsigned spins = 0;
  for (size_t n = 0; n < NITEMS; n++) {
    while (head == tail_cache) {
      tail_cache = atomic_load_explicit(&r->tail, memory_order_acquire);
      if (head == tail_cache)
        wait_a_bit(&spins);
    }
    acc = fold(acc, r->slot[head % RING]);
    atomic_store_explicit(&r->head, ++head, memory_order_release);
  }
  r->result = acc;
  return NULL;
}

int main(int argc, char **argv) {
  int pairs = parse_threads(argc, argv) / 2;
  if (pairs < 1)
    pairs = 1;
  struct ring *rings = aligned_alloc(64, sizeof(struct ring) * pairs);
  if (!rings) {
    perror("aligned_alloc");
    return 1;
  }
  pthread_t th[256];
  for (int p = 0; p < pairs; p++) {
    atomic_init(&rings[p].head, 0);
    atomic_init(&rings[p].tail, 0);
    rings[p].seed = 1000 + p;
    pthread_create(&th[2 * p], NULL, producer, &rings[p]);
    pthread_create(&th[2 * p + 1], NULL, consumer, &rings[p]);
  }
  for (int t = 0; t < 2 * pairs; t++)
    pthread_join(th[t], NULL);

  uint64_t checksum = 0;
  for (int p = 0; p < pairs; p++) {
    uint64_t s = 1000 + p, expect = 0xcbf29ce484222325ull;
    for (size_t n = 0; n < NITEMS; n++)
      expect = fold(expect, next(&s));
    if (rings[p].result != expect) {
      fprintf(stderr, "spsc_ring: pair %d: consumer checksum %016llx, "
              "expected %016llx\n", p, (unsigned long long)rings[p].result,
              (unsigned long long)expect);
      return 1;
    }
    checksum ^= expect;
  }
  printf("ok spsc_ring %016llx\n", (unsigned long long)checksum);
  free(rings);
  return 0;
}
