/*
 * connection_manager.c - a worker pool stopped through a plain bool.
 *
 * Worker threads serve connections from a mutex-protected queue for as long
 * as the manager is active:
 *
 *     while (is_active) { ... }
 *
 * When main has handed out all its connections and seen them served, it shuts
 * the pool down with
 *
 *     is_active = false;
 *
 * and joins the workers. `is_active` is a plain bool: main's store and the
 * workers' loads are a data race, i.e. undefined behaviour in C11. In
 * practice the compiler may keep the flag in a register and a worker may never
 * see the store (a hang at shutdown), and nothing orders the data main wrote
 * before the store with what the workers read after seeing it.
 *
 * Fix: see connection_manager_fixed.c (atomic_bool, release store, acquire
 * load).
 *
 * Expected verdict: race (on 'is_active'; exit status 66)
 *
 * Build and run:
 *   clang-22 -g -O1 -fpass-plugin=build/lib/atomicguard.so \
 *     examples/connection_manager.c -Lbuild/lib -latomicguard_rt -lpthread \
 *     -o connection_manager && ./connection_manager
 */
#include <pthread.h>
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

bool is_active = true; /* BUG: a plain bool used to stop other threads */

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
  while (is_active) { /* races with main's store */
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
  is_active = false; /* the race: workers read it without synchronization */
  for (int i = 0; i < NUM_WORKERS; i++)
    pthread_join(workers[i], NULL);

  printf("connection_manager: served %d connections, shut down\n", served);
  return 0;
}
