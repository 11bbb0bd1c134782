/* The unit of audit.test: a publication flag stored relaxed (weak-order),
 * an unsynchronized worker counter (unsync-write), a benign race, an
 * internal global only main touches, a counter field and a justified load. */
#include <atomicguard.h>
#include <pthread.h>
#include <stdatomic.h>

AG_PUBLISH _Atomic int ready;
size_t tasks_completed;
AG_BENIGN_RACE("progress display only") long progress;
static long private_total;
struct conn { int id; AG_COUNTER _Atomic long bytes; };

static void *worker(void *arg) {
  struct conn *c = arg;
  tasks_completed++;
  progress = 1;
  atomic_fetch_add_explicit(&c->bytes, 1, memory_order_relaxed);
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  static struct conn conn;
  pthread_t t;
  private_total = 1;
  pthread_create(&t, 0, worker, &conn);
  while (!AG_JUSTIFY("a spin hint; the join orders the data",
                     atomic_load_explicit(&ready, memory_order_relaxed))) {
  }
  pthread_join(t, 0);
  return (int)(tasks_completed + private_total);
}
