// Orders threads in time without happens-before, compiled WITHOUT the
// plugin: a thread waiting here does not enter the runtime, so the loop
// reads it deferred stay unchecked meanwhile (the deferred_read_*.c tests).
#include <sched.h>
#include <stdatomic.h>

static atomic_int phase;
static _Atomic(void *) shared_pointer;

void phase_set(int p) {
  atomic_store_explicit(&phase, p, memory_order_relaxed);
}

void phase_wait(int p) {
  while (atomic_load_explicit(&phase, memory_order_relaxed) != p)
    sched_yield();
}

void pointer_set(void *p) {
  atomic_store_explicit(&shared_pointer, p, memory_order_relaxed);
}

void *pointer_get(void) {
  return atomic_load_explicit(&shared_pointer, memory_order_relaxed);
}
