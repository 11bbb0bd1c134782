// A race found while the process exits: a detached thread writes `late` and
// signals through a relaxed flag (no happens-before), main returns, and a
// destructor writes `late` again. Destructors run before the runtime's exit
// handler (registered from .preinit_array, before anything else, so it runs
// last), so the race is in the SARIF log and sets the exit status.
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

long late;
static atomic_int written;

static void *writer(void *arg) {
  (void)arg;
  late = 1;
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  return 0;
}

__attribute__((destructor)) static void at_the_end(void) { late = 2; }

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  pthread_detach(t);
  while (!atomic_load_explicit(&written, memory_order_relaxed))
    sched_yield();
  printf("main-done\n");
  return 0;
}
