/*
 * config_publish.c - a publication flag stored with memory_order_relaxed.
 *
 * main loads a configuration into a plain struct and then raises a flag so
 * that the worker threads may use it:
 *
 *     current.port = 8080; ...
 *     atomic_store_explicit(&config_ready, true, memory_order_relaxed);
 *
 * The workers wait with acquire loads of the flag and then read the struct.
 * The flag is atomic, so the flag itself never races, but a relaxed store
 * publishes nothing: the workers' reads of `current` are not ordered after
 * main's writes, and a compiler or CPU may let a worker see the flag before
 * the configuration (the classic message-passing bug). The store must be
 * memory_order_release.
 *
 * The flag is declared AG_PUBLISH (atomicguard.h), so the bug is caught
 * twice: at compile time, the pass warns that the relaxed store is weaker
 * than the flag's declared intent and says which ordering is needed; at run
 * time, the reads of `current` are reported as races with main's writes.
 *
 * Expected verdict: race (on 'current'; exit status 66)
 *
 * Build and run:
 *   clang-22 -g -O1 -fpass-plugin=build/lib/atomicguard.so -Iinclude \
 *     examples/config_publish.c -Lbuild/lib -latomicguard_rt -lpthread \
 *     -o config_publish && ./config_publish
 */
#include <atomicguard.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#define NUM_WORKERS 2

struct config {
  int port;
  int max_clients;
  char name[16];
};

static struct config current;           /* published through config_ready */
AG_PUBLISH atomic_bool config_ready;    /* stores release, loads acquire */

static void *worker(void *arg) {
  int id = (int)(long)arg;
  while (!atomic_load_explicit(&config_ready, memory_order_acquire))
    sched_yield();
  printf("worker %d: serving '%s' on port %d for up to %d clients\n", id,
         current.name, current.port, current.max_clients);
  return NULL;
}

int main(void) {
  pthread_t workers[NUM_WORKERS];
  for (long i = 0; i < NUM_WORKERS; i++)
    pthread_create(&workers[i], NULL, worker, (void *)i);

  current.port = 8080;
  current.max_clients = 64;
  snprintf(current.name, sizeof current.name, "%s", "frontend");
  /* BUG: relaxed publishes nothing; this must be memory_order_release. */
  atomic_store_explicit(&config_ready, true, memory_order_relaxed);

  for (int i = 0; i < NUM_WORKERS; i++)
    pthread_join(workers[i], NULL);
  return 0;
}
