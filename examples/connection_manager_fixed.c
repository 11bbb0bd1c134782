/*
 * connection_manager_fixed.c - connection_manager.c with the stop flag fixed.
 *
 * `is_active` is now an atomic_bool. main clears it with a release store and
 * the workers poll it with acquire loads:
 *
 *     atomic_store_explicit(&is_active, false, memory_order_release);
 *     while (atomic_load_explicit(&is_active, memory_order_acquire)) { ... }
 *
 * Atomic accesses never race with each other, the compiler must reload the
 * flag on every iteration, and a worker that sees `false` also sees
 * everything main wrote before clearing it. (For a pure stop signal relaxed
 * would do; release/acquire is the habit that stays correct when the flag
 * starts to publish data.) The flag is declared AG_PUBLISH (atomicguard.h),
 * so the compiler rejects a relaxed store or load of it from now on.
 *
 * Expected verdict: clean (no report; exit status 0)
 *
 * Build and run:
 *   clang-22 -g -O1 -fpass-plugin=build/lib/atomicguard.so -Iinclude \
 *     examples/connection_manager_fixed.c -Lbuild/lib -latomicguard_rt \
 *     -lpthread -o connection_manager_fixed && ./connection_manager_fixed
 */
#include <atomicguard.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#define NUM_WORKERS 3
#define NUM_CONNECTIONS 40

struct connection {
  int fd;
  unsigned bytes_in;
  unsigned bytes_out;
};

static struct connection pending[NUM_CONNECTIONS];
static int queued, taken, served; /* protected by lock */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

AG_PUBLISH atomic_bool is_active = true; /* the stop signal */

static struct connection *next_connection(void) {
  struct connection *c = NULL;
  pthread_mutex_lock(&lock);
  if (taken < queued)
    c = &pending[taken++];
  pthread_mutex_unlock(&lock);
  return c;
}

static void serve(struct connection *c) {
  c->bytes_out = c->bytes_in * 2; /* "respond" */
  pthread_mutex_lock(&lock);
  served++;
  pthread_mutex_unlock(&lock);
}

static void *worker(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&is_active, memory_order_acquire)) {
    struct connection *c = next_connection();
    if (c) {
      serve(c);
    } else {
      struct timespec idle = {0, 200 * 1000}; /* 0.2 ms */
      nanosleep(&idle, NULL);
    }
  }
  return NULL;
}

int main(void) {
  pthread_t workers[NUM_WORKERS];
  for (int i = 0; i < NUM_WORKERS; i++)
    pthread_create(&workers[i], NULL, worker, NULL);

  /* Accept connections. */
  for (int i = 0; i < NUM_CONNECTIONS; i++) {
    pthread_mutex_lock(&lock);
    pending[queued] = (struct connection){.fd = 100 + i, .bytes_in = 64u * (unsigned)i};
    queued++;
    pthread_mutex_unlock(&lock);
  }

  /* Wait until every connection was served, then shut down. */
  for (;;) {
    pthread_mutex_lock(&lock);
    int done = served == NUM_CONNECTIONS;
    pthread_mutex_unlock(&lock);
    if (done)
      break;
    struct timespec nap = {0, 500 * 1000};
    nanosleep(&nap, NULL);
  }
  atomic_store_explicit(&is_active, false, memory_order_release);
  for (int i = 0; i < NUM_WORKERS; i++)
    pthread_join(workers[i], NULL);

  printf("connection_manager_fixed: served %d connections, shut down\n", served);
  return 0;
}
